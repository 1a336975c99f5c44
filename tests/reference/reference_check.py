"""The per-building evaluator of climatelimits 0.x before the column kernels, kept as an oracle.

``check`` now runs the column kernels of ``climatelimits._verdicts`` on a stock of one. This
module is the object-by-object implementation those kernels replaced (from commit c63333d),
unchanged but for its name, so that the property tests compare the kernels with an
independent implementation of the same rules rather than with themselves. Rules added
since (issue 11) are written here on their own, not taken from the library: a category
limited to single-use buildings drops out of an area-weighted mix, a disclosure
schedule's check says disclosed, incomplete or not yet required, and a limit's adjustment
terms (issue 11, item 2) change the limit of each step to value × (1 + Σ multiplicative)
+ Σ additive over the terms in force on the step's day (:class:`_Terms`).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs
import numpy as np

from climatelimits import _kernels
from climatelimits.areas import get_area_definition
from climatelimits.buildings import Building, UseCategory
from climatelimits.evaluation import Assessment, CheckStatus, LimitCheck, NextStep
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
)
from climatelimits.units import Quantity, format_unit, registry

__all__ = ["reference_check"]


def reference_check(
    building: Building, schedule: LimitSchedule, on: dt.date | None = None
) -> Assessment:
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
        With one :class:`LimitCheck` per limit of the schedule (per part and limit where a
        limit judges each part on its own). A building outside the schedule's applicability
        threshold gets *not applicable*, an exempted one *exempt* with the reason.

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
    gate = _gate(building, schedule, day)
    checks: list[LimitCheck] = []
    for limit in schedule.limits:
        prefix = f"{limit.title or limit.id}: " if len(schedule.limits) > 1 else ""
        if gate is not None:
            status, reason = gate
            checks.append(
                LimitCheck(
                    schedule.id,
                    None,
                    status,
                    _sentence(prefix + reason),
                    unit=limit.metric.unit,
                    on=day,
                    limit_id=limit.id,
                )
            )
        elif day is None:  # pragma: no cover - the gate reports a missing date
            continue
        elif limit.mixed_use is MixedUsePolicy.EACH_PART and (
            building.parts or building.mixed_use
        ):
            checks.extend(_check_parts(building, schedule, limit, day, prefix))
        else:
            checks.append(_check_one(building, schedule, limit, day, prefix))
    return Assessment(building.id, schedule.id, day, tuple(checks))


# ---------------------------------------------------------------------------------------
def _gate(
    building: Building, schedule: LimitSchedule, day: dt.date | None
) -> tuple[CheckStatus, str] | None:
    """Return (status, reason) when the schedule as a whole gives no verdict, else None."""
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


def _check_parts(
    building: Building, schedule: LimitSchedule, limit: Limit, day: dt.date, prefix: str
) -> list[LimitCheck]:
    if not building.parts:
        uses = ", ".join(f"{u.value} {s:.0%}" for u, s in building.use_shares.items())
        return [
            LimitCheck(
                schedule.id,
                None,
                CheckStatus.INCOMPLETE,
                _sentence(
                    f"{prefix}the building has mixed use ({uses}) and schedule "
                    f"{schedule.id} judges each part against the limit of its own use; "
                    f"declare the parts with their own areas and results"
                ),
                unit=limit.metric.unit,
                on=day,
                limit_id=limit.id,
            )
        ]
    return [
        attrs.evolve(
            _check_one(
                building.part_as_building(part),
                schedule,
                limit,
                day,
                f"{prefix}part {part.id}: ",
            ),
            part=part.id,
        )
        for part in building.parts
    ]


def _select_category(building: Building, limit: Limit, schedule_id: str) -> CategoryChoice:
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


def _without_single_use_only(
    building: Building, limit: Limit, schedule_id: str
) -> CategoryChoice | dict[UseCategory, float]:
    """The shares left once single-use-only categories drop out, or the choice it makes."""
    chosen = {u: limit.choose(u, building.areas, building.tags) for u in building.use_shares}
    dropped = [
        u for u, c in chosen.items() if c.category is not None and c.category.single_use_only
    ]
    if not dropped:
        return dict(building.use_shares)
    kept = {u: s for u, s in building.use_shares.items() if u not in dropped}
    if all(chosen[u].category is None and not chosen[u].undecided for u in kept):
        names = ", ".join(u.value for u in dropped)
        return CategoryChoice(
            None,
            None,
            (
                f"schedule {schedule_id} limits {names} only in a building of that use "
                f"alone, and this mixed-use building has no other use it limits"
            ),
        )
    if len(kept) == 1:
        (only,) = kept
        if chosen[only].category is not None:
            return chosen[only]
    total = math.fsum(kept.values())
    return {u: s / total for u, s in kept.items()}


def _area_weighted_category(building: Building, limit: Limit, schedule_id: str) -> CategoryChoice:
    shares = _without_single_use_only(building, limit, schedule_id)
    if isinstance(shares, CategoryChoice):
        return shares
    parts: list[tuple[float, LimitCategory]] = []
    periods = set()
    for use, share in shares.items():
        choice = limit.choose(use, building.areas, building.tags)
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
    dates = sorted({s.start for _, cat in parts for s in cat.steps if s.start >= first} | {first})
    steps: list[LimitStep] = []
    for day in dates:
        in_force = [(share, _step_on(cat, day)) for share, cat in parts]
        for use, (_, step) in zip(shares, in_force, strict=True):
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
            # Kept as values are compared (12 significant digits): 384.6, not the
            # 384.59999999999997 that 0.04 x 375 + 0.96 x 385 gives in floats.
            weighted = math.fsum(share * (step.value or 0.0) for share, step in in_force)
            value = float(_kernels.compared_values(np.array([weighted]), None)[0])
        latest = [s.latest_from for _, s in in_force if s.start == day and s.latest_from]
        cited = [i for _, s in in_force for i in s.sources]
        cited += [i for _, cat in parts for i in cat.sources]
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


def _normalised_value(
    building: Building, limit: Limit, period: Quantity | None
) -> tuple[float | None, str]:
    """Return (value in the metric's unit, reason-if-none)."""
    metric = limit.metric
    indicator = get_indicator(metric.indicator)
    used = _declared_indicator(building, metric)
    if used is None:
        declared = ", ".join(building.results) or "none"
        accepted = ""
        if metric.also_accepts:
            accepted = f" or {', '.join(metric.also_accepts)}, which it accepts"
        return None, (
            f"the building declares no {indicator.name} ({metric.indicator}) results, which "
            f"this limit is set on{accepted} (declared: {declared})"
        )
    total = building.results[used].total(metric.modules)
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
    if period is not None:
        wanted = float(period.magnitude)
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
    elif metric.per_year:  # pragma: no cover - Limit validation requires a period
        return None, "the limit is per year but states no study period"
    totals = np.array([float(total.value.magnitude)])
    normalised = _kernels.normalise(totals, np.array([float(area.magnitude)]), periods)
    return float(normalised[0] * metric.to_unit_factor), ""


@attrs.frozen
class _Terms:
    """The adjustment terms of one limit for one building on one day, read object by object.

    ``applied`` lists (id, multiplicative?, value) in the limit's order; ``missing`` the ids
    of the declared terms in force that the building does not state.
    """

    applied: tuple[tuple[str, bool, float], ...]
    missing: tuple[str, ...]

    @classmethod
    def of(cls, limit: Limit, building: Building, day: dt.date) -> _Terms:
        applied = []
        missing = []
        for adjustment in limit.adjustments:
            started = adjustment.start is None or adjustment.start <= day
            ended = adjustment.until is not None and adjustment.until < day
            if not started or ended:
                continue
            multiplies = adjustment.kind.value == "multiplicative"
            if adjustment.declared:
                if adjustment.id in building.limit_terms:
                    applied.append(
                        (adjustment.id, multiplies, building.limit_terms[adjustment.id])
                    )
                else:
                    missing.append(adjustment.id)
            elif all(tag in building.tags for tag in adjustment.when_tags):
                assert adjustment.value is not None
                applied.append((adjustment.id, multiplies, adjustment.value))
        return cls(tuple(applied), tuple(missing))

    def limit(self, base: float) -> float:
        factor = 0.0
        extra = 0.0
        for _, multiplies, value in self.applied:
            if multiplies:
                factor += value
            else:
                extra += value
        if factor == 0 and extra == 0:
            return base
        # To 12 significant digits, as values are compared: 530 x 1.17 is 620.1.
        return float(_kernels.compared_values(np.array([base * (1.0 + factor) + extra]), None)[0])

    def formula(self, base: float, decimals: int | None) -> str:
        def one(value: float, name: str) -> str:
            sign = "-" if value < 0 else "+"
            return f" {sign} {abs(value):.6g} {name}"

        text = _shown(base, decimals)
        inside = [one(v, i) for i, m, v in self.applied if m]
        if inside:
            text += " × (1" + "".join(inside) + ")"
        return text + "".join(one(v, i) for i, m, v in self.applied if not m)

    def as_map(self) -> dict[str, float]:
        return {i: v for i, _, v in self.applied}


def _check_one(
    building: Building, schedule: LimitSchedule, limit: Limit, day: dt.date, prefix: str
) -> LimitCheck:
    """The verdict, citing the sources of the step in force when the check is judged on it.

    The step's own sources come first, then its category's, each once; an area-weighted
    step cites those of every use's step and category.
    """
    in_force: list[tuple[LimitCategory, LimitStep]] = []
    verdict = _judge_one(building, schedule, limit, day, prefix, in_force)
    if not in_force or verdict.status in (CheckStatus.EXEMPT, CheckStatus.NOT_APPLICABLE):
        return verdict
    category, step = in_force[0]
    cited: list[str] = []
    for source_id in (*step.sources, *category.sources):
        if source_id not in cited:
            cited.append(source_id)
    return attrs.evolve(verdict, sources=tuple(schedule.source(i) for i in cited))


def _judge_one(  # noqa: PLR0915 - one verdict, written out in the order a reader checks it
    building: Building,
    schedule: LimitSchedule,
    limit: Limit,
    day: dt.date,
    prefix: str,
    in_force: list[tuple[LimitCategory, LimitStep]],
) -> LimitCheck:
    metric = limit.metric
    unit = metric.unit
    reg = registry()
    unit_text = format_unit(unit)

    def q(x: float) -> Quantity:
        quantity: Quantity = reg.Quantity(x, unit)
        return quantity

    def sentence(text: str) -> str:
        return _sentence(prefix + text)

    choice = _select_category(building, limit, schedule.id)
    key, category = choice.key, choice.category
    period = metric.reference_study_period
    if category is not None:
        period = limit.study_period_of(category)
    value, why_no_value = _normalised_value(building, limit, period)
    compared = None
    if value is not None:
        compared = float(_kernels.compared_values(np.array([value]), metric.decimals)[0])

    if category is None:
        return LimitCheck(
            schedule.id,
            None,
            CheckStatus.INCOMPLETE if choice.undecided else CheckStatus.NOT_APPLICABLE,
            sentence(choice.reason),
            unit=unit,
            on=day,
            value=None if value is None else q(value),
            compared_value=None if compared is None else q(compared),
            limit_id=limit.id,
        )

    index = int(_kernels.step_index(category.step_dates, np.array([day], "datetime64[D]"))[0])
    if index >= 0:
        in_force.append((category, category.steps[index]))
    following = category.steps[index + 1] if index + 1 < len(category.steps) else None
    next_step = None
    if following is not None and following.value is not None:
        then = _Terms.of(limit, building, following.start)
        if not then.missing:
            next_limit = then.limit(following.value)
            passes_next = None if compared is None else compared <= next_limit
            next_step = NextStep(
                following.start, q(next_limit), passes_next, following.latest_from
            )
    terms = _Terms.of(limit, building, day)
    label = _category_label(key, category, building.use)
    if schedule.is_disclosure:
        return _disclosure_check(
            building, schedule, limit, day, category, key, index, value, compared, sentence
        )

    if index < 0:
        first = category.steps[0]
        return LimitCheck(
            schedule.id,
            key,
            CheckStatus.NOT_APPLICABLE,
            sentence(
                f"no limit of schedule {schedule.id} is in force for {label} on "
                f"{day.isoformat()}; the first, {first.describe_value(unit_text)}, applies "
                f"from {first.describe_start()}"
            ),
            unit=unit,
            on=day,
            value=None if value is None else q(value),
            compared_value=None if compared is None else q(compared),
            next_step=next_step,
            limit_id=limit.id,
        )

    step = category.steps[index]
    previous = category.steps[index - 1] if index > 0 else None
    uncertain = step.latest_from is not None and day < step.latest_from

    def incomplete(text: str, missing: tuple[str, ...] = ()) -> LimitCheck:
        """No verdict on the step in force: its value or the building's terms are unknown."""
        return LimitCheck(
            schedule.id,
            key,
            CheckStatus.INCOMPLETE,
            sentence(text),
            unit=unit,
            on=day,
            value=None if value is None else q(value),
            compared_value=None if compared is None else q(compared),
            effective_from=step.start,
            limit_id=limit.id,
            missing_terms=missing,
        )

    if step.value is None:
        return incomplete(
            f"no verdict: schedule {schedule.id} has a step for {label} from "
            f"{step.describe_start()} whose value is not confirmed (see the schedule's "
            f"notes)"
        )
    if terms.missing:
        text = (
            f"no verdict: the limit for {label} in force since {step.describe_start()}, "
            f"{step.describe_value(unit_text)} before adjustment, is adjusted by terms the "
            f"building does not declare: {', '.join(terms.missing)} (state each in "
            f"`limit_terms` as the building's calculation gives it)"
        )
        if value is None:
            text += f"; nor can it be judged: {why_no_value}"
        return incomplete(text, terms.missing)
    if value is None or compared is None:
        return LimitCheck(
            schedule.id,
            key,
            CheckStatus.INCOMPLETE,
            sentence(f"no verdict: {why_no_value}"),
            unit=unit,
            on=day,
            limit=q(terms.limit(step.value)),
            effective_from=step.start,
            next_step=next_step,
            limit_id=limit.id,
            limit_terms=terms.as_map(),
        )

    what = metric.describe()
    used = _declared_indicator(building, metric)
    if used is not None and used != metric.indicator:
        what += f", on the building's {used} results, accepted in place of {metric.indicator}"
    if category.reference_study_period is not None:
        what += f" over {category.reference_study_period.magnitude:g} years"
    rounding = ""
    if metric.decimals is not None and value != compared:
        plural = "" if metric.decimals == 1 else "s"
        rounding = (
            f" (unrounded {value:.6g}, rounded half up to {metric.decimals} decimal{plural})"
        )
    in_force = f"in force since {step.describe_start()}"
    limit_value = terms.limit(step.value)
    base = step.value
    effective_from = step.start
    if uncertain:
        # Either the previous step or this one is in force: a verdict only where both agree.
        candidates = [step.value] + ([] if previous is None else [previous.value])
        known = [terms.limit(v) for v in candidates if v is not None]
        strict, loose = min(known), max(known)
        if previous is None or previous.value is None or strict < compared <= loose:
            # Each number of the sentence to as many digits as tell the value from the limits.
            d = _digits(compared, known, metric.decimals)
            before = "no limit" if previous is None else previous.describe_value(unit_text)
            if (terms.applied or d > 6) and previous is not None and previous.value is not None:
                before = f"{_shown(terms.limit(previous.value), metric.decimals, d)} {unit_text}"
            each = ""
            if terms.applied:
                each = ", each limit adjusted by " + ", ".join(i for i, _, _ in terms.applied)
            return LimitCheck(
                schedule.id,
                key,
                CheckStatus.INCOMPLETE,
                sentence(
                    f"no verdict: on {day.isoformat()} either {before} or the step of "
                    f"{_shown(terms.limit(step.value), metric.decimals, d)} {unit_text} starting "
                    f"on {step.describe_start()} is in "
                    f"force for {label}, and {_shown(compared, metric.decimals, d)} "
                    f"{unit_text}{rounding} meets one but not the other ({what}{each})"
                ),
                unit=unit,
                on=day,
                value=q(value),
                compared_value=q(compared),
                limit_id=limit.id,
            )
        limit_value = strict if compared <= strict else loose
        if limit_value != terms.limit(step.value):  # the verdict rests on the step before
            effective_from = previous.start
            base = previous.value
        in_force = (
            f"whether the step starting on {step.describe_start()} is in force on "
            f"{day.isoformat()} or not"
        )
    passed = compared <= limit_value
    margin = limit_value - compared
    later_text = ""
    complies_until = None
    fails_later: list[float] = []
    if passed:
        for later in category.steps[index + 1 :]:
            if later.value is None:
                later_text = (
                    f". The value of the step from {later.describe_start()} is not confirmed"
                )
                break
            then = _Terms.of(limit, building, later.start)
            if then.missing:
                later_text = (
                    f". The limit from {later.describe_start()} is adjusted by terms the "
                    f"building does not declare ({', '.join(then.missing)})"
                )
                break
            later_limit = then.limit(later.value)
            if compared > later_limit:
                fails_later.append(later_limit)
                complies_until = later.start - dt.timedelta(days=1)
                until = "until at least" if later.latest_from is not None else "until"
                later_text = (
                    f". It would fail the step of {{later}} {unit_text} from "
                    f"{later.describe_start()}, so it complies {until} "
                    f"{complies_until.isoformat()}"
                )
                break
    d = _digits(compared, [limit_value, *fails_later], metric.decimals)
    shown = _shown(compared, metric.decimals, d)
    if fails_later:
        later_text = later_text.replace("{later}", _shown(fails_later[0], metric.decimals, d))
    the_limit = f"{_shown(limit_value, metric.decimals, d)} {unit_text}"
    if terms.applied:
        assert base is not None
        the_limit += f" ({terms.formula(base, metric.decimals)})"
    if passed:
        reason = (
            f"complies: {shown} {unit_text}{rounding} is within the limit of "
            f"{the_limit} for {label}, {in_force} ({what})"
        )
    else:
        reason = (
            f"exceeds the limit: {shown} {unit_text}{rounding} is above the limit of "
            f"{the_limit} for {label}, {in_force}, by "
            f"{_shown(-margin, metric.decimals)} {unit_text} ({what})"
        )
    reason += later_text
    return LimitCheck(
        schedule.id,
        key,
        CheckStatus.PASS if passed else CheckStatus.FAIL,
        sentence(reason),
        unit=unit,
        on=day,
        limit=q(limit_value),
        value=q(value),
        compared_value=q(compared),
        margin=q(margin),
        effective_from=effective_from,
        next_step=next_step,
        complies_until=complies_until,
        limit_id=limit.id,
        limit_terms=terms.as_map(),
    )


def _category_label(key: str | None, category: LimitCategory, use: UseCategory) -> str:
    if key == CATCH_ALL:
        return f"{use.value} buildings (the schedule's catch-all category)"
    if key == "area_weighted":
        return "this mixed-use building (area-weighted limit)"
    if category.title:
        return f"{category.title} ({key})"
    return f"{key} buildings"


def _shown(x: float, decimals: int | None, digits: int = 6) -> str:
    if decimals is None:
        return f"{x:.{digits}g}"
    return f"{x:.{decimals}f}"


def _digits(x: float, limits: list[float], decimals: int | None) -> int:
    """The fewest significant digits, from 6 to 17, that show ``x`` apart from each limit.

    Without decimals a value is compared as kept to 12 significant digits, so six may show
    375.0004 and a limit of 375 as the same number; with decimals they are always apart.
    """
    if decimals is not None:
        return 6
    d = 6
    while d < 17 and any(v != x and f"{v:.{d}g}" == f"{x:.{d}g}" for v in limits):
        d += 1
    return d


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def _disclosure_check(
    building: Building,
    schedule: LimitSchedule,
    limit: Limit,
    day: dt.date,
    category: LimitCategory,
    key: str | None,
    index: int,
    value: float | None,
    compared: float | None,
    sentence: Any,
) -> LimitCheck:
    """The check of a disclosure schedule: not yet required, disclosed, or incomplete."""
    unit = limit.metric.unit
    reg = registry()
    label = _category_label(key, category, building.use)

    def q(x: float | None) -> Quantity | None:
        return None if x is None else reg.Quantity(x, unit)

    if index < 0:
        return LimitCheck(
            schedule.id,
            key,
            CheckStatus.NOT_APPLICABLE,
            sentence(
                f"schedule {schedule.id} does not yet require the disclosure for {label} on "
                f"{day.isoformat()}; it does from {category.steps[0].describe_start()}"
            ),
            unit=unit,
            on=day,
            value=q(value),
            compared_value=q(compared),
            limit_id=limit.id,
        )
    step = category.steps[index]
    since = f"required for {label} since {step.describe_start()}"
    if value is None or compared is None:
        period = limit.study_period_of(category)
        _, why = _normalised_value(building, limit, period)
        return LimitCheck(
            schedule.id,
            key,
            CheckStatus.INCOMPLETE,
            sentence(f"not disclosed as schedule {schedule.id} asks ({since}): {why}"),
            unit=unit,
            on=day,
            effective_from=step.start,
            limit_id=limit.id,
        )
    return LimitCheck(
        schedule.id,
        key,
        CheckStatus.DISCLOSED,
        sentence(
            f"disclosed: {_shown(compared, limit.metric.decimals)} {format_unit(unit)} "
            f"({limit.metric.describe()}), {since}; schedule {schedule.id} sets no limit on it"
        ),
        unit=unit,
        on=day,
        value=q(value),
        compared_value=q(compared),
        effective_from=step.start,
        limit_id=limit.id,
    )
