"""The public test helpers themselves: assert_quantity_allclose and the strategies' promises."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from climatelimits.buildings import Building
from climatelimits.evaluation import Assessment, CheckStatus, check
from climatelimits.lifecycle import ModuleSet
from climatelimits.schedules import LimitSchedule
from climatelimits.testing import assert_quantity_allclose
from climatelimits.testing import strategies as clst
from climatelimits.units import registry

if TYPE_CHECKING:
    from collections.abc import Callable

MAGNITUDES = st.floats(min_value=1e-6, max_value=1e9, allow_nan=False, allow_subnormal=False)


# -- assert_quantity_allclose -------------------------------------------------------------------
@given(MAGNITUDES)
def test_equal_quantities_in_different_units_are_close(x: float) -> None:
    q = registry().Quantity
    assert_quantity_allclose(q(x, "t CO2e"), q(x * 1000.0, "kg CO2e"))
    assert_quantity_allclose(q(x * 1000.0, "kg CO2e"), q(x, "t CO2e"))
    assert_quantity_allclose(q(x, "kg CO2e/m^2/year"), q(x * 50.0, "kg CO2e/m^2") / q(50, "a"))


@given(MAGNITUDES)
def test_different_values_fail_with_the_unit_in_the_message(x: float) -> None:
    q = registry().Quantity
    with pytest.raises(AssertionError, match="kg CO2e"):
        assert_quantity_allclose(q(x * 1.001, "kg CO2e"), q(x, "kg CO2e"), rtol=1e-6)


def test_different_dimensions_fail_with_a_clear_message() -> None:
    q = registry().Quantity
    with pytest.raises(AssertionError, match="different dimensions"):
        assert_quantity_allclose(q(1.0, "kg"), q(1.0, "kg CO2e"))
    with pytest.raises(AssertionError, match="must be a quantity"):
        assert_quantity_allclose(1.0, q(1.0, "kg CO2e"))
    with pytest.raises(AssertionError, match="must be a quantity"):
        assert_quantity_allclose(None, q(1.0, "kg CO2e"))


def test_quantities_of_another_registry_are_compared() -> None:
    other: pint.UnitRegistry[Any] = pint.UnitRegistry()
    assert_quantity_allclose(other.Quantity(1.5, "tonne"), registry().Quantity(1500.0, "kg"))


def test_atol_is_in_the_desired_unit() -> None:
    q = registry().Quantity
    # 1000.4 kg is 1.0004 t: within 1e-3 t of 1 t, but not within 1e-4 t.
    assert_quantity_allclose(q(1000.4, "kg CO2e"), q(1.0, "t CO2e"), rtol=0.0, atol=1e-3)
    with pytest.raises(AssertionError):
        assert_quantity_allclose(q(1000.4, "kg CO2e"), q(1.0, "t CO2e"), rtol=0.0, atol=1e-4)


# -- strategies keep their promises -------------------------------------------------------------
@settings(deadline=None)
@given(clst.buildings())
def test_buildings_cover_a1_to_a5_with_a_complete_total(building: Building) -> None:
    total = building.results["gwp_total"].total("A1-A5")
    assert total.complete, total.explain()
    area = building.area("se_bta")
    assert area is not None
    assert 50.0 <= float(area.magnitude) <= 1e5
    assert building.reference_study_period is not None
    assert float(building.reference_study_period.to("year").magnitude) == 50.0
    permit = building.dates.permit_application
    assert permit is not None
    assert dt.date(2015, 1, 1) <= permit <= dt.date(2040, 12, 31)
    for entry in building.results["gwp_total"].entries:
        assert entry.value is not None
        assert 0.0 <= entry.value <= 1e7


@settings(deadline=None)
@given(clst.limit_schedules(catch_all=True, max_limits=3))
def test_catch_all_is_present_when_asked_for(schedule: LimitSchedule) -> None:
    for limit in schedule.limits:
        assert "any" in limit.categories


@settings(deadline=None)
@given(clst.limit_schedules(max_limits=3))
def test_limits_of_a_schedule_share_their_category_keys(schedule: LimitSchedule) -> None:
    assert 1 <= len(schedule.limits) <= 3
    assert len({limit.id for limit in schedule.limits}) == len(schedule.limits)
    keys = {tuple(limit.categories) for limit in schedule.limits}
    assert len(keys) == 1


@settings(deadline=None)
@given(clst.assessments())
def test_assessments_are_verdicts_with_a_value(assessment: Assessment) -> None:
    (result,) = assessment.checks
    assert result.status in {CheckStatus.PASS, CheckStatus.FAIL, CheckStatus.NOT_APPLICABLE}
    assert result.value is not None


@settings(deadline=None)
@given(clst.limit_schedules(), st.data())
def test_buildings_for_a_schedule_get_a_pass_or_a_fail(
    schedule: LimitSchedule, data: st.DataObject
) -> None:
    building = data.draw(clst.buildings_for_schedule(schedule))
    result = check(building, schedule).checks[0]
    assert result.status in {CheckStatus.PASS, CheckStatus.FAIL}, result.reason


@settings(deadline=None)
@given(clst.limit_schedules(max_limits=3), st.data())
def test_buildings_for_a_multi_limit_schedule_get_a_verdict_on_every_limit(
    schedule: LimitSchedule, data: st.DataObject
) -> None:
    building = data.draw(clst.buildings_for_schedule(schedule))
    checks = check(building, schedule).checks
    assert [c.limit_id for c in checks] == [limit.id for limit in schedule.limits]
    for result in checks:
        assert result.status in {CheckStatus.PASS, CheckStatus.FAIL}, result.reason


@pytest.mark.parametrize(
    "make",
    [
        lambda: clst.module_sets(min_size=20),
        lambda: clst.module_sets(min_size=-1),
        lambda: clst.indicator_results("no_such_indicator"),
        lambda: clst.indicator_results(scope=""),
        lambda: clst.buildings(area="no_such_area"),
        lambda: clst.buildings(min_area=10.0, max_area=1.0),
        lambda: clst.limit_categories(min_size=0),
        lambda: clst.limit_categories(
            max_size=3, min_date=dt.date(2020, 1, 1), max_date=dt.date(2020, 1, 2)
        ),
        lambda: clst.limit_metrics(modules=ModuleSet.empty()),
        lambda: clst.limit_schedules(catch_all=True, max_categories=1),
        lambda: clst.limit_schedules(max_limits=0),
    ],
)
def test_bad_arguments_are_refused_when_the_strategy_is_made(make: Callable[[], object]) -> None:
    with pytest.raises(InvalidArgument):
        make()
