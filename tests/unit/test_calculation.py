"""calculate(): module results of a building from a bill of quantities.

Expected numbers come from external-cases.md (T1, T3, T7, T8, check case D) and from the
Boverket and LCAbyg values quoted there, or are hand arithmetic written out in the test.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from climatelimits.calculation import (
    BR18_REPLACEMENTS,
    EnergyUse,
    ReplacementRule,
    calculate,
)
from climatelimits.exceptions import InvalidInputError, UnitsError, UnknownReferenceError
from climatelimits.products import Product, Scenario
from climatelimits.quantities import BillLine, BillOfQuantities, Transport
from climatelimits.results import NOT_DECLARED, IndicatorResults
from climatelimits.units import registry


def gwp(values: dict[str, object], indicator: str = "gwp_total") -> dict[str, IndicatorResults]:
    return {indicator: IndicatorResults.from_mapping(indicator, values, unit="kg CO2e")}


def bill(*lines: BillLine) -> BillOfQuantities:
    return BillOfQuantities("b1", lines)


def values(calc: object, indicator: str = "gwp_total") -> dict[str, object]:
    return calc.results[indicator].to_mapping()  # type: ignore[attr-defined, no-any-return]


# -- A1-A3 and conversions --------------------------------------------------------------
def test_t7_volume_times_density_times_per_kg_factor() -> None:
    # T7 (IfcLCA-Py): 23.6 m³ x 2400 kg/m³ x 0.100 = 5664.0; 2.25 m³ x 7850 x 0.750 = 13246.875.
    concrete = Product(
        "concrete", "Concrete", "1 kg", gwp({"A1-A3": 0.100}), properties={"density": "2400 kg/m3"}
    )
    steel = Product(
        "steel", "Steel", "1 kg", gwp({"A1-A3": 0.750}), properties={"density": "7850 kg/m3"}
    )
    calc = calculate(
        bill(BillLine("slab", "concrete", "23.6 m^3"), BillLine("beams", "steel", "2.25 m^3")),
        [concrete, steel],
    )
    assert values(calc) == {"A1-A3": pytest.approx(18910.875, rel=1e-12)}
    np.testing.assert_allclose(calc.line_values["gwp_total"].values[:, 0], [5664.0, 13246.875])
    np.testing.assert_allclose(calc.mass, [56640.0, 17662.5])
    assert calc.mass_known.all()


def test_t1_usage_rate_on_the_line() -> None:
    # T1: 50 m² of a product used at 0.5 kg/m², declared per m³ at 7850 kg/m³, 818 per m³.
    steel = Product(
        "steel",
        "Steel-like test product",
        "1 m^3",
        gwp({"A1-A3": 818}),
        properties={"mass_per_declared_unit": "7850 kg/m^3"},
        reference_service_life="80 year",
    )
    line = BillLine("wall", "steel", "50 m^2", properties={"area_mass": "0.5 kg/m^2"})
    calc = calculate(bill(line), [steel])
    assert values(calc)["A1-A3"] == pytest.approx(2.6051, abs=5e-5)
    # Lifespan 80 > 50 years: no replacement, so B4 is a declared zero.
    assert values(calc)["B4"] == 0.0
    assert calc.replacements.tolist() == [0]


def test_unconvertible_quantity_names_every_line() -> None:
    board = Product("board", "Board", "1 m^2", gwp({"A1-A3": 5.0}))
    lines = [BillLine(f"l{i}", "board", "10 kg") for i in range(7)]
    with pytest.raises(UnitsError) as info:
        calculate(bill(*lines), [board])
    message = str(info.value)
    assert message.startswith("bill 'b1': lines 'l0', 'l1', 'l2', 'l3', 'l4' and 2 more: ")
    assert "cannot convert 'kg' ([mass]) to the declared unit 1 m² of product 'board'" in message


def test_unknown_product_names_the_lines() -> None:
    with pytest.raises(UnknownReferenceError, match=re.escape("'steel' (lines 'l2')")):
        calculate(
            bill(BillLine("l1", "p", "1 kg"), BillLine("l2", "steel", "1 kg")),
            [Product("p", "P", "1 kg", gwp({"A1-A3": 1.0}))],
        )


# -- three states and D (T8) ------------------------------------------------------------
def test_t8_not_declared_stays_absent_and_d_is_never_added() -> None:
    # T8 (LCAx test_results.rs): {A1-A3 10, A4 10, B1 10, B2 not declared, D -10}:
    # total excluding D 30; per module excluding D normalised by 2: A1-A3 5, A4 5, B1 5, B2
    # absent (not 0).
    p = Product(
        "p", "P", "1 kg", gwp({"A1-A3": 10, "A4": 10, "B1": 10, "B2": NOT_DECLARED, "D": -10})
    )
    calc = calculate(bill(BillLine("l1", "p", "1 kg")), [p])
    assert values(calc) == {"A1-A3": 10.0, "A4": 10.0, "B1": 10.0, "B2": NOT_DECLARED, "D": -10.0}
    assert calc.total("gwp_total", "A1-A4,B1").value == registry().Quantity(30.0, "kg CO2e")
    assert calc.total("gwp_total", "A1-A4,B1,D").value == registry().Quantity(30.0, "kg CO2e")
    everything = calc.total("gwp_total")
    assert everything.value is None
    assert everything.explain() == "gwp_total over A1-A4,B1-B2 is incomplete: B2 not declared"
    halved = calc.results["gwp_total"].scaled(1 / 2).to_mapping()
    assert halved == {"A1-A3": 5.0, "A4": 5.0, "B1": 5.0, "B2": NOT_DECLARED, "D": -5.0}


def test_module_one_line_does_not_declare_is_not_declared_and_the_line_named() -> None:
    with_c3 = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0, "C3": 2.0}))
    without_c3 = Product("b", "B", "1 kg", gwp({"A1-A3": 1.0}))
    calc = calculate(
        bill(BillLine("l1", "a", "1 kg"), BillLine("l2", "b", "1 kg")), [with_c3, without_c3]
    )
    assert values(calc) == {"A1-A3": 2.0, "C3": NOT_DECLARED}
    (finding,) = [f for f in calc.findings if f.code == "incomplete_module"]
    assert finding.message == (
        "gwp_total C3 is not declared for the building: 1 of 2 lines do not declare it ('l2')."
    )
    assert calc.line_values["gwp_total"].declared.tolist() == [[True, True], [True, False]]


def test_aggregates_of_different_products_join_into_one_block() -> None:
    split = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0, "C3": 1.0, "C4": 2.0}))
    joined = Product("b", "B", "1 kg", gwp({"A1-A3": 5.0, "C3-C4": 4.0}))
    calc = calculate(
        bill(BillLine("l1", "a", "1 kg"), BillLine("l2", "b", "2 kg")), [split, joined]
    )
    assert values(calc) == {"A1-A3": 11.0, "C3-C4": 11.0}


# -- A4, A5 -----------------------------------------------------------------------------
def test_boverket_worked_example_a1_a3_a4_a5() -> None:
    # Check case D (external-cases.md 2.5), Boverket klimatdatabas v02.06.000, ready-mix
    # concrete C30/37: 0.145 kg CO2e/kg conservative, A4 0.0036 kg CO2e/kg, waste factor
    # 1.03, 2350 kg/m³. 100 m³ = 235 000 kg -> A1-A3 34 075, A4 846, A5.1 1 048 kg CO2e.
    concrete = Product(
        "6000000032",
        "Ready-mix concrete, buildings C30/37",
        "1 kg",
        gwp({"A1-A3": 0.145, "A4": 0.0036}, "gwp_ghg"),
        properties={"density": "2350 kg/m^3"},
    )
    calc = calculate(bill(BillLine("l1", "6000000032", "100 m^3", waste_factor=1.03)), [concrete])
    result = values(calc, "gwp_ghg")
    assert result["A1-A3"] == pytest.approx(34075.0, rel=1e-9)
    assert result["A4"] == pytest.approx(846.0, rel=1e-9)
    assert result["A5"] == pytest.approx(1048.0, rel=1e-3)


def test_a4_from_transport_legs() -> None:
    # 10 m³ x 2400 kg/m³ = 24 t; 24 t x (100 km x 0.1 + 20 km x 0.5) kg CO2e/(t km) = 480.
    concrete = Product(
        "c", "C", "1 m^3", gwp({"A1-A3": 240.0, "A4": 99.0}), properties={"density": "2400 kg/m^3"}
    )
    legs = (
        Transport("100 km", "truck", "0.1 kg CO2e/(t*km)"),
        Transport("20 km", "ship", "0.5 kg CO2e/(t*km)"),
    )
    calc = calculate(bill(BillLine("l1", "c", "10 m^3", transport=legs)), [concrete])
    assert values(calc)["A4"] == pytest.approx(480.0)


def test_line_without_transport_uses_the_product_a4_or_leaves_it_not_declared() -> None:
    with_a4 = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0, "A4": 0.25}))
    without = Product("b", "B", "1 kg", gwp({"A1-A3": 1.0}))
    assert values(calculate(bill(BillLine("l1", "a", "4 kg")), [with_a4]))["A4"] == 1.0
    calc = calculate(
        bill(BillLine("l1", "a", "4 kg"), BillLine("l2", "b", "1 kg")), [with_a4, without]
    )
    assert values(calc)["A4"] is NOT_DECLARED


def test_transport_without_a_mass_leaves_a4_not_declared() -> None:
    board = Product("b", "B", "1 m^2", gwp({"A1-A3": 1.0}))
    leg = Transport("100 km", "truck", "0.1 kg CO2e/(t*km)")
    calc = calculate(bill(BillLine("l1", "b", "10 m^2", transport=(leg,))), [board])
    assert values(calc)["A4"] is NOT_DECLARED
    assert not calc.mass_known[0]


def test_a5_without_waste_factor_is_the_product_a5_or_not_declared() -> None:
    p = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0, "A5": 0.5}))
    assert values(calculate(bill(BillLine("l1", "a", "2 kg")), [p]))["A5"] == 1.0
    q = Product("b", "B", "1 kg", gwp({"A1-A3": 1.0}))
    assert "A5" not in values(calculate(bill(BillLine("l1", "b", "2 kg")), [q]))


def test_waste_needs_a4_of_the_line() -> None:
    # A5 = (waste - 1) x (A1-A3 + A4): without any A4 for the line it cannot be computed.
    q = Product("b", "B", "1 kg", gwp({"A1-A3": 1.0}))
    calc = calculate(bill(BillLine("l1", "b", "2 kg", waste_factor=1.1)), [q])
    assert values(calc)["A5"] is NOT_DECLARED


def test_aggregate_over_a_derived_module_is_not_split() -> None:
    p = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0, "A4-A5": 0.5}))
    calc = calculate(bill(BillLine("l1", "a", "2 kg", waste_factor=1.1)), [p])
    assert [f.code for f in calc.findings if f.code == "aggregate_not_split"] == [
        "aggregate_not_split"
    ]
    # The aggregate cannot count for A4 (not separable) nor sit beside the derived A5.
    assert values(calc) == {"A1-A3": 2.0, "A5": NOT_DECLARED}


# -- B4 -------------------------------------------------------------------------------
def test_t3_lcabyg_replacement_of_planed_timber() -> None:
    # T3, VCBK EF-02 (LCAbyg): planed construction timber, 16.15 m³, lifespan 30 over 50
    # years -> 1 replacement in 2050; A1-A3 -10 820.5, C3 11 757.2, C4 0 -> B4 936.7.
    timber = Product(
        "timber",
        "Høvlede konstruktionstræsprodukter af fyr og gran",
        "1 m^3",
        gwp({"A1-A3": -10820.5 / 16.15, "C3": 11757.2 / 16.15, "C4": 0.0}),
    )
    calc = calculate(
        bill(BillLine("l1", "timber", "16.15 m^3", service_life="30 year")),
        [timber],
        start_year=2020,
    )
    assert values(calc)["B4"] == pytest.approx(936.7, abs=1e-9)
    assert calc.replacements.tolist() == [1]
    line_index, years = calc.replacement_years()
    assert line_index.tolist() == [0]
    assert years.tolist() == [2050.0]


@pytest.mark.parametrize(
    ("service_life", "expected"),
    [(10.0, 4), (15.0, 3), (20.0, 2), (25.0, 1), (30.0, 1), (49.9, 1), (50.0, 0), (80.0, 0)],
)
def test_br18_rule(service_life: float, expected: int) -> None:
    # n = ceil(50 / RSL) - 1 (T3): 15 -> 3, 20 -> 2, 25 -> 1, 50 -> 0.
    assert BR18_REPLACEMENTS.replacements(50.0, np.array([service_life])).tolist() == [expected]


def test_br18_rule_is_not_fooled_by_binary_fractions() -> None:
    assert BR18_REPLACEMENTS.replacements(50.0, np.array([50.0 / 3.0])).tolist() == [2]


def test_line_without_service_life_makes_b4_not_declared() -> None:
    p = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0, "C3": 0.0, "C4": 0.0}))
    calc = calculate(
        bill(BillLine("l1", "a", "1 kg", service_life="20 year"), BillLine("l2", "a", "1 kg")),
        [p],
    )
    assert values(calc)["B4"] is NOT_DECLARED
    assert calc.replacements.tolist() == [2, -1]
    assert any("('l2')" in f.message for f in calc.findings if f.code == "incomplete_module")


def test_no_service_life_at_all_leaves_b4_out_with_a_finding() -> None:
    p = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0}))
    calc = calculate(bill(BillLine("l1", "a", "1 kg")), [p])
    assert "B4" not in values(calc)
    assert [f.code for f in calc.findings] == ["b4_not_calculated"]


def test_replacement_rule_is_swappable() -> None:
    every_period = ReplacementRule(
        "whole-periods", lambda rsp, rsl: np.floor(rsp / rsl), "test rule: floor(RSP / RSL)"
    )
    p = Product("a", "A", "1 kg", gwp({"A1-A3": 2.0, "C3": 0.5, "C4": 0.5}))
    line = BillLine("l1", "a", "1 kg", service_life="25 year")
    assert values(calculate(bill(line), [p]))["B4"] == 3.0  # BR18: 1 x (2 + 0.5 + 0.5)
    assert values(calculate(bill(line), [p], replacement_rule=every_period))["B4"] == 6.0


def test_replacement_rule_output_is_checked() -> None:
    negative = ReplacementRule("bad", lambda rsp, rsl: -np.ones_like(rsl))
    p = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0}), reference_service_life="10 year")
    with pytest.raises(InvalidInputError, match="must return whole numbers of at least 0"):
        calculate(bill(BillLine("l1", "a", "1 kg")), [p], replacement_rule=negative)


# -- B6 -------------------------------------------------------------------------------
def test_b6_from_yearly_energy_use() -> None:
    # 10 000 kWh/year x 0.1 kg CO2e/kWh x 50 years = 50 000; plus 2 000 kWh/year of heat at
    # factors falling from 0.2 to 0.1 over 50 years (mean 0.15) = 15 000.
    p = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0, "B6": 7.0}))
    heat_factors = registry().Quantity(np.linspace(0.2, 0.1, 50), "kg CO2e/kWh")
    energy = [
        EnergyUse("electricity", "10 MWh/year", "0.1 kg CO2e/kWh"),
        EnergyUse("district heating", "2000 kWh/year", heat_factors),
    ]
    calc = calculate(bill(BillLine("l1", "a", "1 kg")), [p], energy=energy)
    assert values(calc)["B6"] == pytest.approx(65000.0)
    assert "B6" not in [str(m) for m in calc.line_values["gwp_total"].modules]


def test_yearly_factors_must_cover_the_study_period() -> None:
    use = EnergyUse("electricity", "1 kWh/year", ["0.1 kg CO2e/kWh"] * 30)
    p = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0}))
    with pytest.raises(
        InvalidInputError, match=re.escape("one per year of the study period (50)")
    ):
        calculate(bill(BillLine("l1", "a", "1 kg")), [p], energy=[use])


def test_energy_factor_dimension() -> None:
    with pytest.raises(UnitsError, match=re.escape("`factors[0]` must be in kg CO2e per kWh")):
        EnergyUse("electricity", "1 kWh/year", "0.1 kg/kWh")


# -- scenarios, indicators, groups, buildings -------------------------------------------
def test_line_chooses_an_alternative_scenario() -> None:
    # T5 wood panel end of life: default 100 % recycling, alternative 100 % incineration.
    recycling = {"C3": 12.55722191320309, "C4": 16.861343234824155}
    incineration = {"C3": 29.83997231119644, "C4": 37.34889504407421}
    panel = Product(
        "panel",
        "Wood panel",
        "1 kg",
        gwp({"A1-A3": 15.559479677163699, **recycling}),
        scenarios=[
            Scenario("recycling", "100% recycling", "C3-C4", True, gwp(recycling)),
            Scenario("incineration", "100% incineration", "C3-C4", False, gwp(incineration)),
        ],
    )
    default = calculate(bill(BillLine("l1", "panel", "1 kg")), [panel])
    chosen = calculate(
        bill(BillLine("l1", "panel", "1 kg", scenario={"C3-C4": "incineration"})), [panel]
    )
    assert values(default)["C3"] == recycling["C3"]
    assert values(chosen)["C3"] == incineration["C3"]
    assert values(chosen)["C4"] == incineration["C4"]


def test_indicators_argument_and_unknown_indicator() -> None:
    p = Product(
        "a",
        "A",
        "1 kg",
        {
            **gwp({"A1-A3": 1.0}),
            **gwp({"A1-A3": 0.9}, "gwp_fossil"),
        },
    )
    calc = calculate(bill(BillLine("l1", "a", "1 kg")), [p], indicators=["gwp_fossil"])
    assert list(calc.results) == ["gwp_fossil"]
    with pytest.raises(UnknownReferenceError):
        calc.total("gwp_total")
    with pytest.raises(UnknownReferenceError):
        calculate(bill(BillLine("l1", "a", "1 kg")), [p], indicators=["co2"])


def test_group_results_by_element() -> None:
    p = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0}))
    q = Product("b", "B", "1 kg", gwp({"A1-A3": 2.0, "C3": 1.0}))
    calc = calculate(
        bill(
            BillLine("l1", "a", "1 kg", element="wall"),
            BillLine("l2", "b", "1 kg", element="roof"),
            BillLine("l3", "b", "2 kg", element="wall"),
        ),
        [p, q],
    )
    groups = calc.group_results("gwp_total")
    assert groups["roof"].to_mapping() == {"A1-A3": 2.0, "C3": 1.0}
    assert groups["wall"].to_mapping() == {"A1-A3": 5.0, "C3": NOT_DECLARED}


def test_to_building_gives_results_and_study_period() -> None:
    p = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0}))
    calc = calculate(bill(BillLine("l1", "a", "1 t")), [p], study_period="60 year")
    building = calc.to_building("b", "office", areas={"se_bta": "100 m^2"})
    assert building.results["gwp_total"].to_mapping() == {"A1-A3": 1000.0}
    assert building.reference_study_period == registry().Quantity(60.0, "year")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"study_period": "0 year"}, "`study_period` must be longer than 0 years; got 0 a"),
        ({"start_year": 2020.5}, "`start_year` must be a whole year such as 2025; got 2020.5"),
        ({"replacement_rule": "br18"}, "`replacement_rule` must be a ReplacementRule"),
        ({"energy": ["1 kWh"]}, "`energy` must hold EnergyUse objects"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    p = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0}))
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        calculate(bill(BillLine("l1", "a", "1 kg")), [p], **kwargs)  # type: ignore[arg-type]


def test_a_study_period_that_is_no_duration_is_a_units_error() -> None:
    p = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0}))
    message = "`study_period` must be a duration such as '60 year'; got 50 kg"
    with pytest.raises(UnitsError, match=re.escape(message)):
        calculate(bill(BillLine("l1", "a", "1 kg")), [p], study_period="50 kg")


def test_two_different_products_with_one_id_are_refused() -> None:
    a = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0}))
    b = Product("a", "A", "1 kg", gwp({"A1-A3": 2.0}))
    with pytest.raises(InvalidInputError, match="unique ids"):
        calculate(bill(BillLine("l1", "a", "1 kg")), [a, b])


def test_per_line_arrays_are_read_only() -> None:
    p = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0}))
    calc = calculate(bill(BillLine("l1", "a", "1 kg")), [p])
    with pytest.raises(ValueError, match="read-only"):
        calc.declared_units[0] = 2.0


def test_unknown_scenario_names_the_line() -> None:
    p = Product("a", "A", "1 kg", gwp({"A1-A3": 1.0}))
    line = BillLine("l1", "a", "1 kg", scenario={"C3": "landfill"})
    with pytest.raises(UnknownReferenceError, match=re.escape("`lines.l1.scenario.C3`")):
        calculate(bill(line), [p])
