"""Reading a CSV bill of quantities: ``load_bill`` against pandas and pyarrow in one run.

``load_bill`` checks every cell (units, numbers, service lives, transport legs) and builds
the bill's columns; ``pandas.read_csv`` and ``pyarrow.csv.read_csv`` only split the file
into typed columns, in C. Issue 9 asks for at most 3x one of them at 100,000 lines.

Run: ``pytest benchmarks/test_bench_bills.py -s``; ``CLIMATELIMITS_BENCH_LINES`` sets the size.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.csv as pa_csv
import pytest

from climatelimits.io import load_bill

N_LINES = int(os.environ.get("CLIMATELIMITS_BENCH_LINES", "100000"))
GROUP = f"read a CSV bill, {N_LINES} lines"
UNITS = ("m3", "m^2", "kg", "t")
HEADER = (
    "id,product,quantity,unit,element,classification,service_life,waste_factor,"
    "transport_mode,transport_distance,transport_factor"
)


@pytest.fixture(scope="module")
def bill_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(20261205)
    rows = [HEADER]
    for j in range(N_LINES):
        p = int(rng.integers(200))
        rows.append(
            f"l{j},p{p},{float(rng.uniform(0.1, 100.0))!r},{UNITS[p % 4]},wall {j % 40},"
            f"21.{j % 9},{(20, 30, 60)[j % 3]},{1.05 if j % 3 == 0 else 1.02},truck,"
            f"{(40, 120)[j % 2]},0.08"
        )
    path = tmp_path_factory.mktemp("bills") / "bill.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.benchmark(group=GROUP)
def test_load_bill(benchmark, bill_csv) -> None:  # type: ignore[no-untyped-def]
    bill = benchmark.pedantic(load_bill, args=(bill_csv,), rounds=7, iterations=1)
    assert len(bill.lines) == N_LINES


@pytest.mark.benchmark(group=GROUP)
def test_pandas_read_csv(benchmark, bill_csv) -> None:  # type: ignore[no-untyped-def]
    frame = benchmark(pd.read_csv, bill_csv)
    assert len(frame) == N_LINES


@pytest.mark.benchmark(group=GROUP)
def test_pyarrow_read_csv(benchmark, bill_csv) -> None:  # type: ignore[no-untyped-def]
    table = benchmark(pa_csv.read_csv, bill_csv)
    assert table.num_rows == N_LINES


def test_ratios(bill_csv: Path, best_of: Callable[[int, Callable[[], object]], float]) -> None:
    """The same lines as pandas reads; print load_bill / pandas and load_bill / pyarrow."""
    bill = load_bill(bill_csv)
    frame = pd.read_csv(bill_csv)
    columns = bill.columns
    assert list(columns.ids) == frame["id"].tolist()
    assert np.array_equal(columns.quantity, frame["quantity"].to_numpy())
    # Round by round, so that a busy moment of the machine slows all three alike.
    ours, pandas, arrow = (float("inf"),) * 3
    for _ in range(7):
        ours = min(ours, best_of(1, lambda: load_bill(bill_csv)))
        pandas = min(pandas, best_of(1, lambda: pd.read_csv(bill_csv)))
        arrow = min(arrow, best_of(1, lambda: pa_csv.read_csv(bill_csv)))
    print(
        f"\n{N_LINES} lines: load_bill {ours:.3f} s, pandas.read_csv {pandas:.3f} s "
        f"(ratio {ours / pandas:.1f}), pyarrow.csv.read_csv {arrow:.3f} s "
        f"(ratio {ours / arrow:.1f})"
    )
