"""Properties of an assessment's plain-data form and of how its quantities show (issue 12)."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from climatelimits.buildings import Building
from climatelimits.evaluation import check
from climatelimits.schedules import LimitSchedule
from climatelimits.testing.strategies import buildings_for_schedule, limit_schedules
from climatelimits.units import format_unit


@st.composite
def checked_pairs(draw: st.DrawFn) -> tuple[LimitSchedule, Building]:
    schedule = draw(limit_schedules(max_limits=2))
    return schedule, draw(buildings_for_schedule(schedule))


@settings(deadline=None)
@given(checked_pairs(), st.dates())
def test_to_dict_is_json_and_mirrors_every_check(
    pair: tuple[LimitSchedule, Building], on: dt.date
) -> None:
    schedule, building = pair
    for day in (None, on):
        assessment = check(building, schedule, on=day)
        data = assessment.to_dict()
        assert json.loads(json.dumps(data, allow_nan=False)) == data
        assert data["passed"] is assessment.passed
        assert len(data["checks"]) == len(assessment.checks)
        for item, row in zip(assessment.checks, data["checks"], strict=True):
            assert row["status"] == item.status.value
            unit = None if item.unit is None else format_unit(item.unit)
            assert row["unit"] == unit
            for key in ("limit", "value", "compared_value", "margin"):
                quantity = getattr(item, key)
                if quantity is None:
                    assert row[key] is None
                    continue
                # The number in the file is the quantity's, shown in the same unit.
                assert row[key] == float(quantity.magnitude)
                assert format_unit(quantity.units) == unit
                assert str(quantity) == f"{quantity.magnitude} {unit}"
                assert repr(quantity) == f"<Quantity({quantity.magnitude!r}, '{unit}')>"
