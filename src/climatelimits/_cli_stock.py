"""The ``climatelimits stock`` command (internal; registered by :mod:`climatelimits.cli`).

``climatelimits stock check STOCK [--mapping FILE] --schedule ID_OR_FILE [...] [--on DATE]
[--format text|json|csv] [-o FILE]`` reads a building stock (:func:`climatelimits.read_stock`)
and checks every building against each schedule (:func:`climatelimits.check_stock`).

- ``text``: per schedule, counts per status and the pass rate, overall and per category;
- ``json``: per schedule ``{"schedule", "on", "buildings", "status_counts", "pass_rate",
  "by_category": {CATEGORY: {"status_counts", "pass_rate"}}, ...}``
  (:meth:`StockSummary.to_dict`), a list when several schedules are given;
- ``csv``: one row per building x limit (per part x limit where a limit judges each part)
  with ``id, part, schedule, limit_id, category, status, limit, value, compared_value,
  margin, unit, effective_from, complies_until, reason`` (``part`` empty for a building).

Exit code 0 when the run worked (failing buildings are data, not an error) and 2 on bad
input, with one line on stderr naming the file, row and column. ``-o`` writes through a
temporary file in the target folder, moved into place when complete.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from climatelimits import _cli_support

if TYPE_CHECKING:
    from climatelimits.io.stock_files import StockReading
    from climatelimits.stocks import StockAssessment, StockSummary

# The readers and the kernels (numpy, pint) are imported when the command runs, not when
# the command line is parsed.

__all__ = [
    "CSV_COLUMNS",
    "add_stock_arguments",
    "csv_cell",
    "percent",
    "read_stock_argument",
    "register",
    "run_stock_check",
    "stock_heading",
]

CSV_COLUMNS = (
    "id",
    "part",
    "schedule",
    "limit_id",
    "category",
    "status",
    "limit",
    "value",
    "compared_value",
    "margin",
    "unit",
    "effective_from",
    "complies_until",
    "reason",
)
"""Columns of ``--format csv``, in order."""

_STATUSES = ("pass", "fail", "incomplete", "not_applicable", "exempt")
# A disclosure schedule's rows are "disclosed": their column is shown when a row has it.
_DISCLOSED = "disclosed"


def register(commands: Any) -> None:
    """Add the ``stock`` subcommand (``check``) to the subparsers ``commands``."""
    parser = commands.add_parser(
        "stock",
        help="check a building stock (a table or a folder of buildings) at once",
        description="Work on building stocks: many buildings in one CSV or Parquet table, "
        "or a folder of building files.",
    )
    actions = parser.add_subparsers(
        dest="stock_command", metavar="ACTION", parser_class=type(parser), required=True
    )
    check = actions.add_parser(
        "check",
        help="check every building of a stock against limit schedules",
        description="Check every building of STOCK (.csv, .parquet, or a folder of "
        ".toml/.json building files) against each schedule; print counts per status and "
        "pass rates (pass / (pass + fail)). Exit codes: 0 the run worked, 2 bad input.",
    )
    add_stock_arguments(check)
    _cli_support.add_schedule_arguments(check)
    _cli_support.add_output_arguments(check)
    _cli_support.add_plot_argument(
        check,
        "also draw the distribution of the values with the limits in force and the pass "
        "rate, per schedule and limit,",
    )
    check.set_defaults(run=run_stock_check)


def run_stock_check(args: argparse.Namespace) -> int:
    """Run ``climatelimits stock check``; return the exit code."""
    from climatelimits.cli import resolve_schedule  # noqa: PLC0415 - cli imports this module
    from climatelimits.stocks import check_stock  # noqa: PLC0415

    _cli_support.check_plot_path(args.plot, args.output)
    if args.output:
        _cli_support.refuse_inputs(args.output, [args.stock, args.mapping, *args.schedule])
    schedules = [resolve_schedule(spec) for spec in args.schedule]
    reading = read_stock_argument(args.stock, args.mapping)
    with _cli_support.about_file(args.stock):  # a building's values out of range
        assessments: list[StockAssessment] = [
            check_stock(reading.stock, schedule, on=args.on) for schedule in schedules
        ]
    if args.format == "json":
        documents = [a.summary().to_dict() for a in assessments]
        document: Any = documents[0] if len(documents) == 1 else documents
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    elif args.format == "csv":
        buffer = io.StringIO()
        _write_csv(buffer, assessments)
        text = buffer.getvalue()
    else:
        text = stock_heading(reading, args.stock)
        text += "\n".join(_summary_text(a.summary()) for a in assessments)
    if args.plot:
        _plot_stock(assessments, args.plot)
    _cli_support.write_output(text, args.output)
    return 0


def add_stock_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``STOCK`` argument and ``--mapping FILE`` to ``parser``."""
    parser.add_argument("stock", metavar="STOCK", help="stock table (.csv/.parquet) or folder")
    parser.add_argument(
        "--mapping",
        metavar="FILE",
        help="stock mapping file (.toml) that reads a table not in the stock layout",
    )


def read_stock_argument(path: str, mapping: str | None) -> StockReading:
    """Read the stock at ``path`` through the ``mapping`` file, with its provenance.

    A progress bar goes to stderr when it is a terminal.

    Raises
    ------
    DataFormatError
        As :func:`climatelimits.read_stock`.
    """
    from climatelimits.io.stock_files import read_stock_with_provenance  # noqa: PLC0415

    progress = sys.stderr is not None and sys.stderr.isatty()
    return read_stock_with_provenance(path, mapping, progress=progress)


def stock_heading(reading: StockReading, path: str) -> str:
    """Return the text heading of a report on a stock: its name and how it was read."""
    notes = "".join(f"  {line}\n" for line in reading.provenance)
    return f"Stock {reading.stock.name or path}:\n{notes}\n"


def _plot_stock(assessments: Sequence[StockAssessment], path: str) -> None:
    """Draw one distribution per schedule and limit into one figure at ``path``."""
    from climatelimits import _plot_output, plot  # noqa: PLC0415

    pairs = [(a, limit.id) for a in assessments for limit in a.schedule.limits]
    figure, axes = _plot_output.new_figure(len(pairs))
    for ax, (assessment, limit_id) in zip(axes, pairs, strict=True):
        plot.stock(assessment, limit=limit_id, ax=ax)
    _plot_output.write_figure(figure, path)


def _write_csv(stream: IO[str], assessments: Sequence[StockAssessment]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for assessment in assessments:
        columns = assessment.records_columns()
        cells = [[csv_cell(v) for v in columns[name].tolist()] for name in CSV_COLUMNS]
        writer.writerows(zip(*cells, strict=True))


def csv_cell(value: Any) -> str:
    """Return a CSV cell: floats in full (``repr``), NaN as an empty cell."""
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    return str(value)


def percent(value: float | None) -> str:
    """Return a rate as a percentage with one decimal (``"69.2 %"``), ``"-"`` for None."""
    return "-" if value is None else f"{100 * value:.1f} %"


def _summary_text(summary: StockSummary) -> str:
    on = summary.on.isoformat() if summary.on else "each building's own date"
    verdicts = summary.building_verdicts
    head = (
        f"Schedule {summary.schedule}, on {on}: {summary.buildings} buildings; "
        f"{verdicts['pass']} pass every limit, {verdicts['fail']} fail one, "
        f"{verdicts['no_verdict']} get no verdict."
    )
    lines = [head, ""]
    rows = [("all rows", summary.overall)]
    rows += [(f"category {key}", counts) for key, counts in summary.by_category.items()]
    width = max(len(label) for label, _ in rows)
    statuses = _STATUSES + ((_DISCLOSED,) if summary.overall.counts[_DISCLOSED] else ())
    header = f"{'':<{width}}  " + "  ".join(f"{s:>14}" for s in statuses) + "  pass rate"
    lines.append(header)
    for label, counts in rows:
        cells = "  ".join(f"{counts.counts[s]:>14}" for s in statuses)
        lines.append(f"{label:<{width}}  {cells}  {percent(counts.pass_rate):>9}")
    lines.append("pass rate = pass / (pass + fail); rows are building x limit.")
    return "\n".join(lines) + "\n"
