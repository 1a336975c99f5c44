"""The catalogue's schemes on the edge cases their rules name (issue 3, and T9 of the cases)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from climatelimits import catalogue
from climatelimits.buildings import Building, BuildingDates, BuildingPart
from climatelimits.evaluation import CheckStatus, check
from climatelimits.results import IndicatorResults

D = dt.date


def results(indicator: str = "gwp_total", **per_module: float) -> dict[str, IndicatorResults]:
    return {
        indicator: IndicatorResults.from_mapping(
            indicator, {k.replace("_", "-"): v for k, v in per_module.items()}, unit="kg CO2e"
        )
    }


def danish(
    per_m2_year: float,
    *,
    reference: float = 2000.0,
    heated: float = 2000.0,
    permit: dt.date | None = None,
    use: str = "office",
    **extra: Any,
) -> Building:
    """A Danish building whose A1-A3 alone gives ``per_m2_year`` over 50 years.

    It states its reference area by both texts of BR18 §297 (2023 and 2025 weights), with
    the same value: a building without the spaces the two texts weigh differently.
    """
    total = per_m2_year * reference * 50
    areas = {
        "dk_reference": f"{reference} m^2",
        "dk_reference_2025": f"{reference} m^2",
        "dk_heated": f"{heated} m^2",
        **extra,
    }
    return Building(
        id="dk",
        use=use,
        dates=BuildingDates(permit_application=permit or D(2024, 5, 1)),
        areas=areas,
        reference_study_period="50 year",
        results=results(A1_A3=total, B4=0.0, B6=0.0, C3=0.0, C4=0.0, A4=0.0, A5=0.0),
    )


def only(schedule_id: str, building: Building, on: dt.date | None = None) -> Any:
    (result,) = check(building, catalogue.get(schedule_id), on=on).checks
    return result


# --- rounding to one decimal (BR18 guidance 2.1: "12,047 ... afrundes til 12,0") -----------
def test_dk_12_047_passes_and_12_06_fails() -> None:
    passing = only("dk-br18-2023", danish(12.047))
    assert passing.status is CheckStatus.PASS
    assert passing.compared_value.magnitude == pytest.approx(12.0)
    failing = only("dk-br18-2023", danish(12.06))
    assert failing.status is CheckStatus.FAIL
    assert failing.compared_value.magnitude == pytest.approx(12.1)


def test_dk_12_05_rounds_half_up_and_fails() -> None:
    assert only("dk-br18-2023", danish(12.05)).status is CheckStatus.FAIL


# --- applicability threshold ----------------------------------------------------------------
def test_dk_900_m2_heated_in_2024_is_not_applicable() -> None:
    result = only("dk-br18-2023", danish(20.0, heated=900.0))
    assert result.status is CheckStatus.NOT_APPLICABLE
    assert "dk_heated above 1000 m²" in result.reason
    assert "900 m²" in result.reason


def test_dk_1000_m2_exactly_is_not_above_1000() -> None:
    assert only("dk-br18-2023", danish(20.0, heated=1000.0)).status is (CheckStatus.NOT_APPLICABLE)
    assert only("dk-br18-2023", danish(20.0, heated=1000.5)).status is CheckStatus.FAIL


def test_dk_missing_heated_area_is_incomplete_not_a_pass() -> None:
    building = Building(
        id="dk",
        use="office",
        dates=BuildingDates(permit_application=D(2024, 5, 1)),
        areas={"dk_reference": "2000 m^2"},
        reference_study_period="50 year",
        results=results(A1_A3=1.0, B4=0.0, B6=0.0, C3=0.0, C4=0.0),
    )
    result = only("dk-br18-2023", building)
    assert result.status is CheckStatus.INCOMPLETE
    assert "dk_heated" in result.reason


# --- T9: the 2023 regime up to 2025-06-30, the 2025 values from 2025-07-01 ------------------
def house(permit: dt.date, per_m2_year: float = 5.0) -> Building:
    return danish(
        per_m2_year,
        reference=184.0,
        heated=184.0,
        permit=permit,
        use="detached_house",
        dk_floor="184 m^2",
    )


def test_dk_house_day_before_and_on_2025_07_01() -> None:
    before = house(D(2025, 6, 30))
    assert only("dk-br18-2023", before).status is CheckStatus.NOT_APPLICABLE  # 184 ≤ 1000
    assert check(before, catalogue.get("dk-br18-2025")).passed is None
    assert {c.status for c in check(before, catalogue.get("dk-br18-2025")).checks} == {
        CheckStatus.NOT_APPLICABLE
    }
    on = check(house(D(2025, 7, 1)), catalogue.get("dk-br18-2025"))
    building_check = next(c for c in on.checks if c.limit_id == "building")
    assert building_check.status is CheckStatus.PASS
    assert building_check.limit.magnitude == 6.7
    assert building_check.category == "houses"


@pytest.mark.parametrize(
    ("permit", "per_m2_year", "status", "limit"),
    [
        (D(2026, 12, 31), 6.5, CheckStatus.PASS, 6.7),  # before the 2027 window: 6.7
        (D(2027, 7, 1), 6.5, CheckStatus.INCOMPLETE, None),  # 6.7 or 6.0: they disagree
        (D(2027, 7, 1), 5.9, CheckStatus.PASS, 6.0),  # meets both
        (D(2027, 7, 1), 6.8, CheckStatus.FAIL, 6.7),  # fails both
        (D(2028, 1, 1), 6.5, CheckStatus.FAIL, 6.0),  # after the window: 6.0
        (D(2030, 1, 1), 5.4, CheckStatus.PASS, 5.4),
    ],
)
def test_dk_2027_step_on_an_unconfirmed_day(
    permit: dt.date, per_m2_year: float, status: CheckStatus, limit: float | None
) -> None:
    assessment = check(house(permit, per_m2_year), catalogue.get("dk-br18-2025"))
    result = next(c for c in assessment.checks if c.limit_id == "building")
    assert result.status is status, result.reason
    if limit is None:
        assert result.limit is None
        assert "not confirmed" in result.reason
    else:
        assert result.limit.magnitude == limit


def test_dk_holiday_homes_by_size_band() -> None:
    schedule = catalogue.get("dk-br18-2025")
    small = danish(3.9, use="holiday_home", reference=120.0, heated=120.0, dk_floor="120 m^2")
    large = danish(3.9, use="holiday_home", reference=160.0, heated=160.0, dk_floor="160 m^2")
    day = D(2025, 9, 1)
    first = next(c for c in check(small, schedule, on=day).checks if c.limit_id == "building")
    second = next(c for c in check(large, schedule, on=day).checks if c.limit_id == "building")
    assert (first.category, first.limit.magnitude) == ("holiday_home_small", 4.0)
    assert (second.category, second.limit.magnitude) == ("holiday_home_large", 6.7)
    unsized = danish(3.9, use="holiday_home", reference=160.0, heated=160.0)
    third = next(c for c in check(unsized, schedule, on=day).checks if c.limit_id == "building")
    assert third.status is CheckStatus.INCOMPLETE
    assert "dk_floor" in third.reason


def office_2025(**per_module: float) -> Building:
    """A Danish office applied for in September 2025 with 1000 m² 2025 reference area."""
    return Building(
        id="dk",
        use="office",
        dates=BuildingDates(permit_application=D(2025, 9, 1)),
        areas={"dk_reference_2025": "1000 m^2"},
        reference_study_period="50 year",
        results=results(B4=0.0, B6=0.0, C3=0.0, C4=0.0, **per_module),
    )


def test_dk_2025_construction_process_must_pass_too() -> None:
    # 5.0 kg/m²/yr in the building scope, 2.0 on A4-A5 (above 1.5)
    building = office_2025(A1_A3=250_000.0, A4=60_000, A5=40_000)
    assessment = check(building, catalogue.get("dk-br18-2025"))
    statuses = {c.limit_id: c.status for c in assessment.checks}
    assert statuses == {"building": CheckStatus.PASS, "construction_process": CheckStatus.FAIL}
    assert assessment.passed is False


def test_dk_2025_scope_mismatch_is_never_compared_silently() -> None:
    # A declaration with A1-A5 as one aggregate cannot be split into the building scope
    # (A1-A3, ...) and the construction-process scope (A4-A5): no verdict on either.
    assessment = check(office_2025(A1_A5=250_000.0), catalogue.get("dk-br18-2025"))
    assert {c.status for c in assessment.checks} == {CheckStatus.INCOMPLETE}
    assert all("A1-A5" in c.reason for c in assessment.checks)


def test_dk_2025_rejects_a_reference_area_measured_by_the_2023_text() -> None:
    # BR18 2025 weighs areas differently from 2023 (conservatories 50 %): a 2023 reference
    # area alone gives no verdict under the 2025 limits.
    building = attrs.evolve(
        danish(5.0, permit=D(2025, 9, 1)),
        areas={"dk_reference": "2000 m^2", "dk_heated": "2000 m^2"},
    )
    for result in check(building, catalogue.get("dk-br18-2025")).checks:
        assert result.status is CheckStatus.INCOMPLETE
        assert "dk_reference_2025" in result.reason


def test_dk_2025_construction_process_margin_is_not_borrowed() -> None:
    # Two separate limits: 5.0 against 7.5 (offices) leaves 2.5 unused, which does not cover
    # 1.6 against the construction-process limit of 1.5 (sm.dk, 30 May 2024: "en
    # grænseværdi på 1,5 kg CO2e/m2/år" for the construction process; byggeriogklima.dk:
    # "en selvstændig CO2-grænseværdi på 1,5").
    building = office_2025(A1_A3=250_000.0, A4=50_000, A5=30_000)
    checks = {c.limit_id: c for c in check(building, catalogue.get("dk-br18-2025")).checks}
    assert checks["building"].status is CheckStatus.PASS
    assert checks["building"].compared_value is not None
    assert checks["building"].compared_value.magnitude == 5.0
    assert checks["construction_process"].status is CheckStatus.FAIL
    assert checks["construction_process"].compared_value is not None
    assert checks["construction_process"].compared_value.magnitude == 1.6


def test_dk_2025_small_farmhouse_extension_is_exempt() -> None:
    # §297 (2025 text): extensions under 250 m² heated area to farmhouses (stuehuse), houses
    # and holiday homes are outside the climate requirements.
    building = Building(
        id="dk",
        use="farmhouse",
        tags=["extension"],
        dates=BuildingDates(permit_application=D(2025, 9, 1)),
        areas={"dk_reference_2025": "200 m^2", "dk_heated": "200 m^2"},
        reference_study_period="50 year",
    )
    for result in check(building, catalogue.get("dk-br18-2025")).checks:
        assert result.status is CheckStatus.EXEMPT
        assert "250 m²" in result.reason


def test_dk_2025_small_extension_is_exempt() -> None:
    building = Building(
        id="dk",
        use="detached_house",
        tags=["extension"],
        dates=BuildingDates(permit_application=D(2025, 9, 1)),
        areas={"dk_reference_2025": "120 m^2", "dk_heated": "120 m^2"},
        reference_study_period="50 year",
    )
    (first, second) = check(building, catalogue.get("dk-br18-2025")).checks
    assert first.status is second.status is CheckStatus.EXEMPT
    assert "250 m²" in first.reason


# --- Sweden: exemption at BTA ≤ 100 m² --------------------------------------------------------
def swedish(bta: float, per_m2: float = 150.0, use: str = "detached_house") -> Building:
    return Building(
        id="se",
        use=use,
        dates=BuildingDates(permit_application=D(2026, 3, 1)),
        areas={"se_bta": f"{bta} m^2"},
        results=results("gwp_ghg", A1_A3=per_m2 * bta, A4=0.0, A5=0.0),
    )


def test_se_90_m2_bta_is_exempt() -> None:
    result = only("se-boverket-2023-proposal", swedish(90.0, per_m2=1000.0))
    assert result.status is CheckStatus.EXEMPT
    assert "100 m²" in result.reason


def test_se_declaration_with_gwp_total_only_gets_no_verdict() -> None:
    # The Swedish climate declaration is on GWP-GHG, not GWP-total (Boverket's database
    # site as quoted by One Click LCA); the two are never converted.
    building = attrs.evolve(
        swedish(500.0), results=results("gwp_total", A1_A3=75_000.0, A4=0.0, A5=0.0)
    )
    result = only("se-boverket-2023-proposal", building)
    assert result.status is CheckStatus.INCOMPLETE
    assert "gwp_ghg" in result.reason


def test_se_100_m2_is_exempt_and_100_5_is_not() -> None:
    assert only("se-boverket-2023-proposal", swedish(100.0)).status is CheckStatus.EXEMPT
    result = only("se-boverket-2023-proposal", swedish(100.5))
    assert result.status is CheckStatus.PASS
    assert result.limit.magnitude == 180


# --- Finland: each part against its own class --------------------------------------------------
def finnish(parts: list[tuple[str, str, float, float]], permit: dt.date) -> Building:
    """Parts as (id, use, heated net area m², kg CO2e/m²/a)."""
    return Building(
        id="fi",
        use=parts[0][1],
        use_shares={use: area / sum(p[2] for p in parts) for _, use, area, _ in parts},
        dates=BuildingDates(permit_application=permit),
        reference_study_period="50 year",
        parts=[
            BuildingPart(
                id=pid,
                use=use,
                areas={"fi_heated_net": f"{area} m^2"},
                results=results(A1_A3=value * area * 50, A4=0, A5=0, B4=0, B6=0, C1_C4=0.0),
            )
            for pid, use, area, value in parts
        ],
    )


def test_fi_mixed_use_passes_only_if_each_part_passes() -> None:
    schedule = catalogue.get("fi-2026")
    day = D(2026, 6, 1)
    both = finnish(
        [("flats", "multi_family_housing", 3000, 15.0), ("rows", "row_house", 1000, 15.5)], day
    )
    assessment = check(both, schedule)
    assert [c.part for c in assessment.checks] == ["flats", "rows"]
    assert assessment.passed is True
    # The area-weighted mean (0.75*15 + 0.25*17 = 15.5) would pass 16.0; each part must.
    one_over = finnish(
        [("flats", "multi_family_housing", 3000, 15.0), ("rows", "row_house", 1000, 17.0)], day
    )
    assessment = check(one_over, schedule)
    assert [c.status for c in assessment.checks] == [CheckStatus.PASS, CheckStatus.FAIL]
    assert assessment.passed is False


def test_fi_mixed_use_without_parts_is_incomplete() -> None:
    building = Building(
        id="fi",
        use="multi_family_housing",
        use_shares={"multi_family_housing": 0.8, "office": 0.2},
        dates=BuildingDates(permit_application=D(2026, 6, 1)),
        areas={"fi_heated_net": "1000 m^2"},
        reference_study_period="50 year",
        results=results(A1_A3=1.0, A4=0, A5=0, B4=0, B6=0, C1_C4=0.0),
    )
    (result,) = check(building, catalogue.get("fi-2026")).checks
    assert result.status is CheckStatus.INCOMPLETE
    assert "each part" in result.reason


def test_fi_unconfirmed_class_is_not_passed() -> None:
    office = finnish([("all", "office", 1000, 1.0)], D(2026, 6, 1))
    (result,) = check(office, catalogue.get("fi-2026")).checks
    assert result.status is CheckStatus.INCOMPLETE
    assert "not confirmed" in result.reason


def test_fi_detached_house_is_exempt() -> None:
    result = only("fi-2026", finnish([("all", "detached_house", 150, 30.0)], D(2026, 6, 1)))
    assert result.status is CheckStatus.EXEMPT


# --- France: the declared indicator ------------------------------------------------------------
def test_fr_house_with_gwp_total_only_is_incomplete() -> None:
    building = Building(
        id="fr",
        use="detached_house",
        dates=BuildingDates(permit_application=D(2024, 3, 1)),
        areas={"fr_sref": "120 m^2"},
        reference_study_period="50 year",
        results=results(A1_A5=50_000.0, B1_B5=5000.0, C1_C4=3000.0),
    )
    result = only("fr-re2020-construction", building)
    assert result.status is CheckStatus.INCOMPLETE
    assert "Ic_construction" in result.reason
    assert "gwp_total" in result.reason


# --- Netherlands: study period per category, area-weighted mixed use ------------------------
def dutch(use: str, rsp: float, mki_per_m2_year: float, **extra: Any) -> Building:
    return Building(
        id="nl",
        use=use,
        dates=BuildingDates(permit_application=D(2024, 3, 1)),
        areas={"nl_bvo": "1000 m^2", "nl_go": "850 m^2"},
        reference_study_period=f"{rsp} year",
        results={
            "mki": IndicatorResults.from_mapping(
                "mki",
                {"A1-A5": mki_per_m2_year * 1000 * rsp, "B1-B5": 0, "C1-C4": 0, "D": 0},
                unit="EUR",
            )
        },
        **extra,
    )


def test_nl_dwelling_over_75_years_and_office_over_50() -> None:
    assert only("nl-mpg", dutch("row_house", 75, 0.79)).status is CheckStatus.PASS
    assert only("nl-mpg", dutch("row_house", 75, 0.81)).status is CheckStatus.FAIL
    assert only("nl-mpg", dutch("office", 50, 0.95)).status is CheckStatus.PASS
    small_office = Building(
        id="nl",
        use="office",
        dates=BuildingDates(permit_application=D(2024, 3, 1)),
        areas={"nl_bvo": "95 m^2", "nl_go": "80 m^2"},
    )
    assert only("nl-mpg", small_office).status is CheckStatus.EXEMPT
    unknown_go = Building(
        id="nl", use="office", dates=BuildingDates(permit_application=D(2024, 3, 1))
    )
    assert only("nl-mpg", unknown_go).status is CheckStatus.INCOMPLETE
    wrong_period = only("nl-mpg", dutch("row_house", 50, 0.5))
    assert wrong_period.status is CheckStatus.INCOMPLETE
    assert "75 years" in wrong_period.reason


# Bouwbesluit 2012 art. 5.9(4), carried into Bbl art. 4.159: the office requirement "is niet
# van toepassing op een kantoorgebouw dat deel uitmaakt van een gebouw met andere
# gebruiksfuncties" (https://www.bouwbesluitonline.nl/Inhoud/docs/wet/bb2012/hfd5/afd5-2/art5-9,
# retrieved 2026-12-05). Dwellings: 0.8 EUR/m² BVO/yr from 2021-07-01 (MRPI FAQ), over
# 75 years (GPR software).
@pytest.mark.parametrize(("score", "status"), [(0.79, CheckStatus.PASS), (0.81, CheckStatus.FAIL)])
def test_nl_dwellings_with_an_office_are_judged_at_the_dwelling_value(
    score: float, status: CheckStatus
) -> None:
    building = dutch(
        "multi_family_housing", 75, score, use_shares={"multi_family_housing": 0.7, "office": 0.3}
    )
    result = only("nl-mpg", building)
    assert result.status is status
    assert result.category == "dwellings"
    assert result.limit.magnitude == 0.8


def test_nl_office_in_a_building_with_unlimited_uses_has_no_requirement() -> None:
    building = dutch("office", 50, 2.0, use_shares={"office": 0.6, "retail": 0.4})
    result = only("nl-mpg", building)
    assert result.status is CheckStatus.NOT_APPLICABLE
    assert "limits office only in a building of that use alone" in result.reason
    # An office alone keeps its own requirement, 1.0 (Bouwbesluit 2012 art. 5.9(2)).
    alone = only("nl-mpg", dutch("office", 50, 1.01))
    assert (alone.status, alone.limit.magnitude) == (CheckStatus.FAIL, 1.0)


# --- BR18 counts EN 15804+A1 GWP (Tabel 7 data) as well as GWP-total ------------------------
def relabelled(building: Building, *indicators: str, factor: float = 1.0) -> Building:
    """The building with its gwp_total results declared as ``indicators`` (times ``factor``)."""
    entries = building.results["gwp_total"].scaled(factor).entries
    return attrs.evolve(building, results={i: IndicatorResults(i, entries) for i in indicators})


def test_dk_accepts_gwp_results_in_place_of_gwp_total() -> None:
    result = only("dk-br18-2023", relabelled(danish(11.0), "gwp"))
    assert result.status is CheckStatus.PASS
    assert "on the building's gwp results, accepted in place of gwp_total" in result.reason


def test_dk_prefers_gwp_total_and_never_adds_the_two() -> None:
    building = danish(11.0)
    both = attrs.evolve(
        building,
        results={**building.results, **relabelled(building, "gwp", factor=2.0).results},
    )
    result = only("dk-br18-2023", both)
    assert result.value.magnitude == pytest.approx(11.0)
    assert "accepted in place" not in result.reason


def test_an_indicator_the_rule_does_not_accept_gets_no_verdict() -> None:
    result = only("dk-br18-2023", relabelled(danish(11.0), "gwp_ghg"))
    assert result.status is CheckStatus.INCOMPLETE
    assert "or gwp, which it accepts (declared: gwp_ghg)" in result.reason
