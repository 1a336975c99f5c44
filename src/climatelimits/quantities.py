"""Bills of quantities: how much of which product a building uses, and how it gets there.

A :class:`BillOfQuantities` is a list of :class:`BillLine` objects. Each line names a product
(by :attr:`climatelimits.products.Product.id`), the quantity used in any unit that the
product's declared unit can be reached from (see
:func:`climatelimits.products.conversion_factor_to_declared_unit`), the building element and
classification it belongs to, and optionally a service life overriding the product's, the
transport legs to the site (module A4) and a waste factor (module A5).

A bill holds its lines as columns (:class:`BillColumns`: numpy arrays, a product index and
unit codes), so that a bill of a million lines is a few arrays, not a million objects;
``bill.lines`` gives :class:`BillLine` views of them for per-line use, and the readers and
:func:`climatelimits.calculate` work on :attr:`BillOfQuantities.columns` directly.

Examples
--------
>>> line = BillLine("wall-1", "concrete", "23.6 m^3", waste_factor=1.03)
>>> bill = BillOfQuantities("k3", (line,))
>>> bill.lines[0].quantity
<Quantity(23.6, 'meter ** 3')>
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, overload

import attrs
import numpy as np

from climatelimits._frozen import FrozenMap, PickledFrozen, read_only_array
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
from climatelimits.products import CONVERSION_PROPERTIES, _property_in_its_unit
from climatelimits.units import TIME_UNIT, Quantity, Unit, as_quantity, registry

__all__ = [
    "DISTANCE_UNIT",
    "BillColumns",
    "BillLine",
    "BillLines",
    "BillOfQuantities",
    "ColumnBuilder",
    "Transport",
]

Array = np.ndarray[Any, Any]

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


def to_waste_factor(value: Any) -> float | None:
    """Check a waste factor: None, or a finite number of at least 1."""
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
    properties = to_property_map(value, "properties", CONVERSION_PROPERTIES)
    for key, quantity in properties.items():
        if key != "mass_per_declared_unit":  # its unit depends on the product's declared unit
            _property_in_its_unit(key, quantity)
    return properties


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
    waste_factor: float | None = attrs.field(default=None, converter=to_waste_factor)
    scenario: FrozenMap[str, str] = attrs.field(factory=FrozenMap, converter=_to_scenario_choice)
    properties: FrozenMap[str, Quantity] = attrs.field(
        factory=FrozenMap, converter=_to_line_properties
    )


@attrs.frozen(eq=False)
class BillColumns(PickledFrozen):
    """The lines of a bill as columns: one entry per line, shared values stored once.

    Attributes
    ----------
    ids : tuple of str
        Line ids, unique.
    products : tuple of str
        The distinct product ids, in order of first use.
    product_index : ndarray of intp
        Each line's product, an index into ``products``.
    quantity : ndarray of float64
        Each line's amount, in its unit.
    units : tuple of Unit
        The distinct units of the quantities.
    unit_index : ndarray of intp
        Each line's unit, an index into ``units``.
    service_life : ndarray of float64
        Each line's own service life [year]; NaN where the line gives none.
    waste_factor : ndarray of float64
        Each line's waste factor; NaN where the line gives none.
    element, classification : tuple of str
        Each line's building element and classification code.
    legs : tuple of Transport
        The distinct transport legs.
    leg_line, leg_index : ndarray of intp
        One entry per use of a leg, in line order: the line, and the leg (index into
        ``legs``).
    scenario : Mapping[int, Mapping[str, str]]
        Scenario choices of the lines that make any, by line index.
    properties : Mapping[int, Mapping[str, Quantity]]
        Conversion properties of the lines that give any, by line index.
    """

    ids: tuple[str, ...]
    products: tuple[str, ...]
    product_index: Array
    quantity: Array
    units: tuple[Unit, ...]
    unit_index: Array
    service_life: Array
    waste_factor: Array
    element: tuple[str, ...]
    classification: tuple[str, ...]
    legs: tuple[Transport, ...] = ()
    leg_line: Array = attrs.field(factory=lambda: np.zeros(0, dtype=np.intp))
    leg_index: Array = attrs.field(factory=lambda: np.zeros(0, dtype=np.intp))
    scenario: FrozenMap[int, FrozenMap[str, str]] = attrs.field(factory=FrozenMap)
    properties: FrozenMap[int, FrozenMap[str, Quantity]] = attrs.field(factory=FrozenMap)

    def __len__(self) -> int:
        return len(self.ids)

    def line(self, index: int) -> BillLine:
        """Return line ``index`` as a :class:`BillLine` (built from the columns, unchecked)."""
        reg = registry()
        life = float(self.service_life[index])
        waste = float(self.waste_factor[index])
        start, stop = np.searchsorted(self.leg_line, [index, index + 1])
        values = {
            "id": self.ids[index],
            "product": self.products[int(self.product_index[index])],
            "quantity": reg.Quantity(
                float(self.quantity[index]), self.units[int(self.unit_index[index])]
            ),
            "element": self.element[index],
            "classification": self.classification[index],
            "service_life": None if math.isnan(life) else reg.Quantity(life, TIME_UNIT),
            "transport": tuple(self.legs[int(k)] for k in self.leg_index[start:stop]),
            "waste_factor": None if math.isnan(waste) else waste,
            "scenario": self.scenario.get(index, _NO_SCENARIO),
            "properties": self.properties.get(index, _NO_PROPERTIES),
        }
        line: BillLine = object.__new__(BillLine)
        for name, value in values.items():
            object.__setattr__(line, name, value)
        return line

    @classmethod
    def from_lines(cls, lines: Iterable[BillLine]) -> BillColumns:
        """Return the columns of checked :class:`BillLine` objects."""
        builder = ColumnBuilder()
        for line in lines:
            builder.add_line(line)
        return builder.columns()

    def same_lines(self, other: BillColumns) -> bool:
        """Whether both hold the same lines, in the same order."""
        if self is other:
            return True
        if self.ids != other.ids:
            return False
        mine = np.asarray(self.units, dtype=object)[self.unit_index]
        theirs = np.asarray(other.units, dtype=object)[other.unit_index]
        return bool(
            [self.products[i] for i in self.product_index]
            == [other.products[i] for i in other.product_index]
            and np.array_equal(self.quantity, other.quantity)
            and bool((mine == theirs).all())
            and np.array_equal(self.service_life, other.service_life, equal_nan=True)
            and np.array_equal(self.waste_factor, other.waste_factor, equal_nan=True)
            and self.element == other.element
            and self.classification == other.classification
            and np.array_equal(self.leg_line, other.leg_line)
            and [self.legs[i] for i in self.leg_index] == [other.legs[i] for i in other.leg_index]
            and self.scenario == other.scenario
            and self.properties == other.properties
        )


_NO_SCENARIO: Final[FrozenMap[str, str]] = FrozenMap()
_NO_PROPERTIES: Final[FrozenMap[str, Quantity]] = FrozenMap()


class ColumnBuilder:
    """Collects bill lines, from objects or from already checked values, into columns.

    Readers call :meth:`add` with values they have checked; every distinct product, unit
    and transport leg is stored once.
    """

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.product_index: list[int] = []
        self.quantity: list[float] = []
        self.unit_index: list[int] = []
        self.service_life: list[float] = []
        self.waste_factor: list[float] = []
        self.element: list[str] = []
        self.classification: list[str] = []
        self.leg_line: list[int] = []
        self.leg_index: list[int] = []
        self.scenario: dict[int, FrozenMap[str, str]] = {}
        self.properties: dict[int, FrozenMap[str, Quantity]] = {}
        self._products: dict[str, int] = {}
        self._units: dict[Unit, int] = {}
        self._legs: dict[int, tuple[Transport, int]] = {}

    def product(self, product_id: str) -> int:
        """Return the index of a product id, adding it if new."""
        index = self._products.get(product_id)
        if index is None:
            index = self._products[product_id] = len(self._products)
        return index

    def unit(self, unit: Unit) -> int:
        """Return the code of a unit, adding it if new."""
        code = self._units.get(unit)
        if code is None:
            code = self._units[unit] = len(self._units)
        return code

    def leg(self, leg: Transport) -> int:
        """Return the index of a transport leg (the same object is stored once)."""
        known = self._legs.get(id(leg))
        if known is None or known[0] is not leg:
            known = self._legs[id(leg)] = (leg, len(self._legs))
        return known[1]

    def add(
        self,
        line_id: str,
        product: int,
        quantity: float,
        unit: int,
        *,
        element: str = "",
        classification: str = "",
        service_life: float = math.nan,
        waste_factor: float = math.nan,
        legs: Sequence[int] = (),
    ) -> None:
        """Add a line from checked values (indexes from :meth:`product`, :meth:`unit`...)."""
        index = len(self.ids)
        self.ids.append(line_id)
        self.product_index.append(product)
        self.quantity.append(quantity)
        self.unit_index.append(unit)
        self.service_life.append(service_life)
        self.waste_factor.append(waste_factor)
        self.element.append(element)
        self.classification.append(classification)
        for leg in legs:
            self.leg_line.append(index)
            self.leg_index.append(leg)

    def add_line(self, line: BillLine) -> None:
        """Add a checked :class:`BillLine`."""
        index = len(self.ids)
        self.add(
            line.id,
            self.product(line.product),
            line.quantity.magnitude,
            self.unit(line.quantity.units),
            element=line.element,
            classification=line.classification,
            service_life=(
                math.nan if line.service_life is None else float(line.service_life.magnitude)
            ),
            waste_factor=math.nan if line.waste_factor is None else line.waste_factor,
            legs=[self.leg(leg) for leg in line.transport],
        )
        if line.scenario:
            self.scenario[index] = line.scenario
        if line.properties:
            self.properties[index] = line.properties

    def units(self) -> tuple[Unit, ...]:
        """Return the distinct units added, in code order."""
        return tuple(self._units)

    def legs(self) -> tuple[Transport, ...]:
        """Return the distinct transport legs added, in index order."""
        return tuple(leg for leg, _ in sorted(self._legs.values(), key=lambda item: item[1]))

    def columns(self) -> BillColumns:
        """Return the columns collected."""
        return BillColumns(
            ids=tuple(self.ids),
            products=tuple(self._products),
            product_index=read_only_array(self.product_index, np.intp),
            quantity=read_only_array(self.quantity, np.float64),
            units=self.units(),
            unit_index=read_only_array(self.unit_index, np.intp),
            service_life=read_only_array(self.service_life, np.float64),
            waste_factor=read_only_array(self.waste_factor, np.float64),
            element=tuple(self.element),
            classification=tuple(self.classification),
            legs=self.legs(),
            leg_line=read_only_array(self.leg_line, np.intp),
            leg_index=read_only_array(self.leg_index, np.intp),
            scenario=FrozenMap(self.scenario),
            properties=FrozenMap(self.properties),
        )


class BillLines(Sequence[BillLine]):
    """The lines of a bill: a read-only sequence of :class:`BillLine` views of its columns.

    It compares equal to any sequence of the same lines (``bill.lines == ()`` for an empty
    bill); a slice is a tuple of lines.
    """

    __slots__ = ("_columns",)

    def __init__(self, columns: BillColumns) -> None:
        self._columns = columns

    @property
    def columns(self) -> BillColumns:
        """The columns the lines are read from."""
        return self._columns

    def __len__(self) -> int:
        return len(self._columns)

    @overload
    def __getitem__(self, index: int) -> BillLine: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[BillLine, ...]: ...
    def __getitem__(self, index: int | slice) -> BillLine | tuple[BillLine, ...]:
        n = len(self._columns)
        if isinstance(index, slice):
            return tuple(self._columns.line(i) for i in range(*index.indices(n)))
        position = int(index)
        if position < 0:
            position += n
        if not 0 <= position < n:
            msg = f"bill line index out of range: {index} (the bill has {n} lines)"
            raise IndexError(msg)
        return self._columns.line(position)

    def __iter__(self) -> Iterator[BillLine]:
        return (self._columns.line(i) for i in range(len(self._columns)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, BillLines):
            return self._columns.same_lines(other._columns)
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(other) == len(self) and tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (BillLines, (self._columns,))


def _to_lines(value: Any) -> BillLines:
    if isinstance(value, BillLines):
        return value
    return BillLines(BillColumns.from_lines(to_tuple(value, BillLine, "lines")))


@attrs.frozen
class BillOfQuantities:
    """A bill of quantities: the products a building uses.

    Attributes
    ----------
    id : str
        Identifier.
    lines : sequence of BillLine
        The lines; their ids are unique. Built from :class:`BillLine` objects, or from
        columns with :meth:`from_columns`; read as :class:`BillLine` views.
    name : str
        Readable name.
    """

    id: str = attrs.field(validator=non_empty_text)
    lines: Sequence[BillLine] = attrs.field(converter=_to_lines)
    name: str = attrs.field(default="", validator=instance_of(str))

    @lines.validator
    def _check_unique(self, attribute: Any, value: BillLines) -> None:
        ids = value.columns.ids
        if len(set(ids)) == len(ids):
            return
        seen: dict[str, int] = {}
        for index, line_id in enumerate(ids):
            if line_id in seen:
                msg = (
                    f"must be unique in the bill; got {line_id!r}, "
                    f"already used by lines[{seen[line_id]}]"
                )
                raise InvalidInputError(msg, field=f"lines[{index}].id")
            seen[line_id] = index

    @classmethod
    def from_columns(cls, id: str, columns: BillColumns, name: str = "") -> BillOfQuantities:
        """Return a bill whose lines are ``columns`` (values already checked by a reader)."""
        return cls(id, BillLines(columns), name)

    @property
    def columns(self) -> BillColumns:
        """The lines as columns."""
        lines: BillLines = self.lines  # type: ignore[assignment]  # made by _to_lines
        return lines.columns

    @property
    def product_ids(self) -> tuple[str, ...]:
        """The distinct product ids the lines use, in order of first use."""
        return self.columns.products
