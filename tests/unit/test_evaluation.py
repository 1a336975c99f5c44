"""The explained compliance check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import climatelimits as cl
from climatelimits.evaluation import CheckStatus

Q = cl.registry().Quantity


@pytest.fixture
def k3(examples_dir: Path) -> cl.Building:
    return cl.load_building(examples_dir / "oceanhamnen-k3.toml")


@pytest.fixture
def tightening(examples_dir: Path) -> cl.LimitSchedule:
    return cl.load_schedule(examples_dir / "example-tightening.toml")


def test_example_building_fails_the_2026_step(
    k3: cl.Building, tightening: cl.LimitSchedule
) -> None:
    # (1 248 000 + 41 600 + 88 400) kg CO2e / 5200 m² BTA = 265.0 kg CO2e/m², above 260.
    assessment = cl.check(k3, tightening)
    assert assessment.passed is False
    assert assessment.on == dt.date(2026, 3, 2)
    (result,) = assessment.checks
    assert result.status is CheckStatus.FAIL
    assert result.category == "multi_family_housing"
    assert result.limit_id == "building"
    assert result.part is None
    unit = cl.registry().Unit("kg CO2e / m^2")
    assert result.unit == unit
    assert result.value == Q(265.0, unit)
    assert result.compared_value == Q(265.0, unit)
    assert result.limit == Q(260.0, unit)
    assert result.margin == Q(-5.0, unit)
    assert result.effective_from == dt.date(2026, 1, 1)
    assert result.next_step == cl.NextStep(dt.date(2028, 1, 1), Q(220.0, unit), False)
    assert result.complies_until is None
    assert result.reason == (
        "Exceeds the limit: 265 kg CO2e/m² is above the limit of 260 kg CO2e/m² for "
        "multi_family_housing buildings, in force since 2026-01-01, by 5 kg CO2e/m² "
        "(gwp_total A1-A5 per m² se_bta)."
    )


def test_pass_reports_the_last_compliant_day(
    k3: cl.Building, tightening: cl.LimitSchedule
) -> None:
    result = cl.check(k3, tightening, on=dt.date(2025, 1, 1)).checks[0]
    assert result.status is CheckStatus.PASS
    assert result.limit == Q(300.0, "kg CO2e / m^2")
    assert result.margin == Q(35.0, "kg CO2e / m^2")
    # 265 fails the 260 step from 2026-01-01, so the last compliant day is 2025-12-31.
    assert result.complies_until == dt.date(2025, 12, 31)
    assert result.next_step is not None
    assert result.next_step.passes is False


def test_complies_until_is_none_when_every_step_is_met(tightening: cl.LimitSchedule) -> None:
    building = cl.Building(
        "low",
        "multi_family_housing",
        areas={"se_bta": "1000 m^2"},
        results={
            "gwp_total": cl.IndicatorResults.from_mapping(
                "gwp_total", {"A1-A5": 150_000}, unit="kg CO2e"
            )
        },
    )
    result = cl.check(building, tightening, on=dt.date(2024, 7, 1)).checks[0]
    assert result.status is CheckStatus.PASS
    assert result.complies_until is None


def test_day_before_a_step_gets_the_old_limit(
    k3: cl.Building, tightening: cl.LimitSchedule
) -> None:
    before = cl.check(k3, tightening, on=dt.date(2025, 12, 31)).checks[0]
    on_day = cl.check(k3, tightening, on=dt.date(2026, 1, 1)).checks[0]
    assert before.limit == Q(300.0, "kg CO2e / m^2")
    assert on_day.limit == Q(260.0, "kg CO2e / m^2")


def test_before_the_first_step_no_limit_applies(
    k3: cl.Building, tightening: cl.LimitSchedule
) -> None:
    assessment = cl.check(k3, tightening, on=dt.date(2024, 6, 30))
    assert assessment.passed is None
    result = assessment.checks[0]
    assert result.status is CheckStatus.NOT_APPLICABLE
    assert result.limit is None
    assert result.reason == (
        "No limit of schedule example-tightening is in force for multi_family_housing "
        "buildings on 2024-06-30; the first, 300 kg CO2e/m², applies from 2024-07-01."
    )


def test_use_without_a_category_is_not_applicable(
    k3: cl.Building, tightening: cl.LimitSchedule
) -> None:
    result = cl.check(attrs.evolve(k3, use="office"), tightening).checks[0]
    assert result.status is CheckStatus.NOT_APPLICABLE
    assert result.reason == "Schedule example-tightening: it sets no limit for office buildings."


def test_catch_all_category_applies_to_other_uses(k3: cl.Building) -> None:
    schedule = cl.catalogue.get("helsingborg-oceanhamnen-illustrative")
    result = cl.check(attrs.evolve(k3, use="office"), schedule).checks[0]
    assert result.category == "any"
    assert result.limit == Q(257.0, "kg CO2e / m^2")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        pytest.param(
            {"areas": {"gfa": "5200 m^2"}},
            "No verdict: the building states no Bruttoarea (BTA) (se_bta) area, which this "
            "limit is per m² of (areas stated: gfa); areas of other definitions are not "
            "converted.",
            id="missing-area",
        ),
        pytest.param(
            {"results": {}},
            "No verdict: the building declares no GWP-total (gwp_total) results, which this "
            "limit is set on (declared: none).",
            id="missing-indicator",
        ),
        pytest.param(
            {
                "results": {
                    "gwp_total": cl.IndicatorResults.from_mapping(
                        "gwp_total", {"A1-A3": 1, "A4": 1}, unit="kg CO2e"
                    )
                }
            },
            "No verdict: gwp_total over A1-A5 is incomplete: A5 not declared; the limit "
            "counts A1-A5.",
            id="absent-module",
        ),
        pytest.param(
            {
                "results": {
                    "gwp_total": cl.IndicatorResults.from_mapping(
                        "gwp_total", {"A1-A4": 1, "A5": cl.NOT_DECLARED}, unit="kg CO2e"
                    )
                }
            },
            "No verdict: gwp_total over A1-A5 is incomplete: A5 not declared; the limit "
            "counts A1-A5.",
            id="not-declared-module",
        ),
        pytest.param(
            {
                "results": {
                    "gwp_total": cl.IndicatorResults.from_mapping(
                        "gwp_total", {"A1-A5,B4": 1}, unit="kg CO2e"
                    )
                }
            },
            "No verdict: gwp_total over A1-A5 is incomplete: the value declared for A1-A5,B4 "
            "cannot be split to the scope A1-A5; the limit counts A1-A5.",
            id="straddling-aggregate",
        ),
        pytest.param(
            {"dates": cl.BuildingDates(completion=dt.date(2028, 6, 30))},
            "The building states no permit_application date, which selects the limit step of "
            "schedule example-tightening; add it to the building or give a date to check on.",
            id="missing-date",
        ),
        pytest.param(
            {"use_shares": {"multi_family_housing": 0.8, "retail": 0.2}},
            "The building has mixed use (multi_family_housing 80%, retail 20%) and schedule "
            "example-tightening states no rule for mixed-use buildings.",
            id="mixed-use-without-rule",
        ),
    ],
)
def test_missing_inputs_are_incomplete_never_a_pass(
    k3: cl.Building, tightening: cl.LimitSchedule, change: dict[str, object], reason: str
) -> None:
    assessment = cl.check(attrs.evolve(k3, **change), tightening)
    assert assessment.passed is None
    assert assessment.checks[0].status is CheckStatus.INCOMPLETE
    assert assessment.checks[0].reason == reason


def _danish_style_schedule(period: str = "50 year") -> cl.LimitSchedule:
    # BR18 2023 shape: kg CO2e/m²/yr over 50 years, one decimal, 12.0
    # (https://bygningsreglementet.dk/Tekniske-bestemmelser/11/Krav/297_298).
    return cl.LimitSchedule(
        id="dk-style",
        title="Danish-style per-year limit",
        jurisdiction="DK",
        status="illustrative",
        date_basis="permit_application",
        limits=[
            cl.Limit(
                id="building",
                metric=cl.LimitMetric(
                    indicator="gwp_total",
                    modules="A1-A3,B4,B6,C3-C4",
                    area="dk_reference",
                    per_year=True,
                    unit="kg CO2e / m^2 / year",
                    reference_study_period=period,
                    decimals=1,
                ),
                categories={"any": cl.LimitCategory([cl.LimitStep(dt.date(2023, 1, 1), 12.0)])},
            )
        ],
    )


def test_the_rounding_is_written_with_its_number_of_decimals() -> None:
    # BR18: 12.047 kg CO2e/m²/a is compared as 12.0, "rounded half up to 1 decimal" (it
    # read "1 decimals").
    result = cl.check(_danish_building(12.047 * 1000 * 50), _danish_style_schedule()).checks[0]
    assert result.reason.startswith(
        "Complies: 12.0 kg CO2e/m²/a (unrounded 12.047, rounded half up to 1 decimal) is "
    )


def _danish_building(total_kg: float, period: str | None = "50 year") -> cl.Building:
    return cl.Building(
        "dk",
        "office",
        dates=cl.BuildingDates(permit_application=dt.date(2024, 5, 1)),
        areas={"dk_reference": "1000 m^2"},
        reference_study_period=period,
        results={
            "gwp_total": cl.IndicatorResults.from_mapping(
                "gwp_total",
                {"A1-A3": total_kg, "B4": 0, "B6": 0, "C3": 0, "C4": 0, "D": -1e6},
                unit="kg CO2e",
            )
        },
    )


@pytest.mark.parametrize(
    ("per_m2_year", "status", "compared"),
    [
        # BR18 guidance: 12.047 rounds to 12.0 and complies with 12.0.
        (12.047, CheckStatus.PASS, 12.0),
        (12.05, CheckStatus.FAIL, 12.1),  # half up on the decimal value: 12.05 -> 12.1
        (12.06, CheckStatus.FAIL, 12.1),
        (12.0, CheckStatus.PASS, 12.0),
    ],
)
def test_one_decimal_rounding(per_m2_year: float, status: CheckStatus, compared: float) -> None:
    # total = value [kg CO2e/m²/yr] x 1000 m² x 50 yr; D is reported but never counted.
    building = _danish_building(per_m2_year * 1000 * 50)
    result = cl.check(building, _danish_style_schedule()).checks[0]
    assert result.status is status
    assert result.compared_value == Q(compared, "kg CO2e / m^2 / year")
    assert result.value.magnitude == pytest.approx(per_m2_year, rel=1e-12)


def test_other_study_period_is_incomplete() -> None:
    result = cl.check(_danish_building(1000, "60 year"), _danish_style_schedule()).checks[0]
    assert result.status is CheckStatus.INCOMPLETE
    assert result.reason == (
        "No verdict: the building was assessed over 60 years; this limit is set for 50 years, "
        "so the results are not comparable."
    )


def test_missing_study_period_is_incomplete() -> None:
    result = cl.check(_danish_building(1000, None), _danish_style_schedule()).checks[0]
    assert result.status is CheckStatus.INCOMPLETE
    assert "states no reference study period" in result.reason


def test_euro_limit_never_meets_a_co2e_result(k3: cl.Building) -> None:
    schedule = cl.LimitSchedule(
        id="mpg-style",
        title="shadow cost",
        jurisdiction="NL",
        status="illustrative",
        date_basis="permit_application",
        limits=[
            cl.Limit(
                "mpg",
                cl.LimitMetric(
                    "mki",
                    "A1-A5",
                    "se_bta",
                    True,
                    "EUR / m^2 / year",
                    reference_study_period="50 a",
                ),
                {"any": cl.LimitCategory([cl.LimitStep(dt.date(2021, 7, 1), 0.8)])},
            )
        ],
    )
    result = cl.check(k3, schedule).checks[0]
    assert result.status is CheckStatus.INCOMPLETE
    assert "declares no MKI (shadow cost) (mki) results" in result.reason


def _one_limit(limit: cl.Limit) -> cl.LimitSchedule:
    """An illustrative Swedish schedule of one limit."""
    return cl.LimitSchedule("w", "w", "SE", "illustrative", "permit_application", limits=[limit])


def _weighted(metric: cl.LimitMetric, categories: dict[str, cl.LimitCategory]) -> cl.LimitSchedule:
    """A schedule of one area-weighted limit."""
    return _one_limit(cl.Limit("building", metric, categories, mixed_use="area_weighted"))


def test_area_weighted_mixed_use(k3: cl.Building) -> None:
    steps = {
        "multi_family_housing": cl.LimitCategory([cl.LimitStep(dt.date(2024, 1, 1), 300)]),
        "retail": cl.LimitCategory([cl.LimitStep(dt.date(2025, 1, 1), 200)]),
    }
    schedule = _weighted(
        cl.LimitMetric("gwp_total", "A1-A5", "se_bta", False, "kg CO2e/m^2", decimals=0), steps
    )
    building = attrs.evolve(k3, use_shares={"multi_family_housing": 0.75, "retail": 0.25})
    result = cl.check(building, schedule).checks[0]
    # 0.75 x 300 + 0.25 x 200 = 275 >= 265: passes.
    assert result.limit == Q(275.0, "kg CO2e/m^2")
    assert result.status is CheckStatus.PASS
    # In 2024 retail has no limit yet, so no weighted limit exists.
    early = cl.check(building, schedule, on=dt.date(2024, 6, 1)).checks[0]
    assert early.status is CheckStatus.NOT_APPLICABLE


def test_check_rejects_wrong_types(k3: cl.Building, tightening: cl.LimitSchedule) -> None:
    with pytest.raises(cl.InvalidInputError, match="`schedule` must be a LimitSchedule; got str"):
        cl.check(k3, "example-tightening")  # type: ignore[arg-type]
    with pytest.raises(cl.InvalidInputError, match="`on` must be a date"):
        cl.check(k3, tightening, on="2026-01-01")  # type: ignore[arg-type]


def test_limits_on_many_dates_uses_the_same_steps(tightening: cl.LimitSchedule) -> None:
    days = np.array(["2024-06-30", "2024-07-01", "2027-12-31", "2035-01-01"], "datetime64[D]")
    index, values = tightening.limit("building").limits_on("multi_family_housing", days)
    assert index.tolist() == [-1, 0, 1, 3]
    assert values[1:].tolist() == [300.0, 260.0, 180.0]


@pytest.mark.parametrize(
    ("value", "unit", "area"),
    [
        (2015, "kg CO2e", "100 m^2"),
        (2.015, "t CO2e", "100 m^2"),
        (20.15, "kg CO2e", "1 m^2"),  # Building.scaled(0.01) of the first
    ],
)
def test_a_value_exactly_on_an_unrounded_limit_passes_in_any_unit(
    value: float, unit: str, area: str
) -> None:
    # 2015 kg CO2e / 100 m² = 20.15 kg CO2e/m², the limit itself. In tonnes, 2.015 x 1000 /
    # 100 is 20.150000000000002 in floating point; it must not fail by 3.6e-15.
    schedule = cl.LimitSchedule(
        "s",
        "s",
        "SE",
        "illustrative",
        "permit_application",
        limits=[
            cl.Limit(
                "building",
                cl.LimitMetric("gwp_total", "A1-A5", "se_bta", False, "kg CO2e/m^2"),
                {"any": cl.LimitCategory([cl.LimitStep(dt.date(2020, 1, 1), 20.15)])},
            )
        ],
    )
    building = cl.Building(
        "b",
        "office",
        dates=cl.BuildingDates(permit_application=dt.date(2025, 1, 1)),
        areas={"se_bta": area},
        results={
            "gwp_total": cl.IndicatorResults.from_mapping("gwp_total", {"A1-A5": value}, unit=unit)
        },
    )
    result = cl.check(building, schedule).checks[0]
    assert result.status is CheckStatus.PASS
    assert result.compared_value == Q(20.15, "kg CO2e/m^2")
    assert result.margin == Q(0.0, "kg CO2e/m^2")


def _near_limit(kg: float, on: dt.date) -> cl.LimitCheck:
    # A limit without decimals, as Boverket's proposal (report 2023:20) writes 375: the
    # value is compared as kept to 12 significant digits, and shown to six.
    schedule = cl.loads_schedule(
        """
        format = "climatelimits.schedule/1"
        id = "near"
        title = "near"
        jurisdiction = "SE"
        status = "illustrative"
        date_basis = "permit_application"
        [metric]
        indicator = "gwp_total"
        modules = "A1-A5"
        area = "se_bta"
        per_year = false
        unit = "kg CO2e/m^2"
        [categories.any]
        steps = [
          { from = 2020-01-01, value = 400 },
          { from = 2027-01-01, latest_from = 2027-12-31, value = 375 },
        ]
        """
    )
    results = cl.IndicatorResults.from_mapping("gwp_total", {"A1-A5": kg}, unit="kg CO2e")
    building = cl.Building(
        "b",
        "office",
        areas={"se_bta": "1000 m^2"},
        results={"gwp_total": results},
        dates=cl.BuildingDates(permit_application=on),
    )
    (result,) = cl.check(building, schedule).checks
    return result


@pytest.mark.parametrize(
    ("kg", "on", "status", "reason"),
    [
        pytest.param(
            375_000.4,
            dt.date(2028, 6, 1),
            CheckStatus.FAIL,
            "Exceeds the limit: 375.0004 kg CO2e/m² is above the limit of 375 kg CO2e/m² for "
            "office buildings (the schedule's catch-all category), in force since a day "
            "between 2027-01-01 and 2027-12-31 (not confirmed), by 0.0004 kg CO2e/m² "
            "(gwp_total A1-A5 per m² se_bta).",
            id="fail-by-0.0004",
        ),
        pytest.param(
            374_999.6,
            dt.date(2028, 6, 1),
            CheckStatus.PASS,
            "Complies: 374.9996 kg CO2e/m² is within the limit of 375 kg CO2e/m² for office "
            "buildings (the schedule's catch-all category), in force since a day between "
            "2027-01-01 and 2027-12-31 (not confirmed) (gwp_total A1-A5 per m² se_bta).",
            id="pass-by-0.0004",
        ),
        pytest.param(
            375_000.4,
            dt.date(2026, 6, 1),
            CheckStatus.PASS,
            "Complies: 375.0004 kg CO2e/m² is within the limit of 400 kg CO2e/m² for office "
            "buildings (the schedule's catch-all category), in force since 2020-01-01 "
            "(gwp_total A1-A5 per m² se_bta). It would fail the step of 375 kg CO2e/m² from a day "
            "between 2027-01-01 and 2027-12-31 (not confirmed), so it complies until at "
            "least 2026-12-31.",
            id="pass-would-fail-the-next-step-by-0.0004",
        ),
        pytest.param(
            375_000.4,
            dt.date(2027, 6, 1),
            CheckStatus.INCOMPLETE,
            "No verdict: on 2027-06-01 either 400 kg CO2e/m² or the step of 375 kg CO2e/m² "
            "starting on a day between 2027-01-01 and 2027-12-31 (not confirmed) is in force "
            "for office buildings (the schedule's catch-all category), and 375.0004 "
            "kg CO2e/m² meets one but not the other (gwp_total A1-A5 per m² se_bta).",
            id="window-meets-one-not-the-other",
        ),
    ],
)
def test_a_value_near_a_limit_is_shown_with_the_digits_that_tell_them_apart(
    kg: float, on: dt.date, status: CheckStatus, reason: str
) -> None:
    # 375 000.4 kg CO2e / 1000 m² = 375.0004 kg CO2e/m², above 375 by 0.0004. Shown to six
    # significant digits it read "375 kg CO2e/m² is above the limit of 375 kg CO2e/m²".
    result = _near_limit(kg, on)
    assert result.status is status
    assert result.reason == reason


@settings(max_examples=60, deadline=None)
@given(excess=st.floats(min_value=1e-9, max_value=1.0), sign=st.sampled_from([-1.0, 1.0]))
def test_a_value_off_the_limit_never_reads_as_the_limit(excess: float, sign: float) -> None:
    # Whatever the value's distance from 375 (down to the 12 significant digits compared),
    # the sentence shows it as a number other than the limit it passes or fails.
    result = _near_limit((375 + sign * excess) * 1000, dt.date(2028, 6, 1))
    compared = float(result.compared_value.magnitude)  # type: ignore[union-attr]
    if compared == 375:
        return  # within the 12 digits compared: equal to the limit, and shown so
    shown = result.reason.split(": ", 1)[1].split(" kg CO2e/m²")[0]
    assert shown != "375"
    assert (float(shown) > 375) is (compared > 375)  # on the side of the limit it is
    assert result.status is (CheckStatus.FAIL if compared > 375 else CheckStatus.PASS)


@pytest.mark.parametrize(
    ("permit", "on", "dated"),
    [
        ("2026-03-01", None, "is dated 2026-03-01"),
        (
            "2024-03-01",
            dt.date(2026, 1, 1),
            "is checked on 2026-01-01 (its permit_application date is 2024-03-01)",
        ),
        (
            None,
            dt.date(2026, 1, 1),
            "is checked on 2026-01-01 (it states no permit_application date)",
        ),
    ],
)
def test_a_schedule_replaced_before_the_date_names_the_date_it_was_checked_on(
    k3: cl.Building, permit: str | None, on: dt.date | None, dated: str
) -> None:
    # BR18 2023 applies to permit applications up to 2025-06-30 (then dk-br18-2025). A
    # building applied for on 2024-03-01 and checked on 2026-01-01 was said to be "dated
    # 2026-01-01", a date it does not have.
    building = attrs.evolve(
        k3,
        dates=cl.BuildingDates(permit_application=permit),
        areas={"dk_heated": "1500 m^2", "dk_reference": "1500 m^2"},
    )
    (result,) = cl.check(building, cl.catalogue.get("dk-br18-2023"), on).checks
    assert result.status is CheckStatus.NOT_APPLICABLE
    assert result.reason == (
        "Schedule dk-br18-2023 applies to buildings with a permit_application date up to "
        f"2025-06-30, and this one {dated}; it was replaced by dk-br18-2025."
    )


@pytest.mark.parametrize(
    ("shares", "limit"),
    [
        # 0.04 x 375 + 0.96 x 385 = 15 + 369.6 = 384.6 (Boverket 2023:20 values for
        # multi-family housing and offices); in floats 384.59999999999997.
        ({"multi_family_housing": 0.04, "office": 0.96}, 384.6),
        # 0.29 x 375 + 0.71 x 385 = 108.75 + 273.35 = 382.1; in floats 382.09999999999997.
        ({"multi_family_housing": 0.29, "office": 0.71}, 382.1),
    ],
)
def test_a_value_on_an_area_weighted_limit_passes(
    k3: cl.Building, shares: dict[str, float], limit: float
) -> None:
    # A value equal to the limit passes. The weighted limit carried the float noise of its
    # products, so a building exactly on it failed by 6e-14 kg CO2e/m².
    schedule = _weighted(
        cl.LimitMetric("gwp_ghg", "A1-A5", "se_bta", False, "kg CO2e/m^2"),
        {
            "multi_family_housing": cl.LimitCategory([cl.LimitStep("2025-07-01", 375)]),
            "office": cl.LimitCategory([cl.LimitStep("2025-07-01", 385)]),
        },
    )
    results = cl.IndicatorResults.from_mapping("gwp_ghg", {"A1-A5": limit * 1000}, unit="kg CO2e")
    building = attrs.evolve(
        k3, use_shares=shares, areas={"se_bta": "1000 m^2"}, results={"gwp_ghg": results}
    )
    result = cl.check(building, schedule).checks[0]
    assert result.limit == Q(limit, "kg CO2e/m^2")
    assert result.status is CheckStatus.PASS


def test_a_schedule_equal_to_one_checked_before_but_for_its_order_keeps_its_categories() -> None:
    # Two limits whose categories differ only in order compare equal, and a table cached
    # for the first served the second: an office checked against {retail, office} after
    # {office, retail} was judged "for retail buildings", with retail's later steps.
    metric = cl.LimitMetric("gwp_total", "A1-A5", "se_bta", False, "kg CO2e/m^2")
    office = cl.LimitCategory([cl.LimitStep("2020-01-01", 300), cl.LimitStep("2027-01-01", 240)])
    retail = cl.LimitCategory([cl.LimitStep("2020-01-01", 200)])
    results = cl.IndicatorResults.from_mapping("gwp_total", {"A1-A5": 250_000}, unit="kg CO2e")
    building = cl.Building(
        "b",
        "office",
        areas={"se_bta": "1000 m^2"},
        dates=cl.BuildingDates(permit_application="2025-01-01"),
        results={"gwp_total": results},
    )
    for categories in ({"office": office, "retail": retail}, {"retail": retail, "office": office}):
        (result,) = cl.check(building, _one_limit(cl.Limit("building", metric, categories))).checks
        assert result.category == "office"
        assert result.complies_until == dt.date(2026, 12, 31)
        # 250 000 kg / 1000 m² = 250 kg CO2e/m², within 300, above the 240 of 2027.
        assert result.reason == (
            "Complies: 250 kg CO2e/m² is within the limit of 300 kg CO2e/m² for office "
            "buildings, in force since 2020-01-01 (gwp_total A1-A5 per m² se_bta). It would "
            "fail the step of 240 kg CO2e/m² from 2027-01-01, so it complies until 2026-12-31."
        )
