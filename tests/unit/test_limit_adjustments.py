"""Limit adjustments: fixed uplifts on tags (Helsinki), declared terms, files, stocks, errors.

Helsinki (kaupunkiympäristölautakunta, HEL 2023-002599, paatokset.hel.fi): an apartment
building's carbon footprint is limited to 16.0 kg CO2e/m²/a over 50 years, +10 % (+1.6
kg/m²/a) when its geometry is complex and +10 % (+1.6) when a parking facility is included
in the E-value. The schedule is written here (Helsinki is not in the catalogue: its start
date is not confirmed); the expected limits are worked by hand:
16.0 × (1 + 0.10) = 17.6 with one uplift; 16.0 × (1 + 0.10 + 0.10) = 19.2 with both (the two
+1.6 add to the same base, 16 + 1.6 + 1.6 = 19.2).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

from climatelimits import Building, check, check_stock
from climatelimits._describe import describe_schedule
from climatelimits.buildings import BuildingDates
from climatelimits.evaluation import CheckStatus, LimitCheck
from climatelimits.exceptions import DataFormatError, InvalidInputError, ScheduleError
from climatelimits.io import (
    dump_schedule,
    dumps_building,
    dumps_schedule,
    load_schedule,
    loads_building,
    loads_schedule,
    read_stock,
)
from climatelimits.results import IndicatorResults
from climatelimits.schedules import (
    Limit,
    LimitAdjustment,
    LimitCategory,
    LimitMetric,
    LimitSchedule,
    LimitStep,
    Source,
)
from climatelimits.stocks import Stock

D = dt.date
HEL = Source(
    "Kaupunkiympäristölautakunta, HEL 2023-002599",
    "https://paatokset.hel.fi/fi/asia/hel-2023-002599",
    id="hel-2023-002599",
)


def uplift(adjustment_id: str, tag: str) -> LimitAdjustment:
    return LimitAdjustment(
        adjustment_id,
        f"+10 % when tagged {tag}",
        "multiplicative",
        value=0.10,
        when_tags=[tag],
        sources=["hel-2023-002599"],
    )


def helsinki(*adjustments: LimitAdjustment) -> LimitSchedule:
    return LimitSchedule(
        id="helsinki-test",
        title="Helsinki apartment buildings (written in the test)",
        jurisdiction="FI-Helsinki",
        status="illustrative",
        date_basis="permit_application",
        sources=[HEL],
        tags={
            "complex_geometry": "exterior wall ratio above 0.23 jm/brm²",
            "parking_in_e_value": "a parking facility is included in the E-value",
        },
        limits=[
            Limit(
                "building",
                LimitMetric(
                    "gwp_total",
                    "A1-C4",
                    "gfa",
                    per_year=True,
                    unit="kg CO2e/m^2/year",
                    reference_study_period="50 year",
                ),
                {
                    "multi_family_housing": LimitCategory(
                        [LimitStep(D(2024, 6, 1), 16.0, sources=["hel-2023-002599"])]
                    )
                },
                adjustments=adjustments,
            )
        ],
    )


UPLIFTS = (
    uplift("complex_geometry", "complex_geometry"),
    uplift("parking", "parking_in_e_value"),
)


def apartments(per_m2_year: float, tags: tuple[str, ...] = (), **extra: Any) -> Building:
    # 1000 m² over 50 years: the total is per_m2_year × 1000 × 50 kg CO2e.
    return Building(
        id="kerrostalo",
        use="multi_family_housing",
        dates=BuildingDates(permit_application=D(2025, 2, 1)),
        areas={"gfa": "1000 m^2"},
        reference_study_period="50 year",
        results={
            "gwp_total": IndicatorResults.from_mapping(
                "gwp_total", {"A1-A5,B1-B8,C1-C4": per_m2_year * 50_000}, unit="kg CO2e"
            )
        },
        tags=tags,
        **extra,
    )


def only(building: Building, schedule: LimitSchedule) -> LimitCheck:
    (result,) = check(building, schedule).checks
    (row,) = check_stock(Stock.from_buildings([building]), schedule).assessment(0).checks
    assert row == result
    return result


@pytest.mark.parametrize(
    ("tags", "limit", "terms"),
    [
        ((), 16.0, {}),
        (("complex_geometry",), 17.6, {"complex_geometry": 0.1}),
        (("parking_in_e_value",), 17.6, {"parking": 0.1}),
        (
            ("complex_geometry", "parking_in_e_value"),
            19.2,
            {"complex_geometry": 0.1, "parking": 0.1},
        ),
    ],
)
def test_helsinki_uplifts(tags: tuple[str, ...], limit: float, terms: dict[str, float]) -> None:
    result = only(apartments(17.0, tags), helsinki(*UPLIFTS))
    assert result.limit.magnitude == pytest.approx(limit)
    assert dict(result.limit_terms) == terms
    # 17.0 is above 16.0 and within 17.6 and 19.2.
    assert result.status is (CheckStatus.FAIL if limit == 16.0 else CheckStatus.PASS)


def test_helsinki_both_uplifts_shown_in_the_reason() -> None:
    tags = ("complex_geometry", "parking_in_e_value")
    result = only(apartments(19.0, tags), helsinki(*UPLIFTS))
    assert result.status is CheckStatus.PASS
    assert (
        "within the limit of 19.2 kg CO2e/m²/a (16 × (1 + 0.1 complex_geometry + 0.1 parking))"
        in result.reason
    )
    # One uplift only: 19.0 exceeds 17.6 by 1.4.
    result = only(apartments(19.0, ("complex_geometry",)), helsinki(*UPLIFTS))
    assert result.status is CheckStatus.FAIL
    assert result.margin.magnitude == pytest.approx(-1.4)


def test_a_term_applies_only_between_its_days() -> None:
    # +5 kg CO2e/m²/a declared, in force from 2025-01-01 until 2025-12-31 (a schedule of the
    # test): 16 + 5 = 21 in 2025, 16 before and after.
    late = LimitAdjustment(
        "late",
        "Late term",
        "additive",
        declared=True,
        start=D(2025, 1, 1),
        until=D(2025, 12, 31),
        sources=["hel-2023-002599"],
    )
    schedule = helsinki(late)
    building = apartments(18.0, limit_terms={"late": 5.0})
    for day, limit in ((D(2024, 12, 31), 16.0), (D(2025, 1, 1), 21.0), (D(2026, 1, 1), 16.0)):
        (result,) = check(building, schedule, on=day).checks
        assert result.limit.magnitude == pytest.approx(limit), day
    # Before its first day the term is not asked for: no term declared, still a verdict.
    (result,) = check(apartments(18.0), schedule, on=D(2024, 12, 31)).checks
    assert result.status is CheckStatus.FAIL
    (result,) = check(apartments(18.0), schedule, on=D(2025, 6, 1)).checks
    assert result.status is CheckStatus.INCOMPLETE
    assert result.missing_terms == ("late",)


def two_steps(adjustment: LimitAdjustment) -> LimitSchedule:
    # 100 from 2025, 80 from 2028 (kg CO2e/m²/a), a schedule of the test.
    base = helsinki(adjustment)
    limit = base.limits[0]
    category = LimitCategory(
        [LimitStep(D(2025, 1, 1), 100.0), LimitStep(D(2028, 1, 1), 80.0)],
        sources=["hel-2023-002599"],
    )
    return attrs.evolve(
        base,
        limits=[
            attrs.evolve(limit, categories={"multi_family_housing": category}),
        ],
    )


def test_a_later_term_not_declared_leaves_the_later_step_unknown() -> None:
    # The term starts with the 2028 step: in 2026 the building (90) passes 100; the 2028
    # limit 80 + term is unknown without the term, so no next step and no last day.
    later = LimitAdjustment("later", "Later term", "additive", declared=True, start=D(2028, 1, 1))
    schedule = two_steps(later)
    (result,) = check(apartments(90.0), schedule, on=D(2026, 6, 1)).checks
    assert result.status is CheckStatus.PASS
    assert result.next_step is None
    assert result.complies_until is None
    assert "The limit from 2028-01-01 is adjusted by terms the building does not declare" in (
        result.reason
    )
    # Declared 5: the 2028 limit is 80 + 5 = 85, which 90 exceeds: complies until 2027-12-31.
    (result,) = check(
        apartments(90.0, limit_terms={"later": 5.0}), schedule, on=D(2026, 6, 1)
    ).checks
    assert result.next_step is not None
    assert result.next_step.limit.magnitude == pytest.approx(85.0)
    assert result.next_step.passes is False
    assert result.complies_until == D(2027, 12, 31)
    # Declared 15: 80 + 15 = 95, which 90 meets: it complies with every step.
    (result,) = check(
        apartments(90.0, limit_terms={"later": 15.0}), schedule, on=D(2026, 6, 1)
    ).checks
    assert result.complies_until is None
    assert result.next_step is not None
    assert result.next_step.passes is True


def test_missing_terms_and_a_missing_value_are_both_said() -> None:
    term = LimitAdjustment("mine", "Mine", "additive", declared=True)
    building = Building(
        id="empty",
        use="multi_family_housing",
        dates=BuildingDates(permit_application=D(2025, 2, 1)),
    )
    result = only(building, helsinki(term))
    assert result.status is CheckStatus.INCOMPLETE
    assert result.missing_terms == ("mine",)
    assert "does not declare: mine" in result.reason
    assert "nor can it be judged" in result.reason


# -- the model refuses what it cannot mean -----------------------------------------------------
@pytest.mark.parametrize(
    ("given", "words"),
    [
        ({"value": 0.1, "declared": True}, "either a fixed `value` or `declared = true`"),
        ({}, "states the term); got neither"),
        ({"declared": True, "when_tags": ["x"]}, "a declared term takes none"),
        ({"value": 0.1, "start": D(2025, 1, 1), "until": D(2024, 1, 1)}, "`until` must not"),
        ({"value": float("nan")}, "finite number"),
    ],
)
def test_bad_adjustments_are_refused(given: dict[str, Any], words: str) -> None:
    with pytest.raises((ScheduleError, InvalidInputError), match=re.escape(words)):
        LimitAdjustment("term", "Term", "additive", **given)


def test_bad_adjustment_id_and_kind_are_named() -> None:
    with pytest.raises(InvalidInputError, match="`id` of an adjustment must be a lower-case"):
        LimitAdjustment("Mi Geo", "Migéo", "additive", declared=True)
    with pytest.raises(InvalidInputError, match="kind"):
        LimitAdjustment("migeo", "Migéo", "plus", declared=True)


def test_schedule_checks_adjustment_tags_sources_and_ids() -> None:
    with pytest.raises(ScheduleError, match=r"adjustments\[0\]\.when_tags.*'unknown_tag'"):
        helsinki(uplift("x", "unknown_tag"))
    cites = LimitAdjustment("x", "X", "additive", value=1.0, sources=["nowhere"])
    with pytest.raises(ScheduleError, match=r"adjustments\[0\]\.sources.*'nowhere'"):
        helsinki(cites)
    with pytest.raises(ScheduleError, match="x more than once"):
        helsinki(uplift("x", "complex_geometry"), uplift("x", "parking_in_e_value"))
    uncited = LimitAdjustment("x", "X", "additive", value=1.0)
    assert helsinki(uncited).uncited_values() == ["limits[0].adjustments[0]"]


def test_building_limit_terms_must_be_numbers_by_id() -> None:
    with pytest.raises(InvalidInputError, match=r"`limit_terms.migeo` must be a finite number"):
        apartments(1.0, limit_terms={"migeo": "12"})
    with pytest.raises(InvalidInputError, match=r"`limit_terms` keys must be adjustment ids"):
        apartments(1.0, limit_terms={"Mi Geo": 12.0})
    with pytest.raises(InvalidInputError, match="finite number"):
        apartments(1.0, limit_terms={"migeo": float("inf")})


# -- files, stocks, text -----------------------------------------------------------------------
def test_schedule_with_adjustments_round_trips_through_toml_and_json(tmp_path: Path) -> None:
    late = LimitAdjustment(
        "late",
        "Late",
        "additive",
        declared=True,
        formula="kg CO2e/m²/a from the building's calculation",
        start=D(2025, 1, 1),
        until=D(2025, 12, 31),
        sources=["hel-2023-002599"],
    )
    schedule = helsinki(*UPLIFTS, late)
    text = dumps_schedule(schedule)
    assert "from = 2025-01-01" in text
    assert "declared = true" in text
    assert loads_schedule(text) == schedule
    assert loads_schedule(dumps_schedule(schedule, format="json"), format="json") == schedule
    path = tmp_path / "helsinki.toml"
    dump_schedule(schedule, path)
    assert load_schedule(path) == schedule


def test_a_bad_adjustment_in_a_file_names_its_path() -> None:
    text = dumps_schedule(helsinki(*UPLIFTS)).replace(
        'kind = "multiplicative"', 'kind = "times"', 1
    )
    with pytest.raises(DataFormatError, match=r"limits\[0\]\.adjustments\[0\]\.kind"):
        loads_schedule(text)


def test_building_terms_round_trip_and_a_bad_one_names_its_path() -> None:
    building = apartments(17.0, limit_terms={"migeo": 12.0, "micombles": 0.05})
    text = dumps_building(building)
    assert "[limit_terms]" in text
    assert loads_building(text) == building
    assert loads_building(dumps_building(building, format="json"), format="json") == building
    bad = text.replace("migeo = 12.0", 'migeo = "twelve"')
    with pytest.raises(DataFormatError, match=r"limit_terms\.migeo"):
        loads_building(bad)


def test_stock_terms_are_columns_nan_where_not_declared() -> None:
    declared = apartments(17.0, limit_terms={"migeo": 12.0})
    silent = Building(id="b", use="office")
    stock = Stock.from_buildings([declared, silent])
    assert stock.limit_terms["migeo"][0] == 12.0
    assert stock.limit_terms["migeo"][1] != stock.limit_terms["migeo"][1]  # NaN, not 0
    assert stock.building(0) == declared
    assert stock.building(1) == silent
    assert Stock.of_building(declared).building(0) == declared
    columns = stock.to_columns()
    assert columns["term.migeo"].tolist()[0] == 12.0
    assert Stock.from_columns(columns).equals(stock)
    assert stock.select([1, 0]).building(1) == declared


def test_stock_table_term_columns_are_checked() -> None:
    stock = Stock.from_columns({"id": ["a", "b"], "use": ["office"] * 2, "term.migeo": ["12", ""]})
    assert stock.building(0).limit_terms == {"migeo": 12.0}
    assert stock.building(1).limit_terms == {}
    with pytest.raises(DataFormatError, match=r"row 1, column `term.migeo` must be a number"):
        Stock.from_columns({"id": ["a"], "use": ["office"], "term.migeo": ["12,5"]})
    with pytest.raises(DataFormatError, match=r"column `term.Mi` must name an adjustment id"):
        Stock.from_columns({"id": ["a"], "use": ["office"], "term.Mi": ["1"]})
    with pytest.raises(DataFormatError, match="must be empty on a part row"):
        Stock.from_columns(
            {
                "id": ["a", "a"],
                "use": ["office", "office"],
                "part": ["", "p"],
                "term.migeo": ["", "3"],
            }
        )


def test_schedules_show_lists_the_adjustments() -> None:
    text = describe_schedule(helsinki(*UPLIFTS))
    assert "adjustments: limit in force = step value × (1 + multiplicative terms)" in text
    flat = " ".join(text.split())
    assert (
        "complex_geometry - +10 % when tagged complex_geometry (multiplicative, a fraction): "
        "+0.1 when tagged complex_geometry [hel-2023-002599]" in flat
    )


def test_a_mapping_file_maps_a_column_to_a_declared_term(tmp_path: Path) -> None:
    table = tmp_path / "register.csv"
    table.write_text("Building,Use,Geo\nA,office,12\nB,office,\n", encoding="utf-8")
    mapping = tmp_path / "register.toml"
    mapping.write_text(
        'format = "climatelimits.stock-mapping/1"\n'
        '[columns]\nid = "Building"\nuse = "Use"\n"term.migeo" = "Geo"\n',
        encoding="utf-8",
    )
    stock = read_stock(table, mapping)
    assert stock.building(0).limit_terms == {"migeo": 12.0}
    assert stock.building(1).limit_terms == {}
