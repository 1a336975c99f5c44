"""LCAbyg projects that use constructions of LCAbyg's built-in library (issue 10, item 16).

A real export names its library constructions only by id: an edge from an element points
to a construction that is not in the file. The small project here is written for this
test: an office (200 m² gross, 180 m² heated, from 2024 over 50 years) with a wall of its
own construction (10 m² x 2.5 kg/m² of a product with 2.0 kg CO2e/kg in A1-A3, lifespan 80
years) and a roof whose construction is LCAbyg's own (``lib-roof``), not in the file.
By hand: A1-A3 of what the file holds = 10 x 2.5 x 2.0 = 50 kg CO2e; no replacement (80 >
50 years), so B4 = 0.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from climatelimits.cli import main
from climatelimits.exceptions import DataFormatError, InvalidInputError
from climatelimits.io import load_building
from climatelimits.io.lcabyg import import_lcabyg, read_lcabyg_project


def _names(text: str) -> dict[str, str]:
    return {"English": text, "Danish": text}


def _node(kind: str, **fields: Any) -> dict[str, Any]:
    return {"Node": {kind: fields}}


def _edge(kind: str, payload: Any, start: str, end: str) -> dict[str, Any]:
    return {"Edge": [{kind: payload}, start, end]}


PROJECT: list[dict[str, Any]] = [
    _node(
        "Building",
        id="office",
        building_type="Office",
        gross_area=200.0,
        heated_floor_area=180.0,
        initial_year=2024,
        calculation_timespan=50,
        calculation_mode="BR23",
    ),
    _node("Element", id="wall", name=_names("Wall"), enabled=True),
    _node("Element", id="roof", name=_names("Roof"), enabled=True),
    _node("Construction", id="own-wall", name=_names("Wall construction"), unit="M2"),
    _node("Product", id="board", name=_names("Board")),
    _node(
        "Stage",
        id="board-a1a3",
        name=_names("Board A1-A3"),
        stage="A1to3",
        stage_unit="KG",
        indicator_unit="KG",
        stage_factor=1.0,
        mass_factor=1.0,
        indicator_factor=1.0,
        scale_factor=1.0,
        valid_to="2030-01-01",
        indicators={"GWP": 2.0},
    ),
    _edge(
        "ElementToConstruction", {"id": "e1", "amount": 10.0, "enabled": True}, "wall", "own-wall"
    ),
    _edge(
        "ElementToConstruction", {"id": "e2", "amount": 150.0, "enabled": True}, "roof", "lib-roof"
    ),
    _edge(
        "ConstructionToProduct",
        {"id": "c1", "amount": 2.5, "unit": "KG", "lifespan": 80, "enabled": True},
        "own-wall",
        "board",
    ),
    _edge("ProductToStage", {"id": "s1", "enabled": True}, "board", "board-a1a3"),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "office.json"
    path.write_text(json.dumps(PROJECT), encoding="utf-8")
    return path


def test_reading_the_project_alone_still_refuses_an_unresolved_construction(
    project: Path,
) -> None:
    with pytest.raises(DataFormatError) as info:
        read_lcabyg_project(project)
    (problem,) = info.value.problems
    assert "points to 'lib-roof', which is not a Construction node of the file" in problem


def test_the_import_calculates_what_resolves_and_declares_nothing(project: Path) -> None:
    imported = import_lcabyg(project)
    codes = {f.code: f for f in imported.findings}
    assert "lib-roof (used by Roof)" in codes["constructions_not_in_file"].message
    assert codes["results_incomplete"].values == {"gwp_total A1-A3": 50.0, "gwp_total B4": 0.0}
    results = imported.building.results["gwp_total"]
    assert [(str(e.modules), e.value) for e in results.entries] == [
        ("A1-A3", None),
        ("B4", None),
    ]


def test_the_verdict_is_incomplete_not_a_pass(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    building = tmp_path / "office.toml"
    assert main(["import", "lcabyg", str(project), "-o", str(building)]) == 0
    err = capsys.readouterr().err
    assert "note: [constructions_not_in_file]" in err
    assert "note: [results_incomplete]" in err
    assert load_building(building).results["gwp_total"].total("A1-A3").value is None
    code = main(["check", str(building), "--schedule", "dk-br18-2025", "--on", "2025-07-01"])
    assert code == 3
    assert "incomplete" in capsys.readouterr().out


def test_a_library_product_also_leaves_the_results_undeclared(tmp_path: Path) -> None:
    items = [i for i in PROJECT if "roof" not in json.dumps(i)]
    c2p = {"id": "c2", "amount": 1.0, "unit": "KG", "lifespan": 50, "enabled": True}
    items.append(_edge("ConstructionToProduct", c2p, "own-wall", "lib-insulation"))
    path = tmp_path / "office.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    imported = import_lcabyg(path)
    codes = {f.code: f for f in imported.findings}
    assert "lib-insulation" in codes["products_not_defined"].message
    assert codes["results_incomplete"].values == {"gwp_total A1-A3": 50.0, "gwp_total B4": 0.0}
    assert imported.building.results["gwp_total"].total("A1-A3").value is None


def test_a_library_list_item_that_is_no_product_is_named_by_its_place(tmp_path: Path) -> None:
    path = tmp_path / "office.json"
    path.write_text(json.dumps(PROJECT), encoding="utf-8")
    with pytest.raises(InvalidInputError) as info:
        read_lcabyg_project(path, library=["#B1318"])  # type: ignore[list-item]
    assert str(info.value) == "`library[0]` must be a Product; got '#B1318'"
