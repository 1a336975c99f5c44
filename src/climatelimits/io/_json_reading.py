"""Read JSON documents and name every problem by its path in the document (internal).

The JSON readers of other tools' formats (openEPD, LCAx, LCAbyg, soda4LCA ILCD, Boverket's
climate database, the shipped BR18 Tabel 7) share these helpers, so that they parse JSON the
same way and word their problems the same way:

- :func:`parse_json` and :func:`read_json` turn text, bytes or a file into plain Python
  values, refusing ``NaN`` and ``Infinity`` (not JSON, RFC 8259 §6), and raise one
  :class:`~climatelimits.exceptions.DataFormatError` naming the file and, for a syntax error,
  the line and column; :func:`read_bytes` (also used by the ILCD XML reader) names a file
  that cannot be read;
- :class:`Problems` collects every problem of a document, each ``"<path>: <message>"``, and
  raises them together; :meth:`Problems.recording` turns a climatelimits error raised while
  building a value into a problem at the value's path;
- :func:`as_text`, :func:`text_at`, :func:`as_number`, :func:`number_at`, :func:`as_date`,
  :func:`as_object` and :func:`as_list` read one value, recording a problem instead of
  raising, and :func:`describe` says what a wrong value was (``the text 'lots'``,
  ``a list``, ``null``).

Paths are written as in JSONPath without the leading ``$``: ``rows[3].gwp.A1-A3``,
``impacts["EF 3.1"].gwp`` (:func:`key_path`).

Examples
--------
>>> problems = Problems("products.json")
>>> data = parse_json('{"id": "p1", "mass": "12 kg"}', "products.json")
>>> text_at(data, "id", "", problems, required=True)
'p1'
>>> number_at(data, "mass", "", problems, required=True) is None
True
>>> problems.items
["mass: must be a number; got the text '12 kg'"]
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn

from climatelimits._dates import date_or_datetime
from climatelimits.exceptions import ClimateLimitsError, DataFormatError

__all__ = [
    "Problems",
    "as_date",
    "as_list",
    "as_number",
    "as_object",
    "as_text",
    "check_document",
    "decode_text",
    "describe",
    "finite_number",
    "key_path",
    "number_at",
    "parse_json",
    "read_bytes",
    "read_json",
    "read_text",
    "text_at",
]

_SHOWN_TEXT = 60  # characters of a wrong text value quoted in a message


def describe(value: object) -> str:
    """Say what a JSON value is, for the "got ..." part of a message.

    Parameters
    ----------
    value
        A value as :func:`json.loads` returns it.

    Returns
    -------
    str
        ``null``, ``a boolean``, ``the number 5``, ``the text 'abc'`` (at most 60
        characters of it), ``a list`` or ``an object``; the Python type name of anything
        else.

    Examples
    --------
    >>> describe(None), describe([1]), describe({"a": 1}), describe(2.5), describe("kg")
    ('null', 'a list', 'an object', 'the number 2.5', "the text 'kg'")
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value[:_SHOWN_TEXT]!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def key_path(path: str, key: str) -> str:
    """Return the path of member ``key`` of the object at ``path``.

    A key made of letters, digits, ``_`` and ``-`` is appended with a dot (the key alone at
    the root, ``path == ""``); any other key is quoted in brackets.

    Examples
    --------
    >>> key_path("", "impacts"), key_path("impacts", "EF 3.1"), key_path("gwp", "A1-A3")
    ('impacts', 'impacts["EF 3.1"]', 'gwp.A1-A3')
    """
    if key.replace("_", "").replace("-", "").isalnum():
        return f"{path}.{key}" if path else key
    quoted = json.dumps(key, ensure_ascii=False)
    try:
        quoted.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: escaped, so the message is UTF-8 text
        quoted = json.dumps(key)
    return f"{path}[{quoted}]"


class Problems:
    """The problems found in one document, raised together as one DataFormatError.

    Parameters
    ----------
    source
        The file (or ``"<string>"``) the document came from, named by the error.

    Attributes
    ----------
    source : str
        As given.
    items : list of str
        Every problem so far, ``"<path>: <message>"`` (the message alone for an empty path,
        a problem of the whole document).

    Examples
    --------
    A value that a climatelimits class refuses becomes a problem at its path:

    >>> from climatelimits.units import as_quantity
    >>> problems = Problems("a.json")
    >>> def area(text):
    ...     with problems.recording("area"):
    ...         return as_quantity(text, field="area")
    ...     return None  # reached only when a problem was recorded
    >>> area("1 m^2"), area("lots")
    (<Quantity(1.0, 'meter ** 2')>, None)
    >>> print(*problems.items)
    area: `area` must be a number followed by a unit, e.g. '5200 m^2'; got 'lots'
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, path: str, message: str) -> None:
        """Record that the value at ``path`` breaks a rule (``message``)."""
        self.items.append(f"{path}: {message}" if path else message)

    def recording(self, path: str, prefix: str = "") -> _Recording:
        """Return a context that records a ClimateLimitsError raised in it as a problem.

        The problem is at ``path``, with the error's message after ``prefix``; the error does
        not propagate, so the code after the ``with`` block runs only when one was recorded.
        """
        return _Recording(self, path, prefix)

    def raise_if_any(self) -> None:
        """Raise the problems recorded so far, if there are any.

        Raises
        ------
        DataFormatError
            Listing every problem.
        """
        if self.items:
            raise DataFormatError(self.source, self.items)

    def raise_all(self) -> NoReturn:
        """Raise the problems recorded so far; for when reading cannot go on.

        Raises
        ------
        DataFormatError
            Listing every problem (at least one must have been recorded).
        """
        raise DataFormatError(self.source, self.items)


class _Recording:
    """Context of :meth:`Problems.recording`."""

    __slots__ = ("_path", "_prefix", "_problems")

    def __init__(self, problems: Problems, path: str, prefix: str) -> None:
        self._problems = problems
        self._path = path
        self._prefix = prefix

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if isinstance(error, ClimateLimitsError):
            self._problems.add(self._path, f"{self._prefix}{error}")
            return True
        return False


# -- documents ------------------------------------------------------------------------------
class _ConstantError(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity`` in a document."""


def _refuse_constant(name: str) -> NoReturn:
    msg = f"{name} is not a JSON number"
    raise _ConstantError(msg)


MAX_DEPTH = 100
"""Deepest nesting of lists and objects a document may have (ours need fewer than 10)."""


class _Pairs(list[tuple[str, Any]]):
    """The members of one JSON object in document order, before duplicates are checked."""


def _unicode_problem(text: str) -> str | None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        char = text[exc.start]
        return f"must be Unicode text; got a lone surrogate {char!r} at character {exc.start}"
    return None


class _DuplicateKeyError(ValueError):
    """A key given twice in one object (found by the fast path, placed by the slow one)."""


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    members = dict(pairs)
    if len(members) != len(pairs):
        raise _DuplicateKeyError
    return members


_CONTAINERS = (dict, list, _Pairs)
_CONTAINER_TYPES = frozenset(_CONTAINERS)  # exact types: one set lookup per value walked
# A surrogate escaped as JSON writes it; only where a text has one, or a raw surrogate, are
# texts checked one by one.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _may_hold_surrogate(text: str) -> bool:
    r"""Return whether ``text`` holds a surrogate, escaped (``\ud800``) or raw.

    The escaped form starts with a fixed backslash, which :mod:`re` scans for quickly; a
    raw one makes the text fail to encode as UTF-8. (One pattern for both scanned every
    character, 65 ms on a 7.6 MB LCAx file.)
    """
    if _ESCAPED_SURROGATE.search(text) is not None:
        return True
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _path(trail: Any) -> str:
    """Return the path (``a.b[2]``) of a trail (``(((None, "a"), "b"), 2)``)."""
    steps: list[str | int] = []
    while trail is not None:
        trail, step = trail
        steps.append(step)
    path = ""
    for step in reversed(steps):
        path = f"{path}[{step}]" if isinstance(step, int) else key_path(path, str(step))
    return path


def _shallow(document: Any) -> bool:
    """Return whether ``document`` holds only dicts and lists no deeper than MAX_DEPTH.

    What :func:`check_document` checks of a document without problems, in half its time
    and without keeping paths. False sends the document the long way, which names the
    place (and turns member lists into dicts).
    """
    return _members(document) >= 0


def _members(document: Any) -> int:
    """Return how many members the objects of ``document`` hold together.

    -1 if ``document`` is not a dict or a list, holds a member list (:class:`_Pairs`), or is
    nested deeper than MAX_DEPTH; also for a caller already so deep in the stack that these
    MAX_DEPTH calls would not fit.
    """
    try:
        return _members_within(document, MAX_DEPTH)
    except RecursionError:
        return -1


def _members_within(value: Any, room: int) -> int:
    """Count the members of the objects in a dict or list at most ``room`` levels deep, or -1."""
    kind = type(value)
    if room <= 0 or (kind is not dict and kind is not list):
        return -1  # too deep, or not a container (member lists go the long way)
    room -= 1
    if kind is dict:
        total = len(value)
        value = value.values()
    else:
        total = 0
    for item in value:
        if type(item) in _CONTAINER_TYPES:
            inner = _members_within(item, room)
            if inner < 0:
                return -1
            total += inner
    return total


def _colons_after_quote_or_space(text: str) -> int:
    """Return a number no smaller than the count of object keys in the JSON ``text``.

    Every key is a text followed by optional white space and a colon, so its colon follows
    a quote or a white-space character (RFC 8259 §2, §4). Counting every colon is quicker
    and also no smaller; this tighter count is for texts that hold colons (times, web
    addresses).
    """
    return text.count('":') + sum(text.count(f"{space}:") for space in " \t\n\r")


def _fast_parse(text: str) -> Any:
    """Parse ``text`` at the JSON module's full speed, or return None to go the long way.

    A key given twice leaves its object with fewer members than the text has keys, so a
    document whose objects hold as many members as the text can at most have keys has no
    duplicate, and needs no Python call per object to tell.
    """
    document = json.loads(text, parse_constant=_refuse_constant)
    members = _members(document)
    if members < 0:
        return None
    if text.count(":") == members or _colons_after_quote_or_space(text) == members:
        return document
    return None


def check_document(document: Any, source: str, *, texts: bool = True) -> Any:
    """Finish a parsed document: refuse duplicate keys, lone surrogates and deep nesting.

    JSON objects parsed as lists of members (:class:`_Pairs`) leave as dicts; a TOML
    document (whose reader already refuses duplicate keys and surrogates) is only measured.
    The walk is iterative, so no document is too deep to be refused cleanly, and it visits
    only lists and tables, and texts when ``texts`` is true.

    Raises
    ------
    DataFormatError
        Naming every key given twice in one object (the last would silently win), every
        text that is not Unicode, or the first place nested deeper than :data:`MAX_DEPTH`.
    """
    if not texts and _shallow(document):
        return document  # nothing to refuse: no member lists, texts or depth to look at
    problems = Problems(source)
    holder: list[Any] = [document]
    # (container, slot, trail, depth); a trail is (parent trail, slot), its path made only
    # for a problem, so that a document without problems costs no path texts.
    stack: list[tuple[Any, Any, Any, int]] = [(holder, 0, None, 0)]
    visited = (*_CONTAINERS, str) if texts else _CONTAINERS
    while stack:
        container, slot, trail, depth = stack.pop()
        value = container[slot]
        if isinstance(value, str):
            bad = _unicode_problem(value)
            if bad is not None:
                problems.add(_path(trail), bad)
            continue
        if not isinstance(value, _CONTAINERS):  # a number, true, false or null at the top
            continue
        if depth >= MAX_DEPTH:
            rule = f"is nested deeper than {MAX_DEPTH} levels of lists and tables"
            problems.add(_path(trail), rule)
            problems.raise_all()
        if isinstance(value, _Pairs):
            members: dict[str, Any] = {}
            for key, item in value:
                if key in members:
                    where = _path((trail, key))
                    problems.add(where, "is given twice in one object (keys must be unique)")
                members[key] = item
            container[slot] = value = members
        if isinstance(value, dict):
            for key, item in value.items():
                if texts:
                    bad_key = _unicode_problem(key)
                    if bad_key is not None:
                        problems.add(_path((trail, key)), f"the key {bad_key}")
                if isinstance(item, visited):
                    stack.append((value, key, (trail, key), depth + 1))
        elif isinstance(value, list):
            stack.extend(
                (value, i, (trail, i), depth + 1)
                for i, item in enumerate(value)
                if isinstance(item, visited)
            )
    problems.raise_if_any()
    return holder[0]


def decode_text(data: bytes, source: str) -> str:
    """Decode a file's bytes as UTF-8, without a leading byte-order mark.

    Raises
    ------
    DataFormatError
        If the bytes are not UTF-8 (naming the first bad byte).
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = f"is not UTF-8 text: {exc.reason}"
        raise DataFormatError(source, [problem]) from exc


def read_text(path: str | Path) -> str:
    """Read a text file as UTF-8, with or without a byte-order mark (one rule for all)."""
    return decode_text(read_bytes(path), str(path))


def parse_json(text: str | bytes, source: str) -> Any:
    """Parse a JSON document, refusing what JSON readers disagree on.

    ``NaN`` and ``Infinity`` (not JSON, RFC 8259 §6), a key given twice in one object
    (RFC 8259 §4: names "SHOULD be unique"; readers differ on which one wins), lone
    surrogates and nesting deeper than :data:`MAX_DEPTH` are refused.

    Parameters
    ----------
    text
        The document: text, or bytes in UTF-8 (a byte-order mark is allowed in both).
    source
        The file or name of the document, for the error.

    Returns
    -------
    Any
        The document as plain Python values.

    Raises
    ------
    DataFormatError
        If the bytes are not UTF-8, or the text is not JSON (with the line and column of a
        syntax error), holds ``NaN`` or ``Infinity``, a duplicate key (with its path), a lone
        surrogate, or is nested too deeply to read.

    Examples
    --------
    >>> parse_json(b'{"a": [1, 2.5]}', "a.json")
    {'a': [1, 2.5]}
    >>> parse_json('{"a": NaN}', "a.json")
    Traceback (most recent call last):
    ...
    climatelimits.exceptions.DataFormatError: a.json: not valid JSON: NaN is not a JSON number
    >>> try:
    ...     parse_json('{"a": {"b": 1, "b": 2}}', "a.json")
    ... except DataFormatError as error:
    ...     print(*error.problems)
    a.b: is given twice in one object (keys must be unique)
    """
    if isinstance(text, bytes):
        text = decode_text(text, source)
    text = text.removeprefix("\ufeff")
    texts = _may_hold_surrogate(text)
    try:
        document = None if texts else _fast_parse(text)
        if document is not None:
            return document  # no duplicate key, not too deep, no surrogate: nothing to refuse
        try:
            document = json.loads(
                text, parse_constant=_refuse_constant, object_pairs_hook=_unique_members
            )
        except _DuplicateKeyError:  # read it again, keeping every member, to name the key
            document = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_Pairs)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise DataFormatError(source, [f"not valid JSON at {where}: {exc.msg}"]) from exc
    except (ValueError, RecursionError) as exc:
        reason = str(exc) if isinstance(exc, ValueError) else "nested too deeply"
        raise DataFormatError(source, [f"not valid JSON: {reason}"]) from exc
    return check_document(document, source, texts=texts)


def read_bytes(path: str | Path) -> bytes:
    """Return the content of a file.

    Raises
    ------
    DataFormatError
        If the file cannot be read (missing, a folder, no permission), naming it.
    """
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise DataFormatError(str(path), [f"cannot be read: {exc.strerror or exc}"]) from exc


def read_json(path: str | Path) -> Any:
    """Read a JSON file (see :func:`parse_json`; the error names the file)."""
    return parse_json(read_bytes(path), str(path))


# -- values ---------------------------------------------------------------------------------
def _absent(value: object, path: str, problems: Problems, *, required: bool) -> bool:
    """Whether a value is absent (``None``); if it is ``required``, that is a problem."""
    if value is None and required:
        problems.add(path, "is required")
    return value is None


def finite_number(value: object) -> float | None:
    """Return a JSON number as a finite float, or ``None`` for anything else.

    Booleans are not numbers; an integer too large for a float is not finite.

    Examples
    --------
    >>> finite_number(3), finite_number(True), finite_number("3"), finite_number(10**400)
    (3.0, None, None, None)
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def as_number(
    value: object,
    path: str,
    problems: Problems,
    *,
    minimum: float | None = None,
    positive: bool = False,
) -> float | None:
    """Read the JSON value at ``path`` as a finite number, or record why not in ``problems``.

    The number must also be at least ``minimum`` (if given) and, if ``positive``, greater
    than 0. Returns ``None`` when a problem was recorded.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.add(path, f"must be a number; got {describe(value)}")
        return None
    try:
        result = float(value)
    except OverflowError:
        problems.add(path, f"must be a finite number; got {str(value)[:40]}...")
        return None
    if not math.isfinite(result):
        problems.add(path, f"must be a finite number; got {value!r}")
        return None
    if positive and not result > 0:
        problems.add(path, f"must be greater than 0; got {result:g}")
        return None
    if minimum is not None and result < minimum:
        problems.add(path, f"must be at least {minimum:g}; got {result:g}")
        return None
    return result


def number_at(
    data: Mapping[str, Any],
    key: str,
    path: str,
    problems: Problems,
    *,
    required: bool,
    minimum: float | None = None,
    positive: bool = False,
) -> float | None:
    """Read the number at member ``key`` of the object ``data`` found at ``path``.

    An absent or ``null`` member is ``None``, and a problem ("is required") if ``required``.
    Otherwise as :func:`as_number`.
    """
    value = data.get(key)
    where = key_path(path, key)
    if _absent(value, where, problems, required=required):
        return None
    return as_number(value, where, problems, minimum=minimum, positive=positive)


def as_text(value: object, path: str, problems: Problems, *, required: bool) -> str:
    """Read the JSON value at ``path`` as text, or record why not in ``problems``.

    A ``required`` text must be there and hold more than white space; otherwise ``null`` is
    read as ``""``. Returns the text as written, or ``""`` when a problem was recorded.
    """
    if value is None and not required:
        return ""
    if isinstance(value, str) and (value.strip() or not required):
        return value
    problems.add(path, f"must be a {'non-empty ' if required else ''}text; got {describe(value)}")
    return ""


def text_at(
    data: Mapping[str, Any], key: str, path: str, problems: Problems, *, required: bool
) -> str | None:
    """Read the text at member ``key`` of the object ``data`` found at ``path``.

    Returns
    -------
    str or None
        The text as written (it may be empty), or ``None`` if the member is absent or
        ``null`` (a problem, "is required", if ``required``) or is not text (a problem).
    """
    value = data.get(key)
    where = key_path(path, key)
    if _absent(value, where, problems, required=required):
        return None
    if not isinstance(value, str):
        problems.add(where, f"must be text; got {describe(value)}")
        return None
    return value


def as_date(value: object, path: str, problems: Problems) -> dt.date | None:
    """Read the date a text starts with (``2025-01-30``, ``2025-01-30T12:15:47Z``).

    ``null`` is ``None``; anything else that is not such a text is a problem.

    Examples
    --------
    >>> problems = Problems("a.json")
    >>> as_date("2025-01-30T12:15:47Z", "issued", problems), as_date(None, "issued", problems)
    (datetime.date(2025, 1, 30), None)
    """
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return date_or_datetime(value)
        except ValueError:
            pass
    problems.add(path, f"must be a date or date-time text (YYYY-MM-DD...); got {describe(value)}")
    return None


def as_object(
    value: object, path: str, problems: Problems, *, null: bool = False, rule: str = "an object"
) -> Mapping[str, Any] | None:
    """Return ``value`` if it is a JSON object; else record a problem and return ``None``.

    The problem says the value "must be ``rule``". With ``null``, ``null`` (``None``) is
    allowed: it is returned, without a problem.
    """
    if value is None and null:
        return None
    if not isinstance(value, Mapping):
        problems.add(path, f"must be {rule}; got {describe(value)}")
        return None
    return value


def as_list(
    value: object, path: str, problems: Problems, *, required: bool, rule: str = "a list"
) -> list[Any]:
    """Return ``value`` if it is a JSON list; else record a problem and return ``[]``.

    An absent (``None``) value is an empty list, and a problem ("is required") if
    ``required``. The problem of another value says it "must be ``rule``".
    """
    if _absent(value, path, problems, required=required):
        return []
    if not isinstance(value, list):
        problems.add(path, f"must be {rule}; got {describe(value)}")
        return []
    return value
