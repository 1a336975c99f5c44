"""Benchmarks of the check kernels, each against a baseline in the same run.

Run: ``pytest benchmarks --benchmark-group-by=group``. pytest-benchmark prints every
statistic with its ratio to the fastest in the group, so the kernel is read against its
baseline, not against a wall-clock number.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import climatelimits as cl
from climatelimits import _kernels

N_BUILDINGS = 10_000
SCOPE = cl.ModuleSet.parse("A1-A5").mask
MASKS = [cl.ModuleSet.parse(m).mask for m in ("A1-A3", "A4", "A5", "D")]


@pytest.fixture(scope="module")
def entries() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(20261128)
    owner = np.repeat(np.arange(N_BUILDINGS), len(MASKS))
    masks = np.tile(np.array(MASKS, dtype=np.int64), N_BUILDINGS)
    values = rng.uniform(0, 1e6, owner.size)
    declared = rng.uniform(size=owner.size) > 0.01
    return owner, masks, values, declared


@pytest.mark.benchmark(group="scope totals, 10 000 buildings")
def test_kernel_scope_totals(benchmark, entries) -> None:  # type: ignore[no-untyped-def]
    owner, masks, values, declared = entries
    totals, _, _ = benchmark(
        _kernels.scope_totals, owner, masks, values, declared, SCOPE, N_BUILDINGS
    )
    assert totals.shape == (N_BUILDINGS,)


@pytest.mark.benchmark(group="scope totals, 10 000 buildings")
def test_baseline_python_loop(benchmark, entries) -> None:  # type: ignore[no-untyped-def]
    owner, masks, values, declared = entries
    rows = list(
        zip(owner.tolist(), masks.tolist(), values.tolist(), declared.tolist(), strict=True)
    )

    def loop() -> list[float]:
        totals = [0.0] * N_BUILDINGS
        for who, mask, value, is_declared in rows:
            if is_declared and mask & ~SCOPE == 0:
                totals[who] += value
        return totals

    assert len(benchmark(loop)) == N_BUILDINGS


@pytest.fixture(scope="module")
def one_building() -> tuple[cl.Building, cl.LimitSchedule]:
    building = cl.Building(
        "b",
        "office",
        dates=cl.BuildingDates(permit_application=dt.date(2026, 3, 2)),
        areas={"se_bta": "5200 m^2"},
        results={
            "gwp_total": cl.IndicatorResults.from_mapping(
                "gwp_total", {"A1-A3": 1248000, "A4": 41600, "A5": 88400}, unit="kg CO2e"
            )
        },
    )
    schedule = cl.LimitSchedule(
        "s",
        "s",
        "SE",
        "illustrative",
        "permit_application",
        limits=[
            cl.Limit(
                "building",
                cl.LimitMetric("gwp_total", "A1-A5", "se_bta", False, "kg CO2e/m^2", decimals=0),
                {"any": cl.LimitCategory([cl.LimitStep(dt.date(2024, 1, 1), 300)])},
            )
        ],
    )
    return building, schedule


@pytest.mark.benchmark(group="one building")
def test_check_one_building(benchmark, one_building) -> None:  # type: ignore[no-untyped-def]
    building, schedule = one_building
    assert benchmark(cl.check, building, schedule).passed is True


@pytest.mark.benchmark(group="one building")
def test_baseline_pint_division(benchmark, one_building) -> None:  # type: ignore[no-untyped-def]
    building, _ = one_building
    results = building.results["gwp_total"]
    area = building.areas["se_bta"]

    def by_hand() -> object:
        total = sum(results.get(m) for m in ("A1-A3", "A4", "A5"))  # type: ignore[misc]
        return (total / area).to("kg CO2e / m^2")

    benchmark(by_hand)
