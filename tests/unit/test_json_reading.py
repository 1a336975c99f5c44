"""The JSON-reading helpers every reader of other tools' JSON shares (io._json_reading)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from climatelimits.exceptions import DataFormatError
from climatelimits.io._json_reading import (
    Problems,
    as_date,
    as_list,
    as_number,
    as_object,
    as_text,
    describe,
    finite_number,
    key_path,
    number_at,
    parse_json,
    read_json,
    text_at,
)
from climatelimits.io.lcax import loads_lcax
from climatelimits.units import as_quantity

HUGE = 10**400  # a JSON integer too large for a float (JSON allows it; Python parses it)


def _problems() -> Problems:
    return Problems("doc.json")


@pytest.mark.parametrize(
    ("value", "described"),
    [
        (None, "null"),
        (True, "a boolean"),
        (5, "the number 5"),
        (2.5, "the number 2.5"),
        ("kg", "the text 'kg'"),
        ("x" * 100, f"the text {'x' * 60!r}"),
        ([1], "a list"),
        ({"a": 1}, "an object"),
        (b"raw", "bytes"),
    ],
)
def test_describe_says_what_a_value_is(value: object, described: str) -> None:
    assert describe(value) == described


@pytest.mark.parametrize(
    ("path", "key", "expected"),
    [
        ("", "impacts", "impacts"),
        ("impacts", "gwp", "impacts.gwp"),
        ("gwp", "A1-A3", "gwp.A1-A3"),
        ("rows[3]", "mass_per_unit", "rows[3].mass_per_unit"),
        ("impacts", "EF 3.1", 'impacts["EF 3.1"]'),
        ("names", "språk", "names.språk"),
        ("x", 'a"b', 'x["a\\"b"]'),
    ],
)
def test_key_path(path: str, key: str, expected: str) -> None:
    assert key_path(path, key) == expected


class TestParse:
    def test_text_and_utf8_bytes_with_a_byte_order_mark(self) -> None:
        assert parse_json('{"a": [1, 2.5]}', "a.json") == {"a": [1, 2.5]}
        assert parse_json(b'\xef\xbb\xbf{"a": "\xc3\xa5r"}', "a.json") == {"a": "år"}

    @pytest.mark.parametrize(
        ("text", "problem"),
        [
            ("", "a.json: not valid JSON at line 1, column 1: Expecting value"),
            ('{"a": 1,\n}', "a.json: not valid JSON at line 2, column 1"),
            ('{"a": NaN}', "a.json: not valid JSON: NaN is not a JSON number"),
            ("[Infinity]", "a.json: not valid JSON: Infinity is not a JSON number"),
            ("[-Infinity]", "a.json: not valid JSON: -Infinity is not a JSON number"),
            ("[" * 100_000 + "]" * 100_000, "a.json: not valid JSON: nested too deeply"),
            (b'{"a": "\xff"}', "a.json: is not UTF-8 text: invalid start byte"),
        ],
    )
    def test_refusals_name_the_source_and_the_reason(
        self, text: str | bytes, problem: str
    ) -> None:
        with pytest.raises(DataFormatError, match=re.escape(problem)) as info:
            parse_json(text, "a.json")
        assert info.value.source == "a.json"

    def test_read_json_names_the_file(self, tmp_path: Path) -> None:
        path = tmp_path / "doc.json"
        path.write_text(json.dumps({"a": 1}), encoding="utf-8")
        assert read_json(path) == {"a": 1}
        missing = tmp_path / "missing.json"
        with pytest.raises(DataFormatError, match=re.escape(f"{missing}: cannot be read")):
            read_json(missing)


class TestProblems:
    def test_paths_and_whole_document_problems(self) -> None:
        problems = _problems()
        problems.raise_if_any()  # nothing yet
        problems.add("rows[0].id", "is required")
        problems.add("", "the document holds no rows")
        with pytest.raises(DataFormatError) as info:
            problems.raise_if_any()
        assert info.value.problems == ("rows[0].id: is required", "the document holds no rows")
        with pytest.raises(DataFormatError):
            problems.raise_all()

    def test_recording_turns_a_climatelimits_error_into_a_problem(self) -> None:
        problems = _problems()
        with problems.recording("declared_unit", "product 'p1': "):
            as_quantity("lots", field="declared_unit")
        assert problems.items == [
            (
                "declared_unit: product 'p1': `declared_unit` must be a number followed by a "
                "unit, e.g. '5200 m^2'; got 'lots'"
            )
        ]

    def test_recording_lets_other_errors_through(self) -> None:
        problems = _problems()
        with pytest.raises(ZeroDivisionError), problems.recording("x"):
            _ = 1 / 0
        assert problems.items == []


class TestValues:
    @pytest.mark.parametrize(
        ("value", "options", "problem"),
        [
            ("50", {}, "must be a number; got the text '50'"),
            (True, {}, "must be a number; got a boolean"),
            (None, {}, "must be a number; got null"),
            (float("inf"), {}, "must be a finite number; got inf"),
            (HUGE, {}, "must be a finite number; got " + "1" + "0" * 39 + "..."),
            (-1, {"minimum": 0.0}, "must be at least 0; got -1"),
            (0, {"positive": True}, "must be greater than 0; got 0"),
        ],
    )
    def test_number_problems(
        self, value: object, options: dict[str, object], problem: str
    ) -> None:
        problems = _problems()
        assert as_number(value, "q", problems, **options) is None  # type: ignore[arg-type]
        assert problems.items == [f"q: {problem}"]

    def test_numbers_at_keys(self) -> None:
        problems = _problems()
        data = {"a": 2, "b": 2.5}
        assert number_at(data, "a", "$", problems, required=True) == 2.0
        assert number_at(data, "b", "", problems, required=True, minimum=1) == 2.5
        assert number_at(data, "c", "$", problems, required=False) is None
        assert number_at(data, "c", "$", problems, required=True) is None
        assert problems.items == ["$.c: is required"]
        assert finite_number(HUGE) is None
        assert finite_number(3) == 3.0

    def test_texts(self) -> None:
        problems = _problems()
        assert as_text("x", "a", problems, required=True) == "x"
        assert as_text(None, "b", problems, required=False) == ""
        assert as_text(" ", "c", problems, required=False) == " "
        assert as_text(" ", "d", problems, required=True) == ""
        assert as_text(None, "e", problems, required=True) == ""
        assert as_text(5, "f", problems, required=False) == ""
        assert text_at({"g": "y"}, "g", "$", problems, required=True) == "y"
        assert text_at({"h": 1}, "h", "$", problems, required=False) is None
        assert text_at({}, "i", "$", problems, required=True) is None
        assert problems.items == [
            "d: must be a non-empty text; got the text ' '",
            "e: must be a non-empty text; got null",
            "f: must be a text; got the number 5",
            "$.h: must be text; got the number 1",
            "$.i: is required",
        ]

    def test_objects_lists_and_dates(self) -> None:
        problems = _problems()
        assert as_object({"a": 1}, "o", problems) == {"a": 1}
        assert as_object(None, "p", problems, null=True) is None
        assert as_object(None, "q", problems) is None
        assert as_object([], "r", problems, null=True, rule="an object or null") is None
        assert as_list([1], "s", problems, required=True) == [1]
        assert as_list(None, "t", problems, required=False) == []
        assert as_list(None, "u", problems, required=True) == []
        assert as_list({}, "v", problems, required=False, rule="a list of rows") == []
        assert as_date("2025-01-30T12:15:47Z", "w", problems) == dt.date(2025, 1, 30)
        assert as_date(" 2025-01-30", "x", problems) == dt.date(2025, 1, 30)
        assert as_date(None, "y", problems) is None
        assert as_date("30 januari", "z", problems) is None
        assert problems.items == [
            "q: must be an object; got null",
            "r: must be an object or null; got a list",
            "u: is required",
            "v: must be a list of rows; got an object",
            "z: must be a date or date-time text (YYYY-MM-DD...); got the text '30 januari'",
        ]


def test_an_integer_too_large_for_a_float_is_a_problem_not_a_crash() -> None:
    # Before the readers shared as_number, LCAx and LCAbyg let an OverflowError escape here.
    document = {
        "id": "p",
        "assemblies": [
            {
                "id": "wall",
                "quantity": HUGE,
                "unit": "m2",
                "products": [],
            }
        ],
    }
    with pytest.raises(DataFormatError, match=r"assemblies\[0\]\.quantity: must be a finite"):
        loads_lcax(json.dumps(document))
