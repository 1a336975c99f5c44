"""The stock table layout: columns of text or numbers in, a validated :class:`Stock` out.

One row per building (only ``id`` and ``use`` are required)::

    id, use, name, country, permit_application, construction_start, completion,
    reference_study_period, tags, use_shares, part,
    area.<area id>, <indicator>.<modules>, term.<adjustment id>

``area.<id>`` is in m² and ``<indicator>.<modules>`` in the indicator's canonical unit
(kg CO2e, or EUR) over the study period. ``term.<id>`` is a limit adjustment term the
building declares (a fraction for a multiplicative term, the limit's unit for an additive
one); an empty cell is not declared, never 0. An empty cell is *not stated* / *not declared*;
``ND`` in a result cell is an explicit "not declared" entry; ``0`` is a declared zero.
``tags`` are ``;``-separated; ``use_shares`` reads ``use:share;use:share``. A row with a
``part`` id is a part of the building with the same ``id`` (its own ``use``, areas and
results; the building's dates, period and tags apply).

Errors name the column and the row (counted from 1, as a spreadsheet shows data rows) and,
given one, the source.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from climatelimits.areas import AREA_DEFINITIONS
from climatelimits.buildings import DateBasis, UseCategory
from climatelimits.exceptions import DataFormatError, UnknownReferenceError
from climatelimits.indicators import INDICATORS
from climatelimits.lifecycle import ModuleSet

__all__ = ["TableError", "TextCodes", "columns_of_stock", "stock_from_columns"]

Array = np.ndarray[Any, Any]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_PLAIN = ("id", "use", "name", "country", "reference_study_period", "tags", "use_shares", "part")
_DATES = tuple(b.value for b in DateBasis)
ND_TEXT = frozenset({"ND", "MND", "nd", "not declared"})
"""Cell texts that mark an explicit "not declared" result entry."""


class TableError(DataFormatError):
    """A cell or a column of a stock table breaks a rule."""


class TextCodes:
    """A text column given as its cells and each row's: ``values[codes]`` are the rows.

    A reader that has the column encoded already (pyarrow) hands it over this way, so
    that each distinct cell is looked at once rather than once per row.

    Parameters
    ----------
    values : ndarray of object
        Cells as :meth:`str.strip` leaves them, ``""`` where empty; not necessarily
        distinct or sorted.
    codes : ndarray of intp
        Each row's cell, an index into ``values``.
    """

    __slots__ = ("codes", "values")

    def __init__(self, values: Array, codes: Array) -> None:
        self.values = values
        self.codes = codes

    @property
    def shape(self) -> tuple[int]:
        """``(rows,)``, as an array's."""
        return (self.codes.shape[0],)

    @property
    def ndim(self) -> int:
        """1, as a column's."""
        return 1

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def __getitem__(self, rows: Array) -> TextCodes:
        return TextCodes(self.values, self.codes[rows])

    def texts(self) -> Array:
        """Each row's cell (an object array)."""
        out: Array = self.values[self.codes]
        return out

    def empty(self) -> Array:
        """Whether each row's cell is empty."""
        mask: Array = (self.values == "")[self.codes]
        return mask


def _fail(message: str, source: str | None) -> TableError:
    return TableError(source or "stock table", (message,))


def _where(column: str, row: int | None) -> str:
    return f"column `{column}`" if row is None else f"row {row + 1}, column `{column}`"


def _as_array(values: Any, column: str, n: int | None, source: str | None) -> Any:
    if isinstance(values, TextCodes):
        array: Any = values
    else:
        array = values.to_numpy() if hasattr(values, "to_numpy") else np.asarray(values)
    if array.ndim != 1:
        msg = f"{_where(column, None)} must be one-dimensional"
        raise _fail(msg, source)
    if n is not None and array.shape[0] != n:
        msg = f"{_where(column, None)} must have {n} rows like `id`; got {array.shape[0]}"
        raise _fail(msg, source)
    return array


def _is_empty(value: Any) -> bool:
    if value is None or _is_pandas_na(value):
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _is_pandas_na(value: Any) -> bool:
    """Whether ``value`` is pandas' missing value (``pd.NA``), without importing pandas."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and value is getattr(pandas, "NA", None)


def _empty_mask(array: Array | TextCodes) -> Array:
    if isinstance(array, TextCodes):
        return array.empty()
    if array.dtype.kind == "f":
        mask: Array = np.isnan(array)
        return mask
    if array.dtype.kind in "iub":
        return np.zeros(array.shape[0], dtype=bool)
    if array.dtype.kind == "M":
        nat: Array = np.isnat(array)
        return nat
    return np.array(
        [not v.strip() if type(v) is str else _is_empty(v) for v in array.tolist()], dtype=bool
    )


def _texts(array: Array | TextCodes) -> Array:
    """Cells as stripped text (``""`` where empty)."""
    if isinstance(array, TextCodes):
        return array.texts()
    if array.dtype.kind != "O":
        empty = _empty_mask(array)
        return np.array(
            ["" if e else str(v).strip() for v, e in zip(array, empty, strict=True)], object
        )
    out = np.full(array.shape[0], "", dtype=object)
    # A Parquet text column is often all None: only the other cells are looked at.
    given = np.flatnonzero(np.not_equal(array, np.array(None, dtype=object)))
    cells = array[given].tolist()
    if set(map(type, cells)) <= {str}:
        out[given] = list(map(str.strip, cells))  # all text: one pass in C
    else:
        out[given] = [
            v.strip() if type(v) is str else ("" if _is_empty(v) else str(v).strip())
            for v in cells
        ]
    return out


def _factorize(texts: Array | TextCodes) -> tuple[list[str], Array]:
    """Distinct texts in sorted order and, per row, the index of its text among them.

    One pass of hashing, not a sort of every row: the rows of a large stock take their
    value from a handful of distinct texts (given as :class:`TextCodes`, only those are
    looked at).
    """
    if isinstance(texts, TextCodes):
        used = np.bincount(texts.codes, minlength=len(texts.values)) > 0
        cells, inverse = _factorize(texts.values[used])
        renumber = np.zeros(len(texts.values), dtype=np.intp)
        renumber[used] = inverse
        return cells, renumber[texts.codes]
    listed = texts.tolist()
    values = sorted(dict.fromkeys(listed))
    index = {value: k for k, value in enumerate(values)}
    inverse = np.fromiter(map(index.__getitem__, listed), dtype=np.intp, count=len(listed))
    return values, inverse


def _numbers(
    array: Array,
    column: str,
    source: str | None,
    *,
    unit: str,
    allow_nd: bool = False,
) -> tuple[Array, Array, Array]:
    """Parse a numeric column: (values, stated, explicitly-not-declared)."""
    if isinstance(array, TextCodes):
        array = array.texts()
    n = array.shape[0]
    nd = np.zeros(n, dtype=bool)
    texts: Array | None = None
    if array.dtype.kind in "iuf":
        # NaN is already "not stated": one copy, and the rest only looks for infinities.
        values = np.array(array, dtype=np.float64)
        stated = ~np.isnan(values)
        if not np.isinf(values).any():
            return values, stated, nd
    elif array.dtype.kind == "b":
        msg = f"{_where(column, None)} must hold numbers [{unit}]; got true/false"
        raise _fail(msg, source)
    else:
        texts = _texts(array)
        stated = texts != ""
        if allow_nd:
            nd = np.isin(texts, list(ND_TEXT))
            stated &= ~nd
        values = np.zeros(n)
        for row in np.flatnonzero(stated):
            cell = texts[row]
            if not isinstance(array[row], str):
                number = array[row]
                if isinstance(number, bool) or not isinstance(number, int | float | np.number):
                    msg = f"{_where(column, int(row))} must be a number [{unit}]; got {number!r}"
                    raise _fail(msg, source)
                values[row] = float(number)
                continue
            if not _NUMBER.match(cell):
                hint = " (use a decimal point, not a comma)" if "," in cell else ""
                msg = f"{_where(column, int(row))} must be a number [{unit}]{hint}; got {cell!r}"
                raise _fail(msg, source)
            values[row] = float(cell)
    bad = stated & ~np.isfinite(values)
    if np.any(bad):
        first = int(np.flatnonzero(bad)[0])
        # The cell as received: text as written ('1e999'), a number as a float (inf).
        cell = array[first]
        shown = repr(texts[first]) if texts is not None and isinstance(cell, str) else None
        got = shown if shown is not None else f"{float(values[first])!r} {unit}"
        msg = f"{_where(column, first)} must be a finite number [{unit}]; got {got}"
        raise _fail(msg, source)
    return np.where(stated, values, np.nan), stated, nd


def _dates(array: Array | TextCodes, column: str, source: str | None) -> Array:
    if not isinstance(array, TextCodes) and array.dtype.kind == "M":
        days: Array = array.astype("datetime64[D]")
        # A timestamp is a date only at midnight: a time of day is refused, not cut off.
        timed = np.flatnonzero(~np.isnat(array) & (days != array))
        if timed.size:
            row = int(timed[0])
            shown = str(np.datetime_as_string(array[row], unit="auto"))
            msg = f"{_where(column, row)} must be a date, without a time of day; got {shown!r}"
            raise _fail(msg, source)
        return days
    texts = array if isinstance(array, TextCodes) else _texts(array)
    # Each distinct text is parsed once; rows take their date through the inverse index.
    values, inverse = _factorize(texts)
    parsed_values = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[D]")
    for k, value in enumerate(values):
        if value == "":
            continue
        parsed = None
        if _DATE.match(value):
            try:
                parsed = np.datetime64(value, "D")
            except ValueError:
                parsed = None
        if parsed is None:
            row = int(np.flatnonzero(inverse == k)[0])
            msg = f"{_where(column, row)} must be a date written YYYY-MM-DD; got {value!r}"
            raise _fail(msg, source)
        parsed_values[k] = parsed
    out: Array = parsed_values[inverse]
    return out


def _uses(array: Array | TextCodes, column: str, source: str | None) -> Array:
    codes = np.zeros(array.shape[0], dtype=np.int16)
    all_uses = list(UseCategory)
    known = ", ".join(u.value for u in UseCategory)
    values, inverse = _factorize(array if isinstance(array, TextCodes) else _texts(array))
    value_codes = np.zeros(len(values), dtype=np.int16)
    for k, value in enumerate(values):
        try:
            value_codes[k] = all_uses.index(UseCategory(value))
        except ValueError:
            row = int(np.flatnonzero(inverse == k)[0])
            shown = "an empty cell" if value == "" else repr(value)
            msg = f"{_where(column, row)} must be a use, one of {known}; got {shown}"
            raise _fail(msg, source) from None
    codes[:] = value_codes[inverse]
    return codes


def _result_key(column: str, source: str | None) -> tuple[str, ModuleSet] | None:
    indicator, dot, modules = column.partition(".")
    if not dot or indicator not in INDICATORS:
        return None
    try:
        parsed = ModuleSet.parse(modules)
    except ValueError as exc:
        msg = f"column `{column}` must name modules after the indicator, e.g. A1-A3: {exc}"
        raise _fail(msg, source) from None
    if not parsed:
        msg = f"column `{column}` must name at least one module"
        raise _fail(msg, source)
    return indicator, parsed


def _classify(names: Sequence[str], source: str | None) -> dict[str, Any]:
    """Sort column names into their roles, refusing unknown ones."""
    areas: dict[str, str] = {}
    results: dict[str, tuple[str, ModuleSet]] = {}
    terms: dict[str, str] = {}
    for name in names:
        if name in _PLAIN or name in _DATES:
            continue
        if name.startswith("term."):
            term = name[len("term.") :]
            if not re.match(r"^[a-z][a-z0-9_]*$", term):
                msg = (
                    f"column `{name}` must name an adjustment id after `term.` (a lower-case "
                    f"identifier such as term.micombles)"
                )
                raise _fail(msg, source)
            terms[name] = term
            continue
        if name.startswith("area."):
            area = name[len("area.") :]
            if area not in AREA_DEFINITIONS:
                known = ", ".join(sorted(AREA_DEFINITIONS))
                msg = f"column `{name}` must name an area definition after `area.` ({known})"
                raise _fail(msg, source)
            areas[name] = area
            continue
        key = _result_key(name, source)
        if key is None:
            msg = (
                f"column `{name}` is not part of the stock table layout (id, use, name, "
                f"country, {', '.join(_DATES)}, reference_study_period, tags, use_shares, "
                f"part, area.<area id>, <indicator>.<modules>, term.<adjustment id>); rename "
                f"it or use a mapping file"
            )
            raise _fail(msg, source)
        if key in results.values():
            msg = f"column `{name}` repeats the results of another column ({key[0]}.{key[1]})"
            raise _fail(msg, source)
        results[name] = key
    for required in ("id", "use"):
        if required not in names:
            msg = f"the stock table must have a column `{required}`"
            raise _fail(msg, source)
    return {"areas": areas, "results": results, "terms": terms}


def _tags(
    texts: Array | TextCodes, column: str, source: str | None
) -> tuple[tuple[str, ...], Array]:
    # Distinct cells are split once: a register repeats a few tag sets over many rows.
    cells, inverse = _factorize(texts)
    split = [tuple(t.strip() for t in cell.split(";") if t.strip()) for cell in cells]
    names = tuple(sorted({t for row in split for t in row}))
    for tag in names:
        if not re.match(r"^[a-z][a-z0-9_]*$", tag):
            holders = [k for k, row in enumerate(split) if tag in row]
            first = int(np.flatnonzero(np.isin(inverse, holders))[0])
            msg = f"{_where(column, first)} must hold lower-case identifiers; got {tag!r}"
            raise _fail(msg, source)
    index = {t: j for j, t in enumerate(names)}
    per_cell = np.zeros((len(split), len(names)), dtype=bool)
    for k, row_tags in enumerate(split):
        for tag in row_tags:
            per_cell[k, index[tag]] = True
    matrix: Array = per_cell[inverse]
    return names, matrix


def _shares(texts: Array | TextCodes, uses: Array, column: str, source: str | None) -> Any:
    """Read the use shares of the rows that state them (a sparse table of shares)."""
    from climatelimits.stocks import UseShares  # noqa: PLC0415

    all_uses = list(UseCategory)
    if isinstance(texts, TextCodes):
        stated = np.flatnonzero(~texts.empty())
        cells = texts[stated].texts()
    else:
        stated = np.flatnonzero(texts != "")
        cells = texts[stated]
    table = np.zeros((stated.shape[0], len(all_uses)))
    for k, i in enumerate(stated):
        for item in str(cells[k]).split(";"):
            use_text, colon, share_text = item.partition(":")
            try:
                use = UseCategory(use_text.strip())
                share = float(share_text) if _NUMBER.match(share_text.strip()) else math.nan
            except ValueError:
                share = math.nan
                use = None
            if not colon or use is None or not 0 < share <= 1:
                msg = (
                    f"{_where(column, int(i))} must read use:share;use:share with shares "
                    f"above 0 and at most 1; got {item.strip()!r}"
                )
                raise _fail(msg, source)
            if table[k, all_uses.index(use)]:
                msg = (
                    f"{_where(column, int(i))} must name each use once; got {use.value!r} "
                    f"twice in {cells[k]!r}"
                )
                raise _fail(msg, source)
            table[k, all_uses.index(use)] = share
        total = table[k].sum()
        if abs(total - 1.0) > 1e-6 or table[k, int(uses[i])] == 0:
            msg = (
                f"{_where(column, int(i))} must add up to 1 and include the row's use "
                f"({all_uses[int(uses[i])].value}); got {cells[k]!r}"
            )
            raise _fail(msg, source)
    return UseShares(stated.astype(np.intp), table)


class _Table:
    """Parsed columns of one table, with the rows of buildings and of parts."""

    def __init__(self, columns: Mapping[str, Any], source: str | None) -> None:
        self.source = source
        names = [str(k) for k in columns]
        self.roles = _classify(names, source)
        n = _as_array(columns["id"], "id", None, source).shape[0]
        self.arrays = {str(k): _as_array(v, str(k), n, source) for k, v in columns.items()}
        self.ids = _texts(self.arrays["id"])
        if np.any(self.ids == ""):
            row = int(np.flatnonzero(self.ids == "")[0])
            msg = f"{_where('id', row)} must be a non-empty text"
            raise _fail(msg, source)
        self.uses = _uses(self.arrays["use"], "use", source)
        self.parts = self.text("part")
        given = self.arrays.get("part")
        self.is_part = (
            ~given.empty() if isinstance(given, TextCodes) else np.not_equal(self.parts, "")
        )
        self.whole = np.flatnonzero(~self.is_part)
        self.names = self.text("name")

    def text(self, column: str) -> Array:
        """Cells of a text column (all empty when the column is absent)."""
        if column not in self.arrays:
            return np.full(self.ids.shape[0], "", dtype=object)
        return _texts(self.arrays[column])

    def at(self, column: str, rows: Array) -> Any:
        """Cells of ``column`` at ``rows`` (the column itself when those are all its rows)."""
        values = self.arrays[column]
        if rows is self.whole and rows.shape[0] == self.ids.shape[0]:
            return values
        return values[rows]

    def cells(self, column: str) -> Array | TextCodes:
        """Cells of a text column as :meth:`text`, or as given when given encoded."""
        given = self.arrays.get(column)
        return given if isinstance(given, TextCodes) else self.text(column)

    def areas(self, rows: Array) -> dict[str, Array]:
        """Areas [m²] of ``rows`` per area definition."""
        out: dict[str, Array] = {}
        for column, area in self.roles["areas"].items():
            values, stated, _ = _numbers(self.at(column, rows), column, self.source, unit="m²")
            bad = np.flatnonzero(stated & ~(values > 0))
            if bad.size:
                msg = (
                    f"{_where(column, int(rows[bad[0]]))} must be greater than 0 m²; "
                    f"got {values[bad[0]]:g} m²"
                )
                raise _fail(msg, self.source)
            out[area] = values
        return out

    def terms(self, rows: Array) -> dict[str, Array]:
        """Return the declared limit terms of ``rows`` per adjustment id (NaN: not declared)."""
        out: dict[str, Array] = {}
        for column, term in self.roles["terms"].items():
            values, _, _ = _numbers(
                self.arrays[column][rows], column, self.source, unit="fraction or limit unit"
            )
            out[term] = values
        return out

    def results(self, rows: Array) -> dict[tuple[str, ModuleSet], Any]:
        """Return the result columns of ``rows``."""
        from climatelimits.stocks import ResultColumn  # noqa: PLC0415

        out: dict[tuple[str, ModuleSet], Any] = {}
        for column, key in self.roles["results"].items():
            unit = INDICATORS[key[0]].unit
            values, stated, nd = _numbers(
                self.at(column, rows), column, self.source, unit=unit, allow_nd=True
            )
            # The arrays are this reader's own: the column keeps them, without copies.
            listed = stated | nd if nd.any() else stated
            out[key] = ResultColumn(np.where(stated, values, 0.0), stated, listed)
        return out

    def owners(self) -> tuple[Array, Array]:
        """Rows of the parts and the building (index among whole rows) of each."""
        building_ids = self.ids[self.whole]
        listed = building_ids.tolist()
        if len(set(listed)) != len(listed):
            first: dict[str, int] = {}
            for local, value in enumerate(listed):
                if value in first:
                    row = int(self.whole[local])
                    msg = f"{_where('id', row)} repeats the id {value!r} of row {first[value] + 1}"
                    raise _fail(msg, self.source)
                first[value] = int(self.whole[local])
        part_rows = np.flatnonzero(self.is_part)
        local_of = {value: local for local, value in enumerate(listed)} if part_rows.size else {}
        owners = np.zeros(part_rows.shape[0], dtype=np.intp)
        for k, part_row in enumerate(part_rows.tolist()):
            owner = self.ids[part_row]
            if owner not in local_of:
                msg = f"{_where('part', part_row)} names building {owner!r}, which has no row"
                raise _fail(msg, self.source)
            owners[k] = local_of[owner]
        # Part ids are unique within their building, as `Building.parts` requires.
        seen: dict[tuple[int, str], int] = {}
        for k, part_row in enumerate(part_rows.tolist()):
            key = (int(owners[k]), str(self.parts[part_row]))
            if key in seen:
                msg = (
                    f"{_where('part', part_row)} repeats the part id {key[1]!r} of building "
                    f"{self.ids[part_row]!r} (row {seen[key] + 1}); part ids must be unique "
                    "within a building"
                )
                raise _fail(msg, self.source)
            seen[key] = part_row
        for column in (*_PLAIN, *_DATES, *self.roles["terms"]):
            if column in self.arrays and column not in ("id", "use", "part", "name"):
                stated = np.flatnonzero(~_empty_mask(self.arrays[column][part_rows]))
                if stated.size:
                    row = int(part_rows[stated[0]])
                    cell = _texts(self.arrays[column][np.array([row])])[0]
                    msg = (
                        f"{_where(column, row)} must be empty on a part row: a part shares "
                        f"its building's {column}; got {cell!r}"
                    )
                    raise _fail(msg, self.source)
        order = np.argsort(owners, kind="stable")
        return part_rows[order], owners[order]

    def period(self) -> Array | None:
        """Return the reference study periods [year] of the buildings."""
        if "reference_study_period" not in self.arrays:
            return None
        column = "reference_study_period"
        period, _, _ = _numbers(self.at(column, self.whole), column, self.source, unit="a")
        bad = np.flatnonzero(~np.isnan(period) & ~(period > 0))
        if bad.size:
            msg = (
                f"{_where(column, int(self.whole[bad[0]]))} must be longer than 0 years; "
                f"got {period[bad[0]]:g} a"
            )
            raise _fail(msg, self.source)
        return period

    def country(self) -> Array | None:
        """Country codes of the buildings (``None`` where not stated)."""
        if "country" not in self.arrays:
            return None
        # Each distinct cell is checked once; rows take theirs through the codes.
        cells, codes = _factorize(self.cells("country")[self.whole])
        wrong = np.array([t != "" and not re.match(r"^[A-Z]{2}$", t) for t in cells], bool)
        bad = np.flatnonzero(wrong[codes])
        if bad.size:
            msg = (
                f"{_where('country', int(self.whole[bad[0]]))} must be an ISO 3166-1 alpha-2 "
                f"code such as 'SE'; got {cells[codes[bad[0]]]!r}"
            )
            raise _fail(msg, self.source)
        out: Array = np.array([t or None for t in cells], dtype=object)[codes]
        return out


def stock_from_columns(
    columns: Mapping[str, Any], *, name: str = "", source: str | None = None
) -> Any:
    """Build a :class:`~climatelimits.stocks.Stock` from columns in the table layout.

    Parameters
    ----------
    columns
        Column name -> sequence or array, all of one length.
    name
        Name of the stock.
    source
        Where the columns come from (a file path), for error messages.

    Raises
    ------
    TableError
        If a column is unknown or a cell breaks its column's rule (naming row and column).
    """
    from climatelimits.stocks import Stock, StockParts  # noqa: PLC0415

    table = _Table(columns, source)
    whole = table.whole
    part_rows, owners = table.owners()
    tag_names: tuple[str, ...] = ()
    tags = None
    if "tags" in table.arrays:
        tag_names, tags = _tags(table.cells("tags")[whole], "tags", source)
    shares = None
    if "use_shares" in table.arrays:
        shares = _shares(table.cells("use_shares")[whole], table.uses[whole], "use_shares", source)
    dates: dict[DateBasis | str, Array] = {
        basis: _dates(table.at(basis, whole), basis, source)
        for basis in _DATES
        if basis in table.arrays
    }
    try:
        parts = StockParts.build(
            building=owners,
            ids=table.parts[part_rows],
            use=table.uses[part_rows],
            areas=table.areas(part_rows),
            results=table.results(part_rows),
            names=table.names[part_rows],
        )
    except TableError:
        raise  # already names the source and the table row
    except (ValueError, UnknownReferenceError) as exc:
        raise _table_rows(exc, part_rows, source) from None
    try:
        return Stock.build(
            ids=table.ids[whole],
            use=table.uses[whole],
            country=table.country(),
            dates=dates,
            reference_study_period=table.period(),
            areas=table.areas(whole),
            results=table.results(whole),
            tag_names=tag_names,
            tags=tags,
            use_shares=shares,
            parts=parts,
            names=table.names[whole],
            name=name,
            limit_terms=table.terms(whole),
        )
    except TableError:
        raise  # already names the source (areas and results are parsed in the call)
    except (ValueError, UnknownReferenceError) as exc:
        raise _table_rows(exc, whole, source) from None


def _table_rows(exc: Exception, rows: Array, source: str | None) -> TableError:
    """Return ``exc`` as a table error whose ``row N`` counts the rows of the table.

    ``Stock.build`` and ``StockParts.build`` count their own rows (buildings, or parts);
    ``rows`` gives the table row (from 0) of each.
    """

    def fix(match: re.Match[str]) -> str:
        k = int(match.group(1)) - 1
        return f"row {int(rows[k]) + 1}" if 0 <= k < rows.shape[0] else match.group(0)

    return _fail(re.sub(r"\brow (\d+)\b", fix, str(exc)), source)


def columns_of_stock(stock: Any, *, nd_text: bool = False) -> dict[str, Array]:
    """Return a stock as columns in the table layout (part rows after their building).

    Numbers are floats (NaN where not stated or not declared), dates ``datetime64[D]``
    (NaT where not stated), text columns object arrays (``""`` where empty). With
    ``nd_text``, a result column that holds explicit not-declared entries is text instead,
    as a file writes it: ``"ND"`` there, ``""`` where there is no entry, and each value
    written so that it reads back exactly (``repr``).
    """
    from climatelimits.stocks import USES  # noqa: PLC0415

    n = len(stock)
    parts = stock.parts
    p = len(parts)
    # Row order: each building, then its parts.
    position = np.arange(n) + np.searchsorted(parts.building, np.arange(n), side="left")
    part_position = parts.building + np.arange(p) + 1
    total = n + p
    use_names = np.array([u.value for u in USES], dtype=object)

    def spread(building_values: Array, part_values: Array | None, fill: Any) -> Array:
        out = np.full(total, fill, dtype=building_values.dtype)
        out[position] = building_values
        if part_values is not None:
            out[part_position] = part_values
        return out

    columns: dict[str, Array] = {
        "id": spread(stock.ids, stock.ids[parts.building], ""),
        "part": spread(np.full(n, "", object), parts.ids, ""),
        "use": spread(use_names[stock.use], use_names[parts.use], ""),
        "name": spread(stock.names, parts.names, ""),
        "country": spread(np.array([c or "" for c in stock.country], object), None, ""),
    }
    for basis, values in stock.dates.items():
        columns[basis.value] = spread(values, None, np.datetime64("NaT"))
    columns["reference_study_period"] = spread(stock.reference_study_period, None, np.nan)
    tag_text = np.full(n, "", dtype=object)
    tagged = np.flatnonzero(stock.tags.any(axis=1))
    tag_text[tagged] = [
        ";".join(t for j, t in enumerate(stock.tag_names) if row[j]) for row in stock.tags[tagged]
    ]
    columns["tags"] = spread(tag_text, None, "")
    # Only the buildings that state use shares have any: one line of text each.
    share_text = np.full(n, "", dtype=object)
    shares = stock.use_shares
    share_text[shares.rows] = [
        ";".join(f"{USES[j].value}:{float(row[j])!r}" for j in np.flatnonzero(row))
        for row in shares.shares
    ]
    columns["use_shares"] = spread(share_text, None, "")
    for area in sorted(set(stock.areas) | set(parts.areas)):
        columns[f"area.{area}"] = spread(
            stock.area(area), parts.areas.get(area, np.full(p, np.nan)), np.nan
        )
    keys = sorted(
        set(stock.results) | set(parts.results),
        key=lambda k: (k[0], k[1].mask & -k[1].mask, k[1].mask),
    )
    for key in keys:
        mine = stock.results.get(key)
        theirs = parts.results.get(key)
        b = np.full(n, np.nan) if mine is None else np.where(mine.declared, mine.values, np.nan)
        q = (
            np.full(p, np.nan)
            if theirs is None
            else np.where(theirs.declared, theirs.values, np.nan)
        )
        column = spread(b, q, np.nan)
        if nd_text:
            nd = spread(
                np.zeros(n, bool) if mine is None else mine.listed & ~mine.declared,
                None if theirs is None else theirs.listed & ~theirs.declared,
                False,
            )
            column = _with_nd(column, nd)
        columns[f"{key[0]}.{key[1]}"] = column
    for term, values in stock.limit_terms.items():
        columns[f"term.{term}"] = spread(values, None, np.nan)
    return columns


def _with_nd(values: Array, nd: Array) -> Array:
    """Return a result column as text with ``ND`` at ``nd``, or as it is when none is."""
    if not nd.any():
        return values
    text = np.array(["" if x != x else repr(x) for x in values.tolist()], dtype=object)  # noqa: PLR0124
    text[nd] = "ND"
    return text
