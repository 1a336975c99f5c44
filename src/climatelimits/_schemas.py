"""JSON Schemas of the climatelimits file formats, derived from the attrs classes.

The readers structure each document (less its ``format`` key) into an attrs class with the
strict converter of :mod:`climatelimits.io._converter`. The schemas here follow the same
path: every attrs field becomes a property (required when it has no default, with the
converter's renames), and each field type maps to what the converter reads for it. The
shipped files in ``climatelimits/schemas/`` are written by ``tools/make_schemas.py``; a test
checks that regenerating them gives the same text.

The schemas describe the documents as JSON (dates as ``YYYY-MM-DD`` strings). They check the
shape of a document; the readers check more (units of the right dimension, module sets that
do not overlap, steps in order), so ``climatelimits validate`` uses the readers.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
import typing
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any, Final, get_args, get_origin

import attrs
import pint

from climatelimits._frozen import FrozenMap
from climatelimits.areas import AREA_DEFINITIONS
from climatelimits.buildings import Building
from climatelimits.indicators import INDICATORS
from climatelimits.io import BUILDING_FORMAT, SCHEDULE_FORMAT, SINGLE_LIMIT_KEYS
from climatelimits.io._converter import NOT_CONFIRMED_TEXT, NOT_DECLARED_TEXT
from climatelimits.io._stock_mapping import MAPPING_FORMAT
from climatelimits.io.bills import BILL_FORMAT, PRODUCTS_FORMAT, _ProductsDocument
from climatelimits.lifecycle import ModuleSet
from climatelimits.quantities import BillOfQuantities
from climatelimits.results import IndicatorResults
from climatelimits.schedules import LimitAdjustment, LimitSchedule, LimitStep
from climatelimits.units import Unit

__all__ = ["KINDS", "SCHEMA_URL", "generate", "load_schema", "schema_text"]

SCHEMA_URL: Final = (
    "https://raw.githubusercontent.com/climatelimits/climatelimits/main/"
    "src/climatelimits/schemas/{kind}.schema.json"
)
"""Where the schema of each kind is served from the repository (its ``$id``)."""

KINDS: Final[dict[str, tuple[str, type | None]]] = {
    "building": (BUILDING_FORMAT, Building),
    "schedule": (SCHEDULE_FORMAT, LimitSchedule),
    "bill": (BILL_FORMAT, BillOfQuantities),
    "products": (PRODUCTS_FORMAT, _ProductsDocument),
    "stock-mapping": (MAPPING_FORMAT, None),
}
"""Each document kind: its ``format`` tag and the attrs class its body is read into.

A stock mapping file is not read into one attrs class: its schema is written from the key
tables its reader enforces (:func:`_stock_mapping_body`)."""

_RENAMES: Final[dict[tuple[type, str], str]] = {
    (LimitStep, "start"): "from",
    (LimitAdjustment, "start"): "from",
}

# A number, then a unit: "5200 m^2", "50 year", "-1.5e3 kg CO2e".
_QUANTITY_PATTERN: Final = r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*[^\s\d.,].*$"


def _quantity() -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": _QUANTITY_PATTERN,
        "description": "A number, a space and a unit, e.g. '5200 m^2' or '50 year'.",
    }


def _indicator_results(quantity: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": (
            "Module set -> value for one indicator, with the `unit` the numbers are in "
            f"(a value may also be a quantity with its unit, or '{NOT_DECLARED_TEXT}')."
        ),
        "properties": {"unit": {"type": "string"}},
        "additionalProperties": {
            "anyOf": [{"type": "number"}, quantity, {"const": NOT_DECLARED_TEXT}]
        },
    }


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def of(self, t: Any) -> dict[str, Any]:
        origin, args = get_origin(t), get_args(t)
        if origin in (typing.Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            schema = self.of(options[0]) if len(options) == 1 else self._any_of(options)
            return {"anyOf": [schema, {"type": "null"}]} if type(None) in args else schema
        if t is str:
            return {"type": "string"}
        if t is bool:
            return {"type": "boolean"}
        if t is int:
            return {"type": "integer"}
        if t is float:
            return {"type": "number"}
        if t is dt.date:
            return {"type": "string", "format": "date"}
        if t is ModuleSet:
            return {"type": "string", "description": "Module codes, e.g. 'A1-A3,C3-C4'."}
        if t is Unit or t is pint.Unit:
            return {"type": "string", "description": "A unit, e.g. 'kg CO2e / m^2'."}
        if t is pint.Quantity or origin is pint.Quantity:
            return self._named("Quantity", _quantity)
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return {"enum": [m.value for m in t]}
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.of(args[0])}
        if origin is Sequence and len(args) == 1:  # BillOfQuantities.lines
            return {"type": "array", "items": self.of(args[0])}
        if origin in (FrozenMap, dict, Mapping) or t is FrozenMap:
            return self._map(args)
        if attrs.has(t):
            return self._ref(t)
        if t is Any:
            return {}
        msg = f"no JSON Schema for the field type {t!r}"
        raise TypeError(msg)

    def _any_of(self, options: list[Any]) -> dict[str, Any]:
        return {"anyOf": [self.of(o) for o in options]}

    def _map(self, args: tuple[Any, ...]) -> dict[str, Any]:
        key, value = args if args else (str, Any)
        if value is IndicatorResults:
            return {"type": "object", "additionalProperties": self._ref(IndicatorResults)}
        schema: dict[str, Any] = {"type": "object", "additionalProperties": self.of(value)}
        if isinstance(key, type) and issubclass(key, enum.Enum):
            schema["propertyNames"] = {"enum": [m.value for m in key]}
        return schema

    def _indicator_results(self) -> dict[str, Any]:
        return _indicator_results(self._named("Quantity", _quantity))

    def _named(self, name: str, make: typing.Callable[[], dict[str, Any]]) -> dict[str, Any]:
        if name not in self.defs:
            self.defs[name] = make()
        return {"$ref": f"#/$defs/{name}"}

    def _ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: a class may refer to itself
            self.defs[name] = (
                self._indicator_results() if cls is IndicatorResults else self.object_of(cls)
            )
        return {"$ref": f"#/$defs/{name}"}

    def object_of(self, cls: type) -> dict[str, Any]:
        attrs.resolve_types(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            name = _RENAMES.get((cls, field.name), field.alias or field.name)
            schema = self.of(field.type)
            if cls is LimitStep and field.name == "value":
                schema = {"anyOf": [{"type": "number"}, {"const": NOT_CONFIRMED_TEXT}]}
            properties[name] = schema
            # A disclosure schedule's steps say only from when (no value): the reader, not
            # the schema, requires a value in a limit schedule.
            optional_here = cls is LimitStep and field.name == "value"
            if field.default is attrs.NOTHING and not optional_here:
                required.append(name)
        out: dict[str, Any] = {"type": "object"}
        summary = _summary(cls)
        if summary:
            out["description"] = summary
        out["properties"] = properties
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        return out


def _summary(cls: type) -> str:
    doc = (cls.__doc__ or "").strip()
    return doc.split("\n\n", 1)[0].replace("\n", " ") if doc else ""


def generate(kind: str) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of one kind of document.

    Parameters
    ----------
    kind
        ``"building"``, ``"schedule"``, ``"bill"``, ``"products"`` or ``"stock-mapping"``.

    Raises
    ------
    KeyError
        If ``kind`` is not one of those.
    """
    tag, cls = KINDS[kind]
    builder = _Builder()
    body = _stock_mapping_body(builder) if cls is None else builder.object_of(cls)
    body["properties"] = {"format": {"const": tag}, **body["properties"]}
    body["required"] = ["format", *body.get("required", [])]
    if cls is LimitSchedule:
        _allow_single_limit_shorthand(body, builder.defs["Limit"])
    body.pop("description", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL.format(kind=kind),
        "title": f"climatelimits {kind} document ({tag})",
        **body,
        "$defs": dict(sorted(builder.defs.items())),
    }


def _allow_single_limit_shorthand(body: dict[str, Any], limit: dict[str, Any]) -> None:
    """Let a schedule give its one limit at the top instead of ``limits``, as the reader does.

    The shorthand keys (:data:`~climatelimits.io.SINGLE_LIMIT_KEYS`) take the schema of the
    limit's own keys; a document gives either ``limits`` or the shorthand (with the keys a
    limit requires), not both.
    """
    for key in SINGLE_LIMIT_KEYS:
        body["properties"][key] = limit["properties"][key]
    body["required"] = [key for key in body["required"] if key != "limits"]
    shorthand = [{"required": [key]} for key in SINGLE_LIMIT_KEYS]
    body["oneOf"] = [
        {"required": ["limits"], "not": {"anyOf": shorthand}},
        {
            "required": [key for key in SINGLE_LIMIT_KEYS if key in limit["required"]],
            "not": {"required": ["limits"]},
        },
    ]


def _closed(
    properties: dict[str, Any], keys: Any, required: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Return an object schema with exactly ``keys`` (a key table of the reader)."""
    missing = sorted(set(keys) - set(properties))
    if missing:  # pragma: no cover - guards the schema against a key the reader gained
        msg = f"the schema does not describe the mapping keys {missing}"
        raise KeyError(msg)
    out: dict[str, Any] = {
        "type": "object",
        "properties": {k: properties[k] for k in sorted(keys)},
        "additionalProperties": False,
    }
    if required:
        out["required"] = list(required)
    return out


def _stock_mapping_body(builder: _Builder) -> dict[str, Any]:
    """Return the schema of a stock mapping file, from the key tables of its reader."""
    from climatelimits.io import _stock_mapping as m  # noqa: PLC0415

    text = {"type": "string"}
    number = {"type": "number"}
    texts = {"type": "array", "items": text}
    table_of_text = {"type": "object", "additionalProperties": text}
    comparisons = dict.fromkeys(m._COMPARISONS, number)
    leaf = _closed(
        {
            "column": text,
            "equals": {"type": ["string", "number"]},
            "in": texts,
            "not_in": texts,
            "empty": {"type": "boolean"},
            **comparisons,
        },
        m._CONDITION_KEYS,
        ("column",),
    )
    builder.defs["condition"] = {
        "description": "A row filter: a test on one source column, or all/any/not of them.",
        "anyOf": [
            leaf,
            _closed({"all": {"type": "array", "items": {"$ref": "#/$defs/condition"}}}, {"all"}),
            _closed({"any": {"type": "array", "items": {"$ref": "#/$defs/condition"}}}, {"any"}),
            _closed({"not": {"$ref": "#/$defs/condition"}}, {"not"}),
        ],
    }
    condition = {"$ref": "#/$defs/condition"}
    area = _closed(
        {
            "column": text,
            "area": {"enum": sorted(AREA_DEFINITIONS)},
            "by": text,
            "map": {"type": "object", "additionalProperties": {"enum": sorted(AREA_DEFINITIONS)}},
            "unit": text,
        },
        m._AREA_KEYS,
        ("column",),
    )
    result = _closed(
        {
            "column": text,
            "indicator": {"enum": sorted(INDICATORS)},
            "modules": text,
            "unit": text,
            "per_area": text,
            "per_period": {"anyOf": [text, {"type": "number", "exclusiveMinimum": 0}]},
            "where": condition,
        },
        m._RESULT_KEYS,
        ("column", "indicator", "modules"),
    )
    value_map = _closed(
        {"column": text, "map": table_of_text, "others": {"enum": list(m._OTHERS)}},
        m._VALUE_MAP_KEYS,
        ("column", "map"),
    )
    assessed = _closed(
        {
            "flags": table_of_text,
            "yes": texts,
            "no": texts,
            "unknown": texts,
            "value_when_not_assessed": {"enum": list(m._NOT_ASSESSED_POLICIES)},
        },
        m._ASSESSED_KEYS,
        ("flags", "yes", "no"),
    )
    top = _closed(
        {
            "format": {"const": MAPPING_FORMAT},
            "name": text,
            "description": text,
            "columns": table_of_text,
            "id": _closed({"template": text}, m._ID_KEYS, ("template",)),
            "constants": {
                "type": "object",
                "additionalProperties": {"type": ["string", "number"]},
            },
            "values": {"type": "object", "additionalProperties": value_map},
            "filter": condition,
            "areas": {"type": "array", "items": area},
            "results": {"type": "array", "items": result},
            "assessed": assessed,
        },
        m._TOP_KEYS,
    )
    del top["properties"]["format"]  # generate() puts the format tag first
    body: dict[str, Any] = top
    return body


def schema_text(kind: str) -> str:
    """Return the schema of ``kind`` as the text of the shipped file."""
    return json.dumps(generate(kind), indent=2, ensure_ascii=False) + "\n"


def load_schema(kind: str) -> dict[str, Any]:
    """Return the shipped schema of ``kind`` (``climatelimits/schemas/KIND.schema.json``)."""
    if kind not in KINDS:
        msg = f"no schema for {kind!r}; the kinds are {', '.join(KINDS)}"
        raise KeyError(msg)
    text = (
        resources.files("climatelimits")
        .joinpath(f"schemas/{kind}.schema.json")
        .read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema
