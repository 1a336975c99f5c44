"""Disclosure schedules: a value to declare, no limit; disclosed, incomplete or not yet."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import climatelimits as cl
from climatelimits.evaluation import CheckStatus
from climatelimits.exceptions import ScheduleError
from climatelimits.results import IndicatorResults
from climatelimits.schedules import LimitCategory, LimitStep, ScheduleKind

D = dt.date
EPBD = "eu-epbd-2024"


def new_building(
    building_id: str,
    ufa: float | None,
    completion: dt.date,
    modules: str = "A1-A5,B1-B7,C1-C4",
    total: float = 1_500_000.0,
) -> cl.Building:
    return cl.Building(
        id=building_id,
        use="office",
        dates=cl.BuildingDates(completion=completion),
        areas={} if ufa is None else {"eu_ufa": f"{ufa} m^2"},
        reference_study_period="50 year",
        results={
            "gwp_total": IndicatorResults.from_mapping(
                "gwp_total", {modules: total}, unit="kg CO2e"
            )
        },
    )


# Directive (EU) 2024/1275 Art. 7(2): disclosed in the EPC from 1 January 2028 for new
# buildings over 1000 m² useful floor area, from 1 January 2030 for all new buildings
# (EUR-Lex consolidated text; BUILD UP, European Commission, retrieved 2026-12-05).
def test_a_building_that_discloses_everything_is_disclosed_and_the_value_reported() -> None:
    (result,) = cl.check(
        new_building("full", 1500.0, D(2028, 6, 1)), cl.catalogue.get(EPBD)
    ).checks
    assert result.status is CheckStatus.DISCLOSED
    # 1 500 000 kg CO2e / 1500 m² / 50 years = 20 kg CO2e/m²/a
    assert result.value is not None
    assert result.value.magnitude == pytest.approx(20.0)
    assert result.limit is None
    assert result.effective_from == D(2028, 1, 1)
    assert result.reason.startswith("Disclosed: 20 kg CO2e/m²/a")
    assert cl.check(new_building("full", 1500.0, D(2028, 6, 1)), cl.catalogue.get(EPBD)).passed


def test_a_building_without_its_useful_floor_area_is_incomplete() -> None:
    (result,) = cl.check(
        new_building("no-area", None, D(2028, 6, 1)), cl.catalogue.get(EPBD)
    ).checks
    assert result.status is CheckStatus.INCOMPLETE
    assert "Useful floor area (eu_ufa)" in result.reason


def test_a_building_under_1000_m2_before_2030_is_not_yet_required() -> None:
    (result,) = cl.check(
        new_building("small", 800.0, D(2029, 12, 31)), cl.catalogue.get(EPBD)
    ).checks
    assert result.status is CheckStatus.NOT_APPLICABLE
    assert "does not yet require the disclosure" in result.reason
    assert "from 2030-01-01" in result.reason
    (later,) = cl.check(new_building("small", 800.0, D(2030, 1, 1)), cl.catalogue.get(EPBD)).checks
    assert later.status is CheckStatus.DISCLOSED


def test_a_declaration_missing_modules_names_them() -> None:
    building = new_building("partial", 1500.0, D(2028, 6, 1), modules="A1-A5")
    (result,) = cl.check(building, cl.catalogue.get(EPBD)).checks
    assert result.status is CheckStatus.INCOMPLETE
    assert "B1-B7,C1-C4 not declared" in result.reason


def test_a_stock_gets_the_same_answers_as_one_building_at_a_time() -> None:
    buildings = [
        new_building("full", 1500.0, D(2028, 6, 1)),
        new_building("no-area", None, D(2028, 6, 1)),
        new_building("small", 800.0, D(2029, 1, 1)),
    ]
    stock = cl.check_stock(cl.Stock.from_buildings(buildings), EPBD)
    assert [stock.assessment(i).checks[0].status for i in range(3)] == [
        CheckStatus.DISCLOSED,
        CheckStatus.INCOMPLETE,
        CheckStatus.NOT_APPLICABLE,
    ]
    counts = stock.summary().overall.counts
    assert (counts["disclosed"], counts["incomplete"], counts["not_applicable"]) == (1, 1, 1)


def test_a_disclosure_step_with_a_value_is_refused() -> None:
    schedule = cl.catalogue.get(EPBD)
    limit = schedule.limits[0]
    category = limit.categories["over_1000_m2"]
    valued = LimitCategory(
        (LimitStep(D(2028, 1, 1), 12.0),), uses=category.uses, size=category.size
    )
    msg = "`limits[0].categories.over_1000_m2.steps[0].value` must be left out"
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        cl.LimitSchedule(
            id="x",
            title="X",
            jurisdiction="EU",
            status="in_force",
            date_basis="completion",
            kind="disclosure",
            limits=[
                cl.Limit(
                    id="gwp",
                    metric=limit.metric,
                    categories={"over_1000_m2": valued},
                )
            ],
        )


def test_disclosure_schedules_round_trip_without_values() -> None:
    schedule = cl.catalogue.get(EPBD)
    assert schedule.kind is ScheduleKind.DISCLOSURE
    text = cl.dumps_schedule(schedule)
    assert 'kind = "disclosure"' in text
    assert "value" not in text.split("[[limits]]")[1]
    assert cl.loads_schedule(text) == schedule
    assert cl.loads_schedule(cl.dumps_schedule(schedule, format="json"), format="json") == schedule
    # A limits schedule does not write its kind, so files of the old format are unchanged.
    assert "kind =" not in cl.dumps_schedule(cl.catalogue.get("dk-br18-2025"))
