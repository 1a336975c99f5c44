"""The shipped BR18 Tabel 7 data against the independent copy in the shared fixtures.

The fixture ``br18-tabel7/tabel7.csv`` is the upstream transcription (ocni-dtu/table7 @
4d7cb0c). It is read here with the standard ``csv`` module, independently of the package
code, and every row of the package data must equal it value by value. A few rows are also
checked against values stated here from the regulation itself (Bygningsreglementet, Bilag 2,
Tabel 7, https://bygningsreglementet.dk/Bilag/B2/Bilag_2/Tabel_7).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from climatelimits.datasets import BR18_TABEL7_URL, br18_tabel7
from climatelimits.products import (
    DataType,
    Product,
    Standard,
    conversion_factor_to_declared_unit,
)
from climatelimits.results import NOT_DECLARED, NotDeclared
from climatelimits.units import parse_unit

pytestmark = pytest.mark.fixtures

REPO = Path(__file__).resolve().parents[2]
PINNED_SHA256 = "055fb26e27b26bc43aee598781e29688bdbb4cffb156c01bb313ad5486d7fc23"
UNITS = {"KG": "kg", "M2": "m^2", "M3": "m^3", "M": "m", "STK": "piece"}
DATA_TYPES = {"Generisk data": DataType.GENERIC, "Branche data": DataType.INDUSTRY_AVERAGE}


def test_fixture_is_the_pinned_transcription(tabel7_csv: Path) -> None:
    assert hashlib.sha256(tabel7_csv.read_bytes()).hexdigest() == PINNED_SHA256


def test_same_ids_in_the_same_order(tabel7_rows: list[dict[str, str]]) -> None:
    assert len(tabel7_rows) == 450
    assert br18_tabel7().ids() == tuple(row["Sorterings ID"] for row in tabel7_rows)


def test_every_row_equals_the_fixture(
    tabel7_rows: list[dict[str, str]],
    tabel7_gwp: Callable[[Mapping[str, str]], dict[str, float | NotDeclared]],
) -> None:
    dataset = br18_tabel7()
    mismatches: list[str] = []
    for row in tabel7_rows:
        row_id = row["Sorterings ID"]
        product = dataset.get(row_id)
        entry = dataset.entry(row_id)
        expected_unit = parse_unit(UNITS[row["Deklareret enhed (FU)"]])
        checks = {
            "declared factor": (
                product.declared_unit.magnitude,
                float(row["Deklareret faktor (FU)"]),
            ),
            "declared unit": (product.declared_unit.units, expected_unit),
            "data type": (product.data_type, DATA_TYPES[row["Data type"]]),
            "name": (product.name, row["Navn DK"]),
            "source name": (entry.names.get("source", ""), row["Navn DE/ENG"]),
            "origin": (entry.origin, row["Url (link)"]),
            "comment": (entry.comment, row["Kommentar"]),
        }
        gwp = product.impacts["gwp"]
        for module, expected in tabel7_gwp(row).items():
            declared = gwp.get(module)
            got = declared if declared is NOT_DECLARED else declared.magnitude
            checks[module] = (got, expected)
        mass = float(row["Masse faktor"])
        if row["Deklareret enhed (FU)"] == "KG":
            checks["mass"] = (dict(product.properties), {})
            checks["mass factor"] = (mass, 1.0)
        else:
            per_unit = product.properties["mass_per_declared_unit"]
            checks["mass"] = (per_unit.magnitude, mass)
            checks["mass unit"] = (per_unit.units, parse_unit("kg") / expected_unit)
        for name, (got, want) in checks.items():
            if got != want:
                mismatches.append(f"{row_id} {name}: package {got!r} != fixture {want!r}")
    assert mismatches == []


@pytest.mark.parametrize(
    ("row_id", "unit", "a1_a3", "c3", "c4", "d", "kg_per_unit"),
    [
        # Fabriksbeton C25/30, X0/XC1 (EPD Danmark industry EPD MD-20011), per m³.
        ("#B1433", "m^3", 241.0, 6.73, 4.97, -4.6, 2246.0),
        # Fabriksbeton C30/37, per m³.
        ("#B1477", "m^3", 282.0, 6.72, 4.97, -4.6, 2255.0),
        # Krydslamineret træ (CLT), incineration end of life: -1/+1 biogenic carbon.
        ("#B1318", "m^3", -664.0, 744.0, 0.0, -387.0, 470.0),
        # Armeringsnet (Bewehrungsstahl), per kg; C3 not given in the table.
        ("#G0148", "kg", 0.683355, NOT_DECLARED, 0.00068207, -0.393, 1.0),
        # Gipskartonplade, brandimprægneret 12.5 mm, per m².
        ("#G1100", "m^2", 1.54129, NOT_DECLARED, 0.150055, NOT_DECLARED, 10.0),
        # Teglsten, formur (Vormauerziegel), per m³.
        ("#G0116", "m^3", 528.541, 13.207, NOT_DECLARED, -3.69717, 1800.0),
    ],
)
def test_rows_stated_from_the_regulation(
    row_id: str,
    unit: str,
    a1_a3: object,
    c3: object,
    c4: object,
    d: object,
    kg_per_unit: float,
) -> None:
    product = br18_tabel7().get(row_id)
    assert product.declared_unit.units == parse_unit(unit)
    assert product.declared_unit.magnitude == 1.0
    assert product.impacts["gwp"].to_mapping() == {"A1-A3": a1_a3, "C3": c3, "C4": c4, "D": d}
    assert product.standard is Standard.EN15804_A1
    assert product.source == f"{BR18_TABEL7_URL} {row_id}"
    assert product.reference_service_life is None
    if unit != "kg":
        assert product.properties["mass_per_declared_unit"].magnitude == kg_per_unit


def test_roof_tile_declared_per_tonne() -> None:
    # "#G0005 Tagsten, beton": 255.909 kg CO2e per declared unit of 1000 kg (Masse faktor 1).
    tile = br18_tabel7().get("#G0005")
    assert tile.declared_unit_text == "1000 kg"
    factor, findings = conversion_factor_to_declared_unit(tile, "t")
    assert factor == pytest.approx(1.0)
    assert findings == ()
    assert 2.0 * factor * 255.909 == pytest.approx(511.818)  # 2 t of tiles, A1-A3


def test_concrete_by_mass_goes_through_the_mass_factor() -> None:
    # 2246 kg of C25/30 is 1 m³ (Masse faktor 2246 kg per m³): A1-A3 241 kg CO2e.
    concrete: Product = br18_tabel7().get("#B1433")
    factor, findings = conversion_factor_to_declared_unit(concrete, "kg")
    assert findings == ()
    assert 2246.0 * factor * 241.0 == pytest.approx(241.0)


@pytest.fixture(scope="module")
def script() -> Path:
    # The script is part of the repository and of the sdist: its absence is a failure.
    path = REPO / "tools" / "make_br18_tabel7.py"
    assert path.is_file(), f"the conversion script is missing from the source tree ({path})"
    return path


def test_conversion_script_reproduces_the_package_file(
    script: Path, tabel7_csv: Path, tmp_path: Path
) -> None:
    completed = subprocess.run(
        [sys.executable, str(script), str(tabel7_csv), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    data = REPO / "src" / "climatelimits" / "data"
    for name in ("br18_tabel7.json", "br18_tabel7.SOURCE.md"):
        assert (tmp_path / name).read_bytes() == (data / name).read_bytes(), name


def test_conversion_script_refuses_another_file(
    script: Path, tmp_path: Path, tabel7_csv: Path
) -> None:
    changed = tmp_path / "tabel7.csv"
    changed.write_bytes(tabel7_csv.read_bytes().replace(b"2246", b"2247"))
    completed = subprocess.run(
        [sys.executable, str(script), str(changed), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "sha256 must be" in completed.stderr
    assert not (tmp_path / "br18_tabel7.json").exists()
