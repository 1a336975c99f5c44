"""The private cattrs converter of climatelimits and its error reporting (internal).

One converter, never cattrs' global one. It is strict: unknown keys, a string where a number
is due, a number without a unit, or a misspelt enum value are errors, and every error is
reported with its path inside the document (``results.gwp_total.A4``).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
import re
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any, get_args, get_origin

import attrs
import cattrs
import pint
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from climatelimits._dates import strict_date
from climatelimits._frozen import FrozenMap
from climatelimits.exceptions import ClimateLimitsError, DataFormatError, InvalidInputError
from climatelimits.indicators import get_indicator
from climatelimits.lifecycle import ModuleSet
from climatelimits.results import IndicatorResults, ResultEntry
from climatelimits.schedules import LimitAdjustment, LimitStep
from climatelimits.units import Quantity, Unit, as_quantity, format_unit, magnitude_in, parse_unit

NOT_DECLARED_TEXT = "not declared"
"""How a module that is explicitly not declared is written in files."""
_NUMBER_FIRST = re.compile(r"\s*[-+]?\.?\d")
"""A module value written as text starts with a number ("12.5 kg CO2e")."""

NOT_CONFIRMED_TEXT = "not confirmed"
"""How a limit step whose value is not confirmed is written in files."""


class _FieldError(InvalidInputError):
    """A leaf error whose message is relative to the field it sits at."""


def _require(kind: type | tuple[type, ...], what: str, value: Any) -> None:
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        msg = f"must be {what}; got {value!r}"
        raise _FieldError(msg)
    if not isinstance(value, kind):
        msg = f"must be {what}; got {value!r}"
        raise _FieldError(msg)


def _structure_str(value: Any, _: type) -> str:
    _require(str, "text", value)
    return str(value)


def _structure_bool(value: Any, _: type) -> bool:
    _require(bool, "true or false", value)
    return bool(value)


def _structure_int(value: Any, _: type) -> int:
    _require(int, "a whole number", value)
    return int(value)


def _structure_float(value: Any, _: type) -> float:
    _require((int, float), "a number", value)
    number = float(value)
    if not math.isfinite(number):
        msg = f"must be a finite number; got {value!r}"
        raise _FieldError(msg)
    return number


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        msg = f"must be a date without a time (YYYY-MM-DD); got {value.isoformat()!r}"
        raise _FieldError(msg)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return strict_date(value)
        except ValueError:
            pass
    msg = f"must be a date (YYYY-MM-DD); got {value!r}"
    raise _FieldError(msg)


def _structure_module_set(value: Any, _: type) -> ModuleSet:
    _require(str, "module codes such as 'A1-A3,C3'", value)
    try:
        return ModuleSet.parse(value)
    except ClimateLimitsError as exc:  # reported at the key it sits at
        raise _relative(exc) from exc


def _structure_quantity(value: Any, _: type) -> Quantity:
    if isinstance(value, int | float) and not isinstance(value, bool):
        msg = (
            f'must be a number with its unit as text, e.g. "{value} year" or '
            f'"{value} m^2"; got the bare number {value!r}'
        )
        raise _FieldError(msg)
    _require(str, "a number with its unit, e.g. '5200 m^2'", value)
    try:
        return as_quantity(value, field="value")
    except ClimateLimitsError as exc:  # reported at the key it sits at, not at `.value`
        raise _relative(exc) from exc


def _structure_unit(value: Any, _: type) -> Unit:
    _require(str, "a unit such as 'kg CO2e / m^2'", value)
    try:
        return parse_unit(value)
    except ClimateLimitsError as exc:  # reported at the key it sits at
        raise _relative(exc) from exc


def _structure_enum(kind: type[enum.Enum]) -> Any:
    def hook(value: Any, _: type) -> enum.Enum:
        try:
            return kind(value)
        except (ValueError, TypeError):
            known = ", ".join(repr(m.value) for m in kind)
            msg = f"must be one of {known}; got {value!r}"
            raise _FieldError(msg) from None

    return hook


def _structure_indicator_table(indicator: str, table: Any) -> IndicatorResults:
    """Structure ``{unit = ..., "A1-A3" = ..., B2 = "not declared"}`` for one indicator."""
    if not isinstance(table, Mapping):
        msg = f"must be a table of module -> value with a `unit`; got {table!r}"
        raise _FieldError(msg)
    canonical = get_indicator(indicator).unit
    unit = table.get("unit")
    errors: list[Exception] = []
    if unit is not None and not isinstance(unit, str):
        errors.append(
            _noted(_FieldError(f"must be a unit such as 'kg CO2e'; got {unit!r}"), "unit")
        )
        unit = None
    entries: list[ResultEntry] = []
    for key, raw in table.items():
        if key == "unit":
            continue
        try:
            modules = ModuleSet.parse(key)
            if raw == NOT_DECLARED_TEXT:
                entries.append(ResultEntry(modules, None))
                continue
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                msg = (
                    f"must be a number, a number with its unit, or {NOT_DECLARED_TEXT!r}; "
                    f"got {raw!r}"
                )
                raise _FieldError(msg)
            if isinstance(raw, int | float) and unit is None:
                msg = f'must state its unit: add `unit = "{canonical}"` to the table; got {raw!r}'
                raise _FieldError(msg)
            if isinstance(raw, str) and not _NUMBER_FIRST.match(raw):  # "ND", "MND", "-"...
                msg = (
                    f"must be a number, a number with its unit (e.g. '12.5 {canonical}') or "
                    f"{NOT_DECLARED_TEXT!r}; got {raw!r}"
                )
                raise _FieldError(msg)
            magnitude = magnitude_in(raw, canonical, field="value", default_unit=unit)
            entries.append(ResultEntry(modules, magnitude))
        except ClimateLimitsError as exc:
            errors.append(_noted(_relative(exc), key))
    if errors:
        msg = "invalid results"
        raise IterableValidationError(msg, errors, IndicatorResults)
    return IndicatorResults(indicator, tuple(entries))


def _structure_results_map(value: Any, _: type) -> FrozenMap[str, IndicatorResults]:
    if not isinstance(value, Mapping):
        msg = f"must be a table of indicator -> module results; got {value!r}"
        raise _FieldError(msg)
    out: dict[str, IndicatorResults] = {}
    errors: list[Exception] = []
    for indicator, table in value.items():
        try:
            get_indicator(indicator)
            out[indicator] = _structure_indicator_table(indicator, table)
        except IterableValidationError as exc:
            errors.append(_noted(exc, indicator))
        except ClimateLimitsError as exc:
            errors.append(_noted(_relative(exc), indicator))
    if errors:
        msg = "invalid results"
        raise IterableValidationError(msg, errors, dict)
    return FrozenMap(out)


def _relative(exc: ClimateLimitsError) -> Exception:
    """Turn an error about a field into one relative to the key it is noted at."""
    if exc.field is not None:
        return _FieldError(exc.detail)
    return exc


def _noted(exc: Exception, key: Any) -> Exception:
    note = IterableValidationNote(f"Structuring mapping value @ key {key!r}", key, object)
    exc.__notes__ = [*getattr(exc, "__notes__", []), note]
    return exc


def _unstructure_indicator_results(results: IndicatorResults) -> dict[str, Any]:
    out: dict[str, Any] = {"unit": get_indicator(results.indicator).unit}
    for entry in results.entries:
        out[str(entry.modules)] = NOT_DECLARED_TEXT if entry.value is None else entry.value
    return out


def _unstructure_quantity(value: Quantity) -> str:
    magnitude = float(value.magnitude)
    # "50 a", not "50.0 a"; any other number as repr writes it, which reads back exactly.
    number = str(int(magnitude)) if magnitude.is_integer() and abs(magnitude) < 1e15 else None
    return f"{number or repr(magnitude)} {format_unit(value.units)}"


def _is_frozen_map(cls: Any) -> bool:
    return get_origin(cls) is FrozenMap or cls is FrozenMap


def _is_quantity(t: Any) -> bool:
    return t is pint.Quantity or get_origin(t) is pint.Quantity


def _is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, enum.Enum)


def _is_results_map(t: Any) -> bool:
    return _is_frozen_map(t) and get_args(t)[1:] == (IndicatorResults,)


def _is_homogeneous_tuple(t: Any) -> bool:
    args = get_args(t)
    if get_origin(t) is Sequence:  # read into a tuple as well
        return len(args) == 1
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _require_table(value: Any) -> None:
    if not isinstance(value, Mapping):
        msg = f"must be a table; got {value!r}"
        raise _FieldError(msg)


def _frozen_map_structure(conv: cattrs.Converter, t: Any) -> Any:
    key_type, value_type = get_args(t)
    inner = conv.get_structure_hook(dict[key_type, value_type])  # type: ignore[valid-type]

    def hook(value: Any, _: type) -> FrozenMap[Any, Any]:
        _require_table(value)
        return FrozenMap(inner(value, dict))

    return hook


def _frozen_map_unstructure(conv: cattrs.Converter, t: Any) -> Any:
    key_type, value_type = get_args(t)
    inner = conv.get_unstructure_hook(dict[key_type, value_type])  # type: ignore[valid-type]
    return lambda m: inner(dict(m))


def _attrs_structure(conv: cattrs.Converter, cls: type) -> Any:
    """Return the strict, generated structuring of an attrs class; only a table is accepted."""
    renamed = cls in (LimitStep, LimitAdjustment)
    overrides = {"start": override(rename="from")} if renamed else {}
    generated: Any = make_dict_structure_fn(
        cls,
        conv,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=True,
        **overrides,  # type: ignore[arg-type]
    )

    def hook(value: Any, _: type) -> Any:
        _require_table(value)
        if cls is LimitStep:
            step_value = value.get("value")
            if step_value == NOT_CONFIRMED_TEXT:
                value = {**value, "value": None}
            elif isinstance(step_value, str) or (step_value is None and "value" in value):
                # A JSON null is no value: an unconfirmed one is said in words.
                got = "null" if step_value is None else repr(step_value)
                msg = (
                    f"must be a number, or {NOT_CONFIRMED_TEXT!r} for a step whose "
                    f"value is not confirmed; got {got}"
                )
                raise InvalidInputError(msg, field="value")
        return generated(value, cls)

    return hook


def _tuple_structure(conv: cattrs.Converter, t: Any) -> Any:
    """Structure a list into ``tuple[X, ...]``, reporting every bad item with its index."""
    item_type = get_args(t)[0]

    def hook(value: Any, _: type) -> tuple[Any, ...]:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, list | tuple):
            msg = f"must be a list; got {value!r}"
            raise _FieldError(msg)
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(conv.structure(item, item_type))
            except Exception as exc:  # collected, reported with the index, re-raised below
                note = IterableValidationNote(f"Structuring item @ index {index}", index, t)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                errors.append(exc)
        if errors:
            msg = "invalid list"
            raise IterableValidationError(msg, errors, t)
        return tuple(items)

    return hook


@functools.cache
def converter() -> cattrs.Converter:
    """Return the converter (built once)."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for kind, hook in (
        (str, _structure_str),
        (bool, _structure_bool),
        (int, _structure_int),
        (float, _structure_float),
        (dt.date, _structure_date),
        (ModuleSet, _structure_module_set),
        (pint.Unit, _structure_unit),
        (Unit, _structure_unit),
    ):
        conv.register_structure_hook(kind, hook)
    conv.register_unstructure_hook(dt.date, lambda d: d)
    conv.register_unstructure_hook(ModuleSet, str)
    conv.register_unstructure_hook(pint.Unit, format_unit)
    conv.register_unstructure_hook(Unit, format_unit)
    conv.register_structure_hook_func(_is_quantity, _structure_quantity)
    conv.register_unstructure_hook_func(_is_quantity, _unstructure_quantity)
    conv.register_structure_hook_factory(_is_enum, _structure_enum)
    conv.register_unstructure_hook_factory(_is_enum, lambda _: lambda e: e.value)
    conv.register_structure_hook_factory(_is_frozen_map, partial(_frozen_map_structure, conv))
    conv.register_unstructure_hook_factory(_is_frozen_map, partial(_frozen_map_unstructure, conv))
    conv.register_structure_hook_func(_is_results_map, _structure_results_map)
    conv.register_unstructure_hook_func(
        _is_results_map, lambda m: {k: _unstructure_indicator_results(v) for k, v in m.items()}
    )
    conv.register_structure_hook_factory(attrs.has, partial(_attrs_structure, conv))
    conv.register_structure_hook_factory(_is_homogeneous_tuple, partial(_tuple_structure, conv))
    step_unstructure = make_dict_unstructure_fn(LimitStep, conv, start=override(rename="from"))

    def unstructure_step(step: LimitStep) -> dict[str, Any]:
        out: dict[str, Any] = step_unstructure(step)
        if out["value"] is None:
            out["value"] = NOT_CONFIRMED_TEXT
        if out["latest_from"] is None:
            del out["latest_from"]
        return out

    conv.register_unstructure_hook(LimitStep, unstructure_step)
    adjustment_unstructure = make_dict_unstructure_fn(
        LimitAdjustment, conv, start=override(rename="from")
    )

    def unstructure_adjustment(adjustment: LimitAdjustment) -> dict[str, Any]:
        out: dict[str, Any] = adjustment_unstructure(adjustment)
        if not out["declared"]:
            del out["declared"]  # a fixed term: its `value` says so
        return out

    conv.register_unstructure_hook(LimitAdjustment, unstructure_adjustment)
    return conv


# -- error reporting ----------------------------------------------------------------------
def _child_path(path: str, exc: BaseException) -> str:
    for note in getattr(exc, "__notes__", []):
        if isinstance(note, AttributeValidationNote):
            return _join(path, note.name)
        if isinstance(note, IterableValidationNote):
            index = note.index
            return _join(path, str(index)) if isinstance(index, str) else f"{path}[{index}]"
    return path


def _join(path: str, name: str) -> str:
    if name == "start":  # LimitStep.start is written `from` in files
        name = "from"
    return f"{path}.{name}" if path else name


def _leaf_message(path: str, exc: BaseException) -> str:
    if isinstance(exc, ForbiddenExtraKeysError):
        fields = ", ".join(sorted(exc.extra_fields))
        where = f"`{path}`" if path else "the document"
        return f"{where} has unknown keys: {fields} (check the spelling)"
    if isinstance(exc, KeyError) and exc.args:
        return f"`{path or exc.args[0]}` is required but missing"
    text = str(exc)
    if isinstance(exc, ClimateLimitsError) and exc.field is not None:
        # Our validators name their field relative to the object at `path`.
        return f"`{_join(path, exc.field)}` {exc.detail}"
    if isinstance(exc, _FieldError | ClimateLimitsError | pint.PintError):
        return f"`{path}` {text}" if path else text
    return f"`{path}` is invalid: {text} ({type(exc).__name__})" if path else text


def collect_problems(exc: BaseException, path: str = "") -> list[str]:
    """Flatten a (nested) cattrs error into ``["<path> <message>", ...]``."""
    if isinstance(exc, BaseValidationError):
        problems: list[str] = []
        for sub in exc.exceptions:
            problems.extend(collect_problems(sub, _child_path(path, sub)))
        return problems
    return [_leaf_message(path, exc)]


def structure(data: Any, cls: type[Any], source: str) -> Any:
    """Structure ``data`` into ``cls``; raise :class:`DataFormatError` listing every problem."""
    try:
        return converter().structure(data, cls)
    except BaseValidationError as exc:
        raise DataFormatError(source, collect_problems(exc)) from exc
    except (ClimateLimitsError, pint.PintError, ForbiddenExtraKeysError) as exc:
        raise DataFormatError(source, [_leaf_message("", exc)]) from exc
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise DataFormatError(source, [_leaf_message("", exc)]) from exc
