"""Building stocks: thousands to millions of declarations as columns.

A :class:`Stock` holds N buildings column by column: ids, use codes, dates as
``datetime64[D]`` (NaT where not stated), reference study periods in years (NaN where not
stated), floor areas in m² per area definition (NaN where not stated), and module results
per (indicator, module set) as float arrays in the indicator's canonical unit with a
*declared* mask, so that a value, a declared zero and *not declared* stay three different
things. Tags are a boolean matrix; building parts (mixed use) are a second table pointing
at their building.

:func:`check_stock` evaluates a schedule over the whole stock with the same kernels that
:func:`climatelimits.check` runs on one building (N = 1), so the two cannot drift.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from climatelimits import _verdicts
from climatelimits._frozen import FrozenMap, PickledFrozen, trusted
from climatelimits._optional import import_optional
from climatelimits._verdicts import STATUSES, Verdicts
from climatelimits.areas import AREA_DEFINITIONS, get_area_definition
from climatelimits.buildings import Building, BuildingDates, BuildingPart, DateBasis, UseCategory
from climatelimits.evaluation import Assessment, LimitCheck
from climatelimits.exceptions import InvalidInputError, UnknownReferenceError
from climatelimits.indicators import get_indicator
from climatelimits.lifecycle import ModuleSet
from climatelimits.results import IndicatorResults, ResultEntry
from climatelimits.schedules import LimitSchedule
from climatelimits.units import AREA_UNIT, TIME_UNIT, format_unit, registry

__all__ = [
    "ResultColumn",
    "Stock",
    "StockAssessment",
    "StockParts",
    "StockSummary",
    "UseShares",
    "check_stock",
]

Array = np.ndarray[Any, Any]

USES: tuple[UseCategory, ...] = tuple(UseCategory)
"""Use categories in code order: ``Stock.use`` holds indices into this tuple."""

_USE_CODE = {u: i for i, u in enumerate(USES)}


def _frozen_array(values: Any, dtype: Any, field: str, n: int | None = None) -> Array:
    array = np.array(values, dtype=dtype, copy=True)
    if n is not None and array.shape[:1] != (n,):
        msg = f"`{field}` must have one entry per building ({n}); got shape {array.shape}"
        raise InvalidInputError(msg)
    array.flags.writeable = False
    return array


@attrs.frozen(eq=False)
class ResultColumn(PickledFrozen):
    """One (indicator, module set) column of results.

    Attributes
    ----------
    values : ndarray of float64
        Value per row in the indicator's canonical unit (kg CO2e or EUR) over the study
        period; ``0.0`` where not declared (see ``declared``), never NaN.
    declared : ndarray of bool
        Whether the row declares a value (a declared zero counts).
    listed : ndarray of bool
        Whether the row has an entry for this module set at all; an entry that is listed
        but not declared is an explicit "not declared" (``ND``/``MND``).
    """

    values: Array
    declared: Array
    listed: Array

    def __attrs_post_init__(self) -> None:
        for name in ("values", "declared", "listed"):
            getattr(self, name).flags.writeable = False
        if not (self.values.shape == self.declared.shape == self.listed.shape):
            msg = (
                f"`values`, `declared` and `listed` of a result column must have one shape; "
                f"got {self.values.shape}, {self.declared.shape} and {self.listed.shape}"
            )
            raise InvalidInputError(msg)
        unlisted = np.flatnonzero(self.declared & ~self.listed)
        if unlisted.size:
            row = int(unlisted[0]) + 1
            msg = (
                f"`declared` of row {row} must be false where `listed` is false (a value "
                f"needs an entry); got declared true, listed false"
            )
            raise InvalidInputError(msg)
        bad = np.flatnonzero(~np.isfinite(self.values))
        if bad.size:
            row = int(bad[0]) + 1
            msg = (
                f"`values` of row {row} must be a finite number in the indicator's unit "
                f"(kg CO2e or EUR); got {float(self.values[row - 1])!r} (mark a module not "
                f"declared with `declared`, not with NaN)"
            )
            raise InvalidInputError(msg)

    @classmethod
    def build(cls, values: Any, declared: Any, listed: Any | None = None) -> ResultColumn:
        """Return a column from array-likes; ``listed`` defaults to ``declared``."""
        v = np.array(values, dtype=np.float64)
        d = np.array(declared, dtype=bool)
        v = np.where(d, v, 0.0)
        lst = None if listed is None else np.array(listed, dtype=bool)
        # Where every listed entry is declared the two masks are one array, stored once.
        if lst is None or np.array_equal(lst, d):
            lst = d
        return cls(v, d, lst)

    def take(self, index: Array) -> ResultColumn:
        """Return the rows at ``index``."""
        return ResultColumn(self.values[index], self.declared[index], self.listed[index])


ResultKey = tuple[str, ModuleSet]
"""(indicator id, module set) of a result column."""


def _check_results(
    results: Mapping[ResultKey, ResultColumn], n: int, field: str
) -> FrozenMap[ResultKey, ResultColumn]:
    seen: dict[str, Array] = {}
    earlier: dict[str, list[tuple[ModuleSet, Array]]] = {}
    out: dict[ResultKey, ResultColumn] = {}
    parsed = [((ind, ModuleSet.parse(mods)), column) for (ind, mods), column in results.items()]
    # One canonical column order (by indicator, then module order), so that every stock
    # adds a scope's entries in the order one building's results do.
    parsed.sort(key=lambda item: (item[0][0], item[0][1].mask & -item[0][1].mask, item[0][1].mask))
    for key, column in parsed:
        indicator, modules = key
        get_indicator(indicator)
        if not modules:
            msg = f"`{field}` column {indicator}.{modules} must name at least one module"
            raise InvalidInputError(msg)
        if column.values.shape != (n,):
            msg = (
                f"`{field}` column {indicator}.{modules} must have one entry per row ({n}); "
                f"got shape {column.values.shape}"
            )
            raise InvalidInputError(msg)
        covered = seen.setdefault(indicator, np.zeros(n, dtype=np.int64))
        clash = column.listed & ((covered & np.int64(modules.mask)) != 0)
        if np.any(clash):
            row = int(np.flatnonzero(clash)[0])
            other = next(
                m for m, listed in earlier[indicator] if listed[row] and m.mask & modules.mask
            )
            msg = (
                f"`{field}` of row {row + 1}: {indicator} entries must not overlap; got "
                f"{other} and {modules}, which share {ModuleSet(other.mask & modules.mask)}"
            )
            raise InvalidInputError(msg)
        covered |= np.where(column.listed, np.int64(modules.mask), np.int64(0))
        earlier.setdefault(indicator, []).append((modules, column.listed))
        out[(indicator, modules)] = column
    return FrozenMap(out)


def _check_areas(areas: Mapping[str, Any], n: int, field: str) -> FrozenMap[str, Array]:
    out: dict[str, Array] = {}
    for key, values in areas.items():
        if key not in AREA_DEFINITIONS:
            known = ", ".join(sorted(AREA_DEFINITIONS))
            msg = f"`{field}` keys must be area definitions ({known}); got {key!r}"
            raise UnknownReferenceError(msg)
        array = _frozen_array(values, np.float64, f"{field}.{key}", n)
        stated = ~np.isnan(array)
        bad = stated & ~(np.isfinite(array) & (array > 0))
        if np.any(bad):
            row = int(np.flatnonzero(bad)[0])
            msg = (
                f"`{field}.{key}` of row {row + 1} must be greater than 0 m²; "
                f"got {array[row]:g} m²"
            )
            raise InvalidInputError(msg)
        out[key] = array
    return FrozenMap(out)


def _check_uses(values: Any, n: int, field: str) -> Array:
    codes = _frozen_array(values, np.int16, field, n)
    bad = np.flatnonzero((codes < 0) | (codes >= len(USES)))
    if bad.size:
        row = int(bad[0])
        msg = (
            f"`{field}` of row {row + 1} must be a use code from 0 to {len(USES) - 1}; "
            f"got {codes[row]}"
        )
        raise InvalidInputError(msg)
    return codes


def _present_indicators(
    results: Mapping[ResultKey, ResultColumn], given: Mapping[str, Any] | None, n: int
) -> FrozenMap[str, Array]:
    """Which rows name each indicator in their results (listed entries, or as given)."""
    out: dict[str, Array] = {}
    for (indicator, _), column in results.items():
        out[indicator] = out.get(indicator, np.zeros(n, dtype=bool)) | column.listed
    for indicator, values in (given or {}).items():
        get_indicator(indicator)
        out[indicator] = out.get(indicator, np.zeros(n, dtype=bool)) | np.asarray(
            values, dtype=bool
        )
    for array in out.values():
        array.flags.writeable = False
    return FrozenMap(out)


@attrs.frozen(eq=False)
class StockParts(PickledFrozen):
    """Parts of the mixed-use buildings of a stock, one row per part.

    A part shares its building's dates, study period and tags; it has its own use, areas
    and results (see :class:`~climatelimits.buildings.BuildingPart`).

    Attributes
    ----------
    building : ndarray of intp
        Row of the building each part belongs to, non-decreasing.
    ids : ndarray of object
        Part ids, unique within a building.
    use : ndarray of int16
        Use codes (indices into :data:`USES`).
    areas : Mapping[str, ndarray]
        Floor area [m²] per area definition, NaN where not stated.
    results : Mapping[(str, ModuleSet), ResultColumn]
        Results per (indicator, module set).
    names : ndarray of object
        Part names.
    indicators : Mapping[str, ndarray of bool]
        Rows whose results name each indicator.
    """

    building: Array
    ids: Array
    use: Array
    areas: FrozenMap[str, Array]
    results: FrozenMap[ResultKey, ResultColumn]
    names: Array
    indicators: FrozenMap[str, Array]

    @classmethod
    def empty(cls) -> StockParts:
        """Return a table without parts."""
        return cls.build(building=[], ids=[], use=[])

    @classmethod
    def build(
        cls,
        *,
        building: Any,
        ids: Any,
        use: Any,
        areas: Mapping[str, Any] | None = None,
        results: Mapping[ResultKey, ResultColumn] | None = None,
        names: Any | None = None,
        indicators: Mapping[str, Any] | None = None,
    ) -> StockParts:
        """Validate and freeze the columns of a parts table."""
        owner = _frozen_array(building, np.intp, "parts.building")
        n = owner.shape[0]
        if n and np.any(np.diff(owner) < 0):
            msg = "`parts.building` must list the parts of each building together, in row order"
            raise InvalidInputError(msg)
        checked = _check_results(results or {}, n, "parts.results")
        return cls(
            owner,
            _frozen_array(ids, object, "parts.ids", n),
            _check_uses(use, n, "parts.use"),
            _check_areas(areas or {}, n, "parts.areas"),
            checked,
            _frozen_array([""] * n if names is None else names, object, "parts.names", n),
            _present_indicators(checked, indicators, n),
        )

    def __len__(self) -> int:
        return int(self.building.shape[0])

    def take(self, index: Array, building: Array) -> StockParts:
        """Return the parts at ``index``, pointing at the new building rows ``building``."""
        return StockParts(
            _frozen_array(building, np.intp, "parts.building"),
            _frozen_array(self.ids[index], object, "parts.ids"),
            _frozen_array(self.use[index], np.int16, "parts.use"),
            FrozenMap({k: _frozen_array(v[index], np.float64, k) for k, v in self.areas.items()}),
            FrozenMap({k: c.take(index) for k, c in self.results.items()}),
            _frozen_array(self.names[index], object, "parts.names"),
            FrozenMap({k: _frozen_array(v[index], bool, k) for k, v in self.indicators.items()}),
        )


@attrs.frozen(eq=False)
class UseShares(PickledFrozen):
    """Shares of floor area per use, stored only for the buildings that state them.

    Attributes
    ----------
    rows : ndarray of intp
        Stock rows that state use shares, increasing.
    shares : ndarray of float64, shape (len(rows), len(USES))
        Share of floor area per use (0 where the use is absent).
    """

    rows: Array
    shares: Array

    @classmethod
    def from_matrix(cls, matrix: Any, n: int) -> UseShares:
        """Keep the rows of a dense (N, len(USES)) matrix that state any share."""
        if isinstance(matrix, UseShares):
            rows, shares = matrix.rows, matrix.shares
            if shares.shape != (rows.shape[0], len(USES)) or (
                rows.size and (rows.min() < 0 or rows.max() >= n)
            ):
                msg = (
                    f"`use_shares` must name rows from 0 to {n - 1}, one share per use; got "
                    f"rows {rows.min() if rows.size else '-'} to "
                    f"{rows.max() if rows.size else '-'} and shares of shape {shares.shape}"
                )
                raise InvalidInputError(msg)
            rows.flags.writeable = False
            shares.flags.writeable = False
            return matrix
        array = np.array(matrix, dtype=np.float64)
        if array.shape != (n, len(USES)):
            msg = f"`use_shares` must have shape ({n}, {len(USES)}); got {array.shape}"
            raise InvalidInputError(msg)
        rows = np.flatnonzero(np.any(array > 0, axis=1))
        return cls(
            _frozen_array(rows, np.intp, "use_shares"),
            _frozen_array(array[rows], np.float64, "use_shares"),
        )

    @classmethod
    def none(cls) -> UseShares:
        """Return shares for no building."""
        return cls(np.zeros(0, dtype=np.intp), np.zeros((0, len(USES))))

    def mixed(self, n: int) -> Array:
        """Whether each of ``n`` buildings has more than one use."""
        out = np.zeros(n, dtype=bool)
        if self.rows.shape[0]:
            out[self.rows[np.count_nonzero(self.shares, axis=1) > 1]] = True
        return out

    def of(self, row: int) -> Array:
        """Return the shares of one stock row (all zero where it states none)."""
        at = int(np.searchsorted(self.rows, row))
        if at < self.rows.shape[0] and self.rows[at] == row:
            found: Array = self.shares[at]
            return found
        return np.zeros(len(USES))

    def matrix(self, rows: Array) -> Array:
        """Return the shares of the stock rows ``rows`` as a dense matrix."""
        return np.array([self.of(int(r)) for r in rows]).reshape(len(rows), len(USES))

    def take(self, rows: Array) -> UseShares:
        """Return the shares of the stock rows ``rows``, renumbered 0, 1, ... in that order."""
        position = np.searchsorted(self.rows, rows)
        position = np.minimum(position, max(self.rows.shape[0] - 1, 0))
        found = (self.rows[position] == rows) if self.rows.shape[0] else np.zeros(len(rows), bool)
        new_rows = np.flatnonzero(found)
        return UseShares(
            _frozen_array(new_rows, np.intp, "use_shares"),
            _frozen_array(self.shares[position[new_rows]], np.float64, "use_shares"),
        )


@attrs.frozen(eq=False)
class Stock(PickledFrozen):
    """An immutable, columnar set of N buildings.

    Build one with :meth:`from_buildings`, :meth:`from_columns`, :meth:`from_frame` or
    :func:`climatelimits.read_stock`; never from the raw columns unless you validate them
    as :meth:`build` does.

    Attributes
    ----------
    ids : ndarray of object
        Building ids, unique.
    use : ndarray of int16
        Use codes, indices into :data:`USES`.
    country : ndarray of object
        ISO 3166-1 alpha-2 code per building, ``None`` where not stated.
    dates : Mapping[DateBasis, ndarray of datetime64[D]]
        Dates per date basis, NaT where not stated.
    reference_study_period : ndarray of float64
        Study period [year], NaN where not stated.
    areas : Mapping[str, ndarray of float64]
        Floor area [m²] per area definition, NaN where not stated.
    results : Mapping[(str, ModuleSet), ResultColumn]
        Module results per (indicator, module set) in the indicator's canonical unit over
        the study period, with their declared masks.
    tag_names : tuple of str
        The tags columns of ``tags`` stand for.
    tags : ndarray of bool, shape (N, len(tag_names))
        Whether each building carries each tag.
    use_shares : UseShares
        Share of floor area per use, kept only for the buildings that state them (mixed
        use); see :meth:`UseShares.of`.
    parts : StockParts
        Building parts (mixed use), one row per part.
    names : ndarray of object
        Building names.
    indicators : Mapping[str, ndarray of bool]
        Rows whose results name each indicator (an indicator whose every entry is not
        declared is still named).
    name : str
        Name of the stock, e.g. ``"eu-ecb-db"``, recorded in derived schedules.
    limit_terms : Mapping[str, ndarray of float64]
        Declared limit adjustment terms per adjustment id (see
        :attr:`Building.limit_terms`), NaN where a building does not declare the term
        (never 0).
    """

    ids: Array
    use: Array
    country: Array
    dates: FrozenMap[DateBasis, Array]
    reference_study_period: Array
    areas: FrozenMap[str, Array]
    results: FrozenMap[ResultKey, ResultColumn]
    tag_names: tuple[str, ...]
    tags: Array
    use_shares: UseShares
    parts: StockParts
    names: Array
    indicators: FrozenMap[str, Array]
    name: str = ""
    limit_terms: FrozenMap[str, Array] = attrs.field(factory=FrozenMap)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        *,
        ids: Any,
        use: Any,
        country: Any | None = None,
        dates: Mapping[DateBasis | str, Any] | None = None,
        reference_study_period: Any | None = None,
        areas: Mapping[str, Any] | None = None,
        results: Mapping[ResultKey, ResultColumn] | None = None,
        tag_names: Sequence[str] = (),
        tags: Any | None = None,
        use_shares: Any | None = None,
        parts: StockParts | None = None,
        names: Any | None = None,
        indicators: Mapping[str, Any] | None = None,
        name: str = "",
        limit_terms: Mapping[str, Any] | None = None,
    ) -> Stock:
        """Validate and freeze columns already in canonical units.

        Parameters
        ----------
        ids
            Building ids (unique, non-empty text).
        use
            Use codes (indices into :data:`USES`) or :class:`UseCategory` members/values.
        country, dates, reference_study_period, areas, results, tag_names, tags
            As the attributes of the class; missing columns mean "not stated" throughout.
        use_shares, parts, names, indicators, name, limit_terms
            As the attributes of the class.

        Raises
        ------
        InvalidInputError
            If a column has the wrong length, an id repeats, an area is 0 or less, a study
            period is 0 or less, or a row's result entries overlap.
        """
        id_array = _frozen_array(ids, object, "ids")
        n = id_array.shape[0]
        listed = id_array.tolist()
        # One pass in C for the common case (every id a non-blank text, all distinct); the
        # row-by-row loop runs only to name the first bad id.
        plain = set(map(type, listed)) <= {str} and all(map(str.strip, listed))
        if not plain:
            for i, value in enumerate(listed):
                if not isinstance(value, str) or not value.strip():
                    msg = f"`ids` of row {i + 1} must be a non-empty text; got {value!r}"
                    raise InvalidInputError(msg)
        if len(set(listed)) != n:
            counts: dict[str, int] = {}
            for x in listed:
                counts[x] = counts.get(x, 0) + 1
            repeated = next(x for x, c in counts.items() if c > 1)
            msg = f"`ids` must be unique; got {repeated!r} more than once"
            raise InvalidInputError(msg)
        use_values = np.asarray(use, dtype=object) if not isinstance(use, np.ndarray) else use
        if use_values.dtype == object:
            use_values = np.array([_use_code(u, i) for i, u in enumerate(use_values)], np.int16)
        date_map: dict[DateBasis, Array] = {}
        for basis, values in (dates or {}).items():
            key = DateBasis(basis)
            date_map[key] = _frozen_array(values, "datetime64[D]", f"dates.{key.value}", n)
        period = (
            np.full(n, np.nan)
            if reference_study_period is None
            else np.array(reference_study_period, dtype=np.float64)
        )
        bad = ~np.isnan(period) & ~(np.isfinite(period) & (period > 0))
        if np.any(bad):
            row = int(np.flatnonzero(bad)[0])
            msg = (
                f"`reference_study_period` of row {row + 1} must be longer than 0 years; "
                f"got {period[row]:g} a"
            )
            raise InvalidInputError(msg)
        tag_tuple = tuple(tag_names)
        tag_matrix = (
            np.zeros((n, len(tag_tuple)), dtype=bool)
            if tags is None
            else np.array(tags, dtype=bool).reshape(n, len(tag_tuple))
        )
        tag_matrix.flags.writeable = False
        checked = _check_results(results or {}, n, "results")
        return cls(
            id_array,
            _check_uses(use_values, n, "use"),
            _frozen_array([None] * n if country is None else country, object, "country", n),
            FrozenMap(date_map),
            _frozen_array(period, np.float64, "reference_study_period", n),
            _check_areas(areas or {}, n, "areas"),
            checked,
            tag_tuple,
            tag_matrix,
            UseShares.none() if use_shares is None else UseShares.from_matrix(use_shares, n),
            StockParts.empty() if parts is None else parts,
            _frozen_array([""] * n if names is None else names, object, "names", n),
            _present_indicators(checked, indicators, n),
            name,
            _check_limit_terms(limit_terms or {}, n),
        )

    @classmethod
    def from_buildings(cls, buildings: Iterable[Building], *, name: str = "") -> Stock:
        """Return the stock of these buildings, with the same semantics as the objects.

        Raises
        ------
        InvalidInputError
            If ``buildings`` is not an iterable of :class:`Building` objects (one building
            alone is not) or two share an id.
        """
        whole: object = buildings
        if isinstance(whole, Building | str) or not isinstance(whole, Iterable):
            msg = (
                "`buildings` must be an iterable of Building objects (a list; "
                f"Stock.of_building takes one); got {type(whole).__name__}"
            )
            raise InvalidInputError(msg)
        items = list(buildings)
        for i, item in enumerate(items):
            given: object = item
            if not isinstance(given, Building):
                msg = f"`buildings` must hold Building objects; item {i} is {item!r}"
                raise InvalidInputError(msg)
        n = len(items)
        tag_names = tuple(sorted({t for b in items for t in b.tags}))
        tag_index = {t: j for j, t in enumerate(tag_names)}
        tags = np.zeros((n, len(tag_names)), dtype=bool)
        shares = np.zeros((n, len(USES)))
        for i, b in enumerate(items):
            for t in b.tags:
                tags[i, tag_index[t]] = True
            for use, share in b.use_shares.items():
                shares[i, _USE_CODE[use]] = share
        dates: dict[DateBasis | str, Any] = {
            basis: np.array(
                [b.dates.get(basis) or np.datetime64("NaT") for b in items], "datetime64[D]"
            )
            for basis in DateBasis
            if any(b.dates.get(basis) is not None for b in items)
        }
        period = np.array(
            [
                np.nan if b.reference_study_period is None else b.reference_study_period.magnitude
                for b in items
            ],
            dtype=np.float64,
        )
        part_rows = [(i, p) for i, b in enumerate(items) for p in b.parts]
        parts = StockParts.build(
            building=[i for i, _ in part_rows],
            ids=[p.id for _, p in part_rows],
            use=[_USE_CODE[p.use] for _, p in part_rows],
            areas=_area_columns([p.areas for _, p in part_rows]),
            results=_result_columns([p.results for _, p in part_rows]),
            names=[p.name for _, p in part_rows],
            indicators=_indicator_columns([p.results for _, p in part_rows]),
        )
        return cls.build(
            ids=[b.id for b in items],
            use=np.array([_USE_CODE[b.use] for b in items], dtype=np.int16),
            country=[b.country for b in items],
            dates=dates,
            reference_study_period=period,
            areas=_area_columns([b.areas for b in items]),
            results=_result_columns([b.results for b in items]),
            tag_names=tag_names,
            tags=tags,
            use_shares=shares,
            parts=parts,
            names=[b.name for b in items],
            indicators=_indicator_columns([b.results for b in items]),
            name=name,
            limit_terms={
                term: np.array([b.limit_terms.get(term, np.nan) for b in items], np.float64)
                for term in sorted({t for b in items for t in b.limit_terms})
            },
        )

    @classmethod
    def of_building(cls, building: Building) -> Stock:
        """Return the stock of one building, as ``from_buildings([building])`` does, faster.

        A :class:`Building` has been validated when it was made, so its columns are not
        checked again: this is the stock :func:`climatelimits.check` runs the kernels on.
        A building with parts goes the validated way.

        Raises
        ------
        InvalidInputError
            If ``building`` is not a :class:`Building`.
        """
        given: object = building
        if not isinstance(given, Building):
            msg = f"`building` must be a Building; got {type(given).__name__}"
            raise InvalidInputError(msg)
        if building.parts:
            return cls.from_buildings([building])
        b = building
        stated = b.dates
        dates = FrozenMap(
            (basis, _one(np.datetime64(day, "D"), "datetime64[D]"))
            for basis in DateBasis
            if (day := getattr(stated, basis.value)) is not None
        )
        rsp = b.reference_study_period
        areas = FrozenMap(
            (k, _one(float(b.areas[k].magnitude), np.float64)) for k in sorted(b.areas)
        )
        results = _one_result_columns(b.results)
        # Every indicator of the results is named, those with entries first (in column
        # order), as Stock.build orders them.
        named = [k for k, _ in results] + sorted(set(b.results) - {k for k, _ in results})
        indicators = FrozenMap((k, _TRUE) for k in dict.fromkeys(named))
        tag_names = tuple(sorted(set(b.tags)))
        tags = np.ones((1, len(tag_names)), dtype=bool)
        tags.flags.writeable = False
        return cls(
            _one(b.id, object),
            _one(_USE_CODE[b.use], np.int16),
            _one(b.country, object),
            dates,
            _one(np.nan if rsp is None else float(rsp.magnitude), np.float64),
            areas,
            FrozenMap(results),
            tag_names,
            tags,
            _one_use_shares(b.use_shares),
            _no_parts(),
            _one(b.name, object),
            indicators,
            limit_terms=FrozenMap(
                (k, _one(b.limit_terms[k], np.float64)) for k in sorted(b.limit_terms)
            ),
        )

    @classmethod
    def from_columns(
        cls, columns: Mapping[str, Any], *, name: str = "", source: str | None = None
    ) -> Stock:
        """Return the stock of a table in the stock layout, given as columns.

        The layout (one row per building; only ``id`` and ``use`` required): ``id``,
        ``use`` (a :class:`UseCategory` value), ``name``, ``country``, one column per date
        basis (``permit_application``, ``construction_start``, ``completion``; ISO dates),
        ``reference_study_period`` [year], ``tags`` (``;``-separated), ``use_shares``
        (``use:share;use:share``), ``part`` (a part of the building with the same ``id``),
        ``area.<area id>`` [m²] and ``<indicator>.<modules>`` in the indicator's unit (kg
        CO2e) over the study period. An empty cell is not stated / not declared, ``ND`` an
        explicit not-declared entry, ``0`` a declared zero.

        Parameters
        ----------
        columns
            Column name -> sequence or array, all of one length.
        name
            Name of the stock.
        source
            Where the columns come from, for error messages.

        Raises
        ------
        DataFormatError
            Naming the row and the column of the first cell that breaks its rule, or an
            unknown column.

        Examples
        --------
        >>> stock = Stock.from_columns(
        ...     {
        ...         "id": ["a", "b"],
        ...         "use": ["office", "office"],
        ...         "area.se_bta": [1000, 2000],
        ...         "gwp_ghg.A1-A5": [300000, ""],
        ...     }
        ... )
        >>> len(stock), stock.results[("gwp_ghg", ModuleSet.parse("A1-A5"))].declared.tolist()
        (2, [True, False])
        """
        from climatelimits._stock_table import stock_from_columns  # noqa: PLC0415

        built: Stock = stock_from_columns(columns, name=name, source=source)
        return built

    @classmethod
    def from_frame(cls, frame: Any, *, name: str = "", source: str | None = None) -> Stock:
        """Return the stock of a pandas DataFrame or pyarrow Table in the stock layout.

        See :meth:`from_columns` for the layout; missing values (NaN, None, NA) are empty
        cells.

        Raises
        ------
        InvalidInputError
            If ``frame`` is neither a DataFrame nor a Table.
        """
        if hasattr(frame, "column_names") and hasattr(frame, "column"):  # pyarrow.Table
            from climatelimits.io._stock_source import local_timestamps  # noqa: PLC0415

            columns = {
                str(c): local_timestamps(frame.column(c)).to_numpy(zero_copy_only=False)
                for c in frame.column_names
            }
        elif hasattr(frame, "columns") and hasattr(frame, "to_numpy"):  # pandas.DataFrame
            columns = {str(c): frame[c].to_numpy() for c in frame.columns}
        else:
            msg = f"`frame` must be a pandas DataFrame or a pyarrow Table; got {type(frame)!r}"
            raise InvalidInputError(msg)
        return cls.from_columns(columns, name=name, source=source)

    def to_columns(self) -> dict[str, Array]:
        """Return the stock as columns in the table layout (see :meth:`from_columns`).

        Numbers are floats with NaN where not stated or not declared; dates are
        ``datetime64[D]`` with NaT where not stated; part rows follow their building.
        """
        from climatelimits._stock_table import columns_of_stock  # noqa: PLC0415

        return columns_of_stock(self)

    def to_frame(self) -> Any:
        """Return the stock as a pandas DataFrame in the table layout.

        Raises
        ------
        MissingOptionalDependencyError
            If pandas is not installed (``pip install climatelimits[pandas]``).
        """
        pd = import_optional("pandas", "pandas", feature="Stock.to_frame")
        return pd.DataFrame(self.to_columns())

    # -- views --------------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def __iter__(self) -> Iterator[Building]:
        return (self.building(i) for i in range(len(self)))

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return f"<Stock{label}: {len(self)} buildings, {len(self.results)} result columns>"

    @property
    def mixed_use(self) -> Array:
        """Whether each building has more than one use."""
        return self.use_shares.mixed(len(self))

    @property
    def has_parts(self) -> Array:
        """Whether each building declares parts."""
        out = np.zeros(len(self), dtype=bool)
        out[self.parts.building] = True
        return out

    def date(self, basis: DateBasis | str) -> Array:
        """Return the dates of ``basis`` (NaT where not stated).

        Raises
        ------
        UnknownReferenceError
            If ``basis`` is not a date basis.
        """
        try:
            key = DateBasis(basis)
        except ValueError:
            known = ", ".join(b.value for b in DateBasis)
            msg = f"`basis` must be a date basis ({known}); got {basis!r}"
            raise UnknownReferenceError(msg) from None
        if key in self.dates:
            return self.dates[key]
        return np.full(len(self), np.datetime64("NaT"), dtype="datetime64[D]")

    def area(self, area_id: str) -> Array:
        """Return the areas [m²] of definition ``area_id`` (NaN where not stated).

        Raises
        ------
        UnknownReferenceError
            If ``area_id`` is not a known area definition (as :meth:`Building.area`).
        """
        if area_id in self.areas:
            return self.areas[area_id]
        get_area_definition(area_id)  # an unknown definition is an error, not "not stated"
        return np.full(len(self), np.nan)

    def has_tags(self, tags: Iterable[str]) -> Array:
        """Return whether each building carries every tag in ``tags`` (or the tag ``tags``)."""
        out = np.ones(len(self), dtype=bool)
        for tag in (tags,) if isinstance(tags, str) else tags:
            if tag not in self.tag_names:
                return np.zeros(len(self), dtype=bool)
            out &= self.tags[:, self.tag_names.index(tag)]
        return out

    def index_of(self, building_id: str) -> int:
        """Return the row of the building with id ``building_id``.

        Raises
        ------
        UnknownReferenceError
            If no building has that id.
        """
        found = np.flatnonzero(self.ids == building_id)
        if found.size == 0:
            msg = f"`id` must name a building of the stock; got {building_id!r}"
            raise UnknownReferenceError(msg)
        return int(found[0])

    def building(self, i: int) -> Building:
        """Return row ``i`` as a :class:`Building`."""
        i = _row_number(i, len(self), "i")
        reg = registry()
        dates = {basis.value: _date_or_none(values[i]) for basis, values in self.dates.items()}
        period = self.reference_study_period[i]
        shares = {USES[j]: float(s) for j, s in enumerate(self.use_shares.of(i)) if s > 0}
        part_rows = np.flatnonzero(self.parts.building == i)
        return Building(
            id=str(self.ids[i]),
            use=USES[int(self.use[i])],
            name=str(self.names[i]),
            country=self.country[i],
            use_shares=_ordered_shares(shares, USES[int(self.use[i])]),
            dates=BuildingDates(**dates),
            areas=_row_areas(self.areas, i),
            reference_study_period=None
            if np.isnan(period)
            else reg.Quantity(float(period), TIME_UNIT),
            results=_row_results(self.results, self.indicators, i),
            tags=tuple(t for j, t in enumerate(self.tag_names) if self.tags[i, j]),
            limit_terms={
                k: float(v[i]) for k, v in self.limit_terms.items() if not np.isnan(v[i])
            },
            parts=tuple(
                BuildingPart(
                    id=str(self.parts.ids[k]),
                    use=USES[int(self.parts.use[k])],
                    areas=_row_areas(self.parts.areas, int(k)),
                    results=_row_results(self.parts.results, self.parts.indicators, int(k)),
                    name=str(self.parts.names[k]),
                )
                for k in part_rows
            ),
        )

    def select(self, which: Any) -> Stock:
        """Return the buildings picked by a boolean mask, row numbers or ids.

        Parameters
        ----------
        which
            A boolean array of length N, an array of row numbers, or a sequence of ids.

        Raises
        ------
        InvalidInputError
            If a mask has the wrong length or a row number is out of range.
        UnknownReferenceError
            If an id is not in the stock.
        """
        rows = self._rows(which)
        parts_mask = np.isin(self.parts.building, rows)
        part_index = np.flatnonzero(parts_mask)
        renumber = np.full(len(self), -1, dtype=np.intp)
        renumber[rows] = np.arange(rows.shape[0])
        order = np.argsort(renumber[self.parts.building[part_index]], kind="stable")
        part_index = part_index[order]
        return Stock(
            _frozen_array(self.ids[rows], object, "ids"),
            _frozen_array(self.use[rows], np.int16, "use"),
            _frozen_array(self.country[rows], object, "country"),
            FrozenMap(
                {k: _frozen_array(v[rows], v.dtype, k.value) for k, v in self.dates.items()}
            ),
            _frozen_array(self.reference_study_period[rows], np.float64, "period"),
            FrozenMap({k: _frozen_array(v[rows], np.float64, k) for k, v in self.areas.items()}),
            FrozenMap({k: c.take(rows) for k, c in self.results.items()}),
            self.tag_names,
            _frozen_array(self.tags[rows], bool, "tags"),
            self.use_shares.take(rows),
            self.parts.take(part_index, renumber[self.parts.building[part_index]]),
            _frozen_array(self.names[rows], object, "names"),
            FrozenMap({k: _frozen_array(v[rows], bool, k) for k, v in self.indicators.items()}),
            self.name,
            FrozenMap(
                {k: _frozen_array(v[rows], np.float64, k) for k, v in self.limit_terms.items()}
            ),
        )

    def _rows(self, which: Any) -> Array:
        rows = self._picked(which)
        # A stock holds each building once: a row picked twice would repeat its id.
        if np.unique(rows).shape[0] != rows.shape[0]:
            values, counts = np.unique(rows, return_counts=True)
            twice = int(values[counts > 1][0])
            msg = (
                f"`which` must pick each building at most once; got row {twice} "
                f"(id {self.ids[twice]!r}) more than once"
            )
            raise InvalidInputError(msg)
        return rows

    def _picked(self, which: Any) -> Array:
        n = len(self)
        array = np.asarray(which) if not isinstance(which, slice) else np.asarray(None)
        if array.dtype == bool:
            if array.shape != (n,):
                msg = f"a mask must have one entry per building ({n}); got shape {array.shape}"
                raise InvalidInputError(msg)
            return np.flatnonzero(array)
        if array.dtype.kind in "iu" or (array.ndim == 1 and array.size == 0):
            rows = array.astype(np.intp).ravel()
            if rows.size and (rows.min() < -n or rows.max() >= n):
                msg = f"row numbers must be from 0 to {n - 1}; got {rows.min()} to {rows.max()}"
                raise InvalidInputError(msg)
            return rows % n if n else rows
        if isinstance(which, str):
            ids: list[Any] = [which]
        elif array.dtype.kind in "OUS" and isinstance(which, Iterable):
            ids = list(which)
        else:
            msg = (
                "`which` must be a boolean mask, row numbers or building ids; "
                f"got {type(which).__name__} {which!r}"
            )
            raise InvalidInputError(msg)
        lookup = {str(x): i for i, x in enumerate(self.ids)}
        rows_list = []
        for building_id in ids:
            if building_id not in lookup:
                msg = f"`ids` must name buildings of the stock; got {building_id!r}"
                raise UnknownReferenceError(msg)
            rows_list.append(lookup[building_id])
        return np.array(rows_list, dtype=np.intp)

    def equals(self, other: object) -> bool:
        """Whether ``other`` is a stock with the same buildings, column by column."""
        if not isinstance(other, Stock) or len(other) != len(self):
            return False
        return all(a == b for a, b in zip(self, other, strict=True))


def _row_number(value: object, n: int, name: str) -> int:
    """Return ``value`` as a row number from 0 (a negative one counts from the end).

    Raises
    ------
    InvalidInputError
        If ``value`` is not an integer (``bool`` is not) from ``-n`` to ``n - 1``.
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or not -n <= int(value) < n
    ):
        msg = f"`{name}` must be a row number from 0 to {n - 1}; got {value!r}"
        raise InvalidInputError(msg)
    return int(value) % n


def _check_limit_terms(terms: Mapping[str, Any], n: int) -> FrozenMap[str, Array]:
    """Validate the declared limit terms: an id per column, finite numbers or NaN."""
    out: dict[str, Array] = {}
    for key, values in terms.items():
        given: object = key
        if not isinstance(given, str) or not re.match(r"^[a-z][a-z0-9_]*$", key):
            msg = (
                f"`limit_terms` keys must be adjustment ids (lower-case identifiers); got {key!r}"
            )
            raise InvalidInputError(msg)
        column = _frozen_array(values, np.float64, f"limit_terms.{key}", n)
        bad = np.flatnonzero(np.isinf(column))
        if bad.size:
            row = int(bad[0])
            msg = (
                f"`limit_terms.{key}` of row {row + 1} must be a finite number or not "
                f"declared (NaN); got {column[row]!r}"
            )
            raise InvalidInputError(msg)
        out[key] = column
    return FrozenMap(out)


def _one(value: Any, dtype: Any) -> Array:
    array = np.array((value,), dtype=dtype)
    array.flags.writeable = False
    return array


_TRUE = _one(True, bool)
_FALSE = _one(False, bool)
# Read-only, so every stock of one can share them: the masks of a declared entry (or of an
# indicator named), and of an entry listed but not declared.


def _one_result_columns(results: Mapping[str, IndicatorResults]) -> dict[ResultKey, ResultColumn]:
    """Return the result columns of one building, in the order and layout of ``build``."""
    entries: dict[ResultKey, float | None] = {}
    for indicator, indicator_results in results.items():
        for entry in indicator_results.entries:
            entries[(indicator, entry.modules)] = entry.value
    ordered = sorted(entries, key=lambda k: (k[0], k[1].mask & -k[1].mask, k[1].mask))
    # One read-only array of every value; each column is a one-element view of it.
    values = np.array([entries[k] or 0.0 for k in ordered], dtype=np.float64)
    values.flags.writeable = False
    return {
        k: trusted(
            ResultColumn,
            values[i : i + 1],
            _FALSE if entries[k] is None else _TRUE,
            _TRUE,
        )
        for i, k in enumerate(ordered)
    }


def _one_use_shares(shares: Mapping[UseCategory, float]) -> UseShares:
    if not any(share > 0 for share in shares.values()):
        return _no_shares()
    row = np.zeros((1, len(USES)))
    for use, share in shares.items():
        row[0, _USE_CODE[use]] = share
    row.flags.writeable = False
    return UseShares(_one(0, np.intp), row)


@functools.cache
def _no_parts() -> StockParts:
    # Immutable (read-only columns), so every stock without parts can share one.
    return StockParts.empty()


@functools.cache
def _no_shares() -> UseShares:
    return UseShares.from_matrix(np.zeros((1, len(USES))), 1)


def _use_code(value: Any, row: int) -> int:
    if isinstance(value, UseCategory):
        return _USE_CODE[value]
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return int(value)
    try:
        return _USE_CODE[UseCategory(value)]
    except ValueError:
        known = ", ".join(u.value for u in UseCategory)
        msg = f"`use` of row {row + 1} must be one of {known}; got {value!r}"
        raise InvalidInputError(msg) from None


def _date_or_none(value: Any) -> dt.date | None:
    if np.isnat(value):
        return None
    date: dt.date = value.astype(dt.date)
    return date


def _ordered_shares(
    shares: dict[UseCategory, float], use: UseCategory
) -> dict[UseCategory, float]:
    if len(shares) < 2:
        return shares
    # The principal use first, as a declaration lists it; the rest in use order.
    return {use: shares[use], **{u: s for u, s in shares.items() if u is not use}}


def _row_areas(areas: Mapping[str, Array], i: int) -> dict[str, Any]:
    reg = registry()
    return {
        key: reg.Quantity(float(values[i]), AREA_UNIT)
        for key, values in areas.items()
        if not np.isnan(values[i])
    }


def _row_results(
    results: Mapping[ResultKey, ResultColumn], indicators: Mapping[str, Array], i: int
) -> dict[str, IndicatorResults]:
    entries: dict[str, list[ResultEntry]] = {
        ind: [] for ind, present in indicators.items() if present[i]
    }
    for (indicator, modules), column in results.items():
        if column.listed[i]:
            value = float(column.values[i]) if column.declared[i] else None
            entries[indicator].append(ResultEntry(modules, value))
    return {ind: IndicatorResults(ind, tuple(found)) for ind, found in entries.items()}


def _area_columns(rows: Sequence[Mapping[str, Any]]) -> dict[str, Array]:
    keys = sorted({k for r in rows for k in r})
    return {
        k: np.array([float(r[k].magnitude) if k in r else np.nan for r in rows], np.float64)
        for k in keys
    }


def _result_columns(
    rows: Sequence[Mapping[str, IndicatorResults]],
) -> dict[ResultKey, ResultColumn]:
    n = len(rows)
    columns: dict[ResultKey, tuple[Array, Array, Array]] = {}
    for i, results in enumerate(rows):
        for indicator, indicator_results in results.items():
            for entry in indicator_results.entries:
                key = (indicator, entry.modules)
                if key not in columns:
                    columns[key] = (np.zeros(n), np.zeros(n, bool), np.zeros(n, bool))
                values, declared, listed = columns[key]
                listed[i] = True
                if entry.value is not None:
                    values[i] = entry.value
                    declared[i] = True
    ordered = sorted(columns, key=lambda k: (k[0], k[1].mask & -k[1].mask, k[1].mask))
    return {k: ResultColumn.build(*columns[k]) for k in ordered}


def _indicator_columns(rows: Sequence[Mapping[str, IndicatorResults]]) -> dict[str, Array]:
    keys = sorted({k for r in rows for k in r})
    return {k: np.array([k in r for r in rows], dtype=bool) for k in keys}


# ---------------------------------------------------------------------------------------
@attrs.frozen(eq=False)
class StockAssessment:
    """The verdicts of a stock against one schedule, one row per building x limit.

    A limit that judges each part of a mixed-use building on its own gives one row per
    part. Numbers are floats in each row's ``unit`` (the limit's metric unit), NaN where a
    check has none; dates are ``datetime64[D]``, NaT where none.

    Attributes
    ----------
    stock : Stock
        The stock checked.
    schedule : LimitSchedule
        The schedule.
    on : datetime.date or None
        The date given to check on (``None``: each building's own date).
    building : ndarray of intp
        Stock row of each verdict row.
    """

    stock: Stock
    schedule: LimitSchedule
    on: dt.date | None
    verdicts: Verdicts

    # -- columns ------------------------------------------------------------------------
    @property
    def building(self) -> Array:
        """Stock row of each verdict row."""
        return self.verdicts.building

    @property
    def status(self) -> Array:
        """Status per row as :class:`CheckStatus` members (object array)."""
        return np.array(STATUSES, dtype=object)[self.verdicts.status]

    @property
    def status_code(self) -> Array:
        """Status per row as codes: indices into ``tuple(CheckStatus)``."""
        return self.verdicts.status

    @property
    def limit(self) -> Array:
        """Limit in force per row [metric unit], NaN where none."""
        return self.verdicts.limit

    @property
    def value(self) -> Array:
        """Normalised value per row [metric unit], NaN where none."""
        return self.verdicts.value

    @property
    def compared_value(self) -> Array:
        """The value compared (rounded as the metric says) [metric unit], NaN where none."""
        return self.verdicts.compared

    @property
    def margin(self) -> Array:
        """``limit - compared_value`` [metric unit], NaN where none."""
        return self.verdicts.margin

    @property
    def limit_id(self) -> Array:
        """Id of the schedule's limit per row."""
        ids = np.array([limit.id for limit in self.schedule.limits], dtype=object)
        return ids[self.verdicts.limit_index]

    @property
    def category(self) -> Array:
        """Category key applied per row (``None`` where none)."""
        return self.verdicts.category_keys()

    @property
    def unit(self) -> Array:
        """The metric's unit per row, as text."""
        units = np.array([format_unit(x.metric.unit) for x in self.schedule.limits], object)
        return units[self.verdicts.limit_index]

    @property
    def effective_from(self) -> Array:
        """First day of the step in force per row (NaT where none)."""
        return self.verdicts.effective_from

    @property
    def complies_until(self) -> Array:
        """Last day the building still complies per row (NaT where none)."""
        return self.verdicts.complies_until

    @property
    def part(self) -> Array:
        """Part id per row (``None`` for whole buildings)."""
        return self.verdicts.part_ids(self.stock)

    @property
    def ids(self) -> Array:
        """Building id per row."""
        return self.stock.ids[self.verdicts.building]

    @property
    def passed(self) -> Array:
        """Per building: 1 pass, 0 fail, -1 no verdict (as :attr:`Assessment.passed`)."""
        return self.verdicts.passed_per_building(len(self.stock))

    def __len__(self) -> int:
        return len(self.verdicts)

    # -- per row ------------------------------------------------------------------------
    def reason(self, row: int) -> str:
        """Return the explanation of verdict row ``row``, as :func:`check` gives it."""
        row = _row_number(row, len(self), "row")
        return self.verdicts.reason(row, self.stock, self.schedule)

    def limit_check(self, row: int) -> LimitCheck:
        """Return verdict row ``row`` as a :class:`LimitCheck`."""
        row = _row_number(row, len(self), "row")
        return self.verdicts.limit_check(row, self.stock, self.schedule)

    def assessment(self, i: int) -> Assessment:
        """Return the :class:`Assessment` of stock row ``i`` (as :func:`check` gives it)."""
        i = _row_number(i, len(self.stock), "i")
        rows = np.flatnonzero(self.verdicts.building == i)
        day = self.verdicts.day_of_building(i, self.stock, self.schedule, self.on)
        return Assessment(
            str(self.stock.ids[i]),
            self.schedule.id,
            day,
            tuple(self.limit_check(int(r)) for r in rows),
        )

    # -- summaries ----------------------------------------------------------------------
    def summary(self) -> StockSummary:
        """Return counts per status and pass rates, overall, per category and per limit."""
        return StockSummary.of(self)

    def to_frame(self) -> Any:
        """Return a pandas DataFrame, one row per building x limit, with the CSV columns.

        Columns: ``id, part, schedule, limit_id, category, status, limit, value,
        compared_value, margin, unit, effective_from, complies_until, reason``.

        Raises
        ------
        MissingOptionalDependencyError
            If pandas is not installed (``pip install climatelimits[pandas]``).
        """
        pd = import_optional("pandas", "pandas")
        return pd.DataFrame(self.records_columns())

    def records_columns(self) -> dict[str, Array]:
        """Return the CSV columns as numpy arrays (dates as ISO text, ``""`` where none)."""
        return {
            "id": self.ids,
            "part": np.array([p or "" for p in self.part], dtype=object),
            "schedule": np.full(len(self), self.schedule.id, dtype=object),
            "limit_id": self.limit_id,
            "category": np.array([c or "" for c in self.category], dtype=object),
            "status": np.array([s.value for s in self.status], dtype=object),
            "limit": self.limit,
            "value": self.value,
            "compared_value": self.compared_value,
            "margin": self.margin,
            "unit": self.unit,
            "effective_from": _iso(self.effective_from),
            "complies_until": _iso(self.complies_until),
            "reason": np.array([self.reason(r) for r in range(len(self))], dtype=object),
        }


def _key_id(names: list[str], key: str) -> int:
    if key not in names:
        names.append(key)
    return names.index(key)


def _iso(dates: Array) -> Array:
    text = np.datetime_as_string(dates, unit="D").astype(object)
    text[np.isnat(dates)] = ""
    return text


@attrs.frozen
class StatusCounts:
    """Counts per status and the pass rate, pass / (pass + fail).

    Attributes
    ----------
    counts : Mapping[str, int]
        Rows per status value (``pass``, ``fail``, ``not_applicable``, ``exempt``,
        ``incomplete``), every status present.
    """

    counts: FrozenMap[str, int]

    @property
    def pass_rate(self) -> float | None:
        """Return pass / (pass + fail), ``None`` where no row got a verdict."""
        decided = self.counts["pass"] + self.counts["fail"]
        return None if decided == 0 else self.counts["pass"] / decided

    @property
    def total(self) -> int:
        """Rows counted."""
        return sum(self.counts.values())

    @classmethod
    def of_counts(cls, counts: Array) -> StatusCounts:
        """Return the counts given per status code."""
        return cls(FrozenMap({s.value: int(counts[j]) for j, s in enumerate(STATUSES)}))

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"status_counts": {...}, "pass_rate": float | None}``."""
        return {"status_counts": dict(self.counts), "pass_rate": self.pass_rate}


@attrs.frozen
class StockSummary:
    """Counts per status and pass rates of a :class:`StockAssessment`.

    Rows are building x limit rows (parts count one row each). A building's overall
    verdict is in :attr:`buildings`.

    Attributes
    ----------
    schedule : str
        Schedule id.
    on : datetime.date or None
        Date checked on (``None``: each building's own date).
    buildings : int
        Buildings in the stock.
    overall : StatusCounts
        Over every row.
    by_category : Mapping[str, StatusCounts]
        Per category key (rows without a category under ``"none"``).
    by_limit : Mapping[str, StatusCounts]
        Per limit id.
    building_verdicts : Mapping[str, int]
        Buildings that pass every limit (``"pass"``), fail one (``"fail"``) or get no
        verdict (``"no_verdict"``).
    """

    schedule: str
    on: dt.date | None
    buildings: int
    overall: StatusCounts
    by_category: FrozenMap[str, StatusCounts]
    by_limit: FrozenMap[str, StatusCounts]
    building_verdicts: FrozenMap[str, int]

    @classmethod
    def of(cls, assessment: StockAssessment) -> StockSummary:
        """Summarise ``assessment``."""
        verdicts = assessment.verdicts
        codes = verdicts.status.astype(np.intp)
        limits = verdicts.limit_index
        k = len(STATUSES)
        # Category keys as small integers: one id per distinct key across the limits.
        names: list[str] = []
        tables = []
        for cats in verdicts.categories:
            ids = [_key_id(names, key) for key, _ in cats] + [_key_id(names, "none")]
            tables.append(np.array(ids, dtype=np.intp))
        key_ids = np.zeros(codes.shape[0], dtype=np.intp)
        for li, table in enumerate(tables):
            rows = limits == li
            key_ids[rows] = table[verdicts.category[rows]]
        per_key = np.bincount(key_ids * k + codes, minlength=len(names) * k).reshape(-1, k)
        per_limit = np.bincount(
            limits.astype(np.intp) * k + codes, minlength=len(tables) * k
        ).reshape(-1, k)
        by_category = {
            names[j]: StatusCounts.of_counts(per_key[j])
            for j in sorted(range(len(names)), key=lambda j: names[j])
            if per_key[j].sum() > 0
        }
        by_limit = {
            limit.id: StatusCounts.of_counts(per_limit[li])
            for li, limit in enumerate(assessment.schedule.limits)
        }
        passed = assessment.passed
        return cls(
            assessment.schedule.id,
            assessment.on,
            len(assessment.stock),
            StatusCounts.of_counts(per_limit.sum(axis=0)),
            FrozenMap(by_category),
            FrozenMap(by_limit),
            FrozenMap(
                {
                    "pass": int(np.count_nonzero(passed == 1)),
                    "fail": int(np.count_nonzero(passed == 0)),
                    "no_verdict": int(np.count_nonzero(passed == -1)),
                }
            ),
        )

    @property
    def pass_rate(self) -> float | None:
        """Return pass / (pass + fail) over every row."""
        return self.overall.pass_rate

    def to_dict(self) -> dict[str, Any]:
        """Return the summary with the CLI's JSON keys."""
        return {
            "schedule": self.schedule,
            "on": None if self.on is None else self.on.isoformat(),
            "buildings": self.buildings,
            "status_counts": dict(self.overall.counts),
            "pass_rate": self.overall.pass_rate,
            "building_verdicts": dict(self.building_verdicts),
            "by_category": {k: v.to_dict() for k, v in self.by_category.items()},
            "by_limit": {k: v.to_dict() for k, v in self.by_limit.items()},
        }


def check_stock(
    stock: Stock,
    schedule: LimitSchedule | str | Sequence[LimitSchedule | str],
    on: dt.date | None = None,
) -> Any:
    """Check every building of a stock against a schedule, as columns.

    Parameters
    ----------
    stock
        The buildings.
    schedule
        A :class:`LimitSchedule`, a catalogue id, or a sequence of them.
    on
        Date that selects the limit steps; by default each building's date named by the
        schedule's ``date_basis``.

    Returns
    -------
    StockAssessment or tuple of StockAssessment
        One per schedule given (a tuple when a sequence was given). Row ``r`` equals what
        :func:`climatelimits.check` gives for the building ``assessment.building[r]``.

    Raises
    ------
    InvalidInputError
        If ``stock`` is not a :class:`Stock`, ``on`` is not a date, or a schedule is neither
        a schedule nor a catalogue id.
    """
    given: object = stock
    if not isinstance(given, Stock):
        msg = f"`stock` must be a Stock; got {type(stock).__name__}"
        raise InvalidInputError(msg)
    _verdicts.check_on(on)
    if isinstance(schedule, str) or not isinstance(schedule, Sequence):
        return _check_one_schedule(stock, _verdicts.resolve_schedule(schedule), on)
    return tuple(_check_one_schedule(stock, _verdicts.resolve_schedule(s), on) for s in schedule)


def _check_one_schedule(
    stock: Stock, schedule: LimitSchedule, on: dt.date | None
) -> StockAssessment:
    return StockAssessment(stock, schedule, on, _verdicts.evaluate(stock, schedule, on))
