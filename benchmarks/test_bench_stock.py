"""check_stock on 10⁶ synthetic buildings against dk-br18-2025, and a numpy baseline.

- ``check_stock``: the library, from a :class:`~climatelimits.Stock` to a
  :class:`~climatelimits.StockAssessment` (every rule of the schedule: exemptions, size
  bands, unconfirmed first days of steps, two limits, next step, last day of compliance).
- ``numpy baseline``: the same arithmetic written by hand on the same arrays: per limit, the
  sum of the scope's modules / area / study period, rounded half up to one decimal, compared
  with the step found by ``np.searchsorted`` on the dates, per category.

``test_ratio`` prints check_stock / baseline and the memory of the stock against its raw
float arrays (both quoted in the CHANGELOG). ``CLIMATELIMITS_BENCH_BUILDINGS`` sets the
size (CI's smoke run uses a small one).

Run: ``pytest benchmarks/test_bench_stock.py -s --benchmark-group-by=group``.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import climatelimits as cl
from climatelimits.buildings import UseCategory
from climatelimits.stocks import USES, ResultColumn

N = int(os.environ.get("CLIMATELIMITS_BENCH_BUILDINGS", "1000000"))
MODULES = ("A1-A3", "A4", "A5", "B4", "B6", "C3", "C4", "D")
USE_MIX = (
    UseCategory.MULTI_FAMILY_HOUSING,
    UseCategory.OFFICE,
    UseCategory.DETACHED_HOUSE,
    UseCategory.HOLIDAY_HOME,
    UseCategory.INSTITUTION,
)
SCHEDULE = cl.catalogue.get("dk-br18-2025")


def make_columns(n: int, seed: int = 20261205) -> dict[str, Any]:
    """The raw columns of ``n`` synthetic Danish buildings, in canonical units."""
    rng = np.random.default_rng(seed)
    use = np.array([USES.index(u) for u in USE_MIX], dtype=np.int16)[rng.integers(0, 5, n)]
    area = rng.uniform(60.0, 8000.0, n)
    # Per-module emissions per m² per year scaled to totals over 50 years.
    per_m2a = {"A1-A3": 4.0, "A4": 0.2, "A5": 0.5, "B4": 1.2, "B6": 1.0, "C3": 0.4, "C4": 0.1}
    values = {
        modules: per_m2a.get(modules, -1.0) * rng.uniform(0.5, 1.5, n) * area * 50.0
        for modules in MODULES
    }
    start = np.datetime64("2024-01-01", "D")
    return {
        "ids": np.array([f"b{i}" for i in range(n)], dtype=object),
        "use": use,
        "dates": start + rng.integers(0, 8 * 365, n).astype("timedelta64[D]"),
        "area": area,
        "values": values,
    }


def build_stock(columns: dict[str, Any]) -> cl.Stock:
    n = columns["use"].shape[0]
    declared = np.ones(n, dtype=bool)
    area = columns["area"]
    return cl.Stock.build(
        ids=columns["ids"],
        use=columns["use"],
        dates={"permit_application": columns["dates"]},
        reference_study_period=np.full(n, 50.0),
        areas={"dk_reference": area, "dk_floor": area * 1.05, "dk_heated": area},
        results={
            ("gwp_total", cl.ModuleSet.parse(m)): ResultColumn.build(v, declared)
            for m, v in columns["values"].items()
        },
    )


def make_stock(n: int, seed: int = 20261205) -> cl.Stock:
    return build_stock(make_columns(n, seed))


def numpy_baseline(stock: cl.Stock) -> list[np.ndarray]:
    """The arithmetic by hand: scope sum / area / period, round, compare with the step."""
    days = stock.date("permit_application")
    verdicts = []
    for limit in SCHEDULE.limits:
        metric = limit.metric
        scope = metric.modules.mask
        total = np.zeros(len(stock))
        for (_, modules), column in stock.results.items():
            if modules.mask & scope == modules.mask:
                total += column.values
        value = total / stock.area(metric.area) / 50.0
        scaled = np.round(value * 10.0, 9)
        compared = np.floor(scaled + 0.5) / 10.0
        limit_value = np.full(len(stock), np.nan)
        for category in limit.categories.values():
            rows = np.isin(stock.use, [USES.index(u) for u in category.uses])
            if category.size is not None:
                rows &= category.size.contains(stock.area(category.size.area))
            index = np.searchsorted(category.step_dates, days[rows], side="right") - 1
            limit_value[rows] = np.where(
                index >= 0, category.step_values[np.maximum(index, 0)], np.nan
            )
        verdicts.append(compared <= limit_value)
    return verdicts


@pytest.fixture(scope="module")
def stock() -> cl.Stock:
    return make_stock(N)


@pytest.mark.benchmark(group=f"dk-br18-2025 over {N} buildings")
def test_check_stock(benchmark: Any, stock: cl.Stock) -> None:
    assessment = benchmark(cl.check_stock, stock, SCHEDULE)
    assert len(assessment) == 2 * N


@pytest.mark.benchmark(group=f"dk-br18-2025 over {N} buildings")
def test_numpy_baseline(benchmark: Any, stock: cl.Stock) -> None:
    verdicts = benchmark(numpy_baseline, stock)
    assert verdicts[0].shape == (N,)


def _best(function: Callable[[], Any], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def test_ratio(stock: cl.Stock) -> None:
    ours = _best(lambda: cl.check_stock(stock, SCHEDULE))
    base = _best(lambda: numpy_baseline(stock))
    # The verdicts agree where the baseline's simple rules apply (no window, no exemption).
    assessment = cl.check_stock(stock, SCHEDULE)
    decided = np.isin(assessment.status_code, [0, 1])
    building_rows = assessment.limit_id == "building"
    base_pass = numpy_baseline(stock)[0]
    ours_pass = assessment.status_code[building_rows] == 0
    agree = decided[building_rows]
    assert np.array_equal(ours_pass[agree], base_pass[agree])
    columns = make_columns(N)
    tracemalloc.start()
    built = build_stock(columns)
    stock_bytes, stock_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(built) == N
    raw = N * len(MODULES) * 8
    tracemalloc.start()
    cl.check_stock(stock, SCHEDULE)
    _, check_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"\n{N} buildings x dk-br18-2025: check_stock {ours:.3f} s, numpy baseline "
        f"{base:.3f} s, ratio {ours / base:.2f}; the stock holds {stock_bytes / raw:.2f}x "
        f"the raw float arrays of its results ({raw / 2**20:.0f} MiB; ids not counted, "
        f"they are the caller's), {stock_peak / raw:.2f}x at the peak of building it; "
        f"check_stock peaks at {check_peak / raw:.2f}x"
    )
