"""T5: ILCD+EPD XML - generic data, product flows (per radiator) and scenarios.

Data: InDataWG/ILCD-EPD-Data-Format @ beb0fde, sample_data (Apache-2.0), copied under
shared/fixtures/indata-ilcd-epd/ with its flows, flowproperties and unitgroups folders.
Expected numbers are those of test case T5 in shared/reference/external-cases.md, or read by
hand from the file at the line given.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from climatelimits.exceptions import DataFormatError
from climatelimits.io.ilcd import read_ilcd, read_ilcd_product_flows
from climatelimits.products import DataType, Product, Standard, conversion_factor_to_declared_unit
from climatelimits.units import magnitude_in, parse_unit

pytestmark = pytest.mark.fixtures

WOOD_PANEL = "EPDv1.3_example_57a4ae65-d305-421e-b21f-a3f0c35b8abe.xml"


def _process(fixtures_dir: Path, name: str) -> Path:
    return fixtures_dir / "indata-ilcd-epd" / "processes" / name


def _values(product: Product, indicator: str = "gwp_total") -> dict[str, object]:
    return dict(product.impacts[indicator].to_mapping())


def test_kalk_generic_per_kg(fixtures_dir: Path) -> None:
    product = read_ilcd(_process(fixtures_dir, "Kalk_CaO_Feinkalk.xml"))
    assert product.declared_unit == 1 * parse_unit("kg")
    assert _values(product, "gwp") == {"A1-A3": pytest.approx(1.45889833121899, rel=1e-12)}
    assert product.data_type is DataType.GENERIC
    assert product.standard is Standard.EN15804_A1
    assert product.name == "Kalk (CaO; Feinkalk)"
    # The flow file is named Kalk_generisch_<uuid>.xml, not the uri's <uuid>.xml: found by UUID.
    assert product.id == "790dd474-60c9-4464-9110-9f1aedbe6c10"


def test_heizkoerper_generic_per_kg(fixtures_dir: Path) -> None:
    product = read_ilcd(_process(fixtures_dir, "Heizkoerper.xml"))
    assert product.declared_unit == 1 * parse_unit("kg")
    assert _values(product, "gwp") == {"A1-A3": pytest.approx(4.3636825804849, rel=1e-12)}
    # The GaBi material class "Elektrik (unspezifisch)" is no physical property: reported.
    assert [f.code for f in product.findings] == ["ignored_flow_property"]


@pytest.mark.parametrize(
    ("size", "mass", "per_radiator"),
    [
        pytest.param("300mm", 18.3, 79.855, id="300mm"),
        pytest.param("400mm", 24.9, 108.656, id="400mm"),
        pytest.param("500mm", 31.3, 136.583, id="500mm"),
        pytest.param("600mm", 37.5, 163.638, id="600mm"),
        pytest.param("900mm", 56.7, 247.421, id="900mm"),
    ],
)
def test_heizkoerper_product_flows_per_radiator(
    fixtures_dir: Path, size: str, mass: float, per_radiator: float
) -> None:
    products = {
        p.name: p for p in read_ilcd_product_flows(_process(fixtures_dir, "Heizkoerper.xml"))
    }
    assert len(products) == 5
    product = products[f"Heizkörper {size}"]
    assert product.declared_unit == 1 * parse_unit("piece")
    assert magnitude_in(product.properties["mass_per_piece"], "kg/piece") == pytest.approx(mass)
    # T5: GWP A1-A3 per radiator, rounded to 3 decimals there.
    value = _values(product, "gwp")["A1-A3"]
    assert value == pytest.approx(per_radiator, abs=5e-4)
    assert "product_flow_scaled" in [f.code for f in product.findings]
    # 5 radiators of this size are 5 declared units.
    factor, _ = conversion_factor_to_declared_unit(product, "piece")
    assert factor == 1


def test_wood_panel_declared_unit_area_and_service_life(fixtures_dir: Path) -> None:
    product = read_ilcd(_process(fixtures_dir, WOOD_PANEL))
    # T5: reference flow 1 kg with area 0.721 m² (1.38696 kg/m²).
    assert product.declared_unit == 1 * parse_unit("kg")
    assert magnitude_in(product.properties["area_mass"], "kg/m^2") == pytest.approx(1.38696)
    assert magnitude_in(product.properties["thickness"], "m") == pytest.approx(0.042)
    assert _values(product)["A1-A3"] == pytest.approx(15.559479677163699, rel=1e-12)
    factor, findings = conversion_factor_to_declared_unit(product, "m^2")
    assert findings == ()
    assert 15.559479677163699 * factor == pytest.approx(21.5804, abs=5e-5)  # per m²
    # epd24:referenceServiceLife years="100" (line 29); publication 2020-05-08 and
    # expiration 2024-05-08 (lines 152-153).
    assert product.reference_service_life == 100 * parse_unit("year")
    assert product.valid_from == dt.date(2020, 5, 8)
    assert product.valid_until == dt.date(2024, 5, 8)
    assert product.standard is Standard.EN15804_A2


def test_wood_panel_default_scenarios(fixtures_dir: Path) -> None:
    product = read_ilcd(_process(fixtures_dir, WOOD_PANEL))
    values = _values(product)
    # T5: A4 default "Transport to Gdansk"; EoL default "100% recycling".
    assert values["A4"] == pytest.approx(10.403452605105544, rel=1e-12)
    assert values["C3"] == pytest.approx(12.55722191320309, rel=1e-12)
    assert values["C4"] == pytest.approx(16.861343234824155, rel=1e-12)
    assert values["D"] == pytest.approx(3.890472762252513, rel=1e-12)
    defaults = {s.id: s.default for s in product.scenarios}
    assert defaults == {
        "Transport to Gdansk": True,
        "Transport to Berlin": False,
        "100% recycling": True,
        "100% incineration": False,
    }
    assert {str(s.modules) for s in product.scenarios} == {"A4", "C3-C4,D"}


def test_wood_panel_alternative_scenarios(fixtures_dir: Path) -> None:
    product = read_ilcd(_process(fixtures_dir, WOOD_PANEL))
    berlin = _values(product.with_scenario("Transport to Berlin"))
    assert berlin["A4"] == pytest.approx(10.621689444677362, rel=1e-12)
    assert berlin["C3"] == pytest.approx(12.55722191320309, rel=1e-12)  # EoL unchanged
    incineration = _values(product.with_scenario("100% incineration"))
    assert incineration["C3"] == pytest.approx(29.83997231119644, rel=1e-12)
    assert incineration["C4"] == pytest.approx(37.34889504407421, rel=1e-12)
    assert incineration["D"] == pytest.approx(21.473728298846915, rel=1e-12)
    assert incineration["A4"] == pytest.approx(10.403452605105544, rel=1e-12)  # Gdansk kept
    # LCAx keeps whichever value comes last in the file (Berlin, line 832); we do not.
    assert _values(product)["A4"] != pytest.approx(10.621689444677362)


def test_flows_dir_can_be_given_explicitly(fixtures_dir: Path, tmp_path: Path) -> None:
    source = _process(fixtures_dir, "Kalk_CaO_Feinkalk.xml")
    alone = tmp_path / "somewhere" / "process.xml"
    alone.parent.mkdir()
    shutil.copyfile(source, alone)
    with pytest.raises(DataFormatError, match="6c6bf0f0-4ba1-4032-a92d-5fa52ca1189d") as info:
        read_ilcd(alone)
    assert str(alone) in str(info.value)
    assert "flows_dir" in str(info.value)
    product = read_ilcd(alone, flows_dir=fixtures_dir / "indata-ilcd-epd" / "flows")
    assert _values(product, "gwp") == {"A1-A3": pytest.approx(1.45889833121899, rel=1e-12)}


def test_a_flow_data_set_is_not_a_process(fixtures_dir: Path) -> None:
    flow = fixtures_dir / "indata-ilcd-epd" / "flows" / "a7432abd-0881-4977-a817-f8aaf627fb91.xml"
    with pytest.raises(DataFormatError, match="root element must be processDataSet"):
        read_ilcd(flow)


def test_generic_data_set_without_product_flows(fixtures_dir: Path) -> None:
    assert read_ilcd_product_flows(_process(fixtures_dir, "Kalk_CaO_Feinkalk.xml")) == ()
