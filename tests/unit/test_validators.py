"""The shared attrs converters and validators (climatelimits._validators)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from climatelimits._validators import (
    boolean,
    non_negative_quantity,
    positive,
    positive_duration,
    quantity_in,
    to_finite_number,
    to_number_map,
    to_optional_member,
    to_property_map,
    to_tuple,
)
from climatelimits.buildings import UseCategory
from climatelimits.exceptions import InvalidInputError, UnitsError, UnknownReferenceError
from climatelimits.units import registry

Q = registry().Quantity


def test_to_tuple_names_the_field_and_the_index() -> None:
    assert to_tuple([1, 2], int, "ids") == (1, 2)
    with pytest.raises(
        InvalidInputError, match=re.escape("`ids` must be a list of int; got 'ab'")
    ):
        to_tuple("ab", int, "ids")
    with pytest.raises(InvalidInputError, match=re.escape("`ids[1]` must be a int; got 'b'")):
        to_tuple([1, "b"], int, "ids")


def test_to_optional_member() -> None:
    assert to_optional_member("office", UseCategory, "use") is UseCategory.OFFICE
    assert to_optional_member(UseCategory.OFFICE, UseCategory, "use") is UseCategory.OFFICE
    assert to_optional_member(None, UseCategory, "use") is None
    with pytest.raises(
        InvalidInputError,
        match=r"`use` must be one of detached_house, row_house, .*, other; got 'shop'",
    ):
        to_optional_member("shop", UseCategory, "use")
    with pytest.raises(InvalidInputError, match=r"`use` must be one of .*; got \['office'\]"):
        to_optional_member(["office"], UseCategory, "use")


def test_boolean() -> None:
    field = SimpleNamespace(name="default")
    boolean(None, field, True)
    with pytest.raises(InvalidInputError, match="`default` must be true or false; got 1"):
        boolean(None, field, 1)


def test_finite_numbers() -> None:
    assert to_finite_number(3, "x") == 3.0
    with pytest.raises(InvalidInputError, match="`x` must be a number; got True"):
        to_finite_number(True, "x")
    with pytest.raises(InvalidInputError, match="`x` must be a finite number; got nan"):
        to_finite_number(float("nan"), "x")
    with pytest.raises(InvalidInputError, match=re.escape("`values.A4` must be a finite number")):
        to_number_map({"A4": 10**400}, "values")  # too large for a float: no OverflowError


def test_quantities_in_a_unit() -> None:
    assert quantity_in("0.6 Mm", "km", "distance") == Q(600.0, "km")
    with pytest.raises(UnitsError, match=re.escape("`distance` must be in a unit like 'km'")):
        quantity_in("5 kg", "km", "distance")
    message = "`annual_use` must be energy per year; got 5 kg"
    with pytest.raises(UnitsError, match=re.escape(message)):
        quantity_in("5 kg", "kWh/year", "annual_use", expected="energy per year")
    with pytest.raises(InvalidInputError, match=re.escape("`d` must not be negative; got -1 km")):
        non_negative_quantity("-1000 m", "km", "d")
    assert non_negative_quantity("0 km", "km", "d") == Q(0.0, "km")


def test_positive_quantities_and_durations() -> None:
    assert positive(Q(1.0, "m^3"), "declared_unit") == Q(1.0, "m^3")
    with pytest.raises(InvalidInputError, match=re.escape("greater than 0; got 0 m³")):
        positive(Q(0.0, "m^3"), "declared_unit")
    assert positive_duration("600 month", "service_life") == Q(50.0, "year")
    with pytest.raises(InvalidInputError, match=re.escape("longer than 0 years; got -5 a")):
        positive_duration("-5 year", "service_life")
    with pytest.raises(UnitsError, match=re.escape("a duration such as '60 year'; got 5 kg")):
        positive_duration("5 kg", "service_life")


def test_property_maps() -> None:
    names = ("density", "thickness")
    assert to_property_map({"thickness": "8 mm"}, "properties", names) == {
        "thickness": Q(8.0, "mm")
    }
    with pytest.raises(UnknownReferenceError, match="keys must be one of density, thickness"):
        to_property_map({"colour": "1 m"}, "properties", names)
    with pytest.raises(InvalidInputError, match=re.escape("`properties.density` must be greater")):
        to_property_map({"density": "0 kg/m^3"}, "properties", names)
    with pytest.raises(InvalidInputError, match="must be a mapping of property -> quantity"):
        to_property_map(["density"], "properties", names)
