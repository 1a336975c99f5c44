"""Read and write bills of quantities and product files of climatelimits.

Bills
    TOML or JSON with ``format = "climatelimits.bill/1"``, or CSV with the column layout of
    :data:`CSV_COLUMNS` (see ``docs/explanation/file-formats.md``).
Products
    TOML or JSON with ``format = "climatelimits.products/1"`` and a list ``products``.

Every problem in a file is reported at once, with the file and the place inside it
(``lines[3].quantity`` in TOML/JSON, ``line 5, column quantity`` in CSV), as one
:class:`~climatelimits.exceptions.DataFormatError`.

:func:`load_products` also reads the formats of other tools: ILCD+EPD XML and soda4LCA
JSON (:mod:`climatelimits.io.ilcd`) and openEPD JSON (:mod:`climatelimits.io.openepd`); it
tells them apart by their content.

Examples
--------
>>> text = '''
... format = "climatelimits.bill/1"
... id = "k3"
... [[lines]]
... id = "slab"
... product = "concrete"
... quantity = "23.6 m^3"
... waste_factor = 1.03
... '''
>>> bill = loads_bill(text)
>>> bill.lines[0].quantity
<Quantity(23.6, 'meter ** 3')>
>>> loads_bill(dumps_bill(bill)) == bill
True
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from climatelimits._gc import collector_paused
from climatelimits._validators import positive_duration
from climatelimits.exceptions import ClimateLimitsError, DataFormatError, InvalidInputError
from climatelimits.io._bill_csv_columns import (
    TRANSPORT_COLUMNS,
    arrow_cells,
    bill_from_cells,
    csv_number,
    csv_quantity,
    python_cells,
)
from climatelimits.io._bill_csv_columns import NotPlainError as _NotPlainError
from climatelimits.io._converter import converter, structure
from climatelimits.io._documents import _parse_text, _prune, _render, _strip_format
from climatelimits.io._json_reading import parse_json, read_text
from climatelimits.io._output import write_text
from climatelimits.io.ilcd import read_ilcd
from climatelimits.io.openepd import read_openepd
from climatelimits.products import Product
from climatelimits.quantities import (
    BillLine,
    BillOfQuantities,
    ColumnBuilder,
    Transport,
    to_waste_factor,
)
from climatelimits.units import as_quantity, format_unit, parse_unit

__all__ = [
    "BILL_FORMAT",
    "CSV_COLUMNS",
    "PRODUCTS_FORMAT",
    "bill_from_dict",
    "bill_to_dict",
    "dump_bill",
    "dump_products",
    "dumps_bill",
    "dumps_products",
    "load_bill",
    "load_products",
    "loads_bill",
    "loads_products",
    "products_from_dict",
    "products_to_dict",
]

BILL_FORMAT: Final = "climatelimits.bill/1"
"""Format tag of bill-of-quantities documents."""
PRODUCTS_FORMAT: Final = "climatelimits.products/1"
"""Format tag of product documents."""

CSV_COLUMNS: Final = {
    "id": "line id, unique in the file (required)",
    "product": "product id (required)",
    "quantity": "amount used, a number (required)",
    "unit": "unit of `quantity`, e.g. m3, m^2, kg, t, piece (required)",
    "element": "building element (optional)",
    "classification": "classification code (optional)",
    "service_life": "service life; a number in years, or a number with a unit (optional)",
    "waste_factor": "amount bought per amount built in, at least 1 (optional)",
    "transport_mode": "mode of the one transport leg, e.g. truck (optional)",
    "transport_distance": "distance; a number in km, or with a unit (with transport_mode)",
    "transport_factor": (
        "emission per tonne-km; a number in kg CO2e/(t*km), or with a unit (with transport_mode)"
    ),
    "transport_indicator": "indicator of transport_factor (optional, default gwp_total)",
}
"""The columns of a CSV bill and what each holds; ``id``, ``product``, ``quantity`` and
``unit`` are required, the others may be absent or empty."""

_REQUIRED_COLUMNS: Final = ("id", "product", "quantity", "unit")
_SUFFIXES: Final = {".toml": "toml", ".json": "json", ".csv": "csv"}


@attrs.frozen
class _ProductsDocument:
    products: tuple[Product, ...]


# -- helpers -------------------------------------------------------------------------------
def _kind_of(path: Path, allowed: Sequence[str]) -> str:
    kind = _SUFFIXES.get(path.suffix.lower())
    if kind is None or kind not in allowed:
        endings = " or ".join(f".{k}" for k in allowed)
        raise DataFormatError(
            str(path), [f"the file name must end in {endings}; got {path.suffix!r}"]
        )
    return kind


# -- bills: TOML / JSON --------------------------------------------------------------------
def bill_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> BillOfQuantities:
    """Build a bill of quantities from a parsed document.

    Raises
    ------
    DataFormatError
        Listing every problem with its path, e.g. ``lines[2].quantity``.
    """
    body = _strip_format(data, BILL_FORMAT, source)
    fast = _bill_from_document_columns(body)
    if fast is not None:
        return fast
    result: BillOfQuantities = structure(body, BillOfQuantities, source)
    return result


_PLAIN_LINE_KEYS: Final = frozenset(
    {"id", "product", "quantity", "element", "classification", "service_life", "waste_factor"}
)
_LEG_KEYS: Final = frozenset({"distance", "mode", "factor", "indicator"})


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


@collector_paused()
def _bill_from_document_columns(body: Mapping[str, Any]) -> BillOfQuantities | None:
    """Read a plain bill document straight into :class:`BillColumns`, or return None.

    Plain: lines with only text ids, product ids, quantities (``"23.6 m^3"``), elements and
    classifications, service lives as text, numeric waste factors and transport legs; each
    distinct unit, service life, waste factor and leg read once, with the functions the
    full reader uses. Anything else (scenario choices, line properties, a value that does
    not read, a repeated id) returns None, and the full reader names every problem.
    """
    bill_id, name, lines = body.get("id"), body.get("name", ""), body.get("lines")
    if not (body.keys() <= {"id", "name", "lines"} and _text(bill_id) and isinstance(name, str)):
        return None
    if not isinstance(lines, list):
        return None
    builder = ColumnBuilder()
    read: dict[Any, Any] = {}
    try:
        for line in lines:
            _add_plain_line(builder, line, read)
        columns = builder.columns()
    except _NotPlainError:
        return None
    if len(set(columns.ids)) != len(columns.ids):
        return None
    return BillOfQuantities.from_columns(str(bill_id), columns, name)


def _once(read: dict[Any, Any], key: Any, make: Callable[[], Any]) -> Any:
    """Return ``make()`` for ``key``, made once; a value that does not read is not plain."""
    if key not in read:
        try:
            read[key] = make()
        except (ClimateLimitsError, ValueError) as exc:
            raise _NotPlainError from exc
    return read[key]


def _add_plain_line(builder: ColumnBuilder, line: Any, read: dict[Any, Any]) -> None:
    if not isinstance(line, dict) or not line.keys() <= {*_PLAIN_LINE_KEYS, "transport"}:
        raise _NotPlainError
    line_id, product, text = line.get("id"), line.get("product"), line.get("quantity")
    element, classification = line.get("element", ""), line.get("classification", "")
    if not (_text(line_id) and _text(product) and isinstance(text, str)):
        raise _NotPlainError
    line_id, product = str(line_id), str(product)
    if not (isinstance(element, str) and isinstance(classification, str)):
        raise _NotPlainError
    number, _, unit_text = text.strip().partition(" ")
    try:
        magnitude = float(number)
    except ValueError:
        raise _NotPlainError from None
    if not (math.isfinite(magnitude) and magnitude >= 0.0 and unit_text.strip()):
        raise _NotPlainError
    if number != repr(magnitude) and not number.replace(".", "", 1).isdigit():
        raise _NotPlainError  # "1e3", "+5", "1_000": the full reader decides
    unit = _once(read, ("unit", unit_text), lambda: builder.unit(parse_unit(unit_text)))
    life, waste = line.get("service_life"), line.get("waste_factor")
    years = math.nan
    if life is not None:
        if not isinstance(life, str):
            raise _NotPlainError
        years = _once(
            read, ("life", life), lambda: float(positive_duration(life, "service_life").m)
        )
    factor = math.nan
    if waste is not None:
        if isinstance(waste, bool) or not isinstance(waste, int | float):
            raise _NotPlainError
        factor = _once(read, ("waste", waste), lambda: to_waste_factor(float(waste)))
    legs = line.get("transport", [])
    if not isinstance(legs, list):
        raise _NotPlainError
    builder.add(
        line_id,
        builder.product(product),
        magnitude,
        unit,
        element=element,
        classification=classification,
        service_life=years,
        waste_factor=factor,
        legs=[_plain_leg(builder, leg, read) for leg in legs],
    )


def _plain_leg(builder: ColumnBuilder, leg: Any, read: dict[Any, Any]) -> int:
    if not isinstance(leg, dict) or not leg.keys() <= _LEG_KEYS:
        raise _NotPlainError
    values = (leg.get("distance"), leg.get("mode"), leg.get("factor"), leg.get("indicator"))
    distance, mode, factor, indicator = values
    if not (isinstance(distance, str) and _text(mode) and isinstance(factor, str)):
        raise _NotPlainError
    if indicator is not None and not isinstance(indicator, str):
        raise _NotPlainError
    indicator = "gwp_total" if indicator is None else indicator
    return int(
        _once(
            read,
            ("leg", *values),
            lambda: builder.leg(Transport(distance, str(mode), factor, indicator)),
        )
    )


def bill_to_dict(bill: BillOfQuantities) -> dict[str, Any]:
    """Return the document of a bill of quantities."""
    body = converter().unstructure(bill, BillOfQuantities)
    for line in body["lines"]:
        for leg in line.get("transport", []):
            if leg.get("indicator") == "gwp_total":
                del leg["indicator"]
    return {"format": BILL_FORMAT, **_prune(body)}


def loads_bill(text: str, *, format: str = "toml", source: str = "<string>") -> BillOfQuantities:
    """Read a bill of quantities from TOML, JSON or CSV text.

    Parameters
    ----------
    text
        The document.
    format
        ``"toml"``, ``"json"`` or ``"csv"``.
    source
        Name used in error messages (and the bill id of a CSV file).
    """
    if format == "csv":
        return _bill_from_csv(text, source, Path(source).stem or "bill")
    return bill_from_dict(_parse_text(text, format, source), source=source)


def load_bill(path: str | Path) -> BillOfQuantities:
    """Read a bill of quantities from a ``.toml``, ``.json`` or ``.csv`` file.

    A CSV bill takes its id from the file name (``k3.csv`` is bill ``k3``).

    Raises
    ------
    DataFormatError
        Naming the file and, for each problem, the place inside it.
    """
    path = Path(path)
    kind = _kind_of(path, ("toml", "json", "csv"))
    text = read_text(path)
    if kind == "csv":
        return _bill_from_csv(text, str(path), path.stem)
    return bill_from_dict(_parse_text(text, kind, str(path)), source=str(path))


def dumps_bill(bill: BillOfQuantities, *, format: str = "toml") -> str:
    """Return a bill of quantities as TOML, JSON or CSV text.

    Raises
    ------
    InvalidInputError
        For CSV, if a line has what the CSV layout cannot hold: more than one transport
        leg, scenario choices or line properties.
    """
    if format == "csv":
        return _bill_to_csv(bill)
    if format not in ("toml", "json"):
        msg = f"must be 'toml', 'json' or 'csv'; got {format!r}"
        raise InvalidInputError(msg, field="format")
    return _render(bill_to_dict(bill), format)


def dump_bill(bill: BillOfQuantities, path: str | Path) -> None:
    """Write a bill of quantities to a ``.toml``, ``.json`` or ``.csv`` file.

    Written whole or not at all; an :class:`~climatelimits.exceptions.OutputError` leaves
    any file already at ``path`` unchanged.
    """
    path = Path(path)
    kind = _kind_of(path, ("toml", "json", "csv"))
    write_text(path, dumps_bill(bill, format=kind))


# -- bills: CSV ----------------------------------------------------------------------------
def _dialect(text: str) -> str:
    text = text.lstrip("\ufeff")
    end = text.find("\n")
    header = text if end < 0 else text[:end]
    return ";" if header.count(";") > header.count(",") else ","


def _csv_message(exc: Exception) -> str:
    """Return the message of an error relative to the cell it is reported at."""
    if isinstance(exc, ClimateLimitsError):
        return exc.relative_message()
    return str(exc)


def _csv_line(row: Mapping[str, str], where: Callable[[str], str], problems: list[str]) -> Any:
    """Build one bill line from a CSV row, adding each problem (with its column) to problems."""
    values: dict[str, Any] = {}

    def cell(column: str, parse: Callable[[str], Any]) -> None:
        raw = (row.get(column) or "").strip()
        if not raw:
            if column in _REQUIRED_COLUMNS:
                problems.append(f"{where(column)}: is required but empty")
            return
        try:
            values[column] = parse(raw)
        except (ClimateLimitsError, ValueError) as exc:
            problems.append(f"{where(column)}: {_csv_message(exc)}")

    count = len(problems)
    for column in ("id", "product", "unit", "element", "classification"):
        cell(column, str)
    cell("quantity", lambda r: csv_number(r, "a number"))
    cell("service_life", lambda r: csv_quantity(r, "year", "service_life"))
    cell("waste_factor", lambda r: csv_number(r, "a number of at least 1"))
    cell("transport_mode", str)
    cell("transport_distance", lambda r: csv_quantity(r, "km", "transport_distance"))
    cell("transport_factor", lambda r: csv_quantity(r, "kg CO2e/(t*km)", "transport_factor"))
    cell("transport_indicator", str)
    given = [c for c in TRANSPORT_COLUMNS if c in values]
    if given and len(given) < len(TRANSPORT_COLUMNS):
        missing = ", ".join(c for c in TRANSPORT_COLUMNS if c not in values)
        problems.append(f"{where(given[0])}: a transport leg also needs {missing}")
    elif "transport_indicator" in values and not given:
        problems.append(
            f"{where('transport_indicator')}: is given without a transport leg "
            f"(transport_mode, transport_distance, transport_factor)"
        )
    if any(c not in values for c in _REQUIRED_COLUMNS):
        return None
    try:
        quantity = as_quantity(values["quantity"], values["unit"], field="unit")
    except ClimateLimitsError as exc:
        problems.append(f"{where('unit')}: {_csv_message(exc)}")
        return None
    legs: list[Transport] = []
    if len(given) == len(TRANSPORT_COLUMNS):
        try:
            legs.append(
                Transport(
                    values["transport_distance"],
                    values["transport_mode"],
                    values["transport_factor"],
                    values.get("transport_indicator", "gwp_total"),
                )
            )
        except ClimateLimitsError as exc:
            field = exc.field if exc.field in ("distance", "mode", "factor") else "indicator"
            problems.append(f"{where('transport_' + field)}: {_csv_message(exc)}")
    try:
        line = BillLine(
            values["id"],
            values["product"],
            quantity,
            element=values.get("element", ""),
            classification=values.get("classification", ""),
            service_life=values.get("service_life"),
            transport=tuple(legs),
            waste_factor=values.get("waste_factor"),
        )
    except ClimateLimitsError as exc:
        column = exc.field if exc.field in CSV_COLUMNS else "id"
        problems.append(f"{where(column)}: {_csv_message(exc)}")
        return None
    return None if len(problems) > count else line


_ARROW_MIN_CHARS: Final = 1 << 20
"""Size of CSV text [characters] from which ``pyarrow.csv`` tokenizes it, if installed: on
smaller files importing it (about 30 ms) costs more than it saves (a few µs a line)."""


def _bill_from_csv_columns(
    text: str, delimiter: str, columns: Sequence[str], bill_id: str, *, arrow: bool = False
) -> BillOfQuantities | None:
    """Read a plain CSV bill column by column (see :mod:`._bill_csv_columns`), or None.

    With ``arrow``, ``pyarrow.csv`` tokenizes the text first; the standard library does when
    pyarrow is missing or leaves a cell to it. None sends the file to the row-by-row reader.
    """
    cells = arrow_cells(text, delimiter, columns) if arrow else None
    if cells is None:
        cells = python_cells(text, delimiter, columns)
    return None if cells is None else bill_from_cells(cells, bill_id)


def _header_problems(columns: list[str]) -> list[str]:
    """Return the problems of a CSV bill's header row (unknown, missing, repeated columns)."""
    problems: list[str] = []
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if unknown:
        problems.append(
            f"line 1: unknown columns {', '.join(repr(c) for c in unknown)} (known: "
            f"{', '.join(CSV_COLUMNS)})"
        )
    missing = [c for c in _REQUIRED_COLUMNS if c not in columns]
    if missing:
        problems.append(f"line 1: required columns missing: {', '.join(missing)}")
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        problems.append(f"line 1: columns given twice: {', '.join(duplicated)}")
    return problems


def _csv_rows(text: str, delimiter: str) -> csv.DictReader[str]:
    """Return a reader of the rows of CSV text (quotes may hold line ends; strict)."""
    return csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)


def _csv_header(text: str, delimiter: str, source: str) -> list[str]:
    """Return the column names of a CSV bill's header row, stripped."""
    # The header row alone when it has no quote (it ends at the first line end): a reader
    # over the whole text would copy all of it first, which the column readers do not need.
    head_end = text.find("\n")
    if head_end >= 0 and '"' not in text[:head_end]:
        text = text[: head_end + 1]
    try:
        header = _csv_rows(text, delimiter).fieldnames
    except csv.Error as exc:
        raise DataFormatError(source, [f"line 1: not valid CSV: {exc}"]) from exc
    if not header:
        raise DataFormatError(source, ["is empty: a header row with the columns is required"])
    return [h.strip() for h in header]


def _line_break_problem(row: Mapping[Any, Any], lineno: int) -> str:
    """Say which cell of a row runs over a line end (a quote not closed), or return ``""``."""
    for column, value in row.items():
        if isinstance(value, str) and ("\n" in value or "\r" in value):
            return (
                f"line {lineno}, column {column}: a quoted cell runs over a line end (a quote "
                "not closed?); cells of a bill hold no line breaks"
            )
    return ""


def _bill_from_csv(
    text: str, source: str, bill_id: str, *, arrow: bool | None = None
) -> BillOfQuantities:
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise DataFormatError(source, ["is not a text file (it contains NUL bytes)"])
    delimiter = _dialect(text)
    columns = _csv_header(text, delimiter, source)
    problems = _header_problems(columns)
    if problems:
        raise DataFormatError(source, problems)
    if arrow is None:
        arrow = len(text) >= _ARROW_MIN_CHARS
    fast = _bill_from_csv_columns(text, delimiter, columns, bill_id, arrow=arrow)
    if fast is not None:
        return fast
    reader = _csv_rows(text, delimiter)
    _ = reader.fieldnames  # past the header row, read as _csv_header did
    reader.fieldnames = columns
    lines: list[BillLine] = []
    first_seen: dict[str, int] = {}
    start = reader.line_num + 1  # where the next row starts, for a quote not closed
    try:
        for row in reader:
            lineno, first, start = reader.line_num, start, reader.line_num + 1
            broken = _line_break_problem(row, first)
            if broken:
                problems.append(broken)
                continue
            if None in row:
                problems.append(f"line {lineno}: has more cells than the header has columns")
                continue
            if all(not (v or "").strip() for v in row.values()):
                continue  # a blank line

            def where(column: str, lineno: int = lineno) -> str:
                return f"line {lineno}, column {column}"

            line = _csv_line(row, where, problems)
            if line is None:
                continue
            if line.id in first_seen:
                problems.append(
                    f"{where('id')}: must be unique; {line.id!r} is already used on line "
                    f"{first_seen[line.id]}"
                )
                continue
            first_seen[line.id] = lineno
            lines.append(line)
    except csv.Error as exc:
        hint = " (a quote not closed?)" if "end of data" in str(exc) else ""
        problems.append(f"line {start}: not valid CSV: {exc}{hint}")
    if problems:
        raise DataFormatError(source, problems)
    try:
        return BillOfQuantities(bill_id or "bill", tuple(lines))
    except ClimateLimitsError as exc:
        raise DataFormatError(source, [str(exc)]) from exc


def _number_text(value: float) -> str:
    return repr(float(value))


def _bill_to_csv(bill: BillOfQuantities) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for line in bill.lines:
        if len(line.transport) > 1 or line.scenario or line.properties:
            msg = (
                "cannot be written to CSV: the CSV layout holds one "
                "transport leg and no scenario choices or line properties; write TOML or JSON"
            )
            raise InvalidInputError(msg, field=f"lines.{line.id}")
        row = {
            "id": line.id,
            "product": line.product,
            "quantity": _number_text(line.quantity.magnitude),
            "unit": format_unit(line.quantity.units),
            "element": line.element,
            "classification": line.classification,
            "service_life": ""
            if line.service_life is None
            else _number_text(line.service_life.magnitude),
            "waste_factor": "" if line.waste_factor is None else _number_text(line.waste_factor),
        }
        for leg in line.transport:
            row["transport_mode"] = leg.mode
            row["transport_distance"] = _number_text(leg.distance.magnitude)
            row["transport_factor"] = (
                f"{_number_text(leg.factor.magnitude)} {format_unit(leg.factor.units)}"
            )
            row["transport_indicator"] = leg.indicator
        writer.writerow(row)
    return out.getvalue()


# -- products ------------------------------------------------------------------------------
def products_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> tuple[Product, ...]:
    """Build products from a parsed ``climatelimits.products/1`` document.

    Raises
    ------
    DataFormatError
        Listing every problem with its path, e.g. ``products[1].impacts.gwp_total.A4``.
    """
    body = _strip_format(data, PRODUCTS_FORMAT, source)
    document: _ProductsDocument = structure(body, _ProductsDocument, source)
    seen: dict[str, int] = {}
    problems: list[str] = []
    for index, product in enumerate(document.products):
        if product.id in seen:
            problems.append(
                f"`products[{index}].id` must be unique; {product.id!r} is already "
                f"products[{seen[product.id]}]"
            )
        seen.setdefault(product.id, index)
    if problems:
        raise DataFormatError(source, problems)
    return document.products


def products_to_dict(products: Iterable[Product]) -> dict[str, Any]:
    """Return the ``climatelimits.products/1`` document of products."""
    document = _ProductsDocument(tuple(products))
    body = converter().unstructure(document, _ProductsDocument)
    for item in body["products"]:
        for scenario in item.get("scenarios", []):
            scenario.setdefault("impacts", {})
    return {"format": PRODUCTS_FORMAT, **_prune(body)}


def loads_products(
    text: str, *, format: str = "toml", source: str = "<string>"
) -> tuple[Product, ...]:
    """Read products from ``climatelimits.products/1`` TOML or JSON text."""
    return products_from_dict(_parse_text(text, format, source), source=source)


def dumps_products(products: Iterable[Product], *, format: str = "toml") -> str:
    """Return products as ``climatelimits.products/1`` TOML or JSON text."""
    if format not in ("toml", "json"):
        msg = f"must be 'toml' or 'json'; got {format!r}"
        raise InvalidInputError(msg, field="format")
    return _render(products_to_dict(products), format)


def dump_products(products: Iterable[Product], path: str | Path) -> None:
    """Write products to a ``.toml`` or ``.json`` file.

    Written whole or not at all; an :class:`~climatelimits.exceptions.OutputError` leaves
    any file already at ``path`` unchanged.
    """
    path = Path(path)
    kind = _kind_of(path, ("toml", "json"))
    write_text(path, dumps_products(products, format=kind))


# -- load_products: sniff and dispatch -----------------------------------------------------
def _sniff(path: Path, text: str) -> str:
    """Tell ILCD XML, soda4LCA JSON, openEPD JSON and our own files apart by content."""
    stripped = text.lstrip()
    if stripped.startswith("<"):
        return "ilcd"
    if path.suffix.lower() == ".toml":
        return "ours"
    if not stripped.startswith("{"):
        return "ours"
    try:
        data = parse_json(text, str(path))
    except DataFormatError:
        return "ours"  # the reader of our format reports where the JSON breaks
    if not isinstance(data, dict):
        return "ours"
    if data.get("format") == PRODUCTS_FORMAT:
        return "ours"
    if "processInformation" in data or ("exchanges" in data and "LCIAResults" in data):
        return "ilcd"
    if "declared_unit" in data and ("impacts" in data or "doctype" in data or "id" in data):
        return "openepd"
    if "doctype" in data or "product_name" in data:
        return "openepd"
    return "ours"


def _as_products(value: Any, source: str) -> tuple[Product, ...]:
    items = (value,) if isinstance(value, Product) else tuple(value)
    for item in items:
        if not isinstance(item, Product):
            raise DataFormatError(source, [f"the reader returned {item!r}, not a Product"])
    return items


def load_products(path: str | Path, **options: Any) -> tuple[Product, ...]:
    """Read products from a file, whatever its format.

    ``climatelimits.products/1`` TOML or JSON is read here; an ILCD+EPD XML file or a
    soda4LCA JSON dataset goes to :func:`climatelimits.io.ilcd.read_ilcd`, and an openEPD
    JSON document to :func:`climatelimits.io.openepd.read_openepd`. The format is told by
    the content, not the file name.

    Parameters
    ----------
    path
        The file.
    **options
        Passed on to the reader of another format, e.g. ``method="CML 2012"`` for an
        openEPD document that gives several LCIA methods; our own format takes none.

    Raises
    ------
    DataFormatError
        Naming the file and, for each problem, the place inside it.
    InvalidInputError
        If options are given for our own format (or the other reader refuses them).
    """
    path = Path(path)
    text = read_text(path)
    kind = _sniff(path, text)
    if kind == "ilcd":
        return _as_products(read_ilcd(path, **options), str(path))
    if kind == "openepd":
        return _as_products(read_openepd(path, **options), str(path))
    if options:
        msg = (
            f"are for the readers of other formats; {path} is a "
            f"{PRODUCTS_FORMAT} file, which takes none; got {', '.join(options)}"
        )
        raise InvalidInputError(msg, field="options")
    file_kind = _kind_of(path, ("toml", "json"))
    return products_from_dict(_parse_text(text, file_kind, str(path)), source=str(path))
