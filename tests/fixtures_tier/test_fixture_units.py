"""Unit strings of real ILCD+EPD files parse to the right dimension.

Data: InDataWG ILCD-EPD-Data-Format identifier tables and ÖKOBAUDAT/EPD-Norge/EPD-Danmark
process datasets in soda4LCA JSON (Apache-2.0; see shared/fixtures/README.md).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from climatelimits.units import parse_unit, registry

pytestmark = pytest.mark.fixtures


def _gwp_units_from_identifier_tables(root: Path) -> set[str]:
    units: set[str] = set()
    for table in sorted((root / "indata-ilcd-epd" / "identifiers").glob("EN15804*.csv")):
        with table.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if "(GWP" in row["Name (en)"]:
                    units.add(row["Unit (en)"])
                    units.add(row["Einheit (de)"])
    return units


def _gwp_units_from_process_json(root: Path) -> set[str]:
    units: set[str] = set()
    files = sorted((root / "lcax" / "ilcd_json").glob("*.json"))
    files += sorted((root / "epdx" / "ilcd_json").glob("*.json"))
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        for result in data.get("LCIAResults", {}).get("LCIAResult", []):
            names = result["referenceToLCIAMethodDataSet"]["shortDescription"]
            if not any("GWP" in n["value"] for n in names):
                continue
            for extra in result.get("other", {}).get("anies", []):
                if extra.get("name") == "referenceToUnitGroupDataSet":
                    units.update(d["value"] for d in extra["value"]["shortDescription"])
    return units


def test_gwp_units_of_identifier_tables_are_co2e_masses(fixtures_dir: Path) -> None:
    units = _gwp_units_from_identifier_tables(fixtures_dir)
    # The tables spell the GWP unit at least as "kg CO2 eqv." and "kg CO2-Äqv.".
    assert {"kg CO2 eqv.", "kg CO2-Äqv."} <= units
    wanted = parse_unit("kg CO2e")
    for text in sorted(units):
        unit = parse_unit(text)
        assert unit.dimensionality == wanted.dimensionality, text
        assert registry().Quantity(1.0, unit).to(wanted).magnitude == pytest.approx(1.0), text


def test_gwp_units_of_ilcd_process_datasets_are_co2e_masses(fixtures_dir: Path) -> None:
    units = _gwp_units_from_process_json(fixtures_dir)
    # ÖKOBAUDAT writes the unit group with a subscript: "kg CO_(2)-Äq.".
    assert "kg CO_(2)-Äq." in units
    wanted = parse_unit("kg CO2e")
    for text in sorted(units):
        assert parse_unit(text) == wanted, text


@pytest.mark.parametrize(
    ("reference_unit", "expected"),
    [("kg", "kg"), ("m3", "m^3"), ("qm", "m^2")],
)
def test_reference_units_of_ilcd_flows(
    fixtures_dir: Path, reference_unit: str, expected: str
) -> None:
    found: set[str] = set()
    for path in sorted((fixtures_dir / "lcax" / "ilcd_json").glob("*.json")):
        text = path.read_text(encoding="utf-8")
        if f'"referenceUnit": "{reference_unit}"' in text:
            found.add(path.name)
    assert found, f"no dataset declares the reference unit {reference_unit!r}"
    assert parse_unit(reference_unit) == parse_unit(expected)
