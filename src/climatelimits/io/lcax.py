"""Read and write LCAx JSON projects (format version 2.6.x).

LCAx is an open exchange format for building LCAs by DTU [1]_. A project holds assemblies;
an assembly holds products (uses of a product, per unit of the assembly); a product holds
its impact data (an EPD or generic data set: impacts per declared unit, per module).
:func:`read_lcax` turns a project into an :class:`LcaxProject`: a
:class:`~climatelimits.quantities.BillOfQuantities` (one line per product in an assembly,
quantity = assembly quantity x product quantity), the
:class:`~climatelimits.products.Product` records of its impact data, and the project's
results. :func:`dumps_lcax` and :func:`write_lcax` write one back.

Reading rules:

- **Conversions** are bare factors in LCAx (``{"value": 7850, "to": "kg"}``). Each is read
  as "``value`` units of ``to`` per one unit of the declared unit", the way LCAx's own
  importers write them (a density in kg/m³ for an EPD per m³ becomes ``to: kg``). It then
  becomes a conversion property *with dimensions* (here ``mass_per_declared_unit = 7850
  kg/m³``), so every calculation step is checked by pint. LCAx's calculation instead
  multiplies by the factor whatever the direction, which gives 3,210,650 and 160,532,500
  kg CO2e for its own steel test project instead of 2.6051 (test case T1). A conversion
  whose units prove no direction - to the declared unit's own dimension with a value other
  than 1 (a density written for an EPD per kg), to an unknown unit, or between dimensions
  no conversion property links - is refused: it is left out with a
  ``conversion_refused`` finding, and a calculation that needs it raises a
  :class:`~climatelimits.exceptions.UnitsError`.
- **Indicators**: ``gwp`` -> ``gwp_total`` (or ``gwp`` with ``gwp_indicator="gwp"``),
  ``gwp_fos`` -> ``gwp_fossil``, ``gwp_bio`` -> ``gwp_biogenic``, ``gwp_lul`` ->
  ``gwp_luluc``. Other LCAx categories have no climatelimits indicator and are not read.
- **Modules**: ``a1a3`` -> A1-A3, ``a4`` -> A4 and so on. A ``null`` value and a missing key
  are both *not declared*, never zero.
- **Areas**: ``grossFloorArea`` and ``heatedFloorArea`` are read only when their
  ``definition`` is a climatelimits area id (``dk_reference``, ``se_bta``...), as
  :func:`dumps_lcax` writes them; an area of unknown definition is not stated (finding
  ``area_definition_unknown``), since areas of different definitions are never converted.
- **Use**: the ``climatelimits.use`` metadata written by :func:`dumps_lcax`, else a
  ``buildingTypology`` of exactly ``office`` or ``educational``; anything else leaves the use
  unknown.
- **Dates**: LCAx's placeholder ``1970-01-01`` is read as "not stated".
- One impact data set per product; a product with several, or with a ``reference`` to an
  external data set, is refused (LCAx keeps whichever comes last).
- Transport data of a product is not read (finding ``transport_not_read``).

References
----------
.. [1] Kongsgaard, C. et al., LCAx: an open, machine and human-readable data format for
   exchanging LCA results, https://github.com/ocni-dtu/lcax (format 2.6.3 as in its test
   project ``packages/python/tests/calculate/datafixtures/project.json``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, NamedTuple

import attrs
import pint

from climatelimits._frozen import FrozenMap
from climatelimits._gc import collector_paused
from climatelimits._validators import (
    instance_of,
    non_empty_text,
    to_optional_member,
    to_results_map,
    to_tuple,
)
from climatelimits.areas import AREA_DEFINITIONS
from climatelimits.buildings import Building, UseCategory
from climatelimits.exceptions import ClimateLimitsError, DataFormatError, InvalidInputError
from climatelimits.io._json_reading import (
    Problems,
    as_date,
    as_list,
    as_number,
    as_object,
    as_text,
    parse_json,
    read_json,
)
from climatelimits.io._output import write_text
from climatelimits.lifecycle import ModuleSet
from climatelimits.products import DataType, Finding, Product, Standard
from climatelimits.quantities import BillColumns, BillLine, BillOfQuantities, ColumnBuilder
from climatelimits.results import NOT_DECLARED, IndicatorResults, NotDeclared
from climatelimits.units import (
    AREA_UNIT,
    TIME_UNIT,
    Quantity,
    Unit,
    format_unit,
    parse_unit,
    registry,
)

__all__ = [
    "LCAX_FORMAT_VERSION",
    "LCAX_INDICATORS",
    "LCAX_UNITS",
    "LcaxProject",
    "dumps_lcax",
    "loads_lcax",
    "read_lcax",
    "write_lcax",
]

LCAX_FORMAT_VERSION: Final = "2.6.3"
"""The LCAx format version written."""

LCAX_INDICATORS: Final[Mapping[str, str]] = FrozenMap(
    {
        "gwp": "gwp_total",
        "gwp_fos": "gwp_fossil",
        "gwp_bio": "gwp_biogenic",
        "gwp_lul": "gwp_luluc",
    }
)
"""LCAx impact category -> climatelimits indicator (``gwp`` may be read as ``gwp``)."""

LCAX_UNITS: Final[Mapping[str, str]] = FrozenMap(
    {
        "m": "m",
        "m2": "m^2",
        "m3": "m^3",
        "kg": "kg",
        "tones": "t",
        "pcs": "piece",
        "kwh": "kWh",
        "l": "l",
        "km": "km",
        "tones_km": "t * km",
        "kgm3": "kg / m^3",
    }
)
"""LCAx unit names -> climatelimits unit text (``m2r1`` and ``unknown`` have none)."""

_MODULE_KEYS: Final = {
    "a0": "A0",
    "a1a3": "A1-A3",
    "a4": "A4",
    "a5": "A5",
    **{f"b{i}": f"B{i}" for i in range(1, 9)},
    **{f"c{i}": f"C{i}" for i in range(1, 5)},
    "d": "D",
}
_KEY_OF_MODULES: Final = {ModuleSet.parse(v): k for k, v in _MODULE_KEYS.items()}
_PLACEHOLDER_DATE: Final = dt.date(1970, 1, 1)
_DATA_TYPES: Final = {
    "specific": DataType.SPECIFIC,
    "generic": DataType.GENERIC,
    "industry": DataType.INDUSTRY_AVERAGE,
}
_SUBTYPES: Final = {v: k for k, v in _DATA_TYPES.items()}
_STANDARDS: Final = {"en15804a1": Standard.EN15804_A1, "en15804a2": Standard.EN15804_A2}
_STANDARD_KEYS: Final = {v: k for k, v in _STANDARDS.items()}
_TYPOLOGIES: Final = {"office": UseCategory.OFFICE, "educational": UseCategory.EDUCATION}
_TYPOLOGY_OF: Final = {
    UseCategory.DETACHED_HOUSE: "residential",
    UseCategory.ROW_HOUSE: "residential",
    UseCategory.FARMHOUSE: "residential",
    UseCategory.HOLIDAY_HOME: "residential",
    UseCategory.MULTI_FAMILY_HOUSING: "residential",
    UseCategory.CARE_HOME: "residential",
    UseCategory.OFFICE: "office",
    UseCategory.EDUCATION: "educational",
    UseCategory.PRESCHOOL: "educational",
    UseCategory.INSTITUTION: "public",
    UseCategory.RETAIL: "commercial",
    UseCategory.HOTEL: "commercial",
    UseCategory.WAREHOUSE: "parking_logistic",
    UseCategory.PARKING: "parking_logistic",
    UseCategory.HOSPITAL: "health",
    UseCategory.SPORTS_HALL: "culture",
    UseCategory.OTHER: "other",
}
_COUNTRIES: Final = {
    "dnk": "DK",
    "swe": "SE",
    "nor": "NO",
    "fin": "FI",
    "isl": "IS",
    "deu": "DE",
    "fra": "FR",
    "nld": "NL",
    "bel": "BE",
    "lux": "LU",
    "aut": "AT",
    "che": "CH",
    "gbr": "GB",
    "irl": "IE",
    "est": "EE",
    "lva": "LV",
    "ltu": "LT",
    "pol": "PL",
    "esp": "ES",
    "prt": "PT",
    "ita": "IT",
    "cze": "CZ",
    "usa": "US",
    "can": "CA",
}
"""ISO 3166-1 alpha-3 (as LCAx writes countries) -> alpha-2, for the countries listed."""
_ALPHA3: Final = {v: k for k, v in _COUNTRIES.items()}
_HEATED_AREAS: Final = ("dk_heated", "fi_heated_net")
_META_USE: Final = "climatelimits.use"
_META_DATA_TYPE: Final = "climatelimits.data_type"
_META_VALID_FROM: Final = "climatelimits.valid_from"
_UNMAPPED: Final = "skip_unmapped=True leaves it out"


# -- the project ----------------------------------------------------------------------------
def _to_products(value: Any) -> tuple[Product, ...]:
    items = tuple(value.values()) if isinstance(value, Mapping) else tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, Product):
            msg = f"`products[{index}]` must be a Product; got {item!r}"
            raise InvalidInputError(msg)
    return items


def _to_results(value: Any) -> FrozenMap[str, IndicatorResults]:
    return to_results_map(value, "results")


def _to_areas(value: Any) -> FrozenMap[str, Quantity]:
    if not isinstance(value, Mapping):
        msg = f"`areas` must be a mapping of area definition -> area; got {value!r}"
        raise InvalidInputError(msg)
    reg = registry()
    out: dict[str, Quantity] = {}
    for key, area in value.items():
        if key not in AREA_DEFINITIONS:
            known = ", ".join(AREA_DEFINITIONS)
            msg = f"`areas` keys must be area definitions ({known}); got {key!r}"
            raise InvalidInputError(msg)
        magnitude = float(area.to(AREA_UNIT).magnitude) if isinstance(area, pint.Quantity) else 0.0
        if not magnitude > 0 or not math.isfinite(magnitude):
            msg = f"`areas.{key}` must be an area above 0 m²; got {area!r}"
            raise InvalidInputError(msg)
        out[key] = reg.Quantity(magnitude, AREA_UNIT)
    return FrozenMap(out)


def _to_period(value: Any) -> Quantity | None:
    if value is None:
        return None
    if isinstance(value, pint.Quantity):
        try:
            years = float(value.to(TIME_UNIT).magnitude)
        except pint.DimensionalityError:
            years = -1.0
        if years > 0 and math.isfinite(years):
            period: Quantity = registry().Quantity(years, TIME_UNIT)
            return period
    msg = f"`reference_study_period` must be a duration above 0 years or None; got {value!r}"
    raise InvalidInputError(msg)


def _optional_use(value: Any) -> UseCategory | None:
    return to_optional_member(value, UseCategory, "use")


def _to_findings(value: Any) -> tuple[Finding, ...]:
    return to_tuple(value, Finding, "findings")


@attrs.frozen
class LcaxProject:
    """An LCAx project as climatelimits objects.

    Attributes
    ----------
    id : str
        Project id.
    name : str
        Project name.
    bill : BillOfQuantities
        One line per product of each assembly; quantity = assembly quantity x product
        quantity, in the product's unit; ``element`` is the assembly name,
        ``classification`` the code of its first classification, ``service_life`` the
        product's ``referenceServiceLife`` [year].
    products : tuple of Product
        The impact data the lines use (their ``product`` ids are the impact data ids).
    results : Mapping[str, IndicatorResults]
        The project's own results (``results`` of the file), per indicator; empty when the
        file has none.
    reference_study_period : Quantity or None
        ``referenceStudyPeriod`` [year].
    areas : Mapping[str, Quantity]
        Floor areas [m²] by climatelimits area-definition id.
    use : UseCategory or None
        The building's use, where the file states it unambiguously.
    country : str or None
        ISO 3166-1 alpha-2 code of the project's location.
    description : str
        Project description.
    findings : tuple of Finding
        Notes made while reading (refused conversions, unknown area definitions...).
    """

    id: str = attrs.field(validator=non_empty_text)
    name: str = attrs.field(validator=instance_of(str))
    bill: BillOfQuantities = attrs.field(validator=instance_of(BillOfQuantities))
    products: tuple[Product, ...] = attrs.field(converter=_to_products)
    results: FrozenMap[str, IndicatorResults] = attrs.field(
        factory=FrozenMap, converter=_to_results
    )
    reference_study_period: Quantity | None = attrs.field(default=None, converter=_to_period)
    areas: FrozenMap[str, Quantity] = attrs.field(factory=FrozenMap, converter=_to_areas)
    use: UseCategory | None = attrs.field(default=None, converter=_optional_use)
    country: str | None = attrs.field(default=None)
    description: str = attrs.field(default="", validator=instance_of(str))
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_to_findings)

    @products.validator
    def _check_products(self, attribute: Any, value: tuple[Product, ...]) -> None:
        ids = [p.id for p in value]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            msg = f"`products` ids must be unique; got {', '.join(duplicated)} more than once"
            raise InvalidInputError(msg)
        missing = [i for i in self.bill.product_ids if i not in ids]
        if missing:
            msg = f"`products` must hold every product the bill uses; missing {', '.join(missing)}"
            raise InvalidInputError(msg)

    @country.validator
    def _check_country(self, attribute: Any, value: Any) -> None:
        if value is not None and (not isinstance(value, str) or len(value) != 2):
            msg = (
                f"`country` must be an ISO 3166-1 alpha-2 code such as 'DK' or None; got {value!r}"
            )
            raise InvalidInputError(msg)

    @classmethod
    def from_building(
        cls,
        building: Building,
        bill: BillOfQuantities | None = None,
        products: Iterable[Product] | Mapping[str, Product] = (),
    ) -> LcaxProject:
        """Make a project of a building (its results, areas, use, study period, country).

        Parameters
        ----------
        building
            The building.
        bill
            Its bill of quantities (default: an empty bill).
        products
            The products the bill uses.
        """
        return cls(
            id=building.id,
            name=building.name,
            bill=bill if bill is not None else BillOfQuantities(building.id, ()),
            products=products,
            results=building.results,
            reference_study_period=building.reference_study_period,
            areas=building.areas,
            use=building.use,
            country=building.country,
        )

    def building(
        self,
        *,
        use: UseCategory | str | None = None,
        building_id: str | None = None,
        calculate_if_missing: bool = True,
    ) -> Building:
        """Return the project as a building for :func:`climatelimits.check`.

        Parameters
        ----------
        use
            The building's use; required when the project does not state one.
        building_id
            Id of the building (default: the project id).
        calculate_if_missing
            When the project has no results of its own, calculate them from the bill with
            :func:`climatelimits.calculation.calculate` over the project's study period.

        Raises
        ------
        InvalidInputError
            If no use is known, or the project has neither results nor a study period to
            calculate them over.
        """
        resolved = _optional_use(use) or self.use
        if resolved is None:
            known = ", ".join(u.value for u in UseCategory)
            msg = f"`use` must be given: project {self.id!r} states none; one of {known}"
            raise InvalidInputError(msg)
        results: Mapping[str, IndicatorResults] = self.results
        if not results and calculate_if_missing and self.bill.lines:
            if self.reference_study_period is None:
                msg = (
                    f"project {self.id!r} has no results and no referenceStudyPeriod to "
                    f"calculate them over"
                )
                raise InvalidInputError(msg)
            from climatelimits.calculation import calculate  # noqa: PLC0415 - import cycle

            results = calculate(
                self.bill, self.products, study_period=self.reference_study_period
            ).results
        return Building(
            id=building_id or self.id,
            use=resolved,
            name=self.name,
            country=self.country,
            areas=self.areas,
            reference_study_period=self.reference_study_period,
            results=results,
        )


# -- reading ------------------------------------------------------------------------------
def read_lcax(path: str | Path, *, gwp_indicator: str = "gwp_total") -> LcaxProject:
    """Read an LCAx project JSON file.

    Parameters
    ----------
    path
        The ``.json`` file.
    gwp_indicator
        Indicator LCAx's ``gwp`` is read as: ``"gwp_total"`` (default) or ``"gwp"``.

    Returns
    -------
    LcaxProject

    Raises
    ------
    DataFormatError
        Listing every problem with its JSON path (``assemblies[0].products[0].quantity``).
    """
    path = Path(path)
    with collector_paused():
        return _project(read_json(path), str(path), gwp_indicator)


def loads_lcax(
    text: str, *, source: str = "<string>", gwp_indicator: str = "gwp_total"
) -> LcaxProject:
    """Read an LCAx project from JSON text (see :func:`read_lcax`).

    Examples
    --------
    Test case T1 in LCAx form: 50 m² of a wall using 0.5 kg/m² of steel declared per m³,
    with a conversion of 7850 kg per m³.

    >>> import json
    >>> epd = {
    ...     "type": "EPD",
    ...     "id": "steel",
    ...     "name": "Steel",
    ...     "declaredUnit": "m3",
    ...     "conversions": [{"value": 7850, "to": "kg"}],
    ...     "impacts": {"gwp": {"a1a3": 818}},
    ... }
    >>> use = {"id": "use", "name": "Steel", "quantity": 0.5, "unit": "kg", "impactData": [epd]}
    >>> wall = {"id": "wall", "name": "Wall", "quantity": 50, "unit": "m2", "products": [use]}
    >>> project = loads_lcax(json.dumps({"id": "t1", "name": "T1", "assemblies": [wall]}))
    >>> project.products[0].properties["mass_per_declared_unit"]
    <Quantity(7850.0, 'kilogram / meter ** 3')>
    >>> from climatelimits.calculation import calculate
    >>> a1_a3 = calculate(project.bill, project.products).total("gwp_total", "A1-A3")
    >>> round(a1_a3.value.magnitude, 4)
    2.6051
    """
    with collector_paused():
        return _project(parse_json(text, source), source, gwp_indicator)


def _project(data: Any, source: str, gwp_indicator: str) -> LcaxProject:
    if gwp_indicator not in ("gwp_total", "gwp"):
        msg = f"`gwp_indicator` must be 'gwp_total' or 'gwp'; got {gwp_indicator!r}"
        raise InvalidInputError(msg)
    indicators = dict(LCAX_INDICATORS)
    indicators["gwp"] = gwp_indicator
    problems = Problems(source)
    if not isinstance(data, Mapping):
        problems.add("", f"an LCAx project must be a JSON object; got {type(data).__name__}")
        problems.raise_all()
    findings: list[Finding] = []
    project_id = as_text(data.get("id"), "id", problems, required=True)
    name = as_text(data.get("name"), "name", problems, required=False)
    description = as_text(data.get("description"), "description", problems, required=False)
    period = None
    if data.get("referenceStudyPeriod") is not None:
        years = as_number(data["referenceStudyPeriod"], "referenceStudyPeriod", problems)
        if years is not None and years > 0:
            period = registry().Quantity(years, TIME_UNIT)
        elif years is not None:
            problems.add("referenceStudyPeriod", f"must be above 0 years; got {years:g}")
    lines = _Lines()
    products: dict[str, Product] = {}
    read: dict[str, tuple[Any, Product]] = {}
    assemblies = data.get("assemblies")
    if not isinstance(assemblies, list):
        problems.add("assemblies", f"must be a list of assemblies; got {assemblies!r:.80}")
        assemblies = []
    for index, assembly in enumerate(assemblies):
        _assembly(
            assembly,
            f"assemblies[{index}]",
            indicators,
            lines,
            _Products(products, read),
            problems,
            findings,
        )
    results = _impacts(data.get("results"), "results", indicators, problems)
    info = as_object(data.get("projectInfo"), "projectInfo", problems, null=True)
    areas: dict[str, Quantity] = {}
    use = None
    if info is not None:
        areas = _areas(info, problems, findings)
        use = _typology(info.get("buildingTypology"))
    meta = data.get("metaData")
    if isinstance(meta, Mapping) and isinstance(meta.get(_META_USE), str):
        try:
            use = UseCategory(meta[_META_USE])
        except ValueError:
            problems.add(
                f"metaData.{_META_USE}", f"must be a use category; got {meta[_META_USE]!r}"
            )
    country = _country(data.get("location"), problems)
    columns = _columns(lines, problems)
    problems.raise_if_any()
    try:
        bill = BillOfQuantities.from_columns(project_id, columns, name=name)
        return LcaxProject(
            id=project_id,
            name=name,
            bill=bill,
            products=tuple(products.values()),
            results=results,
            reference_study_period=period,
            areas=areas,
            use=use,
            country=country,
            description=description,
            findings=tuple(findings),
        )
    except ClimateLimitsError as exc:
        raise DataFormatError(source, [str(exc)]) from exc


@functools.lru_cache(maxsize=64)
def _unit_of(code: str) -> Unit | None:
    key = code.strip().lower()
    return parse_unit(LCAX_UNITS[key]) if key in LCAX_UNITS else None


def _unit(value: Any, path: str, problems: Problems) -> Unit | None:
    unit = _unit_of(value) if isinstance(value, str) else None
    if unit is not None:
        return unit
    problems.add(path, f"must be an LCAx unit ({', '.join(LCAX_UNITS)}); got {value!r:.80}")
    return None


class _Use(NamedTuple):
    """One product use, checked: what its bill line holds beyond its assembly's."""

    id: str
    product: str
    quantity: float
    unit: Unit
    service_life: float


class _Lines:
    """The product uses read so far: one :class:`_Use` each, and the assemblies they are in.

    The uses of one assembly are consecutive; each takes its element and classification
    from the assembly, and its path in the document (named only by a problem) from the
    assembly's path and its own place in the assembly's ``products``.
    """

    __slots__ = ("classifications", "elements", "firsts", "ids", "paths", "places", "uses")

    def __init__(self) -> None:
        self.uses: list[_Use] = []
        self.places: list[int] = []
        # per assembly: its id, path, element, classification and first use
        self.ids: list[str] = []
        self.paths: list[str] = []
        self.elements: list[str] = []
        self.classifications: list[str] = []
        self.firsts: list[int] = []

    def start(self, assembly_id: str, where: str, element: str, classification: str) -> None:
        """Begin the uses of the next assembly."""
        self.ids.append(assembly_id)
        self.paths.append(where)
        self.elements.append(element)
        self.classifications.append(classification)
        self.firsts.append(len(self.uses))

    def per_use(self, per_assembly: Sequence[str]) -> list[str]:
        """Return the value of each use's assembly, from one value per assembly."""
        values: list[str] = []
        stops = [*self.firsts[1:], len(self.uses)]
        for value, first, stop in zip(per_assembly, self.firsts, stops, strict=True):
            values.extend([value] * (stop - first))
        return values


@attrs.frozen
class _Products:
    """The products read so far, by id, and the impact data each was read from."""

    by_id: dict[str, Product]
    read: dict[str, tuple[Any, Product]]

    def of(self, data: Any, where: str, indicators: Mapping[str, str], problems: Problems) -> Any:
        """Return the product of an impact data set, read once per distinct data set.

        LCAx repeats the whole data set in every product use; a set equal to one read
        before gives the same product without reading it again.
        """
        data_id = data.get("id") if isinstance(data, Mapping) else None
        known = self.read.get(data_id) if isinstance(data_id, str) else None
        if known is not None and known[0] == data:
            return known[1]
        product = _impact_data(data, where, indicators, problems)
        if product is not None and isinstance(data_id, str) and known is None:
            self.read[data_id] = (data, product)
        return product


def _columns(lines: _Lines, problems: Problems) -> BillColumns:
    """Name lines by their LCAx product id; prefix the assembly id where an id repeats.

    An id that still repeats (one product id twice in one assembly, or two assemblies of one
    id using it) names no line: it is a problem at the JSON path of the second use.
    """
    builder = ColumnBuilder()
    if not lines.uses:
        return builder.columns()
    use_ids, product_ids, amounts, units, lives = zip(*lines.uses, strict=True)
    assembly_ids = lines.per_use(lines.ids)
    counts = Counter(use_ids)
    line_ids = list(use_ids)
    if len(counts) != len(use_ids):
        line_ids = [
            use_id if counts[use_id] == 1 else f"{assembly}/{use_id}"
            for use_id, assembly in zip(use_ids, assembly_ids, strict=True)
        ]
    elements, classes = lines.per_use(lines.elements), lines.per_use(lines.classifications)
    kept: list[int] | None = None
    if len(set(line_ids)) != len(line_ids):
        kept = _unique_lines(lines, line_ids, assembly_ids, problems)
    product_code = {product: builder.product(product) for product in dict.fromkeys(product_ids)}
    # A unit's code by the identity of its object (the readers share one object per unit
    # text): hashing a pint unit costs more.
    unit_code = {key: builder.unit(unit) for key, unit in _by_identity(units).items()}
    columns: list[Sequence[Any]] = [
        line_ids,
        [product_code[product] for product in product_ids],
        amounts,
        [unit_code[key] for key in map(id, units)],
        lives,
        elements,
        classes,
    ]
    if kept is not None:
        columns = [[column[i] for i in kept] for column in columns]
    ids, product_index, quantity, unit_index, service_life, element, classification = columns
    builder.ids.extend(ids)
    builder.product_index.extend(product_index)
    builder.quantity.extend(quantity)
    builder.unit_index.extend(unit_index)
    builder.service_life.extend(service_life)
    builder.waste_factor.extend([math.nan] * len(ids))
    builder.element.extend(element)
    builder.classification.extend(classification)
    return builder.columns()


def _by_identity(units: Sequence[Unit]) -> dict[int, Unit]:
    """Return the distinct unit objects of ``units``, by their identity."""
    return dict(zip(map(id, units), units, strict=True))


def _unique_lines(
    lines: _Lines, line_ids: Sequence[str], assembly_ids: Sequence[str], problems: Problems
) -> list[int]:
    """Return the lines whose id was not used before; record a problem for each other one."""
    paths = lines.per_use(lines.paths)
    seen: dict[str, str] = {}
    kept: list[int] = []
    for index, line_id in enumerate(line_ids):
        where = f"{paths[index]}.products[{lines.places[index]}]"
        if line_id in seen:
            problems.add(
                f"{where}.id",
                f"must name one product use of assembly {assembly_ids[index]!r}; got "
                f"{lines.uses[index].id!r}, already used by {seen[line_id]}",
            )
            continue
        seen[line_id] = where
        kept.append(index)
    return kept


def _assembly(
    assembly: Any,
    where: str,
    indicators: Mapping[str, str],
    lines: _Lines,
    products: _Products,
    problems: Problems,
    findings: list[Finding],
) -> None:
    if not isinstance(assembly, Mapping):
        problems.add(where, f"must be an assembly object; got {assembly!r:.80}")
        return
    kind = assembly.get("type", "assembly")
    if kind != "assembly":
        problems.add(
            f"{where}.type",
            f"must be 'assembly' (a reference to an external assembly cannot be resolved); "
            f"got {kind!r:.80}",
        )
        return
    assembly_id = as_text(assembly.get("id"), f"{where}.id", problems, required=True)
    element = as_text(assembly.get("name"), f"{where}.name", problems, required=False)
    quantity = as_number(assembly.get("quantity"), f"{where}.quantity", problems, minimum=0.0)
    _unit(assembly.get("unit"), f"{where}.unit", problems)
    classification = ""
    classes = assembly.get("classification")
    if isinstance(classes, list) and classes:
        first = classes[0]
        code = first.get("code") if isinstance(first, Mapping) else None
        classification = code if isinstance(code, str) else ""
    elif classes is not None and not isinstance(classes, list):
        problems.add(f"{where}.classification", f"must be a list or null; got {classes!r:.80}")
    items = assembly.get("products")
    if not isinstance(items, list):
        problems.add(f"{where}.products", f"must be a list of products; got {items!r:.80}")
        return
    lines.start(assembly_id, where, element, classification)
    uses, places = lines.uses, lines.places
    for index, item in enumerate(items):
        use = _known_use(item, quantity, products)
        if use is None:
            use = _product_use(
                item,
                f"{where}.products[{index}]",
                quantity,
                element,
                classification,
                indicators,
                products,
                problems,
                findings,
            )
        if use is not None:
            uses.append(use)
            places.append(index)


def _number(value: Any) -> float | None:
    """Return a finite JSON number as a float, else None."""
    if type(value) is float or (type(value) is int and abs(value) < 2**63):
        number = float(value)
        return number if math.isfinite(number) else None
    return None


def _known_use(item: Any, assembly_quantity: float | None, products: _Products) -> _Use | None:
    """Read a plain use of an impact data set read before, or return None.

    Plain: a product object with a text id, a quantity of 0 or more, an LCAx unit, no or a
    positive service life, no transport and one impact data set equal to one already read.
    Anything else, and every first use of a data set, goes to :func:`_product_use`, which
    reads it fully and records each problem with its path.
    """
    if type(item) is not dict or item.get("type", "product") != "product":
        return None
    use_id, data, unit = item.get("id"), item.get("impactData"), item.get("unit")
    quantity = _number(item.get("quantity"))
    if not (isinstance(use_id, str) and use_id.strip() and isinstance(unit, str)):
        return None
    if quantity is None or quantity < 0.0 or assembly_quantity is None or item.get("transport"):
        return None
    if type(data) is not list or len(data) != 1 or type(data[0]) is not dict:
        return None
    raw_life = item.get("referenceServiceLife")
    life = math.nan if raw_life is None else _number(raw_life)
    if life is None or not (math.isnan(life) or life > 0.0):
        return None
    data_id = data[0].get("id")
    known = products.read.get(data_id) if isinstance(data_id, str) else None
    the_unit = _unit_of(unit)
    amount = assembly_quantity * quantity
    if known is None or the_unit is None or known[0] != data[0] or not math.isfinite(amount):
        return None
    product = known[1]
    if products.by_id.get(product.id) is not product:
        return None
    return _Use(use_id, product.id, amount, the_unit, life)


def _product_use(
    item: Any,
    where: str,
    assembly_quantity: float | None,
    element: str,
    classification: str,
    indicators: Mapping[str, str],
    products: _Products,
    problems: Problems,
    findings: list[Finding],
) -> _Use | None:
    if not isinstance(item, Mapping):
        problems.add(where, f"must be a product object; got {item!r:.80}")
        return None
    kind = item.get("type", "product")
    if kind != "product":
        problems.add(
            f"{where}.type",
            f"must be 'product' (a reference to an external product cannot be resolved); "
            f"got {kind!r:.80}",
        )
        return None
    use_id = as_text(item.get("id"), f"{where}.id", problems, required=True)
    quantity = as_number(item.get("quantity"), f"{where}.quantity", problems, minimum=0.0)
    unit = _unit(item.get("unit"), f"{where}.unit", problems)
    life = None
    if item.get("referenceServiceLife") is not None:
        life = as_number(item["referenceServiceLife"], f"{where}.referenceServiceLife", problems)
        if life is not None and life <= 0:
            problems.add(f"{where}.referenceServiceLife", f"must be above 0 years; got {life:g}")
            life = None
    if item.get("transport"):
        findings.append(
            Finding(
                "transport_not_read",
                f"{where} ({use_id}): the product's transport data is not read; A4 comes only "
                f"from its impact data.",
                use_id,
            )
        )
    data = item.get("impactData")
    if not isinstance(data, list) or len(data) != 1:
        count = len(data) if isinstance(data, list) else data
        problems.add(
            f"{where}.impactData",
            f"must hold exactly one impact data set (LCAx keeps only the last of several); "
            f"got {count!r:.80}",
        )
        return None
    product: Product | None = products.of(data[0], f"{where}.impactData[0]", indicators, problems)
    if product is None or quantity is None or unit is None or assembly_quantity is None:
        return None
    known = products.by_id.get(product.id)
    if known is None:
        products.by_id[product.id] = product
        findings.extend(product.findings)
    elif known is not product and known != product:
        problems.add(
            f"{where}.impactData[0].id",
            f"{product.id!r} is used again with different content; an id must name one data set",
        )
        return None
    amount = assembly_quantity * quantity
    if use_id and math.isfinite(amount):
        return _Use(use_id, product.id, amount, unit, math.nan if life is None else float(life))
    reg = registry()
    with problems.recording(where):  # records why the line is refused
        BillLine(
            id=use_id,
            product=product.id,
            quantity=reg.Quantity(amount, unit),
            element=element,
            classification=classification,
            service_life=None if life is None else reg.Quantity(life, TIME_UNIT),
        )
    return None


def _date(value: Any, where: str, problems: Problems) -> dt.date | None:
    day = as_date(value, where, problems)
    return None if day == _PLACEHOLDER_DATE else day


def _impact_data(
    data: Any, where: str, indicators: Mapping[str, str], problems: Problems
) -> Product | None:
    if not isinstance(data, Mapping):
        problems.add(where, f"must be an impact data object; got {data!r:.80}")
        return None
    kind = data.get("type")
    if kind not in ("EPD", "epd", "GenericData", "genericData"):
        problems.add(
            f"{where}.type",
            f"must be 'EPD' or 'GenericData' (a reference to an external data set cannot be "
            f"resolved); got {kind!r:.80}",
        )
        return None
    count = len(problems.items)
    data_id = as_text(data.get("id"), f"{where}.id", problems, required=True)
    name = as_text(data.get("name"), f"{where}.name", problems, required=False)
    unit = _unit(data.get("declaredUnit"), f"{where}.declaredUnit", problems)
    impacts = _impacts(data.get("impacts"), f"{where}.impacts", indicators, problems)
    valid_until = _date(data.get("validUntil"), f"{where}.validUntil", problems)
    life = None
    if data.get("referenceServiceLife") is not None:
        life = as_number(data["referenceServiceLife"], f"{where}.referenceServiceLife", problems)
    raw_meta = data.get("metaData")
    meta: Mapping[str, Any] = raw_meta if isinstance(raw_meta, Mapping) else {}
    valid_from = _date(meta.get(_META_VALID_FROM), f"{where}.metaData", problems)
    subtype = data.get("subtype")
    data_type = _DATA_TYPES.get(subtype.lower()) if isinstance(subtype, str) else None
    if meta.get(_META_DATA_TYPE) == "not stated":
        data_type = None
    standard_key = data.get("standard")
    standard = _STANDARDS.get(standard_key.lower()) if isinstance(standard_key, str) else None
    source = data.get("source")
    source_text = ""
    if isinstance(source, Mapping):
        url, label = source.get("url"), source.get("name")
        source_text = (
            url if isinstance(url, str) and url else label if isinstance(label, str) else ""
        )
    if len(problems.items) > count or unit is None:
        return None
    findings: list[Finding] = []
    properties = _conversions(
        data.get("conversions"), f"{where}.conversions", data_id, unit, problems, findings
    )
    reg = registry()
    with problems.recording(where):
        return Product(
            id=data_id,
            name=name or data_id,
            declared_unit=reg.Quantity(1.0, unit),
            impacts=impacts,
            properties=properties,
            data_type=data_type,
            standard=standard,
            valid_from=valid_from,
            valid_until=valid_until,
            reference_service_life=(
                None if life is None or life <= 0 else reg.Quantity(life, TIME_UNIT)
            ),
            source=source_text,
            findings=tuple(findings),
        )
    return None


def _impacts(
    value: Any, where: str, indicators: Mapping[str, str], problems: Problems
) -> dict[str, IndicatorResults]:
    rule = "an object of impact category -> modules"
    categories = as_object(value, where, problems, null=True, rule=rule)
    out: dict[str, IndicatorResults] = {}
    for category, raw_modules in (categories or {}).items():
        indicator = indicators.get(str(category).lower())
        if indicator is None:
            continue
        at = f"{where}.{category}"
        if indicator in out:
            problems.add(at, f"is a second category read as {indicator!r}")
            continue
        modules = as_object(
            raw_modules, at, problems, null=True, rule="an object of module -> value"
        )
        if modules is None:
            continue
        entries: dict[str, float | NotDeclared] = {}
        for key, raw in modules.items():
            module = _MODULE_KEYS.get(str(key).lower())
            if module is None:
                problems.add(f"{at}.{key}", f"must be an LCAx module ({', '.join(_MODULE_KEYS)})")
                continue
            if raw is None:
                entries[module] = NOT_DECLARED
                continue
            number = as_number(raw, f"{at}.{key}", problems)
            if number is not None:
                entries[module] = number
        with problems.recording(at):
            out[indicator] = IndicatorResults.from_mapping(indicator, entries, unit="kg CO2e")
    return out


def _conversions(
    value: Any,
    where: str,
    subject: str,
    declared: Unit,
    problems: Problems,
    findings: list[Finding],
) -> dict[str, Quantity]:
    properties: dict[str, Quantity] = {}
    items = as_list(value, where, problems, required=False, rule="a list of conversions or null")
    for index, raw in enumerate(items):
        at = f"{where}[{index}]"
        item = as_object(raw, at, problems, rule="a conversion object")
        if item is None:
            continue
        factor = as_number(item.get("value"), f"{at}.value", problems)
        target = item.get("to")
        if factor is None:
            continue
        reason = ""
        target_unit = None
        if not isinstance(target, str) or target.strip().lower() not in LCAX_UNITS:
            reason = f"'to' {target!r:.40} is not a unit LCAx defines with a dimension"
        elif not factor > 0:
            reason = "the factor is not above 0"
        else:
            target_unit = parse_unit(LCAX_UNITS[target.strip().lower()])
        found = None if target_unit is None else _property(factor, target_unit, declared)
        if found is None and not reason:
            reason = (
                f"{factor:g} {target} per {format_unit(declared)} relates no two dimensions a "
                f"conversion property links, so its direction is not proven"
            )
        if found is not None and found[0] == "same":
            if math.isclose(float(found[1].magnitude), 1.0, rel_tol=1e-9):
                continue
            reason = (
                f"{factor:g} {target} per {format_unit(declared)}: a conversion within the "
                f"declared unit's own dimension must be 1 (this is likely a density or "
                f"grammage written for the wrong unit), so its direction is not proven"
            )
            found = None
        if found is None:
            findings.append(
                Finding(
                    "conversion_refused",
                    f"impact data {subject!r}: conversion {index} is refused: {reason}.",
                    subject,
                    {"value": factor},
                )
            )
            continue
        key, quantity = found
        if key in properties and not math.isclose(
            float(properties[key].magnitude),
            float(quantity.to(properties[key].units).magnitude),
            rel_tol=1e-9,
        ):
            findings.append(
                Finding(
                    "conversion_refused",
                    f"impact data {subject!r}: conversion {index} gives {key} = "
                    f"{quantity.magnitude:g} {format_unit(quantity.units)}, but an earlier one "
                    f"gave {properties[key].magnitude:g}; the first is kept.",
                    subject,
                    {"value": factor},
                )
            )
            continue
        properties.setdefault(key, quantity)
    return properties


def _property(factor: float, target: Unit, declared: Unit) -> tuple[str, Quantity] | None:
    """Read "``factor`` ``target`` per 1 ``declared``" as a conversion property, or None."""
    reg = registry()
    per_unit: Quantity = reg.Quantity(factor, target / declared)
    kg = parse_unit("kg").dimensionality
    m = parse_unit("m").dimensionality
    pairs = {
        parse_unit("m^3").dimensionality: ("density", "kg/m^3"),
        parse_unit("m^2").dimensionality: ("area_mass", "kg/m^2"),
        m: ("linear_mass", "kg/m"),
        parse_unit("piece").dimensionality: ("mass_per_piece", "kg/piece"),
    }
    try:
        if target.dimensionality == declared.dimensionality:
            return "same", per_unit.to("dimensionless")
        if target.dimensionality == kg:
            return "mass_per_declared_unit", per_unit.to(parse_unit("kg") / declared)
        if declared.dimensionality == kg and target.dimensionality in pairs:
            name, unit = pairs[target.dimensionality]
            return name, (1.0 / per_unit).to(unit)
        area, volume = parse_unit("m^2").dimensionality, parse_unit("m^3").dimensionality
        if declared.dimensionality == area and target.dimensionality == volume:
            return "thickness", per_unit.to("m")
        if declared.dimensionality == volume and target.dimensionality == area:
            return "thickness", (1.0 / per_unit).to("m")
    except pint.DimensionalityError:  # pragma: no cover - dimensions were compared above
        return None
    return None


def _areas(
    info: Mapping[str, Any], problems: Problems, findings: list[Finding]
) -> dict[str, Quantity]:
    areas: dict[str, Quantity] = {}
    for key in ("grossFloorArea", "heatedFloorArea"):
        at = f"projectInfo.{key}"
        rule = "an object with value, unit and definition"
        area = as_object(info.get(key), at, problems, null=True, rule=rule)
        if area is None:
            continue
        value = as_number(area.get("value"), f"{at}.value", problems, minimum=0.0)
        unit = _unit(area.get("unit"), f"{at}.unit", problems)
        definition = area.get("definition")
        if value is None or unit is None or not value > 0:
            continue
        try:
            quantity = registry().Quantity(value, unit).to(AREA_UNIT)
        except pint.DimensionalityError:
            problems.add(f"{at}.unit", f"must be an area unit; got {area.get('unit')!r}")
            continue
        if isinstance(definition, str) and definition in AREA_DEFINITIONS:
            if definition in areas:
                problems.add(f"{at}.definition", f"{definition!r} is stated twice")
                continue
            areas[definition] = quantity
        else:
            findings.append(
                Finding(
                    "area_definition_unknown",
                    f"{at} = {value:g} m² has definition {definition!r}, which is not a "
                    f"climatelimits area definition ({', '.join(AREA_DEFINITIONS)}); it is "
                    f"not stated, since areas of different definitions are never converted.",
                    at,
                    {"area": float(quantity.magnitude)},
                )
            )
    return areas


def _typology(value: Any) -> UseCategory | None:
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
        return _TYPOLOGIES.get(value[0].lower())
    return None


def _country(location: Any, problems: Problems) -> str | None:
    place = as_object(location, "location", problems, null=True, rule="an object or null")
    code = place.get("country") if place is not None else None
    if isinstance(code, str):
        return _COUNTRIES.get(code.lower())
    return None


# -- writing ------------------------------------------------------------------------------
def dumps_lcax(project: LcaxProject, *, skip_unmapped: bool = False) -> str:
    """Return a project as LCAx JSON text (format 2.6.3).

    Products are written per one unit of their declared unit (an EPD per 1000 kg becomes one
    per kg, its impacts divided by 1000), lines as products of assemblies of quantity 1 pcs
    (one per run of lines with the same element and classification, so the line order is
    kept), so that every line keeps its own quantity; a quantity in a unit LCAx does not name
    is converted to the LCAx unit of its dimension (dm³ -> m3). The
    use, an EPD's missing data type and its ``valid_from`` go into ``metaData`` under
    ``climatelimits.*`` keys; areas into ``projectInfo`` with their area id as
    ``definition``.

    Parameters
    ----------
    project
        The project.
    skip_unmapped
        Leave out what LCAx cannot hold (indicators other than the GWP family, module sets
        other than single modules and A1-A3, conversion properties no LCAx conversion
        expresses, more than one gross and one heated area, transport legs, waste factors,
        scenario choices, line properties) instead of refusing.

    Raises
    ------
    InvalidInputError
        Naming the first thing LCAx cannot hold, unless ``skip_unmapped``.
    """
    checked: object = project
    if not isinstance(checked, LcaxProject):
        msg = f"`project` must be an LcaxProject; got {project!r}"
        raise InvalidInputError(msg)
    document = _document(project, skip_unmapped)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_lcax(project: LcaxProject, path: str | Path, *, skip_unmapped: bool = False) -> None:
    """Write a project to an LCAx JSON file (see :func:`dumps_lcax`)."""
    write_text(path, dumps_lcax(project, skip_unmapped=skip_unmapped))


def _refuse(skip: bool, what: str) -> None:
    if not skip:
        msg = f"LCAx cannot hold {what}; {_UNMAPPED}"
        raise InvalidInputError(msg)


_CANONICAL: Final = ("m", "m2", "m3", "kg", "pcs", "kwh")
"""LCAx units a quantity in another unit is converted to, one per dimension."""


def _lcax_unit(unit: Unit, what: str) -> str:
    """Return the LCAx name of ``unit``, refusing a unit LCAx does not name."""
    for key, text in LCAX_UNITS.items():
        if parse_unit(text) == unit:
            return key
    msg = f"{what} must be in a unit LCAx names ({', '.join(LCAX_UNITS.values())}); got {unit}"
    raise InvalidInputError(msg)


def _lcax_quantity(quantity: Quantity, what: str) -> tuple[float, str]:
    """Return ``(magnitude, LCAx unit)`` of a quantity (1 dm³ -> 0.001 m3)."""
    for key, text in LCAX_UNITS.items():
        if parse_unit(text) == quantity.units:
            return float(quantity.magnitude), key
    for key in _CANONICAL:
        target = parse_unit(LCAX_UNITS[key])
        if target.dimensionality == quantity.dimensionality:
            return float(quantity.to(target).magnitude), key
    units = ", ".join(LCAX_UNITS.values())
    msg = f"{what} must be in a unit of a dimension LCAx names ({units}); got {quantity.units}"
    raise InvalidInputError(msg)


def _impacts_out(
    impacts: Mapping[str, IndicatorResults], scale: float, skip: bool, subject: str
) -> dict[str, dict[str, float | None]]:
    keys = {v: k for k, v in LCAX_INDICATORS.items()}
    keys["gwp"] = "gwp"
    if "gwp" in impacts and "gwp_total" in impacts:
        _refuse(skip, f"both gwp and gwp_total of {subject} (LCAx has one 'gwp')")
    out: dict[str, dict[str, float | None]] = {}
    for indicator, results in impacts.items():
        key = keys.get(indicator)
        if key is None or key in out:
            _refuse(skip, f"indicator {indicator!r} of {subject}")
            continue
        modules: dict[str, float | None] = {}
        for entry in results.entries:
            module_key = _KEY_OF_MODULES.get(entry.modules)
            if module_key is None:
                _refuse(
                    skip,
                    f"a value for {entry.modules} of {subject} (only single modules and A1-A3)",
                )
                continue
            modules[module_key] = None if entry.value is None else entry.value / scale
        out[key] = modules
    return out


def _conversions_out(product: Product, unit: Unit, skip: bool) -> list[dict[str, Any]]:
    """Write the product's properties as LCAx conversions per one ``unit`` (its DU's unit)."""
    kg = parse_unit("kg")
    area, volume = parse_unit("m^2"), parse_unit("m^3")
    reg = registry()
    out: dict[str, float] = {}
    for name, quantity in product.properties.items():
        one = reg.Quantity(1.0, unit)
        target: Unit | None = None
        value = 0.0
        if name == "mass_per_declared_unit":
            target, value = kg, float((quantity * one).to(kg).magnitude)
        elif name == "thickness" and unit.dimensionality == area.dimensionality:
            target, value = volume, float((quantity * one).to(volume).magnitude)
        elif name == "thickness" and unit.dimensionality == volume.dimensionality:
            target, value = area, float((one / quantity).to(area).magnitude)
        elif name != "thickness":
            other = (reg.Quantity(1.0, kg) / quantity).units
            if unit.dimensionality == kg.dimensionality:
                target, value = other, float((one / quantity).to(other).magnitude)
            elif unit.dimensionality == other.dimensionality:
                target, value = kg, float((quantity * one).to(kg).magnitude)
        if target is None:
            _refuse(skip, f"property {name} of product {product.id!r} per {format_unit(unit)}")
            continue
        key = _lcax_unit(target, f"property {name} of product {product.id!r}")
        out.setdefault(key, value)
    return [{"value": v, "to": k, "metaData": None} for k, v in out.items()]


def _epd(product: Product, skip: bool) -> dict[str, Any]:
    scale, unit = _lcax_quantity(product.declared_unit, f"declared unit of product {product.id!r}")
    if product.scenarios:
        _refuse(skip, f"the scenarios of product {product.id!r}")
    meta: dict[str, str] = {}
    if product.data_type is None:
        meta[_META_DATA_TYPE] = "not stated"
    if product.valid_from is not None:
        meta[_META_VALID_FROM] = product.valid_from.isoformat()
    source: dict[str, Any] | None = None
    if product.source.startswith(("http://", "https://")):
        source = {"name": "", "url": product.source}
    elif product.source:
        source = {"name": product.source, "url": None}
    life = product.reference_service_life
    return {
        "type": "EPD",
        "id": product.id,
        "name": product.name,
        "declaredUnit": unit,
        "version": "",
        "publishedDate": _PLACEHOLDER_DATE.isoformat(),
        "validUntil": (product.valid_until or _PLACEHOLDER_DATE).isoformat(),
        "formatVersion": LCAX_FORMAT_VERSION,
        "source": source,
        "referenceServiceLife": _whole_years(life, f"RSL of product {product.id!r}"),
        "standard": _STANDARD_KEYS.get(product.standard, "unknown")
        if product.standard is not None
        else "unknown",
        "comment": "",
        "location": "unknown",
        "subtype": _SUBTYPES.get(product.data_type, "generic")
        if product.data_type is not None
        else "generic",
        "conversions": _conversions_out(product, parse_unit(LCAX_UNITS[unit]), skip) or None,
        "impacts": _impacts_out(product.impacts, scale, skip, f"product {product.id!r}"),
        "metaData": meta or None,
    }


def _whole_years(value: Quantity | None, what: str) -> int | None:
    if value is None:
        return None
    years = float(value.to(TIME_UNIT).magnitude)
    if not years.is_integer():
        msg = f"{what} must be a whole number of years for LCAx; got {years:g} a"
        raise InvalidInputError(msg)
    return int(years)


def _document(project: LcaxProject, skip: bool) -> dict[str, Any]:
    products = {p.id: p for p in project.products}
    epds = {pid: _epd(products[pid], skip) for pid in project.bill.product_ids}
    groups: list[tuple[tuple[str, str], list[BillLine]]] = []
    for line in project.bill.lines:
        if line.transport or line.waste_factor is not None or line.scenario or line.properties:
            _refuse(
                skip, f"the transport, waste factor, scenario or properties of line {line.id!r}"
            )
        key = (line.element, line.classification)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(line)
        else:
            groups.append((key, [line]))
    assemblies = []
    for index, ((element, classification), lines) in enumerate(groups):
        assemblies.append(
            {
                "type": "assembly",
                "id": f"assembly-{index + 1}",
                "name": element,
                "description": "",
                "comment": "",
                "quantity": 1.0,
                "unit": "pcs",
                "classification": (
                    [{"system": "", "code": classification, "name": ""}] if classification else []
                ),
                "products": [_product_out(line, epds[line.product]) for line in lines],
                "results": None,
                "metaData": None,
            }
        )
    modules = sorted(
        {k for epd in epds.values() for m in epd["impacts"].values() for k in m},
        key=list(_MODULE_KEYS).index,
    )
    categories = sorted({k for epd in epds.values() for k in epd["impacts"]})
    results = _impacts_out(project.results, 1.0, skip, f"project {project.id!r}") or None
    meta = {_META_USE: project.use.value} if project.use is not None else None
    if project.country is not None and project.country not in _ALPHA3:
        _refuse(skip, f"the country {project.country!r} (known: {', '.join(_ALPHA3)})")
    return {
        "id": project.id,
        "name": project.name,
        "description": project.description,
        "comment": None,
        "location": {
            "country": _ALPHA3.get(project.country, "unknown") if project.country else "unknown",
            "city": "",
            "address": "",
        },
        "owner": "",
        "formatVersion": LCAX_FORMAT_VERSION,
        "lciaMethod": None,
        "classificationSystems": [],
        "referenceStudyPeriod": _whole_years(
            project.reference_study_period, "the reference study period"
        ),
        "lifeCycleStages": modules,
        "impactCategories": categories,
        "assemblies": assemblies,
        "results": results,
        "projectInfo": _project_info(project, skip),
        "projectPhase": "other",
        "softwareInfo": {
            "lcaSoftware": "climatelimits",
            "lcaSoftwareVersion": None,
            "goalAndScopeDefinition": None,
            "calculationType": None,
        },
        "metaData": meta,
    }


def _product_out(line: BillLine, epd: Mapping[str, Any]) -> dict[str, Any]:
    quantity, unit = _lcax_quantity(line.quantity, f"quantity of line {line.id!r}")
    return {
        "type": "product",
        "id": line.id,
        "name": epd["name"],
        "description": "",
        "referenceServiceLife": _whole_years(
            line.service_life, f"service life of line {line.id!r}"
        ),
        "impactData": [epd],
        "quantity": quantity,
        "unit": unit,
        "transport": None,
        "results": None,
        "metaData": None,
    }


def _project_info(project: LcaxProject, skip: bool) -> dict[str, Any] | None:
    gross = [k for k in project.areas if k not in _HEATED_AREAS]
    heated = [k for k in project.areas if k in _HEATED_AREAS]
    if len(gross) > 1 or len(heated) > 1:
        _refuse(skip, f"the areas {', '.join(project.areas)} (one gross and one heated area)")

    def area(keys: Sequence[str]) -> dict[str, Any] | None:
        if not keys:
            return None
        value = project.areas[keys[0]]
        return {"value": float(value.magnitude), "unit": "m2", "definition": keys[0]}

    return {
        "type": "buildingInfo",
        "buildingType": "new_construction_works",
        "buildingTypology": [_TYPOLOGY_OF[project.use]] if project.use is not None else [],
        "certifications": None,
        "buildingMass": None,
        "buildingHeight": None,
        "grossFloorArea": area(gross),
        "heatedFloorArea": area(heated),
        "buildingFootprint": None,
        "floorsAboveGround": 0,
        "floorsBelowGround": None,
        "roofType": "other",
        "frameType": None,
        "buildingCompletionYear": None,
        "buildingPermitYear": None,
        "energyDemandHeating": None,
        "energySupplyHeating": None,
        "energyDemandElectricity": None,
        "energySupplyElectricity": None,
        "exportedElectricity": None,
        "generalEnergyClass": "unknown",
        "localEnergyClass": None,
        "buildingUsers": None,
        "buildingModelScope": None,
    }
