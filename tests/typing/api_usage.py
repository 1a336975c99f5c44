"""Typical use of the public API, checked by ``mypy --strict`` in CI (not run by pytest).

If a change to climatelimits (or to pint, attrs or cattrs) makes ordinary calling code fail
to type-check, CI fails here before users notice.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

import climatelimits as cl
from climatelimits.io import load_stock_mapping, read_stock_with_provenance, write_stock
from climatelimits.io.stock_files import StockReading
from climatelimits.testing import assert_quantity_allclose
from climatelimits.units import Quantity


def build() -> tuple[cl.Building, cl.LimitSchedule]:
    results = cl.IndicatorResults.from_mapping(
        "gwp_total",
        {"A1-A3": 1248000.0, "A4": 41600.0, "A5": 88400.0, "B2": cl.NOT_DECLARED},
        unit="kg CO2e",
    )
    building = cl.Building(
        id="k3",
        use=cl.UseCategory.MULTI_FAMILY_HOUSING,
        dates=cl.BuildingDates(permit_application=dt.date(2026, 3, 2)),
        areas={"se_bta": "5200 m^2"},
        reference_study_period="50 year",
        results={"gwp_total": results},
        tags=["extension"],
        parts=[
            cl.BuildingPart(
                "flats", cl.UseCategory.MULTI_FAMILY_HOUSING, {"se_bta": "5200 m^2"}, {}
            )
        ],
    )
    steps = cl.LimitCategory.from_target(
        baseline=308, baseline_year=2024, target=154, target_year=2030, every_years=2
    )
    small = cl.LimitCategory(
        [cl.LimitStep(dt.date(2025, 1, 1), 300.0), cl.LimitStep("2027-01-01", None)],
        title="Small offices",
        uses=[cl.UseCategory.OFFICE],
        size=cl.AreaCondition("se_bta", below="1000 m^2"),
        tags=["extension"],
        reference_study_period="50 year",
    )
    uncertain = cl.LimitStep("2029-01-01", 30.0, latest_from=dt.date(2029, 12, 31))
    building_limit = cl.Limit(
        id="building",
        metric=cl.LimitMetric("gwp_total", "A1-A5", "se_bta", False, "kg CO2e / m^2", decimals=0),
        categories={"any": steps, "small_office": small},
        title="A1-A5",
        mixed_use=cl.MixedUsePolicy.EACH_PART,
    )
    process_limit = cl.Limit(
        "process",
        cl.LimitMetric("gwp_total", "A4-A5", "se_bta", False, "kg CO2e / m^2"),
        {"any": cl.LimitCategory([cl.LimitStep("2025-01-01", 40.0), uncertain])},
    )
    schedule = cl.LimitSchedule(
        id="example",
        title="Example",
        jurisdiction="SE",
        status=cl.ScheduleStatus.ILLUSTRATIVE,
        date_basis=cl.DateBasis.PERMIT_APPLICATION,
        limits=[building_limit, process_limit],
        sources=[cl.Source("Example", "https://example.org/")],
        applies_when=[cl.AreaCondition("se_bta", at_least="100 m^2")],
        exemptions=[
            cl.Exemption("tiny", "Tiny buildings.", area=cl.AreaCondition("gfa", at_most="10 m^2"))
        ],
        tags={"extension": "An extension of an existing building."},
    )
    return building, schedule


def use() -> None:
    building, schedule = build()
    assessment: cl.Assessment = cl.check(building, schedule, on=dt.date(2027, 1, 1))
    verdict: bool | None = assessment.passed
    first: cl.LimitCheck = assessment.checks[0]
    status: cl.CheckStatus = first.status
    if first.value is not None and first.limit is not None:
        assert_quantity_allclose(first.value, first.value.to("t CO2e / m^2"))
    limit: cl.Limit = schedule.limit("building")
    choice: cl.CategoryChoice = limit.choose("office", building.areas, building.tags)
    key: str | None = choice.key
    in_force: Quantity | None = limit.limit_on("office", dt.date(2026, 1, 1))
    index, values = limit.limits_on("office", np.array(["2026-01-01"], "datetime64[D]"))
    band: cl.AreaCondition | None = limit.categories["small_office"].size
    inside: bool = bool(band.contains([500.0])[0]) if band is not None else False
    limit_id: str | None = first.limit_id
    part: str | None = first.part
    exempt: bool = status is cl.CheckStatus.EXEMPT
    print(key, in_force, inside, limit_id, part, exempt)
    scope: cl.ModuleSet = cl.ModuleSet.parse("A1-A3") | cl.ModuleSet.of("A4")
    total: cl.ScopeTotal = building.results["gwp_total"].total(scope)
    text: str = cl.dumps_schedule(schedule, format="json")
    again: cl.LimitSchedule = cl.loads_schedule(text, format="json")
    print(verdict, status, index, values, total.complete, again == schedule)


def read_stocks(table: str, mapping: str) -> None:
    stock: cl.Stock = cl.read_stock(table, mapping, name="register")
    reading: StockReading = read_stock_with_provenance(table, load_stock_mapping(mapping))
    notes: tuple[str, ...] = reading.provenance
    write_stock(reading.stock, "copy.parquet")
    print(len(stock), notes)


def draw(building: cl.Building, schedule: cl.LimitSchedule, stock: cl.Stock) -> None:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from climatelimits import plot

    figure = Figure()
    ax: Axes = plot.schedule(schedule, limit=schedule.limits[0].id, until=dt.date(2030, 1, 1))
    mine: Axes = plot.breakdown(
        building, schedule, on=dt.date(2026, 1, 1), ax=figure.add_subplot()
    )
    spread: Axes = plot.stock(cl.check_stock(stock, schedule), bins=20)
    rates: Axes = plot.pass_rates(cl.design.pass_rates(stock, schedule), categories=False)
    print(ax, mine, spread, rates)
