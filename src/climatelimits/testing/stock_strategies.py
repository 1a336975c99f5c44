"""Hypothesis strategies for stock tables: columns in the stock layout, and stocks.

Needs the ``testing`` extra (``pip install 'climatelimits[testing]'``).

:func:`stock_columns`
    Columns in the stock layout (``docs/explanation/file-formats.md``): ids with commas,
    quotes and non-ASCII letters, uses, countries, permit dates, study periods, tags, areas,
    results that are values, declared zeros or not declared (NaN), and building parts.
:func:`stocks`
    :class:`~climatelimits.stocks.Stock` objects built from those columns.
:func:`stock_text_columns`
    Those columns with their text cells as a file may hold them: padded with spaces of
    several kinds, missing (``None``), blank, and now and then a cell that breaks its
    column's rule (a repeated or empty id, an unknown use, a bad date, country or tag).

Examples
--------
>>> from hypothesis import given, settings
>>> from climatelimits.testing.stock_strategies import stocks
>>> @settings(max_examples=5)
... @given(stocks())
... def test_ids_are_unique(stock):
...     assert len(set(stock.ids.tolist())) == len(stock)
>>> test_ids_are_unique()
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from hypothesis import strategies as st

from climatelimits.buildings import UseCategory

__all__ = ["AREA_IDS", "RESULT_COLUMNS", "stock_columns", "stock_text_columns", "stocks"]

Array = np.ndarray[Any, Any]

AREA_IDS = ("dk_reference", "dk_heated", "se_bta")
"""Area definitions the strategies fill."""

RESULT_COLUMNS = (
    "gwp_total.A1-A3",
    "gwp_total.A4",
    "gwp_total.B4",
    "gwp_total.B6",
    "gwp_total.C3-C4",
    "gwp_total.D",
    "gwp_ghg.A1-A5",
)
"""Result columns the strategies fill (no two overlap within an indicator)."""

_ID_ALPHABET = "abcxyzABC019-_:., \"'åøæ€"
_COUNTRIES = ("DK", "SE", "FI", "FR", "NL")
_TAGS = ("public", "renovation", "timber")


def _ids(n: int) -> st.SearchStrategy[list[str]]:
    text = st.text(_ID_ALPHABET, min_size=1, max_size=12).filter(
        lambda s: s == s.strip() and bool(s)
    )
    return st.lists(text, min_size=n, max_size=n, unique=True)


def _floats_or_nan(n: int, low: float, high: float, *, zero: bool = False) -> Any:
    value = st.floats(low, high, allow_nan=False, allow_infinity=False)
    if zero:
        value = st.one_of(st.just(0.0), value)
    cell = st.one_of(st.just(float("nan")), value)
    return st.lists(cell, min_size=n, max_size=n).map(lambda xs: np.array(xs, dtype=np.float64))


def _dates(n: int) -> Any:
    day = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)).map(
        lambda d: np.datetime64(d.isoformat(), "D")
    )
    cell = st.one_of(st.just(np.datetime64("NaT", "D")), day)
    return st.lists(cell, min_size=n, max_size=n).map(
        lambda xs: np.array(xs, dtype="datetime64[D]")
    )


@st.composite
def stock_columns(
    draw: st.DrawFn, max_rows: int = 8, *, with_parts: bool = True, not_declared: bool = False
) -> dict[str, Array]:
    """Draw columns in the stock layout, one row per building and per building part.

    Parameters
    ----------
    max_rows
        Largest number of buildings drawn; 0 is possible.
    with_parts
        Whether some buildings may have parts (mixed use): rows with a ``part`` id after
        every building row, with their own use, areas and results.
    not_declared
        Whether some empty result cells are ``ND`` (an explicit "not declared" entry);
        a result column holding one is then text.
    """
    n = draw(st.integers(0, max_rows))
    uses = [u.value for u in UseCategory]
    columns: dict[str, Array] = {
        "id": np.array(draw(_ids(n)), dtype=object),
        "use": np.array(draw(st.lists(st.sampled_from(uses), min_size=n, max_size=n)), object),
    }
    if draw(st.booleans()):
        country = st.sampled_from(("", *_COUNTRIES))
        columns["country"] = np.array(draw(st.lists(country, min_size=n, max_size=n)), object)
    if draw(st.booleans()):
        columns["permit_application"] = draw(_dates(n))
    if draw(st.booleans()):
        columns["reference_study_period"] = draw(_floats_or_nan(n, 1.0, 120.0))
    if draw(st.booleans()):
        tag_sets = st.lists(st.sets(st.sampled_from(_TAGS)), min_size=n, max_size=n)
        columns["tags"] = np.array([";".join(sorted(t)) for t in draw(tag_sets)], object)
    for area in draw(st.sets(st.sampled_from(AREA_IDS))):
        columns[f"area.{area}"] = draw(_floats_or_nan(n, 0.5, 1.0e6))
    for result in draw(st.sets(st.sampled_from(RESULT_COLUMNS), min_size=1)):
        columns[result] = draw(_floats_or_nan(n, -1.0e7, 1.0e7, zero=True))
    if with_parts and n and draw(st.booleans()):
        columns = _with_parts(draw, columns, n)
    if not_declared:
        for name in [c for c in columns if c in RESULT_COLUMNS]:
            values = columns[name].tolist()
            marks = draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
            if any(m and v != v for m, v in zip(marks, values, strict=True)):  # noqa: PLR0124
                column = np.empty(len(values), dtype=object)
                column[:] = [
                    ("ND" if m else "") if v != v else v  # noqa: PLR0124 - NaN test
                    for m, v in zip(marks, values, strict=True)
                ]
                columns[name] = column
    return columns


def _with_parts(draw: st.DrawFn, columns: dict[str, Array], n: int) -> dict[str, Array]:
    """Append part rows (mixed use) for some buildings: own use, areas and results."""
    counts = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    owners = [i for i, k in enumerate(counts) for _ in range(k)]
    m = len(owners)
    if m == 0:
        return columns
    uses = [u.value for u in UseCategory]
    extra: dict[str, Array] = {
        "id": columns["id"][owners],
        "part": np.array([f"p{j}" for i, k in enumerate(counts) for j in range(k)], object),
        "use": np.array(draw(st.lists(st.sampled_from(uses), min_size=m, max_size=m)), object),
    }
    for name, values in columns.items():
        if name in extra:
            continue
        if name.startswith("area."):
            extra[name] = draw(_floats_or_nan(m, 0.5, 1.0e6))
        elif "." in name:
            extra[name] = draw(_floats_or_nan(m, -1.0e7, 1.0e7, zero=True))
        elif values.dtype.kind == "M":
            extra[name] = np.full(m, np.datetime64("NaT"), dtype="datetime64[D]")
        elif values.dtype.kind == "f":
            extra[name] = np.full(m, np.nan)
        else:
            extra[name] = np.full(m, "", dtype=object)
    out = {name: np.concatenate([values, extra[name]]) for name, values in columns.items()}
    out["part"] = np.concatenate([np.full(n, "", dtype=object), extra["part"]])
    return out


def stocks(
    max_rows: int = 8, *, with_parts: bool = True, not_declared: bool = False
) -> st.SearchStrategy[Any]:
    """Draw :class:`~climatelimits.stocks.Stock` objects built from :func:`stock_columns`."""
    from climatelimits.stocks import Stock

    columns = stock_columns(max_rows, with_parts=with_parts, not_declared=not_declared)
    return columns.map(Stock.from_columns)


_SPACES = ("", " ", "\t", "\u00a0", "\u2003", "\x1f", "\x85", "\u3000", "\u200b")
"""Padding drawn around text cells; U+200B is not a space to :meth:`str.strip`."""
_BAD_CELLS = {
    "id": ("", " ", None),
    "use": ("Office", "warehouse", "", None),
    "country": ("se", "SWE", "S E"),
    "permit_application": ("2023-13-01", "2023-1-5", "soon"),
    "tags": ("Public", "public;2x", "a b"),
    "use_shares": ("office:0.5;retail:0.5", "office:1.5", "office"),
}
"""Cells that break their column's rule, by column."""


@st.composite
def stock_text_columns(draw: st.DrawFn, max_rows: int = 8) -> dict[str, Array]:
    """Draw stock-layout columns whose text cells are as a file may hold them.

    The columns of :func:`stock_columns`, with the dates written as text (or left as
    dates), and each text cell padded, made missing (``None``) or blank where that means
    "empty"; sometimes a text column with no cell at all (``name``, ``tags``), a repeated
    id, or one cell from a list of bad cells per column. The table may read or fail: for
    comparing two readers of the same cells.

    Parameters
    ----------
    max_rows
        Largest number of buildings drawn.

    Returns
    -------
    SearchStrategy[dict[str, ndarray]]
    """
    columns = dict(draw(stock_columns(max_rows)))
    n = columns["id"].shape[0]
    if "permit_application" in columns and draw(st.booleans()):
        days = columns["permit_application"]
        columns["permit_application"] = np.array(
            ["" if np.isnat(d) else str(d) for d in days], dtype=object
        )
    for name in draw(st.sets(st.sampled_from(("name", "tags", "use_shares")))):
        if name not in columns:
            columns[name] = np.full(n, None, dtype=object)
    for name, values in columns.items():
        if values.dtype != object:
            continue
        cells: list[Any] = []
        for given in values.tolist():
            cell = given
            if given in ("", None):
                cell = draw(st.sampled_from(["", None, " ", "\t"]))
            elif draw(st.integers(0, 3)) == 0:
                cell = f"{draw(st.sampled_from(_SPACES))}{given}{draw(st.sampled_from(_SPACES))}"
            cells.append(cell)
        column = np.empty(len(cells), dtype=object)
        column[:] = cells
        columns[name] = column
    if n and draw(st.integers(0, 3)) == 0:
        row = draw(st.integers(0, n - 1))
        bad = [c for c in _BAD_CELLS if c in columns and columns[c].dtype == object]
        name = draw(st.sampled_from(bad))
        if name == "id" and n > 1 and draw(st.booleans()):
            columns["id"][row] = columns["id"][(row + 1) % n]  # a repeated id
        else:
            columns[name][row] = draw(st.sampled_from(_BAD_CELLS[name]))
    return columns
