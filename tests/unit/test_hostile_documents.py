"""Documents that once crashed or were read wrongly (issue 10, items 1, 2, 5, 11, 18)."""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from climatelimits.buildings import Building
from climatelimits.datasets import loads_boverket
from climatelimits.exceptions import ClimateLimitsError, DataFormatError, InvalidInputError
from climatelimits.io import dump_building, load_building, load_schedule, loads_building
from climatelimits.io._json_reading import MAX_DEPTH, check_document, parse_json
from climatelimits.io.bills import load_bill, load_products

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BUILDING_JSON = {
    "format": "climatelimits.building/1",
    "id": "b",
    "use": "office",
}


def test_deep_json_is_a_clean_error_for_every_loader(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    for loader in (load_building, load_schedule, load_bill, load_products):
        with pytest.raises(DataFormatError) as info:
            loader(deep)
        assert info.value.problems == ("not valid JSON: nested too deeply",)


def test_json_nested_beyond_the_limit_names_the_place() -> None:
    levels = MAX_DEPTH - 1  # the object around them is a level too
    assert parse_json('{"a": ' + "[" * levels + "]" * levels + "}", "x.json")
    text = '{"a": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}"
    with pytest.raises(DataFormatError) as info:
        parse_json(text, "x.json")
    place = "a" + "[0]" * (MAX_DEPTH - 1)
    rule = f"is nested deeper than {MAX_DEPTH} levels of lists and tables"
    assert info.value.problems == (f"{place}: {rule}",)


def test_deep_toml_is_a_clean_error(tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(DataFormatError, match="nested too deeply"):
        load_building(deep)


def test_a_lone_surrogate_is_refused_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text(json.dumps({**BUILDING_JSON, "id": "\ud800"}), encoding="utf-8")
    with pytest.raises(DataFormatError) as info:
        load_building(path)
    assert info.value.problems == (
        "id: must be Unicode text; got a lone surrogate '\\ud800' at character 0",
    )
    with pytest.raises(InvalidInputError, match="lone surrogate"):
        Building("\udfff", "office")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # escaped, as JSON writers put it, after non-ASCII text
        (
            '{"id": "å\\udc00"}',
            "id: must be Unicode text; got a lone surrogate '\\udc00' at character 1",
        ),
        # raw, in a Python text handed to the reader
        (
            '{"id": "é\ud800x"}',
            "id: must be Unicode text; got a lone surrogate '\\ud800' at character 1",
        ),
        # in a key, upper-case hex; the key's path escapes it, so the message is UTF-8
        (
            '{"\\uDBFF": 1}',
            (
                '["\\udbff"]: the key must be Unicode text; got a lone surrogate '
                "'\\udbff' at character 0"
            ),
        ),
    ],
)
def test_every_kind_of_lone_surrogate_is_found(text: str, problem: str) -> None:
    with pytest.raises(DataFormatError) as info:
        parse_json(text, "x.json")
    assert info.value.problems == (problem,)
    str(info.value).encode("utf-8")  # a log or a JSON report can hold the message


def test_surrogate_pairs_and_other_scripts_are_read() -> None:
    # An escaped pair is one character (U+1F600); Å and CJK need no escape.
    assert parse_json('{"id": "Å\\ud83d\\ude00", "n": "建筑"}', "x.json") == {
        "id": "Å\U0001f600",
        "n": "建筑",
    }


def test_duplicate_keys_are_refused_not_last_wins(tmp_path: Path) -> None:
    # The case: the second area would have made a failing building pass.
    path = tmp_path / "b.json"
    path.write_text(
        '{"format": "climatelimits.building/1", "id": "b", "use": "office",'
        ' "areas": {"se_bta": "5200 m^2", "se_bta": "52000 m^2"}}',
        encoding="utf-8",
    )
    with pytest.raises(DataFormatError) as info:
        load_building(path)
    assert info.value.problems == (
        "areas.se_bta: is given twice in one object (keys must be unique)",
    )


def test_duplicate_keys_are_refused_by_the_boverket_reader() -> None:
    text = '{"Resources": [{"WasteFactor": 1.03, "WasteFactor": 9.0}]}'
    with pytest.raises(DataFormatError) as info:
        loads_boverket(text)
    assert info.value.problems == (
        "Resources[0].WasteFactor: is given twice in one object (keys must be unique)",
    )


@given(st.sampled_from(["id", "use", "format"]), st.text(min_size=1, max_size=5))
def test_any_duplicated_member_is_named(key: str, value: str) -> None:
    text = json.dumps(BUILDING_JSON)[:-1] + f", {json.dumps(key)}: {json.dumps(value)}}}"
    with pytest.raises(DataFormatError) as info:
        loads_building(text, format="json")
    assert info.value.problems == (f"{key}: is given twice in one object (keys must be unique)",)


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_building_and_schedule_files_may_start_with_a_bom(tmp_path: Path, suffix: str) -> None:
    building = tmp_path / f"b{suffix}"
    text = (
        json.dumps(BUILDING_JSON)
        if suffix == ".json"
        else 'format = "climatelimits.building/1"\nid = "b"\nuse = "office"\n'
    )
    building.write_text("\ufeff" + text, encoding="utf-8")
    assert load_building(building) == Building("b", "office")
    schedule = tmp_path / "s.toml"
    source = EXAMPLES / "example-tightening.toml"
    schedule.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    assert load_schedule(schedule) == load_schedule(source)


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_dumping_a_lone_surrogate_is_a_clean_error_and_keeps_the_old_file(
    tmp_path: Path, suffix: str
) -> None:
    # Issue 10, item 2: dump_building raised UnicodeEncodeError (and left a broken file).
    path = tmp_path / f"b{suffix}"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(ClimateLimitsError, match="lone surrogate"):
        dump_building(Building("b", "office", name="Villa \udc80"), path)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_caller_deep_in_the_stack_gets_its_document_the_long_way() -> None:
    # The check of a document without problems recurses once per level; where the caller
    # leaves too few frames for that, the walk without recursion does the work.
    document: Any = 1
    for _ in range(60):
        document = [document]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 40)  # room for 40 levels, not 60
    try:
        assert check_document(document, "x.json", texts=False) is document
    finally:
        sys.setrecursionlimit(limit)
