"""RE2020: Ic_construction_max = Ic_construction_maxmoyen modulated by the project's terms.

From 1 January 2025 (décret 2024-1258, rewriting the annex of CCH art. R.172-4, formula as
indexed by re2020.jogdata.fr/chunk/D2024_1258_002): Ic_construction_max =
Ic_construction_maxmoyen × (1 + Micombles + Misurf_moy + Misurf_tot) + Migéo + Miinfra +
Mivrd + Mipv. The mean maximum for houses from 2025 is 530 kg CO2e/m² SREF and from 2028
475 (architectes.org; Cerema via re2020-e-betherm.fr), read here from the shipped catalogue.

The term values below are *declared by the test's building*, as a project's RE2020 software
would state them: they are not official coefficients (the coefficient tables were not read,
and no worked example of the official guide was found; see the schedule's notes). What is
checked is that the catalogue applies the formula to them; each expected limit is worked
by hand in the comment next to it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from climatelimits import Building, catalogue, check, check_stock
from climatelimits.buildings import BuildingDates
from climatelimits.evaluation import CheckStatus, LimitCheck
from climatelimits.results import IndicatorResults
from climatelimits.stocks import Stock

SCHEDULE = catalogue.get("fr-re2020-construction")
TERMS_2025 = ("micombles", "misurf_moy", "misurf_tot", "migeo", "miinfra", "mivrd", "mipv")
TERMS_2024 = ("micombles", "misurf", "migeo", "miinfra", "mivrd", "mided")


def house(permit: dt.date, total: float = 54_000.0, **terms: float) -> Building:
    """The issue's house: Ic_construction 540 kg CO2e/m² SREF (54 000 kg CO2e on 100 m²)."""
    return Building(
        id="maison",
        use="detached_house",
        dates=BuildingDates(permit_application=permit),
        areas={"fr_sref": "100 m^2"},
        reference_study_period="50 year",
        results={
            "re2020_ic_construction": IndicatorResults.from_mapping(
                "re2020_ic_construction", {"A1-A5,B1-B5,C1-C4": total}, unit="kg CO2e"
            )
        },
        limit_terms=terms,
    )


def only(building: Building) -> LimitCheck:
    (result,) = check(building, SCHEDULE).checks
    (from_stock,) = check_stock(Stock.from_buildings([building]), SCHEDULE).assessment(0).checks
    assert from_stock == result
    return result


def zero_2025(**given: float) -> dict[str, float]:
    return dict.fromkeys(TERMS_2025, 0.0) | given


def test_the_catalogue_mean_maximum_for_houses_in_2025_is_530() -> None:
    day = dt.date(2025, 3, 1)
    mean = SCHEDULE.limit("ic_construction").limit_on("detached_house", day)
    assert mean is not None
    assert mean.magnitude == 530.0


def test_house_at_540_passes_with_terms_that_raise_its_maximum() -> None:
    # 530 × (1 + 0.05) + 12 = 556.5 + 12 = 568.5 kg CO2e/m²; 540 is within it by 28.5.
    result = only(house(dt.date(2025, 3, 1), **zero_2025(misurf_tot=0.05, migeo=12.0)))
    assert result.status is CheckStatus.PASS
    assert result.limit.magnitude == pytest.approx(568.5)
    assert result.margin.magnitude == pytest.approx(28.5)
    assert result.value.magnitude == pytest.approx(540.0)
    assert dict(result.limit_terms) == zero_2025(misurf_tot=0.05, migeo=12.0)
    assert result.missing_terms == ()
    assert (
        "within the limit of 568.5 kg CO2e/m² (530 × (1 + 0 micombles + 0 misurf_moy + "
        "0.05 misurf_tot) + 12 migeo + 0 miinfra + 0 mivrd + 0 mipv)" in result.reason
    )


def test_house_at_540_fails_with_terms_that_do_not_raise_it() -> None:
    # 530 × (1 - 0.02) + 0 = 519.4 kg CO2e/m²; 540 exceeds it by 20.6.
    result = only(house(dt.date(2025, 3, 1), **zero_2025(misurf_tot=-0.02)))
    assert result.status is CheckStatus.FAIL
    assert result.limit.magnitude == pytest.approx(519.4)
    assert result.margin.magnitude == pytest.approx(-20.6)
    assert "530 × (1 + 0 micombles + 0 misurf_moy - 0.02 misurf_tot)" in result.reason


def test_house_at_540_with_every_term_zero_fails_against_the_mean_maximum() -> None:
    # 530 × (1 + 0) + 0 = 530 < 540, by 10.
    result = only(house(dt.date(2025, 3, 1), **zero_2025()))
    assert result.status is CheckStatus.FAIL
    assert result.limit.magnitude == 530.0
    assert result.margin.magnitude == pytest.approx(-10.0)


def test_house_without_terms_is_incomplete_naming_the_terms_of_2025() -> None:
    result = only(house(dt.date(2025, 3, 1)))
    assert result.status is CheckStatus.INCOMPLETE
    assert result.missing_terms == TERMS_2025
    assert result.limit is None
    assert result.limit_terms == {}
    assert result.value.magnitude == pytest.approx(540.0)
    assert "does not declare: " + ", ".join(TERMS_2025) in result.reason
    assert "530 kg CO2e/m² before adjustment" in result.reason
    # Mided ended on 2024-12-31 and Misurf was split: neither is asked for in 2025.
    assert "mided" not in result.reason
    assert "misurf," not in result.reason


def test_house_of_2024_needs_the_terms_of_2024() -> None:
    result = only(house(dt.date(2024, 6, 1)))
    assert result.status is CheckStatus.INCOMPLETE
    assert result.missing_terms == TERMS_2024
    # 640 × (1 + 0) + 0 + 0 + 0 + 0 - 5 (Mided) = 635; 540 is within it by 95.
    declared = dict.fromkeys(TERMS_2024, 0.0) | {"mided": -5.0}
    result = only(house(dt.date(2024, 6, 1), **declared))
    assert result.status is CheckStatus.PASS
    assert result.limit.magnitude == pytest.approx(635.0)


def test_one_missing_term_is_named_alone() -> None:
    terms = zero_2025()
    del terms["migeo"]
    result = only(house(dt.date(2025, 3, 1), **terms))
    assert result.status is CheckStatus.INCOMPLETE
    assert result.missing_terms == ("migeo",)
    assert "does not declare: migeo (" in result.reason


def test_next_step_and_last_day_use_the_terms_in_force_then() -> None:
    # 2025: 530 × 1.05 + 12 = 568.5, passed. 2028: 475 × 1.05 + 12 = 498.75 + 12 = 510.75,
    # which 540 would exceed: it complies until 2027-12-31.
    result = only(house(dt.date(2025, 3, 1), **zero_2025(misurf_tot=0.05, migeo=12.0)))
    assert result.next_step is not None
    assert result.next_step.start == dt.date(2028, 1, 1)
    assert result.next_step.limit.magnitude == pytest.approx(510.75)
    assert result.next_step.passes is False
    assert result.complies_until == dt.date(2027, 12, 31)
    assert "It would fail the step of 510.75 kg CO2e/m² from 2028-01-01" in result.reason


# Every modulation term declared 0: the limit is the mean maximum, 640 up to 2024-12-31
# and 530 from 2025-01-01 (a house at 600 kg CO2e/m² passes the one and fails the other).
@pytest.mark.parametrize(
    ("permit", "limit"), [(dt.date(2024, 12, 31), 640.0), (dt.date(2025, 1, 1), 530.0)]
)
def test_fr_house_day_before_a_step_and_on_it(permit: dt.date, limit: float) -> None:
    every_term = dict.fromkeys(TERMS_2024 + TERMS_2025, 0.0)
    result = only(house(permit, 60_000.0, **every_term))
    assert result.limit.magnitude == limit
    assert result.value.magnitude == pytest.approx(600.0)
    assert result.status is (CheckStatus.PASS if limit > 600 else CheckStatus.FAIL)


def test_a_house_exactly_on_its_adjusted_maximum_passes() -> None:
    # 530 × (1 + 0.17) = 620.1 kg CO2e/m² (a Misurf_tot of 0.17, the other terms 0); a house
    # at 620.1 (62 010 kg CO2e on 100 m²) meets it. In floats 530 × 1.17 is
    # 620.0999999999999, which it failed by 1e-13.
    result = only(house(dt.date(2025, 3, 1), total=62_010.0, **zero_2025(misurf_tot=0.17)))
    assert result.limit is not None
    assert result.limit.magnitude == 620.1
    assert result.status is CheckStatus.PASS
