"""Turn an ILCD+EPD :class:`RawDataset` into a :class:`~climatelimits.products.Product` (internal).

What is decided here, and reported as :class:`~climatelimits.products.Finding` rather than
raised (the data-quality traps of test case T4 in ``external-cases.md``):

- the declared unit is the reference exchange's amount times its flow's reference flow
  property (``meanAmount`` 1000 of a 1 kg flow is 1000 kg): ``declared_unit_not_one``;
- mass per declared unit and the other conversion properties come from several places
  (flow properties, the InData material properties, the non-standard
  ``conversion factor [mass/declared unit]``); they are compared and a disagreement of more
  than 2 % is ``conflicting_conversion``, naming the value used;
- ``conversion factor to 1 kg`` follows the InData rule (mass = declared amount / factor);
  files that write its inverse are reported and the factor is not used;
- grammage, gross density and layer thickness that disagree: the grammage is kept;
- GWP-total that is not GWP-fossil + GWP-biogenic + GWP-luluc beyond the rounding of the
  written numbers: ``gwp_identity``;
- A1-A3 per kg of product above 100 or below -5 kg CO2e/kg: ``implausible_value``;
- modules given per scenario without a default: ``no_default_scenario``.

Structural problems (no reference flow, a value that is no number, a module code that is no
EN 15978 module) raise :class:`~climatelimits.exceptions.DataFormatError` with the path.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Final

import attrs
import pint

from climatelimits._validators import safe_fsum
from climatelimits.exceptions import (
    ClimateLimitsError,
    DataFormatError,
    InvalidInputError,
    UnitsError,
)
from climatelimits.indicators import get_indicator
from climatelimits.io._ilcd_records import (
    RawDataset,
    RawFlow,
    RawFlowProperty,
    RawMaterialProperty,
    RawResult,
    RawScenario,
    amount,
    number,
)
from climatelimits.lifecycle import ModuleSet
from climatelimits.products import (
    DataType,
    Finding,
    Product,
    Scenario,
    Standard,
    combine_product_stage,
)
from climatelimits.results import NOT_DECLARED, IndicatorResults, NotDeclared
from climatelimits.units import Quantity, Unit, format_unit, parse_unit, registry

# -- identifiers ------------------------------------------------------------------------------
# Indicator UUIDs from the official identifier tables of the ILCD+EPD format, InDataWG/
# ILCD-EPD-Data-Format @ beb0fde, doc/identifiers/EN15804+A1_indicators.csv,
# EN15804+A2_EF3.0_indicators.csv and EN15804+A2_EF3.1_indicators.csv
# (https://github.com/InDataWG/ILCD-EPD-Data-Format/tree/beb0fdecfe03fb6e33cf7aaf2f9f0c6d2bb7e5e3/doc/identifiers).
GWP_INDICATORS: Final[Mapping[str, str]] = {
    # EN 15804+A1: "Global warming potential (GWP)", kg CO2-eqv.
    "77e416eb-a363-4258-a04e-171d843a6460": "gwp",
    # EN 15804+A2, EF 3.0
    "6a37f984-a4b3-458a-a20a-64418c145fa2": "gwp_total",
    "5f635281-343e-44fb-83df-1971b155e6b6": "gwp_fossil",
    "2356e1ab-0185-4db5-86e5-16de51c7485c": "gwp_biogenic",
    "4331bbdb-978a-490d-8707-eeb047f01a55": "gwp_luluc",
    # EN 15804+A2, EF 3.1
    "a7ea142a-9749-11ed-a8fc-0242ac120002": "gwp_total",
    "a7ea19c0-9749-11ed-a8fc-0242ac120002": "gwp_fossil",
    "a7ea186c-9749-11ed-a8fc-0242ac120002": "gwp_biogenic",
    "a7ea1ae2-9749-11ed-a8fc-0242ac120002": "gwp_luluc",
    # Not in the InData tables: "Global warming potential except emissions and uptake of
    # biogenic carbon (GWP-IOBC/GHG)", used by EPD-Norge and EPD Danmark data sets (e.g.
    # ÖKOBAUDAT/ECO Platform 0aa8b645-02d9-41b4-8aa3-70335af2a9e7).
    "fb774615-0575-45de-9a89-1ded92f19770": "gwp_ghg",
}
"""ILCD LCIA-method UUID -> climatelimits indicator id."""

# The unit group ("kg CO2 eqv.") that every GWP indicator of those tables refers to.
_GWP_UNIT_GROUP: Final = "1ebf3012-d0db-4de2-aefd-ef30cedb0be1"

_A1_UUIDS: Final = frozenset({"77e416eb-a363-4258-a04e-171d843a6460"})
_A2_INDICATORS: Final = frozenset({"gwp_total", "gwp_fossil", "gwp_biogenic", "gwp_luluc"})


# Flow properties by UUID with their reference unit, from
# doc/identifiers/Flow_properties_and_unit_groups.csv of the same repository and commit.
_MASS, _VOLUME, _AREA, _LENGTH, _ITEMS = "mass", "volume", "area", "length", "items"
FLOW_PROPERTIES: Final[Mapping[str, tuple[str, str]]] = {
    "93a60a56-a3c8-11da-a746-0800200b9a66": (_MASS, "kg"),
    "7e18d0ad-e78e-47a0-8e96-1c0a581902e2": (_MASS, "kg"),  # deprecated alternative
    "93a60a56-a3c8-22da-a746-0800200c9a66": (_VOLUME, "m3"),
    "93a60a56-a3c8-19da-a746-0800200c9a66": (_AREA, "m2"),
    "838aaa23-0117-11db-92e3-0800200c9a66": (_LENGTH, "m"),
    "01846770-4cfe-4a25-8ad9-919d8d378345": (_ITEMS, "Item(s)"),
}
"""ILCD flow-property UUID -> (kind, reference unit)."""

# Biogenic carbon content of product and packaging: kilograms of carbon, not of product.
_NOT_PRODUCT_QUANTITIES: Final = frozenset(
    {"62e503ce-544a-4599-b2ad-bcea15a7bf20", "262a541b-209e-44cc-a426-33bce30de7b1"}
)

# ILCD+EPD material properties (InData doc/MaterialProperties.md), name -> (key, unit).
_MATERIAL_PROPERTIES: Final[Mapping[str, tuple[str, str]]] = {
    "gross density": ("density", "kg/m^3"),
    "bulk density": ("bulk_density", "kg/m^3"),
    "grammage": ("area_mass", "kg/m^2"),
    "layer thickness": ("thickness", "m"),
    "linear density": ("linear_mass", "kg/m"),
    "weight per piece": ("mass_per_piece", "kg"),
    "conversion factor to 1 kg": ("to_1_kg", "dimensionless"),
    "conversion factor [mass/declared unit]": ("mass_per_du", "dimensionless"),
}

_SUB_TYPES: Final[Mapping[str, DataType]] = {
    "specific dataset": DataType.SPECIFIC,
    "average dataset": DataType.INDUSTRY_AVERAGE,
    "generic dataset": DataType.GENERIC,
}

CONVERSION_TOLERANCE: Final = 0.02
"""Relative difference above which two sources of one conversion property conflict."""
GWP_IDENTITY_TOLERANCE: Final = 1e-4
"""Relative slack of GWP-total = fossil + biogenic + luluc, on top of the rounding bound."""
PLAUSIBLE_GWP_PER_KG: Final = (-5.0, 100.0)
"""Bounds of A1-A3 GWP per kg of product [kg CO2e/kg] outside which a value is reported.

A heuristic, not a standard: biogenic uptake cannot take a product much below about
-1.8 kg CO2e/kg (dry wood, 50 % carbon), and the most carbon-intensive construction
materials (primary aluminium, carbon fibre) stay well below 100 kg CO2e/kg. A value outside
usually means a declared unit read wrongly (per tonne as per kg)."""

_DIMENSION_KIND: Final = {
    _MASS: "kg",
    _VOLUME: "m^3",
    _AREA: "m^2",
    _LENGTH: "m",
    _ITEMS: "piece",
}


def _fail(source: str, where: str, problem: str) -> DataFormatError:
    return DataFormatError(source, [f"{where}: {problem}" if where else problem])


def _kind_of(unit: Unit) -> str | None:
    for kind, text in _DIMENSION_KIND.items():
        if unit.dimensionality == parse_unit(text).dimensionality:
            return kind
    return None


@attrs.frozen
class _FlowQuantities:
    """What one unit of a flow is: its reference quantity and the other known quantities."""

    reference: Quantity
    kinds: Mapping[str, Quantity]
    ignored: tuple[RawFlowProperty, ...]


def flow_quantities(flow: RawFlow, source: str) -> _FlowQuantities:
    """Read the flow properties of a flow into quantities per one unit of the flow.

    Raises
    ------
    DataFormatError
        If there is no reference flow property, its unit is unknown, or a mean value is
        not a number.
    """
    reg = registry()
    where = f"flow {flow.name or flow.uuid!r} ({flow.source or source})"
    if not flow.properties:
        problem = (
            "the reference flow has no flow properties, so the declared unit is unknown "
            "(for XML, put the flow data set in the sibling 'flows' folder or pass flows_dir)"
        )
        raise _fail(source, where, problem)
    references = [p for p in flow.properties if p.reference]
    if not references and len(flow.properties) == 1:
        references = list(flow.properties)
    if len(references) != 1:
        problem = f"must mark exactly one reference flow property; got {len(references)}"
        raise _fail(source, where, problem)
    kinds: dict[str, Quantity] = {}
    ignored: list[RawFlowProperty] = []
    reference_quantity: Quantity | None = None
    for prop in flow.properties:
        known = FLOW_PROPERTIES.get(prop.uuid)
        if not prop.reference and (known is None or prop.uuid in _NOT_PRODUCT_QUANTITIES):
            if prop.uuid not in _NOT_PRODUCT_QUANTITIES:
                ignored.append(prop)
            continue
        unit_text = prop.unit or (known[1] if known else None)
        if unit_text is None:
            problem = (
                f"the unit of reference flow property {prop.name or prop.uuid!r} "
                f"({prop.uuid}) is unknown: it is no standard flow property and its data "
                "set is not in the sibling 'flowproperties' folder"
            )
            raise _fail(source, prop.where, problem)
        try:
            unit = parse_unit(unit_text, field="referenceUnit")
        except UnitsError as exc:
            raise _fail(source, prop.where, str(exc)) from exc
        value = number(prop.mean_value, prop.where, source)
        if not value > 0:
            raise _fail(source, prop.where, f"must be greater than 0; got {value!r}")
        quantity: Quantity = reg.Quantity(value, unit)
        kind = known[0] if known else _kind_of(unit)
        if prop.reference:
            reference_quantity = quantity
        if kind is not None and kind not in kinds:
            kinds[kind] = quantity
    if reference_quantity is None:  # pragma: no cover - a reference always exists here
        raise _fail(source, where, "has no reference flow property")
    return _FlowQuantities(reference_quantity, kinds, tuple(ignored))


# -- conversion properties --------------------------------------------------------------------
@attrs.frozen
class _Candidate:
    label: str
    value: float  # in the unit of the property (kg per declared-unit unit, kg/m^3, ...)


def _material(
    materials: Iterable[RawMaterialProperty], source: str, subject: str
) -> tuple[dict[str, tuple[float, str]], list[Finding]]:
    """Read material properties: key -> (value in the InData unit, name as written)."""
    found: dict[str, tuple[float, str]] = {}
    findings: list[Finding] = []
    for prop in materials:
        spec = _MATERIAL_PROPERTIES.get(prop.name.strip().lower())
        if spec is None:
            findings.append(
                Finding(
                    "ignored_material_property",
                    f"{subject}: material property {prop.name!r} is not one used for "
                    "conversions; it is not used.",
                    subject,
                )
            )
            continue
        key, unit_text = spec
        value = number(prop.value, prop.where, source)
        if prop.unit and unit_text != "dimensionless":
            try:
                value = float(
                    registry()
                    .Quantity(value, parse_unit(prop.unit, field=prop.name))
                    .to(parse_unit(unit_text))
                    .magnitude
                )
            except (
                ClimateLimitsError,
                pint.PintError,
                ArithmeticError,
                ValueError,
                TypeError,
            ) as exc:
                findings.append(
                    Finding(
                        "ignored_material_property",
                        f"{subject}: material property {prop.name!r} = {value:g} "
                        f"{prop.unit} is not in a unit of '{unit_text}' ({exc}); it is not "
                        "used.",
                        subject,
                    )
                )
                continue
        if not (math.isfinite(value) and value > 0):
            findings.append(
                Finding(
                    "ignored_material_property",
                    f"{subject}: material property {prop.name!r} = {value:g} is not greater "
                    "than 0; it is not used.",
                    subject,
                    {prop.name: value} if math.isfinite(value) else {},
                )
            )
            continue
        found.setdefault(key, (value, prop.name))
    return found, findings


def _choose(
    subject: str, what: str, unit: str, candidates: list[_Candidate]
) -> tuple[float | None, list[Finding]]:
    """Take the first candidate; report the others that differ from it by more than 2 %."""
    if not candidates:
        return None, []
    chosen = candidates[0]
    differing = [
        c
        for c in candidates[1:]
        if abs(c.value - chosen.value) > CONVERSION_TOLERANCE * abs(chosen.value)
    ]
    if not differing:
        return chosen.value, []
    others = "; ".join(f"{c.label} gives {c.value:.6g}" for c in differing)
    finding = Finding(
        "conflicting_conversion",
        f"{subject}: {what} is {chosen.value:.6g} {unit} from {chosen.label}, but {others} "
        f"(more than {CONVERSION_TOLERANCE:.0%} apart); {chosen.label} is used.",
        subject,
        {c.label: c.value for c in candidates},
    )
    return chosen.value, [finding]


_MATCHING_PROPERTY: Final = {
    _AREA: ("area_mass", "kg/m^2"),
    _VOLUME: ("density", "kg/m^3"),
    _LENGTH: ("linear_mass", "kg/m"),
    _ITEMS: ("mass_per_piece", "kg/piece"),
}
"""Declared-unit kind -> the property that is its mass per unit, and that property's unit."""


def _in(quantity: Quantity, unit: str) -> float:
    return float(quantity.to(parse_unit(unit)).magnitude)


@attrs.define
class _Conversions:
    """The working state of :func:`conversion_properties`."""

    materials: dict[str, tuple[float, str]]
    quantities: _FlowQuantities
    declared_unit: Quantity
    subject: str
    findings: list[Finding]
    properties: dict[str, Quantity] = attrs.field(factory=dict)

    @property
    def du_kind(self) -> str | None:
        return _kind_of(self.declared_unit.units)

    @property
    def du_text(self) -> str:
        return format_unit(self.declared_unit.units)

    @property
    def per_du_unit(self) -> str:
        return f"kg/{self.du_text}"

    def check_mass_factor(self) -> None:
        """For a declared unit that is a mass, 'conversion factor to 1 kg' must be 1."""
        if "to_1_kg" not in self.materials:
            return
        factor, label = self.materials["to_1_kg"]
        du = self.declared_unit
        expected = _in(du, "kg") / float(du.magnitude)
        if abs(factor - expected) > CONVERSION_TOLERANCE * expected:
            self.findings.append(
                Finding(
                    "conflicting_conversion",
                    f"{self.subject}: {label!r} is {factor:g}, but the declared unit is a mass "
                    f"({self.du_text}), for which it must be {expected:g}; it is not used.",
                    self.subject,
                    {label: factor},
                )
            )

    def mass_per_declared_unit(self) -> float | None:
        """Choose the mass per unit of the declared unit [kg per declared-unit unit]."""
        reg = registry()
        candidates: list[_Candidate] = []
        matching = _MATCHING_PROPERTY.get(self.du_kind or "")
        if matching is not None and matching[0] in self.materials:
            value, label = self.materials[matching[0]]
            own = reg.Quantity(value, parse_unit(matching[1]))
            candidates.append(_Candidate(f"{label!r}", _in(own, self.per_du_unit)))
        flow_mass = self.quantities.kinds.get(_MASS)
        if flow_mass is not None:
            ratio = flow_mass / self.quantities.reference
            candidates.append(_Candidate("the flow property mass", _in(ratio, self.per_du_unit)))
        if "mass_per_du" in self.materials:
            value, label = self.materials["mass_per_du"]
            per_unit = value / float(self.declared_unit.magnitude)
            candidates.append(_Candidate(f"{label!r}", per_unit))
        chosen, findings = _choose(
            self.subject, f"the mass per {self.du_text}", self.per_du_unit, candidates
        )
        self.findings.extend(findings)
        if "to_1_kg" not in self.materials:
            return chosen
        factor, label = self.materials["to_1_kg"]
        by_rule = 1.0 / factor  # InData: mass = declared amount / factor
        if chosen is None:
            return by_rule
        if abs(by_rule - chosen) > CONVERSION_TOLERANCE * chosen:
            inverse = abs(factor - chosen) <= CONVERSION_TOLERANCE * chosen
            reason = (
                "it is written as the inverse of the InData rule (mass = declared amount / factor)"
                if inverse
                else "it agrees with no other source"
            )
            self.findings.append(
                Finding(
                    "conflicting_conversion",
                    f"{self.subject}: {label!r} is {factor:g}, which by the InData rule means "
                    f"{by_rule:.6g} {self.per_du_unit}, but the mass per {self.du_text} is "
                    f"{chosen:.6g} {self.per_du_unit}; {reason}, so it is not used.",
                    self.subject,
                    {label: factor, "mass per declared unit": chosen},
                )
            )
        return chosen

    def derived(self, flow_mass: Quantity | None, mass_per_du: float | None) -> None:
        """Grammage, density, linear mass and mass per piece: material property, then flow."""
        reg = registry()
        kinds = self.quantities.kinds
        for kind, (key, unit) in _MATCHING_PROPERTY.items():
            if self.du_kind == kind and mass_per_du is not None:
                own = reg.Quantity(mass_per_du, parse_unit(self.per_du_unit))
                self.properties[key] = reg.Quantity(_in(own, unit), parse_unit(unit))
                continue
            candidates: list[_Candidate] = []
            if key in self.materials:  # weight per piece is written in kg: per piece here
                value, label = self.materials[key]
                candidates.append(_Candidate(f"{label!r}", value))
            if key == "density" and "bulk_density" in self.materials:
                value, label = self.materials["bulk_density"]
                candidates.append(_Candidate(f"{label!r}", value))
            if flow_mass is not None and kind in kinds:
                label = f"the flow properties mass and {kind}"
                candidates.append(_Candidate(label, _in(flow_mass / kinds[kind], unit)))
            chosen, findings = _choose(self.subject, key.replace("_", " "), unit, candidates)
            self.findings.extend(findings)
            if chosen is not None:
                self.properties[key] = reg.Quantity(chosen, parse_unit(unit))
        if "thickness" in self.materials:
            thickness = self.materials["thickness"][0]
            self.properties["thickness"] = reg.Quantity(thickness, parse_unit("m"))

    def check_layer(self) -> None:
        """Grammage against gross density x layer thickness; keep the grammage if they differ.

        For a declared unit that is a volume the gross density is the declared unit's own
        mass, so there the grammage is dropped instead.
        """
        if not {"area_mass", "density", "thickness"} <= self.properties.keys():
            return
        area_mass = float(self.properties["area_mass"].magnitude)
        density = float(self.properties["density"].magnitude)
        thickness = float(self.properties["thickness"].magnitude)
        layer = density * thickness
        if abs(layer - area_mass) <= CONVERSION_TOLERANCE * area_mass:
            return
        dropped = "area_mass" if self.du_kind == _VOLUME else "density"
        kept = "the gross density" if dropped == "area_mass" else "the grammage"
        self.findings.append(
            Finding(
                "conflicting_conversion",
                f"{self.subject}: density {density:g} kg/m³ x thickness {thickness:g} m = "
                f"{layer:.6g} kg/m², but the grammage is {area_mass:g} kg/m² "
                f"({abs(layer - area_mass) / area_mass:.1%} apart); {kept} is used and the "
                f"{dropped.replace('_', ' ')} is not used for conversions.",
                self.subject,
                {"density": density, "thickness": thickness, "area_mass": area_mass},
            )
        )
        del self.properties[dropped]


def conversion_properties(
    flow: RawFlow,
    quantities: _FlowQuantities,
    declared_unit: Quantity,
    source: str,
    subject: str,
) -> tuple[dict[str, Quantity], list[Finding]]:
    """Derive the product's conversion properties and report conflicts between sources.

    Sources, in order of preference: for the mass per declared unit, the material property
    that matches the declared unit (grammage for m², gross density for m³, linear density for
    m, weight per piece for pieces), the flow property mass, the non-standard
    ``conversion factor [mass/declared unit]``, and last ``conversion factor to 1 kg`` (InData
    rule). For the other properties: the material property, then the ratio of flow
    properties. Sources more than 2 % apart are reported, naming the one used.
    """
    materials, findings = _material(flow.materials, source, subject)
    work = _Conversions(materials, quantities, declared_unit, subject, findings)
    flow_mass = quantities.kinds.get(_MASS)
    mass_per_du: float | None = None
    if work.du_kind == _MASS:
        work.check_mass_factor()
    else:
        mass_per_du = work.mass_per_declared_unit()
        if mass_per_du is not None:
            per_unit = registry().Quantity(mass_per_du, parse_unit(work.per_du_unit))
            work.properties["mass_per_declared_unit"] = per_unit
            if flow_mass is None:
                flow_mass = per_unit * quantities.reference
    work.derived(flow_mass, mass_per_du)
    work.check_layer()
    return work.properties, work.findings


# -- results ------------------------------------------------------------------------------------
@attrs.frozen
class _Value:
    value: float | None
    rounding: float
    where: str


_Key = tuple[str, str | None]  # (module set text, scenario name or None)


def _unit_factor(result: RawResult, indicator: str, source: str) -> float:
    """Return the factor from the result's unit to the indicator's canonical unit."""
    canonical = get_indicator(indicator).unit
    official = frozenset({_GWP_UNIT_GROUP})
    if result.unit is None:
        if result.unit_group is None or result.unit_group in official:
            return 1.0
        problem = f"has no unit and an unknown unit group; the unit of {indicator} is {canonical}"
        raise _fail(source, result.where, problem)
    try:
        unit = parse_unit(result.unit, field="unit")
        return float(registry().Quantity(1.0, unit).to(parse_unit(canonical)).magnitude)
    except (ClimateLimitsError, pint.PintError, ArithmeticError, ValueError, TypeError) as exc:
        if result.unit_group in official:
            return 1.0  # the official unit group, whatever its label says
        problem = (
            f"the unit of {indicator} must be a unit of {canonical}; got {result.unit!r} ({exc})"
        )
        raise _fail(source, result.where, problem) from exc


def read_results(
    dataset: RawDataset, subject: str
) -> tuple[dict[str, dict[_Key, _Value]], set[str], list[Finding]]:
    """Read the GWP results: indicator -> (modules, scenario) -> value; plus the UUIDs seen."""
    source = dataset.source
    values: dict[str, dict[_Key, _Value]] = {}
    uuids: set[str] = set()
    findings: list[Finding] = []
    for result in dataset.results:
        indicator = GWP_INDICATORS.get(result.uuid)
        if indicator is None:
            label = result.label.lower()
            if "gwp" in label or "global warming" in label or "erwärmung" in label:
                findings.append(
                    Finding(
                        "unknown_gwp_indicator",
                        f"{subject}: the indicator {result.label!r} ({result.uuid}) looks like "
                        "a global-warming indicator but its UUID is in none of the ILCD+EPD "
                        "identifier tables; it is not imported.",
                        subject,
                    )
                )
            continue
        if indicator in values:
            findings.append(
                Finding(
                    "duplicate_indicator",
                    f"{subject}: {indicator} is declared twice ({result.label!r} at "
                    f"{result.where}); the first declaration is used.",
                    subject,
                )
            )
            continue
        uuids.add(result.uuid)
        factor = _unit_factor(result, indicator, source)
        table: dict[_Key, _Value] = {}
        for raw in result.amounts:
            if not raw.module:
                raise _fail(source, raw.where, "the module of a value is missing")
            try:
                modules = str(ModuleSet.parse(raw.module))
            except ClimateLimitsError as exc:
                problem = (
                    f"the module must be an EN 15978 module such as 'A1-A3'; got {raw.module!r}"
                )
                raise _fail(source, raw.where, problem) from exc
            parsed = amount(raw.value, raw.where, source)
            value = _Value(
                None if parsed is None else parsed[0] * factor,
                0.0 if parsed is None else parsed[1] * abs(factor),
                raw.where,
            )
            key = (modules, raw.scenario or None)
            previous = table.get(key)
            if previous is not None and previous.value != value.value:
                scenario = f" in scenario {raw.scenario!r}" if raw.scenario else ""
                problem = (
                    f"{indicator} {modules}{scenario} is declared twice with different values "
                    f"({previous.value!r} at {previous.where} and {value.value!r})"
                )
                raise _fail(source, raw.where, problem)
            table[key] = value
        values[indicator] = table
    return values, uuids, findings


def gwp_identity(values: Mapping[str, Mapping[_Key, _Value]], subject: str) -> list[Finding]:
    """Report modules where GWP-total != fossil + biogenic + luluc beyond rounding."""
    names = ("gwp_total", "gwp_fossil", "gwp_biogenic", "gwp_luluc")
    if not all(n in values for n in names):
        return []
    off: dict[str, float] = {}
    texts: list[str] = []
    for key, total in values["gwp_total"].items():
        parts = [values[n].get(key) for n in names[1:]]
        if total.value is None or any(p is None or p.value is None for p in parts):
            continue
        numbers = [p.value for p in parts if p is not None and p.value is not None]
        part_sum = safe_fsum(numbers)
        bound = total.rounding + sum(p.rounding for p in parts if p is not None)
        bound += GWP_IDENTITY_TOLERANCE * max(abs(total.value), abs(part_sum))
        if abs(total.value - part_sum) <= bound:
            continue
        label = key[0] if key[1] is None else f"{key[0]} ({key[1]})"
        off[f"{label} gwp_total"] = total.value
        off[f"{label} fossil+biogenic+luluc"] = part_sum
        gap = abs(total.value - part_sum) / max(abs(part_sum), 1e-300)
        texts.append(f"{label}: {total.value:.6g} vs {part_sum:.6g} ({gap:.2%})")
    if not texts:
        return []
    return [
        Finding(
            "gwp_identity",
            f"{subject}: GWP-total differs from GWP-fossil + GWP-biogenic + GWP-luluc by more "
            f"than the rounding of the declared numbers in {len(texts)} module(s): "
            + "; ".join(texts)
            + ". The declared GWP-total is used.",
            subject,
            off,
        )
    ]


# -- scenarios --------------------------------------------------------------------------------
_Entries = dict[str | ModuleSet, float | NotDeclared | None]


@attrs.define
class _ScenarioSplit:
    """The working state of :func:`build_impacts`."""

    values: Mapping[str, Mapping[_Key, _Value]]
    declared: dict[str, RawScenario]
    source: str
    subject: str
    findings: list[Finding] = attrs.field(factory=list)
    modules_of: dict[str, ModuleSet] = attrs.field(factory=dict)
    defaults: list[str] = attrs.field(factory=list)

    def find_scenarios(self) -> None:
        """Collect every scenario with GWP values and the modules it covers."""
        names = list(self.declared)
        for table in self.values.values():
            for _, scenario in table:
                if scenario is None or scenario in names:
                    continue
                names.append(scenario)
                self.findings.append(
                    Finding(
                        "undeclared_scenario",
                        f"{self.subject}: values are given for scenario {scenario!r}, which "
                        "the data set does not declare; it is taken as not the default.",
                        self.subject,
                    )
                )
        for name in names:
            mask = ModuleSet.empty()
            for table in self.values.values():
                for modules, scenario in table:
                    if scenario == name:
                        mask = mask | ModuleSet.parse(modules)
            if mask:
                self.modules_of[name] = mask
        # A default must be unique per module; overlapping defaults are no default at all.
        marked = [n for n in self.modules_of if n in self.declared and self.declared[n].default]
        clashing = {
            a
            for a in marked
            for b in marked
            if a != b and not self.modules_of[a].isdisjoint(self.modules_of[b])
        }
        if clashing:
            self.findings.append(
                Finding(
                    "no_default_scenario",
                    f"{self.subject}: scenarios {', '.join(sorted(clashing))} are all marked "
                    "default for the same modules; none of them is taken as the default.",
                    self.subject,
                )
            )
        self.defaults = [n for n in marked if n not in clashing]

    def entries(self, indicator: str, undecided: dict[str, list[str]]) -> _Entries:
        """Return the product's entries of one indicator: plain values, default scenarios."""
        default_mask = ModuleSet.empty().union(*(self.modules_of[n] for n in self.defaults))
        entries: _Entries = {}
        alternatives: dict[str, dict[str, float | None]] = {}
        for (modules, scenario), value in self.values[indicator].items():
            module_set = ModuleSet.parse(modules)
            if scenario in self.defaults:
                entries[modules] = value.value
            elif scenario is not None:
                if module_set.isdisjoint(default_mask):
                    alternatives.setdefault(modules, {})[scenario] = value.value
            elif module_set.isdisjoint(default_mask):
                entries[modules] = value.value
            elif module_set <= default_mask:
                self.findings.append(
                    Finding(
                        "scenario_overrides_value",
                        f"{self.subject}: {indicator} {modules} is given both without a "
                        "scenario and by a default scenario; the default scenario's value is "
                        "used.",
                        self.subject,
                    )
                )
            else:
                problem = (
                    f"{indicator} {modules} straddles the modules of the default scenarios "
                    f"({default_mask}) and cannot be split"
                )
                raise _fail(self.source, value.where, problem)
        for modules, by_scenario in alternatives.items():
            if modules in entries:
                continue
            distinct = set(by_scenario.values())
            if len(distinct) == 1 and None not in distinct:
                entries[modules] = distinct.pop()
                continue
            entries[modules] = NOT_DECLARED
            shown = ", ".join(
                f"{name} {'not declared' if v is None else f'{v:g}'}"
                for name, v in by_scenario.items()
            )
            undecided.setdefault(modules, []).append(f"{indicator} ({shown})")
        return entries

    def scenarios(self) -> tuple[Scenario, ...]:
        """Return every scenario with its own values."""
        found: list[Scenario] = []
        for name, modules in self.modules_of.items():
            impacts: dict[str, IndicatorResults] = {}
            for indicator, table in self.values.items():
                own: _Entries = {m: v.value for (m, s), v in table.items() if s == name}
                if own:
                    impacts[indicator] = _results(indicator, own, self.source, self.subject)
            raw = self.declared.get(name)
            found.append(
                Scenario(
                    id=name,
                    name=(raw.description or name) if raw is not None else name,
                    modules=modules,
                    default=name in self.defaults,
                    impacts=impacts,
                )
            )
        return tuple(found)


def build_impacts(
    values: Mapping[str, Mapping[_Key, _Value]],
    declared: tuple[RawScenario, ...],
    source: str,
    subject: str,
) -> tuple[dict[str, IndicatorResults], tuple[Scenario, ...], list[Finding]]:
    """Split values into the product's (default) impacts and its scenarios.

    A module given per scenario takes the value of the default scenario. Without a default,
    scenarios that agree give their common value; scenarios that disagree leave the module
    not declared, with a ``no_default_scenario`` finding. A1, A2 and A3 are merged into
    A1-A3 by :func:`~climatelimits.products.combine_product_stage`.
    """
    split = _ScenarioSplit(values, {s.name: s for s in declared}, source, subject)
    split.find_scenarios()
    undecided: dict[str, list[str]] = {}
    impacts: dict[str, IndicatorResults] = {}
    for indicator in values:
        entries = split.entries(indicator, undecided)
        try:
            merged, stage_findings = combine_product_stage(
                entries, subject=subject, indicator=indicator
            )
        except InvalidInputError as exc:  # A1 + A2 + A3 beyond the largest float
            raise DataFormatError(source, [str(exc)]) from exc
        split.findings.extend(stage_findings)
        impacts[indicator] = _results(indicator, merged, source, subject)
    if undecided:
        listed = "; ".join(f"{m}: {', '.join(v)}" for m, v in undecided.items())
        split.findings.append(
            Finding(
                "no_default_scenario",
                f"{subject}: no scenario is marked default for {', '.join(undecided)}, and the "
                f"scenarios disagree ({listed}); these modules are not declared until a "
                "scenario is chosen with Product.with_scenario.",
                subject,
            )
        )
    return impacts, split.scenarios(), split.findings


def _results(
    indicator: str,
    entries: Mapping[str | ModuleSet, float | NotDeclared | None]
    | Mapping[str, float | NotDeclared],
    source: str,
    subject: str,
) -> IndicatorResults:
    cleaned = {k: (NOT_DECLARED if v is None else v) for k, v in entries.items()}
    try:
        unit = get_indicator(indicator).unit
        return IndicatorResults.from_mapping(indicator, cleaned, unit=unit)
    except ClimateLimitsError as exc:
        problem = f"the {indicator} values of {subject} cannot be used: {exc}"
        raise DataFormatError(source, [problem]) from exc


# -- the product --------------------------------------------------------------------------------
def _mass_per_declared_unit_kg(
    product_du: Quantity, properties: Mapping[str, Quantity]
) -> float | None:
    kg = parse_unit("kg")
    if product_du.dimensionality == kg.dimensionality:
        return float(product_du.to(kg).magnitude)
    mass = properties.get("mass_per_declared_unit")
    if mass is None:
        return None
    return float((mass * product_du).to(kg).magnitude)


def plausibility(
    impacts: Mapping[str, IndicatorResults], kg_per_du: float | None, subject: str
) -> list[Finding]:
    """Report A1-A3 GWP per kg outside :data:`PLAUSIBLE_GWP_PER_KG`."""
    if kg_per_du is None or not kg_per_du > 0:
        return []
    low, high = PLAUSIBLE_GWP_PER_KG
    findings: list[Finding] = []
    for indicator in ("gwp_total", "gwp", "gwp_fossil", "gwp_ghg"):
        results = impacts.get(indicator)
        if results is None:
            continue
        total = results.total("A1-A3").value
        if total is None:
            continue
        per_kg = float(total.magnitude) / kg_per_du
        if low <= per_kg <= high:
            continue
        findings.append(
            Finding(
                "implausible_value",
                f"{subject}: {indicator} A1-A3 is {float(total.magnitude):g} kg CO2e per "
                f"declared unit ({kg_per_du:g} kg), i.e. {per_kg:.6g} kg CO2e/kg, outside the "
                f"plausible range {low:g} to {high:g} kg CO2e/kg of construction products; "
                "check the declared unit.",
                subject,
                {
                    "value": float(total.magnitude),
                    "kg_per_declared_unit": kg_per_du,
                    "per_kg": per_kg,
                },
            )
        )
    return findings


def _valid_until(dataset: RawDataset) -> dt.date | None:
    if dataset.expiration is not None:
        return dataset.expiration
    if dataset.valid_until_year is None:
        return None
    year = number(
        dataset.valid_until_year, dataset.valid_until_where, dataset.source, what="a year"
    )
    if not (year.is_integer() and 1900 <= year <= 9999):
        problem = f"must be a year such as 2028; got {dataset.valid_until_year!r}"
        raise _fail(dataset.source, dataset.valid_until_where, problem)
    return dt.date(int(year), 12, 31)


def build_product(dataset: RawDataset, flow_quantities_: _FlowQuantities | None = None) -> Product:
    """Build the product of an ILCD+EPD process data set.

    Raises
    ------
    DataFormatError
        For structural problems, naming the file and the path.
    """
    source = dataset.source
    if not dataset.uuid:
        raise _fail(source, "processInformation/dataSetInformation/UUID", "missing")
    subject = dataset.uuid
    findings: list[Finding] = list(dataset.findings)
    reference_amount = number(dataset.reference_amount, dataset.reference_where, source)
    if not reference_amount > 0:
        raise _fail(
            source, dataset.reference_where, f"must be greater than 0; got {reference_amount!r}"
        )
    quantities = flow_quantities_ or flow_quantities(dataset.flow, source)
    for prop in quantities.ignored:
        findings.append(
            Finding(
                "ignored_flow_property",
                f"{subject}: flow property {prop.name or prop.uuid!r} ({prop.uuid}) is not a "
                "mass, volume, area, length or item count known by UUID; it is not used.",
                subject,
            )
        )
    declared_unit: Quantity = reference_amount * quantities.reference
    if declared_unit.magnitude != 1:
        findings.append(
            Finding(
                "declared_unit_not_one",
                f"{subject}: the results are per {declared_unit.magnitude:g} "
                f"{format_unit(declared_unit.units)} (reference exchange amount "
                f"{reference_amount:g} x {quantities.reference.magnitude:g} "
                f"{format_unit(quantities.reference.units)} of the reference flow), not per 1 "
                f"{format_unit(declared_unit.units)}; divide by {declared_unit.magnitude:g} for "
                "values per unit.",
                subject,
                {"declared_amount": float(declared_unit.magnitude)},
            )
        )
    properties, property_findings = conversion_properties(
        dataset.flow, quantities, declared_unit, source, subject
    )
    findings.extend(property_findings)
    values, uuids, result_findings = read_results(dataset, subject)
    findings.extend(result_findings)
    if not uuids:
        findings.append(
            Finding(
                "no_gwp_results",
                f"{subject}: the data set declares no global-warming indicator known by UUID.",
                subject,
            )
        )
    findings.extend(gwp_identity(values, subject))
    impacts, scenarios, scenario_findings = build_impacts(
        values, dataset.scenarios, source, subject
    )
    findings.extend(scenario_findings)
    findings.extend(
        plausibility(impacts, _mass_per_declared_unit_kg(declared_unit, properties), subject)
    )
    standard = None
    if uuids & _A1_UUIDS:
        standard = Standard.EN15804_A1
    if any(GWP_INDICATORS[u] in _A2_INDICATORS for u in uuids):
        standard = Standard.EN15804_A2
    valid_from = dataset.publication
    valid_until = _valid_until(dataset)
    if valid_from is not None and valid_until is not None and valid_until < valid_from:
        findings.append(
            Finding(
                "validity_inconsistent",
                f"{subject}: the data set is valid until {valid_until.isoformat()}, before its "
                f"publication on {valid_from.isoformat()}; the end of validity is not used.",
                subject,
            )
        )
        valid_until = None
    service_life = None
    if dataset.service_life is not None:
        years = number(dataset.service_life, dataset.service_life_where, source, what="years")
        if years > 0:
            service_life = registry().Quantity(years, parse_unit("year"))
    try:
        return Product(
            id=subject,
            name=dataset.name or subject,
            declared_unit=declared_unit,
            impacts=impacts,
            properties=properties,
            scenarios=scenarios,
            data_type=_SUB_TYPES.get(dataset.sub_type.strip().lower()),
            standard=standard,
            valid_from=valid_from,
            valid_until=valid_until,
            reference_service_life=service_life,
            source=source,
            findings=tuple(findings),
        )
    except ClimateLimitsError as exc:
        raise DataFormatError(
            source, [f"the data set cannot be read as a product: {exc}"]
        ) from exc


def product_flow_products(
    base: Product, flows: Iterable[tuple[RawFlow, _FlowQuantities]]
) -> tuple[Product, ...]:
    """Return one product per product flow (``epd:isA`` the generic flow), per piece.

    One piece of a product flow is the amount of its reference flow property (a 300 mm
    radiator is 18.3 kg); its impacts are the generic data set's impacts scaled to that
    amount.

    Raises
    ------
    DataFormatError
        If a product flow's reference quantity cannot be expressed in the declared unit.
    """
    reg = registry()
    piece = parse_unit("piece")
    products: list[Product] = []
    for flow, quantities in flows:
        amount_ = quantities.reference
        try:
            factor = float((amount_ / base.declared_unit).to("dimensionless").magnitude)
        except (ClimateLimitsError, pint.PintError, ArithmeticError, ValueError, TypeError) as exc:
            problem = (
                f"product flow {flow.name or flow.uuid!r}: its reference amount "
                f"{amount_.magnitude:g} {format_unit(amount_.units)} cannot be expressed in the "
                f"declared unit {base.declared_unit_text} of {base.id}"
            )
            raise DataFormatError(flow.source, [problem]) from exc
        properties: dict[str, Quantity] = {}
        kg_per_du = _mass_per_declared_unit_kg(base.declared_unit, base.properties)
        if kg_per_du is not None:
            mass = kg_per_du * factor
            properties["mass_per_declared_unit"] = reg.Quantity(mass, parse_unit("kg") / piece)
            properties["mass_per_piece"] = reg.Quantity(mass, parse_unit("kg") / piece)
        if "density" in base.properties:
            properties["density"] = base.properties["density"]
        note = Finding(
            "product_flow_scaled",
            f"{flow.uuid}: one piece of {flow.name!r} is {amount_.magnitude:g} "
            f"{format_unit(amount_.units)}; its values are those of {base.name!r} "
            f"({base.id}, per {base.declared_unit_text}) times {factor:g}.",
            flow.uuid,
            {"factor": factor},
        )
        inherited = tuple(f for f in base.findings if f.code != "declared_unit_not_one")
        try:
            products.append(
                Product(
                    id=flow.uuid,
                    name=flow.name or flow.uuid,
                    declared_unit=reg.Quantity(1.0, piece),
                    impacts={k: v.scaled(factor) for k, v in base.impacts.items()},
                    properties=properties,
                    scenarios=tuple(
                        attrs.evolve(
                            s, impacts={k: v.scaled(factor) for k, v in s.impacts.items()}
                        )
                        for s in base.scenarios
                    ),
                    data_type=base.data_type,
                    standard=base.standard,
                    valid_from=base.valid_from,
                    valid_until=base.valid_until,
                    reference_service_life=base.reference_service_life,
                    source=f"{base.source} (product flow {flow.source})",
                    findings=(*inherited, note),
                )
            )
        except ClimateLimitsError as exc:
            raise DataFormatError(
                flow.source, [f"the product flow cannot be read: {exc}"]
            ) from exc
    return tuple(products)
