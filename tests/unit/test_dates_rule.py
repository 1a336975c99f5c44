"""One date rule on every Python version (issue 10, items 12 and 18)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from climatelimits._dates import date_or_datetime, strict_date
from climatelimits.buildings import BuildingDates
from climatelimits.cli import main
from climatelimits.exceptions import DataFormatError, InvalidInputError
from climatelimits.io import loads_building
from climatelimits.io._json_reading import Problems, as_date

OTHER_ISO_FORMS = ["20260302", "2026-W10-1", "2026-061", "2026-03-02T00:00", "+2026-03-02"]


@pytest.mark.parametrize("text", OTHER_ISO_FORMS)
def test_only_yyyy_mm_dd_is_a_date_in_files(text: str) -> None:
    doc = (
        'format = "climatelimits.building/1"\nid = "b"\nuse = "office"\n'
        f'[dates]\npermit_application = "{text}"\n'
    )
    with pytest.raises(DataFormatError, match=r"dates\.permit_application"):
        loads_building(doc)
    with pytest.raises(InvalidInputError):
        BuildingDates(permit_application=text)


@pytest.mark.parametrize("text", OTHER_ISO_FORMS)
def test_only_yyyy_mm_dd_is_a_date_for_on(text: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "examples/oceanhamnen-k3.toml", "--schedule", "x", "--on", text])
    assert code == 2
    assert "--on must be a date YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["2025-01-30garbage", "2025-01-30 x", "2025-01-3", "2025-1-30"])
def test_a_date_followed_by_anything_but_a_time_is_refused(text: str) -> None:
    problems = Problems("a.json")
    assert as_date(text, "issued", problems) is None
    assert problems.items == [
        f"issued: must be a date or date-time text (YYYY-MM-DD...); got the text {text!r}"
    ]


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_every_calendar_date_reads_back(day: dt.date) -> None:
    text = day.isoformat()
    assert strict_date(text) == day
    assert date_or_datetime(f" {text}T23:59:59.5+02:00 ") == day
    assert date_or_datetime(f"{text}Z") == day
