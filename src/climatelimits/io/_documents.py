"""Helpers shared by the readers and writers of :mod:`climatelimits.io`.

Read a file, parse TOML or JSON text, check the ``format`` tag, prune and render documents.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from climatelimits.exceptions import DataFormatError
from climatelimits.io import _toml_writer

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_FORMATS = {".toml": "toml", ".json": "json"}


def _format_of(path: Path) -> str:
    try:
        return _FORMATS[path.suffix.lower()]
    except KeyError:
        raise DataFormatError(
            str(path), [f"the file name must end in .toml or .json; got {path.suffix!r}"]
        ) from None


def _parse_text(text: str, kind: str, source: str) -> Any:
    if kind == "toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise DataFormatError(source, [f"not valid TOML: {exc}"]) from exc
    if kind == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno}, column {exc.colno}"
            raise DataFormatError(source, [f"not valid JSON at {where}: {exc.msg}"]) from exc
    raise DataFormatError(source, [f"`format` must be 'toml' or 'json'; got {kind!r}"])


def _read(path: str | Path) -> tuple[Any, str]:
    path = Path(path)
    kind = _format_of(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFormatError(str(path), [f"cannot be read: {exc.strerror or exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise DataFormatError(str(path), [f"is not UTF-8 text: {exc.reason}"]) from exc
    return _parse_text(text, kind, str(path)), str(path)


def _strip_format(data: Any, expected: str, source: str) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise DataFormatError(source, [f"the document must be a table; got {type(data).__name__}"])
    body = dict(data)
    tag = body.pop("format", None)
    if tag != expected:
        problem = (
            f"`format` must be {expected!r}; got {tag!r}"
            if tag is not None
            else f"`format` is required: start the document with format = {expected!r}"
        )
        raise DataFormatError(source, [problem])
    return body


def _prune(value: Any) -> Any:
    """Drop what files leave out: ``None`` (TOML has no null) and empty text, lists, tables."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def _render(document: dict[str, Any], kind: str) -> str:
    if kind == "toml":
        return _toml_writer.dumps(document)
    return json.dumps(document, indent=2, ensure_ascii=False, default=_json_default) + "\n"


def _json_default(value: Any) -> Any:
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    msg = f"cannot write {type(value).__name__} to JSON"
    raise TypeError(msg)
