"""Properties of limit adjustments (value × (1 + Σ multiplicative) + Σ additive).

- terms that are all 0 change nothing: every verdict, limit, margin, next step and last day
  is the one of the same schedule without adjustments;
- the limit is linear in the additive terms: declaring t₁ and t₂ raises it by t₁ + t₂;
- the order in which a limit lists its adjustments does not matter.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from climatelimits import check
from climatelimits.buildings import Building
from climatelimits.evaluation import LimitCheck
from climatelimits.schedules import LimitAdjustment, LimitSchedule
from climatelimits.testing.strategies import (
    ADJUSTMENT_TAGS,
    buildings_for_schedule,
    limit_schedules,
)

TERMS = st.floats(-50.0, 50.0, allow_nan=False).map(lambda x: round(x, 3))
FRACTIONS = st.floats(-0.5, 0.5, allow_nan=False).map(lambda x: round(x, 4))


def with_adjustments(
    schedule: LimitSchedule, make: Any, order: slice = slice(None)
) -> LimitSchedule:
    """The schedule with each limit's adjustments replaced by ``make(limit)``."""
    limits = tuple(
        attrs.evolve(limit, adjustments=tuple(make(limit))[order]) for limit in schedule.limits
    )
    return attrs.evolve(schedule, limits=limits)


def numbers(result: LimitCheck) -> tuple[Any, ...]:
    next_limit = None if result.next_step is None else result.next_step.limit
    return (
        result.status,
        result.limit,
        result.margin,
        result.effective_from,
        next_limit,
        None if result.next_step is None else result.next_step.passes,
        result.complies_until,
    )


@settings(max_examples=60)
@given(data=st.data())
def test_terms_that_are_all_zero_change_nothing(data: st.DataObject) -> None:
    drawn = data.draw(limit_schedules(max_adjustments=3), label="schedule")
    zeroed = with_adjustments(
        drawn,
        lambda limit: (a if a.declared else attrs.evolve(a, value=0.0) for a in limit.adjustments),
    )
    plain = with_adjustments(drawn, lambda limit: ())
    building = data.draw(buildings_for_schedule(plain), label="building")
    declared = {a.id: 0.0 for limit in zeroed.limits for a in limit.adjustments if a.declared}
    building = attrs.evolve(building, tags=ADJUSTMENT_TAGS, limit_terms=declared)
    got = check(building, zeroed).checks
    expected = check(building, plain).checks
    assert [numbers(c) for c in got] == [numbers(c) for c in expected]


def additive(name: str) -> LimitAdjustment:
    return LimitAdjustment(name, name, "additive", declared=True)


@settings(max_examples=60)
@given(data=st.data(), first=TERMS, second=TERMS)
def test_the_limit_is_linear_in_the_additive_terms(
    data: st.DataObject, first: float, second: float
) -> None:
    plain = data.draw(limit_schedules(), label="schedule")
    adjusted = with_adjustments(plain, lambda limit: (additive("a"), additive("b")))
    building: Building = data.draw(buildings_for_schedule(plain), label="building")
    base = check(attrs.evolve(building, limit_terms={"a": 0.0, "b": 0.0}), adjusted).checks
    raised = check(attrs.evolve(building, limit_terms={"a": first, "b": second}), adjusted).checks
    for before, after in zip(base, raised, strict=True):
        if before.limit is None:
            assert after.limit is None
            continue
        unit_limit = float(before.limit.magnitude)
        # rel 1e-11: an adjusted limit is kept to 12 significant digits (adjust_limit).
        assert float(after.limit.magnitude) == pytest.approx(
            unit_limit + first + second, rel=1e-11, abs=1e-9
        )
        if before.next_step is not None:
            assert after.next_step is not None
            assert float(after.next_step.limit.magnitude) == pytest.approx(
                float(before.next_step.limit.magnitude) + first + second, rel=1e-11, abs=1e-9
            )


@settings(max_examples=60)
@given(data=st.data())
def test_the_order_of_the_adjustments_does_not_matter(data: st.DataObject) -> None:
    drawn = data.draw(limit_schedules(max_adjustments=4), label="schedule")
    reversed_ = with_adjustments(drawn, lambda limit: limit.adjustments, slice(None, None, -1))
    building = data.draw(buildings_for_schedule(drawn), label="building")
    declared = [a for limit in drawn.limits for a in limit.adjustments if a.declared]
    terms = {
        a.id: data.draw(FRACTIONS if a.multiplicative else TERMS, label=a.id) for a in declared
    }
    tags = data.draw(st.lists(st.sampled_from(ADJUSTMENT_TAGS), unique=True), label="tags")
    building = attrs.evolve(building, tags=tuple(tags), limit_terms=terms)
    one = check(building, drawn).checks
    other = check(building, reversed_).checks
    for a, b in zip(one, other, strict=True):
        assert set(a.missing_terms) == set(b.missing_terms)
        assert dict(a.limit_terms) == dict(b.limit_terms)
        if a.limit is None:
            assert b.limit is None
            assert a.status is b.status
            continue
        assert float(b.limit.magnitude) == pytest.approx(float(a.limit.magnitude), rel=1e-11)
        if abs(float(a.margin.magnitude)) > 1e-9 * max(1.0, abs(float(a.limit.magnitude))):
            assert a.status is b.status
