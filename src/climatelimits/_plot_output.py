"""Write matplotlib figures to files and to inline SVG text (internal).

Used by the ``--plot`` option of the command line and by the HTML report. matplotlib is
imported by the caller (:mod:`climatelimits.plot`); this module only imports it, lazily,
to set the SVG options.

SVG output is made deterministic: the ids matplotlib writes are salted with a fixed text
(``svg.hashsalt``), no date is written, and text stays text (``svg.fonttype = "none"``), so
the same figure gives the same bytes on every run and its labels can be searched in a
report.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from climatelimits._optional import import_optional
from climatelimits.exceptions import InvalidInputError
from climatelimits.io._output import atomic_output

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["FORMATS", "check_path", "new_figure", "svg_text", "write_figure"]

FORMATS = {".png": "png", ".svg": "svg"}
"""File suffixes a figure can be written to, with matplotlib's format name."""

_SVG_SETTINGS = {"svg.hashsalt": "climatelimits", "svg.fonttype": "none"}
_CLIP_PATH = re.compile(r'<clipPath id="(p[0-9a-f]{10})">(.*?)</clipPath>', re.DOTALL)
_METADATA: dict[str, dict[str, str | None]] = {
    "svg": {"Date": None},
    "png": {"Software": None},
}


def check_path(path: str | Path) -> str:
    """Return matplotlib's format name for ``path`` (``"png"`` or ``"svg"``).

    Raises
    ------
    InvalidInputError
        If the suffix is neither ``.png`` nor ``.svg``, naming the path and the suffixes
        allowed.
    """
    suffix = Path(path).suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None:
        allowed = ", ".join(FORMATS)
        msg = f"must end in one of {allowed} (the plot format); got {str(path)!r}"
        raise InvalidInputError(msg, field="plot")
    return fmt


def new_figure(rows: int) -> tuple[Figure, list[Axes]]:
    """Return a new figure with ``rows`` Axes one above the other (no pyplot state).

    Raises
    ------
    MissingOptionalDependencyError
        If matplotlib is not installed (``pip install 'climatelimits[plot]'``).
    """
    figure_module = import_optional("matplotlib.figure", "plot", feature="--plot")
    figure: Figure = figure_module.Figure(figsize=(9.0, 4.5 * rows), layout="constrained")
    return figure, [figure.add_subplot(rows, 1, i + 1) for i in range(rows)]


def _save(figure: Figure, stream: io.BytesIO, fmt: str) -> None:
    matplotlib = import_optional("matplotlib", "plot", feature="climatelimits.plot")
    if figure.get_layout_engine() is not None:
        # A layout engine moves the Axes by a few hundredths of a point at every draw
        # (tick labels and legends are measured where the last draw left them), so the
        # same figure would give other bytes each time: lay it out once and keep it so.
        figure.draw_without_rendering()
        figure.set_layout_engine("none")
    with matplotlib.rc_context(_SVG_SETTINGS):
        figure.savefig(stream, format=fmt, metadata=_METADATA[fmt])


def _stable_clip_ids(text: str) -> str:
    """Name each clip path by a hash of its own text.

    matplotlib names a clip path by a hash of its rectangle's exact floats, which move in
    the last bits each time a figure with a layout engine is drawn again; the rectangle as
    written in the file does not.
    """
    names = {
        old: "p" + hashlib.sha256(("climatelimits" + body).encode()).hexdigest()[:10]
        for old, body in _CLIP_PATH.findall(text)
    }
    for old, new in names.items():
        text = text.replace(old, new)
    return text


def _svg_bytes(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    _save(figure, buffer, "svg")
    return _stable_clip_ids(buffer.getvalue().decode("utf-8")).encode("utf-8")


def write_figure(figure: Figure, path: str | Path) -> None:
    """Write ``figure`` to ``path`` as PNG or SVG, chosen by the suffix, atomically.

    A figure with a layout engine (those of :mod:`climatelimits.plot` are laid out with
    ``"constrained"``) is laid out here and then keeps that layout, so that writing it
    again gives the same file.

    Parameters
    ----------
    figure
        A matplotlib figure (e.g. ``ax.figure`` of an Axes :mod:`climatelimits.plot` returns).
    path
        The file; ``.png`` or ``.svg`` (any case).

    Raises
    ------
    InvalidInputError
        If the suffix is neither ``.png`` nor ``.svg``; the message names the path and the
        suffixes allowed.
    OutputError
        If the file cannot be written; an existing file at ``path`` is left unchanged.
    """
    fmt = check_path(path)
    if fmt == "svg":
        data = _svg_bytes(figure)
    else:
        buffer = io.BytesIO()
        _save(figure, buffer, fmt)
        data = buffer.getvalue()
    with atomic_output(path, "wb") as stream:
        stream.write(data)


def svg_text(figure: Figure) -> str:
    """Return ``figure`` as the text of one ``<svg>`` element, for inline HTML.

    The XML declaration and the document type that a ``.svg`` file starts with are left
    out; the same figure gives the same text on every run (its layout is fixed as by
    :func:`write_figure`).

    Parameters
    ----------
    figure
        A matplotlib figure.

    Returns
    -------
    str
        Text starting with ``<svg`` and ending with ``</svg>``.
    """
    text = _svg_bytes(figure).decode("utf-8")
    return text[text.index("<svg") :].rstrip()
