"""LCAx reader and writer on LCAx's own steel test project (test case T1).

Expected numbers come from /work/shared/reference/external-cases.md (T1), never from this
library: 50 m2 x 0.5 kg/m2 / 7850 kg/m3 x 818 kg CO2e/m3 = 2.6051 kg CO2e; LCAx's tests
assert 3,210,650 (product) and 160,532,500 (assembly), 7850**2 times too high.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest

import climatelimits as cl
from climatelimits.calculation import calculate
from climatelimits.io.lcabyg import read_lcabyg, read_lcabyg_project
from climatelimits.io.lcax import LcaxProject, dumps_lcax, loads_lcax, read_lcax, write_lcax

T1_A1_A3 = 2.6051
LCAX_PRODUCT = 3_210_650.0
LCAX_ASSEMBLY = 160_532_500.0


@pytest.fixture(scope="module")
def steel_lcax(fixtures_dir: Path) -> Path:
    return fixtures_dir / "lcax" / "lcax_json" / "lcax_project_steel_conversion.json"


def _document(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _a1_a3(project: LcaxProject) -> float:
    calc = calculate(project.bill, project.products, study_period="50 year")
    total = calc.total("gwp_total", "A1-A3").value
    assert total is not None
    return float(total.to("kg CO2e").magnitude)


def test_t1_the_conversion_is_read_with_its_dimensions(steel_lcax: Path) -> None:
    project = read_lcax(steel_lcax)
    (line,) = project.bill.lines
    (product,) = project.products
    assert line.product == product.id == "d61fc8da-1a0d-4baa-a0fa-194c1f8a5218"
    # 50 m2 assembly x 0.5 kg of product per m2.
    assert line.quantity.to("kg").magnitude == pytest.approx(25.0, rel=1e-12)
    assert line.service_life is not None
    assert line.service_life.to("year").magnitude == 80.0
    assert line.element == "Test element"
    assert line.classification == "59ab59a5-2482-45ae-85f1-d0e39e640712"
    assert product.declared_unit.to("m^3").magnitude == 1.0
    # {"value": 7850, "to": "kg"} on an EPD per m3: 7850 kg per m3, with its dimension.
    assert product.properties["mass_per_declared_unit"].to("kg/m^3").magnitude == 7850.0
    assert project.reference_study_period is not None
    assert project.reference_study_period.magnitude == 50.0
    assert project.use is cl.UseCategory.OFFICE
    assert project.country == "DK"


def test_t1_gives_2_6051_and_not_the_lcax_numbers(steel_lcax: Path) -> None:
    value = _a1_a3(read_lcax(steel_lcax))
    assert round(value, 4) == T1_A1_A3
    assert not math.isclose(value, LCAX_PRODUCT, rel_tol=1e-3)
    assert not math.isclose(value, LCAX_ASSEMBLY, rel_tol=1e-3)


def test_the_lcabyg_and_lcax_forms_of_t1_agree(steel_lcax: Path, fixtures_dir: Path) -> None:
    bill, products, _ = read_lcabyg_project(
        fixtures_dir / "lcax" / "lcabyg" / "lcabyg_test_project_steel.json"
    )
    lcabyg = calculate(bill, products).total("gwp_total", "A1-A3").value
    assert lcabyg is not None
    assert lcabyg.magnitude == pytest.approx(_a1_a3(read_lcax(steel_lcax)), rel=1e-12)


def _with_epd(steel_lcax: Path, **changes: Any) -> str:
    data = copy.deepcopy(_document(steel_lcax))
    data["assemblies"][0]["products"][0]["impactData"][0].update(changes)
    return json.dumps(data)


def test_a_density_written_for_an_epd_per_kg_is_refused(steel_lcax: Path) -> None:
    # LCAx's ILCD importer writes a density as {"to": "kg"} even for an EPD per kg: 7850 kg
    # per kg proves no direction. It is left out with a finding...
    project = loads_lcax(_with_epd(steel_lcax, declaredUnit="kg"))
    (product,) = project.products
    assert "mass_per_declared_unit" not in product.properties
    assert "density" not in product.properties
    assert "conversion_refused" in {f.code for f in project.findings}
    # ...so the kg of the bill are plain kg: 25 kg x 818 per kg, no factor 7850 anywhere.
    assert _a1_a3(project) == pytest.approx(25.0 * 818.0, rel=1e-12)


def test_a_use_no_conversion_proves_is_refused_by_the_calculation(steel_lcax: Path) -> None:
    data = copy.deepcopy(_document(steel_lcax))
    data["assemblies"][0]["products"][0]["unit"] = "m2"
    project = loads_lcax(json.dumps(data))
    with pytest.raises(cl.UnitsError, match="cannot convert 'm²'"):
        calculate(project.bill, project.products)


@pytest.mark.parametrize(
    ("conversions", "expected"),
    [
        ([{"value": 7850.0, "to": "unknown"}], None),
        ([{"value": 7850.0, "to": "kwh"}], None),
        ([{"value": 0.0, "to": "kg"}], None),
        ([{"value": 1.0, "to": "m3"}], None),
        ([{"value": 7.85, "to": "tones"}], ("mass_per_declared_unit", 7850.0)),
        ([{"value": 0.25, "to": "m2"}], ("thickness", 4.0)),
    ],
)
def test_conversions_become_dimensioned_properties_or_nothing(
    steel_lcax: Path, conversions: list[Any], expected: tuple[str, float] | None
) -> None:
    (product,) = loads_lcax(_with_epd(steel_lcax, conversions=conversions)).products
    if expected is None:
        assert dict(product.properties) == {}
    else:
        name, value = expected
        assert set(product.properties) == {name}
        assert product.properties[name].to_base_units().magnitude == pytest.approx(value)


def test_round_trip_keeps_the_numbers(steel_lcax: Path, tmp_path: Path) -> None:
    project = read_lcax(steel_lcax)
    path = tmp_path / "project.json"
    write_lcax(project, path)
    again = read_lcax(path)
    assert again.bill == project.bill
    assert again.products == project.products
    assert again.reference_study_period == project.reference_study_period
    assert again.use == project.use
    assert again.country == project.country
    assert _a1_a3(again) == _a1_a3(project)
    # Our own output has no refused conversion and no unknown area definition.
    assert again.findings == ()


def test_written_keys_are_those_of_the_lcax_fixture(steel_lcax: Path) -> None:
    fixture = _document(steel_lcax)
    written = json.loads(dumps_lcax(read_lcax(steel_lcax)))
    assert set(written) == set(fixture)
    assert written["formatVersion"].startswith("2.6.")
    assembly, fixture_assembly = written["assemblies"][0], fixture["assemblies"][0]
    assert set(assembly) == set(fixture_assembly)
    product, fixture_product = assembly["products"][0], fixture_assembly["products"][0]
    assert set(product) == set(fixture_product)
    assert set(product["impactData"][0]) == set(fixture_product["impactData"][0])
    assert set(written["projectInfo"]) == set(fixture["projectInfo"])
    assert product["impactData"][0]["conversions"] == [
        {"value": 7850.0, "to": "kg", "metaData": None}
    ]


def test_a_building_with_results_round_trips(fixtures_dir: Path) -> None:
    results = fixtures_dir / "lcax" / "lcabyg" / "vcbk_ef-02_engdraget_results_gwp_extract.json"
    building = read_lcabyg(None, results, use="office")
    project = LcaxProject.from_building(building)
    again = loads_lcax(dumps_lcax(project)).building()
    assert again.results == building.results
    assert again.areas == building.areas
    assert again.use is cl.UseCategory.OFFICE
    assert again.reference_study_period == building.reference_study_period


def test_areas_of_unknown_definition_are_not_stated(steel_lcax: Path) -> None:
    project = read_lcax(steel_lcax)
    assert dict(project.areas) == {}
    codes = [f.code for f in project.findings]
    assert codes.count("area_definition_unknown") == 2
    building = project.building()
    assert building.areas == {}
    total = building.results["gwp_total"].total("A1-A3").value
    assert total is not None
    assert round(total.magnitude, 4) == T1_A1_A3


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("assemblies",), None, "assemblies: must be a list"),
        (("assemblies", 0, "quantity"), "50", r"assemblies\[0\]\.quantity: must be a number"),
        (("assemblies", 0, "products", 0, "unit"), "furlong", "must be an LCAx unit"),
        (("assemblies", 0, "products", 0, "impactData"), [], "exactly one impact data"),
        (
            ("assemblies", 0, "products", 0, "impactData", 0, "type"),
            "reference",
            "cannot be resolved",
        ),
        (
            ("assemblies", 0, "products", 0, "impactData", 0, "impacts", "gwp", "a1a3"),
            "818",
            r"impacts\.gwp\.a1a3: must be a number",
        ),
        (("id",), "", "id: must be a non-empty text"),
    ],
)
def test_bad_documents_name_the_json_path(
    steel_lcax: Path, path: tuple[Any, ...], value: Any, message: str
) -> None:
    data = copy.deepcopy(_document(steel_lcax))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(cl.DataFormatError, match=message):
        loads_lcax(json.dumps(data), source="steel.json")


def test_what_lcax_cannot_hold_is_refused_unless_skipped(steel_lcax: Path) -> None:
    project = read_lcax(steel_lcax)
    (product,) = project.products
    extra = cl.IndicatorResults.from_mapping("gwp_ghg", {"A1-A3": 800}, unit="kg CO2e")
    odd = cl.products.Product(
        product.id,
        product.name,
        product.declared_unit,
        {**product.impacts, "gwp_ghg": extra},
        properties=product.properties,
    )
    bad = LcaxProject(project.id, project.name, project.bill, (odd,))
    with pytest.raises(cl.InvalidInputError, match="gwp_ghg"):
        dumps_lcax(bad)
    skipped = loads_lcax(dumps_lcax(bad, skip_unmapped=True))
    assert set(skipped.products[0].impacts) == {"gwp_total"}
