"""Errors raised by climatelimits.

Every error is a :class:`ClimateLimitsError` *and* the built-in (or pint) error a caller
would expect, so ``except ValueError`` and ``except ClimateLimitsError`` both work.
Messages follow one shape: "`<field>` must be <rule>; got <value> [<unit>]".
"""

from __future__ import annotations

from collections.abc import Sequence

import pint

__all__ = [
    "ClimateLimitsError",
    "DataFormatError",
    "InvalidInputError",
    "MissingOptionalDependencyError",
    "ScheduleError",
    "UnitsError",
    "UnknownReferenceError",
]


class ClimateLimitsError(Exception):
    """Base class of every error raised by climatelimits."""


class InvalidInputError(ClimateLimitsError, ValueError):
    """A value passed to a constructor or function breaks a rule."""


class ScheduleError(InvalidInputError):
    """A limit schedule is inconsistent (step order, loosening, a missing study period).

    A metric unit of the wrong dimension raises :class:`UnitsError` instead.
    """


class UnknownReferenceError(ClimateLimitsError, LookupError):
    """An id (indicator, area definition, module, schedule, unit) is not known."""


class UnitsError(ClimateLimitsError, pint.DimensionalityError):
    """A quantity or unit has the wrong dimension, or cannot be understood.

    Still caught by ``except pint.DimensionalityError``.

    Parameters
    ----------
    message
        The full sentence shown to the user.
    units1, units2
        The unit received and the unit (or dimension) required, as text.
    """

    def __init__(self, message: str, units1: str = "", units2: str = "") -> None:
        super().__init__(units1, units2, extra_msg=message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[type[UnitsError], tuple[str, str, str]]:
        return (type(self), (self.message, str(self.units1), str(self.units2)))


class DataFormatError(ClimateLimitsError, ValueError):
    """A file or mapping could not be read into climatelimits objects.

    Parameters
    ----------
    source
        The file path (or ``"<string>"``) the data came from.
    problems
        Every problem found, each ``"<path>: <message>"`` with the path inside the document
        (``results.gwp_total.A4``).
    """

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        if len(self.problems) == 1:
            message = f"{source}: {self.problems[0]}"
        else:
            listed = "\n".join(f"  - {p}" for p in self.problems)
            message = f"{source}: {len(self.problems)} problems:\n{listed}"
        super().__init__(message)

    def __reduce__(self) -> tuple[type[DataFormatError], tuple[str, tuple[str, ...]]]:
        return (type(self), (self.source, self.problems))


class MissingOptionalDependencyError(ClimateLimitsError, ImportError):
    """An optional dependency needed by the called feature is not installed.

    Parameters
    ----------
    feature
        What was called.
    requirement
        The package (and extra) to install.
    """

    def __init__(self, feature: str, requirement: str) -> None:
        self.feature = feature
        self.requirement = requirement
        super().__init__(f"`{feature}` requires {requirement} to be installed")

    def __reduce__(self) -> tuple[type[MissingOptionalDependencyError], tuple[str, str]]:
        return (type(self), (self.feature, self.requirement))
