"""Round trips through the file formats: dump then load gives an equal object."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from climatelimits.buildings import Building
from climatelimits.io import dumps_building, dumps_schedule, loads_building, loads_schedule
from climatelimits.schedules import LimitSchedule
from climatelimits.testing.strategies import buildings, limit_schedules

FORMATS = pytest.mark.parametrize("fmt", ["toml", "json"])

ANY_BUILDING = st.one_of(
    buildings(),
    buildings(mixed_use=True),
    buildings(reference_study_period=None, scope="A1-A3,C3-C4", area="dk_reference"),
)


@FORMATS
@settings(deadline=None)
@given(building=ANY_BUILDING)
def test_building_round_trips(fmt: str, building: Building) -> None:
    text = dumps_building(building, format=fmt)
    loaded = loads_building(text, format=fmt)
    assert loaded == building
    # Writing the loaded building again gives the same text: the format is stable.
    assert dumps_building(loaded, format=fmt) == text


@FORMATS
@settings(deadline=None)
@given(schedule=limit_schedules(allow_loosening=None))
def test_schedule_round_trips(fmt: str, schedule: LimitSchedule) -> None:
    text = dumps_schedule(schedule, format=fmt)
    loaded = loads_schedule(text, format=fmt)
    assert loaded == schedule
    assert dumps_schedule(loaded, format=fmt) == text


@settings(deadline=None)
@given(building=ANY_BUILDING)
def test_toml_and_json_load_to_the_same_building(building: Building) -> None:
    from_toml = loads_building(dumps_building(building, format="toml"), format="toml")
    from_json = loads_building(dumps_building(building, format="json"), format="json")
    assert from_toml == from_json
