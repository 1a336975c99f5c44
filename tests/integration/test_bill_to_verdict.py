"""From a bill of quantities to a verdict: calculate, make a building, check a catalogue rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import climatelimits as cl
from climatelimits.calculation import EnergyUse
from climatelimits.evaluation import CheckStatus


def test_example_bill_from_tabel7_data_checks_against_br18(examples_dir: Path) -> None:
    bill = cl.load_bill(examples_dir / "bill-k3.toml")
    products = cl.load_products(examples_dir / "products-generic.toml")
    # 40 000 kWh a year of district heating at 0.05 kg CO2e/kWh over 50 years:
    # B6 = 40 000 * 0.05 * 50 = 100 000 kg CO2e (by hand).
    heating = EnergyUse("district heating", "40000 kWh/year", "0.05 kg CO2e/kWh", indicator="gwp")
    calculation = cl.calculate(bill, products, energy=[heating])
    b6 = calculation.results["gwp"].get("B6")
    assert not isinstance(b6, cl.NotDeclared)
    assert b6.magnitude == pytest.approx(100_000.0)
    building = calculation.to_building(
        "k3",
        "multi_family_housing",
        areas={"dk_reference": "1500 m^2", "dk_heated": "1400 m^2"},
        dates=cl.BuildingDates(permit_application=dt.date(2024, 3, 1)),
    )
    (result,) = cl.check(building, cl.catalogue.get("dk-br18-2023")).checks
    # Tabel 7 data are EN 15804+A1 (gwp), which BR18 accepts in place of GWP-total.
    assert result.status is CheckStatus.PASS
    assert "on the building's gwp results, accepted in place of gwp_total" in result.reason
    # D is calculated separately and never counted: the limit's scope has no D.
    assert "D" not in str(cl.catalogue.get("dk-br18-2023").limits[0].metric.modules)


def test_without_energy_the_bill_gets_no_verdict_on_a_b6_scope(examples_dir: Path) -> None:
    bill = cl.load_bill(examples_dir / "bill-k3.toml")
    products = cl.load_products(examples_dir / "products-generic.toml")
    building = cl.calculate(bill, products).to_building(
        "k3",
        "multi_family_housing",
        areas={"dk_reference": "1500 m^2", "dk_heated": "1400 m^2"},
        dates=cl.BuildingDates(permit_application=dt.date(2024, 3, 1)),
    )
    (result,) = cl.check(building, cl.catalogue.get("dk-br18-2023")).checks
    assert result.status is CheckStatus.INCOMPLETE
    assert "B6" in result.reason
