"""Properties of ModuleSet: text round trip, canonical text and the laws of set algebra.

Expected values come from Python's own ``set`` of module codes, never from ModuleSet.
"""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from climatelimits.lifecycle import LifeCycleModule, ModuleSet
from climatelimits.testing.strategies import (
    disjoint_module_partitions,
    module_sets,
    nonempty_module_sets,
)

ALL_CODES = [m.value for m in LifeCycleModule]  # standard order, written out by the enum
U = ModuleSet.all()


def codes(s: ModuleSet) -> set[str]:
    """The modules of ``s`` as a plain Python set of codes (the reference model)."""
    return {m.value for m in s}


# -- text -------------------------------------------------------------------------------------
@given(module_sets())
def test_parse_of_str_round_trips(x: ModuleSet) -> None:
    assert ModuleSet.parse(str(x)) == x


@given(st.data())
def test_str_is_canonical_for_any_order_and_spelling(data: st.DataObject) -> None:
    x = data.draw(nonempty_module_sets())
    members = [m.value for m in x]
    shuffled = data.draw(st.permutations(members))
    spelled = [
        data.draw(st.sampled_from([code, code.lower(), f" {code} ", f"{code.lower()}  "]))
        for code in shuffled
    ]
    parsed = ModuleSet.parse(",".join(spelled))
    assert parsed == x
    assert str(parsed) == str(x)


@given(module_sets())
def test_str_lists_members_in_standard_order_with_maximal_runs(x: ModuleSet) -> None:
    # Naive reference: expand every part of the text back to codes by hand.
    text = str(x)
    expanded: list[str] = []
    for part in [p for p in text.split(",") if p]:
        if "-" in part:
            first, last = part.split("-")
            assert first[0] == last[0], f"a range crosses stages: {part}"
            i, j = ALL_CODES.index(first), ALL_CODES.index(last)
            assert i < j
            expanded.extend(ALL_CODES[i : j + 1])
        else:
            expanded.append(part)
    assert expanded == [c for c in ALL_CODES if c in codes(x)]
    # Runs are maximal: two neighbouring parts never join into one range of the same letter.
    parts = [p for p in text.split(",") if p]
    for left, right in itertools.pairwise(parts):
        last = left.split("-")[-1]
        first = right.split("-")[0]
        consecutive = ALL_CODES.index(first) == ALL_CODES.index(last) + 1
        assert not (consecutive and first[0] == last[0]), f"{left},{right} should be one range"


@given(module_sets(), module_sets())
def test_equality_and_str_agree_with_the_reference_set(a: ModuleSet, b: ModuleSet) -> None:
    assert (a == b) == (codes(a) == codes(b))
    assert (str(a) == str(b)) == (codes(a) == codes(b))
    assert len(a) == len(codes(a))
    assert bool(a) == bool(codes(a))


# -- algebra against the reference model --------------------------------------------------------
@given(module_sets(), module_sets())
def test_operators_match_python_sets(a: ModuleSet, b: ModuleSet) -> None:
    assert codes(a | b) == codes(a) | codes(b)
    assert codes(a & b) == codes(a) & codes(b)
    assert codes(a - b) == codes(a) - codes(b)
    assert codes(a ^ b) == codes(a) ^ codes(b)
    assert (a <= b) == (codes(a) <= codes(b))
    assert (a < b) == (codes(a) < codes(b))
    assert (a >= b) == (codes(a) >= codes(b))
    assert (a > b) == (codes(a) > codes(b))
    assert a.isdisjoint(b) == codes(a).isdisjoint(codes(b))


@given(module_sets(), module_sets())
def test_union_and_intersection_commute(a: ModuleSet, b: ModuleSet) -> None:
    assert a | b == b | a
    assert a & b == b & a


@given(module_sets(), module_sets(), module_sets())
def test_union_and_intersection_associate(a: ModuleSet, b: ModuleSet, c: ModuleSet) -> None:
    assert (a | b) | c == a | (b | c)
    assert (a & b) & c == a & (b & c)
    assert a.union(b, c) == (a | b) | c
    assert a.intersection(b, c) == (a & b) & c
    assert a.difference(b, c) == (a - b) - c


@given(module_sets(), module_sets(), module_sets())
def test_distributivity(a: ModuleSet, b: ModuleSet, c: ModuleSet) -> None:
    assert a & (b | c) == (a & b) | (a & c)
    assert a | (b & c) == (a | b) & (a | c)


@given(module_sets(), module_sets())
def test_de_morgan_relative_to_all(a: ModuleSet, b: ModuleSet) -> None:
    assert U - (a | b) == (U - a) & (U - b)
    assert U - (a & b) == (U - a) | (U - b)
    assert U - (U - a) == a


@given(module_sets(), module_sets())
def test_order_laws(a: ModuleSet, b: ModuleSet) -> None:
    assert a <= a | b
    assert b <= a | b
    assert a & b <= a
    assert a & b <= b
    assert a <= U
    assert ModuleSet.empty() <= a


@given(module_sets(), module_sets())
def test_difference_is_disjoint_from_the_subtrahend(a: ModuleSet, b: ModuleSet) -> None:
    d = a - b
    assert d.isdisjoint(b)
    assert d & b == ModuleSet.empty()
    assert d <= a
    assert d | (a & b) == a


@given(module_sets(), module_sets())
def test_inclusion_exclusion(a: ModuleSet, b: ModuleSet) -> None:
    assert len(a | b) + len(a & b) == len(a) + len(b)


@given(module_sets(), module_sets())
def test_straddles_means_partly_inside_and_partly_outside(a: ModuleSet, scope: ModuleSet) -> None:
    inside = codes(a) & codes(scope)
    outside = codes(a) - codes(scope)
    assert a.straddles(scope) == (bool(inside) and bool(outside))


# -- the partition strategy itself --------------------------------------------------------------
@given(st.data())
def test_partitions_are_disjoint_nonempty_and_cover_the_scope(data: st.DataObject) -> None:
    scope = data.draw(module_sets())
    parts = data.draw(disjoint_module_partitions(scope))
    seen: set[str] = set()
    for part in parts:
        assert part
        assert not (codes(part) & seen)
        seen |= codes(part)
    assert seen == codes(scope)
