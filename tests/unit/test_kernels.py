"""Array kernels: rounding, step lookup and scope totals."""

from __future__ import annotations

import numpy as np
import pytest

from climatelimits import _kernels

# -- round_half_up --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        pytest.param(12.047, 1, 12.0, id="12.047-to-12.0-br18"),
        pytest.param(12.05, 1, 12.1, id="12.05-half-up"),
        pytest.param(12.06, 1, 12.1, id="12.06-up"),
        pytest.param(12.04, 1, 12.0, id="12.04-down"),
        pytest.param(-12.05, 1, -12.1, id="minus-12.05-away-from-zero"),
        pytest.param(264.5, 0, 265.0, id="264.5-to-265"),
        pytest.param(263.5, 0, 264.0, id="263.5-to-264-not-banker"),
        pytest.param(2.5, 0, 3.0, id="2.5-to-3-not-banker"),
        pytest.param(2.675, 2, 2.68, id="2.675-stored-below-half"),
        pytest.param(0.125, 2, 0.13, id="0.125"),
    ],
)
def test_round_half_up(value: float, decimals: int, expected: float) -> None:
    result = _kernels.round_half_up(np.array([value]), decimals)
    assert result.dtype == np.float64
    assert result[0] == pytest.approx(expected, abs=1e-12)


def test_round_half_up_vectorised() -> None:
    values = np.array([12.047, 12.05, 12.06, 12.04, -12.05])
    result = _kernels.round_half_up(values, 1)
    np.testing.assert_allclose(result, [12.0, 12.1, 12.1, 12.0, -12.1], rtol=0, atol=1e-12)


def test_round_half_up_decimals_none_unchanged() -> None:
    values = np.array([12.047, 1 / 3, -264.5])
    result = _kernels.round_half_up(values, None)
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, [12.047, 1 / 3, -264.5])


# -- step_index -----------------------------------------------------------------------------


def test_step_index_side_right() -> None:
    steps = np.array(["2025-01-01", "2027-01-01", "2029-07-01"], dtype="datetime64[D]")
    dates = np.array(
        [
            "2024-12-31",  # before the first step
            "2025-01-01",  # equal to step 0
            "2026-06-01",
            "2026-12-31",  # the day before step 1
            "2027-01-01",  # equal to step 1
            "2029-07-01",  # equal to step 2
            "2040-01-01",
        ],
        dtype="datetime64[D]",
    )
    result = _kernels.step_index(steps, dates)
    np.testing.assert_array_equal(result, [-1, 0, 0, 0, 1, 2, 2])
    assert result.dtype == np.intp


def test_step_index_no_step_constant() -> None:
    assert _kernels.NO_STEP == -1


# -- scope_totals ---------------------------------------------------------------------------

# Bits of the modules used (A0 is bit 0): A1..A3 = bits 1..3, A4 = bit 4, A5 = bit 5, D = 18.
A1_A3 = 0b1110  # 14
A4 = 1 << 4  # 16
A5 = 1 << 5  # 32
A1_A5 = A1_A3 | A4 | A5  # 62
D = 1 << 18


def test_scope_totals_two_buildings() -> None:
    owner = np.array([0, 0, 0, 1, 1, 1, 1])
    masks = np.array([A1_A3, A4, A5, A1_A3, A4, A5, D])
    values = np.array([100.0, 10.0, 20.0, 200.0, 0.0, 40.0, -999.0])
    declared = np.array([True, True, True, True, False, True, True])

    totals, missing, straddle = _kernels.scope_totals(owner, masks, values, declared, A1_A5, 2)

    # Building 0: 100 + 10 + 20 = 130, nothing missing.
    # Building 1: 200 + 40 = 240 (A4 not declared, D outside the scope), A4 missing.
    np.testing.assert_allclose(totals, [130.0, 240.0])
    np.testing.assert_array_equal(missing, [0, A4])
    np.testing.assert_array_equal(straddle, [False, False])
    assert totals.dtype == np.float64


def test_scope_totals_narrower_scope() -> None:
    owner = np.array([0, 0, 0, 1, 1, 1])
    masks = np.array([A1_A3, A4, A5, A1_A3, A4, A5])
    values = np.array([100.0, 10.0, 20.0, 200.0, 30.0, 40.0])
    declared = np.ones(6, dtype=bool)

    totals, missing, straddle = _kernels.scope_totals(owner, masks, values, declared, A1_A3, 2)

    # Only the A1-A3 entries are inside: 100 and 200.
    np.testing.assert_allclose(totals, [100.0, 200.0])
    np.testing.assert_array_equal(missing, [0, 0])
    np.testing.assert_array_equal(straddle, [False, False])


def test_scope_totals_straddling_and_building_without_entries() -> None:
    owner = np.array([0, 1, 1])
    masks = np.array([A1_A5, A1_A3, A4])
    values = np.array([500.0, 100.0, 10.0])
    declared = np.ones(3, dtype=bool)

    totals, missing, straddle = _kernels.scope_totals(owner, masks, values, declared, A1_A3, 3)

    # Building 0: its A1-A5 aggregate straddles A1-A3, counts nothing, A1-A3 missing.
    # Building 1: 100 from A1-A3; A4 is outside the scope.
    # Building 2: no entries at all, everything missing.
    np.testing.assert_allclose(totals, [0.0, 100.0, 0.0])
    np.testing.assert_array_equal(missing, [A1_A3, 0, A1_A3])
    np.testing.assert_array_equal(straddle, [True, False, False])


def test_normalise() -> None:
    totals = np.array([1000.0, 600.0])
    areas = np.array([10.0, 20.0])
    np.testing.assert_allclose(_kernels.normalise(totals, areas, None), [100.0, 30.0])
    periods = np.array([50.0, 60.0])
    # 1000 / 10 / 50 = 2, 600 / 20 / 60 = 0.5
    np.testing.assert_allclose(_kernels.normalise(totals, areas, periods), [2.0, 0.5])


def test_compared_values_keep_subnormal_values_without_overflow() -> None:
    # 4.45e-315 (a subnormal float, which hypothesis found) would need a scale of 1e326.
    values = np.array([4.45e-315, -1e-300, 0.0, 123.456789012345678])
    out = _kernels.compared_values(values, None)
    assert out[:3].tolist() == [4.45e-315, -1e-300, 0.0]
    assert out[3] == 123.456789012


def test_compared_values_keep_infinite_values_without_a_warning() -> None:
    # An overflowed value stays infinite (the caller refuses it, naming the building);
    # its scale was 10**-inf = 0 and inf * 0 gave NaN with numpy's "invalid value" warning.
    values = np.array([np.inf, -np.inf, 375.0])
    out = _kernels.compared_values(values, None)
    assert out.tolist() == [np.inf, -np.inf, 375.0]
