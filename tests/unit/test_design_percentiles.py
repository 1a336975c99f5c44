"""design.percentile and parse_percentile on hand-computed stocks.

Every expected number is worked out in the test from the values put in (numpy's default
linear method: the q-th percentile of n sorted values x is x[i] + f (x[i+1] - x[i]) with
i + f = q / 100 (n - 1)).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

import climatelimits as cl
from climatelimits import catalogue, design
from climatelimits.exceptions import InvalidInputError
from climatelimits.schedules import (
    AreaCondition,
    Limit,
    LimitCategory,
    LimitMetric,
    LimitSchedule,
    LimitStep,
)
from climatelimits.units import format_unit

BR18_2023 = catalogue.get("dk-br18-2023")
HELSINGBORG = catalogue.get("helsingborg-oceanhamnen-illustrative")
OTHER_MODULES = ("A4", "A5", "B4", "B6", "C3", "C4")


def _danish_rows() -> dict[str, Any]:
    """Ten Danish offices of 2000 m² over 50 years: four with a BR18 2023 value, six without.

    Rows 0-3: A1-A3 alone gives 10, 12, 14 and 20 kg CO2e/m²/a. Then, one reason each:
    4 no reference area; 5 assessed over 60 years; 6 no study period; 7 B6 not declared;
    8 an A1-A5 aggregate (A4-A5 lie outside the scope); 9 only GWP-GHG results.
    """
    per_year = [10.0, 12.0, 14.0, 20.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0]
    n = len(per_year)
    columns: dict[str, Any] = {
        "id": [f"dk{i}" for i in range(n)],
        "use": ["office"] * n,
        "reference_study_period": [50, 50, 50, 50, 50, 60, "", 50, 50, 50],
        "area.dk_reference": [2000.0] * 4 + [""] + [2000.0] * 5,
        "area.dk_heated": [2000.0] * n,
        "gwp_total.A1-A3": [v * 2000.0 * 50 for v in per_year],
        "gwp_total.A1-A5": [""] * n,
        "gwp_ghg.A1-A5": [""] * n,
    }
    for modules in OTHER_MODULES:
        columns[f"gwp_total.{modules}"] = [0.0] * n
    columns["gwp_total.B6"][7] = ""
    for modules in ("A1-A3", "A4", "A5"):
        columns[f"gwp_total.{modules}"][8] = ""
    columns["gwp_total.A1-A5"][8] = 1.0e6
    for key in [k for k in columns if k.startswith("gwp_total.")]:
        columns[key][9] = ""
    columns["gwp_ghg.A1-A5"][9] = 1.0e6
    return columns


def test_percentiles_of_the_br18_values_and_the_reasons_left_out() -> None:
    stock = cl.Stock.from_columns(_danish_rows(), name="danish")
    result = design.percentile(stock, BR18_2023, ["p50", "p80", 0, 100])
    # Sorted 10, 12, 14, 20: p50 at 1.5 -> 13; p80 at 2.4 -> 14 + 0.4 x 6 = 16.4.
    np.testing.assert_allclose(result.values, [[13.0, 16.4, 10.0, 20.0]], rtol=1e-12)
    assert result.q == (50.0, 80.0, 0.0, 100.0)
    assert result.groups == ("all",)
    assert result.n_used.tolist() == [4]
    assert result.n_left_out.tolist() == [6]
    assert dict(result.left_out) == {
        "no_indicator": 1,
        "scope_straddled": 1,
        "scope_incomplete": 1,
        "no_area": 1,
        "no_study_period": 1,
        "study_period_differs": 1,
        "no_category": 0,
        "category_undecided": 0,
        "mixed_use": 0,
    }
    assert (result.stock_name, result.stock_size, result.scenario) == ("danish", 10, None)
    assert format_unit(result.unit) == "kg CO2e/m²/a"
    p80 = result.value("p80")
    assert p80.magnitude == pytest.approx(16.4)
    assert format_unit(p80.units) == "kg CO2e/m²/a"


def test_the_left_out_reasons_are_those_check_gives() -> None:
    # Each building left out is one check_stock finds incomplete for want of a value.
    stock = cl.Stock.from_columns(_danish_rows())
    assessment = cl.check_stock(stock, BR18_2023, on=dt.date(2024, 1, 1))
    statuses = [s.value for s in assessment.status]
    assert statuses[:4] == ["pass", "pass", "fail", "fail"]
    assert statuses[4:] == ["incomplete"] * 6


def test_a_metric_alone_or_its_limit_give_the_same_values_when_the_metric_has_the_period() -> None:
    stock = cl.Stock.from_columns(_danish_rows())
    metric = BR18_2023.limits[0].metric
    by_metric = design.percentile(stock, metric, [25, 75])
    by_limit = design.percentile(stock, BR18_2023.limits[0], [25, 75])
    # p25 at 0.75 -> 10 + 0.75 x 2 = 11.5; p75 at 2.25 -> 14 + 0.25 x 6 = 15.5.
    np.testing.assert_allclose(by_metric.values, [[11.5, 15.5]], rtol=1e-12)
    np.testing.assert_array_equal(by_metric.values, by_limit.values)


def _homes_schedule() -> LimitSchedule:
    """Offices, and detached houses split at 150 m² heated area; totals per m² reference."""
    metric = LimitMetric("gwp_total", "A1-A3", "dk_reference", False, "kg CO2e/m^2")
    steps = [LimitStep(dt.date(2025, 1, 1), 500.0), LimitStep(dt.date(2027, 1, 1), 400.0)]
    categories = {
        "office": LimitCategory(steps),
        "small_home": LimitCategory(
            steps, uses=["detached_house"], size=AreaCondition("dk_heated", below="150 m^2")
        ),
        "large_home": LimitCategory(
            steps, uses=["detached_house"], size=AreaCondition("dk_heated", at_least="150 m^2")
        ),
    }
    return LimitSchedule(
        "homes", "Homes", "DK", "illustrative", "permit_application",
        [Limit("building", metric, categories)],
    )  # fmt: skip


def _homes_stock() -> cl.Stock:
    # A1-A3 per m² reference area: offices 100 and 300, a small home 200, a home without its
    # heated area 250, a shop 50, a mixed office/shop 80.
    per_m2 = [100.0, 300.0, 200.0, 250.0, 50.0, 80.0]
    return cl.Stock.from_columns(
        {
            "id": ["o1", "o2", "h1", "h2", "s1", "m1"],
            "use": ["office", "office", "detached_house", "detached_house", "retail", "office"],
            "use_shares": ["", "", "", "", "", "office:0.6;retail:0.4"],
            "area.dk_reference": [1000.0] * 6,
            "area.dk_heated": [1000.0, 1000.0, 120.0, "", 1000.0, 1000.0],
            "gwp_total.A1-A3": [v * 1000.0 for v in per_m2],
            "permit_application": ["2026-01-01"] * 6,
        },
        name="homes",
    )


def test_by_category_follows_the_limits_own_choice() -> None:
    result = design.percentile(_homes_stock(), _homes_schedule(), "p50", by="category")
    assert result.groups == ("office", "small_home", "large_home")
    assert result.n_used.tolist() == [2, 1, 0]
    assert result.n_left_out.tolist() == [0, 0, 0]
    # Offices 100 and 300: p50 = 200; the one small home: 200; no large home: NaN.
    np.testing.assert_allclose(result.values[:2], [[200.0], [200.0]])
    assert np.isnan(result.values[2, 0])
    assert result.left_out["category_undecided"] == 1
    assert result.left_out["no_category"] == 1
    assert result.left_out["mixed_use"] == 1
    with pytest.raises(InvalidInputError, match="group 'large_home' has none"):
        result.value("p50", "large_home")


def test_by_use_groups_by_principal_use_in_use_order() -> None:
    result = design.percentile(_homes_stock(), _homes_schedule(), ["p50"], by="use")
    assert result.groups == ("detached_house", "office", "retail")
    assert result.n_used.tolist() == [2, 3, 1]
    # Homes 200, 250 -> 225; offices 100, 300, 80 -> 100; the shop 50.
    np.testing.assert_allclose(result.values, [[225.0], [100.0], [50.0]])
    assert sum(result.left_out.values()) == 0


def test_frame_and_dict() -> None:
    pytest.importorskip("pandas")
    result = design.percentile(_homes_stock(), _homes_schedule(), ["p50", "p2.5"], by="category")
    frame = result.to_frame()
    assert list(frame.columns) == [
        "group", "n_used", "n_left_out", "p50", "p2.5", "unit", "scenario",
    ]  # fmt: skip
    assert frame["group"].tolist() == ["office", "small_home", "large_home"]
    assert frame["p50"].tolist()[:2] == [200.0, 200.0]
    document = result.to_dict()
    assert document["groups"][2] == {
        "group": "large_home",
        "n_used": 0,
        "n_left_out": 0,
        "values": {"p50": None, "p2.5": None},
    }
    # p2.5 of the offices 100, 300: 100 + 0.025 x 200 = 105.
    assert document["groups"][0]["values"]["p2.5"] == pytest.approx(105.0)
    assert document["unit"] == "kg CO2e/m²"
    assert document["by"] == "category"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("p80", 80.0), ("p2.5", 2.5), ("P50", 50.0), ("80", 80.0), (80, 80.0), (0, 0.0),
     ("p100", 100.0), (np.float64(12.5), 12.5), (" p5 ", 5.0)],
)  # fmt: skip
def test_parse_percentile(text: Any, expected: float) -> None:
    assert design.parse_percentile(text) == expected


@pytest.mark.parametrize(
    "text", ["p101", "-1", "p-1", "q80", "p", "", "80%", float("nan"), True, None, [80], "p1e2"]
)
def test_parse_percentile_refuses(text: Any) -> None:
    with pytest.raises(InvalidInputError, match=r"`q` must be a percent from 0 to 100.*got"):
        design.parse_percentile(text)


def test_bad_arguments_name_the_field() -> None:
    stock = cl.Stock.from_columns(_danish_rows())
    with pytest.raises(InvalidInputError, match=r"`by` must be None, 'use' or 'category'"):
        design.percentile(stock, BR18_2023, 50, by="country")
    with pytest.raises(InvalidInputError, match=r"`by` 'category' needs a limit"):
        design.percentile(stock, BR18_2023.limits[0].metric, 50, by="category")
    with pytest.raises(InvalidInputError, match=r"`q` must name at least one percentile"):
        design.percentile(stock, BR18_2023, [])
    with pytest.raises(InvalidInputError, match=r"`metric` must be a schedule with one limit"):
        design.percentile(stock, catalogue.get("dk-br18-2025"), 50)
    with pytest.raises(InvalidInputError, match=r"`metric` must be a LimitMetric.*got str"):
        design.percentile(stock, "dk-br18-2023", 50)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"`stock` must be a Stock.*got list"):
        design.percentile([], BR18_2023, 50)  # type: ignore[arg-type]
    per_year = LimitMetric("gwp_total", "A1-A3", "dk_reference", True, "kg CO2e/m^2/a")
    with pytest.raises(InvalidInputError, match=r"`metric` must state a reference_study_period"):
        design.percentile(stock, per_year, 50)
    result = design.percentile(stock, BR18_2023, 50)
    with pytest.raises(InvalidInputError, match=r"`q` must be one of the percentiles.*p50"):
        result.value("p80")
    with pytest.raises(InvalidInputError, match=r"`group` must be one of the groups \(all\)"):
        result.value(50, "office")


def test_helsingborg_values_on_the_area_of_its_metric() -> None:
    # GWP-GHG A1-A5 per m² BTA: 616 t on 2000 m² is 308 kg CO2e/m², Helsingborg's reference.
    stock = cl.Stock.from_columns(
        {
            "id": ["a", "b"],
            "use": ["office", "office"],
            "area.se_bta": [2000.0, 1000.0],
            "gwp_ghg.A1-A5": [616e3, 154e3],
        }
    )
    result = design.percentile(stock, HELSINGBORG, [0, 100])
    np.testing.assert_allclose(result.values, [[154.0, 308.0]])
