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
import functools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

import attrs
import numpy as np

from climatelimits import _kernels
from climatelimits._describe import decimals_text
from climatelimits._frozen import FrozenMap
from climatelimits._metric_quantity import in_unit
from climatelimits.buildings import Building, UseCategory
from climatelimits.evaluation import (
    CheckStatus,
    LimitCheck,
    NextStep,
    area_weighted_choice,
    category_label,
    deferred,
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
    LimitAdjustment,
    LimitCategory,
    LimitMetric,
    LimitSchedule,
    LimitStep,
    MixedUsePolicy,
    Source,
    adjust_limit,
    describe_adjusted,
)
from climatelimits.units import Unit, format_unit

if TYPE_CHECKING:
    from climatelimits.stocks import ResultColumn, ResultKey, Stock, UseShares

Array = np.ndarray[Any, Any]

STATUSES: tuple[CheckStatus, ...] = tuple(CheckStatus)
PASS, FAIL, NOT_APPLICABLE, EXEMPT, INCOMPLETE, DISCLOSED = (
    STATUSES.index(s) for s in CheckStatus
)
_NAT = np.datetime64("NaT", "D")
ALL_USES: tuple[UseCategory, ...] = tuple(UseCategory)
"""Use categories in code order (the codes of ``Stock.use``)."""


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
    DISCLOSED = 8
    TERMS_MISSING = 9


class K:
    """The :class:`Kind` codes as numpy int8 scalars, for the kernels.

    numpy compares an array with an IntEnum member about six times slower than with a
    plain scalar: on the short columns of one building that is most of the comparison.
    """

    GATE = np.int8(Kind.GATE)
    MIXED_NO_PARTS = np.int8(Kind.MIXED_NO_PARTS)
    NO_CATEGORY = np.int8(Kind.NO_CATEGORY)
    NO_STEP_YET = np.int8(Kind.NO_STEP_YET)
    STEP_UNCONFIRMED = np.int8(Kind.STEP_UNCONFIRMED)
    NO_VALUE = np.int8(Kind.NO_VALUE)
    UNCERTAIN = np.int8(Kind.UNCERTAIN)
    JUDGED = np.int8(Kind.JUDGED)
    DISCLOSED = np.int8(Kind.DISCLOSED)
    TERMS_MISSING = np.int8(Kind.TERMS_MISSING)


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
    """Rows to judge: buildings, or parts with their building's dates, period and tags.

    ``sel`` picks the rows judged (``None``: all); every accessor returns the picked rows
    only, so that judging every row of a stock copies nothing.
    """

    use_all: Array
    areas: Mapping[str, Array]
    results: Mapping[ResultKey, ResultColumn]
    indicators: Mapping[str, Array]
    period_all: Array
    days_all: Array
    tag_names: tuple[str, ...]
    tags: Array
    shares: UseShares
    mixed_all: Array
    sel: Array | None = None
    terms: Mapping[str, Array] = attrs.field(factory=dict)

    def subset(self, sel: Array) -> Rows:
        """Return the rows ``sel`` of the rows picked now."""
        return attrs.evolve(self, sel=sel if self.sel is None else self.sel[sel])

    def take(self, values: Array) -> Array:
        """Return the picked rows of a full column."""
        return values if self.sel is None else values[self.sel]

    def row(self, local: int) -> int:
        """Return the full-table row of picked row ``local``."""
        return local if self.sel is None else int(self.sel[local])

    @property
    def size(self) -> int:
        """Number of rows picked."""
        return int(self.use_all.shape[0] if self.sel is None else self.sel.shape[0])

    @property
    def use(self) -> Array:
        """Use codes of the picked rows."""
        return self.take(self.use_all)

    @property
    def days(self) -> Array:
        """Dates checked on."""
        return self.take(self.days_all)

    @property
    def period(self) -> Array:
        """Reference study periods [year], NaN where not stated."""
        return self.take(self.period_all)

    @property
    def mixed(self) -> Array:
        """Whether each row has more than one use."""
        return self.take(self.mixed_all)

    def area(self, area_id: str) -> Array:
        """Areas [m²] of a definition, NaN where not stated."""
        found = self.areas.get(area_id)
        return np.full(self.size, np.nan) if found is None else self.take(found)

    def has_tags(self, tags: tuple[str, ...]) -> Array:
        """Whether each row carries every tag."""
        out = np.ones(self.size, dtype=bool)
        for tag in tags:
            if tag not in self.tag_names:
                return np.zeros(self.size, dtype=bool)
            out &= self.take(self.tags[:, self.tag_names.index(tag)])
        return out

    def term(self, adjustment_id: str) -> Array:
        """Return the declared limit terms of an adjustment, NaN where not declared."""
        found = self.terms.get(adjustment_id)
        return np.full(self.size, np.nan) if found is None else self.take(found)

    def present(self, indicator: str) -> Array:
        """Whether each row names the indicator in its results."""
        found = self.indicators.get(indicator)
        return np.zeros(self.size, dtype=bool) if found is None else self.take(found)


def _building_rows(stock: Stock, days: Array, mixed: Array) -> Rows:
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
        mixed,
        terms=stock.limit_terms,
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
        type(stock.use_shares).none(),
        np.zeros(len(parts), dtype=bool),
        terms={k: v[owner] for k, v in stock.limit_terms.items()},
    )


# ---------------------------------------------------------------------------------------
class _Column:
    """A column of :class:`Verdicts`, put together from its chunks on first use."""

    def __init__(self, name: str, doc: str) -> None:
        self.name = name
        self.__doc__ = doc

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> _Column: ...
    @overload
    def __get__(self, instance: Verdicts, owner: type[Any]) -> Array: ...
    def __get__(self, instance: Verdicts | None, owner: type[Any]) -> _Column | Array:
        return self if instance is None else instance.column(self.name)


@attrs.frozen(eq=False)
class Verdicts:
    """Verdict columns, one row per limit x building (x part), limit by limit.

    Numbers are in each row's metric unit (NaN where none), dates ``datetime64[D]`` (NaT
    where none); ``category`` indexes ``categories[limit_index]``. The kernels leave one
    chunk of columns per limit (and per group of parts); a whole column is put together on
    first use, and one row is read without putting any together.
    """

    chunks: tuple[dict[str, Any], ...]
    categories: tuple[tuple[tuple[str, LimitCategory], ...], ...]
    reordered: bool
    cache: dict[str, Array] = attrs.field(factory=dict)

    building = _Column("building", "Stock row of each verdict row.")
    limit_index = _Column("limit_index", "Index of the schedule's limit per row.")
    part = _Column("part", "Row in the stock's parts table, -1 for whole buildings.")
    status = _Column("status", "Status codes (indices into STATUSES).")
    kind = _Column("kind", "Why the row has its status (Kind).")
    category = _Column("category", "Index into categories[limit_index], -1 for none.")
    step = _Column("step", "Index of the step in force within the category.")
    limit = _Column("limit", "Limit in force [metric unit].")
    value = _Column("value", "Normalised value [metric unit].")
    compared = _Column("compared", "Value compared [metric unit].")
    margin = _Column("margin", "limit - compared [metric unit].")
    effective_from = _Column("effective_from", "First day of the step in force.")
    complies_until = _Column("complies_until", "Last day of compliance.")
    next_start = _Column("next_start", "First day of the next step.")
    next_latest = _Column("next_latest", "Latest first day of the next step, NaT if confirmed.")
    next_limit = _Column("next_limit", "Limit of the next step [metric unit].")
    next_passes = _Column("next_passes", "1/0 whether the next step is met, -1 unknown.")
    day = _Column("day", "Date checked on.")
    uncertain = _Column("uncertain", "Whether the verdict holds either side of a window.")

    def __len__(self) -> int:
        return sum(int(c["status"].shape[0]) for c in self.chunks)

    def _order(self) -> Array:
        if "_order" not in self.cache:
            keys = [np.concatenate([c[k] for c in self.chunks]) for k in _ORDER_KEYS]
            self.cache["_order"] = np.lexsort(keys)
        return self.cache["_order"]

    def column(self, name: str) -> Array:
        """Return the whole column ``name`` (read-only)."""
        if name not in self.cache:
            if len(self.chunks) == 1:
                whole = np.asarray(_chunk_column(self.chunks[0], name))
            else:
                whole = np.concatenate([_chunk_column(c, name) for c in self.chunks])
            if self.reordered:
                whole = whole[self._order()]
            whole.flags.writeable = False
            self.cache[name] = whole
        return self.cache[name]

    def at(self, name: str, row: int) -> Any:
        """Return the cell of column ``name`` at ``row``, without putting the column together."""
        if name in self.cache:
            return self.cache[name][row]
        source = int(self._order()[row]) if self.reordered else row
        for chunk in self.chunks:
            size = int(chunk["status"].shape[0])
            if source < size:
                return _chunk_column(chunk, name)[source]
            source -= size
        msg = f"row {row} is not a verdict row (there are {len(self)})"
        raise InvalidInputError(msg)

    def category_keys(self) -> Array:
        """Category key per row, ``None`` where none."""
        out = np.full(len(self), None, dtype=object)
        for li, cats in enumerate(self.categories):
            keys = np.array([k for k, _ in cats] + [None], dtype=object)
            rows = self.limit_index == li
            out[rows] = keys[self.category[rows]]
        return out

    def part_ids(self, stock: Stock) -> Array:
        """Part id per row, ``None`` for whole buildings."""
        out = np.full(len(self), None, dtype=object)
        has = self.part >= 0
        out[has] = stock.parts.ids[self.part[has]]
        return out

    def passed_per_building(self, n: int) -> Array:
        """1 where every limit passes, 0 where one fails, -1 otherwise."""
        rows = np.bincount(self.building, minlength=n)
        fails = np.bincount(self.building, weights=self.status == FAIL, minlength=n)
        met = (self.status == PASS) | (self.status == DISCLOSED)
        passes = np.bincount(self.building, weights=met, minlength=n)
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
        whole = building if building is not None else stock.building(int(self.at("building", row)))
        part = int(self.at("part", row))
        if part < 0:
            return whole
        part_id = str(stock.parts.ids[part])
        found = next(p for p in whole.parts if p.id == part_id)
        return whole.part_as_building(found)

    def reason(
        self, row: int, stock: Stock, schedule: LimitSchedule, building: Building | None = None
    ) -> str:
        """Write the explanation of one row."""
        li = int(self.at("limit_index", row))
        limit = schedule.limits[li]
        prefix = f"{limit.title or limit.id}: " if len(schedule.limits) > 1 else ""
        kind = Kind(int(self.at("kind", row)))
        day = None if np.isnat(self.at("day", row)) else self.at("day", row).astype(dt.date)
        whole = building if building is not None else stock.building(int(self.at("building", row)))
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
        if self.at("part", row) >= 0:
            prefix += f"part {stock.parts.ids[int(self.at('part', row))]}: "
        if kind is Kind.NO_CATEGORY:
            return sentence(prefix + select_category(target, limit, schedule.id).reason)
        assert day is not None  # every row past the gate has a date
        return sentence(prefix + self._judged_reason(row, limit, schedule, target, kind, day))

    def _judged_reason(  # noqa: PLR0915 - one sentence per kind of row
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
        key, category = self.categories[int(self.at("limit_index", row))][
            int(self.at("category", row))
        ]
        label = category_label(key, category, target.use)
        if schedule.is_disclosure:
            return self._disclosure_reason(
                row, limit, schedule, target, kind, day, category, label
            )
        index = int(self.at("step", row))
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
        terms, missing = limit.adjustment_terms(day, target.tags, target.limit_terms)
        if kind is Kind.TERMS_MISSING:
            text = (
                f"no verdict: the limit for {label} in force since {step.describe_start()}, "
                f"{step.describe_value(unit_text)} before adjustment, is adjusted by terms "
                f"the building does not declare: {', '.join(missing)} (state each in "
                f"`limit_terms` as the building's calculation gives it)"
            )
            if np.isnan(self.at("value", row)):
                period = limit.study_period_of(category)
                text += f"; nor can it be judged: {normalised_value_reason(target, limit, period)}"
            return text
        value = float(self.at("value", row))
        compared = float(self.at("compared", row))
        what = metric.describe()
        used = next((i for i in metric.indicators if i in target.results), None)
        if used is not None and used != metric.indicator:
            what += f", on the building's {used} results, accepted in place of {metric.indicator}"
        if category.reference_study_period is not None:
            what += f" over {category.reference_study_period.magnitude:g} years"
        rounding = ""
        if metric.decimals is not None and value != compared:
            rounding = (
                f" (unrounded {value:.6g}, rounded half up to {decimals_text(metric.decimals)})"
            )
        if kind is Kind.UNCERTAIN:
            previous = category.steps[index - 1] if index > 0 else None
            step_value = adjust_limit(step.value or 0.0, terms)
            previous_value = None
            if previous is not None and previous.value is not None:
                previous_value = adjust_limit(previous.value, terms)
            digits = _digits_apart(compared, (previous_value, step_value), metric.decimals)
            before = "no limit" if previous is None else previous.describe_value(unit_text)
            if previous_value is not None and (terms or (digits or 0) > 6):
                before = f"{_shown_to(previous_value, metric.decimals, digits)} {unit_text}"
            adjusted = ""
            if terms:
                adjusted = f", each limit adjusted by {', '.join(a.id for a, _ in terms)}"
            return (
                f"no verdict: on {day.isoformat()} either {before} or the step of "
                f"{_shown_to(step_value, metric.decimals, digits)} {unit_text} "
                f"starting on {step.describe_start()} is in force for {label}, and "
                f"{_shown_to(compared, metric.decimals, digits)} {unit_text}{rounding} "
                f"meets one but not the other ({what}{adjusted})"
            )
        in_force = f"in force since {step.describe_start()}"
        if self.at("uncertain", row):
            in_force = (
                f"whether the step starting on {step.describe_start()} is in force on "
                f"{day.isoformat()} or not"
            )
        limit_value = float(self.at("limit", row))
        passed = self.at("status", row) == PASS
        failed, failing, note = None, math.nan, ""
        if passed:
            failed, failing, note = _later_steps(
                category.steps[index + 1 :], compared, limit, target
            )
        against = [limit_value, failing]
        # Shown apart from the limits the sentence sets it against (375.0004 > 375).
        digits = _digits_apart(compared, against, metric.decimals)
        seen = _shown_to(compared, metric.decimals, digits)
        limit_text = f"{_shown_to(limit_value, metric.decimals, digits)} {unit_text}"
        if terms:
            base = step.value
            if self.at("uncertain", row) and _date(self.at("effective_from", row)) != step.start:
                base = category.steps[index - 1].value  # the verdict rests on the step before
            assert base is not None  # a judged row's step has its value
            limit_text += f" ({describe_adjusted(base, terms, metric.decimals)})"
        if passed:
            text = (
                f"complies: {seen} {unit_text}{rounding} is within the limit of "
                f"{limit_text} for {label}, {in_force} ({what})"
            )
            if failed is None:
                return text + note
            until = "until at least" if failed.latest_from is not None else "until"
            last = failed.start - dt.timedelta(days=1)
            return (
                f"{text}. It would fail the step of "
                f"{_shown_to(failing, metric.decimals, digits)} {unit_text} from "
                f"{failed.describe_start()}, so it complies {until} {last.isoformat()}"
            )
        return (
            f"exceeds the limit: {seen} {unit_text}{rounding} is above the limit of "
            f"{limit_text} for {label}, {in_force}, by "
            f"{shown(-float(self.at('margin', row)), metric.decimals)} {unit_text} ({what})"
        )

    def _disclosure_reason(
        self,
        row: int,
        limit: Limit,
        schedule: LimitSchedule,
        target: Building,
        kind: Kind,
        day: dt.date,
        category: LimitCategory,
        label: str,
    ) -> str:
        metric = limit.metric
        if kind is Kind.NO_STEP_YET:
            return (
                f"schedule {schedule.id} does not yet require the disclosure for {label} on "
                f"{day.isoformat()}; it does from {category.steps[0].describe_start()}"
            )
        step = category.steps[int(self.at("step", row))]
        since = f"required for {label} since {step.describe_start()}"
        if kind is Kind.NO_VALUE:
            period = limit.study_period_of(category)
            return (
                f"not disclosed as schedule {schedule.id} asks ({since}): "
                f"{normalised_value_reason(target, limit, period)}"
            )
        value = shown(float(self.at("compared", row)), metric.decimals)
        return (
            f"disclosed: {value} {format_unit(metric.unit)} ({metric.describe()}), {since}; "
            f"schedule {schedule.id} sets no limit on it"
        )

    def limit_check(
        self,
        row: int,
        stock: Stock,
        schedule: LimitSchedule,
        building: Building | None = None,
        *,
        lazy: bool = False,
    ) -> LimitCheck:
        """Return one row as a :class:`LimitCheck`.

        With ``lazy``, its reason, quantities, next step and last day of compliance are
        written when first read (:func:`deferred`); until then the check holds the stock,
        so only :func:`climatelimits.check` (a stock of one) asks for it.
        """
        li = int(self.at("limit_index", row))
        limit = schedule.limits[li]
        unit = limit.metric.unit
        writers: dict[str, Callable[[], object]] = {
            "reason": functools.partial(self.reason, row, stock, schedule, building)
        }
        for field, column in _QUANTITY_FIELDS:
            x = float(self.at(column, row))
            if not math.isnan(x):  # a quantity shown in the metric's unit, made when read
                writers[field] = functools.partial(in_unit, x, unit)
        # The next step and the last day of compliance come from columns the kernels work
        # out only when first asked for (_DERIVED): here, when the field is first read.
        writers["next_step"] = functools.partial(self._next_step, row, unit)
        writers["complies_until"] = functools.partial(self._date_at, "complies_until", row)
        cat = int(self.at("category", row))
        part = int(self.at("part", row))
        writers["sources"] = functools.partial(self._sources, row, schedule)
        if limit.adjustments:
            # The terms the limit includes, and those missing, read from the row's building
            # when first asked for, as the reason is.
            target = functools.partial(self._row_terms, row, stock, limit, building)
            writers["limit_terms"] = functools.partial(_first, target)
            writers["missing_terms"] = functools.partial(_second, target)
        check = LimitCheck(
            schedule.id,
            None if cat < 0 else self.categories[li][cat][0],
            STATUSES[int(self.at("status", row))],
            "",
            unit=unit,
            on=_date(self.at("day", row)),
            effective_from=_date(self.at("effective_from", row)),
            limit_id=limit.id,
            part=None if part < 0 else str(stock.parts.ids[part]),
        )
        deferred(check, **writers)
        if not lazy:
            for name in writers:
                getattr(check, name)  # written now: the check holds no column
        return check

    def _sources(self, row: int, schedule: LimitSchedule) -> tuple[Source, ...]:
        """Return the sources of the step in force of a judged ``row`` (none otherwise)."""
        status = STATUSES[int(self.at("status", row))]
        cat, index = int(self.at("category", row)), int(self.at("step", row))
        if status in (CheckStatus.EXEMPT, CheckStatus.NOT_APPLICABLE) or cat < 0 or index < 0:
            return ()
        category = self.categories[int(self.at("limit_index", row))][cat][1]
        return schedule.cited_by(category, category.steps[index])

    def _next_step(self, row: int, unit: Unit) -> NextStep | None:
        """Return the step after the one in force of ``row``, if any."""
        if np.isnat(self.at("next_start", row)):
            return None
        passes = int(self.at("next_passes", row))
        next_limit = float(self.at("next_limit", row))  # recorded with every next step
        next_step = NextStep(
            _date(self.at("next_start", row)),  # type: ignore[arg-type]
            None,  # type: ignore[arg-type] # deferred just below
            None if passes < 0 else bool(passes),
            _date(self.at("next_latest", row)),
        )
        deferred(next_step, limit=functools.partial(in_unit, next_limit, unit))
        return next_step

    def _date_at(self, name: str, row: int) -> dt.date | None:
        return _date(self.at(name, row))

    def _row_terms(
        self, row: int, stock: Stock, limit: Limit, building: Building | None
    ) -> tuple[FrozenMap[str, float], tuple[str, ...]]:
        """Return the terms the limit of ``row`` includes, and the declared ones missing."""
        kind = Kind(int(self.at("kind", row)))
        day = _date(self.at("day", row))
        if day is None or kind not in (Kind.JUDGED, Kind.NO_VALUE, Kind.TERMS_MISSING):
            return FrozenMap(), ()
        target = self._row_building(row, stock, building)
        terms, missing = limit.adjustment_terms(day, target.tags, target.limit_terms)
        if kind is Kind.TERMS_MISSING:
            return FrozenMap(), tuple(missing)
        return FrozenMap({a.id: value for a, value in terms}), ()


def _first(read: Callable[[], tuple[Any, Any]]) -> Any:
    return read()[0]


def _second(read: Callable[[], tuple[Any, Any]]) -> Any:
    return read()[1]


_QUANTITY_FIELDS = (
    ("limit", "limit"),
    ("value", "value"),
    ("compared_value", "compared"),
    ("margin", "margin"),
)
"""(LimitCheck field, verdict column) of the quantities of a check; NaN is ``None``."""


def _digits_apart(x: float, limits: Sequence[float | None], decimals: int | None) -> int | None:
    """Return how many significant digits show ``x`` apart from each limit it differs from.

    Without decimals, values and limits are shown to six significant digits, but a value is
    compared as kept to :data:`~climatelimits._kernels.SIGNIFICANT_DIGITS`: 375.0004
    exceeds a limit of 375, and "375 is above the limit of 375" would not say so. ``None``
    where the metric has decimals (the compared value is then rounded to them).
    """
    if decimals is None:
        clashing = [v for v in limits if v is not None and not math.isnan(v) and v != x]
        digits = 6
        while digits < _REPR_DIGITS and any(
            f"{v:.{digits}g}" == f"{x:.{digits}g}" for v in clashing
        ):
            digits += 1
        return digits
    return None


def _shown_to(x: float, decimals: int | None, digits: int | None) -> str:
    """Write ``x`` as :func:`shown` does, or to ``digits`` significant digits."""
    return shown(x, decimals) if digits is None else f"{x:.{digits}g}"


_REPR_DIGITS = 17
"""Significant digits that tell any two floats apart."""


def _later_steps(
    steps: tuple[LimitStep, ...], compared: float, limit: Limit, target: Building
) -> tuple[LimitStep | None, float, str]:
    """Return the first later step a passing value would fail, with its limit, if any.

    Otherwise ``(None, nan, note)``, the note saying why the later steps cannot be judged
    (empty when the value meets them all).
    """
    for later in steps:
        if later.value is None:
            note = f". The value of the step from {later.describe_start()} is not confirmed"
            return None, math.nan, note
        terms, missing = limit.adjustment_terms(later.start, target.tags, target.limit_terms)
        if missing:
            note = (
                f". The limit from {later.describe_start()} is adjusted by terms the building "
                f"does not declare ({', '.join(missing)})"
            )
            return None, math.nan, note
        value = adjust_limit(later.value, terms)
        if compared > value:
            return later, value, ""
    return None, math.nan, ""


_DERIVED = ("next_start", "next_latest", "next_limit", "next_passes", "complies_until")
"""Columns worked out from a chunk's step slots when first asked for (they cost as much as
the verdict itself and most uses of a stock never read them)."""


def _chunk_column(chunk: dict[str, Any], name: str) -> Array:
    if name not in chunk and name in _DERIVED:
        chunk.update(_derived(chunk))
    column: Array = chunk[name]
    return column


def _derived(chunk: dict[str, Any]) -> dict[str, Array]:
    """Work out the next step and the last day of compliance of a chunk's rows."""
    status = chunk["status"]
    m = status.shape[0]
    out: dict[str, Array] = {
        "next_start": np.full(m, _NAT),
        "next_latest": np.full(m, _NAT),
        "next_limit": np.full(m, np.nan),
        "next_passes": np.full(m, -1, dtype=np.int8),
        "complies_until": np.full(m, _NAT),
    }
    table: _Slots | None = chunk.get("_slots")
    if table is None:
        return out
    kind = chunk["kind"]
    slot = chunk["slot"]
    compared = chunk["compared"]
    judged = (chunk["category"] >= 0) & (kind != K.NO_CATEGORY)
    open_ = judged & ((status == PASS) | (status == FAIL))
    next_value = table.next_value[slot]
    adjustments: tuple[LimitAdjustment, ...] = chunk.get("_adjustments", ())
    terms: Array = chunk.get("_terms", np.zeros((m, 0)))
    if adjustments:
        # The next limit is adjusted by the terms in force on its first day; unknown (not
        # shown) where a term then in force is not declared.
        next_value, unknown = _adjusted(next_value, terms, adjustments, table.next_start[slot])
        next_value = np.where(unknown, np.nan, next_value)
    shown = judged & (open_ | (kind == K.NO_VALUE) | (kind == K.NO_STEP_YET))
    shown &= ~np.isnan(next_value)
    out["next_start"] = np.where(shown, table.next_start[slot], _NAT)
    out["next_latest"] = np.where(shown, table.next_latest[slot], _NAT)
    out["next_limit"] = np.where(shown, next_value, np.nan)
    passes = (compared <= next_value).astype(np.int8)
    out["next_passes"] = np.where(shown & ~np.isnan(compared), passes, np.int8(-1))
    until = out["complies_until"]
    unresolved = judged & (status == PASS)
    for j in range(table.later_state.shape[0]):
        if not unresolved.any():
            break
        state = table.later_state[j][slot]
        later_value = table.later_value[j][slot]
        if adjustments:
            # A later limit whose terms are not all declared is unknown, as an unconfirmed
            # value is: the search ends there.
            start = table.later_start[j][slot]
            later_value, unknown = _adjusted(later_value, terms, adjustments, start)
            state = np.where(unknown & (state == 2), np.int8(1), state)
        later = unresolved & (state > 0)
        fails = later & (state == 2) & (compared > later_value)
        until = np.where(fails, table.later_start[j][slot] - np.timedelta64(1, "D"), until)
        # A later step whose value is not confirmed, or that the value would fail, ends the
        # search; one it would meet passes it on to the next.
        unresolved = unresolved & ~(later & ((state == 1) | fails)) & (state > 0)
    out["complies_until"] = until
    for column in out.values():
        column.flags.writeable = False
    return out


def _date(value: Any) -> dt.date | None:
    if np.isnat(value):
        return None
    day: dt.date = value.astype(dt.date)
    return day


# ---------------------------------------------------------------------------------------
def evaluate(stock: Stock, schedule: LimitSchedule, on: dt.date | None) -> Verdicts:
    """Evaluate ``schedule`` over every building of ``stock``.

    Raises
    ------
    InvalidInputError
        If a building's value under a limit is beyond the range of a float (results near
        1e308 kg CO2e, or areas near 1e-300 m²), naming the building and the limit.
    """
    # A value that overflows is refused below, naming its building; numpy's warning would
    # only say where in the arithmetic it happened.
    with np.errstate(over="ignore"):
        verdicts = _evaluate(stock, schedule, on)
    for chunk in verdicts.chunks:
        _refuse_overflow(chunk, stock, schedule)
    return verdicts


def _refuse_overflow(chunk: Mapping[str, Any], stock: Stock, schedule: LimitSchedule) -> None:
    """Raise if a row's value is infinite (its total or its quotient overflowed)."""
    value = chunk.get("value")
    if not isinstance(value, np.ndarray):
        return
    bad = np.flatnonzero(np.isinf(value))
    if bad.size == 0:
        return
    k = int(bad[0])
    i = int(chunk["building"][k])
    part = int(chunk["part"][k])
    limit = schedule.limits[int(chunk["limit_index"][k])]
    who = f"building {stock.ids[i]!r}"
    if part >= 0:
        who += f", part {stock.parts.ids[part]!r}"
    where = f" under limit {limit.id} of schedule {schedule.id}"
    raise _overflow_error(who, limit.metric, where, float(value[k]))


def _overflow_error(who: str, metric: LimitMetric, where: str, value: float) -> InvalidInputError:
    """Return the error of a normalised value beyond the range of a float (±inf)."""
    msg = (
        f"`results` of {who}: {metric.indicators[0]} over {metric.modules} per m² "
        f"{metric.area}{where} must be a finite number of {format_unit(metric.unit)}; its "
        f"results and areas give {value} (a float holds at most about 1.8e308)"
    )
    return InvalidInputError(msg)


def _evaluate(stock: Stock, schedule: LimitSchedule, on: dt.date | None) -> Verdicts:
    n = len(stock)
    days = stock.date(schedule.date_basis) if on is None else np.full(n, np.datetime64(on, "D"))
    mixed = stock.mixed_use
    gate_status = _gate(stock, schedule, days, mixed)
    gated = gate_status >= 0
    has_parts = stock.has_parts
    buildings = _building_rows(stock, days, mixed)
    part_rows: Rows | None = None
    whole: list[tuple[dict[str, Any], Array | None]] = []
    extra: list[dict[str, Any]] = []
    categories: list[tuple[tuple[str, LimitCategory], ...]] = []
    for li, limit in enumerate(schedule.limits):
        cats: list[tuple[str, LimitCategory]] = list(limit.categories.items())
        split = np.zeros(n, dtype=bool)
        keep = None
        if limit.mixed_use is MixedUsePolicy.EACH_PART:
            split = ~gated & (has_parts | mixed)
            in_split = split[stock.parts.building]
            if in_split.any():
                part_rows = part_rows or _part_rows(stock, days)
                sel = in_split.nonzero()[0]
                judged = _judge_rows(part_rows.subset(sel), limit, schedule, cats)
                judged["building"] = stock.parts.building[sel]
                judged["part"] = sel.astype(np.intp)
                judged["limit_index"] = np.full(sel.shape[0], li, dtype=np.intp)
                extra.append(judged)
                keep = ~(split & has_parts)
        open_rows = ~gated & ~split
        if open_rows.all():
            full = _judge_rows(buildings, limit, schedule, cats)
        else:
            full = _judge_some(buildings, open_rows, limit, schedule, cats)
            full["status"][gated] = gate_status[gated]
            full["kind"][gated] = K.GATE
            full["kind"][split & ~has_parts] = K.MIXED_NO_PARTS
        full["building"] = np.arange(n, dtype=np.intp)
        full["part"] = np.full(n, -1, dtype=np.intp)
        full["limit_index"] = np.full(n, li, dtype=np.intp)
        whole.append((full, keep))
        categories.append(tuple(cats))
    # Rows limit by limit, building by building (and part by part within a building).
    chunks = [
        f if k is None else {c: v[k] if isinstance(v, np.ndarray) else v for c, v in f.items()}
        for f, k in whole
    ]
    return Verdicts(tuple(chunks + extra), tuple(categories), reordered=bool(extra))


def _judge_some(
    rows: Rows, open_rows: Array, limit: Limit, schedule: LimitSchedule, cats: list[Any]
) -> dict[str, Any]:
    """Judge the open rows; the others keep empty columns (incomplete until told)."""
    full = _empty_columns(rows.size, rows.days)
    sel = open_rows.nonzero()[0]
    judged = _judge_rows(rows.subset(sel), limit, schedule, cats)
    for key, column in judged.items():
        if not isinstance(column, np.ndarray):  # the step table, the adjustments
            full[key] = column
        elif key == "_terms":
            full[key] = np.full((rows.size, column.shape[1]), np.nan)
            full[key][sel] = column
        elif key != "day":
            full[key][sel] = column
    return full


_ORDER_KEYS = ("part", "building", "limit_index")
"""Sort keys of the rows, last key first (numpy.lexsort)."""
_FIELDS_FLOAT = ("limit", "value", "compared", "margin")
_FIELDS_DATE = ("effective_from",)


def _empty_columns(m: int, days: Array) -> dict[str, Any]:
    out: dict[str, Any] = {k: np.full(m, np.nan) for k in _FIELDS_FLOAT}
    out.update({k: np.full(m, _NAT) for k in _FIELDS_DATE})
    out["status"] = np.full(m, INCOMPLETE, dtype=np.int8)
    out["kind"] = np.full(m, K.JUDGED, dtype=np.int8)
    out["category"] = np.full(m, -1, dtype=np.intp)
    out["step"] = np.full(m, -1, dtype=np.intp)
    out["slot"] = np.zeros(m, dtype=np.intp)
    out["uncertain"] = np.zeros(m, dtype=bool)
    out["day"] = days
    return out


# -- 1. the gate ------------------------------------------------------------------------
def _gate(stock: Stock, schedule: LimitSchedule, days: Array, mixed: Array) -> Array:
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
    undecided = np.zeros(n, dtype=bool)
    mixed_rows = mixed.nonzero()[0]
    for exemption in schedule.exemptions:
        if not set(exemption.tags) <= set(stock.tag_names):
            continue  # a tag no building carries: the exemption applies to none
        applies = stock.has_tags(exemption.tags)
        if exemption.uses:
            member, others = _use_table(exemption.uses)
            in_uses = member[stock.use]
            if mixed_rows.size:
                # A mixed-use building is exempt only if every one of its uses is.
                shares = stock.use_shares.matrix(mixed_rows)
                in_uses[mixed_rows] = ~(shares[:, others] > 0).any(axis=1)
            applies &= in_uses
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


@functools.lru_cache(maxsize=256)
def _use_table(uses: tuple[UseCategory, ...]) -> tuple[Array, Array]:
    """Whether each use code is among ``uses``, and the codes that are not."""
    member = np.isin(np.arange(len(ALL_USES)), [ALL_USES.index(u) for u in uses])
    member.flags.writeable = False
    others = np.flatnonzero(~member)
    others.flags.writeable = False
    return member, others


# -- 2.-5. one limit over rows -------------------------------------------------------------
def _judge_rows(
    rows: Rows,
    limit: Limit,
    schedule: LimitSchedule,
    cats: list[tuple[str, LimitCategory]],
) -> dict[str, Any]:
    """Judge the picked rows against ``limit``; ``cats`` grows by area-weighted categories."""
    schedule_id = schedule.id
    m = rows.size
    mixed = rows.mixed
    if limit.mixed_use not in (MixedUsePolicy.NONE, MixedUsePolicy.AREA_WEIGHTED):
        mixed = np.zeros(m, dtype=bool)  # the principal use's category applies to all
    mixed_rows = mixed.nonzero()[0]
    if mixed_rows.size == 0:
        cat, undecided = _choose(rows, rows.use, limit)
    else:
        cat = np.full(m, -1, dtype=np.intp)
        undecided = np.zeros(m, dtype=bool)
        single = (~mixed).nonzero()[0]
        cat[single], undecided[single] = _choose(rows.subset(single), rows.use[single], limit)
        for j in mixed_rows:
            cat[j], undecided[j] = _choose_mixed(rows, int(j), limit, schedule_id, cats)
    none = cat < 0
    if m == 0 or none.any() or schedule.is_disclosure:
        out = _empty_columns(m, rows.days)
    else:
        # Every row gets a category: the step kernel fills every column itself.
        out = {"day": rows.days}
    out["category"] = cat
    metric = limit.metric
    value = _values(rows, metric, category_periods(limit, cats)[cat])
    out["value"] = value
    out["compared"] = _kernels.compared_values(value, metric.decimals)
    if none.any():
        out["status"][none] = np.where(undecided[none], INCOMPLETE, NOT_APPLICABLE)
        out["kind"][none] = K.NO_CATEGORY
    if not none.all():
        if schedule.is_disclosure:
            _disclosure_steps(out, cat, cats)
        else:
            if limit.adjustments:
                out["_terms"] = _term_matrix(rows, limit)
                out["_adjustments"] = limit.adjustments
            _judge_steps(out, cat, cats, _slots_for(limit, cats))
    return out


def _term_matrix(rows: Rows, limit: Limit) -> Array:
    """Each adjustment's term per picked row, one column per adjustment in the limit's order.

    A declared term is the row's own (NaN where not declared); a fixed term is its value
    where the row carries its ``when_tags``, else 0.
    """
    out = np.empty((rows.size, len(limit.adjustments)))
    for k, adjustment in enumerate(limit.adjustments):
        if adjustment.declared:
            out[:, k] = rows.term(adjustment.id)
        else:
            fixed = 0.0 if adjustment.value is None else adjustment.value
            out[:, k] = np.where(rows.has_tags(adjustment.when_tags), fixed, 0.0)
    return out


def _adjusted(
    base: Array, terms: Array, adjustments: tuple[LimitAdjustment, ...], days: Array
) -> tuple[Array, Array]:
    """Limits ``base × (1 + Σ multiplicative) + Σ additive`` over the terms in force on ``days``.

    Returns the adjusted limits and, per row, whether a declared term in force on its day
    is not declared (its limit is then unknown).
    """
    multiplier = np.zeros(base.shape[0])
    added = np.zeros(base.shape[0])
    missing = np.zeros(base.shape[0], dtype=bool)
    for k, adjustment in enumerate(adjustments):
        live = adjustment.in_force_on(days)
        term = terms[:, k]
        absent = np.isnan(term)
        missing |= live & absent
        contribution = np.where(live & ~absent, term, 0.0)
        if adjustment.multiplicative:
            multiplier = multiplier + contribution
        else:
            added = added + contribution
    # Kept to the digits values are compared to (adjust_limit: 530 × 1.17 is 620.1); a
    # limit no term changes is the step's value as the schedule gives it.
    adjusted = _kernels.compared_values(base * (1.0 + multiplier) + added, None)
    return np.where((multiplier == 0) & (added == 0), base, adjusted), missing


def category_periods(limit: Limit, cats: list[tuple[str, LimitCategory]]) -> Array:
    """Study period [year] per category of ``cats``, then the metric's (NaN: none).

    Indexed by a category index, so that ``-1`` (no category) reads the metric's own.
    """
    if len(cats) == len(limit.categories):
        return _limit_table(limit).periods  # the limit's own categories: made once
    return _category_periods(limit, cats)


def _category_periods(limit: Limit, cats: Sequence[tuple[str, LimitCategory]]) -> Array:
    metric = limit.metric
    default_period = (
        np.nan
        if metric.reference_study_period is None
        else float(metric.reference_study_period.magnitude)
    )
    out = np.array(
        [
            np.nan if p is None else float(p.magnitude)
            for p in (limit.study_period_of(c) for _, c in cats)
        ]
        + [default_period]
    )
    out.flags.writeable = False
    return out


@attrs.frozen(eq=False)
class _LimitTable:
    """What the kernels read of one limit, worked out once per limit, not at every check.

    Attributes
    ----------
    periods
        :func:`category_periods` of the limit's own categories.
    members
        Per use code, the indices of the categories that take the use (those without
        uses where none names it).
    single
        Per use code, its one category where that category has no size band and no tags
        (every row of the use is in it), else -1.
    """

    periods: Array
    members: tuple[tuple[int, ...], ...]
    single: tuple[int, ...]

    @classmethod
    def of(cls, limit: Limit) -> _LimitTable:
        items = list(limit.categories.values())
        members: list[tuple[int, ...]] = []
        single: list[int] = []
        for use in ALL_USES:
            mine = tuple(j for j, c in enumerate(items) if use in c.uses)
            mine = mine or tuple(j for j, c in enumerate(items) if not c.uses)
            members.append(mine)
            plain = len(mine) == 1 and not items[mine[0]].tags and items[mine[0]].size is None
            single.append(mine[0] if plain else -1)
        return cls(
            _category_periods(limit, list(limit.categories.items())),
            tuple(members),
            tuple(single),
        )


def _limit_table(limit: Limit) -> _LimitTable:
    # Keyed on the order of the categories too: two limits equal but for that order (their
    # mappings compare equal) index their categories differently.
    return _limit_table_in_order(limit, tuple(limit.categories))


@functools.lru_cache(maxsize=256)
def _limit_table_in_order(limit: Limit, order: tuple[str, ...]) -> _LimitTable:
    # A limit is immutable and keeps its hash (cache_hash): found again by identity.
    return _LimitTable.of(limit)


def building_categories(stock: Stock, limit: Limit) -> tuple[Array, Array]:
    """Category of each building by its principal use, as the kernels choose it.

    Returns the index into ``limit.categories`` (-1: none) and whether the choice is
    undecided (an area a size band needs is not stated), per building. Mixed use is not
    looked at: a caller that must treat it apart uses :attr:`Stock.mixed_use`.
    """
    rows = _building_rows(stock, np.full(len(stock), _NAT), stock.mixed_use)
    return _choose(rows, rows.use, limit)


def metric_values(stock: Stock, metric: LimitMetric, period: Array) -> tuple[Array, Array]:
    """Normalised value of each whole building under ``metric``, and why it has none.

    Parameters
    ----------
    stock
        The buildings (parts are not looked at).
    metric
        What is measured.
    period
        Study period [year] wanted per building, NaN where none is.

    Returns
    -------
    values : ndarray of float64
        In the metric's unit, NaN where the building has no value.
    reasons : ndarray of int8
        :class:`LeftOut` code per building, 0 where it has a value.

    Raises
    ------
    InvalidInputError
        If a building's value is beyond the range of a float, naming the building.
    """
    rows = _building_rows(stock, np.full(len(stock), _NAT), stock.mixed_use)
    reasons = np.zeros(len(stock), dtype=np.int8)
    with np.errstate(over="ignore"):  # refused just below, naming the building
        values = _values(rows, metric, period, reasons)
    bad = np.flatnonzero(np.isinf(values))
    if bad.size:
        i = int(bad[0])
        who = f"building {stock.ids[i]!r}"
        raise _overflow_error(who, metric, "", float(values[i]))
    return values, reasons


def _disclosure_steps(
    out: dict[str, Array], cat: Array, cats: list[tuple[str, LimitCategory]]
) -> None:
    """Whether the value is disclosed, for the rows with a category of a disclosure schedule.

    Before its category's first step a row's disclosure is not yet required (not
    applicable); from it, a row with its normalised value is *disclosed* and one without
    is *incomplete*.
    """
    day = out["day"]
    has_value = ~np.isnan(out["compared"])
    for c in np.unique(cat[cat >= 0]):
        group = (cat == c).nonzero()[0]
        starts = cats[int(c)][1].step_dates
        index = _kernels.step_index(starts, day[group])
        required = index >= 0
        disclosed = required & has_value[group]
        status = np.where(required, np.where(disclosed, DISCLOSED, INCOMPLETE), NOT_APPLICABLE)
        kind = np.where(required, np.where(disclosed, K.DISCLOSED, K.NO_VALUE), K.NO_STEP_YET)
        out["status"][group] = status.astype(np.int8)
        out["kind"][group] = kind.astype(np.int8)
        out["step"][group] = index
        out["effective_from"][group] = np.where(required, starts[np.maximum(index, 0)], _NAT)


def _choose(rows: Rows, uses: Array, limit: Limit) -> tuple[Array, Array]:
    """Category index (-1: none) and whether the choice is undecided, per picked row."""
    m = uses.shape[0]
    table = _limit_table(limit)
    if m == 1:
        codes: Any = (int(uses[0]),)  # one row (a check): no count over the use codes
    else:
        counts = np.bincount(uses, minlength=len(ALL_USES))
        codes = counts.nonzero()[0]
    cat = np.full(m, -1, dtype=np.intp)
    undecided = np.zeros(m, dtype=bool)
    items = list(limit.categories.items())
    for code in codes:
        members = table.members[code]
        if not members:
            continue
        local = None if m == 1 or counts[code] == m else (uses == code).nonzero()[0]
        if table.single[code] >= 0:
            # One category, with no size band and no tags: every row of the use is in it.
            if local is None:
                cat[:] = members[0]
            else:
                cat[local] = members[0]
            continue
        part = rows if local is None else rows.subset(local)
        best = np.full(part.size, -1, dtype=np.intp)
        best_score = np.zeros(part.size, dtype=np.intp)
        unknown = np.zeros(part.size, dtype=bool)
        for j in members:
            category = items[j][1]
            fits = part.has_tags(category.tags)
            if category.size is not None:
                area = part.area(category.size.area)
                missing = np.isnan(area)
                unknown |= fits & missing
                fits = fits & ~missing & category.size.contains(np.where(missing, 0.0, area))
            # Of the categories that fit, the one requiring the most tags; the first on ties.
            better = fits & (len(category.tags) + 1 > best_score)
            best = np.where(better, j, best)
            best_score = np.where(better, len(category.tags) + 1, best_score)
        chosen = np.where(unknown, -1, best)
        if local is None:
            cat, undecided = chosen, unknown
        else:
            cat[local] = chosen
            undecided[local] = unknown
    return cat, undecided


def _choose_mixed(
    rows: Rows,
    j: int,
    limit: Limit,
    schedule_id: str,
    cats: list[tuple[str, LimitCategory]],
) -> tuple[int, bool]:
    """Category of one mixed-use row (few in any stock): none, or an area-weighted one."""
    if limit.mixed_use is MixedUsePolicy.NONE:
        return -1, True
    all_uses = ALL_USES
    i = rows.row(j)
    principal = int(rows.use_all[i])
    shares = rows.shares.of(i)
    order = [principal] + [int(u) for u in shares.nonzero()[0] if u != principal]
    one = rows.subset(np.full(len(order), j, dtype=np.intp))
    chosen, undecided = _choose(one, np.array(order), limit)
    items = list(limit.categories.items())
    picks = [
        (
            all_uses[u],
            float(shares[u]),
            CategoryChoice(None, None, undecided=bool(d))
            if c < 0
            else CategoryChoice(items[int(c)][0], items[int(c)][1]),
        )
        for u, c, d in zip(order, chosen, undecided, strict=True)
    ]
    choice = area_weighted_choice(picks, limit, schedule_id)
    if choice.category is None:
        return -1, choice.undecided
    for k, (key, category) in enumerate(cats):
        if key == choice.key and category == choice.category:
            return k, False
    cats.append((str(choice.key), choice.category))
    return len(cats) - 1, False


class LeftOut(enum.IntEnum):
    """Why a row has no normalised value under a metric (0: it has one).

    The first reason that holds, in this order, is the row's; :func:`_values` records it
    when asked for.
    """

    USED = 0
    NO_INDICATOR = 1
    """No result of the metric's indicator (nor of one it accepts in its place)."""
    SCOPE_STRADDLED = 2
    """A declared aggregate entry covers modules inside and outside the scope."""
    SCOPE_INCOMPLETE = 3
    """A module of the scope is not declared."""
    NO_AREA = 4
    """No floor area of the metric's area definition."""
    NO_STUDY_PERIOD = 5
    """No reference study period, where the metric sets one (or is per year)."""
    STUDY_PERIOD_DIFFERS = 6
    """Assessed over another study period than the metric's."""

    @property
    def code(self) -> str:
        """The reason as a lower-case text, e.g. ``"no_area"``."""
        return self.name.lower()


def _drop(ok: Array, keep: Array, reasons: Array | None, reason: LeftOut) -> None:
    """Clear ``ok`` where ``keep`` is false, recording ``reason`` for rows still ok."""
    if reasons is not None:
        reasons[ok & ~keep] = reason
    ok &= keep


def _values(  # noqa: PLR0915 - fast paths
    rows: Rows, metric: LimitMetric, period: Array, reasons: Array | None = None
) -> Array:
    """Normalised value in the metric's unit per picked row, NaN where there is none.

    ``reasons``, when given (an int8 array of ``rows.size`` zeros), receives the
    :class:`LeftOut` reason of every row without a value.
    """
    m = rows.size
    ok = np.ones(m, dtype=bool)
    first = rows.present(metric.indicators[0])
    used: Array | None = None  # None: every row uses the metric's own indicator
    if not first.all() and len(metric.indicators) > 1:
        used = np.where(first, 0, -1)
        for j, indicator in enumerate(metric.indicators[1:], start=1):
            used = np.where((used < 0) & rows.present(indicator), j, used)
        _drop(ok, used >= 0, reasons, LeftOut.NO_INDICATOR)
    else:
        _drop(ok, first, reasons, LeftOut.NO_INDICATOR)
    totals = np.zeros(m)
    scope = np.int64(metric.modules.mask)
    for j, indicator in enumerate(metric.indicators):
        every = used is None
        if every and j > 0:
            break
        mine = first if used is None else used == j
        if not every and not mine.any():
            continue
        covered = np.int64(0) if every else np.zeros(m, dtype=np.int64)
        total = np.zeros(m)
        for (name, modules), column in rows.results.items():
            mask = np.int64(modules.mask)
            if name != indicator or not mask & scope:
                continue
            declared = rows.take(column.declared)
            if mask & ~scope:
                # An aggregate straddling the scope cannot count.
                _drop(ok, ~(mine & declared), reasons, LeftOut.SCOPE_STRADDLED)
                continue
            if declared.all():
                total += rows.take(column.values)
                covered = covered | mask
            else:
                total += np.where(declared, rows.take(column.values), 0.0)
                covered = covered | np.where(declared, mask, np.int64(0))
        totals = total if every else np.where(mine, total, totals)
        _drop(ok, ~mine | ((scope & ~covered) == 0), reasons, LeftOut.SCOPE_INCOMPLETE)
    area = rows.area(metric.area)
    _drop(ok, ~np.isnan(area), reasons, LeftOut.NO_AREA)
    rsp = rows.period
    wanted = ~np.isnan(period)
    # False where either period is NaN: a period wanted and not stated is not the same.
    same = np.abs(rsp - period) <= 1e-9 * np.maximum(np.abs(rsp), np.abs(period))
    if reasons is not None:
        _drop(ok, ~wanted | ~np.isnan(rsp), reasons, LeftOut.NO_STUDY_PERIOD)
    _drop(ok, ~wanted | same, reasons, LeftOut.STUDY_PERIOD_DIFFERS)
    if metric.per_year:
        _drop(ok, wanted, reasons, LeftOut.NO_STUDY_PERIOD)
    factor = _unit_factor(metric)
    if ok.all():
        normalised = _kernels.normalise(totals, area, period if metric.per_year else None)
        result: Array = normalised * factor
        return result
    safe_area = np.where(ok, area, 1.0)
    periods = np.where(ok & wanted, period, 1.0) if metric.per_year else None
    normalised = _kernels.normalise(totals, safe_area, periods) * factor
    return np.where(ok, normalised, np.nan)


@functools.lru_cache(maxsize=256)
def _unit_factor(metric: LimitMetric) -> float:
    # The metric keeps its hash (cache_hash): the factor is worked out once per metric.
    return metric.to_unit_factor


@attrs.frozen(eq=False)
class _Slots:
    """The steps of every category as one table of slots, one per (category, step in force).

    Slot ``base[c]`` stands for "before the first step" of category ``c``; slot
    ``base[c] + 1 + i`` for its step ``i``. Everything a verdict needs to know about the
    step in force (its value, first day, window, the step before and after it, the later
    steps) is a column of this small table, so each row reads it with one gather.
    """

    keys: Array
    base: Array
    kind: Array
    value: Array
    start: Array
    latest: Array
    prev_value: Array
    prev_start: Array
    next_value: Array
    next_start: Array
    next_latest: Array
    later_value: Array
    later_start: Array
    later_state: Array

    @classmethod
    def of(cls, cats: list[tuple[str, LimitCategory]]) -> _Slots:
        rows: list[dict[str, Any]] = []
        keys: list[int] = []
        base: list[int] = []
        depth = max(len(c.steps) for _, c in cats)
        for number, (_, category) in enumerate(cats):
            base.append(len(rows))
            steps = category.steps
            for i in range(-1, len(steps)):
                step = steps[i] if i >= 0 else None
                prev = steps[i - 1] if i >= 1 else None
                following = steps[i + 1] if i + 1 < len(steps) else None
                later = list(steps[i + 1 :])
                if step is None:
                    kind = K.NO_STEP_YET
                elif step.value is None:
                    kind = K.STEP_UNCONFIRMED
                else:
                    kind = K.JUDGED
                rows.append(
                    {
                        "kind": kind,
                        "value": np.nan if step is None or step.value is None else step.value,
                        "start": _NAT if step is None else np.datetime64(step.start, "D"),
                        "latest": _NAT
                        if step is None or step.latest_from is None
                        else np.datetime64(step.latest_from, "D"),
                        "prev_value": np.nan if prev is None or prev.value is None else prev.value,
                        "prev_start": _NAT if prev is None else np.datetime64(prev.start, "D"),
                        "next_value": np.nan
                        if following is None or following.value is None
                        else following.value,
                        "next_start": _NAT
                        if following is None or following.value is None
                        else np.datetime64(following.start, "D"),
                        "next_latest": _NAT
                        if following is None
                        or following.value is None
                        or following.latest_from is None
                        else np.datetime64(following.latest_from, "D"),
                        "later": later,
                    }
                )
                if step is not None:
                    keys.append(
                        (number << 32) + int(np.datetime64(step.start, "D").view(np.int64))
                    )
        # Later steps, for the last day of compliance: 0 none, 1 value not confirmed, 2 value.
        later_value = np.full((len(rows), depth), np.nan)
        later_start = np.full((len(rows), depth), _NAT, dtype="datetime64[D]")
        later_state = np.zeros((len(rows), depth), dtype=np.int8)
        for r, row in enumerate(rows):
            for j, step in enumerate(row["later"]):
                later_start[r, j] = np.datetime64(step.start, "D")
                later_state[r, j] = 1 if step.value is None else 2
                later_value[r, j] = np.nan if step.value is None else step.value

        def column(name: str, dtype: Any) -> Array:
            return np.array([row[name] for row in rows], dtype=dtype)

        return cls(
            np.array(keys, dtype=np.int64),
            np.array(base, dtype=np.intp),
            column("kind", np.int8),
            column("value", np.float64),
            column("start", "datetime64[D]"),
            column("latest", "datetime64[D]"),
            column("prev_value", np.float64),
            column("prev_start", "datetime64[D]"),
            column("next_value", np.float64),
            column("next_start", "datetime64[D]"),
            column("next_latest", "datetime64[D]"),
            later_value.T.copy(),
            later_start.T.copy(),
            later_state.T.copy(),
        )

    def slot(self, cat: Array, day: Array, every: bool) -> Array:
        """Return each row's slot (rows without a category get slot 0, unused)."""
        days = day.view(np.int64)
        if len(self.base) == 1:
            return np.searchsorted(self.keys, days, side="right")
        c = cat.astype(np.int64) if every else np.where(cat >= 0, cat, 0).astype(np.int64)
        found = np.searchsorted(self.keys, (c << 32) + days, side="right")
        # ``found`` counts the steps up to the row's day over every category so far; each
        # category before this one has one slot more than it has steps.
        slot: Array = found + c
        return slot


@functools.lru_cache(maxsize=256)
def _slots_of(cats: tuple[tuple[str, LimitCategory], ...]) -> _Slots:
    # Categories are immutable: a schedule's table is built once, not at every check.
    return _Slots.of(list(cats))


def _slots_for(limit: Limit, cats: list[tuple[str, LimitCategory]]) -> _Slots:
    """Return the table of slots of ``cats``, the limit's categories and any added since."""
    if len(cats) == len(limit.categories):
        # No area-weighted category added: key the cache on the limit's own mapping, whose
        # hash is kept, not on a tuple of categories hashed (pint quantities and all) anew.
        return _slots_of_map(limit.categories, tuple(limit.categories))
    return _slots_of(tuple(cats))


@functools.lru_cache(maxsize=256)
def _slots_of_map(categories: Mapping[str, LimitCategory], order: tuple[str, ...]) -> _Slots:
    # Keyed on the order too: equal mappings in another order number their slots otherwise.
    return _Slots.of(list(categories.items()))


def _judge_steps(  # noqa: PLR0915 - one pass over the columns
    out: dict[str, Any], cat: Array, cats: list[tuple[str, LimitCategory]], table: _Slots
) -> None:
    """Find the step in force and the verdict of every row with a category (step 5).

    The steps of all categories form one table of slots sorted by (category, first day), so
    one ``searchsorted`` finds every row's step, whatever its category, and the rest are
    gathers from that table.
    """
    day = out["day"]
    compared = out["compared"]
    has_cat = (cat >= 0) & ~np.isnat(day)
    every = bool(has_cat.all())
    slot = table.slot(cat, day if every else np.where(has_cat, day, np.datetime64(0, "D")), every)
    index = slot - table.base[np.where(has_cat, cat, 0)] - 1
    kind = table.kind[slot]
    step_value = table.value[slot]
    step_start = table.start[slot]
    has_value = ~np.isnan(compared)

    judged = has_cat & (kind == K.JUDGED)
    adjustments: tuple[LimitAdjustment, ...] = out.get("_adjustments", ())
    missing = None
    if adjustments:
        # The limit in force is the step value adjusted by the row's terms on its day.
        step_value, missing = _adjusted(step_value, out["_terms"], adjustments, day)
        missing &= judged
        judged &= ~missing
    no_value = judged & ~has_value
    open_ = judged & has_value
    limit_value = step_value
    eff = step_start
    uncertain_ok = np.zeros(cat.shape[0], dtype=bool)
    step_latest = table.latest[slot]
    window = open_ & (day < step_latest)  # NaT compares False: no window
    if window.any():
        # The first day is not confirmed: the previous step or this one is in force, so a
        # verdict only where both agree.
        prev_value = table.prev_value[slot]
        if adjustments:
            prev_value = _adjusted(prev_value, out["_terms"], adjustments, day)[0]
        prev_known = ~np.isnan(prev_value)
        strict = np.fmin(step_value, prev_value)
        loose = np.fmax(step_value, prev_value)
        split = ~prev_known | ((strict < compared) & (compared <= loose))
        undecided = window & split
        open_ &= ~undecided
        uncertain_ok = window & ~split
        chosen = np.where(compared <= strict, strict, loose)
        limit_value = np.where(uncertain_ok, chosen, limit_value)
        eff = np.where(uncertain_ok & (chosen != step_value), table.prev_start[slot], eff)
        kind = np.where(undecided, K.UNCERTAIN, kind)
    kind = np.where(no_value, K.NO_VALUE, kind)
    if missing is not None:
        kind = np.where(missing, K.TERMS_MISSING, kind)
    passed = open_ & (compared <= limit_value)
    status = np.where(passed, np.int8(PASS), np.where(open_, np.int8(FAIL), np.int8(INCOMPLETE)))
    status = np.where(kind == K.NO_STEP_YET, np.int8(NOT_APPLICABLE), status)

    def put(key: str, value: Array) -> None:
        out[key] = value if every else np.where(has_cat, value, out[key])

    put("status", status)
    put("kind", kind)
    put("step", index)
    put("limit", np.where(open_, limit_value, np.where(no_value, step_value, np.nan)))
    put("margin", np.where(open_, limit_value - compared, np.nan))
    unsure = (kind == K.STEP_UNCONFIRMED) | no_value
    if missing is not None:
        unsure |= missing
    put("effective_from", np.where(open_, eff, np.where(unsure, step_start, _NAT)))
    put("uncertain", uncertain_ok)
    put("slot", slot)
    out["_slots"] = table
