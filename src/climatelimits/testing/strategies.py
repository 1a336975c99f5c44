"""Hypothesis strategies for the public classes of climatelimits.

These strategies generate *valid* objects with values in ranges that make sense for
buildings and limit rules, so that city tools built on climatelimits can property-test their
own code with them. Every strategy takes its bounds as keyword arguments and shrinks towards
simple examples (one module, one entry, one step, zero emissions).

Needs Hypothesis: ``pip install 'climatelimits[testing]'``.

Examples
--------
>>> from hypothesis import given
>>> from climatelimits.testing import strategies as clst
>>> @given(clst.limit_schedules())
... def test_every_limit_has_a_category(schedule):
...     assert all(limit.categories for limit in schedule.limits)
"""

from __future__ import annotations

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - exercised only without the testing extra
    from climatelimits.exceptions import MissingOptionalDependencyError

    _feature = "climatelimits.testing.strategies"
    _requirement = "hypothesis (pip install 'climatelimits[testing]')"
    raise MissingOptionalDependencyError(_feature, _requirement) from exc

import datetime as dt
import functools
from typing import Final

import attrs

from climatelimits.areas import AREA_DEFINITIONS
from climatelimits.buildings import Building, BuildingDates, DateBasis, UseCategory
from climatelimits.evaluation import Assessment, check
from climatelimits.indicators import INDICATORS, get_indicator
from climatelimits.lifecycle import LifeCycleModule, ModuleSet
from climatelimits.results import IndicatorResults, ResultEntry
from climatelimits.schedules import (
    CATCH_ALL,
    AdjustmentKind,
    Limit,
    LimitAdjustment,
    LimitCategory,
    LimitMetric,
    LimitSchedule,
    LimitStep,
    MixedUsePolicy,
    ScheduleStatus,
    Source,
)
from climatelimits.units import EMISSION_UNIT, registry

__all__ = [
    "DEFAULT_MAX_DATE",
    "DEFAULT_MIN_DATE",
    "assessments",
    "building_dates",
    "buildings",
    "buildings_for_schedule",
    "disjoint_module_partitions",
    "emission_values",
    "indicator_results",
    "life_cycle_modules",
    "limit_adjustments",
    "limit_categories",
    "limit_metrics",
    "limit_schedules",
    "limit_steps",
    "module_sets",
    "nonempty_module_sets",
    "result_entries",
    "sources",
    "use_categories",
]

DEFAULT_MIN_DATE: Final = dt.date(2015, 1, 1)
"""Earliest date drawn by default (building dates and limit steps)."""
DEFAULT_MAX_DATE: Final = dt.date(2040, 12, 31)
"""Latest date drawn by default (building dates and limit steps)."""

_SMALLEST_NONZERO: Final = 1e-3
"""Smallest non-zero magnitude drawn (1 g CO2e, or 0.001 kg CO2e/m²): no denormal floats."""

_REALISTIC_SCOPES: Final = (
    "A1-A3",
    "A1-A5",
    "A1-A3,C3-C4",
    "A1-A5,B4,B6,C3-C4",
    "A1-A5,B1-B7,C1-C4",
    "A1-A5,B4,C1-C4,D",
)
"""Module scopes that real limit rules use, drawn alongside arbitrary ones."""

# Units a metric on an emission indicator may be written in.
_EMISSION_UNITS_TOTAL: Final = ("kg CO2e/m^2", "kg CO2e / m²", "t CO2e/m^2")
_EMISSION_UNITS_PER_YEAR: Final = ("kg CO2e/m^2/year", "kg CO2e/m²/a", "t CO2e/m^2/year")
_TYPICAL_TOTAL_LIMIT: Final = 2000.0
"""Typical upper limit [indicator unit per m²] over a 50-year study period; the limit values
drawn for a schedule stay below it (converted to the metric's unit), so buildings drawn for it
both pass and fail."""
_REALISTIC_RSP: Final = 50.0

_COUNTRIES: Final = ("SE", "DK", "FI", "FR", "NL", "NO", "DE", "EE")
_JURISDICTIONS: Final = ("SE", "DK", "FI", "FR", "NL", "EU", "SE-Helsingborg", "SE-Uppsala")

_IDS: Final = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)
_SOURCE_IDS: Final = st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,10}", fullmatch=True)
_TEXTS: Final = st.text(max_size=30)
_NONBLANK_TEXTS: Final = st.text(min_size=1, max_size=40).filter(lambda t: bool(t.strip()))
_OPTIONAL_COUNTRIES: Final = st.one_of(st.none(), st.sampled_from(_COUNTRIES))
_JURISDICTION_CHOICES: Final = st.sampled_from(_JURISDICTIONS)
_STATUSES: Final = st.sampled_from(tuple(ScheduleStatus))
_DATE_BASES: Final = st.sampled_from(tuple(DateBasis))
_MIXED_USE_POLICIES: Final = st.sampled_from(tuple(MixedUsePolicy))
_AREA_IDS: Final = st.sampled_from(tuple(AREA_DEFINITIONS))
_DECIMALS: Final = st.one_of(st.none(), st.integers(min_value=0, max_value=3))
_START_OFFSETS: Final = st.one_of(st.none(), st.integers(min_value=0, max_value=1000))
_COMPLETION_OFFSETS: Final = st.one_of(st.none(), st.integers(min_value=0, max_value=1500))
_AREAS_M2: Final = st.floats(min_value=50.0, max_value=1e5, allow_nan=False, allow_infinity=False)


def _check_dates(min_date: dt.date, max_date: dt.date) -> None:
    if max_date < min_date:
        msg = f"`max_date` must not be before `min_date` ({min_date}); got {max_date}"
        raise InvalidArgument(msg)


def _check_positive(name: str, value: float) -> None:
    if not value > 0:
        msg = f"`{name}` must be above 0; got {value!r}"
        raise InvalidArgument(msg)


def _check_indicator(indicator: str) -> None:
    if indicator not in INDICATORS:
        msg = f"`indicator` must be one of {', '.join(INDICATORS)}; got {indicator!r}"
        raise InvalidArgument(msg)


def _check_area(area: str) -> None:
    if area not in AREA_DEFINITIONS:
        msg = f"`area` must be one of {', '.join(AREA_DEFINITIONS)}; got {area!r}"
        raise InvalidArgument(msg)


# -- life-cycle modules -----------------------------------------------------------------------
def life_cycle_modules() -> st.SearchStrategy[LifeCycleModule]:
    """Return a strategy for single life-cycle modules, A0 to D.

    Returns
    -------
    SearchStrategy[LifeCycleModule]
        Shrinks towards ``A0``.
    """
    return st.sampled_from(tuple(LifeCycleModule))


def module_sets(min_size: int = 0) -> st.SearchStrategy[ModuleSet]:
    """Return a strategy for module sets.

    Parameters
    ----------
    min_size
        Fewest modules in a set, from 0 (the empty set may be drawn) to 19 (every module).

    Returns
    -------
    SearchStrategy[ModuleSet]
        Arbitrary sets of modules, shrinking towards the smallest set.
    """
    n_modules = len(LifeCycleModule)
    if isinstance(min_size, bool) or not isinstance(min_size, int):
        msg = f"`min_size` must be a whole number; got {min_size!r}"
        raise InvalidArgument(msg)
    if not 0 <= min_size <= n_modules:
        msg = f"`min_size` must be between 0 and {n_modules}; got {min_size!r}"
        raise InvalidArgument(msg)
    return st.sets(life_cycle_modules(), min_size=min_size).map(lambda ms: ModuleSet.of(*ms))


def nonempty_module_sets() -> st.SearchStrategy[ModuleSet]:
    """Return a strategy for module sets of at least one module.

    Returns
    -------
    SearchStrategy[ModuleSet]
        The sets :func:`module_sets` draws, without the empty set.
    """
    return module_sets(min_size=1)


# Strategies are built once per distinct argument and reused: Hypothesis validates every new
# strategy object, which would otherwise dominate the cost of drawing inside composites.
@functools.cache
def _labels(n: int) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(min_value=0, max_value=n - 1), min_size=n, max_size=n)


@st.composite
def _partitions(draw: st.DrawFn, scope: ModuleSet) -> tuple[ModuleSet, ...]:
    modules = scope.modules
    if not modules:
        return ()
    labels = draw(_labels(len(modules)))
    groups: dict[int, int] = {}
    for module, label in zip(modules, labels, strict=True):
        groups[label] = groups.get(label, 0) | module.bit
    return tuple(ModuleSet(mask) for mask in groups.values())


@functools.lru_cache(maxsize=1024)
def _partitions_of(scope: ModuleSet) -> st.SearchStrategy[tuple[ModuleSet, ...]]:
    return _partitions(scope)


def disjoint_module_partitions(scope: ModuleSet | str) -> st.SearchStrategy[tuple[ModuleSet, ...]]:
    """Return a strategy that splits ``scope`` into disjoint, non-empty module sets.

    Parameters
    ----------
    scope
        The module set to split, e.g. ``"A1-A5"``.

    Returns
    -------
    SearchStrategy[tuple[ModuleSet, ...]]
        Tuples of pairwise disjoint, non-empty sets whose union is ``scope``, ordered by
        their first module (empty for the empty scope). Shrinks towards ``(scope,)``.
    """
    scope_set = ModuleSet.parse(scope)
    return _partitions_of(scope_set)


_MODULE_SETS: Final = module_sets()
_NONEMPTY_MODULE_SETS: Final = nonempty_module_sets()
_METRIC_SCOPES: Final = st.one_of(
    st.sampled_from(_REALISTIC_SCOPES).map(ModuleSet.parse), _NONEMPTY_MODULE_SETS
)


# -- results ----------------------------------------------------------------------------------
def emission_values(max_value: float = 1e7) -> st.SearchStrategy[float]:
    """Return a strategy for declared magnitudes of an indicator result.

    Parameters
    ----------
    max_value
        Largest magnitude [kg CO2e, or EUR].

    Returns
    -------
    SearchStrategy[float]
        ``0.0`` (a declared zero) or a finite float from 0.001 to ``max_value``; never
        negative, never a denormal float.
    """
    _check_positive("max_value", max_value)
    if max_value < _SMALLEST_NONZERO:
        msg = f"`max_value` must be at least {_SMALLEST_NONZERO}; got {max_value!r}"
        raise InvalidArgument(msg)
    return st.one_of(
        st.just(0.0),
        st.integers(min_value=1, max_value=max(1, int(max_value))).map(float),
        st.floats(
            min_value=_SMALLEST_NONZERO,
            max_value=max_value,
            allow_nan=False,
            allow_infinity=False,
            allow_subnormal=False,
        ),
    ).filter(lambda v: v <= max_value)


@functools.lru_cache(maxsize=256)
def _value_lists(max_value: float, n: int) -> st.SearchStrategy[list[float]]:
    return st.lists(emission_values(max_value), min_size=n, max_size=n)


def result_entries(max_value: float = 1e7) -> st.SearchStrategy[ResultEntry]:
    """Return a strategy for single declared result entries.

    Parameters
    ----------
    max_value
        Largest value [canonical unit of the indicator].

    Returns
    -------
    SearchStrategy[ResultEntry]
        Entries on a non-empty module set with a declared value from
        :func:`emission_values`.
    """
    return st.builds(ResultEntry, modules=nonempty_module_sets(), value=emission_values(max_value))


@st.composite
def _results_covering(
    draw: st.DrawFn,
    indicator: str,
    scopes: tuple[ModuleSet, ...],
    max_value: float,
    scale: float = 1.0,
) -> IndicatorResults:
    parts: list[ModuleSet] = []
    for scope in scopes:
        parts.extend(draw(_partitions_of(scope)))
    values = draw(_value_lists(max_value, len(parts)))
    entries = tuple(ResultEntry(p, v * scale) for p, v in zip(parts, values, strict=True))
    return IndicatorResults(indicator, entries)


@st.composite
def _indicator_results(
    draw: st.DrawFn, indicator: str, scope: ModuleSet | None, max_value: float
) -> IndicatorResults:
    scope_set = draw(_NONEMPTY_MODULE_SETS) if scope is None else scope
    return draw(_results_covering(indicator, (scope_set,), max_value))


def indicator_results(
    indicator: str = "gwp_total",
    scope: ModuleSet | str | None = None,
    *,
    max_value: float = 1e7,
) -> st.SearchStrategy[IndicatorResults]:
    """Return a strategy for complete results of one indicator.

    Parameters
    ----------
    indicator
        Indicator id, e.g. ``"gwp_total"``.
    scope
        The modules the entries cover, exactly; ``None`` draws a non-empty scope.
    max_value
        Largest value of one entry [canonical unit of the indicator, e.g. kg CO2e].

    Returns
    -------
    SearchStrategy[IndicatorResults]
        Results whose entries split the scope into disjoint module sets (see
        :func:`disjoint_module_partitions`), every one declared, with a finite value from
        :func:`emission_values`. ``total(scope)`` is therefore always complete.
    """
    _check_indicator(indicator)
    scope_set = None if scope is None else ModuleSet.parse(scope)
    if scope_set is not None and not scope_set:
        msg = "`scope` must name at least one module; got ''"
        raise InvalidArgument(msg)
    emission_values(max_value)  # validates max_value now, not at draw time
    return _indicator_results(indicator, scope_set, max_value)


# -- buildings --------------------------------------------------------------------------------
def use_categories() -> st.SearchStrategy[UseCategory]:
    """Return a strategy for building uses.

    Returns
    -------
    SearchStrategy[UseCategory]
        Every use, shrinking towards ``detached_house``.
    """
    return st.sampled_from(tuple(UseCategory))


@st.composite
def _building_dates(draw: st.DrawFn, min_date: dt.date, max_date: dt.date) -> BuildingDates:
    permit = draw(_dates_between(min_date, max_date))
    start_offset = draw(_START_OFFSETS)
    start = None if start_offset is None else permit + dt.timedelta(days=start_offset)
    completion_offset = draw(_COMPLETION_OFFSETS)
    base = start if start is not None else permit
    completion = None
    if completion_offset is not None:
        completion = base + dt.timedelta(days=completion_offset)
    return BuildingDates(
        permit_application=permit, construction_start=start, completion=completion
    )


def building_dates(
    *, min_date: dt.date = DEFAULT_MIN_DATE, max_date: dt.date = DEFAULT_MAX_DATE
) -> st.SearchStrategy[BuildingDates]:
    """Return a strategy for the dates of a building.

    Parameters
    ----------
    min_date, max_date
        Range of the permit-application date.

    Returns
    -------
    SearchStrategy[BuildingDates]
        Always a permit-application date; sometimes a construction start (up to 1000 days
        later) and a completion (up to 1500 days after that).
    """
    _check_dates(min_date, max_date)
    return _building_dates(min_date, max_date)


@functools.cache
def _other_uses(use: UseCategory) -> st.SearchStrategy[list[UseCategory]]:
    return st.lists(
        st.sampled_from([u for u in UseCategory if u is not use]),
        min_size=1,
        max_size=3,
        unique=True,
    )


@functools.cache
def _weights(n: int) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(min_value=1, max_value=10), min_size=n, max_size=n)


@st.composite
def _use_shares(draw: st.DrawFn, use: UseCategory) -> dict[UseCategory, float]:
    others = draw(_other_uses(use))
    weights = draw(_weights(len(others) + 1))
    total = sum(weights)
    return {u: w / total for u, w in zip((use, *others), weights, strict=True)}


@st.composite
def _buildings(
    draw: st.DrawFn,
    uses: st.SearchStrategy[UseCategory],
    indicator: str,
    scope: ModuleSet,
    area: str,
    area_values: st.SearchStrategy[float],
    other_areas: st.SearchStrategy[dict[str, float]],
    reference_study_period: float | None,
    dates: st.SearchStrategy[BuildingDates],
    mixed_use: bool,
    max_value: float,
) -> Building:
    reg = registry()
    use = draw(uses)
    areas = {area: draw(area_values)}
    areas.update(draw(other_areas))
    extra = draw(_MODULE_SETS) - scope
    results = draw(_results_covering(indicator, (scope, extra), max_value))
    rsp = None if reference_study_period is None else reg.Quantity(reference_study_period, "year")
    return Building(
        id=draw(_IDS),
        use=use,
        name=draw(_TEXTS),
        country=draw(_OPTIONAL_COUNTRIES),
        use_shares=draw(_use_shares(use)) if mixed_use else {},
        dates=draw(dates),
        areas={k: reg.Quantity(v, "m^2") for k, v in areas.items()},
        reference_study_period=rsp,
        results={indicator: results},
    )


def buildings(
    *,
    uses: st.SearchStrategy[UseCategory] | None = None,
    indicator: str = "gwp_total",
    scope: ModuleSet | str = "A1-A5",
    area: str = "se_bta",
    min_area: float = 50.0,
    max_area: float = 1e5,
    reference_study_period: float | None = 50.0,
    min_date: dt.date = DEFAULT_MIN_DATE,
    max_date: dt.date = DEFAULT_MAX_DATE,
    mixed_use: bool = False,
    max_value: float = 1e7,
) -> st.SearchStrategy[Building]:
    """Return a strategy for declared buildings.

    Parameters
    ----------
    uses
        Strategy for the (principal) use; by default :func:`use_categories`.
    indicator
        Indicator the results are declared for.
    scope
        Modules the results cover at least. Further modules may be declared, each in an
        entry wholly outside ``scope``, so ``results[indicator].total(scope)`` is always
        complete.
    area
        Area definition always stated (others may be stated too).
    min_area, max_area
        Range of every floor area [m²].
    reference_study_period
        Study period [year]; ``None`` states none.
    min_date, max_date
        Range of the permit-application date.
    mixed_use
        Whether to draw a mixed-use building (use shares of 2 to 4 uses).
    max_value
        Largest value of one result entry [kg CO2e].

    Returns
    -------
    SearchStrategy[Building]
        Valid buildings with an id, a name, sometimes a country, dates from
        :func:`building_dates`, the areas and the results.
    """
    _check_indicator(indicator)
    _check_area(area)
    scope_set = ModuleSet.parse(scope)
    _check_positive("min_area", min_area)
    if max_area < min_area:
        msg = f"`max_area` must not be below `min_area` ({min_area}); got {max_area!r}"
        raise InvalidArgument(msg)
    if reference_study_period is not None:
        _check_positive("reference_study_period", reference_study_period)
    emission_values(max_value)
    area_values = st.floats(
        min_value=min_area, max_value=max_area, allow_nan=False, allow_infinity=False
    )
    other_areas = st.dictionaries(
        st.sampled_from([a for a in AREA_DEFINITIONS if a != area]), area_values, max_size=2
    )
    return _buildings(
        uses if uses is not None else use_categories(),
        indicator,
        scope_set,
        area,
        area_values,
        other_areas,
        reference_study_period,
        building_dates(min_date=min_date, max_date=max_date),
        mixed_use,
        max_value,
    )


# -- schedules --------------------------------------------------------------------------------
@functools.lru_cache(maxsize=256)
def _limit_values(max_value: float) -> st.SearchStrategy[float]:
    return st.one_of(
        st.just(0.0),
        st.integers(min_value=0, max_value=max(1, int(max_value))).map(float),
        st.floats(
            min_value=min(_SMALLEST_NONZERO, max_value),
            max_value=max_value,
            allow_nan=False,
            allow_infinity=False,
            allow_subnormal=False,
        ),
    ).filter(lambda v: v <= max_value)


def limit_steps(
    *,
    min_date: dt.date = DEFAULT_MIN_DATE,
    max_date: dt.date = DEFAULT_MAX_DATE,
    max_value: float = _TYPICAL_TOTAL_LIMIT,
) -> st.SearchStrategy[LimitStep]:
    """Return a strategy for single limit steps.

    Parameters
    ----------
    min_date, max_date
        Range of the start date.
    max_value
        Largest limit value [metric unit].

    Returns
    -------
    SearchStrategy[LimitStep]
        Steps with a value of 0, a whole number, or a float from 0.001 to ``max_value``.
    """
    _check_dates(min_date, max_date)
    _check_positive("max_value", max_value)
    return st.builds(
        LimitStep,
        start=st.dates(min_value=min_date, max_value=max_date),
        value=_limit_values(max_value),
    )


@functools.lru_cache(maxsize=256)
def _limit_value_lists(max_value: float, n: int) -> st.SearchStrategy[list[float]]:
    return st.lists(_limit_values(max_value), min_size=n, max_size=n)


@functools.lru_cache(maxsize=256)
def _dates_between(min_date: dt.date, max_date: dt.date) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=min_date, max_value=max_date)


@functools.lru_cache(maxsize=256)
def _step_dates(
    min_date: dt.date, max_date: dt.date, min_size: int, max_size: int
) -> st.SearchStrategy[list[dt.date]]:
    return st.lists(
        _dates_between(min_date, max_date), min_size=min_size, max_size=max_size, unique=True
    )


@st.composite
def _limit_categories(
    draw: st.DrawFn,
    non_increasing: bool,
    min_size: int,
    max_size: int,
    min_date: dt.date,
    max_date: dt.date,
    max_value: float,
) -> LimitCategory:
    dates = sorted(draw(_step_dates(min_date, max_date, min_size, max_size)))
    values = draw(_limit_value_lists(max_value, len(dates)))
    if non_increasing:
        values.sort(reverse=True)
    steps = tuple(LimitStep(d, v) for d, v in zip(dates, values, strict=True))
    return LimitCategory(steps, title=draw(_TEXTS))


def limit_categories(
    non_increasing: bool = True,
    *,
    min_size: int = 1,
    max_size: int = 5,
    min_date: dt.date = DEFAULT_MIN_DATE,
    max_date: dt.date = DEFAULT_MAX_DATE,
    max_value: float = _TYPICAL_TOTAL_LIMIT,
) -> st.SearchStrategy[LimitCategory]:
    """Return a strategy for the dated steps of one use category.

    Parameters
    ----------
    non_increasing
        Whether the values never go up from one step to the next (what
        :class:`~climatelimits.schedules.LimitSchedule` requires unless it allows
        loosening). With ``False`` the values come in any order.
    min_size, max_size
        Range of the number of steps (at least 1).
    min_date, max_date
        Range of the step dates.
    max_value
        Largest limit value [metric unit].

    Returns
    -------
    SearchStrategy[LimitCategory]
        Categories with strictly increasing step dates and a title (possibly empty).
    """
    _check_dates(min_date, max_date)
    _check_positive("max_value", max_value)
    n_days = (max_date - min_date).days + 1
    if not 1 <= min_size <= max_size:
        msg = (
            f"`min_size` and `max_size` must satisfy 1 <= min_size <= max_size; "
            f"got {min_size}, {max_size}"
        )
        raise InvalidArgument(msg)
    if max_size > n_days:
        msg = (
            f"`max_size` must not exceed the {n_days} days from `min_date` to `max_date`; "
            f"got {max_size}"
        )
        raise InvalidArgument(msg)
    return _limit_categories(non_increasing, min_size, max_size, min_date, max_date, max_value)


@functools.lru_cache(maxsize=64)
def _metric_units(indicator: str, per_year: bool) -> st.SearchStrategy[str]:
    """Return a strategy for the units a metric on ``indicator`` may be written in."""
    unit = get_indicator(indicator).unit
    if unit == EMISSION_UNIT:
        choices = _EMISSION_UNITS_PER_YEAR if per_year else _EMISSION_UNITS_TOTAL
        return st.sampled_from(choices)
    return st.just(f"{unit}/m^2/year" if per_year else f"{unit}/m^2")


@functools.lru_cache(maxsize=64)
def _optional_rsp(reference_study_period: float) -> st.SearchStrategy[float | None]:
    return st.sampled_from((None, reference_study_period))


@st.composite
def _limit_metrics(
    draw: st.DrawFn,
    indicator: str,
    modules: ModuleSet | None,
    area: str | None,
    per_year: bool | None,
    reference_study_period: float,
) -> LimitMetric:
    scope = modules if modules is not None else draw(_METRIC_SCOPES)
    area_id = area if area is not None else draw(_AREA_IDS)
    yearly = per_year if per_year is not None else draw(st.booleans())
    unit = draw(_metric_units(indicator, yearly))
    rsp: float | None = reference_study_period
    if not yearly:
        rsp = draw(_optional_rsp(reference_study_period))
    return LimitMetric(
        indicator=indicator,
        modules=scope,
        area=area_id,
        per_year=yearly,
        unit=unit,
        reference_study_period=None if rsp is None else registry().Quantity(rsp, "year"),
        decimals=draw(_DECIMALS),
    )


def limit_metrics(
    *,
    indicator: str = "gwp_total",
    modules: ModuleSet | str | None = None,
    area: str | None = None,
    per_year: bool | None = None,
    reference_study_period: float = _REALISTIC_RSP,
) -> st.SearchStrategy[LimitMetric]:
    """Return a strategy for what a limit measures.

    Parameters
    ----------
    indicator
        Indicator id.
    modules
        Module scope; ``None`` draws a scope real rules use or an arbitrary non-empty one.
    area
        Area-definition id; ``None`` draws any.
    per_year
        Whether the limit is per year; ``None`` draws both.
    reference_study_period
        Study period [year] of per-year metrics; a total metric states it or none.

    Returns
    -------
    SearchStrategy[LimitMetric]
        Metrics in a unit of the right dimension (``kg CO2e/m²``, ``t CO2e/m²``,
        ``kg CO2e/m²/a`` ...), rounding to 0-3 decimals or not rounding.
    """
    _check_indicator(indicator)
    scope = None if modules is None else ModuleSet.parse(modules)
    if scope is not None and not scope:
        msg = "`modules` must name at least one module; got ''"
        raise InvalidArgument(msg)
    if area is not None:
        _check_area(area)
    _check_positive("reference_study_period", reference_study_period)
    return _limit_metrics(indicator, scope, area, per_year, reference_study_period)


def sources() -> st.SearchStrategy[Source]:
    """Return a strategy for source documents of a schedule.

    Returns
    -------
    SearchStrategy[Source]
        A non-blank title, an ``https://`` address, an id that values can cite, and, or
        not, the day it was retrieved and the section the values are in.
    """
    return st.builds(
        Source,
        title=_NONBLANK_TEXTS,
        url=st.from_regex(
            r"https://[a-z]{1,12}\.(?:org|eu|se|dk|fi)/[a-z0-9/_-]{0,20}", fullmatch=True
        ),
        id=_SOURCE_IDS,
        retrieved=st.none() | st.dates(min_value=dt.date(2000, 1, 1), max_value=DEFAULT_MAX_DATE),
        section=_TEXTS,
    )


def _cite(draw: st.DrawFn, ids: list[str]) -> tuple[str, ...]:
    if not ids:
        return ()
    return tuple(draw(st.lists(st.sampled_from(ids), unique=True, max_size=2)))


@functools.lru_cache(maxsize=64)
def _use_lists(min_size: int, max_size: int) -> st.SearchStrategy[list[UseCategory]]:
    return st.lists(use_categories(), min_size=min_size, max_size=max_size, unique=True)


@functools.lru_cache(maxsize=256)
def _category_strategy(
    non_increasing: bool, min_date: dt.date, max_date: dt.date, max_value: float
) -> st.SearchStrategy[LimitCategory]:
    return limit_categories(
        non_increasing, min_date=min_date, max_date=max_date, max_value=max_value
    )


_SOURCE_LISTS: Final = st.lists(sources(), max_size=2, unique_by=lambda s: s.id)

ADJUSTMENT_TAGS: Final = ("complex_geometry", "parking_in_e_value")
"""Tags :func:`limit_adjustments` draws for fixed terms (Helsinki's two uplifts' cases)."""
_FRACTIONS: Final = (-0.2, -0.05, 0.0, 0.05, 0.1, 0.25)
_SHARES_OF_LIMIT: Final = (-0.1, 0.0, 0.02, 0.1, 0.3)


@st.composite
def _limit_adjustments(
    draw: st.DrawFn,
    adjustment_id: str,
    max_value: float,
    tags: tuple[str, ...],
    source_ids: tuple[str, ...],
    min_date: dt.date,
    max_date: dt.date,
) -> LimitAdjustment:
    kind = draw(st.sampled_from(tuple(AdjustmentKind)))
    declared = draw(st.booleans())
    value = None
    if not declared:
        value = draw(st.sampled_from(_FRACTIONS))
        if kind is AdjustmentKind.ADDITIVE:
            value = round(draw(st.sampled_from(_SHARES_OF_LIMIT)) * max_value, 3)
    start = draw(st.none() | _dates_between(min_date, max_date))
    until = draw(st.none() | _dates_between(start or min_date, max_date))
    return LimitAdjustment(
        id=adjustment_id,
        title=adjustment_id.capitalize(),
        kind=kind,
        formula=draw(_TEXTS),
        sources=_cite(draw, list(source_ids)),
        start=start,
        until=until,
        value=value,
        when_tags=()
        if declared
        else draw(st.lists(st.sampled_from(tags), unique=True))
        if tags
        else (),
        declared=declared,
    )


def limit_adjustments(
    adjustment_id: str = "term",
    *,
    max_value: float = 100.0,
    tags: tuple[str, ...] = ADJUSTMENT_TAGS,
    source_ids: tuple[str, ...] = (),
    min_date: dt.date = DEFAULT_MIN_DATE,
    max_date: dt.date = DEFAULT_MAX_DATE,
) -> st.SearchStrategy[LimitAdjustment]:
    """Return a strategy for limit adjustment terms.

    Parameters
    ----------
    adjustment_id
        Id of the term.
    max_value
        A typical limit value [metric unit]: a fixed additive term is a share of it (from
        -10 % to +30 %); a fixed multiplicative term is a fraction from -0.2 to 0.25.
    tags
        Tags a fixed term may require (any subset, none included).
    source_ids
        Source ids the term may cite.
    min_date, max_date
        Range of its first and last days, each drawn or left open.

    Returns
    -------
    SearchStrategy[LimitAdjustment]
        Multiplicative or additive, fixed or declared by the building, with or without
        dates.
    """
    _check_dates(min_date, max_date)
    return _limit_adjustments(
        adjustment_id, max_value, tuple(tags), tuple(source_ids), min_date, max_date
    )


def _cited(draw: st.DrawFn, category: LimitCategory, ids: list[str]) -> LimitCategory:
    """Return the category citing some of ``ids``, its first step citing some too."""
    first, *rest = category.steps
    first = attrs.evolve(first, sources=_cite(draw, ids))
    return attrs.evolve(category, steps=(first, *rest), sources=_cite(draw, ids))


@st.composite
def _limit_schedules(
    draw: st.DrawFn,
    metrics: st.SearchStrategy[LimitMetric],
    catch_all: bool | None,
    allow_loosening: bool | None,
    max_categories: int,
    min_date: dt.date,
    max_date: dt.date,
    max_limits: int,
    max_adjustments: int,
) -> LimitSchedule:
    loosening = draw(st.booleans()) if allow_loosening is None else allow_loosening
    with_catch_all = draw(st.booleans()) if catch_all is None else catch_all
    n_uses = max_categories - (1 if with_catch_all else 0)
    uses = draw(_use_lists(0 if with_catch_all else 1, n_uses))
    keys = [u.value for u in uses] + ([CATCH_ALL] if with_catch_all else [])
    documents: tuple[Source, ...] = tuple(draw(_SOURCE_LISTS))
    ids = [d.id for d in documents]
    n_limits = draw(st.integers(min_value=1, max_value=max_limits))
    limits = []
    for number in range(n_limits):
        metric = draw(metrics)
        max_value = _TYPICAL_TOTAL_LIMIT * metric.to_unit_factor
        if metric.per_year:
            max_value /= _REALISTIC_RSP
        category_strategy = _category_strategy(not loosening, min_date, max_date, max_value)
        n_adjustments = draw(st.integers(0, max_adjustments))
        adjustments = tuple(
            draw(
                limit_adjustments(
                    f"term_{k}",
                    max_value=max_value,
                    source_ids=tuple(ids),
                    min_date=min_date,
                    max_date=max_date,
                )
            )
            for k in range(n_adjustments)
        )
        limits.append(
            Limit(
                id=f"limit_{number}",
                metric=metric,
                categories={key: _cited(draw, draw(category_strategy), ids) for key in keys},
                title=draw(_TEXTS),
                allow_loosening=loosening,
                mixed_use=draw(_MIXED_USE_POLICIES),
                adjustments=adjustments,
            )
        )
    used_tags = sorted({t for limit in limits for a in limit.adjustments for t in a.when_tags})
    return LimitSchedule(
        id=draw(_IDS),
        title=draw(_NONBLANK_TEXTS),
        jurisdiction=draw(_JURISDICTION_CHOICES),
        status=draw(_STATUSES),
        date_basis=draw(_DATE_BASES),
        limits=tuple(limits),
        # attrs types a `converter=tuple` field as Iterable[_T_co] with _T_co unsolved.
        sources=documents,
        notes=draw(_TEXTS),
        tags={tag: f"the building has {tag.replace('_', ' ')}" for tag in used_tags},
    )


def limit_schedules(
    *,
    metrics: st.SearchStrategy[LimitMetric] | None = None,
    catch_all: bool | None = None,
    allow_loosening: bool | None = False,
    max_categories: int = 4,
    min_date: dt.date = DEFAULT_MIN_DATE,
    max_date: dt.date = DEFAULT_MAX_DATE,
    max_limits: int = 1,
    max_adjustments: int = 0,
) -> st.SearchStrategy[LimitSchedule]:
    """Return a strategy for valid limit schedules.

    Parameters
    ----------
    metrics
        Strategy for each limit's metric; by default :func:`limit_metrics`.
    catch_all
        Whether the limits have the ``"any"`` category for every other use; ``None``
        draws both.
    allow_loosening
        ``False``: every category is non-increasing. ``True``: the limits allow loosening
        and their steps come in any order. ``None`` draws both.
    max_categories
        Most categories (uses plus ``"any"``), at least 1; every limit of a schedule has
        the same category keys.
    min_date, max_date
        Range of the step dates.
    max_limits
        Most limits per schedule (at least 1); each has its own metric and steps.
    max_adjustments
        Most adjustment terms per limit (:func:`limit_adjustments`, ids ``term_0``,
        ``term_1``...); 0, the default, draws limits without any.

    Returns
    -------
    SearchStrategy[LimitSchedule]
        Schedules of any status and date basis, limits of any mixed-use policy, with limit
        values up to a typical level for the metric's unit (2000 kg CO2e/m² in total, 40 kg
        CO2e/m²/a per year), so that drawn buildings both pass and fail.
    """
    _check_dates(min_date, max_date)
    for name, value in (
        ("max_categories", max_categories),
        ("max_limits", max_limits),
        ("max_adjustments", max_adjustments),
    ):
        if isinstance(value, bool) or not isinstance(value, int):
            msg = f"`{name}` must be a whole number; got {value!r}"
            raise InvalidArgument(msg)
    if max_categories < (2 if catch_all else 1):
        msg = f"`max_categories` is too small for the categories asked for; got {max_categories}"
        raise InvalidArgument(msg)
    if max_limits < 1:
        msg = f"`max_limits` must be at least 1; got {max_limits}"
        raise InvalidArgument(msg)
    if max_adjustments < 0:
        msg = f"`max_adjustments` must be 0 or more; got {max_adjustments}"
        raise InvalidArgument(msg)
    return _limit_schedules(
        metrics if metrics is not None else limit_metrics(),
        catch_all,
        allow_loosening,
        max_categories,
        min_date,
        max_date,
        max_limits,
        max_adjustments,
    )


# -- buildings a schedule can judge ------------------------------------------------------------
@functools.lru_cache(maxsize=256)
def _keys(keys: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(keys)


def _atoms(scopes: list[ModuleSet], extra: ModuleSet) -> tuple[ModuleSet, ...]:
    """Split the union of scopes into groups of modules inside exactly the same scopes."""
    union = extra
    for scope in scopes:
        union = union | scope
    groups: dict[tuple[bool, ...], list[LifeCycleModule]] = {}
    for module in union:
        groups.setdefault(tuple(module in s for s in scopes), []).append(module)
    return tuple(ModuleSet.of(*members) for members in groups.values())


@st.composite
def _buildings_for_schedule(
    draw: st.DrawFn, schedule: LimitSchedule, in_force: bool, max_date: dt.date
) -> Building:
    first_limit = schedule.limits[0]
    own_keys = tuple(k for k in first_limit.categories if k != CATCH_ALL)
    if CATCH_ALL in first_limit.categories:
        use = draw(use_categories())
    else:
        use = UseCategory(draw(_keys(own_keys)))
    first = DEFAULT_MIN_DATE
    if in_force:
        starts = [limit.choose(use).category for limit in schedule.limits]
        first = max(c.steps[0].start for c in starts if c is not None)
    day = draw(_dates_between(first, max(first, max_date)))
    metrics = [limit.metric for limit in schedule.limits]
    periods = {
        float(m.reference_study_period.magnitude) for m in metrics if m.reference_study_period
    }
    rsp = periods.pop() if len(periods) == 1 else _REALISTIC_RSP
    reg = registry()
    area = draw(_AREAS_M2)
    results: dict[str, IndicatorResults] = {}
    for indicator in sorted({m.indicator for m in metrics}):
        scopes = [m.modules for m in metrics if m.indicator == indicator]
        extra = draw(_MODULE_SETS)
        # Each entry is drawn per m² and multiplied by the area: the total in a metric's
        # scope reaches about twice a typical limit, so that buildings both pass and fail.
        max_per_m2 = 2 * _TYPICAL_TOTAL_LIMIT / min(len(s) for s in scopes)
        results[indicator] = draw(
            _results_covering(indicator, _atoms(scopes, extra), max_per_m2, scale=area)
        )
    return Building(
        id=draw(_IDS),
        use=use,
        name=draw(_TEXTS),
        dates=BuildingDates(**{schedule.date_basis.value: day}),
        areas={m.area: reg.Quantity(area, "m^2") for m in metrics},
        reference_study_period=reg.Quantity(rsp, "year"),
        results=results,
    )


def buildings_for_schedule(
    schedule: LimitSchedule, *, in_force: bool = True, max_date: dt.date = DEFAULT_MAX_DATE
) -> st.SearchStrategy[Building]:
    """Return a strategy for single-use buildings that ``schedule`` can give a verdict on.

    Each building declares every limit's indicator over (at least) its modules, without an
    entry straddling a limit's scope, every limit's area, the limits' study period (50
    years if they state none), a use with a category (its own or ``"any"``) and the date
    the schedule's ``date_basis`` names. :func:`~climatelimits.evaluation.check` therefore
    always finds a value, provided the limits share one study period.

    Parameters
    ----------
    schedule
        The schedule the buildings are checked against (without applicability thresholds
        or exemptions, as :func:`limit_schedules` draws them).
    in_force
        Whether the date is on or after the first step of the building's category in
        every limit, so each check is a pass or a fail (never not applicable).
    max_date
        Latest date drawn (a later first step is used as the date itself).

    Returns
    -------
    SearchStrategy[Building]
        Buildings whose normalised value ranges up to about twice a typical limit.
    """
    return _buildings_for_schedule(schedule, in_force, max_date)


@st.composite
def _assessments(draw: st.DrawFn, schedules: st.SearchStrategy[LimitSchedule]) -> Assessment:
    schedule = draw(schedules)
    building = draw(buildings_for_schedule(schedule, in_force=draw(st.booleans())))
    return check(building, schedule)


def assessments(
    schedules: st.SearchStrategy[LimitSchedule] | None = None,
) -> st.SearchStrategy[Assessment]:
    """Return a strategy for assessments, by checking drawn buildings against schedules.

    Parameters
    ----------
    schedules
        Strategy for the schedules; by default :func:`limit_schedules`.

    Returns
    -------
    SearchStrategy[Assessment]
        Results of :func:`~climatelimits.evaluation.check` on a building from
        :func:`buildings_for_schedule`: mostly passes and fails, sometimes not applicable.
    """
    return _assessments(schedules if schedules is not None else limit_schedules())
