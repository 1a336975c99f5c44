"""Format-neutral records of an ILCD+EPD process data set, and number reading (internal).

The XML reader (:mod:`._ilcd_xml`) and the soda4LCA JSON reader (:mod:`._ilcd_json`) both
produce a :class:`RawDataset`; :mod:`._ilcd_build` turns it into a
:class:`~climatelimits.products.Product`. Every record keeps ``where``, the path of the value
inside its file (``exchanges.exchange[0].meanAmount`` or
``/processDataSet/exchanges/exchange[@dataSetInternalID='42']/meanAmount (line 299)``), so a
problem found later still names the file and the place.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation

import attrs

from climatelimits.exceptions import DataFormatError
from climatelimits.products import Finding

# "ND" (not declared), "MND" (module not declared), "MNA" (module not assessed), "MNR"
# (module not relevant), "NR", "INA" (indicator not assessed), "-": none of them is a zero.
NOT_DECLARED_TOKENS = frozenset({"", "-", "nd", "mnd", "mna", "mnr", "nr", "na", "n/a", "ina"})

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


@attrs.frozen
class RawAmount:
    """One ``epd:amount``: a value of one module (and maybe one scenario)."""

    module: str
    scenario: str | None
    value: object
    where: str


@attrs.frozen
class RawResult:
    """One LCIA result: an indicator by UUID with its amounts."""

    uuid: str
    label: str
    unit: str | None
    unit_group: str | None
    amounts: tuple[RawAmount, ...]
    where: str


@attrs.frozen
class RawFlowProperty:
    """One flow property of a flow: ``meanValue`` of a property (mass, volume...)."""

    uuid: str
    name: str
    mean_value: object
    reference: bool
    unit: str | None
    where: str


@attrs.frozen
class RawMaterialProperty:
    """One material property (InData list: gross density, grammage...)."""

    name: str
    value: object
    unit: str | None
    where: str


@attrs.frozen
class RawFlow:
    """A product flow: its properties and, for product flows, the generic flow it is."""

    uuid: str
    name: str
    properties: tuple[RawFlowProperty, ...]
    materials: tuple[RawMaterialProperty, ...] = ()
    is_a: str = ""
    source: str = ""


@attrs.frozen
class RawScenario:
    """A scenario declared in the data set information."""

    name: str
    description: str
    default: bool
    group: str
    where: str


@attrs.frozen
class RawDataset:
    """Everything the builder needs from one process data set."""

    source: str
    uuid: str
    name: str
    reference_amount: object
    reference_where: str
    flow: RawFlow
    sub_type: str = ""
    publication: dt.date | None = None
    valid_until_year: object = None
    valid_until_where: str = ""
    expiration: dt.date | None = None
    service_life: object = None
    service_life_where: str = ""
    scenarios: tuple[RawScenario, ...] = ()
    results: tuple[RawResult, ...] = ()
    findings: tuple[Finding, ...] = ()


def _text_of(raw: object) -> str | None:
    """Return the number text of a raw value, or None if it is no number at all."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        return repr(raw) if math.isfinite(raw) else None
    if isinstance(raw, str):
        text = raw.strip()
        return text if _NUMBER.fullmatch(text) else None
    return None


def number(raw: object, where: str, source: str, *, what: str = "a number") -> float:
    """Return a required finite number, or raise naming the file and the path.

    Raises
    ------
    DataFormatError
        If ``raw`` is missing, not a number, or not finite.
    """
    text = _text_of(raw)
    if text is None:
        problem = f"{where}: must be {what} written with a decimal point; got {raw!r}"
        raise DataFormatError(source, [problem])
    value = float(text)
    if not math.isfinite(value):
        raise DataFormatError(source, [f"{where}: must be a finite number; got {raw!r}"])
    return value


def half_unit(text: str) -> float:
    """Return half a unit of the last digit written (the rounding bound of ``text``).

    An integer zero (``"0"``, ``"-0"``) is taken as exact.

    Examples
    --------
    >>> half_unit("21.8"), half_unit("1.5E-4"), half_unit("0")
    (0.05, 5e-06, 0.0)
    """
    try:
        decimal = Decimal(text)
    except InvalidOperation:  # pragma: no cover - callers pass checked number text
        return 0.0
    exponent = decimal.as_tuple().exponent
    if not isinstance(exponent, int):  # pragma: no cover - NaN/inf are refused before
        return 0.0
    if decimal == 0 and exponent == 0:
        return 0.0
    return float(Decimal(5).scaleb(exponent - 1))


def amount(raw: object, where: str, source: str) -> tuple[float, float] | None:
    """Read a module value: ``(value, rounding bound)``, or ``None`` when not declared.

    ``None``, empty text and the tokens of :data:`NOT_DECLARED_TOKENS` are *not declared*
    (never zero); any other text that is not a number is a format error.

    Raises
    ------
    DataFormatError
        If the value is neither a number nor a not-declared token.
    """
    if raw is None:
        return None
    if isinstance(raw, str) and raw.strip().lower() in NOT_DECLARED_TOKENS:
        return None
    text = _text_of(raw)
    if text is None:
        problem = (
            f"{where}: must be a number or a not-declared mark (ND, MND, MNA, MNR); got {raw!r}"
        )
        raise DataFormatError(source, [problem])
    value = float(text)
    if not math.isfinite(value):
        raise DataFormatError(source, [f"{where}: must be a finite number; got {raw!r}"])
    return value, half_unit(text)
