"""EN 15978 life-cycle modules and module sets."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from climatelimits.exceptions import InvalidInputError, UnknownReferenceError
from climatelimits.lifecycle import LifeCycleModule, LifeCycleStage, ModuleSet

STANDARD_ORDER = [
    "A0", "A1", "A2", "A3", "A4", "A5",
    "B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8",
    "C1", "C2", "C3", "C4",
    "D",
]  # fmt: skip


def test_module_order() -> None:
    assert [m.code for m in LifeCycleModule] == STANDARD_ORDER
    assert [m.index for m in LifeCycleModule] == list(range(19))
    assert LifeCycleModule.A0.index == 0
    assert LifeCycleModule.D.index == 18


def test_modules_sort_in_standard_order() -> None:
    shuffled = [LifeCycleModule.D, LifeCycleModule.B8, LifeCycleModule.A0, LifeCycleModule.C1]
    assert sorted(shuffled) == [
        LifeCycleModule.A0,
        LifeCycleModule.B8,
        LifeCycleModule.C1,
        LifeCycleModule.D,
    ]
    assert LifeCycleModule.A5 < LifeCycleModule.B1


@pytest.mark.parametrize(
    ("code", "stage"),
    [
        pytest.param("A0", LifeCycleStage.PRE_CONSTRUCTION, id="A0"),
        pytest.param("A1", LifeCycleStage.PRODUCT, id="A1"),
        pytest.param("A3", LifeCycleStage.PRODUCT, id="A3"),
        pytest.param("A4", LifeCycleStage.CONSTRUCTION_PROCESS, id="A4"),
        pytest.param("A5", LifeCycleStage.CONSTRUCTION_PROCESS, id="A5"),
        pytest.param("B1", LifeCycleStage.USE, id="B1"),
        pytest.param("B6", LifeCycleStage.USE, id="B6"),
        pytest.param("B8", LifeCycleStage.USE, id="B8"),
        pytest.param("C1", LifeCycleStage.END_OF_LIFE, id="C1"),
        pytest.param("C4", LifeCycleStage.END_OF_LIFE, id="C4"),
        pytest.param("D", LifeCycleStage.BEYOND_SYSTEM_BOUNDARY, id="D"),
    ],
)
def test_module_stage(code: str, stage: LifeCycleStage) -> None:
    assert LifeCycleModule(code).stage is stage


def test_module_bit_and_letter() -> None:
    assert LifeCycleModule.A0.bit == 1
    assert LifeCycleModule.A1.bit == 2
    assert LifeCycleModule.D.bit == 1 << 18
    assert LifeCycleModule.B4.letter == "B"
    assert LifeCycleModule.D.letter == "D"


def test_module_parse_ignores_case_and_spaces() -> None:
    assert LifeCycleModule.parse(" b4 ") is LifeCycleModule.B4


def test_module_parse_unknown() -> None:
    msg = (
        "`module` must be one of A0, A1, A2, A3, A4, A5, B1, B2, B3, B4, B5, B6, B7, B8, "
        "C1, C2, C3, C4, D; got 'Z9'"
    )
    with pytest.raises(UnknownReferenceError, match=re.escape(msg)):
        LifeCycleModule.parse("Z9")


# A1=bit 1, A2=bit 2, A3=bit 3, C3=bit 16, C4=bit 17 (A0 is bit 0).
A1_A3 = (1 << 1) | (1 << 2) | (1 << 3)
C3_C4 = (1 << 16) | (1 << 17)


@pytest.mark.parametrize(
    ("text", "mask"),
    [
        pytest.param("A1-A3,C3,C4", A1_A3 | C3_C4, id="hyphen-and-list"),
        pytest.param("A1\u2013A3", A1_A3, id="en-dash"),
        pytest.param(" A1 - A3 , C3 , C4 ", A1_A3 | C3_C4, id="spaces"),
        pytest.param("a1-a3,c3,c4", A1_A3 | C3_C4, id="lowercase"),
        pytest.param("A1-3", A1_A3, id="short-range"),
        pytest.param("A1to3", A1_A3, id="lcabyg-to"),
        pytest.param("A1,A2,A3", A1_A3, id="listed"),
        pytest.param("", 0, id="empty"),
    ],
)
def test_parse(text: str, mask: int) -> None:
    assert ModuleSet.parse(text).mask == mask


def test_parse_modules_in_order() -> None:
    assert ModuleSet.parse("A1-A3,C3,C4").modules == (
        LifeCycleModule.A1,
        LifeCycleModule.A2,
        LifeCycleModule.A3,
        LifeCycleModule.C3,
        LifeCycleModule.C4,
    )


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        pytest.param("A1\u2013A3, A4,A5", "A1-A5", id="joins-adjacent"),
        pytest.param("C4,B6,A1-A3,B4,C3", "A1-A3,B4,B6,C3-C4", id="sorts-and-joins"),
        pytest.param("A1-A3,C3,C4", "A1-A3,C3-C4", id="c3-c4-joined"),
        pytest.param("A5,B1", "A5,B1", id="no-run-across-letters"),
        pytest.param("B8,C1", "B8,C1", id="no-run-b8-c1"),
        pytest.param("D", "D", id="D"),
        pytest.param("", "", id="empty"),
    ],
)
def test_canonical_str(text: str, canonical: str) -> None:
    parsed = ModuleSet.parse(text)
    assert str(parsed) == canonical
    assert ModuleSet.parse(str(parsed)) == parsed


def test_all_modules_str() -> None:
    assert str(ModuleSet.all()) == "A0-A5,B1-B8,C1-C4,D"
    assert len(ModuleSet.all()) == 19


def test_repr() -> None:
    assert repr(ModuleSet.parse("a1-3")) == "ModuleSet('A1-A3')"


def test_of_accepts_members_and_codes() -> None:
    assert ModuleSet.of(LifeCycleModule.A1, "a2", "A3") == ModuleSet.parse("A1-A3")


def test_set_algebra() -> None:
    a = ModuleSet.parse("A1-A3")
    b = ModuleSet.parse("A3-A5")
    assert a | b == ModuleSet.parse("A1-A5")
    assert a & b == ModuleSet.parse("A3")
    assert a - b == ModuleSet.parse("A1-A2")
    assert a ^ b == ModuleSet.parse("A1,A2,A4,A5")


def test_subset_and_disjoint() -> None:
    a1_a3 = ModuleSet.parse("A1-A3")
    a1_a5 = ModuleSet.parse("A1-A5")
    assert a1_a3 <= a1_a5
    assert not a1_a5 <= a1_a3
    same = ModuleSet.parse("A1-A3")
    assert a1_a3 <= same
    assert a1_a3.issubset(a1_a5)
    assert not a1_a5.issubset(a1_a3)
    assert a1_a5.issuperset(a1_a3)
    assert a1_a3 < a1_a5
    assert not a1_a3 < same
    assert a1_a3.isdisjoint(ModuleSet.parse("A4-A5"))
    assert not a1_a3.isdisjoint(ModuleSet.parse("A3-A4"))


def test_straddles() -> None:
    a1_a5 = ModuleSet.parse("A1-A5")
    a1_a3 = ModuleSet.parse("A1-A3")
    assert a1_a5.straddles(a1_a3)
    assert not a1_a3.straddles(a1_a5)  # wholly inside
    assert not ModuleSet.parse("C3").straddles(a1_a3)  # wholly outside
    assert not a1_a3.straddles(a1_a3)


def test_contains() -> None:
    s = ModuleSet.parse("A1-A3,C3")
    assert LifeCycleModule.A2 in s
    assert LifeCycleModule.A4 not in s
    assert ModuleSet.parse("A1,C3") in s
    assert len(s) == 4
    assert bool(s)
    assert not ModuleSet.empty()


def test_set_operation_with_text_is_refused() -> None:
    msg = "a module set operation needs a ModuleSet; got 'A1' (str)"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        ModuleSet.parse("A1-A3") | "A1"  # type: ignore[operator]


def test_parse_cross_stage_range() -> None:
    # Issue 10, item 15: "A1-C4" is every module from A1 to C4 in EN 15978 order, D excluded.
    every = ModuleSet.parse("A1-A5,B1-B8,C1-C4")
    assert ModuleSet.parse("A1-C4") == every
    assert str(ModuleSet.parse("a1 \u2013 c4")) == "A1-A5,B1-B8,C1-C4"
    assert ModuleSet.parse("A1-B2") == ModuleSet.parse("A1-A5,B1,B2")
    assert LifeCycleModule.D not in ModuleSet.parse("A0-C4")


def test_parse_range_into_d_or_backwards_is_refused() -> None:
    with pytest.raises(InvalidInputError, match=re.escape("must not reach D")):
        ModuleSet.parse("C1-D")
    with pytest.raises(InvalidInputError, match=re.escape("must run forwards")):
        ModuleSet.parse("C4-A1")


def test_parse_backwards_range() -> None:
    msg = "`modules` range 'A3-A1' in 'A3-A1' must run forwards, e.g. 'A1-A3'"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        ModuleSet.parse("A3-A1")


def test_parse_unknown_code() -> None:
    msg = (
        "`modules` must be EN 15978 codes (A0-A5, B1-B8, C1-C4, D) or ranges such as "
        "'A1-A3'; got 'X1' in 'X1'"
    )
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        ModuleSet.parse("X1")


def test_parse_unknown_code_inside_list_names_whole_text() -> None:
    msg = "got 'X1' in 'A1-A3,X1'"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        ModuleSet.parse("A1-A3,X1")


def test_parse_empty_part() -> None:
    msg = "`modules` must not contain an empty part; got 'A1,,A2'"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        ModuleSet.parse("A1,,A2")


def test_parse_range_to_unknown_module() -> None:
    msg = "`modules` range 'A1-A9' in 'A1-A9' must join two EN 15978 module codes"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        ModuleSet.parse("A1-A9")


def test_parse_non_text() -> None:
    msg = "`modules` must be text such as 'A1-A3,C3'; got 5"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        ModuleSet.parse(5)  # type: ignore[arg-type]


def test_mask_out_of_range() -> None:
    msg = "`mask` must be an integer between 0 and 524287; got 524288"  # 2**19 - 1 = 524287
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        ModuleSet(1 << 19)


def test_hashing_and_equality() -> None:
    a = ModuleSet.parse("A1-A3")
    b = ModuleSet.parse("a1\u2013a3")
    c = ModuleSet.of("A1", "A2", "A3")
    assert a == b == c
    assert hash(a) == hash(b) == hash(c)
    assert len({a, b, c}) == 1
    assert a != ModuleSet.parse("A1-A2")
    assert {a: "x"}[ModuleSet.parse("A1to3")] == "x"


@given(st.lists(st.sampled_from(list(LifeCycleModule)[:-1]), min_size=2, max_size=2))
def test_any_forward_range_is_every_module_between(ends: list[LifeCycleModule]) -> None:
    first, last = sorted(ends, key=lambda m: m.index)
    between = [m for m in LifeCycleModule if first.index <= m.index <= last.index]
    parsed = ModuleSet.parse(f"{first.code}-{last.code}")
    assert parsed == ModuleSet.of(*between)
    assert ModuleSet.parse(str(parsed)) == parsed
