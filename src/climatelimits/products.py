"""Products: EPD-like records of impacts per declared unit, and conversions to that unit.

A :class:`Product` is what an environmental product declaration (EN 15804), a generic data
set (BR18 Tabel 7, Boverket, ÖKOBAUDAT) or an openEPD document says about one product: its
declared unit, its impacts per declared unit for each indicator and module set (in the three
states of :mod:`climatelimits.results`: value, declared zero, not declared), the scenarios
behind modules such as A4 or C3-C4, the properties that convert a used quantity to declared
units, and where the data come from.

Conversions never guess a direction. :func:`conversion_factor_to_declared_unit` walks a chain
of factors whose dimensions pint checks at every step (``m² --area_mass--> kg
--mass_per_declared_unit--> m³``); where the dimensions cannot prove a chain, it refuses with
a :class:`~climatelimits.exceptions.UnitsError`. This is the bug of test case T1
(``external-cases.md``), where a peer multiplied by a density instead of dividing and was
wrong by a factor of 7850².

Refinements of the agreed API (``api.md``), none of which changes a name or a meaning:

- :class:`Product` checks that the values of its *default* scenarios equal its impacts for
  those modules, and :meth:`Product.with_scenario` makes the chosen scenario the default (so
  the check keeps holding); modules of a replaced default scenario that the new one does not
  cover become absent rather than mixing two scenarios.
- ``mass_per_declared_unit`` may also be given as a plain mass (the mass of one declared
  unit, e.g. ``"2297 kg"`` for 1 m³); it is stored per unit of the declared unit
  (``2297 kg/m³``).
- The helper for split product stages is :func:`combine_product_stage`.
- :class:`climatelimits.quantities.Transport` has an extra field ``indicator`` (default
  ``"gwp_total"``): a transport factor in kg CO2e/(t·km) is a factor of one GWP indicator,
  and A4 from transport is computed for that indicator only.
- :class:`climatelimits.quantities.BillLine` has an extra field ``properties``: conversion
  properties of that use of the product (a coating applied at 0.5 kg/m²), added to the
  product's own for that line.
- :func:`conversion_routes` lists every proven route, for reports and tests.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import math
from collections.abc import Mapping
from typing import Any, Final

import attrs
import pint

from climatelimits._frozen import FrozenMap
from climatelimits._validators import (
    boolean,
    enum_or_raw,
    instance_of,
    non_empty_text,
    optional_date,
    positive,
    positive_duration,
    safe_fsum,
    to_number_map,
    to_property_map,
    to_results_map,
    to_tuple,
)
from climatelimits.buildings import to_date
from climatelimits.exceptions import InvalidInputError, UnitsError, UnknownReferenceError
from climatelimits.lifecycle import ModuleSet
from climatelimits.results import NOT_DECLARED, IndicatorResults, NotDeclared, ResultEntry
from climatelimits.units import (
    Quantity,
    Unit,
    as_quantity,
    format_unit,
    parse_unit,
    registry,
)

__all__ = [
    "CONVERSION_PROPERTIES",
    "DataType",
    "Finding",
    "Product",
    "Scenario",
    "Standard",
    "combine_product_stage",
    "conversion_factor_to_declared_unit",
    "conversion_routes",
]


class DataType(enum.Enum):
    """Kind of data behind a product record."""

    SPECIFIC = "specific"
    """A manufacturer's product-specific EPD."""
    INDUSTRY_AVERAGE = "industry_average"
    """An industry-average (sector) EPD."""
    GENERIC = "generic"
    """Generic data, e.g. a national database entry."""


class Standard(enum.Enum):
    """Edition of EN 15804 the declaration follows."""

    EN15804_A1 = "EN 15804+A1"
    EN15804_A2 = "EN 15804+A2"


CONVERSION_PROPERTIES: Final = (
    "mass_per_declared_unit",
    "density",
    "area_mass",
    "thickness",
    "mass_per_piece",
    "linear_mass",
)
"""Names of the conversion properties a product may carry.

``mass_per_declared_unit`` [kg per unit of the declared unit], ``density`` [kg/m³],
``area_mass`` [kg/m²] (grammage), ``thickness`` [m], ``mass_per_piece`` [kg/piece],
``linear_mass`` [kg/m].
"""

_PROPERTY_UNITS: Final = {
    "density": "kg/m^3",
    "area_mass": "kg/m^2",
    "thickness": "m",
    "mass_per_piece": "kg/piece",
    "linear_mass": "kg/m",
}


def _property_in_its_unit(key: str, quantity: Quantity, owner: str = "") -> Quantity:
    """Return a conversion property other than ``mass_per_declared_unit`` in its own unit.

    Parameters
    ----------
    key
        ``density``, ``area_mass``, ``thickness``, ``mass_per_piece`` or ``linear_mass``.
    quantity
        The value as given.
    owner
        Who the property belongs to, for the message (``"of product 'p' "``).

    Raises
    ------
    UnitsError
        If the quantity is not of the property's dimension, e.g. a density in kg.
    """
    target = parse_unit(_PROPERTY_UNITS[key])
    try:
        magnitude = float(quantity.to(target).magnitude)
    except pint.DimensionalityError as exc:
        msg = (
            f"{owner}must be in a unit like '{format_unit(target)}'; got "
            f"{quantity.magnitude:g} {format_unit(quantity.units)}"
        )
        raise UnitsError(
            msg,
            field=f"properties.{key}",
            units1=format_unit(quantity.units),
            units2=format_unit(target),
        ) from exc
    result: Quantity = registry().Quantity(magnitude, target)
    return result


CONFLICT_TOLERANCE: Final = 0.02
"""Relative difference above which two conversion routes are reported as conflicting."""

PRODUCT_STAGE_TOLERANCE: Final = 1e-3
"""Relative difference above which A1 + A2 + A3 and a declared A1-A3 are reported."""

_SCENARIO_TOLERANCE: Final = 1e-9


# -- findings ---------------------------------------------------------------------------------
def _to_values(value: Any) -> FrozenMap[str, float]:
    return to_number_map(value, "values")


@attrs.frozen
class Finding:
    """A structured data-quality note or warning: reported, never raised.

    Attributes
    ----------
    code : str
        Machine-readable kind, e.g. ``"conflicting_conversion"``, ``"a1_a3_disagrees"``,
        ``"split_a1_a3"``, ``"gwp_identity"``, ``"implausible_value"``,
        ``"incomplete_module"``.
    message : str
        One or two sentences naming the product, the values and their units.
    subject : str
        The product id, bill-line id or file the finding is about.
    values : Mapping[str, float]
        The numbers involved, in canonical units; the message explains the keys.

    Examples
    --------
    >>> Finding("split_a1_a3", "A1-A3 summed from A1, A2, A3", subject="p1").code
    'split_a1_a3'
    """

    code: str = attrs.field(validator=non_empty_text)
    message: str = attrs.field(validator=instance_of(str))
    subject: str = attrs.field(default="", validator=instance_of(str))
    values: FrozenMap[str, float] = attrs.field(factory=FrozenMap, converter=_to_values)


# -- impacts ------------------------------------------------------------------------------------
def _to_impacts(value: Any) -> FrozenMap[str, IndicatorResults]:
    return to_results_map(value, "impacts")


def _to_module_set(value: Any) -> ModuleSet:
    return ModuleSet.parse(value)


@attrs.frozen
class Scenario:
    """A scenario of a declaration: how some modules (A4, C3-C4, D...) were modelled.

    Attributes
    ----------
    id : str
        Identifier, unique within the product.
    name : str
        Readable name, e.g. ``"100% recycling"``.
    modules : ModuleSet
        The modules this scenario gives values for.
    default : bool
        Whether the product's impacts use this scenario for its modules.
    impacts : Mapping[str, IndicatorResults]
        Impacts per indicator [indicator unit per declared unit]; every entry lies within
        ``modules``.

    Examples
    --------
    >>> s = Scenario(
    ...     "berlin",
    ...     "Transport to Berlin",
    ...     "A4",
    ...     False,
    ...     {
    ...         "gwp_total": IndicatorResults.from_mapping(
    ...             "gwp_total", {"A4": 10.6}, unit="kg CO2e"
    ...         )
    ...     },
    ... )
    >>> str(s.modules)
    'A4'
    """

    id: str = attrs.field(validator=non_empty_text)
    name: str = attrs.field(validator=instance_of(str))
    modules: ModuleSet = attrs.field(converter=_to_module_set)
    default: bool = attrs.field(validator=boolean)
    impacts: FrozenMap[str, IndicatorResults] = attrs.field(
        factory=FrozenMap, converter=_to_impacts
    )

    @modules.validator
    def _check_modules(self, attribute: Any, value: ModuleSet) -> None:
        if not value:
            msg = f"of scenario {self.id!r} must name at least one module; got ''"
            raise InvalidInputError(msg, field="modules")

    @impacts.validator
    def _check_impacts(self, attribute: Any, value: FrozenMap[str, IndicatorResults]) -> None:
        for indicator, results in value.items():
            for entry in results.entries:
                if not entry.modules <= self.modules:
                    msg = (
                        f"of scenario {self.id!r} must lie within its "
                        f"modules {self.modules}; got an entry for {entry.modules}"
                    )
                    raise InvalidInputError(msg, field=f"impacts.{indicator}")


# -- products -----------------------------------------------------------------------------------
def _to_declared_unit(value: Any) -> Quantity:
    return positive(as_quantity(value, field="declared_unit"), "declared_unit")


def _to_properties(value: Any) -> FrozenMap[str, Quantity]:
    return to_property_map(value, "properties", CONVERSION_PROPERTIES)


def _to_scenarios(value: Any) -> tuple[Scenario, ...]:
    return to_tuple(value, Scenario, "scenarios")


def _to_findings(value: Any) -> tuple[Finding, ...]:
    return to_tuple(value, Finding, "findings")


def _to_service_life(value: Any) -> Quantity | None:
    return None if value is None else positive_duration(value, "reference_service_life")


def _to_data_type(value: Any) -> Any:
    return enum_or_raw(DataType, value)


def _to_standard(value: Any) -> Any:
    return enum_or_raw(Standard, value)


def _optional_member(kind: type[enum.Enum]) -> Any:
    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value is not None and not isinstance(value, kind):
            known = ", ".join(repr(k.value) for k in kind)
            msg = f"must be one of {known}; got {value!r}"
            raise InvalidInputError(msg, field=attribute.name)

    return check


def _close(a: float | None, b: float | None, tolerance: float) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-300)


@attrs.frozen
class Product:
    """An EPD-like product record: impacts per declared unit, and how to reach that unit.

    Attributes
    ----------
    id : str
        Identifier that bill lines refer to (an EPD number, a dataset UUID, a Tabel 7 id).
    name : str
        Readable name.
    declared_unit : Quantity
        The declared (or functional) unit, e.g. ``1 m³``, ``1000 kg``, ``1 piece``; its
        magnitude need not be 1.
    impacts : Mapping[str, IndicatorResults]
        Impacts per indicator id, per module set, [indicator unit per declared unit], with
        the values of the default scenarios.
    properties : Mapping[str, Quantity]
        Conversion properties, keys from :data:`CONVERSION_PROPERTIES`, each greater than 0.
    scenarios : tuple of Scenario
        All scenarios, the default ones included.
    data_type : DataType or None
        Specific, industry average or generic.
    standard : Standard or None
        EN 15804+A1 or +A2.
    valid_from, valid_until : datetime.date or None
        Validity of the declaration.
    reference_service_life : Quantity or None
        Reference service life [year].
    source : str
        File path, URL or dataset UUID the record was read from.
    findings : tuple of Finding
        Data-quality notes found while importing it.

    Examples
    --------
    >>> p = Product(
    ...     "concrete",
    ...     "Ready-mix concrete",
    ...     "1 m^3",
    ...     {
    ...         "gwp_total": IndicatorResults.from_mapping(
    ...             "gwp_total", {"A1-A3": 240}, unit="kg CO2e"
    ...         )
    ...     },
    ...     properties={"density": "2400 kg/m^3"},
    ... )
    >>> factor, findings = conversion_factor_to_declared_unit(p, "t")
    >>> round(factor, 6)
    0.416667
    """

    id: str = attrs.field(validator=non_empty_text)
    name: str = attrs.field(validator=instance_of(str))
    declared_unit: Quantity = attrs.field(converter=_to_declared_unit)
    impacts: FrozenMap[str, IndicatorResults] = attrs.field(converter=_to_impacts)
    properties: FrozenMap[str, Quantity] = attrs.field(factory=FrozenMap, converter=_to_properties)
    scenarios: tuple[Scenario, ...] = attrs.field(default=(), converter=_to_scenarios)
    data_type: DataType | None = attrs.field(
        default=None, converter=_to_data_type, validator=_optional_member(DataType)
    )
    standard: Standard | None = attrs.field(
        default=None, converter=_to_standard, validator=_optional_member(Standard)
    )
    valid_from: dt.date | None = attrs.field(
        default=None, converter=to_date, validator=optional_date
    )
    valid_until: dt.date | None = attrs.field(
        default=None, converter=to_date, validator=optional_date
    )
    reference_service_life: Quantity | None = attrs.field(default=None, converter=_to_service_life)
    source: str = attrs.field(default="", validator=instance_of(str))
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_to_findings)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "properties", self._normalised_properties(self.properties))
        self._check_scenarios()
        if (
            self.valid_from is not None
            and self.valid_until is not None
            and self.valid_until < self.valid_from
        ):
            msg = (
                f"of product {self.id!r} must not be before `valid_from` "
                f"({self.valid_from.isoformat()}); got {self.valid_until.isoformat()}"
            )
            raise InvalidInputError(msg, field="valid_until")

    # -- validation helpers ---------------------------------------------------------------
    def _normalised_properties(self, value: Any) -> FrozenMap[str, Quantity]:
        raw = _to_properties(value)
        out: dict[str, Quantity] = {}
        for key, quantity in raw.items():
            if key == "mass_per_declared_unit":
                out[key] = self._mass_per_declared_unit(quantity)
                continue
            out[key] = _property_in_its_unit(key, quantity, f"of product {self.id!r} ")
        return FrozenMap(out)

    def _mass_per_declared_unit(self, quantity: Quantity) -> Quantity:
        reg = registry()
        kg = parse_unit("kg")
        du = self.declared_unit
        per_unit = kg / du.units
        if quantity.dimensionality == kg.dimensionality:
            quantity = quantity / du  # the mass of one declared unit, per unit of it
        try:
            magnitude = float(quantity.to(per_unit).magnitude)
        except pint.DimensionalityError as exc:
            msg = (
                f"of product {self.id!r} must be a mass "
                f"per '{format_unit(du.units)}' (its declared unit is {du.magnitude:g} "
                f"{format_unit(du.units)}), e.g. '{format_unit(per_unit)}'; got "
                f"{quantity.magnitude:g} {format_unit(quantity.units)}"
            )
            raise UnitsError(
                msg,
                field="properties.mass_per_declared_unit",
                units1=format_unit(quantity.units),
                units2=format_unit(per_unit),
            ) from exc
        if du.dimensionality == kg.dimensionality:
            ratio = float(reg.Quantity(magnitude, per_unit).to("dimensionless").magnitude)
            if not _close(ratio, 1.0, 1e-3):  # 1000 kg per t is 1 kg/kg
                msg = (
                    f"of product {self.id!r} must be 1 kg/kg "
                    f"for a declared unit that is a mass ({du.magnitude:g} "
                    f"{format_unit(du.units)}); got {ratio:g} kg/kg"
                )
                if magnitude != ratio:
                    msg += f" ({magnitude:g} kg per {format_unit(du.units)})"
                raise InvalidInputError(msg, field="properties.mass_per_declared_unit")
        result: Quantity = reg.Quantity(magnitude, per_unit)
        return result

    def _check_scenarios(self) -> None:
        seen: set[str] = set()
        default_mask = 0
        for index, scenario in enumerate(self.scenarios):
            if scenario.id in seen:
                msg = f"must be unique in product {self.id!r}; got {scenario.id!r} twice"
                raise InvalidInputError(msg, field=f"scenarios[{index}].id")
            seen.add(scenario.id)
            if not scenario.default:
                continue
            if scenario.modules.mask & default_mask:
                msg = (
                    f"of product {self.id!r}: only one default scenario "
                    f"may cover a module; {scenario.id!r} covers "
                    f"{ModuleSet(scenario.modules.mask & default_mask)}, which another default "
                    f"scenario covers too"
                )
                raise InvalidInputError(msg, field=f"scenarios[{index}]")
            default_mask |= scenario.modules.mask
            self._check_default_matches(index, scenario)

    def _check_default_matches(self, index: int, scenario: Scenario) -> None:
        for indicator, results in scenario.impacts.items():
            own = self.impacts.get(indicator)
            own_values = {e.modules: e.value for e in own.entries} if own is not None else {}
            for entry in results.entries:
                if entry.modules in own_values and _close(
                    own_values[entry.modules], entry.value, _SCENARIO_TOLERANCE
                ):
                    continue
                got = own_values.get(entry.modules, "absent")
                msg = (
                    f"of product {self.id!r} is the default scenario "
                    f"{scenario.id!r}, so `impacts.{indicator}` must hold its value for "
                    f"{entry.modules} ({_text(entry.value)}); got {_text(got)}"
                )
                raise InvalidInputError(msg, field=f"scenarios[{index}]")

    # -- behaviour ------------------------------------------------------------------------
    @property
    def declared_unit_text(self) -> str:
        """The declared unit as text, e.g. ``'1 m³'``."""
        return f"{self.declared_unit.magnitude:g} {format_unit(self.declared_unit.units)}"

    def scenario(self, scenario_id: str) -> Scenario:
        """Return the scenario with this id.

        Raises
        ------
        UnknownReferenceError
            If the product has no such scenario; the message lists the ids it has.
        """
        for candidate in self.scenarios:
            if candidate.id == scenario_id:
                return candidate
        known = ", ".join(repr(s.id) for s in self.scenarios) or "none"
        msg = f"of product {self.id!r} must be one of {known}; got {scenario_id!r}"
        raise UnknownReferenceError(msg, field="scenario")

    def with_scenario(self, scenario_id: str) -> Product:
        """Return the product computed with another scenario for that scenario's modules.

        The chosen scenario becomes the default; default scenarios that shared a module with
        it stop being defaults, and every module they covered is replaced: by the chosen
        scenario's values where it gives them, otherwise it becomes absent (not declared),
        so two scenarios are never mixed.

        Parameters
        ----------
        scenario_id
            Id of one of :attr:`scenarios`.

        Raises
        ------
        UnknownReferenceError
            If there is no such scenario.
        InvalidInputError
            If an impact entry lies partly inside the replaced modules and cannot be split.
        """
        chosen = self.scenario(scenario_id)
        if chosen.default:
            return self
        replaced = chosen.modules.mask
        scenarios: list[Scenario] = []
        for scenario in self.scenarios:
            if scenario.id == chosen.id:
                scenarios.append(attrs.evolve(scenario, default=True))
            elif scenario.default and scenario.modules.mask & chosen.modules.mask:
                replaced |= scenario.modules.mask
                scenarios.append(attrs.evolve(scenario, default=False))
            else:
                scenarios.append(scenario)
        replaced_set = ModuleSet(replaced)
        impacts: dict[str, IndicatorResults] = {}
        for indicator in dict.fromkeys([*self.impacts, *chosen.impacts]):
            kept: list[ResultEntry] = []
            own = self.impacts.get(indicator)
            for entry in own.entries if own is not None else ():
                if entry.modules.isdisjoint(replaced_set):
                    kept.append(entry)
                elif not entry.modules <= replaced_set:
                    msg = (
                        f"of product {self.id!r} has an entry for "
                        f"{entry.modules}, which cannot be split to swap in scenario "
                        f"{chosen.id!r} for {replaced_set}"
                    )
                    raise InvalidInputError(msg, field=f"impacts.{indicator}")
            extra = chosen.impacts.get(indicator)
            kept.extend(extra.entries if extra is not None else ())
            impacts[indicator] = IndicatorResults(indicator, tuple(kept))
        return attrs.evolve(self, impacts=impacts, scenarios=tuple(scenarios))


def _text(value: object) -> str:
    if value is None:
        return "not declared"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# -- product stage ------------------------------------------------------------------------------
_A1 = ModuleSet.parse("A1")
_A2 = ModuleSet.parse("A2")
_A3 = ModuleSet.parse("A3")
_A1_A3 = ModuleSet.parse("A1-A3")


def combine_product_stage(
    entries: Mapping[str | ModuleSet, float | NotDeclared | None],
    *,
    subject: str = "",
    indicator: str = "",
) -> tuple[dict[str, float | NotDeclared], tuple[Finding, ...]]:
    """Merge A1, A2 and A3 into A1-A3 without ever counting them twice.

    EN 15804 declarations give the product stage either as one aggregate A1-A3, or as A1, A2
    and A3, or both. The rule:

    - only A1, A2, A3 (each a value): they are summed into A1-A3 (finding ``split_a1_a3``);
    - A1-A3 and the parts: A1-A3 is kept and the parts are dropped; if every part has a value
      and their sum differs from A1-A3 by more than 0.1 %, a finding ``a1_a3_disagrees``
      names both numbers;
    - some parts missing or not declared, and no A1-A3: the parts stay as they are (a total
      over A1-A3 is then incomplete, as it should be).

    An A1-A3 that is explicitly not declared counts as absent. Entries of other modules pass
    through unchanged.

    Parameters
    ----------
    entries
        Module text (or set) -> value in the indicator's unit, or ``None``/``NOT_DECLARED``.
    subject
        Product id or file, for the findings.
    indicator
        Indicator id, for the findings.

    Returns
    -------
    entries : dict
        Canonical module text -> value or ``NOT_DECLARED``, ready for
        :meth:`IndicatorResults.from_mapping`.
    findings : tuple of Finding

    Raises
    ------
    InvalidInputError
        If a key is not a module set, or a value is not a finite number.

    Examples
    --------
    >>> merged, findings = combine_product_stage(
    ...     {"A1": 11.906613, "A2": 0.36490214, "A3": 4.0447066}
    ... )
    >>> round(merged["A1-A3"], 8), findings[0].code
    (16.31622174, 'split_a1_a3')
    >>> merged, findings = combine_product_stage(
    ...     {"A1": -764.0696, "A2": 24.7273, "A3": 91.9222, "A1-A3": -647.4201}
    ... )
    >>> merged, findings
    ({'A1-A3': -647.4201}, ())
    """
    values: dict[ModuleSet, float | None] = {}
    for key, raw in entries.items():
        modules = ModuleSet.parse(key)
        if raw is None or raw is NOT_DECLARED:
            values[modules] = None
            continue
        number: object = raw
        if (
            isinstance(number, bool)
            or not isinstance(number, int | float)
            or not math.isfinite(number)
        ):
            msg = f"must be a finite number or not declared; got {raw!r}"
            raise InvalidInputError(msg, field=str(modules))
        values[modules] = float(number)
    where = f" of {indicator}" if indicator else ""
    who = f"{subject}: " if subject else ""
    parts = [values.get(m) for m in (_A1, _A2, _A3)]
    aggregate = values.get(_A1_A3)
    findings: list[Finding] = []
    has_parts = any(m in values for m in (_A1, _A2, _A3))
    complete_parts = all(p is not None for p in parts)
    part_sum = safe_fsum(p for p in parts if p is not None)
    if has_parts and aggregate is not None:
        for m in (_A1, _A2, _A3):
            values.pop(m, None)
        if complete_parts and not _close(part_sum, aggregate, PRODUCT_STAGE_TOLERANCE):
            findings.append(
                Finding(
                    "a1_a3_disagrees",
                    f"{who}A1 + A2 + A3{where} = {part_sum:g} differs from the declared "
                    f"A1-A3 = {aggregate:g} by more than 0.1 %; the declared A1-A3 is used.",
                    subject,
                    {"A1+A2+A3": part_sum, "A1-A3": aggregate},
                )
            )
    elif has_parts and complete_parts:
        if not math.isfinite(part_sum):
            msg = f"must add up to a finite number; got A1 + A2 + A3 = {parts!r}"
            raise InvalidInputError(msg, field=f"{indicator or 'impacts'}.A1-A3")
        for m in (_A1, _A2, _A3):
            values.pop(m)
        values[_A1_A3] = part_sum
        findings.append(
            Finding(
                "split_a1_a3",
                f"{who}A1-A3{where} = {part_sum:g} is the sum of the declared A1, A2 and A3.",
                subject,
                {"A1": parts[0] or 0.0, "A2": parts[1] or 0.0, "A3": parts[2] or 0.0},
            )
        )
    elif has_parts and _A1_A3 in values:
        values.pop(_A1_A3)  # an explicitly not-declared aggregate beside incomplete parts
    ordered = sorted(values.items(), key=lambda kv: (kv[0].mask & -kv[0].mask, kv[0].mask))
    merged: dict[str, float | NotDeclared] = {
        str(m): (NOT_DECLARED if v is None else v) for m, v in ordered
    }
    return merged, tuple(findings)


# -- conversions --------------------------------------------------------------------------------
_ROUTE_PREFERENCE: Final = {
    "mass_per_declared_unit": 0,
    "area_mass": 1,
    "linear_mass": 1,
    "mass_per_piece": 1,
    "density": 2,
    "thickness": 3,
}


@attrs.frozen
class _Edge:
    name: str
    factor: Quantity  # dimension: to / frm
    frm: Any
    to: Any


def _edges(product: Product) -> list[_Edge]:
    kg = parse_unit("kg").dimensionality
    edges: list[_Edge] = []
    for name, quantity in product.properties.items():
        if name == "mass_per_declared_unit":
            frm = product.declared_unit.dimensionality
            if frm == kg:
                continue
        elif name == "thickness":
            frm = parse_unit("m^2").dimensionality
            edges.append(_Edge(name, quantity, frm, parse_unit("m^3").dimensionality))
            continue
        else:
            frm = (registry().Quantity(1.0, "kg") / quantity).dimensionality
        edges.append(_Edge(name, quantity, frm, kg))
    return edges


def conversion_routes(product: Product, used_unit: str | Unit) -> dict[str, float]:
    """Return every dimensionally proven route from ``used_unit`` to the declared unit.

    Each route is a chain of the product's conversion properties; at each step pint checks
    the dimension, and the last step must land in the declared unit's dimension.

    Parameters
    ----------
    product
        The product.
    used_unit
        The unit a quantity of the product is used in, e.g. ``"m^2"``, ``"t"``, ``"l"``.

    Returns
    -------
    dict
        Route name (the properties used, in order, joined by ``" > "``; ``"unit"`` for a
        direct unit conversion) -> number of declared units per 1 ``used_unit``. Empty when
        no route exists. A used unit of the declared unit's own dimension has the single
        route ``"unit"``.
    """
    unit = parse_unit(used_unit, field="unit")
    du = product.declared_unit
    if unit.dimensionality == du.dimensionality:
        return {"unit": _unit_factor(unit, du.units) / float(du.magnitude)}
    start: Quantity = registry().Quantity(1.0, unit)
    edges = _edges(product)
    routes: dict[str, float] = {}

    def walk(current: Quantity, used: tuple[int, ...], seen: tuple[Any, ...]) -> None:
        if current.dimensionality == du.dimensionality:
            name = " > ".join(edges[i].name for i in used)
            routes[name] = float(current.to(du.units).magnitude) / float(du.magnitude)
            return
        for index, edge in enumerate(edges):
            if index in used:
                continue
            if current.dimensionality == edge.frm and edge.to not in seen:
                walk(current * edge.factor, (*used, index), (*seen, edge.to))
            elif current.dimensionality == edge.to and edge.frm not in seen:
                walk(current / edge.factor, (*used, index), (*seen, edge.frm))

    walk(start, (), (unit.dimensionality,))
    return routes


@functools.lru_cache(maxsize=256)
def _unit_factor(from_unit: Unit, to_unit: Unit) -> float:
    """Return how many ``to_unit`` one ``from_unit`` is (same dimension), once per pair."""
    return float(registry().Quantity(1.0, from_unit).to(to_unit).magnitude)


def _route_rank(name: str) -> tuple[int, int]:
    steps = name.split(" > ")
    return (len(steps), sum(_ROUTE_PREFERENCE.get(s, 9) for s in steps))


def conversion_factor_to_declared_unit(
    product: Product, used_unit: str | Unit
) -> tuple[float, tuple[Finding, ...]]:
    """Return how many declared units one ``used_unit`` of the product is.

    The factor comes from a chain of dimensionally checked steps through the product's
    properties, e.g. for a board declared per m³ and used in m²: ``m² * area_mass [kg/m²]
    / mass_per_declared_unit [kg/m³]``. When several chains exist, the shortest is used
    (ties: ``mass_per_declared_unit``, then ``area_mass``/``linear_mass``/``mass_per_piece``,
    then ``density``, then ``thickness``); if any other chain differs from it by more than
    2 %, a ``conflicting_conversion`` finding names the product and every value.

    Parameters
    ----------
    product
        The product.
    used_unit
        The unit the quantity is given in.

    Returns
    -------
    factor : float
        Declared units per 1 ``used_unit``.
    findings : tuple of Finding
        ``conflicting_conversion`` when routes disagree by more than 2 %.

    Raises
    ------
    UnitsError
        If no chain of the product's properties proves the conversion; the message names
        the product, the used unit, the declared unit and the properties available.

    Examples
    --------
    Test case T1 of ``external-cases.md``: 0.5 kg/m² of a product declared per m³ at
    7850 kg/m³.

    >>> p = Product(
    ...     "steel",
    ...     "Steel",
    ...     "1 m^3",
    ...     {
    ...         "gwp_total": IndicatorResults.from_mapping(
    ...             "gwp_total", {"A1-A3": 818}, unit="kg CO2e"
    ...         )
    ...     },
    ...     properties={"mass_per_declared_unit": "7850 kg/m^3"},
    ... )
    >>> factor, _ = conversion_factor_to_declared_unit(p, "kg")
    >>> round(50 * 0.5 * factor * 818, 4)
    2.6051
    """
    unit = parse_unit(used_unit, field="unit")
    routes = conversion_routes(product, unit)
    if not routes:
        available = (
            ", ".join(
                f"{k} = {v.magnitude:g} {format_unit(v.units)}"
                for k, v in product.properties.items()
            )
            or "none"
        )
        msg = (
            f"cannot convert '{format_unit(unit)}' ({unit.dimensionality}) to the declared "
            f"unit {product.declared_unit_text} of product {product.id!r}: no chain of its "
            f"conversion properties proves it (properties: {available})"
        )
        raise UnitsError(
            msg, units1=format_unit(unit), units2=format_unit(product.declared_unit.units)
        )
    best = min(routes, key=_route_rank)
    chosen = routes[best]
    plausibility = _density_findings(product)
    conflicting = {
        name: value
        for name, value in routes.items()
        if name != best and not _close(value, chosen, CONFLICT_TOLERANCE)
    }
    findings: tuple[Finding, ...] = ()
    if conflicting:
        others = "; ".join(f"{v:.6g} via {k}" for k, v in conflicting.items())
        spread = max(abs(v - chosen) / abs(chosen) for v in conflicting.values()) * 100.0
        findings = (
            Finding(
                "conflicting_conversion",
                f"product {product.id!r}: 1 {format_unit(unit)} is {chosen:.6g} declared units "
                f"({product.declared_unit_text}) via {best}, but {others} (up to "
                f"{spread:.3g} % apart); {best} is used.",
                product.id,
                {f"via {name}": value for name, value in routes.items()},
            ),
        )
    return chosen, findings + plausibility


MAX_PLAUSIBLE_DENSITY: Final = 22_590.0
"""Highest density [kg/m³] taken without an ``implausible_value`` finding: that of
osmium, the densest element (22.59 g/cm³; CRC Handbook of Chemistry and Physics, 97th ed.,
"Density of the elements"). No construction product is denser."""


def _density_findings(product: Product) -> tuple[Finding, ...]:
    """Report a density above :data:`MAX_PLAUSIBLE_DENSITY` (usually g/cm³ read as kg/m³).

    The density is the ``density`` property, or a ``mass_per_declared_unit`` in mass per
    volume (a product declared per m³).
    """
    findings: list[Finding] = []
    kg_per_m3 = parse_unit("kg / m^3")
    for name in ("density", "mass_per_declared_unit"):
        quantity = product.properties.get(name)
        if quantity is None or quantity.dimensionality != kg_per_m3.dimensionality:
            continue
        value = float(quantity.to(kg_per_m3).magnitude)
        if value > MAX_PLAUSIBLE_DENSITY:
            message = (
                f"product {product.id!r}: {name} {value:,.0f} kg/m³ is above the density of "
                f"the densest element ({MAX_PLAUSIBLE_DENSITY:,.0f} kg/m³, osmium); check "
                "the unit."
            )
            findings.append(Finding("implausible_value", message, product.id, {name: value}))
    return tuple(findings)
