r"""What every command of the command line shares (internal).

- :func:`run_safely` runs a command: a :class:`~climatelimits.exceptions.ClimateLimitsError`
  becomes exit code 2 and one line on stderr; anything else is an internal error, exit code
  4, with a request to report it (the traceback only with ``--debug``); a
  :class:`~climatelimits.exceptions.ClimateLimitsWarning` is one ``warning:`` line on
  stderr, other Python and numpy warnings never reach the terminal.
- :func:`about_file` names the file an error came from when the error does not.
- :func:`refuse_inputs` refuses an output path that names an input (output files are
  written atomically by the writers themselves).
- :func:`add_output_arguments` and :func:`write_output`: the ``--format`` and ``-o FILE``
  options of the commands that print a report, and where the report goes (``-o`` writes
  the file atomically, whole or not at all).
- Text written to the terminal has its control characters (ANSI escape sequences in an id)
  and lone surrogates shown as ``\uXXXX`` escapes instead of being sent raw.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import re
import sys
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from climatelimits.exceptions import ClimateLimitsError, ClimateLimitsWarning, DataFormatError

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_USAGE",
    "about_file",
    "add_output_arguments",
    "add_plot_argument",
    "check_plot_path",
    "date_argument",
    "printable",
    "refuse_inputs",
    "run_safely",
    "write_output",
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
            # numpy's floating-point warnings are Python warnings: ignored here too.
            warnings.catch_warnings(record=True) as caught,
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


def refuse_inputs(output: str | Path, inputs: Iterable[str | Path | None]) -> None:
    """Refuse an output path that names one of the inputs (see ``io._output``)."""
    from climatelimits.io._output import refuse_inputs as refuse  # noqa: PLC0415

    refuse(output, inputs)


def date_argument(option: str) -> Callable[[str], dt.date]:
    """Return an argparse ``type`` that reads a date ``YYYY-MM-DD`` given to ``option``.

    Its error names the option and the text (``--on must be a date YYYY-MM-DD; got
    '2024-02-30'``); argparse turns it into a usage error (exit code 2).
    """
    from climatelimits._dates import DATE_RULE, strict_date  # noqa: PLC0415

    def parse(text: str) -> dt.date:
        try:
            return strict_date(text)
        except ValueError:
            msg = f"{option} must be {DATE_RULE}; got {text!r}"
            raise argparse.ArgumentTypeError(msg) from None

    return parse


def add_schedule_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--schedule`` (repeatable) and ``--on``, as the stock commands take them."""
    parser.add_argument(
        "--schedule",
        required=True,
        action="append",
        metavar="ID_OR_FILE",
        help="a catalogue id or a schedule file; repeat for several schedules",
    )
    parser.add_argument(
        "--on",
        type=date_argument("--on"),
        default=None,
        metavar="DATE",
        help="date (YYYY-MM-DD) that selects the limit steps (default: each building's own date)",
    )


FORMAT_HELP = "output format (default: %(default)s)"
"""The help of a ``--format`` option with a default."""


def add_output_arguments(
    parser: argparse.ArgumentParser,
    formats: tuple[str, ...] = ("text", "json", "csv"),
    default: str | None = "text",
    format_help: str = FORMAT_HELP,
) -> None:
    """Add ``--format`` (one of ``formats``) and ``-o/--output FILE`` to ``parser``."""
    parser.add_argument("--format", choices=formats, default=default, help=format_help)
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")


def add_plot_argument(parser: argparse.ArgumentParser, what: str) -> None:
    """Add ``--plot FILE`` to ``parser``; ``what`` says what is drawn ("also draw ...,")."""
    parser.add_argument(
        "--plot",
        metavar="FILE",
        help=f"{what} to FILE (.png or .svg; needs climatelimits[plot])",
    )


def check_plot_path(plot: str | None, output: str | None) -> None:
    """Refuse a ``--plot`` path that is not ``.png``/``.svg`` or that is the ``-o`` file.

    Checked before any work is done, so that a bad path costs nothing, and with the ``-o``
    file's folder, so that a plot is not left behind by a command whose output then fails.

    Raises
    ------
    InvalidInputError
        If the suffix is neither ``.png`` nor ``.svg`` (naming the path).
    OutputError
        If the path is also the ``-o`` output file, or either one's folder does not exist.
    """
    if plot is None:
        return
    from climatelimits._plot_output import check_path  # noqa: PLC0415
    from climatelimits.exceptions import OutputError  # noqa: PLC0415
    from climatelimits.io._output import check_writable, same_file  # noqa: PLC0415

    check_path(plot)
    if output and same_file(plot, output):
        raise OutputError(plot, "is also the -o output file; choose another")
    check_writable(plot)
    if output:
        check_writable(output)


def write_output(text: str, output: str | Path | None) -> None:
    """Write ``text`` to the file ``output`` (atomically), or to stdout when it is None.

    Raises
    ------
    OutputError
        If the file cannot be written (naming it and the reason); an existing file is
        left unchanged.
    """
    if output is None:
        sys.stdout.write(text)
        return
    from climatelimits.io._output import write_text  # noqa: PLC0415

    write_text(output, text)


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
