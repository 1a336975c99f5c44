"""LCAbyg importers on real LCAbyg files: test cases T1 and T3 and check case C (EF-02).

Expected numbers come from /work/shared/reference/external-cases.md (T1, T3, section 2.4),
whose figures were read from the fixture files by hand, not from this library.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import climatelimits as cl
from climatelimits.calculation import BR18_REPLACEMENTS, calculate
from climatelimits.io.lcabyg import (
    import_lcabyg,
    read_lcabyg,
    read_lcabyg_project,
    read_lcabyg_results,
)
from climatelimits.products import Product
from climatelimits.results import IndicatorResults

# external-cases.md, T1: 50 m2 x 0.5 kg/m2 / 7850 kg/m3 x 818 kg CO2e/m3.
T1_A1_A3 = 2.6051
# What LCAx's own tests assert for the same project (x 7850**2 too high), external-cases.md T1.
LCAX_PRODUCT = 3_210_650.0
LCAX_ASSEMBLY = 160_532_500.0

# external-cases.md section 2.4, EF-02 Engdraget, kg CO2e over 50 years.
EF02 = {
    "A1-A3": 94_215.1,
    "B4": 334_408.7,
    "B6": 1_180_583.5,
    "C3": 2_264_657.5,
    "C4": 282_045.1,
    "D": -1_483_479.4,
}
EF02_SUM = 4_155_910.0
EF02_GROSS_AREA = 13_010.0
EF02_HEATED_AREA = 12_878.4
EF02_PER_M2_YEAR = 6.39
RSP = 50


@pytest.fixture(scope="module")
def steel_project(fixtures_dir: Path) -> Path:
    return fixtures_dir / "lcax" / "lcabyg" / "lcabyg_test_project_steel.json"


@pytest.fixture(scope="module")
def ef02_results(fixtures_dir: Path) -> Path:
    return fixtures_dir / "lcax" / "lcabyg" / "vcbk_ef-02_engdraget_results_gwp_extract.json"


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _without_built_in_products(project: Path, folder: Path) -> Path:
    """The project without its Product and Stage nodes, as when it uses LCAbyg's own data."""
    items = [
        i for i in _load(project) if not ("Node" in i and ({"Product", "Stage"} & set(i["Node"])))
    ]
    return _write(folder / "project.json", items)


# -- T1 -----------------------------------------------------------------------------------------
def test_t1_project_reads_into_one_bill_line_and_one_product(steel_project: Path) -> None:
    bill, products, info = read_lcabyg_project(steel_project)
    (line,) = bill.lines
    (product,) = products
    assert line.product == product.id == "ee60d276-eb44-41a9-a36d-6ded36315c47"
    # 50 m2 of the construction x 0.5 kg per m2 (the file's two edge amounts).
    assert line.quantity.to("kg").magnitude == pytest.approx(25.0, rel=1e-12)
    assert line.service_life is not None
    assert line.service_life.to("year").magnitude == 80.0
    assert line.element == "Test element"
    assert product.declared_unit.to("m^3").magnitude == 1.0
    density = product.properties["mass_per_declared_unit"]
    assert density.to("kg/m^3").magnitude == 7850.0
    a1_a3 = product.impacts["gwp_total"].get("A1-A3")
    assert a1_a3.to("kg CO2e").magnitude == 818.0
    assert product.standard is cl.products.Standard.EN15804_A1
    assert info.use is cl.UseCategory.OFFICE
    assert info.initial_year == 2023
    assert info.areas["dk_reference"].magnitude == 100.0
    assert info.areas["dk_heated"].magnitude == 100.0


def test_t1_calculation_gives_2_6051_not_the_lcax_numbers(steel_project: Path) -> None:
    bill, products, _ = read_lcabyg_project(steel_project)
    calc = calculate(bill, products, study_period="50 year")
    total = calc.total("gwp_total", "A1-A3").value
    assert total is not None
    value = total.to("kg CO2e").magnitude
    assert round(value, 4) == T1_A1_A3
    for wrong in (LCAX_PRODUCT, LCAX_ASSEMBLY):
        assert not math.isclose(value, wrong, rel_tol=1e-3)
    # 80-year lifespan over 50 years: no replacement.
    assert calc.replacements.tolist() == [0]


def test_t1_building_from_the_project_alone(steel_project: Path) -> None:
    imported = import_lcabyg(steel_project)
    building = imported.building
    assert building.id == "2f95c41e-0cc4-4b6e-90ac-ffa796aecd6d"
    assert building.name == "Test eksempel"
    assert building.use is cl.UseCategory.OFFICE
    assert building.country == "DK"
    assert building.reference_study_period is not None
    assert building.reference_study_period.magnitude == RSP
    total = building.results["gwp_total"].total("A1-A3").value
    assert total is not None
    assert round(total.magnitude, 4) == T1_A1_A3
    # B6 cannot come from a project file: the BR18 scope stays incomplete, with a note.
    scope = building.results["gwp_total"].total("A1-A3,B4,B6,C3-C4")
    assert not scope.complete
    assert "B6" in str(scope.missing)
    assert "b6_not_computed" in {f.code for f in imported.findings}


def test_t1_project_as_a_folder_of_files_reads_the_same(
    steel_project: Path, tmp_path: Path
) -> None:
    items = _load(steel_project)
    folder = tmp_path / "User"
    folder.mkdir()
    _write(folder / "nodes.json", [i for i in items if "Node" in i])
    _write(tmp_path / "Others.json", [i for i in items if "Edge" in i])
    from_folder = read_lcabyg_project(tmp_path)
    from_file = read_lcabyg_project(steel_project)
    assert from_folder.bill == from_file.bill
    assert from_folder.products == from_file.products
    assert from_folder.info.source == str(tmp_path)
    assert from_folder.info.areas == from_file.info.areas


def test_products_not_in_the_file_come_from_the_library(
    steel_project: Path, tmp_path: Path
) -> None:
    path = _without_built_in_products(steel_project, tmp_path)
    with pytest.raises(cl.DataFormatError, match=r"ee60d276.*library"):
        read_lcabyg_project(path)
    # The same product, given as LCAbyg's built-in data would be.
    product = Product(
        "ee60d276-eb44-41a9-a36d-6ded36315c47",
        "Test produkt",
        "1 m^3",
        {"gwp_total": IndicatorResults.from_mapping("gwp_total", {"A1-A3": 818}, unit="kg CO2e")},
        properties={"mass_per_declared_unit": "7850 kg/m^3"},
    )
    building = read_lcabyg(path, library=[product])
    total = building.results["gwp_total"].total("A1-A3").value
    assert total is not None
    assert round(total.magnitude, 4) == T1_A1_A3


def _mutated(steel_project: Path, tmp_path: Path, node: str, edit: dict[str, Any]) -> Path:
    items = copy.deepcopy(_load(steel_project))
    for item in items:
        for kind, body in item.items():
            if kind == "Node" and node in body:
                body[node].update(edit)
            if kind == "Edge" and node in body[0]:
                body[0][node].update(edit)
    return _write(tmp_path / "mutated.json", items)


@pytest.mark.parametrize(
    ("node", "edit", "message"),
    [
        ("Stage", {"scale_factor": 2.0}, "scale_factor: must be 1"),
        ("Stage", {"stage_unit": "M2"}, "direction of that conversion"),
        ("Stage", {"indicators": {"AP": 1.0}}, "indicators.GWP: must be a number"),
        ("Stage", {"stage": "A1to9"}, "stage: .*must join two EN 15978 module codes"),
        ("ConstructionToProduct", {"delayed_start": 5}, "delayed_start: must be 0"),
        ("ConstructionToProduct", {"unit": "FURLONG"}, "unit: must be an LCAbyg unit"),
        ("ConstructionToProduct", {"amount": -0.5}, "amount: must be at least 0"),
        ("ConstructionToProduct", {"lifespan": 0}, "lifespan: must be above 0"),
        ("ElementToConstruction", {"amount": "50"}, "amount: must be a number"),
    ],
)
def test_what_the_file_does_not_pin_down_is_refused(
    steel_project: Path, tmp_path: Path, node: str, edit: dict[str, Any], message: str
) -> None:
    path = _mutated(steel_project, tmp_path, node, edit)
    with pytest.raises(cl.DataFormatError, match=message) as info:
        read_lcabyg_project(path)
    assert str(path) in str(info.value)


def test_demolition_and_disabled_parts_are_left_out(steel_project: Path, tmp_path: Path) -> None:
    path = _mutated(steel_project, tmp_path, "ConstructionToProduct", {"demolition": True})
    bill, products, info = read_lcabyg_project(path)
    assert bill.lines == ()
    assert products == ()
    assert "demolition_left_out" in {f.code for f in info.findings}
    path = _mutated(steel_project, tmp_path, "Element", {"enabled": False})
    assert read_lcabyg_project(path).bill.lines == ()


def test_an_integrated_garage_leaves_the_reference_area_unstated(
    steel_project: Path, tmp_path: Path
) -> None:
    path = _mutated(steel_project, tmp_path, "Building", {"integrated_garage": 20.0})
    info = read_lcabyg_project(path).info
    assert "dk_reference" not in info.areas
    assert info.areas["dk_heated"].magnitude == 100.0
    assert "reference_area_unknown" in {f.code for f in info.findings}


def test_a_production_building_needs_an_explicit_use(steel_project: Path, tmp_path: Path) -> None:
    path = _mutated(steel_project, tmp_path, "Building", {"building_type": "Production"})
    with pytest.raises(cl.DataFormatError, match=r"'Production'.*--use"):
        read_lcabyg(path)
    assert read_lcabyg(path, use="warehouse").use is cl.UseCategory.WAREHOUSE


# -- EF-02 results (check case C) and T3 --------------------------------------------------------
def test_ef02_results_are_the_whole_period_values_per_stage(ef02_results: Path) -> None:
    results = read_lcabyg_results(ef02_results)
    gwp = results.results["gwp_total"]
    for modules, expected in EF02.items():
        value = gwp.get(modules)
        assert not isinstance(value, cl.NotDeclared), modules
        assert value.to("kg CO2e").magnitude == pytest.approx(expected, abs=0.05), modules
    # A4 and A5 are not in the file: not declared, never zero.
    assert gwp.get("A4") is cl.NOT_DECLARED
    assert gwp.get("A5") is cl.NOT_DECLARED
    total = gwp.total("A1-A3,B4,B6,C3-C4").value
    assert total is not None
    assert total.magnitude == pytest.approx(EF02_SUM, abs=0.5)
    # The file's own Sum agrees with its stages, and B4 with its parts: no finding.
    assert results.findings == ()
    assert results.building.gwp["Sum"] == pytest.approx(EF02_SUM, abs=0.5)
    assert results.areas["dk_reference"].magnitude == EF02_GROSS_AREA
    assert results.areas["dk_heated"].magnitude == EF02_HEATED_AREA
    assert results.initial_year == 2020
    assert results.study_period is not None
    assert results.study_period.magnitude == RSP


def test_ef02_building_checks_at_6_39_per_m2_and_year(ef02_results: Path) -> None:
    building = read_lcabyg(None, ef02_results, use="office")
    assert building.use is cl.UseCategory.OFFICE
    assert building.reference_study_period is not None
    assert building.reference_study_period.magnitude == RSP
    total = building.results["gwp_total"].total("A1-A3,B4,B6,C3-C4").value
    area = building.area("dk_reference")
    assert total is not None
    assert area is not None
    per_m2_year = total.magnitude / area.magnitude / RSP
    assert round(per_m2_year, 2) == EF02_PER_M2_YEAR
    assert building.dates == cl.BuildingDates()


def test_t3_every_product_instance_follows_the_br18_replacement_rule(ef02_results: Path) -> None:
    results = read_lcabyg_results(ef02_results)
    products = results.of_type("ProductInstance")
    raw = [n for n in _load(ef02_results)["nodes"] if n["node_type"] == "ProductInstance"]
    assert len(products) == len(raw)
    lifespans = np.array([p.lifespan_years for p in products], dtype=float)
    rule = BR18_REPLACEMENTS.replacements(float(RSP), lifespans)
    for product, from_rule in zip(products, rule.tolist(), strict=True):
        assert product.lifespan_years is not None
        expected = max(math.ceil(RSP / product.lifespan_years) - 1, 0)
        assert product.replacements == expected == from_rule, product.name
        replaced = sum(product.gwp.get(k, 0.0) for k in ("A1to3", "C3", "C4"))
        b4 = product.gwp.get("B4", 0.0)
        assert b4 == pytest.approx(replaced * expected, rel=1e-6, abs=1e-9), product.name
    # The rule replaces something in this building (lifespans of 15 to 40 years).
    assert {p.replacements for p in products} >= {1, 2, 3}


def test_t3_replacements_happen_in_the_initial_year_plus_k_lifespans(ef02_results: Path) -> None:
    results = read_lcabyg_results(ef02_results)
    by_id = {i.id: i for i in results.instances}
    start = results.initial_year
    assert start == 2020
    checked = 0
    for stage in results.of_type("StageInstance"):
        assert stage.parent is not None
        product = by_id[stage.parent]
        assert product.lifespan_years is not None
        assert product.replacements is not None
        n = product.replacements
        for key, years in stage.gwp_by_year.items():
            if key.startswith("B4"):
                expected = [start + k * product.lifespan_years for k in range(1, n + 1)]
                assert list(years) == expected, stage.name
                checked += 1
            if key in ("C3", "C4"):
                assert list(years) == [start + RSP - 1], stage.name
    assert checked > 0


def test_t3_planed_timber_example(ef02_results: Path) -> None:
    # external-cases.md T3: planed construction timber, lifespan 30 -> 1 replacement in 2050;
    # A1-A3 -10,820.5 -> B4 (of its A1-A3) -10,820.5.
    results = read_lcabyg_results(ef02_results)
    by_id = {i.id: i for i in results.instances}
    (stage,) = [
        s
        for s in results.of_type("StageInstance")
        if s.name.startswith("Høvlede konstruktionstræsprodukter")
        and "A1to3" in s.gwp
        and s.parent is not None
        and by_id[s.parent].lifespan_years == 30
    ]
    assert stage.replacements == 1
    assert stage.gwp["A1to3"] == pytest.approx(-10_820.5, abs=0.05)
    assert stage.gwp_by_year["B4A1to3"] == {2050: pytest.approx(-10_820.5, abs=0.05)}


def _as_lcabyg_export(extract: Any) -> Any:
    """Rewrite the fixture's extract layout as LCAbyg's own results export layout."""
    model, results = [], {}
    for node in extract["nodes"]:
        body = {k: v for k, v in node.items() if k != "gwp"}
        model.append(body)
        stages = {}
        for stage, value in node["gwp"].items():
            years = value if isinstance(value, dict) else {"9999": value}
            stages[stage] = {year: {"GWP": v, "AP": 0.0} for year, v in years.items()}
        results[node["id"]] = stages
    return {"model": model, "results": results}


def test_the_lcabyg_export_layout_reads_the_same(ef02_results: Path, tmp_path: Path) -> None:
    path = _write(tmp_path / "results.json", _as_lcabyg_export(_load(ef02_results)))
    export = read_lcabyg_results(path)
    extract = read_lcabyg_results(ef02_results)
    assert export.results == extract.results
    assert export.instances == extract.instances
    assert export.areas == extract.areas


def test_project_and_results_of_different_buildings_are_refused(
    steel_project: Path, ef02_results: Path
) -> None:
    with pytest.raises(cl.DataFormatError, match="do not belong together"):
        read_lcabyg(steel_project, ef02_results)


def test_results_alone_state_no_use(ef02_results: Path) -> None:
    with pytest.raises(cl.DataFormatError, match=r"no building type.*--use"):
        read_lcabyg(None, ef02_results)
    with pytest.raises(cl.InvalidInputError, match="use"):
        read_lcabyg(None, ef02_results, use="castle")
    with pytest.raises(cl.InvalidInputError, match="at least one file"):
        read_lcabyg(None, None)


def test_results_file_cross_checks_report_inconsistent_files(
    ef02_results: Path, tmp_path: Path
) -> None:
    data = _load(ef02_results)
    building = next(n for n in data["nodes"] if n["node_type"] == "Building")
    building["gwp"]["B4"]["9999"] += 1000.0
    path = _write(tmp_path / "results.json", data)
    codes = {f.code for f in read_lcabyg_results(path).findings}
    assert {"b4_parts_disagree", "sum_disagrees", "years_disagree"} <= codes


def test_gwp_can_be_filed_under_the_a1_indicator(ef02_results: Path) -> None:
    building = read_lcabyg(None, ef02_results, use="office", gwp_indicator="gwp")
    assert set(building.results) == {"gwp"}
    with pytest.raises(cl.InvalidInputError, match="gwp_indicator"):
        read_lcabyg(None, ef02_results, use="office", gwp_indicator="gwp_fossil")


def test_a_mass_factor_contradicting_a_stage_per_kg_is_not_used(
    steel_project: Path, tmp_path: Path
) -> None:
    # The stage made per kg but still stating 7850 kg per unit: 7850 kg per kg is refused.
    path = _mutated(steel_project, tmp_path, "Stage", {"stage_unit": "KG", "indicator_unit": "KG"})
    bill, products, info = read_lcabyg_project(path)
    (product,) = products
    assert product.declared_unit.to("kg").magnitude == 1.0
    assert dict(product.properties) == {}
    assert "mass_factor_ignored" in {f.code for f in info.findings}
    total = calculate(bill, products).total("gwp_total", "A1-A3").value
    assert total is not None
    assert total.magnitude == pytest.approx(25.0 * 818.0, rel=1e-12)


def test_lcabyg_secret_blocks_are_skipped(steel_project: Path, tmp_path: Path) -> None:
    # LCAbyg adds encrypted licence blocks, {"Secret": [bytes]}, to exported projects.
    items = [*_load(steel_project), {"Secret": [104, 25, 202, 130]}]
    path = _write(tmp_path / "with-secret.json", items)
    assert read_lcabyg_project(path).bill == read_lcabyg_project(steel_project).bill


def test_with_results_the_project_needs_no_built_in_products(
    steel_project: Path, tmp_path: Path
) -> None:
    path = _without_built_in_products(steel_project, tmp_path)
    bill, products, info = read_lcabyg_project(path, require_products=False)
    assert len(bill.lines) == 1
    assert products == ()
    assert "products_not_defined" in {f.code for f in info.findings}


# The EF-02 project file (upstream ef-02_engdraget.json) is not in the fixtures: it carries
# encrypted licence blocks. Its Building node states what external-cases.md section 2.4
# gives: Office, gross area 13 010 m², heated 12 878.4 m², start 2020, 50 years. Writing
# those values into the steel test project's Building node gives a project that belongs
# with the EF-02 results, to test reading the two files together.
EF02_BUILDING = {
    "building_type": "Office",
    "gross_area": EF02_GROSS_AREA,
    "heated_floor_area": EF02_HEATED_AREA,
    "initial_year": 2020,
    "calculation_timespan": RSP,
}


def test_project_and_its_results_read_together(
    steel_project: Path, ef02_results: Path, tmp_path: Path
) -> None:
    project = _mutated(steel_project, tmp_path, "Building", EF02_BUILDING)
    imported = import_lcabyg(project, ef02_results)
    building = imported.building
    assert building.use is cl.UseCategory.OFFICE  # from the project: no use= needed
    assert building.id == "2f95c41e-0cc4-4b6e-90ac-ffa796aecd6d"
    assert building.results == read_lcabyg_results(ef02_results).results
    assert building.areas["dk_reference"].magnitude == EF02_GROSS_AREA
    # The results file gives B6: no note that the project cannot.
    assert "b6_not_computed" not in {f.code for f in imported.findings}
    later = _mutated(steel_project, tmp_path, "Building", {**EF02_BUILDING, "initial_year": 2025})
    with pytest.raises(cl.DataFormatError, match="starts in 2025 but the results in 2020"):
        read_lcabyg(later, ef02_results)
    longer = _mutated(
        steel_project, tmp_path, "Building", {**EF02_BUILDING, "calculation_timespan": 60}
    )
    with pytest.raises(cl.DataFormatError, match="60 years but the results span 50 years"):
        read_lcabyg(longer, ef02_results)


def test_with_results_a_library_construction_is_a_finding(
    steel_project: Path, ef02_results: Path, tmp_path: Path
) -> None:
    # Issue 10, item 16: an element using a construction of LCAbyg's built-in library (its
    # id only, no node in the file) no longer refuses the whole project.
    items = _load(_mutated(steel_project, tmp_path, "Building", EF02_BUILDING))
    edge = {"id": "to-library", "amount": 5.0, "enabled": True}
    element = "d57fbbc1-2f57-47bc-b7de-8f1b2ee4da87"  # "Test element" of the steel project
    items.append({"Edge": [{"ElementToConstruction": edge}, element, "library-construction"]})
    path = _write(tmp_path / "with-library.json", items)
    imported = import_lcabyg(path, ef02_results)
    assert imported.building.results == read_lcabyg_results(ef02_results).results
    finding = {f.code: f for f in imported.findings}["constructions_not_in_file"]
    assert "library-construction (used by Test element)" in finding.message
    assert "results_incomplete" not in {f.code for f in imported.findings}
