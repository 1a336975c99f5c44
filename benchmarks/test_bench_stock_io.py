"""Benchmark of reading a stock table, against pyarrow's own readers in the same run.

- CSV: :func:`climatelimits.read_stock` (pyarrow's reader, then the layout's rules), the
  same without pyarrow (the standard library's reader), and ``pyarrow.csv.read_csv`` alone.
- Parquet: :func:`climatelimits.read_stock` against ``pyarrow.parquet.read_table`` plus the
  conversion of every column to numpy (the floor of any reader of that file).

The table is synthetic: 10⁶ buildings (``CLIMATELIMITS_BENCH_STOCK_ROWS`` sets another
size; CI's smoke run, which sets ``CLIMATELIMITS_BENCH_LINES``, uses 20,000) with ids,
four uses, permit dates, a study period, two areas and eight result columns, as a city's
register of climate declarations would hold them.

Run: ``pytest benchmarks/test_bench_stock_io.py -s``; ``test_ratios`` prints the ratios
that the CHANGELOG quotes.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import climatelimits as cl

# CI's smoke run of the benchmarks sets CLIMATELIMITS_BENCH_LINES: then a small table.
SMOKE = "CLIMATELIMITS_BENCH_LINES" in os.environ
N_ROWS = int(os.environ.get("CLIMATELIMITS_BENCH_STOCK_ROWS") or (20_000 if SMOKE else 1_000_000))
MODULES = ("A1-A3", "A4", "A5", "B4", "B6", "C1-C2", "C3", "C4")

pa = pytest.importorskip("pyarrow")
pacsv = pytest.importorskip("pyarrow.csv")
pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A CSV and a Parquet file of the same N_ROWS buildings."""
    rng = np.random.default_rng(20261205)
    uses = np.array(["office", "multi_family_housing", "detached_house", "row_house"])
    reference = rng.uniform(100, 5000, N_ROWS).round(1)
    days = rng.integers(0, 2000, N_ROWS).astype("timedelta64[D]")
    columns: dict[str, Any] = {
        "id": np.array([f"b{i}" for i in range(N_ROWS)], dtype=object),
        "use": uses[rng.integers(0, 4, N_ROWS)],
        "permit_application": np.datetime64("2023-01-01") + days,
        "reference_study_period": np.full(N_ROWS, 50.0),
        "area.dk_reference": reference,
        "area.dk_heated": rng.uniform(100, 5000, N_ROWS).round(1),
    }
    for module in MODULES:
        columns[f"gwp_total.{module}"] = (rng.uniform(0, 5, N_ROWS) * reference * 50).round(3)
    stock = cl.Stock.from_columns(columns)
    folder = tmp_path_factory.mktemp("stock")
    csv_path, parquet_path = folder / "stock.csv", folder / "stock.parquet"
    cl.io.write_stock(stock, csv_path)
    cl.io.write_stock(stock, parquet_path)
    return csv_path, parquet_path


def best_of(repeats: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def parquet_floor(path: Path) -> list[Any]:
    table = pq.read_table(path)
    return [table.column(c).to_numpy(zero_copy_only=False) for c in table.column_names]


def read_without_pyarrow(path: Path) -> cl.Stock:
    saved = sys.modules.get("pyarrow.csv")
    sys.modules["pyarrow.csv"] = None  # type: ignore[assignment]
    try:
        return cl.read_stock(path)
    finally:
        sys.modules["pyarrow.csv"] = saved  # type: ignore[assignment]


def test_ratios(files: tuple[Path, Path]) -> None:
    """The readers agree; print read_stock / pyarrow for CSV and Parquet."""
    csv_path, parquet_path = files
    from_csv = cl.read_stock(csv_path)
    from_parquet = cl.read_stock(parquet_path)
    assert len(from_csv) == len(from_parquet) == N_ROWS
    for key, column in from_csv.results.items():
        np.testing.assert_array_equal(column.values, from_parquet.results[key].values)
    t_arrow_csv = best_of(3, lambda: pacsv.read_csv(csv_path))
    t_csv = best_of(3, lambda: cl.read_stock(csv_path))
    t_pure = best_of(1, lambda: read_without_pyarrow(csv_path))
    t_arrow_parquet = best_of(3, lambda: parquet_floor(parquet_path))
    t_parquet = best_of(3, lambda: cl.read_stock(parquet_path))
    print(
        f"\n{N_ROWS} rows: pyarrow.csv.read_csv {t_arrow_csv:.2f} s, read_stock(csv) "
        f"{t_csv:.2f} s, without pyarrow {t_pure:.2f} s; pyarrow.parquet.read_table + "
        f"to_numpy {t_arrow_parquet:.2f} s, read_stock(parquet) {t_parquet:.2f} s\n"
        f"read_stock(csv) / pyarrow.csv.read_csv = {t_csv / t_arrow_csv:.1f}x; "
        f"without pyarrow = {t_pure / t_arrow_csv:.1f}x; "
        f"read_stock(parquet) / read_table + to_numpy = {t_parquet / t_arrow_parquet:.1f}x"
    )
    assert t_pure > 0
