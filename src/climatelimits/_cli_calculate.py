"""The ``climatelimits calculate`` command (internal; registered by :mod:`climatelimits.cli`).

``climatelimits calculate BILL --products FILE... [--method METHOD] [--study-period YEARS]
[--format text|json] [-o BUILDING --use USE [--building-id ID] --area NAME=QUANTITY...]``
prints the module results of a bill of quantities and, with ``-o``, writes a building file
whose results come from the bill (its id is the bill's unless ``--building-id`` is given),
so that ``climatelimits check`` works on it.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from climatelimits import _cli_support
from climatelimits.exceptions import InvalidInputError

if TYPE_CHECKING:
    from climatelimits.buildings import Building
    from climatelimits.calculation import Calculation
    from climatelimits.products import Product
    from climatelimits.units import Quantity

# The command's modules (numpy, pint, the readers) are imported when it runs, not when the
# command line is parsed: ``climatelimits schedules list`` needs none of them.

__all__ = ["calculation_to_json", "register", "run_calculate"]


def register(commands: Any) -> None:
    """Add the ``calculate`` subcommand to the argparse subparsers object ``commands``."""
    parser = commands.add_parser(
        "calculate",
        help="calculate module results from a bill of quantities",
        description=(
            "Calculate the module results of BILL (a .toml, .json or .csv bill of quantities) "
            "with the products in the --products files, over the study period. Exit codes: "
            "0 done, 2 bad input."
        ),
    )
    parser.add_argument("bill", metavar="BILL", help="bill of quantities (.toml/.json/.csv)")
    parser.add_argument(
        "--products",
        required=True,
        nargs="+",
        metavar="FILE",
        help="product files: climatelimits products (.toml/.json), ILCD+EPD or openEPD",
    )
    parser.add_argument(
        "--method",
        default=None,
        metavar="METHOD",
        help="LCIA method to take from openEPD product files that give several, e.g. "
        "'EF 3.1' (other product files do not take one)",
    )
    parser.add_argument(
        "--study-period",
        type=_years,
        default=50.0,
        metavar="YEARS",
        help="reference study period in years (default 50)",
    )
    parser.add_argument(
        "--start-year",
        type=int,
        default=None,
        metavar="YEAR",
        help="first year of the study period (for the timing of replacements)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help=_cli_support.FORMAT_HELP
    )
    parser.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="BUILDING",
        help="also write a building file (.toml/.json) with these results",
    )
    parser.add_argument(
        "--building-id",
        default=None,
        metavar="ID",
        help="id of the building (default: the bill's)",
    )
    parser.add_argument("--use", default=None, metavar="USE", help="use of the building")
    add_area_option(parser)
    parser.set_defaults(run=run_calculate)


def _load_all(paths: list[str], method: str | None) -> list[Product]:
    from climatelimits.io.bills import load_products  # noqa: PLC0415

    products: dict[str, tuple[Product, str]] = {}
    takes_method = [p for p in paths if method is not None and _is_openepd(p)]
    if method is not None and not takes_method:
        listed = ", ".join(paths)
        msg = (
            f"applies to openEPD product files; none of the --products ({listed}) is one; "
            f"got {method!r}"
        )
        raise InvalidInputError(msg, field="--method")
    for path in paths:
        options = {"method": method} if path in takes_method else {}
        for product in load_products(path, **options):
            if product.id in products and products[product.id][0] != product:
                msg = (
                    f"`--products` must not give two different products with one id; "
                    f"{product.id!r} is in {products[product.id][1]} and {path}"
                )
                raise InvalidInputError(msg)
            products[product.id] = (product, path)
    return [p for p, _ in products.values()]


def _years(text: str) -> float:
    """Read ``--study-period``: a finite number of years above 0."""
    try:
        years = float(text)
    except ValueError:
        years = math.nan
    if not (math.isfinite(years) and years > 0):
        msg = f"must be a number of years above 0; got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return years


def _is_openepd(path: str) -> bool:
    from climatelimits.io._json_reading import read_text  # noqa: PLC0415
    from climatelimits.io.bills import _sniff  # noqa: PLC0415

    return _sniff(Path(path), read_text(path)) == "openepd"


def add_area_option(parser: argparse.ArgumentParser) -> None:
    """Add the repeatable ``--area NAME=QUANTITY`` option (shared with ``import``)."""
    parser.add_argument(
        "--area",
        action="append",
        default=[],
        metavar="NAME=QUANTITY",
        help="a floor area of the building, e.g. 'dk_reference=1200 m^2' (repeatable)",
    )


def parse_areas(items: list[str]) -> dict[str, Quantity]:
    """Read the ``--area NAME=QUANTITY`` options into area id -> area.

    Raises
    ------
    ClimateLimitsError
        If one is not of that form, names an area twice, or is not an area above 0.
    """
    from climatelimits._validators import positive, quantity_in  # noqa: PLC0415

    areas: dict[str, Quantity] = {}
    for item in items:
        name, sep, quantity = item.partition("=")
        if not sep or not name.strip() or not quantity.strip():
            msg = f"must be NAME=QUANTITY, e.g. 'dk_reference=1200 m^2'; got {item!r}"
            raise InvalidInputError(msg, field="--area")
        if name.strip() in areas:
            msg = f"must name each area once; got {name.strip()!r} twice"
            raise InvalidInputError(msg, field="--area")
        field = f"--area {name.strip()}"
        areas[name.strip()] = positive(quantity_in(quantity.strip(), "m^2", field), field)
    return areas


def calculation_to_json(calc: Calculation) -> dict[str, Any]:
    """Return the stable JSON form of a calculation.

    Keys: ``bill``, ``study_period`` (years), ``results`` (indicator -> ``{"unit",
    "modules": {module set: value or null}, "total": value or null, "total_modules",
    "incomplete": reason or null}``, where the total never includes D) and ``findings``
    (``[{"code", "message", "subject", "values"}]``).
    """
    from climatelimits.units import format_unit  # noqa: PLC0415

    results: dict[str, Any] = {}
    for indicator, values in calc.results.items():
        total = calc.total(indicator)
        results[indicator] = {
            "unit": format_unit(values.unit),
            "modules": {str(e.modules): e.value for e in values.entries},
            "total": None if total.value is None else float(total.value.magnitude),
            "total_modules": str(total.scope),
            "incomplete": total.explain() or None,
        }
    return {
        "bill": calc.bill,
        "study_period": float(calc.study_period.magnitude),
        "results": results,
        "findings": [
            {"code": f.code, "message": f.message, "subject": f.subject, "values": dict(f.values)}
            for f in calc.findings
        ],
    }


def _decimals(values: list[float]) -> int:
    """Decimals that show the largest value with at least four significant digits (1 to 6)."""
    largest = max((abs(v) for v in values if v != 0), default=1.0)
    return min(6, max(1, 3 - math.floor(math.log10(largest))))


def _text(calc: Calculation) -> str:
    from climatelimits.units import format_unit  # noqa: PLC0415

    period = f"{calc.study_period.magnitude:g}"
    lines = [f"Bill {calc.bill}: {len(calc.line_ids)} lines, study period {period} years."]
    for indicator, values in calc.results.items():
        unit = format_unit(values.unit)
        total = calc.total(indicator)
        total_value = None if total.value is None else float(total.value.magnitude)
        shown_values = [e.value for e in values.entries if e.value is not None]
        # One precision per indicator, so that every row of the table reads alike.
        decimals = _decimals([*shown_values, *([] if total_value is None else [total_value])])
        lines.append("")
        lines.append(f"{indicator} [{unit}]")
        for entry in values.entries:
            shown = "not declared" if entry.value is None else f"{entry.value:,.{decimals}f}"
            lines.append(f"  {entry.modules!s:<14} {shown}")
        if total_value is None:
            lines.append(f"  {'total':<14} none: {total.explain()}")
        else:
            shown = f"{total_value:,.{decimals}f}"
            lines.append(f"  {'total':<14} {shown} ({total.scope}, without D)")
    if calc.findings:
        lines.append("")
        lines.append("Findings:")
        lines.extend(f"  - [{f.code}] {f.message}" for f in calc.findings)
    return "\n".join(lines)


def _without_float_noise(calc: Calculation, building: Building) -> Building:
    """Return ``building`` with its results rounded to 12 significant digits.

    Sums of products carry binary noise (``180457.67799999999`` for 180 457.678 kg CO2e);
    twelve significant digits are far below any declared precision and keep files clean.
    """
    from climatelimits.results import IndicatorResults, ResultEntry  # noqa: PLC0415

    rounded = {
        indicator: IndicatorResults(
            indicator,
            [
                ResultEntry(e.modules, None if e.value is None else float(f"{e.value:.12g}"))
                for e in values.entries
            ],
        )
        for indicator, values in calc.results.items()
    }
    return attrs.evolve(building, results=rounded)


def run_calculate(args: argparse.Namespace) -> int:
    """Run ``climatelimits calculate``; return the exit code (0).

    Raises
    ------
    ClimateLimitsError
        For bad input; :func:`climatelimits.cli.main` turns it into exit code 2.
    """
    from climatelimits._cli_support import about_file, refuse_inputs  # noqa: PLC0415
    from climatelimits.calculation import calculate  # noqa: PLC0415
    from climatelimits.io import dump_building  # noqa: PLC0415
    from climatelimits.io.bills import load_bill  # noqa: PLC0415

    if args.output is not None and args.use is None:
        msg = "`-o` needs `--use` to write a building file"
        raise InvalidInputError(msg)
    if args.output is None and (args.building_id or args.use or args.area):
        msg = "`--building-id`, `--use` and `--area` only apply with `-o BUILDING`"
        raise InvalidInputError(msg)
    if args.output is not None:
        refuse_inputs(args.output, [args.bill, *args.products])
    areas = parse_areas(args.area)
    bill = load_bill(args.bill)
    products = _load_all(args.products, args.method)
    with about_file(args.bill):
        calc = calculate(
            bill, products, study_period=f"{args.study_period!r} year", start_year=args.start_year
        )
    if args.output is not None:
        building = calc.to_building(args.building_id or bill.id, args.use, areas=areas)
        dump_building(_without_float_noise(calc, building), args.output)
    if args.format == "json":
        sys.stdout.write(json.dumps(calculation_to_json(calc), indent=2) + "\n")
    else:
        sys.stdout.write(_text(calc) + "\n")
    return 0
