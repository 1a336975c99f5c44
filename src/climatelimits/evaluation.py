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

import attrs
import numpy as np

from climatelimits import _kernels
from climatelimits.areas import get_area_definition
from climatelimits.buildings import Building, UseCategory
from climatelimits.exceptions import InvalidInputError
from climatelimits.indicators import get_indicator
from climatelimits.schedules import (
    CATCH_ALL,
    LimitCategory,
    LimitSchedule,
    LimitStep,
    MixedUsePolicy,
)
from climatelimits.units import Quantity, Unit, format_unit, registry

__all__ = ["Assessment", "CheckStatus", "LimitCheck", "NextStep", "check"]


class CheckStatus(enum.Enum):
    """Outcome of one limit check."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    """No limit applies to this building on this date."""
    INCOMPLETE = "incomplete"
    """The declaration lacks something the limit needs; no verdict."""


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
    """

    start: dt.date
    limit: Quantity
    passes: bool | None


@attrs.frozen
class LimitCheck:
    """The verdict on one limit.

    Attributes
    ----------
    schedule : str
        Schedule id.
    category : str or None
        Category key applied (a use, ``"any"``, or ``"area_weighted"`` for a mixed-use
        building under an area-weighted rule).
    status : CheckStatus
        pass, fail, not_applicable or incomplete.
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

    @property
    def passed(self) -> bool | None:
        """True for pass, False for fail, None otherwise."""
        if self.status is CheckStatus.PASS:
            return True
        if self.status is CheckStatus.FAIL:
            return False
        return None


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
        One per limit.
    """

    building: str
    schedule: str
    on: dt.date | None
    checks: tuple[LimitCheck, ...]

    @property
    def passed(self) -> bool | None:
        """False if any limit fails; True if limits apply and all pass; otherwise None."""
        statuses = [c.status for c in self.checks]
        if CheckStatus.FAIL in statuses:
            return False
        if statuses and all(s is CheckStatus.PASS for s in statuses):
            return True
        return None

    def explain(self) -> str:
        """Return the verdict and every check's reason as readable text."""
        verdict = {True: "PASSES", False: "FAILS", None: "NO VERDICT"}[self.passed]
        on = f" on {self.on.isoformat()}" if self.on else ""
        lines = [f"Building {self.building} {verdict} schedule {self.schedule}{on}."]
        lines += [f"- [{c.status.value}] {c.reason}" for c in self.checks]
        return "\n".join(lines)


def check(building: Building, schedule: LimitSchedule, on: dt.date | None = None) -> Assessment:
    """Check a building against a schedule.

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
        With one :class:`LimitCheck` per limit of the schedule.

    Raises
    ------
    InvalidInputError
        If ``building`` or ``schedule`` is not of the right type, or ``on`` is not a date.
        Missing data in the building is a verdict, not an error.
    """
    given: tuple[object, object, object] = (building, schedule, on)
    if not isinstance(given[0], Building):
        msg = f"`building` must be a Building; got {type(building).__name__}"
        raise InvalidInputError(msg)
    if not isinstance(given[1], LimitSchedule):
        msg = f"`schedule` must be a LimitSchedule; got {type(schedule).__name__}"
        raise InvalidInputError(msg)
    if given[2] is not None and (
        isinstance(given[2], dt.datetime) or not isinstance(given[2], dt.date)
    ):
        msg = f"`on` must be a date; got {on!r}"
        raise InvalidInputError(msg)
    day = on if on is not None else building.dates.get(schedule.date_basis)
    result = _check_one(building, schedule, day)
    return Assessment(building.id, schedule.id, day, (result,))


# ---------------------------------------------------------------------------------------
def _select_category(
    building: Building, schedule: LimitSchedule
) -> tuple[str | None, LimitCategory | None, str]:
    """Return (key, category, reason-if-none)."""
    if building.mixed_use:
        policy = schedule.mixed_use
        if policy is MixedUsePolicy.NONE:
            uses = ", ".join(f"{u.value} {s:.0%}" for u, s in building.use_shares.items())
            return (
                None,
                None,
                (
                    f"the building has mixed use ({uses}) and schedule {schedule.id} states "
                    f"no rule for mixed-use buildings"
                ),
            )
        if policy is MixedUsePolicy.AREA_WEIGHTED:
            return _area_weighted_category(building, schedule)
    key = schedule.category_key(building.use)
    if key is None:
        return (
            None,
            None,
            f"schedule {schedule.id} sets no limit for {building.use.value} buildings",
        )
    return key, schedule.categories[key], ""


def _area_weighted_category(
    building: Building, schedule: LimitSchedule
) -> tuple[str | None, LimitCategory | None, str]:
    parts: list[tuple[float, LimitCategory]] = []
    for use, share in building.use_shares.items():
        key = schedule.category_key(use)
        if key is None:
            return (
                None,
                None,
                (
                    f"schedule {schedule.id} sets no limit for {use.value}, {share:.0%} of "
                    f"the building's area, so no area-weighted limit can be formed"
                ),
            )
        parts.append((share, schedule.categories[key]))
    # A weighted limit exists from the day every part has one; it changes on any part's step.
    first = max(cat.steps[0].start for _, cat in parts)
    dates = sorted({s.start for _, cat in parts for s in cat.steps if s.start >= first} | {first})
    steps = []
    for day in dates:
        value = math.fsum(share * _step_value(cat, day) for share, cat in parts)
        steps.append(LimitStep(day, value))
    return "area_weighted", LimitCategory(tuple(steps), title="area-weighted"), ""


def _step_value(category: LimitCategory, day: dt.date) -> float:
    step = category.step_on(day)
    if step is None:  # pragma: no cover - guarded by the choice of dates
        msg = f"no step in force on {day}"
        raise InvalidInputError(msg)
    return step.value


def _normalised_value(building: Building, schedule: LimitSchedule) -> tuple[float | None, str]:
    """Return (value in the metric's unit, reason-if-none)."""
    metric = schedule.metric
    indicator = get_indicator(metric.indicator)
    results = building.results.get(metric.indicator)
    if results is None:
        declared = ", ".join(building.results) or "none"
        return None, (
            f"the building declares no {indicator.name} ({metric.indicator}) results, which "
            f"this limit is set on (declared: {declared})"
        )
    total = results.total(metric.modules)
    if total.value is None:
        return None, f"{total.explain()}; the limit counts {metric.modules}"
    area = building.areas.get(metric.area)
    if area is None:
        definition = get_area_definition(metric.area)
        stated = ", ".join(building.areas) or "none"
        return None, (
            f"the building states no {definition.name} ({metric.area}) area, which this limit "
            f"is per m² of (areas stated: {stated}); areas of other definitions are not "
            f"converted"
        )
    periods = None
    if metric.reference_study_period is not None:
        wanted = float(metric.reference_study_period.magnitude)
        rsp = building.reference_study_period
        if rsp is None:
            return None, (
                f"the building states no reference study period; this limit is set for "
                f"{wanted:g} years"
            )
        if not math.isclose(float(rsp.magnitude), wanted, rel_tol=1e-9):
            return None, (
                f"the building was assessed over {rsp.magnitude:g} years; this limit is set "
                f"for {wanted:g} years, so the results are not comparable"
            )
        if metric.per_year:
            periods = np.array([wanted])
    totals = np.array([float(total.value.magnitude)])
    normalised = _kernels.normalise(totals, np.array([float(area.magnitude)]), periods)
    return float(normalised[0] * metric.to_unit_factor), ""


def _check_one(building: Building, schedule: LimitSchedule, day: dt.date | None) -> LimitCheck:
    metric = schedule.metric
    unit = metric.unit
    reg = registry()
    unit_text = format_unit(unit)

    def q(x: float) -> Quantity:
        quantity: Quantity = reg.Quantity(x, unit)
        return quantity

    if day is None:
        basis = schedule.date_basis.value
        return LimitCheck(
            schedule.id,
            None,
            CheckStatus.INCOMPLETE,
            _sentence(
                f"the building states no {basis} date, which selects the limit step of "
                f"schedule {schedule.id}; add it to the building or give a date to check on"
            ),
            unit=unit,
        )
    key, category, why_not = _select_category(building, schedule)
    value, why_no_value = _normalised_value(building, schedule)
    compared = None
    if value is not None:
        compared = float(_kernels.compared_values(np.array([value]), metric.decimals)[0])

    if category is None:
        status = (
            CheckStatus.INCOMPLETE
            if building.mixed_use and schedule.mixed_use is not MixedUsePolicy.PRINCIPAL_USE
            else CheckStatus.NOT_APPLICABLE
        )
        return LimitCheck(
            schedule.id,
            None,
            status,
            _sentence(why_not),
            unit=unit,
            on=day,
            value=None if value is None else q(value),
            compared_value=None if compared is None else q(compared),
        )

    index = int(_kernels.step_index(category.step_dates, np.array([day], "datetime64[D]"))[0])
    following = category.steps[index + 1] if index + 1 < len(category.steps) else None
    next_step = None
    if following is not None:
        passes_next = None if compared is None else compared <= following.value
        next_step = NextStep(following.start, q(following.value), passes_next)
    label = _category_label(key, building.use)

    if index < 0:
        first = category.steps[0]
        return LimitCheck(
            schedule.id,
            key,
            CheckStatus.NOT_APPLICABLE,
            _sentence(
                f"no limit of schedule {schedule.id} is in force for {label} on "
                f"{day.isoformat()}; the first, {first.value:g} {unit_text}, applies from "
                f"{first.start.isoformat()}"
            ),
            unit=unit,
            on=day,
            value=None if value is None else q(value),
            compared_value=None if compared is None else q(compared),
            next_step=next_step,
        )

    step = category.steps[index]
    if value is None or compared is None:
        return LimitCheck(
            schedule.id,
            key,
            CheckStatus.INCOMPLETE,
            _sentence(f"no verdict: {why_no_value}"),
            unit=unit,
            on=day,
            limit=q(step.value),
            effective_from=step.start,
            next_step=next_step,
        )

    passed = compared <= step.value
    margin = step.value - compared
    shown = _shown(compared, metric.decimals)
    what = f"{metric.describe()}"
    rounding = ""
    if metric.decimals is not None and value != compared:
        rounding = f" (unrounded {value:.6g}, rounded half up to {metric.decimals} decimals)"
    if passed:
        reason = (
            f"Complies: {shown} {unit_text}{rounding} is within the limit of {step.value:g} "
            f"{unit_text} for {label}, in force since {step.start.isoformat()} ({what})"
        )
    else:
        reason = (
            f"Exceeds the limit: {shown} {unit_text}{rounding} is above the limit of "
            f"{step.value:g} {unit_text} for {label}, in force since "
            f"{step.start.isoformat()}, by {_shown(-margin, metric.decimals)} {unit_text} "
            f"({what})"
        )
    complies_until = None
    if passed:
        for later in category.steps[index + 1 :]:
            if compared > later.value:
                complies_until = later.start - dt.timedelta(days=1)
                reason += (
                    f". It would fail the step of {later.value:g} from {later.start.isoformat()},"
                    f" so it complies until {complies_until.isoformat()}"
                )
                break
    return LimitCheck(
        schedule.id,
        key,
        CheckStatus.PASS if passed else CheckStatus.FAIL,
        _sentence(reason),
        unit=unit,
        on=day,
        limit=q(step.value),
        value=q(value),
        compared_value=q(compared),
        margin=q(margin),
        effective_from=step.start,
        next_step=next_step,
        complies_until=complies_until,
    )


def _category_label(key: str | None, use: UseCategory) -> str:
    if key == CATCH_ALL:
        return f"{use.value} buildings (the schedule's catch-all category)"
    if key == "area_weighted":
        return "this mixed-use building (area-weighted limit)"
    return f"{key} buildings"


def _shown(x: float, decimals: int | None) -> str:
    if decimals is None:
        return f"{x:.6g}"
    return f"{x:.{decimals}f}"


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."
