"""examples/products-generic.toml carries the BR18 Tabel 7 rows it cites, unchanged."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from climatelimits.io.bills import load_products
from climatelimits.products import DataType, Standard
from climatelimits.results import NotDeclared

pytestmark = pytest.mark.fixtures

UNITS = {"M3": "m³", "M2": "m²", "KG": "kg", "M": "m", "STK": "piece"}
DATA_TYPES = {"Branche data": DataType.INDUSTRY_AVERAGE, "Generisk data": DataType.GENERIC}


def test_example_products_match_tabel7(
    tabel7_rows: list[dict[str, str]],
    tabel7_gwp: Callable[[Mapping[str, str]], dict[str, float | NotDeclared]],
    examples_dir: Path,
) -> None:
    rows = {row["Sorterings ID"]: row for row in tabel7_rows}
    products = load_products(examples_dir / "products-generic.toml")
    assert len(products) == 7
    for product in products:
        row = rows[product.id]
        assert product.name.startswith(row["Navn DK"]), product.id
        factor = float(row["Deklareret faktor (FU)"])
        assert product.declared_unit_text == f"{factor:g} {UNITS[row['Deklareret enhed (FU)']]}"
        mass = product.properties["mass_per_declared_unit"]
        assert float(mass.magnitude) == float(row["Masse faktor"])
        assert product.data_type is DATA_TYPES[row["Data type"]]
        assert product.standard is Standard.EN15804_A1
        assert product.source == row["Url (link)"]
        values = product.impacts["gwp"].to_mapping()
        for module, expected in tabel7_gwp(row).items():
            assert values[module] == expected, (product.id, module)
