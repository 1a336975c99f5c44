"""design.project (scenarios) and design.compare, on stocks worked out by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

import climatelimits as cl
from climatelimits import catalogue, design
from climatelimits.exceptions import InvalidInputError
from climatelimits.lifecycle import ModuleSet
from climatelimits.results import IndicatorResults
from climatelimits.schedules import LimitMetric

HELSINGBORG = catalogue.get("helsingborg-oceanhamnen-illustrative")
A1_A5 = ("gwp_ghg", ModuleSet.parse("A1-A5"))


def _stock(**extra: Any) -> cl.Stock:
    columns: dict[str, Any] = {
        "id": ["a", "b", "c"],
        "use": ["office"] * 3,
        "area.se_bta": [1000.0] * 3,
        "gwp_ghg.A1-A5": [300e3, 200e3, 100e3],
        "permit_application": ["2026-01-01", "2028-01-01", ""],
    }
    columns.update(extra)
    return cl.Stock.from_columns(columns, name="offices")


@pytest.mark.parametrize(
    ("change", "label"),
    [(-0.03, "-3.0"), (-0.07, "-7.0"), (0.029, "+2.9"), (-0.0125, "-1.25"), (-0.001, "-0.1")],
)
def test_scenario_labels_show_the_change_as_given(change: float, label: str) -> None:
    # -0.07 * 100 is -7.000000000000001 in floats: it was labelled "-7" beside "-3.0".
    scenario = design.project(_stock(), change, dt.date(2030, 1, 1))
    assert scenario.scenario == f"{label} %/yr to 2030-01-01"


def test_project_scales_by_the_years_from_each_buildings_own_date() -> None:
    scenario = design.project(_stock(), -0.03, dt.date(2030, 1, 1))
    # 2026-01-01 -> 2030-01-01 is 1461 days, 4 years of 365.25 days: x 0.97 ** 4 = 0.88529281.
    # 2028-01-01 -> 2030-01-01 is 731 days: x 0.97 ** (731 / 365.25). c has no date.
    assert scenario.stock.ids.tolist() == ["a", "b"]
    assert scenario.n_left_out == 1
    np.testing.assert_allclose(scenario.years, [4.0, 731 / 365.25])
    np.testing.assert_allclose(
        scenario.stock.results[A1_A5].values,
        [300e3 * 0.88529281, 200e3 * 0.97 ** (731 / 365.25)],
        rtol=1e-12,
    )
    assert scenario.scenario == "-3.0 %/yr to 2030-01-01"
    assert scenario.stock.name == "offices [scenario: -3.0 %/yr to 2030-01-01]"
    assert (scenario.source_name, scenario.source_size) == ("offices", 3)
    assert scenario.basis is cl.DateBasis.PERMIT_APPLICATION
    assert (scenario.yearly_change, scenario.until) == (-0.03, dt.date(2030, 1, 1))
    # Measured values are untouched.
    assert _stock().results[A1_A5].values.tolist() == [300e3, 200e3, 100e3]


def test_a_building_dated_after_until_is_moved_back() -> None:
    scenario = design.project(_stock(), 0.1, "2027-01-01")
    # a: 365 days forward, x 1.1 ** (365 / 365.25); b: 365 days back, x 1.1 ** (-365 / 365.25).
    np.testing.assert_allclose(
        scenario.stock.results[A1_A5].values,
        [300e3 * 1.1 ** (365 / 365.25), 200e3 * 1.1 ** (-365 / 365.25)],
        rtol=1e-12,
    )
    assert scenario.scenario == "+10.0 %/yr to 2027-01-01"
    assert design.project(_stock(), -0.0325, "2027-01-01").scenario == "-3.25 %/yr to 2027-01-01"


def _ghg(kg: float) -> IndicatorResults:
    return IndicatorResults.from_mapping("gwp_ghg", {"A1-A5": kg}, unit="kg CO2e")


def test_parts_move_with_their_building() -> None:
    building = cl.Building(
        id="m",
        use="office",
        use_shares={"office": 0.5, "retail": 0.5},
        dates=cl.BuildingDates(completion=dt.date(2025, 1, 1)),
        areas={"se_bta": "1000 m^2"},
        results={"gwp_ghg": _ghg(100e3)},
        parts=[
            cl.BuildingPart(id="p", use="retail", areas={"se_bta": "500 m^2"},
                            results={"gwp_ghg": _ghg(40e3)}),
        ],
    )  # fmt: skip
    stock = cl.Stock.from_buildings([building])
    scenario = design.project(stock, -0.5, "2026-01-01", basis="completion")
    factor = 0.5 ** (365 / 365.25)
    assert scenario.stock.results[A1_A5].values[0] == pytest.approx(100e3 * factor)
    assert scenario.stock.parts.results[A1_A5].values[0] == pytest.approx(40e3 * factor)


def test_scenarios_carry_their_label_into_every_table() -> None:
    scenario = design.project(_stock(), -0.5, "2028-01-01")
    rates = design.pass_rates(scenario, HELSINGBORG, ["2028-01-01"])
    assert rates.scenario == "-50.0 %/yr to 2028-01-01"
    assert rates.stock_name == "offices [scenario: -50.0 %/yr to 2028-01-01]"
    # a: 300 x 0.5 ** (730 / 365.25) = 75.05 passes 205; b (dated 2028-01-01) 200 passes.
    assert rates.counts[0, 0, :2].tolist() == [2, 0]
    pd = pytest.importorskip("pandas")
    assert set(rates.to_frame()["scenario"]) == {"-50.0 %/yr to 2028-01-01"}
    assert rates.to_dict()["scenario"] == "-50.0 %/yr to 2028-01-01"
    percentiles = design.percentile(scenario, HELSINGBORG, 50)
    assert percentiles.scenario == rates.scenario
    assert percentiles.to_frame()["scenario"].tolist() == [rates.scenario]
    comparison = design.compare(scenario, [HELSINGBORG], ["2028-01-01"])
    frame = comparison.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert frame["scenario"].tolist() == [rates.scenario] * 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"yearly_change": -1.0}, r"`yearly_change` must be a finite fraction per year above -1"),
        ({"yearly_change": float("nan")}, r"`yearly_change` must be a finite fraction"),
        ({"yearly_change": True}, r"`yearly_change` must be a finite fraction.*got True"),
        ({"until": None}, r"`until` must be a date \(YYYY-MM-DD\) to move the values to"),
        ({"until": "2030"}, r"`until` must be a date \(YYYY-MM-DD\); got '2030'"),
        ({"basis": "sale"}, r"`basis` must be one of permit_application"),
        ({"yearly_change": 1e300}, r"`yearly_change` must keep every value a finite number"),
    ],
)
def test_project_refuses(arguments: dict[str, Any], message: str) -> None:
    given: dict[str, Any] = {"yearly_change": -0.03, "until": "2030-01-01", **arguments}
    with pytest.raises(InvalidInputError, match=message):
        design.project(_stock(), **given)


def test_project_needs_to_know_which_date() -> None:
    two = _stock(completion=["2027-01-01", "", ""])
    with pytest.raises(
        InvalidInputError, match=r"`basis` must name.*states: permit_application, completion"
    ):
        design.project(two, -0.03, "2030-01-01")
    none = cl.Stock.from_columns({"id": ["a"], "use": ["office"]})
    with pytest.raises(InvalidInputError, match=r"`basis` must name.*it states: none"):
        design.project(none, -0.03, "2030-01-01")
    scenario = design.project(two, -0.03, "2030-01-01", basis=HELSINGBORG)
    assert scenario.basis is cl.DateBasis.PERMIT_APPLICATION
    with pytest.raises(
        InvalidInputError, match=r"`stock` must be a Stock of measured values; got a scenario"
    ):
        design.project(scenario, -0.03, "2031-01-01")  # type: ignore[arg-type]


# -- compare ----------------------------------------------------------------------------
def test_compare_puts_every_schedule_on_the_same_dates() -> None:
    stock = _stock()
    ids = ["helsingborg-oceanhamnen-illustrative", "se-boverket-2023-proposal", "dk-br18-2023"]
    result = design.compare(stock, ids)
    dates = {
        s.start
        for i in ids
        for limit in catalogue.get(i).limits
        for c in limit.categories.values()
        for s in c.steps
    }
    expected = np.array(sorted(dates), dtype="datetime64[D]")
    assert result.schedule_ids == tuple(ids)
    for table in result.tables:
        np.testing.assert_array_equal(table.dates, expected)
    assert result.comparable.tolist() == [[True, True, False], [True, True, False],
                                          [False, False, True]]  # fmt: skip
    assert result.reasons[0][1] == result.reasons[1][0] == ""
    assert "indicator gwp_ghg vs gwp_total" in result.reasons[0][2]
    assert "total vs per year" in result.reasons[0][2]
    assert "per year vs total" in result.reasons[2][0]
    # Each pair once, in order: the two Swedish schedules measure alike, BR18 2023 not.
    pairs = result.pairs()
    assert [(a, b, same) for a, b, same, _ in pairs] == [
        (ids[0], ids[1], True),
        (ids[0], ids[2], False),
        (ids[1], ids[2], False),
    ]
    assert pairs[0][3] == ""
    assert pairs[1][3] == result.reasons[0][2]
    document = result.to_dict()
    assert document["schedules"] == ids
    assert document["comparable"][2] == [False, False, True]
    assert len(document["tables"]) == 3


def test_a_draft_compares_with_the_schedule_whose_metric_it_took() -> None:
    stock = _stock()
    draft = design.propose(
        stock, HELSINGBORG, start=("2026-01-01", "p50"), target=("2030-01-01", 0.5)
    )
    per_year = LimitMetric("gwp_ghg", "A1-A5", "se_bta", True, "kg CO2e/m^2/a",
                           reference_study_period="50 year")  # fmt: skip
    yearly = design.propose(stock, per_year, start=("2026-01-01", 5.0), target=("2030-01-01", 0.5))
    result = design.compare(stock, [draft, HELSINGBORG, yearly], on="2026-06-01")
    assert result.comparable.tolist() == [[True, True, False], [True, True, False],
                                          [False, False, True]]  # fmt: skip
    assert result.reasons[0][2] == (
        "limit building / building: total vs per year, study period none vs 50 years, "
        "unit kg CO2e/m² vs kg CO2e/m²/a"
    )
    two_limits = catalogue.get("dk-br18-2025")
    mixed = design.compare(stock, [HELSINGBORG, two_limits], on=["2026-06-01"])
    assert mixed.reasons[0][1].startswith(
        "helsingborg-oceanhamnen-illustrative has 1 limits, dk-br18-2025 2; limit building"
    )


def test_compare_refuses() -> None:
    with pytest.raises(InvalidInputError, match=r"`schedules` must be a sequence of at least one"):
        design.compare(_stock(), [])
    with pytest.raises(InvalidInputError, match=r"`schedules` must be a sequence"):
        design.compare(_stock(), "dk-br18-2023")  # type: ignore[arg-type]
