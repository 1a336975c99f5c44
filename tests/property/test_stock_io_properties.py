"""Round trips of stocks through CSV, Parquet, frames and building folders."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import zoneinfo
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from climatelimits.exceptions import DataFormatError, MissingOptionalDependencyError
from climatelimits.io import dump_building, read_stock, write_stock
from climatelimits.io._stock_source import SourceTable, read_csv_table
from climatelimits.lifecycle import ModuleSet
from climatelimits.stocks import Stock
from climatelimits.testing.stock_strategies import stock_columns, stock_text_columns, stocks


def _same(a: Stock, b: Stock) -> None:
    """Assert two stocks hold the same buildings, naming the first that differs."""
    assert len(a) == len(b)
    for i in range(len(a)):
        assert a.building(i) == b.building(i), f"row {i} differs"


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
@settings(deadline=None, max_examples=40)
@given(stock=stocks(not_declared=True))
def test_stock_round_trips_through_files(suffix: str, stock: Stock) -> None:
    # Explicit not-declared entries (ND) are kept too: they name the indicator.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"stock{suffix}"
        write_stock(stock, path)
        _same(read_stock(path), stock)


@settings(deadline=None, max_examples=40)
@given(stock=stocks())
def test_stock_round_trips_through_pandas_and_arrow_frames(stock: Stock) -> None:
    pa = pytest.importorskip("pyarrow")
    frame = stock.to_frame()
    _same(Stock.from_frame(frame), stock)
    _same(Stock.from_frame(pa.Table.from_pandas(frame, preserve_index=False)), stock)


@settings(deadline=None, max_examples=25)
@given(stock=stocks(max_rows=4))
def test_stock_round_trips_through_a_folder_of_building_files(stock: Stock) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for i, building in enumerate(stock):
            dump_building(building, Path(folder) / f"{i:03d}.toml")
        if len(stock) == 0:
            return
        _same(read_stock(folder), stock)


@settings(deadline=None, max_examples=40)
@given(columns=stock_columns())
def test_the_pure_csv_reader_and_pyarrow_read_the_same_cells(
    columns: dict[str, Any],
) -> None:
    stock = Stock.from_columns(columns)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stock.csv"
        write_stock(stock, path)
        pure = read_csv_table(path, engine="python")
        arrow = read_csv_table(path, engine="pyarrow")
        assert pure.names == arrow.names
        for name in pure.names:
            assert pure.column(name).tolist() == arrow.column(name).tolist(), name
            fast_pure, fast_arrow = pure.numbers(name), arrow.numbers(name)
            assert (fast_pure is None) == (fast_arrow is None), name
            if fast_pure is not None and fast_arrow is not None:
                np.testing.assert_array_equal(fast_pure, fast_arrow)


@settings(deadline=None, max_examples=20)
@given(stock=stocks())
def test_csv_reads_the_same_without_pyarrow(
    stock: Stock, monkeypatch_module: pytest.MonkeyPatch
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stock.csv"
        write_stock(stock, path)
        with_arrow = read_stock(path)
        with monkeypatch_module.context() as patch:
            patch.setitem(sys.modules, "pyarrow.csv", None)
            without = read_stock(path)
        _same(without, with_arrow)
        _same(without, stock)


def test_parquet_without_pyarrow_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "stock.parquet"
    path.write_bytes(b"PAR1")
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingOptionalDependencyError, match=r"climatelimits\[arrow\]"):
        read_stock(path)


@pytest.fixture(scope="module")
def monkeypatch_module() -> Any:
    """A monkeypatch usable inside a Hypothesis test (module scope)."""
    with pytest.MonkeyPatch.context() as patch:
        yield patch


MAPPING = """format = "climatelimits.stock-mapping/1"
[columns]
id = "code"
reference_study_period = "years"
[constants]
use = "office"
[[areas]]
column = "floor"
area = "dk_reference"
[[results]]
column = "intensity"
indicator = "gwp_total"
modules = "A1-A3"
unit = "kg CO2e/m^2/a"
per_area = "floor"
per_period = "years"
"""

_ROWS = st.lists(
    st.tuples(
        st.floats(-1.0e4, 1.0e4, allow_nan=False),
        st.floats(0.5, 1.0e6, allow_nan=False),
        st.sampled_from([25.0, 50.0, 60.0, 80.0, 100.0]),
    ),
    min_size=1,
    max_size=20,
)


@settings(deadline=None, max_examples=40)
@given(rows=_ROWS)
def test_intensities_become_totals_by_one_exact_multiplication(
    rows: list[tuple[float, float, float]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        table = Path(folder) / "register.csv"
        lines = ["code,floor,years,intensity"]
        lines += [f"b{i},{a!r},{p!r},{v!r}" for i, (v, a, p) in enumerate(rows)]
        table.write_text("\n".join(lines) + "\n", encoding="utf-8")
        mapping = Path(folder) / "register.toml"
        mapping.write_text(MAPPING, encoding="utf-8")
        stock = read_stock(table, mapping)
    column = stock.results[("gwp_total", ModuleSet.parse("A1-A3"))]
    expected = [v * a * p for v, a, p in rows]  # kg CO2e/m²/a x m² x a, in float64
    assert column.values.tolist() == expected
    assert column.declared.all()
    # Per m² per year again, the intensity comes back within float rounding.
    back = column.values / stock.area("dk_reference") / stock.reference_study_period
    np.testing.assert_allclose(back, [v for v, _, _ in rows], rtol=1e-12, atol=1e-300)


def _read_or_error(path: Path) -> Stock | str:
    try:
        return read_stock(path)
    except DataFormatError as exc:
        return str(exc)


@settings(deadline=None, max_examples=150)
@given(
    columns=stock_text_columns(),
    kind=st.sampled_from(["string", "large_string", "dictionary"]),
)
def test_parquet_text_columns_read_encoded_as_cell_by_cell(
    columns: dict[str, Any], kind: str, monkeypatch_module: pytest.MonkeyPatch
) -> None:
    """Text columns that pyarrow encodes give the stock, or the error, of Python text."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    text_type = pa.large_string() if kind == "large_string" else pa.string()
    arrays = {}
    for name, values in columns.items():
        if values.dtype.kind == "O":
            array = pa.array(values.tolist(), text_type)
            arrays[name] = array.dictionary_encode() if kind == "dictionary" else array
        elif values.dtype.kind == "M":
            arrays[name] = pa.array(values, pa.date32(), mask=np.isnat(values))
        else:
            arrays[name] = pa.array(values, mask=np.isnan(values))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stock.parquet"
        pq.write_table(pa.table(arrays), path)
        encoded = _read_or_error(path)
        with monkeypatch_module.context() as patch:
            patch.setattr(SourceTable, "text_codes", lambda *args, **kwargs: None)
            by_cell = _read_or_error(path)
    if isinstance(by_cell, str):
        assert encoded == by_cell
        return
    assert isinstance(encoded, Stock), encoded
    _same(encoded, by_cell)
    mine, theirs = encoded.to_columns(), by_cell.to_columns()
    assert list(mine) == list(theirs)
    for name, values in mine.items():
        np.testing.assert_array_equal(values, theirs[name], err_msg=name, strict=True)


_ZONES = st.sampled_from(
    ["UTC", "Europe/Copenhagen", "Europe/Helsinki", "America/Los_Angeles", "Pacific/Kiritimati"]
)


@settings(deadline=None, max_examples=60)
@given(
    # Arrow's time zone rules stop at 2037 (no summer time after), Python's do not.
    day=st.dates(dt.date(1990, 1, 1), dt.date(2037, 12, 31)),
    zone=_ZONES,
    unit=st.sampled_from(["s", "ms", "us", "ns"]),
)
def test_a_timestamp_column_with_a_time_zone_reads_as_its_local_date(
    day: dt.date, zone: str, unit: str
) -> None:
    # Arrow stores zoned timestamps in UTC: local midnight of 2025-07-01 in Copenhagen is
    # 2025-06-30T22:00Z. The date the file states is the local one, in a Parquet file as in
    # a pyarrow Table.
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=zoneinfo.ZoneInfo(zone))
    table = pa.table(
        {
            "id": ["a", "b"],
            "use": ["office", "office"],
            "permit_application": pa.array([midnight, None], pa.timestamp(unit, tz=zone)),
        }
    )
    expected = [np.datetime64(day.isoformat(), "D"), np.datetime64("NaT", "D")]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stock.parquet"
        pq.write_table(table, path)
        read = read_stock(path)
    for stock in (read, Stock.from_frame(table)):
        dates = stock.date("permit_application")
        assert dates[0] == expected[0]
        assert np.isnat(dates[1])


@settings(deadline=None, max_examples=40)
@given(
    day=st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31)),
    seconds=st.integers(1, 24 * 3600 - 1),
)
def test_a_timestamp_with_a_time_of_day_is_refused_not_cut_to_its_date(
    day: dt.date, seconds: int
) -> None:
    # A CSV cell "2024-02-03T10:00" is refused; a typed timestamp with a time is too.
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)
    table = pa.table(
        {
            "id": ["a", "b"],
            "use": ["office", "office"],
            "completion": pa.array([None, moment], pa.timestamp("s")),
        }
    )
    shown = moment.isoformat()[:-3] if moment.second == 0 else moment.isoformat()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stock.parquet"
        pq.write_table(table, path)
        with pytest.raises(DataFormatError) as caught:
            read_stock(path)
    assert str(caught.value) == (
        f"{path}: row 2, column `completion` must be a date, without a time of day; got {shown!r}"
    )
    with pytest.raises(DataFormatError, match=r"row 2, column `completion` must be a date"):
        Stock.from_frame(table)


@settings(deadline=None, max_examples=40)
@given(
    values=st.lists(
        st.one_of(
            st.none(),
            st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_parquet_decimal_column_reads_as_numbers(values: list[Any]) -> None:
    # Databases write NUMERIC(p, s) columns as Parquet decimals: they are numbers, as the
    # layout's "typed (numbers, text, dates)" says, and were refused cell by cell.
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    n = len(values)
    table = pa.table(
        {
            "id": [f"b{i}" for i in range(n)],
            "use": ["office"] * n,
            "gwp_total.A1-A3": pa.array(values, pa.decimal128(16, 2)),
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stock.parquet"
        pq.write_table(table, path)
        column = read_stock(path).results[("gwp_total", ModuleSet.parse("A1-A3"))]
    assert column.declared.tolist() == [v is not None for v in values]
    expected = [0.0 if v is None else float(v) for v in values]
    np.testing.assert_allclose(column.values, expected, rtol=1e-15, atol=0)


@settings(max_examples=40, deadline=None)
@given(
    ids=st.lists(
        st.text(st.characters(exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1),
        min_size=1,
        max_size=5,
        unique=True,
    ),
    large=st.booleans(),
)
def test_a_parquet_binary_text_column_reads_as_its_utf8_text(ids: list[str], large: bool) -> None:
    # A binary column (what some writers give text) was read as str(bytes): "b'a'".
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    kind = pa.large_binary() if large else pa.binary()
    encoded = [i.encode("utf-8") for i in ids]
    table = pa.table({"id": pa.array(encoded, kind), "use": ["office"] * len(ids)})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stock.parquet"
        pq.write_table(table, path)
        assert read_stock(path).ids.tolist() == [i.strip() for i in ids]


def test_a_parquet_binary_column_that_is_not_utf8_is_named() -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"id": pa.array([b"a", b"\xff\xfe"], pa.binary()), "use": ["office"] * 2})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stock.parquet"
        pq.write_table(table, path)
        with pytest.raises(DataFormatError) as caught:
            read_stock(path)
    assert caught.value.problems == ("row 2, column `id`: must be UTF-8 text; got b'\\xff\\xfe'",)
