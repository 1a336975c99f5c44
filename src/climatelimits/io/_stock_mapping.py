"""Mapping files: read any building table as the stock layout, unchanged.

A mapping (TOML, ``format = "climatelimits.stock-mapping/1"``) says which column of the
source table gives each column of the stock layout, with units, constants, value maps, a
row filter and per-module "assessed" flags. See ``docs/explanation/file-formats.md``,
section "Stock tables and mapping files", for the schema; every key is checked and an error
names the mapping file and the key.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from climatelimits._stock_table import (
    _DATES,
    _NUMBER,
    _PLAIN,
    TableError,
    _numbers,
    stock_from_columns,
)
from climatelimits.areas import AREA_DEFINITIONS
from climatelimits.buildings import UseCategory
from climatelimits.exceptions import DataFormatError, UnitsError
from climatelimits.indicators import INDICATORS
from climatelimits.io._stock_source import SourceTable
from climatelimits.lifecycle import ModuleSet
from climatelimits.units import conversion_factor, format_unit, parse_unit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["MAPPING_FORMAT", "MappedTable", "StockMapping", "load_stock_mapping"]

Array = np.ndarray[Any, Any]

MAPPING_FORMAT = "climatelimits.stock-mapping/1"
"""Format tag of stock mapping files."""

_TOP_KEYS = frozenset(
    {
        "format",
        "name",
        "description",
        "columns",
        "id",
        "constants",
        "values",
        "filter",
        "areas",
        "results",
        "assessed",
    }
)
_TEMPLATE_FIELD = re.compile(r"\{([^{}]*)\}")
_COMPARISONS = ("above", "below", "at_least", "at_most")
_CONDITION_KEYS = frozenset({"column", "equals", "in", "not_in", "empty", *_COMPARISONS})
_RESULT_KEYS = frozenset(
    {"column", "indicator", "modules", "unit", "per_area", "per_period", "where"}
)
_AREA_KEYS = frozenset({"column", "area", "by", "map", "unit"})
_VALUE_MAP_KEYS = frozenset({"column", "map", "others"})
_OTHERS = ("error", "keep", "empty")
_ASSESSED_KEYS = frozenset({"flags", "yes", "no", "unknown", "value_when_not_assessed"})
_ID_KEYS = frozenset({"template"})
_NOT_ASSESSED_POLICIES = ("error", "not_declared")
# The key tables above are what the reader accepts; the JSON Schema of mapping files
# (climatelimits._schemas) is written from them too.


class MappingError(DataFormatError):
    """A mapping file breaks a rule of the stock-mapping format."""


@attrs.frozen
class _Ctx:
    """Where a mapping came from, for messages."""

    source: str

    def fail(self, *, at: str, rule: str) -> MappingError:
        return MappingError(self.source, (f"`{at}` {rule}",))


# -- conditions ----------------------------------------------------------------------------
@attrs.frozen
class Condition:
    """A row condition of a mapping (a filter or a result's ``where``); never evaluated code.

    A leaf tests one source column: ``equals``, ``in``, ``not_in`` (text of the cell,
    stripped), ``empty`` (true/false), ``above``, ``below``, ``at_least``, ``at_most``
    (numbers). ``all``, ``any`` and ``not`` combine conditions.
    """

    kind: str
    key: str
    column: str = ""
    test: str = ""
    value: Any = None
    children: tuple[Condition, ...] = ()

    def columns(self) -> set[str]:
        """Source columns the condition reads."""
        out = {self.column} if self.column else set()
        for child in self.children:
            out |= child.columns()
        return out

    def evaluate(self, table: SourceTable, ctx: _Ctx) -> Array:
        """Return a boolean array: whether each row of ``table`` meets the condition."""
        n = len(table)
        if self.kind == "all":
            out = np.ones(n, dtype=bool)
            for child in self.children:
                out &= child.evaluate(table, ctx)
            return out
        if self.kind == "any":
            out = np.zeros(n, dtype=bool)
            for child in self.children:
                out |= child.evaluate(table, ctx)
            return out
        if self.kind == "not":
            result: Array = ~self.children[0].evaluate(table, ctx)
            return result
        if self.test == "equals" and not isinstance(self.value, str):
            numbers = _source_numbers(table, self.column, ctx, self.key)
            same: Array = numbers == float(self.value)
            return same
        if self.test in _COMPARISONS:
            numbers = _source_numbers(table, self.column, ctx, self.key)
            with np.errstate(invalid="ignore"):
                compare = {
                    "above": np.greater,
                    "below": np.less,
                    "at_least": np.greater_equal,
                    "at_most": np.less_equal,
                }[self.test]
                met: Array = compare(numbers, float(self.value)) & ~np.isnan(numbers)
            return met
        texts = _cell_texts(table.column(self.column))
        if self.test == "empty":
            empty: Array = texts == ""
            return empty if self.value else ~empty
        if self.test == "equals":
            equal: Array = texts == str(self.value)
            return equal
        inside: Array = np.isin(texts, list(self.value))
        return inside if self.test == "in" else ~inside


def _parse_condition(raw: Any, key: str, ctx: _Ctx) -> Condition:
    if not isinstance(raw, Mapping):
        msg = "must be a table such as { column = 'country', equals = 'DK' }"
        raise ctx.fail(at=key, rule=f"{msg}; got {raw!r}")
    combiners = [k for k in ("all", "any", "not") if k in raw]
    if combiners:
        if len(raw) != 1:
            msg = f"must hold only `{combiners[0]}` when it combines conditions"
            raise ctx.fail(at=key, rule=f"{msg}; got keys {sorted(raw)}")
        kind = combiners[0]
        if kind == "not":
            return Condition(
                "not", key, children=(_parse_condition(raw["not"], f"{key}.not", ctx),)
            )
        items = raw[kind]
        if not isinstance(items, list) or not items:
            raise ctx.fail(at=f"{key}.{kind}", rule="must be a non-empty list of conditions")
        children = tuple(
            _parse_condition(item, f"{key}.{kind}[{i}]", ctx) for i, item in enumerate(items)
        )
        return Condition(kind, key, children=children)
    unknown = set(raw) - _CONDITION_KEYS
    if unknown:
        msg = f"has unknown keys {sorted(unknown)}; a condition has `column` and one test of "
        raise ctx.fail(at=key, rule=msg + ", ".join(sorted(_CONDITION_KEYS - {"column"})))
    column = raw.get("column")
    if not isinstance(column, str) or not column:
        raise ctx.fail(at=f"{key}.column", rule=f"must name a source column; got {column!r}")
    tests = [k for k in raw if k != "column"]
    if len(tests) != 1:
        msg = f"must have exactly one test besides `column`; got {sorted(tests)}"
        raise ctx.fail(at=key, rule=msg)
    test = tests[0]
    value = raw[test]
    if test in _COMPARISONS and (
        isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
    ):
        raise ctx.fail(at=f"{key}.{test}", rule=f"must be a number; got {value!r}")
    if test == "empty" and not isinstance(value, bool):
        raise ctx.fail(at=f"{key}.empty", rule=f"must be true or false; got {value!r}")
    if test == "equals" and not isinstance(value, str | int | float):
        raise ctx.fail(at=f"{key}.equals", rule=f"must be text or a number; got {value!r}")
    if test in ("in", "not_in") and (
        not isinstance(value, list) or not all(isinstance(v, str) for v in value)
    ):
        raise ctx.fail(at=f"{key}.{test}", rule=f"must be a list of texts; got {value!r}")
    return Condition("leaf", key, column, test, value)


# -- parts of a mapping --------------------------------------------------------------------
@attrs.frozen
class ValueMap:
    """Cells of ``column`` translated through ``table`` into a layout column."""

    key: str
    column: str
    table: Mapping[str, str]
    others: str  # "error", "keep" or "empty"


@attrs.frozen
class AreaMapping:
    """A source column of floor areas, under one area definition or one per row."""

    key: str
    column: str
    factor: float
    unit: str
    area: str | None
    by: str | None
    table: Mapping[str, str]


@attrs.frozen
class ResultMapping:
    """A source column of results for one indicator and module set."""

    key: str
    column: str
    indicator: str
    modules: ModuleSet
    unit: str
    factor: float
    per_area: str | None
    per_period: str | float | None
    where: Condition | None


@attrs.frozen
class Assessed:
    """Per-module flag columns saying whether the module was assessed on each row."""

    key: str
    flags: tuple[tuple[ModuleSet, str], ...]
    yes: frozenset[str]
    no: frozenset[str]
    unknown: frozenset[str]
    value_when_not_assessed: str  # "error" or "not_declared"


@attrs.frozen
class MappedTable:
    """A source table mapped onto the stock layout.

    Attributes
    ----------
    columns : dict of str to ndarray
        Layout columns, one entry per kept row.
    rows : ndarray of intp
        Source row (from 0) of each kept row.
    provenance : tuple of str
        What was read and how each column was converted, one sentence each.
    """

    columns: dict[str, Array]
    rows: Array
    provenance: tuple[str, ...]


def _text(raw: Any, key: str, ctx: _Ctx) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ctx.fail(at=key, rule=f"must be non-empty text; got {raw!r}")
    return raw


def _texts_list(raw: Any, key: str, ctx: _Ctx) -> frozenset[str]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ctx.fail(at=key, rule=f"must be a list of texts; got {raw!r}")
    return frozenset(raw)


def _check_keys(raw: Mapping[str, Any], allowed: set[str], key: str, ctx: _Ctx) -> None:
    unknown = set(raw) - allowed
    if unknown:
        msg = f"has unknown keys {sorted(unknown)}; allowed: {', '.join(sorted(allowed))}"
        raise ctx.fail(at=key, rule=msg)


def _table(raw: Any, key: str, ctx: _Ctx) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ctx.fail(at=key, rule=f"must be a table; got {raw!r}")
    return raw


def _is_layout_name(name: str) -> bool:
    if name in _PLAIN or name in _DATES:
        return True
    if name.startswith("area."):
        return name[len("area.") :] in AREA_DEFINITIONS
    if name.startswith("term."):  # a declared limit adjustment term
        return re.match(r"^[a-z][a-z0-9_]*$", name[len("term.") :]) is not None
    indicator, dot, modules = name.partition(".")
    if not dot or indicator not in INDICATORS:
        return False
    try:
        return bool(ModuleSet.parse(modules))
    except ValueError:
        return False


def _layout_key(name: Any, key: str, ctx: _Ctx) -> str:
    if not isinstance(name, str) or not _is_layout_name(name):
        msg = (
            "must be a column of the stock layout (id, use, name, country, "
            f"{', '.join(_DATES)}, reference_study_period, tags, use_shares, part, "
            f"area.<area id>, <indicator>.<modules>, term.<adjustment id>); got {name!r}"
        )
        raise ctx.fail(at=key, rule=msg)
    return name


def _unit_factor(unit: str, target: str, key: str, ctx: _Ctx) -> float | None:
    try:
        return conversion_factor(parse_unit(unit, field=key), parse_unit(target))
    except UnitsError:
        return None


def _result(raw: Any, key: str, ctx: _Ctx) -> ResultMapping:
    item = _table(raw, key, ctx)
    _check_keys(item, set(_RESULT_KEYS), key, ctx)
    column = _text(item.get("column"), f"{key}.column", ctx)
    indicator = _text(item.get("indicator"), f"{key}.indicator", ctx)
    if indicator not in INDICATORS:
        known = ", ".join(sorted(INDICATORS))
        raise ctx.fail(
            at=f"{key}.indicator", rule=f"must be an indicator id ({known}); got {indicator!r}"
        )
    try:
        modules = ModuleSet.parse(_text(item.get("modules"), f"{key}.modules", ctx))
    except ValueError as exc:
        raise ctx.fail(
            at=f"{key}.modules", rule=f"must be modules such as 'A1-A3': {exc}"
        ) from None
    if not modules:
        raise ctx.fail(at=f"{key}.modules", rule="must name at least one module")
    canonical = INDICATORS[indicator].unit
    unit = item.get("unit", canonical)
    unit = _text(unit, f"{key}.unit", ctx)
    try:
        parsed = parse_unit(unit, field=f"{key}.unit")
    except UnitsError as exc:
        raise ctx.fail(at=f"{key}.unit", rule=str(exc)) from None
    per_area = item.get("per_area")
    per_period = item.get("per_period")
    if per_area is not None:
        per_area = _text(per_area, f"{key}.per_area", ctx)
    if per_period is not None and not isinstance(per_period, str):
        if isinstance(per_period, bool) or not isinstance(per_period, int | float):
            msg = f"must name a source column of years or be a number of years; got {per_period!r}"
            raise ctx.fail(at=f"{key}.per_period", rule=msg)
        if not (math.isfinite(per_period) and per_period > 0):
            raise ctx.fail(
                at=f"{key}.per_period", rule=f"must be more than 0 years; got {per_period!r}"
            )
        per_period = float(per_period)
    target = canonical
    if per_area is not None:
        target += "/m^2"
    if per_period is not None:
        target += "/year"
    factor = _unit_factor(unit, target, key, ctx)
    if factor is None:
        needs = []
        for extra, what in (("/m^2", "per_area"), ("/year", "per_period")):
            if _unit_factor(unit, canonical + extra, key, ctx) is not None and what not in item:
                needs.append(what)
        if _unit_factor(unit, canonical + "/m^2/year", key, ctx) is not None:
            needs = [w for w in ("per_area", "per_period") if w not in item]
        hint = f" (an intensity needs {' and '.join(needs)})" if needs else ""
        msg = (
            f"must be a unit of {format_unit(parse_unit(target))} for indicator {indicator}"
            f"{hint}; got {format_unit(parsed)!r}"
        )
        raise ctx.fail(at=f"{key}.unit", rule=msg)
    where = None
    if "where" in item:
        where = _parse_condition(item["where"], f"{key}.where", ctx)
    return ResultMapping(
        key, column, indicator, modules, format_unit(parsed), factor, per_area, per_period, where
    )


def _area(raw: Any, key: str, ctx: _Ctx) -> AreaMapping:
    item = _table(raw, key, ctx)
    _check_keys(item, set(_AREA_KEYS), key, ctx)
    column = _text(item.get("column"), f"{key}.column", ctx)
    unit = _text(item.get("unit", "m^2"), f"{key}.unit", ctx)
    factor = _unit_factor(unit, "m^2", f"{key}.unit", ctx)
    if factor is None:
        raise ctx.fail(
            at=f"{key}.unit", rule=f"must be a unit of area such as 'm^2'; got {unit!r}"
        )
    known = ", ".join(sorted(AREA_DEFINITIONS))
    area = item.get("area")
    by = item.get("by")
    if (area is None) == (by is None):
        msg = "must give either `area` (one area definition) or `by` and `map` (one per row)"
        raise ctx.fail(at=key, rule=msg)
    table: dict[str, str] = {}
    if area is not None:
        if area not in AREA_DEFINITIONS:
            raise ctx.fail(
                at=f"{key}.area", rule=f"must be an area definition ({known}); got {area!r}"
            )
        if "map" in item:
            raise ctx.fail(at=f"{key}.map", rule="goes with `by`, not with `area`")
    else:
        by = _text(by, f"{key}.by", ctx)
        raw_map = _table(item.get("map"), f"{key}.map", ctx)
        for value, target in raw_map.items():
            if target not in AREA_DEFINITIONS:
                msg = f"must be an area definition ({known}); got {target!r}"
                raise ctx.fail(at=f"{key}.map.{value}", rule=msg)
            table[str(value)] = str(target)
    return AreaMapping(key, column, factor, unit, area, by, table)


def _check_constant(layout: str, value: Any, key: str, ctx: _Ctx) -> None:
    """Refuse a constant that breaks its layout column's rule, naming the mapping key.

    The constant is read as the one cell of a one-row table: a rule broken there would be
    broken on every row of any table, so the mapping file, not a row, is at fault. (A
    `part` or `use_shares` constant depends on the row's building and use, and is read with
    the rows.)
    """
    if isinstance(value, float) and not math.isfinite(value):
        raise ctx.fail(at=key, rule=f"must be a finite number; got {value!r}")
    if layout in ("part", "use_shares"):
        return
    columns = {"id": ["constant"], "use": ["other"], layout: np.array([value], dtype=object)}
    try:
        stock_from_columns(columns)
    except TableError as exc:
        rule = exc.problems[0].partition(f"column `{layout}` ")[2] or exc.problems[0]
        raise ctx.fail(at=key, rule=rule) from None


def _value_map(name: str, raw: Any, ctx: _Ctx) -> ValueMap:
    key = f"values.{name}"
    item = _table(raw, key, ctx)
    _check_keys(item, set(_VALUE_MAP_KEYS), key, ctx)
    column = _text(item.get("column"), f"{key}.column", ctx)
    table = _table(item.get("map"), f"{key}.map", ctx)
    for value, target in table.items():
        if not isinstance(target, str):
            raise ctx.fail(at=f"{key}.map.{value}", rule=f"must be text; got {target!r}")
        if name == "use" and target not in {u.value for u in UseCategory}:
            known = ", ".join(u.value for u in UseCategory)
            raise ctx.fail(
                at=f"{key}.map.{value}", rule=f"must be a use ({known}); got {target!r}"
            )
    others = item.get("others", "error")
    if others not in _OTHERS:
        msg = f"must be 'error', 'keep' or 'empty'; got {others!r}"
        raise ctx.fail(at=f"{key}.others", rule=msg)
    return ValueMap(key, column, {str(k): v for k, v in table.items()}, others)


def _assessed(raw: Any, ctx: _Ctx) -> Assessed:
    key = "assessed"
    item = _table(raw, key, ctx)
    _check_keys(item, set(_ASSESSED_KEYS), key, ctx)
    flags_raw = _table(item.get("flags"), f"{key}.flags", ctx)
    flags: list[tuple[ModuleSet, str]] = []
    covered = ModuleSet.empty()
    for modules_text, column in flags_raw.items():
        try:
            modules = ModuleSet.parse(modules_text)
        except ValueError as exc:
            raise ctx.fail(
                at=f"{key}.flags.{modules_text}", rule=f"must name modules: {exc}"
            ) from None
        if not modules.isdisjoint(covered):
            raise ctx.fail(
                at=f"{key}.flags.{modules_text}", rule="overlaps another flag's modules"
            )
        covered |= modules
        flags.append((modules, _text(column, f"{key}.flags.{modules_text}", ctx)))
    yes = _texts_list(item.get("yes"), f"{key}.yes", ctx)
    no = _texts_list(item.get("no"), f"{key}.no", ctx)
    unknown = _texts_list(item.get("unknown", []), f"{key}.unknown", ctx)
    if yes & no or yes & unknown or no & unknown:
        raise ctx.fail(at=key, rule="`yes`, `no` and `unknown` must not share a value")
    policy = item.get("value_when_not_assessed", "error")
    if policy not in _NOT_ASSESSED_POLICIES:
        msg = f"must be 'error' or 'not_declared'; got {policy!r}"
        raise ctx.fail(at=f"{key}.value_when_not_assessed", rule=msg)
    return Assessed(key, tuple(flags), yes, no, unknown, policy)


# -- the mapping ---------------------------------------------------------------------------
@attrs.frozen
class StockMapping:
    """A parsed stock mapping file (see :func:`load_stock_mapping`)."""

    source: str
    name: str
    description: str
    columns: Mapping[str, str]
    id_template: str | None
    constants: Mapping[str, Any]
    values: Mapping[str, ValueMap]
    filter: Condition | None
    areas: tuple[AreaMapping, ...]
    results: tuple[ResultMapping, ...]
    assessed: Assessed | None

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], source: str) -> StockMapping:
        """Validate a parsed mapping document.

        Raises
        ------
        MappingError
            Naming ``source`` and the key of the first problem.
        """
        ctx = _Ctx(source)
        if raw.get("format") != MAPPING_FORMAT:
            msg = f"must be {MAPPING_FORMAT!r}; got {raw.get('format')!r}"
            raise ctx.fail(at="format", rule=msg)
        _check_keys(raw, set(_TOP_KEYS), "(top level)", ctx)
        name = raw.get("name", "")
        description = raw.get("description", "")
        for key, value in (("name", name), ("description", description)):
            if not isinstance(value, str):
                raise ctx.fail(at=key, rule=f"must be text; got {value!r}")
        columns: dict[str, str] = {}
        for layout, src in _table(raw.get("columns", {}), "columns", ctx).items():
            columns[_layout_key(layout, f"columns.{layout}", ctx)] = _text(
                src, f"columns.{layout}", ctx
            )
        id_template = None
        if "id" in raw:
            item = _table(raw["id"], "id", ctx)
            _check_keys(item, set(_ID_KEYS), "id", ctx)
            id_template = _text(item.get("template"), "id.template", ctx)
            for field in _TEMPLATE_FIELD.findall(id_template):
                if not field:
                    raise ctx.fail(at="id.template", rule="must not hold an empty field `{}`")
            if set(_TEMPLATE_FIELD.sub("", id_template)) & set("{}"):
                msg = (
                    "must write each field in a pair of braces, as in '{row}:{code}'; "
                    f"got {id_template!r}"
                )
                raise ctx.fail(at="id.template", rule=msg)
        constants: dict[str, Any] = {}
        for layout, value in _table(raw.get("constants", {}), "constants", ctx).items():
            key = f"constants.{layout}"
            _layout_key(layout, key, ctx)
            if isinstance(value, dt.datetime) or not isinstance(
                value, str | int | float | dt.date
            ):
                raise ctx.fail(at=key, rule=f"must be text, a number or a date; got {value!r}")
            if isinstance(value, bool):
                raise ctx.fail(at=key, rule=f"must be text, a number or a date; got {value!r}")
            constants[layout] = value.isoformat() if isinstance(value, dt.date) else value
            _check_constant(layout, constants[layout], key, ctx)
        values = {
            _layout_key(layout, f"values.{layout}", ctx): _value_map(layout, item, ctx)
            for layout, item in _table(raw.get("values", {}), "values", ctx).items()
        }
        filter_ = _parse_condition(raw["filter"], "filter", ctx) if "filter" in raw else None
        areas_raw = raw.get("areas", [])
        results_raw = raw.get("results", [])
        for key, items in (("areas", areas_raw), ("results", results_raw)):
            if not isinstance(items, list):
                raise ctx.fail(
                    at=key, rule=f"must be an array of tables ([[{key}]]); got {items!r}"
                )
        areas = tuple(_area(item, f"areas[{i}]", ctx) for i, item in enumerate(areas_raw))
        results = tuple(_result(item, f"results[{i}]", ctx) for i, item in enumerate(results_raw))
        assessed = _assessed(raw["assessed"], ctx) if "assessed" in raw else None
        mapping = cls(
            source,
            name,
            description,
            columns,
            id_template,
            constants,
            values,
            filter_,
            areas,
            results,
            assessed,
        )
        mapping._check_targets(ctx)
        return mapping

    def _check_targets(self, ctx: _Ctx) -> None:
        """Each layout column must be given by one key only; ``id`` and ``use`` by some."""
        givers: dict[str, str] = {}

        def give(layout: str, key: str) -> None:
            if layout in givers:
                raise ctx.fail(
                    at=key, rule=f"gives the column `{layout}` that `{givers[layout]}` gives"
                )
            givers[layout] = key

        for layout in self.columns:
            give(layout, f"columns.{layout}")
        for layout in self.constants:
            give(layout, f"constants.{layout}")
        for layout in self.values:
            give(layout, f"values.{layout}")
        if self.id_template is not None:
            give("id", "id.template")
        for required in ("id", "use"):
            if required not in givers:
                msg = f"must give the layout column `{required}` (by `columns`, `constants`"
                raise ctx.fail(at="(top level)", rule=msg + ", `values` or `id.template`)")

    # -- applying ------------------------------------------------------------------------
    def source_columns(self) -> dict[str, str]:
        """Every source column the mapping reads -> the key that names it."""
        out: dict[str, str] = {}
        for layout, column in self.columns.items():
            out.setdefault(column, f"columns.{layout}")
        for field in _TEMPLATE_FIELD.findall(self.id_template or ""):
            if field != "row":
                out.setdefault(field, "id.template")
        for value_map in self.values.values():
            out.setdefault(value_map.column, f"{value_map.key}.column")
        if self.filter is not None:
            for column in sorted(self.filter.columns()):
                out.setdefault(column, "filter")
        for area in self.areas:
            out.setdefault(area.column, f"{area.key}.column")
            if area.by:
                out.setdefault(area.by, f"{area.key}.by")
        for result in self.results:
            out.setdefault(result.column, f"{result.key}.column")
            if result.per_area:
                out.setdefault(result.per_area, f"{result.key}.per_area")
            if isinstance(result.per_period, str):
                out.setdefault(result.per_period, f"{result.key}.per_period")
            if result.where is not None:
                for column in sorted(result.where.columns()):
                    out.setdefault(column, f"{result.key}.where")
        if self.assessed is not None:
            for modules, column in self.assessed.flags:
                out.setdefault(column, f"assessed.flags.{modules}")
        return out

    def apply(self, table: SourceTable) -> MappedTable:
        """Map ``table`` onto the stock layout.

        Raises
        ------
        MappingError
            If the table lacks a column the mapping names (naming the key).
        TableError
            If a cell breaks its rule (naming the table file, row, line and column).
        """
        ctx = _Ctx(self.source)
        for column, key in self.source_columns().items():
            if column not in table:
                msg = f"names the column {column!r}, which {table.source} does not have"
                raise ctx.fail(at=key, rule=msg)
        n = len(table)
        notes = [f"read {n} rows from {table.source} through the mapping {self.source}"]
        keep = np.ones(n, dtype=bool)
        if self.filter is not None:
            keep = self.filter.evaluate(table, ctx)
            notes.append(
                f"filter kept {int(keep.sum())} of {n} rows ({n - int(keep.sum())} left out)"
            )
        rows = np.flatnonzero(keep)
        out: dict[str, Array] = {}
        for layout, column in self.columns.items():
            fast = table.numbers(column) if layout_numeric(layout) else None
            if fast is not None and not np.any(np.isinf(fast)):
                out[layout] = fast[rows]
            else:
                out[layout] = table.column(column)[rows]
            notes.append(f"{layout} <- {column}")
        for layout, value in self.constants.items():
            out[layout] = np.full(rows.shape[0], value, dtype=object)
            notes.append(f"{layout} = {value!r} on every row")
        for layout, value_map in self.values.items():
            out[layout] = _translate(value_map, table, rows, ctx)
            notes.append(f"{layout} <- {value_map.column} through the map {value_map.key}")
        if self.id_template is not None:
            out["id"] = _ids(self.id_template, table, rows)
            notes.append(f"id <- template {self.id_template!r} (row = source data row)")
        for area in self.areas:
            notes += _map_area(area, table, rows, out)
        if self.results:
            notes += _map_results(self, table, rows, out, ctx)
        return MappedTable(out, rows, tuple(notes))


def _cell_texts(values: Array) -> Array:
    """Cells as stripped text, ``""`` where empty (numbers written as in the file)."""
    out = np.empty(values.shape[0], dtype=object)
    listed = values.tolist()
    if values.dtype.kind == "O" and all(type(v) is str for v in listed):
        out[:] = [v.strip() for v in listed]
        return out
    for i, v in enumerate(values.tolist()):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out[i] = ""
        elif isinstance(v, float) and v.is_integer():
            out[i] = str(int(v))
        else:
            out[i] = str(v).strip()
    return out


def _source_numbers(table: SourceTable, column: str, ctx: _Ctx, key: str) -> Array:
    """Return a whole source column as floats for a condition (NaN where empty).

    A cell that is not a number is an error naming its row, the column and the key.
    """
    fast = table.numbers(column)
    if fast is not None and not np.any(np.isinf(fast)):
        return fast
    texts = _cell_texts(table.column(column))
    out = np.full(texts.shape[0], np.nan)
    for row, text in enumerate(texts.tolist()):
        if text == "":
            continue
        if not _NUMBER.match(text):
            msg = (
                f"{table.where(row)}, column `{column}`: `{key}` in {ctx.source} compares "
                f"numbers; got {text!r}"
            )
            raise table.error(msg)
        out[row] = float(text)
    return out


def _checked_numbers(table: SourceTable, column: str, rows: Array, unit: str) -> Array:
    """Floats of ``column`` at ``rows`` (NaN where empty), a bad cell naming row and line."""
    fast = table.numbers(column)
    if fast is not None and not np.any(np.isinf(fast)):
        return fast[rows]
    try:
        values, _, _ = _numbers(table.column(column)[rows], column, table.source, unit=unit)
    except DataFormatError as exc:
        raise table.relabel(exc, rows) from None
    return values


def _translate(value_map: ValueMap, table: SourceTable, rows: Array, ctx: _Ctx) -> Array:
    texts = _cell_texts(table.column(value_map.column)[rows])
    out = np.empty(rows.shape[0], dtype=object)
    for value in np.unique(texts):
        where = texts == value
        if value in value_map.table:
            out[where] = value_map.table[value]
        elif value_map.others == "keep":
            out[where] = value
        elif value_map.others == "empty":
            out[where] = ""
        else:
            row = int(rows[np.flatnonzero(where)[0]])
            shown = "an empty cell" if value == "" else repr(value)
            msg = (
                f"{table.where(row)}, column `{value_map.column}`: {shown} is not in the "
                f"mapping's `{value_map.key}.map` ({ctx.source}); add it there"
            )
            raise table.error(msg)
    return out


def _ids(template: str, table: SourceTable, rows: Array) -> Array:
    fields = _TEMPLATE_FIELD.findall(template)
    texts = {f: _cell_texts(table.column(f)[rows]) for f in fields if f != "row"}
    pieces = _TEMPLATE_FIELD.split(template)
    out = np.empty(rows.shape[0], dtype=object)
    for k, row in enumerate(rows.tolist()):
        parts = []
        for j, piece in enumerate(pieces):
            if j % 2 == 0:
                parts.append(piece)
            else:
                parts.append(str(row + 1) if piece == "row" else str(texts[piece][k]))
        out[k] = "".join(parts)
    return out


def _map_area(
    area: AreaMapping, table: SourceTable, rows: Array, out: dict[str, Array]
) -> list[str]:
    values = _checked_numbers(table, area.column, rows, area.unit) * area.factor
    unit_note = "" if area.factor == 1.0 else f" [{area.unit}] x {area.factor:g}"
    if area.area is not None:
        _merge_area(out, area.area, values, area, table, rows)
        return [f"area.{area.area} <- {area.column}{unit_note}"]
    assert area.by is not None
    definitions = _cell_texts(table.column(area.by)[rows])
    notes = []
    for value, target in area.table.items():
        where = definitions == value
        picked = np.where(where, values, np.nan)
        _merge_area(out, target, picked, area, table, rows)
        stated = int(np.count_nonzero(where & ~np.isnan(values)))
        notes.append(
            f"area.{target} <- {area.column}{unit_note} where {area.by} = {value!r} "
            f"({stated} rows)"
        )
    unmapped = ~np.isin(definitions, list(area.table)) & ~np.isnan(values)
    if np.any(unmapped):
        notes.append(
            f"{area.column}: {int(unmapped.sum())} rows whose {area.by} the mapping does not "
            "name: their area is not stated under any definition"
        )
    return notes


def _merge_area(
    out: dict[str, Array],
    target: str,
    values: Array,
    area: AreaMapping,
    table: SourceTable,
    rows: Array,
) -> None:
    name = f"area.{target}"
    if name not in out:
        out[name] = values
        return
    clash = ~np.isnan(out[name]) & ~np.isnan(values)
    if np.any(clash):
        row = int(rows[np.flatnonzero(clash)[0]])
        msg = f"{table.where(row)}: two columns give {name} ({area.key} reads {area.column!r})"
        raise table.error(msg)
    out[name] = np.where(np.isnan(values), out[name], values)


def _not_assessed(assessed: Assessed, table: SourceTable, rows: Array, ctx: _Ctx) -> Array:
    """Per row, the module mask (int64) that the flags say was not assessed."""
    no = np.zeros(rows.shape[0], dtype=np.int64)
    allowed = list(assessed.yes | assessed.no | assessed.unknown)
    for modules, column in assessed.flags:
        texts = _cell_texts(table.column(column)[rows])
        bad = ~np.isin(texts, allowed)
        if np.any(bad):
            first = int(np.flatnonzero(bad)[0])
            msg = (
                f"{table.where(int(rows[first]))}, column `{column}`: {texts[first]!r} is none "
                f"of the values of `assessed.yes`, `assessed.no` or `assessed.unknown` "
                f"({ctx.source})"
            )
            raise table.error(msg)
        no |= np.where(np.isin(texts, list(assessed.no)), np.int64(modules.mask), 0)
    return no


class _Pieces:
    """Result columns being assembled: values and explicit not-declared rows per key."""

    def __init__(self, m: int) -> None:
        self.m = m
        self.columns: dict[tuple[str, int], tuple[Array, Array]] = {}
        self.declared_by: dict[str, list[tuple[int, Array]]] = {}
        self.nd_cover: dict[str, Array] = {}

    def column(self, indicator: str, mask: int) -> tuple[Array, Array]:
        return self.columns.setdefault(
            (indicator, mask), (np.full(self.m, np.nan), np.zeros(self.m, dtype=bool))
        )

    def check_clash(
        self, index: int, mine: Array, mapping: StockMapping, table: SourceTable, rows: Array
    ) -> None:
        """Refuse a row whose values two mapped columns give for the same module."""
        result = mapping.results[index]
        earlier = self.declared_by.setdefault(result.indicator, [])
        for other_index, theirs in earlier:
            clash = (mine & theirs) != 0
            if np.any(clash):
                k = int(np.flatnonzero(clash)[0])
                other = mapping.results[other_index]
                msg = (
                    f"{table.where(int(rows[k]))}: `{result.key}` ({result.column}, "
                    f"{result.indicator} {result.modules}) and `{other.key}` ({other.column}, "
                    f"{other.indicator} {other.modules}) both give values for the row; give "
                    f"one a `where` in {mapping.source}"
                )
                raise table.error(msg)
        earlier.append((index, mine))

    def add(self, indicator: str, mine: Array, total: Array, dropped: Array) -> None:
        """Add values (per row module masks ``mine``) and not-assessed modules ``dropped``."""
        for kept in np.unique(mine).tolist():
            if kept:
                rows_here = mine == kept
                values, _ = self.column(indicator, kept)
                values[rows_here] = total[rows_here]
        # Modules flagged not assessed are listed once per row, whichever column names them.
        covered = self.nd_cover.setdefault(indicator, np.zeros(self.m, dtype=np.int64))
        dropped = dropped & ~covered
        covered |= dropped
        for gone in np.unique(dropped).tolist():
            if gone:
                _, nd = self.column(indicator, gone)
                nd[dropped == gone] = True

    def write(self, out: dict[str, Array], ctx: _Ctx) -> None:
        """Add the layout columns to ``out``: floats, or text with ``ND`` where needed."""
        for (indicator, mask_value), (values, nd) in sorted(
            self.columns.items(),
            key=lambda item: (item[0][0], item[0][1] & -item[0][1], item[0][1]),
        ):
            name = f"{indicator}.{ModuleSet(mask_value)}"
            if name in out:
                msg = f"the column `{name}` is given both by `columns` and by `results`"
                raise ctx.fail(at="results", rule=msg)
            if np.any(nd):
                column = np.where(nd, "ND", "").astype(object)
                stated = ~np.isnan(values)
                column[stated] = values[stated]
                out[name] = column
            else:
                out[name] = values


def _map_results(
    mapping: StockMapping, table: SourceTable, rows: Array, out: dict[str, Array], ctx: _Ctx
) -> list[str]:
    """Add the result columns to ``out``: values as floats, explicit not-declared as ND."""
    m = rows.shape[0]
    no = np.zeros(m, dtype=np.int64)
    if mapping.assessed is not None:
        no = _not_assessed(mapping.assessed, table, rows, ctx)
    pieces = _Pieces(m)
    notes: list[str] = []
    for index, result in enumerate(mapping.results):
        raw = _checked_numbers(table, result.column, rows, result.unit)
        used = np.ones(m, dtype=bool)
        if result.where is not None:
            used = result.where.evaluate(table, ctx)[rows]
        total, note, lost_note = _totals(result, raw, table, rows, used)
        mask = np.int64(result.modules.mask)
        dropped = np.where(used, no & mask, 0)
        kept_mask = mask & ~dropped
        has_value = ~np.isnan(total) & used
        conflict = has_value & (kept_mask == 0)
        if np.any(conflict) and mapping.assessed is not None:
            if mapping.assessed.value_when_not_assessed == "error":
                row = int(rows[np.flatnonzero(conflict)[0]])
                msg = (
                    f"{table.where(row)}, column `{result.column}`: has a value though the "
                    f"flags of `assessed` say {result.modules} was not assessed; set "
                    f'`assessed.value_when_not_assessed = "not_declared"` in {ctx.source} '
                    "to read it as not declared"
                )
                raise table.error(msg)
            note += (
                f"; {int(conflict.sum())} rows with a value though every module is flagged "
                "not assessed: not declared"
            )
        mine = np.where(has_value, kept_mask, 0)
        pieces.check_clash(index, mine, mapping, table, rows)
        pieces.add(result.indicator, mine, total, dropped)
        declared = int(np.count_nonzero(mine))
        reduced = int(np.count_nonzero((dropped != 0) & (kept_mask != 0)))
        flagged = int(np.count_nonzero(used & (kept_mask == 0)))
        notes.append(
            f"{result.indicator}.{result.modules} <- {note}: {declared} rows declared"
            + (f", {reduced} reduced to their assessed modules" if reduced else "")
            + (f", {flagged} not assessed (not declared)" if flagged else "")
            + (f", {lost_note}" if lost_note else "")
            + (f" (its `where` holds on {int(used.sum())} rows)" if result.where else "")
        )
    pieces.write(out, ctx)
    return notes


def _totals(
    result: ResultMapping, raw: Array, table: SourceTable, rows: Array, used: Array
) -> tuple[Array, str, str]:
    """Convert a result column to totals in the indicator's unit over the study period."""
    total = raw * result.factor
    note = f"{result.column} [{result.unit}]"
    if result.factor != 1.0:
        note += f" x {result.factor:g}"
    missing = np.zeros(rows.shape[0], dtype=bool)
    if result.per_area is not None:
        area = _checked_numbers(table, result.per_area, rows, "m²")
        _positive(area, result.per_area, "m²", table, rows)
        total = total * area
        missing |= np.isnan(area)
        note += f" x {result.per_area} [m²]"
    if isinstance(result.per_period, str):
        period = _checked_numbers(table, result.per_period, rows, "a")
        _positive(period, result.per_period, "a", table, rows)
        total = total * period
        missing |= np.isnan(period)
        note += f" x {result.per_period} [a]"
    elif result.per_period is not None:
        total = total * result.per_period
        note += f" x {result.per_period:g} a"
    lost = int(np.count_nonzero(missing & ~np.isnan(raw) & used))
    if lost:
        columns = [c for c in (result.per_area, result.per_period) if isinstance(c, str)]
        lost_note = (
            f"{lost} rows with a value but no {' or '.join(columns)}: not declared, as their "
            "total cannot be known"
        )
        return total, note, lost_note
    return total, note, ""


def _positive(values: Array, column: str, unit: str, table: SourceTable, rows: Array) -> None:
    bad = ~np.isnan(values) & ~(values > 0)
    if np.any(bad):
        k = int(np.flatnonzero(bad)[0])
        msg = (
            f"{table.where(int(rows[k]))}, column `{column}`: must be greater than 0 {unit}; "
            f"got {values[k]:g} {unit}"
        )
        raise table.error(msg)


def load_stock_mapping(path: str | Path) -> StockMapping:
    """Read a stock mapping file (TOML, ``format = "climatelimits.stock-mapping/1"``).

    Raises
    ------
    DataFormatError
        If the file cannot be read or is not TOML; :class:`MappingError` (a
        :class:`DataFormatError`) naming the file and the key of a rule it breaks.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFormatError(str(path), [f"cannot be read: {exc.strerror or exc}"]) from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFormatError(str(path), [f"not valid TOML: {exc}"]) from exc
    return StockMapping.from_dict(raw, str(path))


def layout_numeric(name: str) -> bool:
    """Whether a layout column holds numbers (areas, study period, results)."""
    if name == "reference_study_period" or name.startswith("area."):
        return True
    return _is_layout_name(name) and name not in _PLAIN and name not in _DATES
