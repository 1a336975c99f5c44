"""Self-contained HTML reports that a city can attach to a decision.

:func:`render_building` reports one building checked against one or more schedules: every
verdict with its reason, and each schedule with its status, limits, steps, exemptions,
sources and notes. :func:`render_stock` reports a building stock: counts per status and
pass rates, overall, per category and per limit, for each schedule.

The result is one HTML5 document that loads nothing: its style sheet is inline, plots are
inline SVG (:mod:`climatelimits.plot`, when matplotlib is installed; otherwise the report
says they were left out), and links to cited sources are plain links. Every text that
comes from a file (ids, titles, reasons, notes) is escaped; only the SVG that matplotlib
writes, which escapes the texts it draws, is inserted as markup. Needs
``climatelimits[report]`` (Jinja2).

Examples
--------
>>> import climatelimits as cl
>>> from climatelimits.report import render_building
>>> building = cl.load_building("examples/oceanhamnen-k3.toml")
>>> schedule = cl.load_schedule("examples/example-tightening.toml")
>>> html = render_building(building, schedule)
>>> html.startswith("<!DOCTYPE html>")
True
>>> "FAILS" in html
True
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from climatelimits._optional import import_optional
from climatelimits._version import __version__
from climatelimits.exceptions import InvalidInputError, MissingOptionalDependencyError

if TYPE_CHECKING:
    from climatelimits.buildings import Building
    from climatelimits.design import Comparison, PassRates
    from climatelimits.evaluation import Assessment, LimitCheck
    from climatelimits.schedules import LimitSchedule
    from climatelimits.stocks import StatusCounts, Stock, StockAssessment

__all__ = ["render_building", "render_stock"]

STATUSES = ("pass", "fail", "incomplete", "not_applicable", "exempt", "disclosed")
"""Status columns of the stock tables, in order (the values of ``CheckStatus``)."""

_NOT_BINDING = {
    "draft": "DRAFT: this schedule is a draft for discussion; it is not a rule of anyone.",
    "proposal": "PROPOSAL: this schedule is proposed, not adopted; a check against it "
    'answers "would it pass?".',
    "illustrative": "ILLUSTRATIVE: this schedule is an example, not a rule of anyone.",
    "superseded": "SUPERSEDED: this schedule has been replaced; it applies only to "
    "buildings dated before its end date.",
    "voluntary": "VOLUNTARY: this schedule is a voluntary class or commitment.",
}
"""Banner shown above a schedule whose status is not binding law or a binding condition."""

# Characters an HTML document may not hold (C0 and C1 controls other than whitespace, lone
# surrogates, noncharacters; WHATWG HTML 13.2.3.5, "Preprocessing the input stream").
_NOT_IN_HTML = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)

_VERDICTS = {True: ("PASSES", "pass"), False: ("FAILS", "fail"), None: ("NO VERDICT", "none")}


def _html_text(value: object) -> object:
    r"""Return a text as an HTML document can hold it (before escaping).

    Line ends become ``\n``; characters HTML forbids become ``\uXXXX`` escapes, as the
    command line shows them. Markup (our own SVG) is left as it is.
    """
    if not isinstance(value, str) or hasattr(value, "__html__"):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_IN_HTML.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


@functools.cache
def _environment() -> Any:
    """Return the Jinja2 environment: this package's templates, autoescape on for all."""
    jinja2 = import_optional("jinja2", "report", feature="climatelimits.report")
    from climatelimits._describe import category_covers, describe_rounding  # noqa: PLC0415
    from climatelimits.units import format_unit  # noqa: PLC0415

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("climatelimits.report", "templates"),
        autoescape=True,
        finalize=_html_text,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["number"] = _number
    environment.filters["percent"] = _percent
    environment.globals.update(
        covers=category_covers,
        rounding=describe_rounding,
        format_unit=format_unit,
        banner=_NOT_BINDING.get,
        statuses=STATUSES,
    )
    return environment


def _number(value: float | None) -> str:
    """Return a number as a report shows it: six significant digits, ``"-"`` for none.

    Values of a million or more are shown whole, with thousands separators.

    Examples
    --------
    >>> _number(265.0), _number(-5.0), _number(12.04999), _number(1378000.0), _number(None)
    ('265', '-5', '12.05', '1,378,000', '-')
    """
    if value is None or math.isnan(value):
        return "-"
    if abs(value) >= 1e6:
        return f"{value:,.0f}"
    return f"{value:.6g}"


def _percent(rate: float | None) -> str:
    """Return a pass rate as a percentage with one decimal, ``"-"`` for none.

    Examples
    --------
    >>> _percent(9 / 13), _percent(None)
    ('69.2 %', '-')
    """
    return "-" if rate is None or math.isnan(rate) else f"{100 * rate:.1f} %"


def _schedules(schedules: object) -> list[LimitSchedule]:
    from climatelimits import _verdicts  # noqa: PLC0415

    given: Sequence[object]
    if isinstance(schedules, str) or not isinstance(schedules, Sequence):
        given = [schedules]
    else:
        given = schedules
    if not given:
        msg = "`schedules` must name at least one schedule; got an empty sequence"
        raise InvalidInputError(msg)
    return [_verdicts.resolve_schedule(s) for s in given]


def _inputs(inputs: Sequence[str | Path]) -> list[str]:
    if isinstance(inputs, str | Path) or not all(isinstance(i, str | Path) for i in inputs):
        msg = f"`inputs` must be a sequence of file names; got {inputs!r}"
        raise InvalidInputError(msg)
    return [str(i) for i in inputs]


def _generated(generated: dt.datetime | None) -> str:
    given: object = dt.datetime.now(dt.timezone.utc) if generated is None else generated
    if not isinstance(given, dt.datetime):
        msg = f"`generated` must be a datetime; got {generated!r}"
        raise InvalidInputError(msg)
    return given.isoformat(timespec="seconds")


def _next_step(item: LimitCheck) -> str:
    following = item.next_step
    if following is None:
        return ""
    outcome = {True: "would meet it", False: "would exceed it", None: "no value to compare"}
    return (
        f"{_number(float(following.limit.magnitude))} from {following.describe_start()} "
        f"({outcome[following.passes]})"
    )


def _assessment_view(assessment: Assessment, schedule: LimitSchedule) -> dict[str, Any]:
    from climatelimits._assessment_dict import check_to_dict  # noqa: PLC0415

    verdict, kind = _VERDICTS[assessment.passed]
    checks = []
    for item in assessment.checks:
        row = check_to_dict(item)
        row["next_step_text"] = _next_step(item)
        checks.append(row)
    return {
        "schedule_id": assessment.schedule,
        "schedule_status": schedule.status.value,
        "on": assessment.on.isoformat() if assessment.on else None,
        "verdict": verdict,
        "verdict_class": kind,
        "checks": checks,
    }


def _counts_row(label: str, counts: StatusCounts) -> dict[str, Any]:
    return {
        "label": label,
        "counts": [counts.counts.get(s, 0) for s in STATUSES],
        "total": counts.total,
        "pass_rate": counts.pass_rate,
    }


def _stock_view(assessment: StockAssessment) -> dict[str, Any]:
    summary = assessment.summary()
    return {
        "schedule_id": summary.schedule,
        "on": summary.on.isoformat() if summary.on else None,
        "buildings": summary.buildings,
        "building_verdicts": dict(summary.building_verdicts),
        "overall": _counts_row("all rows", summary.overall),
        "by_category": [_counts_row(f"category {k}", v) for k, v in summary.by_category.items()],
        "by_limit": [_counts_row(f"limit {k}", v) for k, v in summary.by_limit.items()],
    }


_NO_MATPLOTLIB = (
    "Plots are left out: matplotlib is not installed (pip install 'climatelimits[plot]')."
)
_SVG_ID = re.compile(r'\bid="([^"]+)"')
_SVG_REFERENCE = re.compile(r'(\bid="|#)([^"\s)#]+)(?=[")])')


class _Figures:
    """Draws a report's plots as inline SVG, or records why there are none.

    Each figure's element ids get a prefix of their own: matplotlib names the groups of
    every figure alike (``figure_1``, ``axes_1``), and ids must be unique in a document.
    """

    def __init__(self, wanted: bool) -> None:
        self.note: str | None = None
        self._count = 0
        self._markup: Any = None
        if not wanted:
            return
        try:
            import_optional("matplotlib", "plot", feature="plots in climatelimits.report")
        except MissingOptionalDependencyError:
            self.note = _NO_MATPLOTLIB
            return
        self._markup = import_optional("markupsafe", "report").Markup

    def draw(self, caption: str, plot: Callable[..., object]) -> dict[str, Any] | None:
        """Return ``{"caption", "svg"}``, or None without plots."""
        if self._markup is None:
            return None
        from climatelimits._plot_output import new_figure, svg_text  # noqa: PLC0415

        figure, (ax,) = new_figure(1)
        plot(ax=ax)
        text = svg_text(figure)
        self._count += 1
        prefix = f"f{self._count}-"
        names = set(_SVG_ID.findall(text))
        text = _SVG_REFERENCE.sub(
            lambda m: f"{m[1]}{prefix}{m[2]}" if m[2] in names else m[0], text
        )
        return {"caption": caption, "svg": self._markup(text)}


def _header(inputs: Sequence[str | Path], generated: dt.datetime | None) -> dict[str, Any]:
    """Return what the header of every report shows, checked before any work is done."""
    return {"version": __version__, "generated": _generated(generated), "inputs": _inputs(inputs)}


def _render(
    template: str,
    title: str,
    header: dict[str, Any],
    schedules: list[LimitSchedule],
    figures: _Figures,
    **context: Any,
) -> str:
    """Render ``template`` with the header every report has and the schedules' sections."""
    from climatelimits import plot  # noqa: PLC0415

    page = _environment().get_template(template)
    steps = [
        [
            figures.draw(
                f"Steps of limit {limit.id} over time, per category",
                functools.partial(plot.schedule, schedule, limit=limit.id),
            )
            for limit in schedule.limits
            if not schedule.is_disclosure
        ]
        for schedule in schedules
    ]
    return str(
        page.render(
            title=title,
            schedules=list(zip(schedules, steps, strict=True)),
            plots_note=figures.note,
            **header,
            **context,
        )
    )


def _pass_rate_rows(table: PassRates) -> list[dict[str, Any]]:
    """Rows of the pass-rate table: group by group (the whole schedule first), date by date."""
    rows = table.to_dict()["rows"]
    groups = list(dict.fromkeys((r["limit_id"], r["category"]) for r in rows))
    rows.sort(key=lambda r: groups.index((r["limit_id"], r["category"])))
    return [
        {
            "limit_id": row["limit_id"] or "all limits",
            "category": row["category"],
            "date": row["date"],
            "limit": row["limit"],
            "unit": row["unit"],
            "counts": [row["counts"].get(s, 0) for s in STATUSES],
            "total": sum(row["counts"].values()),
            "pass_rate": row["pass_rate"],
        }
        for row in rows
    ]


def _pass_rate_days(days: Sequence[dt.date] | None) -> tuple[dt.date, ...] | None:
    """Return the dates of the pass-rate tables; an error names ``pass_rates_on``."""
    from climatelimits import design  # noqa: PLC0415

    if days is None:
        return None
    try:
        return design._dates(days, ())  # read as design.pass_rates reads `on`
    except InvalidInputError as exc:
        raise InvalidInputError(exc.relative_message(), field="pass_rates_on") from None


def _comparison_view(comparison: Comparison, figures: _Figures) -> dict[str, Any]:
    """Return the pass rates of the schedules side by side, and the pairs not comparable."""
    from climatelimits import plot  # noqa: PLC0415

    ids = comparison.schedule_ids
    rates = [t.pass_rate[:, 0] for t in comparison.tables]
    dates = [str(d) for d in comparison.tables[0].dates]
    return {
        "schedule_ids": ids,
        "rows": [
            {"date": day, "rates": [float(r[k]) for r in rates]} for k, day in enumerate(dates)
        ],
        "not_comparable": [
            (a, b, why) for a, b, comparable, why in comparison.pairs() if not comparable
        ],
        "figures": [
            figures.draw(
                "Pass rates of the schedules side by side",
                functools.partial(plot.pass_rates, comparison),
            )
        ],
    }


def render_building(
    building: Building,
    schedules: LimitSchedule | str | Sequence[LimitSchedule | str],
    *,
    on: dt.date | None = None,
    inputs: Sequence[str | Path] = (),
    plots: bool = True,
    generated: dt.datetime | None = None,
) -> str:
    """Return the HTML report of a building checked against one or more schedules.

    The report holds, per schedule, the verdict and each limit check (status, limit,
    value, compared value, margin, step in force, next step and the reason), then each
    schedule: title, id, status (a draft, proposal or example is marked as such in a
    banner), jurisdiction, limits with their metric and rounding, categories with their
    steps, exemptions, sources with links, and notes.

    Parameters
    ----------
    building
        The building, as :func:`climatelimits.io.load_building` reads it.
    schedules
        A :class:`~climatelimits.schedules.LimitSchedule`, a catalogue id, or a sequence
        of them; the building is checked against each (:func:`climatelimits.check`).
    on
        Date that selects the limit steps (default: the building's own date that each
        schedule names).
    inputs
        Names of the files the report was made from, listed in its header.
    plots
        Draw the plots as inline SVG (needs ``climatelimits[plot]``; without matplotlib
        the report says that they were left out).
    generated
        Time of generation shown in the header (default: now, in UTC).

    Returns
    -------
    str
        One HTML5 document that loads no network resource.

    Raises
    ------
    InvalidInputError
        If ``building`` is not a :class:`~climatelimits.buildings.Building`, no schedule is
        given, or an argument has the wrong type.
    UnknownReferenceError
        If a catalogue id is not in the catalogue.
    MissingOptionalDependencyError
        If Jinja2 is not installed (``pip install 'climatelimits[report]'``).
    """
    from climatelimits import plot  # noqa: PLC0415
    from climatelimits.buildings import Building  # noqa: PLC0415
    from climatelimits.evaluation import check  # noqa: PLC0415

    given: object = building
    if not isinstance(given, Building):
        msg = f"`building` must be a Building; got {type(building).__name__}"
        raise InvalidInputError(msg)
    header = _header(inputs, generated)
    chosen = _schedules(schedules)
    figures = _Figures(plots)
    views = []
    for schedule in chosen:
        view = _assessment_view(check(building, schedule, on=on), schedule)
        view["figures"] = [
            figures.draw(
                f"Results per module against limit {limit.id}",
                functools.partial(plot.breakdown, building, schedule, on=on, limit=limit.id),
            )
            for limit in schedule.limits
        ]
        views.append(view)
    return _render(
        "building.html.j2",
        f"Embodied-carbon limits: building {building.id}",
        header,
        chosen,
        figures,
        building=building,
        assessments=views,
    )


def render_stock(
    stock: Stock,
    schedules: LimitSchedule | str | Sequence[LimitSchedule | str],
    *,
    on: dt.date | None = None,
    inputs: Sequence[str | Path] = (),
    provenance: Sequence[str] = (),
    pass_rates_on: Sequence[dt.date] | None = None,
    plots: bool = True,
    generated: dt.datetime | None = None,
) -> str:
    """Return the HTML report of a building stock checked against one or more schedules.

    Per schedule: the buildings that pass every limit, fail one or get no verdict; the
    rows (building x limit) per status with the pass rate, pass / (pass + fail), overall,
    per category and per limit (:meth:`climatelimits.stocks.StockSummary.to_dict`); the
    pass rates with every building judged on each of a list of dates, by default the
    first days of the schedule's steps (:func:`climatelimits.design.pass_rates`). With
    several schedules, their pass rates side by side on the same dates
    (:func:`climatelimits.design.compare`), naming each pair that measures different
    things. Then each schedule as :func:`render_building` shows it.

    Parameters
    ----------
    stock
        The buildings (:func:`climatelimits.io.read_stock`).
    schedules
        A :class:`~climatelimits.schedules.LimitSchedule`, a catalogue id, or a sequence
        of them (:func:`climatelimits.check_stock`).
    on
        Date that selects the limit steps (default: each building's own date).
    inputs
        Names of the files the report was made from, listed in its header.
    provenance
        How the stock was read, one sentence each
        (:attr:`climatelimits.io.stock_files.StockReading.provenance`).
    pass_rates_on
        Dates of the pass-rate tables (default: the first day of every step of each
        schedule; for the comparison, of every schedule).
    plots
        Draw the plots as inline SVG, as :func:`render_building` does.
    generated
        Time of generation shown in the header (default: now, in UTC).

    Returns
    -------
    str
        One HTML5 document, as :func:`render_building` returns.

    Raises
    ------
    InvalidInputError
        If ``stock`` is not a :class:`~climatelimits.stocks.Stock`, no schedule is given,
        or an argument has the wrong type.
    ClimateLimitsError
        For a catalogue id not in the catalogue, or Jinja2 not installed, as
        :func:`render_building` raises.
    """
    from climatelimits import design, plot  # noqa: PLC0415
    from climatelimits.stocks import Stock, check_stock  # noqa: PLC0415

    given: object = stock
    if not isinstance(given, Stock):
        msg = f"`stock` must be a Stock; got {type(stock).__name__}"
        raise InvalidInputError(msg)
    if isinstance(provenance, str) or not all(isinstance(p, str) for p in provenance):
        msg = f"`provenance` must be a sequence of texts; got {provenance!r}"
        raise InvalidInputError(msg)
    header = _header(inputs, generated)
    chosen = _schedules(schedules)
    pass_rates_on = _pass_rate_days(pass_rates_on)
    figures = _Figures(plots)
    views = []
    for schedule in chosen:
        assessment: StockAssessment = check_stock(stock, schedule, on=on)
        view = _stock_view(assessment)
        table = design.pass_rates(stock, schedule, on=pass_rates_on)
        view["pass_rates"] = _pass_rate_rows(table)
        view["pass_rate_figures"] = [
            figures.draw(
                "Pass rates over the dates, every building judged on each",
                functools.partial(plot.pass_rates, table),
            )
        ]
        view["figures"] = [
            figures.draw(
                f"Values under limit {limit.id}, with the limits in force",
                functools.partial(plot.stock, assessment, limit=limit.id),
            )
            for limit in schedule.limits
        ]
        views.append(view)
    comparison = None
    if len(chosen) > 1:
        comparison = _comparison_view(design.compare(stock, chosen, on=pass_rates_on), figures)
    name = stock.name or "(unnamed)"
    return _render(
        "stock.html.j2",
        f"Embodied-carbon limits: stock {name}",
        header,
        chosen,
        figures,
        stock_name=name,
        stock_size=len(stock),
        provenance=list(provenance),
        summaries=views,
        comparison=comparison,
    )
