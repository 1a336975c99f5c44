"""Importers: cases found by reviewing them as a city tool that imports declarations would.

The documents are small and written in each test; expected numbers are hand arithmetic from
the values they hold.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from climatelimits.calculation import calculate
from climatelimits.exceptions import DataFormatError, UnitsError
from climatelimits.io.bills import loads_bill, loads_products
from climatelimits.io.lcabyg import read_lcabyg_results
from climatelimits.io.lcax import loads_lcax
from climatelimits.io.openepd import loads_openepd
from climatelimits.products import Product, conversion_factor_to_declared_unit
from climatelimits.quantities import BillLine, BillOfQuantities
from climatelimits.results import IndicatorResults
from climatelimits.units import registry

EPD: dict[str, Any] = {
    "type": "EPD",
    "id": "steel",
    "name": "Steel",
    "declaredUnit": "m3",
    "conversions": [{"value": 7850, "to": "kg"}],
    "impacts": {"gwp": {"a1a3": 818}},
}
USE: dict[str, Any] = {
    "id": "use",
    "name": "Steel",
    "quantity": 0.5,
    "unit": "kg",
    "impactData": [EPD],
}
WALL: dict[str, Any] = {"id": "wall", "name": "Wall", "quantity": 50, "unit": "m2"}


def lcax(*assemblies: dict[str, Any]) -> str:
    return json.dumps({"id": "t1", "name": "T1", "assemblies": list(assemblies)})


def test_lcax_product_used_twice_in_one_assembly_is_named_by_its_json_path() -> None:
    wall = {**WALL, "products": [USE, copy.deepcopy(USE)]}
    with pytest.raises(DataFormatError) as info:
        loads_lcax(lcax(wall), source="project.json")
    message = str(info.value)
    assert "project.json" in message
    assert "assemblies[0].products[1].id" in message
    assert "assemblies[0].products[0]" in message
    assert "lines[" not in message  # not a path of the bill the reader builds


def test_lcax_two_assemblies_of_one_id_using_one_product_are_named_by_json_path() -> None:
    wall = {**WALL, "products": [USE]}
    with pytest.raises(DataFormatError, match=r"assemblies\[1\]\.products\[0\]\.id"):
        loads_lcax(lcax(wall, copy.deepcopy(wall)))


def test_lcax_one_product_id_in_two_assemblies_is_two_lines() -> None:
    # T1 twice: 50 m² x 0.5 kg/m² = 25 kg per wall; the line ids take the assembly's id.
    first = {**WALL, "products": [USE]}
    second = {**WALL, "id": "wall-2", "products": [copy.deepcopy(USE)]}
    project = loads_lcax(lcax(first, second))
    assert [line.id for line in project.bill.lines] == ["wall/use", "wall-2/use"]
    assert [line.quantity.m for line in project.bill.lines] == [25.0, 25.0]


def test_openepd_declared_per_tonne_with_its_mass_is_read() -> None:
    # openEPD's kg_per_declared_unit is the mass of one declared unit: 1000 kg for 1 t.
    document = {
        "id": "REBAR",
        "product_name": "Rebar",
        "declared_unit": {"qty": 1, "unit": "t"},
        "kg_per_declared_unit": {"qty": 1000, "unit": "kg"},
        "impacts": {"EF 3.1": {"gwp": {"A1A2A3": {"mean": 1500, "unit": "kgCO2e"}}}},
    }
    product = loads_openepd(json.dumps(document))
    factor, findings = conversion_factor_to_declared_unit(product, "kg")
    assert factor == pytest.approx(0.001)
    assert findings == ()
    assert product.impacts["gwp_total"].to_mapping() == {"A1-A3": 1500.0}


def test_openepd_mass_that_contradicts_a_mass_declared_unit_names_the_ratio() -> None:
    document = {
        "id": "REBAR",
        "declared_unit": {"qty": 1, "unit": "t"},
        "kg_per_declared_unit": {"qty": 2000, "unit": "kg"},
        "impacts": {"EF 3.1": {"gwp": {"A1A2A3": {"mean": 1500, "unit": "kgCO2e"}}}},
    }
    with pytest.raises(DataFormatError, match=r"must be 1 kg/kg .*\(1 t\); got 2 kg/kg"):
        loads_openepd(json.dumps(document), source="rebar.json")


# -- bills: a line's conversion properties ---------------------------------------------------
def bill_with_property(name: str, value: str) -> str:
    return (
        'format = "climatelimits.bill/1"\nid = "b"\n[[lines]]\nid = "wall"\n'
        f'product = "p"\nquantity = "2 t"\nproperties = {{ {name} = "{value}" }}\n'
    )


@pytest.mark.parametrize(
    ("name", "value", "unit"),
    [
        ("density", "2400 kg", "kg/m³"),
        ("area_mass", "40 kg/m^3", "kg/m²"),
        ("thickness", "0.2 m^2", "m"),
        ("mass_per_piece", "25 kg", "kg/piece"),
        ("linear_mass", "3 kg/m^2", "kg/m"),
    ],
)
def test_bill_line_property_in_the_wrong_dimension_is_named_where_it_is(
    name: str, value: str, unit: str
) -> None:
    with pytest.raises(DataFormatError) as info:
        loads_bill(bill_with_property(name, value), source="bill.toml")
    message = str(info.value)
    assert f"bill.toml: `lines[0].properties.{name}` must be in a unit like '{unit}'" in message
    assert f"got {value.replace('^2', '²').replace('^3', '³')}" in message


def test_bill_line_property_in_its_dimension_is_kept_as_given() -> None:
    line = loads_bill(bill_with_property("density", "2.4 t/m^3")).lines[0]
    assert line.properties["density"] == registry().Quantity(2.4, "t/m^3")


def test_calculation_names_the_line_whose_mass_per_declared_unit_the_product_refuses() -> None:
    # A product declared per m³ takes a mass per m³; the line gives one per m².
    product = Product(
        "p",
        "P",
        "1 m^3",
        {"gwp_total": IndicatorResults.from_mapping("gwp_total", {"A1-A3": 1}, unit="kg CO2e")},
    )
    line = BillLine("wall", "p", "2 t", properties={"mass_per_declared_unit": "2400 kg/m^2"})
    with pytest.raises(UnitsError) as info:
        calculate(BillOfQuantities("b", (line,)), [product])
    assert info.value.field == "lines.wall.properties.mass_per_declared_unit"
    assert "of product 'p' must be a mass per 'm³'" in str(info.value)
    assert "got 2400 kg/m²" in str(info.value)


# -- products files: a module value that is a not-declared mark of another format -----------
@pytest.mark.parametrize("mark", ["ND", "MND", "MNA", "-", "n/a", "nan", ""])
def test_a_not_declared_mark_in_a_products_file_says_what_to_write(mark: str) -> None:
    text = (
        'format = "climatelimits.products/1"\n[[products]]\nid = "x"\nname = "X"\n'
        f'declared_unit = "1 kg"\nimpacts.gwp_total = {{ unit = "kg CO2e", "A1-A3" = 5, '
        f'C3 = "{mark}" }}\n'
    )
    with pytest.raises(DataFormatError) as info:
        loads_products(text, source="products.toml")
    assert str(info.value) == (
        "products.toml: `products[0].impacts.gwp_total.C3` must be a number, a number with "
        f"its unit (e.g. '12.5 kg CO2e') or 'not declared'; got '{mark}'"
    )


# -- LCAbyg results files without results ------------------------------------------------------
def lcabyg_results(tmp_path: Path, building_gwp: dict[str, Any] | None) -> Path:
    # The GWP extract layout of the shared fixtures: one Building node and one product.
    building: dict[str, Any] = {"id": "b1", "node_type": "Building", "gross_area": 100.0}
    if building_gwp is not None:
        building["gwp"] = building_gwp
    product = {"id": "p1", "node_type": "ProductInstance", "parent": "b1", "replacements": 1}
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"nodes": [building, product]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("gwp", [None, {}, {"Sum": {"9999": 0.0}}])
def test_lcabyg_results_without_building_results_say_so(tmp_path: Path, gwp: Any) -> None:
    results = read_lcabyg_results(lcabyg_results(tmp_path, gwp))
    assert results.results["gwp_total"].to_mapping() == {}
    (finding,) = [f for f in results.findings if f.code == "results_missing"]
    assert finding.message.startswith(
        "building b1: the file gives no results for its Building node (nodes[0])"
    )
    assert finding.message.endswith("every module is not declared.")
    assert results.results["gwp_total"].describe() == "gwp_total: no module declared"


def test_lcabyg_results_with_a_stage_give_no_results_missing(tmp_path: Path) -> None:
    results = read_lcabyg_results(lcabyg_results(tmp_path, {"A1to3": {"9999": 5.0}}))
    assert results.results["gwp_total"].to_mapping() == {"A1-A3": 5.0}
    assert "results_missing" not in [f.code for f in results.findings]


# -- openEPD: a time frame of null ---------------------------------------------------------------
def desk(scopes: dict[str, Any]) -> dict[str, Any]:
    gwp = {"A1A2A3": {"mean": 50.0, "unit": "kgCO2e"}, **scopes}
    return {
        "id": "EC3BFRKG",
        "declared_unit": {"qty": 1, "unit": "m2"},
        "impacts": {"TRACI 2.1": {"gwp": gwp}},
    }


def test_openepd_b_scope_with_a_null_time_frame_is_over_the_service_life() -> None:
    # openEPD: B1 is "use impacts over Reference Service Life"; B1_years (default null) is a
    # shorter time frame only when given. Documents written with every key carry the nulls.
    scopes = {"B1": {"mean": 1.23, "unit": "kgCO2e"}, "B1_years": None, "B2_years": None}
    product = loads_openepd(json.dumps(desk(scopes)))
    assert product.impacts["gwp_total"].to_mapping() == {"A1-A3": 50.0, "B1": 1.23}
    assert [f.code for f in product.findings] == []


def test_openepd_b_scope_with_a_time_frame_is_still_left_out() -> None:
    scopes = {"B1": {"mean": 1.23, "unit": "kgCO2e"}, "B1_years": 1.0}
    product = loads_openepd(json.dumps(desk(scopes)))
    assert product.impacts["gwp_total"].to_mapping() == {"A1-A3": 50.0}
    assert [f.code for f in product.findings] == ["scope_not_imported"]
