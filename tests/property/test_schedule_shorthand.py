"""The single-limit schedule shorthand (issue 10, item 14).

The first published form of ``climatelimits.schedule/1`` had the metric and the categories
at the top of the document; it is read as a schedule of one limit with id ``building``.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given

from climatelimits._schemas import load_schema
from climatelimits.exceptions import DataFormatError
from climatelimits.io import (
    SINGLE_LIMIT_KEYS,
    dumps_schedule,
    loads_schedule,
    schedule_from_dict,
    schedule_to_dict,
)
from climatelimits.schedules import LimitSchedule
from climatelimits.testing.strategies import limit_schedules

FIRST_FORM = """
format = "climatelimits.schedule/1"
id = "example-tightening"
title = "Example: A1-A5 limit tightening every two years"
jurisdiction = "SE"
status = "illustrative"
date_basis = "permit_application"

[metric]
indicator = "gwp_total"
modules = "A1-A5"
area = "se_bta"
per_year = false
unit = "kg CO2e / m^2"
decimals = 0

[categories.multi_family_housing]
steps = [
  { from = 2024-07-01, value = 300 },
  { from = 2026-01-01, value = 260 },
]
"""


def _shorthand(document: dict[str, Any]) -> dict[str, Any]:
    (limit,) = document.pop("limits")
    assert limit.pop("id") == "building"
    return {**document, **limit}


def test_the_first_published_form_loads() -> None:
    schedule = loads_schedule(FIRST_FORM)
    (limit,) = schedule.limits
    assert limit.id == "building"
    steps = limit.categories["multi_family_housing"].steps
    assert [(s.start.isoformat(), s.value) for s in steps] == [
        ("2024-07-01", 300.0),
        ("2026-01-01", 260.0),
    ]
    assert "[[limits]]" in dumps_schedule(schedule)  # written in the full form


@given(limit_schedules(max_limits=1))
def test_both_forms_load_equal(schedule: LimitSchedule) -> None:
    (limit,) = schedule.limits
    one = attrs.evolve(schedule, limits=(attrs.evolve(limit, id="building", title=""),))
    full = json.loads(dumps_schedule(one, format="json"))
    short = _shorthand(json.loads(dumps_schedule(one, format="json")))
    assert not set(SINGLE_LIMIT_KEYS) - set(short) - {"mixed_use", "allow_loosening"}
    assert schedule_from_dict(short) == schedule_from_dict(full) == one


def test_both_forms_at_once_are_refused() -> None:
    document = schedule_to_dict(loads_schedule(FIRST_FORM))
    document["metric"] = document["limits"][0]["metric"]
    with pytest.raises(DataFormatError) as info:
        schedule_from_dict(document, source="s.toml")
    assert info.value.problems == (
        "give the limits either as `limits` or as one limit at the top (`metric`), not both",
    )


def _schema_errors(document: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    schema = load_schema("schedule")
    check = jsonschema.validators.validator_for(schema)(schema)
    return [(tuple(e.absolute_path), str(e.validator)) for e in check.iter_errors(document)]


@given(limit_schedules(max_limits=1))
def test_the_shorthand_satisfies_the_schedule_schema(schedule: LimitSchedule) -> None:
    # The schema required `limits` and refused `metric` and `categories` at the top, so an
    # editor flagged every schedule written in this form, which the reader takes.
    (limit,) = schedule.limits
    one = attrs.evolve(schedule, limits=(attrs.evolve(limit, id="building", title=""),))
    short = _shorthand(json.loads(dumps_schedule(one, format="json")))
    assert _schema_errors(short) == []


def test_the_schema_refuses_both_forms_at_once_and_a_shorthand_without_its_metric() -> None:
    document = json.loads(dumps_schedule(loads_schedule(FIRST_FORM), format="json"))
    assert _schema_errors(document) == []
    both = {**document, "metric": document["limits"][0]["metric"]}
    assert _schema_errors(both) == [((), "oneOf")]
    short = _shorthand(document)
    del short["metric"]  # a limit needs its metric
    assert _schema_errors(short) == [((), "oneOf")]
