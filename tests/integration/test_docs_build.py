"""The documentation builds with Sphinx, warnings as errors, and says what the package ships.

The site is built once per run from a copy of ``docs/`` (so that the pages generated at build
time do not land in the working tree), with ``-W``: a broken cross-reference, a docstring that
is not valid reStructuredText or a page left out of every toctree fails the suite. No network
is used (no intersphinx).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from climatelimits import catalogue
from climatelimits.units import format_unit

DOCS = Path(__file__).resolve().parents[2] / "docs"

pytestmark = pytest.mark.docs


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("docs")
    source = root / "docs"
    shutil.copytree(DOCS, source, ignore=shutil.ignore_patterns("_build", "schedules"))
    out = root / "html"
    completed = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", source, out],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    return out


_URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"


def text_of(page: Path) -> str:
    """The visible text of an HTML page, whitespace collapsed."""
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def test_every_section_is_built(site: Path) -> None:
    for page in (
        "index.html",
        "tutorials/check-a-building.html",
        "tutorials/write-your-citys-schedule.html",
        "how-to/import-lcabyg.html",
        "how-to/import-lcax.html",
        "how-to/import-ilcd-epd.html",
        "how-to/import-openepd.html",
        "how-to/import-boverket.html",
        "explanation/model.html",
        "explanation/file-formats.html",
        "explanation/stocks.html",
        "reference/api.html",
        "reference/cli.html",
        "reference/nomenclature.html",
    ):
        assert (site / page).is_file(), page


def test_api_reference_comes_from_the_docstrings(site: Path) -> None:
    page = (site / "reference" / "api.html").read_text(encoding="utf-8")
    for anchor in (
        "climatelimits.evaluation.check",
        "climatelimits.evaluation.Assessment.to_dict",
        "climatelimits.schedules.LimitCategory.geometric",
        "climatelimits.io.load_building",
        "climatelimits.calculation.calculate",
        "climatelimits.stocks.check_stock",
    ):
        assert f'id="{anchor}"' in page, anchor


def test_cli_reference_has_every_command(site: Path) -> None:
    text = text_of(site / "reference" / "cli.html")
    for command in (
        "climatelimits check",
        "climatelimits schedules list",
        "climatelimits schedules show",
        "climatelimits calculate",
        "climatelimits import lcabyg",
        "climatelimits import lcax",
        "climatelimits validate",
    ):
        assert f"usage: {command}" in text, command
    assert "--schedule ID_OR_FILE" in text


@pytest.mark.parametrize("schedule_id", catalogue.ids())
def test_one_page_per_shipped_schedule_with_its_values_status_and_sources(
    site: Path, schedule_id: str
) -> None:
    schedule = catalogue.get(schedule_id)
    page = site / "reference" / "schedules" / f"{schedule_id}.html"
    text = text_of(page)
    assert schedule.title in text
    assert f"Status {schedule.status.value}" in text
    for limit in schedule.limits:
        unit = format_unit(limit.metric.unit)
        for category in limit.categories.values():
            for step in category.steps:
                assert step.start.isoformat() in text
                shown = "not confirmed" if step.value is None else f"{step.value:g} {unit}"
                assert shown in text, (schedule_id, step)
    raw = page.read_text(encoding="utf-8")
    for source in schedule.sources:
        # Sphinx writes a link's non-ASCII characters percent-encoded.
        written = {html.escape(source.url), html.escape(quote(source.url, safe=_URL_SAFE))}
        assert any(f'href="{url}"' in raw for url in written), source.url
    if schedule.notes.strip():
        first_line = schedule.notes.strip().splitlines()[0]
        assert html.escape(first_line, quote=False) in raw
    index = text_of(site / "reference" / "schedules" / "index.html")
    assert schedule_id in index
