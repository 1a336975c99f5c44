"""Units: the one pint registry of climatelimits, with CO2e and currency as dimensions.

The registry is built on first use (building a pint registry takes about half a second), so
``import climatelimits`` stays fast. Never use pint's application registry with our objects:
quantities from another registry are converted here, at the boundary, or refused.

Dimensions added to pint's defaults:

``[co2e]``
    Global-warming potential in CO2 equivalents. ``kg CO2e`` has dimension
    ``[mass] * [co2e]``, so it can never be added to ``kg`` of material.
``[currency]``
    Money, for the Dutch MKI shadow cost (``EUR``). No exchange rates are defined.
``[piece]``
    Counted items (``pcs``, ``piece``, ``Stk``), so that ``kg / piece`` is checked.
``[cfc11e]``
    Ozone-depletion potential in CFC-11 equivalents (``kg CFC11e``, ``kg R11-Äqv.``), kept
    apart from material mass the same way as ``[co2e]``.

Canonical units, used in every computation: emissions in ``kg CO2e``, cost in ``EUR``,
area in ``m^2``, time in ``year`` (the Julian year of 365.25 days, as pint defines ``a``).
"""

from __future__ import annotations

import functools
import math
import numbers
import re
import tokenize
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeAlias

import pint
from pint.facets.plain import PlainUnit
from pint.util import UnitsContainer, to_units_container

from climatelimits.exceptions import InvalidInputError, UnitsError

__all__ = [
    "AREA_UNIT",
    "COST_UNIT",
    "EMISSION_UNIT",
    "TIME_UNIT",
    "Quantity",
    "Unit",
    "as_quantity",
    "conversion_factor",
    "format_unit",
    "magnitude_in",
    "parse_unit",
    "registry",
]

if TYPE_CHECKING:
    Quantity: TypeAlias = pint.Quantity[Any]
else:  # pint < 0.25 (Python 3.10) cannot subscript Quantity at run time
    Quantity = pint.Quantity
"""A pint quantity (always of :func:`registry` once it has passed our boundary)."""

Unit: TypeAlias = PlainUnit
"""A pint unit (always of :func:`registry` once it has passed our boundary)."""

EMISSION_UNIT = "kg CO2e"
"""Canonical unit of greenhouse-gas indicators."""
COST_UNIT = "EUR"
"""Canonical unit of shadow-cost indicators (Dutch MKI)."""
AREA_UNIT = "m^2"
"""Canonical unit of floor areas."""
TIME_UNIT = "year"
"""Canonical unit of study periods (Julian year, 365.25 d)."""

_DEFINITIONS = (
    "CO2e = [co2e] = _ = CO2eq = CO2_eq",
    "piece = [piece] = _ = pcs = pieces = stk = Stk = item = items",
    "EUR = [currency] = _ = euro = eur",
    # Units met in ILCD+EPD, openEPD and openLCA files (olca-schema units.csv):
    "CFC11e = [cfc11e] = _ = CFC11eq",
    # Thermal resistance in SI units (openEPD declared unit "m2 * RSI").
    "RSI = meter ** 2 * kelvin / watt",
    "dozen = 12 * piece",
    # ILCD unit group ad38d542-3fe9-439d-9b95-2f5f7752acaf: Zentner, meanValue 50 (kg).
    "zentner = 50 * kilogram = _ = Zentner",
    # 1 tce = 7 Gcal (IT) = 29.3076 GJ, https://en.wikipedia.org/wiki/Tonne_of_coal_equivalent
    "tonne_of_coal_equivalent = 7e9 * international_calorie = tce = TCE",
    # A quantity of gas that fills 1 m^3 at normal conditions; dimensionally a volume.
    "normal_cubic_meter = meter ** 3 = Nm3 = normal_cubic_metre",
    "@alias rutherford = Rutherford",
    "@alias fathom = ftm",
    "@alias international_british_thermal_unit = btu",
    "@alias tonne_of_oil_equivalent = TOE",
)

# Unit names written whole in openLCA's units.csv (olca-schema 2.4.0, CC0) that pint reads
# as something else or not at all; each maps to the pint unit openLCA means by it.
_WHOLE_NAMES: tuple[tuple[str, str], ...] = (
    ("ac", "acre"),
    ("acre (US)", "acre"),
    ("ch", "chain"),
    ("hh", "hand"),
    ("unit", "piece"),
    ("Imp.min.", "imperial_minim"),
    ("fl oz (Imp)", "imperial_fluid_ounce"),
    ("US fl oz", "US_fluid_ounce"),
    ("gal (Imp)", "imperial_gallon"),
    ("gal (US liq)", "US_liquid_gallon"),
    ("gal (US fl)", "US_liquid_gallon"),
    ("gal*", "US_liquid_gallon"),
    ("gal (US dry)", "US_dry_gallon"),
    ("pt (Imp)", "imperial_pint"),
    ("pt (US fl)", "liquid_pint"),
    ("pt (US dry)", "US_dry_pint"),
    ("qt (US liq)", "US_liquid_quart"),
    ("qt (US dry)", "dry_quart"),
    ("bl (Imp)", "imperial_barrel"),
    ("bl (US fl)", "barrel"),
    ("bl (US dry)", "US_dry_barrel"),
    ("bl (US beer)", "beer_barrel"),
    ("bsh (Imp)", "imperial_bushel"),
    ("bsh (US)", "bushel"),
    ("dr (Fl)", "fluid_dram"),
    ("dr (Av)", "avoirdupois_dram"),
    ("Mtn", "megatonne"),
)

# Spellings found in EPDs, ILCD+EPD and national tools, rewritten to what pint parses.
# Order matters: CO2-equivalent forms first, so "kgCO2e" becomes "kg CO2e" before the
# squared/cubed rule looks at digits.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Whole unit names of openLCA's units.csv (olca-schema 2.4.0) and ILCD unit groups that
    # pint would read otherwise ("ac" as atto-speed-of-light, "ch" as centi-hour, ...).
    *((re.compile(rf"^{re.escape(name)}$"), target) for name, target in _WHOLE_NAMES),
    (re.compile(r"CO₂|CO_\(2\)|CO_2\b"), "CO2"),
    (
        re.compile(
            r"CO2[\s_\-]*(?:equivalents?|equiv|[äa]e?qv?|eqv|eq|e)\b\.?",
            re.IGNORECASE,
        ),
        " CO2e ",
    ),
    (re.compile(r"€"), " EUR "),
    (re.compile(r"²"), "^2"),
    (re.compile(r"³"), "^3"),
    (re.compile(r"\bqm\b"), "m^2"),
    (re.compile(r"\b(pcs|Stk|stk|pc|St|st)\.(?=\s|$|/|\*|\))"), r"\1"),
    (re.compile(r"\b(pc|St|st)\b"), "piece"),
    (re.compile(r"\b(?:item|piece)\(s\)", re.IGNORECASE), "piece"),
    (re.compile(r"\b(mm|cm|dm|km|m)([23])\b"), r"\1^\2"),
    # CFC-11 equivalents (ozone depletion): "kg CFC 11-Äquiv.", "kg R11-eqv.", "kgCFC11e".
    (
        re.compile(
            r"(?:CFC[\s\-]*11|(?<![A-Za-z])R[\s\-]*11)[\s_\-]*"
            r"(?:equivalents?|[äa]e?quiv|equiv|[äa]e?qv?|eqv|eq|e)\b\.?",
            re.IGNORECASE,
        ),
        " CFC11e ",
    ),
    (re.compile(r"^\s*-\s*$"), "dimensionless"),
    (re.compile(r"^\s*(?:unitless|dimensionslos)\s*$", re.IGNORECASE), "dimensionless"),
    (re.compile(r"\bItems?\b"), "piece"),
    (re.compile(r"\b[Dd]ozen(?:\(s\)|s)?(?=\s|$|/|\*|\))"), "dozen"),
    (re.compile(r"\bsq\.?\s*(ft|in|yd|mi)\b"), r"\1^2"),
    (re.compile(r"\bcu\.?\s*(ft|in|yd)\b"), r"\1^3"),
    (re.compile(r"\bsqft\b"), "ft^2"),
    (re.compile(r"\bcuft\b"), "ft^3"),
    (re.compile(r"\bqkm\b"), "km^2"),
    (re.compile(r"\bNm\^?3\b"), "normal_cubic_meter"),
    # "kWh/m2*d", "kWh/m2d", "MJ/kg*d": per (area or mass) and day, as openLCA means them.
    (re.compile(r"/\s*m\^?2\s*\*?\s*d\b"), "/(m^2 d)"),
    (re.compile(r"/\s*kg\s*\*\s*d\b"), "/(kg d)"),
    # Area or volume glued to a time: "m2a", "cm3y", "m3day" (openLCA).
    (re.compile(r"\b(mm|cm|dm|km|m|mi|ft|yd|in|nmi)\^?([23])(a|d|day)\b"), r"\1^\2 \3"),
    (re.compile(r"\b(mm|cm|dm|km|m|mi|ft|yd|in|nmi)\^?([23])y\b"), r"\1^\2 year"),
    (re.compile(r"\b(mi|yd|ft|in|nmi)([23])\b"), r"\1^\2"),
    (re.compile(r"\b(kg|km|mi)y\b"), r"\1 year"),
    (re.compile(r"\b(t|kg)km\b"), r"\1 km"),
    (re.compile(r"\b(?:long\s+tn|tn\.lg|long\s+ton)(?=\s|$|/|\*|\))"), "long_ton"),
    (re.compile(r"\b(?:sh\s+tn|tn\.sh|short\s+ton)(?=\s|$|/|\*|\))"), "short_ton"),
    (re.compile(r"\b(lb|oz)\s+av\b"), r"\1"),
    (re.compile(r"\boz\s+t\b"), "troy_ounce"),
    (re.compile(r"\bmetrisches\s+Karat\b"), "carat"),
)


# Text that would make pint compute huge numbers (a power of a power, an exponent that is
# an expression or has three or more digits) or that no unit needs (very long text) is
# refused before pint sees it: every power must be a plain number such as ^2, ** -3, ^(0.5).
_MAX_UNIT_TEXT = 200
_POWER = re.compile(r"\^|\*\*")
_PLAIN_EXPONENT = re.compile(
    r"\s*(?:\(\s*[-+]?\s*\d{1,2}(?:\.\d+)?\s*\)|[-+]?\s*\d{1,2}(?:\.\d+)?)(?![\d.(])"
    r"(?!\s*(?:\^|\*\*))"
)


def _has_runaway_power(text: str) -> bool:
    return any(_PLAIN_EXPONENT.match(text, power.end()) is None for power in _POWER.finditer(text))


@functools.cache
def registry() -> pint.UnitRegistry[Any]:
    """Return the unit registry of climatelimits, building it on first call.

    Returns
    -------
    pint.UnitRegistry
        pint's default definitions plus ``CO2e`` (``[co2e]``), ``EUR`` (``[currency]``) and
        ``piece`` (``[piece]``). Never mutate it: it is shared by every user in the process.

    Notes
    -----
    Quantities and units of this registry pickle as their magnitude and (unit name,
    exponent) pairs and unpickle into this registry, in any process; pint's application
    registry is neither used nor changed.
    """
    reg: pint.UnitRegistry[Any] = pint.UnitRegistry(
        autoconvert_offset_to_baseunit=False,
        on_redefinition="raise",
        cache_folder=None,
    )
    for definition in _DEFINITIONS:
        reg.define(definition)
    # Keep units in the order written ("kg CO2e", not "CO2e * kg"); this is our registry.
    reg.formatter.default_sort_func = None
    # pint gives each registry its own Quantity and Unit classes; these reducers are set on
    # ours only, so pint's application registry (which pint's own reducers rebuild into) is
    # never touched, and our quantities unpickle into this registry in any process.
    reg.Quantity.__reduce__ = _reduce_quantity  # type: ignore[method-assign,assignment]
    reg.Unit.__reduce__ = _reduce_unit  # type: ignore[method-assign]
    return reg


_UnitItems: TypeAlias = tuple[tuple[str, Any], ...]
"""A unit as (name, exponent) pairs, e.g. ``(("kilogram", 1), ("CO2e", 1), ("meter", -2))``."""


def _unit_items(unit: Unit) -> _UnitItems:
    # The unit's own names and exponents ("kilogram": 1, "CO2e": 1, "meter": -2): plain
    # builtins, exact, and free of any pint class, so a pickle does not depend on pint's
    # internals or on which registry the reading process has.
    container: UnitsContainer = to_units_container(unit)
    return tuple(container.items())


def _reduce_quantity(self: Quantity) -> tuple[Callable[..., Quantity], tuple[Any, _UnitItems]]:
    return _rebuild_quantity, (self.magnitude, _unit_items(self.units))


def _reduce_unit(self: Unit) -> tuple[Callable[..., Unit], tuple[_UnitItems]]:
    return _rebuild_unit, (_unit_items(self),)


def _rebuild_quantity(magnitude: Any, items: _UnitItems) -> Quantity:
    """Rebuild a pickled quantity in :func:`registry` (used by :mod:`pickle` only)."""
    quantity: Quantity = registry().Quantity(magnitude, _rebuild_unit(items))
    return quantity


@functools.lru_cache(maxsize=512)
def _rebuild_unit(items: _UnitItems) -> Unit:
    """Rebuild a pickled unit in :func:`registry`, refusing names it does not define."""
    reg = registry()
    for name, _ in items:
        if name not in reg:
            msg = (
                f"a pickled unit must be defined in the climatelimits registry; got {name!r} "
                f"in {dict(items)!r} (pickled by another version of climatelimits?)"
            )
            raise UnitsError(msg, units1=name)
    unit: Unit = reg.Unit(UnitsContainer(dict(items)))
    return unit


def _normalise_spelling(text: str) -> str:
    out = text.strip()
    for pattern, replacement in _REWRITES:
        out = pattern.sub(replacement, out)
    return " ".join(out.split())


@functools.lru_cache(maxsize=512)
def _parse_unit_cached(text: str) -> Unit:
    reg = registry()
    normalised = _normalise_spelling(text)
    if not normalised:
        msg = "empty unit"
        raise ValueError(msg)
    if len(normalised) > _MAX_UNIT_TEXT or _has_runaway_power(normalised):
        # pint evaluates numbers exactly: "2^3^3^3" would never finish.
        msg = "a unit must be short text whose powers are small numbers, e.g. 'm^3'"
        raise ValueError(msg)
    parsed = reg.parse_expression(normalised)
    if parsed.magnitude != 1:
        msg = f"a unit must not carry a number (read {parsed.magnitude!r})"
        raise ValueError(msg)
    unit: Unit = parsed.units
    return unit


def parse_unit(text: str | Unit, *, field: str = "unit") -> Unit:
    """Parse a unit as written in real files into a unit of our registry.

    Parameters
    ----------
    text
        The unit, e.g. ``"kg CO2e"``, ``"kg CO2 eq"``, ``"kgCO2e"``, ``"kg CO2-Äqv."``,
        ``"t CO2e"``, ``"m2"``, ``"m^2"``, ``"qm"``, ``"m3"``, ``"pcs"``, ``"Stk"``, ``"a"``,
        ``"EUR"``; or a pint unit (of any registry).
    field
        Name of the field being parsed, used in error messages.

    Returns
    -------
    Unit
        The unit in :func:`registry`.

    Raises
    ------
    UnitsError
        If the text is not a unit we know.
    """
    raw: object = text
    if isinstance(raw, PlainUnit):
        if isinstance(raw, registry().Unit):
            return raw  # already ours: nothing to read
        raw = str(raw)
    if not isinstance(raw, str):
        msg = f"must be a unit written as text; got {text!r}"
        raise UnitsError(msg, field=field, units1=repr(text))
    try:
        return _parse_unit_cached(raw)
    except (
        pint.PintError,
        ValueError,
        SyntaxError,
        TypeError,
        AttributeError,
        # pint's tokenizer and evaluator fail on some malformed text with these:
        tokenize.TokenError,
        AssertionError,
        ArithmeticError,
        RecursionError,
    ) as exc:
        reason = str(exc) or type(exc).__name__
        msg = f"must be a unit such as 'kg CO2e' or 'm^2'; got {raw!r} ({reason})"
        raise UnitsError(msg, field=field, units1=raw) from exc


_NUMBER_AND_UNIT = re.compile(
    r"^\s*(?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(?P<unit>.*)$"
)


def as_quantity(
    value: Any,
    unit: str | Unit | None = None,
    *,
    field: str = "value",
) -> Quantity:
    """Turn a value into a quantity of our registry, checked at the boundary.

    Parameters
    ----------
    value
        A pint quantity (of this or another registry), a string such as ``"5200 m^2"``, or a
        plain real number, numpy's included (then ``unit`` is required).
    unit
        The unit of a plain number. With a quantity or a string it is ignored.
    field
        Name of the field, used in error messages.

    Returns
    -------
    pint.Quantity
        A new quantity in :func:`registry` with a float magnitude (a copy, so later changes
        to ``value`` cannot reach it).

    Raises
    ------
    UnitsError
        If the unit cannot be understood, or a plain number comes without a unit.
    InvalidInputError
        If the magnitude is not a finite number.
    """
    reg = registry()
    if isinstance(value, pint.Quantity):
        magnitude: Any = value.magnitude
        parsed = parse_unit(value.units, field=field)
    elif isinstance(value, str):
        match = _NUMBER_AND_UNIT.match(value)
        if match is None:
            msg = f"must be a number followed by a unit, e.g. '5200 m^2'; got {value!r}"
            raise UnitsError(msg, field=field, units1=value)
        if match["unit"].startswith(","):
            msg = (
                "must write decimals with a point and no thousands separator, "
                f"e.g. '5200.5 m^2'; got {value!r}"
            )
            raise UnitsError(msg, field=field, units1=value)
        magnitude = float(match["number"])
        parsed = parse_unit(match["unit"] or "dimensionless", field=field)
    elif isinstance(value, bool):
        msg = f"must be a number with a unit; got the boolean {value!r}"
        raise InvalidInputError(msg, field=field)
    elif isinstance(value, numbers.Real):  # also numpy's numbers (np.int64 from a table)
        if unit is None:
            msg = f"must state its unit; got the bare number {value!r}"
            raise UnitsError(msg, field=field, units1="")
        magnitude = value
        parsed = parse_unit(unit, field=field)
    else:
        msg = f"must be a quantity with a unit; got {value!r} ({type(value).__name__})"
        raise InvalidInputError(msg, field=field)
    try:
        magnitude = float(magnitude)
    except OverflowError as exc:
        digits = int(magnitude.bit_length() * math.log10(2))
        msg = f"must be a finite number; got an integer of about 10^{digits}"
        raise InvalidInputError(msg, field=field) from exc
    except (TypeError, ValueError) as exc:
        msg = f"must have a single number as magnitude; got {magnitude!r}"
        raise InvalidInputError(msg, field=field) from exc
    if not math.isfinite(magnitude):
        msg = f"must be a finite number; got {magnitude!r} {format_unit(parsed)}"
        raise InvalidInputError(msg, field=field)
    quantity: Quantity = reg.Quantity(magnitude, parsed)
    return quantity


def magnitude_in(
    value: Any,
    unit: str | Unit,
    *,
    field: str = "value",
    default_unit: str | Unit | None = None,
) -> float:
    """Return the magnitude of ``value`` expressed in ``unit``, checking the dimension.

    Parameters
    ----------
    value
        Anything :func:`as_quantity` accepts.
    unit
        The unit wanted.
    field
        Name of the field, used in error messages.
    default_unit
        Unit of a plain number (``None``: plain numbers are refused).

    Returns
    -------
    float
        The magnitude in ``unit``.

    Raises
    ------
    UnitsError
        If the dimensions differ, e.g. ``kg`` where ``kg CO2e`` is needed.
    """
    kind = type(value)
    if default_unit is not None and (kind is float or (kind is int and abs(value) < 2**63)):
        number = float(value)
        factor = _known_factor(default_unit, unit) if math.isfinite(number) else None
        if factor is not None:
            return number * factor  # what pint's conversion computes, without a quantity
    quantity = as_quantity(value, default_unit, field=field)
    target = parse_unit(unit, field=field)
    try:
        return float(quantity.to(target).magnitude)
    except pint.DimensionalityError as exc:
        given = format_unit(quantity.units)
        got = (
            f"{quantity.magnitude:g} {given} ({_describe(quantity.units)})"
            if given
            else f"{quantity.magnitude:g}, a number without a unit"
        )
        msg = (
            f"must be in a unit of {_describe(target)} such as '{format_unit(target)}'; got {got}"
        )
        raise UnitsError(
            msg, field=field, units1=format_unit(quantity.units), units2=format_unit(target)
        ) from exc


def _known_factor(from_unit: str | Unit, to_unit: str | Unit) -> float | None:
    """Return the factor between two units; None if either is unknown or they do not convert."""
    try:
        return _conversion_factor(parse_unit(from_unit), parse_unit(to_unit))
    except UnitsError:
        return None  # the long way names the problem


def _describe(unit: Unit) -> str:
    dimensionality = unit.dimensionality
    if not dimensionality:
        return "no dimension"
    return str(dimensionality)


def conversion_factor(from_unit: Unit, to_unit: Unit) -> float:
    """Return ``f`` such that ``x [from_unit] == x * f [to_unit]``.

    Raises
    ------
    UnitsError
        If the dimensions differ, or the units' zeros differ (``degC`` and ``K``), so that no
        factor converts every value.
    """
    return _conversion_factor(from_unit, to_unit)


@functools.lru_cache(maxsize=1024)
def _conversion_factor(from_unit: Unit, to_unit: Unit) -> float:
    # Units are immutable and hashable: each pair is converted once (a check asks for the
    # same metric unit every time).
    reg = registry()
    try:
        factor = float(reg.Quantity(1.0, from_unit).to(to_unit).magnitude)
        offset = float(reg.Quantity(0.0, from_unit).to(to_unit).magnitude)
    except pint.DimensionalityError as exc:
        msg = (
            f"cannot convert '{format_unit(from_unit)}' ({_describe(from_unit)}) to "
            f"'{format_unit(to_unit)}' ({_describe(to_unit)})"
        )
        raise UnitsError(msg, units1=format_unit(from_unit), units2=format_unit(to_unit)) from exc
    if offset != 0.0:  # degC to K: no factor converts every value
        msg = (
            f"cannot convert '{format_unit(from_unit)}' to '{format_unit(to_unit)}' by a "
            f"factor: their zeros differ (0 {format_unit(from_unit)} is {offset:g} "
            f"{format_unit(to_unit)})"
        )
        raise UnitsError(msg, units1=format_unit(from_unit), units2=format_unit(to_unit))
    return factor


def format_unit(unit: Unit) -> str:
    """Return the short text of a unit that :func:`parse_unit` reads back.

    Examples
    --------
    >>> format_unit(parse_unit("kg CO2e / m^2 / year"))
    'kg CO2e/m²/a'
    """
    return _format_unit(unit)


@functools.lru_cache(maxsize=1024)
def _format_unit(unit: Unit) -> str:
    return f"{unit:~P}".replace("·", " ")
