"""The catalogue: real limit schemes, shipped with the package, by id.

Each scheme is one TOML file in this package (the same format as
:func:`climatelimits.io.load_schedule` reads), with its status, sources and notes, so that
a city officer can check a building against any scheme by name and see where every number
comes from. Values and dates that could not be confirmed from the cited sources are not
shipped as numbers; the schedule's notes say what is open.

Examples
--------
>>> from climatelimits import catalogue
>>> "dk-br18-2023" in catalogue.ids()
True
>>> schedule = catalogue.get("dk-br18-2023")
>>> schedule.status.value, schedule.limits[0].metric.describe()
('superseded', 'gwp_total A1-A3,B4,B6,C3-C4 per m² dk_reference per year over 50 years')
"""

from __future__ import annotations

import functools
from importlib import resources

from climatelimits.exceptions import UnknownReferenceError
from climatelimits.io import loads_schedule
from climatelimits.schedules import LimitSchedule

__all__ = ["all_schedules", "get", "ids"]

_SUFFIX = ".toml"


@functools.cache
def ids() -> tuple[str, ...]:
    """Return the ids of every shipped schedule, sorted."""
    files = resources.files(__name__).iterdir()
    return tuple(sorted(f.name[: -len(_SUFFIX)] for f in files if f.name.endswith(_SUFFIX)))


@functools.cache
def get(schedule_id: str) -> LimitSchedule:
    """Return the shipped schedule with this id (loaded once; schedules are immutable).

    Raises
    ------
    UnknownReferenceError
        If there is none; the message lists the ids.
    """
    if schedule_id not in ids():
        msg = f"the catalogue has no schedule {schedule_id!r}; its schedules: {', '.join(ids())}"
        raise UnknownReferenceError(msg)
    resource = resources.files(__name__).joinpath(schedule_id + _SUFFIX)
    text = resource.read_text(encoding="utf-8")
    schedule = loads_schedule(text, source=f"climatelimits/catalogue/{schedule_id}{_SUFFIX}")
    if schedule.id != schedule_id:  # pragma: no cover - guarded by the catalogue tests
        msg = f"catalogue file {schedule_id}{_SUFFIX} holds schedule {schedule.id!r}"
        raise UnknownReferenceError(msg)
    return schedule


def all_schedules() -> tuple[LimitSchedule, ...]:
    """Return every shipped schedule, in id order."""
    return tuple(get(i) for i in ids())
