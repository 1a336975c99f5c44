"""The ``climatelimits validate FILE...`` command (internal; registered by the CLI).

Each file is read with the reader of its kind, told by its ``format`` key (or, without one,
by its keys: ``limits``, or the single-limit shorthand's ``metric`` or ``categories``, for a
schedule, ``lines`` for a bill, ``products`` for products, otherwise a building; a ``.csv``
file is a bill). A valid file gives one line on standard
output; every problem of an invalid one gives one line on standard error, naming the file
and the path inside it. Exit codes: 0 every file is valid, 2 a file is not.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from climatelimits.exceptions import ClimateLimitsError, DataFormatError

__all__ = ["kind_of", "register", "run_validate"]


@functools.cache
def _readers() -> dict[str, tuple[str, Callable[..., Any]]]:
    """Format tag -> (kind, reader); the readers are imported when a file is validated."""
    from climatelimits.io import (  # noqa: PLC0415 - pint and the readers, on first use
        BUILDING_FORMAT,
        SCHEDULE_FORMAT,
        building_from_dict,
        schedule_from_dict,
    )
    from climatelimits.io._stock_mapping import (  # noqa: PLC0415
        MAPPING_FORMAT,
        StockMapping,
    )
    from climatelimits.io.bills import (  # noqa: PLC0415
        BILL_FORMAT,
        PRODUCTS_FORMAT,
        bill_from_dict,
        products_from_dict,
    )

    def stock_mapping(data: Any, *, source: str) -> Any:
        return StockMapping.from_dict(data, source)

    return {
        BUILDING_FORMAT: ("building", building_from_dict),
        SCHEDULE_FORMAT: ("schedule", schedule_from_dict),
        BILL_FORMAT: ("bill", bill_from_dict),
        PRODUCTS_FORMAT: ("products", products_from_dict),
        MAPPING_FORMAT: ("stock mapping", stock_mapping),
    }


_BY_KEY = (
    ("limits", "schedule"),
    ("metric", "schedule"),  # the single-limit shorthand of a schedule
    ("categories", "schedule"),
    ("lines", "bill"),
    ("products", "products"),
)
"""Top-level key -> kind of a document without a ``format``."""


def register(commands: Any) -> None:
    """Add the ``validate`` subcommand to the argparse subparsers object ``commands``."""
    parser = commands.add_parser(
        "validate",
        help="check that files are valid buildings, schedules, bills, products or stock mappings",
        description=(
            "Read each FILE (.toml, .json, or a .csv bill) as the kind its `format` key names "
            "and report every problem, one line each naming the file and the place in it. "
            "Exit codes: 0 every file is valid, 2 a file is not."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to check")
    parser.set_defaults(run=run_validate)


def kind_of(data: Any) -> str:
    """Return the format tag a parsed document is read as: its ``format``, else guessed."""
    readers = _readers()
    tag_of = {kind: tag for tag, (kind, _) in readers.items()}
    if isinstance(data, Mapping):
        tag = data.get("format")
        if tag in readers:
            return str(tag)
        if tag is None:
            for key, guessed in _BY_KEY:
                if key in data:
                    return tag_of[guessed]
    return tag_of["building"]


def _problems_of(path: Path) -> tuple[str, list[str]]:
    from climatelimits.io._documents import _read  # noqa: PLC0415
    from climatelimits.io.bills import load_bill  # noqa: PLC0415

    readers = _readers()
    if path.suffix.lower() == ".csv":
        load_bill(path)
        return "bill", []
    data, source = _read(path)
    tag = kind_of(data)
    if isinstance(data, Mapping) and data.get("format") not in (None, *readers):
        known = ", ".join(repr(t) for t in readers)
        return "", [f"{source}: `format` must be one of {known}; got {data.get('format')!r}"]
    kind, reader = readers[tag]
    reader(data, source=source)
    return kind, []


def run_validate(args: argparse.Namespace) -> int:
    """Run ``climatelimits validate``; return 0 if every file is valid, else 2."""
    invalid = False
    for name in args.files:
        path = Path(name)
        try:
            kind, problems = _problems_of(path)
        except DataFormatError as exc:
            kind, problems = "", [f"{exc.source}: {problem}" for problem in exc.problems]
        except ClimateLimitsError as exc:
            text = " | ".join(line.strip() for line in str(exc).splitlines() if line.strip())
            kind, problems = "", [f"{path}: {text}"]
        if problems:
            invalid = True
            sys.stderr.writelines(f"{problem}\n" for problem in problems)
        else:
            sys.stdout.write(f"{path}: valid {kind}\n")
    return 2 if invalid else 0
