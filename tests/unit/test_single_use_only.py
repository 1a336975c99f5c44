"""A category limited to single-use buildings drops out of an area-weighted mixed use."""

from __future__ import annotations

import datetime as dt

import pytest

import climatelimits as cl
from climatelimits.evaluation import CheckStatus
from climatelimits.results import IndicatorResults
from climatelimits.schedules import LimitCategory, LimitStep

D = dt.date


def schedule(*, single_use_only: bool = True) -> cl.LimitSchedule:
    def category(value: float, **extra: object) -> LimitCategory:
        return LimitCategory((LimitStep(D(2024, 1, 1), value),), **extra)  # type: ignore[arg-type]

    return cl.LimitSchedule(
        id="mixed",
        title="Mixed",
        jurisdiction="NL",
        status="illustrative",
        date_basis="permit_application",
        limits=[
            cl.Limit(
                id="building",
                metric=cl.LimitMetric(
                    indicator="gwp_total",
                    modules="A1-A3",
                    area="gfa",
                    per_year=False,
                    unit="kg CO2e/m^2",
                ),
                categories={
                    "multi_family_housing": category(10.0),
                    "retail": category(20.0),
                    "office": category(40.0, single_use_only=single_use_only),
                },
                mixed_use="area_weighted",
            )
        ],
    )


def building(total: float, building_id: str = "b", **shares: float) -> cl.Building:
    return cl.Building(
        id=building_id,
        use=max(shares, key=lambda k: shares[k]),
        use_shares=shares,
        dates=cl.BuildingDates(permit_application=D(2025, 1, 1)),
        areas={"gfa": "1000 m^2"},
        results={
            "gwp_total": IndicatorResults.from_mapping(
                "gwp_total", {"A1-A3": total}, unit="kg CO2e"
            )
        },
    )


def test_the_single_use_share_drops_out_and_the_rest_is_reweighted() -> None:
    # Housing 50 % at 10, retail 25 % at 20, office 25 % single-use only: the office drops
    # out and the others weigh 50/75 and 25/75: 10 x 2/3 + 20 x 1/3 = 13.33...
    mixed = building(13_000.0, multi_family_housing=0.5, retail=0.25, office=0.25)
    (result,) = cl.check(mixed, schedule()).checks
    assert result.status is CheckStatus.PASS
    assert result.limit.magnitude == pytest.approx(40.0 / 3.0)
    # Without the rule the office counts: 10 x 0.5 + 20 x 0.25 + 40 x 0.25 = 20.
    (weighted,) = cl.check(mixed, schedule(single_use_only=False)).checks
    assert weighted.limit.magnitude == pytest.approx(20.0)


def test_one_use_left_is_judged_on_its_own_category_in_check_and_in_a_stock() -> None:
    mixed = building(11_000.0, multi_family_housing=0.7, office=0.3)
    (result,) = cl.check(mixed, schedule()).checks
    assert (result.status, result.category, result.limit.magnitude) == (
        CheckStatus.FAIL,
        "multi_family_housing",
        10.0,
    )
    stock = cl.Stock.from_buildings([mixed, building(9_000.0, "office-only", office=1.0)])
    assessment = cl.check_stock(stock, schedule())
    assert [assessment.assessment(i).checks[0].status for i in range(2)] == [
        CheckStatus.FAIL,
        CheckStatus.PASS,
    ]


def test_single_use_only_round_trips_and_defaults_to_false() -> None:
    shipped = schedule()
    text = cl.dumps_schedule(shipped)
    assert text.count("single_use_only = true") == 1
    assert cl.loads_schedule(text) == shipped
    with pytest.raises(cl.InvalidInputError, match="`single_use_only` must be true or false"):
        LimitCategory((LimitStep(D(2024, 1, 1), 1.0),), single_use_only="yes")  # type: ignore[arg-type]
