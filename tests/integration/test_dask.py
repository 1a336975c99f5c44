"""climatelimits.dask on a real two-process cluster gives what check_stock gives in memory."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster

from climatelimits import LimitSchedule, MixedUsePolicy, catalogue, read_stock
from climatelimits.dask import check_stock
from climatelimits.exceptions import (
    DataFormatError,
    InvalidInputError,
    MissingOptionalDependencyError,
)
from climatelimits.stocks import Stock
from climatelimits.stocks import check_stock as check_in_memory
from climatelimits.testing.stock_tables import synthetic_stock_columns

SORT = ["id", "part", "limit_id"]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # Two worker processes: every partition's schedule and stock travel by pickle.
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    # 400 buildings, 5 % mixed use with part rows, permit dates 2024-2030.
    return pd.DataFrame(synthetic_stock_columns(400, seed=4, mixed_share=0.05))


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(SORT, kind="stable").reset_index(drop=True)


def _each_part(schedule: LimitSchedule) -> LimitSchedule:
    """The schedule with each part of a mixed-use building judged on its own."""
    limits = tuple(attrs.evolve(x, mixed_use=MixedUsePolicy.EACH_PART) for x in schedule.limits)
    return attrs.evolve(schedule, id=f"{schedule.id}-each-part", limits=limits)


@pytest.mark.parametrize(
    ("each_part", "on", "statuses"),
    [
        (False, None, {"pass", "fail", "not_applicable", "exempt", "incomplete"}),
        # Every permit date is before this day, so every building's step is in force.
        (True, dt.date(2029, 6, 1), {"pass", "fail", "exempt", "incomplete"}),
    ],
)
def test_rows_and_summary_equal_the_in_memory_check(
    client: Client, table: pd.DataFrame, each_part: bool, on: dt.date | None, statuses: set[str]
) -> None:
    schedule = catalogue.get("dk-br18-2025")  # two limits, size bands, exemptions
    if each_part:
        schedule = _each_part(schedule)
    expected = check_in_memory(Stock.from_frame(table), schedule, on)
    ddf = dd.from_pandas(table, npartitions=4, sort=False)
    checked = check_stock(ddf, schedule, on=on)
    rows = checked.to_frame().compute()
    pd.testing.assert_frame_equal(_sorted(rows), _sorted(expected.to_frame()))
    summary = checked.summary()
    assert summary == expected.summary()
    # The table is worth checking: these statuses occur, and parts get rows of their own.
    assert {k for k, n in summary.overall.counts.items() if n > 0} == statuses
    assert (rows["part"] != "").any() == each_part


def test_a_frame_indexed_by_id_is_checked_without_a_shuffle(
    client: Client, table: pd.DataFrame
) -> None:
    ddf = dd.from_pandas(table.set_index("id"), npartitions=3, sort=True)
    assert ddf.known_divisions
    checked = check_stock(ddf, "dk-br18-2025")
    assert checked.stock is ddf
    expected = check_in_memory(Stock.from_frame(table), "dk-br18-2025").summary()
    assert checked.summary() == expected
    # Indexed by id but in no known order: the rows are shuffled on id instead.
    shuffled = table.sample(frac=1.0, random_state=1).set_index("id")
    unsorted = dd.from_pandas(shuffled, npartitions=3, sort=False)
    assert not unsorted.known_divisions
    assert check_stock(unsorted, "dk-br18-2025").summary() == expected


def test_several_schedules_give_one_assessment_each(client: Client, table: pd.DataFrame) -> None:
    ddf = dd.from_pandas(table.iloc[:60], npartitions=2)
    both = check_stock(ddf, ["dk-br18-2023", catalogue.get("dk-br18-2025")])
    assert [a.schedule.id for a in both] == ["dk-br18-2023", "dk-br18-2025"]
    expected = check_in_memory(Stock.from_frame(table.iloc[:60]), "dk-br18-2023")
    assert both[0].summary() == expected.summary()


def test_missing_cells_of_nullable_columns_are_empty_cells(client: Client) -> None:
    table = pd.DataFrame(synthetic_stock_columns(40, seed=1))
    plain = table.assign(tags=table["tags"].where(table["tags"] != "", None))
    plain["reference_study_period"] = plain["reference_study_period"].where(plain.index != 3)
    # dask turns text into pyarrow strings (missing: pd.NA); nullable integers keep pd.NA.
    nullable = plain.assign(
        reference_study_period=plain["reference_study_period"].astype("Int64"),
        country=pd.array([None] * len(plain), dtype="string"),
    )
    checked = check_stock(dd.from_pandas(nullable, npartitions=2), "dk-br18-2025")
    expected = check_in_memory(Stock.from_frame(plain), "dk-br18-2025")
    assert checked.summary() == expected.summary()
    assert expected.summary().overall.counts["incomplete"] > 0  # row 3: no study period


def test_the_eu_ecb_db_through_its_mapping_equals_read_stock(
    client: Client, fixtures_dir: Path, examples_dir: Path
) -> None:
    csv = fixtures_dir / "eu-ecb-db" / "EU-ECB_dataset_feature_engineered.csv"
    mapping = examples_dir / "stocks" / "eu-ecb-db.toml"
    stock = read_stock(csv, mapping)
    # The CSV's cells as text, as read_stock reads them; the mapping's id template has
    # {row}, so the rows are numbered across the four partitions.
    table = pd.read_csv(csv, dtype=str, keep_default_na=False)
    ddf = dd.from_pandas(table, npartitions=4)
    checked = check_stock(ddf, ["dk-br18-2023", "fi-2026"], mapping=mapping)
    for mine, schedule in zip(checked, ("dk-br18-2023", "fi-2026"), strict=True):
        expected = check_in_memory(stock, schedule)
        assert mine.summary() == expected.summary()
        rows = mine.to_frame().compute()
        pd.testing.assert_frame_equal(_sorted(rows), _sorted(expected.to_frame()))
    # The mapping's filter leaves rows out, as in memory: the {row} ids still match.
    assert 0 < checked[0].summary().buildings < len(table)
    assert checked[1].summary().overall.counts["exempt"] > 0


def test_a_bad_cell_is_named_by_partition_row_and_column(client: Client) -> None:
    table = pd.DataFrame(synthetic_stock_columns(20, seed=2))
    table["area.dk_reference"] = table["area.dk_reference"].astype(object)
    table.loc[table.index[-1], "area.dk_reference"] = -5.0
    ddf = dd.from_pandas(table.set_index("id"), npartitions=2, sort=True)
    with pytest.raises(DataFormatError, match=r"partition 1.*area\.dk_reference.*greater than 0"):
        check_stock(ddf, "dk-br18-2025").summary()


def test_an_id_in_two_partitions_is_refused_as_in_memory(client: Client) -> None:
    table = pd.DataFrame(synthetic_stock_columns(20, seed=3))
    table.loc[15, "id"] = table.loc[2, "id"]
    ddf = dd.from_pandas(table, npartitions=2, sort=False)  # rows 2 and 15 apart
    with pytest.raises(DataFormatError, match="repeats the id 'b0000000002'"):
        check_stock(ddf, "dk-br18-2025").summary()


def test_a_column_outside_the_layout_is_refused_before_computing() -> None:
    table = pd.DataFrame({"id": ["a"], "use": ["office"], "floor_area": [100.0]})
    with pytest.raises(DataFormatError, match="floor_area"):
        check_stock(dd.from_pandas(table, npartitions=1), "dk-br18-2025")


def test_inputs_that_are_not_a_dask_stock_are_refused() -> None:
    table = pd.DataFrame({"id": ["a"], "use": ["office"]})
    with pytest.raises(InvalidInputError, match=r"`ddf` must be a dask DataFrame"):
        check_stock(table, "dk-br18-2025")
    ddf = dd.from_pandas(table, npartitions=1)
    with pytest.raises(InvalidInputError, match=r"`on` must be a date; got '2026-01-01'"):
        check_stock(ddf, "dk-br18-2025", on="2026-01-01")  # type: ignore[arg-type]
    no_id = dd.from_pandas(pd.DataFrame({"use": ["office"] * 4}), npartitions=2)
    with pytest.raises(
        InvalidInputError, match=r"must have the column\(s\) \['id'\] that make the building id"
    ):
        check_stock(no_id, "dk-br18-2025")


def test_without_dask_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(MissingOptionalDependencyError, match=r"climatelimits\[dask\]"):
        check_stock(np.zeros(1), "dk-br18-2025")
