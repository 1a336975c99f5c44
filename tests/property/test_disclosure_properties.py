"""A disclosure schedule asks for exactly the value its limits twin would compare.

For any drawn schedule, the same schedule as a disclosure (the steps without values) gives
*disclosed* exactly where the limits check finds the building's normalised value and a step
is in force, with that value; *not applicable* and *exempt* are the same in both.
"""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from climatelimits.evaluation import CheckStatus, check
from climatelimits.schedules import LimitSchedule, LimitStep, ScheduleKind
from climatelimits.testing.strategies import buildings, buildings_for_schedule, limit_schedules

SAME = (CheckStatus.NOT_APPLICABLE, CheckStatus.EXEMPT)


def as_disclosure(schedule: LimitSchedule) -> LimitSchedule:
    """The schedule with every step's value left out and its kind a disclosure."""
    limits = tuple(
        attrs.evolve(
            limit,
            categories={
                key: attrs.evolve(
                    category,
                    steps=tuple(
                        LimitStep(s.start, None, s.latest_from, sources=s.sources)
                        for s in category.steps
                    ),
                )
                for key, category in limit.categories.items()
            },
        )
        for limit in schedule.limits
    )
    return attrs.evolve(schedule, limits=limits, kind=ScheduleKind.DISCLOSURE)


@given(data=st.data())
def test_disclosed_exactly_where_the_limit_check_has_a_value_in_force(data: st.DataObject) -> None:
    schedule = data.draw(limit_schedules(max_limits=2))
    building = data.draw(st.one_of(buildings_for_schedule(schedule, in_force=False), buildings()))
    limits = check(building, schedule).checks
    disclosures = check(building, as_disclosure(schedule)).checks
    assert len(limits) == len(disclosures)
    for limit, disclosure in zip(limits, disclosures, strict=True):
        assert disclosure.status in (
            CheckStatus.DISCLOSED,
            CheckStatus.INCOMPLETE,
            CheckStatus.NOT_APPLICABLE,
            CheckStatus.EXEMPT,
        )
        if limit.status in SAME:
            assert disclosure.status is limit.status, (limit.reason, disclosure.reason)
            continue
        if limit.status in (CheckStatus.PASS, CheckStatus.FAIL):
            assert disclosure.status is CheckStatus.DISCLOSED, disclosure.reason
        if disclosure.status is CheckStatus.DISCLOSED:
            assert limit.value is not None
            assert disclosure.value == limit.value
            assert disclosure.limit is None
        else:
            assert disclosure.status is CheckStatus.INCOMPLETE
            assert limit.status is CheckStatus.INCOMPLETE
            assert limit.value is None or limit.effective_from is None
