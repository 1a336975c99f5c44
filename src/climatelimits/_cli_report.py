"""The ``climatelimits report`` command (internal; registered by :mod:`climatelimits.cli`).

``climatelimits report BUILDING_OR_STOCK --schedule ID_OR_FILE [...] [--on DATE]
[--mapping FILE] [-o report.html]`` writes one self-contained HTML file
(:mod:`climatelimits.report`): for a building file (``.toml``/``.json``) every verdict with
its reason; for a stock (``.csv``, ``.parquet`` or a folder of building files, read as
``stock check`` reads it) the counts per status and the pass rates; for both, each
schedule with its status, limits, steps, exemptions, sources and notes.

Exit code 0 when the report was written (a failing building is what the report says, not
an error) and 2 on bad input, with one line on stderr naming the file and field. ``-o``
writes through a temporary file in the target folder, moved into place when complete, and
refuses to overwrite an input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from climatelimits import _cli_stock, _cli_support

__all__ = ["register", "run_report"]

BUILDING_SUFFIXES = (".toml", ".json")
STOCK_SUFFIXES = (".csv", ".parquet")


def register(commands: Any) -> None:
    """Add the ``report`` subcommand to the subparsers ``commands``."""
    parser = commands.add_parser(
        "report",
        help="write an HTML report on a building or a stock, to attach to a decision",
        description="Check BUILDING_OR_STOCK (a building file .toml/.json, or a stock: "
        ".csv, .parquet or a folder of building files) against each schedule and write "
        "one self-contained HTML file (no network resources): the verdicts with their "
        "reasons or the pass rates, and each schedule with its status and sources. "
        "Exit codes: 0 the report was written, 2 bad input.",
    )
    parser.add_argument(
        "subject", metavar="BUILDING_OR_STOCK", help="building file, stock table or folder"
    )
    _cli_support.add_schedule_arguments(parser)
    parser.add_argument(
        "--mapping",
        metavar="FILE",
        help="stock mapping file (.toml) that reads a stock table not in the stock layout",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    parser.set_defaults(run=run_report)


def _is_building(path: Path) -> bool:
    """Whether the subject is a building file (else a stock); refuse anything else."""
    from climatelimits.exceptions import InvalidInputError  # noqa: PLC0415

    suffix = path.suffix.lower()
    if suffix in BUILDING_SUFFIXES and not path.is_dir():
        return True
    if suffix in STOCK_SUFFIXES or path.is_dir():
        return False
    msg = (
        f"BUILDING_OR_STOCK must be a building file (.toml, .json), a stock table (.csv, "
        f".parquet) or a folder of building files; got {str(path)!r}"
    )
    raise InvalidInputError(msg)


def run_report(args: argparse.Namespace) -> int:
    """Run ``climatelimits report``; return the exit code."""
    from climatelimits import report  # noqa: PLC0415
    from climatelimits._cli_support import about_file, refuse_inputs  # noqa: PLC0415
    from climatelimits.cli import resolve_schedule  # noqa: PLC0415 - cli imports this module
    from climatelimits.exceptions import InvalidInputError  # noqa: PLC0415
    from climatelimits.io import load_building  # noqa: PLC0415
    from climatelimits.io._output import write_text  # noqa: PLC0415

    subject = Path(args.subject)
    building = _is_building(subject)
    if building and args.mapping is not None:
        msg = f"--mapping applies to stock tables, not to a building file; got {args.mapping!r}"
        raise InvalidInputError(msg)
    if args.output:
        refuse_inputs(args.output, [args.subject, args.mapping, *args.schedule])
    schedules = [resolve_schedule(spec) for spec in args.schedule]
    inputs = [args.subject, *([args.mapping] if args.mapping else [])]
    inputs += [s if Path(s).is_file() else f"{s} (catalogue)" for s in args.schedule]
    if building:
        loaded = load_building(subject)
        with about_file(subject):
            html = report.render_building(loaded, schedules, on=args.on, inputs=inputs)
    else:
        reading = _cli_stock.read_stock_argument(args.subject, args.mapping)
        html = report.render_stock(
            reading.stock,
            schedules,
            on=args.on,
            inputs=inputs,
            provenance=reading.provenance,
        )
    if args.output:
        write_text(args.output, html)
    else:
        sys.stdout.write(html)
    return 0
