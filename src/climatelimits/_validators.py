"""attrs validators shared by the value classes (internal).

Each names the field in the message, as every climatelimits error does:
"`<field>` must be <rule>; got <value>".
"""

from __future__ import annotations

import enum
from typing import Any

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
