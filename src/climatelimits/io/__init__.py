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
from climatelimits.io._converter import NOT_CONFIRMED_TEXT, converter, structure
from climatelimits.io._json_reading import check_document, parse_json, read_text
from climatelimits.io._output import write_text
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
    "SINGLE_LIMIT_ID",
    "SINGLE_LIMIT_KEYS",
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
    """Parse a TOML or JSON document of ours (a leading byte-order mark is allowed)."""
    if kind == "toml":
        try:
            return check_document(tomllib.loads(text.removeprefix("\ufeff")), source, texts=False)
        except tomllib.TOMLDecodeError as exc:
            raise DataFormatError(source, [f"not valid TOML: {exc}"]) from exc
        except RecursionError as exc:
            raise DataFormatError(source, ["not valid TOML: nested too deeply"]) from exc
    if kind == "json":
        return parse_json(text, source)
    raise DataFormatError(source, [f"`format` must be 'toml' or 'json'; got {kind!r}"])


def _read(path: str | Path) -> tuple[Any, str]:
    path = Path(path)
    kind = _format_of(path)
    return _parse_text(read_text(path), kind, str(path)), str(path)


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
    body = _expand_single_limit(_strip_format(data, SCHEDULE_FORMAT, source), source)
    if body.get("kind") == "disclosure":
        body = _disclosure_steps(body)
    result: LimitSchedule = structure(body, LimitSchedule, source)
    return result


def _disclosure_steps(body: dict[str, Any]) -> dict[str, Any]:
    """Give each step of a disclosure schedule, written without a value, the value None."""
    limits = body.get("limits")
    if not isinstance(limits, list):
        return body
    out = []
    for limit in limits:
        categories = limit.get("categories") if isinstance(limit, dict) else None
        if not isinstance(categories, dict):
            out.append(limit)
            continue
        fixed = {}
        for key, category in categories.items():
            steps = category.get("steps") if isinstance(category, dict) else None
            if isinstance(steps, list):
                category = {  # noqa: PLW2901 - a copy with the steps completed
                    **category,
                    "steps": [
                        {"value": NOT_CONFIRMED_TEXT, **step}
                        if isinstance(step, dict) and "value" not in step
                        else step
                        for step in steps
                    ],
                }
            fixed[key] = category
        out.append({**limit, "categories": fixed})
    return {**body, "limits": out}


SINGLE_LIMIT_KEYS = ("metric", "categories", "mixed_use", "allow_loosening")
"""Keys of the single-limit shorthand: given at the top of a schedule document instead of
``limits``, they are its one limit, whose id is :data:`SINGLE_LIMIT_ID`."""
SINGLE_LIMIT_ID = "building"
"""Id of the one limit of a schedule written in the single-limit shorthand."""


def _expand_single_limit(body: dict[str, Any], source: str) -> dict[str, Any]:
    """Turn the single-limit shorthand (top-level ``metric``, ``categories``) into ``limits``.

    This is the schedule form published first under ``climatelimits.schedule/1``; problems
    inside it are reported at ``limits[0]``.

    Raises
    ------
    DataFormatError
        If a document gives both ``limits`` and shorthand keys.
    """
    given = [key for key in SINGLE_LIMIT_KEYS if key in body]
    if not given:
        return body
    if "limits" in body:
        problem = (
            f"give the limits either as `limits` or as one limit at the top ("
            f"{', '.join(f'`{key}`' for key in given)}), not both"
        )
        raise DataFormatError(source, [problem])
    limit = {"id": SINGLE_LIMIT_ID, **{key: body.pop(key) for key in given}}
    return {**body, "limits": [limit]}


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
            if category.get("single_use_only") is False:
                del category["single_use_only"]
        if limit.get("allow_loosening") is False:
            del limit["allow_loosening"]
        if limit.get("mixed_use") == "none":
            del limit["mixed_use"]
        if schedule.is_disclosure:
            for category in limit["categories"].values():
                for step in category["steps"]:
                    del step["value"]  # a disclosure step says only from when
    if body.get("kind") == "limits":
        del body["kind"]
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
    """Write a building to a ``.toml`` or ``.json`` file.

    Written whole or not at all; an :class:`~climatelimits.exceptions.OutputError` leaves
    any file already at ``path`` unchanged.
    """
    path = Path(path)
    write_text(path, dumps_building(building, format=_format_of(path)))


def dump_schedule(schedule: LimitSchedule, path: str | Path) -> None:
    """Write a limit schedule to a ``.toml`` or ``.json`` file.

    Written whole or not at all; an :class:`~climatelimits.exceptions.OutputError` leaves
    any file already at ``path`` unchanged.
    """
    path = Path(path)
    write_text(path, dumps_schedule(schedule, format=_format_of(path)))


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
