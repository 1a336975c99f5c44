"""design.propose: draft schedules from a stock, worked out by hand, written and read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import climatelimits as cl
from climatelimits import catalogue, design
from climatelimits.exceptions import InvalidInputError, ScheduleError
from climatelimits.io import dump_schedule, load_schedule

HELSINGBORG = catalogue.get("helsingborg-oceanhamnen-illustrative")
D = dt.date


def _offices(per_m2: list[float], uses: list[str] | None = None) -> cl.Stock:
    """Buildings of 1000 m² BTA whose GWP-GHG A1-A5 per m² BTA is each value."""
    n = len(per_m2)
    return cl.Stock.from_columns(
        {
            "id": [f"b{i}" for i in range(n)],
            "use": uses or ["office"] * n,
            "area.se_bta": [1000.0] * n,
            "gwp_ghg.A1-A5": [v * 1000.0 for v in per_m2],
        },
        name="offices",
    )


def _steps(schedule: cl.LimitSchedule, key: str = "any") -> list[tuple[str, float | None]]:
    return [(s.start.isoformat(), s.value) for s in schedule.limits[0].categories[key].steps]


def test_p80_halved_by_2030_written_and_read_back(tmp_path: Path) -> None:
    # Values 200, 250, 300, 360, 400: p80 at 3.2 -> 360 + 0.2 x 40 = 368. Half: 184; the
    # 2028 step halfway on the line: 276.
    stock = _offices([200, 250, 300, 360, 400])
    draft = design.propose(
        stock,
        HELSINGBORG,
        start=(D(2026, 1, 1), "p80"),
        target=(D(2030, 1, 1), 0.5),
        rounding=1,
        schedule_id="oceanhamnen-draft",
        jurisdiction="SE-Helsingborg",
    )
    assert _steps(draft) == [("2026-01-01", 368.0), ("2028-01-01", 276.0), ("2030-01-01", 184.0)]
    assert draft.status is cl.ScheduleStatus.DRAFT
    assert (draft.id, draft.jurisdiction) == ("oceanhamnen-draft", "SE-Helsingborg")
    assert draft.title == "Draft limits derived from offices"
    assert draft.date_basis is HELSINGBORG.date_basis
    assert draft.limits[0].metric == HELSINGBORG.limits[0].metric
    notes = draft.notes
    for text in (
        f"climatelimits {cl.__version__}",
        "stock offices (5 buildings)",
        "p80 of 5 buildings with a value (0 left out) = 368 kg CO2e/m²",
        "Start 2026-01-01",
        "Target 2030-01-01: 0.5 x the start value",
        "linear path, a step every 2 years",
        "multiples of 1 kg CO2e/m²",
    ):
        assert text in notes, text
    for suffix in (".toml", ".json"):
        path = tmp_path / f"draft{suffix}"
        dump_schedule(draft, path)
        assert load_schedule(path) == draft
    # A draft is a schedule like any other: check_stock judges the stock against it.
    counts = cl.check_stock(stock, draft, on=D(2030, 1, 1)).summary().overall.counts
    # The 2030 limit of 184 is below all five values (200 to 400).
    assert (counts["pass"], counts["fail"]) == (0, 5)


def test_given_values_and_a_geometric_path() -> None:
    stock = _offices([100.0])
    linear = design.propose(
        stock, HELSINGBORG, start=("2026-01-01", 300), target=("2030-01-01", 150), rounding=1
    )
    assert _steps(linear) == [("2026-01-01", 300.0), ("2028-01-01", 225.0), ("2030-01-01", 150.0)]
    # Geometric: 300 x (150 / 300) ** 0.5 = 212.13 -> 212.
    geometric = design.propose(
        stock,
        HELSINGBORG,
        start=("2026-01-01", 300.0),
        target=("2030-01-01", 0.5),
        shape="geometric",
        rounding=1,
    )
    assert _steps(geometric) == [
        ("2026-01-01", 300.0),
        ("2028-01-01", 212.0),
        ("2030-01-01", 150.0),
    ]
    assert "given 300 kg CO2e/m²" in linear.notes
    # A fraction is of the first step as rounded: 312.4 -> 312 (rounding 2: 312), half 156.
    rounded = design.propose(
        stock,
        HELSINGBORG,
        start=("2026-07-01", 312.4),
        target=("2029-07-01", 0.5),
        every_years=1,
        rounding=2,
    )
    assert _steps(rounded) == [
        ("2026-07-01", 312.0),
        ("2027-07-01", 260.0),
        ("2028-07-01", 208.0),
        ("2029-07-01", 156.0),
    ]


def test_one_category_per_use() -> None:
    # Offices 100, 200, 300 and flats 150, 260 of 1000 m² BTA.
    stock = _offices(
        [100, 200, 300, 150, 260],
        ["office", "office", "office", "multi_family_housing", "multi_family_housing"],
    )
    draft = design.propose(
        stock,
        HELSINGBORG.limits[0].metric,
        start=(D(2026, 1, 1), "p50"),
        target=(D(2028, 1, 1), 0.75),
        categories="use",
    )
    categories = draft.limits[0].categories
    assert list(categories) == ["multi_family_housing", "office"]
    # Flats 150, 260: p50 = 205, x 0.75 = 153.75; offices p50 200, x 0.75 = 150.
    assert _steps(draft, "multi_family_housing") == [("2026-01-01", 205.0), ("2028-01-01", 153.75)]
    assert _steps(draft, "office") == [("2026-01-01", 200.0), ("2028-01-01", 150.0)]
    assert categories["office"].uses == (cl.UseCategory.OFFICE,)
    assert draft.date_basis is cl.DateBasis.PERMIT_APPLICATION


def _homes() -> cl.LimitSchedule:
    metric = cl.LimitMetric("gwp_ghg", "A1-A5", "se_bta", False, "kg CO2e/m^2")
    steps = [cl.LimitStep(D(2025, 1, 1), 500.0)]
    return cl.LimitSchedule(
        "homes", "Homes", "SE", "illustrative", "construction_start",
        [
            cl.Limit(
                "building",
                metric,
                {
                    "office": cl.LimitCategory(steps, title="Offices"),
                    "small_home": cl.LimitCategory(
                        steps, uses=["detached_house"],
                        size=cl.AreaCondition("se_bta", below="150 m^2"), tags=["timber"],
                    ),
                    "large_home": cl.LimitCategory(
                        steps, uses=["detached_house"],
                        size=cl.AreaCondition("se_bta", at_least="150 m^2"),
                    ),
                },
            )
        ],
        tags={"timber": "a timber frame"},
    )  # fmt: skip


def test_the_categories_of_a_limit_each_from_its_own_buildings(tmp_path: Path) -> None:
    stock = cl.Stock.from_columns(
        {
            "id": ["o1", "o2", "h1", "h2"],
            "use": ["office", "office", "detached_house", "detached_house"],
            "tags": ["", "", "timber", "timber"],
            "area.se_bta": [1000.0, 1000.0, 120.0, 100.0],
            "gwp_ghg.A1-A5": [300e3, 400e3, 120 * 250.0, 100 * 350.0],
        },
        name="homes",
    )
    draft = design.propose(
        stock,
        HELSINGBORG.limits[0].metric,
        start=(D(2026, 1, 1), "p50"),
        target=(D(2030, 1, 1), 0.6),
        categories=_homes(),
        rounding=5,
    )
    categories = draft.limits[0].categories
    # Offices 300, 400 -> 350, x 0.6 = 210; small homes 250, 350 -> 300, x 0.6 = 180. No
    # large home has a value: that category is left out and named.
    assert list(categories) == ["office", "small_home"]
    assert _steps(draft, "office") == [("2026-01-01", 350.0), ("2028-01-01", 280.0),
                                       ("2030-01-01", 210.0)]  # fmt: skip
    assert _steps(draft, "small_home") == [("2026-01-01", 300.0), ("2028-01-01", 240.0),
                                           ("2030-01-01", 180.0)]  # fmt: skip
    small = categories["small_home"]
    assert small.tags == ("timber",)
    assert small.size == cl.AreaCondition("se_bta", below="150 m^2")
    assert categories["office"].title == "Offices"
    assert dict(draft.tags) == {"timber": "a timber frame"}
    assert draft.date_basis is cl.DateBasis.CONSTRUCTION_START
    assert "No category (no building with a value): large_home." in draft.notes
    path = tmp_path / "homes.toml"
    dump_schedule(draft, path)
    assert load_schedule(path) == draft


def test_a_scenario_says_so_in_the_notes() -> None:
    stock = cl.Stock.from_columns(
        {
            "id": ["a", "b"],
            "use": ["office"] * 2,
            "area.se_bta": [1000.0] * 2,
            "gwp_ghg.A1-A5": [200e3, 400e3],
            "permit_application": ["2026-01-01"] * 2,
        },
        name="offices",
    )
    scenario = design.project(stock, -0.5, "2027-01-01")  # 365 days: x 0.5 ** 0.99932
    draft = design.propose(
        scenario, HELSINGBORG, start=("2027-01-01", "p100"), target=("2029-01-01", 0.5)
    )
    assert "a scenario (-50.0 %/yr to 2027-01-01), not measured values" in draft.notes
    first = draft.limits[0].categories["any"].steps[0].value
    assert first == pytest.approx(400.0 * 0.5 ** (365 / 365.25))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target": ("2030-06-01", 0.5)}, r"`target\[0\]` must fall on the start date's day"),
        (
            {"target": ("2029-01-01", 0.5)},
            r"`target\[0\]` must be a whole multiple of `every_years` \(2\) years after",
        ),
        ({"target": ("2030-01-01", 400.0)}, r"`target\[1\]` must not be above the start of"),
        ({"target": ("2030-01-01", -0.5)}, r"`target\[1\]` must be a fraction of the start"),
        ({"target": ("2030-01-01", "half")}, r"`target\[1\]` must be a number"),
        ({"target": "2030-01-01"}, r"`target` must be a pair \(date, value\)"),
        ({"start": ("2026-01-01", "80")}, r"`start\[1\]` must be a percentile written 'p80'"),
        ({"start": ("2026-01-01", -3.0)}, r"`start\[1\]` must be above 0 kg CO2e/m²; got -3"),
        (
            {"start": ("2026-01-01", 2.0), "rounding": 5},
            r"`start\[1\]` must be above 0 kg CO2e/m² once rounded to a multiple of 5;.*2, rounds",
        ),
        ({"start": ("2026-13-01", "p80")}, r"`start\[0\]` must be a date \(YYYY-MM-DD\)"),
        ({"start": ("2026-01-01", "p120")}, r"`q` must be a percent from 0 to 100"),
        ({"categories": "country"}, r"`categories` must be None .*got 'country'"),
        ({"rounding": 0.0}, r"`rounding` must be a rounding step above 0 kg CO2e/m²"),
        ({"shape": "stepwise"}, r"`shape` must be 'linear' or 'geometric'"),
        ({"date_basis": "sale"}, r"`date_basis` must be one of permit_application"),
        ({"schedule_id": ""}, r"`id` must be"),
    ],
)
def test_bad_arguments_name_the_field(change: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {
        "start": (D(2026, 1, 1), "p80"),
        "target": (D(2030, 1, 1), 0.5),
        **change,
    }
    with pytest.raises((InvalidInputError, ScheduleError), match=message):
        design.propose(_offices([200, 300]), HELSINGBORG, **arguments)


def test_no_value_anywhere_is_an_error_naming_the_reasons() -> None:
    stock = cl.Stock.from_columns({"id": ["a"], "use": ["office"], "gwp_ghg.A1-A5": [1.0]})
    with pytest.raises(InvalidInputError, match=r"`stock` must leave at least one.*no_area 1"):
        design.propose(stock, HELSINGBORG, start=("2026-01-01", "p80"), target=("2030-01-01", 0.5))


def test_a_per_year_metric_without_its_period_needs_categories_that_state_one() -> None:
    metric = cl.LimitMetric("gwp_total", "A1-A3", "dk_reference", True, "kg CO2e/m^2/a")
    with pytest.raises(InvalidInputError, match=r"`metric` must state a reference_study_period"):
        design.propose(
            _offices([1.0]), metric, start=("2026-01-01", 10.0), target=("2030-01-01", 0.5)
        )
