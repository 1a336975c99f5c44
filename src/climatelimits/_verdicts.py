"""The verdict kernels: a schedule evaluated over rows of buildings as numpy columns.

Both faces run here: :func:`climatelimits.check` on one building (a stock of one) and
:func:`climatelimits.check_stock` on many. The steps, in the order a reader checks a
verdict:

1. the schedule's gate per building (applicability thresholds, exemptions, the schedule's
   end, a missing date): :func:`_gate`;
2. per limit, the rows to judge: the building, or each of its parts where the limit judges
   parts on their own (:func:`evaluate`);
3. the category of each row (:func:`_choose`, :func:`_choose_mixed`);
4. the normalised value (:func:`_values`);
5. the step in force, its confirmation, an unconfirmed first day, pass or fail, the next
   step and the last day of compliance (:func:`_judge`).

Every number is decided here, on columns. The explanation of one row is written when asked
for (:meth:`Verdicts.reason`), from the same columns.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from climatelimits import _kernels
from climatelimits.buildings import Building, UseCategory
from climatelimits.evaluation import (
    CheckStatus,
    LimitCheck,
    NextStep,
    area_weighted_choice,
    category_label,
    gate_reason,
    normalised_value_reason,
    select_category,
    sentence,
    shown,
)
from climatelimits.exceptions import InvalidInputError
from climatelimits.schedules import (
    CategoryChoice,
    Limit,
    LimitCategory,
    LimitSchedule,
    MixedUsePolicy,
)
from climatelimits.units import Quantity, format_unit, registry

if TYPE_CHECKING:
    from climatelimits.stocks import ResultColumn, ResultKey, Stock

Array = np.ndarray[Any, Any]

STATUSES: tuple[CheckStatus, ...] = tuple(CheckStatus)
PASS, FAIL, NOT_APPLICABLE, EXEMPT, INCOMPLETE = (STATUSES.index(s) for s in CheckStatus)
_NAT = np.datetime64("NaT", "D")


class Kind(enum.IntEnum):
    """Why a row has its status; selects the sentence written for it."""

    GATE = 0
    MIXED_NO_PARTS = 1
    NO_CATEGORY = 2
    NO_STEP_YET = 3
    STEP_UNCONFIRMED = 4
    NO_VALUE = 5
    UNCERTAIN = 6
    JUDGED = 7


class NoValue(enum.IntEnum):
    """Why a row has no normalised value (0: it has one)."""

    OK = 0
    NO_INDICATOR = 1
    SCOPE_INCOMPLETE = 2
    NO_AREA = 3
    NO_PERIOD = 4
    PERIOD_DIFFERS = 5


def check_on(on: object) -> None:
    """Refuse an ``on`` that is not a date (or ``None``)."""
    if on is not None and (isinstance(on, dt.datetime) or not isinstance(on, dt.date)):
        msg = f"`on` must be a date; got {on!r}"
        raise InvalidInputError(msg)


def resolve_schedule(schedule: object) -> LimitSchedule:
    """Return a schedule given as itself or as a catalogue id."""
    if isinstance(schedule, LimitSchedule):
        return schedule
    if isinstance(schedule, str):
        from climatelimits import catalogue  # noqa: PLC0415 - loaded on first use

        return catalogue.get(schedule)
    msg = f"`schedule` must be a LimitSchedule or a catalogue id; got {type(schedule).__name__}"
    raise InvalidInputError(msg)


# ---------------------------------------------------------------------------------------
@attrs.frozen(eq=False)
class Rows:
    """Rows to judge (buildings, or parts with their building's dates, period and tags)."""

    use: Array
    areas: Mapping[str, Array]
    results: Mapping[ResultKey, ResultColumn]
    indicators: Mapping[str, Array]
    period: Array
    days: Array
    tag_names: tuple[str, ...]
    tags: Array
    shares: Array

    def area(self, area_id: str) -> Array:
        """Areas [m²] of a definition, NaN where not stated."""
        found = self.areas.get(area_id)
        return np.full(self.use.shape[0], np.nan) if found is None else found

    def has_tags(self, tags: tuple[str, ...]) -> Array:
        """Whether each row carries every tag."""
        out = np.ones(self.use.shape[0], dtype=bool)
        for tag in tags:
            if tag not in self.tag_names:
                return np.zeros(self.use.shape[0], dtype=bool)
            out &= self.tags[:, self.tag_names.index(tag)]
        return out

    def present(self, indicator: str) -> Array:
        """Whether each row names the indicator in its results."""
        found = self.indicators.get(indicator)
        return np.zeros(self.use.shape[0], dtype=bool) if found is None else found


def _building_rows(stock: Stock, days: Array) -> Rows:
    return Rows(
        stock.use,
        stock.areas,
        stock.results,
        stock.indicators,
        stock.reference_study_period,
        days,
        stock.tag_names,
        stock.tags,
        stock.use_shares,
    )


def _part_rows(stock: Stock, days: Array) -> Rows:
    parts = stock.parts
    owner = parts.building
    return Rows(
        parts.use,
        parts.areas,
        parts.results,
        parts.indicators,
        stock.reference_study_period[owner],
        days[owner],
        stock.tag_names,
        stock.tags[owner],
        np.zeros((len(parts), stock.use_shares.shape[1])),
    )


# ---------------------------------------------------------------------------------------
@attrs.frozen(eq=False)
class Verdicts:
    """Verdict columns, one row per building x limit (x part).

    Numbers are in each row's metric unit (NaN where none), dates ``datetime64[D]`` (NaT
    where none); ``category`` indexes ``categories[limit_index]``.
    """

    building: Array
    limit_index: Array
    part: Array
    status: Array
    kind: Array
    category: Array
    step: Array
    limit: Array
    value: Array
    compared: Array
    margin: Array
    effective_from: Array
    complies_until: Array
    next_start: Array
    next_limit: Array
    next_passes: Array
    day: Array
    uncertain: Array
    categories: tuple[tuple[tuple[str, LimitCategory], ...], ...]

    def category_keys(self) -> Array:
        """Category key per row, ``None`` where none."""
        out = np.full(self.building.shape[0], None, dtype=object)
        for li, cats in enumerate(self.categories):
            keys = np.array([k for k, _ in cats] + [None], dtype=object)
            rows = self.limit_index == li
            out[rows] = keys[self.category[rows]]
        return out

    def part_ids(self, stock: Stock) -> Array:
        """Part id per row, ``None`` for whole buildings."""
        out = np.full(self.building.shape[0], None, dtype=object)
        has = self.part >= 0
        out[has] = stock.parts.ids[self.part[has]]
        return out

    def passed_per_building(self, n: int) -> Array:
        """1 where every limit passes, 0 where one fails, -1 otherwise."""
        rows = np.bincount(self.building, minlength=n)
        fails = np.bincount(self.building, weights=self.status == FAIL, minlength=n)
        passes = np.bincount(self.building, weights=self.status == PASS, minlength=n)
        out = np.full(n, -1, dtype=np.int8)
        out[(passes == rows) & (rows > 0)] = 1
        out[fails > 0] = 0
        return out

    def day_of_building(
        self, i: int, stock: Stock, schedule: LimitSchedule, on: dt.date | None
    ) -> dt.date | None:
        """Return the date building ``i`` is checked on."""
        if on is not None:
            return on
        return _date(stock.date(schedule.date_basis)[i])

    # -- one row as objects -------------------------------------------------------------
    def _row_building(self, row: int, stock: Stock, building: Building | None) -> Building:
        whole = building if building is not None else stock.building(int(self.building[row]))
        part = int(self.part[row])
        if part < 0:
            return whole
        part_id = str(stock.parts.ids[part])
        found = next(p for p in whole.parts if p.id == part_id)
        return whole.part_as_building(found)

    def reason(
        self, row: int, stock: Stock, schedule: LimitSchedule, building: Building | None = None
    ) -> str:
        """Write the explanation of one row."""
        li = int(self.limit_index[row])
        limit = schedule.limits[li]
        prefix = f"{limit.title or limit.id}: " if len(schedule.limits) > 1 else ""
        kind = Kind(int(self.kind[row]))
        day = None if np.isnat(self.day[row]) else self.day[row].astype(dt.date)
        whole = building if building is not None else stock.building(int(self.building[row]))
        if kind is Kind.GATE:
            gated = gate_reason(whole, schedule, day)
            if gated is None:  # pragma: no cover - the kernel gated this row
                msg = f"row {row} was gated but its building passes the gate"
                raise InvalidInputError(msg)
            return sentence(prefix + gated[1])
        if kind is Kind.MIXED_NO_PARTS:
            uses = ", ".join(f"{u.value} {s:.0%}" for u, s in whole.use_shares.items())
            return sentence(
                f"{prefix}the building has mixed use ({uses}) and schedule "
                f"{schedule.id} judges each part against the limit of its own use; "
                f"declare the parts with their own areas and results"
            )
        target = self._row_building(row, stock, whole)
        if self.part[row] >= 0:
            prefix += f"part {stock.parts.ids[int(self.part[row])]}: "
        if kind is Kind.NO_CATEGORY:
            return sentence(prefix + select_category(target, limit, schedule.id).reason)
        assert day is not None  # every row past the gate has a date
        return sentence(prefix + self._judged_reason(row, limit, schedule, target, kind, day))

    def _judged_reason(
        self,
        row: int,
        limit: Limit,
        schedule: LimitSchedule,
        target: Building,
        kind: Kind,
        day: dt.date,
    ) -> str:
        metric = limit.metric
        unit_text = format_unit(metric.unit)
        key, category = self.categories[int(self.limit_index[row])][int(self.category[row])]
        label = category_label(key, category, target.use)
        index = int(self.step[row])
        if kind is Kind.NO_STEP_YET:
            first = category.steps[0]
            return (
                f"no limit of schedule {schedule.id} is in force for {label} on "
                f"{day.isoformat()}; the first, {first.describe_value(unit_text)}, applies "
                f"from {first.describe_start()}"
            )
        step = category.steps[index]
        if kind is Kind.STEP_UNCONFIRMED:
            return (
                f"no verdict: schedule {schedule.id} has a step for {label} from "
                f"{step.describe_start()} whose value is not confirmed (see the schedule's "
                f"notes)"
            )
        if kind is Kind.NO_VALUE:
            period = limit.study_period_of(category)
            return f"no verdict: {normalised_value_reason(target, limit, period)}"
        value = float(self.value[row])
        compared = float(self.compared[row])
        what = metric.describe()
        used = next((i for i in metric.indicators if i in target.results), None)
        if used is not None and used != metric.indicator:
            what += f", on the building's {used} results, accepted in place of {metric.indicator}"
        if category.reference_study_period is not None:
            what += f" over {category.reference_study_period.magnitude:g} years"
        rounding = ""
        if metric.decimals is not None and value != compared:
            rounding = f" (unrounded {value:.6g}, rounded half up to {metric.decimals} decimals)"
        seen = shown(compared, metric.decimals)
        if kind is Kind.UNCERTAIN:
            previous = category.steps[index - 1] if index > 0 else None
            before = "no limit" if previous is None else previous.describe_value(unit_text)
            return (
                f"no verdict: on {day.isoformat()} either {before} or the step of "
                f"{shown(step.value or 0.0, metric.decimals)} {unit_text} starting on "
                f"{step.describe_start()} is in "
                f"force for {label}, and {seen} {unit_text}{rounding} meets one but "
                f"not the other ({what})"
            )
        in_force = f"in force since {step.describe_start()}"
        if self.uncertain[row]:
            in_force = (
                f"whether the step starting on {step.describe_start()} is in force on "
                f"{day.isoformat()} or not"
            )
        limit_value = float(self.limit[row])
        limit_text = shown(limit_value, metric.decimals)
        if self.status[row] == PASS:
            text = (
                f"complies: {seen} {unit_text}{rounding} is within the limit of "
                f"{limit_text} {unit_text} for {label}, {in_force} ({what})"
            )
            for later in category.steps[index + 1 :]:
                if later.value is None:
                    return text + (
                        f". The value of the step from {later.describe_start()} is not confirmed"
                    )
                if compared > later.value:
                    until = "until at least" if later.latest_from is not None else "until"
                    last = later.start - dt.timedelta(days=1)
                    return text + (
                        f". It would fail the step of {shown(later.value, metric.decimals)} "
                        f"from {later.describe_start()}, so it complies {until} "
                        f"{last.isoformat()}"
                    )
            return text
        return (
            f"exceeds the limit: {seen} {unit_text}{rounding} is above the limit of "
            f"{limit_text} {unit_text} for {label}, {in_force}, by "
            f"{shown(-float(self.margin[row]), metric.decimals)} {unit_text} ({what})"
        )

    def limit_check(
        self, row: int, stock: Stock, schedule: LimitSchedule, building: Building | None = None
    ) -> LimitCheck:
        """Return one row as a :class:`LimitCheck`."""
        limit = schedule.limits[int(self.limit_index[row])]
        unit = limit.metric.unit
        reg = registry()

        def q(x: float) -> Quantity | None:
            if np.isnan(x):
                return None
            quantity: Quantity = reg.Quantity(float(x), unit)
            return quantity

        next_step = None
        if not np.isnat(self.next_start[row]):
            passes = int(self.next_passes[row])
            next_limit = q(self.next_limit[row])
            assert next_limit is not None  # a next step is recorded with its value
            next_step = NextStep(
                _date(self.next_start[row]),  # type: ignore[arg-type]
                next_limit,
                None if passes < 0 else bool(passes),
            )
        cat = int(self.category[row])
        key = None if cat < 0 else self.categories[int(self.limit_index[row])][cat][0]
        part = int(self.part[row])
        return LimitCheck(
            schedule.id,
            key,
            STATUSES[int(self.status[row])],
            self.reason(row, stock, schedule, building),
            unit=unit,
            on=_date(self.day[row]),
            limit=q(self.limit[row]),
            value=q(self.value[row]),
            compared_value=q(self.compared[row]),
            margin=q(self.margin[row]),
            effective_from=_date(self.effective_from[row]),
            next_step=next_step,
            complies_until=_date(self.complies_until[row]),
            limit_id=limit.id,
            part=None if part < 0 else str(stock.parts.ids[part]),
        )


def _date(value: Any) -> dt.date | None:
    if np.isnat(value):
        return None
    day: dt.date = value.astype(dt.date)
    return day


# ---------------------------------------------------------------------------------------
def evaluate(stock: Stock, schedule: LimitSchedule, on: dt.date | None) -> Verdicts:
    """Evaluate ``schedule`` over every building of ``stock``."""
    n = len(stock)
    days = stock.date(schedule.date_basis) if on is None else np.full(n, np.datetime64(on, "D"))
    gate_status = _gate(stock, schedule, days)
    gated = gate_status >= 0
    has_parts = stock.has_parts
    mixed = stock.mixed_use
    chunks: list[dict[str, Array]] = []
    categories: list[tuple[tuple[str, LimitCategory], ...]] = []
    buildings = _building_rows(stock, days)
    part_rows: Rows | None = None
    for li, limit in enumerate(schedule.limits):
        cats: list[tuple[str, LimitCategory]] = list(limit.categories.items())
        chunks.append(_fixed_rows(np.flatnonzero(gated), gate_status, Kind.GATE, days, li))
        split = np.zeros(n, dtype=bool)
        if limit.mixed_use is MixedUsePolicy.EACH_PART:
            split = ~gated & (has_parts | mixed)
            lacking = np.flatnonzero(split & ~has_parts)
            chunks.append(
                _fixed_rows(lacking, np.full(n, INCOMPLETE), Kind.MIXED_NO_PARTS, days, li)
            )
            in_split = split[stock.parts.building]
            if np.any(in_split):
                part_rows = part_rows or _part_rows(stock, days)
                sel = np.flatnonzero(in_split)
                judged = _judge_rows(part_rows, sel, limit, schedule.id, cats)
                judged["building"] = stock.parts.building[sel]
                judged["part"] = sel.astype(np.intp)
                judged["limit_index"] = np.full(sel.shape[0], li, dtype=np.intp)
                chunks.append(judged)
        sel = np.flatnonzero(~gated & ~split)
        judged = _judge_rows(buildings, sel, limit, schedule.id, cats)
        judged["building"] = sel
        judged["part"] = np.full(sel.shape[0], -1, dtype=np.intp)
        judged["limit_index"] = np.full(sel.shape[0], li, dtype=np.intp)
        chunks.append(judged)
        categories.append(tuple(cats))
    columns = {k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]}
    order = np.lexsort((columns["part"], columns["limit_index"], columns["building"]))
    for key, column in columns.items():
        columns[key] = column[order]
        columns[key].flags.writeable = False
    return Verdicts(categories=tuple(categories), **columns)


_FIELDS_FLOAT = ("limit", "value", "compared", "margin", "next_limit")
_FIELDS_DATE = ("effective_from", "complies_until", "next_start")


def _empty_columns(m: int, days: Array) -> dict[str, Array]:
    out: dict[str, Array] = {k: np.full(m, np.nan) for k in _FIELDS_FLOAT}
    out.update({k: np.full(m, _NAT) for k in _FIELDS_DATE})
    out["status"] = np.full(m, INCOMPLETE, dtype=np.int8)
    out["kind"] = np.full(m, Kind.JUDGED, dtype=np.int8)
    out["category"] = np.full(m, -1, dtype=np.intp)
    out["step"] = np.full(m, -1, dtype=np.intp)
    out["next_passes"] = np.full(m, -1, dtype=np.int8)
    out["uncertain"] = np.zeros(m, dtype=bool)
    out["day"] = days.astype("datetime64[D]")
    return out


def _fixed_rows(sel: Array, status: Array, kind: Kind, days: Array, li: int) -> dict[str, Array]:
    out = _empty_columns(sel.shape[0], days[sel])
    out["status"] = status[sel].astype(np.int8)
    out["kind"][:] = kind
    out["building"] = sel
    out["part"] = np.full(sel.shape[0], -1, dtype=np.intp)
    out["limit_index"] = np.full(sel.shape[0], li, dtype=np.intp)
    return out


# -- 1. the gate ------------------------------------------------------------------------
def _gate(stock: Stock, schedule: LimitSchedule, days: Array) -> Array:
    """Status per building where the schedule as a whole gives no verdict, else -1."""
    n = len(stock)
    out = np.full(n, -1, dtype=np.int8)

    def decide(where: Array, status: int) -> None:
        out[where & (out < 0)] = status

    for condition in schedule.applies_when:
        area = stock.area(condition.area)
        missing = np.isnan(area)
        decide(missing, INCOMPLETE)
        decide(~missing & ~condition.contains(np.where(missing, 0.0, area)), NOT_APPLICABLE)
    mixed = stock.mixed_use
    undecided = np.zeros(n, dtype=bool)
    for exemption in schedule.exemptions:
        applies = stock.has_tags(exemption.tags)
        if exemption.uses:
            codes = [_use_code(u) for u in exemption.uses]
            single_ok = np.isin(stock.use, codes)
            others = np.delete(np.arange(stock.use_shares.shape[1]), codes)
            mixed_ok = ~np.any(stock.use_shares[:, others] > 0, axis=1)
            applies &= np.where(mixed, mixed_ok, single_ok)
        if exemption.area is not None:
            area = stock.area(exemption.area.area)
            missing = np.isnan(area)
            undecided |= applies & missing & (out < 0)
            applies &= ~missing & exemption.area.contains(np.where(missing, 0.0, area))
        decide(applies, EXEMPT)
    decide(undecided, INCOMPLETE)
    if schedule.until is not None:
        decide(days > np.datetime64(schedule.until, "D"), NOT_APPLICABLE)
    decide(np.isnat(days), INCOMPLETE)
    return out


def _use_code(use: UseCategory) -> int:
    return list(UseCategory).index(use)


# -- 2.-5. one limit over rows -------------------------------------------------------------
def _judge_rows(
    rows: Rows,
    sel: Array,
    limit: Limit,
    schedule_id: str,
    cats: list[tuple[str, LimitCategory]],
) -> dict[str, Array]:
    """Judge ``rows[sel]`` against ``limit``; ``cats`` grows by area-weighted categories."""
    m = sel.shape[0]
    out = _empty_columns(m, rows.days[sel])
    cat = np.full(m, -1, dtype=np.intp)
    undecided = np.zeros(m, dtype=bool)
    mixed = np.count_nonzero(rows.shares[sel], axis=1) > 1
    single = np.flatnonzero(~mixed)
    cat[single], undecided[single] = _choose(rows, sel[single], rows.use[sel[single]], limit)
    for j in np.flatnonzero(mixed):
        cat[j], undecided[j] = _choose_mixed(rows, int(sel[j]), limit, schedule_id, cats)
    out["category"] = cat
    metric = limit.metric
    default_period = (
        np.nan
        if metric.reference_study_period is None
        else float(metric.reference_study_period.magnitude)
    )
    periods = np.array(
        [
            np.nan if p is None else float(p.magnitude)
            for p in (limit.study_period_of(c) for _, c in cats)
        ]
        + [default_period]
    )
    value, _ = _values(rows, sel, limit, periods[cat])
    compared = _kernels.compared_values(value, metric.decimals)
    out["value"] = value
    out["compared"] = compared
    none = cat < 0
    out["status"][none] = np.where(undecided[none], INCOMPLETE, NOT_APPLICABLE)
    out["kind"][none] = Kind.NO_CATEGORY
    for c in np.unique(cat[~none]):
        group = np.flatnonzero(cat == c)
        _judge_category(out, group, cats[int(c)][1])
    return out


def _choose(rows: Rows, idx: Array, uses: Array, limit: Limit) -> tuple[Array, Array]:
    """Category index (-1: none) and whether the choice is undecided, per row."""
    cat = np.full(idx.shape[0], -1, dtype=np.intp)
    undecided = np.zeros(idx.shape[0], dtype=bool)
    items = list(limit.categories.items())
    all_uses = list(UseCategory)
    for code in np.unique(uses):
        use = all_uses[int(code)]
        local = np.flatnonzero(uses == code)
        members = [j for j, (_, c) in enumerate(items) if use in c.uses]
        if not members:
            members = [j for j, (_, c) in enumerate(items) if not c.uses]
        if not members:
            continue
        at = idx[local]
        scores = np.zeros((len(members), local.shape[0]), dtype=np.intp)
        unknown = np.zeros(local.shape[0], dtype=bool)
        for r, j in enumerate(members):
            category = items[j][1]
            fits = rows.has_tags(category.tags)[at]
            if category.size is not None:
                area = rows.area(category.size.area)[at]
                missing = np.isnan(area)
                unknown |= fits & missing
                fits = fits & ~missing & category.size.contains(np.where(missing, 0.0, area))
            scores[r] = np.where(fits, len(category.tags) + 1, 0)
        best = np.argmax(scores, axis=0)
        found = scores[best, np.arange(local.shape[0])] > 0
        chosen = np.where(found & ~unknown, np.array(members)[best], -1)
        cat[local] = chosen
        undecided[local] = unknown
    return cat, undecided


def _choose_mixed(
    rows: Rows,
    i: int,
    limit: Limit,
    schedule_id: str,
    cats: list[tuple[str, LimitCategory]],
) -> tuple[int, bool]:
    """Category of one mixed-use row (few in any stock): none, or an area-weighted one."""
    if limit.mixed_use is not MixedUsePolicy.AREA_WEIGHTED:
        return -1, True
    all_uses = list(UseCategory)
    principal = int(rows.use[i])
    order = [principal] + [int(j) for j in np.flatnonzero(rows.shares[i]) if j != principal]
    idx = np.full(len(order), i, dtype=np.intp)
    chosen, undecided = _choose(rows, idx, np.array(order), limit)
    items = list(limit.categories.items())
    picks = [
        (
            all_uses[u],
            float(rows.shares[i, u]),
            CategoryChoice(None, None, undecided=bool(d))
            if c < 0
            else CategoryChoice(items[int(c)][0], items[int(c)][1]),
        )
        for u, c, d in zip(order, chosen, undecided, strict=True)
    ]
    choice = area_weighted_choice(picks, limit, schedule_id)
    if choice.category is None:
        return -1, True
    for j, (key, category) in enumerate(cats):
        if key == choice.key and category == choice.category:
            return j, False
    cats.append((str(choice.key), choice.category))
    return len(cats) - 1, False


def _values(rows: Rows, sel: Array, limit: Limit, period: Array) -> tuple[Array, Array]:
    """Normalised value in the metric's unit (NaN where none) and why there is none."""
    metric = limit.metric
    m = sel.shape[0]
    why = np.zeros(m, dtype=np.int8)

    def explain(where: Array, code: NoValue) -> None:
        why[where & (why == 0)] = code

    used = np.full(m, -1, dtype=np.intp)
    for j, indicator in enumerate(metric.indicators):
        used = np.where((used < 0) & rows.present(indicator)[sel], j, used)
    totals = np.zeros(m)
    incomplete = np.zeros(m, dtype=bool)
    scope = np.int64(metric.modules.mask)
    for j, indicator in enumerate(metric.indicators):
        mine = used == j
        if not np.any(mine):
            continue
        covered = np.zeros(m, dtype=np.int64)
        straddle = np.zeros(m, dtype=bool)
        total = np.zeros(m)
        for (name, modules), column in rows.results.items():
            mask = np.int64(modules.mask)
            if name != indicator or not mask & scope:
                continue
            declared = column.declared[sel]
            if mask & ~scope:
                straddle |= declared
                continue
            total += np.where(declared, column.values[sel], 0.0)
            covered |= np.where(declared, mask, np.int64(0))
        totals = np.where(mine, total, totals)
        incomplete |= mine & (((scope & ~covered) != 0) | straddle)
    explain(used < 0, NoValue.NO_INDICATOR)
    explain(incomplete, NoValue.SCOPE_INCOMPLETE)
    area = rows.area(metric.area)[sel]
    explain(np.isnan(area), NoValue.NO_AREA)
    rsp = rows.period[sel]
    wanted = ~np.isnan(period)
    explain(wanted & np.isnan(rsp), NoValue.NO_PERIOD)
    differs = np.abs(rsp - period) > 1e-9 * np.maximum(np.abs(rsp), np.abs(period))
    explain(wanted & ~np.isnan(rsp) & differs, NoValue.PERIOD_DIFFERS)
    ok = why == 0
    safe_area = np.where(ok, area, 1.0)
    periods = np.where(ok & wanted, period, 1.0) if metric.per_year else None
    normalised = _kernels.normalise(totals, safe_area, periods) * metric.to_unit_factor
    return np.where(ok, normalised, np.nan), why


def _judge_category(  # noqa: PLR0915 - the verdict cases in the order a reader checks them
    out: dict[str, Array], group: Array, category: LimitCategory
) -> None:
    """Find the step in force and the verdict, for rows of one category (step 5)."""
    steps = category.steps
    k = len(steps)
    starts = category.step_dates
    values = category.step_values
    confirmed = category.step_confirmed
    latest = np.array([s.latest_from or _NAT for s in steps], dtype="datetime64[D]")
    day = out["day"][group]
    compared = out["compared"][group]
    has_value = ~np.isnan(compared)
    index = _kernels.step_index(starts, day)
    at = np.maximum(index, 0)
    following = np.minimum(index + 1, k - 1)
    has_next = (index + 1 < k) & confirmed[following]

    status = np.full(group.shape[0], INCOMPLETE, dtype=np.int8)
    kind = np.full(group.shape[0], Kind.JUDGED, dtype=np.int8)
    limit = np.full(group.shape[0], np.nan)
    effective = np.full(group.shape[0], _NAT)
    show_next = np.zeros(group.shape[0], dtype=bool)
    uncertain_ok = np.zeros(group.shape[0], dtype=bool)

    before = index < 0
    status[before] = NOT_APPLICABLE
    kind[before] = Kind.NO_STEP_YET
    show_next |= before
    open_ = ~before

    unconfirmed = open_ & ~confirmed[at]
    kind[unconfirmed] = Kind.STEP_UNCONFIRMED
    effective[unconfirmed] = starts[at][unconfirmed]
    open_ &= ~unconfirmed

    no_value = open_ & ~has_value
    kind[no_value] = Kind.NO_VALUE
    limit[no_value] = values[at][no_value]
    effective[no_value] = starts[at][no_value]
    show_next |= no_value
    open_ &= ~no_value

    limit_value = values[at]
    eff = starts[at]
    window = open_ & ~np.isnat(latest[at]) & (day < latest[at])
    if np.any(window):
        prev = np.maximum(index - 1, 0)
        prev_known = (index > 0) & confirmed[prev]
        prev_value = np.where(prev_known, values[prev], np.nan)
        strict = np.where(prev_known, np.minimum(values[at], prev_value), values[at])
        loose = np.where(prev_known, np.maximum(values[at], prev_value), values[at])
        split = ~prev_known | ((strict < compared) & (compared <= loose))
        undecided = window & split
        kind[undecided] = Kind.UNCERTAIN
        open_ &= ~undecided
        decided = window & ~split
        chosen = np.where(compared <= strict, strict, loose)
        limit_value = np.where(decided, chosen, limit_value)
        eff = np.where(decided & (chosen != values[at]), starts[prev], eff)
        uncertain_ok = decided
    passed = open_ & (compared <= limit_value)
    status[passed] = PASS
    status[open_ & ~passed] = FAIL
    limit[open_] = limit_value[open_]
    effective[open_] = eff[open_]
    show_next |= open_
    margin = np.where(open_, limit_value - compared, np.nan)

    until = np.full(group.shape[0], _NAT)
    unresolved = passed.copy()
    for j in range(k):
        later = unresolved & (index < j)
        if not confirmed[j]:
            unresolved &= ~later
            continue
        fails = later & (compared > values[j])
        until[fails] = starts[j] - np.timedelta64(1, "D")
        unresolved &= ~fails

    show_next &= has_next
    out["status"][group] = status
    out["kind"][group] = kind
    out["step"][group] = index
    out["limit"][group] = limit
    out["margin"][group] = margin
    out["effective_from"][group] = effective
    out["complies_until"][group] = until
    out["uncertain"][group] = uncertain_ok
    out["next_start"][group] = np.where(show_next, starts[following], _NAT)
    out["next_limit"][group] = np.where(show_next, values[following], np.nan)
    next_passes = np.where(has_value, compared <= values[following], False).astype(np.int8)
    out["next_passes"][group] = np.where(show_next & has_value, next_passes, -1)
