"""``climatelimits design`` as a city climate officer uses it: what a draft keeps.

The stock: three offices of 1000 m² BTA with GWP-GHG A1-A5 of 200, 300 and 400 t CO2e, so
200, 300 and 400 kg CO2e/m²; their median is 300.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from climatelimits.buildings import DateBasis
from climatelimits.io import load_schedule, loads_schedule

Run = Callable[..., tuple[int, str, str]]

STOCK = (
    "id,use,area.se_bta,gwp_ghg.A1-A5,permit_application,construction_start,completion\n"
    "a,office,1000,200000,2025-03-01,2025-09-01,2027-06-01\n"
    "b,office,1000,300000,2025-03-01,2025-09-01,2027-06-01\n"
    "c,office,1000,400000,2025-03-01,2025-09-01,2027-06-01\n"
)

CITY = """\
format = "climatelimits.schedule/1"
id = "city"
title = "City limits, selected by the {basis} date"
jurisdiction = "SE-City"
status = "in_force"
date_basis = "{basis}"

[[limits]]
id = "building"

[limits.metric]
indicator = "gwp_ghg"
modules = "A1-A5"
area = "se_bta"
per_year = false
unit = "kg CO2e/m^2"
decimals = 0

[limits.categories.any]
steps = [{{ from = 2024-01-01, value = 350 }}]
"""


@pytest.mark.parametrize("basis", [b.value for b in DateBasis])
def test_a_draft_selects_its_steps_by_the_date_of_the_schedule_it_measures_like(
    run: Run, tmp_path: Path, basis: str
) -> None:
    stock = tmp_path / "stock.csv"
    stock.write_text(STOCK, encoding="utf-8")
    city = tmp_path / "city.toml"
    city.write_text(CITY.format(basis=basis), encoding="utf-8")
    assert loads_schedule(city.read_text(encoding="utf-8")).date_basis.value == basis
    draft = tmp_path / "draft.toml"
    code, out, err = run(
        "design", "propose", str(stock), "--metric-from", str(city),
        "--start", "2026-01-01:p50", "--target", "2030-01-01:0.5", "-o", str(draft),
    )  # fmt: skip
    assert (code, out, err) == (0, "", "")
    proposed = load_schedule(draft)
    assert proposed.date_basis.value == basis
    steps = proposed.limits[0].categories["any"].steps
    assert [(str(s.start), s.value) for s in steps] == [
        ("2026-01-01", 300.0),
        ("2028-01-01", 225.0),
        ("2030-01-01", 150.0),
    ]
