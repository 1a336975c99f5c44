"""Every number the catalogue ships can be traced to a cited document."""

from __future__ import annotations

import pytest

from climatelimits import catalogue
from climatelimits.cli import main


@pytest.mark.parametrize("schedule_id", catalogue.ids())
def test_every_shipped_value_and_exemption_cites_a_source(schedule_id: str) -> None:
    assert catalogue.get(schedule_id).uncited_values() == []


@pytest.mark.parametrize("schedule_id", catalogue.ids())
def test_every_cited_source_is_a_web_document_with_an_id(schedule_id: str) -> None:
    schedule = catalogue.get(schedule_id)
    cited = {
        source_id
        for limit in schedule.limits
        for category in limit.categories.values()
        for source_id in (*category.sources, *(i for s in category.steps for i in s.sources))
    } | {source_id for e in schedule.exemptions for source_id in e.sources}
    assert cited <= {s.id for s in schedule.sources}


def test_schedules_show_prints_the_citations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedules", "show", "dk-br18-2025"]) == 0
    out = capsys.readouterr().out
    assert "sources: sm-2024, vcbk-2025, bolius-2025, veltek-2024, stark-2025" in out
    assert "small_house_extension (uses detached_house, row_house, farmhouse" in out
    assert "[br18-297-2025, bolius-2025]" in out
    assert "[sm-2024] Social- og Boligministeriet" in out
    assert "retrieved 2026-12-05" in out
