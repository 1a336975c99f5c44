"""Check a building stock that does not fit in one process, on Dask.

:func:`check_stock` takes a dask DataFrame in the stock table layout (see
:meth:`climatelimits.Stock.from_columns`), or in another layout read through a stock
mapping file (as :func:`climatelimits.read_stock` reads one), and checks it partition by
partition through the same columnar path as :func:`climatelimits.check_stock`: each
partition becomes a :class:`~climatelimits.Stock` on a worker, is checked there, and
leaves as a pandas frame of verdict rows, or as a few status counts for the summary.
Workers receive the schedule by pickling; climatelimits objects unpickle in any process
(see the model's design decisions).

Needs the ``dask`` extra: ``pip install 'climatelimits[dask]'``. Dask is imported on first
use, so ``import climatelimits.dask`` works without it.

Every row of one building (its part rows too) must be checked in one partition: a frame
indexed by ``id`` with known divisions (``set_index("id")``, or ``read_parquet(...,
index="id", calculate_divisions=True)``) has them together already; any other frame is
shuffled on ``id`` first. Repeated ids are then found as in memory.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from climatelimits import _verdicts
from climatelimits._frozen import FrozenMap
from climatelimits._optional import import_optional
from climatelimits._verdicts import STATUSES
from climatelimits.exceptions import DataFormatError, InvalidInputError
from climatelimits.io._stock_mapping import StockMapping, load_stock_mapping
from climatelimits.io._stock_source import SourceTable
from climatelimits.schedules import LimitSchedule
from climatelimits.stocks import StatusCounts, Stock, StockSummary
from climatelimits.stocks import check_stock as _check_in_memory

__all__ = ["DaskStockAssessment", "check_stock"]

_EXTRA = "dask"
_TEXT_COLUMNS = (
    "id",
    "part",
    "schedule",
    "limit_id",
    "category",
    "status",
    "unit",
    "effective_from",
    "complies_until",
    "reason",
)
_COUNT_COLUMNS = ("group", "key", "status", "count")
# Groups of the partition counts: every verdict row is counted once per group
# (overall, by category, by limit); buildings once by verdict, and once in "buildings".
_OVERALL, _CATEGORY, _LIMIT, _VERDICT, _BUILDINGS = (
    "overall",
    "category",
    "limit",
    "verdict",
    "buildings",
)
_ROW_COLUMN = "_climatelimits_source_row"  # the {row} of a mapping's id template, numbered
_VERDICTS = ("pass", "fail", "no_verdict")  # the keys of StockSummary.building_verdicts


def _dask_dataframe() -> Any:
    return import_optional("dask.dataframe", _EXTRA, feature="climatelimits.dask")


def _text_dtype() -> Any:
    # The dtype pandas gives text columns (``str`` from pandas 3, object before), so that
    # the declared meta matches what every partition returns.
    pd = import_optional("pandas", _EXTRA, feature="climatelimits.dask")
    return pd.Series(["text"]).dtype


def _plain_columns(frame: Any) -> dict[str, Any]:
    # dask reads text into pyarrow-backed columns whose missing cells are pd.NA; the table
    # reader gets plain numpy columns instead, with None (text) or NaN (numbers) there.
    columns: dict[str, Any] = {}
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, np.dtype):
            columns[str(name)] = column.to_numpy()
        elif column.dtype.kind in "fiu":
            columns[str(name)] = column.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            columns[str(name)] = column.to_numpy(dtype=object, na_value=None)
    return columns


def _partition_stock(
    frame: Any, mapping: StockMapping | None, partition_info: Mapping[str, Any] | None
) -> Stock:
    if frame.index.name in _id_columns(mapping):
        frame = frame.reset_index()
    number = None if partition_info is None else partition_info.get("number")
    source = "dask DataFrame" if number is None else f"dask DataFrame, partition {number}"
    if mapping is None:
        return Stock.from_columns(_plain_columns(frame), source=source)
    table = SourceTable(source, _plain_columns(frame))
    mapped = mapping.apply(table)
    try:
        return Stock.from_columns(mapped.columns, name=mapping.name, source=source)
    except DataFormatError as exc:
        raise table.relabel(exc, mapped.rows) from None


def _verdict_rows(
    frame: Any,
    schedule: LimitSchedule,
    on: dt.date | None,
    mapping: StockMapping | None,
    partition_info: Mapping[str, Any] | None = None,
) -> Any:
    """Check one partition; return its verdict rows with the CSV columns."""
    stock = _partition_stock(frame, mapping, partition_info)
    rows = _check_in_memory(stock, schedule, on).to_frame()
    text = _text_dtype()
    return rows.astype(dict.fromkeys(_TEXT_COLUMNS, text))


def _counts(
    frame: Any,
    schedule: LimitSchedule,
    on: dt.date | None,
    mapping: StockMapping | None,
    partition_info: Mapping[str, Any] | None = None,
) -> Any:
    """Check one partition; return its status counts in long form (see ``_COUNT_COLUMNS``)."""
    pd = import_optional("pandas", _EXTRA, feature="climatelimits.dask")
    stock = _partition_stock(frame, mapping, partition_info)
    summary = _check_in_memory(stock, schedule, on).summary()
    records: list[tuple[str, str, str, int]] = []

    def add(group: str, key: str, counts: StatusCounts) -> None:
        records.extend((group, key, status, n) for status, n in counts.counts.items())

    add(_OVERALL, "", summary.overall)
    for key, counts in summary.by_category.items():
        add(_CATEGORY, key, counts)
    for key, counts in summary.by_limit.items():
        add(_LIMIT, key, counts)
    records.extend((_VERDICT, "", k, n) for k, n in summary.building_verdicts.items())
    records.append((_BUILDINGS, "", "", summary.buildings))
    out = pd.DataFrame.from_records(records, columns=list(_COUNT_COLUMNS))
    return out.astype({"group": _text_dtype(), "key": _text_dtype(), "status": _text_dtype()})


def _merge_counts(totals: Any, schedule: LimitSchedule, on: dt.date | None) -> StockSummary:
    """Add the partitions' counts up into the summary of the whole stock."""
    summed: dict[tuple[str, str, str], int] = {
        (str(g), str(k), str(s)): int(n)
        for (g, k, s), n in totals.groupby(["group", "key", "status"])["count"].sum().items()
    }

    def counts(group: str, key: str) -> StatusCounts:
        return StatusCounts(
            FrozenMap({s.value: summed.get((group, key, s.value), 0) for s in STATUSES})
        )

    categories = sorted({k for g, k, _ in summed if g == _CATEGORY})
    return StockSummary(
        schedule.id,
        on,
        summed.get((_BUILDINGS, "", ""), 0),
        counts(_OVERALL, ""),
        FrozenMap({key: counts(_CATEGORY, key) for key in categories}),
        FrozenMap({limit.id: counts(_LIMIT, limit.id) for limit in schedule.limits}),
        FrozenMap({v: summed.get((_VERDICT, "", v), 0) for v in _VERDICTS}),
    )


@attrs.frozen(eq=False)
class DaskStockAssessment:
    """The verdicts of a dask stock against one schedule, computed on demand.

    Attributes
    ----------
    stock : dask.dataframe.DataFrame
        The stock table, partitioned so that each building's rows share a partition.
    schedule : LimitSchedule
        The schedule.
    on : datetime.date or None
        The date given to check on (``None``: each building's own date).
    mapping : StockMapping or None
        The mapping each partition is read through; ``None`` for the table layout.
    """

    stock: Any
    schedule: LimitSchedule
    on: dt.date | None
    mapping: StockMapping | None
    _meta: Any = attrs.field(alias="meta", repr=False)

    def to_frame(self) -> Any:
        """Return the verdict rows as a lazy dask DataFrame with the CSV columns.

        The columns and their types are those of
        :meth:`climatelimits.StockAssessment.to_frame`: ``id, part, schedule, limit_id,
        category, status, limit, value, compared_value, margin, unit, effective_from,
        complies_until, reason``. Rows come partition by partition, each partition's in
        the order of its buildings; sort them if the order matters. The index is each
        partition's own row number.

        Returns
        -------
        dask.dataframe.DataFrame
            Lazy: nothing is checked until it is computed or written (``to_parquet``,
            ``to_csv``).
        """
        return self.stock.map_partitions(
            _verdict_rows, self.schedule, self.on, self.mapping, meta=self._meta
        )

    def summary(self) -> StockSummary:
        """Compute counts per status and pass rates, overall, per category and per limit.

        Each partition is checked and counted where it lies; only the counts travel. The
        result equals :meth:`climatelimits.StockAssessment.summary` of the whole table.

        Returns
        -------
        StockSummary
            As :func:`climatelimits.check_stock` gives it on the same table.
        """
        pd = import_optional("pandas", _EXTRA, feature="climatelimits.dask")
        text = _text_dtype()
        meta = pd.DataFrame(
            {
                "group": pd.Series(dtype=text),
                "key": pd.Series(dtype=text),
                "status": pd.Series(dtype=text),
                "count": pd.Series(dtype=np.int64),
            }
        )
        parts = self.stock.map_partitions(_counts, self.schedule, self.on, self.mapping, meta=meta)
        return _merge_counts(parts.compute(), self.schedule, self.on)


def _id_columns(mapping: StockMapping | None) -> list[str]:
    """Return the source columns a building's id is made of."""
    if mapping is None:
        return ["id"]
    if mapping.id_template is not None:
        fields = string.Formatter().parse(mapping.id_template)
        return sorted({name for _, name, _, _ in fields if name})
    return [mapping.columns.get("id", "id")]


def _number_rows(
    frame: Any, offsets: list[int], partition_info: Mapping[str, Any] | None = None
) -> Any:
    first = 0 if partition_info is None else offsets[partition_info["number"]]
    numbers = np.arange(first + 1, first + len(frame) + 1).astype(str).astype(object)
    return frame.assign(**{_ROW_COLUMN: numbers})


def _numbered(ddf: Any, mapping: StockMapping) -> tuple[Any, StockMapping]:
    """Return ``ddf`` with its rows numbered across partitions, and the mapping using them."""
    lengths = ddf.map_partitions(len).compute()
    offsets = np.concatenate(([0], np.cumsum(np.asarray(lengths))[:-1])).tolist()
    meta = _number_rows(ddf._meta, offsets)
    numbered = ddf.map_partitions(_number_rows, offsets, meta=meta)
    template = str(mapping.id_template).replace("{row}", "{" + _ROW_COLUMN + "}")
    return numbered, attrs.evolve(mapping, id_template=template)


def _by_building(ddf: Any, mapping: StockMapping | None) -> tuple[Any, StockMapping | None]:
    """Return ``ddf`` with each building's rows in one partition, and the mapping to use."""
    if mapping is not None and "row" in _id_columns(mapping):
        # The source row makes every id unique, numbered as in the whole table.
        if ddf.index.name is not None:
            ddf = ddf.reset_index()
        return _numbered(ddf, mapping)
    on = _id_columns(mapping)
    if ddf.index.name is not None and ddf.index.name in on:
        if on == [ddf.index.name] and ddf.known_divisions:
            return ddf, mapping  # sorted on id: equal ids cannot straddle a division
        ddf = ddf.reset_index()
    missing = [c for c in on if c not in ddf.columns]
    if missing:
        msg = (
            f"the dask DataFrame must have the column(s) {on!r} that make the building id, "
            f"as columns or as the index; got columns {list(ddf.columns)!r} and index "
            f"{ddf.index.name!r}"
        )
        raise InvalidInputError(msg)
    if ddf.npartitions == 1:
        return ddf, mapping
    return ddf.shuffle(on=on if len(on) > 1 else on[0]), mapping


def check_stock(
    ddf: Any,
    schedule: LimitSchedule | str | Sequence[LimitSchedule | str],
    mapping: str | Path | StockMapping | None = None,
    on: dt.date | None = None,
) -> Any:
    """Check a stock held in a dask DataFrame against a schedule, partition by partition.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        The stock in the table layout of :meth:`climatelimits.Stock.from_columns`, one row
        per building (and per part). Indexed by ``id`` with known divisions, it is used as
        it is; otherwise it is shuffled on ``id`` so that each building's rows share a
        partition.
    schedule
        A :class:`LimitSchedule`, a catalogue id, or a sequence of them.
    mapping
        A stock mapping file (``climatelimits.stock-mapping/1``, as for
        :func:`climatelimits.read_stock`) or a loaded mapping, through which each partition
        of a table in another layout is read; ``None`` for a table in the stock layout.
        The frame is then partitioned on the source columns the mapping makes the id of;
        an id template with ``{row}`` numbers the rows across the whole frame first (one
        pass to count each partition's rows).
    on
        Date that selects the limit steps; by default each building's date named by the
        schedule's ``date_basis``.

    Returns
    -------
    DaskStockAssessment or tuple of DaskStockAssessment
        One per schedule given (a tuple when a sequence was given), with the verdict rows
        as a lazy dask DataFrame (:meth:`~DaskStockAssessment.to_frame`) and the summary
        (:meth:`~DaskStockAssessment.summary`).

    Raises
    ------
    MissingOptionalDependencyError
        If dask is not installed (``pip install 'climatelimits[dask]'``).
    InvalidInputError
        If ``ddf`` is not a dask DataFrame, has no ``id``, ``on`` is not a date, or a
        schedule is neither a schedule nor a catalogue id.
    DataFormatError
        At once, if a column is not one of the table layout; when computed, naming the
        partition, the row within it and the column of a cell that breaks its rule.

    Examples
    --------
    Three buildings in two partitions, against the Danish 2025 limits (7.5 kg CO2e/m²/a for
    offices, 6.7 for houses, 1.5 on A4-A5; 300 000 kg over 1000 m² and 50 years is 6.0):

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from climatelimits.dask import check_stock
    >>> table = pd.DataFrame(
    ...     {
    ...         "id": ["a", "b", "c"],
    ...         "use": ["office", "office", "detached_house"],
    ...         "permit_application": ["2026-03-01", "2026-03-01", "2026-03-01"],
    ...         "reference_study_period": [50, 50, 50],
    ...         "area.dk_reference_2025": [1000.0, 1000.0, 150.0],
    ...         "gwp_total.A1-A3,B4,B6,C3-C4": [300_000.0, 450_000.0, 40_000.0],
    ...         "gwp_total.A4-A5": [30_000.0, 30_000.0, 10_000.0],
    ...     }
    ... )
    >>> checked = check_stock(dd.from_pandas(table, npartitions=2), "dk-br18-2025")
    >>> checked.summary().overall.counts["fail"], round(checked.summary().pass_rate, 3)
    (1, 0.833)
    >>> rows = checked.to_frame().compute().sort_values(["id", "limit_id"])
    >>> print(rows[["id", "limit_id", "status", "compared_value", "limit"]].to_string(index=False))
    id             limit_id status  compared_value  limit
     a             building   pass             6.0    7.5
     a construction_process   pass             0.6    1.5
     b             building   fail             9.0    7.5
     b construction_process   pass             0.6    1.5
     c             building   pass             5.3    6.7
     c construction_process   pass             1.3    1.5
    """
    dd = _dask_dataframe()
    given: object = ddf
    if not isinstance(given, dd.DataFrame):
        msg = f"`ddf` must be a dask DataFrame in the stock table layout; got {type(ddf)!r}"
        raise InvalidInputError(msg)
    _verdicts.check_on(on)
    loaded = load_stock_mapping(mapping) if isinstance(mapping, str | Path) else mapping
    stock, loaded = _by_building(ddf, loaded)
    if isinstance(schedule, str) or not isinstance(schedule, Sequence):
        return _assessment(stock, _verdicts.resolve_schedule(schedule), on, loaded)
    return tuple(_assessment(stock, _verdicts.resolve_schedule(s), on, loaded) for s in schedule)


def _assessment(
    stock: Any, schedule: LimitSchedule, on: dt.date | None, mapping: StockMapping | None
) -> DaskStockAssessment:
    # Checking the empty frame dask keeps as ``_meta`` declares the output's columns and
    # types, and refuses a column outside the table layout (or one the mapping lacks)
    # before anything is computed.
    meta = _verdict_rows(stock._meta, schedule, on, mapping)
    return DaskStockAssessment(stock, schedule, on, mapping, meta=meta)
