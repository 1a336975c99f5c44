"""Benchmark of calculate() on a 100,000-line bill, against two baselines in the same run.

- ``calculate``: the library, from bill and product objects to module results.
- ``numpy baseline``: the same arithmetic (A1-A3, A4, A5, B4, C3, C4, D) written directly in
  plain numpy on arrays prepared beforehand: the floor any implementation has to pay.
- ``pint per line``: a Python loop doing the arithmetic with pint quantities line by line,
  what a straightforward unit-safe implementation would do.

Run: ``pytest benchmarks/test_bench_calculate.py --benchmark-group-by=group -s``.
``CLIMATELIMITS_BENCH_LINES`` sets another bill size (CI's smoke run uses a small one, since
the per-line pint loop alone takes tens of seconds on 100,000 lines).
pytest-benchmark shows each contender against the fastest of the group;
``test_ratios`` prints the two ratios the documentation quotes
(``docs/explanation/calculation.md``): calculate / numpy baseline and pint per line /
calculate.
"""

from __future__ import annotations

import math
import os
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from climatelimits.calculation import Calculation, calculate
from climatelimits.io import load_bill
from climatelimits.products import Product, conversion_factor_to_declared_unit
from climatelimits.quantities import BillOfQuantities
from climatelimits.results import IndicatorResults
from climatelimits.units import registry

N_LINES = int(os.environ.get("CLIMATELIMITS_BENCH_LINES", "100000"))
N_PRODUCTS = 60
RSP = 50.0
KINDS = (
    ("1 m^3", {"mass_per_declared_unit": "2300 kg/m^3"}, ("m^3", "t")),
    ("1 m^2", {"mass_per_declared_unit": "25 kg/m^2"}, ("m^2", "kg")),
    ("1000 kg", {}, ("kg", "t")),
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Product]]:
    """The products and a CSV bill of N_LINES lines using them (file path)."""
    rng = np.random.default_rng(20261128)
    products = []
    for i in range(N_PRODUCTS):
        declared, properties, _ = KINDS[i % len(KINDS)]
        a13, c3, c4, d = (
            rng.uniform(1, 300),
            rng.uniform(0, 10),
            rng.uniform(0, 10),
            -rng.uniform(0, 5),
        )
        impacts = {
            "gwp_total": IndicatorResults.from_mapping(
                "gwp_total", {"A1-A3": a13, "C3": c3, "C4": c4, "D": d}, unit="kg CO2e"
            )
        }
        life = f"{int(rng.choice([15, 20, 25, 30, 40, 50, 60, 80, 100]))} year"
        products.append(
            Product(
                f"p{i}",
                f"product {i}",
                declared,
                impacts,
                properties=properties,
                reference_service_life=life,
            )
        )
    rows = [
        "id,product,quantity,unit,waste_factor,transport_mode,transport_distance,transport_factor"
    ]
    for j in range(N_LINES):
        p = int(rng.integers(N_PRODUCTS))
        unit = KINDS[p % len(KINDS)][2][j % 2]
        quantity = float(rng.uniform(0.1, 100.0))
        waste = 1.05 if j % 3 == 0 else 1.02
        distance = (40, 120)[j % 2]
        rows.append(f"l{j},p{p},{quantity!r},{unit},{waste},truck,{distance},0.08")
    path = tmp_path_factory.mktemp("bill") / "bench.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path, products


@pytest.fixture(scope="module")
def case(generated: tuple[Path, list[Product]]) -> tuple[BillOfQuantities, list[Product]]:
    path, products = generated
    return load_bill(path), products


# -- the numpy baseline --------------------------------------------------------------------
@pytest.fixture(scope="module")
def arrays(case: tuple[BillOfQuantities, list[Product]]) -> dict[str, Any]:
    """Everything the arithmetic needs, as arrays prepared outside the timed code."""
    bill, products = case
    columns = bill.columns
    index = {p.id: i for i, p in enumerate(products)}
    line_product = np.array([index[columns.products[k]] for k in columns.product_index])
    per_unit = {
        (p, u): conversion_factor_to_declared_unit(products[p], columns.units[u])[0]
        for p, u in set(zip(line_product.tolist(), columns.unit_index.tolist(), strict=True))
    }
    factor = np.array(
        [
            per_unit[p, u]
            for p, u in zip(line_product.tolist(), columns.unit_index.tolist(), strict=True)
        ]
    )
    kg_per_du = np.array([1.0 / conversion_factor_to_declared_unit(p, "kg")[0] for p in products])
    values = {
        m: np.array([p.impacts["gwp_total"].to_mapping()[m] for p in products])
        for m in ("A1-A3", "C3", "C4", "D")
    }
    tkm = np.array([leg.distance.magnitude * leg.factor.magnitude for leg in columns.legs])
    tkm_factor = np.zeros(len(columns))
    np.add.at(tkm_factor, columns.leg_line, tkm[columns.leg_index])
    has_transport = np.zeros(len(columns), dtype=bool)
    has_transport[columns.leg_line] = True
    waste = np.asarray(columns.waste_factor)
    return {
        "line_product": line_product,
        "declared_units": columns.quantity * factor,
        "kg_per_du": kg_per_du,
        "values": values,
        "rsl": np.array([float(p.reference_service_life.magnitude) for p in products]),  # type: ignore[union-attr]
        "tkm_factor": tkm_factor,
        "has_transport": has_transport,
        "waste": np.where(np.isnan(waste), 1.0, waste),
        "has_waste": ~np.isnan(waste),
    }


def numpy_baseline(a: dict[str, Any]) -> dict[str, float]:
    p = a["line_product"]
    du = a["declared_units"]
    v = a["values"]
    a13 = du * v["A1-A3"][p]
    a4 = du * a["kg_per_du"][p] / 1000.0 * a["tkm_factor"]
    a5 = (a["waste"] - 1.0) * (a13 + a4)
    n = np.maximum(np.ceil(np.round(RSP / a["rsl"][p], 9)) - 1.0, 0.0)
    c3 = du * v["C3"][p]
    c4 = du * v["C4"][p]
    return {
        "A1-A3": float(a13.sum()),
        "A4": float(a4[a["has_transport"]].sum()),
        "A5": float(a5[a["has_waste"]].sum()),
        "B4": float((n * (a13 + c3 + c4)).sum()),
        "C3": float(c3.sum()),
        "C4": float(c4.sum()),
        "D": float((du * v["D"][p]).sum()),
    }


# -- the pint-per-line baseline -------------------------------------------------------------
def pint_per_line(bill: BillOfQuantities, products: list[Product]) -> dict[str, Any]:
    reg = registry()
    catalogue = {p.id: p for p in products}
    per_du = {
        p.id: {
            m: reg.Quantity(v, "kg CO2e") / p.declared_unit
            for m, v in p.impacts["gwp_total"].to_mapping().items()
        }
        for p in products
    }
    mass_per_du = {
        p.id: reg.Quantity(1.0 / conversion_factor_to_declared_unit(p, "kg")[0], "kg")
        / p.declared_unit
        for p in products
    }
    period = reg.Quantity(RSP, "year")
    zero = reg.Quantity(0.0, "kg CO2e")
    totals = dict.fromkeys(("A1-A3", "A4", "A5", "B4", "C3", "C4", "D"), zero)
    for line in bill.lines:
        product = catalogue[line.product]
        amount = line.quantity
        if amount.dimensionality == product.declared_unit.dimensionality:
            used = amount
        else:  # a mass of a product declared per volume or area
            used = amount / mass_per_du[line.product]
        impacts = per_du[line.product]
        a13 = used * impacts["A1-A3"]
        c3 = used * impacts["C3"]
        c4 = used * impacts["C4"]
        totals["A1-A3"] = totals["A1-A3"] + a13
        totals["C3"] = totals["C3"] + c3
        totals["C4"] = totals["C4"] + c4
        totals["D"] = totals["D"] + used * impacts["D"]
        a4 = zero
        for leg in line.transport:
            a4 = a4 + (used * mass_per_du[line.product]) * leg.distance * leg.factor
        totals["A4"] = totals["A4"] + a4
        if line.waste_factor is not None:
            totals["A5"] = totals["A5"] + (line.waste_factor - 1.0) * (a13 + a4)
        life = product.reference_service_life
        n = max(math.ceil(round(float((period / life).to("").magnitude), 9)) - 1, 0)  # type: ignore[operator]
        totals["B4"] = totals["B4"] + n * (a13 + c3 + c4)
    return {m: float(q.to("kg CO2e").magnitude) for m, q in totals.items()}


# -- benchmarks -----------------------------------------------------------------------------
GROUP = "calculate, 100 000 bill lines"


@pytest.mark.benchmark(group=GROUP)
def test_calculate(benchmark, case) -> None:  # type: ignore[no-untyped-def]
    bill, products = case
    calc = benchmark.pedantic(
        calculate, args=(bill, products), rounds=10, iterations=1, warmup_rounds=1
    )
    assert len(calc.line_ids) == N_LINES


@pytest.mark.benchmark(group=GROUP)
def test_numpy_baseline(benchmark, arrays) -> None:  # type: ignore[no-untyped-def]
    result = benchmark(numpy_baseline, arrays)
    assert set(result) == {"A1-A3", "A4", "A5", "B4", "C3", "C4", "D"}


@pytest.mark.benchmark(group=GROUP)
def test_pint_per_line(benchmark, case) -> None:  # type: ignore[no-untyped-def]
    bill, products = case
    result = benchmark.pedantic(pint_per_line, args=(bill, products), rounds=1, iterations=1)
    assert set(result) == {"A1-A3", "A4", "A5", "B4", "C3", "C4", "D"}


def test_ratios(case, arrays, best_of) -> None:  # type: ignore[no-untyped-def]
    """All three give the same numbers; print calculate/numpy and pint/calculate."""
    bill, products = case
    ours = calculate(bill, products).results["gwp_total"].to_mapping()
    expected = numpy_baseline(arrays)
    start = time.perf_counter()
    by_pint = pint_per_line(bill, products)
    t_pint = time.perf_counter() - start
    for module, value in expected.items():
        assert ours[module] == pytest.approx(value, rel=1e-9), module
        assert by_pint[module] == pytest.approx(value, rel=1e-9), module
    t_calc = best_of(5, lambda: calculate(bill, products))
    t_numpy = best_of(50, lambda: numpy_baseline(arrays))
    t_tables = best_of(5, lambda: with_tables(calculate(bill, products)))
    print(
        f"\n{N_LINES} lines: calculate {t_calc:.3f} s, numpy baseline {t_numpy * 1e3:.1f} ms, "
        f"pint per line {t_pint:.2f} s\n"
        f"calculate / numpy baseline = {t_calc / t_numpy:.0f}x; "
        f"pint per line / calculate = {t_pint / t_calc:.1f}x\n"
        f"calculate and every per-line table {t_tables:.3f} s "
        f"({t_tables / t_numpy:.0f}x the numpy baseline)"
    )
    assert t_pint > t_calc


def with_tables(calc: Calculation) -> Calculation:
    """Read every per-line table (``line_values`` makes them when first read)."""
    for detail in calc.line_values.values():
        assert detail.values.shape[0] == len(calc.line_ids)
    return calc


def test_memory(generated) -> None:  # type: ignore[no-untyped-def]
    """Peak traced memory of calculate, with the bill alive, over the bill alone."""
    path, products = generated
    tracemalloc.start()
    try:
        bill = load_bill(path)
        bill_alone, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        calc = calculate(bill, products)
        _, peak = tracemalloc.get_traced_memory()
        with_tables(calc)
        _, peak_tables = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(
        f"\n{N_LINES} lines: bill alone {bill_alone / 2**20:.1f} MiB, peak with calculate "
        f"{peak / 2**20:.1f} MiB (ratio {peak / bill_alone:.2f}); with every per-line table "
        f"read as well {peak_tables / 2**20:.1f} MiB (ratio {peak_tables / bill_alone:.2f})"
    )
    assert len(calc.line_ids) == N_LINES
    assert peak > bill_alone
