"""The one date rule of climatelimits: ``YYYY-MM-DD`` on every Python version (internal).

:func:`datetime.date.fromisoformat` accepts more from Python 3.11 on (``20260302``,
``2026-W10-1``) than on 3.10, so dates are matched here first: four digits, a hyphen, two
digits, a hyphen, two digits, and nothing else; :func:`date_or_datetime` also takes the date
at the start of an ISO 8601 date-time (``2025-01-30T12:15:47Z``) as other tools' files write
it, but not a date followed by anything else (``2025-01-30garbage``).
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["DATE_RULE", "date_or_datetime", "strict_date"]

DATE_RULE = "a date YYYY-MM-DD"
"""How messages state the rule."""

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME_AND_ZONE = re.compile(
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?)?(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)


def strict_date(text: str) -> dt.date:
    """Read a date written ``YYYY-MM-DD``, and nothing else.

    Raises
    ------
    ValueError
        If the text is not of that form or not a day of the calendar.

    Examples
    --------
    >>> strict_date("2026-03-02")
    datetime.date(2026, 3, 2)
    >>> strict_date("20260302")
    Traceback (most recent call last):
    ...
    ValueError: must be a date YYYY-MM-DD; got '20260302'
    """
    if _DATE.fullmatch(text) is None:
        msg = f"must be {DATE_RULE}; got {text!r}"
        raise ValueError(msg)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"must be {DATE_RULE} of the calendar; got {text!r}"
        raise ValueError(msg) from None


def date_or_datetime(text: str) -> dt.date:
    """Read the date of a ``YYYY-MM-DD`` date or ISO 8601 date-time (time, zone optional).

    Spaces around the text are ignored.

    Raises
    ------
    ValueError
        If the text is anything else.

    Examples
    --------
    >>> date_or_datetime("2025-01-30T12:15:47Z"), date_or_datetime("2019-05-08+01:00")
    (datetime.date(2025, 1, 30), datetime.date(2019, 5, 8))
    >>> date_or_datetime("2025-01-30garbage")
    Traceback (most recent call last):
    ...
    ValueError: must be a date YYYY-MM-DD or a date-time; got '2025-01-30garbage'
    """
    stripped = text.strip()
    if _TIME_AND_ZONE.fullmatch(stripped, 10) is None:
        msg = f"must be {DATE_RULE} or a date-time; got {text!r}"
        raise ValueError(msg)
    return strict_date(stripped[:10])
