"""The data-set and openEPD loaders fed broken input raise ClimateLimitsError, nothing else.

Each loader gets random bytes, truncated valid documents and valid documents with one to
three values replaced or keys removed. It may load them (a mutation can stay valid) or refuse
them, but only with a :class:`~climatelimits.exceptions.ClimateLimitsError`: never a bare
KeyError, TypeError, ValueError, OverflowError or RecursionError.
"""

from __future__ import annotations

import contextlib
import copy
import importlib.resources
import json
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from climatelimits.datasets import GenericDataset, _tabel7_from_document, loads_boverket
from climatelimits.exceptions import ClimateLimitsError
from climatelimits.io._json_reading import parse_json
from climatelimits.io.openepd import loads_openepd
from climatelimits.products import Product

BOVERKET: dict[str, Any] = {
    "Version": "02.06.000",
    "PublishedDate": "2025-01-30T12:15:47Z",
    "Publisher": "Boverket, Sweden",
    "Resources": [
        {
            "ResourceId": 6000000032,
            "Names": {"EN": "Ready-mix concrete C30/37", "SV": "Fabriksbetong C30/37"},
            "InventoryUnit": "kg",
            "StdCalc": "EN 15804:A1",
            "ConservativeDataConversionFactor": 1.25,
            "WasteFactor": 1.03,
            "RefServiceLifeNormal": "50 år",
            "CalculatedBiogenicCarbon": 0.0,
            "Conversions": [{"Field": "Volume", "Unit": "kg/m³", "Value": 2350.0}],
            "DataItems": [
                {
                    "PropertyCode": "GWP-GHG AR4",
                    "PropertyUnitCode": "kg CO2 eq./kg",
                    "DataValueItems": [
                        {"DataModuleCode": "A1-A3 Conservative", "Value": 0.145},
                        {"DataModuleCode": "A1-A3 Typical", "Value": 0.116},
                        {"DataModuleCode": "A4", "Value": 0.0036},
                        {"DataModuleCode": "A5.1", "Value": 0.00446},
                    ],
                }
            ],
            "Categories": [
                {"ClassificationType": "Boverket", "Text": "Betong"},
                {"ClassificationType": "BK04", "Code": "01102", "Text": "Betong"},
            ],
            "TransportItems": [
                {
                    "Name": "Närdistribution",
                    "GenericDistance": 40.0,
                    "TransportTypeName": "Lastbil",
                    "EnergyUseName": "Lastbil, närdistribution",
                    "EnergyUseValue": 2.5,
                    "FuelTypeName": "Diesel, reduktionsplikt (2023)",
                    "FuelTypeResourceId": 6000000010,
                }
            ],
        },
        {
            "ResourceId": 6000000010,
            "Names": {"EN": "Diesel", "SV": "Diesel"},
            "InventoryUnit": "MJ",
            "ConservativeDataConversionFactor": 1.0,
            "WasteFactor": 1.0,
            "Conversions": [{"Field": "Area", "Unit": "kg/m²", "Value": 35.4}],
            "DataItems": [
                {
                    "PropertyCode": "GWP-GHG AR4",
                    "PropertyUnitCode": "kg CO2 eq./MJ",
                    "DataValueItems": [
                        {"DataModuleCode": "A1-A3 Conservative", "Value": 0.0695},
                        {"DataModuleCode": "A1-A3 Typical", "Value": 0.0695},
                    ],
                }
            ],
        },
    ],
}

OPENEPD: dict[str, Any] = {
    "id": "EC3BFRKG",
    "doctype": "openEPD",
    "date_of_issue": "2021-02-24T00:00:00Z",
    "valid_until": "2026-02-24T00:00:00Z",
    "declared_unit": {"qty": 1.0, "unit": "m2"},
    "kg_per_declared_unit": {"qty": 25.0, "unit": "kg"},
    "product_name": "Ratio Desk with Screen",
    "product_service_life_years": 10.0,
    "compliance": [{"short_name": "EN 15804+A2"}],
    "impacts": {
        "CML 2012": {
            "gwp": {
                "A1A2A3": {"mean": 50.0, "unit": "kgCO2e"},
                "C_scenarios": [{"name": "Landfill", "C4": {"mean": 4.0, "unit": "kgCO2e"}}],
            },
            "odp": {"A1A2A3": {"mean": 0.00000108, "unit": "kgCFC11e"}},
        }
    },
}


def _tabel7_document() -> dict[str, Any]:
    resource = importlib.resources.files("climatelimits").joinpath("data/br18_tabel7.json")
    document: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    document["rows"] = document["rows"][:6]  # a few rows keep each example fast
    return document


TABEL7 = _tabel7_document()


def _load_tabel7(text: str | bytes) -> GenericDataset:
    """The path :func:`br18_tabel7` takes from the package file's bytes."""
    return _tabel7_from_document(parse_json(text, "<fuzz>"), "<fuzz>")


LOADERS: dict[str, tuple[dict[str, Any], Callable[[str | bytes], object]]] = {
    "boverket": (BOVERKET, lambda text: loads_boverket(text, source="<fuzz>")),
    "boverket-typical": (
        BOVERKET,
        lambda text: loads_boverket(text, conservative=False, source="<fuzz>"),
    ),
    "openepd": (OPENEPD, lambda text: loads_openepd(text, method="CML 2012", source="<fuzz>")),
    "openepd-any-method": (OPENEPD, lambda text: loads_openepd(text, source="<fuzz>")),
    "tabel7": (TABEL7, _load_tabel7),
}

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.just(10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "not declared",
            "1 m^2",
            "kg/m³",
            "m²",
            "MJ",
            "A1-A3 Typical",
            "A5.1",
            "GWP-GHG AR4",
            "kg CO2 eq./m²",
            "kgCFC11e",
            "1e400",
            "2024-02-30",
            "",
            "-",
        ]
    ),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _mutate(document: object, path: tuple[object, ...], value: object, *, delete: bool) -> object:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(document, dict):
        if delete and not rest:
            return {k: v for k, v in document.items() if k != head}
        return {
            k: (_mutate(v, rest, value, delete=delete) if k == head else v)
            for k, v in document.items()
        }
    if isinstance(document, list):
        if delete and not rest:
            return [v for i, v in enumerate(document) if i != head]
        return [
            _mutate(v, rest, value, delete=delete) if i == head else v
            for i, v in enumerate(document)
        ]
    return document


def _load_or_refuse(loader: Callable[[str | bytes], object], text: str | bytes) -> None:
    """Load; a refusal must be a ClimateLimitsError (anything else fails the test)."""
    with contextlib.suppress(ClimateLimitsError):
        result = loader(text)
        assert isinstance(result, GenericDataset | Product)


def test_seed_documents_load() -> None:
    for name, (document, loader) in LOADERS.items():
        result = loader(json.dumps(document, ensure_ascii=False))
        assert isinstance(result, GenericDataset | Product), name


@settings(deadline=None)
@given(name=st.sampled_from(sorted(LOADERS)), raw=st.binary(max_size=300))
def test_random_bytes(name: str, raw: bytes) -> None:
    _load_or_refuse(LOADERS[name][1], raw)


@settings(deadline=None)
@given(name=st.sampled_from(sorted(LOADERS)), data=st.data())
def test_truncated_documents(name: str, data: st.DataObject) -> None:
    document, loader = LOADERS[name]
    text = json.dumps(document, ensure_ascii=False, indent=1)
    cut = data.draw(st.integers(0, len(text) - 1))
    _load_or_refuse(loader, text[:cut])


@settings(deadline=None)
@given(name=st.sampled_from(sorted(LOADERS)), data=st.data())
def test_mutated_documents(name: str, data: st.DataObject) -> None:
    document, loader = LOADERS[name]
    mutated: object = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(mutated)[1:]))
        delete = data.draw(st.booleans())
        value = None if delete else data.draw(JSON_VALUES)
        mutated = _mutate(mutated, path, value, delete=delete)
    _load_or_refuse(loader, json.dumps(mutated, ensure_ascii=False))


@settings(deadline=None)
@given(depth=st.integers(1, 3000))
def test_deeply_nested_json(depth: int) -> None:
    text = "[" * depth + "]" * depth
    for _document, loader in LOADERS.values():
        _load_or_refuse(loader, text)
