"""Provenance: sources with ids, retrieval days and sections, cited by values."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import climatelimits as cl
from climatelimits._describe import describe_schedule
from climatelimits.exceptions import InvalidInputError, ScheduleError, UnknownReferenceError
from climatelimits.schedules import Exemption, LimitCategory, LimitStep

D = dt.date


def schedule(
    *,
    step_sources: tuple[str, ...] = (),
    category_sources: tuple[str, ...] = (),
    exemption_sources: tuple[str, ...] = ("law",),
    sources: tuple[cl.Source, ...] | None = None,
) -> cl.LimitSchedule:
    documents = sources or (
        cl.Source("The law", "https://example.org/law", id="law", section="§5"),
        cl.Source("The table", "https://example.org/table", id="table", retrieved=D(2026, 12, 5)),
    )
    category = LimitCategory(
        steps=(
            LimitStep(D(2025, 1, 1), 10.0, sources=step_sources),
            LimitStep(D(2028, 1, 1), None),
        ),
        sources=category_sources,
    )
    return cl.LimitSchedule(
        id="x",
        title="X",
        jurisdiction="SE",
        status="proposal",
        date_basis="permit_application",
        limits=[
            cl.Limit(
                id="building",
                metric=cl.LimitMetric(
                    indicator="gwp_ghg",
                    modules="A1-A5",
                    area="se_bta",
                    per_year=False,
                    unit="kg CO2e/m^2",
                ),
                categories={"office": category},
            )
        ],
        sources=documents,
        exemptions=[
            Exemption(
                "small",
                "Small buildings.",
                area=cl.AreaCondition("se_bta", at_most="100 m^2"),
                sources=exemption_sources,
            )
        ],
    )


def test_a_value_without_a_cited_source_is_found() -> None:
    # The confirmed step cites nothing; the unconfirmed one needs nothing.
    assert schedule().uncited_values() == ["limits[0].categories.office.steps[0]"]
    assert schedule(exemption_sources=()).uncited_values() == [
        "limits[0].categories.office.steps[0]",
        "exemptions[0]",
    ]


def test_a_step_is_cited_by_itself_or_by_its_category() -> None:
    assert schedule(step_sources=("table",)).uncited_values() == []
    assert schedule(category_sources=("law",)).uncited_values() == []


def test_sources_of_a_step_are_its_own_then_its_categorys() -> None:
    cited = schedule(step_sources=("table",), category_sources=("law", "table"))
    category = cited.limit("building").categories["office"]
    found = cited.sources_of("building", "office", category.steps[0])
    assert [s.id for s in found] == ["table", "law"]
    assert found[0].retrieved == D(2026, 12, 5)
    assert found[1].section == "§5"
    with pytest.raises(UnknownReferenceError, match="has no category 'hotel'"):
        cited.sources_of("building", "hotel", category.steps[0])


def test_citing_an_unknown_source_names_the_path_and_the_known_ids() -> None:
    msg = (
        "`limits[0].categories.office.steps[0].sources` cites the source 'sm-2024', which the "
        "schedule's `sources` do not list (ids: law, table)"
    )
    with pytest.raises(ScheduleError, match=re.escape(msg)):
        schedule(step_sources=("sm-2024",))
    with pytest.raises(ScheduleError, match=re.escape("`exemptions[0].sources` cites")):
        schedule(exemption_sources=("nowhere",))


def test_source_ids_are_unique_and_well_formed() -> None:
    twice = (cl.Source("A", "https://a.org/", id="a"), cl.Source("B", "https://b.org/", id="a"))
    with pytest.raises(ScheduleError, match="`sources` ids must be unique; got a more than once"):
        schedule(sources=twice, exemption_sources=())
    with pytest.raises(InvalidInputError, match="`id` must be a source id"):
        cl.Source("A", "https://a.org/", id="Has Space")
    with pytest.raises(InvalidInputError, match=re.escape("`retrieved` must be a date")):
        cl.Source("A", "https://a.org/", retrieved=dt.datetime(2026, 12, 5, 8, 0))
    with pytest.raises(InvalidInputError, match="must cite each source once"):
        LimitStep(D(2025, 1, 1), 1.0, sources=("a", "a"))


def test_provenance_round_trips_through_toml_and_json() -> None:
    original = schedule(step_sources=("table",), category_sources=("law",))
    for fmt in ("toml", "json"):
        text = cl.dumps_schedule(original, format=fmt)
        assert cl.loads_schedule(text, format=fmt) == original
    toml = cl.dumps_schedule(original)
    assert "retrieved = 2026-12-05" in toml
    assert '{ from = 2025-01-01, value = 10.0, sources = ["table"] }' in toml


def test_a_file_without_ids_or_retrieval_days_still_loads(examples_dir: Path) -> None:
    # Files of the format before provenance: sources are title and url only.
    old = cl.load_schedule(examples_dir / "example-tightening.toml")
    assert [(s.id, s.retrieved, s.section) for s in old.sources] == [("", None, "")]
    assert old.uncited_values()[0] == "limits[0].categories.multi_family_housing.steps[0]"


def test_describe_prints_citations_and_retrieval_days() -> None:
    text = describe_schedule(schedule(step_sources=("table",), category_sources=("law",)))
    assert "      sources: law" in text
    assert "from 2025-01-01: 10 kg CO2e/m² [table]" in text
    assert "  small (se_bta at most 100 m²) [law]" in text
    assert "  - [table] The table; retrieved 2026-12-05" in text
    assert "  - [law] The law; §5" in text
