"""A check cites the documents its step in force is taken from (its `sources`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import climatelimits as cl
from climatelimits.evaluation import LimitCheck
from climatelimits.exceptions import InvalidInputError

# Two uses with their own documents; the office step cites one more (made up for the test).
MIXED = """
format = "climatelimits.schedule/1"
id = "two-uses"
title = "two uses"
jurisdiction = "SE"
status = "illustrative"
date_basis = "permit_application"
mixed_use = "area_weighted"

[[sources]]
id = "homes-table"
title = "Table of limits for homes"
url = "https://example.org/homes"
section = "table 1"

[[sources]]
id = "office-table"
title = "Table of limits for offices"
url = "https://example.org/offices"

[[sources]]
id = "office-2027"
title = "Amendment for offices, 2027"
url = "https://example.org/offices-2027"

[metric]
indicator = "gwp_total"
modules = "A1-A5"
area = "se_bta"
per_year = false
unit = "kg CO2e/m^2"

[categories.multi_family_housing]
sources = ["homes-table"]
steps = [{ from = 2020-01-01, value = 400 }]

[categories.office]
sources = ["office-table"]
steps = [
  { from = 2020-01-01, value = 300 },
  { from = 2027-01-01, value = 250, sources = ["office-2027"] },
]
"""


def _building(use_shares: dict[str, float] | None = None) -> cl.Building:
    results = cl.IndicatorResults.from_mapping("gwp_total", {"A1-A5": 300_000}, unit="kg CO2e")
    return cl.Building(
        "b",
        "multi_family_housing",
        areas={"se_bta": "1000 m^2"},
        results={"gwp_total": results},
        use_shares=use_shares or {},
        dates=cl.BuildingDates(permit_application=dt.date(2028, 1, 1)),
    )


def test_a_catalogue_check_cites_its_categorys_documents(examples_dir: Path) -> None:
    # se-boverket-2023-proposal.toml: multi_family_housing cites these two sources.
    building = cl.load_building(examples_dir / "oceanhamnen-k3.toml")
    (result,) = cl.check(building, cl.catalogue.get("se-boverket-2023-proposal")).checks
    assert [s.id for s in result.sources] == ["boverket-2023-20", "byggkoll-2023"]
    assert result.sources[0].url.startswith("https://www.boverket.se/")


def test_the_json_and_the_text_carry_the_sources() -> None:
    schedule = cl.loads_schedule(MIXED)
    assessment = cl.check(_building(), schedule)
    (item,) = assessment.to_dict()["checks"]
    assert item["sources"] == [
        {
            "id": "homes-table",
            "title": "Table of limits for homes",
            "section": "table 1",
            "url": "https://example.org/homes",
        }
    ]
    assert assessment.explain().splitlines()[-1] == (
        "  source: Table of limits for homes, table 1 <https://example.org/homes>"
    )


def test_an_area_weighted_step_cites_every_uses_step_and_category() -> None:
    schedule = cl.loads_schedule(MIXED)
    shares = {"multi_family_housing": 0.5, "office": 0.5}
    (result,) = cl.check(_building(shares), schedule).checks
    assert result.category == "area_weighted"
    assert result.limit is not None
    assert result.limit.magnitude == 325.0  # (400 + 250) / 2
    # The steps' own sources first (the office's 2027 step), then the categories'.
    assert [s.id for s in result.sources] == ["office-2027", "homes-table", "office-table"]


def test_a_check_before_the_first_step_cites_nothing() -> None:
    schedule = cl.loads_schedule(MIXED)
    (result,) = cl.check(_building(), schedule, on=dt.date(2019, 12, 31)).checks
    assert result.status is cl.CheckStatus.NOT_APPLICABLE
    assert result.sources == ()


def test_sources_must_be_sources() -> None:
    with pytest.raises(InvalidInputError, match=r"`sources\[0\]` must be a Source; got 'x'"):
        LimitCheck("s", None, cl.CheckStatus.PASS, "r", sources=["x"])  # type: ignore[list-item]
