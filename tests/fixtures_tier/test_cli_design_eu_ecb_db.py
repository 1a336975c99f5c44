"""``climatelimits design`` on the EU-ECB-DB table read through examples/stocks/eu-ecb-db.toml.

Issue 13 is done when ``climatelimits design propose`` on this example writes a draft that
``climatelimits check`` accepts. The expected percentiles are computed here again with
pandas and numpy straight from the CSV (Röck and Sorensen 2022,
https://doi.org/10.5281/zenodo.6671558, CC BY-SA 4.0), not through climatelimits: the
values of BR18 2023's metric (A1-A3 + B4 + B6 + C3-C4 per m² reference area per year over
50 years) of the Danish cases that state a reference area, assessed exactly those modules
and a study period of 50 years.
"""

from __future__ import annotations

import decimal
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from climatelimits.io import load_schedule

pd = pytest.importorskip("pandas")

Run = Callable[..., tuple[int, str, str]]

BUILDING = """\
format = "climatelimits.building/1"
id = "harbour-housing"
use = "multi_family_housing"
reference_study_period = "50 year"

[dates]
permit_application = 2027-05-01

[areas]
dk_reference = "4000 m^2"
dk_heated = "4000 m^2"

[results.gwp_total]
unit = "kg CO2e"
"A1-A3,B4,B6,C3-C4" = 2000000
"""
"""10.0 kg CO2e/m²/a: 2,000,000 kg CO2e / 4000 m² / 50 a."""


@pytest.fixture(scope="module")
def br18_values(csv_path: Path) -> Any:
    """Per m² per year over 50 years, of the rows BR18 2023's metric can be computed on."""
    frame = pd.read_csv(csv_path)
    frame = frame[~frame["bldg_use_subtype"].isin(["Mixed use", "No data"])]
    flags = {m: frame[f"scope_LCS_{m}"] for m in ("A123", "B1", "B2", "B3", "B4", "B6", "B7")}
    flags |= {m: frame[f"scope_LCS_{m}"] for m in ("C3", "C4")}
    assessed = (flags["B1"] == "No") & (flags["B2"] == "No") & (flags["B3"] == "No")
    assessed &= flags["B7"] == "No"
    for module in ("A123", "B4", "B6", "C3", "C4"):
        assessed &= flags[module] == "Yes"
    columns = ["GHG_A123_m2a", "GHG_B1234_m2a", "GHG_B67_m2a", "GHG_C34_m2a"]
    danish = (frame["bldg_area_definition"] == "Denmark (BR18)") & frame["bldg_area_gfa"].notna()
    usable = danish & assessed & frame[columns].notna().all(axis=1) & (frame["lca_RSP"] == 50)
    return frame.loc[usable, columns].sum(axis=1).to_numpy()


def _half_up(value: float, step: str) -> float:
    quantum = decimal.Decimal(step)
    exact = decimal.Decimal(repr(value)) / quantum
    return float(exact.quantize(decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP) * quantum)


def test_percentiles_are_numpy_on_the_danish_cases(
    run: Run, csv_path: Path, mapping_path: Path, br18_values: Any
) -> None:
    code, out, _ = run(
        "design", "percentile", str(csv_path), "--mapping", str(mapping_path),
        "--metric-from", "dk-br18-2023", "-q", "p50", "p80", "--format", "json",
    )  # fmt: skip
    assert code == 0
    document = json.loads(out)
    (group,) = document["groups"]
    assert group["n_used"] == len(br18_values) == 20
    assert group["n_used"] + group["n_left_out"] == 842
    expected = np.percentile(br18_values, [50, 80])
    np.testing.assert_allclose(
        [group["values"]["p50"], group["values"]["p80"]], expected, rtol=1e-12
    )


def test_propose_writes_a_draft_that_check_accepts(
    run: Run, csv_path: Path, mapping_path: Path, br18_values: Any, tmp_path: Path
) -> None:
    draft_path = tmp_path / "draft.toml"
    code, out, err = run(
        "design", "propose", str(csv_path), "--mapping", str(mapping_path),
        "--metric-from", "dk-br18-2023", "--start", "2026-01-01:p80",
        "--target", "2030-01-01:0.5", "--rounding", "0.1", "--id", "eu-ecb-db-draft",
        "-o", str(draft_path),
    )  # fmt: skip
    assert (code, out, err) == (0, "", "")
    draft = load_schedule(draft_path)
    assert (draft.id, draft.status.value) == ("eu-ecb-db-draft", "draft")
    (category,) = draft.limits[0].categories.values()
    start = _half_up(float(np.percentile(br18_values, 80)), "0.1")
    first, last = category.steps[0], category.steps[-1]
    assert (first.start.isoformat(), first.value) == ("2026-01-01", start)
    assert (last.start.isoformat(), last.value) == ("2030-01-01", _half_up(start * 0.5, "0.1"))
    assert "eu-ecb-db (842 buildings)" in draft.notes
    building = tmp_path / "building.toml"
    building.write_text(BUILDING, encoding="utf-8")
    code, out, err = run("check", str(building), "--schedule", str(draft_path), "--format", "json")
    assert err == ""
    document = json.loads(out)
    (verdict,) = document["checks"]
    # 10.0 against the 2026 step (the permit is of 2027-05-01): it passes, exit code 0.
    assert verdict["limit"] == start
    assert (code, verdict["status"]) == (0, "pass")
