"""ILCD+EPD loaders fed random, truncated, mutated and hostile input; and import properties.

Whatever the input, a refusal is a ``ClimateLimitsError`` (in practice a
``DataFormatError``); nothing else may escape, and XML bombs are refused before they expand.
The real files are the shared fixtures (see ``tests/fixtures_tier/test_ilcd_*.py``).
"""

from __future__ import annotations

import contextlib
import json
import random
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from climatelimits.exceptions import ClimateLimitsError, DataFormatError
from climatelimits.io.ilcd import loads_ilcd
from climatelimits.products import Product
from climatelimits.results import NOT_DECLARED

JSON_FILES = (
    "lcax/ilcd_json/0b4c397d-c7a1-4ceb-9718-184334f6364e.json",
    "lcax/ilcd_json/0e9fd868-9656-489e-be6c-8251b3d43283.json",
    "lcax/ilcd_json/335241f9-db84-486c-9a19-cd5ebb791903.json",
    "epdx/ilcd_json/0e85f255-4d11-4973-9daa-c03889948351.json",
)
XML_FILES = (
    "indata-ilcd-epd/processes/EPDv1.3_example_57a4ae65-d305-421e-b21f-a3f0c35b8abe.xml",
    "indata-ilcd-epd/processes/Heizkoerper.xml",
)
GWP_TOTAL = "6a37f984-a4b3-458a-a20a-64418c145fa2"


def _load_or_refuse(data: bytes | str, flows_dir: Path | None = None) -> Product | None:
    """Load; a refusal must be a ClimateLimitsError (anything else fails the test)."""
    with contextlib.suppress(ClimateLimitsError):
        return loads_ilcd(data, source="fuzz", flows_dir=flows_dir)
    return None


@settings(deadline=None)
@given(
    data=st.binary(max_size=400), prefix=st.sampled_from([b"", b"<", b"{", b"\xef\xbb\xbf<?xml"])
)
def test_random_bytes_are_refused_cleanly(data: bytes, prefix: bytes) -> None:
    _load_or_refuse(prefix + data)


@settings(deadline=None)
@given(
    text=st.text(max_size=200),
    prefix=st.sampled_from(["<processDataSet>", '{"processInformation":']),
)
def test_random_text_after_a_plausible_start_is_refused_cleanly(text: str, prefix: str) -> None:
    _load_or_refuse(prefix + text)


# -- real files, truncated and mutated ---------------------------------------------------------
@pytest.fixture(scope="session")
def real_files(fixtures_dir: Path) -> dict[str, bytes]:
    return {name: (fixtures_dir / name).read_bytes() for name in (*JSON_FILES, *XML_FILES)}


@pytest.fixture(scope="session")
def flows_dir(fixtures_dir: Path) -> Path:
    return fixtures_dir / "indata-ilcd-epd" / "flows"


@pytest.mark.fixtures
@settings(deadline=None, max_examples=60)
@given(data=st.data())
def test_truncated_real_files_are_refused_cleanly(
    real_files: dict[str, bytes], flows_dir: Path, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(sorted(real_files)))
    content = real_files[name]
    cut = data.draw(st.integers(0, len(content) - 1))
    _load_or_refuse(content[:cut], flows_dir)


@pytest.mark.fixtures
@settings(deadline=None, max_examples=60)
@given(data=st.data())
def test_byte_mutated_real_files_are_refused_cleanly(
    real_files: dict[str, bytes], flows_dir: Path, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(sorted(real_files)))
    content = bytearray(real_files[name])
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(content) - 1))
        action = data.draw(st.sampled_from(["flip", "insert", "delete"]))
        if action == "flip":
            content[at] = data.draw(st.integers(0, 255))
        elif action == "insert":
            content[at:at] = data.draw(st.binary(min_size=1, max_size=8))
        else:
            del content[at : at + data.draw(st.integers(1, 40))]
    _load_or_refuse(bytes(content), flows_dir)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["ND", "MNA", "", "1,5", "A1-A3", "A9", "kg", "qm", "-1", "1e400", "0"]),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: object, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


def _set(node: Any, path: tuple[Any, ...], value: object) -> Any:
    if not path:
        return value
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[path[0]] = _set(node[path[0]], path[1:], value)
    return copy


@pytest.fixture(scope="session")
def small_json(real_files: dict[str, bytes]) -> tuple[Any, list[tuple[Any, ...]]]:
    """The EPDx data set with only its GWP results (fewer paths, each one more likely hit)."""
    document = json.loads(real_files[JSON_FILES[-1]])
    document["LCIAResults"]["LCIAResult"] = document["LCIAResults"]["LCIAResult"][:4]
    document["exchanges"]["exchange"] = document["exchanges"]["exchange"][:1]
    return document, _paths(document)


@pytest.mark.fixtures
@settings(deadline=None, max_examples=150)
@given(data=st.data())
def test_structurally_mutated_json_is_refused_cleanly(
    small_json: tuple[Any, list[tuple[Any, ...]]], data: st.DataObject
) -> None:
    document, paths = small_json
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        with contextlib.suppress(KeyError, IndexError, TypeError):
            document = _set(document, path, data.draw(JSON_VALUES))
    _load_or_refuse(json.dumps(document))


@pytest.mark.fixtures
@settings(deadline=None, max_examples=80)
@given(data=st.data())
def test_xml_with_mutated_element_text_is_refused_cleanly(
    real_files: dict[str, bytes], flows_dir: Path, data: st.DataObject
) -> None:
    text = real_files[XML_FILES[0]].decode("utf-8")
    starts = [
        i for i, c in enumerate(text) if c == ">" and i + 1 < len(text) and text[i + 1] != "<"
    ]
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.sampled_from(starts)) + 1
        end = text.find("<", at)
        replacement = data.draw(
            st.sampled_from(["ND", "", "x", "-1", "1,5", "0", "1e999", "A1-B2", "&amp;"])
        )
        text = text[:at] + replacement + text[end:]
        starts = [
            i for i, c in enumerate(text) if c == ">" and i + 1 < len(text) and text[i + 1] != "<"
        ]
    _load_or_refuse(text, flows_dir)


# -- hostile XML ---------------------------------------------------------------------------------
def _billion_laughs(levels: int) -> str:
    entities = ['<!ENTITY e0 "ha">']
    entities += [f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, levels)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE p [' + "".join(entities) + "]>\n"
        f'<processDataSet xmlns="http://lca.jrc.it/ILCD/Process">&e{levels - 1};</processDataSet>'
    )


HOSTILE = {
    "billion laughs": _billion_laughs(10),
    "quadratic blowup": (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "' + "x" * 50_000 + '">]>'
        "<processDataSet>" + "&a;" * 5_000 + "</processDataSet>"
    ),
    "external entity": (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<processDataSet>&x;</processDataSet>"
    ),
    "external parameter entity": (
        '<?xml version="1.0"?>'
        '<!DOCTYPE p [<!ENTITY % d SYSTEM "http://example.invalid/x.dtd"> %d;]>'
        "<processDataSet/>"
    ),
    "external DTD": (
        '<?xml version="1.0"?><!DOCTYPE processDataSet SYSTEM "http://example.invalid/p.dtd">'
        "<processDataSet/>"
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_is_refused_quickly(name: str) -> None:
    start = time.perf_counter()
    with pytest.raises(DataFormatError, match="document type declaration") as info:
        loads_ilcd(HOSTILE[name].encode("utf-8"), source="hostile.xml")
    assert time.perf_counter() - start < 1.0
    assert "root:" not in str(info.value)  # nothing of /etc/passwd in the message


# -- properties of the import --------------------------------------------------------------------
MODULES = ["A1-A3", "A4", "A5", "B1", "B2", "C1", "C2", "C3", "C4", "D"]
VALUES = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda v: round(v, 6)),
    st.sampled_from(["ND", "MNA", None]),
)


def _document(values: dict[str, object], *, unit: str = "kg CO2 eqv.", amount: float = 1.0) -> str:
    anies: list[dict[str, object]] = [
        {"module": m, "value": (v if v is None or isinstance(v, str) else repr(v))}
        for m, v in values.items()
    ]
    anies.append(
        {"name": "referenceToUnitGroupDataSet", "value": {"shortDescription": [{"value": unit}]}}
    )
    return json.dumps(
        {
            "processInformation": {
                "dataSetInformation": {"UUID": "p-1"},
                "quantitativeReference": {"referenceToReferenceFlow": [0]},
            },
            "exchanges": {
                "exchange": [
                    {
                        "dataSetInternalID": 0,
                        "meanAmount": amount,
                        "referenceToFlowDataSet": {"refObjectId": "f-1"},
                        "flowProperties": [
                            {
                                "uuid": "93a60a56-a3c8-22da-a746-0800200c9a66",
                                "referenceFlowProperty": True,
                                "meanValue": 1.0,
                                "referenceUnit": "m3",
                            }
                        ],
                    }
                ]
            },
            "LCIAResults": {
                "LCIAResult": [
                    {
                        "referenceToLCIAMethodDataSet": {"refObjectId": GWP_TOTAL},
                        "other": {"anies": anies},
                    }
                ]
            },
        }
    )


@given(values=st.dictionaries(st.sampled_from(MODULES), VALUES, min_size=1))
def test_values_survive_the_import_and_not_declared_stays_not_declared(
    values: dict[str, object],
) -> None:
    mapping = loads_ilcd(_document(values)).impacts["gwp_total"].to_mapping()
    expected = {
        m: (NOT_DECLARED if v is None or isinstance(v, str) else v) for m, v in values.items()
    }
    assert mapping == expected


@given(
    values=st.dictionaries(st.sampled_from(MODULES), VALUES, min_size=2),
    seed=st.integers(0, 2**32 - 1),
)
def test_the_order_of_module_values_does_not_matter(values: dict[str, object], seed: int) -> None:
    items = list(values.items())
    random.Random(seed).shuffle(items)
    shuffled = loads_ilcd(_document(dict(items)))
    assert shuffled.impacts == loads_ilcd(_document(values)).impacts


@given(values=st.dictionaries(st.sampled_from(MODULES), st.integers(-(10**6), 10**6), min_size=1))
def test_tonnes_and_kilograms_of_co2e_give_the_same_product(values: dict[str, int]) -> None:
    in_kg = loads_ilcd(_document(dict(values.items())))
    in_t = loads_ilcd(_document({m: v / 1000 for m, v in values.items()}, unit="t CO2e"))
    for module, value in in_t.impacts["gwp_total"].to_mapping().items():
        assert value == pytest.approx(in_kg.impacts["gwp_total"].to_mapping()[module], rel=1e-12)


@given(amount=st.floats(min_value=1e-3, max_value=1e4, allow_nan=False))
def test_the_reference_amount_scales_the_declared_unit_not_the_values(amount: float) -> None:
    product = loads_ilcd(_document({"A1-A3": 10.0}, amount=amount))
    assert product.declared_unit.magnitude == pytest.approx(amount)
    assert product.impacts["gwp_total"].to_mapping() == {"A1-A3": 10.0}
