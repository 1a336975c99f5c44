"""Test helpers for code that uses climatelimits.

This package is public so that city tools and other downstream code can test their own use
of climatelimits with the same helpers as the library's own test suite.

:func:`assert_quantity_allclose`
    Compare two quantities after converting to a common unit.

:mod:`climatelimits.testing.strategies`
    Hypothesis strategies for every public class (needs the ``testing`` extra:
    ``pip install 'climatelimits[testing]'``). It is not imported here, so this package
    works without Hypothesis installed.

:mod:`climatelimits.testing.stock_strategies`
    Hypothesis strategies for stock tables and stocks (columns in the stock layout).

Examples
--------
>>> from climatelimits.testing import assert_quantity_allclose
>>> from climatelimits.units import registry
>>> q = registry().Quantity
>>> assert_quantity_allclose(q(1.5, "t CO2e"), q(1500.0, "kg CO2e"))
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pint

from climatelimits.exceptions import UnitsError
from climatelimits.units import format_unit, parse_unit, registry

__all__ = ["assert_quantity_allclose"]


def _as_registry_quantity(value: Any, name: str) -> Any:
    """Return ``value`` as a quantity of the climatelimits registry, or fail the assertion."""
    if not isinstance(value, pint.Quantity):
        msg = f"`{name}` must be a quantity with a unit; got {value!r} ({type(value).__name__})"
        raise AssertionError(msg)  # noqa: TRY004 - an assertion helper fails with AssertionError
    try:
        unit = parse_unit(str(value.units), field=name)
    except UnitsError as exc:
        msg = f"`{name}` has a unit climatelimits cannot read: {exc}"
        raise AssertionError(msg) from exc
    return registry().Quantity(value.magnitude, unit)


def assert_quantity_allclose(
    actual: Any,
    desired: Any,
    *,
    rtol: float = 1e-9,
    atol: float = 0.0,
) -> None:
    """Assert that two quantities are equal within a tolerance, in ``desired``'s unit.

    ``actual`` is converted to the unit of ``desired`` and the magnitudes are compared with
    :func:`numpy.testing.assert_allclose`, so ``1.5 t CO2e`` equals ``1500 kg CO2e``.
    Quantities of another pint registry are accepted if their unit can be read by
    :func:`climatelimits.units.parse_unit`.

    Parameters
    ----------
    actual
        The quantity obtained (scalar or array magnitude).
    desired
        The quantity expected; its unit is the unit of comparison.
    rtol
        Relative tolerance.
    atol
        Absolute tolerance, in the unit of ``desired``.

    Raises
    ------
    AssertionError
        If either argument is not a quantity, the dimensions differ (``kg`` against
        ``kg CO2e``), or the magnitudes differ by more than the tolerance.

    Examples
    --------
    >>> from climatelimits.units import registry
    >>> q = registry().Quantity
    >>> assert_quantity_allclose(q(2.0, "kg CO2e/m^2/year"), q(100.0, "kg CO2e/m^2") / q(50, "a"))
    >>> assert_quantity_allclose(q(1.0, "kg"), q(1.0, "kg CO2e"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: quantities have different dimensions: ...
    """
    actual_q = _as_registry_quantity(actual, "actual")
    desired_q = _as_registry_quantity(desired, "desired")
    try:
        converted = actual_q.to(desired_q.units)
    except pint.DimensionalityError as exc:
        msg = (
            f"quantities have different dimensions: actual is in "
            f"'{format_unit(actual_q.units)}' ({actual_q.dimensionality}), desired in "
            f"'{format_unit(desired_q.units)}' ({desired_q.dimensionality}); they cannot be "
            f"compared"
        )
        raise AssertionError(msg) from exc
    np.testing.assert_allclose(
        np.asarray(converted.magnitude, dtype=np.float64),
        np.asarray(desired_q.magnitude, dtype=np.float64),
        rtol=rtol,
        atol=atol,
        err_msg=(
            f"magnitudes compared in '{format_unit(desired_q.units)}' "
            f"(actual given as {actual_q.magnitude!r} {format_unit(actual_q.units)})"
        ),
    )
