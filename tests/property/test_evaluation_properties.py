"""Properties of check(): invariances of the normalised value and monotonicity of verdicts.

Buildings come from ``buildings_for_schedule``, so every check finds a value. Expected values
are computed here by hand (sum of entries / area / study period) or by comparing two checks.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from climatelimits.buildings import Building, UseCategory
from climatelimits.evaluation import CheckStatus, LimitCheck, check
from climatelimits.lifecycle import ModuleSet
from climatelimits.results import IndicatorResults, ResultEntry
from climatelimits.schedules import Limit, LimitSchedule, MixedUsePolicy
from climatelimits.testing import assert_quantity_allclose
from climatelimits.testing.strategies import (
    buildings_for_schedule,
    limit_metrics,
    limit_schedules,
)
from climatelimits.units import registry

# Metric units written out by hand: kg CO2e/m² per unit of the metric.
KG_PER_M2_PER_UNIT = {
    "kg CO2e/m²": 1.0,
    "t CO2e/m²": 1000.0,
    "kg CO2e/m²/a": 1.0,
    "t CO2e/m²/a": 1000.0,
}

SCALES = st.floats(min_value=0.01, max_value=100.0, allow_nan=False, allow_infinity=False)


def only_check(building: Building, schedule: LimitSchedule) -> LimitCheck:
    assessment = check(building, schedule)
    assert len(assessment.checks) == 1
    return assessment.checks[0]


def only_limit(schedule: LimitSchedule) -> Limit:
    (limit,) = schedule.limits
    return limit


def with_limit(schedule: LimitSchedule, **changes: Any) -> LimitSchedule:
    """The schedule with its one limit changed."""
    return attrs.evolve(schedule, limits=(attrs.evolve(only_limit(schedule), **changes),))


def value_of(result: LimitCheck) -> float:
    assert result.value is not None, result.reason
    return float(result.value.magnitude)


@st.composite
def checked_pairs(
    draw: st.DrawFn, schedules: st.SearchStrategy[LimitSchedule] | None = None
) -> tuple[LimitSchedule, Building]:
    schedule = draw(schedules if schedules is not None else limit_schedules())
    building = draw(buildings_for_schedule(schedule))
    return schedule, building


def naive_value(building: Building, schedule: LimitSchedule) -> float:
    """Sum of the entries in the metric's scope / area (/ study period), in the metric unit."""
    metric = only_limit(schedule).metric
    results = building.results[metric.indicator]
    total = math.fsum(
        e.value for e in results.entries if e.value is not None and e.modules <= metric.modules
    )
    area = building.areas[metric.area]
    assert str(area.units) == "meter ** 2"
    per_m2 = total / float(area.magnitude)
    if metric.per_year:
        assert metric.reference_study_period is not None
        per_m2 /= float(metric.reference_study_period.magnitude)
    unit = f"{metric.unit:~P}".replace("·", " ")
    return per_m2 / KG_PER_M2_PER_UNIT[unit]


# -- the value --------------------------------------------------------------------------------
@settings(deadline=None)
@given(checked_pairs())
def test_value_is_the_sum_in_scope_over_the_area(pair: tuple[LimitSchedule, Building]) -> None:
    schedule, building = pair
    result = only_check(building, schedule)
    assert result.status in {CheckStatus.PASS, CheckStatus.FAIL}
    assert math.isclose(value_of(result), naive_value(building, schedule), rel_tol=1e-9)


@settings(deadline=None)
@given(checked_pairs(), SCALES)
def test_scaling_results_and_area_together_leaves_the_value_unchanged(
    pair: tuple[LimitSchedule, Building], k: float
) -> None:
    schedule, building = pair
    before = only_check(building, schedule)
    after = only_check(building.scaled(k), schedule)
    assert math.isclose(value_of(after), value_of(before), rel_tol=1e-9)


@settings(deadline=None)
@given(st.data())
def test_per_year_value_is_the_total_value_divided_by_the_study_period(
    data: st.DataObject,
) -> None:
    total_metric = data.draw(limit_metrics(per_year=False, reference_study_period=50.0))
    total_metric = attrs.evolve(
        total_metric, reference_study_period=registry().Quantity(50.0, "year")
    )
    yearly_metric = attrs.evolve(total_metric, per_year=True, unit="kg CO2e/m^2/year")
    total_schedule = data.draw(limit_schedules(metrics=st.just(total_metric)))
    yearly_schedule = with_limit(total_schedule, metric=yearly_metric)
    building = data.draw(buildings_for_schedule(total_schedule))
    total = only_check(building, total_schedule)
    yearly = only_check(building, yearly_schedule)
    assert total.value is not None
    assert yearly.value is not None
    # In kg CO2e/m² and kg CO2e/m²/a, converted by hand: per year = total / 50.
    total_kg = value_of(total) * KG_PER_M2_PER_UNIT[f"{total_metric.unit:~P}".replace("·", " ")]
    assert math.isclose(value_of(yearly), total_kg / 50.0, rel_tol=1e-9)
    assert_quantity_allclose(
        yearly.value, total.value / registry().Quantity(50.0, "year"), rtol=1e-9
    )


@settings(deadline=None)
@given(checked_pairs())
def test_results_in_tonnes_give_the_same_verdict_and_value(
    pair: tuple[LimitSchedule, Building],
) -> None:
    schedule, building = pair
    indicator = only_limit(schedule).metric.indicator
    in_kg = building.results[indicator]
    tonnes: dict[str | ModuleSet, Any] = {
        str(e.modules): e.value / 1000.0 for e in in_kg.entries if e.value is not None
    }
    in_t = IndicatorResults.from_mapping(indicator, tonnes, unit="t CO2e")
    relabelled = attrs.evolve(building, results={indicator: in_t})
    before = only_check(building, schedule)
    after = only_check(relabelled, schedule)
    assert math.isclose(value_of(after), value_of(before), rel_tol=1e-12)
    assert after.status is before.status, (before.reason, after.reason)


# -- verdicts ---------------------------------------------------------------------------------
@settings(deadline=None)
@given(checked_pairs(), st.data())
def test_adding_emissions_never_turns_a_fail_into_a_pass(
    pair: tuple[LimitSchedule, Building], data: st.DataObject
) -> None:
    schedule, building = pair
    indicator = only_limit(schedule).metric.indicator
    results = building.results[indicator]
    i = data.draw(st.integers(min_value=0, max_value=len(results.entries) - 1))
    extra = data.draw(st.floats(min_value=0.0, max_value=1e7, allow_nan=False))
    entries = list(results.entries)
    old = entries[i]
    assert old.value is not None
    entries[i] = ResultEntry(old.modules, old.value + extra)
    heavier = attrs.evolve(
        building, results={indicator: IndicatorResults(indicator, tuple(entries))}
    )
    before = only_check(building, schedule)
    after = only_check(heavier, schedule)
    assert value_of(after) >= value_of(before)
    if before.status is CheckStatus.FAIL:
        assert after.status is CheckStatus.FAIL
    if after.status is CheckStatus.PASS:
        assert before.status is CheckStatus.PASS


@settings(deadline=None)
@given(checked_pairs(limit_schedules(allow_loosening=None)))
def test_passed_iff_compared_value_within_the_limit_in_force(
    pair: tuple[LimitSchedule, Building],
) -> None:
    schedule, building = pair
    result = only_check(building, schedule)
    assert result.status in {CheckStatus.PASS, CheckStatus.FAIL}
    assert result.limit is not None
    assert result.compared_value is not None
    assert result.margin is not None
    limit = float(result.limit.magnitude)
    compared = float(result.compared_value.magnitude)
    assert result.passed is (compared <= limit)
    assert result.status is (CheckStatus.PASS if compared <= limit else CheckStatus.FAIL)
    assert math.isclose(float(result.margin.magnitude), limit - compared, abs_tol=1e-12)
    # The limit is the last step on or before the building's date, found by a scan.
    day = building.dates.get(schedule.date_basis)
    assert day is not None
    limit_ = only_limit(schedule)
    key = limit_.choose(building.use).key
    assert key is not None
    assert result.category == key
    in_force = [s for s in limit_.categories[key].steps if s.start <= day]
    assert in_force
    assert limit == in_force[-1].value
    assert result.effective_from == in_force[-1].start
    # Rounding moves the value by at most half a unit in the last decimal kept; unrounded
    # values are compared at 12 significant digits (half a unit in the 12th digit).
    decimals = limit_.metric.decimals
    value = value_of(result)
    if decimals is not None:
        tolerance = 0.5 * 10.0**-decimals
    elif value == 0:
        tolerance = 0.0
    else:
        tolerance = 0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - 11)
    assert abs(compared - value) <= tolerance * (1 + 1e-6) + 1e-9


@settings(deadline=None)
@given(checked_pairs(limit_schedules(allow_loosening=None)))
def test_complies_until_is_the_day_before_the_first_later_step_it_fails(
    pair: tuple[LimitSchedule, Building],
) -> None:
    schedule, building = pair
    result = only_check(building, schedule)
    assert result.compared_value is not None
    compared = float(result.compared_value.magnitude)
    day = building.dates.get(schedule.date_basis)
    assert day is not None
    limit = only_limit(schedule)
    key = limit.choose(building.use).key
    assert key is not None
    later = [s for s in limit.categories[key].steps if s.start > day]
    if result.status is CheckStatus.PASS:
        failing = [s for s in later if compared > s.value]
        expected = None if not failing else failing[0].start - dt.timedelta(days=1)
        assert result.complies_until == expected
    else:
        assert result.complies_until is None
    if later:
        assert result.next_step is not None
        assert result.next_step.start == later[0].start
        assert result.next_step.passes is (compared <= later[0].value)
    else:
        assert result.next_step is None


# -- mixed use ----------------------------------------------------------------------------------
@settings(deadline=None)
@given(st.data())
def test_area_weighted_limit_is_the_share_weighted_sum_of_the_uses_limits(
    data: st.DataObject,
) -> None:
    schedule = with_limit(data.draw(limit_schedules()), mixed_use=MixedUsePolicy.AREA_WEIGHTED)
    categories = only_limit(schedule).categories
    single = data.draw(buildings_for_schedule(schedule, in_force=False))
    others = data.draw(
        st.lists(
            st.sampled_from([u for u in UseCategory if u is not single.use]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    uses = [single.use, *others]
    weights = data.draw(st.lists(st.integers(1, 10), min_size=len(uses), max_size=len(uses)))
    shares = {u: w / sum(weights) for u, w in zip(uses, weights, strict=True)}
    building = attrs.evolve(single, use_shares=shares)
    day = building.dates.get(schedule.date_basis)
    assert day is not None
    result = only_check(building, schedule)

    def own_limit(use: UseCategory) -> float | None:
        key = use.value if use.value in categories else "any"
        if key not in categories:
            return None
        in_force = [s.value for s in categories[key].steps if s.start <= day]
        return in_force[-1] if in_force else None

    has_category = [u.value in categories or "any" in categories for u in uses]
    if not all(has_category):
        assert result.status is CheckStatus.INCOMPLETE
        return
    limits = [own_limit(u) for u in uses]
    if any(limit is None for limit in limits):
        assert result.status is CheckStatus.NOT_APPLICABLE
        return
    expected = math.fsum(
        shares[u] * limit for u, limit in zip(uses, limits, strict=True) if limit is not None
    )
    assert result.limit is not None, result.reason
    # rel 1e-11: the weighted limit is kept to 12 significant digits, as compared values are.
    assert math.isclose(float(result.limit.magnitude), expected, rel_tol=1e-11, abs_tol=1e-12)
    assert result.compared_value is not None
    assert result.passed is (
        float(result.compared_value.magnitude) <= float(result.limit.magnitude)
    )
