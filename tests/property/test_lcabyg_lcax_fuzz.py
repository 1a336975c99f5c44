"""LCAbyg and LCAx loaders fed broken files raise ClimateLimitsError subclasses only; LCAx
written by us reads back to the same numbers.

The real files are the shared fixtures (LCAbyg's steel test project, the EF-02 results
extract, LCAx's steel project); they are truncated, mutated and replaced by random bytes.
Without the fixtures folder the fuzzing of real files is skipped, the round trip still runs.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import climatelimits as cl
from climatelimits.calculation import calculate
from climatelimits.io.lcabyg import read_lcabyg, read_lcabyg_project, read_lcabyg_results
from climatelimits.io.lcax import LcaxProject, dumps_lcax, loads_lcax, read_lcax
from climatelimits.testing import product_strategies as cps

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["KG", "M2", "A1to3", "9999", "2020", "m3", "kg", "a1a3", "Building", ""]),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)

Reader = Callable[[Path], object]
READERS: dict[str, Reader] = {
    "project": read_lcabyg_project,
    "results": read_lcabyg_results,
    "lcax": read_lcax,
    "building": lambda path: read_lcabyg(path, use="office"),
    "building-from-results": lambda path: read_lcabyg(None, path, use="office"),
}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "input.json"


@pytest.fixture(scope="module")
def real_files(fixtures_dir: Path) -> dict[str, bytes]:
    lcabyg = fixtures_dir / "lcax" / "lcabyg"
    return {
        "project": (lcabyg / "lcabyg_test_project_steel.json").read_bytes(),
        "results": (lcabyg / "vcbk_ef-02_engdraget_results_gwp_extract.json").read_bytes(),
        "lcax": (fixtures_dir / "lcax/lcax_json/lcax_project_steel_conversion.json").read_bytes(),
    }


def _read_or_refuse(kind: str, path: Path, data: bytes) -> None:
    """Read the bytes; a refusal must be a ClimateLimitsError (anything else fails)."""
    path.write_bytes(data)
    with contextlib.suppress(cl.ClimateLimitsError):
        READERS[kind](path)


@settings(deadline=None, max_examples=60)
@given(kind=st.sampled_from(sorted(READERS)), data=st.binary(max_size=300))
def test_random_bytes_fail_cleanly(scratch: Path, kind: str, data: bytes) -> None:
    _read_or_refuse(kind, scratch, data)


@settings(deadline=None, max_examples=60)
@given(kind=st.sampled_from(("project", "results", "lcax")), cut=st.floats(0.0, 1.0))
def test_truncated_real_files_fail_cleanly(
    scratch: Path, real_files: dict[str, bytes], kind: str, cut: float
) -> None:
    original = real_files[kind]
    _read_or_refuse(kind, scratch, original[: int(len(original) * cut)])


def _paths(node: object, prefix: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _mutate(document: Any, path: tuple[object, ...], value: object, delete: bool) -> Any:
    if not path:
        return value
    copied = copy.deepcopy(document)
    node = copied
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return copied


@pytest.fixture(scope="module")
def documents(real_files: dict[str, bytes]) -> dict[str, tuple[Any, list[tuple[object, ...]]]]:
    out = {}
    for kind, raw in real_files.items():
        document = json.loads(raw)
        paths = list(_paths(document))
        if kind == "results":  # 648 nodes: keep the building and the first product's subtree
            nodes = document["nodes"]
            document = {**document, "nodes": nodes[:40]}
            paths = list(_paths(document))
        out[kind] = (document, paths)
    return out


@settings(deadline=None, max_examples=150)
@given(kind=st.sampled_from(("project", "results", "lcax")), data=st.data())
def test_mutated_real_documents_fail_cleanly(
    scratch: Path,
    documents: dict[str, tuple[Any, list[tuple[object, ...]]]],
    kind: str,
    data: st.DataObject,
) -> None:
    document, paths = documents[kind]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        try:
            document = _mutate(
                document, path, data.draw(JSON_VALUES), data.draw(st.booleans()) and bool(path)
            )
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    text = json.dumps(document, allow_nan=True).encode()
    _read_or_refuse(kind, scratch, text)
    if kind == "project":
        _read_or_refuse("building", scratch, text)
    if kind == "results":
        _read_or_refuse("building-from-results", scratch, text)


@settings(deadline=None, max_examples=60)
@given(value=JSON_VALUES)
def test_any_json_value_fails_cleanly_as_lcax(value: object) -> None:
    with contextlib.suppress(cl.ClimateLimitsError):
        loads_lcax(json.dumps(value, allow_nan=True))


# -- round trip -----------------------------------------------------------------------------
def _plain(line: cl.quantities.BillLine) -> cl.quantities.BillLine:
    """Drop what LCAx cannot hold (transport legs, waste factors)."""
    return attrs.evolve(line, transport=(), waste_factor=None)


@st.composite
def projects(draw: st.DrawFn) -> LcaxProject:
    bill, products = draw(cps.bills_with_products(max_products=3, max_lines=6))
    bill = attrs.evolve(bill, lines=tuple(_plain(line) for line in bill.lines))
    return LcaxProject(
        id=draw(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)),
        name=draw(st.text(max_size=10)),
        bill=bill,
        products=products,
        reference_study_period=cl.registry().Quantity(float(draw(st.integers(1, 120))), "year"),
        areas={"dk_reference": cl.registry().Quantity(draw(st.floats(1.0, 1e6)), "m^2")},
        use=draw(st.sampled_from(tuple(cl.UseCategory))),
        country=draw(st.sampled_from(("DK", "SE", None))),
    )


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@settings(deadline=None, max_examples=60)
@given(project=projects())
def test_lcax_round_trip_keeps_every_number(project: LcaxProject) -> None:
    again = loads_lcax(dumps_lcax(project))
    assert again.id == project.id
    assert again.name == project.name
    assert again.use is project.use
    assert again.country == project.country
    assert again.areas == project.areas
    assert again.reference_study_period == project.reference_study_period
    assert [line.id for line in again.bill.lines] == [line.id for line in project.bill.lines]
    for before, after in zip(project.bill.lines, again.bill.lines, strict=True):
        assert after.product == before.product
        assert after.element == before.element
        assert after.service_life == before.service_life
        assert _close(
            float(after.quantity.to_base_units().magnitude),
            float(before.quantity.to_base_units().magnitude),
        )
    period = project.reference_study_period
    first = calculate(project.bill, project.products, study_period=period)
    second = calculate(again.bill, again.products, study_period=period)
    assert set(first.results) == set(second.results)
    for indicator, results in first.results.items():
        before_map = {str(e.modules): e.value for e in results.entries}
        after_map = {str(e.modules): e.value for e in second.results[indicator].entries}
        assert set(before_map) == set(after_map)
        for modules, value in before_map.items():
            assert _close(after_map[modules], value), (indicator, modules)
