"""climatelimits.plot and climatelimits._plot_output: the data drawn, not the pixels.

Every plot is rendered to PNG and SVG with matplotlib's Agg renderer (figures are made
without pyplot, so no backend is chosen); the assertions read the lines, bars and legend
back from the Axes and compare them with numbers typed from the published tables and from
the example building file.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from defusedxml import ElementTree
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from climatelimits import Stock, catalogue, check_stock, design, plot
from climatelimits._plot_output import svg_text, write_figure
from climatelimits.evaluation import check
from climatelimits.exceptions import (
    InvalidInputError,
    MissingOptionalDependencyError,
    OutputError,
    UnknownReferenceError,
)
from climatelimits.io import load_building, loads_building
from climatelimits.lifecycle import LifeCycleModule
from climatelimits.results import IndicatorResults
from climatelimits.schedules import LimitSchedule
from climatelimits.testing.stocks import stocks
from climatelimits.testing.strategies import buildings_for_schedule, limit_schedules

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "oceanhamnen-k3.toml"


def _rendered(ax: Axes, tmp_path: Path) -> Axes:
    """Write the Axes' figure as PNG and SVG and check both files are what they say."""
    png, svg = tmp_path / "plot.png", tmp_path / "plot.svg"
    write_figure(ax.figure, png)  # type: ignore[arg-type]
    write_figure(ax.figure, svg)  # type: ignore[arg-type]
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    root = ElementTree.fromstring(svg.read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return ax


def _legend(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [text.get_text().replace("\n", " ") for text in legend.get_texts()]


def _lines(ax: Axes) -> dict[str, Any]:
    return {str(line.get_label()): line for line in ax.get_lines()}


def _day(value: float) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=round(value))


# -- schedule --------------------------------------------------------------------------------
# BR18 §298 as revised in 2025 (Social- og Boligstyrelsen, May 2024; the catalogue's
# sm-2024 source): limits in kg CO2e/m²/a for permit applications from 2025-07-01, 2027 and
# 2029. Houses and large holiday homes share their values, as do flats and offices, and
# institutions and other buildings.
BR18_2025 = {
    "holiday_home_small": (4.0, 3.6, 3.2),
    "houses, holiday_home_large": (6.7, 6.0, 5.4),
    "multi_family_housing, office": (7.5, 6.8, 6.1),
    "institutions, any": (8.0, 7.2, 6.4),
}
BR18_DAYS = ["2025-07-01", "2027-01-01", "2029-01-01"]


class TestSchedule:
    """Step lines per category, shaded windows, status."""

    def test_lines_are_the_br18_2025_steps(self, tmp_path: Path) -> None:
        ax = _rendered(plot.schedule(catalogue.get("dk-br18-2025")), tmp_path)
        lines = _lines(ax)
        assert set(lines) == set(BR18_2025)
        for label, values in BR18_2025.items():
            line = lines[label]
            assert line.get_drawstyle() == "steps-post"
            assert line.get_linestyle() == "-"  # in force: solid
            # The last value is drawn on to the end of the axis (1 January 2032).
            assert list(line.get_ydata()) == [*values, values[-1]]
            assert [str(d) for d in line.get_xdata()] == [*BR18_DAYS, "2032-01-01"]

    def test_unconfirmed_first_days_are_shaded(self) -> None:
        # The 2027 and 2029 steps apply from a day in that year not yet confirmed.
        ax = plot.schedule(catalogue.get("dk-br18-2025"))
        spans = [p for p in ax.patches if isinstance(p, Rectangle)]
        windows = sorted((_day(p.get_x()), _day(p.get_x() + p.get_width())) for p in spans)
        assert windows == [
            (dt.date(2027, 1, 1), dt.date(2027, 12, 31)),
            (dt.date(2029, 1, 1), dt.date(2029, 12, 31)),
        ]
        assert "first day not confirmed" in _legend(ax)

    def test_axis_says_unit_area_basis_and_status(self) -> None:
        ax = plot.schedule(catalogue.get("dk-br18-2025"), limit="construction_process")
        assert ax.get_ylabel() == (
            "gwp_total A4-A5 [kg CO2e/m²/a]\nper m² dk_reference_2025, per year"
        )
        assert ax.get_title().startswith("dk-br18-2025: in force")
        assert list(_lines(ax)["any"].get_ydata()) == [1.5, 1.5]  # BR18 §297: 1.5 from 2025

    def test_unconfirmed_value_is_a_gap_and_hatched(self, tmp_path: Path) -> None:
        # fi-2026 (TRIS 2024/0348): row houses 16.0 kg CO2e/m²/a from 2026; the 2028 value
        # is not confirmed.
        ax = _rendered(plot.schedule(catalogue.get("fi-2026")), tmp_path)
        row = next(line for label, line in _lines(ax).items() if "row_house" in label.split(", "))
        y = row.get_ydata()
        assert y[0] == 16.0
        assert np.isnan(y[1:]).all()  # never drawn as zero
        hatched = sorted(
            (_day(p.get_x()), str(p.get_label()).replace("\n", " "))
            for p in ax.patches
            if p.get_hatch() == "//"
        )
        # The 2028 row-house value, and every value of the other uses (a regulation on them
        # is still to come), are hatched, each span naming its categories.
        assert hatched == [
            (
                dt.date(2026, 1, 1),
                (
                    "value not confirmed from 2026-01-01: office, retail, "
                    "accommodation_and_care, education, sports_hall, hospital, large_warehouse"
                ),
            ),
            (
                dt.date(2028, 1, 1),
                "value not confirmed from 2028-01-01: row_house, low_rise_apartments",
            ),
        ]

    def test_a_proposal_looks_like_one(self) -> None:
        ax = plot.schedule(catalogue.get("se-boverket-2023-proposal"))
        assert {line.get_linestyle() for line in ax.get_lines() if line.get_label()} == {"--"}
        assert "PROPOSAL" in [t.get_text() for t in ax.texts]
        assert "PROPOSAL, not adopted" in ax.get_title()
        # Boverket 2023:20, multi-dwelling buildings: 375 kg CO2e/m² BTA.
        assert list(_lines(ax)["multi_family_housing"].get_ydata()) == [375.0, 375.0]

    def test_a_draft_looks_like_one(self) -> None:
        draft = attrs.evolve(catalogue.get("helsingborg-oceanhamnen-illustrative"), status="draft")
        ax = plot.schedule(draft)
        assert [t.get_text() for t in ax.texts] == ["DRAFT"]
        assert ax.get_title().startswith(
            "helsingborg-oceanhamnen-illustrative: DRAFT, not adopted"
        )
        assert {line.get_linestyle() for line in ax.get_lines() if line.get_label()} == {"--"}

    def test_a_schedule_in_force_has_no_watermark(self) -> None:
        assert list(plot.schedule(catalogue.get("dk-br18-2025")).texts) == []

    def test_until_ends_the_axis(self) -> None:
        ax = plot.schedule(catalogue.get("dk-br18-2025"), until=dt.date(2028, 1, 1))
        line = _lines(ax)["multi_family_housing, office"]
        assert list(line.get_ydata()) == [7.5, 6.8, 6.8]
        assert str(line.get_xdata()[-1]) == "2028-01-01"

    def test_draws_on_the_axes_given(self) -> None:
        figure = Figure()
        ax = figure.add_subplot()
        assert plot.schedule(catalogue.get("dk-br18-2025"), ax=ax) is ax

    @pytest.mark.parametrize(
        ("call", "error", "message"),
        [
            pytest.param(
                lambda: plot.schedule(catalogue.get("dk-br18-2025"), until=dt.date(2025, 1, 1)),
                InvalidInputError,
                "`until` must be after the schedule's first step (2025-07-01); got 2025-01-01",
                id="until-too-early",
            ),
            pytest.param(
                lambda: plot.schedule(catalogue.get("eu-epbd-2024")),
                InvalidInputError,
                "`schedule` eu-epbd-2024 is a disclosure schedule: it sets no limit values",
                id="disclosure",
            ),
            pytest.param(
                lambda: plot.schedule(catalogue.get("dk-br18-2025"), limit="operation"),
                UnknownReferenceError,
                "schedule dk-br18-2025 has no limit 'operation'; its limits: building, "
                "construction_process",
                id="unknown-limit",
            ),
            pytest.param(
                lambda: plot.schedule("dk-br18-2025"),  # type: ignore[arg-type]
                InvalidInputError,
                "`schedule` must be a LimitSchedule for climatelimits.plot.schedule; got str",
                id="not-a-schedule",
            ),
        ],
    )
    def test_bad_input(
        self, call: Callable[[], Any], error: type[Exception], message: str
    ) -> None:
        with pytest.raises(error, match=re.escape(message)):
            call()


@given(schedule=limit_schedules(max_categories=4))
def test_schedule_lines_are_the_steps_of_any_schedule(schedule: LimitSchedule) -> None:
    """Every category's steps are the points of the line labelled with its key."""
    limit = schedule.limits[0]
    end = dt.date(2100, 1, 1)
    ax = plot.schedule(schedule, until=end)
    lines = {key: line for line in ax.get_lines() for key in str(line.get_label()).split(", ")}
    assert set(lines) == set(limit.categories)
    for key, category in limit.categories.items():
        expected = [np.nan if s.value is None else s.value for s in category.steps]
        expected.append(expected[-1])
        np.testing.assert_array_equal(lines[key].get_ydata(), expected)
        days = [str(s.start) for s in category.steps] + [str(end)]
        assert [str(d) for d in lines[key].get_xdata()] == days
    ax.figure.clear()


# -- stock --------------------------------------------------------------------------------
def _example_with(building_id: str, a1_a5_kg: float | None) -> Any:
    """The example building (5200 m² BTA) with GWP-GHG A1-A5 = a1_a5_kg (None: no area)."""
    base = load_building(EXAMPLE)
    if a1_a5_kg is None:
        return attrs.evolve(base, id=building_id, areas={})
    results = IndicatorResults.from_mapping("gwp_ghg", {"A1-A5": a1_a5_kg}, unit="kg CO2e")
    return attrs.evolve(base, id=building_id, results={"gwp_ghg": results})


class TestStock:
    """Histogram of the values compared, limit lines, pass rate, rows without a value."""

    @pytest.fixture
    def assessment(self) -> Any:
        # Per m² BTA: 1,378,000 / 5200 = 265; 2,600,000 / 5200 = 500; 1,040,000 / 5200 = 200;
        # the fourth states no BTA, so it has no value. Boverket 2023:20 proposes 375 for
        # multi-dwelling buildings: 265 and 200 pass, 500 fails.
        buildings = [
            _example_with("a", 1_378_000),
            _example_with("b", 2_600_000),
            _example_with("c", 1_040_000),
            _example_with("d", None),
        ]
        stock = Stock.from_buildings(buildings, name="four")
        return check_stock(stock, catalogue.get("se-boverket-2023-proposal"))

    def test_limit_lines_and_counts(self, assessment: Any, tmp_path: Path) -> None:
        ax = _rendered(plot.stock(assessment), tmp_path)
        assert [line.get_xdata()[0] for line in ax.get_lines() if len(line.get_xdata())] == [375.0]
        heights = [p.get_height() for p in ax.patches]
        assert sum(heights) == 3  # three values drawn; the row without one is not
        edges = [p.get_x() for p in ax.patches]
        assert min(edges) == 200.0
        assert max(p.get_x() + p.get_width() for p in ax.patches) == 500.0
        legend = _legend(ax)
        assert "multi_family_housing (3)" in legend
        assert "limit 375 kg CO2e/m² (multi_family_housing)" in legend
        assert "pass rate 66.7 % (2 pass of 3 judged)" in legend
        assert "1 of 4 rows without a value (not drawn)" in legend

    def test_a_limit_per_category(self, tmp_path: Path) -> None:
        # An office of the same size: Boverket proposes 385 for offices.
        office = attrs.evolve(_example_with("o", 1_378_000), use="office")
        stock = Stock.from_buildings([_example_with("a", 1_378_000), office])
        ax = _rendered(
            plot.stock(check_stock(stock, catalogue.get("se-boverket-2023-proposal"))), tmp_path
        )
        xs = sorted(line.get_xdata()[0] for line in ax.get_lines() if len(line.get_xdata()))
        assert xs == [375.0, 385.0]
        assert {"multi_family_housing (1)", "office (1)"} <= set(_legend(ax))

    def test_no_value_at_all(self) -> None:
        stock = Stock.from_buildings([_example_with("d", None)])
        ax = plot.stock(check_stock(stock, catalogue.get("se-boverket-2023-proposal")))
        assert list(ax.patches) == []
        legend = _legend(ax)
        assert "pass rate: none (no pass or fail verdict)" in legend
        assert "1 of 1 rows without a value (not drawn)" in legend

    def test_not_an_assessment(self) -> None:
        message = "`assessment` must be a StockAssessment (from check_stock); got str"
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            plot.stock("x")  # type: ignore[arg-type]


# -- pass rates ---------------------------------------------------------------------------
def _offices() -> Stock:
    # Three offices of 1000 m² BTA applying for a permit on 2026-01-01, with A1-A5 of 200,
    # 260 and 400 t CO2e: 200, 260 and 400 kg CO2e/m² BTA.
    columns = {
        "id": ["a", "b", "c"],
        "use": ["office"] * 3,
        "area.se_bta": [1000] * 3,
        "gwp_ghg.A1-A5": [200e3, 260e3, 400e3],
        "permit_application": ["2026-01-01"] * 3,
    }
    return Stock.from_columns(columns, name="offices")


class TestPassRates:
    """Pass rate over the dates, one line per group; scenarios labelled."""

    def test_lines_are_the_pass_rates(self, tmp_path: Path) -> None:
        # The illustrative Helsingborg path: 308, 257, 205, 154 kg CO2e/m² BTA from 2024,
        # 2026, 2028, 2030. 200 and 260 meet 308; 200 meets 257 and 205; none meets 154.
        table = design.pass_rates(_offices(), "helsingborg-oceanhamnen-illustrative")
        ax = _rendered(plot.pass_rates(table), tmp_path)
        lines = _lines(ax)
        assert set(lines) == {"all rows", "building: any"}
        expected = [200 / 3, 100 / 3, 100 / 3, 0.0]
        for line in lines.values():
            np.testing.assert_allclose(line.get_ydata(), expected, rtol=1e-12)
            days = [str(d) for d in line.get_xdata()]
            assert days == ["2024-01-01", "2026-01-01", "2028-01-01", "2030-01-01"]
        assert ax.get_ylabel() == "pass rate [%]\npass / (pass + fail)"

    def test_no_verdict_is_a_gap_not_zero(self) -> None:
        # Boverket's proposal applies from 2025-07-01: nobody is judged on 2024-01-01.
        # 200 and 260 meet its 385 for offices, 400 does not.
        days = ["2024-01-01", "2026-01-01"]
        table = design.pass_rates(_offices(), "se-boverket-2023-proposal", on=days)
        y = _lines(plot.pass_rates(table))["all rows"].get_ydata()
        assert np.isnan(y[0])
        assert y[1] == pytest.approx(200 / 3)

    def test_several_tables_and_a_projection(self, tmp_path: Path) -> None:
        stock = _offices()
        measured = design.pass_rates(stock, "helsingborg-oceanhamnen-illustrative")
        projected = design.pass_rates(
            design.project(stock, -0.03, until="2030-01-01"),
            "helsingborg-oceanhamnen-illustrative",
        )
        ax = _rendered(plot.pass_rates([measured, projected]), tmp_path)
        labels = [str(line.get_label()).replace("\n", " ") for line in ax.get_lines()]
        # Several tables: one line each (the whole schedule), prefixed by the schedule.
        assert labels == [
            "helsingborg-oceanhamnen-illustrative, all rows",
            "helsingborg-oceanhamnen-illustrative, all rows (projected, -3.0 %/yr to 2030-01-01)",
        ]
        styles = [line.get_linestyle() for line in ax.get_lines()]
        assert styles == ["-", ":"]
        # Values moved four years at -3 %/yr: 260 x 0.97**4 = 230.2 meets 257 in 2026.
        np.testing.assert_allclose(
            ax.get_lines()[1].get_ydata(), [200 / 3, 200 / 3, 100 / 3, 0.0], rtol=1e-12
        )

    def test_a_comparison_marks_what_is_not_comparable(self, tmp_path: Path) -> None:
        schedules = [
            "helsingborg-oceanhamnen-illustrative",
            "se-boverket-2023-proposal",
            "dk-br18-2025",
        ]
        ax = _rendered(plot.pass_rates(design.compare(_offices(), schedules)), tmp_path)
        lines = {str(line.get_label()).replace("\n", " "): line for line in ax.get_lines()}
        # The steps of the three schedules: 2024, 2025-07-01, 2026, 2027, 2028, 2029, 2030.
        # Helsingborg: 308, 308, 257, 257, 205, 205, 154. Boverket (offices 385, from
        # 2025-07-01): 200 and 260 pass. BR18 2025 (per year, on another area): no value.
        np.testing.assert_allclose(
            lines["helsingborg-oceanhamnen-illustrative, all rows"].get_ydata(),
            [200 / 3, 200 / 3, 100 / 3, 100 / 3, 100 / 3, 100 / 3, 0.0],
            rtol=1e-12,
        )
        np.testing.assert_allclose(
            lines["se-boverket-2023-proposal, all rows"].get_ydata(),
            [np.nan] + [200 / 3] * 6,
            rtol=1e-12,
        )
        assert np.isnan(lines["dk-br18-2025, all rows"].get_ydata()).all()
        notes = [label for label in lines if label.startswith("not comparable")]
        assert notes == [
            f"not comparable: {other} and dk-br18-2025 measure different things "
            "(Comparison.reasons says how)"
            for other in schedules[:2]
        ]

    def test_not_a_table(self) -> None:
        message = (
            "`table` must be a PassRates (from design.pass_rates), a Comparison (from "
            "design.compare) or a sequence of PassRates; got list"
        )
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            plot.pass_rates([])


@given(stock=stocks(catalogue.get("dk-br18-2025"), max_size=10))
def test_pass_rate_lines_are_the_table(stock: Stock) -> None:
    """Each line is 100 x the table's pass rate of its group, NaN kept as NaN."""
    table = design.pass_rates(stock, "dk-br18-2025")
    ax = plot.pass_rates(table)
    lines = {str(line.get_label()).replace("\n", " "): line for line in ax.get_lines()}
    for g, category in enumerate(table.categories):
        label = "all rows" if g == 0 else f"{table.limit_ids[g]}: {category}"
        rates = 100.0 * table.pass_rate[:, g]
        if g > 0 and np.isnan(rates).all():
            assert label not in lines
            continue
        np.testing.assert_array_equal(lines[label].get_ydata(), rates)
    ax.figure.clear()


# -- breakdown ----------------------------------------------------------------------------
# examples/oceanhamnen-k3.toml: 5200 m² BTA; GWP-GHG A1-A3 1,248,000, A4 41,600, A5 88,400
# kg CO2e. Per m² BTA: 240, 8 and 17 (total 265).
EXAMPLE_PER_M2 = {"A1-A3": 240.0, "A4": 8.0, "A5": 17.0}


def _bars(ax: Axes) -> dict[str, list[tuple[float, float, float]]]:
    """Bar containers by label: (x centre, bottom, height) per bar."""
    return {
        str(c.get_label()): [(p.get_x() + p.get_width() / 2, p.get_y(), p.get_height()) for p in c]
        for c in ax.containers
    }


class TestBreakdown:
    """Modules stacked against the limit, D apart, out-of-scope results listed."""

    def test_modules_of_the_example_building(self, tmp_path: Path) -> None:
        building = load_building(EXAMPLE)
        schedule = catalogue.get("se-boverket-2023-proposal")
        ax = _rendered(plot.breakdown(building, schedule), tmp_path)
        assert _bars(ax) == {
            "A1-A3": [(0.0, 0.0, 240.0)],
            "A4": [(0.0, 240.0, 8.0)],
            "A5": [(0.0, 248.0, 17.0)],
        }
        limit = [line for line in ax.get_lines() if str(line.get_label()).startswith("limit")]
        assert list(limit[0].get_ydata()) == [375.0, 375.0]
        assert "limit 375 kg CO2e/m² (multi_family_housing from 2025-07-01)" in _legend(ax)
        assert ax.get_title().startswith("oceanhamnen-k3 on 2026-03-02: pass")

    def test_dollar_signs_in_texts_from_files_are_drawn_as_written(self, tmp_path: Path) -> None:
        # Between two "$" matplotlib reads a formula: "\\frac" alone made it raise.
        building = attrs.evolve(load_building(EXAMPLE), id="k3 $\\frac$")
        ax = _rendered(
            plot.breakdown(building, catalogue.get("se-boverket-2023-proposal")), tmp_path
        )
        assert ax.get_title().startswith("k3 $\\frac$ on 2026-03-02: pass")
        svg = (tmp_path / "plot.svg").read_text(encoding="utf-8")
        assert "k3 $\\frac$" in svg

    def test_the_texts_of_a_given_axes_keep_their_formulas(self) -> None:
        # A caller's own formula on the Axes it passes in stays a formula; only what the
        # plot draws is taken as written.
        ax = Figure().add_subplot()
        own = ax.text(0.5, 0.5, "$x^2$")
        ax.set_xlabel("$t$ [year]")
        plot.breakdown(load_building(EXAMPLE), catalogue.get("se-boverket-2023-proposal"), ax=ax)
        assert own.get_parse_math()
        assert ax.xaxis.label.get_parse_math()
        assert not ax.title.get_parse_math()
        assert all(not t.get_parse_math() for t in ax.get_legend().get_texts())

    def test_module_d_apart_and_modules_outside_the_scope(self, tmp_path: Path) -> None:
        text = EXAMPLE.read_text(encoding="utf-8").replace(
            "A5 = 88400\n\n[results.gwp_total]",
            'A5 = 88400\nC3 = 26000\nD = -52000\nB6 = "not declared"\n\n[results.gwp_total]',
        )
        building = loads_building(text, format="toml")
        ax = _rendered(
            plot.breakdown(building, catalogue.get("se-boverket-2023-proposal")), tmp_path
        )
        bars = _bars(ax)
        # D: -52,000 / 5200 = -10 per m², on a bar of its own at x = 1, from zero.
        assert bars["D"] == [(1.0, 0.0, -10.0)]
        # The stacked total stays 265: neither D nor C3 (26,000 / 5200 = 5) is in it.
        top = max(b + h for label, bs in bars.items() if label != "D" for _, b, h in bs)
        assert top == 265.0
        assert "not counted: B6 not declared; C3 5 (outside the scope)" in _legend(ax)
        assert [t.get_text() for t in ax.get_xticklabels()] == ["counted\nA1-A5", "D\n(apart)"]

    def test_a_limit_on_each_part_draws_the_part_its_verdict_is_on(self, tmp_path: Path) -> None:
        # Finland judges each part of a mixed building on its own (fi-2026, each_part). The
        # whole building (3000 m²) was drawn, 1 350 000 kg / 3000 m² / 50 a = 9 per m²/a,
        # under the title and the limit line of the first part's check ("flats: pass",
        # 16): bars and verdict of two different things.
        text = """
        format = "climatelimits.building/1"
        id = "x"
        use = "multi_family_housing"
        reference_study_period = "50 year"
        dates = { permit_application = 2026-06-01 }
        areas = { fi_heated_net = "3000 m^2" }
        [results.gwp_total]
        unit = "kg CO2e"
        "A1-A5" = 1000000
        B4 = 100000
        B6 = 200000
        "C1-C4" = 50000
        [[parts]]
        id = "flats"
        use = "multi_family_housing"
        areas = { fi_heated_net = "2000 m^2" }
        [parts.results.gwp_total]
        unit = "kg CO2e"
        "A1-A5" = 1000000
        B4 = 100000
        B6 = 200000
        "C1-C4" = 50000
        """
        building = loads_building(text, format="toml")
        ax = _rendered(plot.breakdown(building, catalogue.get("fi-2026")), tmp_path)
        # The part: 1 000 000 / 2000 / 50 = 10, then 1, 2 and 0.5; 13.5 in all, under 16.
        assert _bars(ax) == {
            "A1-A5": [(0.0, 0.0, 10.0)],
            "B4": [(0.0, 10.0, 1.0)],
            "B6": [(0.0, 11.0, 2.0)],
            "C1-C4": [(0.0, 13.0, 0.5)],
        }
        assert ax.get_title().startswith("x/flats on 2026-06-01: pass")

    def test_per_year_limit_divides_by_the_study_period(self, tmp_path: Path) -> None:
        # The example with the Danish 2025 reference area: 5200 m², 50 years. A4-A5 =
        # 130,000 kg / 5200 m² / 50 a = 0.5 kg CO2e/m²/a (A4 0.16, A5 0.34), limit 1.5.
        building = attrs.evolve(
            load_building(EXAMPLE),
            areas={"dk_reference_2025": "5200 m^2"},
            results={"gwp_total": load_building(EXAMPLE).results["gwp_total"]},
        )
        schedule = catalogue.get("dk-br18-2025")
        ax = _rendered(plot.breakdown(building, schedule, limit="construction_process"), tmp_path)
        bars = _bars(ax)
        assert bars["A4"] == [(0.0, 0.0, pytest.approx(0.16))]
        assert bars["A5"] == [(0.0, pytest.approx(0.16), pytest.approx(0.34))]
        assert "A1-A3" not in bars
        assert "not counted: A1-A3 4.8 (outside the scope)" in _legend(ax)
        assert "limit 1.5 kg CO2e/m²/a (any from 2025-07-01)" in _legend(ax)

    def test_no_area_is_said_not_drawn(self) -> None:
        building = load_building(EXAMPLE)
        ax = plot.breakdown(building, catalogue.get("dk-br18-2025"), limit="construction_process")
        assert list(ax.containers) == []
        assert (
            "no breakdown: the building states no Referenceareal (etageareal med tillæg), "
            "2025 (dk_reference_2025) area"
        ) in _legend(ax)


@given(data=st.data(), schedule=limit_schedules(max_categories=3))
def test_breakdown_adds_up_to_the_value_checked(data: st.DataObject, schedule: Any) -> None:
    """The stacked bars (and D where the limit counts it) add up to the value check()
    compares; the line is the limit it uses."""
    building = data.draw(buildings_for_schedule(schedule))
    ax = plot.breakdown(building, schedule)
    row = check(building, schedule).checks[0]
    counts_d = LifeCycleModule.D in schedule.limits[0].metric.modules
    heights = [
        p.get_height()
        for bars in ax.containers
        if bars.get_label() != "D" or counts_d
        for p in bars
    ]
    assert row.value is not None
    assert math.fsum(heights) == pytest.approx(row.value.magnitude, rel=1e-9, abs=1e-9)
    limits = [line for line in ax.get_lines() if str(line.get_label()).startswith("limit")]
    if row.limit is None:
        assert limits == []
    else:
        assert list(limits[0].get_ydata()) == [row.limit.magnitude] * 2
    ax.figure.clear()


@given(stock=stocks(catalogue.get("dk-br18-2025"), max_size=12))
def test_stock_draws_every_value_once_and_every_limit(stock: Stock) -> None:
    """Every row with a value is in one bar; every limit value in force has its line."""
    assessment = check_stock(stock, catalogue.get("dk-br18-2025"))
    ax = plot.stock(assessment)
    rows = assessment.limit_id == "building"
    values = assessment.compared_value[rows]
    assert sum(p.get_height() for p in ax.patches) == np.count_nonzero(~np.isnan(values))
    limits = assessment.limit[rows]
    drawn = sorted(line.get_xdata()[0] for line in ax.get_lines() if len(line.get_xdata()))
    assert drawn == sorted(set(limits[~np.isnan(limits)].tolist()))
    missing = int(np.count_nonzero(np.isnan(values)))
    assert f"{missing} of {len(values)} rows without a value (not drawn)" in _legend(ax)
    ax.figure.clear()


# -- missing matplotlib ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: plot.schedule(catalogue.get("dk-br18-2025")), id="schedule"),
        pytest.param(
            lambda: plot.breakdown(load_building(EXAMPLE), catalogue.get("dk-br18-2025")),
            id="breakdown",
        ),
        pytest.param(
            lambda: plot.stock(
                check_stock(Stock.from_buildings([load_building(EXAMPLE)]), "dk-br18-2025")
            ),
            id="stock",
        ),
        pytest.param(
            lambda: plot.pass_rates(design.pass_rates(_offices(), "dk-br18-2025")),
            id="pass_rates",
        ),
    ],
)
def test_without_matplotlib_the_error_names_the_extra(
    call: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingOptionalDependencyError, match=re.escape("climatelimits[plot]")):
        call()


def test_importing_the_module_and_the_cli_does_not_import_matplotlib() -> None:
    code = (
        "import sys, climatelimits, climatelimits.plot, climatelimits.cli, "
        "climatelimits._plot_output; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout == "[]\n"


# -- output ---------------------------------------------------------------------------------
class TestOutput:
    """write_figure and svg_text."""

    def test_svg_text_is_an_inline_element_and_the_same_every_time(self) -> None:
        figure = plot.schedule(catalogue.get("dk-br18-2025")).figure
        first = svg_text(figure)  # type: ignore[arg-type]
        assert first.startswith("<svg")
        assert first.endswith("</svg>")
        assert "<?xml" not in first
        assert "<!DOCTYPE" not in first
        assert "<dc:date>" not in first
        assert svg_text(figure) == first  # type: ignore[arg-type]
        again = plot.schedule(catalogue.get("dk-br18-2025")).figure
        assert svg_text(again) == first  # type: ignore[arg-type]
        # Text stays text: the labels can be found in a report.
        assert "multi_family_housing, office" in first
        ElementTree.parse(io.StringIO(first))

    def test_other_suffix_is_refused_naming_the_path(self, tmp_path: Path) -> None:
        target = tmp_path / "plot.pdf"
        figure = plot.schedule(catalogue.get("dk-br18-2025")).figure
        message = f"`plot` must end in one of .png, .svg (the plot format); got '{target}'"
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            write_figure(figure, target)  # type: ignore[arg-type]
        assert not target.exists()

    def test_suffix_in_capitals(self, tmp_path: Path) -> None:
        figure = plot.schedule(catalogue.get("dk-br18-2025")).figure
        write_figure(figure, tmp_path / "PLOT.SVG")  # type: ignore[arg-type]
        assert (tmp_path / "PLOT.SVG").read_bytes().startswith(b"<?xml")

    def test_no_folder_leaves_nothing(self, tmp_path: Path) -> None:
        figure = plot.schedule(catalogue.get("dk-br18-2025")).figure
        with pytest.raises(OutputError, match="cannot be written: no folder"):
            write_figure(figure, tmp_path / "missing" / "plot.png")  # type: ignore[arg-type]
        assert list(tmp_path.iterdir()) == []
