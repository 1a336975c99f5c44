"""Errors carry the field they are about as data (issue 10, item 20)."""

from __future__ import annotations

import pickle

import pytest

from climatelimits.exceptions import DataFormatError, InvalidInputError, UnitsError
from climatelimits.io.bills import loads_bill
from climatelimits.quantities import BillLine, Transport


def test_a_validator_error_names_its_field_as_data() -> None:
    with pytest.raises(InvalidInputError) as info:
        BillLine("slab", "concrete", "-1 m^3")
    assert info.value.field == "quantity"
    assert info.value.detail == "must not be negative; got -1 m³"
    assert str(info.value) == "`quantity` must not be negative; got -1 m³"


def test_a_units_error_names_its_field_and_survives_pickling() -> None:
    with pytest.raises(UnitsError) as info:
        Transport("12 kg", "truck", "0.1 kg CO2e/(t*km)")
    copy = pickle.loads(pickle.dumps(info.value))
    assert (copy.field, copy.detail, str(copy)) == (
        info.value.field,
        info.value.detail,
        str(info.value),
    )
    assert copy.field == "distance"


def test_the_file_reader_roots_the_field_at_its_path_without_reading_the_text() -> None:
    # A detail that itself starts with a back-quoted word is not mistaken for a field name.
    error = InvalidInputError("`x` is not a field name", field="quantity")
    assert error.relative_message() == "`x` is not a field name"
    text = 'format = "climatelimits.bill/1"\nid = "b"\n[[lines]]\nid = "a"\nproduct = "p"\n'
    with pytest.raises(DataFormatError) as info:
        loads_bill(text + 'quantity = "-2 m^3"\n')
    assert info.value.problems == ("`lines[0].quantity` must not be negative; got -2 m³",)


def test_a_csv_cell_error_is_placed_by_the_field_it_carries() -> None:
    header = "id,product,quantity,unit,transport_mode,transport_distance,transport_factor\n"
    with pytest.raises(DataFormatError) as info:
        loads_bill(header + "a,p,1,m3,truck,5 kg,0.1\n", format="csv", source="k.csv")
    (problem,) = info.value.problems
    assert problem == "line 2, column transport_distance: must be in a unit like 'km'; got 5 kg"
