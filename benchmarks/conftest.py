"""Shared helpers of the benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

BestOf = Callable[[int, Callable[[], object]], float]


def _best_of(repeat: int, function: Callable[[], object]) -> float:
    """Return the shortest of ``repeat`` timings of ``function()`` [s]."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.fixture
def best_of() -> BestOf:
    """The timer the ratio tests use: the best of several runs, in seconds."""
    return _best_of
