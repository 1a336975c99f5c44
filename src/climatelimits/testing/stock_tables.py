"""Synthetic building stocks in the stock table layout, for tests and benchmarks.

:func:`synthetic_stock_columns` draws a reproducible table of N buildings, with numpy only,
that exercises what a real register holds: several uses, dates across the steps of a
schedule, the Danish area definitions, GWP results per module near the Danish limits,
cells that are not declared, exemption tags and (optionally) mixed-use buildings with part
rows. The numbers are plausible, not real: use real registers (EU-ECB-DB) for findings.

Examples
--------
>>> from climatelimits.stocks import Stock
>>> from climatelimits.testing.stock_tables import synthetic_stock_columns
>>> columns = synthetic_stock_columns(1000, seed=1, mixed_share=0.1)
>>> stock = Stock.from_columns(columns)
>>> len(stock), int(stock.mixed_use.sum()) > 0
(1000, True)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from climatelimits._optional import import_optional
from climatelimits.exceptions import InvalidInputError

__all__ = ["SYNTHETIC_MODULES", "synthetic_stock_columns", "synthetic_stock_frame"]

Array = np.ndarray[Any, Any]

SYNTHETIC_MODULES: tuple[tuple[str, float], ...] = (
    ("A1-A3", 5.0),
    ("A4", 0.3),
    ("A5", 0.6),
    ("B4", 1.0),
    ("B6", 1.4),
    ("C3-C4", 0.5),
)
"""Modules of the synthetic ``gwp_total`` results and their median intensity
[kg CO2e/m²/year]; the sum (8.8) lies between the Danish 2025 limits of houses and
of offices, so a stock gets both passes and fails."""

_USES: tuple[tuple[str, float], ...] = (
    ("detached_house", 0.3),
    ("row_house", 0.1),
    ("holiday_home", 0.05),
    ("multi_family_housing", 0.25),
    ("office", 0.1),
    ("education", 0.05),
    ("institution", 0.05),
    ("retail", 0.05),
    ("warehouse", 0.05),
)
_STUDY_PERIOD = 50.0  # years, as BR18 §297 and Boverket's declarations use
_FIRST_DAY = np.datetime64("2024-01-01")
_DAYS = 7 * 365  # permit applications from 2024 to the end of 2030
_SHARE_OF_OFFICES = 0.6  # a mixed-use building: offices with shops below


def _check_count(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        msg = f"`{name}` must be a whole number, 0 or more; got {value!r}"
        raise InvalidInputError(msg)


def _check_share(name: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        msg = f"`{name}` must be a share from 0 to 1; got {value!r}"
        raise InvalidInputError(msg)


def synthetic_stock_columns(
    n: int,
    *,
    seed: int = 0,
    first_id: int = 0,
    mixed_share: float = 0.0,
    not_declared_share: float = 0.02,
) -> dict[str, Array]:
    """Return N synthetic buildings as columns in the stock table layout.

    Parameters
    ----------
    n
        Number of buildings (part rows come on top).
    seed
        Seed of the random generator: the same arguments give the same table.
    first_id
        Number of the first building: ids are ``"b"`` and a ten-digit number, so tables
        drawn with consecutive ``first_id`` ranges have unique ids that sort in order.
    mixed_share
        Share of buildings that are mixed use (offices with shops), each with two part rows
        right after its own row.
    not_declared_share
        Share of result cells left empty (*not declared*).

    Returns
    -------
    dict of str to ndarray
        ``id``, ``part``, ``use``, ``permit_application`` (``datetime64[D]``, NaT on part
        rows), ``reference_study_period`` [year], ``tags``, ``use_shares``,
        ``area.dk_reference``, ``area.dk_reference_2025``, ``area.dk_floor``,
        ``area.dk_heated`` [m²] and
        ``gwp_total.<modules>`` for :data:`SYNTHETIC_MODULES` [kg CO2e over 50 years];
        NaN is an empty cell.

    Raises
    ------
    InvalidInputError
        If ``n`` or ``first_id`` is negative or a share is outside 0 to 1.
    """
    _check_count("n", n)
    _check_count("first_id", first_id)
    _check_share("mixed_share", mixed_share)
    _check_share("not_declared_share", not_declared_share)
    rng = np.random.default_rng(seed)
    names = np.array([u for u, _ in _USES], dtype=object)
    weights = np.array([w for _, w in _USES])
    use = names[rng.choice(len(names), size=n, p=weights / weights.sum())]
    mixed = rng.random(n) < mixed_share
    use[mixed] = "office"
    area = np.maximum(np.round(rng.lognormal(np.log(600.0), 1.0, n), 1), 20.0)
    tags = np.full(n, "", dtype=object)
    tag_draw = rng.random(n)
    tags[tag_draw < 0.02] = "unheated"
    tags[(tag_draw >= 0.02) & (tag_draw < 0.08)] = "extension"
    building: dict[str, Array] = {
        "id": np.array([f"b{first_id + k:010d}" for k in range(n)], dtype=object),
        "part": np.full(n, "", dtype=object),
        "use": use,
        "permit_application": _FIRST_DAY + rng.integers(0, _DAYS, n).astype("timedelta64[D]"),
        "reference_study_period": np.full(n, _STUDY_PERIOD),
        "tags": tags,
        "use_shares": np.where(
            mixed, f"office:{_SHARE_OF_OFFICES};retail:{1 - _SHARE_OF_OFFICES:.1f}", ""
        ).astype(object),
        "area.dk_reference": area,
        # The 2025 reference area differs only in how conservatories count (none here).
        "area.dk_reference_2025": area.copy(),
        "area.dk_floor": np.round(area * 0.95, 1),
        "area.dk_heated": np.round(area * 0.9, 1),
    }
    for modules, median in SYNTHETIC_MODULES:
        intensity = median * rng.lognormal(0.0, 0.35, n)
        total = intensity * area * _STUDY_PERIOD
        total[rng.random(n) < not_declared_share] = np.nan
        building[f"gwp_total.{modules}"] = total
    return _with_parts(building, mixed)


def synthetic_stock_frame(
    n: int,
    seed: int = 0,
    first_id: int = 0,
    *,
    mixed_share: float = 0.0,
    not_declared_share: float = 0.02,
    index: str | None = None,
) -> Any:
    """Return :func:`synthetic_stock_columns` as a pandas DataFrame.

    The arguments are those of :func:`synthetic_stock_columns`, with ``seed`` and
    ``first_id`` also positional, so that ``dask.dataframe.from_map`` can draw one
    partition per (seed, first id) on the worker that reads it.

    Parameters
    ----------
    n, seed, first_id, mixed_share, not_declared_share
        As for :func:`synthetic_stock_columns`.
    index
        Column to use as the index (e.g. ``"id"``), or ``None`` for a range index.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    MissingOptionalDependencyError
        If pandas is not installed (``pip install 'climatelimits[pandas]'``).
    """
    pd = import_optional("pandas", "pandas", feature="synthetic_stock_frame")
    columns = synthetic_stock_columns(
        n,
        seed=seed,
        first_id=first_id,
        mixed_share=mixed_share,
        not_declared_share=not_declared_share,
    )
    frame = pd.DataFrame(columns)
    return frame if index is None else frame.set_index(index)


def _with_parts(building: dict[str, Array], mixed: Array) -> dict[str, Array]:
    """Add two part rows (offices, shops) after each mixed-use building's row."""
    owners = np.flatnonzero(mixed)
    if owners.size == 0:
        return building
    n = mixed.shape[0]
    # Row order: building k, then its parts; a building's rows keep its id together.
    rows_before = 2 * np.concatenate(([0], np.cumsum(mixed)[:-1]))
    position = np.arange(n) + rows_before
    total = n + 2 * owners.size
    offices = position[owners] + 1
    shops = position[owners] + 2
    out: dict[str, Array] = {}
    for column, values in building.items():
        if values.dtype == object:
            filled = np.full(total, "", dtype=object)
        elif values.dtype.kind == "M":
            filled = np.full(total, np.datetime64("NaT"), dtype=values.dtype)
        else:
            filled = np.full(total, np.nan)
        filled[position] = values
        out[column] = filled
    for rows, name, use, share in (
        (offices, "offices", "office", _SHARE_OF_OFFICES),
        (shops, "shops", "retail", 1 - _SHARE_OF_OFFICES),
    ):
        out["id"][rows] = building["id"][owners]
        out["part"][rows] = name
        out["use"][rows] = use
        for column, values in building.items():
            if column.startswith(("area.", "gwp_total.")):
                out[column][rows] = values[owners] * share
    return out
