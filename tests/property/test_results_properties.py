"""Properties of IndicatorResults.total: additivity, order and unit invariance, completeness.

Expected totals are computed here with ``math.fsum`` over the entries, never by ``total``.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from climatelimits.lifecycle import LifeCycleModule, ModuleSet
from climatelimits.results import NOT_DECLARED, IndicatorResults, ResultEntry
from climatelimits.testing import assert_quantity_allclose
from climatelimits.testing.strategies import (
    indicator_results,
    life_cycle_modules,
    module_sets,
    nonempty_module_sets,
)
from climatelimits.units import registry


def naive_total(results: IndicatorResults, scope: ModuleSet) -> float | None:
    """Sum of the declared entries, or None if an entry straddles or a module is uncovered."""
    covered = set()
    values = []
    for entry in results.entries:
        inside = {m for m in entry.modules if m in scope}
        if not inside:
            continue
        if entry.value is None or len(inside) != len(entry.modules):
            return None
        covered |= inside
        values.append(entry.value)
    if covered != set(scope):
        return None
    return math.fsum(values)


def magnitude(results: IndicatorResults, scope: ModuleSet) -> float:
    value = results.total(scope).value
    assert value is not None, results.total(scope).explain()
    return float(value.to("kg CO2e").magnitude)


@given(indicator_results())
def test_total_over_the_covered_scope_is_the_sum_of_the_entries(results: IndicatorResults) -> None:
    scope = ModuleSet.empty().union(*(e.modules for e in results.entries))
    total = results.total(scope)
    assert total.complete
    assert not total.missing
    assert total.straddling == ()
    expected = math.fsum(e.value for e in results.entries if e.value is not None)
    assert math.isclose(magnitude(results, scope), expected, rel_tol=1e-12)


@given(st.data())
def test_total_of_a_union_of_disjoint_scopes_is_the_sum_of_the_totals(
    data: st.DataObject,
) -> None:
    scope = data.draw(nonempty_module_sets())
    results = data.draw(indicator_results(scope=scope))
    # Group the entries' module sets into two scopes that never cut an entry.
    entry_sets = [e.modules for e in results.entries]
    sides = data.draw(st.lists(st.booleans(), min_size=len(entry_sets), max_size=len(entry_sets)))
    left = ModuleSet.empty().union(*(m for m, s in zip(entry_sets, sides, strict=True) if s))
    right = ModuleSet.empty().union(*(m for m, s in zip(entry_sets, sides, strict=True) if not s))
    assert left.isdisjoint(right)
    assert left | right == scope
    total_left = 0.0 if not left else magnitude(results, left)
    total_right = 0.0 if not right else magnitude(results, right)
    assert math.isclose(magnitude(results, scope), total_left + total_right, rel_tol=1e-12)


@given(indicator_results(), module_sets(), module_sets())
def test_complete_totals_of_disjoint_scopes_add_up(
    results: IndicatorResults, a: ModuleSet, b_raw: ModuleSet
) -> None:
    b = b_raw - a
    ta, tb = results.total(a), results.total(b)
    union = results.total(a | b)
    if ta.complete and tb.complete:
        assert union.complete
        assert ta.value is not None
        assert tb.value is not None
        assert_quantity_allclose(union.value, ta.value + tb.value, rtol=1e-12)


@given(indicator_results(), module_sets())
def test_total_matches_a_naive_scan(results: IndicatorResults, scope: ModuleSet) -> None:
    expected = naive_total(results, scope)
    total = results.total(scope)
    if expected is None:
        assert total.value is None
        assert not total.complete
    else:
        assert total.value is not None
        assert math.isclose(float(total.value.magnitude), expected, rel_tol=1e-12)


@given(st.data())
def test_entries_in_any_order_give_equal_results(data: st.DataObject) -> None:
    results = data.draw(indicator_results())
    shuffled = data.draw(st.permutations(results.entries))
    again = IndicatorResults(results.indicator, tuple(shuffled))
    assert again == results
    assert again.entries == results.entries
    mapping: dict[str | ModuleSet, Any] = dict(
        data.draw(st.permutations(list(results.to_mapping().items())))
    )
    from_mapping = IndicatorResults.from_mapping(results.indicator, mapping, unit="kg CO2e")
    assert from_mapping == results


@given(indicator_results(), module_sets())
def test_tonnes_and_kilograms_give_equal_totals(
    results: IndicatorResults, scope: ModuleSet
) -> None:
    kg: dict[str | ModuleSet, Any] = {str(e.modules): e.value for e in results.entries}
    tonnes: dict[str | ModuleSet, Any] = {k: v / 1000.0 for k, v in kg.items()}
    in_kg = IndicatorResults.from_mapping(results.indicator, kg, unit="kg CO2e")
    in_t = IndicatorResults.from_mapping(results.indicator, tonnes, unit="t CO2e")
    total_kg, total_t = in_kg.total(scope), in_t.total(scope)
    assert total_kg.complete == total_t.complete
    assert total_kg.missing == total_t.missing
    if total_kg.value is not None:
        assert total_t.value is not None
        assert_quantity_allclose(total_t.value, total_kg.value, rtol=1e-12)
    # Quantities in t CO2e are converted at the boundary too.
    quantities: dict[str | ModuleSet, Any] = {
        k: registry().Quantity(v, "t CO2e") for k, v in tonnes.items()
    }
    from_quantities = IndicatorResults.from_mapping(results.indicator, quantities)
    for a, b in zip(from_quantities.entries, in_kg.entries, strict=True):
        assert a.modules == b.modules
        assert a.value is not None
        assert b.value is not None
        assert math.isclose(a.value, b.value, rel_tol=1e-12)


@given(indicator_results(), life_cycle_modules(), module_sets())
def test_a_scope_with_an_uncovered_module_is_incomplete(
    results: IndicatorResults, module: LifeCycleModule, rest: ModuleSet
) -> None:
    covered = ModuleSet.empty().union(*(e.modules for e in results.entries))
    uncovered = ModuleSet.of(module)
    if uncovered <= covered:
        uncovered = ModuleSet.all() - covered
    if not uncovered:
        return  # the results cover every module; nothing can be missing
    first = next(iter(uncovered))
    scope = rest | ModuleSet.of(first)
    total = results.total(scope)
    assert total.value is None
    assert not total.complete
    assert first in total.missing
    assert total.explain()


@given(st.data())
def test_a_not_declared_entry_makes_every_scope_touching_it_incomplete(
    data: st.DataObject,
) -> None:
    results = data.draw(indicator_results())
    index = data.draw(st.integers(min_value=0, max_value=len(results.entries) - 1))
    hidden = results.entries[index].modules
    entries = list(results.entries)
    entries[index] = ResultEntry(hidden, None)
    partial = IndicatorResults(results.indicator, tuple(entries))
    assert partial.get(hidden) is NOT_DECLARED
    scope = data.draw(module_sets()) | ModuleSet.of(data.draw(st.sampled_from(hidden.modules)))
    total = partial.total(scope)
    assert total.value is None
    assert not total.complete
    # The modules of the not-declared entry that lie in the scope are all reported missing.
    assert (hidden & scope) <= total.missing


@given(indicator_results(), nonempty_module_sets())
def test_an_entry_straddling_the_scope_is_never_counted(
    results: IndicatorResults, scope: ModuleSet
) -> None:
    straddling = [e.modules for e in results.entries if e.modules.straddles(scope)]
    total = results.total(scope)
    if straddling:
        assert total.value is None
        assert set(total.straddling) == set(straddling)
