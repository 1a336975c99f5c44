"""T10: every unit string of the fixtures parses to the right dimension; nonsense is refused.

Data: openLCA ``olca-schema`` 2.4.0 ``units.csv`` (CC0; 273 unit names with their unit
group), the ILCD unit groups and identifier tables of InDataWG/ILCD-EPD-Data-Format and the
soda4LCA JSON data sets (Apache-2.0), see shared/fixtures/README.md. The GWP units of the
identifier tables and the reference units are tested in ``test_fixture_units.py``.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from defusedxml import ElementTree

from climatelimits.exceptions import DataFormatError, UnitsError
from climatelimits.io.ilcd import loads_ilcd
from climatelimits.results import IndicatorResults
from climatelimits.units import parse_unit, registry

pytestmark = pytest.mark.fixtures

# The dimension of each unit group of units.csv, written out by hand from the group's name.
GROUP_DIMENSIONS: dict[str, dict[str, int]] = {
    "Units of area": {"[length]": 2},
    "Units of area*time": {"[length]": 2, "[time]": 1},
    "Units of energy": {"[mass]": 1, "[length]": 2, "[time]": -2},
    "Units of energy/area*time": {"[mass]": 1, "[time]": -3},
    "Units of energy/mass*time": {"[length]": 2, "[time]": -3},
    "Units of groundwater replenishment (transf.)": {"[length]": 3, "[time]": -1},
    "Units of items": {"[piece]": 1},
    "Units of items*length": {"[piece]": 1, "[length]": 1},
    "Units of length": {"[length]": 1},
    "Units of length*area": {"[length]": 3},
    "Units of length*area/time": {"[length]": 3, "[time]": -1},
    "Units of length*time": {"[length]": 1, "[time]": 1},
    "Units of mass": {"[mass]": 1},
    "Units of mass*length": {"[mass]": 1, "[length]": 1},
    "Units of mass*time": {"[mass]": 1, "[time]": 1},
    "Units of mass/time": {"[mass]": 1, "[time]": -1},
    "Units of mechanical filtration (occ.)": {"[length]": 4},
    "Units of mole*area*time/mass": {"[substance]": 1, "[length]": 2, "[time]": 1, "[mass]": -1},
    "Units of mole*area/mass": {"[substance]": 1, "[length]": 2, "[mass]": -1},
    "Units of radioactivity": {"[time]": -1},
    "Units of time": {"[time]": 1},
    "Units of volume": {"[length]": 3},
    "Units of volume*length": {"[length]": 4},
    "Units of volume*time": {"[length]": 3, "[time]": 1},
}

# Unit groups that are not physical quantities.
NOT_PHYSICAL_GROUPS = {
    "Units of currency": "money of a base year (USD 2000, EUR 2003), no exchange rates",
    "Units of person transport": "persons times distance",
    "Units of vehicle transport": "vehicles times distance",
}

# Names whose meaning depends on the file, so no single reading can be right.
AMBIGUOUS = {
    "u": "micrometre in units.csv, atomic mass unit in ILCD unit group ad38d542",
    "kt": "kilotonne in units.csv, carat in ILCD unit group 93a60a57-a4c8, knot in pint",
    "kt*km": "kt is ambiguous (see kt)",
    "ktkm": "kt is ambiguous (see kt)",
    "ma": "metre-year in units.csv, milliyear (SI prefix) or mega-annum elsewhere",
    "my": "metre-year in units.csv; 'm' + 'y' is no SI spelling",
    "p": "item in units.csv, but person in its own 'p*km'",
    "pig place": "a count of animal places, not of product items",
    "LU": "livestock unit, a count of animals weighted by kind",
    "kg SWU": "separative work units of uranium enrichment, not a mass",
}


def _olca_rows(fixtures_dir: Path) -> list[dict[str, str]]:
    with (fixtures_dir / "olca-schema" / "units.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_olca_unit_group_is_classified(fixtures_dir: Path) -> None:
    groups = {row["unit group name"] for row in _olca_rows(fixtures_dir)}
    assert groups == set(GROUP_DIMENSIONS) | set(NOT_PHYSICAL_GROUPS)


def test_ambiguous_names_are_in_units_csv(fixtures_dir: Path) -> None:
    names = {row["unit name"] for row in _olca_rows(fixtures_dir)}
    assert set(AMBIGUOUS) <= names


def test_every_physical_olca_unit_parses_to_its_group_dimension(fixtures_dir: Path) -> None:
    checked = []
    wrong = []
    for row in _olca_rows(fixtures_dir):
        name, group = row["unit name"], row["unit group name"]
        if group in NOT_PHYSICAL_GROUPS or name in AMBIGUOUS:
            continue
        try:
            dimensionality = dict(parse_unit(name).dimensionality)
        except UnitsError as exc:
            wrong.append(f"{name!r}: {exc}")
            continue
        if dimensionality != GROUP_DIMENSIONS[group]:
            wrong.append(f"{name!r} ({group}) read as {dimensionality}")
        checked.append(name)
    assert wrong == []
    # 273 names: 24 currencies, 5 person- and 2 vehicle-transport units, 10 ambiguous.
    assert len(checked) == 232


@pytest.mark.parametrize(
    ("olca", "pint_name"),
    [
        ("ac", "acre"),
        ("ch", "chain"),
        ("hh", "hand"),
        ("cu ft", "ft**3"),
        ("sq.mi", "mi**2"),
        ("Nm³", "m**3"),
        ("oz t", "troy_ounce"),
        ("kWh/m2*d", "kWh/(m**2*day)"),
        ("kWh/m2d", "kWh/(m**2*day)"),
        ("MJ/kg*d", "MJ/(kg*day)"),
        ("m3day", "m**3*day"),
        ("cm3y", "cm**3*year"),
        ("tkm", "t*km"),
        ("Dozen(s)", "12*piece"),
        ("unit", "piece"),
        ("TCE", "29.3076 GJ"),
    ],
)
def test_olca_spellings_mean_what_openlca_means(olca: str, pint_name: str) -> None:
    # Values: 1 tce = 7 Gcal(IT) = 29.3076 GJ; the others are exact definitions.
    reg = registry()
    got = reg.Quantity(1.0, parse_unit(olca))
    assert got.to(reg.Quantity(pint_name).units).magnitude == pytest.approx(
        reg.Quantity(pint_name).magnitude
    )


def _unit_groups(fixtures_dir: Path) -> list[tuple[str, str, float, str]]:
    """(file, unit name, meanValue, reference unit name) of every ILCD unit group unit."""
    found = []
    for path in sorted((fixtures_dir / "indata-ilcd-epd" / "unitgroups").glob("*.xml")):
        root = ElementTree.parse(path).getroot()
        units = [e for e in root.iter() if e.tag.endswith("}unit")]
        if not units:  # f130951c "dimensionless" lists no unit
            continue
        reference = next(e.text for e in root.iter() if e.tag.endswith("referenceToReferenceUnit"))
        names = {
            u.get("dataSetInternalID"): next(c.text for c in u if c.tag.endswith("}name"))
            for u in units
        }
        for unit in units:
            mean = next(c.text for c in unit if c.tag.endswith("}meanValue"))
            name = names[unit.get("dataSetInternalID")]
            found.append((path.name, str(name), float(str(mean)), str(names[reference])))
    return found


def test_every_ilcd_unit_group_unit_matches_its_mean_value(fixtures_dir: Path) -> None:
    rows = _unit_groups(fixtures_dir)
    assert len(rows) == 30  # 14 + 11 + 5 units in the three unit groups that list units
    reg = registry()
    mismatches = []
    for file, name, mean, reference in rows:
        if name == "kt":  # carat here (meanValue 2.0E-4); see AMBIGUOUS
            continue
        factor = reg.Quantity(1.0, parse_unit(name)).to(parse_unit(reference)).magnitude
        if name == "qkm":
            # c20a03d7 writes 1E-6 m² per km² (inverted); 1 km² is 1e6 m².
            assert mean == 1e-6
            assert factor == pytest.approx(1e6)
            continue
        # The files round some factors (lb 0.45359702440352 for 0.45359237): 2e-5 relative.
        if factor != pytest.approx(mean, rel=2e-5):
            mismatches.append(f"{file}: {name!r} is {factor} {reference}, file says {mean}")
    assert mismatches == []


@pytest.mark.parametrize(
    ("text", "dimensionality"),
    [
        pytest.param("qm", {"[length]": 2}, id="qm"),
        pytest.param("pcs.", {"[piece]": 1}, id="pcs."),
        pytest.param("m3", {"[length]": 3}, id="m3"),
        pytest.param("kg/m^3", {"[mass]": 1, "[length]": -3}, id="kg/m^3"),
        pytest.param("kg/m^2", {"[mass]": 1, "[length]": -2}, id="kg/m^2"),
        pytest.param("kg/Stk", {"[mass]": 1, "[piece]": -1}, id="kg/Stk"),
        pytest.param("-", {}, id="dash"),
        pytest.param("kg CO2 eqv.", {"[mass]": 1, "[co2e]": 1}, id="kg-CO2-eqv"),
        pytest.param("kg CO2-Äqv.", {"[mass]": 1, "[co2e]": 1}, id="kg-CO2-Aeqv"),
        pytest.param("kgCO2e", {"[mass]": 1, "[co2e]": 1}, id="kgCO2e"),
        pytest.param("kgCFC11e", {"[mass]": 1, "[cfc11e]": 1}, id="kgCFC11e"),
        pytest.param("t * km", {"[mass]": 1, "[length]": 1}, id="t-km"),
        # RSI = m²·K/W, so m² x RSI = m⁴·K/W = m²·K·s³/kg.
        pytest.param(
            "m2 * RSI",
            {"[length]": 2, "[temperature]": 1, "[time]": 3, "[mass]": -1},
            id="m2-RSI",
        ),
    ],
)
def test_t10_unit_strings(text: str, dimensionality: dict[str, int]) -> None:
    assert dict(parse_unit(text).dimensionality) == dimensionality


def test_odp_units_of_the_fixtures_are_cfc11_masses(fixtures_dir: Path) -> None:
    units: set[str] = set()
    tables = fixtures_dir / "indata-ilcd-epd" / "identifiers"
    for table in sorted(tables.glob("EN15804*.csv")):
        with table.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if "(ODP)" in row["Name (en)"]:
                    units.update((row["Unit (en)"], row["Einheit (de)"]))
    files = sorted((fixtures_dir / "lcax" / "ilcd_json").glob("*.json"))
    files += sorted((fixtures_dir / "epdx" / "ilcd_json").glob("*.json"))
    for path in files:
        for result in json.loads(path.read_text(encoding="utf-8"))["LCIAResults"]["LCIAResult"]:
            names = result["referenceToLCIAMethodDataSet"]["shortDescription"]
            if any("(ODP)" in n["value"] for n in names):
                for extra in result.get("other", {}).get("anies", []):
                    if extra.get("name") == "referenceToUnitGroupDataSet":
                        units.update(d["value"] for d in extra["value"]["shortDescription"])
    openepd = (fixtures_dir / "openepd" / "openepd_example_ratio_desk_EC3BFRKG.json").read_text(
        encoding="utf-8"
    )
    units.update(re.findall(r'"unit": "(kgCFC11e)"', openepd))
    # The spellings found by hand in these files:
    assert {
        "kg R11-eqv.",
        "kg R11-Äqv.",
        "kg CFC 11 eqv.",
        "kg CFC 11-Äquiv.",
        "kg CFC11-Äq.",
        "kg CFC11 eqv.",
        "kgCFC11e",
    } <= units
    wanted = parse_unit("kg CFC11e")
    for text in sorted(units):
        assert parse_unit(text) == wanted, text
    assert wanted.dimensionality != parse_unit("kg CO2e").dimensionality


def test_material_property_units_of_the_fixtures(fixtures_dir: Path) -> None:
    expected = {
        "gross density": "kg/m^3",
        "grammage": "kg/m^2",
        "layer thickness": "m",
        "conversion factor to 1 kg": "dimensionless",
        "conversion factor [mass/declared unit]": "dimensionless",
    }
    seen = set()
    files = sorted((fixtures_dir / "lcax" / "ilcd_json").glob("*.json"))
    files += sorted((fixtures_dir / "epdx" / "ilcd_json").glob("*.json"))
    for path in files:
        for exchange in json.loads(path.read_text(encoding="utf-8"))["exchanges"]["exchange"]:
            for prop in exchange.get("materialProperties", []):
                assert parse_unit(prop["unit"]) == parse_unit(expected[prop["name"]])
                seen.add(prop["name"])
    assert seen == set(expected)


@pytest.mark.parametrize("text", ["flurb", "kg CO2e/", "", "2 kg", "m^"])
def test_nonsense_units_are_refused(text: str) -> None:
    with pytest.raises(UnitsError, match="must be a unit"):
        parse_unit(text)


def test_a_unit_of_the_wrong_dimension_is_refused_in_a_gwp_slot() -> None:
    # T10: "m** 2 * kg/ hr **2" is a unit, but never one of GWP.
    text = "m** 2 * kg/ hr **2"
    assert dict(parse_unit(text).dimensionality) == {"[length]": 2, "[mass]": 1, "[time]": -2}
    with pytest.raises(UnitsError, match=re.escape("must be in a unit of [mass] * [co2e]")):
        IndicatorResults.from_mapping("gwp_total", {"A1-A3": 5.0}, unit=text)


def test_a_gwp_result_in_a_unit_of_the_wrong_dimension_is_a_format_error() -> None:
    document = {
        "processInformation": {
            "dataSetInformation": {"UUID": "u-1"},
            "quantitativeReference": {"referenceToReferenceFlow": [0]},
        },
        "exchanges": {
            "exchange": [
                {
                    "dataSetInternalID": 0,
                    "meanAmount": 1.0,
                    "referenceToFlowDataSet": {"refObjectId": "f-1"},
                    "flowProperties": [
                        {
                            "uuid": "93a60a56-a3c8-11da-a746-0800200b9a66",
                            "referenceFlowProperty": True,
                            "meanValue": 1.0,
                        }
                    ],
                }
            ]
        },
        "LCIAResults": {
            "LCIAResult": [
                {
                    "referenceToLCIAMethodDataSet": {
                        "refObjectId": "6a37f984-a4b3-458a-a20a-64418c145fa2"
                    },
                    "other": {
                        "anies": [
                            {"module": "A1-A3", "value": "5"},
                            {
                                "name": "referenceToUnitGroupDataSet",
                                "value": {"shortDescription": [{"value": "m** 2 * kg/ hr **2"}]},
                            },
                        ]
                    },
                }
            ]
        },
    }
    expected = r"LCIAResults\.LCIAResult\[0\]: the unit of gwp_total must be a unit of kg CO2e"
    with pytest.raises(DataFormatError, match=expected):
        loads_ilcd(json.dumps(document), source="wrong-unit.json")
