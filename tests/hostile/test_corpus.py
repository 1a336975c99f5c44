"""The hostile corpus: hundreds of broken, hostile and strange inputs, generated here.

Issue 10 asks that every input end in one of two ways: read (perhaps with findings or an
explicit incomplete verdict), or a ``ClimateLimitsError``; on the command line exit code 0,
1 or 3, or 2 with one line on stderr naming an input file; never a traceback, never exit
code 4, never an output file left behind by a failed command, and the same bytes on every
run.

Each case is a base document (a valid file of each format the loaders read: the examples
for our own formats, small real files of the shared fixtures for other tools' formats) with
one mutation: a leaf value replaced by a hostile value (NaN, 1e308, a lone surrogate, ANSI
escapes, a wrong type, a date in another ISO form...), a key given twice, the text
truncated, bytes flipped, a byte-order mark, NUL bytes, invalid UTF-8, or 100 000 levels of
nesting. Every case goes through the Python loader of its format and through the command
that reads it.
"""

from __future__ import annotations

import copy
import json
import random
import warnings
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from climatelimits.cli import main
from climatelimits.datasets import load_boverket
from climatelimits.exceptions import ClimateLimitsError, ClimateLimitsWarning
from climatelimits.io import (
    building_to_dict,
    load_building,
    load_schedule,
    read_lcabyg,
    read_lcax,
    schedule_to_dict,
)
from climatelimits.io.bills import bill_to_dict, dumps_bill, load_bill, load_products
from climatelimits.io.bills import products_to_dict as _products_to_dict

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BUILDING = EXAMPLES / "oceanhamnen-k3.toml"
SCHEDULE = EXAMPLES / "example-tightening.toml"
BILL = EXAMPLES / "bill-k3.toml"
PRODUCTS = EXAMPLES / "products-generic.toml"
SEED = 20261205
LEAVES_PER_BASE = 5
RERUN_EVERY = 7  # every 7th command runs twice: the bytes must be the same
MINIMUM_CASES = 500

HOSTILE_VALUES: tuple[Any, ...] = (
    float("nan"),
    float("inf"),
    1e308,
    -1.0,
    0,
    10**400,
    "",
    "\ud800",
    "b\u001b[2J\u009b31m",
    "x" * 5000,
    True,
    None,
    [],
    {"a": 1},
    "1,5 m^2",
    "2026-W10-1",
)

# A Boverket climate-database document with one resource (the fields the reader needs).
BOVERKET: dict[str, Any] = {
    "Location": "SE",
    "Publisher": "Boverket, Sweden",
    "Version": "02.06.000",
    "PublishedDate": "2025-01-30T12:15:47Z",
    "Resources": [
        {
            "ResourceId": 1,
            "Version": "02.06.000",
            "Names": {"EN": "Concrete", "SV": "Betong"},
            "InventoryUnit": "kg",
            "ConservativeDataConversionFactor": 1.25,
            "WasteFactor": 1.0,
            "RefServiceLifeNormal": ">50 år",
            "Conversions": [],
            "DataItems": [
                {
                    "PropertyCode": "GWP-GHG AR4",
                    "PropertyUnitCode": "kg CO2 eq./kg",
                    "DataValueItems": [
                        {"DataModuleCode": "A1-A3 Conservative", "Value": 0.125},
                        {"DataModuleCode": "A1-A3 Typical", "Value": 0.1},
                    ],
                }
            ],
        }
    ],
}


@dataclass(frozen=True)
class Format:
    """A file format: its valid base document, its loader and the command that reads it."""

    name: str
    suffix: str
    base: Callable[[Path], bytes]  # fixtures folder -> the valid document
    load: Callable[[Path], object]
    command: Callable[[Path, Path], list[str]] | None  # (input, output folder) -> argv


def _json(document: object) -> bytes:
    return json.dumps(document, default=str, indent=1).encode("utf-8")


def _check(path: Path, _: Path) -> list[str]:
    return ["check", str(path), "--schedule", "se-boverket-2023-proposal"]


def _check_schedule(path: Path, _: Path) -> list[str]:
    return ["check", str(BUILDING), "--schedule", str(path), "--format", "json"]


def _show(path: Path, _: Path) -> list[str]:
    return ["schedules", "show", str(path)]


def _calculate_bill(path: Path, _: Path) -> list[str]:
    return ["calculate", str(path), "--products", str(PRODUCTS)]


def _calculate_products(path: Path, out: Path) -> list[str]:
    return [
        "calculate",
        str(BILL),
        "--products",
        str(path),
        "-o",
        str(out / "b.toml"),
        "--use",
        "office",
    ]


def _import(tool: str) -> Callable[[Path, Path], list[str]]:
    def argv(path: Path, out: Path) -> list[str]:
        return ["import", tool, str(path), "-o", str(out / "b.json"), "--use", "office"]

    return argv


def _ours_as_json(
    path: Path, load: Callable[[Path], Any], to_dict: Any
) -> Callable[[Path], bytes]:
    """The base document of our own format in JSON: the TOML example, converted."""
    return lambda _: _json(to_dict(load(path)))


def _file(path: Path) -> Callable[[Path], bytes]:
    return lambda _: path.read_bytes()


FORMATS = (
    Format("building.toml", ".toml", _file(BUILDING), load_building, _check),
    Format(
        "building.json",
        ".json",
        _ours_as_json(BUILDING, load_building, building_to_dict),
        load_building,
        _check,
    ),
    Format("schedule.toml", ".toml", _file(SCHEDULE), load_schedule, _show),
    Format(
        "schedule.json",
        ".json",
        _ours_as_json(SCHEDULE, load_schedule, schedule_to_dict),
        load_schedule,
        _check_schedule,
    ),
    Format("bill.toml", ".toml", _file(BILL), load_bill, _calculate_bill),
    Format(
        "bill.json",
        ".json",
        _ours_as_json(BILL, load_bill, bill_to_dict),
        load_bill,
        _calculate_bill,
    ),
    Format(
        "bill.csv",
        ".csv",
        lambda _: dumps_bill(load_bill(BILL), format="csv").encode(),
        load_bill,
        _calculate_bill,
    ),
    Format(
        "products.json",
        ".json",
        _ours_as_json(PRODUCTS, load_products, _products_to_dict),
        load_products,
        _calculate_products,
    ),
    Format(
        "openepd.json",
        ".json",
        lambda f: (f / "openepd" / "openepd_example_ratio_desk_EC3BFRKG.json").read_bytes(),
        lambda path: load_products(path, method="TRACI 2.1"),
        lambda path, out: [*_calculate_products(path, out), "--method", "TRACI 2.1"],
    ),
    Format(
        "ilcd.json",
        ".json",
        lambda f: (f / "lcax/ilcd_json/0b4c397d-c7a1-4ceb-9718-184334f6364e.json").read_bytes(),
        load_products,
        _calculate_products,
    ),
    Format(
        "lcax.json",
        ".json",
        lambda f: (f / "lcax/lcax_json/lcax_project_steel_conversion.json").read_bytes(),
        read_lcax,
        _import("lcax"),
    ),
    Format(
        "lcabyg.json",
        ".json",
        lambda f: (f / "lcax/lcabyg/lcabyg_test_project_steel.json").read_bytes(),
        read_lcabyg,
        _import("lcabyg"),
    ),
    Format("boverket.json", ".json", lambda _: _json(BOVERKET), load_boverket, None),
)


# -- mutations ------------------------------------------------------------------------------
def _leaves(document: Any) -> list[tuple[Any, ...]]:
    """Every path to a scalar of a JSON document, in document order."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(value))))
        else:
            found.append(path)
    return found


def _replaced(document: Any, path: tuple[Any, ...], value: Any) -> bytes:
    changed = copy.deepcopy(document)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return json.dumps(changed, indent=1).encode("utf-8")  # NaN, Infinity and \ud800 escapes


def _with_duplicate_key(document: dict[str, Any]) -> bytes:
    first = next(iter(document))
    members = [(first, "duplicate"), *document.items()]
    return (
        "{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in members) + "}"
    ).encode()


def _json_mutations(base: bytes, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    document = json.loads(base)
    leaves = _leaves(document)
    chosen = sorted(rng.sample(range(len(leaves)), min(LEAVES_PER_BASE, len(leaves))))
    for index in chosen:
        path = leaves[index]
        for number, value in enumerate(HOSTILE_VALUES):
            yield f"leaf {path} = value {number}", _replaced(document, path, value)
    if isinstance(document, dict) and document:
        yield "duplicate key", _with_duplicate_key(document)
    yield "deep nesting", b"[" * 100_000 + b"]" * 100_000
    yield "a list at the top", b"[" + base + b"]"


def _text_mutations(base: bytes, suffix: str, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    yield "empty", b""
    yield "byte-order mark alone", b"\xef\xbb\xbf"
    yield "byte-order mark", b"\xef\xbb\xbf" + base
    yield "invalid UTF-8", b"\xff\xfe" + base
    yield "NUL bytes", base[: len(base) // 2] + b"\x00" * 8 + base[len(base) // 2 :]
    yield "ANSI escapes", base.replace(b"k3", b"k3\x1b[2J", 1)
    for cut in (1, len(base) // 3, len(base) // 2, len(base) - 2):
        yield f"truncated at {cut}", base[:cut]
    for flip in range(3):
        data = bytearray(base)
        for _ in range(4):
            data[rng.randrange(len(data))] = rng.randrange(256)
        yield f"bytes flipped {flip}", bytes(data)
    if suffix == ".toml":
        yield "deep nesting", b"a = " + b"[" * 100_000 + b"]" * 100_000
        yield "duplicate key", base + b'\nformat = "again"\n'
        yield "surrogate escape", base.replace(b'"k3"', b'"k3\\ud800"', 1)
    if suffix == ".csv":
        lines = base.split(b"\n")
        yield "quote not closed", b"\n".join([lines[0], b'"' + lines[1], *lines[2:]])
        yield "decimal comma", base.replace(b".", b",", 3)
        yield "extra cells", b"\n".join([lines[0], lines[1] + b",x,y", *lines[2:]])
        yield "semicolons", base.replace(b",", b";")
        yield "header only", lines[0] + b"\n"


def cases(fmt: Format, fixtures: Path) -> Iterator[tuple[str, bytes]]:
    """Every case of one format, in a fixed order (the same on every run)."""
    rng = random.Random(SEED + zlib.crc32(fmt.name.encode()))
    base = fmt.base(fixtures)
    yield from _text_mutations(base, fmt.suffix, rng)
    if fmt.suffix == ".json":
        yield from _json_mutations(base, rng)


# -- running --------------------------------------------------------------------------------
def _load(fmt: Format, path: Path) -> str | None:
    """Load; return a description of anything but success or a ClimateLimitsError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ClimateLimitsWarning)
            fmt.load(path)
    except ClimateLimitsError:
        return None
    except Exception as exc:
        return f"loader raised {type(exc).__name__}: {str(exc)[:200]}"
    return None


def _command(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _command_problem(
    argv: list[str], path: Path, out: Path, capsys: pytest.CaptureFixture[str], rerun: bool
) -> str | None:
    code, stdout, stderr = _command(argv, capsys)
    written = {p.name: p.read_bytes() for p in out.iterdir()}
    if code not in (0, 1, 2, 3):
        return f"exit code {code}: {stderr[:300]}"
    if "Traceback" in stderr:
        return "traceback on stderr"
    if code == 2:
        lines = stderr.splitlines()
        if len(lines) != 1 or not lines[0].startswith("climatelimits: error: "):
            return f"not one error line: {stderr[:300]!r}"
        if not any(a in lines[0] for a in argv if "/" in a):
            return f"the error names no input file: {lines[0][:300]!r}"
        if stdout or written:
            return f"output left by a failed command: {stdout[:100]!r} {sorted(written)}"
    if rerun and _command(argv, capsys) != (code, stdout, stderr):
        return "a second run printed other bytes"
    if rerun and {p.name: p.read_bytes() for p in out.iterdir()} != written:
        return "a second run wrote other bytes"
    return None


def _run_format(
    fmt: Format, fixtures: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[str]]:
    problems: list[str] = []
    count = 0
    for number, (label, data) in enumerate(cases(fmt, fixtures)):
        count += 1
        path = tmp_path / f"case{number}{fmt.suffix}"
        path.write_bytes(data)
        found = _load(fmt, path)
        if fmt.command is not None and found is None:
            out = tmp_path / f"out{number}"
            out.mkdir()
            argv = fmt.command(path, out)
            found = _command_problem(argv, path, out, capsys, number % RERUN_EVERY == 0)
        if found is not None:
            problems.append(f"{fmt.name} [{label}]: {found}")
    return count, problems


@pytest.mark.parametrize("fmt", FORMATS, ids=[f.name for f in FORMATS])
def test_every_hostile_case_is_read_or_refused_cleanly(
    fmt: Format, fixtures_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    count, problems = _run_format(fmt, fixtures_dir, tmp_path, capsys)
    assert count >= 15
    assert problems == []


def test_the_corpus_has_at_least_500_cases_across_every_format(fixtures_dir: Path) -> None:
    counts = {fmt.name: sum(1 for _ in cases(fmt, fixtures_dir)) for fmt in FORMATS}
    assert min(counts.values()) >= 15
    assert sum(counts.values()) >= MINIMUM_CASES
