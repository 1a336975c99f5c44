"""Indicator results per module set and their totals over a scope."""

from __future__ import annotations

import re

import numpy as np
import pytest

from climatelimits.exceptions import InvalidInputError, UnitsError, UnknownReferenceError
from climatelimits.lifecycle import ModuleSet
from climatelimits.results import NOT_DECLARED, IndicatorResults, ResultEntry
from climatelimits.units import parse_unit, registry

KG_CO2E = "kg CO2e"
EXAMPLE = {"A1-A3": 1248000, "A4": 41600, "A5": 88400}


def example() -> IndicatorResults:
    return IndicatorResults.from_mapping("gwp_total", EXAMPLE, unit=KG_CO2E)


def test_from_mapping_builds_sorted_entries() -> None:
    results = IndicatorResults.from_mapping(
        "gwp_total", {"A5": 88400, "A1-A3": 1248000, "A4": 41600}, unit=KG_CO2E
    )
    assert results.indicator == "gwp_total"
    assert len(results) == 3
    assert [str(e.modules) for e in results] == ["A1-A3", "A4", "A5"]
    assert [e.value for e in results] == [1248000.0, 41600.0, 88400.0]
    assert results.unit == parse_unit(KG_CO2E)


def test_from_mapping_accepts_quantities_and_text() -> None:
    q = registry().Quantity(1.248, parse_unit("t CO2e"))
    results = IndicatorResults.from_mapping("gwp_total", {"A1-A3": q, "A4": "41.6 kg CO2 eq"})
    mapping = results.to_mapping()
    assert mapping["A1-A3"] == pytest.approx(1248.0)  # 1.248 t * 1000 kg/t
    assert mapping["A4"] == pytest.approx(41.6)


def test_total_over_a1_a5() -> None:
    total = example().total("A1-A5")
    # 1248000 + 41600 + 88400 = 1378000
    assert total.complete
    assert total.value is not None
    assert total.value.units == parse_unit(KG_CO2E)
    assert total.value.magnitude == pytest.approx(1378000.0)
    assert total.missing == ModuleSet.empty()
    assert total.straddling == ()
    assert total.explain() == ""


def test_total_over_sub_scope() -> None:
    total = example().total("A4-A5")
    assert total.value is not None
    assert total.value.magnitude == pytest.approx(130000.0)  # 41600 + 88400


def test_absent_module_makes_total_incomplete() -> None:
    total = example().total("A1-A5,C3")
    assert not total.complete
    assert total.value is None
    assert total.missing == ModuleSet.parse("C3")
    assert total.explain() == "gwp_total over A1-A5,C3 is incomplete: C3 not declared"


def test_not_declared_entry_makes_total_incomplete() -> None:
    results = IndicatorResults.from_mapping(
        "gwp_total", {"A1-A3": 1248000, "A4": NOT_DECLARED, "A5": 88400}, unit=KG_CO2E
    )
    total = results.total("A1-A5")
    assert not total.complete
    assert total.value is None
    assert total.missing == ModuleSet.parse("A4")
    assert total.explain() == "gwp_total over A1-A5 is incomplete: A4 not declared"
    assert results.get("A4") is NOT_DECLARED


def test_not_declared_outside_scope_does_not_matter() -> None:
    results = IndicatorResults.from_mapping(
        "gwp_total", {"A1-A3": 1248000, "C3": NOT_DECLARED}, unit=KG_CO2E
    )
    total = results.total("A1-A3")
    assert total.value is not None
    assert total.value.magnitude == pytest.approx(1248000.0)


def test_declared_zero_counts() -> None:
    results = IndicatorResults.from_mapping(
        "gwp_total", {"A1-A3": 0, "A4": 0, "A5": 0}, unit=KG_CO2E
    )
    total = results.total("A1-A5")
    assert total.complete
    assert total.value is not None
    assert total.value.magnitude == 0.0
    assert total.missing == ModuleSet.empty()


def test_declared_zero_between_values() -> None:
    results = IndicatorResults.from_mapping(
        "gwp_total", {"A1-A3": 1248000, "A4": 0, "A5": 88400}, unit=KG_CO2E
    )
    total = results.total("A1-A5")
    assert total.complete
    assert total.value is not None
    assert total.value.magnitude == pytest.approx(1336400.0)  # 1248000 + 0 + 88400


def test_aggregate_straddling_scope_is_incomplete() -> None:
    results = IndicatorResults.from_mapping("gwp_total", {"A1-A5": 1378000}, unit=KG_CO2E)
    total = results.total("A1-A3")
    assert not total.complete
    assert total.value is None
    assert total.straddling == (ModuleSet.parse("A1-A5"),)
    assert total.missing == ModuleSet.parse("A1-A3")
    assert total.explain() == (
        "gwp_total over A1-A3 is incomplete: the value declared for A1-A5 cannot be split "
        "to the scope A1-A3"
    )


def test_straddling_and_plain_missing_explained_together() -> None:
    results = IndicatorResults.from_mapping(
        "gwp_total", {"A1-A5": 1378000, "C3": 5000}, unit=KG_CO2E
    )
    total = results.total("A1-A3,C3-C4")
    assert total.value is None
    assert total.missing == ModuleSet.parse("A1-A3,C4")
    assert total.explain() == (
        "gwp_total over A1-A3,C3-C4 is incomplete: C4 not declared; the value declared "
        "for A1-A5 cannot be split to the scope A1-A3,C3-C4"
    )


def test_aggregate_inside_scope_counts() -> None:
    results = IndicatorResults.from_mapping("gwp_total", {"A1-A5": 1378000}, unit=KG_CO2E)
    total = results.total("A1-A5,A0")
    assert total.value is None
    assert total.missing == ModuleSet.parse("A0")
    total = results.total("A1-A5")
    assert total.value is not None
    assert total.value.magnitude == pytest.approx(1378000.0)


def test_overlapping_keys_rejected() -> None:
    msg = "`gwp_total` entries must not overlap; got A1 and A1-A3, which share A1"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        IndicatorResults.from_mapping("gwp_total", {"A1-A3": 1000, "A1": 200}, unit=KG_CO2E)


def test_values_in_tonnes_equal_values_in_kg() -> None:
    in_tonnes = IndicatorResults.from_mapping(
        "gwp_total", {"A1-A3": 1248, "A4": 41.6, "A5": 88.4}, unit="t CO2e"
    )
    in_kg = example()
    tonnes_map = in_tonnes.to_mapping()
    kg_map = in_kg.to_mapping()
    assert tonnes_map.keys() == kg_map.keys()
    for key, value in kg_map.items():
        assert tonnes_map[key] == pytest.approx(value)
    total = in_tonnes.total("A1-A5").value
    assert total is not None
    assert total.units == parse_unit(KG_CO2E)
    assert total.magnitude == pytest.approx(1378000.0)


def test_result_in_plain_kg_rejected() -> None:
    msg = "`A1-A3` must be in a unit of [mass] * [co2e] such as 'kg CO2e'; got 1248 kg ([mass])"
    with pytest.raises(UnitsError, match=re.escape(msg)):
        IndicatorResults.from_mapping("gwp_total", {"A1-A3": 1248}, unit="kg")


def test_result_in_eur_rejected_for_gwp() -> None:
    with pytest.raises(UnitsError):
        IndicatorResults.from_mapping("gwp_total", {"A1-A3": 1248}, unit="EUR")


def test_mki_result_in_kg_co2e_rejected() -> None:
    with pytest.raises(UnitsError):
        IndicatorResults.from_mapping("mki", {"A1-A3": 1248}, unit=KG_CO2E)


def test_bare_number_without_unit_rejected() -> None:
    msg = "`A1-A3` must state its unit; got the bare number 1248"
    with pytest.raises(UnitsError, match=re.escape(msg)):
        IndicatorResults.from_mapping("gwp_total", {"A1-A3": 1248})


def test_unknown_indicator_rejected() -> None:
    with pytest.raises(UnknownReferenceError):
        IndicatorResults.from_mapping("co2", {"A1-A3": 1}, unit=KG_CO2E)


def test_module_d_excluded_from_a_to_c_scope() -> None:
    results = IndicatorResults.from_mapping(
        "gwp_total",
        {"A1-A3": 100, "A4": 10, "A5": 20, "C1-C4": 30, "D": -50},
        unit=KG_CO2E,
    )
    total = results.total("A1-A5,C1-C4")
    assert total.value is not None
    assert total.value.magnitude == pytest.approx(160.0)  # 100 + 10 + 20 + 30, D left out
    with_d = results.total("A1-A5,C1-C4,D")
    assert with_d.value is not None
    assert with_d.value.magnitude == pytest.approx(110.0)  # 160 - 50


def test_scaled() -> None:
    results = IndicatorResults.from_mapping(
        "gwp_total", {"A1-A3": 100, "A4": NOT_DECLARED, "A5": 20}, unit=KG_CO2E
    )
    doubled = results.scaled(2.0)
    assert doubled.indicator == "gwp_total"
    assert doubled.to_mapping() == {"A1-A3": 200.0, "A4": NOT_DECLARED, "A5": 40.0}
    # The original is unchanged.
    assert results.to_mapping() == {"A1-A3": 100.0, "A4": NOT_DECLARED, "A5": 20.0}


def test_scaled_total() -> None:
    halved = example().scaled(0.5).total("A1-A5").value
    assert halved is not None
    assert halved.magnitude == pytest.approx(689000.0)  # 1378000 / 2


def test_get_exact_module_set() -> None:
    results = example()
    a4 = results.get("A4")
    assert a4 is not NOT_DECLARED
    assert a4.magnitude == pytest.approx(41600.0)  # type: ignore[union-attr]
    # A1 alone has no entry of its own: it is only part of A1-A3.
    assert results.get("A1") is NOT_DECLARED


def test_not_declared_is_falsy_and_never_zero() -> None:
    assert not NOT_DECLARED
    assert NOT_DECLARED != 0
    assert repr(NOT_DECLARED) == "NOT_DECLARED"


def test_result_entry_rejects_nan() -> None:
    with pytest.raises(InvalidInputError):
        ResultEntry("A1-A3", float("nan"))


def test_result_entry_rejects_empty_modules() -> None:
    msg = "`modules` of a result entry must name at least one module; got ''"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        ResultEntry("", 1.0)


def test_equality() -> None:
    assert example() == example()
    assert example() != example().scaled(2.0)


def test_numpy_numbers_are_plain_numbers_in_the_unit_given() -> None:
    # A tool that reads its results from a table hands numpy scalars over: np.int64 and
    # np.float32 were refused as "must be a quantity with a unit" though the unit was given.
    results = IndicatorResults.from_mapping(
        "gwp_total",
        {"A1-A3": np.int64(1248), "A4": np.float32(41.5), "A5": np.float64(88.4)},
        unit="t CO2e",
    )
    assert results.to_mapping() == {"A1-A3": 1_248_000.0, "A4": 41_500.0, "A5": 88_400.0}
    with pytest.raises(UnitsError, match=re.escape("`A4` must state its unit; got the bare")):
        IndicatorResults.from_mapping("gwp_total", {"A4": np.int64(5)})
