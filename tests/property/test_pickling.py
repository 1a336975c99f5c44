"""Every value object pickles, and unpickles equal, also in a fresh interpreter.

Dask and multiprocessing workers receive schedules and buildings by pickling them in one
process and unpickling them in another, where pint's application registry knows nothing of
``CO2e``. These tests pickle in-process (properties over the strategies of
``climatelimits.testing``) and across a fresh ``sys.executable`` process.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

import climatelimits as cl
from climatelimits import catalogue
from climatelimits._frozen import FrozenMap
from climatelimits.calculation import Calculation, EnergyUse, LineModuleValues, calculate
from climatelimits.exceptions import UnitsError
from climatelimits.stocks import Stock
from climatelimits.testing import product_strategies as cps
from climatelimits.testing import stock_strategies
from climatelimits.testing import strategies as clst
from climatelimits.testing.stock_tables import synthetic_stock_columns
from climatelimits.units import registry

PROTOCOLS = st.integers(0, pickle.HIGHEST_PROTOCOL)


def _quantities(value: Any) -> Iterator[Any]:
    """Yield every pint quantity and unit reachable through attrs fields and containers."""
    if isinstance(value, pint.Quantity | pint.Unit):
        yield value
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from _quantities(getattr(value, field.name))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _quantities(key)
            yield from _quantities(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _quantities(item)


def _same_calculation(a: Calculation | LineModuleValues, b: object) -> bool:
    """Calculations compare by identity (eq=False); compare their fields, arrays by value."""
    if type(a) is not type(b):
        return False
    for field in attrs.fields(type(a)):
        mine, theirs = getattr(a, field.name), getattr(b, field.name)
        if isinstance(mine, np.ndarray):
            if not (np.array_equal(mine, theirs) and mine.dtype == theirs.dtype):
                return False
            if theirs.flags.writeable:  # still read-only after the trip
                return False
        elif isinstance(mine, Mapping) and any(
            isinstance(v, LineModuleValues) for v in mine.values()
        ):
            if list(mine) != list(theirs) or not all(
                _same_calculation(mine[k], theirs[k]) for k in mine
            ):
                return False
        elif mine != theirs:
            return False
    return True


def _same(a: object, b: object) -> bool:
    """Equal, of the same type, and every quantity of ``b`` in the climatelimits registry."""
    if isinstance(a, Calculation):
        equal = _same_calculation(a, b)
    elif isinstance(a, Stock):
        equal = a.equals(b)
    elif isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(map(_same, a, b))
    else:
        equal = type(a) is type(b) and a == b
    ours = registry()
    return equal and all(q._REGISTRY is ours for q in _quantities(b))


def _round_trip(value: object, protocol: int) -> object:
    return pickle.loads(pickle.dumps(value, protocol=protocol))


# -- in-process properties ----------------------------------------------------------------------


@given(
    st.one_of(
        clst.limit_schedules(max_limits=3),
        st.sampled_from(catalogue.all_schedules()),
        clst.limit_categories(),
        clst.limit_metrics(),
        clst.limit_steps(),
        clst.sources(),
        clst.buildings(),
        clst.assessments(),
        clst.building_dates(),
        clst.indicator_results(),
        clst.result_entries(),
        clst.module_sets(),
        stock_strategies.stocks(),
    ),
    PROTOCOLS,
)
def test_schedules_buildings_stocks_and_verdicts_round_trip(value: object, protocol: int) -> None:
    assert _same(value, _round_trip(value, protocol))


@given(cps.bills_with_products(), PROTOCOLS)
def test_products_bills_and_calculations_round_trip(
    case: tuple[cl.BillOfQuantities, tuple[cl.Product, ...]], protocol: int
) -> None:
    bill, products = case
    for value in (bill, products, *bill.lines, calculate(bill, products)):
        assert _same(value, _round_trip(value, protocol))


@given(
    st.dictionaries(st.text(max_size=5), st.floats(allow_nan=False) | st.text(max_size=5)),
    PROTOCOLS,
)
def test_frozen_maps_round_trip_with_their_order(items: dict[str, object], protocol: int) -> None:
    frozen = FrozenMap(items)
    back = _round_trip(frozen, protocol)
    assert _same(frozen, back)
    assert isinstance(back, FrozenMap)
    assert list(back) == list(items)
    assert hash(back) == hash(frozen)


@given(st.floats(-1e12, 1e12, allow_nan=False), st.sampled_from(["kg CO2e/m^2/a", "EUR", "t"]))
def test_quantities_and_units_come_back_in_our_registry(magnitude: float, unit: str) -> None:
    quantity = registry().Quantity(magnitude, unit)
    back = _round_trip(quantity, pickle.HIGHEST_PROTOCOL)
    assert isinstance(back, pint.Quantity)
    assert back._REGISTRY is registry()
    assert back.magnitude == magnitude
    assert back.units == quantity.units
    assert _round_trip(quantity.units, 0) == quantity.units


def test_the_reducer_does_not_touch_pints_application_registry() -> None:
    mine: pint.UnitRegistry[Any] = pint.UnitRegistry()
    meters = mine.Quantity(2.0, "m")
    back: Any = _round_trip(meters, pickle.HIGHEST_PROTOCOL)
    # pint's own reducer, unchanged: a foreign quantity comes back in pint's application
    # registry, not in ours.
    assert back._REGISTRY is not registry()
    assert mine.Quantity.__reduce__ is not registry().Quantity.__reduce__
    assert "CO2e" not in pint.application_registry


class _ForeignUnitPickle:
    """Pickles as a quantity whose unit our registry does not define."""

    def __reduce__(self) -> tuple[Any, ...]:
        from climatelimits import units

        return units._rebuild_quantity, (1.0, (("furlong_of_carbon", 1),))


def test_a_pickled_unit_we_do_not_define_is_refused_by_name() -> None:
    data = pickle.dumps(_ForeignUnitPickle())
    with pytest.raises(UnitsError, match=r"climatelimits registry; got 'furlong_of_carbon'"):
        pickle.loads(data)


# -- a fresh interpreter, as a dask worker -----------------------------------------------------


def build_objects(examples: Path) -> dict[str, object]:
    """Build the objects the fresh-process test sends, the same way in both processes."""
    schedules = catalogue.all_schedules()
    building = cl.load_building(examples / "oceanhamnen-k3.toml")
    mixed = attrs.evolve(
        building,
        id="oceanhamnen-k3-mixed",
        use="office",
        use_shares={"office": 0.75, "retail": 0.25},
        parts=(
            cl.BuildingPart("offices", "office", {"se_bta": "3900 m^2"}, building.results),
            cl.BuildingPart("shops", "retail", {"se_bta": "1300 m^2"}, building.results),
        ),
    )
    products = cl.load_products(examples / "products-generic.toml")
    bill = cl.load_bill(examples / "bill-k3.toml")
    heating = EnergyUse("district heating", "40000 kWh/year", "0.05 kg CO2e/kWh", indicator="gwp")
    calculation = calculate(bill, products, energy=[heating], start_year=2026)
    assessments = tuple(
        cl.check(b, s, on=dt.date(2027, 1, 1)) for b in (building, mixed) for s in schedules
    )
    stock = Stock.from_columns(synthetic_stock_columns(300, seed=5, mixed_share=0.1))
    return {
        "catalogue": schedules,
        "building": building,
        "mixed_use_building": mixed,
        "products": products,
        "bill": bill,
        "calculation": calculation,
        "assessments": assessments,
        "stock": stock,
    }


_CHILD = """
import importlib.util, json, pickle, sys
from pathlib import Path

loaded = pickle.loads(Path(sys.argv[1]).read_bytes())  # first thing: nothing is set up yet
import pint
untouched = "CO2e" not in pint.application_registry
spec = importlib.util.spec_from_file_location("sent_objects", sys.argv[2])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
expected = module.build_objects(Path(sys.argv[3]))
report = {name: module._same(expected[name], loaded[name]) for name in expected}
report["pint_application_registry_untouched"] = untouched
print(json.dumps(report))
"""


def test_the_catalogue_buildings_products_a_bill_and_a_stock_unpickle_in_a_fresh_process(
    examples_dir: Path, tmp_path: Path
) -> None:
    objects = build_objects(examples_dir)
    checks = [c for a in objects["assessments"] for c in a.checks]  # type: ignore[attr-defined]
    # The payload holds every kind of object: next steps, exemptions, area conditions, parts.
    assert any(c.next_step is not None for c in checks)
    assert any(s.exemptions for s in objects["catalogue"])  # type: ignore[attr-defined]
    assert any(c.part is not None for c in checks)
    payload = tmp_path / "objects.pickle"
    payload.write_bytes(pickle.dumps(objects))
    completed = subprocess.run(
        [sys.executable, "-c", _CHILD, str(payload), __file__, str(examples_dir)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert report == {**dict.fromkeys(objects, True), "pint_application_registry_untouched": True}
