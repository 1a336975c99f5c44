"""Dates out of order are accepted with a warning (issue 10, item 13)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from climatelimits.buildings import BuildingDates
from climatelimits.cli import main
from climatelimits.exceptions import ClimateLimitsWarning


def test_completion_before_the_permit_application_warns() -> None:
    with pytest.warns(ClimateLimitsWarning) as caught:
        dates = BuildingDates(permit_application="2026-03-02", completion="2025-01-01")
    assert dates.completion == dt.date(2025, 1, 1)  # accepted: a permit may come afterwards
    assert [str(w.message) for w in caught] == [
        (
            "`dates.completion` 2025-01-01 is before `dates.permit_application` 2026-03-02; "
            "check the dates (the step in force is chosen by one of them)"
        )
    ]


def test_dates_in_order_do_not_warn(recwarn: pytest.WarningsRecorder) -> None:
    BuildingDates("2026-03-02", "2026-06-01", "2028-01-01")
    BuildingDates(completion="2020-01-01")
    assert len(recwarn) == 0


def test_the_command_line_prints_the_warning_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    building = tmp_path / "b.json"
    document = {
        "format": "climatelimits.building/1",
        "id": "b",
        "use": "office",
        "dates": {"permit_application": "2026-03-02", "completion": "2025-01-01"},
    }
    building.write_text(json.dumps(document), encoding="utf-8")
    code = main(["check", str(building), "--schedule", "se-boverket-2023-proposal"])
    assert code == 3
    err = capsys.readouterr().err
    assert err == (
        "climatelimits: warning: `dates.completion` 2025-01-01 is before "
        "`dates.permit_application` 2026-03-02; check the dates (the step in force is chosen "
        "by one of them)\n"
    )
