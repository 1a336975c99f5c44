"""Loaders fed broken documents raise DataFormatError, never anything else."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import climatelimits as cl

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BUILDING_LINES = (EXAMPLES / "oceanhamnen-k3.toml").read_text(encoding="utf-8").splitlines()
SCHEDULE_LINES = (EXAMPLES / "example-tightening.toml").read_text(encoding="utf-8").splitlines()

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["not declared", "5 kg", "5 m^2", "2024-02-30", "A1-B3", "", "nan m^2"]),
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _load_or_refuse(loader: object, text: str, kind: str) -> None:
    """Load the text; a refusal must be a DataFormatError (anything else fails the test)."""
    with contextlib.suppress(cl.DataFormatError):
        loader(text, format=kind)  # type: ignore[operator]


@settings(deadline=None)
@given(lines=st.just(BUILDING_LINES) | st.just(SCHEDULE_LINES), data=st.data())
def test_mutated_toml_documents_fail_cleanly(lines: list[str], data: st.DataObject) -> None:
    mutated = list(lines)
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(mutated) - 1))
        if "=" in mutated[index] and data.draw(st.booleans()):
            key = mutated[index].split("=", 1)[0]
            value = data.draw(SCALARS.filter(lambda v: v is not None))
            mutated[index] = f"{key}= {json.dumps(value)}"
        else:
            del mutated[index]
    loader = cl.loads_building if lines is BUILDING_LINES else cl.loads_schedule
    _load_or_refuse(loader, "\n".join(mutated), "toml")


def _paths(node: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _replace(node: object, path: tuple[object, ...], value: object) -> object:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {k: (_replace(v, rest, value) if k == head else v) for k, v in node.items()}
    assert isinstance(node, list)
    return [_replace(v, rest, value) if i == head else v for i, v in enumerate(node)]


BUILDING_DOC = json.loads(
    cl.dumps_building(cl.loads_building("\n".join(BUILDING_LINES)), format="json")
)
SCHEDULE_DOC = json.loads(
    cl.dumps_schedule(cl.loads_schedule("\n".join(SCHEDULE_LINES)), format="json")
)


@settings(deadline=None)
@given(document=st.just(BUILDING_DOC) | st.just(SCHEDULE_DOC), data=st.data())
def test_json_documents_with_a_replaced_value_fail_cleanly(
    document: dict[str, object], data: st.DataObject
) -> None:
    loader = cl.loads_building if document is BUILDING_DOC else cl.loads_schedule
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(document)[1:]))
        document = _replace(document, path, data.draw(JSON_VALUES))  # type: ignore[assignment]
    text = json.dumps(document)
    _load_or_refuse(loader, text, "json")


@settings(deadline=None)
@given(text=st.text(max_size=200))
def test_random_text_fails_cleanly(text: str) -> None:
    _load_or_refuse(cl.loads_building, text, "toml")
    _load_or_refuse(cl.loads_schedule, text, "json")
