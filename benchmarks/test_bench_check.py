"""Benchmark of one ``check``: the README's building against two catalogue schedules.

Issue 9, goal P4: one ``check`` in at most 50 µs. Each schedule's group holds the check and
a plain-Python baseline in the same run: the building's compared value, worked out
beforehand, looked up against the same category's steps with :mod:`bisect` and compared.
That is the least any check can do; pytest-benchmark prints every statistic with its ratio
to it. Run: ``pytest benchmarks/test_bench_check.py --benchmark-group-by=group``.
"""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest

import climatelimits as cl
from climatelimits import catalogue

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "oceanhamnen-k3.toml"
SCHEDULES = ("se-boverket-2023-proposal", "dk-br18-2025")


@pytest.fixture(scope="module")
def building() -> cl.Building:
    return cl.load_building(EXAMPLE)


@pytest.mark.parametrize("schedule_id", SCHEDULES)
def test_check_example_building(benchmark, building, schedule_id) -> None:  # type: ignore[no-untyped-def]
    benchmark.group = f"one check, {schedule_id}"
    schedule = catalogue.get(schedule_id)
    assessment = benchmark(cl.check, building, schedule)
    assert len(assessment.checks) == len(schedule.limits)


@pytest.mark.parametrize("schedule_id", SCHEDULES)
def test_baseline_plain_comparison(benchmark, building, schedule_id) -> None:  # type: ignore[no-untyped-def]
    benchmark.group = f"one check, {schedule_id}"
    schedule = catalogue.get(schedule_id)
    first = cl.check(building, schedule).checks[0]
    limit = schedule.limits[0]
    category = limit.categories[first.category or next(iter(limit.categories))]
    starts = [step.start for step in category.steps]
    values = [step.value for step in category.steps]
    compared = 0.0 if first.compared_value is None else float(first.compared_value.magnitude)
    day = first.on or category.steps[0].start

    def by_hand() -> bool | None:
        i = bisect.bisect_right(starts, day) - 1
        step_value = values[i] if i >= 0 else None
        return None if step_value is None else compared <= step_value

    benchmark(by_hand)
