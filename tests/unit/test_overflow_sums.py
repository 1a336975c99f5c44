"""Sums near the largest float are infinite, never an OverflowError (issue 10, item 3)."""

from __future__ import annotations

import math
import sys
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from climatelimits._validators import safe_fsum


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=8))
def test_safe_fsum_is_the_exact_sum_correctly_rounded_or_its_infinity(values: list[float]) -> None:
    # The exact sum in rationals, then rounded once: what fsum gives when it does not
    # overflow part-way. fsum can raise even where the exact sum is a finite float
    # (1.0, -8.988e307, -8.988e307 sums to -1.797e308), so the expectation is not fsum's.
    exact = sum((Fraction(v) for v in values), Fraction(0))
    try:
        expected = float(exact)
    except OverflowError:
        expected = math.inf if exact > 0 else -math.inf
    assert safe_fsum(values) == expected


def test_safe_fsum_when_fsum_overflows_part_way_but_the_sum_is_finite() -> None:
    # Half the largest float, 2**1023 and -1: the exact sum, 2**1024 - 2**970 - 1, lies just
    # below the midpoint between the largest float (2**1024 - 2**971) and 2**1024, so it
    # rounds to the largest float; fsum raises on the way (hypothesis found this case).
    values = [sys.float_info.max / 2, 2.0**1023, -1.0]
    with pytest.raises(OverflowError):
        math.fsum(values)
    assert safe_fsum(values) == sys.float_info.max
