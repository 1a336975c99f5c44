"""Errors a city officer meets writing a schedule file by hand: each names its place in the
file, the rule and the value received.

The schedules are small and made up; each expected message is the rule the test names,
written out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from climatelimits.exceptions import DataFormatError, InvalidInputError
from climatelimits.io import loads_schedule
from climatelimits.schedules import (
    LimitAdjustment,
    LimitCategory,
    LimitSchedule,
    LimitStep,
    Source,
)

HEAD = """format = "climatelimits.schedule/1"
id = "exampleville"
title = "Exampleville (made up)"
jurisdiction = "XX-Exampleville"
status = "illustrative"
date_basis = "permit_application"
"""


def document(
    *,
    modules: str = '"A1-A5"',
    unit: str = '"kg CO2e / m^2"',
    extra_metric: str = "",
    tail: str = "",
) -> str:
    """Return a schedule with one limit, one category and ``tail`` appended."""
    return (
        HEAD
        + '[[limits]]\nid = "building"\n[limits.metric]\nindicator = "gwp_total"\n'
        + f'modules = {modules}\narea = "se_bta"\nper_year = false\nunit = {unit}\n'
        + extra_metric
        + "[limits.categories.office]\nsteps = [{ from = 2027-01-01, value = 320 }]\n"
        + tail
    )


def problems(text: str) -> tuple[str, ...]:
    with pytest.raises(DataFormatError) as info:
        loads_schedule(text, source="exampleville.toml")
    assert info.value.source == "exampleville.toml"
    return info.value.problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            document(modules='"A1-A9"'),
            (
                "`limits[0].metric.modules` range 'A1-A9' in 'A1-A9' must join two EN 15978 "
                "module codes"
            ),
        ),
        (
            document(modules='"A6"'),
            (
                "`limits[0].metric.modules` must be EN 15978 codes (A0-A5, B1-B8, C1-C4, D) or "
                "ranges such as 'A1-A3'; got 'A6' in 'A6'"
            ),
        ),
        (
            document(unit='"kgg CO2e / m^2"'),
            (
                "`limits[0].metric.unit` must be a unit such as 'kg CO2e' or 'm^2'; got "
                "'kgg CO2e / m^2' ('kgg' is not defined in the unit registry)"
            ),
        ),
        (
            document(
                tail='[[exemptions]]\nid = "small"\nreason = "At most 100 m²."\n'
                'area = { area = "bta", at_most = "100 m^2" }\n'
            ),
            (
                "`exemptions[0].area.area` must be one of dk_floor, dk_heated, dk_reference, "
                "dk_reference_2025, eu_ufa, fi_heated_net, fr_sref, gfa, nl_bvo, nl_go, se_bta; "
                "got 'bta'"
            ),
        ),
    ],
    ids=["module-range", "module-code", "unit", "exemption-area"],
)
def test_an_error_at_a_key_named_like_its_field_keeps_the_whole_path(
    text: str, expected: str
) -> None:
    # The field an error carries (`modules`, `unit`, `area`) was taken for the end of the
    # path and the path dropped, so the message named no place in the file.
    assert problems(text) == (expected,)


SOURCE = '[[sources]]\nid = "council"\ntitle = "Decision"\nurl = "https://example.org/d"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            document(modules='""'),
            "`limits[0].metric.modules` must name at least one module; got ''",
        ),
        (
            document().replace("value = 320 }]", "value = 320 }]\n[limits.categories.retail]\n")
            + "steps = []\n",
            "`limits[0].categories.retail.steps` must hold at least one step; got none",
        ),
        (
            document(tail='[[sources]]\nid = "SM-2024"\ntitle = "T"\nurl = "https://x.org"\n'),
            (
                "`sources[0].id` must be a source id: lower-case letters, digits, '-', '_' or "
                "'.', e.g. 'sm-2024'; got 'SM-2024'"
            ),
        ),
        (
            document(
                tail=SOURCE
                + '[[exemptions]]\nid = "small"\nreason = "r"\nuses = ["office"]\n'
                + 'sources = ["council", "council"]\n'
            ),
            "`exemptions[0].sources` must cite each source once; got council twice",
        ),
        (
            document(
                tail='[tags]\nTemporary = "A temporary building."\n[[exemptions]]\n'
                'id = "temporary"\nreason = "r"\ntags = ["Temporary"]\n'
            ),
            (
                "`exemptions[0].tags` must hold lower-case identifiers such as 'extension' "
                "(letters, digits, _); got 'Temporary'"
            ),
        ),
    ],
    ids=[
        "no-modules",
        "no-steps",
        "source-id",
        "cited-twice",
        "tag",
    ],
)
def test_a_validator_error_names_its_key_path_once(text: str, expected: str) -> None:
    # These validators wrote their field into the message text, so a file reader printed
    # the object's path and then the field again: "`sources[0]` `id` must be ...".
    assert problems(text) == (expected,)


def test_an_unknown_indicator_in_also_accepts_is_reported_there() -> None:
    # It was reported at `limits[0].metric.indicator`, which was right (gwp_total).
    text = document(extra_metric='also_accepts = ["gwp_a1"]\n')
    assert problems(text) == (
        (
            "`limits[0].metric.also_accepts` must name indicators, each one of gwp, "
            "gwp_biogenic, gwp_fossil, gwp_ghg, gwp_luluc, gwp_total, mki, odp, "
            "re2020_ic_construction, re2020_ic_energie; got 'gwp_a1'"
        ),
    )


GEOMETRIC = {
    "start": dt.date(2027, 1, 1),
    "start_value": 300,
    "until": dt.date(2031, 12, 31),
    "reduction_per_year": 0.10,
}
TARGET = {
    "baseline": 300,
    "baseline_year": 2027,
    "target": 150,
    "target_year": 2035,
    "every_years": 2,
}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"rounding_step": "5"}, "`rounding_step` must be a finite number above 0; got '5'"),
        (
            {"start_value": "300"},
            "`start_value` must be a finite number above 0 (the starting limit); got '300'",
        ),
        (
            {"start_value": True},
            "`start_value` must be a finite number above 0 (the starting limit); got True",
        ),
        (
            {"reduction_per_year": "0.1"},
            "`reduction_per_year` must be at least 0 and below 1; got '0.1'",
        ),
        ({"until": "31/12/2031"}, "`until` must be a date (YYYY-MM-DD); got '31/12/2031'"),
        ({"start": 2027}, "`start` must be a date (YYYY-MM-DD); got 2027"),
    ],
    ids=["rounding-text", "value-text", "value-bool", "rate-text", "until-text", "start-year"],
)
def test_geometric_refuses_a_value_of_the_wrong_kind_naming_it(
    given: dict[str, Any], expected: str
) -> None:
    # These raised a bare TypeError from a comparison, or took True for 1.
    with pytest.raises(InvalidInputError) as info:
        LimitCategory.geometric(**{**GEOMETRIC, **given})
    assert str(info.value) == expected


def test_geometric_reads_iso_dates_given_as_text() -> None:
    # As a step's `from` does; 300 cut by 10 % a year: 300, 270, 243 (rounded to 0.01).
    category = LimitCategory.geometric(
        **{**GEOMETRIC, "start": "2027-01-01", "until": "2029-12-31"}, rounding_step=0.01
    )
    assert [(s.start, s.value) for s in category.steps] == [
        (dt.date(2027, 1, 1), 300.0),
        (dt.date(2028, 1, 1), 270.0),
        (dt.date(2029, 1, 1), 243.0),
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"target": "150"}, "`target` must be a finite number; got '150'"),
        (
            {"baseline": "300"},
            "`baseline` must be a finite number above 0 (the starting limit); got '300'",
        ),
        (
            {"baseline_year": 2027.0},
            "`baseline_year` must be a year as a whole number, e.g. 2030; got 2027.0",
        ),
        (
            {"target_year": "2035"},
            "`target_year` must be a year as a whole number, e.g. 2030; got '2035'",
        ),
        (
            {"rounding_step": float("inf")},
            "`rounding_step` must be a finite number above 0; got inf",
        ),
    ],
    ids=["target-text", "baseline-text", "year-float", "year-text", "rounding-inf"],
)
def test_from_target_refuses_a_value_of_the_wrong_kind_naming_it(
    given: dict[str, Any], expected: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        LimitCategory.from_target(**{**TARGET, **given})
    assert str(info.value) == expected


def test_a_null_step_value_in_json_is_refused_not_read_as_not_confirmed() -> None:
    # The file format (and its JSON Schema) give a step's value as a number or the text
    # "not confirmed"; a JSON null was read as "not confirmed" without a word.
    text = """{
      "format": "climatelimits.schedule/1", "id": "exampleville", "title": "Exampleville",
      "jurisdiction": "XX-Exampleville", "status": "illustrative",
      "date_basis": "permit_application",
      "limits": [{"id": "building",
        "metric": {"indicator": "gwp_total", "modules": "A1-A5", "area": "se_bta",
                   "per_year": false, "unit": "kg CO2e / m^2"},
        "categories": {"office": {"steps": [
          {"from": "2027-01-01", "value": 320}, {"from": "2029-01-01", "value": null}]}}}]
    }"""
    with pytest.raises(DataFormatError) as info:
        loads_schedule(text, format="json", source="exampleville.json")
    assert info.value.problems == (
        (
            "`limits[0].categories.office.steps[1].value` must be a number, or "
            "'not confirmed' for a step whose value is not confirmed; got null"
        ),
    )
    confirmed_later = loads_schedule(text.replace("null", '"not confirmed"'), format="json")
    steps = confirmed_later.limits[0].categories["office"].steps
    assert [s.value for s in steps] == [320.0, None]


def _one_office_schedule(**fields: Any) -> LimitSchedule:
    """The office schedule of these tests, built in Python, with ``fields`` changed."""
    return attrs.evolve(loads_schedule(document()), **fields)


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (
            lambda: _one_office_schedule(notes=None),
            "`notes` must be text; got None",
        ),
        (
            lambda: _one_office_schedule(superseded_by=5),
            "`superseded_by` must be text; got 5",
        ),
        (
            lambda: _one_office_schedule(notes="Decided \ud800"),
            (
                "`notes` must be Unicode text; got 'Decided \\ud800' with a lone surrogate at "
                "character 8"
            ),
        ),
        (
            lambda: LimitCategory([LimitStep(dt.date(2027, 1, 1), 320)], title=3),
            "`title` must be text; got 3",
        ),
        (
            lambda: LimitCategory(None),  # type: ignore[arg-type]
            "`steps` must be a list of LimitStep objects; got None",
        ),
        (
            lambda: LimitCategory(320),  # type: ignore[arg-type]
            "`steps` must be a list of LimitStep objects; got 320",
        ),
        (
            lambda: Source("Decision", "https://example.org/d", section="§\ud800"),
            "`section` must be Unicode text; got '§\\ud800' with a lone surrogate at character 1",
        ),
        (
            lambda: Source("Decision", "https://example.org/\ud800"),
            (
                "`url` must be Unicode text; got 'https://example.org/\\ud800' with a lone "
                "surrogate at character 20"
            ),
        ),
        (
            lambda: _one_office_schedule(tags={"wood": "Timber \ud800"}),
            (
                "`tags.wood` must be Unicode text; got 'Timber \\ud800' with a lone surrogate "
                "at character 7"
            ),
        ),
        (
            lambda: LimitAdjustment("uplift", "Uplift", "additive", value=1.0, formula=None),
            "`formula` must be text; got None",
        ),
    ],
    ids=[
        "notes-none",
        "superseded-by-number",
        "notes-surrogate",
        "title-number",
        "steps-none",
        "steps-number",
        "section",
        "url",
        "tag-meaning",
        "formula",
    ],
)
def test_a_schedule_built_in_python_refuses_what_its_file_could_not_hold(
    build: Callable[[], object], expected: str
) -> None:
    # These were accepted, and dump_schedule then wrote a file that load_schedule refuses,
    # or could not write one (or, for the steps, a bare TypeError was raised).
    with pytest.raises(InvalidInputError) as info:
        build()
    assert str(info.value) == expected


def test_a_limit_title_must_be_text() -> None:
    limit = loads_schedule(document()).limits[0]
    with pytest.raises(InvalidInputError) as info:
        attrs.evolve(limit, title=None)
    assert str(info.value) == "`title` must be text; got None"
