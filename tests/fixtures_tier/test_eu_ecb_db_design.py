"""climatelimits.design on the EU-ECB-DB table read through examples/stocks/eu-ecb-db.toml.

The expected values are worked out here again with pandas, straight from the CSV (Röck and
Sorensen 2022, https://doi.org/10.5281/zenodo.6671558, CC BY-SA 4.0, read in place from the
shared fixtures folder), not through climatelimits: under BR18 2023's metric (GWP-total,
A1-A3, B4, B6, C3-C4 per m² reference area and year over 50 years) a case has a value when
its row states the Danish areas, a 50-year study period, every module of the scope as
assessed (and B1-B3, B7 as not assessed, so that the B1-B4 and B6-B7 columns hold B4 and B6
alone) and a number in each of the four columns.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from climatelimits import catalogue, check_stock, design
from climatelimits.io import dump_schedule, load_schedule, read_stock

pd = pytest.importorskip("pandas")

BR18_2023 = catalogue.get("dk-br18-2023")
COLUMNS = ["GHG_A123_m2a", "GHG_B1234_m2a", "GHG_B67_m2a", "GHG_C34_m2a"]


@pytest.fixture(scope="module")
def csv_path(fixtures_dir: Path) -> Path:
    return fixtures_dir / "eu-ecb-db" / "EU-ECB_dataset_feature_engineered.csv"


@pytest.fixture(scope="module")
def stock(csv_path: Path) -> Any:
    mapping = Path(__file__).resolve().parents[2] / "examples" / "stocks" / "eu-ecb-db.toml"
    return read_stock(csv_path, mapping)


@pytest.fixture(scope="module")
def frame(csv_path: Path) -> Any:
    df = pd.read_csv(csv_path)
    return df[~df["bldg_use_subtype"].isin(["Mixed use", "No data"])].reset_index(drop=True)


def _br18_values(frame: Any) -> Any:
    """kg CO2e/m²/a of every case with a value under BR18 2023's metric."""

    def flag(module: str, value: str) -> Any:
        return frame[f"scope_LCS_{module}"] == value

    danish = (frame["bldg_area_definition"] == "Denmark (BR18)") & frame["bldg_area_gfa"].notna()
    scope = flag("A123", "Yes") & flag("B4", "Yes") & flag("B6", "Yes")
    scope &= flag("C3", "Yes") & flag("C4", "Yes")
    alone = flag("B1", "No") & flag("B2", "No") & flag("B3", "No") & flag("B7", "No")
    known = frame[COLUMNS].notna().all(axis=1) & (frame["lca_RSP"] == 50)
    return frame.loc[danish & scope & alone & known, COLUMNS].sum(axis=1).to_numpy()


def test_percentiles_equal_numpy_on_the_csv(stock: Any, frame: Any) -> None:
    values = _br18_values(frame)
    assert values.size == 20  # of the 29 Danish cases
    result = design.percentile(stock, BR18_2023, ["p20", "p50", "p80"])
    assert result.stock_name == "eu-ecb-db"
    assert result.stock_size == len(frame) == 842
    assert result.n_used.tolist() == [values.size]
    assert sum(result.left_out.values()) == 842 - values.size
    np.testing.assert_allclose(result.values[0], np.percentile(values, [20, 50, 80]), rtol=1e-12)


def test_pass_rates_of_br18_2023_equal_check_stock(stock: Any) -> None:
    table = design.pass_rates(stock, BR18_2023, [dt.date(2024, 1, 1)])
    # 9 pass and 4 fail, as test_eu_ecb_db_stock.py works out from the CSV's intensities.
    passes, fails = table.counts[0, 0, 0], table.counts[0, 0, 1]
    assert (passes, fails) == (9, 4)
    counts = check_stock(stock, BR18_2023, on=dt.date(2024, 1, 1)).summary().overall.counts
    assert table.counts[0, 0].tolist() == [counts[s] for s in table.statuses]
    assert table.pass_rate[0, 0] == pytest.approx(9 / 13)


def test_a_draft_from_the_p80_reads_back_and_checks_the_stock(
    stock: Any, frame: Any, tmp_path: Path
) -> None:
    values = _br18_values(frame)
    p80 = float(np.percentile(values, 80))
    draft = design.propose(
        stock,
        BR18_2023,
        start=(dt.date(2026, 1, 1), "p80"),
        target=(dt.date(2030, 1, 1), 0.5),
        rounding=0.1,
        jurisdiction="DK",
    )
    path = tmp_path / "draft.toml"
    dump_schedule(draft, path)
    loaded = load_schedule(path)
    assert loaded == draft
    steps = loaded.limits[0].categories["any"].steps
    first = steps[0].value
    assert first is not None
    assert abs(first - p80) <= 0.05 + 1e-9
    assert steps[-1].value == pytest.approx(round(first / 2, 1), abs=1e-9)
    assert "stock eu-ecb-db (842 buildings)" in loaded.notes
    left_out = 842 - values.size
    assert f"p80 of {values.size} buildings with a value ({left_out} left out) = {p80:.6g}" in (
        loaded.notes
    )
    # The draft's metric is BR18 2023's, so every case gets the same kind of verdict.
    on = dt.date(2026, 1, 1)
    drafted = check_stock(stock, loaded, on=on).summary().overall.counts
    assert drafted["pass"] + drafted["fail"] == values.size
    # BR18's metric rounds each value half up to one decimal before it is compared.
    rounded = np.floor(values * 10 + 0.5) / 10
    assert drafted["pass"] == int(np.count_nonzero(rounded <= first))
