"""calculate() against a plain reference written from the rules of docs/explanation/calculation.md.

The reference works line by line in Python floats, with the declared units and masses of
each drawn product written out here (not converted by the library), and joins module sets
the way the page says: a block is the union of the module sets that overlap, and a block is
declared for the building only when every line covers it with declared values. Products
draw aggregates (A1-A3 or its parts, A4-A5, B1-B5, C1-C4, C3-C4...), not-declared values,
service lives, transport legs and waste factors, so that A4 and A5 derived for one line can
share a block, a derived B4 can fall in a product's B1-B5, and so on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from climatelimits.calculation import calculate
from climatelimits.lifecycle import ModuleSet
from climatelimits.products import Product
from climatelimits.quantities import BillLine, BillOfQuantities, Transport
from climatelimits.results import IndicatorResults, ResultEntry

_A1_A3, _A4, _A5, _B4 = (ModuleSet.parse(m).mask for m in ("A1-A3", "A4", "A5", "B4"))
_C3_C4, _D = ModuleSet.parse("C3-C4").mask, ModuleSet.parse("D").mask

PARTITIONS = (
    ("A1-A3",),
    ("A1", "A2", "A3"),
    ("A1", "A2-A3"),
    ("A4",),
    ("A5",),
    ("A4-A5",),
    ("A4-A5",),  # twice: A4 and A5 derived for one line then share its block more often
    ("B1",),
    ("B4",),
    ("B1-B5",),
    ("C3",),
    ("C4",),
    ("C3", "C4"),
    ("C3-C4",),
    ("C1-C4",),
    ("D",),
    ("C4,D",),
)
"""Ways a product may declare parts of the life cycle (one entry per module set)."""

DECLARED: dict[str, tuple[float | None, dict[str, float]]] = {
    # declared unit -> (kg per declared unit, or None; declared units in one used unit)
    "1 m^3": (2400.0, {"m^3": 1.0, "kg": 1 / 2400.0}),
    "0.5 m^3": (1200.0, {"m^3": 2.0, "kg": 1 / 1200.0}),
    "1 kg": (1.0, {"kg": 1.0, "t": 1000.0}),
    "1000 kg": (1000.0, {"kg": 1e-3, "t": 1.0}),
    "1 m^2": (40.0, {"m^2": 1.0, "kg": 1 / 40.0}),
    "1 piece": (None, {"piece": 1.0}),
}
UNIT_KEYS = {
    # pint's name of a used unit -> its key in DECLARED
    "meter ** 3": "m^3",
    "kilogram": "kg",
    "metric_ton": "t",
    "meter ** 2": "m^2",
    "piece": "piece",
}
MASS_PROPERTY = {"1 m^3": "2400 kg/m^3", "0.5 m^3": "1200 kg", "1 m^2": "40 kg/m^2"}

Entries = list[tuple[int, float | None]]


@st.composite
def drawn_product(draw: st.DrawFn, pid: str) -> tuple[Product, Entries, str]:
    used = 0
    entries: Entries = []
    for part in draw(st.lists(st.sampled_from(PARTITIONS), max_size=6)):
        masks = [ModuleSet.parse(m).mask for m in part]
        if any(mask & used for mask in masks):
            continue
        for mask in masks:
            used |= mask
            declared = draw(st.integers(0, 4)) > 0  # not declared one time in five
            value = draw(st.integers(-1000, 1000)) / 8 if declared else None
            entries.append((mask, value))
    declared = draw(st.sampled_from(sorted(DECLARED)))
    life = draw(st.sampled_from([None, 20.0, 25.0, 50.0, 60.0, 100 / 3]))
    results = IndicatorResults(
        "gwp_total", tuple(ResultEntry(ModuleSet(mask), value) for mask, value in entries)
    )
    properties = (
        {"mass_per_declared_unit": MASS_PROPERTY[declared]} if declared in MASS_PROPERTY else {}
    )
    product = Product(
        pid,
        pid,
        declared,
        {"gwp_total": results},
        properties=properties,
        reference_service_life=None if life is None else f"{life!r} year",
    )
    return product, entries, declared


@st.composite
def drawn_line(
    draw: st.DrawFn, index: int, products: Sequence[tuple[Product, Entries, str]]
) -> BillLine:
    product, _, declared = draw(st.sampled_from(products))
    unit = draw(st.sampled_from(sorted(DECLARED[declared][1])))
    legs = draw(
        st.lists(
            st.builds(
                Transport,
                distance=st.sampled_from(["0 km", "10 km", "120 km"]),
                mode=st.just("truck"),
                factor=st.sampled_from(["0.05 kg CO2e/(t*km)", "0.1 kg CO2e/(t*km)"]),
            ),
            max_size=2,
        )
    )
    life = draw(st.sampled_from([None, None, 10, 25, 50, 80]))
    return BillLine(
        f"l{index}",
        product.id,
        f"{draw(st.integers(0, 10_000)) / 100!r} {unit}",
        transport=tuple(legs),
        waste_factor=draw(st.sampled_from([None, 1.0, 1.05])),
        service_life=None if life is None else f"{life} year",
    )


def exact(entries: Entries, scope: int) -> float | None:
    """Sum of the entries inside ``scope`` if they cover it with values, else None."""
    total, covered = 0.0, 0
    for mask, value in entries:
        if mask & scope:
            if mask & ~scope or value is None:
                return None
            total += value
            covered |= mask
    return total if covered == scope else None


def line_rows(
    line: BillLine, entries: Entries, declared: str, life: float | None, b4: bool, rsp: float
) -> list[tuple[int, float | None]]:
    """The rows of one line: its product's entries it keeps, and what it derives."""
    mass_per_du, per_unit = DECLARED[declared]
    du = float(line.quantity.m) * per_unit[UNIT_KEYS[str(line.quantity.units)]]
    own = (_B4 if b4 else 0) | (_A4 if line.transport else 0)
    own |= _A5 if line.waste_factor is not None else 0
    rows = [
        (mask, None if value is None else value * du)
        for mask, value in entries
        if not mask & own and not (mask & _D and mask & ~_D)
    ]
    declared_a4 = exact(entries, _A4)
    a4_line = None if declared_a4 is None else du * declared_a4
    if line.transport:
        tkm = sum(float(t.distance.m) * float(t.factor.m) for t in line.transport)
        a4_line = None if mass_per_du is None else du * mass_per_du / 1000.0 * tkm
        rows.append((_A4, a4_line))
    if line.waste_factor is not None:
        a1_a3 = exact(entries, _A1_A3)
        a5 = None
        if a1_a3 is not None and a4_line is not None:
            a5 = (line.waste_factor - 1.0) * (du * a1_a3 + a4_line)
        rows.append((_A5, a5))
    if b4:
        value: float | None = None
        if life is not None:
            n = max(math.ceil(round(rsp / life, 9)) - 1, 0)
            a1_a3, c3_c4 = exact(entries, _A1_A3), exact(entries, _C3_C4)
            if n == 0:
                value = 0.0
            elif a1_a3 is not None and c3_c4 is not None:
                value = n * du * (a1_a3 + c3_c4)
        rows.append((_B4, value))
    return rows


def reference(
    bill: BillOfQuantities, products: Sequence[tuple[Product, Entries, str]], rsp: float
) -> dict[str, list[float | None]]:
    """Module set of each block -> each line's value in it (None: the line does not declare it)."""
    by_id = {p.id: (p, e, d) for p, e, d in products}
    lives = []
    for line in bill.lines:
        life = line.service_life or by_id[line.product][0].reference_service_life
        lives.append(None if life is None else float(life.m))
    b4 = any(life is not None for life in lives)
    rows = [
        line_rows(line, by_id[line.product][1], by_id[line.product][2], life, b4, rsp)
        for line, life in zip(bill.lines, lives, strict=True)
    ]
    blocks: list[int] = []
    for mask in (m for line in rows for m, _ in line):
        merged, kept = mask, []
        for block in blocks:
            if block & merged:
                merged |= block
            else:
                kept.append(block)
        blocks = [*kept, merged]
    out: dict[str, list[float | None]] = {}
    for block in blocks:
        values: list[float | None] = []
        for line in rows:
            covered, total = 0, 0.0
            for mask, value in line:
                if mask & block and value is not None:
                    covered |= mask
                    total += value
            values.append(total if covered == block else None)
        out[str(ModuleSet(block))] = values
    return out


@st.composite
def cases(draw: st.DrawFn) -> tuple[BillOfQuantities, list[tuple[Product, Entries, str]], float]:
    n = draw(st.integers(1, 3))
    products = [draw(drawn_product(f"p{i}")) for i in range(n)]
    lines = [draw(drawn_line(i, products)) for i in range(draw(st.integers(1, 6)))]
    rsp = draw(st.sampled_from([50.0, 60.0, 25.0, 12.5]))
    return BillOfQuantities("b", tuple(lines)), products, rsp


@given(cases())
def test_calculate_agrees_with_the_line_by_line_reference(case: Any) -> None:
    bill, products, rsp = case
    calc = calculate(bill, [p for p, _, _ in products], study_period=f"{rsp!r} year")
    expected = reference(bill, products, rsp)
    got = calc.results["gwp_total"].to_mapping() if "gwp_total" in calc.results else {}
    assert set(got) == set(expected)
    detail = calc.line_values["gwp_total"] if expected else None
    for modules, values in expected.items():
        if any(v is None for v in values):
            assert not isinstance(got[modules], float), modules
        else:
            total = sum(v for v in values if v is not None)
            assert got[modules] == pytest.approx(total, rel=1e-9, abs=1e-6), modules
        assert detail is not None
        column = [str(m) for m in detail.modules].index(modules)
        assert detail.declared[:, column].tolist() == [v is not None for v in values], modules
        np.testing.assert_allclose(
            detail.values[:, column],
            [0.0 if v is None else v for v in values],
            rtol=1e-9,
            atol=1e-6,
        )
