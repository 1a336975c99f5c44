"""Building construction, validation and value semantics."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs
import pytest

from climatelimits.buildings import (
    Building,
    BuildingDates,
    BuildingPart,
    DateBasis,
    UseCategory,
)
from climatelimits.exceptions import InvalidInputError, UnitsError, UnknownReferenceError
from climatelimits.results import IndicatorResults
from climatelimits.units import parse_unit, registry

USES = (
    "detached_house, row_house, farmhouse, holiday_home, multi_family_housing, office, education, "
    "preschool, institution, retail, warehouse, hotel, care_home, hospital, sports_hall, "
    "parking, other"
)
AREAS = (
    "dk_floor, dk_heated, dk_reference, dk_reference_2025, eu_ufa, "
    "fi_heated_net, fr_sref, gfa, nl_bvo, nl_go, se_bta"
)


def make(**overrides: Any) -> Building:
    fields: dict[str, Any] = {
        "id": "b1",
        "use": "office",
        "name": "Head office",
        "country": "SE",
        "dates": BuildingDates(permit_application="2025-03-01", completion="2027-01-15"),
        "areas": {"se_bta": "5200 m^2", "gfa": "5300 m2"},
        "reference_study_period": "50 year",
    }
    fields.update(overrides)
    return Building(**fields)


def test_construction_from_strings() -> None:
    building = make()
    assert building.id == "b1"
    assert building.use is UseCategory.OFFICE
    assert building.country == "SE"
    se_bta = building.areas["se_bta"]
    assert se_bta._REGISTRY is registry()
    assert se_bta.units == parse_unit("m^2")
    assert se_bta.magnitude == 5200.0
    assert building.areas["gfa"].magnitude == 5300.0
    rsp = building.reference_study_period
    assert rsp is not None
    assert rsp.units == parse_unit("year")
    assert rsp.magnitude == 50.0
    assert building.dates.permit_application == dt.date(2025, 3, 1)
    assert building.dates.construction_start is None
    assert building.dates.completion == dt.date(2027, 1, 15)
    assert not building.mixed_use


def test_area_converted_to_square_metres() -> None:
    building = make(areas={"se_bta": registry().Quantity(0.52, "hectare")})
    assert building.areas["se_bta"].units == parse_unit("m^2")
    assert building.areas["se_bta"].magnitude == pytest.approx(5200.0)  # 0.52 ha * 10000


def test_study_period_in_months_converted_to_years() -> None:
    rsp = make(reference_study_period="600 month").reference_study_period
    assert rsp is not None
    assert rsp.magnitude == pytest.approx(50.0)  # 600 / 12


def test_building_dates_get() -> None:
    dates = BuildingDates(permit_application="2025-03-01", completion="2027-01-15")
    assert dates.get("permit_application") == dt.date(2025, 3, 1)
    assert dates.get(DateBasis.PERMIT_APPLICATION) == dt.date(2025, 3, 1)
    assert dates.get(DateBasis.COMPLETION) == dt.date(2027, 1, 15)
    assert dates.get("construction_start") is None


def test_building_dates_reject_bad_date() -> None:
    msg = "`permit_application` must be a date (YYYY-MM-DD); got '2025-13-01'"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        BuildingDates(permit_application="2025-13-01")


def test_building_dates_reject_datetime() -> None:
    msg = "`completion` must be a date (YYYY-MM-DD); got datetime.datetime(2027, 1, 15, 0, 0)"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        BuildingDates(completion=dt.datetime(2027, 1, 15))


def test_area_lookup() -> None:
    building = make()
    se_bta = building.area("se_bta")
    assert se_bta is not None
    assert se_bta.magnitude == 5200.0
    assert building.area("fr_sref") is None  # known definition, not stated


def test_area_lookup_unknown_definition() -> None:
    msg = f"`area` must be one of {AREAS}; got 'sqm'"
    with pytest.raises(UnknownReferenceError, match=re.escape(msg)):
        make().area("sqm")


def test_country_must_be_alpha2() -> None:
    msg = "`country` must be an ISO 3166-1 alpha-2 code such as 'SE'; got 'Sweden'"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        make(country="Sweden")


def test_area_in_kg_rejected() -> None:
    msg = "`areas.se_bta` must be in a unit of [length] ** 2 such as 'm²'; got 5200 kg ([mass])"
    with pytest.raises(UnitsError, match=re.escape(msg)):
        make(areas={"se_bta": "5200 kg"})


def test_area_bare_number_rejected() -> None:
    msg = "`areas.se_bta` must state its unit; got the bare number 5200"
    with pytest.raises(UnitsError, match=re.escape(msg)):
        make(areas={"se_bta": 5200})


def test_unknown_area_key_rejected() -> None:
    # The message written for this case in buildings._to_areas.
    msg = f"`areas` keys must be area definitions ({AREAS}); got 'sqm'"
    with pytest.raises(UnknownReferenceError, match=re.escape(msg)):
        make(areas={"sqm": "5200 m^2"})


@pytest.mark.parametrize(
    ("area", "shown"),
    [
        pytest.param("0 m^2", "0", id="zero"),
        pytest.param("-5 m^2", "-5", id="negative"),
    ],
)
def test_area_not_positive_rejected(area: str, shown: str) -> None:
    msg = f"`areas.se_bta` must be greater than 0 m²; got {shown} m²"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        make(areas={"se_bta": area})


def test_study_period_not_positive_rejected() -> None:
    msg = "`reference_study_period` must be longer than 0 years; got 0 a"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        make(reference_study_period="0 year")


def test_use_shares_accepted() -> None:
    building = make(use_shares={"office": 0.7, "retail": 0.3})
    assert building.mixed_use
    assert building.use_shares[UseCategory.OFFICE] == 0.7
    assert building.use_shares[UseCategory.RETAIL] == 0.3


def test_use_shares_not_summing_to_one() -> None:
    msg = "`use_shares` must add up to 1; got 0.9"  # 0.6 + 0.3
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        make(use_shares={"office": 0.6, "retail": 0.3})


def test_use_shares_missing_principal_use() -> None:
    msg = "`use_shares` must include the building's `use` (office); got hotel, retail"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        make(use_shares={"hotel": 0.6, "retail": 0.4})


def test_use_share_above_one_rejected() -> None:
    msg = "`use_shares.office` must be greater than 0 and at most 1; got 1.5"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        make(use_shares={"office": 1.5, "retail": -0.5})


def test_use_shares_unknown_use() -> None:
    msg = f"`use_shares.castle` must name a use, one of {USES}; got 'castle'"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        make(use_shares={"office": 0.5, "castle": 0.5})


def test_unknown_use() -> None:
    msg = f"`use` must be one of {USES}; got 'castle'"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        make(use="castle")


def test_empty_id_rejected() -> None:
    msg = "`id` must be a non-empty text; got ''"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        make(id="")


def test_results_keyed_by_their_indicator() -> None:
    results = IndicatorResults.from_mapping("gwp_total", {"A1-A3": 100}, unit="kg CO2e")
    assert make(results={"gwp_total": results}).results["gwp_total"] is results
    assert make(results=[results]).results["gwp_total"] is results
    msg = "`results.gwp_fossil` holds results of 'gwp_total'; the keys must match"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        make(results={"gwp_fossil": results})


def test_frozen() -> None:
    building = make()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        building.name = "renamed"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        building.dates.completion = dt.date(2030, 1, 1)  # type: ignore[misc]


def test_areas_mapping_is_read_only() -> None:
    building = make()
    with pytest.raises(TypeError):
        building.areas["fr_sref"] = registry().Quantity(1.0, "m^2")  # type: ignore[index]


def test_equality_and_hash() -> None:
    from_strings = make()
    from_objects = make(
        use=UseCategory.OFFICE,
        dates=BuildingDates(
            permit_application=dt.date(2025, 3, 1), completion=dt.date(2027, 1, 15)
        ),
        areas={
            "se_bta": registry().Quantity(5200, "m^2"),
            "gfa": registry().Quantity(5300, "m^2"),
        },
        reference_study_period=registry().Quantity(50, "a"),
    )
    assert from_strings == from_objects
    assert hash(from_strings) == hash(from_objects)
    assert len({from_strings, from_objects}) == 1
    assert from_strings != make(name="Other name")
    assert from_strings != make(areas={"se_bta": "5201 m^2", "gfa": "5300 m2"})


def test_scaled_keeps_intensity() -> None:
    results = IndicatorResults.from_mapping("gwp_total", {"A1-A3": 100}, unit="kg CO2e")
    building = make(areas={"se_bta": "10 m^2"}, results={"gwp_total": results})
    doubled = building.scaled(2.0)
    assert doubled.areas["se_bta"].magnitude == pytest.approx(20.0)
    assert doubled.results["gwp_total"].to_mapping() == {"A1-A3": 200.0}
    assert building.areas["se_bta"].magnitude == 10.0  # original unchanged


@pytest.mark.parametrize("bad", [1, ["extension"], None])
def test_a_tag_that_is_not_text_is_refused_naming_it(bad: Any) -> None:
    # Tags were sorted before they were checked: a number or a list among texts raised a
    # bare TypeError ("'<' not supported", "unhashable type") instead of naming the tag.
    msg = (
        "`tags` must hold lower-case identifiers such as 'extension' (letters, digits, _); "
        f"got {bad!r}"
    )
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        make(tags=["temporary", bad])


@pytest.mark.parametrize("bad", [5, None, ["Head office"]])
def test_a_name_that_is_not_text_is_refused(bad: Any) -> None:
    # A name of another type was kept as it was: the building then wrote a file
    # (`name = 5`) that load_building refuses ("`name` must be text").
    msg = f"`name` must be text; got {bad!r}"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        make(name=bad)
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        BuildingPart("shops", "retail", name=bad)


def test_a_name_with_a_lone_surrogate_is_refused_as_no_file_can_hold_it() -> None:
    # It was kept; dumps_building then failed naming a field `text`, and a JSON file
    # written with it was refused by loads_building.
    msg = "`name` must be Unicode text; got 'a\\ud800' with a lone surrogate at character 1"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        make(name="a\ud800")
    assert [make(name=text).name for text in ("", "\r")] == ["", "\r"]  # empty, or spaces


@pytest.mark.parametrize(
    ("factor", "message"),
    [
        ("2", "`factor` must be a number; got '2'"),
        (float("nan"), "`factor` must be a finite number; got nan"),
        (0, "`factor` must be greater than 0 (areas stay above 0 m²); got 0"),
        (-1.0, "`factor` must be greater than 0 (areas stay above 0 m²); got -1"),
    ],
)
def test_scaled_refuses_a_factor_that_is_not_a_positive_number(factor: Any, message: str) -> None:
    # A text raised a bare TypeError from the multiplication, and 0 or -1 an error about
    # `areas.se_bta`, a field the caller never gave.
    results = IndicatorResults.from_mapping("gwp_total", {"A1-A3": 100}, unit="kg CO2e")
    building = make(areas={"se_bta": "10 m^2"}, results={"gwp_total": results})
    with pytest.raises(InvalidInputError) as caught:
        building.scaled(factor)
    assert str(caught.value) == message


def test_an_area_written_as_a_number_in_text_names_the_missing_unit() -> None:
    # "5200" as text read as a dimensionless quantity, and the message showed an empty
    # unit: "got 5200  (no dimension)".
    msg = "`areas.se_bta` must be in a unit of [length] ** 2 such as 'm²'; got 5200, a number "
    with pytest.raises(UnitsError) as caught:
        make(areas={"se_bta": "5200"})
    assert str(caught.value) == msg + "without a unit"
