"""Limit metrics, categories and schedules."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pytest

from climatelimits.buildings import DateBasis, UseCategory
from climatelimits.exceptions import (
    InvalidInputError,
    ScheduleError,
    UnitsError,
    UnknownReferenceError,
)
from climatelimits.schedules import (
    CATCH_ALL,
    Limit,
    LimitCategory,
    LimitMetric,
    LimitSchedule,
    LimitStep,
    ScheduleStatus,
)
from climatelimits.units import parse_unit

USES = (
    "detached_house, row_house, farmhouse, holiday_home, multi_family_housing, office, education, "
    "preschool, institution, retail, warehouse, hotel, care_home, hospital, sports_hall, "
    "parking, other"
)


def total_metric() -> LimitMetric:
    return LimitMetric(
        indicator="gwp_total",
        modules="A1-A5",
        area="se_bta",
        per_year=False,
        unit="kg CO2e/m^2",
    )


def schedule(categories: dict[Any, LimitCategory], **kwargs: Any) -> LimitSchedule:
    """A schedule of one limit, ``"building"``; ``kwargs`` go to the limit."""
    return LimitSchedule(
        id="test",
        title="Test schedule",
        jurisdiction="SE",
        status="proposal",
        date_basis="permit_application",
        limits=[Limit("building", total_metric(), categories, **kwargs)],
    )


def building_limit(categories: dict[Any, LimitCategory], **kwargs: Any) -> Limit:
    return schedule(categories, **kwargs).limit("building")


def office_category() -> LimitCategory:
    return LimitCategory([LimitStep("2025-07-01", 300), LimitStep("2030-01-01", 250)])


def step_pairs(category: LimitCategory) -> list[tuple[dt.date, float]]:
    return [(s.start, s.value) for s in category.steps]


# -- LimitMetric ----------------------------------------------------------------------------


def test_total_metric_accepts_per_m2_unit() -> None:
    metric = total_metric()
    assert metric.unit == parse_unit("kg CO2e / m^2")
    assert metric.canonical_unit == parse_unit("kg CO2e / m^2")
    assert metric.to_unit_factor == pytest.approx(1.0)


def test_metric_in_tonnes_has_factor() -> None:
    metric = LimitMetric("gwp_total", "A1-A5", "se_bta", False, "t CO2e/m^2")
    assert metric.to_unit_factor == pytest.approx(0.001)  # 1 kg = 0.001 t


def test_per_year_metric_accepted_with_period() -> None:
    metric = LimitMetric(
        "gwp_total",
        "A1-A3,B4,B6,C3-C4",
        "dk_reference",
        True,
        "kg CO2e/m^2/year",
        reference_study_period="50 year",
    )
    assert metric.reference_study_period is not None
    assert metric.reference_study_period.magnitude == 50.0
    assert metric.canonical_unit == parse_unit("kg CO2e / m^2 / year")


def test_per_year_unit_on_total_metric_rejected() -> None:
    msg = (
        "`unit` must be kg CO2e per m² (not per year) for gwp_total, e.g. 'kg CO2e/m²'; "
        "got 'kg CO2e/m²/a'"
    )
    with pytest.raises(UnitsError, match=re.escape(msg)):
        LimitMetric("gwp_total", "A1-A5", "se_bta", False, "kg CO2e/m^2/year")


def test_eur_unit_for_gwp_total_rejected() -> None:
    msg = (
        "`unit` must be kg CO2e per m² (not per year) for gwp_total, e.g. 'kg CO2e/m²'; "
        "got 'EUR/m²'"
    )
    with pytest.raises(UnitsError, match=re.escape(msg)):
        LimitMetric("gwp_total", "A1-A5", "se_bta", False, "EUR/m^2")


def test_total_unit_on_per_year_metric_rejected() -> None:
    msg = (
        "`unit` must be kg CO2e per m² per year for gwp_total, e.g. 'kg CO2e/m²/a'; "
        "got 'kg CO2e/m²'"
    )
    with pytest.raises(UnitsError, match=re.escape(msg)):
        LimitMetric(
            "gwp_total", "A1-A5", "se_bta", True, "kg CO2e/m^2", reference_study_period="50 a"
        )


def test_eur_unit_accepted_for_mki() -> None:
    metric = LimitMetric("mki", "A1-A5", "nl_bvo", False, "EUR/m^2")
    assert metric.unit == parse_unit("EUR / m^2")


def test_per_year_without_study_period_rejected() -> None:
    # A per-year metric may leave its study period to the categories; a limit whose
    # category has none either is rejected.
    metric = LimitMetric("gwp_total", "A1-A5", "se_bta", True, "kg CO2e/m^2/year")
    assert metric.reference_study_period is None
    msg = (
        "`categories.office.reference_study_period` must be given for a per-year limit when "
        "the metric has none (a per-year value divides the total by it)"
    )
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        Limit("building", metric, {"office": office_category()})


def test_metric_without_modules_rejected() -> None:
    msg = "`modules` must name at least one module; got ''"
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        LimitMetric("gwp_total", "", "se_bta", False, "kg CO2e/m^2")


def test_metric_decimals_out_of_range() -> None:
    msg = "`decimals` must be a whole number from 0 to 6; got 7"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        LimitMetric("gwp_total", "A1-A5", "se_bta", False, "kg CO2e/m^2", decimals=7)


def test_schedule_error_is_invalid_input_and_value_error() -> None:
    assert issubclass(ScheduleError, InvalidInputError)
    assert issubclass(ScheduleError, ValueError)


# -- LimitCategory --------------------------------------------------------------------------


def test_steps_strictly_increasing_equal_dates_rejected() -> None:
    msg = "`steps` must be strictly increasing in date; got 2025-01-01 after 2025-01-01"
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        LimitCategory([LimitStep("2025-01-01", 300), LimitStep("2025-01-01", 250)])


def test_steps_out_of_order_rejected() -> None:
    msg = "`steps` must be strictly increasing in date; got 2025-01-01 after 2026-01-01"
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        LimitCategory([LimitStep("2026-01-01", 300), LimitStep("2025-01-01", 250)])


def test_no_steps_rejected() -> None:
    msg = "`steps` must hold at least one step; got none"
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        LimitCategory([])


def test_negative_step_value_rejected() -> None:
    msg = "`value` must not be negative; got -1.0"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        LimitStep("2025-01-01", -1)


def test_step_date_parsed_from_iso_text() -> None:
    step = LimitStep("2025-07-01", 300)
    assert step.start == dt.date(2025, 7, 1)
    assert step.value == 300.0
    assert isinstance(step.value, float)


# -- LimitSchedule --------------------------------------------------------------------------


def test_schedule_converts_enums() -> None:
    built = schedule({"office": office_category()})
    assert built.status is ScheduleStatus.PROPOSAL
    assert built.date_basis is DateBasis.PERMIT_APPLICATION
    assert built.limit("building").unit == parse_unit("kg CO2e / m^2")


def test_loosening_rejected() -> None:
    loose = LimitCategory([LimitStep("2025-07-01", 300), LimitStep("2030-01-01", 350)])
    msg = (
        "`categories.office.steps` must not increase (set allow_loosening = true if the "
        "rule really loosens); got 300 from 2025-07-01 then 350 from 2030-01-01 kg CO2e/m²"
    )
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        schedule({"office": loose})


def test_loosening_allowed_when_declared() -> None:
    loose = LimitCategory([LimitStep("2025-07-01", 300), LimitStep("2030-01-01", 350)])
    built = building_limit({"office": loose}, allow_loosening=True)
    assert built.allow_loosening
    limit = built.limit_on("office", dt.date(2030, 1, 1))
    assert limit is not None
    assert limit.magnitude == 350.0


def test_unknown_category_key_rejected() -> None:
    # A key that is not a use names a category of its own, which must list its uses.
    msg = (
        f"`categories.castle.uses` must list the uses it covers ({USES}), since 'castle' is "
        f"not a use itself; got none"
    )
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        schedule({"castle": office_category()})
    msg = (
        "`categories` keys must be lower-case identifiers (a use such as 'office', 'any', "
        "or a name such as 'holiday_home_small'); got 'Castle!'"
    )
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        schedule({"Castle!": office_category()})


def test_unknown_limit_id_lists_the_limits() -> None:
    built = schedule({"office": office_category()})
    msg = "schedule test has no limit 'total'; its limits: building"
    with pytest.raises(UnknownReferenceError, match=re.escape(msg)):
        built.limit("total")


def test_schedule_without_limits_rejected() -> None:
    msg = "`limits` must hold at least one limit; got none"
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        LimitSchedule("s", "s", "SE", "proposal", "permit_application", limits=[])


def test_repeated_limit_ids_rejected() -> None:
    limit = Limit("building", total_metric(), {"office": office_category()})
    msg = "`limits` ids must be unique; got building more than once"
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        LimitSchedule("s", "s", "SE", "proposal", "permit_application", limits=[limit, limit])


def test_no_categories_rejected() -> None:
    msg = "`categories` must hold at least one category; got none"
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        schedule({})


def test_use_category_enum_keys_accepted() -> None:
    built = building_limit({UseCategory.OFFICE: office_category()})
    assert list(built.categories) == ["office"]
    assert built.categories["office"].uses == (UseCategory.OFFICE,)


def test_catch_all_applies_to_uses_without_own_category() -> None:
    built = building_limit(
        {"office": office_category(), CATCH_ALL: LimitCategory([LimitStep("2020-01-01", 500)])}
    )
    assert CATCH_ALL == "any"
    assert built.choose("office").key == "office"
    assert built.choose("retail").key == "any"
    assert built.choose(UseCategory.HOTEL).key == "any"
    retail = built.limit_on("retail", dt.date(2031, 1, 1))
    assert retail is not None
    assert retail.magnitude == 500.0
    # The catch-all is not consulted for a use with its own category.
    office = built.limit_on("office", dt.date(2031, 1, 1))
    assert office is not None
    assert office.magnitude == 250.0


def test_no_catch_all_means_no_limit() -> None:
    built = building_limit({"office": office_category()})
    choice = built.choose("retail")
    assert choice.key is None
    assert choice.category is None
    assert choice.reason == "it sets no limit for retail buildings"
    assert not choice.undecided
    assert built.limit_on("retail", dt.date(2031, 1, 1)) is None


def test_limit_on_around_a_step() -> None:
    built = building_limit({"office": office_category()})
    before = built.limit_on("office", dt.date(2029, 12, 31))
    on = built.limit_on("office", dt.date(2030, 1, 1))
    assert before is not None
    assert on is not None
    assert before.magnitude == 300.0
    assert on.magnitude == 250.0
    assert on.units == parse_unit("kg CO2e/m^2")


def test_limit_on_before_first_step_is_none() -> None:
    built = building_limit({"office": office_category()})
    assert built.limit_on("office", dt.date(2025, 6, 30)) is None
    first = built.limit_on("office", dt.date(2025, 7, 1))
    assert first is not None
    assert first.magnitude == 300.0


def test_limits_on_numpy_dates() -> None:
    built = building_limit({"office": office_category()})
    days = np.array(
        ["2025-06-30", "2025-07-01", "2029-12-31", "2030-01-01", "2040-01-01"],
        dtype="datetime64[D]",
    )
    index, values = built.limits_on("office", days)
    np.testing.assert_array_equal(index, [-1, 0, 0, 1, 1])
    np.testing.assert_array_equal(values, [0.0, 300.0, 300.0, 250.0, 250.0])
    assert not np.isnan(values).any()


def test_limits_on_use_without_category() -> None:
    built = building_limit({"office": office_category()})
    days = np.array(["2025-06-30", "2031-01-01"], dtype="datetime64[D]")
    index, values = built.limits_on("retail", days)
    np.testing.assert_array_equal(index, [-1, -1])
    np.testing.assert_array_equal(values, [0.0, 0.0])


# -- LimitCategory.geometric ----------------------------------------------------------------


def test_geometric_uppsala_values() -> None:
    category = LimitCategory.geometric(
        start=dt.date(2022, 1, 1),
        start_value=375,
        reduction_per_year=0.12,
        rounding_step=5,
        until=dt.date(2030, 1, 1),
    )
    # Exact value 375 * 0.88**k, rounded half up to a multiple of 5:
    #   k=0: 375                                  -> 375
    #   k=1: 375 * 0.88       = 330               -> 330
    #   k=2: 330 * 0.88       = 290.4             -> 290  (290.4 / 5 = 58.08 -> 58)
    #   k=3: 290.4 * 0.88     = 255.552           -> 255  (51.11 -> 51)
    #   k=4: 255.552 * 0.88   = 224.88576         -> 225  (44.98 -> 45)
    #   k=5: 224.88576 * 0.88 = 197.8994688       -> 200  (39.58 -> 40)
    #   k=6: 197.899... * 0.88 = 174.1515...      -> 175  (34.83 -> 35)
    #   k=7: 174.151... * 0.88 = 153.2533...      -> 155  (30.65 -> 31)
    #   k=8: 153.253... * 0.88 = 134.8629...      -> 135  (26.97 -> 27)
    assert step_pairs(category) == [
        (dt.date(2022, 1, 1), 375.0),
        (dt.date(2023, 1, 1), 330.0),
        (dt.date(2024, 1, 1), 290.0),
        (dt.date(2025, 1, 1), 255.0),
        (dt.date(2026, 1, 1), 225.0),
        (dt.date(2027, 1, 1), 200.0),
        (dt.date(2028, 1, 1), 175.0),
        (dt.date(2029, 1, 1), 155.0),
        (dt.date(2030, 1, 1), 135.0),
    ]


def test_geometric_unrounded() -> None:
    category = LimitCategory.geometric(
        start=dt.date(2022, 1, 1),
        start_value=375,
        reduction_per_year=0.12,
        until=dt.date(2024, 6, 30),
    )
    # 375, 375 * 0.88 = 330, 330 * 0.88 = 290.4; no step after `until`.
    assert [s.start for s in category.steps] == [
        dt.date(2022, 1, 1),
        dt.date(2023, 1, 1),
        dt.date(2024, 1, 1),
    ]
    assert [s.value for s in category.steps] == pytest.approx([375.0, 330.0, 290.4])


def test_geometric_every_two_years() -> None:
    category = LimitCategory.geometric(
        start=dt.date(2022, 1, 1),
        start_value=100,
        reduction_per_year=0.1,
        until=dt.date(2026, 1, 1),
        every_years=2,
    )
    # 100, 100 * 0.9**2 = 81, 100 * 0.9**4 = 65.61
    assert [s.start.year for s in category.steps] == [2022, 2024, 2026]
    assert [s.value for s in category.steps] == pytest.approx([100.0, 81.0, 65.61])


@pytest.mark.parametrize(
    ("reduction", "shown"),
    [
        pytest.param(1.0, "1.0", id="one"),
        pytest.param(1.5, "1.5", id="above-one"),
        pytest.param(-0.1, "-0.1", id="negative"),
    ],
)
def test_geometric_reduction_out_of_range(reduction: float, shown: str) -> None:
    msg = f"`reduction_per_year` must be at least 0 and below 1; got {shown}"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        LimitCategory.geometric(
            start=dt.date(2022, 1, 1),
            start_value=375,
            reduction_per_year=reduction,
            until=dt.date(2030, 1, 1),
        )


def test_geometric_until_before_start() -> None:
    msg = "`until` must not be before `start` (2022-01-01); got 2021-01-01"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        LimitCategory.geometric(
            start=dt.date(2022, 1, 1),
            start_value=375,
            reduction_per_year=0.12,
            until=dt.date(2021, 1, 1),
        )


def test_geometric_bad_rounding_step() -> None:
    msg = "`rounding_step` must be above 0; got 0"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        LimitCategory.geometric(
            start=dt.date(2022, 1, 1),
            start_value=375,
            reduction_per_year=0.12,
            until=dt.date(2030, 1, 1),
            rounding_step=0,
        )


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        # Issue 12's reading of "10 % a step": 300, 300 x 0.9 = 270, 270 x 0.9 = 243.
        pytest.param({"reduction_per_step": 0.10}, [300.0, 270.0, 243.0], id="per-step"),
        # Compounded per year: 300, 300 x 0.9**2 = 243, 300 x 0.9**4 = 196.83.
        pytest.param({"reduction_per_year": 0.10}, [300.0, 243.0, 196.83], id="per-year"),
    ],
)
def test_geometric_ten_percent_every_two_years(
    rate: dict[str, float], expected: list[float]
) -> None:
    category = LimitCategory.geometric(
        start=dt.date(2026, 1, 1),
        start_value=300,
        until=dt.date(2030, 1, 1),
        every_years=2,
        **rate,
    )
    assert [s.start.year for s in category.steps] == [2026, 2028, 2030]
    assert [s.value for s in category.steps] == pytest.approx(expected)


def test_geometric_old_parameter_name_warns_and_means_per_year() -> None:
    with pytest.warns(DeprecationWarning, match="`yearly_reduction` is deprecated"):
        category = LimitCategory.geometric(
            start=dt.date(2026, 1, 1),
            start_value=300,
            yearly_reduction=0.10,
            until=dt.date(2030, 1, 1),
            every_years=2,
        )
    assert [s.value for s in category.steps] == pytest.approx([300.0, 243.0, 196.83])


@pytest.mark.parametrize(
    ("rates", "named"),
    [
        pytest.param({}, "neither", id="none"),
        pytest.param(
            {"reduction_per_step": 0.1, "reduction_per_year": 0.1},
            "reduction_per_step, reduction_per_year",
            id="both",
        ),
    ],
)
def test_geometric_needs_exactly_one_rate(rates: dict[str, float], named: str) -> None:
    msg = (
        "`LimitCategory.geometric` needs exactly one of `reduction_per_step` and "
        f"`reduction_per_year`; got {named}"
    )
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        LimitCategory.geometric(
            start=dt.date(2026, 1, 1), start_value=300, until=dt.date(2030, 1, 1), **rates
        )


# -- LimitCategory.from_target --------------------------------------------------------------


def test_from_target_linear() -> None:
    category = LimitCategory.from_target(
        baseline=308,
        baseline_year=2024,
        target=154,
        target_year=2030,
        every_years=2,
        rounding_step=1,
    )
    # Straight line from 308 (2024) to 154 (2030): -154 over 6 years = -154/6 per year,
    # so -(154/6) * 2 = -51.333... per two-year step:
    #   2024: 308                        -> 308
    #   2026: 308 - (154/6) * 2 = 256.67 -> 257
    #   2028: 308 - (154/6) * 4 = 205.33 -> 205
    #   2030: 308 - (154/6) * 6 = 154    -> 154
    assert step_pairs(category) == [
        (dt.date(2024, 1, 1), 308.0),
        (dt.date(2026, 1, 1), 257.0),
        (dt.date(2028, 1, 1), 205.0),
        (dt.date(2030, 1, 1), 154.0),
    ]


def test_from_target_month_and_day() -> None:
    category = LimitCategory.from_target(
        baseline=100,
        baseline_year=2025,
        target=50,
        target_year=2027,
        every_years=1,
        month=7,
        day=1,
    )
    # 100, 100 - 50/2 = 75, 50
    assert step_pairs(category) == [
        (dt.date(2025, 7, 1), 100.0),
        (dt.date(2026, 7, 1), 75.0),
        (dt.date(2027, 7, 1), 50.0),
    ]


def test_from_target_year_not_on_grid() -> None:
    msg = (
        "`target_year` must be `baseline_year` plus a multiple of `every_years` (2); "
        "got 2029 from 2024"
    )
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        LimitCategory.from_target(
            baseline=308, baseline_year=2024, target=154, target_year=2029, every_years=2
        )


def test_from_target_above_baseline() -> None:
    msg = "`target` must be between 0 and `baseline` (308); got 400"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        LimitCategory.from_target(
            baseline=308, baseline_year=2024, target=400, target_year=2030, every_years=2
        )


def test_from_target_year_not_after_baseline() -> None:
    msg = "`target_year` must be after `baseline_year` (2024); got 2024"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        LimitCategory.from_target(
            baseline=308, baseline_year=2024, target=154, target_year=2024, every_years=2
        )


def test_from_target_unknown_shape() -> None:
    msg = "`shape` must be 'linear' or 'geometric'; got 'cubic'"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        LimitCategory.from_target(
            baseline=308,
            baseline_year=2024,
            target=154,
            target_year=2030,
            every_years=2,
            shape="cubic",
        )


def test_from_target_bad_every_years() -> None:
    msg = "`every_years` must be a whole number of at least 1; got 0"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        LimitCategory.from_target(
            baseline=308, baseline_year=2024, target=154, target_year=2030, every_years=0
        )


def test_from_target_on_29_february_falls_back_to_28_in_common_years() -> None:
    category = LimitCategory.from_target(
        baseline=10, baseline_year=2023, target=5, target_year=2025, every_years=1, month=2, day=29
    )
    # 10 -> 5 over two years on a straight line: 10, 7.5, 5.
    assert [(s.start, s.value) for s in category.steps] == [
        (dt.date(2023, 2, 28), 10.0),
        (dt.date(2024, 2, 29), 7.5),
        (dt.date(2025, 2, 28), 5.0),
    ]


def test_from_target_rejects_an_impossible_day() -> None:
    msg = "`month` and `day` must form a day of the year; got month=13, day=1"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        LimitCategory.from_target(
            baseline=10, baseline_year=2023, target=5, target_year=2025, every_years=1, month=13
        )
