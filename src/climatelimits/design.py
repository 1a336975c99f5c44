"""Design a limit path from evidence: percentiles, pass rates, proposals, scenarios, comparisons.

A city that sets limits starts from what its buildings emit today. This module works on a
:class:`~climatelimits.stocks.Stock` (never on files) with the kernels that
:func:`~climatelimits.stocks.check_stock` runs, so a value here is the value a check gives:

- :func:`percentile`: the q-th percentiles of the buildings' values normalised under a
  metric, with the number of buildings used and of those left out, per reason;
- :func:`pass_rates`: counts per status and the pass rate of a schedule, per limit and
  category, on each of a list of dates (each count is a count of
  :func:`~climatelimits.stocks.check_stock`);
- :func:`propose`: a draft :class:`~climatelimits.schedules.LimitSchedule` from a
  percentile of the stock in one year to a target in another, whose notes record the
  derivation;
- :func:`project`: a labelled scenario of the stock's values changing by a fraction a
  year, never mixed with measured values;
- :func:`compare`: pass rates of several schedules on the same stock and dates, with the
  pairs whose metrics differ marked as not comparable.

Conventions
-----------
A percentile is a percent ``q`` from 0 to 100, written ``"p80"`` (or ``80``); it is
numpy's default (``"linear"``) method, :func:`numpy.percentile`. Values are magnitudes in
the metric's own unit (``metric.unit``), unrounded (the metric's ``decimals`` round only
the value a check compares). A year in :func:`project` is 365.25 days.

Examples
--------
Four offices and a block of flats with A1-A5 results, one without a BTA area; the median
and the 80th percentile of the four values (200, 250, 300, 400 kg CO2e/m² BTA) are
``250 + 0.5 x 50`` and ``300 + 0.4 x 100``:

>>> from climatelimits import Stock, catalogue
>>> from climatelimits import design
>>> stock = Stock.from_columns(
...     {
...         "id": ["a", "b", "c", "d", "e"],
...         "use": ["office", "office", "office", "multi_family_housing", "office"],
...         "area.se_bta": [1000, 1000, 2000, 1000, ""],
...         "gwp_ghg.A1-A5": [200000, 300000, 800000, 250000, 300000],
...         "permit_application": ["2026-03-01"] * 5,
...     },
...     name="example",
... )
>>> helsingborg = catalogue.get("helsingborg-oceanhamnen-illustrative")
>>> result = design.percentile(stock, helsingborg, ["p50", 80])
>>> result.values.round(6).tolist(), int(result.n_used[0]), result.left_out["no_area"]
([[275.0, 340.0]], 4, 1)
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from climatelimits import _verdicts
from climatelimits._frozen import FrozenMap, frozen
from climatelimits._optional import import_optional
from climatelimits._verdicts import STATUSES, LeftOut
from climatelimits._version import __version__
from climatelimits.buildings import DateBasis, to_date
from climatelimits.exceptions import InvalidInputError
from climatelimits.schedules import (
    CATCH_ALL,
    Limit,
    LimitCategory,
    LimitMetric,
    LimitSchedule,
    MixedUsePolicy,
    ScheduleStatus,
)
from climatelimits.stocks import USES, ResultColumn, Stock, check_stock
from climatelimits.units import Quantity, Unit, format_unit, registry

__all__ = [
    "REASONS",
    "Comparison",
    "PassRates",
    "Percentiles",
    "ProjectedStock",
    "compare",
    "parse_percentile",
    "pass_rates",
    "percentile",
    "project",
    "propose",
]

Array = np.ndarray[Any, Any]

_VALUE_REASONS: tuple[str, ...] = tuple(r.code for r in LeftOut if r is not LeftOut.USED)
_NO_CATEGORY = len(_VALUE_REASONS) + 1
_UNDECIDED = _NO_CATEGORY + 1
_MIXED = _UNDECIDED + 1
REASONS: tuple[str, ...] = (*_VALUE_REASONS, "no_category", "category_undecided", "mixed_use")
"""Why a building is left out of a percentile, in the order they are tested.

``no_indicator``: no result of the metric's indicator (nor of one it accepts in its place);
``scope_straddled``: a declared aggregate entry covers modules inside and outside the
metric's scope; ``scope_incomplete``: a module of the scope is not declared; ``no_area``:
no floor area of the metric's area definition; ``no_study_period``: no study period where
the metric sets one (or is per year); ``study_period_differs``: assessed over another study
period. Grouping by category only: ``no_category`` (the limit sets no category for the
building), ``category_undecided`` (a size band needs an area the building does not state),
``mixed_use`` (the limit judges a mixed-use building on an area-weighted limit or part by
part, not on its whole-building value). A building is counted under one reason: the
grouping reasons first, then the first value reason that holds.
"""

_BY = (None, "use", "category")
_PERCENT = re.compile(r"^[pP]?([0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_DAYS_PER_YEAR = 365.25


# ---------------------------------------------------------------------------------------
def parse_percentile(text: str | float) -> float:
    """Return a percentile as a percent from 0 to 100.

    Parameters
    ----------
    text
        ``"p80"``, ``"p2.5"``, ``"80"`` or a number such as ``80``.

    Raises
    ------
    InvalidInputError
        If it is not a number from 0 to 100 (``q`` is the field named).

    Examples
    --------
    >>> parse_percentile("p80"), parse_percentile("p2.5"), parse_percentile(50)
    (80.0, 2.5, 50.0)
    >>> parse_percentile("p120")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    climatelimits.exceptions.InvalidInputError: `q` must be a percent from 0 to 100, ...
    """
    value = math.nan
    given: object = text
    if isinstance(given, int | float | np.integer | np.floating) and not isinstance(given, bool):
        value = float(given)
    elif isinstance(given, str):
        found = _PERCENT.match(given.strip())
        if found is not None:
            value = float(found.group(1))
    if not (math.isfinite(value) and 0.0 <= value <= 100.0):
        msg = f"must be a percent from 0 to 100, written 'p80' or 80; got {text!r}"
        raise InvalidInputError(msg, field="q")
    return value


def _label(q: float) -> str:
    """Return ``"p80"``, ``"p2.5"``, ``"p0.00001"``: every digit, no exponent (reads back)."""
    return "p" + np.format_float_positional(q, trim="-")


def _resolve_metric(metric: object, field: str = "metric") -> tuple[LimitMetric, Limit | None]:
    """Return the metric, and the limit when one was given (its categories and periods)."""
    if isinstance(metric, LimitMetric):
        return metric, None
    if isinstance(metric, Limit):
        return metric.metric, metric
    if isinstance(metric, LimitSchedule):
        if len(metric.limits) != 1:
            ids = ", ".join(limit.id for limit in metric.limits)
            msg = (
                f"must be a schedule with one limit, or one of its limits "
                f"(schedule.limit(id)); schedule {metric.id} has {len(metric.limits)}: {ids}"
            )
            raise InvalidInputError(msg, field=field)
        return metric.limits[0].metric, metric.limits[0]
    msg = f"must be a LimitMetric, a Limit or a LimitSchedule; got {type(metric).__name__}"
    raise InvalidInputError(msg, field=field)


def _unwrap(stock: object) -> tuple[Stock, str | None]:
    """Return the stock of measured or projected values, and the scenario label."""
    if isinstance(stock, ProjectedStock):
        return stock.stock, stock.scenario
    if isinstance(stock, Stock):
        return stock, None
    msg = f"must be a Stock or a ProjectedStock; got {type(stock).__name__}"
    raise InvalidInputError(msg, field="stock")


def _day(value: object, field: str) -> dt.date:
    if isinstance(value, np.datetime64):
        # Of any unit (pandas holds datetime64[us] or [ns]): a day when it is midnight.
        whole = value.astype("datetime64[D]")
        value = whole.item() if not np.isnat(value) and whole == value else value
    elif isinstance(value, np.generic):
        value = value.item()
    day = to_date(value)
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        msg = f"must be a date (YYYY-MM-DD); got {value!r}"
        raise InvalidInputError(msg, field=field)
    return day


def _nan_to_none(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


# ---------------------------------------------------------------------------------------
@attrs.frozen(eq=False)
class Percentiles:
    """Percentiles of a stock's values under a metric, per group of buildings.

    Attributes
    ----------
    metric : LimitMetric
        What the values measure.
    q : tuple of float
        The percents asked for, in order.
    groups : tuple of str
        ``("all",)``, or the uses (``by="use"``) or the limit's category keys
        (``by="category"``).
    values : ndarray of float64, shape (len(groups), len(q))
        Percentiles in the metric's unit; NaN only in a group whose ``n_used`` is 0.
    n_used : ndarray of int64, shape (len(groups),)
        Buildings of each group with a value.
    n_left_out : ndarray of int64, shape (len(groups),)
        Buildings of each group without one.
    left_out : Mapping[str, int]
        Buildings left out per reason (:data:`REASONS`, every reason listed), over the
        whole stock; with ``by="category"`` it also counts the buildings in no group.
    stock_name : str
        Name of the stock.
    stock_size : int
        Buildings in the stock.
    scenario : str or None
        Label of a projected stock (:func:`project`), ``None`` for measured values.
    by : str or None
        The grouping asked for.
    """

    metric: LimitMetric
    q: tuple[float, ...]
    groups: tuple[str, ...]
    values: Array
    n_used: Array
    n_left_out: Array
    left_out: FrozenMap[str, int]
    stock_name: str
    stock_size: int
    scenario: str | None = None
    by: str | None = None

    @property
    def unit(self) -> Unit:
        """Unit of the values (the metric's)."""
        return self.metric.unit

    def value(self, q: float | str, group: str = "all") -> Quantity:
        """Return one percentile as a quantity in the metric's unit.

        Raises
        ------
        InvalidInputError
            If ``q`` or ``group`` was not computed, or the group has no building with a
            value.
        """
        percent = parse_percentile(q)
        if percent not in self.q:
            asked = ", ".join(_label(x) for x in self.q)
            msg = f"must be one of the percentiles computed ({asked}); got {q!r}"
            raise InvalidInputError(msg, field="q")
        if group not in self.groups:
            msg = f"must be one of the groups ({', '.join(self.groups)}); got {group!r}"
            raise InvalidInputError(msg, field="group")
        g = self.groups.index(group)
        if self.n_used[g] == 0:
            msg = (
                f"must be a group with a building that has a value; group {group!r} has "
                f"none ({int(self.n_left_out[g])} left out)"
            )
            raise InvalidInputError(msg, field="group")
        found: Quantity = registry().Quantity(
            float(self.values[g, self.q.index(percent)]), self.unit
        )
        return found

    def to_dict(self) -> dict[str, Any]:
        """Return the percentiles as a JSON-ready dict (``None`` where a group has none)."""
        return {
            "stock": self.stock_name,
            "stock_size": self.stock_size,
            "scenario": self.scenario,
            "metric": self.metric.describe(),
            "unit": format_unit(self.unit),
            "by": self.by,
            "q": list(self.q),
            "left_out": dict(self.left_out),
            "groups": [
                {
                    "group": group,
                    "n_used": int(self.n_used[g]),
                    "n_left_out": int(self.n_left_out[g]),
                    "values": {
                        _label(q): _nan_to_none(self.values[g, j]) for j, q in enumerate(self.q)
                    },
                }
                for g, group in enumerate(self.groups)
            ],
        }

    def to_frame(self) -> Any:
        """Return a pandas DataFrame: one row per group.

        Columns: ``group, n_used, n_left_out``, one column per percentile (``p50``,
        ``p80``...) in the metric's unit, ``unit`` and ``scenario``.

        Raises
        ------
        MissingOptionalDependencyError
            If pandas is not installed (``pip install 'climatelimits[pandas]'``).
        """
        pd = import_optional("pandas", "pandas", feature="Percentiles.to_frame")
        columns: dict[str, Any] = {
            "group": list(self.groups),
            "n_used": self.n_used,
            "n_left_out": self.n_left_out,
        }
        for j, q in enumerate(self.q):
            columns[_label(q)] = self.values[:, j]
        columns["unit"] = [format_unit(self.unit)] * len(self.groups)
        columns["scenario"] = [self.scenario] * len(self.groups)
        return pd.DataFrame(columns)


def _periods(stock: Stock, metric: LimitMetric, limit: Limit | None) -> tuple[Array, Array, Array]:
    """Study period wanted, category index and whether undecided, per building."""
    n = len(stock)
    if limit is None:
        if metric.per_year and metric.reference_study_period is None:
            msg = (
                "must state a reference_study_period when it is per year (a per-year value "
                "divides the total by it), or be given as the limit whose categories do"
            )
            raise InvalidInputError(msg, field="metric")
        wanted = metric.reference_study_period
        period = np.full(n, np.nan if wanted is None else float(wanted.magnitude))
        return period, np.full(n, -1, dtype=np.intp), np.zeros(n, dtype=bool)
    cat, undecided = _verdicts.building_categories(stock, limit)
    period = _verdicts.category_periods(limit, list(limit.categories.items()))[cat]
    return period, cat, undecided


def percentile(
    stock: Stock | ProjectedStock,
    metric: LimitMetric | Limit | LimitSchedule,
    q: float | str | Sequence[float | str],
    *,
    by: str | None = None,
) -> Percentiles:
    """Return the q-th percentiles of the stock's values normalised under a metric.

    A building's value is what :func:`~climatelimits.check` normalises: the sum of its
    results over the metric's modules (of the indicator, or of one it accepts in its place)
    per m² of the metric's area (per year of the study period for a per-year metric), in
    the metric's unit, unrounded. Buildings without one are left out and counted per reason
    (:data:`REASONS`). A schedule's gate (applicability thresholds, exemptions) is not
    applied: the percentiles describe the stock, not the verdicts. Mixed-use buildings
    count with their whole-building value; parts are not looked at.

    Parameters
    ----------
    stock
        The buildings, measured or projected (:func:`project`).
    metric
        A :class:`~climatelimits.schedules.LimitMetric`, or a
        :class:`~climatelimits.schedules.Limit` or a schedule with one limit. Given a
        limit, each building is assessed over the study period of the category its
        principal use falls in (as a check does).
    q
        A percent from 0 to 100 (``"p80"`` or ``80``), or a sequence of them.
    by
        ``None`` (one group, ``"all"``), ``"use"`` (one group per principal use present,
        in :data:`~climatelimits.stocks.USES` order) or ``"category"`` (one group per
        category of the limit, as the limit chooses it; needs a limit). By category, a
        mixed-use building is left out (``mixed_use``) unless the limit applies the
        principal use's category to the whole building.

    Returns
    -------
    Percentiles
        numpy's default (linear) method, :func:`numpy.percentile`, in the metric's unit.

    Raises
    ------
    InvalidInputError
        If a percent is outside 0-100, ``by`` is unknown, ``by="category"`` is asked of a
        bare metric, or a per-year metric states no study period.

    Examples
    --------
    Four offices of 1000 m² BTA with A1-A5 of 200, 300, 400 and 500 t CO2e:

    >>> from climatelimits import Stock, catalogue
    >>> stock = Stock.from_columns(
    ...     {
    ...         "id": ["a", "b", "c", "d"],
    ...         "use": ["office"] * 4,
    ...         "area.se_bta": [1000] * 4,
    ...         "gwp_ghg.A1-A5": [200e3, 300e3, 400e3, 500e3],
    ...     }
    ... )
    >>> limit = catalogue.get("helsingborg-oceanhamnen-illustrative")
    >>> result = percentile(stock, limit, "p80")
    >>> from climatelimits.units import format_unit
    >>> p80 = result.value("p80")  # 400 + 0.4 x (500 - 400)
    >>> f"{p80.magnitude:.6g} {format_unit(p80.units)}"
    '440 kg CO2e/m²'
    """
    base, scenario = _unwrap(stock)
    the_metric, limit = _resolve_metric(metric)
    given: object = q
    if isinstance(q, str | int | float | np.integer | np.floating):
        percents: tuple[float, ...] = (parse_percentile(q),)
    elif isinstance(given, Sequence) or (isinstance(given, np.ndarray) and given.ndim == 1):
        percents = tuple(parse_percentile(x) for x in given)
    else:
        msg = f"must be a percent from 0 to 100 ('p80' or 80) or a sequence of them; got {q!r}"
        raise InvalidInputError(msg, field="q")
    if not percents:
        msg = "must name at least one percentile; got none"
        raise InvalidInputError(msg, field="q")
    if by not in _BY:
        msg = f"must be None, 'use' or 'category'; got {by!r}"
        raise InvalidInputError(msg, field="by")
    if by == "category" and limit is None:
        msg = (
            "'category' needs a limit (or a schedule with one limit) as `metric`, whose "
            "categories group the buildings; got a bare LimitMetric"
        )
        raise InvalidInputError(msg, field="by")
    n = len(base)
    period, cat, undecided = _periods(base, the_metric, limit)
    values, reasons = _verdicts.metric_values(base, the_metric, period)
    reasons = reasons.astype(np.intp)
    if by is None:
        groups: tuple[str, ...] = ("all",)
        group = np.zeros(n, dtype=np.intp)
    elif by == "use":
        codes = np.unique(base.use)
        groups = tuple(USES[int(c)].value for c in codes)
        group = np.searchsorted(codes, base.use).astype(np.intp)
    else:
        assert limit is not None  # checked above
        groups = tuple(limit.categories)
        mixed = base.mixed_use
        if limit.mixed_use is MixedUsePolicy.EACH_PART:
            mixed = mixed | base.has_parts
        elif limit.mixed_use is MixedUsePolicy.PRINCIPAL_USE:
            mixed = np.zeros(n, dtype=bool)
        reasons = np.where(cat < 0, np.where(undecided, _UNDECIDED, _NO_CATEGORY), reasons)
        reasons = np.where((cat >= 0) & mixed, _MIXED, reasons)
        group = np.where(reasons >= _NO_CATEGORY, -1, cat)
    used = (group >= 0) & (reasons == 0)
    k = len(groups)
    n_used = np.bincount(group[used], minlength=k).astype(np.int64)
    n_left = np.bincount(group[(group >= 0) & ~used], minlength=k).astype(np.int64)
    table = np.full((k, len(percents)), np.nan)
    for g in range(k):
        if n_used[g]:
            table[g] = np.percentile(values[used & (group == g)], percents)
    per_reason = np.bincount(reasons, minlength=len(REASONS) + 1)
    return Percentiles(
        the_metric,
        percents,
        groups,
        frozen(table),
        frozen(n_used),
        frozen(n_left),
        FrozenMap({r: int(per_reason[j + 1]) for j, r in enumerate(REASONS)}),
        base.name,
        n,
        scenario,
        by,
    )


# ---------------------------------------------------------------------------------------
@attrs.frozen(eq=False)
class PassRates:
    """Counts per status and pass rates of a schedule on a stock, per date and group.

    Group 0 is the whole schedule (every verdict row of every limit); then, limit by
    limit, one group per category of the limit (in the schedule's order), one per category
    made for a mixed-use building (``area_weighted``) and ``none`` for rows without a
    category (gated, exempt, a use the limit does not cover), when there are any.

    Attributes
    ----------
    schedule_id : str
        The schedule.
    scenario : str or None
        Label of a projected stock (:func:`project`), ``None`` for measured values.
    dates : ndarray of datetime64[D], shape (n_dates,)
        The dates checked on.
    limit_ids : tuple of str
        Limit id per group (``""`` for group 0).
    categories : tuple of str
        Category key per group (``"all"`` for group 0).
    statuses : tuple of str
        :class:`~climatelimits.evaluation.CheckStatus` values, in the order of the last
        axis of ``counts``.
    counts : ndarray of int64, shape (n_dates, n_groups, n_statuses)
        Verdict rows of ``check_stock(stock, schedule, on=date)`` per status.
    limits : ndarray of float64, shape (n_dates, n_groups)
        Limit value in force in the group's category on the date [metric unit]; NaN for
        group 0, ``none``, a made category, before the first step, after the schedule's
        ``until``, where the value is not confirmed, or in the window of a step whose first
        day is not confirmed (from its ``from`` to the day before its ``latest_from``: it
        or the step before may be in force).
    unit : str
        Unit of the limits (the first limit's metric unit).
    units : tuple of str
        Unit of each group's limit.
    stock_name : str
        Name of the stock.
    stock_size : int
        Buildings in the stock.
    """

    schedule_id: str
    scenario: str | None
    dates: Array
    limit_ids: tuple[str, ...]
    categories: tuple[str, ...]
    statuses: tuple[str, ...]
    counts: Array
    limits: Array
    unit: str
    units: tuple[str, ...] = ()
    stock_name: str = ""
    stock_size: int = 0

    @property
    def pass_rate(self) -> Array:
        """Return pass / (pass + fail) per date and group, NaN where no row passes or fails."""
        passed = self.counts[..., self.statuses.index("pass")].astype(np.float64)
        decided = passed + self.counts[..., self.statuses.index("fail")]
        out = np.full(decided.shape, np.nan)
        np.divide(passed, decided, out=out, where=decided > 0)
        return out

    def _rows(self) -> list[dict[str, Any]]:
        rates = self.pass_rate
        rows = []
        for d, day in enumerate(self.dates):
            for g, (limit_id, category) in enumerate(
                zip(self.limit_ids, self.categories, strict=True)
            ):
                rows.append(
                    {
                        "schedule": self.schedule_id,
                        "date": day,
                        "limit_id": limit_id,
                        "category": category,
                        **{s: int(self.counts[d, g, j]) for j, s in enumerate(self.statuses)},
                        "pass_rate": float(rates[d, g]),
                        "limit": float(self.limits[d, g]),
                        "unit": self.units[g] if self.units else self.unit,
                        "scenario": self.scenario,
                    }
                )
        return rows

    def to_frame(self) -> Any:
        """Return a long pandas DataFrame: one row per date and group.

        Columns: ``schedule, date, limit_id, category``, one count column per status,
        ``pass_rate`` (NaN where none passes or fails), ``limit`` [``unit``], ``unit``,
        ``scenario``.

        Raises
        ------
        MissingOptionalDependencyError
            If pandas is not installed (``pip install 'climatelimits[pandas]'``).
        """
        pd = import_optional("pandas", "pandas", feature="PassRates.to_frame")
        columns = ["schedule", "date", "limit_id", "category", *self.statuses]
        columns += ["pass_rate", "limit", "unit", "scenario"]
        return pd.DataFrame(self._rows(), columns=columns)

    def to_dict(self) -> dict[str, Any]:
        """Return the table as a JSON-ready dict (dates as ISO text, ``None`` for NaN)."""
        rows = self._rows()
        for row in rows:
            row["date"] = str(row["date"])
            row["pass_rate"] = _nan_to_none(row["pass_rate"])
            row["limit"] = _nan_to_none(row["limit"])
            row["counts"] = {s: row.pop(s) for s in self.statuses}
        return {
            "schedule": self.schedule_id,
            "stock": self.stock_name,
            "stock_size": self.stock_size,
            "scenario": self.scenario,
            "unit": self.unit,
            "statuses": list(self.statuses),
            "dates": [str(d) for d in self.dates],
            "rows": rows,
        }


def _step_days(schedules: Sequence[LimitSchedule]) -> list[dt.date]:
    return sorted(
        {
            step.start
            for schedule in schedules
            for limit in schedule.limits
            for category in limit.categories.values()
            for step in category.steps
        }
    )


def _dates(on: object, schedules: Sequence[LimitSchedule]) -> tuple[dt.date, ...]:
    if on is None:
        return tuple(_step_days(schedules))
    if isinstance(on, str | dt.date | np.datetime64):
        return (_day(on, "on"),)
    if not isinstance(on, Sequence | np.ndarray):
        msg = f"must be a date or a sequence of dates; got {on!r}"
        raise InvalidInputError(msg, field="on")
    days = tuple(_day(d, "on") for d in on)
    if not days:
        msg = "must name at least one date; got none"
        raise InvalidInputError(msg, field="on")
    return days


def pass_rates(
    stock: Stock | ProjectedStock,
    schedule: LimitSchedule | str,
    on: dt.date | str | Sequence[dt.date | str] | None = None,
) -> PassRates:
    """Return counts per status and pass rates of a schedule on a stock, date by date.

    Each date's counts are those of ``check_stock(stock, schedule, on=date)``: every
    building is judged on that date whatever its own date.

    Parameters
    ----------
    stock
        The buildings, measured or projected (:func:`project`).
    schedule
        A :class:`~climatelimits.schedules.LimitSchedule` or a catalogue id.
    on
        A date or a sequence of dates (kept in the order given); ``None``: the first day
        of every step of the schedule, sorted, each once.

    Raises
    ------
    InvalidInputError
        If a date is not a date or ``on`` is empty.

    Examples
    --------
    Three offices of 1000 m² BTA with A1-A5 of 200, 260 and 400 t CO2e, against the
    illustrative Helsingborg path (308, 257, 205, 154 kg CO2e/m² from 2024, 2026, 2028,
    2030):

    >>> from climatelimits import Stock
    >>> stock = Stock.from_columns(
    ...     {
    ...         "id": ["a", "b", "c"],
    ...         "use": ["office"] * 3,
    ...         "area.se_bta": [1000] * 3,
    ...         "gwp_ghg.A1-A5": [200e3, 260e3, 400e3],
    ...     }
    ... )
    >>> table = pass_rates(stock, "helsingborg-oceanhamnen-illustrative")
    >>> [str(d) for d in table.dates]
    ['2024-01-01', '2026-01-01', '2028-01-01', '2030-01-01']
    >>> table.counts[:, 0, table.statuses.index("pass")].tolist()
    [2, 1, 1, 0]
    >>> table.limits[:, 1].tolist(), table.categories
    ([308.0, 257.0, 205.0, 154.0], ('all', 'any'))
    """
    base, scenario = _unwrap(stock)
    resolved = _verdicts.resolve_schedule(schedule)
    days = _dates(on, [resolved])
    verdicts = [check_stock(base, resolved, on=day).verdicts for day in days]
    return _rates(base, resolved, days, verdicts, scenario)


def _rates(
    stock: Stock,
    schedule: LimitSchedule,
    days: tuple[dt.date, ...],
    verdicts: list[_verdicts.Verdicts],
    scenario: str | None,
) -> PassRates:
    # Groups: per limit its own categories, then any made for mixed use, then "none".
    groups: list[tuple[int, str, LimitCategory | None]] = []
    for li, limit in enumerate(schedule.limits):
        groups += [(li, key, category) for key, category in limit.categories.items()]
        extra = {
            key: None
            for v in verdicts
            for key, _ in v.categories[li][len(limit.categories) :]
            if key not in limit.categories
        }
        groups += [(li, key, None) for key in extra]
        if any(np.any((v.limit_index == li) & (v.category < 0)) for v in verdicts):
            groups.append((li, "none", None))
    index = {(li, key): 1 + g for g, (li, key, _) in enumerate(groups)}
    k = len(STATUSES)
    n_groups = 1 + len(groups)
    counts = np.zeros((len(days), n_groups, k), dtype=np.int64)
    for d, v in enumerate(verdicts):
        # Category index -> group, limit by limit (-1, no category, reads the last entry).
        tables = [
            np.array(
                [index[(li, key)] for key, _ in v.categories[li]] + [index.get((li, "none"), 0)],
                dtype=np.intp,
            )
            for li in range(len(schedule.limits))
        ]
        group = np.zeros(len(v), dtype=np.intp)
        for li, table in enumerate(tables):
            rows = v.limit_index == li
            group[rows] = table[v.category[rows]]
        codes = v.status.astype(np.intp)
        counts[d] = np.bincount(group * k + codes, minlength=n_groups * k).reshape(n_groups, k)
        counts[d, 0] = counts[d, 1:].sum(axis=0)
    limits = np.full((len(days), n_groups), np.nan)
    for g, (_, _, category) in enumerate(groups, start=1):
        if category is None:
            continue
        for d, day in enumerate(days):
            step = category.step_on(day)
            if step is None or step.value is None:
                continue
            if step.latest_from is not None and day < step.latest_from:
                continue  # in the window of a first day not confirmed: this step or the last
            if schedule.until is not None and day > schedule.until:
                continue  # the schedule has ended: none of its steps is in force
            limits[d, g] = step.value
    units = [format_unit(limit.metric.unit) for limit in schedule.limits]
    return PassRates(
        schedule.id,
        scenario,
        frozen(np.array(days, dtype="datetime64[D]")),
        ("", *(schedule.limits[li].id for li, _, _ in groups)),
        ("all", *(key for _, key, _ in groups)),
        tuple(s.value for s in STATUSES),
        frozen(counts),
        frozen(limits),
        units[0],
        (units[0], *(units[li] for li, _, _ in groups)),
        stock.name,
        len(stock),
    )


# ---------------------------------------------------------------------------------------
@attrs.frozen(eq=False)
class ProjectedStock:
    """A scenario: a stock whose values have been moved over time (see :func:`project`).

    It is not measured data, and the functions of this module keep it apart: what they
    make from it carries :attr:`scenario`.

    Attributes
    ----------
    stock : Stock
        The projected buildings; its name says it is a scenario.
    scenario : str
        Label, e.g. ``"-3.0 %/yr to 2030-01-01"``.
    yearly_change : float
        Fraction by which every value changes per year (``-0.03``: 3 % less a year).
    until : datetime.date
        The date the values are moved to.
    basis : DateBasis
        Which of each building's dates the years are counted from.
    years : ndarray of float64
        Years from each kept building's date to ``until`` (days / 365.25).
    source_name : str
        Name of the stock projected.
    source_size : int
        Buildings in the stock projected.
    n_left_out : int
        Buildings left out because they state no date of ``basis``.
    """

    stock: Stock
    scenario: str
    yearly_change: float
    until: dt.date
    basis: DateBasis
    years: Array
    source_name: str
    source_size: int
    n_left_out: int

    def __len__(self) -> int:
        return len(self.stock)


def _basis_of(stock: Stock, basis: object) -> DateBasis:
    if isinstance(basis, LimitSchedule):
        return basis.date_basis
    if basis is None:
        stated = [b for b, days in stock.dates.items() if not np.all(np.isnat(days))]
        if len(stated) == 1:
            return stated[0]
        names = ", ".join(b.value for b in stated) or "none"
        msg = (
            f"must name the date the years are counted from (a DateBasis or a schedule, "
            f"whose date_basis is used), since the stock does not state exactly one kind of "
            f"date; it states: {names}"
        )
        raise InvalidInputError(msg, field="basis")
    return _as_basis(basis, "basis", ", or a schedule")


def _as_basis(value: object, field: str, also: str = "") -> DateBasis:
    try:
        return DateBasis(value)
    except ValueError:
        known = ", ".join(b.value for b in DateBasis)
        msg = f"must be one of {known}{also}; got {value!r}"
        raise InvalidInputError(msg, field=field) from None


def _scenario_label(yearly_change: float, until: dt.date) -> str:
    # -0.07 * 100 is -7.000000000000001: float noise, not a digit the user gave.
    percent = round(yearly_change * 100.0, 9)
    text = f"{percent:+.1f}" if round(percent, 1) == percent else f"{percent:+g}"
    return f"{text} %/yr to {until.isoformat()}"


def project(
    stock: Stock,
    yearly_change: float = -0.03,
    until: dt.date | str | None = None,
    *,
    basis: DateBasis | str | LimitSchedule | None = None,
) -> ProjectedStock:
    """Return a scenario of the stock's values moved to a later date at a yearly rate.

    Every result value of every building (and of its parts) is multiplied by
    ``(1 + yearly_change) ** years``, where ``years`` is the time from the building's own
    date (of ``basis``) to ``until`` in days / 365.25; a building dated after ``until`` is
    moved back by the same rule. Declared, not-declared and missing entries stay as they
    are; areas, dates, study periods and uses are unchanged. A building without a date of
    ``basis`` cannot be moved: it is left out of the scenario and counted
    (:attr:`ProjectedStock.n_left_out`), never kept at its measured value.

    Parameters
    ----------
    stock
        The measured buildings.
    yearly_change
        Fraction per year, above -1 (``-0.03``: the values fall 3 % a year).
    until
        The date to move the values to.
    basis
        The date of each building the years are counted from: a
        :class:`~climatelimits.buildings.DateBasis` (or its value) or a schedule, whose
        ``date_basis`` is used; ``None``: the only kind of date the stock states.

    Raises
    ------
    InvalidInputError
        If ``stock`` is not a measured stock, ``yearly_change`` is not a finite number
        above -1, ``until`` is not a date, or ``basis`` cannot be decided.

    Examples
    --------
    >>> from climatelimits import Stock
    >>> from climatelimits.lifecycle import ModuleSet
    >>> stock = Stock.from_columns(
    ...     {
    ...         "id": ["a", "b"],
    ...         "use": ["office"] * 2,
    ...         "permit_application": ["2024-01-01", ""],
    ...         "gwp_ghg.A1-A5": [100e3, 100e3],
    ...     }
    ... )
    >>> scenario = project(stock, -0.5, "2026-01-01")  # 731 days, 2.001369 years
    >>> scenario.scenario, len(scenario), scenario.n_left_out
    ('-50.0 %/yr to 2026-01-01', 1, 1)
    >>> moved = scenario.stock.results[("gwp_ghg", ModuleSet.parse("A1-A5"))].values
    >>> round(float(moved[0]), 1)  # 100000 x 0.5 ** (731 / 365.25)
    24976.3
    """
    given: object = stock
    if not isinstance(given, Stock):
        kind = "a scenario already" if isinstance(given, ProjectedStock) else type(given).__name__
        msg = f"must be a Stock of measured values; got {kind}"
        raise InvalidInputError(msg, field="stock")
    rate: object = yearly_change
    if (
        isinstance(rate, bool)
        or not isinstance(rate, int | float | np.integer | np.floating)
        or not math.isfinite(rate)
        or rate <= -1
    ):
        msg = f"must be a finite fraction per year above -1 (e.g. -0.03); got {yearly_change!r}"
        raise InvalidInputError(msg, field="yearly_change")
    if until is None:
        msg = "must be a date (YYYY-MM-DD) to move the values to; got None"
        raise InvalidInputError(msg, field="until")
    end = _day(until, "until")
    key = _basis_of(stock, basis)
    days = stock.date(key)
    dated = ~np.isnat(days)
    kept = stock if np.all(dated) else stock.select(dated)
    years = (np.datetime64(end, "D") - days[dated]).astype(np.float64) / _DAYS_PER_YEAR
    with np.errstate(over="ignore"):
        factor = (1.0 + float(yearly_change)) ** years
    if not np.all(np.isfinite(factor)):
        worst = float(years[np.argmax(np.abs(years))])
        msg = (
            f"must keep every value a finite number over the years to `until` (up to "
            f"{worst:.6g} years here); got {yearly_change!r}"
        )
        raise InvalidInputError(msg, field="yearly_change")
    owner = kept.parts.building

    def scaled(columns: Mapping[Any, ResultColumn], by: Array) -> FrozenMap[Any, ResultColumn]:
        return FrozenMap(
            {k: ResultColumn(c.values * by, c.declared, c.listed) for k, c in columns.items()}
        )

    label = _scenario_label(float(yearly_change), end)
    projected = attrs.evolve(
        kept,
        results=scaled(kept.results, factor),
        parts=attrs.evolve(kept.parts, results=scaled(kept.parts.results, factor[owner])),
        name=f"{stock.name or 'stock'} [scenario: {label}]",
    )
    return ProjectedStock(
        projected,
        label,
        float(yearly_change),
        end,
        key,
        frozen(years),
        stock.name,
        len(stock),
        int(np.count_nonzero(~dated)),
    )


# ---------------------------------------------------------------------------------------
def _pair(value: object, field: str) -> tuple[dt.date, object]:
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) != 2:
        msg = (
            f"must be a pair (date, value), e.g. (datetime.date(2026, 1, 1), 'p80'); got {value!r}"
        )
        raise InvalidInputError(msg, field=field)
    return _day(value[0], f"{field}[0]"), value[1]


def _number(value: object, field: str, rule: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float | np.integer | np.floating)
        or not math.isfinite(value)
    ):
        msg = f"must be {rule}; got {value!r}"
        raise InvalidInputError(msg, field=field)
    return float(value)


def _categories_of(
    categories: object, limit_id: str, metric: LimitMetric
) -> tuple[str | None, Limit | None, dict[str, LimitCategory], Mapping[str, str], MixedUsePolicy]:
    """Return (grouping, limit to group by, category templates, tags table, mixed-use policy).

    Templates keep everything of a category but its steps, which ``propose`` replaces.
    """
    if categories is None or categories == "use":
        return categories, None, {}, {}, MixedUsePolicy.NONE
    if isinstance(categories, LimitSchedule | Limit):
        _, source = _resolve_metric(categories, "categories")
        assert source is not None  # a limit or a schedule gives its limit
        templates = {
            key: attrs.evolve(category, sources=()) for key, category in source.categories.items()
        }
        if isinstance(categories, LimitSchedule):
            tags: Mapping[str, str] = dict(categories.tags)
        else:
            used = sorted({t for c in templates.values() for t in c.tags})
            tags = dict.fromkeys(used, f"as in limit {source.id}, whose categories these are")
        grouping = Limit(limit_id, metric, templates, mixed_use=source.mixed_use)
        return "category", grouping, templates, tags, source.mixed_use
    msg = (
        "must be None (one category for every use), 'use' (one per use in the stock), or "
        f"a Limit or a schedule with one limit whose categories to use; got {categories!r}"
    )
    raise InvalidInputError(msg, field="categories")


def propose(
    stock: Stock | ProjectedStock,
    metric: LimitMetric | Limit | LimitSchedule,
    *,
    start: tuple[dt.date | str, float | str],
    target: tuple[dt.date | str, float],
    every_years: int = 2,
    shape: str = "linear",
    rounding: float | None = None,
    categories: str | Limit | LimitSchedule | None = None,
    schedule_id: str = "draft",
    title: str | None = None,
    jurisdiction: str = "draft",
    date_basis: DateBasis | str | None = None,
    limit_id: str = "building",
) -> LimitSchedule:
    """Propose a draft schedule: from a percentile of the stock to a target, step by step.

    The steps come from :meth:`~climatelimits.schedules.LimitCategory.from_target`: the
    first, on the start date, is the start value; the last, on the target date, the
    target; in between a straight line (``"linear"``) or a constant yearly rate
    (``"geometric"``), a step every ``every_years`` years on the start date's day of the
    year, each value rounded half up to a multiple of ``rounding``. The schedule's status is
    ``draft``; its notes record the derivation (stock, buildings used and left out per
    reason, the percentile and its value, the dates, the path, the library version), so a
    published file explains itself. It writes to and reads back from a file unchanged
    (:func:`~climatelimits.io.dump_schedule`, :func:`~climatelimits.io.load_schedule`).

    Parameters
    ----------
    stock
        The evidence: a measured stock (or a projected one, whose label the notes record).
    metric
        What the limit measures: a :class:`~climatelimits.schedules.LimitMetric`, a limit,
        or a schedule with one limit (whose metric, and category study periods, are used).
    start
        ``(date, percentile or value)``: ``(dt.date(2026, 1, 1), "p80")`` starts at the
        80th percentile of each category's buildings (:func:`percentile`), a number at that
        value [metric unit]. A percentile is written with its ``p``.
    target
        ``(date, value)``: a value of 1 or less is a fraction of the start value (of the
        first step, after rounding: ``0.5`` halves it), above 1 a value [metric unit]. The
        date must fall on the start date's day of the year, a multiple of ``every_years``
        years later.
    every_years
        Years between steps.
    shape
        ``"linear"`` or ``"geometric"``.
    rounding
        Rounding step [metric unit], e.g. ``1`` for whole kg CO2e/m²; ``None`` keeps the
        values exact.
    categories
        ``None``: one category, ``"any"``, for every use, from the whole stock. ``"use"``:
        one category per use of the stock, each from its own buildings. A
        :class:`~climatelimits.schedules.Limit` (or a schedule with one limit): its
        categories (uses, size bands, tags, study periods, mixed-use rule), each from the
        buildings the limit puts in it (``percentile(..., by="category")``). A category
        with no building with a value gets no steps from a percentile: it is left out of
        the draft and named in the notes.
    schedule_id, title, jurisdiction
        Of the draft (title: "Draft limits derived from <stock>" when not given).
    date_basis
        The building date that selects the step: given, else the date basis of the schedule
        given as ``metric`` or ``categories``, else ``permit_application``.
    limit_id
        Id of the draft's one limit.

    Returns
    -------
    LimitSchedule
        Status ``draft``, one limit.

    Raises
    ------
    InvalidInputError
        Naming the field: a date that is not a date, a start or target that is not a
        percentile or a positive number, a target above the start, dates off the grid of
        steps, a start percentile that is not above 0, no category with a value.

    Examples
    --------
    Five offices of 1000 m² BTA with A1-A5 of 200 to 400 kg CO2e/m²; start in 2026 at the
    80th percentile (at 3.2 of 4 intervals: 360 + 0.2 x 40 = 368), halve it by 2030:

    >>> import datetime as dt
    >>> from climatelimits import Stock, catalogue
    >>> stock = Stock.from_columns(
    ...     {
    ...         "id": ["a", "b", "c", "d", "e"],
    ...         "use": ["office"] * 5,
    ...         "area.se_bta": [1000] * 5,
    ...         "gwp_ghg.A1-A5": [200e3, 250e3, 300e3, 360e3, 400e3],
    ...     },
    ...     name="offices",
    ... )
    >>> draft = propose(
    ...     stock,
    ...     catalogue.get("helsingborg-oceanhamnen-illustrative"),
    ...     start=(dt.date(2026, 1, 1), "p80"),
    ...     target=(dt.date(2030, 1, 1), 0.5),
    ...     rounding=1,
    ... )
    >>> [(str(s.start), s.value) for s in draft.limits[0].categories["any"].steps]
    [('2026-01-01', 368.0), ('2028-01-01', 276.0), ('2030-01-01', 184.0)]
    >>> draft.status.value
    'draft'
    """
    base, scenario = _unwrap(stock)
    the_metric, limit = _resolve_metric(metric)
    unit = format_unit(the_metric.unit)
    every_years = _whole_years(every_years)
    start_day, target_day, q, start_value, fraction = _start_and_target(
        start, target, unit, every_years
    )
    if rounding is not None:
        rounding = _number(rounding, "rounding", "a rounding step above 0, or None")
        if rounding <= 0:
            msg = f"must be a rounding step above 0 {unit}, or None; got {rounding:g}"
            raise InvalidInputError(msg, field="rounding")
    by, grouping, templates, tags, mixed = _categories_of(categories, limit_id, the_metric)
    if by != "category" and the_metric.per_year and the_metric.reference_study_period is None:
        msg = (
            "must state a reference_study_period when it is per year and the draft's "
            "categories are made anew (categories None or 'use'); give the metric one, or "
            "pass a limit as `categories`, whose categories state theirs"
        )
        raise InvalidInputError(msg, field="metric")
    evidence: Percentiles | None = None
    if q is not None:
        evidence = percentile(stock, grouping or limit or the_metric, q, by=by)
    if by is None:
        keys: tuple[str, ...] = (CATCH_ALL,)
    elif evidence is not None:
        keys = evidence.groups
    else:
        keys = tuple(templates) or tuple(USES[int(c)].value for c in np.unique(base.use))
    path = _Path(start_day, target_day, fraction, every_years, shape, rounding, unit)
    made: dict[str, LimitCategory] = {}
    lines: list[str] = []
    skipped: list[str] = []
    for g, key in enumerate(keys):
        if evidence is not None and evidence.n_used[g] == 0:
            skipped.append(key)
            continue
        what = "" if evidence is None else _evidence_text(evidence, g, unit)
        value = start_value if evidence is None else float(evidence.values[g, 0])
        template = templates.get(key)
        made[key], line = path.category(key, value, what, template)
        lines.append(line)
    if not made:
        why = (
            f"stock {base.name or '(unnamed)'} has no buildings"
            if len(base) == 0
            else f"left out: {_reasons_text(evidence)}"
        )
        msg = (
            f"must leave at least one category with a building that has a value; none has ({why})"
        )
        raise InvalidInputError(msg, field="stock")
    notes = _derivation(base, scenario, the_metric, q, path, evidence, lines, skipped)
    return LimitSchedule(
        schedule_id,
        title or f"Draft limits derived from {base.name or 'a stock'}",
        jurisdiction,
        ScheduleStatus.DRAFT,
        _date_basis(date_basis, metric, categories),
        [Limit(limit_id, the_metric, made, title="Derived from the stock", mixed_use=mixed)],
        notes=notes,
        tags=tags,
    )


def _whole_years(value: object) -> int:
    """Return ``every_years`` as an int, 1 or more."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        msg = f"must be a whole number of years, 1 or more; got {value!r}"
        raise InvalidInputError(msg, field="every_years")
    return int(value)


def _start_and_target(
    start: object, target: object, unit: str, every_years: int
) -> tuple[dt.date, dt.date, float | None, float, float]:
    """Return the start and target dates, the start percentile or value, the target."""
    start_day, start_given = _pair(start, "start")
    target_day, target_given = _pair(target, "target")
    if target_day.year <= start_day.year or (target_day.year - start_day.year) % every_years:
        msg = (
            f"must be a whole multiple of `every_years` ({every_years}) years after the "
            f"start date ({start_day.isoformat()}), since a step starts every "
            f"{every_years} years; got {target_day.isoformat()}"
        )
        raise InvalidInputError(msg, field="target[0]")
    if (target_day.month, target_day.day) != (start_day.month, start_day.day):
        msg = (
            f"must fall on the start date's day of the year ({start_day:%m-%d}), since a "
            f"step starts on it every `every_years` years; got {target_day.isoformat()}"
        )
        raise InvalidInputError(msg, field="target[0]")
    q: float | None = None
    start_value = math.nan
    if isinstance(start_given, str):
        if not start_given.strip().lower().startswith("p"):
            msg = f"must be a percentile written 'p80', or a number; got {start_given!r}"
            raise InvalidInputError(msg, field="start[1]")
        q = parse_percentile(start_given)
    else:
        start_value = _number(start_given, "start[1]", "a percentile ('p80') or a number")
        if start_value <= 0:
            msg = f"must be above 0 {unit}; got {start_value:g}"
            raise InvalidInputError(msg, field="start[1]")
    fraction = _number(target_given, "target[1]", "a number (1 or less: a fraction)")
    if fraction < 0:
        msg = f"must be a fraction of the start (0 to 1) or a value above 1; got {fraction:g}"
        raise InvalidInputError(msg, field="target[1]")
    return start_day, target_day, q, start_value, fraction


def _evidence_text(evidence: Percentiles, g: int, unit: str) -> str:
    value = float(evidence.values[g, 0])
    label = _label(evidence.q[0])
    if value <= 0:
        msg = (
            f"must give a start above 0 {unit}; the {label} of category "
            f"{evidence.groups[g]} is {value:g} {unit}"
        )
        raise InvalidInputError(msg, field="start[1]")
    return (
        f"{label} of {int(evidence.n_used[g])} buildings with a value "
        f"({int(evidence.n_left_out[g])} left out) = {value:.6g} {unit}"
    )


@attrs.frozen
class _Path:
    """The path every category of a draft follows, from its own start value."""

    start: dt.date
    target: dt.date
    fraction: float
    every_years: int
    shape: str
    rounding: float | None
    unit: str

    def category(
        self, key: str, value: float, what: str, template: LimitCategory | None
    ) -> tuple[LimitCategory, str]:
        """Return the category ``key`` starting at ``value``, and the line of notes on it."""
        first = LimitCategory.from_target(
            baseline=value,
            baseline_year=self.start.year,
            target=value,
            target_year=self.start.year + self.every_years,
            every_years=self.every_years,
            rounding_step=self.rounding,
        ).steps[0]
        assert first.value is not None  # from_target gives values
        if first.value <= 0:
            msg = (
                f"must be above 0 {self.unit} once rounded to a multiple of "
                f"{self.rounding:g}; the start of category {key}, {value:g}, rounds to 0"
            )
            raise InvalidInputError(msg, field="start[1]")
        goal = self.fraction * first.value if self.fraction <= 1 else self.fraction
        if goal > first.value:
            msg = (
                f"must not be above the start of category {key} ({first.value:g} "
                f"{self.unit}); got {goal:g} {self.unit}"
            )
            raise InvalidInputError(msg, field="target[1]")
        steps = LimitCategory.from_target(
            baseline=first.value,
            baseline_year=self.start.year,
            target=goal,
            target_year=self.target.year,
            every_years=self.every_years,
            rounding_step=self.rounding,
            shape=self.shape,
            month=self.start.month,
            day=self.start.day,
        ).steps
        made = LimitCategory(steps) if template is None else attrs.evolve(template, steps=steps)
        rule = f"{self.fraction:g} x start = {goal:g}" if self.fraction <= 1 else f"{goal:g}"
        line = (
            f"- {key}: start {what or f'given {first.value:g} {self.unit}'} -> "
            f"{first.value:g}; target {rule} -> {steps[-1].value:g} {self.unit}."
        )
        return made, line


def _date_basis(given: object, *sources: object) -> DateBasis:
    if given is not None:
        return _as_basis(given, "date_basis")
    for source in sources:
        if isinstance(source, LimitSchedule):
            return source.date_basis
    return DateBasis.PERMIT_APPLICATION


def _reasons_text(evidence: Percentiles | None) -> str:
    if evidence is None:
        return "none"
    counted = [f"{reason} {n}" for reason, n in evidence.left_out.items() if n]
    return ", ".join(counted) or "none"


def _derivation(
    stock: Stock,
    scenario: str | None,
    metric: LimitMetric,
    q: float | None,
    path: _Path,
    evidence: Percentiles | None,
    lines: list[str],
    skipped: list[str],
) -> str:
    unit = format_unit(metric.unit)
    source = f"stock {stock.name or '(unnamed)'} ({len(stock)} buildings)"
    if scenario is not None:
        source += f", a scenario ({scenario}), not measured values"
    start_rule = (
        f"the {_label(q)} of the values of each category's buildings (numpy's linear method)"
        if q is not None
        else "a value given"
    )
    fraction = path.fraction
    target_rule = f"{fraction:g} x the start value" if fraction <= 1 else f"{fraction:g} {unit}"
    rounded = (
        f"values rounded half up to multiples of {path.rounding:g} {unit}"
        if path.rounding is not None
        else "values not rounded"
    )
    text = [
        (
            f"DRAFT derived by climatelimits {__version__} (climatelimits.design.propose) "
            f"from {source}."
        ),
        (
            f"Metric: {metric.describe()}, in {unit}; a building's value is its total over "
            f"the modules per m² (per year where the metric is), unrounded."
        ),
        (
            f"Start {path.start.isoformat()}: {start_rule}. Target "
            f"{path.target.isoformat()}: {target_rule}. A {path.shape} path, a step every "
            f"{path.every_years} years, {rounded}."
        ),
    ]
    if evidence is not None:
        text.append(f"Buildings without a value, by reason: {_reasons_text(evidence)}.")
    text += lines
    if skipped:
        text.append("No category (no building with a value): " + ", ".join(skipped) + ".")
    return "\n".join(text) + "\n"


# ---------------------------------------------------------------------------------------
@attrs.frozen(eq=False)
class Comparison:
    """Pass rates of several schedules on one stock and the same dates, side by side.

    Two schedules are comparable when they have as many limits and, limit by limit in
    order, the same metric: indicator, modules, area definition, per year or total, study
    periods (the metric's and its categories') and the dimension of the unit. Pass rates of
    schedules that are not comparable measure different things; :attr:`reasons` says why.

    Attributes
    ----------
    tables : tuple of PassRates
        One per schedule, in the order given, all on the same dates.
    comparable : ndarray of bool, shape (n, n)
        Whether schedules ``i`` and ``j`` measure the same thing (true on the diagonal).
    reasons : tuple of tuple of str
        Why pair ``(i, j)`` is not comparable, ``""`` where it is.
    """

    tables: tuple[PassRates, ...]
    comparable: Array
    reasons: tuple[tuple[str, ...], ...]

    @property
    def schedule_ids(self) -> tuple[str, ...]:
        """The schedules, in order."""
        return tuple(t.schedule_id for t in self.tables)

    def pairs(self) -> list[tuple[str, str, bool, str]]:
        """Return each pair of schedules once: ``(id_i, id_j, comparable, reason)``, i < j.

        ``reason`` is ``""`` for a comparable pair.
        """
        ids = self.schedule_ids
        return [
            (ids[i], ids[j], bool(self.comparable[i, j]), self.reasons[i][j])
            for i in range(len(ids))
            for j in range(i + 1, len(ids))
        ]

    def to_frame(self) -> Any:
        """Return the tables' frames one after the other (see :meth:`PassRates.to_frame`).

        Raises
        ------
        MissingOptionalDependencyError
            If pandas is not installed (``pip install 'climatelimits[pandas]'``).
        """
        pd = import_optional("pandas", "pandas", feature="Comparison.to_frame")
        return pd.concat([t.to_frame() for t in self.tables], ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        """Return the comparison as a JSON-ready dict."""
        return {
            "schedules": list(self.schedule_ids),
            "comparable": self.comparable.tolist(),
            "reasons": [list(row) for row in self.reasons],
            "tables": [t.to_dict() for t in self.tables],
        }


def _periods_text(limit: Limit) -> str:
    periods = {limit.study_period_of(c) for c in limit.categories.values()}
    shown = sorted(f"{float(p.magnitude):g} years" for p in periods if p is not None)
    if None in periods:
        shown.append("none")
    return ", ".join(shown)


def _metric_differences(a: Limit, b: Limit) -> list[str]:
    ma, mb = a.metric, b.metric
    out = []
    if ma.indicator != mb.indicator:
        out.append(f"indicator {ma.indicator} vs {mb.indicator}")
    if ma.modules != mb.modules:
        out.append(f"modules {ma.modules} vs {mb.modules}")
    if ma.area != mb.area:
        out.append(f"area {ma.area} vs {mb.area}")
    if ma.per_year != mb.per_year:
        kinds = ("per year" if m.per_year else "total" for m in (ma, mb))
        out.append(" vs ".join(kinds))
    if _periods_text(a) != _periods_text(b):
        out.append(f"study period {_periods_text(a)} vs {_periods_text(b)}")
    if ma.unit.dimensionality != mb.unit.dimensionality:
        out.append(f"unit {format_unit(ma.unit)} vs {format_unit(mb.unit)}")
    return out


def _why_not_comparable(a: LimitSchedule, b: LimitSchedule) -> str:
    reasons = []
    if len(a.limits) != len(b.limits):
        reasons.append(f"{a.id} has {len(a.limits)} limits, {b.id} {len(b.limits)}")
    for la, lb in zip(a.limits, b.limits, strict=False):
        found = _metric_differences(la, lb)
        if found:
            reasons.append(f"limit {la.id} / {lb.id}: " + ", ".join(found))
    return "; ".join(reasons)


def compare(
    stock: Stock | ProjectedStock,
    schedules: Sequence[LimitSchedule | str],
    on: dt.date | str | Sequence[dt.date | str] | None = None,
) -> Comparison:
    """Return the pass rates of several schedules on one stock, on the same dates.

    Parameters
    ----------
    stock
        The buildings, measured or projected (:func:`project`).
    schedules
        Schedules or catalogue ids (drafts included), at least one.
    on
        A date or dates; ``None``: the first day of every step of every schedule, sorted,
        each once, so that every table has the same dates.

    Returns
    -------
    Comparison
        With :attr:`~Comparison.comparable` false, and the reason, for each pair whose
        metrics differ (compared limit by limit, in order).

    Raises
    ------
    InvalidInputError
        If ``schedules`` is empty or not a sequence, or a date is not a date.

    Examples
    --------
    Helsingborg's illustrative path and Boverket's proposal both limit GWP-GHG A1-A5 per
    m² BTA; BR18 limits GWP-total over the whole life per m² and year:

    >>> from climatelimits import Stock
    >>> stock = Stock.from_columns({"id": ["a"], "use": ["office"]})
    >>> result = compare(
    ...     stock,
    ...     ["helsingborg-oceanhamnen-illustrative", "se-boverket-2023-proposal", "dk-br18-2023"],
    ...     on=["2026-01-01"],
    ... )
    >>> result.comparable.tolist()
    [[True, True, False], [True, True, False], [False, False, True]]
    >>> print(result.reasons[0][2])  # doctest: +NORMALIZE_WHITESPACE
    limit building / building: indicator gwp_ghg vs gwp_total, modules A1-A5 vs
    A1-A3,B4,B6,C3-C4, area se_bta vs dk_reference, total vs per year, study period none
    vs 50 years, unit kg CO2e/m² vs kg CO2e/m²/a
    """
    given: object = schedules
    if isinstance(given, str | LimitSchedule) or not isinstance(given, Sequence) or not given:
        msg = f"must be a sequence of at least one schedule or catalogue id; got {schedules!r}"
        raise InvalidInputError(msg, field="schedules")
    resolved = [_verdicts.resolve_schedule(s) for s in schedules]
    days = _dates(on, resolved)
    tables = tuple(pass_rates(stock, s, days) for s in resolved)
    n = len(resolved)
    reasons = tuple(
        tuple("" if i == j else _why_not_comparable(resolved[i], resolved[j]) for j in range(n))
        for i in range(n)
    )
    comparable = np.array([[r == "" for r in row] for row in reasons], dtype=bool)
    return Comparison(tables, frozen(comparable), reasons)
