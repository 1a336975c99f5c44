r"""What every command of the command line shares (internal).

- :func:`run_safely` runs a command: a :class:`~climatelimits.exceptions.ClimateLimitsError`
  becomes exit code 2 and one line on stderr; anything else is an internal error, exit code
  4, with a request to report it (the traceback only with ``--debug``); a
  :class:`~climatelimits.exceptions.ClimateLimitsWarning` is one ``warning:`` line on
  stderr, other Python and numpy warnings never reach the terminal.
- :func:`about_file` names the file an error came from when the error does not.
- :func:`refuse_inputs` refuses an output path that names an input (output files are
  written atomically by the writers themselves).
- Text written to the terminal has its control characters (ANSI escape sequences in an id)
  and lone surrogates shown as ``\uXXXX`` escapes instead of being sent raw.
"""

from __future__ import annotations

import contextlib
import re
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from climatelimits.exceptions import ClimateLimitsError, ClimateLimitsWarning, DataFormatError
from climatelimits.io._output import refuse_inputs

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_USAGE",
    "about_file",
    "printable",
    "refuse_inputs",
    "run_safely",
]

EXIT_USAGE = 2
EXIT_INTERNAL = 4
REPORT_URL = "https://github.com/climatelimits/climatelimits/issues"

_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def printable(text: str) -> str:
    r"""Return ``text`` with control characters and lone surrogates as ``\uXXXX`` escapes.

    Newlines and tabs stay. Inside a JSON string the escape means the same character, so
    JSON output stays valid and equal.

    Examples
    --------
    >>> printable("b\x1b[31mred\nnext")
    'b\\u001b[31mred\nnext'
    """
    return _UNPRINTABLE.sub(_escape, text)


class _Printable:
    """A text stream that writes through :func:`printable`."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(printable(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _one_line(text: str) -> str:
    return " | ".join(line.strip() for line in text.splitlines() if line.strip())


def run_safely(run: Callable[[], int], *, debug: bool) -> int:
    """Run a command; turn errors into exit codes and one line on stderr.

    Parameters
    ----------
    run
        The command; returns its exit code.
    debug
        Print the traceback of an internal error.

    Returns
    -------
    int
        The command's exit code, 2 for a :class:`ClimateLimitsError` (bad input or usage)
        and 4 for an internal error.
    """
    stdout, stderr = _Printable(sys.stdout), _Printable(sys.stderr)
    try:
        with (
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
            warnings.catch_warnings(record=True) as caught,
            np.errstate(all="ignore"),
        ):
            warnings.simplefilter("ignore")
            warnings.simplefilter("always", ClimateLimitsWarning)
            code = run()
    except ClimateLimitsError as exc:
        stderr.write(f"climatelimits: error: {_one_line(str(exc))}\n")
        return EXIT_USAGE
    except Exception as exc:  # every other error is ours: report it, do not crash
        if debug:
            stderr.write("".join(traceback.format_exception(exc)))
        what = _one_line(f"{type(exc).__name__}: {exc}")[:500]
        hint = "" if debug else "; run again with --debug for the traceback"
        stderr.write(
            f"climatelimits: internal error: {what} (this is a bug in climatelimits, "
            f"please report it at {REPORT_URL}{hint})\n"
        )
        return EXIT_INTERNAL
    for message in dict.fromkeys(str(w.message) for w in caught):
        stderr.write(f"climatelimits: warning: {_one_line(message)}\n")
    return code


@contextlib.contextmanager
def about_file(path: str | Path) -> Iterator[None]:
    """Name ``path`` in a ClimateLimitsError raised inside that names no file.

    Raises
    ------
    DataFormatError
        Naming the file, with the original error's message, for an error that named none.
    """
    try:
        yield
    except DataFormatError:
        raise
    except ClimateLimitsError as exc:
        raise DataFormatError(str(path), [str(exc)]) from exc
