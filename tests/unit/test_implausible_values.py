"""Implausible values pass with a finding, extreme ones are refused (issue 10, items 8, 10)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from climatelimits.calculation import calculate
from climatelimits.exceptions import InvalidInputError
from climatelimits.io.bills import load_products, loads_bill
from climatelimits.products import Product

BILL = """
format = "climatelimits.bill/1"
id = "b"
[[lines]]
id = "slab"
product = "#B1477"
quantity = "10 t"
service_life = "{life}"
"""


def _concrete(examples_dir: Path) -> Product:
    (product,) = [
        p for p in load_products(examples_dir / "products-generic.toml") if p.id == "#B1477"
    ]
    return product


def test_a_density_a_thousand_times_too_high_is_reported(examples_dir: Path) -> None:
    # BR18 Tabel 7's ready-mix concrete is 2255 kg/m³; the issue's 2,255,000 is kg vs g.
    product = attrs.evolve(
        _concrete(examples_dir), properties={"mass_per_declared_unit": "2255000 kg/m^3"}
    )
    calc = calculate(loads_bill(BILL.format(life="50 year")), [product])
    assert [(f.code, f.message) for f in calc.findings] == [
        (
            "implausible_value",
            (
                "product '#B1477': mass_per_declared_unit 2,255,000 kg/m³ is above the density "
                "of the densest element (22,590 kg/m³, osmium); check the unit."
            ),
        )
    ]


def test_the_real_density_is_not_reported(examples_dir: Path) -> None:
    calc = calculate(loads_bill(BILL.format(life="50 year")), [_concrete(examples_dir)])
    assert [f.code for f in calc.findings] == []


def test_a_service_life_below_a_year_is_reported(examples_dir: Path) -> None:
    calc = calculate(loads_bill(BILL.format(life="0.5 year")), [_concrete(examples_dir)])
    (finding,) = calc.findings
    assert finding.code == "implausible_value"
    assert finding.values == {"shortest_years": 0.5}


def test_a_service_life_of_1e_9_years_is_refused(examples_dir: Path) -> None:
    # Before: B4 = 1.85e13 kg, silently. 50 years / 1e-9 years is 5e10 replacements.
    with pytest.raises(InvalidInputError) as info:
        calculate(loads_bill(BILL.format(life="1e-9 year")), [_concrete(examples_dir)])
    assert info.value.field == "study_period"
    assert str(info.value) == (
        "`study_period` must be at most 1e+06 times the service life of every line to count "
        "its replacements; got 5e+10 times"
    )
