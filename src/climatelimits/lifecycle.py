"""Life-cycle modules of EN 15978 and immutable sets of them.

A building's life cycle is cut into information modules (EN 15978:2011, table 1; A0 and B8
as used by Level(s) and the 2026 revision). Results are often declared for aggregates such
as "A1-A3": here an aggregate is a :class:`ModuleSet`, never a module of its own.

A :class:`ModuleSet` is a bit mask over :class:`LifeCycleModule` (one bit per module, in
standard order), so set algebra and scope tests are integer operations that vectorise.

References
----------
.. [1] EN 15978:2011, Sustainability of construction works - Assessment of environmental
   performance of buildings - Calculation method, table 1 (modules A1-A5, B1-B7, C1-C4, D).
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterator
from typing import Any

import attrs

from climatelimits.exceptions import InvalidInputError, UnknownReferenceError

__all__ = ["LifeCycleModule", "LifeCycleStage", "ModuleSet"]


class LifeCycleStage(enum.Enum):
    """Stages of the building life cycle (EN 15978 table 1)."""

    PRE_CONSTRUCTION = "pre_construction"
    PRODUCT = "product"
    CONSTRUCTION_PROCESS = "construction_process"
    USE = "use"
    END_OF_LIFE = "end_of_life"
    BEYOND_SYSTEM_BOUNDARY = "beyond_system_boundary"


_MODULE_TABLE: tuple[tuple[str, LifeCycleStage, str], ...] = (
    ("A0", LifeCycleStage.PRE_CONSTRUCTION, "Pre-construction (site, design, permits)"),
    ("A1", LifeCycleStage.PRODUCT, "Raw material supply"),
    ("A2", LifeCycleStage.PRODUCT, "Transport to the manufacturer"),
    ("A3", LifeCycleStage.PRODUCT, "Manufacturing"),
    ("A4", LifeCycleStage.CONSTRUCTION_PROCESS, "Transport to the building site"),
    ("A5", LifeCycleStage.CONSTRUCTION_PROCESS, "Construction and installation process"),
    ("B1", LifeCycleStage.USE, "Use"),
    ("B2", LifeCycleStage.USE, "Maintenance"),
    ("B3", LifeCycleStage.USE, "Repair"),
    ("B4", LifeCycleStage.USE, "Replacement"),
    ("B5", LifeCycleStage.USE, "Refurbishment"),
    ("B6", LifeCycleStage.USE, "Operational energy use"),
    ("B7", LifeCycleStage.USE, "Operational water use"),
    ("B8", LifeCycleStage.USE, "Users' activities"),
    ("C1", LifeCycleStage.END_OF_LIFE, "De-construction, demolition"),
    ("C2", LifeCycleStage.END_OF_LIFE, "Transport to waste processing"),
    ("C3", LifeCycleStage.END_OF_LIFE, "Waste processing"),
    ("C4", LifeCycleStage.END_OF_LIFE, "Disposal"),
    ("D", LifeCycleStage.BEYOND_SYSTEM_BOUNDARY, "Benefits and loads beyond the system"),
)


class LifeCycleModule(enum.Enum):
    """One information module of EN 15978, in standard order.

    The value is the code (``"A1"``); :attr:`index` is the position in standard order and
    the bit used by :class:`ModuleSet`.
    """

    A0 = "A0"
    A1 = "A1"
    A2 = "A2"
    A3 = "A3"
    A4 = "A4"
    A5 = "A5"
    B1 = "B1"
    B2 = "B2"
    B3 = "B3"
    B4 = "B4"
    B5 = "B5"
    B6 = "B6"
    B7 = "B7"
    B8 = "B8"
    C1 = "C1"
    C2 = "C2"
    C3 = "C3"
    C4 = "C4"
    D = "D"

    @property
    def code(self) -> str:
        """The code as written in EN 15978, e.g. ``"B4"``."""
        return self.value

    @property
    def index(self) -> int:
        """Position in standard order (A0 is 0, D is 18)."""
        return _INDEX[self]

    @property
    def bit(self) -> int:
        """The bit of this module in a :class:`ModuleSet` mask."""
        return 1 << _INDEX[self]

    @property
    def letter(self) -> str:
        """The stage letter: ``"A"``, ``"B"``, ``"C"`` or ``"D"``."""
        return self.value[0]

    @property
    def stage(self) -> LifeCycleStage:
        """The life-cycle stage the module belongs to."""
        return _MODULE_TABLE[_INDEX[self]][1]

    @property
    def title(self) -> str:
        """The module's name in English."""
        return _MODULE_TABLE[_INDEX[self]][2]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, LifeCycleModule):
            return NotImplemented
        return _INDEX[self] < _INDEX[other]

    @classmethod
    def parse(cls, code: str) -> LifeCycleModule:
        """Return the module of a code, ignoring case and surrounding spaces.

        Raises
        ------
        UnknownReferenceError
            If the code is not an EN 15978 module.
        """
        raw: object = code
        key = raw.strip().upper() if isinstance(raw, str) else raw
        try:
            return _BY_CODE[key]  # type: ignore[index]
        except (KeyError, TypeError):
            known = ", ".join(m.value for m in cls)
            msg = f"must be one of {known}; got {code!r}"
            raise UnknownReferenceError(msg, field="module") from None


_INDEX: dict[LifeCycleModule, int] = {m: i for i, m in enumerate(LifeCycleModule)}
_BY_CODE: dict[str, LifeCycleModule] = {m.value: m for m in LifeCycleModule}
_MODULES: tuple[LifeCycleModule, ...] = tuple(LifeCycleModule)
ALL_MASK = (1 << len(_MODULES)) - 1

_RANGE = re.compile(r"^\s*([A-Za-z]\d*)\s*(?:[-\u2013\u2012\u2014]|to)\s*([A-Za-z]?\d+|[Dd])\s*$")


def _check_mask(instance: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > ALL_MASK:
        msg = f"must be an integer between 0 and {ALL_MASK}; got {value!r}"
        raise InvalidInputError(msg, field="mask")


@attrs.frozen(order=False)
class ModuleSet:
    """An immutable set of life-cycle modules, e.g. the scope "A1-A3,C3,C4".

    Build one with :meth:`parse` or :meth:`of`; ``str()`` gives the canonical text, which
    :meth:`parse` reads back (``ModuleSet.parse(str(s)) == s``).

    Attributes
    ----------
    mask : int
        One bit per module, bit ``m.index`` for module ``m``.

    Examples
    --------
    >>> str(ModuleSet.parse("A1-A3, A4,A5"))
    'A1-A5'
    >>> str(ModuleSet.parse("C4,B6,A1-A3,B4,C3"))
    'A1-A3,B4,B6,C3-C4'
    """

    mask: int = attrs.field(validator=_check_mask)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def of(cls, *modules: LifeCycleModule | str) -> ModuleSet:
        """Return the set of the given modules (members or codes)."""
        mask = 0
        for module in modules:
            member = (
                module if isinstance(module, LifeCycleModule) else LifeCycleModule.parse(module)
            )
            mask |= member.bit
        return cls(mask)

    @classmethod
    def empty(cls) -> ModuleSet:
        """Return the empty set."""
        return cls(0)

    @classmethod
    def all(cls) -> ModuleSet:
        """Return the set of every module, A0 to D."""
        return cls(ALL_MASK)

    @classmethod
    def parse(cls, text: str | ModuleSet) -> ModuleSet:
        """Read a module set written as codes and ranges.

        Parameters
        ----------
        text
            Comma-separated codes and ranges, e.g. ``"A1-A3,B4,B6,C3,C4"``; a range may
            cross stages in EN 15978 order (``"A1-C4"`` is every module from A1 to C4) but
            not reach D. Hyphen or en dash, spaces and lower case are accepted,
            and so are the short range forms ``"A1-3"`` and ``"A1to3"`` (LCAbyg). The
            empty string is the empty set.

        Raises
        ------
        InvalidInputError
            If a part is not a module code or a range runs across stages or backwards.
        """
        if isinstance(text, ModuleSet):
            return text
        raw: object = text
        if not isinstance(raw, str):
            msg = f"must be text such as 'A1-A3,C3'; got {text!r}"
            raise InvalidInputError(msg, field="modules")
        return cls(_parse_mask(text))

    # -- set protocol -------------------------------------------------------------------
    def __iter__(self) -> Iterator[LifeCycleModule]:
        return (m for m in _MODULES if self.mask & m.bit)

    def __len__(self) -> int:
        return int(self.mask).bit_count()

    def __bool__(self) -> bool:
        return self.mask != 0

    def __contains__(self, item: object) -> bool:
        if isinstance(item, LifeCycleModule):
            return bool(self.mask & item.bit)
        if isinstance(item, ModuleSet):
            return item.issubset(self)
        return False

    def __or__(self, other: ModuleSet) -> ModuleSet:
        return ModuleSet(self.mask | _mask_of(other))

    def __and__(self, other: ModuleSet) -> ModuleSet:
        return ModuleSet(self.mask & _mask_of(other))

    def __sub__(self, other: ModuleSet) -> ModuleSet:
        return ModuleSet(self.mask & ~_mask_of(other))

    def __xor__(self, other: ModuleSet) -> ModuleSet:
        return ModuleSet(self.mask ^ _mask_of(other))

    def __le__(self, other: ModuleSet) -> bool:
        return self.issubset(other)

    def __lt__(self, other: ModuleSet) -> bool:
        return self.issubset(other) and self.mask != _mask_of(other)

    def __ge__(self, other: ModuleSet) -> bool:
        return ModuleSet(_mask_of(other)).issubset(self)

    def __gt__(self, other: ModuleSet) -> bool:
        return self >= other and self.mask != _mask_of(other)

    def union(self, *others: ModuleSet) -> ModuleSet:
        """Return the modules in this set or any of ``others``."""
        mask = self.mask
        for other in others:
            mask |= _mask_of(other)
        return ModuleSet(mask)

    def intersection(self, *others: ModuleSet) -> ModuleSet:
        """Return the modules in this set and in every one of ``others``."""
        mask = self.mask
        for other in others:
            mask &= _mask_of(other)
        return ModuleSet(mask)

    def difference(self, *others: ModuleSet) -> ModuleSet:
        """Return the modules in this set and in none of ``others``."""
        mask = self.mask
        for other in others:
            mask &= ~_mask_of(other)
        return ModuleSet(mask)

    def issubset(self, other: ModuleSet) -> bool:
        """Return whether every module of this set is in ``other``."""
        return self.mask & ~_mask_of(other) == 0

    def issuperset(self, other: ModuleSet) -> bool:
        """Return whether every module of ``other`` is in this set."""
        return _mask_of(other) & ~self.mask == 0

    def isdisjoint(self, other: ModuleSet) -> bool:
        """Return whether the two sets share no module."""
        return self.mask & _mask_of(other) == 0

    def straddles(self, scope: ModuleSet) -> bool:
        """Return whether this set lies partly inside and partly outside ``scope``.

        An aggregate "A1-A5" asked for the scope "A1-A3" straddles it: its value cannot be
        split, so it cannot count towards that scope.
        """
        s = _mask_of(scope)
        return bool(self.mask & s) and bool(self.mask & ~s)

    # -- text -----------------------------------------------------------------------------
    def __str__(self) -> str:
        return _mask_text(self.mask)

    def __repr__(self) -> str:
        return f"ModuleSet({str(self)!r})"

    @property
    def modules(self) -> tuple[LifeCycleModule, ...]:
        """The modules in standard order."""
        return tuple(self)


def _mask_of(other: object) -> int:
    if isinstance(other, ModuleSet):
        return other.mask
    msg = f"a module set operation needs a ModuleSet; got {other!r} ({type(other).__name__})"
    raise InvalidInputError(msg)


def _parse_part(part: str, whole: str) -> int:
    match = _RANGE.match(part)
    if match is None:
        try:
            return LifeCycleModule.parse(part).bit
        except UnknownReferenceError:
            msg = (
                "must be EN 15978 codes (A0-A5, B1-B8, C1-C4, D) or ranges such "
                f"as 'A1-A3'; got {part!r} in {whole!r}"
            )
            raise InvalidInputError(msg, field="modules") from None
    first_text, last_text = match.group(1), match.group(2)
    if last_text[0].isdigit():  # "A1-3", "A1to3"
        last_text = first_text[0] + last_text
    try:
        first = LifeCycleModule.parse(first_text)
        last = LifeCycleModule.parse(last_text)
    except UnknownReferenceError:
        msg = f"range {part!r} in {whole!r} must join two EN 15978 module codes"
        raise InvalidInputError(msg, field="modules") from None
    if last.letter == "D" and first.letter != "D":
        msg = (
            f"range {part!r} in {whole!r} must not reach D, which is reported beside the "
            f"life cycle, never inside it; write D on its own, e.g. 'A1-C4,D'"
        )
        raise InvalidInputError(msg, field="modules")
    if last.index < first.index:
        msg = f"range {part!r} in {whole!r} must run forwards, e.g. 'A1-A3'"
        raise InvalidInputError(msg, field="modules")
    mask = 0
    for module in _MODULES[first.index : last.index + 1]:
        mask |= module.bit
    return mask


@functools.lru_cache(maxsize=1024)
def _mask_text(mask: int) -> str:
    """Return the canonical text of a module set's mask (written once per distinct mask)."""
    parts: list[str] = []
    run: list[LifeCycleModule] = []

    def flush() -> None:
        if len(run) == 1:
            parts.append(run[0].code)
        elif run:
            parts.append(f"{run[0].code}-{run[-1].code}")
        run.clear()

    for module in (m for m in _MODULES if mask & m.bit):
        if run and (run[-1].letter != module.letter or run[-1].index + 1 != module.index):
            flush()
        run.append(module)
    flush()
    return ",".join(parts)


@functools.lru_cache(maxsize=1024)
def _parse_mask(text: str) -> int:
    """Return the bit mask of a module set's text (read once per distinct text)."""
    mask = 0
    for raw in text.split(","):
        part = raw.strip()
        if not part:
            if text.strip():
                msg = f"must not contain an empty part; got {text!r}"
                raise InvalidInputError(msg, field="modules")
            continue
        mask |= _parse_part(part, text)
    return mask
