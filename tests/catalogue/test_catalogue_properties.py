"""Every shipped schedule: valid, never loosening over time, and the same after a round trip."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from climatelimits import catalogue
from climatelimits.buildings import UseCategory
from climatelimits.io import dumps_schedule, loads_schedule
from climatelimits.units import registry

IDS = catalogue.ids()


@pytest.mark.parametrize("schedule_id", IDS)
@pytest.mark.parametrize("kind", ["toml", "json"])
def test_round_trip(schedule_id: str, kind: str) -> None:
    schedule = catalogue.get(schedule_id)
    again = loads_schedule(dumps_schedule(schedule, format=kind), format=kind)
    assert again == schedule


def test_summaries_are_what_the_schedules_say() -> None:
    """The quick listing (read without building the schedules) matches the full load."""
    expected = [(s.id, s.title, s.jurisdiction, s.status.value) for s in catalogue.all_schedules()]
    assert [tuple(summary) for summary in catalogue.summaries()] == expected


@pytest.mark.parametrize("schedule_id", IDS)
def test_no_schedule_allows_loosening(schedule_id: str) -> None:
    for limit in catalogue.get(schedule_id).limits:
        assert limit.allow_loosening is False
        for category in limit.categories.values():
            assert category.loosenings() == []


@given(
    schedule_id=st.sampled_from(IDS),
    use=st.sampled_from(list(UseCategory)),
    days=st.lists(st.dates(dt.date(2015, 1, 1), dt.date(2040, 12, 31)), min_size=2, max_size=2),
    area=st.floats(min_value=1.0, max_value=1e5),
    tagged=st.booleans(),
)
def test_limits_never_rise_over_time(
    schedule_id: str, use: UseCategory, days: list[dt.date], area: float, tagged: bool
) -> None:
    schedule = catalogue.get(schedule_id)
    early, late = sorted(days)
    quantities = {
        k: registry().Quantity(area, "m^2") for k in ("dk_floor", "fi_heated_net", "nl_go")
    }
    tags = tuple(schedule.tags) if tagged else ()
    for limit in schedule.limits:
        first = limit.limit_on(use, early, quantities, tags)
        second = limit.limit_on(use, late, quantities, tags)
        if first is not None and second is not None:
            assert second.magnitude <= first.magnitude
