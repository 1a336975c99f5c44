"""Raw tables for :func:`climatelimits.io.stock_files.read_stock`: CSV and Parquet columns.

A :class:`SourceTable` holds the columns of one file as read, before any mapping: text
cells for CSV (``""`` where empty), typed arrays for Parquet. It knows the file line of
each CSV row, so that errors name it, and converts numeric text columns to floats quickly
(pyarrow's kernels where installed, numpy otherwise) with the same rules as the stock
layout parser.
"""

from __future__ import annotations

import csv
import gc
import io
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import numpy as np

from climatelimits._optional import import_optional
from climatelimits._stock_table import TableError, TextCodes
from climatelimits.exceptions import DataFormatError
from climatelimits.io._arrow_text import PYTHON_WHITESPACE

__all__ = [
    "Progress",
    "SourceTable",
    "local_timestamps",
    "read_csv_table",
    "read_parquet_table",
]

Array = np.ndarray[Any, Any]

_NUMBER_CHARS = frozenset("0123456789+-.eE \t")
_NUMBER_PATTERN = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_ROW = re.compile(r"\brow (\d+)\b")


class Progress:
    """A one-line progress bar on stderr, shown only when stderr is a terminal.

    Parameters
    ----------
    label
        What is being read, e.g. the file name.
    total
        The amount of work (bytes, files); 0 when unknown.
    enabled
        Whether to draw at all (the bar is still off when stderr is not a terminal).
    """

    def __init__(self, label: str, total: int, *, enabled: bool = True) -> None:
        self.label = label
        self.total = max(total, 0)
        self.done = 0
        self._shown = -1
        stream = sys.stderr
        self.enabled = enabled and self.total > 0 and stream is not None and stream.isatty()

    def advance(self, amount: int) -> None:
        """Record ``amount`` more units of work and redraw when the percentage changes."""
        self.done += amount
        if not self.enabled:
            return
        percent = min(100, int(100 * self.done / self.total))
        if percent != self._shown:
            self._shown = percent
            bar = "#" * (percent // 4)
            sys.stderr.write(f"\rreading {self.label} [{bar:<25}] {percent:3d}%")
            sys.stderr.flush()

    def close(self) -> None:
        """End the line of the bar."""
        if self.enabled and self._shown >= 0:
            sys.stderr.write("\n")
            sys.stderr.flush()


class SourceTable:
    """The columns of one table file, as read.

    Parameters
    ----------
    source
        The file path, for messages.
    columns
        Column name -> cells: object arrays of text for CSV (``""`` where empty), typed
        arrays for Parquet (NaN, NaT or ``None`` where empty).
    lines
        Returns the file line (from 1) where each data row starts (CSV only; called only
        when an error needs it).
    arrow_columns
        Column name -> pyarrow text column, when pyarrow read the file: converted to
        numbers by pyarrow's kernels (when ``arrow_numbers``) and to text on first use.
    names
        The column names in the file's order (default: ``columns``, then
        ``arrow_columns``).
    arrow_numbers
        Whether :meth:`numbers` converts pyarrow text columns with pyarrow's kernels
        (cells already trimmed); otherwise it reads their cells as Python text.
    """

    def __init__(
        self,
        source: str,
        columns: dict[str, Array],
        lines: Callable[[], Array] | None = None,
        arrow_columns: dict[str, Any] | None = None,
        *,
        text: bool = False,
        names: list[str] | None = None,
        arrow_numbers: bool = True,
    ) -> None:
        self.source = source
        self.text = text
        self._columns = columns
        self._arrow = arrow_columns or {}
        self._arrow_numbers = arrow_numbers
        self.lines = lines
        self.names: list[str] = (
            names
            if names is not None
            else list(columns) + [k for k in self._arrow if k not in columns]
        )
        first = next(iter(self._arrow.values()), None)
        self.n = (
            len(first)
            if first is not None
            else (next(iter(columns.values())).shape[0] if columns else 0)
        )

    def __len__(self) -> int:
        return self.n

    def __contains__(self, name: object) -> bool:
        return name in self._columns or name in self._arrow

    def column(self, name: str) -> Array:
        """Return the cells of column ``name`` (text, or typed values for Parquet)."""
        if name not in self._columns:
            column = self._arrow[name]
            self._columns[name] = np.array(column.to_pylist(), dtype=object)
        return self._columns[name]

    def text_codes(self, name: str, *, each_row: bool = False) -> TextCodes | None:
        """Return text column ``name`` encoded by pyarrow (see :func:`text_codes`).

        ``None`` when pyarrow did not read it as text (then :meth:`column` gives it).
        """
        if name in self._columns or name not in self._arrow:
            return None
        return text_codes(self._arrow[name], each_row=each_row)

    def where(self, row: int) -> str:
        """Describe data row ``row`` (from 0): ``row 7`` or ``row 7 (line 9)``."""
        if self.lines is None:
            return f"row {row + 1}"
        return f"row {row + 1} (line {int(self.lines()[row])})"

    def error(self, message: str) -> TableError:
        """Return a :class:`TableError` on this file."""
        return TableError(self.source, (message,))

    def relabel(self, exc: DataFormatError, rows: Array | None = None) -> TableError:
        """Return ``exc`` with its row numbers made source rows (and lines).

        Parameters
        ----------
        exc
            An error of the layout parser, whose rows count the table it was given.
        rows
            Source row (from 0) of each row of that table (``None``: the same rows).
        """

        def fix(match: re.Match[str]) -> str:
            given = int(match.group(1)) - 1
            row = given if rows is None or given >= rows.shape[0] else int(rows[given])
            return self.where(row)

        problems = tuple(_ROW.sub(fix, p) for p in exc.problems)
        return TableError(self.source, problems)

    def numbers(self, name: str) -> Array | None:
        """Return column ``name`` as floats (NaN where empty).

        ``None`` if a cell is not a plain decimal number (the layout parser then names it).
        """
        if self._arrow_numbers and name not in self._columns and name in self._arrow:
            return _arrow_numbers(self._arrow[name])
        values = self.column(name)
        if values.dtype.kind in "iuf":
            return values.astype(np.float64)
        if values.dtype.kind != "O":
            return None
        return _text_numbers(values, known_text=self.text)


def _text_numbers(values: Array, *, known_text: bool = False) -> Array | None:
    """Floats of a column of text cells, or ``None`` when a cell is not a plain number."""
    if not known_text and not all(isinstance(v, str) for v in values):
        return None
    cells: list[str] = values.tolist()
    if not set("".join(cells)) <= _NUMBER_CHARS:
        return None
    # A cell of spaces makes float() fail, and the layout parser then reads the column.
    filled = [c or "nan" for c in cells] if "" in cells else cells
    try:
        out: Array = np.fromiter(map(float, filled), dtype=np.float64, count=len(filled))
    except ValueError:
        return None
    # Text made of these characters that float() reads is exactly a plain decimal number;
    # "nan" only stands for empty cells here.
    return out


def _open_text(path: Path) -> IO[str]:
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise DataFormatError(str(path), [f"cannot be read: {exc.strerror or exc}"]) from exc


class _CountingReader(io.RawIOBase):
    """A binary file that reports the bytes read to a :class:`Progress`."""

    def __init__(self, raw: IO[bytes], progress: Progress) -> None:
        self._raw = raw
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self._progress.advance(len(data))
        return len(data)


def _row_lines(path: Path) -> Array:
    """Return the line where each data row of a CSV file starts (after the header)."""
    with _open_text(path) as handle:
        reader = csv.reader(handle, strict=True)
        lines: list[int] = []
        start = 1
        header = True
        for row in reader:
            if row and header:
                header = False
            elif row:
                lines.append(start)
            start = reader.line_num + 1
    return np.array(lines, dtype=np.int64)


def _decode_error(path: Path, exc: UnicodeDecodeError) -> DataFormatError:
    with path.open("rb") as handle:
        head = handle.read(exc.start)
    line = head.count(b"\n") + 1
    msg = f"line {line}: must be text in UTF-8; byte {exc.object[exc.start]:#04x} is not"
    return DataFormatError(str(path), [msg])


def _counted(handle: IO[str], progress: Progress) -> Iterator[str]:
    pending = 0
    for line in handle:
        pending += len(line)
        if pending > 1 << 20:
            progress.advance(pending)
            pending = 0
        yield line
    progress.advance(pending)


def _csv_rows(path: Path, handle: IO[str]) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(handle, strict=True)
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        text = str(exc)
        if "unexpected end of data" in text or "EOF" in text:
            msg = f"line {start}: a quoted cell starting on this line is never closed"
        else:
            msg = f"line {reader.line_num}: not valid CSV ({text})"
        raise DataFormatError(str(path), [msg]) from None
    except UnicodeDecodeError as exc:
        raise _decode_error(path, exc) from None


def _read_csv_pure(path: Path, progress: Progress) -> SourceTable:
    with _open_text(path) as handle:
        lines_in: Iterator[str] | IO[str] = (
            _counted(handle, progress) if progress.enabled else handle
        )
        try:
            with _no_gc():
                rows = [row for row in csv.reader(lines_in, strict=True) if row]
        except csv.Error:
            rows = []
            _raise_csv_error(path)
        except UnicodeDecodeError as exc:
            raise _decode_error(path, exc) from None
    if not rows:
        raise DataFormatError(str(path), ["line 1: the file must start with a header row"])
    header = [h.strip() for h in rows[0]]
    _check_header(path, header)
    width = len(header)
    body = rows[1:]
    lines = _lazy(lambda: _row_lines(path))
    if any(len(row) != width for row in body):
        first = next(i for i, row in enumerate(body) if len(row) != width)
        msg = (
            f"line {int(lines()[first])}: must have {width} cells like the header; "
            f"got {len(body[first])}"
        )
        raise DataFormatError(str(path), [msg])
    columns: dict[str, Array] = {name: np.empty(0, dtype=object) for name in header}
    with _no_gc():
        for name, cells in zip(header, zip(*body, strict=True), strict=False):
            column = np.empty(len(cells), dtype=object)
            column[:] = cells
            columns[name] = column
    return SourceTable(str(path), columns, lines, text=True)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of cell lists are made.

    Those lists hold only text, so no cycle can form; the collector would only rescan them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _raise_csv_error(path: Path) -> None:
    """Read the file again row by row to name the line of its CSV error, and raise it."""
    with _open_text(path) as handle:
        for _ in _csv_rows(path, handle):
            pass
    raise DataFormatError(str(path), ["not valid CSV"])  # pragma: no cover - rows raised


def _check_header(path: Path, header: list[str]) -> None:
    seen: set[str] = set()
    for j, name in enumerate(header):
        if not name:
            msg = f"line 1: header cell {j + 1} must name its column; it is empty"
            raise DataFormatError(str(path), [msg])
        if name in seen:
            msg = f"line 1: column `{name}` appears twice in the header"
            raise DataFormatError(str(path), [msg])
        seen.add(name)


def _read_csv_arrow(path: Path, progress: Progress) -> SourceTable | None:
    """Read with pyarrow's CSV reader, every column as text.

    ``None`` if pyarrow refuses the file: the pure reader then names the line.
    """
    pa = import_optional("pyarrow", "arrow")
    pacsv = import_optional("pyarrow.csv", "arrow")
    with _open_text(path) as handle:
        try:
            header_line = next(csv.reader(handle, strict=True), None)
        except (csv.Error, UnicodeDecodeError):
            return None
    if header_line is None:
        return None
    header = [h.strip() for h in header_line]
    _check_header(path, header)
    convert = pacsv.ConvertOptions(
        column_types=dict.fromkeys(header_line, pa.string()),
        null_values=[],
        strings_can_be_null=False,
    )
    parse = pacsv.ParseOptions(newlines_in_values=True)
    read = pacsv.ReadOptions(column_names=header_line, skip_rows=1, block_size=1 << 22)
    try:
        with path.open("rb") as raw:
            counted = io.BufferedReader(_CountingReader(raw, progress), buffer_size=1 << 22)
            table = pacsv.read_csv(
                counted, read_options=read, parse_options=parse, convert_options=convert
            )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    pc = import_optional("pyarrow.compute", "arrow")
    arrow_columns = {
        name: pc.utf8_trim_whitespace(table.column(raw_name))
        for raw_name, name in zip(header_line, header, strict=True)
    }
    return SourceTable(str(path), {}, _lazy(lambda: _row_lines(path)), arrow_columns)


def _arrow_numbers(column: Any) -> Array | None:
    """Floats of a pyarrow text column, or ``None`` when a cell is not a plain number."""
    pa = import_optional("pyarrow", "arrow")
    pc = import_optional("pyarrow.compute", "arrow")
    empty = pc.equal(column, "")
    numeric = pc.match_substring_regex(column, _NUMBER_PATTERN)
    if not pc.all(pc.or_(empty, numeric)).as_py():
        return None
    filled = pc.if_else(empty, pa.scalar(None, pa.string()), column)
    values: Array = pc.cast(filled, pa.float64()).to_numpy(zero_copy_only=False)
    return values


def text_codes(column: Any, *, each_row: bool = False) -> TextCodes:
    """Return a pyarrow text column as :class:`TextCodes`, stripped, ``""`` where null.

    Parameters
    ----------
    column
        A pyarrow (chunked) array of ``string`` or ``large_string``.
    each_row
        Give every row its own cell (for ids, which rarely repeat) rather than
        dictionary-encode the column (for uses, dates, tags, which repeat a few cells).
    """
    pa = import_optional("pyarrow", "arrow")
    pc = import_optional("pyarrow.compute", "arrow")
    n = len(column)
    if column.null_count == n:  # a column the file has but leaves empty
        return TextCodes(np.array([""], dtype=object), np.zeros(n, dtype=np.intp))
    trimmed = pc.fill_null(pc.utf8_trim(column, characters=PYTHON_WHITESPACE), "")
    if each_row:
        values = np.asarray(trimmed.to_numpy(zero_copy_only=False), dtype=object)
        return TextCodes(values, np.arange(values.shape[0], dtype=np.intp))
    encoded = pc.dictionary_encode(trimmed)
    if isinstance(encoded, pa.ChunkedArray):
        if encoded.num_chunks > 1:  # one dictionary for all chunks
            encoded = pa.table({"cells": encoded}).unify_dictionaries().column(0)
        chunks = encoded.chunks
        if not chunks:
            return TextCodes(np.zeros(0, dtype=object), np.zeros(0, dtype=np.intp))
        codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks])
        dictionary = chunks[0].dictionary
    else:
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        dictionary = encoded.dictionary
    values = np.empty(len(dictionary), dtype=object)
    values[:] = dictionary.to_pylist()
    return TextCodes(values, codes.astype(np.intp))


def _lazy(compute: Callable[[], Array]) -> Callable[[], Array]:
    cache: list[Array] = []

    def get() -> Array:
        if not cache:
            cache.append(compute())
        return cache[0]

    return get


def read_csv_table(path: Path, *, progress: bool = False, engine: str = "auto") -> SourceTable:
    """Read a CSV file (UTF-8, with or without BOM, comma-separated, header row first).

    Parameters
    ----------
    path
        The file.
    progress
        Draw a progress bar on stderr (only when it is a terminal).
    engine
        ``"auto"`` (pyarrow when installed, else the standard library), ``"pyarrow"`` or
        ``"python"``.

    Raises
    ------
    DataFormatError
        Naming the line of an unterminated quote, a row with the wrong number of cells, a
        header problem or text that is not UTF-8.
    """
    size = path.stat().st_size if path.is_file() else 0
    bar = Progress(path.name, size, enabled=progress)
    try:
        if engine in ("auto", "pyarrow"):
            try:
                table = _read_csv_arrow(path, bar)
            except DataFormatError:
                raise
            except ImportError:
                if engine == "pyarrow":
                    raise
                table = None
            if table is not None:
                return table
        return _read_csv_pure(path, bar)
    finally:
        bar.close()


def local_timestamps(column: Any) -> Any:
    """Return a pyarrow column of timestamps with a time zone as their local wall time.

    Arrow keeps such timestamps in UTC: midnight of 2025-07-01 in Copenhagen is stored as
    2025-06-30T22:00Z, whose date is the day before. The date a building's file states is
    the local one. Other columns are returned as they are.
    """
    pa = import_optional("pyarrow", "arrow")
    if not (pa.types.is_timestamp(column.type) and column.type.tz is not None):
        return column
    pc = import_optional("pyarrow.compute", "arrow")
    return pc.local_timestamp(column)


def _utf8(pa: Any, column: Any, name: str, path: Path) -> Any:
    """Return a binary Parquet column as text, refusing bytes that are not UTF-8."""
    target = pa.large_string() if pa.types.is_large_binary(column.type) else pa.string()
    try:
        return column.cast(target)
    except pa.ArrowInvalid:
        for row, cell in enumerate(column.to_pylist()):
            try:
                if cell is not None:
                    cell.decode("utf-8")
            except UnicodeDecodeError:
                msg = f"row {row + 1}, column `{name}`: must be UTF-8 text; got {cell!r:.80}"
                raise DataFormatError(str(path), [msg]) from None
        raise  # pragma: no cover - Arrow refused what Python decodes


def read_parquet_table(path: Path) -> SourceTable:
    """Read a Parquet file into typed columns (needs ``climatelimits[arrow]``).

    Raises
    ------
    DataFormatError
        If pyarrow cannot read the file.
    MissingOptionalDependencyError
        If pyarrow is not installed.
    """
    pa = import_optional("pyarrow", "arrow", feature="read_stock (Parquet)")
    pq = import_optional("pyarrow.parquet", "arrow", feature="read_stock (Parquet)")
    try:
        table = pq.read_table(os.fspath(path))
    except (OSError, pa.ArrowException) as exc:
        raise DataFormatError(str(path), [f"not a readable Parquet file: {exc}"]) from exc
    columns: dict[str, Array] = {}
    text: dict[str, Any] = {}  # kept as Arrow: encoded, or made Python text, when used
    for name in table.column_names:
        column = table.column(name)
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        column = local_timestamps(column)
        if pa.types.is_decimal(column.type):  # a number with a fixed scale, e.g. NUMERIC(12, 2)
            column = column.cast(pa.float64())
        if pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type):
            column = _utf8(pa, column, str(name), path)  # bytes as text (str(b"a") is "b'a'")
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            text[str(name)] = column
        else:
            columns[str(name)] = column.to_numpy(zero_copy_only=False)
    names = list(dict.fromkeys(str(name) for name in table.column_names))
    return SourceTable(str(path), columns, None, text, names=names, arrow_numbers=False)
