"""Round trips of stocks through CSV, Parquet, frames and building folders."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings

from climatelimits.exceptions import MissingOptionalDependencyError
from climatelimits.io import dump_building, read_stock, write_stock
from climatelimits.io._stock_source import read_csv_table
from climatelimits.stocks import Stock
from climatelimits.testing.stock_strategies import stock_columns, stocks


def _same(a: Stock, b: Stock) -> None:
    """Assert two stocks hold the same buildings, naming the first that differs."""
    assert len(a) == len(b)
    for i in range(len(a)):
        assert a.building(i) == b.building(i), f"row {i} differs"


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
@settings(deadline=None, max_examples=40)
@given(stock=stocks())
def test_stock_round_trips_through_files(suffix: str, stock: Stock) -> None:
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
