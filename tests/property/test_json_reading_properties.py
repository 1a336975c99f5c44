"""parse_json: a key given twice is refused, and only then, however the text is spaced.

The reader decides "no duplicate key" by comparing the members it parsed with an upper
bound on the keys in the text, so texts here hold keys and values with colons, quotes,
backslashes and white space, and documents are written with white space before colons.
The oracle is the document as generated: a list of members per object.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from climatelimits.exceptions import DataFormatError
from climatelimits.io._json_reading import parse_json

_TRICKY = st.text(alphabet=st.sampled_from('ab:" \\\t\n/é'), max_size=6)
_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TRICKY
)


class _Object(list[tuple[str, Any]]):
    """An object as written: its members in order, keys possibly repeated."""


def _nodes() -> st.SearchStrategy[Any]:
    return st.recursive(
        _LEAVES,
        lambda children: (
            st.lists(children, max_size=4)
            | st.lists(st.tuples(_TRICKY, children), max_size=4).map(_Object)
        ),
        max_leaves=25,
    )


def _write(node: Any, space: str, ascii_only: bool) -> str:
    if isinstance(node, _Object):
        members = (
            f"{json.dumps(key, ensure_ascii=ascii_only)}{space}:{space}"
            f"{_write(value, space, ascii_only)}"
            for key, value in node
        )
        return "{" + f",{space}".join(members) + "}"
    if isinstance(node, list):
        return "[" + f",{space}".join(_write(item, space, ascii_only) for item in node) + "]"
    return json.dumps(node, ensure_ascii=ascii_only)


def _repeats_a_key(node: Any) -> bool:
    if isinstance(node, _Object):
        keys = [key for key, _ in node]
        return len(set(keys)) != len(keys) or any(_repeats_a_key(v) for _, v in node)
    if isinstance(node, list):
        return any(_repeats_a_key(item) for item in node)
    return False


def _plain(node: Any) -> Any:
    if isinstance(node, _Object):
        return {key: _plain(value) for key, value in node}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    return node


@given(
    node=st.one_of(
        st.lists(_nodes(), max_size=3), st.lists(st.tuples(_TRICKY, _nodes())).map(_Object)
    ),
    space=st.sampled_from(["", " ", "\n", "\t", "\r\n  ", " \t"]),
    ascii_only=st.booleans(),
)
def test_a_document_is_refused_exactly_when_an_object_repeats_a_key(
    node: Any, space: str, ascii_only: bool
) -> None:
    text = _write(node, space, ascii_only)
    if _repeats_a_key(node):
        with pytest.raises(DataFormatError) as info:
            parse_json(text, "doc.json")
        assert any("is given twice in one object" in p for p in info.value.problems)
    else:
        assert parse_json(text, "doc.json") == _plain(node)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a" : 2}',  # the second key has a space before its colon
        '{"t": "12:00", "a": 1, "a"\t:\t2}',  # a colon in a text, a tab before one
        '{"u": "x\\":", "a": 1, "a":2}',  # an escaped quote and colon in a text
        '{"a": {"b": "c : d", "b"\n: 1}}',
    ],
)
def test_duplicates_are_found_beside_colons_in_texts(text: str) -> None:
    with pytest.raises(DataFormatError, match="is given twice in one object"):
        parse_json(text, "doc.json")


@pytest.mark.parametrize(
    "text",
    [
        '{"t": "12:00", "u": "https://example.org"}',
        '{"a" : 1, "b" :2, "c": {"d"\r\n:\r\n"x : y"}}',
        '{"q": "\\":\\" : ", "r": [{"s": 1}, {"s": 2}]}',
    ],
)
def test_documents_with_colons_in_texts_and_spaced_colons_are_read(text: str) -> None:
    assert parse_json(text, "doc.json") == json.loads(text)
