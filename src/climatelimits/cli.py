"""Command-line interface: ``climatelimits check BUILDING --schedule ID_OR_FILE``.

``climatelimits schedules list`` and ``climatelimits schedules show ID`` show the catalogue
of shipped schemes (:mod:`climatelimits.catalogue`).

Exit codes
----------
0
    Every applicable limit passes (for a disclosure schedule: the value is disclosed).
1
    A limit fails.
2
    Bad input or usage (one line on stderr naming the file and field).
3
    No verdict: no limit applies, the building is exempt, or the declaration is incomplete.
4
    Internal error: a bug in climatelimits, to be reported (the traceback is printed with
    ``--debug``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from climatelimits import (
    _cli_calculate,
    _cli_design,
    _cli_import,
    _cli_report,
    _cli_stock,
    _cli_support,
    _cli_validate,
    catalogue,
)
from climatelimits._version import __version__
from climatelimits.exceptions import UnknownReferenceError

if TYPE_CHECKING:
    from climatelimits.buildings import Building
    from climatelimits.evaluation import Assessment, LimitCheck
    from climatelimits.schedules import LimitSchedule

# Each command imports what it needs when it runs (pint alone takes longer to import than
# ``climatelimits schedules list`` takes to run).

__all__ = ["assessment_to_json", "main", "resolve_schedule"]

EXIT_PASS = 0
EXIT_FAIL = 1
EXIT_USAGE = 2
EXIT_NO_VERDICT = 3
EXIT_INTERNAL = _cli_support.EXIT_INTERNAL


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="climatelimits",
        description="Check buildings against embodied-carbon limit schedules.",
    )
    parser.add_argument("--version", action="version", version=f"climatelimits {__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="print the traceback of an internal error (exit code 4); may be given anywhere",
    )
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
        "--schedule",
        required=True,
        action="append",
        metavar="ID_OR_FILE",
        help="a catalogue id (see 'climatelimits schedules list') or a schedule file "
        "(.toml/.json); repeat to check against several schedules, all of which must pass",
    )
    check_cmd.add_argument(
        "--on",
        type=_cli_support.date_argument("--on"),
        default=None,
        metavar="DATE",
        help="date (YYYY-MM-DD) that selects the limit step (default: the building's date "
        "the schedule names, e.g. its permit application)",
    )
    check_cmd.add_argument(
        "--format", choices=("text", "json"), default="text", help=_cli_support.FORMAT_HELP
    )
    _cli_support.add_plot_argument(
        check_cmd,
        "also draw the building's results per module against each limit (module D apart)",
    )
    check_cmd.set_defaults(run=_run_check)

    schedules_cmd = commands.add_parser(
        "schedules",
        help="list and show the catalogue of limit schemes",
        description="The limit schemes shipped with climatelimits, with their sources.",
    )
    schedules_sub = schedules_cmd.add_subparsers(
        dest="schedules_command", metavar="ACTION", parser_class=_Parser, required=True
    )
    list_cmd = schedules_sub.add_parser("list", help="list every scheme: id, status, title")
    list_cmd.add_argument(
        "--format", choices=("text", "json"), default="text", help=_cli_support.FORMAT_HELP
    )
    list_cmd.set_defaults(run=_run_schedules_list)
    show_cmd = schedules_sub.add_parser(
        "show",
        help="show a scheme: limits, categories, steps, exemptions, sources, notes",
        description="Show a catalogue scheme or a schedule file (which is read and checked "
        "first; see also 'climatelimits validate').",
    )
    show_cmd.add_argument("schedule", metavar="ID_OR_FILE", help="catalogue id or file")
    show_cmd.add_argument(
        "--format", choices=("text", "json"), default="text", help=_cli_support.FORMAT_HELP
    )
    show_cmd.set_defaults(run=_run_schedules_show)
    _cli_calculate.register(commands)
    _cli_import.register(commands)
    _cli_validate.register(commands)
    _cli_stock.register(commands)
    _cli_design.register(commands)
    _cli_report.register(commands)
    return parser


def assessment_to_json(assessment: Assessment) -> dict[str, Any]:
    """Return the stable JSON form of an assessment: :meth:`Assessment.to_dict`."""
    return assessment.to_dict()


def _next_step_line(item: LimitCheck) -> str | None:
    from climatelimits.units import format_unit  # noqa: PLC0415

    following = item.next_step
    if following is None:
        return None
    verdict = {
        True: "this building would meet it",
        False: "this building would exceed it",
        None: "no value to compare with it",
    }[following.passes]
    return (
        f"  next step from {following.describe_start()}: limit "
        f"{following.limit.magnitude:g} {format_unit(following.limit.units)}; {verdict}."
    )


def _check_text(assessment: Assessment) -> str:
    from climatelimits.evaluation import describe_source  # noqa: PLC0415

    lines = [assessment.explain().splitlines()[0]]
    for item in assessment.checks:
        lines.append(f"- [{item.status.value}] {item.reason}")
        following = _next_step_line(item)
        if following is not None:
            lines.append(following)
        lines += [f"  source: {describe_source(source)}" for source in item.sources]
    return "\n".join(lines)


def _exit_code(assessments: Sequence[Assessment]) -> int:
    verdicts = [a.passed for a in assessments]
    if False in verdicts:
        return EXIT_FAIL
    if verdicts and all(v is True for v in verdicts):
        return EXIT_PASS
    return EXIT_NO_VERDICT


def resolve_schedule(spec: str, option: str = "--schedule") -> LimitSchedule:
    """Return the schedule a command-line argument names: a file, or else a catalogue id.

    A value naming an existing file, or ending in ``.toml`` or ``.json``, is read as a file;
    anything else is looked up in :mod:`climatelimits.catalogue`.

    Parameters
    ----------
    spec
        The argument.
    option
        The option that gave it, named by the error.

    Raises
    ------
    ClimateLimitsError
        If the file is invalid, or there is no such file and no such catalogue id.
    """
    from climatelimits.io import load_schedule  # noqa: PLC0415

    path = Path(spec)
    if path.suffix.lower() in {".toml", ".json"} or path.is_file():
        return load_schedule(path)
    if spec not in catalogue.ids():
        msg = (
            f"must be a schedule file (.toml or .json) or the id of a catalogue schedule "
            f"({', '.join(catalogue.ids())}); got {spec!r}, which is neither"
        )
        raise UnknownReferenceError(msg, field=option)
    return catalogue.get(spec)


def _run_check(args: argparse.Namespace) -> int:
    from climatelimits.evaluation import check  # noqa: PLC0415
    from climatelimits.io import load_building  # noqa: PLC0415

    _cli_support.check_plot_path(args.plot, None)
    building = load_building(args.building)
    schedules = [resolve_schedule(spec) for spec in args.schedule]
    with _cli_support.about_file(args.building):
        assessments = [check(building, schedule, on=args.on) for schedule in schedules]
    if args.plot:
        _plot_building(building, schedules, args.on, args.plot)
    if args.format == "json":
        documents = [a.to_dict() for a in assessments]
        document: Any = documents[0] if len(documents) == 1 else documents
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("\n\n".join(_check_text(a) for a in assessments) + "\n")
    return _exit_code(assessments)


def _plot_building(
    building: Building, schedules: Sequence[LimitSchedule], on: dt.date | None, path: str
) -> None:
    """Draw one breakdown per schedule and limit into one figure at ``path``."""
    from climatelimits import _plot_output, plot  # noqa: PLC0415

    pairs = [(s, limit.id) for s in schedules for limit in s.limits]
    figure, axes = _plot_output.new_figure(len(pairs))
    for ax, (schedule, limit_id) in zip(axes, pairs, strict=True):
        plot.breakdown(building, schedule, on=on, limit=limit_id, ax=ax)
    _plot_output.write_figure(figure, path)


def _run_schedules_list(args: argparse.Namespace) -> int:
    schedules = catalogue.summaries()
    if args.format == "json":
        rows = [
            {
                "id": s.id,
                "title": s.title,
                "jurisdiction": s.jurisdiction,
                "status": s.status,
            }
            for s in schedules
        ]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return EXIT_PASS
    width = max(len(s.id) for s in schedules)
    lines = [f"{'ID':<{width}}  {'STATUS':<15}  {'WHERE':<14}  TITLE"]
    lines += [
        f"{s.id:<{width}}  {s.status:<15}  {s.jurisdiction:<14}  {s.title}" for s in schedules
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_PASS


def _run_schedules_show(args: argparse.Namespace) -> int:
    from climatelimits._describe import describe_schedule  # noqa: PLC0415
    from climatelimits.io import dumps_schedule  # noqa: PLC0415

    schedule = resolve_schedule(args.schedule, "ID_OR_FILE")
    if args.format == "json":
        text = dumps_schedule(schedule, format="json")
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        sys.stdout.write(describe_schedule(schedule) + "\n")
    return EXIT_PASS


def _subcommands(parser: argparse.ArgumentParser) -> list[str]:
    return [
        name
        for action in parser._actions  # argparse keeps its subparsers here, unnamed
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv
        Arguments without the program name (default: ``sys.argv[1:]``).
    """
    parser = _parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in arguments
    arguments = [a for a in arguments if a != "--debug"]
    try:
        args = parser.parse_args(arguments)
    except _UsageError as exc:
        sys.stderr.write(f"climatelimits: error: {exc}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    if args.command is None:
        parser.print_usage(sys.stderr)
        commands = ", ".join(_subcommands(parser))
        sys.stderr.write(f"climatelimits: error: a command is required (one of: {commands})\n")
        return EXIT_USAGE
    run: Callable[[argparse.Namespace], int] = args.run
    return _cli_support.run_safely(lambda: run(args), debug=debug)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
