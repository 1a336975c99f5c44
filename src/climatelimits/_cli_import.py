"""The ``climatelimits import`` command (internal; registered by :mod:`climatelimits.cli`).

``climatelimits import lcabyg [PROJECT] [--results RESULTS.json] -o BUILDING.toml`` reads an
LCAbyg project and/or results file (:func:`climatelimits.io.lcabyg.import_lcabyg`) and writes
a building file that ``climatelimits check`` reads. ``climatelimits import lcax PROJECT.json
-o BUILDING.toml`` does the same for an LCAx project (:func:`climatelimits.io.lcax.read_lcax`).
Findings are printed on stderr as ``note: [code] message``; the exit code is 0 when the file
was written and 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from climatelimits._cli_calculate import add_area_option, parse_areas
from climatelimits.exceptions import InvalidInputError

if TYPE_CHECKING:
    from climatelimits.buildings import Building
    from climatelimits.products import Finding
    from climatelimits.units import Quantity

# The readers (numpy, pint) are imported when a command runs, not when the command line is
# parsed: ``climatelimits schedules list`` needs none of them.

__all__ = ["register", "run_import_lcabyg", "run_import_lcax"]


class _Uses:
    """The values of UseCategory for argparse's ``choices``, read when first needed."""

    @staticmethod
    def _values() -> list[str]:
        from climatelimits.buildings import UseCategory  # noqa: PLC0415

        return [u.value for u in UseCategory]

    def __contains__(self, value: object) -> bool:
        return value in self._values()

    def __iter__(self) -> Iterator[str]:
        return iter(self._values())


_USES = _Uses()


def register(commands: Any) -> None:
    """Add the ``import`` subcommand (``lcabyg``, ``lcax``) to the subparsers ``commands``."""
    parser = commands.add_parser(
        "import",
        help="import a building from another tool's files",
        description="Read another tool's project or results files and write a building file "
        "(.toml/.json) for 'climatelimits check'. Exit codes: 0 written, 2 bad input.",
    )
    tools = parser.add_subparsers(
        dest="import_command", metavar="TOOL", parser_class=type(parser), required=True
    )
    lcabyg = tools.add_parser(
        "lcabyg",
        help="an LCAbyg project and/or results file (Danish BR18 LCA tool)",
        description="Import an LCAbyg project (a JSON file or an exported project folder) "
        "and/or its results file. With --results, the building's results are LCAbyg's "
        "whole-period values per stage (A1-A3, A4, A5, B4, B6, C3, C4, D, those the file "
        "gives); with a project alone, "
        "they are calculated from its bill of quantities (without B6; not declared at all when "
        "constructions or products of LCAbyg's library are not in the file). Gross area -> "
        "dk_reference, heated area -> dk_heated.",
    )
    lcabyg.add_argument(
        "project", nargs="?", default=None, metavar="PROJECT", help="project .json or folder"
    )
    lcabyg.add_argument("--results", metavar="RESULTS", help="LCAbyg results .json")
    _common(lcabyg)
    lcabyg.set_defaults(run=run_import_lcabyg)
    lcax = tools.add_parser(
        "lcax",
        help="an LCAx project",
        description="Import an LCAx project (.json, format 2.6.x). Its own results are used; "
        "without them, results are calculated from its assemblies.",
    )
    lcax.add_argument("project", metavar="PROJECT", help="LCAx project .json")
    _common(lcax)
    lcax.set_defaults(run=run_import_lcax)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="BUILDING",
        help="building file to write (.toml or .json)",
    )
    parser.add_argument(
        "--use",
        choices=_USES,
        metavar="USE",
        help="the building's use, overriding the file's (required when the files state "
        "none): one of %(choices)s",
    )
    parser.add_argument("--id", dest="building_id", metavar="ID", help="building id")
    add_area_option(parser)
    parser.add_argument(
        "--gwp-indicator",
        choices=("gwp_total", "gwp"),
        default="gwp_total",
        help="indicator the tool's GWP is filed under (default gwp_total)",
    )


def _notes(findings: Iterable[Finding]) -> None:
    for finding in findings:
        sys.stderr.write(f"note: [{finding.code}] {finding.message}\n")


def _with_areas(building: Building, areas: dict[str, Quantity]) -> Building:
    """Return the building with the ``--area`` options added (they win over the files')."""
    if not areas:
        return building
    return attrs.evolve(building, areas={**building.areas, **areas})


def _summary(building: Building, output: str) -> str:
    areas = ", ".join(f"{k} {v.magnitude:g} m²" for k, v in building.areas.items()) or "none"
    period = building.reference_study_period
    years = f"{period.magnitude:g} years" if period is not None else "not stated"
    head = f"wrote {output}: building {building.id} ({building.use.value}), areas: {areas}"
    lines = [f"{head}, study period: {years}"]
    lines += [f"  {results.describe()}" for results in building.results.values()]
    return "\n".join(lines) + "\n"


def run_import_lcabyg(args: argparse.Namespace) -> int:
    """Run ``climatelimits import lcabyg``; return the exit code."""
    from climatelimits._cli_support import about_file, refuse_inputs  # noqa: PLC0415
    from climatelimits.io import dump_building  # noqa: PLC0415
    from climatelimits.io.lcabyg import import_lcabyg  # noqa: PLC0415

    if args.project is None and args.results is None:
        msg = "`import lcabyg` needs a PROJECT file or folder, --results RESULTS.json, or both"
        raise InvalidInputError(msg)
    refuse_inputs(args.output, [args.project, args.results])
    areas = parse_areas(args.area)
    with about_file(args.project or args.results):
        imported = import_lcabyg(
            args.project,
            args.results,
            use=args.use,
            building_id=args.building_id,
            gwp_indicator=args.gwp_indicator,
        )
    building = _with_areas(imported.building, areas)
    dump_building(building, args.output)
    _notes(imported.findings)
    sys.stdout.write(_summary(building, args.output))
    return 0


def run_import_lcax(args: argparse.Namespace) -> int:
    """Run ``climatelimits import lcax``; return the exit code."""
    from climatelimits._cli_support import about_file, refuse_inputs  # noqa: PLC0415
    from climatelimits.io import dump_building  # noqa: PLC0415
    from climatelimits.io.lcax import read_lcax  # noqa: PLC0415

    refuse_inputs(args.output, [args.project])
    areas = parse_areas(args.area)
    project = read_lcax(args.project, gwp_indicator=args.gwp_indicator)
    with about_file(args.project):
        building = project.building(use=args.use, building_id=args.building_id)
    building = _with_areas(building, areas)
    dump_building(building, args.output)
    _notes(project.findings)
    sys.stdout.write(_summary(building, args.output))
    return 0
