"""The rules of real limit schemes: thresholds, size bands, tags, exemptions, mixed use by
part, per-category study periods, several limits, unconfirmed values and uncertain dates.

Every schedule here is small and made up; the expected numbers follow from the rule the test
names and are written out, never computed by the code under test.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import attrs
import numpy as np
import pytest

import climatelimits as cl
from climatelimits.evaluation import CheckStatus
from climatelimits.exceptions import (
    DataFormatError,
    InvalidInputError,
    ScheduleError,
    UnitsError,
    UnknownReferenceError,
)
from climatelimits.schedules import (
    AreaCondition,
    Exemption,
    Limit,
    LimitCategory,
    LimitMetric,
    LimitStep,
)
from climatelimits.units import as_quantity

Q = cl.registry().Quantity
KG_M2 = "kg CO2e / m^2"
DAY = dt.date(2026, 3, 2)


# -- helpers ----------------------------------------------------------------------------------
def total_metric(modules: str = "A1-A5", area: str = "se_bta") -> cl.LimitMetric:
    return cl.LimitMetric("gwp_total", modules, area, False, "kg CO2e/m^2")


def steps(*pairs: tuple[str, float | None]) -> list[LimitStep]:
    return [LimitStep(day, value) for day, value in pairs]


def category(value: float | None = 300.0, **kwargs: Any) -> LimitCategory:
    return LimitCategory(steps(("2025-01-01", value)), **kwargs)


def schedule(*limits: Limit, **kwargs: Any) -> cl.LimitSchedule:
    return cl.LimitSchedule(
        "rules", "Rules", "SE", "illustrative", "permit_application", list(limits), **kwargs
    )


def one_limit(categories: dict[str, LimitCategory], **kwargs: Any) -> cl.LimitSchedule:
    """A schedule with the one limit ``"building"`` on A1-A5 per m² se_bta (a total)."""
    tags = kwargs.pop("tags", {})
    exemptions = kwargs.pop("exemptions", ())
    applies_when = kwargs.pop("applies_when", ())
    limit = Limit("building", total_metric(), categories, **kwargs)
    return schedule(limit, tags=tags, exemptions=exemptions, applies_when=applies_when)


def results(**entries: float) -> dict[str, cl.IndicatorResults]:
    mapping = {key.replace("_", "-"): value for key, value in entries.items()}
    return {"gwp_total": cl.IndicatorResults.from_mapping("gwp_total", mapping, unit="kg CO2e")}


def building(
    use: str = "office",
    *,
    kg: float | None = 250_000.0,
    areas: dict[str, str] | None = None,
    **kwargs: Any,
) -> cl.Building:
    """A building of 1000 m² BTA with ``kg`` over A1-A5 (250 kg CO2e/m² by default).

    With ``kg=None``, pass ``results`` yourself.
    """
    kwargs.setdefault("reference_study_period", "50 year")
    if kg is not None:
        kwargs["results"] = results(A1_A5=kg)
    return cl.Building(
        "b",
        use,
        dates=cl.BuildingDates(permit_application=DAY),
        areas=areas if areas is not None else {"se_bta": "1000 m^2"},
        **kwargs,
    )


def only(assessment: cl.Assessment) -> cl.LimitCheck:
    (result,) = assessment.checks
    return result


# -- AreaCondition ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("bound", "areas", "expected"),
    [
        ({"above": "100 m^2"}, [99.0, 100.0, 100.001, 1e6], [False, False, True, True]),
        ({"at_least": "100 m^2"}, [99.999, 100.0, 101.0], [False, True, True]),
        ({"below": "200 m^2"}, [1.0, 199.999, 200.0], [True, True, False]),
        ({"at_most": "200 m^2"}, [1.0, 200.0, 200.001], [True, True, False]),
        (
            {"at_least": "100 m^2", "below": "200 m^2"},
            [99.9, 100.0, 150.0, 199.99, 200.0],
            [False, True, True, True, False],
        ),
        (
            {"above": "100 m^2", "at_most": "200 m^2"},
            [100.0, 100.5, 200.0, 200.5],
            [False, True, True, False],
        ),
        (
            {"at_least": "100 m^2", "at_most": "100 m^2"},
            [99.9, 100.0, 100.1],
            [False, True, False],
        ),
    ],
)
def test_condition_bounds_and_inclusivity(
    bound: dict[str, str], areas: list[float], expected: list[bool]
) -> None:
    condition = AreaCondition("se_bta", **bound)
    assert condition.contains(areas).tolist() == expected
    assert condition.contains(np.array(areas)).dtype == np.bool_


def test_condition_bounds_are_stored_in_square_metres() -> None:
    # 1 ha = 10 000 m²; 0.1 hectare = 1000 m².
    assert AreaCondition("se_bta", above="1 ha").lower == (10_000.0, False)
    assert AreaCondition("se_bta", at_least="0.1 hectare").lower == (1000.0, True)
    assert AreaCondition("se_bta", below="150 m2").upper == (150.0, False)
    assert AreaCondition("se_bta", at_most="150 m²").upper == (150.0, True)
    only_low = AreaCondition("se_bta", above="1 m^2")
    assert only_low.upper == (float("inf"), False)
    only_high = AreaCondition("se_bta", below="1 m^2")
    assert only_high.lower == (float("-inf"), False)
    assert only_low.above == Q(1.0, "m^2")


@pytest.mark.parametrize(
    ("bound", "text"),
    [
        ({"above": "1000 m^2"}, "dk_heated above 1000 m²"),
        ({"at_least": "150 m^2"}, "dk_heated at least 150 m²"),
        ({"below": "50 m^2"}, "dk_heated below 50 m²"),
        ({"at_most": "100 m^2"}, "dk_heated at most 100 m²"),
        (
            {"at_least": "100 m^2", "below": "250.5 m^2"},
            "dk_heated at least 100 m² and below 250.5 m²",
        ),
        (
            {"above": "0.1 ha", "at_most": "2000 m^2"},
            "dk_heated above 1000 m² and at most 2000 m²",
        ),
    ],
)
def test_condition_describes_itself(bound: dict[str, str], text: str) -> None:
    assert AreaCondition("dk_heated", **bound).describe() == text


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # [100, 200) and [200, inf) share no area.
        ({"at_least": "100 m^2", "below": "200 m^2"}, {"at_least": "200 m^2"}, False),
        # [100, 200] and [200, inf) share exactly 200 m².
        ({"at_least": "100 m^2", "at_most": "200 m^2"}, {"at_least": "200 m^2"}, True),
        ({"below": "150 m^2"}, {"at_least": "150 m^2"}, False),
        ({"at_most": "150 m^2"}, {"above": "150 m^2"}, False),
        ({"below": "150 m^2"}, {"above": "149 m^2"}, True),
        ({"below": "100 m^2"}, {"above": "200 m^2"}, False),
        ({"above": "100 m^2"}, {"above": "5000 m^2"}, True),
        ({"below": "100 m^2"}, {"below": "5 m^2"}, True),
    ],
)
def test_condition_overlaps(a: dict[str, str], b: dict[str, str], expected: bool) -> None:
    first, second = AreaCondition("se_bta", **a), AreaCondition("se_bta", **b)
    assert first.overlaps(second) is expected
    assert second.overlaps(first) is expected


def test_conditions_on_different_areas_always_overlap() -> None:
    # A building may have any se_bta together with any gfa.
    assert AreaCondition("se_bta", below="100 m^2").overlaps(AreaCondition("gfa", above="1 ha"))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"above": "1 m^2", "at_least": "2 m^2"},
            ScheduleError,
            "an area condition takes `above` or `at_least`, not both",
        ),
        (
            {"below": "1 m^2", "at_most": "2 m^2"},
            ScheduleError,
            "an area condition takes `below` or `at_most`, not both",
        ),
        (
            {},
            ScheduleError,
            "the condition on `se_bta` must give a bound (above, at_least, below or at_most)",
        ),
        (
            {"above": "200 m^2", "below": "100 m^2"},
            ScheduleError,
            "the condition `se_bta above 200 m² and below 100 m²` can never hold",
        ),
        (
            {"above": "100 m^2", "below": "100 m^2"},
            ScheduleError,
            "the condition `se_bta above 100 m² and below 100 m²` can never hold",
        ),
        (
            {"at_least": "100 m^2", "below": "100 m^2"},
            ScheduleError,
            "the condition `se_bta at least 100 m² and below 100 m²` can never hold",
        ),
        (
            {"above": "100 m^2", "at_most": "100 m^2"},
            ScheduleError,
            "the condition `se_bta above 100 m² and at most 100 m²` can never hold",
        ),
        (
            {"above": 100},
            UnitsError,
            "`above` must state its unit; got the bare number 100",
        ),
        (
            {"below": "100 kg"},
            UnitsError,
            "`below` must be in a unit of [length] ** 2 such as 'm²'; got 100 kg ([mass])",
        ),
        (
            {"at_most": "100 m"},
            UnitsError,
            "`at_most` must be in a unit of [length] ** 2 such as 'm²'; got 100 m ([length])",
        ),
    ],
)
def test_invalid_conditions_are_refused(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        AreaCondition("se_bta", **kwargs)


def test_condition_on_an_unknown_area_is_refused() -> None:
    with pytest.raises(UnknownReferenceError, match="`area` must be one of"):
        AreaCondition("sqm", above="1 m^2")


# -- categories by size band ------------------------------------------------------------------
def holiday_homes(**kwargs: Any) -> cl.LimitSchedule:
    """Holiday homes under 150 m² floor area limited to 4.0, those of 150 m² or more to 6.7."""
    return one_limit(
        {
            "holiday_small": LimitCategory(
                steps(("2025-07-01", 4.0)),
                title="Small holiday homes",
                uses=["holiday_home"],
                size=AreaCondition("dk_floor", below="150 m^2"),
            ),
            "holiday_large": LimitCategory(
                steps(("2025-07-01", 6.7)),
                uses=["holiday_home"],
                size=AreaCondition("dk_floor", at_least="150 m^2"),
            ),
        },
        **kwargs,
    )


@pytest.mark.parametrize(
    ("floor", "key", "value"),
    [
        ("149.9 m^2", "holiday_small", 4.0),
        ("150 m^2", "holiday_large", 6.7),
        ("900 m^2", "holiday_large", 6.7),
    ],
)
def test_size_band_selects_the_category(floor: str, key: str, value: float) -> None:
    limit = holiday_homes().limit("building")
    areas = {"dk_floor": as_quantity(floor)}
    choice = limit.choose("holiday_home", areas)
    assert choice.key == key
    assert choice.category is limit.categories[key]
    in_force = limit.limit_on("holiday_home", dt.date(2026, 1, 1), areas)
    assert in_force == Q(value, KG_M2)


def test_size_band_without_the_area_is_undecided() -> None:
    limit = holiday_homes().limit("building")
    choice = limit.choose("holiday_home", {"se_bta": Q(100.0, "m^2")})
    assert choice.key is None
    assert choice.category is None
    assert choice.undecided is True
    assert choice.reason == (
        "it needs the building's Etageareal (dk_floor) area to choose the category "
        "(holiday_small covers dk_floor below 150 m²), and none is stated"
    )
    assert limit.limit_on("holiday_home", dt.date(2026, 1, 1)) is None


def test_check_without_the_size_area_is_incomplete() -> None:
    result = only(cl.check(building("holiday_home", kg=3000.0), holiday_homes()))
    assert result.status is CheckStatus.INCOMPLETE
    assert result.category is None
    assert result.reason == (
        "Schedule rules: it needs the building's Etageareal (dk_floor) area to choose the "
        "category (holiday_small covers dk_floor below 150 m²), and none is stated."
    )


def test_check_in_a_size_band_uses_its_limit() -> None:
    # 1000 m² BTA, 3000 kg CO2e: 3.0 kg CO2e/m², within the 4.0 of small holiday homes.
    small = building(
        "holiday_home", kg=3000.0, areas={"se_bta": "1000 m^2", "dk_floor": "120 m^2"}
    )
    result = only(cl.check(small, holiday_homes()))
    assert result.status is CheckStatus.PASS
    assert result.category == "holiday_small"
    assert result.limit == Q(4.0, KG_M2)
    assert "for Small holiday homes (holiday_small)" in result.reason
    # 5000 kg: 5.0 kg CO2e/m², above 4.0 but within the 6.7 of the large ones.
    heavier = building(
        "holiday_home", kg=5000.0, areas={"se_bta": "1000 m^2", "dk_floor": "120 m^2"}
    )
    assert only(cl.check(heavier, holiday_homes())).status is CheckStatus.FAIL
    large = attrs.evolve(heavier, areas={"se_bta": "1000 m^2", "dk_floor": "150 m^2"})
    result = only(cl.check(large, holiday_homes()))
    assert (result.status, result.category, result.limit) == (
        CheckStatus.PASS,
        "holiday_large",
        Q(6.7, KG_M2),
    )


def test_use_named_by_a_band_is_not_covered_by_the_catch_all() -> None:
    # Bands below 100 and from 200 m²: a holiday home of 150 m² falls in neither, and the
    # catch-all covers only uses no category names.
    limit = one_limit(
        {
            "small": category(
                uses=["holiday_home"], size=AreaCondition("dk_floor", below="100 m^2")
            ),
            "large": category(
                uses=["holiday_home"], size=AreaCondition("dk_floor", at_least="200 m^2")
            ),
            "any": category(500.0),
        }
    ).limit("building")
    choice = limit.choose("holiday_home", {"dk_floor": Q(150.0, "m^2")})
    assert choice.key is None
    assert choice.undecided is False
    assert choice.reason == (
        "no category for holiday_home buildings fits this one (small: dk_floor below 100 m²; "
        "large: dk_floor at least 200 m²)"
    )
    assert limit.choose("office").key == "any"


def test_use_without_a_category_is_not_applicable() -> None:
    result = only(cl.check(building("office"), holiday_homes()))
    assert result.status is CheckStatus.NOT_APPLICABLE
    assert result.reason == "Schedule rules: it sets no limit for office buildings."


# -- categories by tags -----------------------------------------------------------------------
def apartments() -> cl.LimitSchedule:
    """Apartment buildings 16.0; those tagged ``two_storeys`` 14.0."""
    return schedule(
        Limit(
            "building",
            total_metric(),
            {
                "multi_family_housing": category(16.0),
                "low_rise": category(14.0, uses=["multi_family_housing"], tags=["two_storeys"]),
            },
        ),
        tags={"two_storeys": "At most two residential storeys."},
    )


def test_the_category_requiring_more_tags_wins() -> None:
    limit = apartments().limit("building")
    assert limit.choose("multi_family_housing").key == "multi_family_housing"
    assert limit.choose("multi_family_housing", tags=["two_storeys"]).key == "low_rise"
    assert limit.choose("multi_family_housing", tags=["two_storeys", "other"]).key == "low_rise"
    day = dt.date(2026, 1, 1)
    assert limit.limit_on("multi_family_housing", day, tags=("two_storeys",)) == Q(14.0, KG_M2)
    assert limit.limit_on("multi_family_housing", day) == Q(16.0, KG_M2)


def test_building_tags_select_the_category_in_a_check() -> None:
    # 15 000 kg / 1000 m² = 15.0: within 16.0, above 14.0.
    plain = building("multi_family_housing", kg=15_000.0)
    tagged = attrs.evolve(plain, tags=("two_storeys",))
    assert only(cl.check(plain, apartments())).status is CheckStatus.PASS
    result = only(cl.check(tagged, apartments()))
    assert result.status is CheckStatus.FAIL
    assert result.category == "low_rise"
    assert result.limit == Q(14.0, KG_M2)


def test_a_category_with_tags_only_covers_tagged_buildings() -> None:
    limit = schedule(
        Limit(
            "building",
            total_metric(),
            {"heated": category(uses=["office"], tags=["district_heating"])},
        ),
        tags={"district_heating": "Connected to district heating."},
    ).limit("building")
    choice = limit.choose("office")
    assert choice.key is None
    assert choice.reason == (
        "no category for office buildings fits this one (heated: any size, tags district_heating)"
    )


def test_tags_must_be_declared_by_the_schedule() -> None:
    msg = (
        "`limits[0].categories.low_rise.tags` uses the tag 'two_storeys', which the schedule's "
        "`tags` table does not explain (declared: none)"
    )
    limit = Limit(
        "building", total_metric(), {"low_rise": category(uses=["office"], tags=["two_storeys"])}
    )
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        schedule(limit)
    exempt = Exemption("temporary", "Temporary buildings.", tags=["temporary"])
    msg = (
        "`exemptions[0].tags` uses the tag 'temporary', which the schedule's `tags` table does "
        "not explain (declared: two_storeys)"
    )
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        schedule(limit, exemptions=[exempt], tags={"two_storeys": "Two storeys."})


@pytest.mark.parametrize("tag", ["Two storeys", "2storeys", "two-storeys", ""])
def test_tags_must_be_lower_case_identifiers(tag: str) -> None:
    with pytest.raises(InvalidInputError, match="`tags` must hold lower-case identifiers"):
        LimitCategory(steps(("2025-01-01", 1.0)), uses=["office"], tags=[tag])
    with pytest.raises(InvalidInputError, match="`tags` must hold lower-case identifiers"):
        cl.Building("b", "office", tags=[tag])


def test_schedule_tag_table_needs_a_meaning() -> None:
    with pytest.raises(
        InvalidInputError, match=re.escape("`tags.temporary` must say what the tag means; got ''")
    ):
        one_limit({"office": category()}, tags={"temporary": ""})


def test_building_tags_are_sorted_without_repeats() -> None:
    assert cl.Building("b", "office", tags=["temporary", "extension", "temporary"]).tags == (
        "extension",
        "temporary",
    )
    with pytest.raises(InvalidInputError, match="`tags` must be a list of tags"):
        cl.Building("b", "office", tags="extension")


# -- ambiguity ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "who"),
    [
        pytest.param(
            category(uses=["office"]), category(uses=["office", "retail"]), "office", id="no-bands"
        ),
        pytest.param(
            category(uses=["office"], size=AreaCondition("se_bta", below="200 m^2")),
            category(uses=["office"], size=AreaCondition("se_bta", at_least="100 m^2")),
            "office",
            id="overlapping-bands",
        ),
        pytest.param(
            category(uses=["office"], size=AreaCondition("se_bta", at_most="150 m^2")),
            category(uses=["office"], size=AreaCondition("se_bta", at_least="150 m^2")),
            "office",
            id="bands-sharing-their-bound",
        ),
        pytest.param(
            category(uses=["office"], size=AreaCondition("se_bta", below="150 m^2")),
            category(uses=["office"], size=AreaCondition("gfa", at_least="150 m^2")),
            "office",
            id="bands-on-different-areas",
        ),
        pytest.param(
            category(uses=["office"], size=AreaCondition("se_bta", below="150 m^2")),
            category(uses=["office"]),
            "office",
            id="band-and-no-band",
        ),
    ],
)
def test_two_categories_covering_the_same_buildings_are_refused(
    a: LimitCategory, b: LimitCategory, who: str
) -> None:
    msg = (
        f"`categories.a` and `categories.b` both cover {who} with the same tags and "
        f"overlapping or missing size bands; give them disjoint `size` bands on one area, "
        f"or different `tags`"
    )
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        Limit("building", total_metric(), {"a": a, "b": b})


def test_disjoint_bands_or_different_tags_are_accepted() -> None:
    Limit(
        "building",
        total_metric(),
        {
            "small": category(uses=["office"], size=AreaCondition("se_bta", below="150 m^2")),
            "large": category(uses=["office"], size=AreaCondition("se_bta", at_least="150 m^2")),
            "tagged": category(uses=["office"], tags=["extension"]),
        },
    )


def test_two_categories_with_as_many_different_tags_are_refused() -> None:
    # A building tagged both wood and district_heating fits both; the more-tags rule cannot
    # choose, and the first key in the file won (350 or 250 by the order of the keys).
    msg = (
        "`categories.office_wood` and `categories.office_dh` both cover office and require "
        "as many tags (wood; district_heating), so a building tagged district_heating, wood "
        "fits both and neither applies before the other; give them disjoint `size` bands "
        "on one area, or let one require the other's tags as well"
    )
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        Limit(
            "building",
            total_metric(),
            {
                "office": category(),
                "office_wood": category(350.0, uses=["office"], tags=["wood"]),
                "office_dh": category(250.0, uses=["office"], tags=["district_heating"]),
            },
        )


def test_a_category_requiring_the_others_tags_and_more_is_accepted_and_wins() -> None:
    limit = Limit(
        "building",
        total_metric(),
        {
            "office": category(),
            "office_wood": category(350.0, uses=["office"], tags=["wood"]),
            "office_wood_dh": category(250.0, uses=["office"], tags=["district_heating", "wood"]),
        },
    )
    assert limit.choose("office", {}, ["wood", "district_heating"]).key == "office_wood_dh"
    assert limit.choose("office", {}, ["wood"]).key == "office_wood"
    assert limit.choose("office", {}, ["district_heating"]).key == "office"


def test_a_use_key_and_a_named_category_for_that_use_are_ambiguous() -> None:
    msg = "`categories.office` and `categories.offices` both cover office with the same tags"
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        Limit(
            "building",
            total_metric(),
            {"office": category(), "offices": category(uses=["office"])},
        )


def test_the_catch_all_lists_no_uses() -> None:
    msg = (
        "`categories.any.uses` must be empty: the catch-all covers every use no other category "
        "names; got office"
    )
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        Limit("building", total_metric(), {"any": category(uses=["office"])})


def test_uses_must_be_uses() -> None:
    with pytest.raises(InvalidInputError, match=re.escape("`uses` must name uses, each one of")):
        category(uses=["castle"])


# -- exemptions ---------------------------------------------------------------------------------
SMALL = Exemption(
    "small",
    "Buildings of at most 100 m² gross floor area are exempt.",
    area=AreaCondition("gfa", at_most="100 m^2"),
)


@pytest.mark.parametrize(
    ("gfa", "exempt"), [("80 m^2", True), ("100 m^2", True), ("100.5 m^2", False)]
)
def test_area_exemption(gfa: str, exempt: bool) -> None:
    rules = one_limit({"office": category()}, exemptions=[SMALL])
    result = only(cl.check(building(areas={"se_bta": "1000 m^2", "gfa": gfa}), rules))
    if exempt:
        assert result.status is CheckStatus.EXEMPT
        assert result.passed is None
        assert result.limit is None
        assert result.limit_id == "building"
        assert result.reason == (
            "Exempt from schedule rules (small: gfa at most 100 m²): Buildings of at most "
            "100 m² gross floor area are exempt."
        )
    else:
        # 250 kg CO2e/m² BTA against 300.
        assert result.status is CheckStatus.PASS


def test_exempt_building_gets_no_verdict() -> None:
    rules = one_limit({"office": category()}, exemptions=[SMALL])
    assessment = cl.check(building(areas={"se_bta": "1000 m^2", "gfa": "50 m^2"}), rules)
    assert assessment.passed is None
    assert assessment.explain().splitlines() == [
        f"Building b NO VERDICT schedule rules on {DAY.isoformat()}.",
        (
            "- [exempt] Exempt from schedule rules (small: gfa at most 100 m²): Buildings of at "
            "most 100 m² gross floor area are exempt."
        ),
    ]


def test_exemption_with_an_unknown_area_is_incomplete() -> None:
    rules = one_limit({"office": category()}, exemptions=[SMALL])
    result = only(cl.check(building(), rules))
    assert result.status is CheckStatus.INCOMPLETE
    assert result.reason == (
        "Whether exemption small of schedule rules applies (gfa at most 100 m²) depends on the "
        "building's gfa area, which is not stated."
    )


def test_exemption_by_use_needs_every_use_exempted() -> None:
    houses = Exemption("houses", "Detached houses are outside the rule.", uses=["detached_house"])
    rules = one_limit({"any": category()}, exemptions=[houses])
    assert only(cl.check(building("detached_house"), rules)).status is CheckStatus.EXEMPT
    assert only(cl.check(building("office"), rules)).status is CheckStatus.PASS
    mixed = building("detached_house", use_shares={"detached_house": 0.7, "office": 0.3})
    # Not exempt, and the schedule has no rule for mixed use.
    assert only(cl.check(mixed, rules)).status is CheckStatus.INCOMPLETE


def test_exemption_needs_every_condition() -> None:
    extension = Exemption(
        "small_extension",
        "Small extensions of houses are exempt.",
        uses=["detached_house", "row_house"],
        area=AreaCondition("dk_heated", below="250 m^2"),
        tags=["extension"],
    )
    rules = one_limit(
        {"any": category()}, exemptions=[extension], tags={"extension": "An extension."}
    )
    areas = {"se_bta": "1000 m^2", "dk_heated": "200 m^2"}
    house = building("row_house", areas=areas, tags=["extension"])
    assert only(cl.check(house, rules)).status is CheckStatus.EXEMPT
    # Each condition on its own is not enough.
    assert only(cl.check(attrs.evolve(house, tags=()), rules)).status is CheckStatus.PASS
    assert only(cl.check(attrs.evolve(house, use="office"), rules)).status is CheckStatus.PASS
    big = attrs.evolve(house, areas={"se_bta": "1000 m^2", "dk_heated": "250 m^2"})
    assert only(cl.check(big, rules)).status is CheckStatus.PASS
    assert (
        extension.describe()
        == "uses detached_house, row_house; dk_heated below 250 m²; tagged extension"
    )


def test_exemption_applies_reports_three_states() -> None:
    areas = {"gfa": Q(50.0, "m^2")}
    assert SMALL.applies([cl.UseCategory.OFFICE], areas, ()) is True
    assert SMALL.applies([cl.UseCategory.OFFICE], {"gfa": Q(101.0, "m^2")}, ()) is False
    assert SMALL.applies([cl.UseCategory.OFFICE], {}, ()) is None


def test_invalid_exemptions_are_refused() -> None:
    with pytest.raises(
        ScheduleError,
        match=re.escape("exemption 'any' must state a condition: `uses`, `area` or `tags`"),
    ):
        Exemption("any", "Everything.")
    with pytest.raises(
        InvalidInputError, match="`id` of an exemption must be a lower-case identifier"
    ):
        Exemption("Small", "Small.", uses=["office"])
    with pytest.raises(InvalidInputError, match="`reason`"):
        Exemption("small", " ", uses=["office"])
    msg = "`exemptions` ids must be unique; got small more than once"
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        one_limit({"office": category()}, exemptions=[SMALL, SMALL])


# -- applicability ------------------------------------------------------------------------------
THRESHOLD = AreaCondition("dk_heated", above="1000 m^2")


def test_schedule_applies_only_above_its_threshold() -> None:
    rules = one_limit({"office": category()}, applies_when=[THRESHOLD])
    at = building(areas={"se_bta": "1000 m^2", "dk_heated": "1000 m^2"})
    result = only(cl.check(at, rules))
    assert result.status is CheckStatus.NOT_APPLICABLE
    assert result.reason == (
        "Schedule rules applies only to buildings with dk_heated above 1000 m²; this one has "
        "1000 m² (Opvarmet etageareal)."
    )
    above = building(areas={"se_bta": "1000 m^2", "dk_heated": "1000.5 m^2"})
    assert only(cl.check(above, rules)).status is CheckStatus.PASS


def test_threshold_without_the_area_is_incomplete() -> None:
    rules = one_limit({"office": category()}, applies_when=[THRESHOLD])
    result = only(cl.check(building(), rules))
    assert result.status is CheckStatus.INCOMPLETE
    assert result.reason == (
        "Schedule rules applies only to buildings with dk_heated above 1000 m², and the "
        "building states no Opvarmet etageareal (dk_heated) area."
    )


def test_every_threshold_must_hold() -> None:
    rules = one_limit(
        {"office": category()},
        applies_when=[THRESHOLD, AreaCondition("se_bta", below="5000 m^2")],
    )
    inside = building(areas={"se_bta": "1000 m^2", "dk_heated": "2000 m^2"})
    assert only(cl.check(inside, rules)).status is CheckStatus.PASS
    too_big = building(areas={"se_bta": "6000 m^2", "dk_heated": "2000 m^2"}, kg=6000 * 250.0)
    assert only(cl.check(too_big, rules)).status is CheckStatus.NOT_APPLICABLE


def test_gates_apply_in_order_threshold_exemption_date() -> None:
    rules = one_limit({"office": category()}, applies_when=[THRESHOLD], exemptions=[SMALL])
    # Below the threshold and exempt: the threshold decides first.
    below = building(areas={"se_bta": "1000 m^2", "dk_heated": "500 m^2", "gfa": "50 m^2"})
    assert only(cl.check(below, rules)).status is CheckStatus.NOT_APPLICABLE
    # Exempt, without the date that selects the step: exempt all the same.
    exempt = attrs.evolve(
        below,
        areas={"se_bta": "1000 m^2", "dk_heated": "1500 m^2", "gfa": "50 m^2"},
        dates=cl.BuildingDates(),
    )
    assert only(cl.check(exempt, rules)).status is CheckStatus.EXEMPT
    # Neither: without the date, incomplete.
    undated = attrs.evolve(
        exempt, areas={"se_bta": "1000 m^2", "dk_heated": "1500 m^2", "gfa": "500 m^2"}
    )
    result = only(cl.check(undated, rules))
    assert result.status is CheckStatus.INCOMPLETE
    assert "states no permit_application date" in result.reason


# -- mixed use, each part on its own -------------------------------------------------------------
def by_part() -> cl.LimitSchedule:
    """Offices 300, retail 200; a mixed-use building is judged part by part."""
    return one_limit({"office": category(300.0), "retail": category(200.0)}, mixed_use="each_part")


def mixed(shop_kg: float) -> cl.Building:
    """Offices of 600 m² with 150 000 kg (250 kg CO2e/m²); shops of 400 m² with ``shop_kg``."""
    return building(
        "office",
        use_shares={"office": 0.6, "retail": 0.4},
        parts=[
            cl.BuildingPart("offices", "office", {"se_bta": "600 m^2"}, results(A1_A5=150_000.0)),
            cl.BuildingPart(
                "shops", "retail", {"se_bta": "400 m^2"}, results(A1_A5=shop_kg), name="Shops"
            ),
        ],
    )


def test_each_part_passes_so_the_building_passes() -> None:
    # Shops: 72 000 kg / 400 m² = 180, within 200.
    assessment = cl.check(mixed(72_000.0), by_part())
    assert assessment.passed is True
    offices, shops = assessment.checks
    assert (offices.part, offices.category, offices.status) == (
        "offices",
        "office",
        CheckStatus.PASS,
    )
    assert (shops.part, shops.category, shops.status) == ("shops", "retail", CheckStatus.PASS)
    assert offices.value == Q(250.0, KG_M2)
    assert shops.value == Q(180.0, KG_M2)
    assert shops.limit == Q(200.0, KG_M2)
    assert {offices.limit_id, shops.limit_id} == {"building"}
    assert offices.reason.startswith(
        "Part offices: complies: 250 kg CO2e/m² is within the limit of 300"
    )


def test_one_failing_part_fails_the_building() -> None:
    # Shops: 88 000 kg / 400 m² = 220, above 200; the offices still pass.
    assessment = cl.check(mixed(88_000.0), by_part())
    assert assessment.passed is False
    offices, shops = assessment.checks
    assert offices.status is CheckStatus.PASS
    assert shops.status is CheckStatus.FAIL
    assert shops.margin == Q(-20.0, KG_M2)
    assert shops.reason == (
        "Part shops: exceeds the limit: 220 kg CO2e/m² is above the limit of 200 kg CO2e/m² for "
        "retail buildings, in force since 2025-01-01, by 20 kg CO2e/m² (gwp_total A1-A5 per m² "
        "se_bta)."
    )


def test_a_part_without_a_limit_leaves_no_verdict_for_the_building() -> None:
    rules = one_limit({"office": category(300.0)}, mixed_use="each_part")
    assessment = cl.check(mixed(72_000.0), rules)
    offices, shops = assessment.checks
    assert offices.status is CheckStatus.PASS
    assert shops.status is CheckStatus.NOT_APPLICABLE
    assert assessment.passed is None


def test_mixed_use_without_parts_is_incomplete() -> None:
    result = only(cl.check(attrs.evolve(mixed(72_000.0), parts=()), by_part()))
    assert result.status is CheckStatus.INCOMPLETE
    assert result.part is None
    assert result.reason == (
        "The building has mixed use (office 60%, retail 40%) and schedule rules judges each "
        "part against the limit of its own use; declare the parts with their own areas and "
        "results."
    )


def test_single_use_building_is_checked_whole_under_each_part() -> None:
    result = only(cl.check(building("office"), by_part()))
    assert (result.status, result.part, result.limit) == (CheckStatus.PASS, None, Q(300.0, KG_M2))


def test_a_part_as_a_building_keeps_the_buildings_dates_period_and_tags() -> None:
    whole = attrs.evolve(mixed(72_000.0), tags=("extension",))
    part = whole.part_as_building(whole.parts[1])
    assert part.id == "b/shops"
    assert part.name == "Shops"
    assert part.use is cl.UseCategory.RETAIL
    assert part.dates == whole.dates
    assert part.reference_study_period == Q(50.0, "year")
    assert part.tags == ("extension",)
    assert part.areas["se_bta"] == Q(400.0, "m^2")


def test_part_ids_are_unique() -> None:
    part = cl.BuildingPart("a", "office")
    with pytest.raises(
        InvalidInputError, match=re.escape("`parts` ids must be unique; got a more than once")
    ):
        cl.Building("b", "office", parts=[part, part])


# -- study period per category ------------------------------------------------------------------
def mpg_like() -> cl.LimitSchedule:
    """Per year, dwellings over 75 years (10.0), offices over 50 years (12.0)."""
    metric = cl.LimitMetric("gwp_total", "A1-A5", "se_bta", True, "kg CO2e/m^2/year")
    return schedule(
        Limit(
            "building",
            metric,
            {
                "multi_family_housing": category(10.0, reference_study_period="75 year"),
                "office": category(12.0, reference_study_period="50 year"),
            },
            mixed_use="area_weighted",
        )
    )


def test_each_category_has_its_own_study_period() -> None:
    rules = mpg_like()
    limit = rules.limit("building")
    assert limit.metric.reference_study_period is None
    assert limit.study_period_of(limit.categories["multi_family_housing"]) == Q(75.0, "year")
    assert limit.study_period_of(limit.categories["office"]) == Q(50.0, "year")
    # Office: 500 000 kg / 1000 m² / 50 years = 10.0, within 12.0.
    office = only(cl.check(building("office", kg=500_000.0), rules))
    assert office.status is CheckStatus.PASS
    assert office.value == Q(10.0, "kg CO2e / m^2 / year")
    assert office.reason.endswith("(gwp_total A1-A5 per m² se_bta per year over 50 years).")
    # Dwelling assessed over 75 years: 600 000 kg / 1000 m² / 75 years = 8.0, within 10.0.
    flats = building("multi_family_housing", kg=600_000.0, reference_study_period="75 year")
    result = only(cl.check(flats, rules))
    assert result.status is CheckStatus.PASS
    assert result.value == Q(8.0, "kg CO2e / m^2 / year")
    assert result.reason.endswith("(gwp_total A1-A5 per m² se_bta per year over 75 years).")


def test_a_dwelling_assessed_over_50_years_gets_no_verdict_against_the_75_year_category() -> None:
    flats = building("multi_family_housing", kg=600_000.0, reference_study_period="50 year")
    result = only(cl.check(flats, mpg_like()))
    assert result.status is CheckStatus.INCOMPLETE
    assert result.reason == (
        "No verdict: the building was assessed over 50 years; this limit is set for 75 years, "
        "so the results are not comparable."
    )


def test_area_weighting_across_study_periods_is_incomplete() -> None:
    both = building(
        "office", kg=500_000.0, use_shares={"office": 0.5, "multi_family_housing": 0.5}
    )
    result = only(cl.check(both, mpg_like()))
    assert result.status is CheckStatus.INCOMPLETE
    assert result.reason == (
        "The uses of this mixed-use building have limits over different study periods "
        "(50 years, 75 years) in schedule rules, so no area-weighted limit can be formed."
    )


# -- several limits -----------------------------------------------------------------------------
def br18_like() -> cl.LimitSchedule:
    """A whole-building limit of 300 on A1-A5 and a construction-process limit of 40 on A4-A5."""
    return schedule(
        Limit("building", total_metric(), {"any": category(300.0)}, title="Whole building"),
        Limit("process", total_metric("A4-A5"), {"any": category(40.0)}),
    )


def test_every_limit_is_checked_and_all_must_pass() -> None:
    # A1-A3 200 000, A4 10 000, A5 20 000 kg over 1000 m²: 230 over A1-A5, 30 over A4-A5.
    light = building(kg=None, results=results(A1_A3=200_000.0, A4=10_000.0, A5=20_000.0))
    assessment = cl.check(light, br18_like())
    assert assessment.passed is True
    whole, process = assessment.checks
    assert (whole.limit_id, whole.value, whole.limit) == (
        "building",
        Q(230.0, KG_M2),
        Q(300.0, KG_M2),
    )
    assert (process.limit_id, process.value, process.limit) == (
        "process",
        Q(30.0, KG_M2),
        Q(40.0, KG_M2),
    )
    # The reason of each check starts with the limit's title, or its id without one.
    assert whole.reason.startswith("Whole building: complies: 230 kg CO2e/m²")
    assert process.reason.startswith("Process: complies: 30 kg CO2e/m²")


def test_one_failing_limit_fails_the_assessment() -> None:
    # A5 50 000 kg: 260 over A1-A5 (passes 300), 60 over A4-A5 (fails 40).
    heavy = building(kg=None, results=results(A1_A3=200_000.0, A4=10_000.0, A5=50_000.0))
    assessment = cl.check(heavy, br18_like())
    assert assessment.passed is False
    assert [c.status for c in assessment.checks] == [CheckStatus.PASS, CheckStatus.FAIL]
    assert assessment.checks[1].reason == (
        "Process: exceeds the limit: 60 kg CO2e/m² is above the limit of 40 kg CO2e/m² for "
        "office buildings (the schedule's catch-all category), in force since 2025-01-01, by "
        "20 kg CO2e/m² (gwp_total A4-A5 per m² se_bta)."
    )


def test_one_incomplete_limit_leaves_no_verdict_unless_another_fails() -> None:
    # A4 and A5 not declared: neither limit has a value.
    partial = building(kg=None, results=results(A1_A3=200_000.0))
    assessment = cl.check(partial, br18_like())
    assert [c.status for c in assessment.checks] == [CheckStatus.INCOMPLETE] * 2
    assert assessment.passed is None
    # With the first limit on A1-A3 only: 400 kg CO2e/m² fails 300, and the missing A4-A5
    # leaves the second without a value; a failed limit fails the schedule.
    split = schedule(
        Limit("product", total_metric("A1-A3"), {"any": category(300.0)}),
        Limit("process", total_metric("A4-A5"), {"any": category(40.0)}),
    )
    heavy = building(kg=None, results=results(A1_A3=400_000.0))
    assessment = cl.check(heavy, split)
    assert [c.status for c in assessment.checks] == [CheckStatus.FAIL, CheckStatus.INCOMPLETE]
    assert assessment.passed is False
    # And a pass with an incomplete one is no verdict.
    light = building(kg=None, results=results(A1_A3=200_000.0))
    assessment = cl.check(light, split)
    assert [c.status for c in assessment.checks] == [CheckStatus.PASS, CheckStatus.INCOMPLETE]
    assert assessment.passed is None


def test_a_gate_gives_one_prefixed_check_per_limit() -> None:
    rules = attrs.evolve(br18_like(), exemptions=(SMALL,))
    assessment = cl.check(building(areas={"se_bta": "1000 m^2", "gfa": "10 m^2"}), rules)
    assert [(c.limit_id, c.status) for c in assessment.checks] == [
        ("building", CheckStatus.EXEMPT),
        ("process", CheckStatus.EXEMPT),
    ]
    assert assessment.checks[0].reason.startswith(
        "Whole building: exempt from schedule rules (small:"
    )
    assert assessment.checks[1].reason.startswith("Process: exempt from schedule rules (small:")


# -- unconfirmed values -------------------------------------------------------------------------
def unconfirmed() -> cl.LimitSchedule:
    """16.0 from 2026, a step in 2028 whose value is not confirmed."""
    return one_limit({"any": LimitCategory(steps(("2026-01-01", 16.0), ("2028-01-01", None)))})


def test_an_unconfirmed_step_gives_no_verdict() -> None:
    rules = unconfirmed()
    flats = building(kg=15_000.0)
    result = only(cl.check(flats, rules, on=dt.date(2028, 3, 1)))
    assert result.status is CheckStatus.INCOMPLETE
    assert result.limit is None
    assert result.effective_from == dt.date(2028, 1, 1)
    assert result.value == Q(15.0, KG_M2)
    assert result.reason == (
        "No verdict: schedule rules has a step for office buildings (the schedule's catch-all "
        "category) from 2028-01-01 whose value is not confirmed (see the schedule's notes)."
    )


def test_before_an_unconfirmed_step_the_confirmed_one_applies_and_the_reason_warns() -> None:
    result = only(cl.check(building(kg=15_000.0), unconfirmed(), on=dt.date(2027, 12, 31)))
    assert result.status is CheckStatus.PASS
    assert result.limit == Q(16.0, KG_M2)
    assert result.complies_until is None
    assert result.next_step is None
    assert result.reason.endswith(". The value of the step from 2028-01-01 is not confirmed.")


def test_lookups_mark_an_unconfirmed_step() -> None:
    limit = unconfirmed().limit("building")
    assert limit.limit_on("office", dt.date(2028, 1, 1)) is None
    assert limit.limit_on("office", dt.date(2027, 1, 1)) == Q(16.0, KG_M2)
    days = np.array(["2025-12-31", "2026-01-01", "2028-01-01"], dtype="datetime64[D]")
    index, values = limit.limits_on("office", days)
    assert index.tolist() == [-1, 0, -2]
    assert values.tolist() == [0.0, 16.0, 0.0]
    step = limit.categories["any"].steps[1]
    assert step.confirmed is False
    assert step.describe_value("kg CO2e/m²") == "a value not confirmed"


def test_unconfirmed_steps_do_not_hide_a_loosening() -> None:
    msg = "`categories.any.steps` must not increase"
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        Limit(
            "building",
            total_metric(),
            {
                "any": LimitCategory(
                    steps(("2026-01-01", 16.0), ("2027-01-01", None), ("2028-01-01", 18.0))
                )
            },
        )


# -- steps whose first day is not confirmed ------------------------------------------------------
def uncertain() -> cl.LimitSchedule:
    """300 from 2025-07-01; 250 from a day in 2027 (not before 2027-01-01, not after 12-31)."""
    return one_limit(
        {
            "office": LimitCategory(
                [
                    LimitStep("2025-07-01", 300.0),
                    LimitStep("2027-01-01", 250.0, latest_from="2027-12-31"),
                ]
            )
        }
    )


def check_on(kg_per_m2: float, day: str) -> cl.LimitCheck:
    return only(
        cl.check(building(kg=kg_per_m2 * 1000), uncertain(), on=dt.date.fromisoformat(day))
    )


@pytest.mark.parametrize("value", [240.0, 270.0])
def test_before_the_window_the_old_value_applies(value: float) -> None:
    result = check_on(value, "2026-12-31")
    assert result.status is CheckStatus.PASS
    assert result.limit == Q(300.0, KG_M2)
    assert result.effective_from == dt.date(2025, 7, 1)


def test_before_the_window_the_last_compliant_day_is_a_lower_bound() -> None:
    # 270 passes 300 but would fail 250, which starts on 2027-01-01 at the earliest.
    result = check_on(270.0, "2026-12-31")
    assert result.complies_until == dt.date(2026, 12, 31)
    assert result.reason.endswith(
        "It would fail the step of 250 kg CO2e/m² from a day between 2027-01-01 and "
        "2027-12-31 (not confirmed), so it complies until at least 2026-12-31."
    )
    assert check_on(310.0, "2026-12-31").status is CheckStatus.FAIL


@pytest.mark.parametrize("day", ["2027-01-01", "2027-06-15", "2027-12-30"])
def test_in_the_window_meeting_both_values_passes(day: str) -> None:
    result = check_on(240.0, day)
    assert result.status is CheckStatus.PASS
    assert result.limit == Q(250.0, KG_M2)
    assert result.margin == Q(10.0, KG_M2)
    assert result.effective_from == dt.date(2027, 1, 1)
    assert result.reason == (
        "Complies: 240 kg CO2e/m² is within the limit of 250 kg CO2e/m² for office buildings, "
        "whether the step starting on a day between 2027-01-01 and 2027-12-31 (not confirmed) "
        f"is in force on {day} or not (gwp_total A1-A5 per m² se_bta)."
    )


@pytest.mark.parametrize("day", ["2027-01-01", "2027-06-15", "2027-12-30"])
def test_in_the_window_failing_both_values_fails(day: str) -> None:
    result = check_on(310.0, day)
    assert result.status is CheckStatus.FAIL
    # It fails even the looser value, 300, which was in force from 2025-07-01.
    assert result.limit == Q(300.0, KG_M2)
    assert result.margin == Q(-10.0, KG_M2)
    assert result.effective_from == dt.date(2025, 7, 1)


@pytest.mark.parametrize("day", ["2027-01-01", "2027-06-15", "2027-12-30"])
def test_in_the_window_meeting_one_value_only_is_incomplete(day: str) -> None:
    result = check_on(270.0, day)
    assert result.status is CheckStatus.INCOMPLETE
    assert result.limit is None
    assert result.value == Q(270.0, KG_M2)
    assert result.reason == (
        f"No verdict: on {day} either 300 kg CO2e/m² or the step of 250 kg CO2e/m² starting on "
        "a day between 2027-01-01 and 2027-12-31 (not confirmed) is in force for office "
        "buildings, and 270 kg CO2e/m² meets one but not the other (gwp_total A1-A5 per m² "
        "se_bta)."
    )


@pytest.mark.parametrize(
    ("value", "status"), [(240.0, CheckStatus.PASS), (270.0, CheckStatus.FAIL)]
)
@pytest.mark.parametrize("day", ["2027-12-31", "2028-01-01"])
def test_from_the_latest_day_on_the_new_value_applies(
    value: float, status: CheckStatus, day: str
) -> None:
    # latest_from is the last day the step may start: on it, the step has started.
    result = check_on(value, day)
    assert result.status is status
    assert result.limit == Q(250.0, KG_M2)
    assert (
        "in force since a day between 2027-01-01 and 2027-12-31 (not confirmed)" in result.reason
    )


def test_an_uncertain_first_step_gives_no_verdict_in_its_window() -> None:
    rules = one_limit(
        {"office": LimitCategory([LimitStep("2027-01-01", 250.0, latest_from="2027-06-30")])}
    )
    before = only(cl.check(building(), rules, on=dt.date(2026, 12, 31)))
    assert before.status is CheckStatus.NOT_APPLICABLE
    assert before.reason.endswith(
        "the first, 250 kg CO2e/m², applies from a day between 2027-01-01 and 2027-06-30 (not "
        "confirmed)."
    )
    within = only(cl.check(building(), rules, on=dt.date(2027, 3, 1)))
    assert within.status is CheckStatus.INCOMPLETE
    assert within.reason.startswith("No verdict: on 2027-03-01 either no limit or the step of 250")
    after = only(cl.check(building(), rules, on=dt.date(2027, 7, 1)))
    assert after.status is CheckStatus.PASS


def test_invalid_uncertain_steps_are_refused() -> None:
    msg = (
        "`latest_from` must be after `from` (2027-01-01), as the last day the step may start; "
        "got 2027-01-01"
    )
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        LimitStep("2027-01-01", 250.0, latest_from="2027-01-01")
    msg = "`steps` must be strictly increasing in date; got 2027-06-01 after 2027-12-31"
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        LimitCategory(
            [
                LimitStep("2027-01-01", 250.0, latest_from="2027-12-31"),
                LimitStep("2027-06-01", 200.0),
            ]
        )


def test_area_weighting_across_an_uncertain_window_is_incomplete() -> None:
    # Offices change on an unconfirmed day in 2027; retail changes on 2027-07-01, inside it.
    rules = one_limit(
        {
            "office": LimitCategory(
                [
                    LimitStep("2025-01-01", 300.0),
                    LimitStep("2027-01-01", 250.0, latest_from="2027-12-31"),
                ]
            ),
            "retail": LimitCategory(steps(("2025-01-01", 200.0), ("2027-07-01", 150.0))),
        },
        mixed_use="area_weighted",
    )
    both = building("office", use_shares={"office": 0.5, "retail": 0.5})
    result = only(cl.check(both, rules, on=dt.date(2027, 3, 1)))
    assert result.status is CheckStatus.INCOMPLETE
    assert result.reason == (
        "Schedule rules has a step for office starting on a day between 2027-01-01 and "
        "2027-12-31 (not confirmed), and the limit of another use of this mixed-use building "
        "starts or changes on 2027-07-01, within that window, so no area-weighted limit can be "
        "formed."
    )


# -- files --------------------------------------------------------------------------------------
FULL_TOML = """\
format = "climatelimits.schedule/1"
id = "everything"
title = "Every rule at once"
jurisdiction = "DK"
status = "illustrative"
date_basis = "permit_application"
notes = "Made up for the tests."
applies_when = [{ area = "dk_heated", above = "1000 m^2" }]

[tags]
extension = "The declaration is for an extension."
two_storeys = "At most two residential storeys."

[[exemptions]]
id = "small_extension"
reason = "Small extensions of houses are exempt."
uses = ["detached_house", "row_house"]
tags = ["extension"]
area = { area = "dk_heated", below = "250 m^2" }

[[exemptions]]
id = "tiny"
reason = "Tiny buildings are exempt."
area = { area = "gfa", at_most = "10 m^2" }

[[limits]]
id = "building"
title = "Building-type limit"
mixed_use = "each_part"

[limits.metric]
indicator = "gwp_total"
modules = "A1-A3,B4,B6,C3-C4"
area = "dk_reference"
per_year = true
unit = "kg CO2e/m^2/a"
decimals = 1

[limits.categories.holiday_small]
title = "Holiday homes under 150 m²"
uses = ["holiday_home"]
size = { area = "dk_floor", below = "150 m^2" }
reference_study_period = "50 year"
steps = [
  { from = 2025-07-01, value = 4.0 },
  { from = 2027-01-01, latest_from = 2027-12-31, value = 3.6 },
  { from = 2029-01-01, value = "not confirmed" },
]

[limits.categories.low_rise]
uses = ["multi_family_housing"]
tags = ["two_storeys"]
reference_study_period = "50 year"
steps = [{ from = 2025-07-01, value = 7.0 }]

[limits.categories.multi_family_housing]
reference_study_period = "75 year"
steps = [{ from = 2025-07-01, value = 7.5 }]

[[limits]]
id = "construction_process"
allow_loosening = true

[limits.metric]
indicator = "gwp_total"
modules = "A4-A5"
area = "dk_reference"
per_year = true
unit = "kg CO2e/m^2/a"
reference_study_period = "50 year"

[limits.categories.any]
steps = [{ from = 2025-07-01, value = 1.5 }, { from = 2026-01-01, value = 1.6 }]
"""


def full_schedule() -> cl.LimitSchedule:
    """The schedule ``FULL_TOML`` describes, built in Python."""
    per_year = {"indicator": "gwp_total", "area": "dk_reference", "per_year": True}
    return cl.LimitSchedule(
        id="everything",
        title="Every rule at once",
        jurisdiction="DK",
        status="illustrative",
        date_basis="permit_application",
        notes="Made up for the tests.",
        applies_when=[AreaCondition("dk_heated", above="1000 m^2")],
        tags={
            "extension": "The declaration is for an extension.",
            "two_storeys": "At most two residential storeys.",
        },
        exemptions=[
            Exemption(
                "small_extension",
                "Small extensions of houses are exempt.",
                uses=["detached_house", "row_house"],
                area=AreaCondition("dk_heated", below="250 m^2"),
                tags=["extension"],
            ),
            Exemption(
                "tiny", "Tiny buildings are exempt.", area=AreaCondition("gfa", at_most="10 m^2")
            ),
        ],
        limits=[
            Limit(
                "building",
                cl.LimitMetric(
                    modules="A1-A3,B4,B6,C3,C4", unit="kg CO2e/m^2/year", decimals=1, **per_year
                ),
                {
                    "holiday_small": LimitCategory(
                        [
                            LimitStep("2025-07-01", 4.0),
                            LimitStep("2027-01-01", 3.6, latest_from="2027-12-31"),
                            LimitStep("2029-01-01", None),
                        ],
                        title="Holiday homes under 150 m²",
                        uses=["holiday_home"],
                        size=AreaCondition("dk_floor", below="150 m^2"),
                        reference_study_period="50 year",
                    ),
                    "low_rise": LimitCategory(
                        steps(("2025-07-01", 7.0)),
                        uses=["multi_family_housing"],
                        tags=["two_storeys"],
                        reference_study_period="50 year",
                    ),
                    "multi_family_housing": LimitCategory(
                        steps(("2025-07-01", 7.5)), reference_study_period="75 year"
                    ),
                },
                title="Building-type limit",
                mixed_use="each_part",
            ),
            Limit(
                "construction_process",
                cl.LimitMetric(
                    modules="A4-A5",
                    unit="kg CO2e/m^2/year",
                    reference_study_period="50 year",
                    **per_year,
                ),
                {"any": LimitCategory(steps(("2025-07-01", 1.5), ("2026-01-01", 1.6)))},
                allow_loosening=True,
            ),
        ],
    )


def test_the_full_file_reads_as_written() -> None:
    loaded = cl.loads_schedule(FULL_TOML)
    assert loaded == full_schedule()
    holiday = loaded.limit("building").categories["holiday_small"]
    assert holiday.steps[1].latest_from == dt.date(2027, 12, 31)
    assert holiday.steps[2].value is None
    assert loaded.limit("building").categories["multi_family_housing"].uses == (
        cl.UseCategory.MULTI_FAMILY_HOUSING,
    )


@pytest.mark.parametrize("kind", ["toml", "json"])
def test_every_rule_round_trips(kind: str) -> None:
    original = full_schedule()
    text = cl.dumps_schedule(original, format=kind)
    assert cl.loads_schedule(text, format=kind) == original


def test_written_files_use_the_documented_keys() -> None:
    toml = cl.dumps_schedule(full_schedule())
    for expected in (
        '[[limits]]\nid = "building"',
        'value = "not confirmed"',
        "latest_from = 2027-12-31",
        "[[exemptions]]",
        "[tags]",
        'mixed_use = "each_part"',
        "allow_loosening = true",
    ):
        assert expected in toml, expected
    document = json.loads(cl.dumps_schedule(full_schedule(), format="json"))
    assert document["applies_when"] == [{"area": "dk_heated", "above": "1000 m²"}]
    holiday = document["limits"][0]["categories"]["holiday_small"]
    assert holiday["size"] == {"area": "dk_floor", "below": "150 m²"}
    assert holiday["steps"][1] == {"from": "2027-01-01", "value": 3.6, "latest_from": "2027-12-31"}
    assert holiday["steps"][2] == {"from": "2029-01-01", "value": "not confirmed"}
    # A category keyed by a use covers it without saying so; None and empty values are left out.
    assert "uses" not in document["limits"][0]["categories"]["multi_family_housing"]
    assert "tags" not in document["limits"][1]["categories"]["any"]
    assert "mixed_use" not in document["limits"][1]
    assert document["exemptions"][1] == {
        "id": "tiny",
        "reason": "Tiny buildings are exempt.",
        "area": {"area": "gfa", "at_most": "10 m²"},
    }


BUILDING_TOML = """\
format = "climatelimits.building/1"
id = "mixed"
use = "office"
tags = ["extension"]
reference_study_period = "50 year"

[use_shares]
office = 0.6
retail = 0.4

[dates]
permit_application = 2026-03-02

[[parts]]
id = "offices"
name = "Offices"
use = "office"
areas = { se_bta = "600 m^2" }
results.gwp_total = { unit = "kg CO2e", "A1-A5" = 150000 }

[[parts]]
id = "shops"
use = "retail"
areas = { se_bta = "400 m^2" }
results.gwp_total = { unit = "kg CO2e", "A1-A5" = 72000 }
"""


@pytest.mark.parametrize("kind", ["toml", "json"])
def test_building_tags_and_parts_read_and_round_trip(kind: str) -> None:
    loaded = cl.loads_building(BUILDING_TOML)
    assert loaded.tags == ("extension",)
    assert [(p.id, p.use, p.name) for p in loaded.parts] == [
        ("offices", cl.UseCategory.OFFICE, "Offices"),
        ("shops", cl.UseCategory.RETAIL, ""),
    ]
    assert loaded.parts[1].areas["se_bta"] == Q(400.0, "m^2")
    total = loaded.parts[1].results["gwp_total"].total("A1-A5").value
    assert total == Q(72_000.0, "kg CO2e")
    assert cl.loads_building(cl.dumps_building(loaded, format=kind), format=kind) == loaded
    # Checked part by part: 250 within 300, 180 within 200.
    assert cl.check(loaded, by_part()).passed is True


def _schedule_problems(text: str) -> tuple[str, ...]:
    with pytest.raises(DataFormatError) as info:
        cl.loads_schedule(text, source="rules.toml")
    assert str(info.value).startswith("rules.toml: ")
    return info.value.problems


HOLIDAY_SIZE = 'size = { area = "dk_floor", below = "150 m^2" }'


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            (HOLIDAY_SIZE, 'size = { area = "dk_floor", below = 150 }'),
            "`limits[0].categories.holiday_small.size.below` must be a number with its unit as "
            'text, e.g. "150 year" or "150 m^2"; got the bare number 150',
            id="bare-bound",
        ),
        pytest.param(
            (HOLIDAY_SIZE, 'size = { area = "dk_floor", below = "150 kg" }'),
            "`limits[0].categories.holiday_small.size.below` must be in a unit of [length] ** 2 "
            "such as 'm²'; got 150 kg ([mass])",
            id="bound-in-kg",
        ),
        pytest.param(
            (HOLIDAY_SIZE, 'size = { area = "dk_floor", below = "lots" }'),
            "`limits[0].categories.holiday_small.size.below` must be a number followed by a "
            "unit, e.g. '5200 m^2'; got 'lots'",
            id="bound-not-a-number",
        ),
        pytest.param(
            (HOLIDAY_SIZE, 'size = { area = "dk_floor", below = "150 m^2", under = "1 m^2" }'),
            "`limits[0].categories.holiday_small.size` has unknown keys: under (check the "
            "spelling)",
            id="unknown-bound",
        ),
        pytest.param(
            (HOLIDAY_SIZE, 'size = { area = "dk_floor", above = "150 m^2", below = "100 m^2" }'),
            "`limits[0].categories.holiday_small.size` the condition `dk_floor above 150 m² and "
            "below 100 m²` can never hold",
            id="empty-band",
        ),
        pytest.param(
            (HOLIDAY_SIZE, 'size = { area = "floor", below = "150 m^2" }'),
            "`limits[0].categories.holiday_small.size.area` must be one of",
            id="unknown-band-area",
        ),
        pytest.param(
            ('uses = ["holiday_home"]', 'uses = ["cabin"]'),
            "`limits[0].categories.holiday_small.uses[0]` must be one of 'detached_house',",
            id="unknown-use",
        ),
        pytest.param(
            ('tags = ["two_storeys"]', 'tags = ["three_storeys"]'),
            "`limits[0].categories.low_rise.tags` uses the tag 'three_storeys', which the "
            "schedule's `tags` table does not explain (declared: extension, two_storeys)",
            id="undeclared-tag",
        ),
        pytest.param(
            ('reference_study_period = "75 year"', "reference_study_period = 75"),
            "`limits[0].categories.multi_family_housing.reference_study_period` must be a number "
            'with its unit as text, e.g. "75 year" or "75 m^2"; got the bare number 75',
            id="bare-period",
        ),
        pytest.param(
            ('reference_study_period = "75 year"\n', ""),
            "`limits[0].categories.multi_family_housing.reference_study_period` must be given for "
            "a per-year limit when the metric has none (a per-year value divides the total by it)",
            id="missing-period",
        ),
        pytest.param(
            ('value = "not confirmed"', 'value = "unknown"'),
            "`limits[0].categories.holiday_small.steps[2].value` must be a number, or 'not "
            "confirmed' for a step whose value is not confirmed; got 'unknown'",
            id="unconfirmed-misspelt",
        ),
        pytest.param(
            ("latest_from = 2027-12-31", "latest_from = 2026-12-31"),
            "`limits[0].categories.holiday_small.steps[1].latest_from` must be after `from` "
            "(2027-01-01), as the last day the step may start; got 2026-12-31",
            id="latest-before-from",
        ),
        pytest.param(
            (
                'applies_when = [{ area = "dk_heated", above = "1000 m^2" }]',
                'applies_when = [{ area = "dk_heated" }]',
            ),
            "`applies_when[0]` the condition on `dk_heated` must give a bound (above, at_least, "
            "below or at_most)",
            id="threshold-without-bound",
        ),
        pytest.param(
            (
                'applies_when = [{ area = "dk_heated", above = "1000 m^2" }]',
                'applies_when = { area = "dk_heated" }',
            ),
            "`applies_when` must be a list; got",
            id="threshold-not-a-list",
        ),
        pytest.param(
            ('reason = "Tiny buildings are exempt."\n', ""),
            "`exemptions[1].reason` is required but missing",
            id="exemption-without-reason",
        ),
        pytest.param(
            (
                'area = { area = "gfa", at_most = "10 m^2" }',
                'area = { area = "gfa", at_most = "10 m" }',
            ),
            "`exemptions[1].area.at_most` must be in a unit of [length] ** 2 such as 'm²'; got "
            "10 m ([length])",
            id="exemption-area-in-metres",
        ),
        pytest.param(
            ('area = { area = "gfa", at_most = "10 m^2" }', ""),
            "`exemptions[1]` exemption 'tiny' must state a condition: `uses`, `area` or `tags`",
            id="exemption-without-condition",
        ),
        pytest.param(
            ('two_storeys = "At most two residential storeys."', 'two_storeys = ""'),
            "`tags.two_storeys` must say what the tag means; got ''",
            id="tag-without-meaning",
        ),
        pytest.param(
            ('id = "construction_process"', 'id = "building"'),
            "`limits` ids must be unique; got building more than once",
            id="repeated-limit-id",
        ),
        pytest.param(
            ('id = "construction_process"', 'id = "construction_process"\ncolour = "red"'),
            "`limits[1]` has unknown keys: colour (check the spelling)",
            id="unknown-limit-key",
        ),
        pytest.param(
            ('mixed_use = "each_part"', 'mixed_use = "per_part"'),
            "`limits[0].mixed_use` must be one of 'none', 'principal_use', 'area_weighted', "
            "'each_part'; got 'per_part'",
            id="unknown-policy",
        ),
    ],
)
def test_bad_schedule_files_name_the_path(change: tuple[str, str], expected: str) -> None:
    text = FULL_TOML.replace(*change, 1)
    assert text != FULL_TOML
    problems = _schedule_problems(text)
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            ('tags = ["extension"]', 'tags = ["Extension"]'),
            "`tags` must hold lower-case identifiers such as 'extension' (letters, digits, _); "
            "got 'Extension'",
            id="tag-case",
        ),
        pytest.param(
            ('use = "retail"', 'use = "shop"'),
            "`parts[1].use` must be one of 'detached_house',",
            id="part-use",
        ),
        pytest.param(
            ('areas = { se_bta = "400 m^2" }', 'areas = { se_bta = "400 kg" }'),
            "`parts[1].areas.se_bta` must be in a unit of [length] ** 2 such as 'm²'; got 400 kg "
            "([mass])",
            id="part-area-in-kg",
        ),
        pytest.param(
            ('id = "shops"', 'id = "offices"'),
            "`parts` ids must be unique; got offices more than once",
            id="repeated-part-id",
        ),
    ],
)
def test_bad_building_files_name_the_path(change: tuple[str, str], expected: str) -> None:
    text = BUILDING_TOML.replace(*change, 1)
    assert text != BUILDING_TOML
    with pytest.raises(DataFormatError) as info:
        cl.loads_building(text, source="b.toml")
    assert any(p.startswith(expected) for p in info.value.problems), info.value.problems


# --- indicators accepted in place of the metric's -------------------------------------------
def test_also_accepts_must_name_other_indicators_of_the_same_unit() -> None:
    base = {
        "indicator": "gwp_total",
        "modules": "A1-A5",
        "area": "se_bta",
        "per_year": False,
        "unit": "kg CO2e/m^2",
    }
    assert LimitMetric(**base, also_accepts=["gwp"]).indicators == ("gwp_total", "gwp")
    with pytest.raises(InvalidInputError, match="must name other indicators than 'gwp_total'"):
        LimitMetric(**base, also_accepts=["gwp_total"])
    with pytest.raises(InvalidInputError, match="got 'mki' in EUR"):
        LimitMetric(**base, also_accepts=["mki"])
    with pytest.raises(InvalidInputError, match="must be a list of indicator ids"):
        LimitMetric(**base, also_accepts="gwp")
