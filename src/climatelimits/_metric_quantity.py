"""Quantities of a check, shown in the unit they carry, written as the project writes units.

pint shows ``375 kg CO2e/m²`` as ``<Quantity(375.0, 'kilogram * CO2e / meter ** 2')>``; a
city officer reading ``result.limit`` should see the metric's unit instead. The class here
only changes how a quantity is shown: it is a quantity of :func:`climatelimits.units.registry`
in every other respect (arithmetic, comparison, conversion).
"""

from __future__ import annotations

from typing import Any

from climatelimits.units import Quantity, Unit, format_unit, registry

__all__ = ["in_unit"]

_Base: Any = registry().Quantity


class _ShownInUnit(_Base):  # type: ignore[misc] # pint builds its Quantity class at run time
    """A quantity whose ``repr`` and ``str`` use the short unit text (``kg CO2e/m²``)."""

    def __repr__(self) -> str:
        return f"<Quantity({self.magnitude!r}, '{format_unit(self.units)}')>"

    def __str__(self) -> str:
        return f"{self.magnitude} {format_unit(self.units)}"

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self)
        try:
            return f"{format(self.magnitude, spec)} {format_unit(self.units)}"
        except (TypeError, ValueError):  # a pint format such as "~P"
            return str(super().__format__(spec))


def in_unit(magnitude: float, unit: Unit) -> Quantity:
    """Return ``magnitude`` in ``unit``, shown as ``375.0 kg CO2e/m²``.

    Examples
    --------
    >>> from climatelimits.units import parse_unit
    >>> limit = in_unit(375.0, parse_unit("kg CO2e / m^2"))
    >>> limit
    <Quantity(375.0, 'kg CO2e/m²')>
    >>> print(limit, f"{limit:.0f}")
    375.0 kg CO2e/m² 375 kg CO2e/m²
    """
    quantity: Quantity = _ShownInUnit(magnitude, unit)
    return quantity
