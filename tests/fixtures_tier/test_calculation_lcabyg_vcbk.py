"""T3: the BR18/LCAbyg replacement rule and its timing on a real LCAbyg project.

The VCBK case EF-02 Engdraget (LCAbyg results, GWP extract in the shared fixtures) gives, for
each of its 129 product instances, the amount, the lifespan, the number of replacements and
the whole-period A1-A3, C3, C4, D and B4 values, and for the building the B4 per year. Each
product instance becomes one bill line of a product whose impacts per unit are the
instance's values divided by its amount; calculate() must then reproduce LCAbyg's
replacements, every line's B4, the building totals and the years of the replacements.

LCAbyg models a stage a product does not have (e.g. no C3) as contributing nothing, so the
test declares those stages 0; a climatelimits product would otherwise leave them not
declared.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from climatelimits.calculation import calculate
from climatelimits.products import Product
from climatelimits.quantities import BillLine, BillOfQuantities
from climatelimits.results import IndicatorResults

pytestmark = pytest.mark.fixtures

EXTRACT = "lcax/lcabyg/vcbk_ef-02_engdraget_results_gwp_extract.json"
UNITS = {"M3": "m^3", "M2": "m^2", "KG": "kg", "M": "m"}
MODULES = {"A1to3": "A1-A3", "C3": "C3", "C4": "C4", "D": "D"}


@pytest.fixture(scope="module")
def nodes(fixtures_dir: Path) -> list[dict[str, Any]]:
    data = json.loads((fixtures_dir / EXTRACT).read_text(encoding="utf-8"))
    return data["nodes"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def case(nodes: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], Any]:
    instances = [n for n in nodes if n["node_type"] == "ProductInstance"]
    products = []
    lines = []
    for i, node in enumerate(instances):
        amount = node["calculated_indicator_amount"]
        per_unit = {key: node["gwp"].get(lcabyg, 0.0) / amount for lcabyg, key in MODULES.items()}
        impacts = {"gwp": IndicatorResults.from_mapping("gwp", per_unit, unit="kg CO2e")}
        unit = UNITS[node["calculated_indicator_amount_unit"]]
        products.append(Product(f"p{i}", node["name"], f"1 {unit}", impacts))
        lines.append(
            BillLine(
                node["id"],
                f"p{i}",
                f"{amount!r} {unit}",
                service_life=f"{node['product_lifespan']} year",
            )
        )
    bill = BillOfQuantities("EF-02", tuple(lines))
    return instances, calculate(bill, products, study_period="50 year", start_year=2020)


def test_replacements_are_ceil_of_period_over_lifespan_minus_one(
    case: tuple[list[dict[str, Any]], Any],
) -> None:
    instances, calc = case
    assert len(instances) == 129
    expected = [node["replacements"] for node in instances]
    assert calc.replacements.tolist() == expected
    # and the rule itself, from the lifespans LCAbyg used
    assert expected == [math.ceil(50 / n["product_lifespan"]) - 1 for n in instances]


def test_every_lines_b4_is_lcabygs(case: tuple[list[dict[str, Any]], Any]) -> None:
    instances, calc = case
    detail = calc.line_values["gwp"]
    column = [str(m) for m in detail.modules].index("B4")
    expected = np.array([n["gwp"].get("B4", 0.0) for n in instances])
    np.testing.assert_allclose(detail.values[:, column], expected, rtol=1e-9, atol=1e-9)
    assert detail.declared[:, column].all()


def test_building_totals(
    case: tuple[list[dict[str, Any]], Any], nodes: list[dict[str, Any]]
) -> None:
    _, calc = case
    building = next(n for n in nodes if n["node_type"] == "Building")["gwp"]
    results = calc.results["gwp"].to_mapping()
    # LCAbyg EF-02: A1-A3 94 215.1; B4 334 408.7; C3 2 264 657.5; C4 282 045.1; D -1 483 479.4.
    for lcabyg, module in (*MODULES.items(), ("B4", "B4")):
        assert results[module] == pytest.approx(building[lcabyg]["9999"], rel=1e-9), module
    assert building["B4"]["9999"] == pytest.approx(334408.7, abs=0.05)
    # D is reported but never in a total: A1-A3 + B4 + C3 + C4 only.
    total = calc.total("gwp").value.magnitude
    assert total == pytest.approx(94215.1 + 334408.7 + 2264657.5 + 282045.1, abs=0.5)


def test_replacements_happen_in_the_years_lcabyg_gives(
    case: tuple[list[dict[str, Any]], Any], nodes: list[dict[str, Any]]
) -> None:
    _, calc = case
    building = next(n for n in nodes if n["node_type"] == "Building")["gwp"]
    expected = {int(year): value for year, value in building["B4"].items() if year != "9999"}
    years, amounts = calc.replacements_by_year("gwp")
    assert [int(y) for y in years] == sorted(expected)
    np.testing.assert_allclose(amounts, [expected[int(y)] for y in years], rtol=1e-9)
