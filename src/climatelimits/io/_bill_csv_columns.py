"""Read a plain CSV bill straight into columns (internal).

Two tokenizers give the same cells: ``pyarrow.csv`` (when pyarrow, the extra ``arrow``, is
installed), and a split of the text with the standard library. Both take plain text only,
without quotes or carriage returns and with every row as wide as the header; both hand
their cells to :func:`bill_from_cells`, which reads each distinct cell once (a unit string
is parsed once per file, not once per line) and builds the bill's columns without an
object per line. Anything that is not plain (an empty required cell, a value that does not
read, a repeated id) returns None: the row-by-row reader of :mod:`climatelimits.io.bills`
then reads the file and names every problem with its line and column, whichever tokenizer
ran first.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np

from climatelimits._calc_kernels import first_use
from climatelimits._frozen import frozen
from climatelimits._gc import collector_paused
from climatelimits._optional import import_optional
from climatelimits._validators import positive_duration
from climatelimits.exceptions import (
    ClimateLimitsError,
    InvalidInputError,
    MissingOptionalDependencyError,
)
from climatelimits.io._arrow_text import PYTHON_WHITESPACE
from climatelimits.quantities import (
    BillColumns,
    BillOfQuantities,
    ColumnBuilder,
    Transport,
    to_waste_factor,
)
from climatelimits.units import Quantity, as_quantity, parse_unit

Array = np.ndarray[Any, Any]

TRANSPORT_COLUMNS: Final = ("transport_mode", "transport_distance", "transport_factor")
_LEG_COLUMNS: Final = (*TRANSPORT_COLUMNS, "transport_indicator")
_OWN_COLUMNS: Final = frozenset({"id", "quantity"})
"""Columns not read as :class:`TextColumn`: the ids (one per line) and the numbers."""


class NotPlainError(Exception):
    """A CSV bill needs the row-by-row reader, which names every problem."""


# -- cells shared by the row-by-row reader ------------------------------------------------
def csv_number(raw: str, what: str) -> float:
    """Read a number cell; the message says what was expected."""
    try:
        number = float(raw)
    except ValueError:
        hint = " (write decimals with a point)" if "," in raw else ""
        msg = f"must be {what}{hint}; got {raw!r}"
        raise InvalidInputError(msg) from None
    if not math.isfinite(number):
        msg = f"must be a finite number; got {raw!r}"
        raise InvalidInputError(msg)
    return number


def csv_quantity(raw: str, default_unit: str, what: str) -> Quantity:
    """Read a cell holding a number in ``default_unit``, or a number with its unit."""
    text = raw.strip()
    try:
        number = float(text)
    except ValueError:
        return as_quantity(text, field=what)
    if not math.isfinite(number):
        msg = f"must be a finite number; got {raw!r}"
        raise InvalidInputError(msg)
    return as_quantity(number, default_unit, field=what)


# -- cells --------------------------------------------------------------------------------
@attrs.frozen
class TextColumn:
    """One text column: its distinct cells (stripped), and each row's.

    Attributes
    ----------
    values : tuple of str
        The distinct stripped cells (see :meth:`by_first_use`).
    codes : ndarray of intp
        Each row's cell, an index into ``values``.
    """

    values: tuple[str, ...]
    codes: Array

    @classmethod
    def blank(cls, n: int) -> TextColumn:
        """Return a column that the file does not have: ``n`` empty cells."""
        return cls(("",), np.zeros(n, dtype=np.intp))

    @classmethod
    def of(cls, cells: Iterable[str], n: int) -> TextColumn:
        """Return ``n`` stripped cells numbered in order of first use."""
        index: dict[str, int] = {}
        codes = np.fromiter(
            (index.setdefault(cell, len(index)) for cell in cells), dtype=np.intp, count=n
        )
        return cls(tuple(index), codes)

    @classmethod
    def from_dictionary(cls, raw: Sequence[str], codes: Array) -> TextColumn:
        """Return a dictionary-encoded column, its values stripped and equal ones merged."""
        index: dict[str, int] = {}
        merged = np.fromiter(
            (index.setdefault(cell.strip(), len(index)) for cell in raw),
            dtype=np.intp,
            count=len(raw),
        )
        return cls(tuple(index), merged[codes] if len(index) < len(raw) else codes)

    def by_first_use(self) -> TextColumn:
        """Return the column with its values in the order of the row each first appears in."""
        if len(self.values) == 1:
            return self
        first = first_use(self.codes, len(self.values))
        if (first[1:] > first[:-1]).all():
            return self
        order = np.argsort(first, kind="stable")
        renumber = np.empty(len(order), dtype=np.intp)
        renumber[order] = np.arange(len(order), dtype=np.intp)
        return TextColumn(tuple(self.values[k] for k in order.tolist()), renumber[self.codes])

    def per_line(self) -> tuple[str, ...]:
        """Return each row's cell."""
        if len(self.values) == 1:
            return self.values * len(self.codes)
        return tuple(self.per_row(self.values, object).tolist())

    def read_each(self, read: Callable[[str], Any], empty: Any) -> list[Any]:
        """Return ``read(cell)`` of each distinct cell (``empty`` for ``""``), or raise."""
        out: list[Any] = []
        for cell in self.values:
            if not cell:
                out.append(empty)
                continue
            try:
                out.append(read(cell))
            except (ClimateLimitsError, ValueError) as exc:
                raise NotPlainError from exc
        return out

    def per_row(self, values: Sequence[Any], dtype: Any = None) -> Array:
        """Return ``values[code]`` of each row (one value per distinct cell)."""
        return np.asarray(values, dtype=dtype)[self.codes]


@attrs.frozen
class Cells:
    """The cells of a plain CSV bill, as a tokenizer read them.

    Attributes
    ----------
    ids : tuple of str
        Each row's id, stripped.
    quantity : ndarray of float64
        Each row's quantity.
    columns : Mapping[str, TextColumn]
        Every other column of the file, by name.
    """

    ids: tuple[str, ...]
    quantity: Array
    columns: Mapping[str, TextColumn]

    def column(self, name: str) -> TextColumn:
        """Return the column ``name``; a column the file does not have is all empty."""
        found = self.columns.get(name)
        return TextColumn.blank(len(self.ids)) if found is None else found


# -- the two tokenizers -------------------------------------------------------------------
def _split_plain(text: str, delimiter: str, width: int) -> list[list[str]] | None:
    """Split CSV text without quotes into its columns (header row left out), or None.

    Text with quotes or carriage returns, and text whose rows do not all have ``width``
    cells (blank lines included), is left to :mod:`csv`.
    """
    if '"' in text or "\r" in text:
        return None
    rows = text.split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    if len(rows) < 2:  # no row below the header
        return None
    if set(map(operator.methodcaller("count", delimiter), rows)) != {width - 1}:
        return None
    flat = delimiter.join(rows[1:]).split(delimiter)
    return [flat[k::width] for k in range(width)]


def python_cells(text: str, delimiter: str, names: Sequence[str]) -> Cells | None:
    """Read plain CSV text with the standard library; None if it is not plain."""
    split = _split_plain(text, delimiter, len(names))
    if split is None:
        return None
    by_name = dict(zip(names, split, strict=True))
    n = len(split[0])
    try:
        quantity = np.array(list(map(float, by_name["quantity"])), dtype=np.float64)
    except ValueError:
        return None
    columns = {
        name: TextColumn.of(map(str.strip, cells), n)
        for name, cells in by_name.items()
        if name not in _OWN_COLUMNS
    }
    return Cells(tuple(map(str.strip, by_name["id"])), quantity, columns)


def arrow_cells(text: str, delimiter: str, names: Sequence[str]) -> Cells | None:
    """Read plain CSV text with ``pyarrow.csv``; None if it is not plain or pyarrow missing.

    Every column but the quantities is read as text (the ids trimmed by Arrow of the
    characters :meth:`str.strip` takes off, the others dictionary-encoded as they are read
    and their distinct cells stripped by Python), so the cells are the standard library's,
    stripped the same way.
    The quantities are read as float64 by Arrow, which takes a subset of what Python's
    ``float`` takes (no ``_``, no digits of other scripts) and rounds correctly as it
    does; a cell it does not take leaves the file to the standard library.
    """
    if '"' in text or "\r" in text:
        return None
    try:
        pa = import_optional("pyarrow", "arrow")
        pa_csv = import_optional("pyarrow.csv", "arrow")
    except MissingOptionalDependencyError:
        return None
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the standard library reports it
        return None
    keys = [f"c{k}" for k in range(len(names))]
    # Text cells dictionary-encoded as bytes (the text came from a str, so it is valid
    # UTF-8): Arrow's UTF-8 check is left out, and Python decodes the few distinct cells.
    own = {"id": pa.string(), "quantity": pa.float64()}
    text_type = pa.dictionary(pa.int32(), pa.binary())
    types = {key: own.get(name, text_type) for key, name in zip(keys, names, strict=True)}
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(data),
            read_options=pa_csv.ReadOptions(column_names=keys, skip_rows=1),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                quote_char=False,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=types,
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        ).unify_dictionaries()
        by_name = dict(zip(names, table.columns, strict=True))
    except pa.ArrowException:
        return None
    n = table.num_rows
    if not n:
        return None
    columns: dict[str, TextColumn] = {}
    for name, column in by_name.items():
        if name in _OWN_COLUMNS:
            continue
        codes = np.concatenate([chunk.indices.to_numpy() for chunk in column.chunks])
        dictionary = [cell.decode() for cell in column.chunk(0).dictionary.to_pylist()]
        columns[name] = TextColumn.from_dictionary(dictionary, codes.astype(np.intp))
    pc = import_optional("pyarrow.compute", "arrow")
    ids = pc.utf8_trim(by_name["id"], characters=PYTHON_WHITESPACE).to_pylist()
    quantity = np.array(by_name["quantity"].to_numpy(), dtype=np.float64, copy=True)
    return Cells(tuple(ids), quantity, columns)


# -- cells to columns ---------------------------------------------------------------------
def _renumber(key: Array, size: int) -> tuple[Array, int]:
    """Return the distinct values of ``key`` (in ``0..size-1``) numbered by first use."""
    n = len(key)
    if size > 4 * n + 65536:  # sparse: sort rather than a table of every possible value
        distinct, inverse = np.unique(key, return_inverse=True)
        key, size = inverse.reshape(-1), len(distinct)
    first = first_use(key, size)
    used = np.flatnonzero(first < n)
    order = used[np.argsort(first[used], kind="stable")]
    number = np.zeros(size, dtype=np.intp)
    number[order] = np.arange(len(order), dtype=np.intp)
    return number[key], len(order)


def _rows_of(columns: Sequence[TextColumn]) -> tuple[Array, Array]:
    """Return the distinct rows of several columns numbered by first use, and first rows."""
    code, size = columns[0].codes, len(columns[0].values)
    for column in columns[1:]:
        if len(column.values) == 1:  # the same cell in every row: nothing to tell apart
            continue
        key = code.astype(np.int64) * len(column.values) + column.codes
        code, size = _renumber(key, size * len(column.values))
    return code, first_use(code, size)


def _leg(cells: Sequence[str]) -> Transport:
    """Read the transport cells (mode, distance, factor, indicator) of a plain row."""
    mode, distance, factor, indicator = cells
    if not (mode and distance and factor):
        raise NotPlainError
    try:
        return Transport(
            csv_quantity(distance, "km", "transport_distance"),
            mode,
            csv_quantity(factor, "kg CO2e/(t*km)", "transport_factor"),
            indicator or "gwp_total",
        )
    except (ClimateLimitsError, ValueError) as exc:
        raise NotPlainError from exc


def _service_life(raw: str) -> float:
    life = positive_duration(csv_quantity(raw, "year", "service_life"), "service_life")
    return float(life.m)


def _waste_factor(raw: str) -> float | None:
    return to_waste_factor(csv_number(raw, "a number of at least 1"))


def _legs(cells: Cells, builder: ColumnBuilder) -> tuple[Array, Array]:
    """Return the lines with a transport leg and each one's leg (index into the builder's)."""
    columns = [cells.column(name) for name in _LEG_COLUMNS]
    if all(column.values == ("",) for column in columns):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    row_leg, first = _rows_of(columns)
    leg_of: list[int] = []
    for row in first.tolist():
        values = tuple(column.values[column.codes[row]] for column in columns)
        leg_of.append(builder.leg(_leg(values)) if any(values) else -1)
    index = np.asarray(leg_of, dtype=np.intp)[row_leg]
    lines = np.flatnonzero(index >= 0)
    return lines, index[lines]


@collector_paused()
def bill_from_cells(cells: Cells, bill_id: str) -> BillOfQuantities | None:
    """Build the bill of plain cells, or return None if a cell needs the row-by-row reader.

    Each distinct unit, service life, waste factor and transport leg is read once, with
    the functions the row-by-row reader uses.
    """
    ids, quantity = cells.ids, cells.quantity
    products = cells.column("product").by_first_use()
    units = cells.column("unit").by_first_use()
    if "" in products.values or "" in units.values or not all(ids):
        return None
    if not np.isfinite(quantity).all() or (quantity < 0).any():
        return None
    builder = ColumnBuilder()
    try:
        unit_code = units.read_each(lambda r: builder.unit(parse_unit(r, field="unit")), -1)
        service_life = cells.column("service_life")
        lives = service_life.read_each(_service_life, math.nan)
        waste = cells.column("waste_factor")
        wastes = waste.read_each(_waste_factor, math.nan)
        leg_line, leg_index = _legs(cells, builder)
    except NotPlainError:
        return None
    product_code = [builder.product(p) for p in products.values]
    element, classification = cells.column("element"), cells.column("classification")
    columns = BillColumns(
        ids=ids,
        products=products.values,
        product_index=frozen(products.per_row(product_code, np.intp)),
        quantity=frozen(quantity),
        units=builder.units(),
        unit_index=frozen(units.per_row(unit_code, np.intp)),
        service_life=frozen(service_life.per_row(lives, np.float64)),
        waste_factor=frozen(waste.per_row(wastes, np.float64)),
        element=element.per_line(),
        classification=classification.per_line(),
        legs=builder.legs(),
        leg_line=frozen(leg_line),
        leg_index=frozen(leg_index),
    )
    try:
        return BillOfQuantities.from_columns(bill_id or "bill", columns)
    except InvalidInputError:  # a repeated id, named with its line by the row-by-row reader
        return None
