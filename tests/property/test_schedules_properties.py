"""Properties of limit schedules: step lookup, loosening, and the generated paths.

Expected limits are found by a plain linear scan over the steps written in this file.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from climatelimits.buildings import UseCategory
from climatelimits.exceptions import ScheduleError
from climatelimits.schedules import (
    CATCH_ALL,
    Limit,
    LimitCategory,
    LimitMetric,
    LimitSchedule,
    LimitStep,
)
from climatelimits.testing.strategies import (
    limit_categories,
    limit_schedules,
    use_categories,
)

DATES = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2050, 12, 31))


def naive_limit(limit: Limit, use: UseCategory, day: dt.date) -> float | None:
    """The value of the last step on or before ``day`` in the use's category, by a scan."""
    if use.value in limit.categories:
        category = limit.categories[use.value]
    elif "any" in limit.categories:
        category = limit.categories["any"]
    else:
        return None
    found = None
    for step in category.steps:
        if step.start <= day:
            found = step.value
    return found


def naive_non_increasing(values: list[float]) -> bool:
    return all(
        values[j] <= values[i] for i in range(len(values)) for j in range(i + 1, len(values))
    )


def limit_with(categories: dict[str, LimitCategory], *, allow_loosening: bool) -> Limit:
    """The limit of the base schedule with these categories, built into a schedule."""
    limit = attrs.evolve(BASE.limits[0], categories=categories, allow_loosening=allow_loosening)
    return attrs.evolve(BASE, limits=(limit,)).limits[0]


BASE = LimitSchedule(
    id="property-base",
    title="Base schedule for property tests",
    jurisdiction="SE",
    status="illustrative",
    date_basis="permit_application",
    limits=(
        Limit(
            id="building",
            metric=LimitMetric(
                indicator="gwp_total",
                modules="A1-A5",
                area="se_bta",
                per_year=False,
                unit="kg CO2e/m^2",
            ),
            categories={"any": LimitCategory((LimitStep(dt.date(2020, 1, 1), 100.0),))},
        ),
    ),
)


# -- lookup -----------------------------------------------------------------------------------
@given(limit_schedules(allow_loosening=None, max_limits=3), use_categories(), DATES)
def test_limit_on_is_the_last_step_on_or_before_the_date(
    schedule: LimitSchedule, use: UseCategory, day: dt.date
) -> None:
    for limit in schedule.limits:
        expected = naive_limit(limit, use, day)
        value = limit.limit_on(use, day)
        if expected is None:
            assert value is None
        else:
            assert value is not None
            assert value.units == limit.metric.unit
            assert float(value.magnitude) == expected


@given(limit_schedules(allow_loosening=None), use_categories(), st.data())
def test_a_step_is_in_force_from_its_own_date_and_not_the_day_before(
    schedule: LimitSchedule, use: UseCategory, data: st.DataObject
) -> None:
    (limit,) = schedule.limits
    key = limit.choose(use).key
    if key is None:
        assert limit.limit_on(use, dt.date(2030, 1, 1)) is None
        return
    steps = limit.categories[key].steps
    i = data.draw(st.integers(min_value=0, max_value=len(steps) - 1))
    on_start = limit.limit_on(use, steps[i].start)
    assert on_start is not None
    assert float(on_start.magnitude) == steps[i].value
    before = limit.limit_on(use, steps[i].start - dt.timedelta(days=1))
    if i == 0:
        assert before is None
    else:
        assert before is not None
        assert float(before.magnitude) == steps[i - 1].value


@given(
    limit_schedules(allow_loosening=None),
    use_categories(),
    st.lists(DATES, max_size=20),
)
def test_limits_on_an_array_equals_limit_on_element_wise(
    schedule: LimitSchedule, use: UseCategory, days: list[dt.date]
) -> None:
    (limit,) = schedule.limits
    index, values = limit.limits_on(use, np.array(days, dtype="datetime64[D]"))
    assert index.shape == (len(days),)
    assert values.shape == (len(days),)
    assert not np.isnan(values).any()
    for i, day in enumerate(days):
        single = limit.limit_on(use, day)
        expected = naive_limit(limit, use, day)
        if single is None:
            assert expected is None
            assert index[i] == -1
            assert values[i] == 0.0
        else:
            assert index[i] >= 0
            assert values[i] == float(single.magnitude) == expected


@given(limit_schedules(allow_loosening=None), use_categories())
def test_category_key_prefers_the_own_category_then_the_catch_all(
    schedule: LimitSchedule, use: UseCategory
) -> None:
    (limit,) = schedule.limits
    choice = limit.choose(use)
    if use.value in limit.categories:
        assert choice.key == use.value
    elif CATCH_ALL in limit.categories:
        assert choice.key == CATCH_ALL
    else:
        assert choice.key is None
    assert (choice.category is None) is (choice.key is None)
    if choice.key is not None:
        assert choice.category is limit.categories[choice.key]


# -- loosening ---------------------------------------------------------------------------------
@given(limit_categories(non_increasing=False, min_size=1, max_size=6))
def test_a_loosening_category_is_rejected_unless_allowed(category: LimitCategory) -> None:
    values = [s.value for s in category.steps]
    loosens = not naive_non_increasing(values)
    categories = {"office": category}
    if loosens:
        with pytest.raises(ScheduleError, match="must not increase"):
            limit_with(categories, allow_loosening=False)
    else:
        limit_with(categories, allow_loosening=False)
    allowed = limit_with(categories, allow_loosening=True)
    # Kept as given; a category keyed by a use covers that use.
    assert allowed.categories["office"] == attrs.evolve(category, uses=(UseCategory.OFFICE,))
    assert bool(category.loosenings()) == loosens


@given(
    limit_categories(non_increasing=True, min_size=2, max_size=6),
    st.data(),
    st.floats(min_value=1e-3, max_value=1e4, allow_nan=False, allow_subnormal=False),
)
def test_raising_any_later_step_above_an_earlier_one_is_rejected(
    category: LimitCategory, data: st.DataObject, extra: float
) -> None:
    n = len(category.steps)
    i = data.draw(st.integers(min_value=0, max_value=n - 2))
    j = data.draw(st.integers(min_value=i + 1, max_value=n - 1))
    steps = list(category.steps)
    raised = steps[i].value + extra
    steps[j] = LimitStep(steps[j].start, raised)
    assert raised > steps[i].value
    loosening = LimitCategory(tuple(steps))
    with pytest.raises(ScheduleError):
        limit_with({"any": loosening}, allow_loosening=False)
    limit_with({"any": loosening}, allow_loosening=True)


@given(limit_schedules(max_limits=3))
def test_drawn_schedules_never_loosen(schedule: LimitSchedule) -> None:
    for category in (c for limit in schedule.limits for c in limit.categories.values()):
        values = [s.value for s in category.steps]
        starts = [s.start for s in category.steps]
        assert naive_non_increasing(values)
        assert all(a < b for a, b in itertools.pairwise(starts))


# -- generated paths ---------------------------------------------------------------------------
def assert_valid_path(category: LimitCategory, top: float) -> None:
    starts = [s.start for s in category.steps]
    values = [s.value for s in category.steps]
    assert starts
    assert all(a < b for a, b in itertools.pairwise(starts))
    assert naive_non_increasing(values)
    assert all(v >= 0 for v in values)
    assert all(v <= top for v in values)
    # No two consecutive steps repeat a value (a repeated step is a no-op).
    assert all(a != b for a, b in itertools.pairwise(values))
    limit_with({"any": category}, allow_loosening=False)  # accepted as it is


ROUNDING = st.one_of(st.none(), st.sampled_from([0.1, 0.5, 1.0, 5.0, 10.0]))


@given(
    start=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 12, 31)),
    start_value=st.floats(min_value=1.0, max_value=2000.0, allow_nan=False),
    reduction=st.floats(min_value=0.0, max_value=0.5, exclude_max=True, allow_nan=False),
    per_step=st.booleans(),
    years=st.integers(min_value=0, max_value=30),
    rounding_step=ROUNDING,
    every_years=st.integers(min_value=1, max_value=5),
)
def test_geometric_paths_are_valid_and_non_increasing(
    start: dt.date,
    start_value: float,
    reduction: float,
    per_step: bool,
    years: int,
    rounding_step: float | None,
    every_years: int,
) -> None:
    until = start + dt.timedelta(days=round(365.25 * years))
    rate = {"reduction_per_step" if per_step else "reduction_per_year": reduction}
    category = LimitCategory.geometric(
        start=start,
        start_value=start_value,
        until=until,
        rounding_step=rounding_step,
        every_years=every_years,
        **rate,
    )
    top = start_value if rounding_step is None else start_value + rounding_step / 2
    assert_valid_path(category, top * (1 + 1e-12))
    first = category.steps[0]
    assert first.start == start
    if rounding_step is None:
        assert first.value == start_value
    else:
        assert abs(first.value - start_value) <= rounding_step / 2 * (1 + 1e-9)
    assert all(s.start <= until for s in category.steps)
    # Naive reference for the unrounded path: k years on, start * (1 - r) ** k per year, or
    # start * (1 - r) ** (k / every_years) per step.
    if rounding_step is None:
        for step in category.steps:
            k = step.start.year - start.year
            expected = start_value * (1 - reduction) ** (k / every_years if per_step else k)
            assert math.isclose(step.value, expected, rel_tol=1e-12)


@given(
    baseline=st.floats(min_value=1.0, max_value=2000.0, allow_nan=False),
    target_fraction=st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
    baseline_year=st.integers(min_value=2015, max_value=2035),
    every_years=st.integers(min_value=1, max_value=5),
    n_steps=st.integers(min_value=1, max_value=8),
    rounding_step=ROUNDING,
    shape=st.sampled_from(["linear", "geometric"]),
    month=st.integers(min_value=1, max_value=12),
    day=st.integers(min_value=1, max_value=28),
)
def test_target_paths_are_valid_non_increasing_and_end_on_the_target(
    baseline: float,
    target_fraction: float,
    baseline_year: int,
    every_years: int,
    n_steps: int,
    rounding_step: float | None,
    shape: str,
    month: int,
    day: int,
) -> None:
    target = baseline * target_fraction
    if shape == "geometric" and target <= 0:
        target = baseline / 10
    target_year = baseline_year + every_years * n_steps
    category = LimitCategory.from_target(
        baseline=baseline,
        baseline_year=baseline_year,
        target=target,
        target_year=target_year,
        every_years=every_years,
        rounding_step=rounding_step,
        shape=shape,
        month=month,
        day=day,
    )
    half = 0.0 if rounding_step is None else rounding_step / 2
    assert_valid_path(category, (baseline + half) * (1 + 1e-12))
    assert category.steps[0].start == dt.date(baseline_year, month, day)
    assert all(s.start.month == month and s.start.day == day for s in category.steps)
    assert all((s.start.year - baseline_year) % every_years == 0 for s in category.steps)
    assert category.steps[-1].start.year <= target_year
    last = category.steps[-1].value
    assert abs(last - target) <= half * (1 + 1e-9) + 1e-9 * baseline
