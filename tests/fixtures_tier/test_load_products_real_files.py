"""load_products on real ILCD+EPD and openEPD files, and calculate() on what it returns.

Expected numbers: external-cases.md T4 (503dfca1: declared unit 1000 kg, GWP-total A1-A3
179.137536677058), T5 (Kalk: GWP A1-A3 1.45889833121899 kg CO2e/kg) and T6 (openEPD desk:
1 m², GWP A1A2A3 50.0 under CML 2012 and TRACI 2.1).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from climatelimits.calculation import calculate
from climatelimits.exceptions import InvalidInputError
from climatelimits.io.bills import load_products
from climatelimits.quantities import BillLine, BillOfQuantities

pytestmark = pytest.mark.fixtures


def test_soda4lca_json_declared_per_1000_kg(fixtures_dir: Path) -> None:
    path = fixtures_dir / "lcax/ilcd_json/503dfca1-7c65-4179-9ffa-ebc6d8b48b7d.json"
    (product,) = load_products(path)
    assert product.declared_unit_text == "1000 kg"
    bill = BillOfQuantities("b", [BillLine("walls", product.id, "2.5 t")])
    calc = calculate(bill, [product], indicators=["gwp_total"])
    # 2.5 t = 2.5 declared units of 1000 kg.
    assert calc.results["gwp_total"].to_mapping()["A1-A3"] == pytest.approx(
        2.5 * 179.137536677058, rel=1e-12
    )


def test_ilcd_xml_per_kg(fixtures_dir: Path) -> None:
    (product,) = load_products(fixtures_dir / "indata-ilcd-epd/processes/Kalk_CaO_Feinkalk.xml")
    bill = BillOfQuantities("b", [BillLine("lime", product.id, "3 t")])
    calc = calculate(bill, [product])
    (indicator,) = calc.results
    assert calc.results[indicator].to_mapping()["A1-A3"] == pytest.approx(
        3000 * 1.45889833121899, rel=1e-12
    )


def test_openepd_needs_its_method(fixtures_dir: Path) -> None:
    path = fixtures_dir / "openepd/openepd_example_ratio_desk_EC3BFRKG.json"
    with pytest.raises(InvalidInputError, match="`method` is required"):
        load_products(path)
    (product,) = load_products(path, method="CML 2012")
    assert product.declared_unit_text == "1 m²"
    values = {i: r.to_mapping() for i, r in product.impacts.items()}
    assert any(v.get("A1-A3") == pytest.approx(50.0) for v in values.values())
