"""Parallel efficiency of climatelimits.dask on two worker processes.

The same graph (draw each partition of a synthetic stock, build its Stock, check it against
``dk-br18-2025``, count the statuses) runs twice in one run: on one thread in this process
(the dask synchronous scheduler, T1) and on a ``LocalCluster`` of two single-threaded
worker processes (T2). Parallel efficiency = T1 / (2 * T2); 1.0 would be perfect scaling.

It also reports the CPU time of the serial run against the CPU time the workers spent, as
the wall-clock ratio means little on a machine busy with other work.

Rows: ``CLIMATELIMITS_BENCH_ROWS`` buildings (default 20 000, a smoke run). For the figure
of the issue, run ``CLIMATELIMITS_BENCH_ROWS=10000000 pytest benchmarks/test_bench_dask.py
-s`` (a few minutes on two cores). The verdict rows with their explanations
(``to_frame``) are not timed here: at scale they cost far more than the check itself.
"""

from __future__ import annotations

import functools
import logging
import os
import time

import dask
import dask.dataframe as dd
import pytest
from distributed import Client, LocalCluster

from climatelimits.dask import check_stock
from climatelimits.stocks import Stock
from climatelimits.stocks import check_stock as check_in_memory
from climatelimits.testing.stock_tables import synthetic_stock_columns, synthetic_stock_frame

ROWS = int(os.environ.get("CLIMATELIMITS_BENCH_ROWS", "20000"))
PER_PARTITION = min(250_000, max(1, ROWS // 4))
WORKERS = 2


def _stock() -> dd.DataFrame:
    """Draw the stock partition by partition, indexed by id with known divisions."""
    starts = list(range(0, ROWS, PER_PARTITION))
    sizes = [min(PER_PARTITION, ROWS - s) for s in starts]
    draw = functools.partial(synthetic_stock_frame, mixed_share=0.02, index="id")
    meta = draw(1).iloc[:0]
    divisions = [f"b{s:010d}" for s in starts] + [f"b{ROWS - 1:010d}"]
    return dd.from_map(draw, sizes, starts, starts, meta=meta, divisions=divisions)


def _warm_up() -> None:
    # Load the catalogue and build the unit registry where the checks run, untimed.
    check_in_memory(Stock.from_columns(synthetic_stock_columns(10)), "dk-br18-2025").summary()


@pytest.mark.benchmark(group="dask: parallel efficiency on 2 workers")
def test_parallel_efficiency_on_two_workers(benchmark) -> None:  # type: ignore[no-untyped-def]
    checked = check_stock(_stock(), "dk-br18-2025")
    with dask.config.set(scheduler="synchronous"):
        _warm_up()
        start, cpu = time.perf_counter(), time.process_time()
        expected = checked.summary()
        serial, serial_cpu = time.perf_counter() - start, time.process_time() - cpu
    with (
        LocalCluster(
            n_workers=WORKERS,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(_warm_up)
        cpu_before = client.run(time.process_time)
        start = time.perf_counter()
        summary = benchmark.pedantic(checked.summary, rounds=1, iterations=1)
        parallel = time.perf_counter() - start
        cpu_after = client.run(time.process_time)
    workers_cpu = sum(cpu_after[w] - cpu_before[w] for w in cpu_after)
    assert summary == expected
    assert summary.buildings == ROWS
    efficiency = serial / (WORKERS * parallel)
    # On a machine shared with other work the wall-clock ratio says little; the CPU time
    # the workers spent against the serial run's shows the cost of distributing alone.
    cpu_ratio = serial_cpu / workers_cpu
    partitions = checked.stock.npartitions
    benchmark.extra_info.update(
        rows=ROWS,
        partitions=partitions,
        serial_s=serial,
        parallel_s=parallel,
        efficiency=efficiency,
        serial_cpu_s=serial_cpu,
        workers_cpu_s=workers_cpu,
    )
    print(
        f"\n{ROWS} buildings in {partitions} partitions: "
        f"1 thread {serial:.2f} s, {WORKERS} workers {parallel:.2f} s, "
        f"parallel efficiency {efficiency:.2f}; CPU time 1 thread {serial_cpu:.2f} s, "
        f"{WORKERS} workers {workers_cpu:.2f} s (ratio {cpu_ratio:.2f}); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
