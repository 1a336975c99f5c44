"""Properties of calculate(): linearity, order, units, splitting lines, replacements."""

from __future__ import annotations

import math

import attrs
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from climatelimits.calculation import BR18_REPLACEMENTS, Calculation, calculate
from climatelimits.products import Product
from climatelimits.quantities import BillLine, BillOfQuantities
from climatelimits.testing import product_strategies as cps
from climatelimits.units import registry

Case = tuple[BillOfQuantities, tuple[Product, ...]]

EQUIVALENT_UNITS = {
    "kilogram": "t",
    "metric_ton": "kg",
    "gram": "kg",
    "meter ** 3": "l",
    "liter": "m^3",
    "decimeter ** 3": "m^3",
    "meter ** 2": "cm^2",
    "centimeter ** 2": "m^2",
    "meter": "mm",
    "millimeter": "m",
    "kilometer": "m",
}


def assert_same_results(a: Calculation, b: Calculation, *, rtol: float = 1e-9) -> None:
    """Same modules, same states, values equal within rtol of the lines' magnitudes."""
    assert list(a.results) == list(b.results)
    for indicator, results in a.results.items():
        other = b.results[indicator]
        assert [e.modules for e in results] == [e.modules for e in other]
        scale = np.abs(a.line_values[indicator].values).sum(axis=0)
        columns = {m: i for i, m in enumerate(a.line_values[indicator].modules)}
        for mine, theirs in zip(results, other, strict=True):
            assert (mine.value is None) == (theirs.value is None), mine.modules
            if mine.value is None or theirs.value is None:
                continue
            column = columns.get(mine.modules)
            magnitude = float(scale[column]) if column is not None else abs(mine.value)
            assert abs(mine.value - theirs.value) <= rtol * max(magnitude, 1e-300), (
                mine.modules,
                mine.value,
                theirs.value,
            )


def scaled_bill(bill: BillOfQuantities, factor: float) -> BillOfQuantities:
    lines = tuple(attrs.evolve(line, quantity=line.quantity * factor) for line in bill.lines)
    return attrs.evolve(bill, lines=lines)


@given(cps.bills_with_products(), st.sampled_from([0.5, 2.0, 3.7, 1e3]))
def test_results_are_linear_in_the_quantities(case: Case, factor: float) -> None:
    bill, products = case
    base = calculate(bill, products)
    scaled = calculate(scaled_bill(bill, factor), products)
    for indicator, results in base.results.items():
        assert [e.modules for e in results] == [e.modules for e in scaled.results[indicator]]
        expected = scaled_bill_results(base, indicator, factor)
        actual = scaled.results[indicator].to_mapping()
        assert_same_values(expected, actual, base, indicator, factor)


def scaled_bill_results(calc: Calculation, indicator: str, factor: float) -> dict[str, object]:
    return {
        key: (value if not isinstance(value, float) else value * factor)
        for key, value in calc.results[indicator].to_mapping().items()
    }


def assert_same_values(
    expected: dict[str, object],
    actual: dict[str, object],
    calc: Calculation,
    indicator: str,
    factor: float,
) -> None:
    assert expected.keys() == actual.keys()
    scale = np.abs(calc.line_values[indicator].values).sum() * factor + 1e-300
    for key, value in expected.items():
        got = actual[key]
        if isinstance(value, float) and isinstance(got, float):
            assert abs(value - got) <= 1e-9 * scale, (key, value, got)
        else:
            assert value is got, key


@given(cps.bills_with_products(), st.randoms(use_true_random=False))
def test_order_of_lines_does_not_matter(case: Case, random: object) -> None:
    bill, products = case
    lines = list(bill.lines)
    random.shuffle(lines)  # type: ignore[attr-defined]
    shuffled = attrs.evolve(bill, lines=tuple(lines))
    assert_same_results(calculate(bill, products), calculate(shuffled, products))


@given(cps.bills_with_products())
def test_equivalent_units_give_the_same_results(case: Case) -> None:
    # t vs kg, m³ vs litres, m² vs cm², m vs mm: identical within 1e-12 relative.
    bill, products = case
    lines = []
    for line in bill.lines:
        other = EQUIVALENT_UNITS.get(str(line.quantity.units))
        quantity = line.quantity if other is None else line.quantity.to(other)
        lines.append(attrs.evolve(line, quantity=quantity))
    converted = attrs.evolve(bill, lines=tuple(lines))
    a = calculate(bill, products)
    b = calculate(converted, products)
    assert_same_results(a, b, rtol=1e-12)
    for indicator in a.line_values:
        np.testing.assert_allclose(
            a.line_values[indicator].values, b.line_values[indicator].values, rtol=1e-12
        )


@given(cps.bills_with_products(), st.floats(0.01, 0.99), st.data())
def test_splitting_a_line_in_two_gives_the_same_total(
    case: Case, share: float, data: st.DataObject
) -> None:
    bill, products = case
    index = data.draw(st.integers(0, len(bill.lines) - 1))
    line = bill.lines[index]
    first = attrs.evolve(line, id=f"{line.id}-a", quantity=line.quantity * share)
    second = attrs.evolve(line, id=f"{line.id}-b", quantity=line.quantity * (1.0 - share))
    lines = (*bill.lines[:index], first, second, *bill.lines[index + 1 :])
    split = attrs.evolve(bill, lines=lines)
    assert_same_results(calculate(bill, products), calculate(split, products))


@given(
    st.floats(1.0, 200.0, allow_nan=False),
    st.lists(st.floats(0.5, 300.0, allow_nan=False), min_size=1, max_size=20),
)
def test_replacements_never_negative_and_zero_when_service_life_covers_the_period(
    study_period: float, service_lives: list[float]
) -> None:
    lives = np.array(service_lives)
    n = BR18_REPLACEMENTS.replacements(study_period, lives)
    assert (n >= 0).all()
    assert (n[lives >= study_period] == 0).all()
    # n replacements: the first n + 1 lives together just reach the study period.
    assert (n * lives < study_period + 1e-9 * study_period).all()
    assert ((n + 1) * lives >= study_period * (1 - 1e-9)).all()


@given(cps.bills_with_products(service_life=True))
def test_calculated_replacements_are_never_negative(case: Case) -> None:
    bill, products = case
    calc = calculate(bill, products)
    assert (calc.replacements >= 0).all()
    b4 = calc.results["gwp_total"].get("B4")
    lives = calc.service_life
    if (lives >= 50.0).all():
        assert b4 == registry().Quantity(0.0, "kg CO2e")


@given(cps.bills_with_products())
def test_bill_line_strategy_converts(case: Case) -> None:
    bill, products = case
    assert all(isinstance(line, BillLine) for line in bill.lines)
    calc = calculate(bill, products)
    assert np.isfinite(calc.declared_units).all()
    for results in calc.results.values():
        for entry in results:
            assert entry.value is None or np.isfinite(entry.value)


@given(cps.bills_with_products(max_lines=20))
def test_the_per_line_table_adds_up_to_the_results(case: Case) -> None:
    """``calculate`` sums per group of lines; the table made when first read agrees.

    Each module's result is the sum of the lines' values (within rounding), and it is
    declared exactly when every line declares it.
    """
    bill, products = case
    calc = calculate(bill, products)
    assert list(calc.line_values) == list(calc.results)
    for indicator, results in calc.results.items():
        assert indicator in calc.line_values
        detail = calc.line_values[indicator]
        assert detail is calc.line_values[indicator]  # made once, then kept
        assert not detail.values.flags.writeable
        by_modules = {e.modules: e.value for e in results}
        assert list(detail.modules) == [m for m in by_modules if str(m) != "B6"]
        for column, modules in enumerate(detail.modules):
            value = by_modules[modules]
            declared = detail.declared[:, column]
            assert (value is not None) == bool(declared.all()), modules
            if value is not None:
                lines = detail.values[:, column]
                scale = float(np.abs(lines).sum())
                assert abs(value - math.fsum(lines)) <= 1e-12 * scale + 1e-300, modules
