"""``Stock.of_building`` makes the very stock ``Stock.from_buildings`` makes of one building.

``check`` runs the kernels on ``Stock.of_building(building)``, which trusts the building's
own validation instead of checking each column again (issue 9, P4). Compared here column by
column with the validated path: same keys in the same order, same dtypes and shapes, same
values (NaN and NaT included), read-only throughout, and a ``listed`` mask that is the
``declared`` mask itself exactly where the validated path stores one array for both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from climatelimits import catalogue
from climatelimits.buildings import Building
from climatelimits.exceptions import InvalidInputError
from climatelimits.stocks import ResultColumn, Stock, StockParts, UseShares
from climatelimits.testing import strategies as clst
from climatelimits.testing.stocks import stock_buildings

SCHEDULES = [catalogue.get(i) for i in catalogue.ids()]

BUILDINGS = st.one_of(
    clst.buildings(),
    clst.buildings(mixed_use=True, reference_study_period=None),
    st.sampled_from(SCHEDULES).flatmap(stock_buildings),
)


def assert_same(fast: Any, checked: Any, where: str) -> None:
    assert type(fast) is type(checked), where
    if isinstance(checked, np.ndarray):
        assert fast.dtype == checked.dtype, where
        assert fast.shape == checked.shape, where
        assert not fast.flags.writeable, where
        same_nan = checked.dtype.kind in "fcmM"
        assert np.array_equal(fast, checked, equal_nan=same_nan), where
    elif isinstance(checked, Mapping):
        assert list(fast) == list(checked), where
        for key in checked:
            assert_same(fast[key], checked[key], f"{where}[{key!r}]")
    elif isinstance(checked, Stock | StockParts | UseShares | ResultColumn):
        for field in attrs.fields(type(checked)):
            name = field.name
            assert_same(getattr(fast, name), getattr(checked, name), f"{where}.{name}")
        if isinstance(checked, ResultColumn):
            assert (fast.listed is fast.declared) == (checked.listed is checked.declared), where
    else:
        assert fast == checked, where


@given(BUILDINGS)
def test_of_building_is_the_validated_stock_of_one(building: Building) -> None:
    assert_same(Stock.of_building(building), Stock.from_buildings([building]), "stock")


@given(BUILDINGS)
def test_of_building_reads_back_the_building(building: Building) -> None:
    stock = Stock.of_building(building)
    assert len(stock) == 1
    assert stock.building(0) == Stock.from_buildings([building]).building(0)


def test_of_building_refuses_what_is_not_a_building() -> None:
    with pytest.raises(InvalidInputError, match="`building` must be a Building; got dict"):
        Stock.of_building({"id": "b"})  # type: ignore[arg-type]
