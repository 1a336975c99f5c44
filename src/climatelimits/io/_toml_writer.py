"""A small TOML writer for the documents climatelimits dumps (internal).

The standard library reads TOML but does not write it, and the core depends on nothing but
attrs, cattrs, pint and numpy, so the subset our documents use is written here: tables,
arrays of tables, inline tables inside arrays, strings, booleans, integers, finite floats
and dates. Everything it writes is read back equal by :mod:`tomllib` (property-tested with
any keys and texts); what TOML cannot hold (a NaN, a lone surrogate) is refused, naming its
path. (The core keeps to its dependencies rather than using tomli-w.)
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from climatelimits.exceptions import InvalidInputError

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _key(key: str) -> str:
    if _BARE_KEY.fullmatch(key):  # not .match: "$" also matches before a final newline
        return key
    return _string(key)


def _escape(text: str, *, keep_newlines: bool = False) -> str:
    out = []
    for char in text:
        if keep_newlines and char == "\n":
            out.append(char)
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        elif 0xD800 <= ord(char) <= 0xDFFF:
            msg = f"must be Unicode text to be written to TOML; got a lone surrogate in {text!r}"
            raise InvalidInputError(msg, field="text")
        else:
            out.append(char)
    return "".join(out)


def _string(text: str) -> str:
    return '"' + _escape(text) + '"'


def _multiline(text: str) -> str:
    # The newline right after the opening quotes is trimmed by TOML readers.
    return '"""\n' + _escape(text, keep_newlines=True) + '"""'


def _scalar(value: Any, path: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"`{path}` must be a finite number to be written to TOML; got {value!r}"
            raise InvalidInputError(msg)
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {_scalar(v, f'{path}.{k}')}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, Sequence):
        items = [_scalar(v, f"{path}[{i}]") for i, v in enumerate(value)]
        if any(isinstance(v, Mapping) for v in value):
            return "[\n" + "".join(f"  {item},\n" for item in items) + "]"
        return "[" + ", ".join(items) + "]"
    msg = f"`{path}` cannot be written to TOML; got {value!r} ({type(value).__name__})"
    raise InvalidInputError(msg)


def _is_table_array(value: Any) -> bool:
    return (
        isinstance(value, Sequence)
        and not isinstance(value, str)
        and bool(value)
        and all(isinstance(v, Mapping) for v in value)
    )


def _write_table(lines: list[str], table: Mapping[str, Any], prefix: tuple[str, ...]) -> None:
    path = ".".join(prefix)
    scalars = [(k, v) for k, v in table.items() if not isinstance(v, Mapping)]
    scalars = [(k, v) for k, v in scalars if not (_is_table_array(v) and prefix == ())]
    for key, value in scalars:
        if isinstance(value, str) and "\n" in value:
            lines.append(f"{_key(key)} = {_multiline(value)}")
            continue
        lines.append(f"{_key(key)} = {_scalar(value, f'{path}.{key}' if path else key)}")
    for key, value in table.items():
        if isinstance(value, Mapping):
            only_tables = bool(value) and all(isinstance(v, Mapping) for v in value.values())
            if not only_tables:
                lines.append("")
                lines.append("[" + ".".join(_key(p) for p in (*prefix, key)) + "]")
            _write_table(lines, value, (*prefix, key))
        elif prefix == () and _is_table_array(value):
            for item in value:
                lines.append("")
                lines.append("[[" + ".".join(_key(p) for p in (*prefix, key)) + "]]")
                _write_table(lines, item, (*prefix, key))


def dumps(document: Mapping[str, Any]) -> str:
    """Return ``document`` as TOML text.

    Raises
    ------
    InvalidInputError
        If a value cannot be written (a NaN, an unknown type).
    """
    lines: list[str] = []
    _write_table(lines, document, ())
    return "\n".join(lines).strip("\n") + "\n"
