r"""Read and write building stocks: CSV, Parquet, or a folder of building files.

:func:`read_stock` reads a table in the stock layout (``docs/explanation/file-formats.md``,
"Stock tables and mapping files"), or any other table through a mapping file
(:func:`load_stock_mapping`), into a :class:`~climatelimits.stocks.Stock`. CSV needs no
extra dependency (pyarrow's reader is used when installed, for speed, with the same
rules); Parquet needs ``climatelimits[arrow]``. Errors name the file, the row (and the file
line for CSV) and the column.

Examples
--------
>>> import tempfile, pathlib
>>> from climatelimits.io import read_stock
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "stock.csv").write_text(
...     "id,use,area.se_bta,gwp_ghg.A1-A5\na,office,1000,300000\nb,office,2000,\n",
...     encoding="utf-8",
... )
>>> stock = read_stock(folder / "stock.csv")
>>> len(stock), stock.area("se_bta").tolist()
(2, [1000.0, 2000.0])
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from climatelimits._optional import import_optional
from climatelimits._stock_table import TextCodes, columns_of_stock, stock_from_columns
from climatelimits.exceptions import DataFormatError, InvalidInputError
from climatelimits.io._output import atomic_output
from climatelimits.io._stock_mapping import (
    MAPPING_FORMAT,
    MappedTable,
    MappingError,
    StockMapping,
    layout_numeric,
    load_stock_mapping,
)
from climatelimits.io._stock_source import (
    Progress,
    SourceTable,
    read_csv_table,
    read_parquet_table,
)

if TYPE_CHECKING:
    from climatelimits.stocks import Stock

__all__ = [
    "MAPPING_FORMAT",
    "MappingError",
    "StockMapping",
    "StockReading",
    "load_stock_mapping",
    "read_stock",
    "read_stock_with_provenance",
    "write_stock",
]

Array = np.ndarray[Any, Any]

_TABLE_SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


@attrs.frozen(eq=False)
class StockReading:
    """A stock read from a file, with what was read and how it was converted.

    Attributes
    ----------
    stock : Stock
        The buildings.
    provenance : tuple of str
        One sentence per step: the file and row counts, the filter, and each layout
        column with the source column(s) and the unit conversion it came from (e.g.
        ``gwp_total.A1-A3 <- GHG_A123_m2a [kg CO2e/m²/a] x bldg_area_gfa [m²] x lca_RSP
        [a]``).
    """

    stock: Stock
    provenance: tuple[str, ...]


def read_stock(
    path: str | Path,
    mapping: str | Path | StockMapping | None = None,
    *,
    name: str | None = None,
    progress: bool = False,
) -> Stock:
    """Read a building stock from a CSV or Parquet table or a folder of building files.

    Parameters
    ----------
    path
        A ``.csv`` file (UTF-8, with or without BOM), a ``.parquet`` file (needs
        ``climatelimits[arrow]``), or a folder of building files (``.toml``/``.json``, see
        :func:`climatelimits.io.load_building`), read in name order.
    mapping
        A stock mapping file (or a loaded :class:`StockMapping`) for a table that is not in
        the stock layout; ``None`` for a table in the layout. Not used for folders.
    name
        Name of the stock (default: the mapping's ``name``, else the file's stem).
    progress
        Draw a progress bar on stderr while reading (only when stderr is a terminal).

    Returns
    -------
    Stock
        The buildings; :func:`read_stock_with_provenance` also returns how each column was
        read.

    Raises
    ------
    DataFormatError
        Naming the file, the row (and file line for CSV) and the column of the first cell
        that breaks its rule, or the mapping file and key of a mapping problem.
    MissingOptionalDependencyError
        For Parquet without pyarrow (``pip install 'climatelimits[arrow]'``).
    """
    return read_stock_with_provenance(path, mapping, name=name, progress=progress).stock


def read_stock_with_provenance(
    path: str | Path,
    mapping: str | Path | StockMapping | None = None,
    *,
    name: str | None = None,
    progress: bool = False,
) -> StockReading:
    """Read a stock as :func:`read_stock` does, with the provenance of its columns.

    Raises
    ------
    DataFormatError
        As :func:`read_stock`.
    """
    from climatelimits.stocks import Stock  # noqa: PLC0415 - stocks imports io lazily

    path = Path(path)
    if path.is_dir():
        if mapping is not None:
            msg = "`mapping` applies to tables (.csv, .parquet), not to a folder of buildings"
            raise InvalidInputError(msg)
        return _read_folder(path, name, progress)
    table = _read_table(path, progress)
    loaded = load_stock_mapping(mapping) if isinstance(mapping, str | Path) else mapping
    label = name if name is not None else (loaded.name if loaded and loaded.name else path.stem)
    if loaded is None:
        columns = {n: _layout_column(table, n) for n in table.names}
        try:
            stock: Stock = stock_from_columns(columns, name=label, source=table.source)
        except DataFormatError as exc:
            raise table.relabel(exc) from None
        return StockReading(stock, (f"read {len(table)} rows from {table.source}",))
    mapped: MappedTable = loaded.apply(table)
    try:
        stock = Stock.from_columns(mapped.columns, name=label, source=table.source)
    except DataFormatError as exc:
        raise table.relabel(exc, mapped.rows) from None
    return StockReading(stock, mapped.provenance)


def _read_table(path: Path, progress: bool) -> SourceTable:
    kind = _TABLE_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        msg = (
            "must be a .csv or .parquet file or a folder of building files; "
            f"got the suffix {path.suffix!r}"
        )
        raise DataFormatError(str(path), [msg])
    if not path.is_file():
        raise DataFormatError(str(path), ["cannot be read: no such file"])
    if kind == "parquet":
        return read_parquet_table(path)
    return read_csv_table(path, progress=progress)


def _layout_column(table: SourceTable, name: str) -> Array | TextCodes:
    """Return a layout column; numeric text becomes floats where every cell is a number.

    A text column pyarrow read comes encoded (:class:`TextCodes`): its distinct cells are
    looked at once.
    """
    if layout_numeric(name):
        fast = table.numbers(name)
        if fast is not None and not np.any(np.isinf(fast)):
            return fast
        return table.column(name)
    coded = table.text_codes(name, each_row=name == "id")
    return table.column(name) if coded is None else coded


def _read_folder(folder: Path, name: str | None, progress: bool) -> StockReading:
    from climatelimits.io import load_building  # noqa: PLC0415
    from climatelimits.stocks import Stock  # noqa: PLC0415

    files = sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in (".toml", ".json")
    )
    if not files:
        raise DataFormatError(str(folder), ["the folder holds no .toml or .json building file"])
    bar = Progress(folder.name, len(files), enabled=progress)
    buildings = []
    first_file: dict[str, Path] = {}
    try:
        for file in files:
            building = load_building(file)
            if building.id in first_file:
                msg = (
                    f"{file.name} repeats the building id {building.id!r} of "
                    f"{first_file[building.id].name}; ids must be unique in a stock"
                )
                raise DataFormatError(str(folder), [msg])
            first_file[building.id] = file
            buildings.append(building)
            bar.advance(1)
    finally:
        bar.close()
    try:
        stock = Stock.from_buildings(buildings, name=name if name is not None else folder.name)
    except InvalidInputError as exc:
        raise DataFormatError(str(folder), [str(exc)]) from None
    return StockReading(stock, (f"read {len(files)} building files from {folder}",))


# -- writing -------------------------------------------------------------------------------
def _column_text(values: Array) -> list[str]:
    """Cells of one layout column as CSV text: floats exact (repr), NaN/NaT/None empty."""
    if values.dtype.kind == "f":
        return ["" if x != x else repr(x) for x in values.tolist()]  # noqa: PLR0124 - NaN test
    if values.dtype.kind == "M":
        text = np.datetime_as_string(values.astype("datetime64[D]"), unit="D").tolist()
        return ["" if t == "NaT" else t for t in text]
    return ["" if v is None else str(v) for v in values.tolist()]


def write_stock(stock: Stock, path: str | Path) -> None:
    """Write a stock in the stock layout as ``.csv`` or ``.parquet`` (atomically).

    Floats are written so that they read back exactly; NaN, NaT and empty text are empty
    cells, and an explicit "not declared" result entry is ``ND`` (in Parquet, a result
    column holding one is text). The file is written to a temporary file beside ``path``
    and moved into place, so a failure leaves no partial file.

    Raises
    ------
    DataFormatError
        If the suffix is neither ``.csv`` nor ``.parquet``.
    MissingOptionalDependencyError
        For Parquet without pyarrow.
    """
    target = Path(path)
    kind = _TABLE_SUFFIXES.get(target.suffix.lower())
    if kind is None:
        msg = f"must end in .csv or .parquet; got the suffix {target.suffix!r}"
        raise DataFormatError(str(target), [msg])
    # Explicit not-declared entries are written "ND", so that they read back as such.
    columns = columns_of_stock(stock, nd_text=True)
    if kind == "parquet":
        pa = import_optional("pyarrow", "arrow", feature="write_stock (Parquet)")
        pq = import_optional("pyarrow.parquet", "arrow", feature="write_stock (Parquet)")
        arrays = {}
        for column, values in columns.items():
            if values.dtype.kind == "O":
                arrays[column] = pa.array([v or None for v in values.tolist()], pa.string())
            elif values.dtype.kind == "M":
                arrays[column] = pa.array(values, pa.date32(), mask=np.isnat(values))
            else:
                arrays[column] = pa.array(values, mask=np.isnan(values))
        with atomic_output(target, "wb") as stream:
            pq.write_table(pa.table(arrays), stream)
        return
    with atomic_output(target) as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(list(columns))
        writer.writerows(zip(*(_column_text(v) for v in columns.values()), strict=True))
