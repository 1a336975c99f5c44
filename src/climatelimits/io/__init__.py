"""Read and write climatelimits files: buildings and schedules as TOML or JSON.

The format is chosen by the file suffix (``.toml`` or ``.json``). Every document starts with
``format = "climatelimits.building/1"`` or ``"climatelimits.schedule/1"``. Every problem in a
file is reported at once, each with the path inside the document (``results.gwp_total.A4``),
as one :class:`~climatelimits.exceptions.DataFormatError`.

Examples
--------
>>> from climatelimits.io import dumps_building, loads_building
>>> text = '''
... format = "climatelimits.building/1"
... id = "b1"
... use = "office"
... [areas]
... se_bta = "1000 m^2"
... '''
>>> building = loads_building(text)
>>> building.areas["se_bta"]
<Quantity(1000.0, 'meter ** 2')>
>>> loads_building(dumps_building(building)) == building
True
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from climatelimits.buildings import Building
from climatelimits.exceptions import DataFormatError
from climatelimits.io import _toml_writer
from climatelimits.io._converter import converter, structure
from climatelimits.schedules import LimitSchedule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = [
    "BILL_FORMAT",
    "BUILDING_FORMAT",
    "PRODUCTS_FORMAT",
    "SCHEDULE_FORMAT",
    "building_from_dict",
    "building_to_dict",
    "dump_bill",
    "dump_building",
    "dump_products",
    "dump_schedule",
    "dumps_bill",
    "dumps_building",
    "dumps_lcax",
    "dumps_products",
    "dumps_schedule",
    "import_lcabyg",
    "load_bill",
    "load_building",
    "load_products",
    "load_schedule",
    "load_stock_mapping",
    "loads_bill",
    "loads_building",
    "loads_ilcd",
    "loads_lcax",
    "loads_openepd",
    "loads_products",
    "loads_schedule",
    "read_ilcd",
    "read_ilcd_product_flows",
    "read_lcabyg",
    "read_lcax",
    "read_openepd",
    "read_stock",
    "read_stock_with_provenance",
    "schedule_from_dict",
    "schedule_to_dict",
    "write_lcax",
    "write_stock",
]

BUILDING_FORMAT = "climatelimits.building/1"
"""Format tag of building documents."""
SCHEDULE_FORMAT = "climatelimits.schedule/1"
"""Format tag of schedule documents."""

_FORMATS = {".toml": "toml", ".json": "json"}


def _format_of(path: Path) -> str:
    try:
        return _FORMATS[path.suffix.lower()]
    except KeyError:
        raise DataFormatError(
            str(path), [f"the file name must end in .toml or .json; got {path.suffix!r}"]
        ) from None


def _parse_text(text: str, kind: str, source: str) -> Any:
    if kind == "toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise DataFormatError(source, [f"not valid TOML: {exc}"]) from exc
    if kind == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno}, column {exc.colno}"
            raise DataFormatError(source, [f"not valid JSON at {where}: {exc.msg}"]) from exc
    raise DataFormatError(source, [f"`format` must be 'toml' or 'json'; got {kind!r}"])


def _read(path: str | Path) -> tuple[Any, str]:
    path = Path(path)
    kind = _format_of(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFormatError(str(path), [f"cannot be read: {exc.strerror or exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise DataFormatError(str(path), [f"is not UTF-8 text: {exc.reason}"]) from exc
    return _parse_text(text, kind, str(path)), str(path)


def _strip_format(data: Any, expected: str, source: str) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise DataFormatError(source, [f"the document must be a table; got {type(data).__name__}"])
    body = dict(data)
    tag = body.pop("format", None)
    if tag != expected:
        problem = (
            f"`format` must be {expected!r}; got {tag!r}"
            if tag is not None
            else f"`format` is required: start the document with format = {expected!r}"
        )
        raise DataFormatError(source, [problem])
    return body


def building_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> Building:
    """Build a :class:`~climatelimits.buildings.Building` from a parsed document.

    Raises
    ------
    DataFormatError
        Listing every problem with its path.
    """
    body = _strip_format(data, BUILDING_FORMAT, source)
    result: Building = structure(body, Building, source)
    return result


def schedule_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> LimitSchedule:
    """Build a :class:`~climatelimits.schedules.LimitSchedule` from a parsed document.

    Raises
    ------
    DataFormatError
        Listing every problem with its path.
    """
    body = _strip_format(data, SCHEDULE_FORMAT, source)
    result: LimitSchedule = structure(body, LimitSchedule, source)
    return result


def _prune(value: Any) -> Any:
    """Drop what files leave out: ``None`` (TOML has no null) and empty text, lists, tables."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def building_to_dict(building: Building) -> dict[str, Any]:
    """Return the document of a building (dates as :class:`datetime.date`)."""
    body = _prune(converter().unstructure(building, Building))
    return {"format": BUILDING_FORMAT, **body}


def schedule_to_dict(schedule: LimitSchedule) -> dict[str, Any]:
    """Return the document of a schedule (dates as :class:`datetime.date`)."""
    body = converter().unstructure(schedule, LimitSchedule)
    for limit in body["limits"]:
        for key, category in limit["categories"].items():
            if category.get("uses") == [key]:
                del category["uses"]  # a category keyed by a use covers it by default
        if limit.get("allow_loosening") is False:
            del limit["allow_loosening"]
        if limit.get("mixed_use") == "none":
            del limit["mixed_use"]
    return {"format": SCHEDULE_FORMAT, **_prune(body)}


def _render(document: dict[str, Any], kind: str) -> str:
    if kind == "toml":
        return _toml_writer.dumps(document)
    return json.dumps(document, indent=2, ensure_ascii=False, default=_json_default) + "\n"


def _json_default(value: Any) -> Any:
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    msg = f"cannot write {type(value).__name__} to JSON"
    raise TypeError(msg)


def load_building(path: str | Path) -> Building:
    """Read a building from a ``.toml`` or ``.json`` file.

    Raises
    ------
    DataFormatError
        Naming the file and, for each problem, the path inside it.
    """
    data, source = _read(path)
    return building_from_dict(data, source=source)


def load_schedule(path: str | Path) -> LimitSchedule:
    """Read a limit schedule from a ``.toml`` or ``.json`` file.

    Raises
    ------
    DataFormatError
        Naming the file and, for each problem, the path inside it.
    """
    data, source = _read(path)
    return schedule_from_dict(data, source=source)


def loads_building(text: str, *, format: str = "toml", source: str = "<string>") -> Building:
    """Read a building from TOML or JSON text."""
    return building_from_dict(_parse_text(text, format, source), source=source)


def loads_schedule(text: str, *, format: str = "toml", source: str = "<string>") -> LimitSchedule:
    """Read a limit schedule from TOML or JSON text."""
    return schedule_from_dict(_parse_text(text, format, source), source=source)


def dumps_building(building: Building, *, format: str = "toml") -> str:
    """Return a building as TOML or JSON text."""
    return _render(building_to_dict(building), format)


def dumps_schedule(schedule: LimitSchedule, *, format: str = "toml") -> str:
    """Return a limit schedule as TOML or JSON text."""
    return _render(schedule_to_dict(schedule), format)


def dump_building(building: Building, path: str | Path) -> None:
    """Write a building to a ``.toml`` or ``.json`` file."""
    path = Path(path)
    path.write_text(dumps_building(building, format=_format_of(path)), encoding="utf-8")


def dump_schedule(schedule: LimitSchedule, path: str | Path) -> None:
    """Write a limit schedule to a ``.toml`` or ``.json`` file."""
    path = Path(path)
    path.write_text(dumps_schedule(schedule, format=_format_of(path)), encoding="utf-8")


# The readers of other formats build on the functions above, so they are imported last.
from climatelimits.io.bills import (  # noqa: E402
    BILL_FORMAT,
    PRODUCTS_FORMAT,
    dump_bill,
    dump_products,
    dumps_bill,
    dumps_products,
    load_bill,
    load_products,
    loads_bill,
    loads_products,
)
from climatelimits.io.ilcd import loads_ilcd, read_ilcd, read_ilcd_product_flows  # noqa: E402
from climatelimits.io.lcabyg import import_lcabyg, read_lcabyg  # noqa: E402
from climatelimits.io.lcax import dumps_lcax, loads_lcax, read_lcax, write_lcax  # noqa: E402
from climatelimits.io.openepd import loads_openepd, read_openepd  # noqa: E402
from climatelimits.io.stock_files import (  # noqa: E402
    load_stock_mapping,
    read_stock,
    read_stock_with_provenance,
    write_stock,
)
