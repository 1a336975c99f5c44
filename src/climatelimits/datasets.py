"""Generic climate data sets: BR18 Tabel 7 (shipped) and Boverket's climate database (loaded).

A :class:`GenericDataset` is a versioned collection of :class:`~climatelimits.products.Product`
records looked up by the data set's own id, plus what the data set says beyond the product
model (names in several languages, the origin of each value, waste factors and transport
legs).

Two data sets are supported:

:func:`br18_tabel7`
    The Danish generic data of the building regulation, BR18 Bilag 2 Tabel 7 [1]_, shipped
    with climatelimits (450 rows, GWP per declared unit for A1-A3, C3, C4 and D, EN 15804+A1),
    looked up by "Sorterings ID" (``"#B1433"``). The machine-readable values are the MIT-licensed
    transcription github.com/ocni-dtu/table7 @ 4d7cb0c; see ``data/br18_tabel7.SOURCE.md``.
:func:`load_boverket`
    The Swedish climate database of Boverket [2]_, from the JSON file its API serves [3]_, which
    the user downloads (it is not shipped: its licence is not stated). Looked up by
    ``ResourceId`` (``"6000000032"``). Products carry the *conservative* A1-A3 values by
    default, as a Swedish climate declaration that uses generic data must [2]_; the database
    version is recorded on the data set.

Boverket's rules, as checked on its published files (v02.04.000 and v02.06.000):

- conservative A1-A3 = typical A1-A3 * ``ConservativeDataConversionFactor`` (1.25 for building
  products, 1.0 for energy and fuels), rounded half-up to 3 significant figures
  (:func:`conservative_value`); a stated value further from the exact product than that
  rounding allows is reported as a finding ``conservative_disagrees``;
- A5.1 (construction waste) = (``WasteFactor`` - 1) * (A1-A3 conservative + A4)
  (:func:`waste_value`) [4]_; a stated value more than 1 % away is reported as
  ``a5_disagrees``;
- A4 comes from a stated transport scenario (``TransportItems``: distance in km, energy use in
  MJ per tonne-km, fuel).

References
----------
.. [1] Bygningsreglementet, Bilag 2, Tabel 7, https://bygningsreglementet.dk/Bilag/B2/Bilag_2/Tabel_7
.. [2] Boverket, About the climate database (conservative values "approximately 25 percent
   higher than the average"; energy and fuel "not conservatively set"),
   https://www.boverket.se/en/start/building-in-sweden/contractor/tendering-process/climate-declaration/climate-database-from-boverket/about-climate-database/
.. [3] Boverket climate database API, ``GetAllResources``,
   https://api.boverket.se/klimatdatabas/api/Klimat/v2/GetAllResources/
.. [4] Boverket, Indata för byggspill (A5 waste = quantity * waste share * (A1-A3 + A4)),
   https://boverket.infab.io/10-indata-for-byggspill
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import importlib.resources
import math
import re
from collections.abc import Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Final

import attrs
import pint

from climatelimits._frozen import FrozenMap
from climatelimits._validators import (
    boolean,
    instance_of,
    non_empty_text,
    optional_date,
    to_finite_number,
    to_number_map,
    to_tuple,
)
from climatelimits.buildings import to_date
from climatelimits.exceptions import (
    DataFormatError,
    InvalidInputError,
    UnknownReferenceError,
)
from climatelimits.io._json_reading import (
    Problems,
    as_date,
    as_list,
    as_object,
    describe,
    number_at,
    parse_json,
    read_bytes,
    text_at,
)
from climatelimits.lifecycle import ModuleSet
from climatelimits.products import DataType, Finding, Product, Standard
from climatelimits.results import NOT_DECLARED, IndicatorResults, NotDeclared, ResultEntry
from climatelimits.units import (
    EMISSION_UNIT,
    Quantity,
    Unit,
    as_quantity,
    format_unit,
    parse_unit,
    registry,
)

__all__ = [
    "BOVERKET_API_URL",
    "BR18_TABEL7_URL",
    "CONSERVATIVE_SIGNIFICANT_FIGURES",
    "DatasetEntry",
    "GenericDataset",
    "TransportLeg",
    "br18_tabel7",
    "conservative_value",
    "load_boverket",
    "loads_boverket",
    "waste_value",
]

BR18_TABEL7_URL: Final = "https://bygningsreglementet.dk/Bilag/B2/Bilag_2/Tabel_7"
"""The regulation page of BR18 Bilag 2 Tabel 7."""

BOVERKET_API_URL: Final = "https://api.boverket.se/klimatdatabas/api/Klimat/v2/GetAllResources/"
"""Where Boverket's API serves the whole climate database as JSON."""

CONSERVATIVE_SIGNIFICANT_FIGURES: Final = 3
"""Significant figures of Boverket's conservative values (rounded half-up)."""

A5_TOLERANCE: Final = 0.01
"""Relative difference above which a stated A5.1 and the waste rule are reported."""

_PACKAGE_FORMAT: Final = "climatelimits.generic-data/1"
_BOVERKET_INDICATOR: Final = "gwp_ghg"
_BOVERKET_PROPERTY: Final = "GWP-GHG AR4"
_TYPICAL: Final = "A1-A3 Typical"
_CONSERVATIVE: Final = "A1-A3 Conservative"
_A4: Final = "A4"
_A51: Final = "A5.1"
_KNOWN_MODULE_CODES: Final = (_TYPICAL, _CONSERVATIVE, _A4, _A51)


# -- rounding rules ---------------------------------------------------------------------------
def _decimal(value: float, field: str) -> Decimal:
    return Decimal(repr(to_finite_number(value, field)))


def _round_significant(value: Decimal, digits: int) -> Decimal:
    if value == 0:
        return value
    return value.quantize(Decimal(1).scaleb(value.adjusted() - (digits - 1)), ROUND_HALF_UP)


def conservative_value(typical: float, factor: float = 1.25) -> float:
    """Return Boverket's conservative value of a typical one: ``typical * factor``, rounded.

    The product is computed in decimal arithmetic on the numbers as written and rounded
    half-up to :data:`CONSERVATIVE_SIGNIFICANT_FIGURES` significant figures, the rounding of
    the database (225 of the 228 resources of v02.06.000 follow it exactly; the other three
    are off by exactly one rounding step).

    Parameters
    ----------
    typical
        The typical (average) value [kg CO2e per inventory unit].
    factor
        ``ConservativeDataConversionFactor``: 1.25 for building products, 1.0 for energy and
        fuels.

    Returns
    -------
    float
        The conservative value [kg CO2e per inventory unit].

    Raises
    ------
    InvalidInputError
        If a value is not a finite number or the factor is not positive.

    Examples
    --------
    Ready-mix concrete C30/37 and C35/45 of Boverket's database v02.06.000:

    >>> conservative_value(0.116), conservative_value(0.13)
    (0.145, 0.163)
    """
    exact = _decimal(typical, "typical") * _decimal(factor, "factor")
    if not factor > 0:
        msg = f"`factor` must be greater than 0; got {factor!r}"
        raise InvalidInputError(msg)
    return float(_round_significant(exact, CONSERVATIVE_SIGNIFICANT_FIGURES))


def waste_value(waste_factor: float, a1_a3: float, a4: float) -> float:
    """Return the A5.1 construction-waste impact of one inventory unit (unrounded).

    ``(waste_factor - 1) * (a1_a3 + a4)``: the extra product bought to cover waste is produced
    and transported like the rest (reference [4] of the module docstring).

    Parameters
    ----------
    waste_factor
        ``WasteFactor`` of the database, at least 1 (1.03 = 3 % waste).
    a1_a3, a4
        A1-A3 and A4 per inventory unit [kg CO2e per inventory unit].

    Returns
    -------
    float
        A5.1 [kg CO2e per inventory unit].

    Raises
    ------
    InvalidInputError
        If a value is not a finite number or the waste factor is below 1.

    Examples
    --------
    Ready-mix concrete C30/37 (v02.06.000 states 0.00446):

    >>> round(waste_value(1.03, 0.145, 0.0036), 6)
    0.004458
    """
    waste = _decimal(waste_factor, "waste_factor")
    if waste < 1:
        msg = f"`waste_factor` must be at least 1 (1.05 = 5 % waste); got {waste_factor!r}"
        raise InvalidInputError(msg)
    return float((waste - 1) * (_decimal(a1_a3, "a1_a3") + _decimal(a4, "a4")))


def _matches_rounding(stated: float, exact: Decimal) -> bool:
    """Whether ``stated`` is within one half-unit of the 3rd significant figure of ``exact``."""
    if exact == 0:
        return stated == 0
    half_unit = Decimal(1).scaleb(exact.adjusted() - (CONSERVATIVE_SIGNIFICANT_FIGURES - 1)) / 2
    return abs(Decimal(repr(stated)) - exact) <= half_unit


# -- value classes ----------------------------------------------------------------------------
def _to_text_map(value: Any) -> FrozenMap[str, str]:
    if not isinstance(value, Mapping):
        msg = f"`names` must be a mapping of language -> name; got {value!r}"
        raise InvalidInputError(msg)
    for key, text in value.items():
        if not isinstance(key, str) or not isinstance(text, str):
            msg = f"`names` must map text to text; got {key!r}: {text!r}"
            raise InvalidInputError(msg)
    return FrozenMap(value)


def _to_number_map(value: Any) -> FrozenMap[str, float]:
    return to_number_map(value, "values")


def _optional_number(minimum: float) -> Any:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value):
            msg = f"`{attribute.name}` must be a finite number or None; got {value!r}"
            raise InvalidInputError(msg)
        if value < minimum:
            msg = f"`{attribute.name}` must be at least {minimum:g}; got {value!r}"
            raise InvalidInputError(msg)

    return check


def _to_optional_float(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _non_negative(value: Any, unit_text: str, field: str, example: str) -> Quantity:
    """Convert to ``unit_text`` (plain numbers are in it), refusing negatives and NaN."""
    unit = parse_unit(unit_text)
    if isinstance(value, int | float) and not isinstance(value, bool):
        magnitude = float(value)
        if not math.isfinite(magnitude):
            msg = f"`{field}` must be a finite number; got {value!r}"
            raise InvalidInputError(msg)
    else:
        quantity = as_quantity(value, unit, field=field)
        try:
            magnitude = float(quantity.to(unit).magnitude)
        except pint.DimensionalityError as exc:
            msg = (
                f"`{field}` must be {example}; got {quantity.magnitude:g} "
                f"{format_unit(quantity.units)}"
            )
            raise InvalidInputError(msg) from exc
    if magnitude < 0:
        msg = f"`{field}` must not be negative; got {magnitude:g} {format_unit(unit)}"
        raise InvalidInputError(msg)
    result: Quantity = registry().Quantity(magnitude, unit)
    return result


def _to_kilometres(value: Any) -> Quantity:
    return _non_negative(value, "km", "distance", "a length such as '600 km'")


def _to_energy_use(value: Any) -> Quantity:
    return _non_negative(
        value, "MJ / (t * km)", "energy_use", "an energy per tonne-km such as '1 MJ/(t km)'"
    )


@attrs.frozen
class TransportLeg:
    """One leg of a data set's transport scenario behind its A4 values.

    Attributes
    ----------
    name : str
        What the leg is, e.g. ``"Närdistribution"`` (Boverket ``Name``).
    distance : Quantity
        Distance [km] (Boverket ``GenericDistance``); a plain number is in km.
    vehicle : str
        Kind of vehicle, e.g. ``"Lastbil"`` (truck) (Boverket ``TransportTypeName``).
    energy_use : Quantity
        Energy use [MJ/(t·km)] (Boverket ``EnergyUseValue``; its ``A4ValueBackground`` texts
        state the unit, e.g. "lastbil (1 MJ/ton km)"); a plain number is in MJ/(t·km).
    energy_use_name : str
        The kind of transport the energy use is for, e.g. ``"Lastbil, landsväg"``.
    fuel : str
        Fuel, e.g. ``"Diesel, reduktionsplikt (2023)"``.
    fuel_resource_id : str
        Id of the fuel's own resource in the data set (its GWP per MJ), or ``""``.
    """

    name: str = attrs.field(validator=instance_of(str))
    distance: Quantity = attrs.field(converter=_to_kilometres)
    vehicle: str = attrs.field(default="", validator=instance_of(str))
    energy_use: Quantity = attrs.field(default=0.0, converter=_to_energy_use)
    energy_use_name: str = attrs.field(default="", validator=instance_of(str))
    fuel: str = attrs.field(default="", validator=instance_of(str))
    fuel_resource_id: str = attrs.field(default="", validator=instance_of(str))


def _to_legs(value: Any) -> tuple[TransportLeg, ...]:
    return to_tuple(value, TransportLeg, "transport")


@attrs.frozen
class DatasetEntry:
    """One record of a generic data set: the product and what the data set says besides.

    Attributes
    ----------
    product : Product
        The record as a product (impacts per declared unit).
    names : Mapping[str, str]
        Names by language code (``"da"``, ``"sv"``, ``"en"``; ``"source"`` for the name in the
        row's origin, e.g. the German ÖKOBAUDAT name of a Tabel 7 row).
    origin : str
        Where the record's values come from (an EPD or ÖKOBAUDAT URL), or ``""``.
    comment : str
        The data set's comment on the record.
    category : str
        The data set's category, e.g. ``"Betong"``.
    classification : str
        A classification code, e.g. ``"BK04 01208"``.
    values : Mapping[str, float]
        The module values exactly as the file gives them, per declared unit, keyed by the
        file's own module codes (Boverket: ``"A1-A3 Typical"``, ``"A1-A3 Conservative"``,
        ``"A4"``, ``"A5.1"``).
    conservative_factor : float or None
        Boverket ``ConservativeDataConversionFactor`` (1.25, or 1.0 for energy and fuels).
    waste_factor : float or None
        Boverket ``WasteFactor``, at least 1 (1.03 = 3 % waste), for A5.
    transport : tuple of TransportLeg
        The transport scenario behind A4, as the file gives it.
    biogenic_carbon : float or None
        Boverket ``CalculatedBiogenicCarbon`` as given (the file states no unit; the values,
        about 0.42-0.44 for wood products, read as kg C per kg).
    service_life : str
        The reference service life as the file writes it (``">50 år"``, ``"Inte relevant"``).
    """

    product: Product = attrs.field(validator=instance_of(Product))
    names: FrozenMap[str, str] = attrs.field(factory=FrozenMap, converter=_to_text_map)
    origin: str = attrs.field(default="", validator=instance_of(str))
    comment: str = attrs.field(default="", validator=instance_of(str))
    category: str = attrs.field(default="", validator=instance_of(str))
    classification: str = attrs.field(default="", validator=instance_of(str))
    values: FrozenMap[str, float] = attrs.field(factory=FrozenMap, converter=_to_number_map)
    conservative_factor: float | None = attrs.field(
        default=None, converter=_to_optional_float, validator=_optional_number(0.0)
    )
    waste_factor: float | None = attrs.field(
        default=None, converter=_to_optional_float, validator=_optional_number(1.0)
    )
    transport: tuple[TransportLeg, ...] = attrs.field(default=(), converter=_to_legs)
    biogenic_carbon: float | None = attrs.field(
        default=None, converter=_to_optional_float, validator=_optional_number(-math.inf)
    )
    service_life: str = attrs.field(default="", validator=instance_of(str))


def _to_entries(value: Any) -> FrozenMap[str, DatasetEntry]:
    if not isinstance(value, Mapping):
        msg = f"`entries` must be a mapping of id -> DatasetEntry; got {value!r}"
        raise InvalidInputError(msg)
    for key, entry in value.items():
        if not isinstance(entry, DatasetEntry):
            msg = f"`entries[{key!r}]` must be a DatasetEntry; got {entry!r}"
            raise InvalidInputError(msg)
        if entry.product.id != key:
            msg = f"`entries[{key!r}]` holds product {entry.product.id!r}; the keys must match"
            raise InvalidInputError(msg)
    return FrozenMap(value)


@attrs.frozen
class GenericDataset:
    """A versioned generic data set: products looked up by the data set's own ids.

    Attributes
    ----------
    name : str
        The data set, e.g. ``"BR18 Bilag 2 Tabel 7"`` or ``"Boverket klimatdatabas"``.
    version : str
        Its version as the data set states it (Boverket ``"02.06.000"``), or the pinned
        transcription (``"ocni-dtu/table7@4d7cb0c"``).
    source : str
        Where it was read from: the regulation URL, or the file path.
    entries : Mapping[str, DatasetEntry]
        The records by id, in the data set's order.
    published : datetime.date or None
        Publication date, where stated (Boverket ``PublishedDate``); ISO text is read.
    conservative : bool or None
        Whether the products carry conservative (``True``) or typical (``False``) values;
        ``None`` for data sets without that distinction.
    attribution : str
        The attribution the data set's licence or publisher asks for.

    Examples
    --------
    >>> from climatelimits.datasets import br18_tabel7
    >>> tabel7 = br18_tabel7()
    >>> concrete = tabel7.get("#B1477")
    >>> concrete.declared_unit_text, concrete.impacts["gwp"].to_mapping()["A1-A3"]
    ('1 m³', 282.0)
    """

    name: str = attrs.field(validator=non_empty_text)
    version: str = attrs.field(validator=instance_of(str))
    source: str = attrs.field(validator=instance_of(str))
    entries: FrozenMap[str, DatasetEntry] = attrs.field(converter=_to_entries)
    published: dt.date | None = attrs.field(
        default=None, converter=to_date, validator=optional_date
    )
    conservative: bool | None = attrs.field(
        default=None, validator=attrs.validators.optional(boolean)
    )
    attribution: str = attrs.field(default="", validator=instance_of(str))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str | int) or isinstance(key, bool):
            return False
        return self._find(key) is not None

    def ids(self) -> tuple[str, ...]:
        """Return every id, in the data set's order."""
        return tuple(self.entries)

    @property
    def products(self) -> FrozenMap[str, Product]:
        """Every product by id (what a calculation looks bill lines up in)."""
        return FrozenMap((key, entry.product) for key, entry in self.entries.items())

    def get(self, key: str | int) -> Product:
        """Return the product with this id.

        Parameters
        ----------
        key
            The data set's id: a Tabel 7 "Sorterings ID" (``"#B1433"``; ``"B1433"`` and
            lower case are accepted too) or a Boverket ``ResourceId`` (``"6000000032"`` or
            ``6000000032``).

        Raises
        ------
        UnknownReferenceError
            If the data set has no such id; the message names the data set and version and
            suggests close ids.
        """
        return self.entry(key).product

    def entry(self, key: str | int) -> DatasetEntry:
        """Return the whole record with this id (see :meth:`get`)."""
        if isinstance(key, bool) or not isinstance(key, str | int):
            msg = f"`key` must be an id of {self.name} as text; got {key!r}"
            raise UnknownReferenceError(msg)
        found = self._find(key)
        if found is None:
            text = str(key).strip()
            close = difflib.get_close_matches(text.upper(), list(self.entries), n=3, cutoff=0.6)
            hint = f" Close ids: {', '.join(close)}." if close else ""
            examples = ", ".join(list(self.entries)[:3])
            msg = (
                f"`key` must be an id of {self.name} ({self.version}, {len(self)} ids such as "
                f"{examples}); got {key!r}.{hint}"
            )
            raise UnknownReferenceError(msg)
        return self.entries[found]

    def _find(self, key: str | int) -> str | None:
        text = str(key).strip()
        for candidate in (text, text.upper(), "#" + text.upper().lstrip("#")):
            if candidate in self.entries:
                return candidate
        return None


def _results(indicator: str, values: Mapping[str, float | NotDeclared]) -> IndicatorResults:
    """Build results from values already in the indicator's canonical unit (no pint)."""
    return IndicatorResults(
        indicator,
        tuple(
            ResultEntry(ModuleSet.parse(module), None if isinstance(v, NotDeclared) else v)
            for module, v in values.items()
        ),
    )


def _repeated_id(item: Any, key: str, seen: set[str]) -> bool:
    """Whether ``item[key]`` is an id already seen (recording it otherwise)."""
    if not isinstance(item, Mapping):
        return False
    raw = item.get(key)
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return False
    text = str(raw).strip()
    if text in seen:
        return True
    seen.add(text)
    return False


def _quantity_or_problem(
    magnitude: float, unit: Unit, path: str, problems: Problems
) -> Quantity | None:
    with problems.recording(path):
        return as_quantity(magnitude, unit, field=path)
    return None


# -- BR18 Tabel 7 (package data) -----------------------------------------------------------------
_DATA_TYPES: Final = {"generic": DataType.GENERIC, "industry_average": DataType.INDUSTRY_AVERAGE}
_PER_UNIT_PROPERTY: Final = {
    "[length] ** 3": "density",
    "[length] ** 2": "area_mass",
    "[length]": "linear_mass",
    "[piece]": "mass_per_piece",
}


def _tabel7_entry(
    row: Any, index: int, problems: Problems, regulation_url: str
) -> DatasetEntry | None:
    path = f"rows[{index}]"
    data = as_object(row, path, problems)
    if data is None:
        return None
    before = len(problems.items)
    row_id = text_at(data, "id", path, problems, required=True)
    data_type_text = text_at(data, "data_type", path, problems, required=True)
    name_da = text_at(data, "name_da", path, problems, required=True)
    name_source = text_at(data, "name_source", path, problems, required=False) or ""
    unit_text = text_at(data, "declared_unit", path, problems, required=True)
    mass = number_at(data, "mass_per_unit", path, problems, required=True, positive=True)
    origin = text_at(data, "origin", path, problems, required=False) or ""
    comment = text_at(data, "comment", path, problems, required=False) or ""
    data_type = None
    if data_type_text is not None:
        data_type = _DATA_TYPES.get(data_type_text)
        if data_type is None:
            problems.add(
                f"{path}.data_type",
                f"must be one of {', '.join(_DATA_TYPES)}; got {data_type_text!r}",
            )
    declared_unit = None
    if unit_text is not None:
        with problems.recording(f"{path}.declared_unit"):
            declared_unit = as_quantity(unit_text, field=f"{path}.declared_unit")
    gwp = _tabel7_gwp(data.get("gwp"), f"{path}.gwp", problems)
    if len(problems.items) > before or row_id is None or declared_unit is None or mass is None:
        return None
    with problems.recording(path):
        impacts = _results("gwp", gwp)
        properties = _tabel7_properties(declared_unit, mass)
        product = Product(
            row_id,
            name_da or row_id,
            declared_unit,
            {"gwp": impacts},
            properties=FrozenMap(properties),
            data_type=data_type,
            standard=Standard.EN15804_A1,
            source=f"{regulation_url} {row_id}",
        )
        names = {"da": name_da or ""}
        if name_source:
            names["source"] = name_source
        return DatasetEntry(product, names, origin=origin, comment=comment)
    return None


def _tabel7_gwp(value: Any, path: str, problems: Problems) -> dict[str, float | NotDeclared]:
    data = as_object(value, path, problems)
    out: dict[str, float | NotDeclared] = {}
    if data is None:
        return out
    for module in ("A1-A3", "C3", "C4", "D"):
        raw = data.get(module)
        if raw == "not declared":
            out[module] = NOT_DECLARED
            continue
        number = number_at(data, module, path, problems, required=True)
        if number is not None:
            out[module] = number
    extra = sorted(set(data) - {"A1-A3", "C3", "C4", "D"})
    if extra:
        problems.add(path, f"must hold only A1-A3, C3, C4 and D; got also {', '.join(extra)}")
    return out


def _tabel7_properties(declared_unit: Quantity, mass: float) -> dict[str, Quantity]:
    unit = declared_unit.units
    kg = parse_unit("kg")
    if unit.dimensionality == kg.dimensionality:
        if mass != 1.0:
            msg = f"`mass_per_unit` of a row declared in kg must be 1 kg/kg; got {mass:g}"
            raise InvalidInputError(msg)
        return {}
    per_unit: Quantity = registry().Quantity(mass, kg / unit)
    properties = {"mass_per_declared_unit": per_unit}
    named = _PER_UNIT_PROPERTY.get(str(unit.dimensionality))
    if named is not None:
        properties[named] = per_unit
    return properties


def _tabel7_from_document(document: Any, source: str) -> GenericDataset:
    problems = Problems(source)
    data = as_object(document, "$", problems)
    if data is None:
        problems.raise_all()
    if data.get("format") != _PACKAGE_FORMAT:
        problems.add("format", f"must be {_PACKAGE_FORMAT!r}; got {data.get('format')!r}")
        problems.raise_if_any()
    name = text_at(data, "name", "$", problems, required=True)
    version = text_at(data, "version", "$", problems, required=True)
    url = text_at(data, "regulation_url", "$", problems, required=True)
    rows = as_list(data.get("rows"), "rows", problems, required=True)
    transcription = as_object(data.get("transcription"), "transcription", problems)
    entries: dict[str, DatasetEntry] = {}
    seen: set[str] = set()
    for index, row in enumerate(rows):
        if _repeated_id(row, "id", seen):
            problems.add(f"rows[{index}].id", f"must be unique; {row['id']} repeats")
            continue
        entry = _tabel7_entry(row, index, problems, url or BR18_TABEL7_URL)
        if entry is not None:
            entries[entry.product.id] = entry
    problems.raise_if_any()
    attribution = ""
    if transcription is not None:
        attribution = (
            f"{name}, {url}; values transcribed by Christian Kongsgaard, "
            f"{transcription.get('repository', '')} @ {str(transcription.get('commit', ''))[:7]}"
            f" ({transcription.get('licence', '')} licence)"
        )
    return GenericDataset(
        name or "",
        version or "",
        url or BR18_TABEL7_URL,
        entries,
        attribution=attribution,
    )


@functools.cache
def br18_tabel7() -> GenericDataset:
    """Return the Danish generic data of BR18 Bilag 2 Tabel 7, shipped with climatelimits.

    The data are read from the package on the first call and kept for the process.

    Returns
    -------
    GenericDataset
        450 products looked up by "Sorterings ID" (``"#B1433"``): declared unit as the table
        gives it (``1 m³``, ``1000 kg``, ``1 piece``...), GWP (indicator ``"gwp"``, EN
        15804+A1) for A1-A3, C3, C4 and D per declared unit (``-`` in the table is not
        declared), the mass per unit of the declared unit as ``mass_per_declared_unit``
        (and as ``density``, ``area_mass``, ``linear_mass`` or ``mass_per_piece`` by the unit),
        data type generic or industry average, source = the regulation URL and the row id.
        The table gives no reference service lives.

    Notes
    -----
    Bygningsreglementet, Bilag 2, Tabel 7, https://bygningsreglementet.dk/Bilag/B2/Bilag_2/Tabel_7;
    machine-readable transcription github.com/ocni-dtu/table7 @ 4d7cb0c (MIT licence,
    Copyright (c) 2023 Christian Kongsgaard), converted by ``tools/make_br18_tabel7.py``.
    Wood rows follow EN 15804+A1 -1/+1 biogenic accounting (negative A1-A3, positive C3).

    Examples
    --------
    >>> steel = br18_tabel7().get("G0148")  # Armeringsnet (reinforcement mesh)
    >>> steel.declared_unit_text, steel.impacts["gwp"].to_mapping()
    ('1 kg', {'A1-A3': 0.683355, 'C3': NOT_DECLARED, 'C4': 0.00068207, 'D': -0.393})
    """
    resource = importlib.resources.files("climatelimits").joinpath("data/br18_tabel7.json")
    source = f"climatelimits/data/br18_tabel7.json ({BR18_TABEL7_URL})"
    document = parse_json(resource.read_bytes(), source)
    return _tabel7_from_document(document, source)


# -- Boverket klimatdatabas -------------------------------------------------------------------
_SERVICE_LIFE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*år\s*$")
_STANDARDS: Final = {"EN 15804:A1": Standard.EN15804_A1, "EN 15804:A2": Standard.EN15804_A2}
_CONVERSION_PROPERTY: Final = {
    "[mass] / [length] ** 3": "density",
    "[mass] / [length] ** 2": "area_mass",
}


def _service_life(text: str) -> Quantity | None:
    match = _SERVICE_LIFE.match(text)
    if match is None:
        return None
    years = float(match[1].replace(",", "."))
    if not years > 0:
        return None
    result: Quantity = registry().Quantity(years, "year")
    return result


def _boverket_unit(text: str, path: str, problems: Problems) -> Unit | None:
    with problems.recording(path):
        return parse_unit(text, field=path)
    return None


def _boverket_values(
    data: Mapping[str, Any], path: str, problems: Problems, inventory: Unit | None
) -> tuple[dict[str, float], list[str]]:
    """Read the GWP-GHG data item: module code -> value [kg CO2e per inventory unit]."""
    items = as_list(data.get("DataItems"), f"{path}.DataItems", problems, required=True)
    values: dict[str, float] = {}
    ignored: list[str] = []
    found = False
    for i, raw_item in enumerate(items):
        item_path = f"{path}.DataItems[{i}]"
        item = as_object(raw_item, item_path, problems)
        if item is None:
            continue
        code = text_at(item, "PropertyCode", item_path, problems, required=True)
        if code is None:
            continue
        if code != _BOVERKET_PROPERTY:
            ignored.append(code)
            continue
        if found:
            problems.add(f"{item_path}.PropertyCode", f"{code!r} must appear once; it repeats")
            continue
        found = True
        factor = 1.0
        unit_text = text_at(item, "PropertyUnitCode", item_path, problems, required=True)
        if unit_text is not None and inventory is not None:
            unit = _boverket_unit(unit_text, f"{item_path}.PropertyUnitCode", problems)
            if unit is not None:
                wanted = parse_unit(EMISSION_UNIT) / inventory
                try:
                    factor = float(registry().Quantity(1.0, unit).to(wanted).magnitude)
                except pint.DimensionalityError:
                    problems.add(
                        f"{item_path}.PropertyUnitCode",
                        f"must be kg CO2e per the InventoryUnit ({format_unit(inventory)}); "
                        f"got {unit_text!r}",
                    )
        entries = as_list(
            item.get("DataValueItems"), f"{item_path}.DataValueItems", problems, required=True
        )
        for j, raw_entry in enumerate(entries):
            entry_path = f"{item_path}.DataValueItems[{j}]"
            entry = as_object(raw_entry, entry_path, problems)
            if entry is None:
                continue
            module = text_at(entry, "DataModuleCode", entry_path, problems, required=True)
            number = number_at(entry, "Value", entry_path, problems, required=True)
            if module is None or number is None:
                continue
            if module not in _KNOWN_MODULE_CODES:
                problems.add(
                    f"{entry_path}.DataModuleCode",
                    f"must be one of {', '.join(_KNOWN_MODULE_CODES)}; got {module!r}",
                )
                continue
            if module in values:
                problems.add(f"{entry_path}.DataModuleCode", f"{module!r} repeats")
                continue
            values[module] = number * factor
    if not found and not ignored:
        problems.add(f"{path}.DataItems", f"must contain the {_BOVERKET_PROPERTY!r} item")
    elif not found:
        problems.add(
            f"{path}.DataItems",
            f"must contain the {_BOVERKET_PROPERTY!r} item; got only {', '.join(ignored)}",
        )
    return values, ignored


def _boverket_conversions(
    data: Mapping[str, Any],
    path: str,
    problems: Problems,
    inventory: Unit | None,
    subject: str,
) -> tuple[dict[str, Quantity], list[Finding]]:
    properties: dict[str, Quantity] = {}
    findings: list[Finding] = []
    items = as_list(data.get("Conversions"), f"{path}.Conversions", problems, required=False)
    kg = parse_unit("kg")
    area = parse_unit("m^2").dimensionality
    for i, raw in enumerate(items):
        item_path = f"{path}.Conversions[{i}]"
        item = as_object(raw, item_path, problems)
        if item is None:
            continue
        field = text_at(item, "Field", item_path, problems, required=False) or ""
        unit_text = text_at(item, "Unit", item_path, problems, required=True)
        value = number_at(item, "Value", item_path, problems, required=True, positive=True)
        if unit_text is None or value is None or inventory is None:
            continue
        unit = _boverket_unit(unit_text, f"{item_path}.Unit", problems)
        if unit is None:
            continue
        name = _CONVERSION_PROPERTY.get(str(unit.dimensionality))
        per_inventory_unit = name == "area_mass" and inventory.dimensionality == area
        if name is None or not (
            inventory.dimensionality == kg.dimensionality or per_inventory_unit
        ):
            findings.append(
                Finding(
                    "conversion_ignored",
                    f"resource {subject}: the conversion {field} {value:g} {unit_text} is not "
                    f"used; it converts nothing for an inventory unit of "
                    f"{format_unit(inventory)} (energy resources carry such values under "
                    f"mislabelled fields, e.g. MJ per litre of diesel as 'kg/m²').",
                    subject,
                    {"value": value},
                )
            )
            continue
        quantity = _quantity_or_problem(value, unit, f"{item_path}.Value", problems)
        if quantity is None:
            continue
        if name in properties:
            problems.add(f"{item_path}.Unit", f"a second {unit_text} conversion; give one")
            continue
        properties[name] = quantity
        if per_inventory_unit:
            properties["mass_per_declared_unit"] = quantity
    return properties, findings


def _boverket_transport(
    data: Mapping[str, Any], path: str, problems: Problems
) -> list[TransportLeg]:
    legs: list[TransportLeg] = []
    items = as_list(data.get("TransportItems"), f"{path}.TransportItems", problems, required=False)
    for i, raw in enumerate(items):
        item_path = f"{path}.TransportItems[{i}]"
        item = as_object(raw, item_path, problems)
        if item is None:
            continue
        name = text_at(item, "Name", item_path, problems, required=False) or ""
        distance = number_at(
            item, "GenericDistance", item_path, problems, required=True, minimum=0
        )
        energy = number_at(item, "EnergyUseValue", item_path, problems, required=True, minimum=0)
        vehicle = text_at(item, "TransportTypeName", item_path, problems, required=False) or ""
        energy_name = text_at(item, "EnergyUseName", item_path, problems, required=False) or ""
        fuel = text_at(item, "FuelTypeName", item_path, problems, required=False) or ""
        fuel_id = item.get("FuelTypeResourceId")
        if fuel_id is not None and (
            isinstance(fuel_id, bool) or not isinstance(fuel_id, int | str)
        ):
            problems.add(
                f"{item_path}.FuelTypeResourceId", f"must be an id; got {describe(fuel_id)}"
            )
            fuel_id = None
        if distance is None or energy is None:
            continue
        legs.append(
            TransportLeg(
                name,
                distance,  # km
                vehicle,
                energy,  # MJ/(t km)
                energy_name,
                fuel,
                "" if fuel_id is None else str(fuel_id),
            )
        )
    return legs


def _boverket_categories(
    data: Mapping[str, Any], path: str, problems: Problems
) -> tuple[str, str]:
    category = ""
    classification = ""
    items = as_list(data.get("Categories"), f"{path}.Categories", problems, required=False)
    for i, raw in enumerate(items):
        item_path = f"{path}.Categories[{i}]"
        item = as_object(raw, item_path, problems)
        if item is None:
            continue
        kind = text_at(item, "ClassificationType", item_path, problems, required=False)
        text = text_at(item, "Text", item_path, problems, required=False) or ""
        code = text_at(item, "Code", item_path, problems, required=False) or ""
        if kind == "Boverket" and not category:
            category = text
        elif kind and kind != "Boverket" and not classification:
            classification = " ".join(part for part in (kind, code, text) if part)
    return category, classification


def _boverket_a1_a3(
    values: Mapping[str, float],
    factor: float,
    conservative: bool,
    subject: str,
    unit_text: str,
    findings: list[Finding],
) -> float | NotDeclared:
    typical = values.get(_TYPICAL)
    stated = values.get(_CONSERVATIVE)
    if typical is not None and stated is not None:
        exact = Decimal(repr(typical)) * Decimal(repr(factor))
        if not _matches_rounding(stated, exact):
            findings.append(
                Finding(
                    "conservative_disagrees",
                    f"resource {subject}: A1-A3 conservative {stated:g} {unit_text} is not "
                    f"typical {typical:g} * {factor:g} = {float(exact):g} rounded half-up to "
                    f"{CONSERVATIVE_SIGNIFICANT_FIGURES} significant figures "
                    f"({conservative_value(typical, factor):g}); the stated value is used.",
                    subject,
                    {"typical": typical, "conservative": stated, "factor": factor},
                )
            )
    if not conservative:
        if typical is None:
            findings.append(
                Finding(
                    "typical_missing",
                    f"resource {subject}: the file gives no A1-A3 typical value, so A1-A3 is "
                    f"not declared in typical mode.",
                    subject,
                )
            )
            return NOT_DECLARED
        return typical
    if stated is not None:
        return stated
    if typical is None:
        return NOT_DECLARED
    computed = conservative_value(typical, factor)
    findings.append(
        Finding(
            "conservative_computed",
            f"resource {subject}: the file gives no A1-A3 conservative value; it is computed "
            f"as typical {typical:g} * {factor:g} rounded half-up to "
            f"{CONSERVATIVE_SIGNIFICANT_FIGURES} significant figures = {computed:g} {unit_text}.",
            subject,
            {"typical": typical, "factor": factor, "conservative": computed},
        )
    )
    return computed


def _boverket_a5(
    values: Mapping[str, float],
    a1_a3: float | NotDeclared,
    waste: float | None,
    conservative: bool,
    subject: str,
    unit_text: str,
    findings: list[Finding],
) -> float | NotDeclared:
    stated = values.get(_A51)
    a4 = values.get(_A4)
    conservative_a1_a3 = values.get(_CONSERVATIVE)
    if (
        stated is not None
        and waste is not None
        and a4 is not None
        and conservative_a1_a3 is not None
    ):
        expected = waste_value(waste, conservative_a1_a3, a4)
        if not math.isclose(stated, expected, rel_tol=A5_TOLERANCE, abs_tol=1e-12):
            findings.append(
                Finding(
                    "a5_disagrees",
                    f"resource {subject}: A5.1 {stated:g} {unit_text} differs by more than "
                    f"{A5_TOLERANCE:.0%} from (waste factor {waste:g} - 1) * (A1-A3 "
                    f"conservative {conservative_a1_a3:g} + A4 {a4:g}) = {expected:g}.",
                    subject,
                    {"A5.1": stated, "expected": expected, "waste_factor": waste},
                )
            )
    if conservative:
        return NOT_DECLARED if stated is None else stated
    if stated is None or waste is None or a4 is None or isinstance(a1_a3, NotDeclared):
        return NOT_DECLARED
    return waste_value(waste, a1_a3, a4)


def _boverket_entry(
    raw: Any,
    index: int,
    problems: Problems,
    *,
    conservative: bool,
    language: str,
    version: str,
    source: str,
) -> DatasetEntry | None:
    path = f"Resources[{index}]"
    data = as_object(raw, path, problems)
    if data is None:
        return None
    before = len(problems.items)
    raw_id = data.get("ResourceId")
    if raw_id is None:
        problems.add(f"{path}.ResourceId", "is required")
    elif isinstance(raw_id, bool) or not isinstance(raw_id, int | str) or not str(raw_id).strip():
        problems.add(f"{path}.ResourceId", f"must be an id; got {describe(raw_id)}")
        raw_id = None
    subject = "" if raw_id is None else str(raw_id).strip()
    names: dict[str, str] = {}
    raw_names = data.get("Names")
    if raw_names is not None:
        names_map = as_object(raw_names, f"{path}.Names", problems)
        for key, text in (names_map or {}).items():
            if isinstance(text, str):
                names[str(key).lower()] = text
            elif text is not None:
                problems.add(f"{path}.Names.{key}", f"must be text; got {describe(text)}")
    plain_name = text_at(data, "Name", path, problems, required=False)
    name = names.get(language) or plain_name or next(iter(names.values()), "") or subject
    unit_text = text_at(data, "InventoryUnit", path, problems, required=True)
    inventory = None
    if unit_text is not None:
        inventory = _boverket_unit(unit_text, f"{path}.InventoryUnit", problems)
    factor = number_at(
        data, "ConservativeDataConversionFactor", path, problems, required=True, minimum=1.0
    )
    waste = number_at(data, "WasteFactor", path, problems, required=False, minimum=1.0)
    biogenic = number_at(data, "CalculatedBiogenicCarbon", path, problems, required=False)
    life_text = text_at(data, "RefServiceLifeNormal", path, problems, required=False) or ""
    std_calc = text_at(data, "StdCalc", path, problems, required=False)
    values, ignored = _boverket_values(data, path, problems, inventory)
    if _TYPICAL not in values and _CONSERVATIVE not in values and len(problems.items) == before:
        problems.add(
            f"{path}.DataItems",
            f"must give {_TYPICAL!r} or {_CONSERVATIVE!r} for {_BOVERKET_PROPERTY!r}",
        )
    properties, findings = _boverket_conversions(data, path, problems, inventory, subject)
    legs = _boverket_transport(data, path, problems)
    category, classification = _boverket_categories(data, path, problems)
    if len(problems.items) > before or inventory is None or factor is None:
        return None
    per = f"kg CO2e/{format_unit(inventory)}"
    if ignored:
        findings.append(
            Finding(
                "indicator_not_imported",
                f"resource {subject}: data items {', '.join(ignored)} are not imported; only "
                f"{_BOVERKET_PROPERTY} is.",
                subject,
            )
        )
    declared_unit: Quantity = registry().Quantity(1.0, inventory)
    with problems.recording(path):
        a1_a3 = _boverket_a1_a3(values, factor, conservative, subject, per, findings)
        a5 = _boverket_a5(values, a1_a3, waste, conservative, subject, per, findings)
        impacts: dict[str, float | NotDeclared] = {
            "A1-A3": a1_a3,
            "A4": values.get(_A4, NOT_DECLARED),
            "A5": a5,
        }
        product = Product(
            subject,
            name,
            declared_unit,
            {_BOVERKET_INDICATOR: _results(_BOVERKET_INDICATOR, impacts)},
            properties=FrozenMap(properties),
            data_type=DataType.GENERIC,
            standard=_STANDARDS.get(std_calc or ""),
            reference_service_life=_service_life(life_text),
            source=f"Boverket klimatdatabas {version}, ResourceId {subject} ({source})",
            findings=tuple(findings),
        )
        return DatasetEntry(
            product,
            names,
            category=category,
            classification=classification,
            values=values,
            conservative_factor=factor,
            waste_factor=waste,
            transport=tuple(legs),
            biogenic_carbon=biogenic,
            service_life=life_text,
        )
    return None


def _boverket_from_document(
    document: Any,
    source: str,
    *,
    conservative: bool,
    language: str,
    version: str | None,
) -> GenericDataset:
    problems = Problems(source)
    data = as_object(document, "$", problems)
    if data is None:
        problems.raise_all()
    stated_version = text_at(data, "Version", "$", problems, required=True)
    published = as_date(data.get("PublishedDate"), "PublishedDate", problems)
    publisher = text_at(data, "Publisher", "$", problems, required=False) or "Boverket"
    resources = as_list(data.get("Resources"), "Resources", problems, required=True)
    problems.raise_if_any()
    if stated_version is None:  # reported above; kept for the type checker
        raise DataFormatError(source, ["Version: is required"])
    if version is not None and stated_version != version:
        problems.add(
            "Version", f"must be {version!r} (the version asked for); got {stated_version!r}"
        )
        problems.raise_if_any()
    entries: dict[str, DatasetEntry] = {}
    seen: set[str] = set()
    for index, raw in enumerate(resources):
        if _repeated_id(raw, "ResourceId", seen):
            problems.add(
                f"Resources[{index}].ResourceId", f"must be unique; {raw['ResourceId']} repeats"
            )
            continue
        entry = _boverket_entry(
            raw,
            index,
            problems,
            conservative=conservative,
            language=language,
            version=stated_version,
            source=source,
        )
        if entry is not None:
            entries[entry.product.id] = entry
    problems.raise_if_any()
    return GenericDataset(
        "Boverket klimatdatabas",
        stated_version,
        source,
        entries,
        published=published,
        conservative=conservative,
        attribution=f"{publisher}, klimatdatabas version {stated_version}, {BOVERKET_API_URL}",
    )


def _check_options(conservative: Any, language: Any) -> str:
    if not isinstance(conservative, bool):
        msg = f"`conservative` must be true or false; got {conservative!r}"
        raise InvalidInputError(msg)
    if not isinstance(language, str) or not language.strip():
        msg = f"`language` must be a language code such as 'en' or 'sv'; got {language!r}"
        raise InvalidInputError(msg)
    return language.strip().lower()


def loads_boverket(
    text: str | bytes,
    *,
    conservative: bool = True,
    language: str = "en",
    version: str | None = None,
    source: str = "<string>",
) -> GenericDataset:
    """Read Boverket's climate database from the JSON text its API serves.

    Parameters
    ----------
    text
        The JSON document (``{"Version": ..., "PublishedDate": ..., "Resources": [...]}``).
    conservative
        Use the conservative values (the default; a declaration that uses generic data must)
        or the typical ones. With ``False``, A1-A3 is the typical value and A5 is recomputed
        from it by the database's waste rule, ``(WasteFactor - 1) * (A1-A3 + A4)``.
    language
        Which of ``Names`` names the products (``"en"`` or ``"sv"``); ``Name`` if absent.
    version
        If given, the ``Version`` the file must state (e.g. ``"02.06.000"``), to pin it.
    source
        Name of the document in messages.

    Returns
    -------
    GenericDataset
        Products by ``ResourceId`` with declared unit 1 ``InventoryUnit`` (kg, MJ, kWh, m²),
        indicator ``"gwp_ghg"`` (GWP-GHG, AR4) for A1-A3, A4 and A5 (= A5.1, construction
        waste only) in kg CO2e per declared unit; the version and publication date; waste
        factors, transport legs and the file's own values on the :class:`DatasetEntry`.

    Raises
    ------
    DataFormatError
        Naming every structural problem with its JSON path (``Resources[3].WasteFactor``).
    InvalidInputError
        If an option is not valid.
    """
    chosen = _check_options(conservative, language)
    document = parse_json(text, source)
    return _boverket_from_document(
        document, source, conservative=conservative, language=chosen, version=version
    )


def load_boverket(
    path: str | Path,
    *,
    conservative: bool = True,
    language: str = "en",
    version: str | None = None,
    sha256: str | None = None,
) -> GenericDataset:
    """Read Boverket's climate database from a JSON file the user downloaded.

    climatelimits does not ship the database (its licence is not stated). Download it from
    Boverket's API, :data:`BOVERKET_API_URL` (``.../GetAllResources/<version>/<culture>/json``).

    Parameters
    ----------
    path
        The JSON file.
    conservative, language, version
        As for :func:`loads_boverket`.
    sha256
        If given, the SHA-256 (hex) the file must have, to pin the exact download.

    Returns
    -------
    GenericDataset
        See :func:`loads_boverket`.

    Raises
    ------
    DataFormatError
        If the file cannot be read, is not the pinned one, or breaks the format; every
        problem is named with its JSON path.
    InvalidInputError
        If an option is not valid.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> document = {
    ...     "Version": "02.06.000",
    ...     "PublishedDate": "2025-01-30T12:15:47Z",
    ...     "Resources": [
    ...         {
    ...             "ResourceId": 6000000032,
    ...             "Names": {"EN": "Ready-mix concrete C30/37", "SV": "Fabriksbetong C30/37"},
    ...             "InventoryUnit": "kg",
    ...             "ConservativeDataConversionFactor": 1.25,
    ...             "WasteFactor": 1.03,
    ...             "Conversions": [{"Field": "Volume", "Unit": "kg/m³", "Value": 2350.0}],
    ...             "DataItems": [
    ...                 {
    ...                     "PropertyCode": "GWP-GHG AR4",
    ...                     "PropertyUnitCode": "kg CO2 eq./kg",
    ...                     "DataValueItems": [
    ...                         {"DataModuleCode": "A1-A3 Conservative", "Value": 0.145},
    ...                         {"DataModuleCode": "A1-A3 Typical", "Value": 0.116},
    ...                         {"DataModuleCode": "A4", "Value": 0.0036},
    ...                         {"DataModuleCode": "A5.1", "Value": 0.00446},
    ...                     ],
    ...                 }
    ...             ],
    ...         }
    ...     ],
    ... }
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "klimatdatabas.json").write_text(json.dumps(document))
    >>> database = load_boverket(folder / "klimatdatabas.json")
    >>> database.version, database.get("6000000032").impacts["gwp_ghg"].to_mapping()
    ('02.06.000', {'A1-A3': 0.145, 'A4': 0.0036, 'A5': 0.00446})
    """
    chosen = _check_options(conservative, language)
    raw = read_bytes(path)
    source = str(path)
    if sha256 is not None:
        digest = hashlib.sha256(raw).hexdigest()
        if digest != sha256.strip().lower():
            raise DataFormatError(
                source, [f"sha256 must be {sha256} (the pinned download); got {digest}"]
            )
    document = parse_json(raw, source)
    return _boverket_from_document(
        document, source, conservative=conservative, language=chosen, version=version
    )
