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
from climatelimits.io._json_reading import check_document, parse_json, read_text

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
    """Parse a TOML or JSON document of ours (a leading byte-order mark is allowed)."""
    if kind == "toml":
        try:
            return check_document(tomllib.loads(text.removeprefix("\ufeff")), source, texts=False)
        except tomllib.TOMLDecodeError as exc:
            raise DataFormatError(source, [f"not valid TOML: {exc}"]) from exc
        except RecursionError as exc:
            raise DataFormatError(source, ["not valid TOML: nested too deeply"]) from exc
    if kind == "json":
        return parse_json(text, source)
    raise DataFormatError(source, [f"`format` must be 'toml' or 'json'; got {kind!r}"])


def _read(path: str | Path) -> tuple[Any, str]:
    path = Path(path)
    kind = _format_of(path)
    return _parse_text(read_text(path), kind, str(path)), str(path)


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
