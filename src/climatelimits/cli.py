"""Command-line interface: ``climatelimits check BUILDING --schedule FILE``.

Exit codes
----------
0
    Every applicable limit passes.
1
    A limit fails.
2
    Bad input or usage (one line on stderr naming the file and field).
3
    No verdict: no limit applies, or the declaration is incomplete.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from climatelimits._version import __version__
from climatelimits.evaluation import Assessment, LimitCheck, check
from climatelimits.exceptions import ClimateLimitsError
from climatelimits.io import load_building, load_schedule
from climatelimits.units import Quantity, format_unit

__all__ = ["main"]

EXIT_PASS = 0
EXIT_FAIL = 1
EXIT_USAGE = 2
EXIT_NO_VERDICT = 3


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise _UsageError(message)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"--on must be a date YYYY-MM-DD; got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="climatelimits",
        description="Check buildings against embodied-carbon limit schedules.",
    )
    parser.add_argument("--version", action="version", version=f"climatelimits {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check_cmd = commands.add_parser(
        "check",
        help="check a building against a limit schedule",
        description=(
            "Check BUILDING (a .toml or .json file) against a limit schedule. Exit codes: "
            "0 passes, 1 fails a limit, 2 bad input, 3 no verdict."
        ),
    )
    check_cmd.add_argument("building", metavar="BUILDING", help="building file (.toml/.json)")
    check_cmd.add_argument(
        "--schedule", required=True, metavar="FILE", help="schedule file (.toml/.json)"
    )
    check_cmd.add_argument(
        "--on",
        type=_date,
        default=None,
        metavar="DATE",
        help="date that selects the limit step (default: the building's date the "
        "schedule names, e.g. its permit application)",
    )
    check_cmd.add_argument("--format", choices=("text", "json"), default="text")
    check_cmd.set_defaults(run=_run_check)
    return parser


def _magnitude(value: Quantity | None) -> float | None:
    return None if value is None else float(value.magnitude)


def _check_to_json(item: LimitCheck) -> dict[str, Any]:
    unit = None if item.unit is None else format_unit(item.unit)
    next_step = None
    if item.next_step is not None:
        next_step = {
            "from": item.next_step.start.isoformat(),
            "limit": float(item.next_step.limit.magnitude),
            "passes": item.next_step.passes,
        }
    return {
        "schedule": item.schedule,
        "category": item.category,
        "status": item.status.value,
        "reason": item.reason,
        "limit": _magnitude(item.limit),
        "value": _magnitude(item.value),
        "compared_value": _magnitude(item.compared_value),
        "margin": _magnitude(item.margin),
        "unit": unit,
        "effective_from": item.effective_from.isoformat() if item.effective_from else None,
        "next_step": next_step,
        "complies_until": item.complies_until.isoformat() if item.complies_until else None,
    }


def assessment_to_json(assessment: Assessment) -> dict[str, Any]:
    """Return the stable JSON form of an assessment (keys documented in the README)."""
    return {
        "building": assessment.building,
        "on": assessment.on.isoformat() if assessment.on else None,
        "passed": assessment.passed,
        "checks": [_check_to_json(c) for c in assessment.checks],
    }


def _exit_code(assessment: Assessment) -> int:
    if assessment.passed is True:
        return EXIT_PASS
    if assessment.passed is False:
        return EXIT_FAIL
    return EXIT_NO_VERDICT


def _run_check(args: argparse.Namespace) -> int:
    building = load_building(args.building)
    schedule = load_schedule(args.schedule)
    assessment = check(building, schedule, on=args.on)
    if args.format == "json":
        sys.stdout.write(json.dumps(assessment_to_json(assessment), indent=2) + "\n")
    else:
        sys.stdout.write(assessment.explain() + "\n")
    return _exit_code(assessment)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv
        Arguments without the program name (default: ``sys.argv[1:]``).
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        sys.stderr.write(f"climatelimits: error: {exc}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    if args.command is None:
        parser.print_usage(sys.stderr)
        sys.stderr.write("climatelimits: error: a command is required (try: check)\n")
        return EXIT_USAGE
    try:
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except ClimateLimitsError as exc:
        message = " | ".join(line.strip() for line in str(exc).splitlines() if line.strip())
        sys.stderr.write(f"climatelimits: error: {message}\n")
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
