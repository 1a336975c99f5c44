"""The internal TOML writer produces text that the standard TOML reader reads back."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from climatelimits.exceptions import InvalidInputError
from climatelimits.io._toml_writer import dumps

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KEYS = st.text(min_size=1, max_size=8)
SCALARS = st.one_of(
    st.text(max_size=30),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1, 1, 1)),
)
INLINE_TABLES = st.dictionaries(KEYS, SCALARS, max_size=3)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.lists(INLINE_TABLES, max_size=3))
TABLES = st.recursive(
    st.dictionaries(KEYS, VALUES, max_size=4),
    lambda inner: st.dictionaries(KEYS, st.one_of(VALUES, inner), max_size=3),
    max_leaves=10,
)


def _homogeneous(value: object) -> bool:
    """TOML before 1.0 forbade mixed arrays; keep arrays to one type of item."""
    if isinstance(value, dict):
        return all(_homogeneous(v) for v in value.values())
    if isinstance(value, list):
        kinds = {type(v) for v in value}
        return len(kinds) <= 1 and all(_homogeneous(v) for v in value)
    return True


@given(TABLES.filter(_homogeneous))
def test_written_toml_reads_back_equal(document: dict[str, object]) -> None:
    assert tomllib.loads(dumps(document)) == document


# Issue 10, item 19: keys and texts that TOML readers refuse are quoted, or refused here.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)


def test_a_key_ending_in_a_newline_is_quoted() -> None:
    assert dumps({"a\n": 1}) == '"a\\n" = 1\n'
    assert tomllib.loads(dumps({"a\n": {"b\n": "c\n"}})) == {"a\n": {"b\n": "c\n"}}


def _has_surrogate(value: object) -> bool:
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    return isinstance(value, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in value)


@given(st.dictionaries(ANY_TEXT, st.one_of(ANY_TEXT, st.dictionaries(ANY_TEXT, ANY_TEXT))))
def test_any_key_or_text_is_read_back_equal_or_refused(document: dict[str, object]) -> None:
    if _has_surrogate(document):
        with pytest.raises(InvalidInputError, match="lone surrogate"):
            dumps(document)
    else:
        assert tomllib.loads(dumps(document)) == document


def test_a_lone_surrogate_is_refused_with_its_field() -> None:
    with pytest.raises(InvalidInputError) as info:
        dumps({"id": "a\ud800"})
    assert info.value.field == "text"
    assert "lone surrogate" in str(info.value)
