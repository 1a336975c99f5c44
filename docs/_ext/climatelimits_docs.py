"""Pages generated at build time: the CLI reference and one page per catalogue schedule.

``{climatelimits-cli}`` renders the help of every command and subcommand of the argparse
parser of :mod:`climatelimits.cli`, so the reference cannot drift from the program. On
``builder-inited`` one Markdown page per shipped schedule is written to
``reference/schedules/`` (not kept in git) from :mod:`climatelimits.catalogue`.
"""

from __future__ import annotations

import argparse
import functools
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx

from climatelimits import catalogue
from climatelimits._describe import describe_rounding
from climatelimits.cli import _parser
from climatelimits.schedules import CATCH_ALL, LimitSchedule
from climatelimits.units import format_unit

_WIDTH = 88
SCHEDULES_DIR = Path("reference") / "schedules"


def _commands(
    parser: argparse.ArgumentParser, prefix: str
) -> list[tuple[str, argparse.ArgumentParser]]:
    out = [(prefix, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out += _commands(sub, f"{prefix} {name}")
    return out


def cli_sections() -> list[tuple[str, str]]:
    """Return ``(command, help text)`` for the program and each subcommand, in order."""
    sections = []
    for command, parser in _commands(_parser(), "climatelimits"):
        parser.formatter_class = functools.partial(argparse.HelpFormatter, width=_WIDTH)
        sections.append((command, parser.format_help()))
    return sections


class CliDirective(Directive):
    """``{climatelimits-cli}``: the help of every command, one section each."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """Return one section per command, each with the command's help text."""
        out: list[nodes.Node] = []
        for command, text in cli_sections():
            section = nodes.section(ids=[nodes.make_id(command)])
            section += nodes.title(text=command)
            section += nodes.literal_block(text, text, language="text")
            out.append(section)
        return out


def _steps_table(rows: list[tuple[str, str]]) -> list[str]:
    lines = ["| From | Limit |", "|---|---|"]
    lines += [f"| {start} | {value} |" for start, value in rows]
    return lines


def schedule_page(schedule: LimitSchedule) -> str:
    """Return the Markdown page of one schedule: status, limits and steps, sources, notes."""
    lines = [
        f"# {schedule.id}",
        "",
        f"**{schedule.title}**",
        "",
        "| | |",
        "|---|---|",
        f"| Status | `{schedule.status.value}` |",
        f"| Jurisdiction | {schedule.jurisdiction} |",
        f"| Step selected by | the building's `{schedule.date_basis.value}` date |",
    ]
    if schedule.until is not None:
        lines.append(f"| Applies up to | {schedule.until.isoformat()} |")
    if schedule.superseded_by:
        lines.append(f"| Replaced by | `{schedule.superseded_by}` |")
    lines += ["", f"`climatelimits.catalogue.get({schedule.id!r})`", ""]
    for limit in schedule.limits:
        metric = limit.metric
        unit = format_unit(metric.unit)
        rounding = describe_rounding(metric)
        lines += [
            f"## Limit `{limit.id}`" + (f": {limit.title}" if limit.title else ""),
            "",
            (f"{metric.describe()}, in {unit}, {rounding}; mixed use: `{limit.mixed_use.value}`."),
            "",
        ]
        for key, category in limit.categories.items():
            covers = (
                "every other use"
                if key == CATCH_ALL
                else ", ".join(f"`{u.value}`" for u in category.uses)
            )
            lines += [f"### `{key}`" + (f": {category.title}" if category.title else ""), ""]
            lines += [f"Covers: {covers}."]
            if category.size is not None:
                lines += ["", f"Size: {category.size.describe()}."]
            if category.tags:
                lines += ["", f"Tags required: {', '.join(category.tags)}."]
            lines.append("")
            rows = [(s.describe_start(), s.describe_value(unit)) for s in category.steps]
            lines += [*_steps_table(rows), ""]
    if schedule.applies_when:
        lines += ["## Applies only to buildings with", ""]
        lines += [f"- {c.describe()}" for c in schedule.applies_when]
        lines.append("")
    if schedule.exemptions:
        lines += ["## Exemptions", ""]
        lines += [f"- `{e.id}` ({e.describe()}): {e.reason}" for e in schedule.exemptions]
        lines.append("")
    if schedule.sources:
        lines += ["## Sources", ""]
        lines += [f"- [{s.title}]({s.url})" for s in schedule.sources]
        lines.append("")
    if schedule.notes.strip():
        lines += ["## Notes", "", "```text", schedule.notes.strip(), "```", ""]
    return "\n".join(lines)


def index_page(schedules: list[LimitSchedule]) -> str:
    """Return the index of the schedule pages, with a table of ids and statuses."""
    lines = [
        "# The shipped schedules",
        "",
        "One page per schedule of the catalogue, generated from the shipped files when the",
        "documentation is built. How each scheme is encoded, and what is open, is explained in",
        "[the catalogue](../../explanation/catalogue.md).",
        "",
        "| Id | Status | Title |",
        "|---|---|---|",
    ]
    lines += [f"| [{s.id}]({s.id}.md) | `{s.status.value}` | {s.title} |" for s in schedules]
    lines += ["", "```{toctree}", ":hidden:", "", *[s.id for s in schedules], "```", ""]
    return "\n".join(lines)


def write_schedule_pages(srcdir: Path) -> list[Path]:
    """Write the schedule pages under ``srcdir``; return their paths (index first)."""
    target = srcdir / SCHEDULES_DIR
    target.mkdir(parents=True, exist_ok=True)
    schedules = catalogue.all_schedules()
    pages = {target / "index.md": index_page(list(schedules))}
    pages.update({target / f"{s.id}.md": schedule_page(s) for s in schedules})
    for stale in target.glob("*.md"):
        if stale not in pages:
            stale.unlink()
    for path, text in pages.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return list(pages)


def _on_builder_inited(app: Sphinx) -> None:
    write_schedule_pages(Path(app.srcdir))


_FOOTNOTE_REF = re.compile(r"\[(\d+)\]_")
_FOOTNOTE_DEF = re.compile(r"^(\s*)\.\. \[(\d+)\]")


def unique_footnotes(
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Make numbered footnotes (``[1]_``, ``.. [1]``) unique to their docstring.

    numpydoc ``References`` sections number their footnotes from 1 in every docstring; on
    one API page those numbers would clash. Each becomes an auto-numbered footnote labelled
    with the object's name.
    """
    prefix = re.sub(r"\W+", "-", name)
    for index, line in enumerate(lines):
        referenced = _FOOTNOTE_REF.sub(lambda m: f"[#{prefix}-{m[1]}]_", line)
        lines[index] = _FOOTNOTE_DEF.sub(lambda m: f"{m[1]}.. [#{prefix}-{m[2]}]", referenced)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive and the page generator with Sphinx."""
    app.add_directive("climatelimits-cli", CliDirective)
    app.connect("autodoc-process-docstring", unique_footnotes, priority=900)
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
