"""Unit tests of climatelimits.datasets: the GenericDataset API and the shipped Tabel 7 data."""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import re
from typing import Any

import pytest

from climatelimits._frozen import FrozenMap
from climatelimits.datasets import (
    BR18_TABEL7_URL,
    DatasetEntry,
    GenericDataset,
    TransportLeg,
    _tabel7_from_document,
    br18_tabel7,
)
from climatelimits.exceptions import DataFormatError, InvalidInputError, UnknownReferenceError
from climatelimits.products import DataType, Product, conversion_factor_to_declared_unit
from climatelimits.results import IndicatorResults
from climatelimits.units import parse_unit


def _package_document() -> dict[str, Any]:
    resource = importlib.resources.files("climatelimits").joinpath("data/br18_tabel7.json")
    document: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return document


class TestBr18Tabel7:
    def test_loaded_once(self) -> None:
        assert br18_tabel7() is br18_tabel7()

    def test_size_order_and_metadata(self) -> None:
        dataset = br18_tabel7()
        assert len(dataset) == 450
        assert dataset.ids()[:3] == ("#B1318", "#B1325", "#B1332")
        assert list(dataset) == list(dataset.ids())
        assert dataset.name == "BR18 Bilag 2 Tabel 7"
        assert dataset.version == "ocni-dtu/table7@4d7cb0c"
        assert dataset.source == BR18_TABEL7_URL
        assert dataset.conservative is None
        assert "MIT licence" in dataset.attribution
        assert BR18_TABEL7_URL in dataset.attribution
        assert "github.com/ocni-dtu/table7" in dataset.attribution

    def test_counts_of_kinds(self) -> None:
        # 34 "Branche data" rows (#B...) and 416 "Generisk data" rows (#G...).
        kinds = [p.data_type for p in br18_tabel7().products.values()]
        assert kinds.count(DataType.INDUSTRY_AVERAGE) == 34
        assert kinds.count(DataType.GENERIC) == 416

    @pytest.mark.parametrize("key", ["#B1433", "B1433", "b1433", " #b1433 ", "#B1433\n"])
    def test_lookup_spellings(self, key: str) -> None:
        assert br18_tabel7().get(key).id == "#B1433"
        assert key in br18_tabel7()

    def test_unknown_id_names_dataset_and_close_ids(self) -> None:
        with pytest.raises(UnknownReferenceError) as info:
            br18_tabel7().get("#B14333")
        message = str(info.value)
        assert "BR18 Bilag 2 Tabel 7" in message
        assert "450 ids" in message
        assert "'#B14333'" in message
        assert "#B1433" in message  # a close id is suggested

    @pytest.mark.parametrize("key", [None, 1.5, True, ["#B1433"]])
    def test_lookup_by_a_non_id(self, key: Any) -> None:
        with pytest.raises(UnknownReferenceError, match="must be an id of BR18"):
            br18_tabel7().get(key)
        assert key not in br18_tabel7()

    def test_end_of_life_rows_have_no_product_stage(self) -> None:
        # "#G0122 Stål, varmvalset plade, Genanvendelse": an end-of-life process, A1-A3 "-".
        product = br18_tabel7().get("#G0122")
        assert product.impacts["gwp"].total("A1-A3").explain() == (
            "gwp over A1-A3 is incomplete: A1-A3 not declared"
        )
        assert product.impacts["gwp"].total("C4,D").value is not None

    def test_products_mapping(self) -> None:
        products = br18_tabel7().products
        assert isinstance(products, FrozenMap)
        assert products["#G0148"] is br18_tabel7().get("#G0148")

    def test_non_unit_declared_unit_of_an_area(self) -> None:
        # "#G0754 Solafskærmning (PET)": declared unit 1.25077 m², 0.4 kg per m².
        product = br18_tabel7().get("#G0754")
        assert product.declared_unit.magnitude == 1.25077
        assert product.declared_unit.units == parse_unit("m^2")
        factor, _ = conversion_factor_to_declared_unit(product, "m^2")
        assert factor == pytest.approx(1 / 1.25077)
        by_mass, _ = conversion_factor_to_declared_unit(product, "kg")
        assert by_mass == pytest.approx(1 / (0.4 * 1.25077))

    @pytest.mark.parametrize(
        ("row_id", "named"),
        [("#B1433", "density"), ("#G1100", "area_mass"), ("#G0151", "mass_per_piece")],
    )
    def test_named_mass_property_by_unit(self, row_id: str, named: str) -> None:
        product = br18_tabel7().get(row_id)
        assert product.properties[named] == product.properties["mass_per_declared_unit"]

    def test_linear_rows_carry_linear_mass(self) -> None:
        linear = [p for p in br18_tabel7().products.values() if p.declared_unit_text == "1 m"]
        assert len(linear) == 17
        assert all("linear_mass" in p.properties for p in linear)

    def test_sidecar_attribution_carries_the_mit_notice(self) -> None:
        folder = importlib.resources.files("climatelimits").joinpath("data")
        text = folder.joinpath("br18_tabel7.SOURCE.md").read_text(encoding="utf-8")
        assert BR18_TABEL7_URL in text
        assert "Copyright (c) 2023 Christian Kongsgaard" in text
        assert "The above copyright notice and this permission notice shall be included" in text
        assert "4d7cb0c42be52c6d4e3984f3711252a9496a7e21" in text
        document = _package_document()
        assert "Permission is hereby granted" in document["transcription"]["licence_notice"]


class TestPackageDocumentErrors:
    """The package file is checked like any other file: every problem with its path."""

    def test_the_real_document_loads(self) -> None:
        assert len(_tabel7_from_document(_package_document(), "<test>")) == 450

    def test_wrong_format_tag(self) -> None:
        document = _package_document()
        document["format"] = "something/2"
        with pytest.raises(DataFormatError, match=re.escape("format: must be")):
            _tabel7_from_document(document, "<test>")

    def test_not_an_object(self) -> None:
        with pytest.raises(DataFormatError, match=r"\$: must be an object; got a list"):
            _tabel7_from_document([], "<test>")

    def test_every_row_problem_is_reported(self) -> None:
        document = _package_document()
        document["rows"][0]["gwp"]["A1-A3"] = "lots"
        document["rows"][1]["declared_unit"] = "1 furlong per fortnight banana"
        document["rows"][2]["mass_per_unit"] = -3
        document["rows"][3]["data_type"] = "specific-ish"
        document["rows"][4]["gwp"]["B4"] = 1.0
        del document["rows"][5]["id"]
        document["rows"][7]["id"] = document["rows"][6]["id"]
        with pytest.raises(DataFormatError) as info:
            _tabel7_from_document(document, "<test>")
        problems = info.value.problems
        assert problems[0] == "rows[0].gwp.A1-A3: must be a number; got the text 'lots'"
        assert problems[1].startswith("rows[1].declared_unit: ")
        assert problems[2] == "rows[2].mass_per_unit: must be greater than 0; got -3"
        assert problems[3] == (
            "rows[3].data_type: must be one of generic, industry_average; got 'specific-ish'"
        )
        assert problems[4] == "rows[4].gwp: must hold only A1-A3, C3, C4 and D; got also B4"
        assert problems[5] == "rows[5].id: is required"
        assert problems[6] == "rows[7].id: must be unique; #B1354 repeats"
        assert len(problems) == 7

    def test_kg_row_with_another_mass_factor(self) -> None:
        document = _package_document()
        index = next(i for i, r in enumerate(document["rows"]) if r["id"] == "#G0148")
        document["rows"][index]["mass_per_unit"] = 2.0
        with pytest.raises(DataFormatError, match=r"rows\[\d+\]: `mass_per_unit` of a row"):
            _tabel7_from_document(document, "<test>")


def _product(product_id: str = "p1") -> Product:
    gwp = IndicatorResults.from_mapping("gwp", {"A1-A3": 1.0}, unit="kg CO2e")
    return Product(product_id, "P", "1 kg", {"gwp": gwp})


class TestValueClasses:
    def test_entries_must_be_keyed_by_product_id(self) -> None:
        with pytest.raises(InvalidInputError, match="holds product 'p1'; the keys must match"):
            GenericDataset("d", "1", "s", {"other": DatasetEntry(_product())})

    def test_entries_must_be_entries(self) -> None:
        with pytest.raises(InvalidInputError, match=r"`entries\['p1'\]` must be a DatasetEntry"):
            GenericDataset("d", "1", "s", {"p1": _product()})

    def test_waste_factor_below_one(self) -> None:
        with pytest.raises(
            InvalidInputError, match=re.escape("`waste_factor` must be at least 1; got 0.9")
        ):
            DatasetEntry(_product(), waste_factor=0.9)

    def test_non_finite_value(self) -> None:
        with pytest.raises(InvalidInputError, match=r"`values.A4` must be a finite number"):
            DatasetEntry(_product(), values={"A4": float("nan")})

    def test_dataset_lookup_of_a_numeric_id(self) -> None:
        dataset = GenericDataset(
            "d", "1", "s", {"6000000032": DatasetEntry(_product("6000000032"))}
        )
        assert dataset.get(6000000032).id == "6000000032"
        assert 6000000032 in dataset

    def test_published_date(self) -> None:
        entries = {"p1": DatasetEntry(_product())}
        dataset = GenericDataset("d", "1", "s", entries, published="2025-01-30")
        assert dataset.published == dt.date(2025, 1, 30)
        message = "`published` must be a date (YYYY-MM-DD); got '30 januari'"
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            GenericDataset("d", "1", "s", entries, published="30 januari")

    def test_transport_leg_units(self) -> None:
        leg = TransportLeg("Närdistribution", "40 km", "Lastbil", "2.5 MJ/(t km)")
        assert leg.distance.to("m").magnitude == 40000.0
        assert leg.energy_use.to("kJ/(kg km)").magnitude == pytest.approx(2.5)

    def test_transport_leg_refuses_wrong_dimensions(self) -> None:
        with pytest.raises(InvalidInputError, match="`distance` must be a length"):
            TransportLeg("x", "40 kg")
        with pytest.raises(InvalidInputError, match="`energy_use` must not be negative"):
            TransportLeg("x", "40 km", energy_use=-1.0)
