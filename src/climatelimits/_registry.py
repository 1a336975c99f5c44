"""A small read-only id -> definition table with helpful lookup errors (internal)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

from climatelimits.exceptions import UnknownReferenceError

T = TypeVar("T")


class Table(Mapping[str, T], Generic[T]):
    """An immutable mapping of ids to definitions whose lookup error lists the known ids."""

    __slots__ = ("_items", "_what")

    def __init__(self, what: str, items: Mapping[str, T]) -> None:
        self._what = what
        self._items = dict(items)

    def __getitem__(self, key: str) -> T:
        try:
            return self._items[key]
        except (KeyError, TypeError):
            known = ", ".join(sorted(self._items))
            msg = f"must be one of {known}; got {key!r}"
            raise UnknownReferenceError(msg, field=self._what) from None

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def get(self, key: str, default: T | None = None) -> T | None:  # type: ignore[override]
        """Return the definition of ``key``, or ``default``."""
        return self._items.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"<{self._what} table: {', '.join(self._items)}>"
