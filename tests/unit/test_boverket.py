"""Boverket's climate database loader: the x1.25 rule, waste (A5), version, errors.

climatelimits may not ship the database, so the files here are written by the tests in the
format Boverket's API serves (``GetAllResources``; fields as in the v02.06.000 snapshot
``brimstone_data/klimatdatabas_02.06.000.json`` of github.com/sawenchalmers/brimstone). The
numbers of each resource are Boverket's own, from that version (ResourceId given with each).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from climatelimits.calculation import calculate
from climatelimits.datasets import (
    conservative_value,
    load_boverket,
    loads_boverket,
    waste_value,
)
from climatelimits.exceptions import DataFormatError, InvalidInputError
from climatelimits.products import DataType, Standard, conversion_factor_to_declared_unit
from climatelimits.quantities import BillLine, BillOfQuantities
from climatelimits.results import NOT_DECLARED
from climatelimits.units import parse_unit

DIESEL_LEGS = [
    {
        "NameId": 21001,
        "Name": "Närdistribution",
        "GenericDistance": 40.0,
        "TransportTypeId": 17050,
        "TransportTypeName": "Lastbil",
        "EnergyUseId": 17001,
        "EnergyUseName": "Lastbil, närdistribution",
        "EnergyUseValue": 2.5,
        "FuelTypeId": 18006,
        "FuelTypeName": "Diesel, reduktionsplikt (2023)",
        "FuelTypeResourceId": 6000000010,
    },
    {
        "NameId": 21002,
        "Name": "Fabrik till återförsäljare/lager",
        "GenericDistance": 600.0,
        "TransportTypeId": 17050,
        "TransportTypeName": "Lastbil",
        "EnergyUseId": 17003,
        "EnergyUseName": "Lastbil, landsväg",
        "EnergyUseValue": 1.0,
        "FuelTypeId": 18006,
        "FuelTypeName": "Diesel, reduktionsplikt (2023)",
        "FuelTypeResourceId": 6000000010,
    },
]


def resource(
    resource_id: int,
    en: str,
    sv: str,
    *,
    unit: str = "kg",
    factor: float = 1.25,
    waste: float = 1.0,
    typical: float,
    conservative: float | None,
    a4: float | None = None,
    a51: float | None = None,
    conversions: Sequence[tuple[str, str, float]] = (),
    transport: list[dict[str, Any]] | None = None,
    life: str = ">50 år",
    category: str = "Betong",
) -> dict[str, Any]:
    """One resource object in the format of Boverket's API."""
    values = [{"DataModuleCode": "A1-A3 Typical", "Value": typical}]
    if conservative is not None:
        values.insert(0, {"DataModuleCode": "A1-A3 Conservative", "Value": conservative})
    if a4 is not None:
        values.append({"DataModuleCode": "A4", "Value": a4})
    if a51 is not None:
        values.append({"DataModuleCode": "A5.1", "Value": a51})
    item: dict[str, Any] = {
        "ResourceId": resource_id,
        "SourceVersion": "02.06.000",
        "Location": "SE",
        "Publisher": "Boverket, Sweden",
        "Version": "02.06.000",
        "Copyright": True,
        "Name": sv,
        "Names": {"EN": en, "SV": sv},
        "StdCalc": "EN 15804:A1",
        "InventoryUnit": unit,
        "ConservativeDataConversionFactor": factor,
        "WasteFactor": waste,
        "RefServiceLifeNormal": life,
        "Conversions": [{"Field": f, "Unit": u, "Value": v} for f, u, v in conversions],
        "DataItems": [
            {
                "PropertyId": 1845,
                "PropertyName": "Global Warming potential",
                "PropertyCode": "GWP-GHG AR4",
                "PropertyTypeId": 2,
                "PropertyUnitCode": f"kg CO2 eq./{unit}",
                "DataValueItems": values,
            }
        ],
        "Categories": [
            {"ClassificationType": "Boverket", "Text": category},
            {"ClassificationType": "BK04", "Code": "01208", "Text": "Spånskivor"},
        ],
    }
    if transport is not None:
        item["TransportItems"] = transport
    return item


RESOURCES = [
    # Ready-mix concrete, buildings, C30/37 (6000000032): the worked example of §2.5.
    resource(
        6000000032,
        "Ready-mix concrete for buildings C30/37",
        "Fabriksbetong, husbyggnad, C30/37",
        waste=1.03,
        typical=0.116,
        conservative=0.145,
        a4=0.0036,
        a51=0.00446,
        conversions=[("Volume", "kg/m³", 2350.0)],
    ),
    # Ready-mix concrete C35/45 (6000000036): 0.13 x 1.25 = 0.1625 -> 0.163 (half-up).
    resource(
        6000000036,
        "Ready-mix concrete for buildings C35/45",
        "Fabriksbetong, husbyggnad, C35/45",
        waste=1.03,
        typical=0.13,
        conservative=0.163,
        a4=0.0036,
        a51=0.00498,
        conversions=[("Volume", "kg/m³", 2350.0)],
    ),
    # Hollowcore floor, precast (6000000059): waste factor 1.0, A5.1 = 0.
    resource(
        6000000059,
        "Hollowcore floor",
        "Håldäck",
        typical=0.15,
        conservative=0.188,
        a4=0.0417,
        a51=0.0,
        conversions=[("Volume", "kg/m³", 1350.0)],
    ),
    # Particle board (6000000000), with its transport scenario and service life.
    resource(
        6000000000,
        "Particle board",
        "Spånskiva",
        waste=1.1,
        typical=0.39,
        conservative=0.488,
        a4=0.0487,
        a51=0.0536,
        conversions=[("Volume", "kg/m³", 700.0)],
        transport=DIESEL_LEGS,
        category="Byggskivor",
    ),
    # Insulating glass unit, triple (6000000176): a kg/m² conversion.
    resource(
        6000000176,
        "Insulating glass unit, triple",
        "Isolerglasruta, 3-glas",
        typical=1.65,
        conservative=2.06,
        a4=0.111,
        a51=0.0,
        conversions=[("Area", "kg/m²", 30.0)],
        category="Fönster, dörrar och glas",
    ),
    # Diesel, reduction obligation (6000000010): energy, factor 1.0, a mislabelled conversion.
    resource(
        6000000010,
        "Diesel, reduction obligation",
        "Diesel, reduktionsplikt",
        unit="MJ",
        factor=1.0,
        typical=0.0695,
        conservative=0.0695,
        conversions=[("Area", "kg/m²", 35.4)],
        life="Inte relevant",
        category="Energi och bränsle",
    ),
    # Electricity, Swedish mix (6000000008).
    resource(
        6000000008,
        "Electricity, Swedish mix",
        "El, svensk elmix",
        unit="kWh",
        factor=1.0,
        typical=0.037,
        conservative=0.037,
        life="Inte relevant",
        category="Energi och bränsle",
    ),
]

DOCUMENT: dict[str, Any] = {
    "Location": "SE",
    "Culture": "sv-se",
    "Publisher": "Boverket, Sweden",
    "Version": "02.06.000",
    "PublishedDate": "2025-01-30T12:15:47Z",
    "Categories": [],
    "Resources": RESOURCES,
}


def document(**changes: Any) -> dict[str, Any]:
    result = copy.deepcopy(DOCUMENT)
    result.update(changes)
    return result


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    path = tmp_path / "klimatdatabas_02.06.000.json"
    path.write_text(json.dumps(DOCUMENT, ensure_ascii=False, indent=4), encoding="utf-8")
    return path


# -- the x1.25 rule ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typical", "conservative"),
    [
        # (typical, conservative) pairs of v02.06.000 (data-sources.md 1.3).
        (0.103, 0.129),  # ready-mix C25/30: 0.12875 -> 0.129
        (0.116, 0.145),  # ready-mix C30/37: 0.145 exactly
        (0.13, 0.163),  # C35/45: 0.1625 -> 0.163 (half-up; half-even would give 0.162)
        (0.0867, 0.108),  # climate-improved C30/37: 0.108375 -> 0.108
        (0.65, 0.813),  # cement CEM II/A-LL: 0.8125 -> 0.813 (half-up)
        (0.596, 0.745),  # rebar, 100 % scrap
        (2.52, 3.15),  # structural steel, 80 % primary
        (0.9, 1.13),  # structural steel, scrap: 1.125 -> 1.13
        (0.064, 0.08),  # sawn timber
        (1.28, 1.6),  # stone wool
        (0.89, 1.11),  # glass wool: 1.1125 -> 1.11
        (3.2, 4.0),  # EPS
        (1.16, 1.45),  # float glass
        (1.65, 2.06),  # IGU triple: 2.0625 -> 2.06
        (6.0, 7.5),  # aluminium profile
        (1.98, 2.48),  # copper sheet: 2.475 -> 2.48 (half-up)
        (0.39, 0.488),  # particle board: 0.4875 -> 0.488
    ],
)
def test_conservative_is_typical_times_1_25_half_up_3_figures(
    typical: float, conservative: float
) -> None:
    assert conservative_value(typical) == conservative


def test_energy_is_not_made_conservative() -> None:
    assert conservative_value(0.0695, 1.0) == 0.0695
    assert conservative_value(0.037, 1.0) == 0.037


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "0.1", None, True])
def test_conservative_value_refuses_non_numbers(bad: Any) -> None:
    with pytest.raises(InvalidInputError, match="`typical` must be a"):
        conservative_value(bad)


def test_conservative_value_refuses_a_zero_factor() -> None:
    with pytest.raises(
        InvalidInputError, match=re.escape("`factor` must be greater than 0; got 0.0")
    ):
        conservative_value(0.116, 0.0)


def test_waste_rule() -> None:
    # C30/37: (1.03 - 1) x (0.145 + 0.0036) = 0.03 x 0.1486 = 0.004458 (database: 0.00446).
    assert waste_value(1.03, 0.145, 0.0036) == pytest.approx(0.004458, rel=1e-12)
    # Rebar 100 % scrap: 0.09 x (0.745 + 0.0765) = 0.073935 (database: 0.0739).
    assert waste_value(1.09, 0.745, 0.0765) == pytest.approx(0.073935, rel=1e-12)
    assert waste_value(1.0, 0.188, 0.0417) == 0.0
    with pytest.raises(InvalidInputError, match="`waste_factor` must be at least 1"):
        waste_value(0.97, 0.1, 0.0)


# -- loading ------------------------------------------------------------------------------------
def test_version_date_and_ids(database_file: Path) -> None:
    database = load_boverket(database_file)
    assert database.name == "Boverket klimatdatabas"
    assert database.version == "02.06.000"
    assert database.published is not None
    assert database.published.isoformat() == "2025-01-30"
    assert database.conservative is True
    assert database.source == str(database_file)
    assert database.ids() == tuple(str(r["ResourceId"]) for r in RESOURCES)
    assert "02.06.000" in database.attribution
    assert "Boverket, Sweden" in database.attribution


def test_conservative_values_by_default(database_file: Path) -> None:
    concrete = load_boverket(database_file).get("6000000032")
    assert concrete.name == "Ready-mix concrete for buildings C30/37"
    assert concrete.declared_unit_text == "1 kg"
    assert concrete.impacts["gwp_ghg"].to_mapping() == {
        "A1-A3": 0.145,
        "A4": 0.0036,
        "A5": 0.00446,
    }
    assert concrete.data_type is DataType.GENERIC
    assert concrete.standard is Standard.EN15804_A1
    assert concrete.properties["density"].magnitude == 2350.0
    assert concrete.findings == ()
    assert "ResourceId 6000000032" in concrete.source


def test_worked_example_100_m3_of_c30_37(database_file: Path) -> None:
    # external-cases.md 2.5, by hand:
    #   100 m³ x 2350 kg/m³                 = 235 000 kg
    #   A1-A3 = 235 000 kg x 0.145 kg CO2e/kg = 34 075 kg CO2e (conservative)
    #   A4    = 235 000 kg x 0.0036          =    846 kg CO2e
    #   A5.1  = 235 000 kg x 0.00446         =  1 048.1 kg CO2e (~1 048)
    concrete = load_boverket(database_file).get(6000000032)
    per_m3, findings = conversion_factor_to_declared_unit(concrete, "m^3")
    assert findings == ()
    declared_units = 100.0 * per_m3
    assert declared_units == pytest.approx(235_000.0)
    totals = concrete.impacts["gwp_ghg"].scaled(declared_units).to_mapping()
    assert totals["A1-A3"] == pytest.approx(34_075.0)
    assert totals["A4"] == pytest.approx(846.0)
    a5 = totals["A5"]
    assert isinstance(a5, float)
    assert a5 == pytest.approx(1_048.1)
    assert round(a5) == 1_048


def test_worked_example_through_a_bill_of_quantities(database_file: Path) -> None:
    # The same 100 m³ as a bill line: the product's A5 is the database's A5.1 (1 048.1). With
    # the line's own waste factor 1.03 instead, A5 = 0.03 x (34 075 + 846) = 1 047.63.
    products = load_boverket(database_file).products
    line = BillLine("slab", "6000000032", "100 m^3")
    results = calculate(BillOfQuantities("k3", (line,)), products).results["gwp_ghg"]
    assert results.to_mapping() == pytest.approx({"A1-A3": 34_075.0, "A4": 846.0, "A5": 1_048.1})
    line = BillLine("slab", "6000000032", "100 m^3", waste_factor=1.03)
    results = calculate(BillOfQuantities("k3", (line,)), products).results["gwp_ghg"]
    assert results.to_mapping()["A5"] == pytest.approx(1_047.63)


def test_typical_values_on_request(database_file: Path) -> None:
    # Typical: A1-A3 0.116; A5 from the waste rule on the typical value:
    # (1.03 - 1) x (0.116 + 0.0036) = 0.03 x 0.1196 = 0.003588 kg CO2e/kg.
    database = load_boverket(database_file, conservative=False)
    assert database.conservative is False
    concrete = database.get("6000000032").impacts["gwp_ghg"].to_mapping()
    assert concrete["A1-A3"] == 0.116
    assert concrete["A4"] == 0.0036
    assert concrete["A5"] == pytest.approx(0.003588, rel=1e-12)
    # 235 000 kg: A1-A3 27 260 kg CO2e, A5 843.18 kg CO2e.
    a1_a3, a5 = concrete["A1-A3"], concrete["A5"]
    assert isinstance(a1_a3, float)
    assert isinstance(a5, float)
    assert 235_000 * a1_a3 == pytest.approx(27_260.0)
    assert 235_000 * a5 == pytest.approx(843.18)
    hollowcore = database.get("6000000059").impacts["gwp_ghg"].to_mapping()
    assert hollowcore["A5"] == 0.0  # waste factor 1.0


def test_file_values_waste_and_transport_kept(database_file: Path) -> None:
    entry = load_boverket(database_file).entry("6000000000")
    assert dict(entry.values) == {
        "A1-A3 Conservative": 0.488,
        "A1-A3 Typical": 0.39,
        "A4": 0.0487,
        "A5.1": 0.0536,
    }
    assert entry.waste_factor == 1.1
    assert entry.conservative_factor == 1.25
    assert entry.category == "Byggskivor"
    assert entry.classification == "BK04 01208 Spånskivor"
    assert entry.names == {"en": "Particle board", "sv": "Spånskiva"}
    assert entry.service_life == ">50 år"
    assert entry.product.reference_service_life is None  # ">50 år" is not a number of years
    assert [leg.name for leg in entry.transport] == [
        "Närdistribution",
        "Fabrik till återförsäljare/lager",
    ]
    assert entry.transport[0].fuel_resource_id == "6000000010"
    # The legs explain A4 (the file's A4ValueBackground: truck 1 MJ/ton km over 600 km and
    # 2.5 MJ/ton km over 40 km, Swedish diesel 0.0695 kg CO2e/MJ):
    # (600 x 1.0 + 40 x 2.5) MJ/t = 700 MJ/t = 0.7 MJ/kg; x 0.0695 = 0.04865 -> 0.0487.
    energy_per_kg = sum(
        (leg.distance * leg.energy_use).to("MJ/kg").magnitude for leg in entry.transport
    )
    assert energy_per_kg == pytest.approx(0.7)
    assert energy_per_kg * 0.0695 == pytest.approx(0.04865)
    assert abs(energy_per_kg * 0.0695 - entry.values["A4"]) <= 0.00005 + 1e-12


def test_swedish_names_on_request(database_file: Path) -> None:
    assert load_boverket(database_file, language="sv").get("6000000000").name == "Spånskiva"


def test_energy_resources(database_file: Path) -> None:
    database = load_boverket(database_file)
    diesel = database.get("6000000010")
    assert diesel.declared_unit.units == parse_unit("MJ")
    assert diesel.impacts["gwp_ghg"].to_mapping() == {
        "A1-A3": 0.0695,
        "A4": NOT_DECLARED,
        "A5": NOT_DECLARED,
    }
    # The fuel's "Area kg/m²" 35.4 (evidently MJ per litre) is not used as a conversion.
    assert dict(diesel.properties) == {}
    assert [f.code for f in diesel.findings] == ["conversion_ignored"]
    assert "35.4 kg/m²" in diesel.findings[0].message
    electricity = database.get("6000000008")
    factor, _ = conversion_factor_to_declared_unit(electricity, "MWh")
    assert factor == pytest.approx(1000.0)


def test_area_conversion_of_glazing(database_file: Path) -> None:
    glazing = load_boverket(database_file).get("6000000176")
    per_m2, _ = conversion_factor_to_declared_unit(glazing, "m^2")
    assert per_m2 == pytest.approx(30.0)  # 30 kg/m², declared per kg


def test_pinned_version_and_download(database_file: Path) -> None:
    digest = hashlib.sha256(database_file.read_bytes()).hexdigest()
    assert len(load_boverket(database_file, version="02.06.000", sha256=digest)) == 7
    with pytest.raises(DataFormatError) as info:
        load_boverket(database_file, version="02.04.000")
    assert info.value.problems == (
        "Version: must be '02.04.000' (the version asked for); got '02.06.000'",
    )
    with pytest.raises(DataFormatError, match="sha256 must be 00ff"):
        load_boverket(database_file, sha256="00ff")


# -- findings on the database's own rules ---------------------------------------------------------
@pytest.mark.parametrize(
    ("typical", "conservative"),
    # The three resources of v02.06.000 off the rule by exactly one rounding step (copper pipe
    # 51 %, cellular glass boards, rapid-drying concrete): within the database's rounding.
    [(2.38, 2.97), (0.82, 1.02), (0.178, 0.222)],
)
def test_the_three_off_by_one_step_resources_are_accepted(
    typical: float, conservative: float
) -> None:
    item = resource(1, "x", "x", typical=typical, conservative=conservative)
    database = loads_boverket(json.dumps(document(Resources=[item])))
    assert database.get("1").findings == ()


def test_conservative_off_the_rule_is_reported() -> None:
    # 0.116 x 1.25 = 0.145; a stated 0.15 is further than half a unit of the 3rd figure.
    item = resource(1, "x", "x", typical=0.116, conservative=0.15)
    product = loads_boverket(json.dumps(document(Resources=[item]))).get("1")
    assert product.impacts["gwp_ghg"].to_mapping()["A1-A3"] == 0.15  # the stated value is used
    (finding,) = product.findings
    assert finding.code == "conservative_disagrees"
    assert "0.15" in finding.message
    assert "0.145" in finding.message
    assert dict(finding.values) == {"typical": 0.116, "conservative": 0.15, "factor": 1.25}


def test_missing_conservative_is_computed_by_the_rule() -> None:
    item = resource(1, "x", "x", typical=0.13, conservative=None)
    product = loads_boverket(json.dumps(document(Resources=[item]))).get("1")
    assert product.impacts["gwp_ghg"].to_mapping()["A1-A3"] == 0.163
    assert [f.code for f in product.findings] == ["conservative_computed"]


def test_a5_off_the_waste_rule_is_reported() -> None:
    # (1.03 - 1) x (0.145 + 0.0036) = 0.004458; a stated 0.00546 is 22 % off.
    item = resource(
        1, "x", "x", waste=1.03, typical=0.116, conservative=0.145, a4=0.0036, a51=0.00546
    )
    product = loads_boverket(json.dumps(document(Resources=[item]))).get("1")
    (finding,) = product.findings
    assert finding.code == "a5_disagrees"
    assert finding.values["expected"] == pytest.approx(0.004458)


def test_typical_missing_in_typical_mode_is_not_declared() -> None:
    item = resource(1, "x", "x", typical=0.1, conservative=0.125)
    item["DataItems"][0]["DataValueItems"] = [
        {"DataModuleCode": "A1-A3 Conservative", "Value": 0.125}
    ]
    product = loads_boverket(json.dumps(document(Resources=[item])), conservative=False).get("1")
    assert product.impacts["gwp_ghg"].to_mapping()["A1-A3"] is NOT_DECLARED
    assert [f.code for f in product.findings] == ["typical_missing"]


def test_service_life_in_years() -> None:
    item = resource(1, "x", "x", typical=0.1, conservative=0.125, life="50 år")
    product = loads_boverket(json.dumps(document(Resources=[item]))).get("1")
    assert product.reference_service_life is not None
    assert product.reference_service_life.to("year").magnitude == 50.0


# -- structural errors --------------------------------------------------------------------------
def _problems(data: Any, **kwargs: Any) -> tuple[str, ...]:
    with pytest.raises(DataFormatError) as info:
        loads_boverket(json.dumps(data), source="db.json", **kwargs)
    assert info.value.source == "db.json"
    return info.value.problems


def test_top_level_problems() -> None:
    assert _problems([]) == ("$: must be an object; got a list",)
    assert _problems({"Resources": []}) == ("$.Version: is required",)
    assert _problems({"Version": "02.06.000", "Resources": {}}) == (
        "Resources: must be a list; got an object",
    )
    assert _problems(document(PublishedDate="30 januari")) == (
        (
            "PublishedDate: must be a date or date-time text (YYYY-MM-DD...); got the text "
            "'30 januari'"
        ),
    )


def test_every_resource_problem_is_reported_with_its_path() -> None:
    broken = copy.deepcopy(RESOURCES)
    broken[0]["WasteFactor"] = 0.97
    broken[1]["DataItems"][0]["DataValueItems"][1]["Value"] = "0,163"
    del broken[2]["InventoryUnit"]
    broken[3]["DataItems"][0]["DataValueItems"][2]["DataModuleCode"] = "A4 Typical"
    broken[4]["DataItems"][0]["PropertyUnitCode"] = "kg CO2 eq./kWh"
    broken[5]["Conversions"][0]["Value"] = -35.4
    broken[6]["ResourceId"] = 6000000032
    problems = _problems(document(Resources=broken))
    assert problems == (
        "Resources[0].WasteFactor: must be at least 1; got 0.97",
        (
            "Resources[1].DataItems[0].DataValueItems[1].Value: must be a number; "
            "got the text '0,163'"
        ),
        "Resources[2].InventoryUnit: is required",
        (
            "Resources[3].DataItems[0].DataValueItems[2].DataModuleCode: must be one of "
            "A1-A3 Typical, A1-A3 Conservative, A4, A5.1; got 'A4 Typical'"
        ),
        (
            "Resources[4].DataItems[0].PropertyUnitCode: must be kg CO2e per the InventoryUnit "
            "(kg); got 'kg CO2 eq./kWh'"
        ),
        "Resources[5].Conversions[0].Value: must be greater than 0; got -35.4",
        "Resources[6].ResourceId: must be unique; 6000000032 repeats",
    )


def test_missing_gwp_item_and_values() -> None:
    item = resource(1, "x", "x", typical=0.1, conservative=0.125)
    item["DataItems"][0]["PropertyCode"] = "GWP-total"
    assert _problems(document(Resources=[item])) == (
        "Resources[0].DataItems: must contain the 'GWP-GHG AR4' item; got only GWP-total",
    )
    item = resource(1, "x", "x", typical=0.1, conservative=0.125)
    item["DataItems"][0]["DataValueItems"] = [{"DataModuleCode": "A4", "Value": 0.01}]
    assert _problems(document(Resources=[item])) == (
        (
            "Resources[0].DataItems: must give 'A1-A3 Typical' or 'A1-A3 Conservative' for "
            "'GWP-GHG AR4'"
        ),
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "not valid JSON at line 1, column 1: Expecting value"),
        ('{"Version": NaN}', "not valid JSON: NaN is not a JSON number"),
        (b"\xff\xfe{}", "is not UTF-8 text: invalid start byte"),
    ],
)
def test_not_json(text: str | bytes, problem: str) -> None:
    with pytest.raises(DataFormatError) as info:
        loads_boverket(text)
    assert info.value.problems == (problem,)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match=r"missing\.json: cannot be read"):
        load_boverket(tmp_path / "missing.json")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"conservative": "yes"}, "`conservative` must be true or false; got 'yes'"),
        ({"language": ""}, "`language` must be a language code"),
    ],
)
def test_bad_options(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        loads_boverket(json.dumps(DOCUMENT), **kwargs)
