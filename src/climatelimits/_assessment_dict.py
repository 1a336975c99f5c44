"""The plain-data form of an :class:`~climatelimits.evaluation.Assessment` (its JSON keys).

Kept apart from :mod:`climatelimits.evaluation` so that the verdict logic and its published
form change independently; ``Assessment.to_dict`` and ``climatelimits check --format json``
both use :func:`assessment_to_dict`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from climatelimits.units import Quantity, format_unit

if TYPE_CHECKING:
    from climatelimits.evaluation import Assessment, LimitCheck

__all__ = ["assessment_to_dict", "check_to_dict"]


def _magnitude(value: Quantity | None) -> float | None:
    return None if value is None else float(value.magnitude)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def check_to_dict(item: LimitCheck) -> dict[str, Any]:
    """Return one limit check as plain data.

    Keys: ``schedule``, ``limit_id``, ``part``, ``category``, ``status``, ``reason``,
    ``limit``, ``value``, ``compared_value``, ``margin`` (floats in ``unit``, or ``None``),
    ``unit``, ``effective_from``, ``next_step`` (``{"from", "limit", "passes"}``, with
    ``"latest_from"`` where its first day is not confirmed, or ``None``),
    ``complies_until``, ``limit_terms`` (``{adjustment id: term}``), ``missing_terms`` (a
    list of ids) and ``sources`` (``[{"id", "title", "section", "url"}]``, the documents
    the step in force is taken from).
    """
    next_step: dict[str, Any] | None = None
    if item.next_step is not None:
        next_step = {
            "from": item.next_step.start.isoformat(),
            "limit": float(item.next_step.limit.magnitude),
            "passes": item.next_step.passes,
        }
        if item.next_step.latest_from is not None:  # the first day is not confirmed
            next_step["latest_from"] = item.next_step.latest_from.isoformat()
    return {
        "schedule": item.schedule,
        "limit_id": item.limit_id,
        "part": item.part,
        "category": item.category,
        "status": item.status.value,
        "reason": item.reason,
        "limit": _magnitude(item.limit),
        "value": _magnitude(item.value),
        "compared_value": _magnitude(item.compared_value),
        "margin": _magnitude(item.margin),
        "unit": None if item.unit is None else format_unit(item.unit),
        "effective_from": _iso(item.effective_from),
        "next_step": next_step,
        "complies_until": _iso(item.complies_until),
        "limit_terms": dict(item.limit_terms),
        "missing_terms": list(item.missing_terms),
        "sources": [
            {"id": s.id, "title": s.title, "section": s.section, "url": s.url}
            for s in item.sources
        ],
    }


def assessment_to_dict(assessment: Assessment) -> dict[str, Any]:
    """Return an assessment as plain data that :func:`json.dumps` writes as it is.

    Keys: ``building``, ``schedule``, ``on`` (ISO date or ``None``), ``passed`` (``True``,
    ``False`` or ``None``) and ``checks``, one :func:`check_to_dict` per limit check.
    """
    return {
        "building": assessment.building,
        "schedule": assessment.schedule,
        "on": _iso(assessment.on),
        "passed": assessment.passed,
        "checks": [check_to_dict(c) for c in assessment.checks],
    }
