"""Bills of quantities: how much of which product a building uses, and how it gets there.

A :class:`BillOfQuantities` is a list of :class:`BillLine` objects. Each line names a product
(by :attr:`climatelimits.products.Product.id`), the quantity used in any unit that the
product's declared unit can be reached from (see
:func:`climatelimits.products.conversion_factor_to_declared_unit`), the building element and
classification it belongs to, and optionally a service life overriding the product's, the
transport legs to the site (module A4) and a waste factor (module A5).

Examples
--------
>>> line = BillLine("wall-1", "concrete", "23.6 m^3", waste_factor=1.03)
>>> bill = BillOfQuantities("k3", (line,))
>>> bill.lines[0].quantity
<Quantity(23.6, 'meter ** 3')>
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

import attrs

from climatelimits._frozen import FrozenMap
from climatelimits._validators import (
    instance_of,
    non_empty_text,
    non_negative,
    non_negative_quantity,
    positive_duration,
    to_property_map,
    to_tuple,
)
from climatelimits.exceptions import InvalidInputError
from climatelimits.indicators import get_indicator
from climatelimits.lifecycle import ModuleSet
from climatelimits.products import CONVERSION_PROPERTIES
from climatelimits.units import Quantity, as_quantity

__all__ = ["DISTANCE_UNIT", "BillLine", "BillOfQuantities", "Transport"]

DISTANCE_UNIT: Final = "km"
"""Unit transport distances are stored in."""
_TONNE_KM: Final = "t * km"


def _to_distance(value: Any) -> Quantity:
    return non_negative_quantity(value, DISTANCE_UNIT, "distance")


def _to_factor(value: Any) -> Any:
    return as_quantity(value, field="factor")


@attrs.frozen
class Transport:
    """One transport leg to the building site (module A4).

    A4 of the leg = mass [t] * ``distance`` [km] * ``factor`` [indicator unit/(t·km)].

    Attributes
    ----------
    distance : Quantity
        Distance [km], 0 or more.
    mode : str
        Means of transport, e.g. ``"truck"``, ``"ship"``, ``"rail"``.
    factor : Quantity
        Emission per tonne-kilometre [kg CO2e/(t·km)] (for ``mki``: EUR/(t·km)), 0 or more.
    indicator : str
        The indicator the factor is for (default ``"gwp_total"``); A4 from transport is
        computed for this indicator only.

    Examples
    --------
    >>> leg = Transport("120 km", "truck", "0.08 kg CO2e/(t*km)")
    >>> leg.distance, leg.factor.units
    (<Quantity(120.0, 'kilometer')>, <Unit('kilogram * CO2e / metric_ton / kilometer')>)
    """

    distance: Quantity = attrs.field(converter=_to_distance)
    mode: str = attrs.field(validator=non_empty_text)
    factor: Quantity = attrs.field(converter=_to_factor)
    indicator: str = attrs.field(default="gwp_total", validator=instance_of(str))

    def __attrs_post_init__(self) -> None:
        get_indicator(self.indicator)
        unit = f"({get_indicator(self.indicator).unit}) / ({_TONNE_KM})"
        object.__setattr__(self, "factor", non_negative_quantity(self.factor, unit, "factor"))

    @property
    def factor_per_tonne_km(self) -> float:
        """The factor in the indicator's canonical unit per t·km."""
        return float(self.factor.magnitude)


def _to_transport(value: Any) -> tuple[Transport, ...]:
    return to_tuple(value, Transport, "transport")


def _to_quantity(value: Any) -> Quantity:
    return non_negative(as_quantity(value, field="quantity"), "quantity")


def _to_service_life(value: Any) -> Quantity | None:
    return None if value is None else positive_duration(value, "service_life")


def _to_waste_factor(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"must be a number of at least 1 (1.05 = 5 % waste); got {value!r}"
        raise InvalidInputError(msg, field="waste_factor")
    number = float(value)
    if not math.isfinite(number) or number < 1.0:
        msg = f"must be a finite number of at least 1 (1.05 = 5 % waste); got {value!r}"
        raise InvalidInputError(msg, field="waste_factor")
    return number


def _to_scenario_choice(value: Any) -> FrozenMap[str, str]:
    if not isinstance(value, Mapping):
        msg = f"must be a mapping of modules -> scenario id; got {value!r}"
        raise InvalidInputError(msg, field="scenario")
    out: dict[str, str] = {}
    for key, scenario_id in value.items():
        modules = ModuleSet.parse(key)
        if not modules:
            msg = f"keys must name modules, e.g. 'A4'; got {key!r}"
            raise InvalidInputError(msg, field="scenario")
        if not isinstance(scenario_id, str) or not scenario_id.strip():
            msg = f"must be a scenario id; got {scenario_id!r}"
            raise InvalidInputError(msg, field=f"scenario.{modules}")
        out[str(modules)] = scenario_id
    return FrozenMap(out)


def _to_line_properties(value: Any) -> FrozenMap[str, Quantity]:
    return to_property_map(value, "properties", CONVERSION_PROPERTIES)


@attrs.frozen
class BillLine:
    """One line of a bill of quantities.

    Attributes
    ----------
    id : str
        Identifier, unique within the bill.
    product : str
        Id of the :class:`~climatelimits.products.Product` used.
    quantity : Quantity
        Amount used, 0 or more, in any unit the product's declared unit can be reached from
        (``m^3``, ``t``, ``m^2``, ``piece``...).
    element : str
        Building element, e.g. ``"external wall"``.
    classification : str
        Classification code, e.g. a BSAB, SfB or CCS code.
    service_life : Quantity or None
        Service life [year] overriding the product's reference service life.
    transport : tuple of Transport
        Transport legs to the site (A4).
    waste_factor : float or None
        Amount bought per amount built in, at least 1 (Boverket: 1.05 = 5 % waste), for A5.
    scenario : Mapping[str, str]
        Modules (canonical text, e.g. ``"C3-C4"``) -> id of the product scenario to use
        for them instead of the default.
    properties : Mapping[str, Quantity]
        Conversion properties of this use of the product, added to (or replacing) the
        product's own, e.g. ``area_mass = 0.5 kg/m²`` for a coating applied at that rate;
        keys from :data:`climatelimits.products.CONVERSION_PROPERTIES`.
    """

    id: str = attrs.field(validator=non_empty_text)
    product: str = attrs.field(validator=non_empty_text)
    quantity: Quantity = attrs.field(converter=_to_quantity)
    element: str = attrs.field(default="", validator=instance_of(str))
    classification: str = attrs.field(default="", validator=instance_of(str))
    service_life: Quantity | None = attrs.field(default=None, converter=_to_service_life)
    transport: tuple[Transport, ...] = attrs.field(default=(), converter=_to_transport)
    waste_factor: float | None = attrs.field(default=None, converter=_to_waste_factor)
    scenario: FrozenMap[str, str] = attrs.field(factory=FrozenMap, converter=_to_scenario_choice)
    properties: FrozenMap[str, Quantity] = attrs.field(
        factory=FrozenMap, converter=_to_line_properties
    )


def _to_lines(value: Any) -> tuple[BillLine, ...]:
    return to_tuple(value, BillLine, "lines")


@attrs.frozen
class BillOfQuantities:
    """A bill of quantities: the products a building uses.

    Attributes
    ----------
    id : str
        Identifier.
    lines : tuple of BillLine
        The lines; their ids are unique.
    name : str
        Readable name.
    """

    id: str = attrs.field(validator=non_empty_text)
    lines: tuple[BillLine, ...] = attrs.field(converter=_to_lines)
    name: str = attrs.field(default="", validator=instance_of(str))

    @lines.validator
    def _check_unique(self, attribute: Any, value: tuple[BillLine, ...]) -> None:
        seen: dict[str, int] = {}
        for index, line in enumerate(value):
            if line.id in seen:
                msg = (
                    f"must be unique in the bill; got {line.id!r}, "
                    f"already used by lines[{seen[line.id]}]"
                )
                raise InvalidInputError(msg, field=f"lines[{index}].id")
            seen[line.id] = index

    @property
    def product_ids(self) -> tuple[str, ...]:
        """The distinct product ids the lines use, in order of first use."""
        return tuple(dict.fromkeys(line.product for line in self.lines))
