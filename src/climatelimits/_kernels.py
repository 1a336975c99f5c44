"""Array kernels shared by the one-building and the many-building paths.

Everything here works on plain numpy arrays of magnitudes in canonical units (kg CO2e or EUR,
m², years) and dates as ``datetime64[D]``. Nothing here knows pint, files or the CLI; a
single building is the case ``n == 1``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Array = np.ndarray[Any, Any]

NO_STEP = -1
"""Step index meaning "no limit in force yet"."""


def scope_totals(
    owner: Array,
    masks: Array,
    values: Array,
    declared: Array,
    scope_mask: int,
    n: int,
) -> tuple[Array, Array, Array]:
    """Sum result entries inside a module scope, per building.

    Parameters
    ----------
    owner
        Index of the building each entry belongs to, shape ``(m,)``.
    masks
        Module-set bit mask of each entry, shape ``(m,)``.
    values
        Magnitude of each entry in the canonical unit, ``0.0`` where not declared.
    declared
        Whether each entry carries a value.
    scope_mask
        The module scope as a bit mask.
    n
        Number of buildings.

    Returns
    -------
    totals : ndarray of float64, shape (n,)
        Sum of declared entries wholly inside the scope.
    missing : ndarray of int64, shape (n,)
        Bits of the scope not covered by a declared entry wholly inside it.
    straddle : ndarray of bool, shape (n,)
        Whether a declared entry lies partly inside and partly outside the scope.
    """
    scope = np.int64(scope_mask)
    masks = masks.astype(np.int64, copy=False)
    in_scope = (masks & scope) != 0
    outside = (masks & ~scope) != 0
    counted = in_scope & ~outside & declared
    totals = np.bincount(owner, weights=np.where(counted, values, 0.0), minlength=n)
    covered = np.zeros(n, dtype=np.int64)
    np.bitwise_or.at(covered, owner[counted], masks[counted])
    missing = scope & ~covered
    straddle = np.bincount(owner, weights=in_scope & outside & declared, minlength=n) > 0
    return totals.astype(np.float64, copy=False), missing, straddle


def step_index(step_dates: Array, dates: Array) -> Array:
    """Return the index of the step in force on each date (``-1`` before the first step).

    A step is in force from its date, inclusive.

    Parameters
    ----------
    step_dates
        Strictly increasing ``datetime64[D]`` start dates of the steps.
    dates
        ``datetime64[D]`` dates to look up.
    """
    return np.searchsorted(step_dates, dates, side="right").astype(np.intp) - 1


def round_half_up(values: Array, decimals: int | None) -> Array:
    """Round to ``decimals`` places, halves away from zero, as the decimal number reads.

    A float often lies just below the decimal a person reads: 1.005 is stored as
    1.00499999..., and ``0.1205 * 100`` gives 12.049999999999999. The scaled value is
    therefore first cleaned to nine places beyond the rounding position, so that 1.005 rounds
    to 1.01 at two decimals and ``0.1205 * 100`` to 12.1 at one, as the printed numbers
    suggest; 12.05 gives 12.1 and 12.047 gives 12.0 (the BR18 2023 example).

    Parameters
    ----------
    values
        Values to round.
    decimals
        Number of decimals kept; ``None`` leaves the values unchanged.
    """
    if decimals is None:
        return np.asarray(values, dtype=np.float64)
    scale = 10.0**decimals
    scaled = np.round(np.asarray(values, dtype=np.float64) * scale, 9)
    rounded = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)
    return np.asarray(rounded / scale, dtype=np.float64)


SIGNIFICANT_DIGITS = 12
"""Digits kept of an unrounded value before it is compared with a limit."""

_SMALLEST_ROUNDED = 1e-250
"""Values of smaller magnitude are compared as they are (10**(12 + 250) still fits a float)."""


def compared_values(values: Array, decimals: int | None) -> Array:
    """Return the values a limit is compared with.

    With ``decimals`` the values are rounded half up (:func:`round_half_up`). Without, they
    are kept to :data:`SIGNIFICANT_DIGITS` significant digits: far beyond the precision of
    any declaration, but enough to absorb float noise, so that the same emissions declared
    in t CO2e or in kg CO2e (or scaled with their area) get the same verdict on a limit they
    meet exactly.
    """
    if decimals is not None:
        return round_half_up(values, decimals)
    x = np.asarray(values, dtype=np.float64)
    magnitude = np.abs(x)
    # Below 1e-250 (no emission is that small) the scale would overflow: keep such values.
    # An infinite value (refused by the caller, naming its building) is kept as it is too:
    # its scale would be 0 and inf * 0 is NaN, with numpy's "invalid value" warning.
    rounds = (magnitude > _SMALLEST_ROUNDED) & np.isfinite(magnitude)
    safe = np.where(rounds, magnitude, 1.0)
    scale = 10.0 ** (SIGNIFICANT_DIGITS - 1 - np.floor(np.log10(safe)))
    return np.asarray(np.where(rounds, np.round(x * scale) / scale, x), dtype=np.float64)


def normalise(totals: Array, areas: Array, periods: Array | None) -> Array:
    """Return ``totals / areas`` (``/ periods`` when given), element-wise."""
    out = totals / areas
    if periods is not None:
        out = out / periods
    return np.asarray(out, dtype=np.float64)
