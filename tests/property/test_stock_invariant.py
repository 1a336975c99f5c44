"""The invariant of issue 8: every row of check_stock equals check on that building.

Both faces run the column kernels, so they are compared here with an independent oracle as
well: ``tests/reference/reference_check.py``, the object-by-object evaluator the kernels
replaced. Stocks come from ``climatelimits.testing.stocks``, aimed at every rule of each
catalogue schedule (size bands, thresholds, exemptions, unconfirmed steps and windows,
mixed use with and without parts, missing areas, dates and periods, straddling aggregates,
accepted indicators, limit adjustment terms declared or not).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from climatelimits import catalogue, check, check_stock
from climatelimits.schedules import LimitSchedule
from climatelimits.stocks import Stock
from climatelimits.testing.stocks import stock_buildings, stocks
from climatelimits.testing.strategies import limit_schedules

_SPEC = importlib.util.spec_from_file_location(
    "reference_check", Path(__file__).parents[1] / "reference" / "reference_check.py"
)
assert _SPEC is not None
assert _SPEC.loader is not None
_REFERENCE = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_REFERENCE)
reference_check = _REFERENCE.reference_check

SCHEDULES = {i: catalogue.get(i) for i in catalogue.ids()}
CHECK_DATES = st.one_of(
    st.none(),
    st.sampled_from([dt.date(2023, 1, 1), dt.date(2025, 7, 1), dt.date(2027, 6, 1)]),
    st.dates(dt.date(2015, 1, 1), dt.date(2040, 12, 31)),
)


def assert_rows_match(stock: Stock, schedule: LimitSchedule, on: dt.date | None) -> None:
    result = check_stock(stock, schedule, on=on)
    assert len(set(result.building.tolist())) == len(stock)
    for i in range(len(stock)):
        building = stock.building(i)
        expected = reference_check(building, schedule, on)
        got = result.assessment(i)
        assert got == expected, (building, got.explain(), expected.explain())
        assert check(building, schedule, on) == expected


@pytest.mark.parametrize("schedule_id", sorted(SCHEDULES))
@settings(max_examples=40)
@given(data=st.data())
def test_every_row_equals_check_on_catalogue(schedule_id: str, data: st.DataObject) -> None:
    schedule = SCHEDULES[schedule_id]
    stock = data.draw(stocks(schedule, max_size=8), label="stock")
    assert_rows_match(stock, schedule, data.draw(CHECK_DATES, label="on"))


@settings(max_examples=60)
@given(data=st.data())
def test_every_row_equals_check_on_drawn_schedules(data: st.DataObject) -> None:
    schedule = data.draw(limit_schedules(), label="schedule")
    stock = data.draw(stocks(schedule, max_size=6), label="stock")
    assert_rows_match(stock, schedule, data.draw(CHECK_DATES, label="on"))


@settings(max_examples=60)
@given(data=st.data())
def test_every_row_equals_check_on_drawn_schedules_with_adjustments(data: st.DataObject) -> None:
    # Fixed and declared terms, multiplicative and additive, dated or not; buildings that
    # declare the terms (0 among them), leave some out, carry the tags or not.
    schedule = data.draw(limit_schedules(max_adjustments=3), label="schedule")
    stock = data.draw(stocks(schedule, max_size=6), label="stock")
    assert_rows_match(stock, schedule, data.draw(CHECK_DATES, label="on"))


@pytest.mark.parametrize("schedule_id", sorted(SCHEDULES))
@settings(max_examples=25)
@given(data=st.data())
def test_check_equals_reference_on_the_objects(schedule_id: str, data: st.DataObject) -> None:
    # The building as drawn (not read back from a stock): mixed-use share order, explicit
    # not-declared entries and every field as the user built them.
    schedule = SCHEDULES[schedule_id]
    building = data.draw(stock_buildings(schedule), label="building")
    on = data.draw(CHECK_DATES, label="on")
    assert check(building, schedule, on) == reference_check(building, schedule, on)


@pytest.mark.parametrize("schedule_id", sorted(SCHEDULES))
@settings(max_examples=15)
@given(data=st.data())
def test_rows_do_not_depend_on_the_other_buildings(schedule_id: str, data: st.DataObject) -> None:
    schedule = SCHEDULES[schedule_id]
    stock = data.draw(stocks(schedule, min_size=2, max_size=8), label="stock")
    whole = check_stock(stock, schedule)
    order = data.draw(st.permutations(range(len(stock))), label="order")
    shuffled = check_stock(stock.select(list(order)), schedule)
    for new, old in enumerate(order):
        assert shuffled.assessment(new) == whole.assessment(old)
