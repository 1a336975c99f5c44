"""The ``climatelimits design`` command (internal; registered by :mod:`climatelimits.cli`).

Four actions over a building stock read as ``climatelimits stock check`` reads it (``STOCK
[--mapping FILE]``), each a face of :mod:`climatelimits.design`:

``design percentile STOCK --metric-from SCHEDULE[:LIMIT] -q 50 80 [--by use|category]``
    :func:`climatelimits.design.percentile`: the percentiles of the stock's values under a
    limit's metric, with the buildings used and left out.
``design pass-rates STOCK --schedule ID_OR_FILE [--on DATE ...] [--project CHANGE:UNTIL]``
    :func:`climatelimits.design.pass_rates`: counts per status and pass rates per limit and
    category on each date (by default the first day of every step).
``design propose STOCK --metric-from ... --start DATE:pNN --target DATE:VALUE [...]``
    :func:`climatelimits.design.propose`: a draft schedule whose notes record how it was
    derived; ``-o draft.toml`` writes it as a schedule file.
``design compare STOCK --schedule A --schedule B [--on DATE ...] [--project CHANGE:UNTIL]``
    :func:`climatelimits.design.compare`: the pass rates of several schedules side by side,
    and which pairs measure different things (not comparable, with the reasons).

``--format`` is ``text`` (default), ``json`` (the library's ``to_dict``) or ``csv`` (one row
per group, date or step); ``design propose`` also writes ``toml``, the default, and its
``json`` is the schedule file. ``-o FILE`` writes atomically, never over an input.

``SCHEDULE[:LIMIT]`` is a catalogue id or a schedule file, with the id of one of its limits
when it has several. ``--project CHANGE:UNTIL`` replaces the measured values by a labelled
scenario (:func:`climatelimits.design.project`): every value scaled by ``1 + CHANGE`` per
year from the building's date to ``UNTIL``.

Exit codes: 0 the run worked, 2 bad input (one line on stderr naming the option and value).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import math
import re
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from climatelimits import _cli_stock, _cli_support

if TYPE_CHECKING:
    from climatelimits.design import Comparison, PassRates, Percentiles, ProjectedStock
    from climatelimits.schedules import Limit, LimitSchedule
    from climatelimits.stocks import Stock

# The design module (numpy, pint) is imported when an action runs, not when the command line
# is parsed.

__all__ = ["register"]

# A yearly change is negative more often than not: "-0.03:2030-01-01" must read as a value,
# not as an unknown option. argparse decides with this pattern (its default accepts only a
# bare negative number), per parser.
_NEGATIVE_VALUE = re.compile(r"^-\d+$|^-\d*\.\d+$|^-\d*\.?\d+(?:[eE][-+]?\d+)?:")


def register(commands: Any) -> None:
    """Add the ``design`` subcommand and its four actions to the subparsers ``commands``."""
    parser = commands.add_parser(
        "design",
        help="design a limit path from a building stock: percentiles, pass rates, drafts",
        description="Design limit values from evidence: percentiles of a stock under a "
        "limit's metric, pass rates of schedules on the stock, a draft tightening path, "
        "and schedules compared side by side. Exit codes: 0 the run worked, 2 bad input.",
    )
    actions = parser.add_subparsers(
        dest="design_command", metavar="ACTION", parser_class=type(parser), required=True
    )
    percentile = actions.add_parser(
        "percentile",
        help="percentiles of the stock's values under a limit's metric",
        description="Percentiles (numpy's linear method) of the values of STOCK normalised "
        "under the metric of a schedule's limit; buildings that lack the metric's modules, "
        "area or study period are left out and counted.",
    )
    _cli_stock.add_stock_arguments(percentile)
    _add_metric_from(percentile)
    percentile.add_argument(
        "-q",
        "--percentile",
        dest="q",
        nargs="+",
        required=True,
        metavar="Q",
        help="percentiles in percent, as 80 or p80; several may follow",
    )
    percentile.add_argument(
        "--by",
        choices=("use", "category"),
        help="one row per use, or per category of the limit (default: the whole stock)",
    )
    _cli_support.add_output_arguments(percentile)
    percentile.set_defaults(run=_run_percentile)

    rates = actions.add_parser(
        "pass-rates",
        help="pass rates of a schedule on the stock, per limit, category and date",
        description="Check every building of STOCK against a schedule on each date and count "
        "the statuses; pass rate = pass / (pass + fail).",
    )
    _cli_stock.add_stock_arguments(rates)
    rates.add_argument(
        "--schedule", required=True, metavar="ID_OR_FILE", help="a catalogue id or a file"
    )
    _add_dates_and_scenario(rates, "the first day of every step of the schedule")
    _cli_support.add_output_arguments(rates)
    _cli_support.add_plot_argument(rates, "also draw the pass rates over the dates")
    rates.set_defaults(run=_run_pass_rates)

    propose = actions.add_parser(
        "propose",
        help="a draft schedule from the stock: a path from a start to a target",
        description="Derive a draft limit schedule from STOCK: start at a percentile of the "
        "stock (or a value) and tighten step by step to a target (a value, or a fraction of "
        "the start when 1 or less). The draft's notes record the derivation.",
    )
    _cli_stock.add_stock_arguments(propose)
    _add_metric_from(propose)
    propose.add_argument(
        "--start",
        required=True,
        type=_date_and_level("--start", percentile=True),
        metavar="DATE:LEVEL",
        help="first step: its date and a percentile of the stock (p80) or a value in the "
        "metric's unit, e.g. 2026-01-01:p80",
    )
    propose.add_argument(
        "--target",
        required=True,
        type=_date_and_level("--target", percentile=False),
        metavar="DATE:VALUE",
        help="last step: its date and a value in the metric's unit, or a fraction of the "
        "start when 1 or less, e.g. 2030-01-01:0.5",
    )
    propose.add_argument(
        "--every-years",
        type=_positive_int("--every-years"),
        default=2,
        metavar="N",
        help="years between steps (default 2)",
    )
    propose.add_argument(
        "--shape",
        choices=("linear", "geometric"),
        default="linear",
        help="straight line or constant fraction between steps (default linear)",
    )
    propose.add_argument(
        "--rounding",
        type=_positive_float("--rounding"),
        default=None,
        metavar="STEP",
        help="round every value half up to a multiple of STEP, in the metric's unit",
    )
    propose.add_argument(
        "--categories",
        choices=("any", "use", "limit"),
        default="any",
        help="the draft's categories: one for every use (any, the default), one per use "
        "found in the stock (use), or those of the --metric-from limit (limit); each starts "
        "from the percentile of its own buildings",
    )
    propose.add_argument("--id", default="draft", help="id of the draft (default draft)")
    propose.add_argument("--title", default=None, help="title of the draft")
    _cli_support.add_output_arguments(
        propose,
        formats=("toml", "json", "text", "csv"),
        default=None,
        format_help="output format (default: toml, or json when -o ends in .json)",
    )
    _cli_support.add_plot_argument(propose, "also draw the draft's steps over time")
    propose.set_defaults(run=_run_propose)

    compare = actions.add_parser(
        "compare",
        help="pass rates of several schedules side by side on the stock",
        description="Pass rates of each schedule on STOCK on the same dates, and which pairs "
        "of schedules measure different things (not comparable, with the reasons).",
    )
    _cli_stock.add_stock_arguments(compare)
    compare.add_argument(
        "--schedule",
        required=True,
        action="append",
        metavar="ID_OR_FILE",
        help="a catalogue id or a schedule file; repeat for each schedule",
    )
    _add_dates_and_scenario(compare, "the first day of every step of any of the schedules")
    _cli_support.add_output_arguments(compare)
    _cli_support.add_plot_argument(
        compare, "also draw the pass rates of every schedule over the dates"
    )
    compare.set_defaults(run=_run_compare)
    for action in (rates, compare):
        action._negative_number_matcher = _NEGATIVE_VALUE  # private: see _NEGATIVE_VALUE


def _add_metric_from(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--metric-from",
        required=True,
        metavar="SCHEDULE[:LIMIT]",
        help="the metric of this limit: a catalogue id or a schedule file, and the id of "
        "the limit when the schedule has several (e.g. dk-br18-2025:building)",
    )


def _add_dates_and_scenario(parser: argparse.ArgumentParser, default_dates: str) -> None:
    parser.add_argument(
        "--on",
        nargs="+",
        type=_cli_support.date_argument("--on"),
        default=None,
        metavar="DATE",
        help=f"dates (YYYY-MM-DD) to check on (default: {default_dates})",
    )
    parser.add_argument(
        "--project",
        type=_change_until,
        default=None,
        metavar="CHANGE:UNTIL",
        help="a scenario instead of the measured values: every value changed by CHANGE "
        "per year (-0.03 = 3 %% less a year) from the building's date to UNTIL (YYYY-MM-DD)",
    )


# --- reading the options ---------------------------------------------------------------------


def _usage(message: str) -> argparse.ArgumentTypeError:
    return argparse.ArgumentTypeError(message)


def _finite(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _positive_int(option: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if re.fullmatch(r"\s*\d+\s*", text) is None or int(text) < 1:
            msg = f"{option} must be a whole number of years, 1 or more; got {text!r}"
            raise _usage(msg)
        return int(text)

    return parse


def _positive_float(option: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        value = _finite(text)
        if value is None or value <= 0:
            msg = f"{option} must be a number greater than 0; got {text!r}"
            raise _usage(msg)
        return value

    return parse


def _split_pair(text: str, option: str, shape: str) -> tuple[str, str]:
    first, colon, second = text.partition(":")
    if not colon or not first or not second:
        msg = f"{option} must be {shape}; got {text!r}"
        raise _usage(msg)
    return first, second


def _date_and_level(option: str, *, percentile: bool) -> Callable[[str], tuple[dt.date, Any]]:
    """Return an argparse type reading ``DATE:pNN`` or ``DATE:VALUE`` (pNN is read later)."""
    shape = "DATE:pNN or DATE:VALUE" if percentile else "DATE:VALUE"
    parse_date = _cli_support.date_argument(option)

    def parse(text: str) -> tuple[dt.date, Any]:
        first, second = _split_pair(text, option, shape)
        day = parse_date(first)
        if percentile and second[:1] in {"p", "P"}:
            return day, second  # checked by design.parse_percentile when the action runs
        value = _finite(second)
        if value is None or value <= 0:
            kind = "a percentile pNN or a value" if percentile else "a value"
            msg = f"{option} must be {shape} with {kind} greater than 0; got {text!r}"
            raise _usage(msg)
        return day, value

    return parse


def _change_until(text: str) -> tuple[float, dt.date]:
    first, second = _split_pair(text, "--project", "CHANGE:UNTIL (e.g. -0.03:2030-01-01)")
    change = _finite(first)
    if change is None or change <= -1:
        msg = (
            "--project must be CHANGE:UNTIL with a yearly change above -1 (a fraction: "
            f"-0.03 = 3 % less a year); got {text!r}"
        )
        raise _usage(msg)
    return change, _cli_support.date_argument("--project")(second)


def _percent(text: str, option: str) -> float:
    """Read a percentile (``80`` or ``p80``); an error names ``option``."""
    from climatelimits.design import parse_percentile  # noqa: PLC0415
    from climatelimits.exceptions import InvalidInputError  # noqa: PLC0415

    try:
        return parse_percentile(text)
    except InvalidInputError as exc:
        raise InvalidInputError(exc.relative_message(), field=option) from None


def _resolve_limit(spec: str) -> tuple[LimitSchedule, Limit]:
    """Return the schedule and the limit ``SCHEDULE[:LIMIT]`` names (``--metric-from``).

    A spec naming a file or a catalogue id as a whole is a schedule without a limit id, so
    a file name with a colon in it still works.

    Raises
    ------
    InvalidInputError
        If no limit is named and the schedule has several (listing their ids).
    UnknownReferenceError
        If the schedule has no limit with the id given (listing its ids).
    """
    from climatelimits import catalogue  # noqa: PLC0415
    from climatelimits.cli import resolve_schedule  # noqa: PLC0415 - cli imports this module
    from climatelimits.exceptions import InvalidInputError, UnknownReferenceError  # noqa: PLC0415

    whole = Path(spec).is_file() or spec in catalogue.ids()
    name, colon, limit_id = ("", "", "") if whole else spec.rpartition(":")
    schedule = resolve_schedule(spec if whole or not colon else name, "--metric-from")
    ids = [limit.id for limit in schedule.limits]
    if not colon or whole:
        if len(ids) == 1:
            return schedule, schedule.limits[0]
        msg = (
            f"names schedule {schedule.id!r}, which has {len(ids)} limits ({', '.join(ids)}); "
            f"name one as SCHEDULE:LIMIT, e.g. {spec}:{ids[0]}; got {spec!r}"
        )
        raise InvalidInputError(msg, field="--metric-from")
    for limit in schedule.limits:
        if limit.id == limit_id:
            return schedule, limit
    msg = (
        f"names limit {limit_id!r}, which schedule {schedule.id!r} does not have; its "
        f"limits: {', '.join(ids)}; got {spec!r}"
    )
    raise UnknownReferenceError(msg, field="--metric-from")


def _inputs(args: argparse.Namespace, *specs: str) -> None:
    """Refuse output paths (``-o``, ``--plot``) that name an input or each other."""
    plot = getattr(args, "plot", None)
    _cli_support.check_plot_path(plot, args.output)
    files = [args.stock, args.mapping, *(s for s in specs if Path(s).is_file())]
    for output in (args.output, plot):
        if output is not None:
            _cli_support.refuse_inputs(output, files)


def _draw(path: str | None, panels: int, draw: Callable[[Any, int], object]) -> None:
    """Draw ``panels`` Axes one above the other with ``draw(ax, i)`` into ``path``."""
    if path is None:
        return
    from climatelimits import _plot_output  # noqa: PLC0415

    figure, axes = _plot_output.new_figure(panels)
    for i, ax in enumerate(axes):
        draw(ax, i)
    _plot_output.write_figure(figure, path)


def _scenario_heading(stock: Stock | ProjectedStock) -> str:
    """Say which buildings a scenario moved, and how many it left out; "" for measured."""
    from climatelimits.design import ProjectedStock  # noqa: PLC0415

    if not isinstance(stock, ProjectedStock):
        return ""
    return (
        f"Scenario {stock.scenario}: the values of {len(stock)} of the {stock.source_size} "
        f"buildings moved from their {stock.basis.value} date; {stock.n_left_out} without "
        "that date are left out. Projected values, not measured.\n\n"
    )


def _scenario(stock: Stock, args: argparse.Namespace, basis: Any) -> Stock | ProjectedStock:
    """Return the stock, or its labelled projection when ``--project`` was given.

    Buildings the projection leaves out (no date to count the years from) are named in the
    heading of the text output; for JSON and CSV, which have no heading, a warning on
    stderr says how many.
    """
    if args.project is None:
        return stock
    from climatelimits.design import project  # noqa: PLC0415
    from climatelimits.exceptions import ClimateLimitsWarning, InvalidInputError  # noqa: PLC0415

    change, until = args.project
    try:
        projected = project(stock, change, until, basis=basis)
    except InvalidInputError as exc:
        if exc.field not in {"yearly_change", "until"}:
            raise
        rule = exc.relative_message().rpartition("; got ")[0] or exc.relative_message()
        msg = f"{rule}; got {f'{change:g}:{until.isoformat()}'!r}"
        raise InvalidInputError(msg, field="--project") from None
    if projected.n_left_out and args.format != "text":
        message = (
            f"--project: {projected.n_left_out} of the {projected.source_size} buildings "
            f"state no {projected.basis.value} date and are left out of the scenario "
            f"({len(projected)} moved)"
        )
        warnings.warn(message, ClimateLimitsWarning, stacklevel=2)
    return projected


def _scenario_of_mixed_bases(
    stock: Stock, args: argparse.Namespace, schedules: Sequence[LimitSchedule]
) -> Stock | ProjectedStock:
    """Project from the one kind of date the stock states, for schedules that disagree.

    Raises
    ------
    InvalidInputError
        On ``--project``, naming each schedule's date basis and the dates the stock states,
        when it states several kinds of date (or none): no single scenario then moves the
        values as every schedule would date them.
    """
    import numpy as np  # noqa: PLC0415

    from climatelimits.exceptions import InvalidInputError  # noqa: PLC0415

    stated = [basis.value for basis, days in stock.dates.items() if not np.all(np.isnat(days))]
    if len(stated) == 1:
        return _scenario(stock, args, None)
    each = ", ".join(f"{s.id} by {s.date_basis.value}" for s in schedules)
    msg = (
        f"needs one date to move every building's values from, but the schedules select their "
        f"steps by different dates ({each}) and the stock states "
        f"{'these: ' + ', '.join(stated) if stated else 'no date'}; compare schedules of one "
        f"date basis, or run `design pass-rates --project` on each; got "
        f"{args.project[0]:g}:{args.project[1].isoformat()}"
    )
    raise InvalidInputError(msg, field="--project")


# --- the actions -----------------------------------------------------------------------------


def _run_percentile(args: argparse.Namespace) -> int:
    from climatelimits.design import percentile  # noqa: PLC0415

    _inputs(args, _schedule_part(args.metric_from))
    schedule, limit = _resolve_limit(args.metric_from)
    q = [_percent(text, "-q") for text in args.q]
    reading = _cli_stock.read_stock_argument(args.stock, args.mapping)
    result = percentile(reading.stock, limit, q, by=args.by)
    if args.format == "json":
        text = _json(result.to_dict())
    elif args.format == "csv":
        text = _percentiles_csv(result)
    else:
        source = f"{schedule.id}:{limit.id}"
        text = _cli_stock.stock_heading(reading, args.stock) + _percentiles_text(result, source)
    _cli_support.write_output(text, args.output)
    return 0


def _run_pass_rates(args: argparse.Namespace) -> int:
    from climatelimits import plot  # noqa: PLC0415 - matplotlib only when drawing
    from climatelimits.cli import resolve_schedule  # noqa: PLC0415 - cli imports this module
    from climatelimits.design import pass_rates  # noqa: PLC0415

    _inputs(args, args.schedule)
    schedule = resolve_schedule(args.schedule)
    reading = _cli_stock.read_stock_argument(args.stock, args.mapping)
    stock = _scenario(reading.stock, args, schedule)
    table = pass_rates(stock, schedule, on=args.on)
    _draw(args.plot, 1, lambda ax, _: plot.pass_rates(table, ax=ax))
    if args.format == "json":
        text = _json(table.to_dict())
    elif args.format == "csv":
        text = _pass_rates_csv([table])
    else:
        text = _cli_stock.stock_heading(reading, args.stock) + _scenario_heading(stock)
        text += _pass_rates_text(table)
    _cli_support.write_output(text, args.output)
    return 0


def _run_compare(args: argparse.Namespace) -> int:
    from climatelimits import plot  # noqa: PLC0415 - matplotlib only when drawing
    from climatelimits.cli import resolve_schedule  # noqa: PLC0415 - cli imports this module
    from climatelimits.design import compare  # noqa: PLC0415

    _inputs(args, *args.schedule)
    schedules = [resolve_schedule(spec) for spec in args.schedule]
    reading = _cli_stock.read_stock_argument(args.stock, args.mapping)
    # One date basis for the scenario: the schedules' when they agree, else the stock's own.
    bases = {schedule.date_basis for schedule in schedules}
    if len(bases) == 1 or args.project is None:
        stock = _scenario(reading.stock, args, bases.pop())
    else:
        stock = _scenario_of_mixed_bases(reading.stock, args, schedules)
    comparison = compare(stock, schedules, on=args.on)
    _draw(args.plot, 1, lambda ax, _: plot.pass_rates(comparison, ax=ax))
    if args.format == "json":
        text = _json(comparison.to_dict())
    elif args.format == "csv":
        text = _pass_rates_csv(comparison.tables)
    else:
        text = _cli_stock.stock_heading(reading, args.stock) + _scenario_heading(stock)
        text += _comparison_text(comparison)
    _cli_support.write_output(text, args.output)
    return 0


def _run_propose(args: argparse.Namespace) -> int:
    from climatelimits import plot  # noqa: PLC0415 - matplotlib only when drawing
    from climatelimits._describe import describe_schedule  # noqa: PLC0415
    from climatelimits.design import propose  # noqa: PLC0415
    from climatelimits.exceptions import InvalidInputError  # noqa: PLC0415
    from climatelimits.io import dumps_schedule  # noqa: PLC0415

    _inputs(args, _schedule_part(args.metric_from))
    schedule, limit = _resolve_limit(args.metric_from)
    start_day, start_level = args.start
    if isinstance(start_level, str):
        start_level = _q_label(_percent(start_level, "--start"))
    reading = _cli_stock.read_stock_argument(args.stock, args.mapping)
    try:
        draft = propose(
            reading.stock,
            limit,
            start=(start_day, start_level),
            target=args.target,
            every_years=args.every_years,
            shape=args.shape,
            rounding=args.rounding,
            categories={"any": None, "use": "use", "limit": limit}[args.categories],
            schedule_id=args.id,
            title=args.title,
            date_basis=schedule.date_basis,
        )
    except InvalidInputError as exc:
        option = _PROPOSE_OPTIONS.get(exc.field or "")
        if option is None:
            raise
        raise InvalidInputError(exc.relative_message(), field=option) from None
    limits = [limit.id for limit in draft.limits]
    _draw(args.plot, len(limits), lambda ax, i: plot.schedule(draft, limit=limits[i], ax=ax))
    form = args.format or ("json" if str(args.output).lower().endswith(".json") else "toml")
    if form in {"toml", "json"}:
        text = dumps_schedule(draft, format=form)
        text = text if text.endswith("\n") else text + "\n"
    elif form == "csv":
        text = _steps_csv(draft)
    else:
        text = describe_schedule(draft) + "\n"
    _cli_support.write_output(text, args.output)
    return 0


_PROPOSE_OPTIONS = {
    "start[0]": "--start",
    "start[1]": "--start",
    "target[0]": "--target",
    "target[1]": "--target",
    "rounding": "--rounding",
    "every_years": "--every-years",
}
"""The option of ``design propose`` that gives each argument of :func:`design.propose`."""


def _schedule_part(spec: str) -> str:
    """Return the schedule part of ``SCHEDULE[:LIMIT]`` when it is a file, else ``spec``."""
    name = spec.rpartition(":")[0]
    return name if name and Path(name).is_file() else spec


# --- output ------------------------------------------------------------------------------


def _json(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _number(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.6g}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Lines of a table: the first column left-aligned, the others right-aligned."""
    cells = [list(header), *(list(row) for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    return [
        "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
            for i, cell in enumerate(row)
        ).rstrip()
        for row in cells
    ]


def _q_label(q: float) -> str:
    from climatelimits.design import _label  # noqa: PLC0415

    return _label(q)


def _percentiles_text(result: Percentiles, source: str) -> str:
    from climatelimits.units import format_unit  # noqa: PLC0415

    header = ["group", "n used", "n left out", *(_q_label(q) for q in result.q)]
    rows = [
        [
            group,
            str(int(result.n_used[i])),
            str(int(result.n_left_out[i])),
            *(_number(float(v)) for v in result.values[i]),
        ]
        for i, group in enumerate(result.groups)
    ]
    lines = [
        (
            f"Percentiles of {result.metric.describe()} (from {source}), "
            f"in {format_unit(result.unit)}; numpy's linear method:"
        ),
        "",
        *_table(header, rows),
    ]
    if not rows:
        lines.append(f"(no {result.by or 'group'}: the stock has no buildings)")
    left_out = {reason: count for reason, count in result.left_out.items() if count}
    if left_out:
        lines += ["", f"Left out of the {result.stock_size} buildings:"]
        lines += [f"  {count:>6}  {reason}" for reason, count in left_out.items()]
    return "\n".join(lines) + "\n"


def _percentiles_csv(result: Percentiles) -> str:
    from climatelimits.units import format_unit  # noqa: PLC0415

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["group", "n_used", "n_left_out", *(_q_label(q) for q in result.q), "unit"])
    unit = format_unit(result.unit)
    for i, group in enumerate(result.groups):
        values = [_cli_stock.csv_cell(float(v)) for v in result.values[i]]
        writer.writerow([group, int(result.n_used[i]), int(result.n_left_out[i]), *values, unit])
    return buffer.getvalue()


def _group_label(table: PassRates, group: int) -> str:
    if group == 0:
        return "all limits"
    return f"{table.limit_ids[group]}: {table.categories[group]}"


def _pass_rates_text(table: PassRates) -> str:
    lines = [f"Schedule {table.schedule_id}" + _scenario_note(table.scenario)]
    rates = table.pass_rate
    header = ["", *table.statuses, "pass rate", "limit"]
    for d, day in enumerate(table.dates.tolist()):
        rows = [
            [
                _group_label(table, g),
                *(str(int(n)) for n in table.counts[d, g]),
                "-" if math.isnan(rates[d, g]) else _cli_stock.percent(float(rates[d, g])),
                _limit_cell(float(table.limits[d, g]), _unit_of(table, g)),
            ]
            for g in range(len(table.limit_ids))
        ]
        lines += ["", f"on {day.isoformat()}:", *_table(header, rows)]
    lines += ["", "pass rate = pass / (pass + fail); rows are building x limit."]
    return "\n".join(lines) + "\n"


def _unit_of(table: PassRates, group: int) -> str:
    return table.units[group] if table.units else table.unit


def _limit_cell(value: float, unit: str) -> str:
    return "-" if math.isnan(value) else f"{value:.6g} {unit}"


def _scenario_note(scenario: str | None) -> str:
    if scenario is None:
        return " (measured values):"
    return f" (scenario {scenario}: projected values, not measured):"


def _comparison_text(comparison: Comparison) -> str:
    parts = [_pass_rates_text(table) for table in comparison.tables]
    lines = ["Comparable pairs (same indicator, modules, area, per year, study period):"]
    for a, b, comparable, why in comparison.pairs():
        verdict = "comparable" if comparable else f"NOT comparable ({why or 'the metrics differ'})"
        lines.append(f"  {a} ~ {b}: {verdict}")
    return "\n".join(parts) + "\n" + "\n".join(lines) + "\n"


def _pass_rates_csv(tables: Sequence[PassRates]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    statuses = tables[0].statuses if tables else ()
    head = ("schedule", "scenario", "date", "limit_id", "category")
    writer.writerow([*head, *statuses, "pass_rate", "limit", "unit"])
    for table in tables:
        rates = table.pass_rate
        for d, day in enumerate(table.dates.tolist()):
            for g in range(len(table.limit_ids)):
                writer.writerow(
                    [table.schedule_id, table.scenario or "", day.isoformat()]
                    + [table.limit_ids[g], table.categories[g]]
                    + [int(n) for n in table.counts[d, g]]
                    + [_cli_stock.csv_cell(float(rates[d, g]))]
                    + [_cli_stock.csv_cell(float(table.limits[d, g])), _unit_of(table, g)]
                )
    return buffer.getvalue()


def _steps_csv(schedule: LimitSchedule) -> str:
    from climatelimits.units import format_unit  # noqa: PLC0415

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["limit_id", "category", "from", "value", "unit"])
    for limit in schedule.limits:
        unit = format_unit(limit.metric.unit)
        for key, category in limit.categories.items():
            for step in category.steps:
                value = "" if step.value is None else repr(step.value)
                writer.writerow([limit.id, key, step.start.isoformat(), value, unit])
    return buffer.getvalue()
