"""Write output files safely: whole or not at all, never over an input (internal).

Every file climatelimits writes goes through :func:`write_text`: the text is written to a
temporary file in the target folder and moved over the target with :func:`os.replace`, so a
failure (a full disk, a file-size limit, a read-only folder) leaves any existing file as it
was and no half-written one behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from climatelimits.exceptions import OutputError

__all__ = ["refuse_inputs", "same_file", "write_text"]


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name the same file (the same inode, or the same resolved path)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        try:
            return Path(a).resolve() == Path(b).resolve()
        except (OSError, RuntimeError):
            return False


def refuse_inputs(path: str | Path, inputs: Iterable[str | Path | None]) -> None:
    """Refuse an output path that names one of the inputs.

    Raises
    ------
    OutputError
        Naming the path and saying it is an input that would be overwritten.
    """
    for given in inputs:
        if given is not None and same_file(path, given):
            problem = "is one of the input files and would be overwritten; choose another"
            raise OutputError(str(path), problem)


def _creation_mode() -> int:
    """Return the mode a new file gets from :func:`open` (0o666 less the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path``, atomically.

    Raises
    ------
    OutputError
        If the text cannot be encoded, the folder does not exist, the path is a folder, or
        writing fails; the message names the file and the reason, and an existing file at
        ``path`` is left unchanged.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        problem = f"cannot be written: the text has a lone surrogate at character {exc.start}"
        raise OutputError(str(path), problem) from None
    with atomic_output(path, "wb") as stream:
        stream.write(data)


def check_writable(path: str | Path) -> None:
    """Refuse a path whose folder does not exist, or that is a folder.

    Raises
    ------
    OutputError
        Naming the file and the reason.
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(str(target), f"cannot be written: no folder {str(folder)!r}")
    if target.is_dir():
        raise OutputError(str(target), "cannot be written: it is a folder")


@contextlib.contextmanager
def atomic_output(path: str | Path, mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; when the block ends well, it replaces ``path``.

    Text modes write UTF-8 with ``newline=""``. If the block raises, or writing fails,
    nothing is left behind and an existing file at ``path`` is unchanged.

    Raises
    ------
    OutputError
        If the folder does not exist, the path is a folder, or writing fails (naming the
        file and the reason).
    """
    target = Path(path)
    check_writable(target)
    folder = target.parent
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        encoding, newline = (None, None) if "b" in mode else ("utf-8", "")
        with os.fdopen(handle, mode, encoding=encoding, newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _creation_mode())
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise OutputError(str(target), f"cannot be written: {exc.strerror or exc}") from exc
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
