"""Array kernels of the bill-of-quantities calculation (internal).

Plain numpy on magnitudes in canonical units (kg CO2e or EUR, kg, t, km, years); nothing here
knows pint, files, products or the CLI. Every function works on whole columns of bill lines,
so a bill of 100,000 lines costs a few array passes, not 100,000 Python iterations.

Terms used below: a *row* is one result entry of one bill line (a product's entry scaled by
the line's quantity, or a value derived for the line such as A4 from transport); a *block*
is a module set of the building's result, the union of every row mask it overlaps with.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Array = np.ndarray[Any, Any]

_CLEAN_DECIMALS = 9
"""Ratios are rounded to this many decimals before ``ceil``: 50 / (50 / 3) is 3, not 4."""


def replacements_ceil_minus_one(study_period: Array | float, service_life: Array) -> Array:
    """Return the BR18/LCAbyg number of replacements, ``ceil(RSP / RSL) - 1`` (at least 0).

    Parameters
    ----------
    study_period
        Reference study period [year], a scalar or one per line.
    service_life
        Service life of each line [year], greater than 0.

    Returns
    -------
    ndarray of int64
        Replacements per line; 0 when the service life is at least the study period.
    """
    ratio = np.round(np.asarray(study_period, dtype=np.float64) / service_life, _CLEAN_DECIMALS)
    return np.maximum(np.ceil(ratio) - 1.0, 0.0).astype(np.int64)


def first_use(codes: Array, size: int) -> Array:
    """Return the first position of each code ``0..size-1`` in ``codes`` (``len(codes)`` if none).

    Examples
    --------
    >>> first_use(np.array([2, 0, 2, 0]), 4)
    array([1, 4, 0, 4])
    """
    first = np.full(size, len(codes), dtype=np.intp)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1, dtype=np.intp)
    return first


def gather_rows(line_owner: Array, offsets: Array, counts: Array) -> tuple[Array, Array]:
    """Expand lines into the rows of their owners' entries.

    Parameters
    ----------
    line_owner
        Index of the owner (product) of each line, shape ``(n,)``.
    offsets, counts
        Start and number of each owner's entries in a flat entry table.

    Returns
    -------
    row_line : ndarray of intp
        The line of each row.
    row_entry : ndarray of intp
        The entry (index into the flat table) of each row.
    """
    per_line = counts[line_owner]
    total = int(per_line.sum())
    row_line = np.repeat(np.arange(len(line_owner), dtype=np.intp), per_line)
    first_row = np.cumsum(per_line) - per_line
    within = np.arange(total, dtype=np.intp) - np.repeat(first_row, per_line)
    row_entry = np.repeat(offsets[line_owner], per_line) + within
    return row_line, row_entry.astype(np.intp, copy=False)


def join_masks(masks: Array) -> tuple[Array, Array, Array]:
    """Join overlapping module masks into disjoint blocks.

    Two masks that share a module end up in the same block, transitively, so each block is
    the smallest module set that every row touching it fits in.

    Parameters
    ----------
    masks
        Module-set masks (any number, repeats allowed; pass the distinct masks of the rows,
        not every row, since this step loops over them).

    Returns
    -------
    block_masks : ndarray of int64
        Masks of the blocks, sorted by their lowest module.
    distinct : ndarray of int64
        The distinct input masks, ascending (for :func:`numpy.searchsorted`).
    block_of_distinct : ndarray of intp
        The block of each distinct mask.
    """
    distinct = np.unique(masks.astype(np.int64, copy=False))
    blocks: list[int] = []
    for mask in (int(m) for m in distinct):
        merged = mask
        keep: list[int] = []
        for block in blocks:
            if block & merged:
                merged |= block
            else:
                keep.append(block)
        blocks = [*keep, merged]  # the blocks stay pairwise disjoint
    ordered = np.array(sorted(blocks, key=lambda b: (b & -b, b)), dtype=np.int64)
    of_distinct = np.empty(len(distinct), dtype=np.intp)
    for index, mask in enumerate(distinct):
        of_distinct[index] = int(np.flatnonzero((ordered & np.int64(mask)) != 0)[0])
    return ordered, distinct, of_distinct


def block_of_rows(row_masks: Array, distinct: Array, block_of_distinct: Array) -> Array:
    """Return the block of each row, from the result of :func:`join_masks`."""
    return block_of_distinct[np.searchsorted(distinct, row_masks)]


def line_block_sums(
    row_line: Array,
    row_block: Array,
    row_mask: Array,
    row_value: Array,
    row_declared: Array,
    n_lines: int,
    n_blocks: int,
) -> tuple[Array, Array, Array]:
    """Sum rows per (line, block) and tell which blocks each line covers with declared rows.

    The rows of one line are pairwise disjoint, so the sum of their masks is their union.

    Returns
    -------
    values : ndarray of float64, shape (n_lines, n_blocks)
        Sum of the declared rows of each line in each block.
    covered : ndarray of int64, shape (n_lines, n_blocks)
        Union of the masks of the declared rows.
    seen : ndarray of bool, shape (n_lines, n_blocks)
        Whether the line has any row (declared or not) in the block.
    """
    size = n_lines * n_blocks
    index = row_line.astype(np.intp, copy=False) * n_blocks + row_block
    values = np.bincount(
        index, weights=np.where(row_declared, row_value, 0.0), minlength=size
    ).astype(np.float64, copy=False)  # of no rows at all, bincount counts in integers
    covered = np.bincount(
        index, weights=np.where(row_declared, row_mask, 0).astype(np.float64), minlength=size
    )
    seen = np.bincount(index, minlength=size) > 0
    shape = (n_lines, n_blocks)
    return (
        values.reshape(shape),
        np.rint(covered).astype(np.int64).reshape(shape),
        seen.reshape(shape),
    )


def transport_per_line(
    leg_line: Array, leg_tkm: Array, mass_tonnes: Array, n_lines: int
) -> tuple[Array, Array]:
    """Return A4 of each line from its transport legs, and which lines have legs.

    A4 = mass [t] * sum of distance [km] * factor [indicator unit/(t*km)] over the legs;
    ``leg_tkm`` is distance * factor of each leg use (of ``leg_line``).
    """
    per_tonne = np.bincount(leg_line, weights=leg_tkm, minlength=n_lines).astype(
        np.float64, copy=False
    )  # of no legs at all, bincount counts in integers
    has_legs = np.zeros(n_lines, dtype=bool)
    has_legs[leg_line] = True
    return np.multiply(mass_tonnes, per_tonne, out=per_tonne), has_legs


def group_sums(group: Array, values: Array, n_groups: int) -> Array:
    """Sum the rows of ``values`` (shape ``(n, k)``) per group; returns ``(n_groups, k)``."""
    out = np.zeros((n_groups, values.shape[1]), dtype=np.float64)
    for column in range(values.shape[1]):
        out[:, column] = np.bincount(group, weights=values[:, column], minlength=n_groups)
    return out
