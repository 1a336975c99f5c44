"""ILCD+EPD import on small hand-written data sets: every rule and every refusal.

The snippets follow the shapes of the real files (soda4LCA JSON and ILCD+EPD XML, see
``tests/fixtures_tier/test_ilcd_*.py``) but are written here, so each test shows one rule.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from climatelimits.exceptions import DataFormatError, InvalidInputError
from climatelimits.io.ilcd import gwp_indicator_of, loads_ilcd, read_ilcd
from climatelimits.products import Product
from climatelimits.results import NOT_DECLARED
from climatelimits.units import magnitude_in, parse_unit

GWP_TOTAL = "6a37f984-a4b3-458a-a20a-64418c145fa2"  # EF 3.0, InData identifier table
GWP_FOSSIL = "5f635281-343e-44fb-83df-1971b155e6b6"
GWP_BIOGENIC = "2356e1ab-0185-4db5-86e5-16de51c7485c"
GWP_LULUC = "4331bbdb-978a-490d-8707-eeb047f01a55"
GWP_TOTAL_31 = "a7ea142a-9749-11ed-a8fc-0242ac120002"  # EF 3.1
GWP_A1 = "77e416eb-a363-4258-a04e-171d843a6460"  # EN 15804+A1
MASS = "93a60a56-a3c8-11da-a746-0800200b9a66"
VOLUME = "93a60a56-a3c8-22da-a746-0800200c9a66"
AREA = "93a60a56-a3c8-19da-a746-0800200c9a66"


# -- soda4LCA JSON snippets -------------------------------------------------------------------
def _amounts(values: dict[str, Any], scenario: str | None = None) -> list[dict[str, Any]]:
    out = []
    for module, value in values.items():
        item: dict[str, Any] = {"module": module}
        if value is not ...:
            item["value"] = value
        if scenario is not None:
            item["scenario"] = scenario
        out.append(item)
    return out


def _result(uuid: str, anies: list[dict[str, Any]], unit: str = "kg CO2 eqv.") -> dict[str, Any]:
    unit_ref = {
        "name": "referenceToUnitGroupDataSet",
        "value": {"shortDescription": [{"value": unit}]},
    }
    return {
        "referenceToLCIAMethodDataSet": {"refObjectId": uuid},
        "other": {"anies": [*anies, unit_ref]},
    }


def _json(
    results: list[dict[str, Any]],
    *,
    reference: tuple[str, float, str] = (VOLUME, 1.0, "m3"),
    others: tuple[tuple[str, float], ...] = (),
    materials: tuple[tuple[str, str, str], ...] = (),
    mean_amount: object = 1.0,
    scenarios: list[dict[str, Any]] | None = None,
    time: dict[str, Any] | None = None,
) -> str:
    uuid, mean, unit = reference
    properties: list[dict[str, Any]] = [
        {"uuid": uuid, "referenceFlowProperty": True, "meanValue": mean, "referenceUnit": unit}
    ]
    properties += [{"uuid": u, "meanValue": v} for u, v in others]
    info: dict[str, Any] = {
        "UUID": "11111111-2222-3333-4444-555555555555",
        "name": {"baseName": [{"value": "Test product", "lang": "en"}]},
    }
    if scenarios is not None:
        info["other"] = {"anies": [{"scenario": scenarios}]}
    document: dict[str, Any] = {
        "processInformation": {
            "dataSetInformation": info,
            "quantitativeReference": {"referenceToReferenceFlow": [0]},
            "time": time or {},
        },
        "exchanges": {
            "exchange": [
                {
                    "dataSetInternalID": 0,
                    "meanAmount": mean_amount,
                    "referenceToFlowDataSet": {
                        "refObjectId": "99999999-0000-0000-0000-000000000000"
                    },
                    "flowProperties": properties,
                    "materialProperties": [
                        {"name": n, "value": v, "unit": u} for n, v, u in materials
                    ],
                }
            ]
        },
        "LCIAResults": {"LCIAResult": results},
    }
    return json.dumps(document)


def _load(text: str) -> Product:
    return loads_ilcd(text, source="snippet.json")


def _gwp(values: dict[str, Any], **kwargs: Any) -> Product:
    return _load(_json([_result(GWP_TOTAL, _amounts(values))], **kwargs))


def _codes(product: Product) -> list[str]:
    return [f.code for f in product.findings]


# -- values: declared, declared zero, not declared ---------------------------------------------
def test_not_declared_marks_are_never_zero() -> None:
    product = _gwp(
        {
            "A1-A3": "12.5",
            "A4": "ND",
            "A5": "MNA",
            "B1": None,
            "B2": "",
            "B3": ...,  # the module without a value at all
            "C1": "0",
            "C2": "mnd",
        }
    )
    values = product.impacts["gwp_total"].to_mapping()
    assert values["A1-A3"] == 12.5
    assert values["C1"] == 0.0  # a declared zero stays a zero
    for module in ("A4", "A5", "B1", "B2", "B3", "C2"):
        assert values[module] is NOT_DECLARED, module
    assert product.impacts["gwp_total"].total("A1-A5").value is None
    assert product.impacts["gwp_total"].total("C1").value == 0 * parse_unit("kg CO2e")


def test_numbers_may_be_json_numbers_or_text_with_exponents() -> None:
    product = _gwp({"A1-A3": 12, "A4": "1.5E-2", "C4": -0.25})
    assert product.impacts["gwp_total"].to_mapping() == {"A1-A3": 12.0, "A4": 0.015, "C4": -0.25}


@pytest.mark.parametrize("bad", ["1,5", "12 kg", "NaN", "1_000", "abc", True])
def test_a_value_that_is_no_number_names_file_and_path(bad: object) -> None:
    text = _json([_result(GWP_TOTAL, _amounts({"A1-A3": "1.0", "A4": bad}))])
    message = (
        "snippet.json: LCIAResults.LCIAResult[0].other.anies[1]: must be a number or a "
        f"not-declared mark (ND, MND, MNA, MNR); got {bad!r}"
    )
    with pytest.raises(DataFormatError, match=re.escape(message)):
        _load(text)


def test_a_module_that_is_no_en15978_module_is_refused() -> None:
    with pytest.raises(
        DataFormatError,
        match=r"anies\[0\]: the module must be an EN 15978 module such as 'A1-A3'; got 'A9'",
    ):
        _gwp({"A9": "1"})


def test_a_module_declared_twice_with_different_values_is_refused() -> None:
    anies = [{"module": "A4", "value": "1.0"}, {"module": "A4", "value": "2.0"}]
    with pytest.raises(
        DataFormatError, match="gwp_total A4 is declared twice with different values"
    ):
        _load(_json([_result(GWP_TOTAL, anies)]))
    same = [{"module": "A4", "value": "1.0"}, {"module": "A4", "value": "1.00"}]
    assert _load(_json([_result(GWP_TOTAL, same)])).impacts["gwp_total"].to_mapping() == {
        "A4": 1.0
    }


def test_gwp_in_tonnes_is_converted_to_kg() -> None:
    product = _load(_json([_result(GWP_TOTAL, _amounts({"A1-A3": "0.25"}), unit="t CO2e")]))
    assert product.impacts["gwp_total"].to_mapping() == {"A1-A3": 250.0}


def test_gwp_indicators_are_found_by_uuid_not_by_name() -> None:
    results = [
        _result(GWP_A1, _amounts({"A1-A3": "3"})),
        {
            "referenceToLCIAMethodDataSet": {
                "refObjectId": "00000000-aaaa-bbbb-cccc-000000000000",
                "shortDescription": [
                    {"value": "Global warming potential (GWP-total)", "lang": "en"}
                ],
            },
            "other": {"anies": _amounts({"A1-A3": "4"})},
        },
    ]
    product = _load(_json(results))
    assert set(product.impacts) == {"gwp"}
    assert _codes(product) == ["unknown_gwp_indicator"]
    assert gwp_indicator_of(GWP_TOTAL_31.upper()) == "gwp_total"
    assert gwp_indicator_of("06dcd26f-025f-401a-a7c1-5e457eb54637") is None  # ODP (A1)


def test_the_first_of_two_declarations_of_one_indicator_is_used() -> None:
    results = [
        _result(GWP_TOTAL, _amounts({"A1-A3": "3"})),
        _result(GWP_TOTAL_31, _amounts({"A1-A3": "4"})),
    ]
    product = _load(_json(results))
    assert product.impacts["gwp_total"].to_mapping() == {"A1-A3": 3.0}
    assert _codes(product) == ["duplicate_indicator"]


def test_no_gwp_at_all_is_reported() -> None:
    product = _load(_json([]))
    assert dict(product.impacts) == {}
    assert _codes(product) == ["no_gwp_results"]


# -- product stage -----------------------------------------------------------------------------
def test_a1_a2_a3_and_a1_a3_are_never_counted_twice() -> None:
    # Numbers of the ÖKOBAUDAT CLT data set f63ac879 quoted in external-cases.md (T4).
    product = _gwp({"A1": "-764.0696", "A2": "24.7273", "A3": "91.9222", "A1-A3": "-647.4201"})
    assert product.impacts["gwp_total"].to_mapping() == {"A1-A3": -647.4201}
    assert _codes(product) == []
    disagreeing = _gwp({"A1": "10", "A2": "1", "A3": "1", "A1-A3": "20"})
    assert disagreeing.impacts["gwp_total"].to_mapping() == {"A1-A3": 20.0}
    assert _codes(disagreeing) == ["a1_a3_disagrees"]


# -- declared unit and conversion properties ---------------------------------------------------
def test_declared_unit_is_mean_amount_times_reference_property() -> None:
    product = _gwp({"A1-A3": "100"}, reference=(MASS, 1000.0, "kg"), mean_amount=2.0)
    assert product.declared_unit == 2000 * parse_unit("kg")
    assert _codes(product) == ["declared_unit_not_one"]


@pytest.mark.parametrize("amount", [0, -1.0, "x", None])
def test_reference_amount_must_be_a_positive_number(amount: object) -> None:
    with pytest.raises(DataFormatError, match=r"exchanges\.exchange\[0\]\.meanAmount"):
        _gwp({"A1-A3": "1"}, mean_amount=amount)


def test_mass_flow_property_gives_mass_per_declared_unit() -> None:
    product = _gwp({"A1-A3": "240"}, others=((MASS, 2400.0),))
    assert product.properties["mass_per_declared_unit"] == 2400 * parse_unit("kg/m^3")
    assert product.properties["density"] == 2400 * parse_unit("kg/m^3")


def test_conversion_factor_to_1_kg_follows_the_indata_rule() -> None:
    # InData MaterialProperties: mass = declared amount / factor.
    product = _gwp({"A1-A3": "240"}, materials=(("conversion factor to 1 kg", "0.0005", "-"),))
    assert magnitude_in(product.properties["mass_per_declared_unit"], "kg/m^3") == pytest.approx(
        2000
    )
    assert _codes(product) == []


def test_conversion_factor_written_inverted_is_reported_and_not_used() -> None:
    materials = (("conversion factor to 1 kg", "2000", "-"), ("gross density", "2000", "kg/m^3"))
    product = _gwp({"A1-A3": "240"}, materials=materials)
    assert magnitude_in(product.properties["mass_per_declared_unit"], "kg/m^3") == 2000
    (finding,) = product.findings
    assert finding.code == "conflicting_conversion"
    assert "inverse of the InData rule" in finding.message


def test_conversion_factor_of_a_mass_declared_unit_must_be_one() -> None:
    materials = (("conversion factor to 1 kg", "1.0", "-"),)
    assert _codes(_gwp({"A1-A3": "2"}, reference=(MASS, 1.0, "kg"), materials=materials)) == []
    materials = (("conversion factor to 1 kg", "5", "-"),)
    assert _codes(_gwp({"A1-A3": "2"}, reference=(MASS, 1.0, "kg"), materials=materials)) == [
        "conflicting_conversion"
    ]


def test_flow_property_and_material_property_that_disagree_are_reported() -> None:
    product = _gwp(
        {"A1-A3": "24"},
        reference=(AREA, 1.0, "m2"),
        others=((MASS, 30.0),),
        materials=(("grammage", "20", "kg/m^2"),),
    )
    assert (
        magnitude_in(product.properties["mass_per_declared_unit"], "kg/m^2") == 20
    )  # grammage wins
    (finding,) = product.findings
    assert finding.code == "conflicting_conversion"
    assert finding.values == {"'grammage'": 20.0, "the flow property mass": 30.0}


def test_grammage_is_kept_when_density_times_thickness_disagrees() -> None:
    materials = (
        ("grammage", "20", "kg/m^2"),
        ("gross density", "1000", "kg/m^3"),
        ("layer thickness", "0.01", "m"),
    )
    product = _gwp({"A1-A3": "24"}, reference=(AREA, 1.0, "m2"), materials=materials)
    assert "density" not in product.properties
    assert product.properties["thickness"] == 0.01 * parse_unit("m")
    assert _codes(product) == ["conflicting_conversion"]


def test_unknown_or_unusable_material_properties_are_reported() -> None:
    materials = (("colour", "3", "-"), ("grammage", "-2", "kg/m^2"), ("gross density", "5", "m"))
    product = _gwp({"A1-A3": "1"}, materials=materials)
    assert _codes(product) == ["ignored_material_property"] * 3
    assert "mass_per_declared_unit" not in product.properties


def test_a_flow_without_properties_has_no_declared_unit() -> None:
    document = json.loads(_gwp_text := _json([_result(GWP_TOTAL, _amounts({"A1-A3": "1"}))]))
    document["exchanges"]["exchange"][0]["flowProperties"] = []
    with pytest.raises(DataFormatError, match="the reference flow has no flow properties"):
        _load(json.dumps(document))
    assert _gwp_text


# -- plausibility and identity -----------------------------------------------------------------
@pytest.mark.parametrize(("value", "flagged"), [("250", True), ("-10", True), ("2.0", False)])
def test_implausible_gwp_per_kg_is_reported(value: str, flagged: bool) -> None:
    product = _gwp({"A1-A3": value}, reference=(MASS, 1.0, "kg"))
    assert ("implausible_value" in _codes(product)) is flagged


def test_gwp_identity_within_rounding_is_quiet_and_beyond_is_reported() -> None:
    def dataset(total: str) -> Product:
        results = [
            _result(GWP_TOTAL, _amounts({"A1-A3": total})),
            _result(GWP_FOSSIL, _amounts({"A1-A3": "10.0"})),
            _result(GWP_BIOGENIC, _amounts({"A1-A3": "-1.2"})),
            _result(GWP_LULUC, _amounts({"A1-A3": "0.04"})),
        ]
        return _load(_json(results))

    assert _codes(dataset("8.84")) == []
    assert _codes(dataset("8.8")) == []  # 8.84 rounds to 8.8 at one decimal
    (finding,) = dataset("9.5").findings
    assert finding.code == "gwp_identity"
    assert finding.values == pytest.approx(
        {"A1-A3 gwp_total": 9.5, "A1-A3 fossil+biogenic+luluc": 8.84}
    )


# -- scenarios --------------------------------------------------------------------------------
def _scenario_product(defaults: tuple[bool, bool], c3: tuple[str, str]) -> Product:
    anies = _amounts({"A1-A3": "5"})
    anies += _amounts({"C3": c3[0], "D": "-1"}, scenario="recycling")
    anies += _amounts({"C3": c3[1], "D": "-2"}, scenario="landfill")
    scenarios = [
        {"name": "recycling", "default": defaults[0], "group": "EoL"},
        {"name": "landfill", "default": defaults[1], "group": "EoL"},
    ]
    return _load(_json([_result(GWP_TOTAL, anies)], scenarios=scenarios))


def test_the_default_scenario_gives_the_values_and_others_are_kept() -> None:
    product = _scenario_product((True, False), ("3", "4"))
    assert product.impacts["gwp_total"].to_mapping() == {"A1-A3": 5.0, "C3": 3.0, "D": -1.0}
    landfill = product.with_scenario("landfill")
    assert landfill.impacts["gwp_total"].to_mapping() == {"A1-A3": 5.0, "C3": 4.0, "D": -2.0}
    assert _codes(product) == []


def test_without_a_default_only_agreeing_scenarios_give_a_value() -> None:
    product = _scenario_product((False, False), ("3", "3"))
    assert product.impacts["gwp_total"].to_mapping() == {
        "A1-A3": 5.0,
        "C3": 3.0,
        "D": NOT_DECLARED,
    }
    (finding,) = product.findings
    assert finding.code == "no_default_scenario"
    assert "landfill -2" in finding.message


def test_two_defaults_for_the_same_modules_are_no_default() -> None:
    product = _scenario_product((True, True), ("3", "4"))
    assert product.impacts["gwp_total"].to_mapping()["C3"] is NOT_DECLARED
    assert not any(s.default for s in product.scenarios)
    assert _codes(product) == ["no_default_scenario", "no_default_scenario"]


def test_a_scenario_used_but_not_declared_is_reported() -> None:
    anies = _amounts({"A1-A3": "5"}) + _amounts({"A4": "1"}, scenario="truck")
    product = _load(_json([_result(GWP_TOTAL, anies)]))
    assert _codes(product) == ["undeclared_scenario"]
    assert product.impacts["gwp_total"].to_mapping() == {"A1-A3": 5.0, "A4": 1.0}


# -- dates -------------------------------------------------------------------------------------
def test_validity_from_publication_and_valid_until_year() -> None:
    time_ = {
        "dataSetValidUntil": 2028,
        "other": {"anies": [{"name": "publicationDateOfEPD", "value": 1697673600000}]},
    }
    product = _gwp({"A1-A3": "1"}, time=time_)
    assert str(product.valid_from) == "2023-10-19"  # 1697673600000 ms after 1970-01-01 UTC
    assert str(product.valid_until) == "2028-12-31"


def test_valid_until_before_publication_is_reported_and_dropped() -> None:
    time_ = {
        "dataSetValidUntil": 2001,
        "other": {"anies": [{"name": "publicationDateOfEPD", "value": "2020-05-08"}]},
    }
    product = _gwp({"A1-A3": "1"}, time=time_)
    assert product.valid_until is None
    assert _codes(product) == ["validity_inconsistent"]


def test_valid_until_must_be_a_year() -> None:
    with pytest.raises(
        DataFormatError, match=r"processInformation\.time\.dataSetValidUntil: must be a year"
    ):
        _gwp({"A1-A3": "1"}, time={"dataSetValidUntil": 20281.5})


# -- documents that are not ILCD process data sets ---------------------------------------------
@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("hello", "neither XML nor JSON"),
        ("[1, 2]", "must be an object with 'processInformation'"),
        ('{"a": 1}', "must be an object with 'processInformation'"),
        ("{", "not valid JSON at line 1"),
        ('{"processInformation": {"x": NaN}}', "not valid JSON: NaN is not a JSON number"),
        ('{"processInformation": {}}', "referenceToReferenceFlow: missing"),
    ],
)
def test_not_a_process_data_set(text: str, problem: str) -> None:
    with pytest.raises(DataFormatError, match=re.escape(problem)):
        _load(text)


def test_a_part_of_the_wrong_shape_is_named() -> None:
    document = json.loads(_json([]))
    document["LCIAResults"] = "x"
    with pytest.raises(
        DataFormatError,
        match=re.escape("snippet.json: LCIAResults: must be an object; got the text 'x'"),
    ):
        _load(json.dumps(document))
    document["LCIAResults"] = {"LCIAResult": [{"other": {"anies": [7]}}]}
    with pytest.raises(
        DataFormatError, match=r"LCIAResult\[0\]\.other\.anies\[0\]: must be an object"
    ):
        _load(json.dumps(document))


def test_reference_exchange_that_does_not_exist() -> None:
    document = json.loads(_json([]))
    document["processInformation"]["quantitativeReference"]["referenceToReferenceFlow"] = [7]
    with pytest.raises(
        DataFormatError, match="names exchange '7', but no exchange has that dataSetInternalID"
    ):
        _load(json.dumps(document))


def test_data_must_be_bytes_or_text() -> None:
    with pytest.raises(InvalidInputError, match="`data` must be the bytes or text"):
        loads_ilcd(42, source="x")  # type: ignore[arg-type]


def test_a_missing_file_is_a_data_format_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.xml"
    with pytest.raises(DataFormatError, match=re.escape(f"{missing}: cannot be read")):
        read_ilcd(missing)


# -- XML ----------------------------------------------------------------------------------------
PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<processDataSet xmlns="http://lca.jrc.it/ILCD/Process" xmlns:common="http://lca.jrc.it/ILCD/Common"
    xmlns:epd="http://www.iai.kit.edu/EPD/2013" version="1.1">
  <processInformation>
    <dataSetInformation>
      <common:UUID>aaaaaaaa-0000-0000-0000-000000000001</common:UUID>
      <name><baseName xml:lang="en">Board</baseName></name>
      <common:other>
        <epd:scenarios>
          <epd:scenario epd:name="near" epd:default="true" epd:group="Transport">
            <epd:description>10 km</epd:description>
          </epd:scenario>
          <epd:scenario epd:name="far" epd:group="Transport"/>
        </epd:scenarios>
      </common:other>
    </dataSetInformation>
    <quantitativeReference><referenceToReferenceFlow>7</referenceToReferenceFlow></quantitativeReference>
  </processInformation>
  <exchanges>
    <exchange dataSetInternalID="7">
      <referenceToFlowDataSet refObjectId="bbbbbbbb-0000-0000-0000-000000000002"/>
      <meanAmount>{amount}</meanAmount>
    </exchange>
  </exchanges>
  <LCIAResults>
    <LCIAResult>
      <referenceToLCIAMethodDataSet refObjectId="6a37f984-a4b3-458a-a20a-64418c145fa2"/>
      <common:other>
        <epd:amount epd:module="A1-A3">{a1a3}</epd:amount>
        <epd:amount module="A5">ND</epd:amount>
        <epd:amount epd:module="A4" epd:scenario="near">1.5</epd:amount>
        <epd:amount epd:module="A4" epd:scenario="far">4.5</epd:amount>
        <epd:referenceToUnitGroupDataSet refObjectId="1ebf3012-d0db-4de2-aefd-ef30cedb0be1">
          <common:shortDescription xml:lang="en">kg CO2 eqv.</common:shortDescription>
        </epd:referenceToUnitGroupDataSet>
      </common:other>
    </LCIAResult>
  </LCIAResults>
</processDataSet>
"""

FLOW = """<?xml version="1.0" encoding="UTF-8"?>
<flowDataSet xmlns="http://lca.jrc.it/ILCD/Flow"
    xmlns:common="http://lca.jrc.it/ILCD/Common" version="1.1">
  <flowInformation>
    <dataSetInformation>
      <common:UUID>bbbbbbbb-0000-0000-0000-000000000002</common:UUID>
      <name><baseName xml:lang="en">board</baseName></name>
    </dataSetInformation>
    <quantitativeReference><referenceToReferenceFlowProperty>0</referenceToReferenceFlowProperty></quantitativeReference>
  </flowInformation>
  <flowProperties>
    <flowProperty dataSetInternalID="0">
      <referenceToFlowPropertyDataSet refObjectId="{reference}"/>
      <meanValue>1.0</meanValue>
    </flowProperty>
    <flowProperty dataSetInternalID="1">
      <referenceToFlowPropertyDataSet refObjectId="93a60a56-a3c8-11da-a746-0800200b9a66"/>
      <meanValue>12.0</meanValue>
    </flowProperty>
  </flowProperties>
</flowDataSet>
"""

FLOW_PROPERTY = """<?xml version="1.0" encoding="UTF-8"?>
<flowPropertyDataSet xmlns="http://lca.jrc.it/ILCD/FlowProperty" xmlns:common="http://lca.jrc.it/ILCD/Common">
  <flowPropertiesInformation>
    <dataSetInformation><common:UUID>cccccccc-0000-0000-0000-000000000003</common:UUID></dataSetInformation>
    <quantitativeReference>
      <referenceToReferenceUnitGroup refObjectId="dddddddd-0000-0000-0000-000000000004"/>
    </quantitativeReference>
  </flowPropertiesInformation>
</flowPropertyDataSet>
"""

UNIT_GROUP = """<?xml version="1.0" encoding="UTF-8"?>
<unitGroupDataSet xmlns="http://lca.jrc.it/ILCD/UnitGroup" xmlns:common="http://lca.jrc.it/ILCD/Common">
  <unitGroupInformation>
    <dataSetInformation><common:UUID>dddddddd-0000-0000-0000-000000000004</common:UUID></dataSetInformation>
    <quantitativeReference><referenceToReferenceUnit>1</referenceToReferenceUnit></quantitativeReference>
  </unitGroupInformation>
  <units>
    <unit dataSetInternalID="0"><name>dozen</name><meanValue>12</meanValue></unit>
    <unit dataSetInternalID="1"><name>pcs.</name><meanValue>1</meanValue></unit>
  </units>
</unitGroupDataSet>
"""


def _xml_tree(
    tmp_path: Path, *, amount: str = "1.0", a1a3: str = "6.25", reference: str = AREA
) -> Path:
    for folder in ("processes", "flows", "flowproperties", "unitgroups"):
        (tmp_path / folder).mkdir(exist_ok=True)
    process = tmp_path / "processes" / "board.xml"
    process.write_text(
        PROCESS.replace("{amount}", amount).replace("{a1a3}", a1a3), encoding="utf-8"
    )
    flow = FLOW.replace("{reference}", reference)
    (tmp_path / "flows" / "board_bbbbbbbb-0000-0000-0000-000000000002.xml").write_text(
        flow, encoding="utf-8"
    )
    (tmp_path / "flowproperties" / "items.xml").write_text(FLOW_PROPERTY, encoding="utf-8")
    (tmp_path / "unitgroups" / "pieces.xml").write_text(UNIT_GROUP, encoding="utf-8")
    return process


def test_xml_process_with_flow_scenarios_and_not_declared(tmp_path: Path) -> None:
    product = read_ilcd(_xml_tree(tmp_path))
    assert product.declared_unit == 1 * parse_unit("m^2")
    assert product.properties["area_mass"] == 12 * parse_unit("kg/m^2")
    # module written without prefix (module="A5"), as some ÖKOBAUDAT vintages do
    assert product.impacts["gwp_total"].to_mapping() == {
        "A1-A3": 6.25,
        "A4": 1.5,
        "A5": NOT_DECLARED,
    }
    assert [(s.id, s.name, s.default) for s in product.scenarios] == [
        ("near", "10 km", True),
        ("far", "far", False),
    ]
    assert product.with_scenario("far").impacts["gwp_total"].to_mapping()["A4"] == 4.5


def test_xml_reference_unit_from_flowproperties_and_unitgroups(tmp_path: Path) -> None:
    # A flow property unknown by UUID is resolved through ../flowproperties and ../unitgroups.
    product = read_ilcd(_xml_tree(tmp_path, reference="cccccccc-0000-0000-0000-000000000003"))
    assert product.declared_unit == 1 * parse_unit("piece")
    assert product.properties["mass_per_piece"] == 12 * parse_unit("kg/piece")


def test_xml_errors_name_the_path_and_the_line(tmp_path: Path) -> None:
    process = _xml_tree(tmp_path, a1a3="6,25")
    expected = (
        f"{process}: /processDataSet/LCIAResults/LCIAResult[1]/other/amount[1] (line 29): "
        "must be a number or a not-declared mark (ND, MND, MNA, MNR); got '6,25'"
    )
    with pytest.raises(DataFormatError, match=re.escape(expected)):
        read_ilcd(process)
    with pytest.raises(DataFormatError, match=r"meanAmount \(line 22\): must be greater than 0"):
        read_ilcd(_xml_tree(tmp_path, amount="0"))


def test_malformed_xml_names_line_and_column() -> None:
    with pytest.raises(DataFormatError, match=r"not well-formed XML at line 2, column \d+"):
        loads_ilcd("<processDataSet>\n<a></b></processDataSet>", source="bad.xml")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<processDataSet xmlns="http://lca.jrc.it/ILCD/Process">&lol9;</processDataSet>
"""


def test_entity_bomb_is_refused_before_expansion() -> None:
    start = time.perf_counter()
    with pytest.raises(DataFormatError, match="document type declaration, entities or external"):
        loads_ilcd(BILLION_LAUGHS, source="bomb.xml")
    assert time.perf_counter() - start < 1.0


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    text = (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE p [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<processDataSet xmlns="http://lca.jrc.it/ILCD/Process">&x;</processDataSet>'
    )
    with pytest.raises(DataFormatError) as info:
        loads_ilcd(text, source="xxe.xml")
    assert "TOP-SECRET" not in str(info.value)


def test_an_amount_of_1e308_is_a_clean_error() -> None:
    # Issue 10, item 3: A1 + A2 + A3 overflowed inside math.fsum (OverflowError).
    values = {"A1": "1E308", "A2": "1E308", "A3": "1E308"}
    with pytest.raises(DataFormatError) as info:
        _gwp(values)
    (problem,) = info.value.problems
    assert problem == (
        "`gwp_total.A1-A3` must add up to a finite number; got A1 + A2 + A3 = "
        "[1e+308, 1e+308, 1e+308]"
    )


def test_amounts_near_the_largest_float_still_add() -> None:
    product = _gwp({"A1": "1E307", "A2": "2E307", "A3": "3E307"})
    total = product.impacts["gwp_total"].total("A1-A3").value
    assert total is not None
    assert total.magnitude == pytest.approx(6e307)
