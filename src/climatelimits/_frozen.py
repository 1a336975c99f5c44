"""Immutable containers for the fields of frozen attrs classes: a mapping, read-only arrays."""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from typing import Any, Generic, TypeVar

import attrs
import numpy as np

K = TypeVar("K")
T = TypeVar("T")
V = TypeVar("V")


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """A read-only mapping that keeps insertion order and hashes by content."""

    __slots__ = ("_data", "_hash")

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._data: dict[K, V] = dict(items)
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    # The mixin methods of Mapping go through __getitem__ key by key; the dict's own are
    # views and lookups in C (read-only: a dict view cannot change the dict).
    def __contains__(self, key: object) -> bool:
        return key in self._data

    def keys(self) -> KeysView[K]:
        """Return a view of the keys."""
        return self._data.keys()

    def values(self) -> ValuesView[V]:
        """Return a view of the values."""
        return self._data.values()

    def items(self) -> ItemsView[K, V]:
        """Return a view of the (key, value) pairs."""
        return self._data.items()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._data.items()) == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (list(self._data.items()),))


def read_only_array(values: Any, dtype: Any = None) -> np.ndarray[Any, Any]:
    """Return a numpy array of ``values`` that cannot be written to.

    A copy, unless ``values`` already is a read-only array owning its data (the kind this
    function returns), of the dtype asked for: sharing that cannot change anything.
    """
    if (
        isinstance(values, np.ndarray)
        and not values.flags.writeable
        and values.base is None
        and (dtype is None or values.dtype == np.dtype(dtype))
    ):
        return values
    out = np.array(values, dtype=dtype, copy=True)
    out.setflags(write=False)
    return out


def frozen(array: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Mark a freshly made array, that no one else holds, read-only (no copy)."""
    array.setflags(write=False)
    return array


def trusted(kind: type[T], *values: Any) -> T:
    """Return an attrs instance of ``values`` in field order, without running its checks.

    Only for values a validated path has already checked (and made read-only): the object
    is the one ``kind(*values)`` would return, less the time of checking again.
    """
    made = object.__new__(kind)
    for field, value in zip(kind.__attrs_attrs__, values, strict=True):  # type: ignore[attr-defined]
        object.__setattr__(made, field.name, value)
    return made


def _freeze(value: Any) -> Any:
    """Make the arrays in ``value`` (an array, a tuple or a FrozenMap of them) read-only."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, FrozenMap | tuple):
        for item in value.values() if isinstance(value, FrozenMap) else value:
            _freeze(item)
    return value


def _rebuild(kind: type[Any], values: tuple[Any, ...]) -> Any:
    # pickle restores numpy arrays writable: freeze them again, as the original had them.
    return kind(*(_freeze(v) for v in values))


class PickledFrozen:
    """Pickle an attrs class of read-only columns so that it unpickles read-only too."""

    def __reduce__(self) -> tuple[Any, ...]:
        fields = attrs.fields(type(self))  # type: ignore[arg-type]
        return (_rebuild, (type(self), tuple(getattr(self, f.name) for f in fields)))
