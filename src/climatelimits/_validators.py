"""attrs validators and converters shared by the value classes (internal).

Each names the field in the message, as every climatelimits error does:
"`<field>` must be <rule>; got <value>".
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

import pint

from climatelimits._frozen import FrozenMap
from climatelimits.exceptions import InvalidInputError, UnitsError, UnknownReferenceError
from climatelimits.indicators import get_indicator
from climatelimits.results import IndicatorResults
from climatelimits.units import TIME_UNIT, Quantity, as_quantity, format_unit, parse_unit, registry

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)


def safe_fsum(values: Iterable[float]) -> float:
    """Return :func:`math.fsum` of finite numbers; ``inf`` or ``-inf`` if the sum overflows.

    :func:`math.fsum` raises ``OverflowError`` ("intermediate overflow") where plain
    addition gives an infinity; callers then refuse or report the infinite sum.

    Examples
    --------
    >>> safe_fsum([0.1] * 10), safe_fsum([1e308, 1e308]), safe_fsum([1e308, 1e308, -1e308])
    (1.0, inf, 1e+308)
    """
    items = list(values)
    try:
        return math.fsum(items)
    except OverflowError:
        # Scaled by a power of two (exact for all but the tiniest numbers, which cannot
        # matter next to an overflow), summed, and scaled back: inf where the sum is.
        return math.fsum(math.ldexp(x, -64) for x in items) * 2.0**64


def non_empty_text(instance: Any, attribute: Any, value: Any) -> None:
    """Require Unicode text (no lone surrogate) with at least one non-space character."""
    if not isinstance(value, str) or not value.strip():
        msg = f"must be a non-empty text; got {value!r}"
        raise InvalidInputError(msg, field=attribute.name)
    _refuse_surrogates(value, attribute.name)


def unicode_text(instance: Any, attribute: Any, value: Any) -> None:
    """Require Unicode text (no lone surrogate, which no file can hold); it may be empty."""
    if not isinstance(value, str):
        msg = f"must be a str; got {value!r}"
        raise InvalidInputError(msg, field=attribute.name)
    _refuse_surrogates(value, attribute.name)


def _refuse_surrogates(value: str, field: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        msg = f"must be Unicode text; got {value!r} with a lone surrogate at character {exc.start}"
        raise InvalidInputError(msg, field=field) from None


def boolean(instance: Any, attribute: Any, value: Any) -> None:
    """Require ``True`` or ``False`` (not 0, 1 or a text)."""
    if not isinstance(value, bool):
        msg = f"must be true or false; got {value!r}"
        raise InvalidInputError(msg, field=attribute.name)


def optional_date(instance: Any, attribute: Any, value: Any) -> None:
    """Require a date (not a date-time) or ``None``."""
    if value is None:
        return
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        msg = f"must be a date (YYYY-MM-DD); got {value!r}"
        raise InvalidInputError(msg, field=attribute.name)


def instance_of(kind: type) -> Any:
    """Return a validator requiring an instance of ``kind``."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, kind):
            msg = f"must be a {kind.__name__}; got {value!r}"
            raise InvalidInputError(msg, field=attribute.name)

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


def to_optional_member(value: Any, kind: type[E], field: str) -> E | None:
    """Read a member of the enum ``kind`` from itself or its value; ``None`` stays ``None``.

    Raises
    ------
    InvalidInputError
        Listing the known values: "`use` must be one of office, ...; got 'shop'".
    """
    if value is None or isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(str(k.value) for k in kind)
        msg = f"must be one of {known}; got {value!r}"
        raise InvalidInputError(msg, field=field) from None


def member_of(kind: type[enum.Enum]) -> Any:
    """Return a validator requiring a member of the enum ``kind``; lists the values."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, kind):
            known = ", ".join(str(k.value) for k in kind)
            msg = f"must be one of {known}; got {value!r}"
            raise InvalidInputError(msg, field=attribute.name)

    return check


def to_tuple(value: Any, kind: type[T], field: str) -> tuple[T, ...]:
    """Convert a list of ``kind`` items to a tuple (for the attrs converter of ``field``).

    A string, bytes or a mapping is refused as a whole (it is iterable, but not a list of
    items); a wrong item is named by its index: "`lines[2]` must be a BillLine; got ...".
    """
    if isinstance(value, str | bytes | Mapping | kind) or not isinstance(value, Iterable):
        msg = f"must be a list of {kind.__name__}; got {value!r}"
        raise InvalidInputError(msg, field=field)
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            msg = f"must be a {kind.__name__}; got {item!r}"
            raise InvalidInputError(msg, field=f"{field}[{index}]")
    return items


def to_results_map(value: Any, field: str) -> FrozenMap[str, IndicatorResults]:
    """Read indicator id -> IndicatorResults, from a mapping or from results alone.

    Each key must be a known indicator and hold results of that indicator.

    Raises
    ------
    InvalidInputError
        Naming the key: "`impacts.gwp_fossil` holds results of 'gwp_total'; the keys must
        match".
    UnknownReferenceError
        If a key is not an indicator id.
    """
    if isinstance(value, Mapping):
        items: Mapping[Any, Any] = value
    elif isinstance(value, Iterable) and not isinstance(value, str | bytes):
        items = {getattr(r, "indicator", repr(r)): r for r in value}
    else:
        msg = f"must be a mapping of indicator -> IndicatorResults; got {value!r}"
        raise InvalidInputError(msg, field=field)
    out: dict[str, IndicatorResults] = {}
    for key, results in items.items():
        if not isinstance(results, IndicatorResults):
            msg = f"must be IndicatorResults; got {results!r}"
            raise InvalidInputError(msg, field=f"{field}.{key}")
        if results.indicator != key:
            msg = f"holds results of {results.indicator!r}; the keys must match"
            raise InvalidInputError(msg, field=f"{field}.{key}")
        get_indicator(key)
        out[key] = results
    return FrozenMap(out)


def to_finite_number(value: Any, field: str) -> float:
    """Return a number (not a boolean) as a finite float.

    Raises
    ------
    InvalidInputError
        "`<field>` must be a number; got ..." or "`<field>` must be a finite number; got ..."
        (NaN, an infinity, or an integer too large for a float).
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"must be a number; got {value!r}"
        raise InvalidInputError(msg, field=field)
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        msg = f"must be a finite number; got {value!r}"
        raise InvalidInputError(msg, field=field)
    return number


def to_number_map(value: Any, field: str) -> FrozenMap[str, float]:
    """Read a mapping of name -> finite number (no booleans, no NaN) into a FrozenMap."""
    if isinstance(value, FrozenMap) and all(type(v) is float for v in value.values()):
        return value
    if not isinstance(value, Mapping):
        msg = f"must be a mapping of name -> number; got {value!r}"
        raise InvalidInputError(msg, field=field)
    return FrozenMap(
        {str(key): to_finite_number(number, f"{field}.{key}") for key, number in value.items()}
    )


def quantity_in(value: Any, unit: str, field: str, *, expected: str = "") -> Quantity:
    """Read a quantity (or text such as ``"12 km"``) and convert it to ``unit``.

    Parameters
    ----------
    value
        Anything :func:`~climatelimits.units.as_quantity` accepts with a unit.
    unit
        The unit the result is in.
    field
        Name of the field, for messages.
    expected
        What the message says the field must be when the dimension is wrong, e.g.
        ``"a duration such as '60 year'"``; by default "in a unit like '<unit>'".

    Raises
    ------
    UnitsError
        If the value has no unit or one of another dimension.
    """
    quantity = as_quantity(value, field=field)
    target = parse_unit(unit)
    try:
        magnitude = float(quantity.to(target).magnitude)
    except pint.DimensionalityError as exc:
        wanted = expected or f"in a unit like '{format_unit(target)}'"
        msg = f"must be {wanted}; got {quantity.magnitude:g} {format_unit(quantity.units)}"
        raise UnitsError(
            msg, field=field, units1=format_unit(quantity.units), units2=format_unit(target)
        ) from exc
    result: Quantity = registry().Quantity(magnitude, target)
    return result


def non_negative(quantity: Quantity, field: str) -> Quantity:
    """Return ``quantity`` unless it is below 0.

    Raises
    ------
    InvalidInputError
        "`<field>` must not be negative; got -1 km".
    """
    if quantity.magnitude < 0:
        msg = f"must not be negative; got {quantity.magnitude:g} {format_unit(quantity.units)}"
        raise InvalidInputError(msg, field=field)
    return quantity


def positive(quantity: Quantity, field: str) -> Quantity:
    """Return ``quantity`` if it is greater than 0.

    Raises
    ------
    InvalidInputError
        "`<field>` must be greater than 0; got 0 m³".
    """
    if not quantity.magnitude > 0:
        msg = f"must be greater than 0; got {quantity.magnitude:g} {format_unit(quantity.units)}"
        raise InvalidInputError(msg, field=field)
    return quantity


def non_negative_quantity(value: Any, unit: str, field: str, *, expected: str = "") -> Quantity:
    """Read a quantity in ``unit`` as :func:`quantity_in` does, refusing one below 0."""
    return non_negative(quantity_in(value, unit, field, expected=expected), field)


def positive_duration(value: Any, field: str) -> Quantity:
    """Read a duration longer than 0 (a service life, a study period) in years.

    Raises
    ------
    UnitsError
        "`<field>` must be a duration such as '60 year'; got 60 kg".
    InvalidInputError
        "`<field>` must be longer than 0 years; got 0 a".
    """
    quantity = quantity_in(value, TIME_UNIT, field, expected="a duration such as '60 year'")
    if not quantity.magnitude > 0:
        msg = f"must be longer than 0 years; got {quantity.magnitude:g} a"
        raise InvalidInputError(msg, field=field)
    return quantity


def to_property_map(value: Any, field: str, names: Sequence[str]) -> FrozenMap[str, Quantity]:
    """Read a mapping of property name (one of ``names``) -> quantity greater than 0.

    Raises
    ------
    InvalidInputError
        If ``value`` is not a mapping, or a quantity is not greater than 0.
    UnknownReferenceError
        If a name is not one of ``names`` (the message lists them).
    UnitsError
        If a value is not a quantity with a unit.
    """
    if not isinstance(value, Mapping):
        msg = f"must be a mapping of property -> quantity; got {value!r}"
        raise InvalidInputError(msg, field=field)
    out: dict[str, Quantity] = {}
    for key, raw in value.items():
        if key not in names:
            msg = f"keys must be one of {', '.join(names)}; got {key!r}"
            raise UnknownReferenceError(msg, field=field)
        out[key] = positive(as_quantity(raw, field=f"{field}.{key}"), f"{field}.{key}")
    return FrozenMap(out)
