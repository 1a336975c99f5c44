"""Check a building against a limit schedule and explain the verdict.

:func:`check` answers a city officer's question, "does this building meet the limit, and
why?", with an :class:`Assessment`. A missing input is a verdict (*incomplete*, with the
reason), never an exception and never a pass: a city checking 500 declarations gets 500
verdicts.

The arithmetic runs in :mod:`climatelimits._kernels` on arrays (here of length one), the same
kernels the many-building path uses.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import numpy as np

from climatelimits import _assessment_dict, _kernels
from climatelimits._frozen import FrozenMap
from climatelimits.areas import get_area_definition
from climatelimits.buildings import Building, UseCategory
from climatelimits.exceptions import InvalidInputError
from climatelimits.indicators import get_indicator
from climatelimits.schedules import (
    CATCH_ALL,
    CategoryChoice,
    Limit,
    LimitCategory,
    LimitMetric,
    LimitSchedule,
    LimitStep,
    MixedUsePolicy,
    Source,
    describe_first_day,
)
from climatelimits.units import Quantity, Unit

__all__ = ["Assessment", "CheckStatus", "LimitCheck", "NextStep", "check"]


class CheckStatus(enum.Enum):
    """Outcome of one limit check."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    """No limit applies to this building on this date."""
    EXEMPT = "exempt"
    """The schedule exempts this building (the reason names the rule)."""
    INCOMPLETE = "incomplete"
    """The declaration lacks something the limit needs; no verdict."""
    DISCLOSED = "disclosed"
    """A disclosure schedule's requirement is met: the declaration states the value in the
    indicator, modules, area and study period asked for (there is no limit to pass)."""


@attrs.frozen
class NextStep:
    """The step that follows the one in force.

    Attributes
    ----------
    start : datetime.date
        First day of the next step.
    limit : Quantity
        Its limit, in the metric's unit.
    passes : bool or None
        Whether the building's compared value would meet it (``None`` without a value).
    latest_from : datetime.date or None
        Where the step's first day is not confirmed, the latest day it may be (``start``
        is then the earliest); ``None`` when ``start`` is confirmed.
    """

    start: dt.date
    limit: Quantity
    passes: bool | None
    latest_from: dt.date | None = None

    def describe_start(self) -> str:
        """Return the first day as text, e.g. ``'2027-01-01'`` or a range when not exact."""
        return describe_first_day(self.start, self.latest_from)


def _to_terms(value: Mapping[str, float]) -> FrozenMap[str, float]:
    return FrozenMap(value)


def _to_ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _to_sources(value: Iterable[Source]) -> tuple[Source, ...]:
    sources = tuple(value)
    for index, source in enumerate(sources):
        given: object = source
        if not isinstance(given, Source):
            msg = f"`sources[{index}]` must be a Source; got {source!r}"
            raise InvalidInputError(msg, field="sources")
    return sources


@attrs.frozen
class LimitCheck:
    """The verdict on one limit.

    Attributes
    ----------
    schedule : str
        Schedule id.
    category : str or None
        Category key applied (a use, a named category, ``"any"``, or ``"area_weighted"``
        for a mixed-use building under an area-weighted rule).
    status : CheckStatus
        pass, fail, not_applicable, exempt or incomplete.
    reason : str
        One or two sentences a city officer understands.
    unit : Unit or None
        The metric's unit, in which every quantity of the check is expressed.
    on : datetime.date or None
        The date the limit was selected for.
    limit : Quantity or None
        Limit in force, in the metric's unit.
    value : Quantity or None
        The building's normalised value (unrounded), in the metric's unit.
    compared_value : Quantity or None
        ``value`` rounded as the metric says; this is what is compared.
    margin : Quantity or None
        ``limit - compared_value`` (negative when failing).
    effective_from : datetime.date or None
        First day of the step in force.
    next_step : NextStep or None
        The following step, if any.
    complies_until : datetime.date or None
        Last day on which the building still complies under this schedule; ``None`` if it
        complies with every later step, or fails already.
    limit_id : str or None
        Id of the schedule's limit this check is on (``"building"``,
        ``"construction_process"``...).
    part : str or None
        Id of the building part checked, when the limit judges each part on its own.
    limit_terms : Mapping[str, float]
        The adjustment terms the ``limit`` includes, by adjustment id: a fraction for a
        multiplicative term, the metric's unit for an additive one (empty when the limit
        has none, or none applies to the building).
    missing_terms : tuple of str
        Ids of the declared adjustment terms in force that the building does not state;
        the check is then incomplete.
    sources : tuple of Source
        The documents the step in force is taken from, as the schedule cites them for the
        step and its category (:meth:`LimitSchedule.sources_of`); empty when no step is in
        force or the schedule cites none for it.

    Notes
    -----
    A check made by :func:`check` writes its
    ``reason``, its quantities, ``next_step`` and ``complies_until`` when they are first
    read, and keeps them: every way of reading a check (attributes, ``==``, ``hash``,
    ``repr``, ``attrs.evolve``, pickling, ``to_dict``) sees the same values as if they had
    been given to the constructor.
    """

    schedule: str
    category: str | None
    status: CheckStatus
    reason: str
    unit: Unit | None = None
    on: dt.date | None = None
    limit: Quantity | None = None
    value: Quantity | None = None
    compared_value: Quantity | None = None
    margin: Quantity | None = None
    effective_from: dt.date | None = None
    next_step: NextStep | None = None
    complies_until: dt.date | None = None
    limit_id: str | None = None
    part: str | None = None
    limit_terms: FrozenMap[str, float] = attrs.field(factory=FrozenMap, converter=_to_terms)
    missing_terms: tuple[str, ...] = attrs.field(default=(), converter=_to_ids)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_to_sources)

    @property
    def passed(self) -> bool | None:
        """True for pass or disclosed, False for fail, None otherwise."""
        if self.status in (CheckStatus.PASS, CheckStatus.DISCLOSED):
            return True
        if self.status is CheckStatus.FAIL:
            return False
        return None


class _Deferred:
    """A field value not worked out yet: ``write()`` returns it."""

    __slots__ = ("write",)

    def __init__(self, write: Callable[[], object]) -> None:
        self.write = write


class _DeferredField:
    """The slot of an attrs field that may hold a :class:`_Deferred`, written on first read.

    Every read goes through this descriptor (``check.reason``, and attrs' own ``==``,
    ``hash``, ``repr``, ``evolve`` and pickling, which read the fields by name), so a
    deferred value is never seen: the first read writes it and stores it in the slot.
    """

    def __init__(self, slot: Any) -> None:
        self.slot = slot
        self.__doc__ = slot.__doc__

    def __get__(self, instance: object, owner: type[Any] | None = None) -> Any:
        if instance is None:
            return self.slot  # on the class, the slot as attrs made it
        value = self.slot.__get__(instance, owner)
        if type(value) is _Deferred:
            value = value.write()
            self.slot.__set__(instance, value)
        return value

    def __set__(self, instance: object, value: object) -> None:
        self.slot.__set__(instance, value)

    def __delete__(self, instance: object) -> None:  # pragma: no cover - attrs never deletes
        self.slot.__delete__(instance)


def _defer_fields(cls: type[Any], *names: str) -> None:
    for name in names:
        setattr(cls, name, _DeferredField(cls.__dict__[name]))


_defer_fields(NextStep, "limit")
_defer_fields(
    LimitCheck,
    "reason",
    "limit",
    "value",
    "compared_value",
    "margin",
    "next_step",
    "complies_until",
    "limit_terms",
    "missing_terms",
    "sources",
)


def deferred(item: NextStep | LimitCheck, **writers: Callable[[], object]) -> None:
    """Let fields of a just-made ``item`` be written when first read, by ``writers``.

    The kernels decide every status and number; the reason text and the pint quantities
    that show them are made only for the checks someone reads (issue 9, P4). A field read
    afterwards, by any means, is exactly what the writer returns.
    """
    fields = type(item).__dict__
    for name, write in writers.items():
        fields[name].slot.__set__(item, _Deferred(write))


@attrs.frozen
class Assessment:
    """All limit checks of one building against one schedule.

    Attributes
    ----------
    building : str
        Building id.
    schedule : str
        Schedule id.
    on : datetime.date or None
        Date the limits were selected for.
    checks : tuple of LimitCheck
        One per limit of the schedule (one per part and limit where a limit judges each
        part of a mixed-use building on its own).
    """

    building: str
    schedule: str
    on: dt.date | None
    checks: tuple[LimitCheck, ...]

    @property
    def passed(self) -> bool | None:
        """False if any limit fails; True if each applying limit passes or is disclosed.

        Otherwise None: no limit applies, or one gets no verdict.
        """
        statuses = [c.status for c in self.checks]
        if CheckStatus.FAIL in statuses:
            return False
        met = (CheckStatus.PASS, CheckStatus.DISCLOSED)
        if statuses and all(s in met for s in statuses):
            return True
        return None

    def explain(self) -> str:
        """Return the verdict and every check's reason as readable text."""
        verdict = {True: "PASSES", False: "FAILS", None: "NO VERDICT"}[self.passed]
        on = f" on {self.on.isoformat()}" if self.on else ""
        lines = [f"Building {self.building} {verdict} schedule {self.schedule}{on}."]
        for item in self.checks:
            lines.append(f"- [{item.status.value}] {item.reason}")
            lines += [f"  source: {describe_source(source)}" for source in item.sources]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Return the assessment as plain JSON data, with the keys of ``check --format json``.

        Returns
        -------
        dict
            ``building``, ``schedule``, ``on``, ``passed`` and ``checks``: per check
            ``schedule``, ``limit_id``, ``part``, ``category``, ``status``, ``reason``,
            ``limit``, ``value``, ``compared_value``, ``margin``, ``unit``,
            ``effective_from``, ``next_step`` (``{"from", "limit", "passes"}``, with
            ``"latest_from"`` where its first day is not confirmed, or ``None``) and
            ``complies_until``. Dates are ISO strings, numbers plain floats in ``unit``.
        """
        return _assessment_dict.assessment_to_dict(self)


def describe_source(source: Source) -> str:
    """Return a source as one line: its title, the section cited and its address."""
    section = f", {source.section}" if source.section else ""
    return f"{source.title}{section} <{source.url}>"


def check(building: Building, schedule: LimitSchedule, on: dt.date | None = None) -> Assessment:
    """Check a building against a schedule.

    The verdict comes from the same column kernels as :func:`climatelimits.check_stock`,
    run on a stock of one building, so the two always agree.

    Parameters
    ----------
    building
        The building with its results, areas, dates and study period.
    schedule
        The limit schedule.
    on
        Date that selects the limit step; by default the building's date named by the
        schedule's ``date_basis`` (e.g. its permit application).

    Returns
    -------
    Assessment
        With one :class:`LimitCheck` per limit of the schedule (per part and limit where a
        limit judges each part on its own). A building outside the schedule's applicability
        threshold gets *not applicable*, an exempted one *exempt* with the reason.

    Raises
    ------
    InvalidInputError
        If ``building`` or ``schedule`` is not of the right type, or ``on`` is not a date.
        Missing data in the building is a verdict, not an error.
    """
    # The kernels import this module's classes, so they are imported here, on first use.
    from climatelimits import _verdicts  # noqa: PLC0415
    from climatelimits.stocks import Stock  # noqa: PLC0415

    given: tuple[object, object] = (building, schedule)
    if not isinstance(given[0], Building):
        msg = f"`building` must be a Building; got {type(building).__name__}"
        raise InvalidInputError(msg)
    if not isinstance(given[1], LimitSchedule):
        msg = f"`schedule` must be a LimitSchedule; got {type(schedule).__name__}"
        raise InvalidInputError(msg)
    _verdicts.check_on(on)
    stock = Stock.of_building(building)
    verdicts = _verdicts.evaluate(stock, schedule, on)
    day = on if on is not None else building.dates.get(schedule.date_basis)
    rows = range(len(verdicts))
    checks = tuple(verdicts.limit_check(row, stock, schedule, building, lazy=True) for row in rows)
    return Assessment(building.id, schedule.id, day, checks)


# ---------------------------------------------------------------------------------------
def gate_reason(
    building: Building, schedule: LimitSchedule, day: dt.date | None
) -> tuple[CheckStatus, str] | None:
    """Return (status, reason) when the schedule as a whole gives no verdict, else None.

    The kernels decide the status on columns; this writes the sentence for one building.
    """
    for condition in schedule.applies_when:
        area = building.areas.get(condition.area)
        name = get_area_definition(condition.area).name
        if area is None:
            return CheckStatus.INCOMPLETE, (
                f"schedule {schedule.id} applies only to buildings with "
                f"{condition.describe()}, and the building states no {name} "
                f"({condition.area}) area"
            )
        if not condition.contains(float(area.magnitude)):
            return CheckStatus.NOT_APPLICABLE, (
                f"schedule {schedule.id} applies only to buildings with "
                f"{condition.describe()}; this one has {float(area.magnitude):g} m² "
                f"({name})"
            )
    uses = building.use_shares.keys() if building.mixed_use else (building.use,)
    undecided = []
    for exemption in schedule.exemptions:
        applies = exemption.applies(uses, building.areas, building.tags)
        if applies:
            return CheckStatus.EXEMPT, (
                f"exempt from schedule {schedule.id} ({exemption.id}: "
                f"{exemption.describe()}): {exemption.reason}"
            )
        if applies is None:
            undecided.append(exemption)
    if undecided:
        first = undecided[0]
        needed = first.area.area if first.area is not None else ""
        return CheckStatus.INCOMPLETE, (
            f"whether exemption {first.id} of schedule {schedule.id} applies "
            f"({first.describe()}) depends on the building's {needed} area, which is not "
            f"stated"
        )
    if day is not None and schedule.until is not None and day > schedule.until:
        replaced = (
            f"; it was replaced by {schedule.superseded_by}" if schedule.superseded_by else ""
        )
        basis = schedule.date_basis.value
        own = building.dates.get(schedule.date_basis)
        dated = f"is dated {day.isoformat()}"
        if own != day:  # checked on a date given in place of the building's own
            stated = (
                f"its {basis} date is {own.isoformat()}" if own else f"it states no {basis} date"
            )
            dated = f"is checked on {day.isoformat()} ({stated})"
        return CheckStatus.NOT_APPLICABLE, (
            f"schedule {schedule.id} applies to buildings with a {basis} date up to "
            f"{schedule.until.isoformat()}, and this one {dated}{replaced}"
        )
    if day is None:
        return CheckStatus.INCOMPLETE, (
            f"the building states no {schedule.date_basis.value} date, which selects the "
            f"limit step of schedule {schedule.id}; add it to the building or give a date "
            f"to check on"
        )
    return None


def select_category(building: Building, limit: Limit, schedule_id: str) -> CategoryChoice:
    """Return the category of one building under ``limit``, with the reason if none."""
    if building.mixed_use:
        policy = limit.mixed_use
        if policy is MixedUsePolicy.NONE:
            uses = ", ".join(f"{u.value} {s:.0%}" for u, s in building.use_shares.items())
            return CategoryChoice(
                None,
                None,
                (
                    f"the building has mixed use ({uses}) and schedule {schedule_id} states "
                    f"no rule for mixed-use buildings"
                ),
                undecided=True,
            )
        if policy is MixedUsePolicy.AREA_WEIGHTED:
            return _area_weighted_category(building, limit, schedule_id)
    choice = limit.choose(building.use, building.areas, building.tags)
    if choice.category is None:
        return attrs.evolve(choice, reason=f"schedule {schedule_id}: {choice.reason}")
    return choice


def _area_weighted_category(building: Building, limit: Limit, schedule_id: str) -> CategoryChoice:
    picks = [
        (use, share, limit.choose(use, building.areas, building.tags))
        for use, share in building.use_shares.items()
    ]
    return area_weighted_choice(picks, limit, schedule_id)


def area_weighted_choice(
    picks: list[tuple[UseCategory, float, CategoryChoice]], limit: Limit, schedule_id: str
) -> CategoryChoice:
    """Form the area-weighted category of a mixed-use building from each use's category.

    Parameters
    ----------
    picks
        ``(use, share of floor area, the category chosen for that use)`` per use.
    limit
        The limit (for the study periods of its categories).
    schedule_id
        For the reasons.
    """
    dropped = [
        use.value for use, _, c in picks if c.category is not None and c.category.single_use_only
    ]
    if dropped:
        picks = [p for p in picks if p[2].category is None or not p[2].category.single_use_only]
        rest = math.fsum(share for _, share, _ in picks)
        if all(c.category is None and not c.undecided for _, _, c in picks):
            return CategoryChoice(
                None,
                None,
                (
                    f"schedule {schedule_id} limits {', '.join(dropped)} only in a building "
                    f"of that use alone, and this mixed-use building has no other use it "
                    f"limits"
                ),
            )
        if len(picks) == 1 and picks[0][2].category is not None:
            return picks[0][2]
        picks = [(use, share / rest, choice) for use, share, choice in picks]
    parts: list[tuple[float, LimitCategory]] = []
    periods = set()
    for use, share, choice in picks:
        if choice.category is None:
            return CategoryChoice(
                None,
                None,
                (
                    f"schedule {schedule_id} gives no limit for {use.value}, {share:.0%} of "
                    f"the building's area ({choice.reason}), so no area-weighted limit can be "
                    f"formed"
                ),
                undecided=True,
            )
        parts.append((share, choice.category))
        part_period = limit.study_period_of(choice.category)
        periods.add(None if part_period is None else float(part_period.magnitude))
    if len(periods) > 1:
        listed = ", ".join(f"{p:g} years" for p in sorted(p for p in periods if p is not None))
        return CategoryChoice(
            None,
            None,
            (
                f"the uses of this mixed-use building have limits over different study "
                f"periods ({listed}) in schedule {schedule_id}, so no area-weighted limit "
                f"can be formed"
            ),
            undecided=True,
        )
    # A weighted limit exists from the day every part has one; it changes on any part's step.
    first = max(cat.steps[0].start for _, cat in parts)
    category_sources = [i for _, cat in parts for i in cat.sources]
    dates = sorted({s.start for _, cat in parts for s in cat.steps if s.start >= first} | {first})
    steps: list[LimitStep] = []
    for day in dates:
        in_force = [(share, _step_on(cat, day)) for share, cat in parts]
        for (use, _, _), (_, step) in zip(picks, in_force, strict=True):
            if step.latest_from is not None and step.start < day <= step.latest_from:
                # Another use's limit starts or changes while the first day of this step is
                # not confirmed: the weighted limit in that window cannot be written as steps.
                return CategoryChoice(
                    None,
                    None,
                    (
                        f"schedule {schedule_id} has a step for {use.value} starting on "
                        f"{step.describe_start()}, and the limit of another use of this "
                        f"mixed-use building starts or changes on {day.isoformat()}, within "
                        f"that window, so no area-weighted limit can be formed"
                    ),
                    undecided=True,
                )
        values = [step.value for _, step in in_force]
        value = None
        if all(v is not None for v in values):
            # Kept to the digits a value is compared to: 0.04 x 375 + 0.96 x 385 is 384.6,
            # not the 384.59999999999997 of floats, which a building at 384.6 would fail.
            weighted = math.fsum(share * (step.value or 0.0) for share, step in in_force)
            value = float(_kernels.compared_values(np.array([weighted]), None)[0])
        latest = [s.latest_from for _, s in in_force if s.start == day and s.latest_from]
        # The weighted step is taken from each use's step in force and its category.
        cited = [*(i for _, s in in_force for i in s.sources), *category_sources]
        steps.append(
            LimitStep(
                day, value, max(latest) if latest else None, sources=tuple(dict.fromkeys(cited))
            )
        )
    period = periods.pop()
    category = LimitCategory(
        tuple(steps),
        title="area-weighted",
        reference_study_period=None if period is None else f"{period!r} year",
    )
    return CategoryChoice("area_weighted", category)


def _step_on(category: LimitCategory, day: dt.date) -> LimitStep:
    step = category.step_on(day)
    if step is None:  # pragma: no cover - guarded by the choice of dates
        msg = f"no step in force on {day}"
        raise InvalidInputError(msg)
    return step


def _declared_indicator(building: Building, metric: LimitMetric) -> str | None:
    """Return the first of the metric's accepted indicators the building declares."""
    return next((i for i in metric.indicators if i in building.results), None)


def normalised_value_reason(building: Building, limit: Limit, period: Quantity | None) -> str:
    """Say why one building has no value under ``limit`` (empty when it has one).

    The kernels compute the value on columns; this writes the sentence for one building.
    """
    metric = limit.metric
    indicator = get_indicator(metric.indicator)
    used = _declared_indicator(building, metric)
    if used is None:
        declared = ", ".join(building.results) or "none"
        accepted = ""
        if metric.also_accepts:
            accepted = f" or {', '.join(metric.also_accepts)}, which it accepts"
        return (
            f"the building declares no {indicator.name} ({metric.indicator}) results, which "
            f"this limit is set on{accepted} (declared: {declared})"
        )
    total = building.results[used].total(metric.modules)
    if total.value is None:
        return f"{total.explain()}; the limit counts {metric.modules}"
    if building.areas.get(metric.area) is None:
        definition = get_area_definition(metric.area)
        stated = ", ".join(building.areas) or "none"
        return (
            f"the building states no {definition.name} ({metric.area}) area, which this limit "
            f"is per m² of (areas stated: {stated}); areas of other definitions are not "
            f"converted"
        )
    if period is None:
        return ""
    wanted = float(period.magnitude)
    rsp = building.reference_study_period
    if rsp is None:
        return (
            f"the building states no reference study period; this limit is set for "
            f"{wanted:g} years"
        )
    if not math.isclose(float(rsp.magnitude), wanted, rel_tol=1e-9):
        return (
            f"the building was assessed over {rsp.magnitude:g} years; this limit is set "
            f"for {wanted:g} years, so the results are not comparable"
        )
    return ""


def category_label(key: str | None, category: LimitCategory, use: UseCategory) -> str:
    """Name the category a building is judged in, as the reasons write it."""
    if key == CATCH_ALL:
        return f"{use.value} buildings (the schedule's catch-all category)"
    if key == "area_weighted":
        return "this mixed-use building (area-weighted limit)"
    if category.title:
        return f"{category.title} ({key})"
    return f"{key} buildings"


def shown(x: float, decimals: int | None) -> str:
    """Write a number as the metric shows it (its decimals, else six significant digits)."""
    if decimals is None:
        return f"{x:.6g}"
    return f"{x:.{decimals}f}"


def sentence(text: str) -> str:
    """Capitalise the first letter and end with a full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."
