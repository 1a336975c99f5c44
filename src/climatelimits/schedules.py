"""Limit schedules: what a rule says, per building use, from which date.

A :class:`LimitSchedule` holds a :class:`LimitMetric` (what is measured: indicator, module
scope, area basis, per year or total, study period, unit, rounding) and, per use category,
dated :class:`LimitStep` values. A step is in force from its date (inclusive) until the next
step; before the first step no limit applies.

Schedules validate when built: steps strictly increasing in date, values never increasing
unless the schedule says it may loosen, the unit consistent with the metric.

Two constructors build steps from a rule instead of a table: :meth:`LimitCategory.geometric`
(a yearly percentage cut, rounded, as Uppsala's Klimatprotokollet does) and
:meth:`LimitCategory.from_target` (from a baseline in one year to a target in another).
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from climatelimits import _kernels
from climatelimits._frozen import FrozenMap
from climatelimits._validators import enum_or_raw, instance_of, member_of, non_empty_text
from climatelimits.areas import get_area_definition
from climatelimits.buildings import DateBasis, UseCategory, to_date, to_study_period
from climatelimits.exceptions import InvalidInputError, ScheduleError, UnitsError
from climatelimits.indicators import get_indicator
from climatelimits.lifecycle import ModuleSet
from climatelimits.units import (
    AREA_UNIT,
    TIME_UNIT,
    Quantity,
    Unit,
    conversion_factor,
    format_unit,
    parse_unit,
    registry,
)

__all__ = [
    "CATCH_ALL",
    "LimitCategory",
    "LimitMetric",
    "LimitSchedule",
    "LimitStep",
    "MixedUsePolicy",
    "ScheduleStatus",
    "Source",
]

CATCH_ALL = "any"
"""Category key that applies to every use without a category of its own."""


class ScheduleStatus(enum.Enum):
    """Legal status of a schedule."""

    IN_FORCE = "in_force"
    """Binding law or regulation in force."""
    ADOPTED = "adopted"
    """Adopted and binding, with steps still to come."""
    PROPOSAL = "proposal"
    """Proposed, not adopted: checking against it answers "would it pass?"."""
    VOLUNTARY = "voluntary"
    """A voluntary class or commitment."""
    LAND_ALLOCATION = "land_allocation"
    """A condition of a land sale or allocation (civil-law contract term)."""
    ILLUSTRATIVE = "illustrative"
    """Not a rule of anyone: an example or a design study."""


class MixedUsePolicy(enum.Enum):
    """How a schedule limits a building with several uses."""

    NONE = "none"
    """The schedule states no rule: a mixed-use building gets no verdict (incomplete)."""
    PRINCIPAL_USE = "principal_use"
    """The limit of the building's principal use applies to the whole building."""
    AREA_WEIGHTED = "area_weighted"
    """The limit is the area-weighted mean of the uses' limits (Uppsala, the Netherlands)."""


@attrs.frozen
class Source:
    """A document a schedule's numbers come from.

    Attributes
    ----------
    title : str
        Title of the document or page.
    url : str
        Where to read it.
    """

    title: str = attrs.field(validator=non_empty_text)
    url: str = attrs.field()

    @url.validator
    def _check_url(self, attribute: Any, value: Any) -> None:
        if not isinstance(value, str) or not value.startswith(("https://", "http://")):
            msg = f"`url` must be a web address starting with https://; got {value!r}"
            raise InvalidInputError(msg)


def _check_step_value(instance: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value):
        msg = f"`value` must be a finite number; got {value!r}"
        raise InvalidInputError(msg)
    if value < 0:
        msg = f"`value` must not be negative; got {value!r}"
        raise InvalidInputError(msg)


def _to_float(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


@attrs.frozen
class LimitStep:
    """A limit value in force from a date.

    Attributes
    ----------
    start : datetime.date
        First day the value applies (inclusive). Written ``from`` in files.
    value : float
        The limit in the unit of the schedule's metric.
    """

    start: dt.date = attrs.field(converter=to_date)
    value: float = attrs.field(converter=_to_float, validator=_check_step_value)

    @start.validator
    def _check_start(self, attribute: Any, value: Any) -> None:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            msg = f"`from` must be a date (YYYY-MM-DD); got {value!r}"
            raise InvalidInputError(msg)


def _to_steps(value: Any) -> tuple[LimitStep, ...]:
    return tuple(value)


def _round_to_step(value: float, step: float | None) -> float:
    if step is None:
        return value
    rounded = _kernels.round_half_up(np.array([value / step]), 0)[0] * step
    return float(_kernels.round_half_up(np.array([rounded]), 9)[0])


def _replace_year(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=year, day=28)


@attrs.frozen
class LimitCategory:
    """The dated limit steps of one use category.

    Attributes
    ----------
    steps : tuple of LimitStep
        Steps in strictly increasing date order (at least one).
    title : str
        How the scheme names the category, e.g. ``"Etageboliger"``.
    """

    steps: tuple[LimitStep, ...] = attrs.field(converter=_to_steps)
    title: str = ""

    @steps.validator
    def _check_steps(self, attribute: Any, value: tuple[LimitStep, ...]) -> None:
        if not value:
            msg = "`steps` must hold at least one step; got none"
            raise ScheduleError(msg)
        for step in value:
            item: object = step
            if not isinstance(item, LimitStep):
                msg = f"`steps` must be LimitStep objects; got {step!r}"
                raise ScheduleError(msg)
        for earlier, later in itertools.pairwise(value):
            if later.start <= earlier.start:
                msg = (
                    f"`steps` must be strictly increasing in date; got {later.start} "
                    f"after {earlier.start}"
                )
                raise ScheduleError(msg)

    @property
    def step_dates(self) -> np.ndarray[Any, Any]:
        """Start dates as ``datetime64[D]``."""
        return np.array([s.start for s in self.steps], dtype="datetime64[D]")

    @property
    def step_values(self) -> np.ndarray[Any, Any]:
        """Values in the metric's unit."""
        return np.array([s.value for s in self.steps], dtype=np.float64)

    def loosenings(self) -> list[tuple[LimitStep, LimitStep]]:
        """Return the pairs of consecutive steps where the limit goes up."""
        return [(a, b) for a, b in itertools.pairwise(self.steps) if b.value > a.value]

    def step_on(self, day: dt.date) -> LimitStep | None:
        """Return the step in force on ``day`` (``None`` before the first)."""
        index = int(
            _kernels.step_index(self.step_dates, np.array([day], dtype="datetime64[D]"))[0]
        )
        return None if index < 0 else self.steps[index]

    @classmethod
    def geometric(
        cls,
        *,
        start: dt.date,
        start_value: float,
        yearly_reduction: float,
        until: dt.date,
        rounding_step: float | None = None,
        every_years: int = 1,
        title: str = "",
    ) -> LimitCategory:
        """Build steps that fall by a fixed fraction per year.

        The value of the step ``k`` years after ``start`` is
        ``start_value * (1 - yearly_reduction) ** k``, rounded half up to the nearest
        ``rounding_step``; a step is made every ``every_years`` years up to ``until``.

        Parameters
        ----------
        start
            Date of the first step.
        start_value
            Limit of the first step [metric unit].
        yearly_reduction
            Fraction cut per year, between 0 and 1 (Uppsala: 0.12).
        until
            No step starts after this date.
        rounding_step
            Round each value to a multiple of this (Uppsala: 5); ``None`` keeps them exact.
        every_years
            Years between steps.
        title
            Name of the category.

        Raises
        ------
        InvalidInputError
            If the reduction is outside [0, 1) or the period is empty.

        References
        ----------
        .. [1] Uppsala Klimatprotokollet, challenge 14: limits falling 12 % per year,
           rounded to the nearest 5,
           https://klimatprotokollet.uppsala.se/klimatutmaningar/byggnation/klimatneutrala-bygg--och-anlaggningsprojekt-2030/
        """
        if not 0 <= yearly_reduction < 1:
            msg = f"`yearly_reduction` must be at least 0 and below 1; got {yearly_reduction!r}"
            raise InvalidInputError(msg)
        _check_path_args(start_value, rounding_step, every_years)
        if until < start:
            msg = f"`until` must not be before `start` ({start}); got {until}"
            raise InvalidInputError(msg)
        steps = []
        years = 0
        while (day := _replace_year(start, start.year + years)) <= until:
            value = start_value * (1.0 - yearly_reduction) ** years
            steps.append(LimitStep(day, _round_to_step(value, rounding_step)))
            years += every_years
        return cls(_drop_repeats(steps), title=title)

    @classmethod
    def from_target(
        cls,
        *,
        baseline: float,
        baseline_year: int,
        target: float,
        target_year: int,
        every_years: int,
        rounding_step: float | None = None,
        shape: str = "linear",
        month: int = 1,
        day: int = 1,
        title: str = "",
    ) -> LimitCategory:
        """Build steps from a baseline value in one year to a target in a later year.

        Steps start on ``month``/``day`` of ``baseline_year``, ``baseline_year +
        every_years``, ... up to ``target_year``. The first step is the baseline and the
        last the target; in between the value follows a straight line (``"linear"``) or a
        constant yearly rate (``"geometric"``), rounded half up to ``rounding_step``.

        Parameters
        ----------
        baseline, target
            Values in the baseline and target years [metric unit]; ``target <= baseline``.
        baseline_year, target_year
            The years; ``target_year - baseline_year`` must be a multiple of ``every_years``.
        every_years
            Years between steps.
        rounding_step
            Round each value to a multiple of this; ``None`` keeps them exact.
        shape
            ``"linear"`` or ``"geometric"``.
        month, day
            Day of the year each step starts.
        title
            Name of the category.

        Raises
        ------
        InvalidInputError
            If the years are not on the grid, the target is above the baseline, or the
            shape is unknown.
        """
        _check_path_args(baseline, rounding_step, every_years)
        if target_year <= baseline_year:
            msg = (
                f"`target_year` must be after `baseline_year` ({baseline_year}); got {target_year}"
            )
            raise InvalidInputError(msg)
        if (target_year - baseline_year) % every_years:
            msg = (
                f"`target_year` must be `baseline_year` plus a multiple of `every_years` "
                f"({every_years}); got {target_year} from {baseline_year}"
            )
            raise InvalidInputError(msg)
        if not 0 <= target <= baseline:
            msg = f"`target` must be between 0 and `baseline` ({baseline}); got {target!r}"
            raise InvalidInputError(msg)
        if shape not in {"linear", "geometric"}:
            msg = f"`shape` must be 'linear' or 'geometric'; got {shape!r}"
            raise InvalidInputError(msg)
        if shape == "geometric" and target <= 0:
            msg = f"`target` must be above 0 for a geometric path; got {target!r}"
            raise InvalidInputError(msg)
        try:
            anchor = dt.date(2000, month, day)  # a leap year, so 29 February is allowed
        except (TypeError, ValueError):
            msg = (
                f"`month` and `day` must form a day of the year; got month={month!r}, day={day!r}"
            )
            raise InvalidInputError(msg) from None
        span = target_year - baseline_year
        steps = []
        for year in range(baseline_year, target_year + 1, every_years):
            fraction = (year - baseline_year) / span
            if shape == "linear":
                value = baseline + (target - baseline) * fraction
            else:
                value = baseline * (target / baseline) ** fraction
            start = _replace_year(anchor, year)
            steps.append(LimitStep(start, _round_to_step(value, rounding_step)))
        return cls(_drop_repeats(steps), title=title)


def _check_path_args(value: Any, rounding_step: Any, every_years: Any) -> None:
    if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
        msg = f"the starting limit must be a finite number above 0; got {value!r}"
        raise InvalidInputError(msg)
    if rounding_step is not None and not (math.isfinite(rounding_step) and rounding_step > 0):
        msg = f"`rounding_step` must be above 0; got {rounding_step!r}"
        raise InvalidInputError(msg)
    if isinstance(every_years, bool) or not isinstance(every_years, int) or every_years < 1:
        msg = f"`every_years` must be a whole number of at least 1; got {every_years!r}"
        raise InvalidInputError(msg)


def _drop_repeats(steps: Sequence[LimitStep]) -> tuple[LimitStep, ...]:
    """Drop steps that repeat the previous value (rounding can make a step a no-op)."""
    kept: list[LimitStep] = []
    for step in steps:
        if not kept or step.value != kept[-1].value:
            kept.append(step)
    return tuple(kept)


def _to_modules(value: Any) -> ModuleSet:
    return ModuleSet.parse(value)


def _to_unit(value: Any) -> Any:
    return parse_unit(value, field="unit")


@attrs.frozen
class LimitMetric:
    """What a limit measures.

    Attributes
    ----------
    indicator : str
        Indicator id, e.g. ``"gwp_total"``.
    modules : ModuleSet
        Life-cycle modules counted, e.g. ``A1-A3,B4,B6,C3-C4``.
    area : str
        Area-definition id the value is per m² of, e.g. ``"dk_reference"``.
    per_year : bool
        Whether the value is per year of the study period (total / study period).
    unit : Unit
        Unit of the limit values, e.g. ``kg CO2e/m²/a``.
    reference_study_period : Quantity or None
        The study period [year] results must be assessed over; required when ``per_year``.
        A building assessed over another period gets no verdict.
    decimals : int or None
        The building's value is rounded half up to this many decimals before comparison
        (BR18: one decimal, so 12.047 meets 12.0); ``None`` compares unrounded.
    """

    indicator: str = attrs.field()
    modules: ModuleSet = attrs.field(converter=_to_modules)
    area: str = attrs.field()
    per_year: bool = attrs.field()
    unit: Unit = attrs.field(converter=_to_unit)
    reference_study_period: Quantity | None = attrs.field(default=None, converter=to_study_period)
    decimals: int | None = attrs.field(default=None)

    @indicator.validator
    def _check_indicator(self, attribute: Any, value: str) -> None:
        get_indicator(value)

    @modules.validator
    def _check_modules(self, attribute: Any, value: ModuleSet) -> None:
        if not value:
            msg = "`modules` must name at least one module; got ''"
            raise ScheduleError(msg)

    @area.validator
    def _check_area(self, attribute: Any, value: str) -> None:
        get_area_definition(value)

    @per_year.validator
    def _check_per_year(self, attribute: Any, value: Any) -> None:
        if not isinstance(value, bool):
            msg = f"`per_year` must be true or false; got {value!r}"
            raise InvalidInputError(msg)

    @decimals.validator
    def _check_decimals(self, attribute: Any, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
            msg = f"`decimals` must be a whole number from 0 to 6; got {value!r}"
            raise InvalidInputError(msg)

    def __attrs_post_init__(self) -> None:
        expected = self.canonical_unit
        if self.unit.dimensionality != expected.dimensionality:
            kind = "per m² per year" if self.per_year else "per m² (not per year)"
            msg = (
                f"`unit` must be {get_indicator(self.indicator).unit} {kind} for "
                f"{self.indicator}, e.g. '{format_unit(expected)}'; got '{format_unit(self.unit)}'"
            )
            raise UnitsError(msg, units1=format_unit(self.unit), units2=format_unit(expected))
        if self.per_year and self.reference_study_period is None:
            msg = (
                "`reference_study_period` must be given for a per-year metric; got none "
                "(a per-year value divides the total by it)"
            )
            raise ScheduleError(msg)

    @property
    def canonical_unit(self) -> Unit:
        """Unit the kernels compute in: indicator unit per m² (per year)."""
        text = f"{get_indicator(self.indicator).unit} / {AREA_UNIT}"
        if self.per_year:
            text += f" / {TIME_UNIT}"
        return parse_unit(text)

    @property
    def to_unit_factor(self) -> float:
        """Factor from :attr:`canonical_unit` to :attr:`unit`."""
        return conversion_factor(self.canonical_unit, self.unit)

    def describe(self) -> str:
        """Return a short description, e.g. ``'gwp_total A1-A5 per m² se_bta'``."""
        period = ""
        if self.reference_study_period is not None:
            period = f" over {self.reference_study_period.magnitude:g} years"
        per = " per year" if self.per_year else ""
        return f"{self.indicator} {self.modules} per m² {self.area}{per}{period}"


def _to_status(value: Any) -> Any:
    return enum_or_raw(ScheduleStatus, value)


def _to_basis(value: Any) -> Any:
    return enum_or_raw(DateBasis, value)


def _to_mixed_use(value: Any) -> Any:
    return enum_or_raw(MixedUsePolicy, value)


def _to_categories(value: Any) -> FrozenMap[str, LimitCategory]:
    if not isinstance(value, Mapping):
        msg = f"`categories` must be a table of use -> steps; got {value!r}"
        raise InvalidInputError(msg)
    out: dict[str, LimitCategory] = {}
    for key, category in value.items():
        name = key.value if isinstance(key, UseCategory) else key
        if name != CATCH_ALL:
            try:
                UseCategory(name)
            except ValueError:
                known = ", ".join(u.value for u in UseCategory)
                msg = (
                    f"`categories` keys must be uses ({known}) or {CATCH_ALL!r} for every "
                    f"other use; got {name!r}"
                )
                raise InvalidInputError(msg) from None
        if not isinstance(category, LimitCategory):
            msg = f"`categories.{name}` must be a LimitCategory; got {category!r}"
            raise InvalidInputError(msg)
        out[name] = category
    return FrozenMap(out)


def _to_sources(value: Iterable[Source]) -> tuple[Source, ...]:
    items = tuple(value)
    for item in items:
        checked: object = item
        if not isinstance(checked, Source):
            msg = f"`sources` must be Source objects; got {checked!r}"
            raise InvalidInputError(msg)
    return items


@attrs.frozen
class LimitSchedule:
    """A rule: limit values per use category over time, on one metric.

    Attributes
    ----------
    id : str
        Identifier, e.g. ``"dk-br18-2023"``.
    title : str
        Title as published.
    jurisdiction : str
        Country code (``"DK"``), or a city (``"SE-Helsingborg"``).
    status : ScheduleStatus
        In force, adopted, proposal, voluntary, land allocation or illustrative.
    date_basis : DateBasis
        Which building date selects the step in force.
    metric : LimitMetric
        What is measured.
    categories : Mapping[str, LimitCategory]
        Steps per use (:class:`~climatelimits.buildings.UseCategory` value), and optionally
        ``"any"`` for every other use.
    sources : tuple of Source
        Where the numbers come from.
    notes : str
        Open points, derivations, anything a reader must know.
    allow_loosening : bool
        Whether a later step may be higher than an earlier one (rejected otherwise).
    mixed_use : MixedUsePolicy
        How a building with several uses is limited.
    """

    id: str = attrs.field(validator=non_empty_text)
    title: str = attrs.field(validator=non_empty_text)
    jurisdiction: str = attrs.field(validator=non_empty_text)
    status: ScheduleStatus = attrs.field(converter=_to_status, validator=member_of(ScheduleStatus))
    date_basis: DateBasis = attrs.field(converter=_to_basis, validator=member_of(DateBasis))
    metric: LimitMetric = attrs.field(validator=instance_of(LimitMetric))
    categories: FrozenMap[str, LimitCategory] = attrs.field(converter=_to_categories)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_to_sources)
    notes: str = ""
    allow_loosening: bool = False
    mixed_use: MixedUsePolicy = attrs.field(
        default=MixedUsePolicy.NONE,
        converter=_to_mixed_use,
        validator=member_of(MixedUsePolicy),
    )

    @categories.validator
    def _check_categories(self, attribute: Any, value: FrozenMap[str, LimitCategory]) -> None:
        if not value:
            msg = "`categories` must hold at least one category; got none"
            raise ScheduleError(msg)
        if self.allow_loosening:
            return
        for name, category in value.items():
            for earlier, later in category.loosenings():
                msg = (
                    f"`categories.{name}.steps` must not increase (set allow_loosening = true "
                    f"if the rule really loosens); got {earlier.value:g} from {earlier.start} "
                    f"then {later.value:g} from {later.start} {format_unit(self.metric.unit)}"
                )
                raise ScheduleError(msg)

    @property
    def unit(self) -> Unit:
        """Unit of the limit values (the metric's)."""
        return self.metric.unit

    def category_key(self, use: UseCategory | str) -> str | None:
        """Return the category key that applies to ``use`` (its own, else ``"any"``)."""
        try:
            name = UseCategory(use).value
        except ValueError:
            known = ", ".join(u.value for u in UseCategory)
            msg = f"`use` must be one of {known}; got {use!r}"
            raise InvalidInputError(msg) from None
        if name in self.categories:
            return name
        if CATCH_ALL in self.categories:
            return CATCH_ALL
        return None

    def limit_on(self, use: UseCategory | str, day: dt.date) -> Quantity | None:
        """Return the limit for ``use`` in force on ``day``, or ``None`` if none applies."""
        key = self.category_key(use)
        if key is None:
            return None
        step = self.categories[key].step_on(day)
        if step is None:
            return None
        limit: Quantity = registry().Quantity(step.value, self.metric.unit)
        return limit

    def limits_on(
        self, use: UseCategory | str, days: Any
    ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Look up the limits for many dates at once.

        Parameters
        ----------
        use
            Building use.
        days
            Dates as anything ``numpy.asarray(..., dtype="datetime64[D]")`` accepts.

        Returns
        -------
        index : ndarray of intp
            Index of the step in force per date; ``-1`` where no limit applies yet (or the
            use has no category).
        values : ndarray of float64
            The limit in the metric's unit; meaningful only where ``index >= 0``
            (``0.0`` elsewhere, never NaN).
        """
        dates = np.asarray(days, dtype="datetime64[D]")
        key = self.category_key(use)
        if key is None:
            return np.full(dates.shape, -1, dtype=np.intp), np.zeros(dates.shape)
        category = self.categories[key]
        index = _kernels.step_index(category.step_dates, dates)
        values = np.where(index >= 0, category.step_values[np.maximum(index, 0)], 0.0)
        return index, values
