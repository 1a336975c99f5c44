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
import sys
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

from climatelimits.exceptions import UnknownReferenceError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

if TYPE_CHECKING:
    from climatelimits.schedules import LimitSchedule

__all__ = ["ScheduleSummary", "all_schedules", "get", "ids", "summaries"]

_SUFFIX = ".toml"


@functools.cache
def ids() -> tuple[str, ...]:
    """Return the ids of every shipped schedule, sorted."""
    files = resources.files(__name__).iterdir()
    return tuple(sorted(f.name[: -len(_SUFFIX)] for f in files if f.name.endswith(_SUFFIX)))


def get(schedule_id: str) -> LimitSchedule:
    """Return the shipped schedule with this id (loaded once; schedules are immutable).

    Raises
    ------
    UnknownReferenceError
        If there is none, or ``schedule_id`` is not text; the message lists the ids.
    """
    given: object = schedule_id
    if not isinstance(given, str):
        msg = (
            f"`schedule_id` must be the text id of a shipped schedule; got {given!r} "
            f"({type(given).__name__}); its schedules: {', '.join(ids())}"
        )
        raise UnknownReferenceError(msg)
    return _get(schedule_id)


@functools.cache
def _get(schedule_id: str) -> LimitSchedule:
    if schedule_id not in ids():
        msg = f"the catalogue has no schedule {schedule_id!r}; its schedules: {', '.join(ids())}"
        raise UnknownReferenceError(msg)
    from climatelimits.io import loads_schedule  # noqa: PLC0415 - pint and the readers

    text = _text(schedule_id)
    schedule = loads_schedule(text, source=f"climatelimits/catalogue/{schedule_id}{_SUFFIX}")
    if schedule.id != schedule_id:  # pragma: no cover - guarded by the catalogue tests
        msg = f"catalogue file {schedule_id}{_SUFFIX} holds schedule {schedule.id!r}"
        raise UnknownReferenceError(msg)
    return schedule


def _text(schedule_id: str) -> str:
    return resources.files(__name__).joinpath(schedule_id + _SUFFIX).read_text(encoding="utf-8")


class ScheduleSummary(NamedTuple):
    """What ``climatelimits schedules list`` shows of a shipped schedule."""

    id: str
    """Schedule id."""
    title: str
    """Title."""
    jurisdiction: str
    """Country or city code, e.g. ``"DK"``."""
    status: str
    """Status, the value of :class:`~climatelimits.schedules.ScheduleStatus`."""


@functools.cache
def summaries() -> tuple[ScheduleSummary, ...]:
    """Return the id, title, jurisdiction and status of every shipped schedule, in id order.

    Read from the top of each file without building the schedules (no units are parsed), so
    it is quick; the catalogue's tests check that every file also loads with :func:`get`.
    """
    out = []
    for schedule_id in ids():
        head = tomllib.loads(_text(schedule_id))
        out.append(
            ScheduleSummary(
                schedule_id,
                str(head.get("title", "")),
                str(head.get("jurisdiction", "")),
                str(head.get("status", "")),
            )
        )
    return tuple(out)


def all_schedules() -> tuple[LimitSchedule, ...]:
    """Return every shipped schedule, in id order."""
    return tuple(get(i) for i in ids())
