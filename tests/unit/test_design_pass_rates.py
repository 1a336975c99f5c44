"""design.pass_rates on hand-computed stocks, and its agreement with check_stock."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

import climatelimits as cl
from climatelimits import catalogue, design
from climatelimits.exceptions import InvalidInputError

HELSINGBORG = catalogue.get("helsingborg-oceanhamnen-illustrative")
STATUSES = ("pass", "fail", "not_applicable", "exempt", "incomplete", "disclosed")


def _offices(per_m2: list[float | str]) -> cl.Stock:
    """Offices of 1000 m² BTA whose A1-A5 GWP-GHG per m² BTA is each value ("": none)."""
    n = len(per_m2)
    return cl.Stock.from_columns(
        {
            "id": [f"o{i}" for i in range(n)],
            "use": ["office"] * n,
            "area.se_bta": [1000.0] * n,
            "gwp_ghg.A1-A5": [v if v == "" else float(v) * 1000.0 for v in per_m2],
        },
        name="offices",
    )


def test_helsingborg_path_step_by_step() -> None:
    # The path: 308 from 2024, 257 from 2026, 205 from 2028, 154 from 2030 (kg CO2e/m²).
    # 200 passes until 2030; 260 passes 2024 only; 400 never; the fourth has no value.
    table = design.pass_rates(_offices([200, 260, 400, ""]), HELSINGBORG)
    assert [str(d) for d in table.dates] == [
        "2024-01-01",
        "2026-01-01",
        "2028-01-01",
        "2030-01-01",
    ]
    assert table.limit_ids == ("", "building")
    assert table.categories == ("all", "any")
    assert table.statuses == STATUSES
    expected = [[2, 1, 0, 0, 1, 0], [1, 2, 0, 0, 1, 0], [1, 2, 0, 0, 1, 0], [0, 3, 0, 0, 1, 0]]
    assert table.counts[:, 0].tolist() == expected
    assert table.counts[:, 1].tolist() == expected
    np.testing.assert_allclose(table.pass_rate[:, 0], [2 / 3, 1 / 3, 1 / 3, 0.0])
    assert np.isnan(table.limits[:, 0]).all()
    assert table.limits[:, 1].tolist() == [308.0, 257.0, 205.0, 154.0]
    assert table.unit == "kg CO2e/m²"
    assert (table.schedule_id, table.scenario) == (HELSINGBORG.id, None)
    assert (table.stock_name, table.stock_size) == ("offices", 4)


def test_dates_given_are_kept_in_order_and_before_the_first_step_nothing_applies() -> None:
    table = design.pass_rates(_offices([200]), HELSINGBORG, on=[dt.date(2029, 6, 1), "2023-01-01"])
    assert [str(d) for d in table.dates] == ["2029-06-01", "2023-01-01"]
    assert table.counts[:, 1].tolist() == [[1, 0, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0]]
    assert table.limits[0, 1] == 205.0
    assert np.isnan(table.limits[1, 1])
    assert np.isnan(table.pass_rate[1, 1])


def test_groups_per_limit_and_category_equal_check_stock() -> None:
    # dk-br18-2025: two limits (building, construction), categories by use and size band.
    schedule = catalogue.get("dk-br18-2025")
    n = 6
    stock = cl.Stock.from_columns(
        {
            "id": [f"b{i}" for i in range(n)],
            "use": ["office", "office", "multi_family_housing", "holiday_home", "office", "other"],
            "reference_study_period": [50] * n,
            "area.dk_reference": [2000.0, 2000.0, 3000.0, 100.0, 50.0, 2000.0],
            "area.dk_heated": [2000.0, 2000.0, 3000.0, 100.0, 50.0, 2000.0],
            "gwp_total.A1-A3": [5.0 * 2000 * 50, 12.0 * 2000 * 50, 6.0 * 3000 * 50,
                                4.0 * 100 * 50, 4.0 * 50 * 50, 9.0 * 2000 * 50],
            "gwp_total.A4": [0.1 * 2000 * 50] * n,
            "gwp_total.A5": [0.2 * 2000 * 50] * n,
            "gwp_total.B4": [0.0] * n,
            "gwp_total.B6": [0.0] * n,
            "gwp_total.C3": [0.0] * n,
            "gwp_total.C4": [0.0] * n,
        }
    )  # fmt: skip
    on = [dt.date(2025, 7, 1), dt.date(2027, 7, 1), dt.date(2029, 7, 1)]
    table = design.pass_rates(stock, schedule, on)
    for d, day in enumerate(on):
        assessment = cl.check_stock(stock, schedule, on=day)
        summary = assessment.summary()
        assert table.counts[d, 0].tolist() == [summary.overall.counts[s] for s in STATUSES]
        limit_ids = assessment.limit_id
        categories = np.array([c or "none" for c in assessment.category], dtype=object)
        statuses = np.array([s.value for s in assessment.status], dtype=object)
        for g in range(1, len(table.categories)):
            rows = (limit_ids == table.limit_ids[g]) & (categories == table.categories[g])
            expected = [int(np.count_nonzero(rows & (statuses == s))) for s in STATUSES]
            assert table.counts[d, g].tolist() == expected, (day, g)
        # Every verdict row is in exactly one group.
        assert int(table.counts[d, 1:].sum()) == len(assessment)
    building = [g for g, lid in enumerate(table.limit_ids) if lid == "building"]
    assert [table.categories[g] for g in building][: len(schedule.limits[0].categories)] == list(
        schedule.limits[0].categories
    )


def test_limits_are_the_step_in_force_of_the_groups_category() -> None:
    schedule = catalogue.get("dk-br18-2025")
    stock = cl.Stock.from_columns({"id": ["a"], "use": ["office"]})
    days = [dt.date(2025, 7, 1), dt.date(2029, 7, 1)]
    table = design.pass_rates(stock, schedule, days)
    for g in range(1, len(table.categories)):
        limit = schedule.limit(table.limit_ids[g])
        category = limit.categories.get(table.categories[g])
        for d, day in enumerate(days):
            step = None if category is None else category.step_on(day)
            # 2029-07-01 is in the window of the 2029 step (from a day of 2029 not
            # confirmed): that step or the one before may be in force, so none is said.
            window_end = None if step is None else step.latest_from
            if step is None or step.value is None or (window_end and day < window_end):
                assert math.isnan(table.limits[d, g])
            else:
                assert table.limits[d, g] == step.value


def test_frame_and_dict() -> None:
    pytest.importorskip("pandas")
    table = design.pass_rates(_offices([200, 260]), HELSINGBORG, ["2026-01-01"])
    frame = table.to_frame()
    assert list(frame.columns) == [
        "schedule", "date", "limit_id", "category", *STATUSES,
        "pass_rate", "limit", "unit", "scenario",
    ]  # fmt: skip
    assert frame["category"].tolist() == ["all", "any"]
    assert frame["pass"].tolist() == [1, 1]
    assert frame["pass_rate"].tolist() == [0.5, 0.5]
    document = table.to_dict()
    assert document["dates"] == ["2026-01-01"]
    assert document["rows"][0] == {
        "schedule": HELSINGBORG.id,
        "date": "2026-01-01",
        "limit_id": "",
        "category": "all",
        "pass_rate": 0.5,
        "limit": None,
        "unit": "kg CO2e/m²",
        "scenario": None,
        "counts": dict(zip(STATUSES, [1, 1, 0, 0, 0, 0], strict=True)),
    }
    assert document["rows"][1]["limit"] == 257.0


def test_bad_dates_name_the_field() -> None:
    stock = _offices([200])
    with pytest.raises(InvalidInputError, match=r"`on` must name at least one date"):
        design.pass_rates(stock, HELSINGBORG, [])
    with pytest.raises(InvalidInputError, match=r"`on` must be a date \(YYYY-MM-DD\); got '2026'"):
        design.pass_rates(stock, HELSINGBORG, ["2026"])
    with pytest.raises(InvalidInputError, match=r"`on` must be a date or a sequence.*got 2026"):
        design.pass_rates(stock, HELSINGBORG, 2026)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"`schedule` must be a LimitSchedule"):
        design.pass_rates(stock, 3)  # type: ignore[arg-type]
