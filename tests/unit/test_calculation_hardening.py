"""calculate(): cases found by reviewing it as a consultant would.

Expected numbers are hand arithmetic written out in each test, from the values the test
itself gives the products and lines.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from climatelimits.calculation import Calculation, EnergyUse, calculate
from climatelimits.exceptions import InvalidInputError
from climatelimits.products import Product
from climatelimits.quantities import BillLine, BillOfQuantities, Transport
from climatelimits.results import IndicatorResults


def gwp(values: dict[str, object]) -> dict[str, IndicatorResults]:
    return {"gwp_total": IndicatorResults.from_mapping("gwp_total", values, unit="kg CO2e")}


def concrete(a4_a5: float = 10.0) -> Product:
    # A product declaring A4 and A5 as one value: its lines' A4 and A5 fall in one block A4-A5.
    return Product(
        "concrete",
        "Concrete",
        "1 m^3",
        gwp({"A1-A3": 100.0, "A4-A5": a4_a5}),
        properties={"mass_per_declared_unit": "2400 kg/m^3"},
    )


def test_a4_from_transport_and_a5_from_waste_of_one_line_cover_a_block_a4_a5() -> None:
    # Line "walls": 2 m³ = 4.8 t; A4 = 4.8 t x 100 km x 0.05 kg CO2e/(t*km) = 24;
    # A5 = (1.1 - 1) x (2 x 100 + 24) = 22.4. Line "slab": 1 m³ x 10 (the product's A4-A5).
    walls = BillLine(
        "walls",
        "concrete",
        "2 m^3",
        transport=(Transport("100 km", "truck", "0.05 kg CO2e/(t*km)"),),
        waste_factor=1.1,
    )
    slab = BillLine("slab", "concrete", "1 m^3")
    calc = calculate(BillOfQuantities("b", (walls, slab)), [concrete()])
    assert calc.results["gwp_total"].to_mapping() == {
        "A1-A3": pytest.approx(300.0, rel=1e-12),
        "A4-A5": pytest.approx(24.0 + 22.4 + 10.0, rel=1e-12),
    }
    assert not [f for f in calc.findings if f.code == "incomplete_module"]
    detail = calc.line_values["gwp_total"]
    column = [str(m) for m in detail.modules].index("A4-A5")
    np.testing.assert_allclose(detail.values[:, column], [46.4, 10.0], rtol=1e-12)
    assert detail.declared[:, column].all()
    assert calc.group_results("gwp_total")[""].to_mapping()["A4-A5"] == pytest.approx(56.4)


@given(
    quantity=st.floats(0.0, 1e3, allow_nan=False),
    distance=st.floats(0.0, 2e3, allow_nan=False),
    factor=st.floats(0.0, 0.5, allow_nan=False),
    waste=st.floats(1.0, 1.5, allow_nan=False),
    others=st.integers(1, 3),
)
def test_a4_a5_block_is_the_sum_of_the_derived_a4_and_a5(
    quantity: float, distance: float, factor: float, waste: float, others: int
) -> None:
    line = BillLine(
        "l0",
        "concrete",
        f"{quantity!r} m^3",
        transport=(Transport(f"{distance!r} km", "truck", f"{factor!r} kg CO2e/(t*km)"),),
        waste_factor=waste,
    )
    # at least one line uses the product's A4-A5, which joins A4 and A5 into one block
    plain = [BillLine(f"p{i}", "concrete", "1 m^3") for i in range(others)]
    calc = calculate(BillOfQuantities("b", (line, *plain)), [concrete()])
    a4 = quantity * 2.4 * distance * factor  # t x km x kg CO2e/(t*km)
    a5 = (waste - 1.0) * (quantity * 100.0 + a4)
    result = calc.results["gwp_total"].to_mapping()["A4-A5"]
    assert result == pytest.approx(a4 + a5 + 10.0 * others, rel=1e-9, abs=1e-9)


# -- a declared unit that is a mass, with its mass stated -----------------------------------
KG_PER_UNIT = {"g": 0.001, "kg": 1.0, "t": 1000.0, "lb": 0.45359237}  # lb: exact, by definition


def in_kg(kg: float, declared_unit: str, mass: str, a1_a3: float) -> Calculation:
    """Calculate one line of ``kg`` of a product declared per a mass, with its mass stated."""
    properties = {"mass_per_declared_unit": mass}
    product = Product("p", "P", declared_unit, gwp({"A1-A3": a1_a3}), properties=properties)
    return calculate(BillOfQuantities("b", (BillLine("l", "p", f"{kg!r} kg"),)), [product])


@given(
    unit=st.sampled_from(sorted(KG_PER_UNIT)),
    magnitude=st.sampled_from([0.5, 1.0, 25.0, 1000.0]),
    stated_in=st.sampled_from(["kg", "t", "g"]),
)
def test_mass_per_declared_unit_of_a_mass_declared_unit_is_its_own_mass(
    unit: str, magnitude: float, stated_in: str
) -> None:
    # The mass of one declared unit, e.g. 1000 kg for "1 t", is stated as any mass unit.
    own_kg = magnitude * KG_PER_UNIT[unit]
    stated = own_kg / KG_PER_UNIT[stated_in]
    calc = in_kg(2500.0, f"{magnitude!r} {unit}", f"{stated!r} {stated_in}", 1.0)
    # 2500 kg in declared units of own_kg each, at 1 kg CO2e per declared unit.
    assert calc.results["gwp_total"].to_mapping()["A1-A3"] == pytest.approx(2500.0 / own_kg)


def test_a_product_declared_per_tonne_with_1000_kg_per_declared_unit() -> None:
    # Rebar declared per 1 t (1000 kg per declared unit), 1500 kg CO2e/t: 2.5 t give 3750.
    calc = in_kg(2500.0, "1 t", "1000 kg", 1500.0)
    assert calc.results["gwp_total"].to_mapping() == {"A1-A3": pytest.approx(3750.0)}
    np.testing.assert_allclose(calc.mass, [2500.0])


# -- transport legs of an indicator the product does not declare ---------------------------
def tabel7_concrete() -> Product:
    # EN 15804+A1 data: the indicator is gwp, not gwp_total.
    results = IndicatorResults.from_mapping("gwp", {"A1-A3": 282.0}, unit="kg CO2e")
    properties = {"mass_per_declared_unit": "2255 kg/m^3"}
    return Product("B1477", "Concrete", "1 m^3", {"gwp": results}, properties=properties)


def leg(indicator: str) -> Transport:
    factor = "0.1 kg CO2e/(t*km)"
    return Transport("50 km", "truck", factor, indicator=indicator)


def test_legs_of_an_indicator_the_product_does_not_declare_are_named() -> None:
    lines = (
        BillLine("foundations", "B1477", "120 m^3", transport=(leg("gwp_total"),)),
        BillLine("walls", "B1477", "10 m^3", transport=(leg("gwp"),)),
        BillLine("slab", "B1477", "5 m^3"),
    )
    calc = calculate(BillOfQuantities("k3", lines), [tabel7_concrete()])
    found = [f for f in calc.findings if f.code == "transport_indicator_not_declared"]
    assert len(found) == 1
    assert "lines 'foundations' are for gwp_total" in found[0].message
    assert "(they declare gwp)" in found[0].message
    assert found[0].values == {"lines": 1.0}
    # 120 m³ x 2.255 t/m³ x 50 km x 0.1 kg CO2e/(t*km) = 1353, under gwp_total alone.
    total = calc.line_values["gwp_total"]
    assert [str(m) for m in total.modules] == ["A4"]
    assert total.values[0, 0] == pytest.approx(1353.0)
    # gwp has A4 from the walls' leg only: 10 x 2.255 x 50 x 0.1 = 112.75.
    gwp_lines = calc.line_values["gwp"]
    assert gwp_lines.values[1, [str(m) for m in gwp_lines.modules].index("A4")] == (
        pytest.approx(112.75)
    )


def test_legs_of_the_products_indicator_give_no_finding() -> None:
    line = BillLine("walls", "B1477", "10 m^3", transport=(leg("gwp"),))
    calc = calculate(BillOfQuantities("k3", (line,)), [tabel7_concrete()])
    assert [f.code for f in calc.findings if f.code.startswith("transport")] == []
    assert calc.results["gwp"].to_mapping() == {
        "A1-A3": pytest.approx(2820.0),
        "A4": pytest.approx(112.75),
    }


# -- an indicator no product declares --------------------------------------------------------
def test_line_values_of_an_indicator_only_energy_gives() -> None:
    # B6 = 1000 kWh/year x 0.1 kg CO2e/kWh x 50 years = 5000, for gwp_total; the product
    # declares gwp only, so no line has a gwp_total value (B6 is the building's, not a line's).
    results = IndicatorResults.from_mapping("gwp", {"A1-A3": 1.0}, unit="kg CO2e")
    product = Product("p", "P", "1 kg", {"gwp": results})
    energy = EnergyUse("electricity", "1000 kWh/year", "0.1 kg CO2e/kWh")
    bill = BillOfQuantities("b", (BillLine("l0", "p", "2 kg"), BillLine("l1", "p", "3 kg")))
    calc = calculate(bill, [product], energy=[energy])
    assert calc.results["gwp_total"].to_mapping() == {"B6": pytest.approx(5000.0)}
    detail = calc.line_values["gwp_total"]
    assert detail.modules == ()
    assert detail.values.shape == (2, 0)
    assert detail.values.dtype == np.float64
    assert calc.group_results("gwp_total") == {"": IndicatorResults("gwp_total", ())}
    assert calc.line_values["gwp"].values[:, 0].tolist() == [2.0, 3.0]
    (finding,) = [f for f in calc.findings if f.code == "energy_indicator_not_declared"]
    assert finding.message == (
        "bill 'b': the energy uses 'electricity' are for gwp_total, which no product of the "
        "bill declares (they declare gwp); their B6 is reported under gwp_total alone. Give "
        "the energy uses the indicator of the products' data."
    )


def test_energy_of_the_products_indicator_gives_no_finding() -> None:
    results = IndicatorResults.from_mapping("gwp", {"A1-A3": 1.0}, unit="kg CO2e")
    product = Product("p", "P", "1 kg", {"gwp": results})
    energy = EnergyUse("electricity", "1000 kWh/year", "0.1 kg CO2e/kWh", indicator="gwp")
    calc = calculate(
        BillOfQuantities("b", (BillLine("l0", "p", "2 kg"),)), [product], energy=[energy]
    )
    assert calc.results["gwp"].to_mapping() == {"A1-A3": 2.0, "B6": pytest.approx(5000.0)}
    assert "energy_indicator_not_declared" not in [f.code for f in calc.findings]


# -- results beyond the largest float ----------------------------------------------------------
def per_kg(a1_a3: float) -> Product:
    return Product(
        "p",
        "P",
        "1 kg",
        gwp({"A1-A3": a1_a3, "C3": 1.0, "C4": 1.0}),
        reference_service_life="10 year",
    )


@given(
    value=st.floats(1e155, 1e300, allow_nan=False),
    quantity=st.floats(1e155, 1e300, allow_nan=False),
    sign=st.sampled_from([1.0, -1.0]),
)
def test_a_line_beyond_the_largest_float_is_named_not_blamed_on_its_input(
    value: float, quantity: float, sign: float
) -> None:
    # value x quantity > 1e308: the line's A1-A3 is beyond the largest float (about 1.8e308).
    lines = (BillLine("big", "p", f"{quantity!r} kg"), BillLine("small", "p", "1 kg"))
    with pytest.raises(InvalidInputError) as info:  # and no numpy RuntimeWarning (an error here)
        calculate(BillOfQuantities("b", lines), [per_kg(sign * value)])
    message = str(info.value)
    assert message.startswith(
        "bill 'b': gwp_total A1-A3 must be a finite number; lines 'big' give"
    )
    assert "more than the largest float (1.798e+308 kg CO2e)" in message


def test_lines_that_add_up_beyond_the_largest_float() -> None:
    # Each line 1e308 kg CO2e (finite); the two together 2e308, beyond the largest float.
    lines = (BillLine("a", "p", "1 kg"), BillLine("b", "p", "1 kg"))
    with pytest.raises(InvalidInputError, match="A1-A3 must be a finite number; its lines add up"):
        calculate(BillOfQuantities("b", lines), [per_kg(1e308)])


def test_energy_use_beyond_the_largest_float() -> None:
    energy = EnergyUse("electricity", "1e300 kWh/year", "1e10 kg CO2e/kWh")
    bill = BillOfQuantities("b", (BillLine("a", "p", "1 kg"),))
    with pytest.raises(
        InvalidInputError, match="B6 must be a finite number; the energy use gives"
    ):
        calculate(bill, [per_kg(1.0)], energy=[energy])
