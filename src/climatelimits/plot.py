"""Plots of schedules, stocks, pass rates and building results (extra ``climatelimits[plot]``).

Every function draws on a matplotlib :class:`~matplotlib.axes.Axes` and returns it, as
pvlib and seaborn do: pass ``ax`` to draw into a figure of your own, or leave it out and a
new :class:`~matplotlib.figure.Figure` is made (without pyplot, so no global state is
touched). Write a figure with ``ax.figure.savefig(...)``.

matplotlib is imported when a function is called, never when this module is imported;
without it every function raises :class:`~climatelimits.exceptions.MissingOptionalDependencyError`
naming ``climatelimits[plot]``.

What a plot shows is data, not decoration, and it can be read back from the Axes:

- :func:`schedule`: one step line per category, whose points are the steps' first days and
  values (the last value drawn on to the end of the axis);
- :func:`stock`: a histogram of the values compared, with one vertical line per limit value
  in force;
- :func:`pass_rates`: one line per group of a :class:`~climatelimits.design.PassRates`;
- :func:`breakdown`: one bar segment per declared result counted, module D apart.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ParamSpec

import numpy as np

from climatelimits._optional import import_optional
from climatelimits.exceptions import InvalidInputError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from climatelimits.buildings import Building
    from climatelimits.design import Comparison, PassRates
    from climatelimits.evaluation import LimitCheck
    from climatelimits.schedules import Limit, LimitMetric, LimitSchedule, LimitStep
    from climatelimits.stocks import StockAssessment

__all__ = ["breakdown", "pass_rates", "schedule", "stock"]

NOT_ADOPTED = {"draft": "DRAFT", "proposal": "PROPOSAL", "illustrative": "ILLUSTRATIVE"}
"""Schedule statuses drawn as not binding: dashed lines, the status written across the plot."""

_SHADE = "0.85"
_WRAP = 38
_COUNTED, _APART = 0, 1
"""x positions of the bar of the results counted and of the bar of module D."""


_P = ParamSpec("_P")


# -- shared ---------------------------------------------------------------------------------
def _as_written(draw: Callable[_P, Axes]) -> Callable[_P, Axes]:
    """Draw texts as they are written: ``$`` in an id or a title is not a formula sign.

    matplotlib reads text between two ``$`` as mathtext: a building id ``k3 $x$`` would be
    typeset as a formula, and one holding a TeX command without its arguments would raise
    while drawing. Every text a plot function draws has ``parse_math`` off; the texts of a
    given Axes that it leaves as they were keep theirs.
    """

    @functools.wraps(draw)
    def drawn(*args: _P.args, **kwargs: _P.kwargs) -> Axes:
        feature = f"climatelimits.plot.{draw.__name__}"
        mpl = import_optional("matplotlib", "plot", feature=feature)
        text_type = import_optional("matplotlib.text", "plot", feature=feature).Text
        given: Any = kwargs.get("ax")
        before = {} if given is None else {id(t): t.get_text() for t in given.findobj(text_type)}
        with mpl.rc_context({"text.parse_math": False}):
            ax = draw(*args, **kwargs)
        # Texts made with the Axes (its titles) were made before: set those drawn on too.
        for text in ax.findobj(text_type):
            if before.get(id(text)) != text.get_text():
                text.set_parse_math(False)
        return ax

    return drawn


def _axes(ax: Axes | None, feature: str) -> Axes:
    """Return ``ax``, or the Axes of a new figure; raise naming the extra without matplotlib."""
    figure_module = import_optional("matplotlib.figure", "plot", feature=feature)
    if ax is not None:
        return ax
    figure = figure_module.Figure(figsize=(9.0, 4.5), layout="constrained")
    new: Axes = figure.add_subplot()
    return new


def _check_schedule(value: object, feature: str) -> LimitSchedule:
    from climatelimits.schedules import LimitSchedule  # noqa: PLC0415

    if not isinstance(value, LimitSchedule):
        msg = f"must be a LimitSchedule for {feature}; got {type(value).__name__}"
        raise InvalidInputError(msg, field="schedule")
    return value


def _limit_of(schedule: LimitSchedule, limit: str | None) -> Limit:
    """Return the schedule's limit ``limit`` (by id), its first limit when ``None``."""
    if limit is None:
        return schedule.limits[0]
    return schedule.limit(limit)


def _unit_text(metric: LimitMetric) -> str:
    from climatelimits.units import format_unit  # noqa: PLC0415

    return format_unit(metric.unit)


def _metric_label(metric: LimitMetric) -> str:
    """Axis label: indicator, modules, unit, area basis (and per year)."""
    per = ", per year" if metric.per_year else ""
    return f"{metric.indicator} {metric.modules} [{_unit_text(metric)}]\nper m² {metric.area}{per}"


def _status_title(schedule: LimitSchedule) -> str:
    status = schedule.status.value
    if status in NOT_ADOPTED:
        return f"{schedule.id}: {status.upper()}, not adopted"
    return f"{schedule.id}: {status.replace('_', ' ')}"


def _mark_not_adopted(ax: Axes, schedule: LimitSchedule) -> None:
    word = NOT_ADOPTED.get(schedule.status.value)
    if word is None:
        return
    ax.text(
        0.5,
        0.5,
        word,
        transform=ax.transAxes,
        fontsize=36,
        color="0.6",
        alpha=0.3,
        rotation=25,
        ha="center",
        va="center",
        zorder=0,
    )


def _wrap(text: str) -> str:
    """Wrap a legend entry to fit beside the plot, never breaking an id at a hyphen."""
    return textwrap.fill(text, _WRAP, break_on_hyphens=False)


def _legend(ax: Axes, title: str | None = None) -> None:
    """Put the legend right of the plot, where it hides no data."""
    ax.legend(title=title, fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1.0))


def _note(ax: Axes, text: str) -> None:
    """Add a legend entry that is only text (no line or patch), wrapped to fit beside."""
    ax.plot([], [], " ", label=_wrap(text))


# -- schedule ----------------------------------------------------------------------------
def _end_of_axis(chosen: Limit, until: dt.date | None, schedule: LimitSchedule) -> dt.date:
    first = min(c.steps[0].start for c in chosen.categories.values())
    if until is not None:
        if isinstance(until, dt.datetime) or not isinstance(until, dt.date):
            msg = f"must be a date; got {until!r}"
            raise InvalidInputError(msg, field="until")
        if until <= first:
            msg = f"must be after the schedule's first step ({first}); got {until}"
            raise InvalidInputError(msg, field="until")
        return until
    if schedule.until is not None and schedule.until > first:
        return schedule.until
    last = max((s.latest_from or s.start) for c in chosen.categories.values() for s in c.steps)
    return dt.date(last.year + 3, 1, 1)


@_as_written
def schedule(
    schedule: LimitSchedule,
    *,
    limit: str | None = None,
    ax: Axes | None = None,
    until: dt.date | None = None,
) -> Axes:
    """Draw a limit's steps over time, one step line per category.

    Each category is a line drawn ``steps-post``: its points are the first days of the
    steps and their values, and the last value is drawn on to ``until``; categories with
    the same steps share one line, labelled with their keys joined by ``", "``. A step whose
    value is not confirmed leaves a gap (NaN, never zero) and its span is hatched, labelled
    with the categories it is in; a step whose first day is not confirmed (a window from
    ``from`` to ``latest_from``) has the window shaded. A category whose first step starts
    on or after the end of the axis has no line; the legend names it ("no step before
    ..."). A schedule that is not adopted (a draft, a proposal, an illustration) has dashed
    lines and its status written across the plot.

    Parameters
    ----------
    schedule
        The schedule.
    limit
        Id of the limit to draw (default: the schedule's first limit).
    ax
        Axes to draw on (default: a new figure's).
    until
        Last day of the time axis (default: the schedule's ``until``, else 1 January three
        years after its last step).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes, with one line per category (or group of categories with the same steps)
        labelled with its key.

    Raises
    ------
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'climatelimits[plot]'``).
    InvalidInputError
        If ``schedule`` is not a schedule, sets no limit values (a disclosure schedule), or
        ``until`` is not a date after its first step.
    UnknownReferenceError
        If the schedule has no limit ``limit``.
    """
    feature = "climatelimits.plot.schedule"
    ax = _axes(ax, feature)
    given = _check_schedule(schedule, feature)
    if given.is_disclosure:
        msg = f"{given.id} is a disclosure schedule: it sets no limit values to draw"
        raise InvalidInputError(msg, field="schedule")
    chosen = _limit_of(given, limit)
    end = _end_of_axis(chosen, until, given)
    style = "--" if given.status.value in NOT_ADOPTED else "-"
    windows: dict[tuple[dt.date, dt.date], None] = {}
    unconfirmed: dict[tuple[dt.date, dt.date], list[str]] = {}
    # Categories with the same steps are one line (Danish houses and large holiday homes).
    groups: dict[tuple[LimitStep, ...], list[str]] = {}
    for key, category in chosen.categories.items():
        groups.setdefault(tuple(s for s in category.steps if s.start < end), []).append(key)
    later: list[str] = []
    for steps, keys in groups.items():
        if not steps:  # every step of these categories starts on or after `end`
            later.extend(keys)
            continue
        days = [s.start for s in steps] + [end]
        values = [math.nan if s.value is None else s.value for s in steps]
        values.append(values[-1])
        x = np.array(days, dtype="datetime64[D]")
        ax.plot(x, values, drawstyle="steps-post", linestyle=style, label=", ".join(keys))
        for i, step in enumerate(steps):
            if step.latest_from is not None:
                windows[step.start, min(step.latest_from, end)] = None
            if step.value is None:
                unconfirmed.setdefault((step.start, days[i + 1]), []).extend(keys)
    for n, (start, stop) in enumerate(windows):
        label = "first day not confirmed" if n == 0 else None
        ax.axvspan(start, stop, color=_SHADE, alpha=0.7, zorder=0, label=label)  # type: ignore[arg-type]
    for (start, stop), where in unconfirmed.items():
        label = _wrap(f"value not confirmed from {start}: {', '.join(where)}")
        ax.axvspan(start, stop, fill=False, hatch="//", edgecolor="0.6", label=label)  # type: ignore[arg-type]
    if later:
        _note(ax, f"no step before {end}: {', '.join(later)}")
    ax.set_ylim(bottom=0)
    ax.set_ylabel(_metric_label(chosen.metric))
    ax.set_xlabel(f"date ({given.date_basis.value.replace('_', ' ')})")
    ax.set_title(f"{_status_title(given)}\n{chosen.title or chosen.id}", fontsize="medium")
    _legend(ax, title=f"category of limit {chosen.id}")
    _mark_not_adopted(ax, given)
    return ax


# -- stock -------------------------------------------------------------------------------
def _rate_text(statuses: Sequence[str]) -> str:
    passed = sum(1 for s in statuses if s == "pass")
    decided = passed + sum(1 for s in statuses if s == "fail")
    if decided == 0:
        return "pass rate: none (no pass or fail verdict)"
    return f"pass rate {100 * passed / decided:.1f} % ({passed} pass of {decided} judged)"


@_as_written
def stock(
    assessment: StockAssessment,
    *,
    limit: str | None = None,
    ax: Axes | None = None,
    bins: int | str | Sequence[float] = "auto",
) -> Axes:
    """Draw the distribution of a stock's values under one limit, with the limits in force.

    The histogram counts the values compared (``assessment.compared_value``: the normalised
    value rounded as the metric says), stacked by category. Each limit value in force on
    some row is a vertical dashed line. The legend gives the pass rate, pass / (pass +
    fail), and the number of rows without a value: those are counted, never drawn as zero.

    Parameters
    ----------
    assessment
        The verdicts of :func:`climatelimits.check_stock`.
    limit
        Id of the schedule's limit (default: its first).
    ax
        Axes to draw on (default: a new figure's).
    bins
        Histogram bins, as :func:`numpy.histogram_bin_edges` takes them.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes.

    Raises
    ------
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'climatelimits[plot]'``).
    InvalidInputError
        If ``assessment`` is not a :class:`~climatelimits.stocks.StockAssessment`.
    UnknownReferenceError
        If the schedule has no limit ``limit``.
    """
    from climatelimits.stocks import StockAssessment  # noqa: PLC0415

    feature = "climatelimits.plot.stock"
    ax = _axes(ax, feature)
    given: object = assessment
    if not isinstance(given, StockAssessment):
        msg = f"must be a StockAssessment (from check_stock); got {type(given).__name__}"
        raise InvalidInputError(msg, field="assessment")
    chosen = _limit_of(assessment.schedule, limit)
    rows = assessment.limit_id == chosen.id
    values = np.asarray(assessment.compared_value[rows], dtype=np.float64)
    limits = np.asarray(assessment.limit[rows], dtype=np.float64)
    categories = np.array([c or "no category" for c in assessment.category[rows]], dtype=object)
    statuses = [s.value for s in assessment.status[rows]]
    has_value = ~np.isnan(values)
    unit = _unit_text(chosen.metric)
    keys = sorted(set(categories[has_value].tolist()))
    if keys:
        data = [values[has_value & (categories == k)] for k in keys]
        labels = [f"{k} ({len(d)})" for k, d in zip(keys, data, strict=True)]
        ax.hist(data, bins=bins, stacked=True, label=labels)
    for value in np.unique(limits[~np.isnan(limits)]):
        where = sorted(set(categories[limits == value].tolist()))
        ax.axvline(
            float(value),
            color="black",
            linestyle="--",
            linewidth=1.2,
            label=_wrap(f"limit {value:g} {unit} ({', '.join(where)})"),
        )
    _note(ax, _rate_text(statuses))
    missing = int(np.count_nonzero(~has_value))
    _note(ax, f"{missing} of {len(values)} rows without a value (not drawn)")
    on = assessment.on.isoformat() if assessment.on else "each building's own date"
    ax.set_title(
        f"{_status_title(assessment.schedule)}, limit {chosen.id}\n"
        f"stock {assessment.stock.name or '(unnamed)'} ({len(assessment.stock)} buildings), "
        f"on {on}",
        fontsize="medium",
    )
    ax.set_xlabel(_metric_label(chosen.metric).replace("\n", " "))
    ax.set_ylabel("rows (buildings; parts count one each)")
    ax.set_ylim(bottom=0)
    _legend(ax)
    _mark_not_adopted(ax, assessment.schedule)
    return ax


# -- pass rates ------------------------------------------------------------------------
def _tables_of(table: object) -> tuple[list[PassRates], list[str]]:
    """Return the tables to draw, and a note per pair of a comparison not comparable."""
    from climatelimits.design import Comparison, PassRates  # noqa: PLC0415

    if isinstance(table, PassRates):
        return [table], []
    if isinstance(table, Comparison):
        notes = [
            f"not comparable: {a} and {b} measure different things (Comparison.reasons says how)"
            for a, b, comparable, _ in table.pairs()
            if not comparable
        ]
        return list(table.tables), notes
    if isinstance(table, Sequence) and table and all(isinstance(t, PassRates) for t in table):
        return list(table), []
    msg = (
        "must be a PassRates (from design.pass_rates), a Comparison (from design.compare) "
        f"or a sequence of PassRates; got {type(table).__name__}"
    )
    raise InvalidInputError(msg, field="table")


def _group_label(table: PassRates, g: int, prefix: str) -> str:
    if g == 0:
        label = f"{prefix}all rows"
    else:
        label = f"{prefix}{table.limit_ids[g]}: {table.categories[g]}"
    if table.scenario is not None:
        label += f" (projected, {table.scenario})"
    return label


@_as_written
def pass_rates(
    table: PassRates | Comparison | Sequence[PassRates],
    *,
    categories: bool | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw pass rates over the dates, one line per group.

    The pass rate is pass / (pass + fail), in percent; a date where no row passes or fails
    is a gap (NaN), never a zero. The points of a line are in date order, whatever the
    order of the table's dates. Rates of a projected stock (a scenario of
    :func:`climatelimits.design.project`) are dotted and labelled "projected" with the
    scenario, so they are never read as measured. Of a comparison, each pair of schedules
    that measure different things is named in the legend with the reason.

    Parameters
    ----------
    table
        A :class:`~climatelimits.design.PassRates`, a
        :class:`~climatelimits.design.Comparison` (each of its tables is drawn, labelled with
        its schedule), or a sequence of PassRates.
    categories
        Whether to draw a line per category of each limit besides the line of every row
        (group 0); by default yes for one table, no for several.
    ax
        Axes to draw on (default: a new figure's).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes; each line's points are the table's dates, sorted, and ``100 * pass_rate``
        of its group on each.

    Raises
    ------
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'climatelimits[plot]'``).
    InvalidInputError
        If ``table`` is none of these.
    """
    ax = _axes(ax, "climatelimits.plot.pass_rates")
    tables, not_comparable = _tables_of(table)
    several = len(tables) > 1
    per_category = not several if categories is None else categories
    for t in tables:
        order = np.argsort(t.dates, kind="stable")  # dates may be given in any order
        rates = 100.0 * t.pass_rate[order]
        days = t.dates[order]
        prefix = f"{t.schedule_id}, " if several else ""
        style = ":" if t.scenario is not None else "-"
        groups = range(len(t.categories)) if per_category else range(1)
        for g in groups:
            if g > 0 and np.isnan(rates[:, g]).all():
                continue  # a group where nobody is judged on any date
            ax.plot(
                days,
                rates[:, g],
                marker="o",
                linestyle=style,
                linewidth=2.0 if g == 0 else 1.2,
                label=_wrap(_group_label(t, g, prefix)),
            )
    for note in not_comparable:
        _note(ax, note)
    ax.set_ylim(-2, 102)
    ax.set_ylabel("pass rate [%]\npass / (pass + fail)")
    ax.set_xlabel("date checked on")
    first = tables[0]
    schedules = ", ".join(dict.fromkeys(t.schedule_id for t in tables))
    ax.set_title(
        f"{schedules}\nstock {first.stock_name or '(unnamed)'} ({first.stock_size} buildings)",
        fontsize="medium",
    )
    _legend(ax)
    return ax


# -- breakdown ---------------------------------------------------------------------------
def _check_row(checks: Sequence[LimitCheck], limit_id: str) -> LimitCheck:
    rows = [c for c in checks if c.limit_id == limit_id]
    whole = [c for c in rows if c.part is None]
    return (whole or rows)[0]


def _divisor(building: Building, chosen: Limit, schedule_id: str) -> tuple[float | None, str]:
    """Return (area [m²] x period [year] if per year, or None) and why there is none."""
    from climatelimits.areas import get_area_definition  # noqa: PLC0415
    from climatelimits.evaluation import select_category  # noqa: PLC0415

    metric = chosen.metric
    area = building.areas.get(metric.area)
    if area is None:
        name = get_area_definition(metric.area).name
        return None, f"the building states no {name} ({metric.area}) area"
    divisor = float(area.magnitude)
    if not metric.per_year:
        return divisor, ""
    period = building.reference_study_period
    if period is None:
        category = select_category(building, chosen, schedule_id).category
        period = metric.reference_study_period
        if category is not None:
            period = chosen.study_period_of(category)
    if period is None:
        return None, "the building states no reference study period to divide by"
    return divisor * float(period.magnitude), ""


def _draw_modules(
    ax: Axes, building: Building, indicator: str, chosen: Limit, factor: float, row: LimitCheck
) -> None:
    """Draw the stacked bar of the results counted, the bar of D, and list the others."""
    from climatelimits.lifecycle import ModuleSet  # noqa: PLC0415

    metric = chosen.metric
    module_d = ModuleSet.of("D")
    bottom = 0.0
    left_out: list[str] = []
    for entry in building.results[indicator].entries:
        name = str(entry.modules)
        if entry.value is None:
            left_out.append(f"{name} not declared")
            continue
        height = entry.value * factor
        if entry.modules == module_d:
            ax.bar(_APART, height, width=0.6, color="0.55", hatch="..", label="D")
        elif entry.modules <= metric.modules:
            ax.bar(_COUNTED, height, width=0.6, bottom=bottom, label=name)
            bottom += height
        elif entry.modules.straddles(metric.modules):
            left_out.append(f"{name} {height:.3g} (cannot be split to the scope)")
        else:
            left_out.append(f"{name} {height:.3g} (outside the scope)")
    if left_out:
        _note(ax, "not counted: " + "; ".join(left_out))
    if module_d <= metric.modules and row.value is not None:
        ax.plot(
            [_COUNTED],
            [float(row.value.magnitude)],
            "kD",
            label=f"value compared, with D as the rule counts it: {row.value.magnitude:.3g}",
        )


@_as_written
def breakdown(
    building: Building,
    schedule: LimitSchedule,
    *,
    on: dt.date | None = None,
    limit: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw a building's results per module against a limit, module D apart.

    Each declared result inside the limit's scope is one segment of a stacked bar, in the
    limit's unit: the result divided by the building's area of the limit's area basis (and
    by its reference study period for a per-year limit). Module D has a bar of its own and
    is never stacked into the total; where the limit counts D (as the Dutch MPG does), the
    value compared is marked on the total bar. Results outside the scope, results that
    straddle it and entries declared as not declared are not drawn and are listed in the
    legend. The limit in force (as :func:`climatelimits.check` finds it) is a horizontal
    line.

    Parameters
    ----------
    building
        The building.
    schedule
        The schedule.
    on
        Date that selects the step (default: the building's date the schedule names).
    limit
        Id of the schedule's limit (default: its first).
    ax
        Axes to draw on (default: a new figure's).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes; bar segments are labelled with their modules.

    Raises
    ------
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'climatelimits[plot]'``).
    InvalidInputError
        If ``building`` or ``schedule`` is not of the right type or ``on`` is not a date.
    UnknownReferenceError
        If the schedule has no limit ``limit``.

    Notes
    -----
    A building without results in the limit's indicator, or without the area the limit is
    per m² of, gets an empty plot saying so (and the limit line), not an error: a missing
    input is a verdict, as in :func:`climatelimits.check`. Under a limit that judges each
    part of a mixed-use building on its own, the first part checked is drawn, with its
    own areas and results (its id, ``"<building>/<part>"``, in the title).
    """
    from climatelimits.evaluation import check  # noqa: PLC0415

    feature = "climatelimits.plot.breakdown"
    ax = _axes(ax, feature)
    given = _check_schedule(schedule, feature)
    chosen = _limit_of(given, limit)
    row = _check_row(check(building, given, on=on).checks, chosen.id)
    if row.part is not None:  # a limit on each part: draw the part the verdict is on
        building = building.part_as_building(next(p for p in building.parts if p.id == row.part))
    metric = chosen.metric
    unit = _unit_text(metric)
    indicator = next((i for i in metric.indicators if i in building.results), None)
    divisor, why_not = _divisor(building, chosen, given.id)
    if indicator is None:
        why_not = f"the building declares no {metric.indicator} results"
    if indicator is not None and divisor is not None:
        _draw_modules(ax, building, indicator, chosen, metric.to_unit_factor / divisor, row)
    else:
        _note(ax, f"no breakdown: {why_not}")
    if row.limit is not None:
        since = f" from {row.effective_from}" if row.effective_from else ""
        ax.axhline(
            float(row.limit.magnitude),
            color="black",
            linestyle="--",
            label=_wrap(f"limit {row.limit.magnitude:g} {unit} ({row.category}{since})"),
        )
    else:
        _note(ax, f"no limit value in force ({row.status.value})")
    has_d = indicator is not None and "D" in building.results[indicator].to_mapping()
    apart = "D\n(apart)" if has_d else "D\n(not declared)"
    ax.set_xticks([_COUNTED, _APART], [f"counted\n{metric.modules}", apart])
    ax.margins(y=0.1)
    ax.set_xlim(-0.7, 1.7)
    ax.set_ylabel(_metric_label(metric))
    day = row.on.isoformat() if row.on else "no date"
    ax.set_title(
        f"{building.id} on {day}: {row.status.value}\n"
        f"against {_status_title(given)}, limit {chosen.id}",
        fontsize="medium",
    )
    ax.axhline(0.0, color="0.3", linewidth=0.8)
    _legend(ax)
    _mark_not_adopted(ax, given)
    return ax
