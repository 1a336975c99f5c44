"""Hypothesis strategies for building stocks that exercise every rule of a schedule.

:func:`stock_buildings` draws buildings *aimed at* a schedule: uses its categories name,
areas on both sides of its size bands, thresholds and exemptions (or missing), dates on,
before and after its steps and unconfirmed windows, study periods that match or not,
results that land on, just under and just over its limit values (before rounding), modules
left undeclared or declared in aggregates that straddle a scope, accepted alternative
indicators, tags, mixed use with and without parts, limit adjustment terms declared (0
among them) or not. :func:`stocks` gathers them into a
:class:`~climatelimits.stocks.Stock`.

They are what a city tool needs to test that its own code agrees with
:func:`~climatelimits.check` on every kind of declaration, and what the library uses to
test that :func:`~climatelimits.check_stock` agrees with it row by row. :func:`percents`
draws percentiles in every form :func:`climatelimits.design.parse_percentile` reads.

Examples
--------
>>> from hypothesis import given, settings
>>> from climatelimits import catalogue, check, check_stock
>>> schedule = catalogue.get("dk-br18-2025")
>>> @settings(max_examples=5, database=None)
... @given(stocks(schedule, max_size=5))
... def test_stock_rows_equal_check(stock):
...     assessment = check_stock(stock, schedule)
...     for i in range(len(stock)):
...         expected = check(stock.building(i), schedule)
...         assert assessment.assessment(i).checks == expected.checks
>>> test_stock_rows_equal_check()
"""

from __future__ import annotations

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without the testing extra
    from climatelimits.exceptions import MissingOptionalDependencyError

    _feature = "climatelimits.testing.stocks"
    _requirement = "hypothesis (pip install 'climatelimits[testing]')"
    raise MissingOptionalDependencyError(_feature, _requirement) from exc

import datetime as dt
from typing import Any, Final

from climatelimits.buildings import Building, BuildingDates, BuildingPart, UseCategory
from climatelimits.indicators import get_indicator
from climatelimits.lifecycle import ModuleSet
from climatelimits.results import NOT_DECLARED, IndicatorResults
from climatelimits.schedules import AreaCondition, LimitSchedule
from climatelimits.stocks import Stock
from climatelimits.units import registry

__all__ = ["percents", "stock_buildings", "stocks"]

_FAR_PAST: Final = dt.date(2015, 1, 1)
_FAR_FUTURE: Final = dt.date(2040, 12, 31)
_PERIODS: Final = (30.0, 50.0, 60.0, 75.0, 100.0)


def _bounds(condition: AreaCondition) -> list[float]:
    out = []
    for bound in (condition.above, condition.at_least, condition.below, condition.at_most):
        if bound is not None:
            b = float(bound.magnitude)
            out += [b, b + 0.5, max(b - 0.5, 1.0), b * 2 + 1.0, max(b / 2, 1.0)]
    return out


def _areas_of(schedule: LimitSchedule) -> dict[str, list[float]]:
    """Every area the schedule reads, with values on and around its bounds."""
    areas: dict[str, list[float]] = {}
    for limit in schedule.limits:
        areas.setdefault(limit.metric.area, [])
        for category in limit.categories.values():
            if category.size is not None:
                areas.setdefault(category.size.area, []).extend(_bounds(category.size))
    for condition in schedule.applies_when:
        areas.setdefault(condition.area, []).extend(_bounds(condition))
    for exemption in schedule.exemptions:
        if exemption.area is not None:
            areas.setdefault(exemption.area.area, []).extend(_bounds(exemption.area))
    return {k: sorted(set(v) | {120.0, 1500.0, 8000.0}) for k, v in areas.items()}


def _dates_of(schedule: LimitSchedule) -> list[dt.date]:
    days = {_FAR_PAST, _FAR_FUTURE}
    one = dt.timedelta(days=1)
    for limit in schedule.limits:
        for category in limit.categories.values():
            for step in category.steps:
                days |= {step.start - one, step.start, step.start + one}
                if step.latest_from is not None:
                    days |= {step.latest_from - one, step.latest_from}
        for adjustment in limit.adjustments:
            if adjustment.start is not None:
                days |= {adjustment.start - one, adjustment.start}
            if adjustment.until is not None:
                days |= {adjustment.until, adjustment.until + one}
    if schedule.until is not None:
        days |= {schedule.until, schedule.until + one}
    return sorted(days)


def _uses_of(schedule: LimitSchedule) -> list[UseCategory]:
    named = {u for limit in schedule.limits for c in limit.categories.values() for u in c.uses}
    named |= {u for e in schedule.exemptions for u in e.uses}
    return sorted(named, key=lambda u: u.value)


def _tags_of(schedule: LimitSchedule) -> list[str]:
    tags = set(schedule.tags)
    for limit in schedule.limits:
        for category in limit.categories.values():
            tags |= set(category.tags)
        for adjustment in limit.adjustments:
            tags |= set(adjustment.when_tags)
    for exemption in schedule.exemptions:
        tags |= set(exemption.tags)
    return sorted(tags)


def _limit_values(schedule: LimitSchedule) -> list[float]:
    values = {
        s.value
        for limit in schedule.limits
        for c in limit.categories.values()
        for s in c.steps
        if s.value is not None
    }
    return sorted(values) or [100.0]


@st.composite
def _results(
    draw: st.DrawFn,
    schedule: LimitSchedule,
    area: float,
    period: float,
) -> dict[str, Any]:
    """Results of every indicator the schedule reads, aimed at its limit values."""
    limits_by_indicator: dict[str, list[Any]] = {}
    for limit in schedule.limits:
        for indicator in limit.metric.indicators:
            limits_by_indicator.setdefault(indicator, []).append(limit)
    declared = [i for i in sorted(limits_by_indicator) if draw(st.integers(0, 5)) > 0]
    out: dict[str, Any] = {}
    targets = _limit_values(schedule)
    for indicator in declared:
        limits = limits_by_indicator[indicator]
        scope = ModuleSet.empty().union(*(limit.metric.modules for limit in limits))
        extra = draw(st.sampled_from(["", "D", "B6", "C1-C4", "A4-A5"]))
        modules = list(scope | ModuleSet.parse(extra))
        # Split into 1 to 4 groups; a group may straddle a scope (an aggregate).
        cut = sorted(draw(st.sets(st.integers(1, max(len(modules) - 1, 1)), max_size=3)))
        groups = [modules[a:b] for a, b in zip([0, *cut], [*cut, len(modules)], strict=False)]
        groups = [g for g in groups if g]
        limit = limits[0]
        target = draw(st.sampled_from(targets)) * draw(
            st.sampled_from([0.5, 0.999, 1.0, 1.0004, 1.001, 1.05, 1.5])
        )
        # Total in the indicator's unit that normalises to the target under ``limit``.
        total = target / limit.metric.to_unit_factor * area
        if limit.metric.per_year:
            total *= period
        shares = [draw(st.integers(1, 4)) for _ in groups]
        entries: dict[str, Any] = {}
        for group, share in zip(groups, shares, strict=True):
            key = str(ModuleSet.of(*group))
            if draw(st.integers(0, 12)) == 0:
                entries[key] = NOT_DECLARED
            else:
                entries[key] = total * share / sum(shares)
        unit = get_indicator(indicator).unit
        out[indicator] = IndicatorResults.from_mapping(indicator, entries, unit=unit)
    return out


def _limit_terms(draw: st.DrawFn, schedule: LimitSchedule) -> dict[str, float]:
    """Terms for the schedule's declared adjustments: most stated (0 among them), some not."""
    scale = max(_limit_values(schedule))
    terms: dict[str, float] = {}
    for limit in schedule.limits:
        for adjustment in limit.adjustments:
            if not adjustment.declared or draw(st.integers(0, 5)) == 0:
                continue
            share = draw(st.sampled_from([0.0, 0.0004, -0.05, 0.05, 0.2]))
            terms[adjustment.id] = share if adjustment.multiplicative else share * scale
    return terms


@st.composite
def _stock_building(draw: st.DrawFn, schedule: LimitSchedule, index: int) -> Building:
    reg = registry()
    uses = _uses_of(schedule)
    named_use = bool(uses) and draw(st.integers(0, 4)) > 0
    use: UseCategory = draw(st.sampled_from(uses if named_use else list(UseCategory)))
    areas: dict[str, Any] = {}
    for area_id, values in _areas_of(schedule).items():
        if draw(st.integers(0, 9)) > 0:
            areas[area_id] = reg.Quantity(draw(st.sampled_from(values)), "m^2")
    periods = {
        float(p.magnitude)
        for limit in schedule.limits
        for p in [limit.metric.reference_study_period]
        + [c.reference_study_period for c in limit.categories.values()]
        if p is not None
    }
    period = draw(st.sampled_from(sorted(periods or {50.0})))
    stated_period: float | None = period
    if draw(st.integers(0, 9)) == 0:
        stated_period = draw(st.sampled_from([None, *_PERIODS]))
    day = draw(st.sampled_from(_dates_of(schedule)))
    dates = {schedule.date_basis.value: day} if draw(st.integers(0, 12)) else {}
    metric_area = areas.get(schedule.limits[0].metric.area)
    scale = float(metric_area.magnitude) if metric_area is not None else 1000.0
    results = draw(_results(schedule, scale, period))
    known_tags = _tags_of(schedule)
    tags: set[str] = set()
    if known_tags:
        tags = draw(st.sets(st.sampled_from(known_tags), max_size=2))
    use_shares: dict[UseCategory, float] = {}
    parts: list[BuildingPart] = []
    if draw(st.integers(0, 5)) == 0:
        other = draw(
            st.sampled_from(
                [u for u in (uses or list(UseCategory)) if u != use]
                or [UseCategory.RETAIL if use is not UseCategory.RETAIL else UseCategory.OFFICE]
            )
        )
        share = draw(st.sampled_from([0.5, 0.7, 0.9]))
        use_shares = {use: share, other: round(1.0 - share, 10)}
        if draw(st.booleans()):
            for k, part_use in enumerate((use, other)):
                part_area = scale * use_shares[part_use]
                parts.append(
                    BuildingPart(
                        id=f"p{k}",
                        use=part_use,
                        areas={a: reg.Quantity(part_area, "m^2") for a in areas},
                        results=draw(_results(schedule, part_area, period)),
                    )
                )
    return Building(
        id=f"b{index}",
        use=use,
        use_shares=use_shares,
        dates=BuildingDates(**dates),
        areas=areas,
        reference_study_period=None
        if stated_period is None
        else reg.Quantity(stated_period, "year"),
        results=results,
        tags=tuple(sorted(tags)),
        parts=tuple(parts),
        limit_terms=_limit_terms(draw, schedule),
    )


def stock_buildings(schedule: LimitSchedule, index: int = 0) -> st.SearchStrategy[Building]:
    """Return a strategy for buildings that exercise every rule of ``schedule``.

    Parameters
    ----------
    schedule
        The schedule the buildings are aimed at.
    index
        Used in the building id (``"b<index>"``).

    Returns
    -------
    SearchStrategy[Building]
        Buildings that pass, fail, are not applicable, exempt or incomplete under it, in
        every way the schedule allows.
    """
    return _stock_building(schedule, index)


@st.composite
def _stocks(draw: st.DrawFn, schedule: LimitSchedule, min_size: int, max_size: int) -> Stock:
    n = draw(st.integers(min_size, max_size))
    return Stock.from_buildings([draw(_stock_building(schedule, i)) for i in range(n)])


def stocks(
    schedule: LimitSchedule, *, min_size: int = 1, max_size: int = 20
) -> st.SearchStrategy[Stock]:
    """Return a strategy for stocks of :func:`stock_buildings` aimed at ``schedule``.

    Parameters
    ----------
    schedule
        The schedule the buildings are aimed at.
    min_size, max_size
        Range of the number of buildings.
    """
    return _stocks(schedule, min_size, max_size)


def percents() -> st.SearchStrategy[tuple[float, str | float]]:
    """Return a strategy for percentiles: (percent, the same percent as a user writes it).

    The written form is ``"p80"``, ``"p2.5"``, ``"80"`` or a number, for percents from 0 to
    100 including both ends and fractions (as
    :func:`climatelimits.design.parse_percentile` reads them).
    """
    values = st.one_of(
        st.sampled_from([0.0, 2.5, 25.0, 50.0, 80.0, 90.0, 100.0]),
        st.integers(0, 100).map(float),
        st.floats(0.0, 100.0, allow_nan=False).map(lambda x: round(x, 3)),
    )

    def written(q: float) -> st.SearchStrategy[tuple[float, str | float]]:
        forms: list[str | float] = [q, f"p{q:g}", f"{q:g}"]
        return st.sampled_from(forms).map(lambda text: (q, text))

    return values.flatmap(written)
