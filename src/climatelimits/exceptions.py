"""Errors raised by climatelimits.

Every error is a :class:`ClimateLimitsError` *and* the built-in (or pint) error a caller
would expect, so ``except ValueError`` and ``except ClimateLimitsError`` both work.
Messages follow one shape: "`<field>` must be <rule>; got <value> [<unit>]".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


class _UnitsMessage:
    """What :class:`UnitsError` adds to its bases: the full message, kept and pickled."""

    message: str
    units1: object
    units2: object

    def __init__(self, message: str, units1: str = "", units2: str = "") -> None:
        super().__init__(units1, units2, extra_msg=message)  # type: ignore[call-arg]
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[type[Any], tuple[str, str, str]]:
        return (type(self), (self.message, str(self.units1), str(self.units2)))


_UNITS_ERROR_DOC = """A quantity or unit has the wrong dimension, or cannot be understood.

    Still caught by ``except pint.DimensionalityError``.

    Parameters
    ----------
    message
        The full sentence shown to the user.
    units1, units2
        The unit received and the unit (or dimension) required, as text.
    """

if TYPE_CHECKING:

    class UnitsError(_UnitsMessage, ClimateLimitsError, pint.DimensionalityError):
        """A quantity or unit has the wrong dimension, or cannot be understood."""

else:

    def __getattr__(name: str) -> Any:
        # UnitsError derives from pint's DimensionalityError, and importing pint takes
        # longer than the rest of climatelimits: the class is made when first asked for.
        if name != "UnitsError":
            msg = f"module {__name__!r} has no attribute {name!r}"
            raise AttributeError(msg)
        import pint  # noqa: PLC0415

        cls = type(
            "UnitsError",
            (_UnitsMessage, ClimateLimitsError, pint.DimensionalityError),
            {"__module__": __name__, "__qualname__": "UnitsError", "__doc__": _UNITS_ERROR_DOC},
        )
        globals()["UnitsError"] = cls
        return cls


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
