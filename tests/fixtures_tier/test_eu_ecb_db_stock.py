"""The EU-ECB-DB table read unchanged through examples/stocks/eu-ecb-db.toml.

Every expected count and value is computed here again with pandas, straight from the CSV
(Röck and Sorensen 2022, https://doi.org/10.5281/zenodo.6671558, CC BY-SA 4.0, read in
place from the shared fixtures folder), not through climatelimits.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from climatelimits.cli import main
from climatelimits.io import read_stock_with_provenance
from climatelimits.lifecycle import ModuleSet
from climatelimits.stocks import check_stock

pd = pytest.importorskip("pandas")

LEFT_OUT = ("Mixed use", "No data")
USES = {
    "Single family house": "detached_house",
    "Semi-detached": "row_house",
    "Row house": "row_house",
    "Multi-family house": "multi_family_housing",
    "Office": "office",
    "School and Daycare": "education",
    "Retail and Restaurant": "retail",
    "Hotel & Resort": "hotel",
    "Hospital and Health": "hospital",
    "Sport & Entertainment": "other",
    "Techonology & Science": "other",
    "Art & Culture": "other",
    "Other": "other",
}


@pytest.fixture(scope="module")
def full(csv_path: Path) -> Any:
    """The whole table, read by pandas."""
    df = pd.read_csv(csv_path)
    assert len(df) == 854
    return df


@pytest.fixture(scope="module")
def frame(full: Any) -> Any:
    """The rows the mapping keeps."""
    return full[~full["bldg_use_subtype"].isin(LEFT_OUT)].reset_index(drop=True)


@pytest.fixture(scope="module")
def reading(csv_path: Path, mapping_path: Path) -> Any:
    return read_stock_with_provenance(csv_path, mapping_path)


def _flag(df: Any, module: str) -> Any:
    return df[f"scope_LCS_{module}"]


def test_rows_ids_uses_and_countries(reading: Any, full: Any, frame: Any) -> None:
    stock = reading.stock
    assert len(stock) == len(frame) == 842
    assert stock.name == "eu-ecb-db"
    kept = np.flatnonzero(~full["bldg_use_subtype"].isin(LEFT_OUT))
    expected_ids = [
        f"{row + 1}:{code.strip()}"
        for row, code in zip(kept, frame["admin_project_code"], strict=True)
    ]
    assert stock.ids.tolist() == expected_ids
    uses = [stock.building(i).use.value for i in range(len(stock))]
    assert uses == frame["bldg_use_subtype"].map(USES).tolist()
    countries = frame["site_country_code"].replace({"UK": "GB", "EU": None})
    assert list(stock.country) == [None if pd.isna(c) else c for c in countries]
    np.testing.assert_array_equal(stock.reference_study_period, frame["lca_RSP"].to_numpy())


def test_areas_are_stated_only_under_the_danish_definition(reading: Any, frame: Any) -> None:
    stock = reading.stock
    danish = frame["bldg_area_definition"] == "Denmark (BR18)"
    expected_reference = np.where(danish, frame["bldg_area_gfa"], np.nan)
    expected_heated = np.where(danish, frame["bldg_area_hfa"], np.nan)
    np.testing.assert_array_equal(stock.area("dk_reference"), expected_reference)
    np.testing.assert_array_equal(stock.area("dk_heated"), expected_heated)
    assert int((~np.isnan(stock.area("dk_reference"))).sum()) == 29
    assert set(stock.areas) == {"dk_reference", "dk_heated"}


def test_a1_a3_totals_are_intensity_times_area_times_period(reading: Any, frame: Any) -> None:
    column = reading.stock.results[("gwp_total", ModuleSet.parse("A1-A3"))]
    total = frame["GHG_A123_m2a"] * frame["bldg_area_gfa"] * frame["lca_RSP"]
    known = total.notna().to_numpy()
    assert column.declared.tolist() == known.tolist()
    np.testing.assert_array_equal(column.values[known], total[known].to_numpy())


def test_scope_flags_make_modules_not_declared(reading: Any, frame: Any) -> None:
    results = reading.stock.results
    converted = frame["bldg_area_gfa"].notna() & frame["lca_RSP"].notna()
    # B1-B4 given where B1-B3 were not assessed is B4 alone.
    b1_b3_no = (_flag(frame, "B1") == "No") & (_flag(frame, "B2") == "No")
    b1_b3_no &= _flag(frame, "B3") == "No"
    only_b4 = frame["GHG_B1234_m2a"].notna() & converted & b1_b3_no & (_flag(frame, "B4") == "Yes")
    b4 = results[("gwp_total", ModuleSet.parse("B4"))]
    assert int(b4.declared.sum()) == int(only_b4.sum())
    total = frame["GHG_B1234_m2a"] * frame["bldg_area_gfa"] * frame["lca_RSP"]
    np.testing.assert_array_equal(b4.values[only_b4.to_numpy()], total[only_b4].to_numpy())
    # B5 not assessed: an explicit "not declared" entry on every such row, never a zero.
    b5 = results[("gwp_total", ModuleSet.parse("B5"))]
    not_assessed = (_flag(frame, "B5") == "No").to_numpy()
    assert not b5.declared[not_assessed].any()
    assert b5.listed.tolist() == not_assessed.tolist()
    # The three rows with a B5 value though scope_LCS_B5 says "No" are among them.
    assert int((frame["GHG_B5_m2a"].notna() & (_flag(frame, "B5") == "No")).sum()) == 3


def test_the_sum_stands_in_only_where_no_module_column_is_given(reading: Any, frame: Any) -> None:
    components = [
        "GHG_A123_m2a",
        "GHG_A45_m2a",
        "GHG_B1234_m2a",
        "GHG_B5_m2a",
        "GHG_C12_m2a",
        "GHG_C34_m2a",
    ]
    per_row = frame["bldg_area_gfa"] * frame["lca_RSP"]
    alone = frame["GHG_sum_em_m2a"].notna() & frame[components].isna().all(axis=1)
    assert int((alone & per_row.notna()).sum()) == 466
    totals = frame[components].mul(per_row, axis=0)
    # Three B5 values sit on rows whose scope flag says B5 was not assessed: not counted.
    totals.loc[_flag(frame, "B5") == "No", "GHG_B5_m2a"] = np.nan
    expected = np.where(alone, frame["GHG_sum_em_m2a"] * per_row, totals.sum(axis=1, min_count=1))
    embodied = ModuleSet.parse("A1-A5,B1-B5,C1-C4")
    got = np.zeros(len(frame))
    declared = np.zeros(len(frame), dtype=bool)
    for (indicator, modules), column in reading.stock.results.items():
        if indicator == "gwp_total" and modules.issubset(embodied):
            got += np.where(column.declared, column.values, 0.0)
            declared |= column.declared
    known = ~np.isnan(expected)
    assert declared.tolist() == known.tolist()
    np.testing.assert_allclose(got[known], expected[known], rtol=1e-12)


def _expected_br18_2023(frame: Any) -> tuple[int, int]:
    """Pass and fail counts against BR18 2023 (12.0, one decimal), from the intensities."""
    danish = frame["bldg_area_definition"] == "Denmark (BR18)"
    applies = danish & (frame["bldg_area_hfa"] > 1000) & frame["bldg_area_gfa"].notna()
    assessed = (
        (_flag(frame, "B1") == "No")
        & (_flag(frame, "B2") == "No")
        & (_flag(frame, "B3") == "No")
        & (_flag(frame, "B7") == "No")
        & (_flag(frame, "A123") == "Yes")
        & (_flag(frame, "B4") == "Yes")
        & (_flag(frame, "B6") == "Yes")
        & (_flag(frame, "C3") == "Yes")
        & (_flag(frame, "C4") == "Yes")
    )
    values = frame[["GHG_A123_m2a", "GHG_B1234_m2a", "GHG_B67_m2a", "GHG_C34_m2a"]]
    complete = applies & assessed & values.notna().all(axis=1) & (frame["lca_RSP"] == 50)
    per_m2_year = values.sum(axis=1)[complete]
    rounded = np.floor(per_m2_year * 10 + 0.5) / 10
    return int((rounded <= 12.0).sum()), int((rounded > 12.0).sum())


def test_br18_2023_pass_and_fail_counts(reading: Any, frame: Any) -> None:
    assessment = check_stock(reading.stock, "dk-br18-2023", on=dt.date(2024, 1, 1))
    counts = assessment.summary().overall.counts
    expected_pass, expected_fail = _expected_br18_2023(frame)
    assert (counts["pass"], counts["fail"]) == (expected_pass, expected_fail) == (9, 4)


def test_the_cli_prints_pass_rates_against_br18_2023(
    csv_path: Path, mapping_path: Path, frame: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    run: Callable[[list[str]], int] = main
    argv = [
        "stock", "check", str(csv_path), "--mapping", str(mapping_path),
        "--schedule", "dk-br18-2023", "--on", "2024-01-01",
    ]  # fmt: skip
    assert run([*argv, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    expected_pass, expected_fail = _expected_br18_2023(frame)
    assert document["buildings"] == 842
    assert document["pass_rate"] == expected_pass / (expected_pass + expected_fail)
    assert document["by_category"]["any"]["pass_rate"] == pytest.approx(9 / 13)
    assert run(argv) == 0
    text = capsys.readouterr().out
    assert "category any" in text
    assert "69.2 %" in text


def test_a_report_on_the_stock_against_br18_2023(
    csv_path: Path, mapping_path: Path, frame: Any, tmp_path: Path, parse_report: Any
) -> None:
    output = tmp_path / "report.html"
    argv = [
        "report", str(csv_path), "--mapping", str(mapping_path),
        "--schedule", "dk-br18-2023", "--on", "2024-01-01", "-o", str(output),
    ]  # fmt: skip
    assert main(argv) == 0
    tree = parse_report(output.read_text(encoding="utf-8"))
    summary = next(s for s in tree.iter("section") if s.get("class") == "summary")
    cells = [["".join(c.itertext()) for c in row] for row in summary.iter("tr")]
    rows = {row[0]: row[1:] for row in cells}
    expected_pass, expected_fail = _expected_br18_2023(frame)
    # pass, fail, ..., rows, pass rate: 9 / 13 = 69.2 %
    assert rows["all rows"][:2] == [str(expected_pass), str(expected_fail)]
    assert rows["all rows"][-2:] == [str(len(frame)), "69.2 %"]
    assert "".join(summary.find("p").itertext()).startswith("842 buildings:")
    read_as = " ".join(" ".join(li.itertext()) for li in tree.find(".//dl").iter("li"))
    assert "GHG_A123_m2a" in read_as  # the provenance of the columns is in the header
