"""Products: validation, split product stages, scenarios and declared-unit conversions.

Expected numbers are the published or recomputed values of external-cases.md (T1, T4, T5,
T6), not numbers computed by the code under test.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from climatelimits.exceptions import InvalidInputError, UnitsError, UnknownReferenceError
from climatelimits.products import (
    CONVERSION_PROPERTIES,
    DataType,
    Finding,
    Product,
    Scenario,
    Standard,
    combine_product_stage,
    conversion_factor_to_declared_unit,
    conversion_routes,
)
from climatelimits.results import NOT_DECLARED, IndicatorResults
from climatelimits.units import registry


def gwp(values: dict[str, object], indicator: str = "gwp_total") -> dict[str, IndicatorResults]:
    return {indicator: IndicatorResults.from_mapping(indicator, values, unit="kg CO2e")}


def product(declared_unit: str = "1 m^3", **kwargs: object) -> Product:
    impacts = kwargs.pop("impacts", gwp({"A1-A3": 100.0}))
    return Product("p1", "Product", declared_unit, impacts, **kwargs)  # type: ignore[arg-type]


# -- construction -----------------------------------------------------------------------
class TestProduct:
    def test_fields_are_read_and_normalised(self) -> None:
        p = product(
            properties={"density": "2.297 t/m^3", "thickness": "200 mm"},
            data_type="industry_average",
            standard="EN 15804+A2",
            valid_from="2021-03-01",
            valid_until="2026-02-28",
            reference_service_life="60 a",
            source="https://example.org/epd.json",
        )
        assert p.properties["density"] == registry().Quantity(2297.0, "kg/m^3")
        assert p.properties["thickness"] == registry().Quantity(0.2, "m")
        assert p.data_type is DataType.INDUSTRY_AVERAGE
        assert p.standard is Standard.EN15804_A2
        assert p.valid_from == dt.date(2021, 3, 1)
        assert p.reference_service_life == registry().Quantity(60.0, "year")
        assert p.declared_unit_text == "1 m³"

    def test_mass_of_one_declared_unit_is_stored_per_unit(self) -> None:
        # T4 335241f9: 1 m³ with mass 2297 kg ("Masse" of the reference flow).
        p = product(properties={"mass_per_declared_unit": "2297 kg"})
        assert p.properties["mass_per_declared_unit"] == registry().Quantity(2297.0, "kg/m^3")

    def test_declared_unit_of_1000_kg(self) -> None:
        # T4 503dfca1: declared unit 1000 kg, reference property meanValue 1000.
        p = product("1000 kg", properties={"mass_per_declared_unit": "1000 kg"})
        assert p.declared_unit == registry().Quantity(1000.0, "kg")
        assert float(p.properties["mass_per_declared_unit"].magnitude) == pytest.approx(1.0)

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            pytest.param(
                {"properties": {"density": "2400 kg/m^2"}},
                UnitsError,
                "`properties.density` of product 'p1' must be in a unit like 'kg/m³'; "
                "got 2400 kg/m²",
                id="density-dimension",
            ),
            pytest.param(
                {"properties": {"mass_per_declared_unit": "2400 kg/m^2"}},
                UnitsError,
                "`properties.mass_per_declared_unit` of product 'p1' must be a mass per 'm³'",
                id="mass-per-du-dimension",
            ),
            pytest.param(
                {"properties": {"colour": "1 m"}},
                UnknownReferenceError,
                "`properties` keys must be one of " + ", ".join(CONVERSION_PROPERTIES),
                id="unknown-property",
            ),
            pytest.param(
                {"properties": {"density": "0 kg/m^3"}},
                InvalidInputError,
                "`properties.density` must be greater than 0; got 0 kg/m³",
                id="zero-density",
            ),
            pytest.param(
                {"reference_service_life": "0 year"},
                InvalidInputError,
                "`reference_service_life` must be longer than 0 years; got 0 a",
                id="zero-rsl",
            ),
            pytest.param(
                {"reference_service_life": "60 kg"},
                UnitsError,
                "`reference_service_life` must be a duration such as '60 year'; got 60 kg",
                id="rsl-dimension",
            ),
            pytest.param(
                {"data_type": "average"},
                InvalidInputError,
                "`data_type` must be one of 'specific', 'industry_average', 'generic'; "
                "got 'average'",
                id="data-type",
            ),
            pytest.param(
                {"valid_from": "2024-01-01", "valid_until": "2023-01-01"},
                InvalidInputError,
                "`valid_until` of product 'p1' must not be before `valid_from` (2024-01-01); "
                "got 2023-01-01",
                id="validity",
            ),
        ],
    )
    def test_bad_fields_are_refused_with_the_field_named(
        self, kwargs: dict[str, object], error: type[Exception], message: str
    ) -> None:
        with pytest.raises(error, match=re.escape(message)):
            product(**kwargs)

    def test_declared_unit_must_be_positive(self) -> None:
        with pytest.raises(InvalidInputError, match=re.escape("`declared_unit` must be greater")):
            product("0 m^3")

    def test_mass_per_declared_unit_of_a_mass_unit_must_be_one(self) -> None:
        with pytest.raises(InvalidInputError, match="must be 1 kg/kg"):
            product("1 kg", properties={"mass_per_declared_unit": "2 kg"})

    def test_impacts_keys_must_match(self) -> None:
        results = IndicatorResults.from_mapping("gwp_total", {"A1-A3": 1}, unit="kg CO2e")
        with pytest.raises(InvalidInputError, match="the keys must match"):
            Product("p", "P", "1 kg", {"gwp_fossil": results})

    def test_findings_are_structured(self) -> None:
        note = Finding("implausible_value", "A1-A3 is 490 kg CO2e/kg", "e7ff6cf1", {"A1-A3": 490})
        assert product(findings=[note]).findings == (note,)
        with pytest.raises(InvalidInputError, match=re.escape("`values.x` must be a number")):
            Finding("c", "m", values={"x": "1"})

    def test_products_are_hashable_values(self) -> None:
        assert hash(product()) == hash(product())
        assert product() == product()


# -- product stage ----------------------------------------------------------------------
class TestCombineProductStage:
    def test_split_stage_is_summed_when_the_aggregate_is_absent(self) -> None:
        # T4 0e80e6e7 EQUITONE: A1 11.906613 + A2 0.36490214 + A3 4.0447066 = 16.31622174.
        merged, findings = combine_product_stage(
            {"A1": 11.906613, "A2": 0.36490214, "A3": 4.0447066, "C4": 0.5},
            subject="0e80e6e7",
            indicator="gwp",
        )
        assert merged == {"A1-A3": pytest.approx(16.31622174, rel=1e-12), "C4": 0.5}
        assert [f.code for f in findings] == ["split_a1_a3"]
        assert findings[0].subject == "0e80e6e7"

    def test_aggregate_and_parts_are_never_double_counted(self) -> None:
        # ÖKOBAUDAT generic CLT f63ac879: parts and A1-A3 -647.4201 are both declared.
        merged, findings = combine_product_stage(
            {"A1": -764.0696, "A2": 24.7273, "A3": 91.9222, "A1-A3": -647.4201}
        )
        assert merged == {"A1-A3": -647.4201}
        assert findings == ()

    def test_disagreeing_parts_are_reported_and_the_aggregate_kept(self) -> None:
        merged, findings = combine_product_stage(
            {"A1": 10.0, "A2": 1.0, "A3": 2.0, "A1-A3": 14.0}, subject="x"
        )
        assert merged == {"A1-A3": 14.0}
        (finding,) = findings
        assert finding.code == "a1_a3_disagrees"
        assert finding.values == {"A1+A2+A3": 13.0, "A1-A3": 14.0}
        assert "13" in finding.message
        assert "14" in finding.message

    def test_incomplete_parts_stay_separate(self) -> None:
        merged, findings = combine_product_stage({"A1": 1.0, "A2": None, "A3": 2.0})
        assert merged == {"A1": 1.0, "A2": NOT_DECLARED, "A3": 2.0}
        assert findings == ()

    def test_not_declared_aggregate_counts_as_absent(self) -> None:
        merged, _ = combine_product_stage({"A1-A3": NOT_DECLARED, "A1": 1, "A2": 2, "A3": 3})
        assert merged == {"A1-A3": 6.0}

    def test_bad_value_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match=re.escape("`A1` must be a finite number")):
            combine_product_stage({"A1": float("nan")})


# -- scenarios --------------------------------------------------------------------------
# T5 wood-panel example (ILCD+EPD sample data), GWP-total per kg.
GDANSK = 10.403452605105544
BERLIN = 10.621689444677362
RECYCLING = {"C3": 12.55722191320309, "C4": 16.861343234824155, "D": 3.890472762252513}
INCINERATION = {"C3": 29.83997231119644, "C4": 37.34889504407421, "D": 21.473728298846915}


def wood_panel() -> Product:
    scenarios = [
        Scenario("gdansk", "Transport to Gdansk", "A4", True, gwp({"A4": GDANSK})),
        Scenario("berlin", "Transport to Berlin", "A4", False, gwp({"A4": BERLIN})),
        Scenario("recycling", "100% recycling", "C3-C4,D", True, gwp(RECYCLING)),
        Scenario("incineration", "100% incineration", "C3-C4,D", False, gwp(INCINERATION)),
    ]
    impacts = gwp({"A1-A3": 15.559479677163699, "A4": GDANSK, **RECYCLING})
    return Product("wood", "Wood panel", "1 kg", impacts, scenarios=scenarios)


class TestScenarios:
    def test_default_scenarios_are_the_impacts(self) -> None:
        assert wood_panel().impacts["gwp_total"].to_mapping()["A4"] == GDANSK

    def test_alternative_replaces_the_default_for_its_modules(self) -> None:
        swapped = wood_panel().with_scenario("incineration").with_scenario("berlin")
        values = swapped.impacts["gwp_total"].to_mapping()
        assert values == {"A1-A3": 15.559479677163699, "A4": BERLIN, **INCINERATION}
        assert {s.id: s.default for s in swapped.scenarios} == {
            "gdansk": False,
            "berlin": True,
            "recycling": False,
            "incineration": True,
        }

    def test_default_that_disagrees_with_impacts_is_refused(self) -> None:
        scenario = Scenario("gdansk", "Transport to Gdansk", "A4", True, gwp({"A4": GDANSK}))
        with pytest.raises(InvalidInputError, match=re.escape("must hold its value for A4")):
            Product("w", "W", "1 kg", gwp({"A4": 10.0}), scenarios=[scenario])

    def test_two_defaults_for_one_module_are_refused(self) -> None:
        a = Scenario("a", "A", "A4", True, gwp({"A4": 1.0}))
        b = Scenario("b", "B", "A4-A5", True, gwp({"A4": 1.0, "A5": 2.0}))
        with pytest.raises(InvalidInputError, match="only one default scenario may cover"):
            Product("w", "W", "1 kg", gwp({"A4": 1.0, "A5": 2.0}), scenarios=[a, b])

    def test_scenario_impacts_must_lie_within_its_modules(self) -> None:
        with pytest.raises(InvalidInputError, match="must lie within its modules A4"):
            Scenario("a", "A", "A4", False, gwp({"A5": 1.0}))

    def test_unknown_scenario_lists_the_known_ones(self) -> None:
        with pytest.raises(UnknownReferenceError, match="'gdansk', 'berlin'"):
            wood_panel().with_scenario("hamburg")

    def test_aggregate_across_the_scenario_cannot_be_split(self) -> None:
        alternative = Scenario("b", "B", "A4", False, gwp({"A4": 2.0}))
        p = Product("w", "W", "1 kg", gwp({"A1-A5": 9.0}), scenarios=[alternative])
        with pytest.raises(InvalidInputError, match="cannot be split"):
            p.with_scenario("b")


# -- conversions ------------------------------------------------------------------------
class TestConversions:
    def test_t1_mass_used_product_declared_per_m3(self) -> None:
        # T1: 50 m² x 0.5 kg/m² / 7850 kg/m³ x 818 kg CO2e/m³ = 2.6051 kg CO2e.
        p = product(
            impacts=gwp({"A1-A3": 818}), properties={"mass_per_declared_unit": "7850 kg/m^3"}
        )
        per_kg, findings = conversion_factor_to_declared_unit(p, "kg")
        assert 50 * 0.5 * per_kg * 818 == pytest.approx(2.6051, abs=5e-5)
        assert findings == ()

    def test_t1_area_through_area_mass_and_mass_per_declared_unit(self) -> None:
        p = product(
            impacts=gwp({"A1-A3": 818}),
            properties={"mass_per_declared_unit": "7850 kg/m^3", "area_mass": "0.5 kg/m^2"},
        )
        per_m2, _ = conversion_factor_to_declared_unit(p, "m^2")
        assert 50 * per_m2 * 818 == pytest.approx(2.6051, abs=5e-5)
        assert conversion_routes(p, "m^2") == {
            "area_mass > mass_per_declared_unit": pytest.approx(0.5 / 7850)
        }

    def test_direction_the_dimensions_cannot_prove_is_refused(self) -> None:
        # T6: the openEPD desk has no kg per declared unit: a per-kg request must fail.
        p = product("1 m^2", impacts=gwp({"A1-A3": 50.0}))
        with pytest.raises(UnitsError) as info:
            conversion_factor_to_declared_unit(p, "kg")
        assert str(info.value) == (
            "cannot convert 'kg' ([mass]) to the declared unit 1 m² of product 'p1': no chain "
            "of its conversion properties proves it (properties: none)"
        )

    def test_declared_unit_of_1000_kg_scales(self) -> None:
        # T4 503dfca1: 179.137536677058 kg CO2e per 1000 kg = 0.179138 per kg.
        p = product("1000 kg", impacts=gwp({"A1-A3": 179.137536677058}))
        per_kg, _ = conversion_factor_to_declared_unit(p, "kg")
        per_t, _ = conversion_factor_to_declared_unit(p, "t")
        assert per_kg * 179.137536677058 == pytest.approx(0.179138, abs=5e-7)
        assert per_t == pytest.approx(1.0)

    def test_volume_declared_product_used_by_mass(self) -> None:
        # T4 335241f9: 146.75360187405067 per m³ at 2297 kg/m³ = 0.063889 per kg.
        p = product(
            impacts=gwp({"A1-A3": 146.75360187405067}),
            properties={"mass_per_declared_unit": "2297 kg"},
        )
        per_kg, _ = conversion_factor_to_declared_unit(p, "kg")
        assert per_kg * 146.75360187405067 == pytest.approx(0.063889, abs=5e-7)
        litres, _ = conversion_factor_to_declared_unit(p, "l")
        assert litres == pytest.approx(0.001)

    def test_pieces_through_mass_per_piece(self) -> None:
        # T5 radiator 300 mm: 18.3 kg per piece x 4.3636825804849 kg CO2e/kg = 79.855.
        p = product(
            "1 kg",
            impacts=gwp({"A1-A3": 4.3636825804849}),
            properties={"mass_per_piece": "18.3 kg/piece"},
        )
        per_piece, _ = conversion_factor_to_declared_unit(p, "piece")
        assert per_piece * 4.3636825804849 == pytest.approx(79.855, abs=5e-4)

    def test_area_of_a_mass_declared_product(self) -> None:
        # T5 wood panel: 1 kg has 0.721 m² (1.38696 kg/m²); 15.559479677163699 /kg = 21.5804 /m².
        p = product(
            "1 kg",
            impacts=gwp({"A1-A3": 15.559479677163699}),
            properties={"area_mass": "1.38696 kg/m^2"},
        )
        per_m2, _ = conversion_factor_to_declared_unit(p, "m^2")
        assert per_m2 * 15.559479677163699 == pytest.approx(21.5804, abs=5e-5)

    def test_routes_within_two_percent_are_not_reported(self) -> None:
        # T4 0e80e6e7 EQUITONE: grammage 15.02 vs density 1850 x thickness 0.008 = 14.8.
        p = product(
            "1 m^2",
            properties={
                "area_mass": "15.02 kg/m^2",
                "density": "1850 kg/m^3",
                "thickness": "8 mm",
            },
        )
        per_kg, findings = conversion_factor_to_declared_unit(p, "kg")
        assert per_kg == pytest.approx(1 / 15.02)
        assert findings == ()

    def test_routes_more_than_two_percent_apart_are_reported_and_grammage_wins(self) -> None:
        # T4 0e0c4e37 Argeton: grammage 40.57 vs 2100 kg/m³ x 0.03 m = 63 (hollow product).
        p = product(
            "1 m^2",
            properties={
                "area_mass": "40.57 kg/m^2",
                "density": "2100 kg/m^3",
                "thickness": "3 cm",
            },
        )
        per_kg, findings = conversion_factor_to_declared_unit(p, "kg")
        assert per_kg == pytest.approx(1 / 40.57)
        (finding,) = findings
        assert finding.code == "conflicting_conversion"
        assert finding.subject == "p1"
        assert finding.values == {
            "via area_mass": pytest.approx(1 / 40.57),
            "via density > thickness": pytest.approx(1 / 63.0),
        }
        assert "'p1'" in finding.message
        assert "area_mass is used" in finding.message

    def test_mislabelled_density_is_reported(self) -> None:
        # T4 0e85f255 (epdx) paving: grammage 179 vs "gross density" 2.4 (t/m³ mislabelled).
        p = product(
            "1 m^2",
            properties={"area_mass": "179 kg/m^2", "density": "2.4 kg/m^3", "thickness": "8 cm"},
        )
        per_kg, findings = conversion_factor_to_declared_unit(p, "kg")
        assert per_kg == pytest.approx(1 / 179)
        assert [f.code for f in findings] == ["conflicting_conversion"]

    def test_same_dimension_is_a_plain_unit_conversion(self) -> None:
        p = product()
        assert conversion_factor_to_declared_unit(p, "l") == (pytest.approx(0.001), ())
        assert conversion_routes(p, "dm^3") == {"unit": pytest.approx(0.001)}

    def test_unreadable_unit(self) -> None:
        with pytest.raises(UnitsError, match="`unit` must be a unit"):
            conversion_factor_to_declared_unit(product(), "kgg")
