"""Properties of multi-limit schedules, exemptions and size bands.

Schedules come from ``limit_schedules(max_limits=3)``; some are given the rules real schemes
use (thresholds, exemptions, tags, size bands, unconfirmed values, uncertain first days)
before they are written and read back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from climatelimits.areas import AREA_DEFINITIONS
from climatelimits.buildings import Building
from climatelimits.evaluation import CheckStatus, check
from climatelimits.io import dumps_schedule, loads_schedule
from climatelimits.schedules import (
    AreaCondition,
    Exemption,
    Limit,
    LimitCategory,
    LimitMetric,
    LimitSchedule,
    LimitStep,
)
from climatelimits.testing.strategies import buildings_for_schedule, limit_schedules
from climatelimits.units import registry

MULTI = limit_schedules(max_limits=3)
AREA_IDS = st.sampled_from(sorted(AREA_DEFINITIONS))
# Bounds in m², as written in files: whole numbers and numbers with decimals.
BOUNDS = st.one_of(
    st.integers(min_value=1, max_value=100_000).map(float),
    st.floats(min_value=0.5, max_value=1e5, allow_nan=False, allow_subnormal=False),
)
TAGS = st.lists(st.sampled_from(["extension", "temporary", "district_heating"]), unique=True)
METRIC = LimitMetric("gwp_total", "A1-A5", "se_bta", False, "kg CO2e/m^2")


@st.composite
def conditions(draw: st.DrawFn, area: str | None = None) -> AreaCondition:
    """A condition with one bound, or a band with a lower and an upper bound."""
    where = area if area is not None else draw(AREA_IDS)
    low, high = sorted(draw(st.lists(BOUNDS, min_size=2, max_size=2, unique=True)))
    shape = draw(st.sampled_from(["low", "high", "band"]))
    kwargs: dict[str, Any] = {}
    if shape in {"low", "band"}:
        kwargs[draw(st.sampled_from(["above", "at_least"]))] = f"{low!r} m^2"
    if shape in {"high", "band"}:
        kwargs[draw(st.sampled_from(["below", "at_most"]))] = f"{high!r} m^2"
    return AreaCondition(where, **kwargs)


@st.composite
def with_uncertain_and_unconfirmed_steps(
    draw: st.DrawFn, category: LimitCategory
) -> LimitCategory:
    """Some steps not confirmed, and some with a window for their first day."""
    steps = list(category.steps)
    for i, step in enumerate(steps):
        value = None if draw(st.booleans()) and draw(st.booleans()) else step.value
        latest = None
        limit = steps[i + 1].start if i + 1 < len(steps) else dt.date(2045, 12, 31)
        room = (limit - step.start).days - 1
        if room >= 1 and draw(st.booleans()):
            latest = step.start + dt.timedelta(days=draw(st.integers(1, room)))
        steps[i] = LimitStep(step.start, value, latest)
    return attrs.evolve(category, steps=tuple(steps))


@st.composite
def enriched(draw: st.DrawFn, schedule: LimitSchedule) -> LimitSchedule:
    """The schedule given thresholds, exemptions, tags, size bands and uncertain steps."""
    tags = {"extension": "An extension.", "temporary": "A temporary building."}
    limits = []
    for limit in schedule.limits:
        categories = {
            key: draw(with_uncertain_and_unconfirmed_steps(c))
            for key, c in limit.categories.items()
        }
        # A size-banded pair for holiday homes, unless the limit names them already.
        named = {u for c in categories.values() for u in c.uses}
        if "holiday_home" not in {u.value for u in named} and draw(st.booleans()):
            area = draw(AREA_IDS)
            bound = f"{draw(BOUNDS)!r} m^2"
            first = next(iter(categories.values()))
            categories["holiday_small"] = attrs.evolve(
                first, uses=("holiday_home",), size=AreaCondition(area, below=bound), tags=()
            )
            categories["holiday_large"] = attrs.evolve(
                first,
                uses=("holiday_home",),
                size=AreaCondition(area, at_least=bound),
                tags=tuple(draw(st.lists(st.sampled_from(sorted(tags)), unique=True))),
            )
        limits.append(attrs.evolve(limit, categories=categories))
    exemptions = [
        Exemption(
            f"rule_{i}",
            "Exempt by the rule.",
            area=draw(st.one_of(st.none(), conditions())),
            tags=tuple(draw(st.lists(st.sampled_from(sorted(tags)), min_size=1, unique=True))),
        )
        for i in range(draw(st.integers(min_value=0, max_value=2)))
    ]
    return attrs.evolve(
        schedule,
        limits=tuple(limits),
        applies_when=tuple(draw(st.lists(conditions(), max_size=2))),
        exemptions=tuple(exemptions),
        tags=tags,
    )


def rich_schedules() -> st.SearchStrategy[LimitSchedule]:
    return MULTI.flatmap(enriched)


# -- files --------------------------------------------------------------------------------------
@settings(deadline=None)
@given(MULTI, st.sampled_from(["toml", "json"]))
def test_multi_limit_schedules_round_trip(schedule: LimitSchedule, kind: str) -> None:
    text = dumps_schedule(schedule, format=kind)
    again = loads_schedule(text, format=kind)
    assert again == schedule
    assert [limit.id for limit in again.limits] == [limit.id for limit in schedule.limits]


@settings(deadline=None)
@given(rich_schedules(), st.sampled_from(["toml", "json"]))
def test_schedules_with_every_rule_round_trip(schedule: LimitSchedule, kind: str) -> None:
    assert loads_schedule(dumps_schedule(schedule, format=kind), format=kind) == schedule


# -- verdicts of several limits ------------------------------------------------------------------
@settings(deadline=None)
@given(MULTI, st.data())
def test_an_assessment_fails_exactly_when_some_check_fails(
    schedule: LimitSchedule, data: st.DataObject
) -> None:
    building = data.draw(buildings_for_schedule(schedule, in_force=data.draw(st.booleans())))
    assessment = check(building, schedule)
    statuses = [c.status for c in assessment.checks]
    assert len(statuses) == len(schedule.limits)
    assert (assessment.passed is False) is (CheckStatus.FAIL in statuses)
    assert (assessment.passed is True) is all(s is CheckStatus.PASS for s in statuses)
    # The assessment agrees with checking each limit as a schedule of its own.
    for limit, result in zip(schedule.limits, assessment.checks, strict=True):
        alone = check(building, attrs.evolve(schedule, limits=(limit,))).checks[0]
        assert result.limit_id == limit.id
        assert (result.status, result.limit, result.value) == (
            alone.status,
            alone.limit,
            alone.value,
        )


@settings(deadline=None)
@given(MULTI, st.data())
def test_with_several_limits_each_reason_starts_with_the_limit_title_or_id(
    schedule: LimitSchedule, data: st.DataObject
) -> None:
    # Titles on every other limit: "Title 0", no title, "Title 2".
    limits = tuple(
        attrs.evolve(limit, title="" if i % 2 else f"Title {i}")
        for i, limit in enumerate(schedule.limits)
    )
    titled = attrs.evolve(schedule, limits=limits)
    building = data.draw(buildings_for_schedule(titled))
    for i, (limit, result) in enumerate(zip(limits, check(building, titled).checks, strict=True)):
        alone = check(building, attrs.evolve(titled, limits=(limit,))).checks[0]
        if len(limits) == 1:
            assert result.reason == alone.reason
            continue
        # "limit_1" as the prefix of a sentence is "Limit_1".
        prefix = f"Title {i}: " if i % 2 == 0 else f"L{limit.id[1:]}: "
        assert result.reason.startswith(prefix)
        rest = result.reason[len(prefix) :]
        assert rest[:1].upper() + rest[1:] == alone.reason


@settings(deadline=None)
@given(MULTI, st.data())
def test_assessment_passed_follows_the_checks_under_every_rule(
    schedule: LimitSchedule, data: st.DataObject
) -> None:
    # Buildings drawn for the bare schedule, checked against its richer form: some are
    # exempt, outside a threshold, in a window or under an unconfirmed value.
    building = data.draw(buildings_for_schedule(schedule, in_force=data.draw(st.booleans())))
    rich = data.draw(enriched(schedule))
    tags = data.draw(st.lists(st.sampled_from(sorted(rich.tags)), unique=True))
    building = attrs.evolve(building, tags=tuple(tags))
    assessment = check(building, rich)
    statuses = [c.status for c in assessment.checks]
    assert (assessment.passed is False) is (CheckStatus.FAIL in statuses)
    assert (assessment.passed is True) is (
        bool(statuses) and all(s is CheckStatus.PASS for s in statuses)
    )


# -- exemptions -------------------------------------------------------------------------------
@st.composite
def matching_exemptions(draw: st.DrawFn, building: Building) -> Exemption:
    """An exemption whose every condition the building meets."""
    area_id, area = draw(st.sampled_from(sorted(building.areas.items())))
    magnitude = float(area.magnitude)
    area_condition = draw(
        st.sampled_from(
            [
                None,
                AreaCondition(area_id, at_most=f"{magnitude!r} m^2"),
                AreaCondition(area_id, at_least=f"{magnitude!r} m^2"),
                AreaCondition(area_id, below=f"{magnitude * 2 + 1!r} m^2"),
                AreaCondition(area_id, above=f"{magnitude / 2!r} m^2"),
            ]
        )
    )
    uses = draw(st.sampled_from([(), (building.use,)]))
    tags = (
        tuple(draw(st.lists(st.sampled_from(building.tags), unique=True))) if building.tags else ()
    )
    if not uses and area_condition is None and not tags:
        uses = (building.use,)
    return Exemption(
        "matched", "Exempt by a rule it meets.", uses=uses, area=area_condition, tags=tags
    )


@settings(deadline=None)
@given(MULTI, st.data())
def test_a_matching_exemption_exempts_every_limit(
    schedule: LimitSchedule, data: st.DataObject
) -> None:
    building = data.draw(buildings_for_schedule(schedule, in_force=data.draw(st.booleans())))
    building = attrs.evolve(building, tags=tuple(data.draw(TAGS)))
    exemption = data.draw(matching_exemptions(building))
    tags = dict.fromkeys(building.tags, "A fact.")
    exempted = attrs.evolve(schedule, exemptions=(exemption,), tags=tags)
    assessment = check(building, exempted)
    assert [c.status for c in assessment.checks] == [CheckStatus.EXEMPT] * len(schedule.limits)
    assert [c.limit_id for c in assessment.checks] == [limit.id for limit in schedule.limits]
    assert assessment.passed is None
    for result in assessment.checks:
        assert "Exempt by a rule it meets." in result.reason
        assert result.limit is None


@settings(deadline=None)
@given(MULTI, st.data())
def test_an_exemption_the_building_misses_changes_nothing(
    schedule: LimitSchedule, data: st.DataObject
) -> None:
    building = data.draw(buildings_for_schedule(schedule))
    area_id, area = data.draw(st.sampled_from(sorted(building.areas.items())))
    # Every condition but one holds: the area is just outside the band.
    missed = Exemption(
        "missed",
        "Small buildings.",
        uses=(building.use,),
        area=AreaCondition(area_id, below=f"{float(area.magnitude)!r} m^2"),
    )
    assert check(building, attrs.evolve(schedule, exemptions=(missed,))) == check(
        building, schedule
    )


# -- size bands ---------------------------------------------------------------------------------
@settings(deadline=None)
@given(conditions(area="dk_floor"), BOUNDS)
def test_a_banded_category_is_chosen_exactly_when_the_area_is_in_the_band(
    band: AreaCondition, area: float
) -> None:
    steps = (LimitStep(dt.date(2025, 1, 1), 10.0),)
    limit = Limit(
        "building",
        METRIC,
        {"banded": LimitCategory(steps, uses=("holiday_home",), size=band)},
    )
    areas = {"dk_floor": registry().Quantity(area, "m^2")}
    choice = limit.choose("holiday_home", areas)
    inside = bool(band.contains([area])[0])
    assert (choice.key == "banded") is inside
    if not inside:
        assert choice.key is None
        assert choice.undecided is False


@settings(deadline=None)
@given(BOUNDS, st.booleans(), BOUNDS)
def test_two_bands_split_at_a_bound_cover_every_area_once(
    bound: float, inclusive_low: bool, area: float
) -> None:
    below = {"at_most": f"{bound!r} m^2"} if inclusive_low else {"below": f"{bound!r} m^2"}
    above = {"above": f"{bound!r} m^2"} if inclusive_low else {"at_least": f"{bound!r} m^2"}
    small_band, large_band = AreaCondition("dk_floor", **below), AreaCondition("dk_floor", **above)
    assert not small_band.overlaps(large_band)
    steps = (LimitStep(dt.date(2025, 1, 1), 10.0),)
    limit = Limit(
        "building",
        METRIC,
        {
            "small": LimitCategory(steps, uses=("holiday_home",), size=small_band),
            "large": LimitCategory(steps, uses=("holiday_home",), size=large_band),
        },
    )
    key = limit.choose("holiday_home", {"dk_floor": registry().Quantity(area, "m^2")}).key
    # By hand: the small band holds areas below the bound (and the bound itself if inclusive).
    expected = "small" if area < bound or (area == bound and inclusive_low) else "large"
    assert key == expected
    assert bool(small_band.contains([area])[0]) is (expected == "small")
    assert bool(large_band.contains([area])[0]) is (expected == "large")
