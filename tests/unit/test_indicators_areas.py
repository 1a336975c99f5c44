"""Indicator and area-definition tables."""

from __future__ import annotations

import re

import pytest

from climatelimits.areas import AREA_DEFINITIONS, AreaDefinition, get_area_definition
from climatelimits.exceptions import ClimateLimitsError, UnknownReferenceError
from climatelimits.indicators import INDICATORS, Indicator, get_indicator
from climatelimits.units import parse_unit

INDICATOR_IDS = [
    "gwp_total",
    "gwp_fossil",
    "gwp_biogenic",
    "gwp_luluc",
    "gwp_ghg",
    "re2020_ic_construction",
    "mki",
]
AREA_IDS = [
    "gfa",
    "se_bta",
    "dk_reference",
    "dk_heated",
    "fr_sref",
    "fi_heated_net",
    "nl_bvo",
    "eu_ufa",
    "dk_floor",
    "nl_go",
]


@pytest.mark.parametrize("indicator_id", INDICATOR_IDS, ids=INDICATOR_IDS)
def test_required_indicator_exists(indicator_id: str) -> None:
    indicator = get_indicator(indicator_id)
    assert isinstance(indicator, Indicator)
    assert indicator.id == indicator_id
    assert INDICATORS[indicator_id] is indicator


@pytest.mark.parametrize("area_id", AREA_IDS, ids=AREA_IDS)
def test_required_area_exists(area_id: str) -> None:
    area = get_area_definition(area_id)
    assert isinstance(area, AreaDefinition)
    assert area.id == area_id
    assert AREA_DEFINITIONS[area_id] is area


@pytest.mark.parametrize(
    "indicator_id",
    ["gwp_total", "gwp_fossil", "gwp_biogenic", "gwp_luluc", "gwp_ghg", "re2020_ic_construction"],
)
def test_gwp_indicators_are_in_kg_co2e(indicator_id: str) -> None:
    indicator = get_indicator(indicator_id)
    assert parse_unit(indicator.unit) == parse_unit("kg CO2e")
    assert dict(indicator.dimensionality) == {"[mass]": 1, "[co2e]": 1}  # type: ignore[call-overload]


def test_mki_is_in_eur_with_another_dimension_than_gwp_total() -> None:
    mki = get_indicator("mki")
    assert mki.unit == "EUR"
    assert dict(mki.dimensionality) == {"[currency]": 1}  # type: ignore[call-overload]
    assert mki.dimensionality != get_indicator("gwp_total").dimensionality


@pytest.mark.parametrize(
    ("area_id", "jurisdiction"),
    [
        ("gfa", "INT"),
        ("se_bta", "SE"),
        ("dk_reference", "DK"),
        ("dk_heated", "DK"),
        ("fr_sref", "FR"),
        ("fi_heated_net", "FI"),
        ("nl_bvo", "NL"),
        ("eu_ufa", "EU"),
        ("dk_floor", "DK"),
        ("nl_go", "NL"),
    ],
)
def test_area_jurisdiction(area_id: str, jurisdiction: str) -> None:
    assert get_area_definition(area_id).jurisdiction == jurisdiction


def test_unknown_indicator_lists_known_ids() -> None:
    msg = (
        "`indicator` must be one of gwp, gwp_biogenic, gwp_fossil, gwp_ghg, gwp_luluc, "
        "gwp_total, mki, odp, re2020_ic_construction, re2020_ic_energie; got 'co2'"
    )
    with pytest.raises(UnknownReferenceError, match=re.escape(msg)):
        get_indicator("co2")


def test_unknown_area_lists_known_ids() -> None:
    msg = (
        "`area` must be one of dk_floor, dk_heated, dk_reference, dk_reference_2025, eu_ufa, "
        "fi_heated_net, "
        "fr_sref, gfa, nl_bvo, nl_go, se_bta; got 'sqm'"
    )
    with pytest.raises(UnknownReferenceError, match=re.escape(msg)):
        get_area_definition("sqm")


@pytest.mark.parametrize(
    "lookup",
    [
        pytest.param(lambda: get_indicator("nope"), id="indicator"),
        pytest.param(lambda: get_area_definition("nope"), id="area"),
    ],
)
def test_unknown_reference_is_lookup_error_not_key_error(lookup: object) -> None:
    with pytest.raises(LookupError) as info:
        lookup()  # type: ignore[operator]
    assert isinstance(info.value, UnknownReferenceError)
    assert isinstance(info.value, ClimateLimitsError)
    assert not isinstance(info.value, KeyError)


def test_unhashable_id_is_unknown_reference() -> None:
    with pytest.raises(UnknownReferenceError, match=re.escape("got ['gwp_total']")):
        get_indicator(["gwp_total"])  # type: ignore[arg-type]


def test_membership_of_unknown_id_is_false() -> None:
    # A Mapping must answer `in` with True/False, never raise.
    assert "gwp_total" in INDICATORS
    assert "se_bta" in AREA_DEFINITIONS
    assert "nope" not in INDICATORS
    assert "nope" not in AREA_DEFINITIONS


def test_mapping_get_of_unknown_id_returns_default() -> None:
    assert INDICATORS.get("nope") is None
    assert AREA_DEFINITIONS.get("nope", "fallback") == "fallback"
