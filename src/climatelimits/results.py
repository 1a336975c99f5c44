"""Module results of a building: values per indicator, keyed by disjoint module sets.

Every entry is a value (possibly a declared zero) or explicitly *not declared*; a module with
no entry at all is not declared either. Not declared is never zero: a total over a scope with
a module not declared is *incomplete* and has no value.

An entry keyed by an aggregate ("A1-A5") that lies partly outside the scope asked for
("A1-A3") cannot be split, so it does not count and the total is incomplete; the modules it
covers inside the scope are reported as missing.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import Any, Final

import attrs
import numpy as np

from climatelimits import _kernels
from climatelimits.exceptions import InvalidInputError
from climatelimits.indicators import get_indicator
from climatelimits.lifecycle import ModuleSet
from climatelimits.units import (
    Quantity,
    Unit,
    format_unit,
    magnitude_in,
    parse_unit,
    registry,
)

__all__ = ["NOT_DECLARED", "IndicatorResults", "NotDeclared", "ResultEntry", "ScopeTotal"]


class NotDeclared(enum.Enum):
    """Marker for a module that the declaration explicitly leaves out ("ND", "MND")."""

    NOT_DECLARED = "not declared"

    def __repr__(self) -> str:
        return "NOT_DECLARED"

    def __bool__(self) -> bool:
        return False


NOT_DECLARED: Final = NotDeclared.NOT_DECLARED
"""The single "not declared" marker."""


def _check_value(instance: ResultEntry, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, float) or not np.isfinite(value):
        msg = f"must be a finite number or not declared; got {value!r}"
        raise InvalidInputError(msg, field=str(instance.modules))


def _to_module_set(value: ModuleSet | str) -> ModuleSet:
    return ModuleSet.parse(value)


def _to_optional_float(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


@attrs.frozen
class ResultEntry:
    """One declared result.

    Attributes
    ----------
    modules : ModuleSet
        The module or aggregate the value is for; never empty.
    value : float or None
        Magnitude in the indicator's canonical unit (``kg CO2e`` or ``EUR``) over the whole
        study period; ``None`` means explicitly not declared. ``0.0`` is a declared zero.
    """

    modules: ModuleSet = attrs.field(converter=_to_module_set)
    value: float | None = attrs.field(converter=_to_optional_float, validator=_check_value)

    @modules.validator
    def _check_modules(self, attribute: Any, value: ModuleSet) -> None:
        if not value:
            msg = "`modules` of a result entry must name at least one module; got ''"
            raise InvalidInputError(msg)

    @property
    def declared(self) -> bool:
        """Whether the entry carries a value (a declared zero counts)."""
        return self.value is not None


def _sort_entries(entries: Any) -> tuple[ResultEntry, ...]:
    items = tuple(entries)
    for item in items:
        if not isinstance(item, ResultEntry):
            msg = f"must be ResultEntry objects; got {item!r}"
            raise InvalidInputError(msg, field="entries")
    return tuple(sorted(items, key=lambda e: (e.modules.mask & -e.modules.mask, e.modules.mask)))


@attrs.frozen
class ScopeTotal:
    """The total of one indicator over a module scope, or why there is none.

    Attributes
    ----------
    indicator : str
        Indicator id.
    scope : ModuleSet
        The modules asked for.
    value : Quantity or None
        The sum in the indicator's canonical unit, or ``None`` when incomplete.
    missing : ModuleSet
        Modules of the scope that no declared entry inside the scope covers.
    straddling : tuple of ModuleSet
        Declared entries that lie partly inside and partly outside the scope.
    """

    indicator: str
    scope: ModuleSet
    value: Quantity | None
    missing: ModuleSet
    straddling: tuple[ModuleSet, ...]

    @property
    def complete(self) -> bool:
        """Whether every module of the scope is declared and the total has a value."""
        return self.value is not None

    def explain(self) -> str:
        """Return a sentence saying why the total is incomplete (empty when complete)."""
        if self.complete:
            return ""
        parts: list[str] = []
        not_split = ModuleSet.empty().union(*self.straddling)
        plain_missing = self.missing - not_split
        if plain_missing:
            parts.append(f"{plain_missing} not declared")
        for entry in self.straddling:
            parts.append(
                f"the value declared for {entry} cannot be split to the scope {self.scope}"
            )
        return f"{self.indicator} over {self.scope} is incomplete: " + "; ".join(parts)


@attrs.frozen
class IndicatorResults:
    """Results of one indicator per module set, over the whole study period.

    Build one with :meth:`from_mapping`.

    Attributes
    ----------
    indicator : str
        Indicator id (see :mod:`climatelimits.indicators`).
    entries : tuple of ResultEntry
        Entries with pairwise disjoint module sets, in standard module order.

    Examples
    --------
    >>> r = IndicatorResults.from_mapping(
    ...     "gwp_total", {"A1-A3": 1248000, "A4": 41600, "A5": 88400}, unit="kg CO2e"
    ... )
    >>> r.total("A1-A5").value
    <Quantity(1378000.0, 'kilogram * CO2e')>
    >>> r.total("A1-A5,C3").explain()
    'gwp_total over A1-A5,C3 is incomplete: C3 not declared'
    """

    indicator: str = attrs.field()
    entries: tuple[ResultEntry, ...] = attrs.field(converter=_sort_entries)

    @indicator.validator
    def _check_indicator(self, attribute: Any, value: str) -> None:
        get_indicator(value)

    @entries.validator
    def _check_disjoint(self, attribute: Any, value: tuple[ResultEntry, ...]) -> None:
        seen = 0
        for entry in value:
            if entry.modules.mask & seen:
                clash = [str(e.modules) for e in value if e.modules.mask & entry.modules.mask]
                msg = (
                    "entries must not overlap; got "
                    f"{' and '.join(clash)}, which share {ModuleSet(seen & entry.modules.mask)}"
                )
                raise InvalidInputError(msg, field=self.indicator)
            seen |= entry.modules.mask

    @classmethod
    def from_mapping(
        cls,
        indicator: str,
        values: Mapping[Any, Any],
        *,
        unit: str | Unit | None = None,
    ) -> IndicatorResults:
        """Build results from ``{modules: value}``.

        Parameters
        ----------
        indicator
            Indicator id, e.g. ``"gwp_total"``.
        values
            Keys are module sets or their text (``"A1-A3"``); values are quantities, numbers
            in ``unit``, or :data:`NOT_DECLARED`.
        unit
            Unit of plain numbers, e.g. ``"kg CO2e"`` or ``"t CO2e"``.

        Raises
        ------
        UnitsError
            If a value's dimension is not the indicator's.
        InvalidInputError
            If keys overlap or a value is not a finite number.
        """
        canonical = get_indicator(indicator).unit
        entries = []
        for key, raw in values.items():
            modules = ModuleSet.parse(key)
            if raw is NOT_DECLARED:
                entries.append(ResultEntry(modules, None))
                continue
            magnitude = magnitude_in(raw, canonical, field=str(modules), default_unit=unit)
            entries.append(ResultEntry(modules, magnitude))
        return cls(indicator, tuple(entries))

    # -- access -------------------------------------------------------------------------
    @property
    def unit(self) -> Unit:
        """Canonical unit of the values (``kg CO2e`` or ``EUR``)."""
        return parse_unit(get_indicator(self.indicator).unit)

    def __iter__(self) -> Iterator[ResultEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, modules: ModuleSet | str) -> Quantity | NotDeclared:
        """Return the value declared for exactly this module set.

        A module set with no entry of its own is :data:`NOT_DECLARED` (use :meth:`total` to
        add entries up).
        """
        wanted = ModuleSet.parse(modules)
        for entry in self.entries:
            if entry.modules == wanted:
                if entry.value is None:
                    return NOT_DECLARED
                found: Quantity = registry().Quantity(entry.value, self.unit)
                return found
        return NOT_DECLARED

    def arrays(self) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Return ``(masks, values, declared)`` arrays for the kernels.

        Values are in the canonical unit, ``0.0`` where not declared (the ``declared`` mask
        tells them apart).
        """
        masks = np.array([e.modules.mask for e in self.entries], dtype=np.int64)
        values = np.array([e.value or 0.0 for e in self.entries], dtype=np.float64)
        declared = np.array([e.value is not None for e in self.entries], dtype=bool)
        return masks, values, declared

    def total(self, scope: ModuleSet | str) -> ScopeTotal:
        """Sum the entries inside ``scope``.

        Parameters
        ----------
        scope
            The modules to add up, e.g. ``"A1-A5"``.

        Returns
        -------
        ScopeTotal
            With a value only if every module of the scope is covered by declared entries
            lying wholly inside it.
        """
        scope_set = ModuleSet.parse(scope)
        masks, values, declared = self.arrays()
        owner = np.zeros(len(masks), dtype=np.intp)
        totals, missing, straddle = _kernels.scope_totals(
            owner, masks, values, declared, scope_set.mask, 1
        )
        straddling = tuple(
            e.modules for e in self.entries if e.declared and e.modules.straddles(scope_set)
        )
        missing_set = ModuleSet(int(missing[0]))
        value = None
        if not missing_set and not straddle[0]:
            value = registry().Quantity(float(totals[0]), self.unit)
        return ScopeTotal(self.indicator, scope_set, value, missing_set, straddling)

    def scaled(self, factor: float) -> IndicatorResults:
        """Return the results with every declared value multiplied by ``factor``."""
        return IndicatorResults(
            self.indicator,
            tuple(
                ResultEntry(e.modules, None if e.value is None else e.value * factor)
                for e in self.entries
            ),
        )

    def to_mapping(self) -> dict[str, float | NotDeclared]:
        """Return ``{module text: value in the canonical unit or NOT_DECLARED}``."""
        return {
            str(e.modules): (NOT_DECLARED if e.value is None else e.value) for e in self.entries
        }

    def describe(self) -> str:
        """Return a one-line summary, e.g. ``'gwp_total: A1-A3 1248000, A4 41600 kg CO2e'``."""
        parts = [
            f"{e.modules} {'not declared' if e.value is None else format(e.value, 'g')}"
            for e in self.entries
        ]
        if not parts:
            return f"{self.indicator}: no module declared"
        return f"{self.indicator}: {', '.join(parts)} {format_unit(self.unit)}"
