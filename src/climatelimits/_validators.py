"""attrs validators shared by the value classes (internal).

Each names the field in the message, as every climatelimits error does:
"`<field>` must be <rule>; got <value>".
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from climatelimits._frozen import FrozenMap
from climatelimits.exceptions import InvalidInputError


def non_empty_text(instance: Any, attribute: Any, value: Any) -> None:
    """Require a string with at least one non-space character."""
    if not isinstance(value, str) or not value.strip():
        msg = f"`{attribute.name}` must be a non-empty text; got {value!r}"
        raise InvalidInputError(msg)


def instance_of(kind: type) -> Any:
    """Return a validator requiring an instance of ``kind``."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, kind):
            msg = f"`{attribute.name}` must be a {kind.__name__}; got {value!r}"
            raise InvalidInputError(msg)

    return check


def enum_or_raw(kind: type[enum.Enum], value: Any) -> Any:
    """Read an enum member from its text; anything else is passed on unchanged.

    Used by attrs converters, paired with :func:`member_of`, which then reports what was not
    understood with the known values.
    """
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            return value
    return value


def member_of(kind: type[enum.Enum]) -> Any:
    """Return a validator requiring a member of the enum ``kind``; lists the values."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, kind):
            known = ", ".join(str(k.value) for k in kind)
            msg = f"`{attribute.name}` must be one of {known}; got {value!r}"
            raise InvalidInputError(msg)

    return check


def tuple_of(kind: type, field: str) -> Callable[[Any], tuple[Any, ...]]:
    """Return an attrs converter to a tuple whose every item is a ``kind``.

    A string, bytes or a mapping is refused as a whole (it is iterable, but not a list of
    items); a wrong item is named by its index: "`lines[2]` must be a BillLine; got ...".
    """

    def convert(value: Any) -> tuple[Any, ...]:
        if isinstance(value, str | bytes | Mapping | kind) or not isinstance(value, Iterable):
            msg = f"`{field}` must be a list of {kind.__name__}; got {value!r}"
            raise InvalidInputError(msg)
        items = tuple(value)
        for index, item in enumerate(items):
            if not isinstance(item, kind):
                msg = f"`{field}[{index}]` must be a {kind.__name__}; got {item!r}"
                raise InvalidInputError(msg)
        return items

    return convert


def to_number_map(value: Any, field: str) -> FrozenMap[str, float]:
    """Read a mapping of name -> finite number (no booleans, no NaN) into a FrozenMap."""
    if isinstance(value, FrozenMap) and all(type(v) is float for v in value.values()):
        return value
    if not isinstance(value, Mapping):
        msg = f"`{field}` must be a mapping of name -> number; got {value!r}"
        raise InvalidInputError(msg)
    out: dict[str, float] = {}
    for key, number in value.items():
        if isinstance(number, bool) or not isinstance(number, int | float):
            msg = f"`{field}.{key}` must be a number; got {number!r}"
            raise InvalidInputError(msg)
        if not math.isfinite(number):
            msg = f"`{field}.{key}` must be a finite number; got {number!r}"
            raise InvalidInputError(msg)
        out[str(key)] = float(number)
    return FrozenMap(out)
