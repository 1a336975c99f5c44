"""Sums near the largest float are infinite, never an OverflowError (issue 10, item 3)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from climatelimits._validators import safe_fsum


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=8))
def test_safe_fsum_is_fsum_or_the_overflowing_infinity(values: list[float]) -> None:
    try:
        expected = math.fsum(values)
    except OverflowError:
        total = safe_fsum(values)
        assert math.isinf(total)
        assert math.copysign(1.0, total) == math.copysign(1.0, sum(v / 2 for v in values))
    else:
        assert safe_fsum(values) == expected
