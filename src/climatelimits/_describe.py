"""Readable text for schedules (the ``schedules show`` command)."""

from __future__ import annotations

from climatelimits.schedules import CATCH_ALL, Limit, LimitCategory, LimitMetric, LimitSchedule
from climatelimits.units import format_unit

__all__ = ["category_covers", "describe_rounding", "describe_schedule"]

_WIDTH = 88


def category_covers(key: str, category: LimitCategory) -> str:
    """Return the uses a category covers, in words (``"every other use"`` for the catch-all)."""
    return "every other use" if key == CATCH_ALL else ", ".join(u.value for u in category.uses)


def _category_lines(
    key: str, category: LimitCategory, unit: str, disclosure: bool = False
) -> list[str]:
    covers = category_covers(key, category)
    head = f"  {key}" + (f" - {category.title}" if category.title else "")
    lines = [head, f"      covers: {covers}"]
    if category.size is not None:
        lines.append(f"      size: {category.size.describe()}")
    if category.tags:
        lines.append(f"      tags required: {', '.join(category.tags)}")
    if category.reference_study_period is not None:
        period = category.reference_study_period.magnitude
        lines.append(f"      study period: {period:g} years")
    if category.sources:
        lines.append(f"      sources: {', '.join(category.sources)}")
    for step in category.steps:
        cited = f" [{', '.join(step.sources)}]" if step.sources else ""
        what = f"disclosure required, in {unit}" if disclosure else step.describe_value(unit)
        lines.append(f"      from {step.describe_start()}: {what}{cited}")
    return lines


def describe_rounding(metric: LimitMetric) -> str:
    """Return how a metric's value is rounded before it is compared, in words."""
    if metric.decimals is None:
        return "compared unrounded"
    return f"rounded half up to {decimals_text(metric.decimals)}"


def decimals_text(decimals: int) -> str:
    """Return ``"1 decimal"``, ``"2 decimals"``, ``"0 decimals"``: a count of decimals."""
    return f"{decimals} decimal{'' if decimals == 1 else 's'}"


def _limit_lines(limit: Limit, disclosure: bool = False) -> list[str]:
    metric = limit.metric
    unit = format_unit(metric.unit)
    rounding = describe_rounding(metric)
    lines = [
        f"{'Disclosure' if disclosure else 'Limit'} {limit.id}"
        + (f": {limit.title}" if limit.title else ""),
        f"  metric: {metric.describe()}, in {unit}, {rounding}",
        f"  mixed use: {limit.mixed_use.value}",
        "  categories:",
    ]
    for key, category in limit.categories.items():
        lines += ["  " + line for line in _category_lines(key, category, unit, disclosure)]
    if limit.adjustments:
        lines.append(
            "  adjustments: limit in force = step value × (1 + multiplicative terms) "
            "+ additive terms"
        )
        for adjustment in limit.adjustments:
            cited = f" [{', '.join(adjustment.sources)}]" if adjustment.sources else ""
            lines += _wrap(adjustment.describe(unit) + cited, "    ", "        ")
            if adjustment.formula:
                lines += _wrap(f"formula: {adjustment.formula}", "        ", "          ")
    return lines


def _wrap(text: str, first: str, then: str) -> list[str]:
    """Wrap text at spaces to :data:`_WIDTH` columns, in time linear in its length.

    A word longer than a line is cut into line-long pieces. (:func:`textwrap.wrap` breaks
    such a word in time quadratic in its length: a 50 MiB word took minutes.)
    """
    room = max(_WIDTH - max(len(first), len(then)), 1)
    lines: list[str] = []
    current = ""
    for word in text.split():
        for piece in (word[i : i + room] for i in range(0, len(word), room)):
            if current and len(current) + 1 + len(piece) <= _WIDTH:
                current = f"{current} {piece}"
                continue
            if current:
                lines.append(current)
            current = (then if lines else first) + piece
    if current:
        lines.append(current)
    return lines


def describe_schedule(schedule: LimitSchedule) -> str:
    """Return a schedule as readable text: what, by whom, its limits, rules and sources."""
    lines = [
        schedule.title,
        f"id: {schedule.id}",
        f"status: {schedule.status.value}",
        f"jurisdiction: {schedule.jurisdiction}",
        f"selected by: {schedule.date_basis.value} date",
    ]
    if schedule.until is not None:
        replaced = f", replaced by {schedule.superseded_by}" if schedule.superseded_by else ""
        lines.append(f"applies up to: {schedule.until.isoformat()}{replaced}")
    lines.append("")
    if schedule.is_disclosure:
        lines.insert(3, "kind: disclosure (a value to declare; no limit)")
    for limit in schedule.limits:
        lines += [*_limit_lines(limit, schedule.is_disclosure), ""]
    if schedule.applies_when:
        lines.append("Applies only to buildings with:")
        lines += [f"  {c.describe()}" for c in schedule.applies_when]
        lines.append("")
    if schedule.exemptions:
        lines.append("Exemptions:")
        for exemption in schedule.exemptions:
            cited = f" [{', '.join(exemption.sources)}]" if exemption.sources else ""
            lines.append(f"  {exemption.id} ({exemption.describe()}){cited}")
            lines += _wrap(exemption.reason, "      ", "      ")
        lines.append("")
    if schedule.tags:
        lines.append("Tags a building may declare:")
        lines += [f"  {tag}: {meaning}" for tag, meaning in schedule.tags.items()]
        lines.append("")
    if schedule.sources:
        lines.append("Sources:")
        for source in schedule.sources:
            lines += _wrap(source.describe(), "  - ", "    ")
            lines.append(f"    {source.url}")
        lines.append("")
    if schedule.notes.strip():
        # The notes are shown line by line as written: a derivation or a table in them
        # keeps its layout.
        lines.append("Notes:")
        lines += [f"  {line}".rstrip() for line in schedule.notes.strip().splitlines()]
    return "\n".join(lines).rstrip()
