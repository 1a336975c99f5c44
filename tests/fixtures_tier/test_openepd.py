"""openEPD reader: test case T6 on the real example document, and the format's rules.

T6 (external-cases.md): ``openepd/openepd_example_ratio_desk_EC3BFRKG.json``, a transcribed
subset of ``EXAMPLE_EPD_WORK_SURFACES`` of the PyPI package openepd 8.0.0 (Apache-2.0).
Declared unit 1 m²; GWP A1A2A3 50.0 kg CO2e under both "CML 2012" and "TRACI 2.1"; ODP
1.08e-6 kg CFC11e (CML 2012); no ``kg_per_declared_unit``, so any per-kg request must fail.

The other tests edit a copy of that document in memory to exercise one rule each.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from climatelimits.exceptions import (
    DataFormatError,
    InvalidInputError,
    UnitsError,
    UnknownReferenceError,
)
from climatelimits.io.openepd import loads_openepd, openepd_from_dict, read_openepd
from climatelimits.products import (
    DataType,
    Standard,
    conversion_factor_to_declared_unit,
)
from climatelimits.results import NOT_DECLARED
from climatelimits.units import parse_unit

T6_FILE = Path("openepd") / "openepd_example_ratio_desk_EC3BFRKG.json"

# The example as transcribed (values of EXAMPLE_EPD_WORK_SURFACES, openepd 8.0.0).
T6: dict[str, Any] = {
    "id": "EC3BFRKG",
    "doctype": "openEPD",
    "date_of_issue": "2021-02-24T00:00:00Z",
    "valid_until": "2026-02-24T00:00:00Z",
    "declared_unit": {"qty": 1.0, "unit": "m2"},
    "product_name": "Ratio Desk with Screen",
    "product_service_life_years": 10.0,
    "impacts": {
        "CML 2012": {
            "gwp": {
                "A1A2A3": {"mean": 50.0, "unit": "kgCO2e", "rsd": 0.2083266665599966},
                "C_scenarios": [],
            },
            "odp": {"A1A2A3": {"mean": 0.00000108, "unit": "kgCFC11e"}, "C_scenarios": []},
        },
        "TRACI 2.1": {"gwp": {"A1A2A3": {"mean": 50.0, "unit": "kgCO2e"}}},
    },
}


def t6(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(T6)
    document.update(changes)
    return document


# -- T6 on the real file ------------------------------------------------------------------------
@pytest.mark.fixtures
@pytest.mark.parametrize("method", ["CML 2012", "TRACI 2.1", "traci 2.1"])
def test_t6_gwp_under_both_methods(fixtures_dir: Path, method: str) -> None:
    product = read_openepd(fixtures_dir / T6_FILE, method=method)
    assert product.id == "EC3BFRKG"
    assert product.name == "Ratio Desk with Screen"
    assert product.declared_unit.magnitude == 1.0
    assert product.declared_unit.units == parse_unit("m^2")
    assert product.impacts["gwp_total"].to_mapping() == {"A1-A3": 50.0}
    assert product.source == str(fixtures_dir / T6_FILE)


@pytest.mark.fixtures
def test_t6_odp_and_metadata(fixtures_dir: Path) -> None:
    product = read_openepd(fixtures_dir / T6_FILE, method="CML 2012")
    odp = product.impacts["odp"]
    assert odp.to_mapping() == {"A1-A3": 1.08e-6}
    assert odp.unit == parse_unit("kg CFC11e")
    assert product.valid_from is not None
    assert product.valid_from.isoformat() == "2021-02-24"
    assert product.valid_until is not None
    assert product.valid_until.isoformat() == "2026-02-24"
    assert product.reference_service_life is not None
    assert product.reference_service_life.to("year").magnitude == 10.0
    assert product.data_type is DataType.SPECIFIC
    assert product.standard is None  # the document names no EN 15804 edition
    assert product.findings == ()
    assert "odp" not in read_openepd(fixtures_dir / T6_FILE, method="TRACI 2.1").impacts


@pytest.mark.fixtures
def test_t6_per_kg_request_fails_clearly(fixtures_dir: Path) -> None:
    product = read_openepd(fixtures_dir / T6_FILE, method="TRACI 2.1")
    assert "mass_per_declared_unit" not in product.properties
    with pytest.raises(UnitsError) as info:
        conversion_factor_to_declared_unit(product, "kg")
    message = str(info.value)
    assert "'kg'" in message
    assert "EC3BFRKG" in message
    assert "1 m²" in message
    assert "properties: none" in message


@pytest.mark.fixtures
def test_t6_method_must_be_chosen(fixtures_dir: Path) -> None:
    path = fixtures_dir / T6_FILE
    with pytest.raises(InvalidInputError) as info:
        read_openepd(path)
    assert str(info.value) == (
        f"`method` is required: {path} gives impacts under 2 LCIA methods "
        "('CML 2012', 'TRACI 2.1'); choose one, e.g. method='CML 2012'"
    )


@pytest.mark.fixtures
def test_t6_unknown_method_lists_the_available_ones(fixtures_dir: Path) -> None:
    path = fixtures_dir / T6_FILE
    with pytest.raises(UnknownReferenceError) as info:
        read_openepd(path, method="EF 3.1")
    assert str(info.value) == (
        f"`method` must be one of the LCIA methods of {path}: 'CML 2012', 'TRACI 2.1'; "
        "got 'EF 3.1'"
    )


@pytest.mark.fixtures
def test_t6_file_matches_the_transcription_above(fixtures_dir: Path) -> None:
    data = json.loads((fixtures_dir / T6_FILE).read_text(encoding="utf-8"))
    for key in ("id", "declared_unit", "product_name", "product_service_life_years"):
        assert data[key] == T6[key]
    assert data["impacts"]["CML 2012"]["odp"]["A1A2A3"]["mean"] == 1.08e-6
    assert "kg_per_declared_unit" not in data


# -- rules of the format (documents edited in memory) ------------------------------------
def test_mass_per_declared_unit_enables_per_kg() -> None:
    product = openepd_from_dict(
        t6(kg_per_declared_unit={"qty": 25.0, "unit": "kg"}), method="TRACI 2.1"
    )
    factor, findings = conversion_factor_to_declared_unit(product, "kg")
    assert findings == ()
    assert factor == pytest.approx(1 / 25.0)  # 25 kg is one declared unit (1 m²)
    assert 100.0 * factor * 50.0 == pytest.approx(200.0)  # 100 kg of desk: 200 kg CO2e A1-A3


def test_kg_per_declared_unit_must_be_a_mass() -> None:
    with pytest.raises(DataFormatError) as info:
        openepd_from_dict(t6(kg_per_declared_unit={"qty": 25.0, "unit": "m3"}), method="CML 2012")
    assert info.value.problems == (
        "kg_per_declared_unit: must be a mass such as 12.5 kg; got 25 m³",
    )


def test_single_method_needs_no_choice() -> None:
    document = t6()
    del document["impacts"]["CML 2012"]
    assert openepd_from_dict(document).impacts["gwp_total"].to_mapping() == {"A1-A3": 50.0}


def test_split_product_stage_and_not_declared_scopes() -> None:
    gwp = {
        "A1": {"mean": 30.0, "unit": "kgCO2e"},
        "A2": {"mean": 5.0, "unit": "kgCO2e"},
        "A3": {"mean": 15.0, "unit": "kgCO2e"},
        "A4": {"mean": 2.0, "unit": "t CO2e"},
        "B2": None,
        "C4": {"mean": 0.0, "unit": "kgCO2e"},
    }
    product = openepd_from_dict(t6(impacts={"EF 3.1": {"gwp": gwp}}))
    assert product.impacts["gwp_total"].to_mapping() == {
        "A1-A3": 50.0,
        "A4": 2000.0,
        "B2": NOT_DECLARED,
        "C4": 0.0,
    }
    assert [f.code for f in product.findings] == ["split_a1_a3"]


def test_en15804_a1_gwp_and_the_a2_split() -> None:
    a1 = openepd_from_dict(t6(compliance=[{"short_name": "EN 15804+A1"}]), method="CML 2012")
    assert a1.standard is Standard.EN15804_A1
    assert set(a1.impacts) == {"gwp", "odp"}
    impacts = {
        "EF 3.1": {
            "gwp": {"A1A2A3": {"mean": 50.0, "unit": "kgCO2e"}},
            "gwp-fossil": {"A1A2A3": {"mean": 48.0, "unit": "kgCO2e"}},
            "gwp-biogenic": {"A1A2A3": {"mean": 1.5, "unit": "kgCO2e"}},
            "gwp-luluc": {"A1A2A3": {"mean": 0.5, "unit": "kgCO2e"}},
            "ap": {"A1A2A3": {"mean": 0.2, "unit": "molH+e"}},
        }
    }
    a2 = openepd_from_dict(t6(compliance=[{"short_name": "EN 15804+A2"}], impacts=impacts))
    assert a2.standard is Standard.EN15804_A2
    assert {k: v.to_mapping()["A1-A3"] for k, v in a2.impacts.items()} == {
        "gwp_total": 50.0,
        "gwp_fossil": 48.0,
        "gwp_biogenic": 1.5,
        "gwp_luluc": 0.5,
    }
    (finding,) = a2.findings
    assert finding.code == "indicator_not_imported"
    assert "ap" in finding.message


def test_end_of_life_scenarios_become_non_default_scenarios() -> None:
    gwp = {
        "A1A2A3": {"mean": 50.0, "unit": "kgCO2e"},
        "C3": {"mean": 3.0, "unit": "kgCO2e"},
        "C_scenarios": [
            {"name": "Landfill", "likelihood": 0.5, "C4": {"mean": 4.0, "unit": "kgCO2e"}},
            {
                "name": "Recycling",
                "C3": {"mean": 6.0, "unit": "kgCO2e"},
                "D": {"mean": -9.0, "unit": "kgCO2e"},
            },
        ],
    }
    product = openepd_from_dict(t6(impacts={"TRACI 2.1": {"gwp": gwp}}))
    landfill, recycling = product.scenarios
    assert (landfill.id, str(landfill.modules), landfill.default) == ("Landfill", "C4", False)
    assert landfill.impacts["gwp_total"].to_mapping() == {"C4": 4.0}
    assert recycling.impacts["gwp_total"].to_mapping() == {"C3": 6.0, "D": -9.0}
    chosen = product.with_scenario("Recycling").impacts["gwp_total"].to_mapping()
    assert chosen == {"A1-A3": 50.0, "C3": 6.0, "D": -9.0}


def test_use_stage_over_a_time_frame_is_not_imported() -> None:
    gwp = {
        "A1A2A3": {"mean": 50.0, "unit": "kgCO2e"},
        "B1": {"mean": 1.2, "unit": "kgCO2e"},
        "B1_years": 1.0,
    }
    product = openepd_from_dict(t6(impacts={"TRACI 2.1": {"gwp": gwp}}))
    assert product.impacts["gwp_total"].to_mapping() == {"A1-A3": 50.0}
    (finding,) = product.findings
    assert finding.code == "scope_not_imported"
    assert "B1_years = 1.0" in finding.message


def test_every_problem_with_its_json_path() -> None:
    document = t6(
        id="",
        declared_unit={"qty": "one", "unit": "m2"},
        product_service_life_years=-3,
        date_of_issue="yesterday",
    )
    with pytest.raises(DataFormatError) as info:
        openepd_from_dict(document, source="desk.json", method="CML 2012")
    assert info.value.source == "desk.json"
    assert info.value.problems == (
        "id: must be a non-empty text; got the text ''",
        "declared_unit.qty: must be a finite number; got the text 'one'",
        "product_service_life_years: must be a number of years greater than 0; got the number -3",
        (
            "date_of_issue: must be a date or date-time text (YYYY-MM-DD...); "
            "got the text 'yesterday'"
        ),
    )


def test_bad_measurements_with_their_paths() -> None:
    document = t6()
    document["impacts"]["CML 2012"]["gwp"]["A1A2A3"] = {"mean": "50", "unit": "kgCO2e"}
    document["impacts"]["CML 2012"]["odp"]["A1A2A3"] = {"mean": 1e-6, "unit": "kgCO2e"}
    document["impacts"]["CML 2012"]["odp"]["A4"] = {"mean": 1e-6}
    with pytest.raises(DataFormatError) as info:
        openepd_from_dict(document, method="CML 2012")
    problems = info.value.problems
    assert (
        problems[0]
        == "impacts[\"CML 2012\"].gwp.A1A2A3.mean: must be a finite number; got the text '50'"
    )
    assert problems[1].startswith('impacts["CML 2012"].odp.A1A2A3: ')
    assert "kg CFC11e" in problems[1]
    assert problems[2] == (
        "impacts[\"CML 2012\"].odp.A4.unit: must be the unit as text, e.g. 'kgCO2e'; got null"
    )
    assert len(problems) == 3


def test_no_readable_indicator() -> None:
    impacts = {"TRACI 2.1": {"ap": {"A1A2A3": {"mean": 0.2, "unit": "kgSO2e"}}}}
    with pytest.raises(DataFormatError, match=re.escape('impacts["TRACI 2.1"]: must give')):
        openepd_from_dict(t6(impacts=impacts))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[1, 2]", "the document must be an object; got a list"),
        ("{", "not valid JSON at line 1, column 2"),
        ('{"id": Infinity}', "not valid JSON: Infinity is not a JSON number"),
    ],
)
def test_not_a_document(text: str, problem: str) -> None:
    with pytest.raises(DataFormatError, match=re.escape(problem)):
        loads_openepd(text)


def test_gwp_indicator_option() -> None:
    product = openepd_from_dict(t6(), method="TRACI 2.1", gwp_indicator="gwp_ghg")
    assert set(product.impacts) == {"gwp_ghg"}
    with pytest.raises(InvalidInputError, match="must be an indicator in kg CO2e"):
        openepd_from_dict(t6(), method="TRACI 2.1", gwp_indicator="mki")
    with pytest.raises(UnknownReferenceError, match="`gwp_indicator` must be one of"):
        openepd_from_dict(t6(), method="TRACI 2.1", gwp_indicator="co2")


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match=r"nothing\.json: cannot be read"):
        read_openepd(tmp_path / "nothing.json")
