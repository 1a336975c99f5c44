"""Errors raised by climatelimits.

Every error is a :class:`ClimateLimitsError` *and* the built-in (or pint) error a caller
would expect, so ``except ValueError`` and ``except ClimateLimitsError`` both work.
Messages follow one shape: "`<field>` must be <rule>; got <value> [<unit>]". An error about
one field carries it as data: :attr:`ClimateLimitsError.field` is the field's name (or its
path, ``lines[2].quantity``) and :attr:`ClimateLimitsError.detail` the rest of the message,
from which the message is formatted; readers of files re-root the field at the place in the
document (:meth:`ClimateLimitsError.relative_message`) instead of re-reading message text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pint

__all__ = [
    "ClimateLimitsError",
    "ClimateLimitsWarning",
    "DataFormatError",
    "InvalidInputError",
    "MissingOptionalDependencyError",
    "OutputError",
    "ScheduleError",
    "UnitsError",
    "UnknownReferenceError",
]


class ClimateLimitsError(Exception):
    """Base class of every error raised by climatelimits.

    Parameters
    ----------
    message
        The message; with ``field``, the part after the field's name ("must be ...; got
        ...").
    field
        The field (or path of the field) the error is about, if it is about one; the message
        then reads "`<field>` <message>".

    Attributes
    ----------
    field : str or None
        As given.
    detail : str
        The message without the field's name (the whole message when there is no field).

    Examples
    --------
    >>> error = InvalidInputError("must be greater than 0; got -1 m", field="area")
    >>> str(error), error.field, error.detail
    ('`area` must be greater than 0; got -1 m', 'area', 'must be greater than 0; got -1 m')
    """

    field: str | None = None
    detail: str = ""

    def __init__(self, message: str = "", *args: object, field: str | None = None) -> None:
        self.field = field
        self.detail = message
        super().__init__(_with_field(message, field), *args)

    def relative_message(self) -> str:
        """Return the message without the field's name ("must be ...; got ...")."""
        return self.detail if self.field is not None else str(self)


def _with_field(message: str, field: str | None) -> str:
    return message if field is None else f"`{field}` {message}"


class ClimateLimitsWarning(UserWarning):
    """Input that is accepted but looks wrong (dates out of order, an implausible value).

    The command line prints it as one ``climatelimits: warning: ...`` line.
    """


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

    def __init__(
        self, message: str, units1: str = "", units2: str = "", *, field: str | None = None
    ) -> None:
        full = _with_field(message, field)
        pint.DimensionalityError.__init__(self, units1, units2, extra_msg=full)
        self.message = full
        self.field = field
        self.detail = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> Any:
        return (
            _rebuild_units_error,
            (type(self), self.detail, str(self.units1), str(self.units2), self.field),
        )


def _rebuild_units_error(
    kind: type[UnitsError], detail: str, units1: str, units2: str, field: str | None
) -> UnitsError:
    return kind(detail, units1, units2, field=field)


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


class OutputError(ClimateLimitsError, OSError):
    """A file could not be written; any file already at the path is left as it was.

    Parameters
    ----------
    path
        The file that was to be written.
    problem
        Why not ("cannot be written: no folder 'out'", "is one of the input files ...").
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")

    def __reduce__(self) -> tuple[type[OutputError], tuple[str, str]]:
        return (type(self), (self.path, self.problem))
