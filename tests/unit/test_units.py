"""Unit parsing, conversion and the errors raised at the units boundary."""

from __future__ import annotations

import math
import pickle
import re

import pint
import pytest

from climatelimits.exceptions import (
    ClimateLimitsError,
    DataFormatError,
    InvalidInputError,
    MissingOptionalDependencyError,
    UnitsError,
)
from climatelimits.units import (
    as_quantity,
    conversion_factor,
    format_unit,
    magnitude_in,
    parse_unit,
    registry,
)

# Dimensionalities written out by hand, as pint's UnitsContainer of base dimensions.
EMISSION = {"[mass]": 1, "[co2e]": 1}
AREA = {"[length]": 2}
VOLUME = {"[length]": 3}
PIECE = {"[piece]": 1}
TIME = {"[time]": 1}
CURRENCY = {"[currency]": 1}


@pytest.mark.parametrize(
    ("text", "dimensionality"),
    [
        pytest.param("kg CO2e", EMISSION, id="kg-CO2e"),
        pytest.param("kg CO2 eq", EMISSION, id="kg-CO2-eq"),
        pytest.param("kgCO2e", EMISSION, id="kgCO2e-no-space"),
        pytest.param("kg CO2-Äqv.", EMISSION, id="kg-CO2-Aeqv-german"),
        pytest.param("t CO2e", EMISSION, id="t-CO2e"),
        pytest.param("m2", AREA, id="m2"),
        pytest.param("m^2", AREA, id="m^2"),
        pytest.param("qm", AREA, id="qm"),
        pytest.param("m3", VOLUME, id="m3"),
        pytest.param("pcs", PIECE, id="pcs"),
        pytest.param("piece", PIECE, id="piece"),
        pytest.param("stk", PIECE, id="stk"),
        pytest.param("Stk", PIECE, id="Stk"),
        pytest.param("a", TIME, id="a"),
        pytest.param("year", TIME, id="year"),
        pytest.param("yr", TIME, id="yr"),
        pytest.param("EUR", CURRENCY, id="EUR"),
    ],
)
def test_parse_unit_spellings_have_expected_dimensionality(
    text: str, dimensionality: dict[str, int]
) -> None:
    unit = parse_unit(text)
    assert isinstance(unit, registry().Unit)
    assert dict(unit.dimensionality) == dimensionality


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        pytest.param("kg CO2 eq", "kg CO2e", id="kg-CO2-eq"),
        pytest.param("kgCO2e", "kg CO2e", id="kgCO2e"),
        pytest.param("kg CO2-Äqv.", "kg CO2e", id="kg-CO2-Aeqv"),
        pytest.param("m2", "m^2", id="m2"),
        pytest.param("qm", "m^2", id="qm"),
        pytest.param("m3", "m^3", id="m3"),
        pytest.param("pcs", "piece", id="pcs"),
        pytest.param("stk", "piece", id="stk"),
        pytest.param("Stk", "piece", id="Stk"),
        pytest.param("a", "year", id="a"),
        pytest.param("yr", "year", id="yr"),
    ],
)
def test_parse_unit_spellings_are_the_same_unit(text: str, canonical: str) -> None:
    assert parse_unit(text) == parse_unit(canonical)


def test_co2e_cannot_be_added_to_plain_mass() -> None:
    reg = registry()
    emission = reg.Quantity(1.0, parse_unit("kg CO2e"))
    material = reg.Quantity(1.0, parse_unit("kg"))
    with pytest.raises(pint.DimensionalityError):
        _ = emission + material


def test_co2e_is_not_the_dimension_of_kg() -> None:
    assert parse_unit("kg CO2e").dimensionality != parse_unit("kg").dimensionality


def test_tonne_co2e_to_kg_co2e_is_factor_1000() -> None:
    assert conversion_factor(parse_unit("t CO2e"), parse_unit("kg CO2e")) == pytest.approx(1000.0)
    assert magnitude_in("2.5 t CO2e", "kg CO2e") == pytest.approx(2500.0)


def test_conversion_factor_between_dimensions_raises_units_error() -> None:
    msg = "cannot convert 'kg CO2e' ([mass] * [co2e]) to 'kg' ([mass])"
    with pytest.raises(UnitsError, match=re.escape(msg)):
        conversion_factor(parse_unit("kg CO2e"), parse_unit("kg"))


def test_as_quantity_converts_foreign_registry_quantity() -> None:
    foreign = pint.UnitRegistry()
    value = foreign.Quantity(5200, "meter ** 2")
    result = as_quantity(value)
    assert result._REGISTRY is registry()
    assert value._REGISTRY is not registry()
    assert result.magnitude == 5200.0
    assert result.units == parse_unit("m^2")


def test_as_quantity_converts_foreign_registry_compound_unit() -> None:
    foreign = pint.UnitRegistry()
    result = as_quantity(foreign.Quantity(3, "kilogram / meter ** 2 / year"))
    assert result._REGISTRY is registry()
    assert result.units == parse_unit("kg / m^2 / year")


def test_as_quantity_refuses_foreign_quantity_with_unknown_unit() -> None:
    foreign = pint.UnitRegistry()
    foreign.define("flurb = [flurbiness]")
    msg = "`value` must be a unit such as 'kg CO2e' or 'm^2'; got 'flurb'"
    with pytest.raises(UnitsError, match=re.escape(msg)):
        as_quantity(foreign.Quantity(5, "flurb"))


def test_as_quantity_reads_number_and_unit_from_text() -> None:
    result = as_quantity("5200 m^2")
    assert result._REGISTRY is registry()
    assert result.magnitude == 5200.0
    assert result.units == parse_unit("m^2")


def test_as_quantity_refuses_bare_number() -> None:
    msg = "`value` must state its unit; got the bare number 5"
    with pytest.raises(UnitsError, match=re.escape(msg)):
        as_quantity(5)


def test_as_quantity_refuses_bare_float_with_field_name() -> None:
    msg = "`areas.se_bta` must state its unit; got the bare number 5200.0"
    with pytest.raises(UnitsError, match=re.escape(msg)):
        as_quantity(5200.0, field="areas.se_bta")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        pytest.param(math.nan, "nan", id="nan"),
        pytest.param(math.inf, "inf", id="inf"),
        pytest.param(-math.inf, "-inf", id="minus-inf"),
    ],
)
def test_as_quantity_refuses_non_finite_numbers(value: float, shown: str) -> None:
    msg = f"`value` must be a finite number; got {shown} m²"
    with pytest.raises(InvalidInputError, match=re.escape(msg)):
        as_quantity(value, "m^2")


def test_as_quantity_refuses_non_finite_quantity() -> None:
    with pytest.raises(InvalidInputError):
        as_quantity(registry().Quantity(math.nan, parse_unit("kg CO2e")))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("bananas", id="word"),
        pytest.param("kg CO2e / flurb", id="unknown-denominator"),
        pytest.param("", id="empty"),
        pytest.param("m^^2", id="bad-syntax"),
    ],
)
def test_parse_unit_refuses_nonsense(text: str) -> None:
    with pytest.raises(UnitsError):
        parse_unit(text)


def test_parse_unit_nonsense_message() -> None:
    msg = "`unit` must be a unit such as 'kg CO2e' or 'm^2'; got 'bananas'"
    with pytest.raises(UnitsError, match=re.escape(msg)):
        parse_unit("bananas")


def test_parse_unit_empty_message() -> None:
    msg = "`unit` must be a unit such as 'kg CO2e' or 'm^2'; got '' (empty unit)"
    with pytest.raises(UnitsError, match=re.escape(msg)):
        parse_unit("")


def test_parse_unit_refuses_non_text() -> None:
    msg = "`unit` must be a unit written as text; got 5"
    with pytest.raises(UnitsError, match=re.escape(msg)):
        parse_unit(5)  # type: ignore[arg-type]


def test_magnitude_in_wrong_dimension_message() -> None:
    msg = "`x` must be in a unit of [mass] * [co2e] such as 'kg CO2e'; got 5 kg ([mass])"
    with pytest.raises(UnitsError, match=re.escape(msg)):
        magnitude_in("5 kg", "kg CO2e", field="x")


def test_units_error_is_pint_dimensionality_error() -> None:
    assert issubclass(UnitsError, pint.DimensionalityError)
    assert issubclass(UnitsError, ClimateLimitsError)
    with pytest.raises(pint.DimensionalityError):
        parse_unit("bananas")


def test_units_error_pickle_round_trip() -> None:
    error = UnitsError("`x` must be in kg CO2e; got 5 kg", units1="kg", units2="kg CO2e")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is UnitsError
    assert str(copy) == "`x` must be in kg CO2e; got 5 kg"
    assert copy.message == "`x` must be in kg CO2e; got 5 kg"
    assert copy.units1 == "kg"
    assert copy.units2 == "kg CO2e"


def test_data_format_error_pickle_round_trip() -> None:
    error = DataFormatError("b.toml", ["results.gwp_total.A4: bad", "areas: missing"])
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is DataFormatError
    assert copy.source == "b.toml"
    assert copy.problems == ("results.gwp_total.A4: bad", "areas: missing")
    assert str(copy) == ("b.toml: 2 problems:\n  - results.gwp_total.A4: bad\n  - areas: missing")


def test_data_format_error_single_problem_message() -> None:
    error = DataFormatError("<string>", ["id: missing"])
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == "<string>: id: missing"
    assert isinstance(copy, ValueError)


def test_missing_optional_dependency_error_pickle_round_trip() -> None:
    error = MissingOptionalDependencyError("plot", "matplotlib")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is MissingOptionalDependencyError
    assert copy.feature == "plot"
    assert copy.requirement == "matplotlib"
    assert str(copy) == "`plot` requires matplotlib to be installed"
    assert isinstance(copy, ImportError)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("kg CO2e", id="kg-CO2e"),
        pytest.param("t CO2e", id="t-CO2e"),
        pytest.param("m^2", id="m^2"),
        pytest.param("m3", id="m3"),
        pytest.param("pcs", id="pcs"),
        pytest.param("a", id="a"),
        pytest.param("EUR", id="EUR"),
        pytest.param("kg CO2e / m^2 / year", id="per-m2-per-year"),
        pytest.param("EUR/m^2", id="eur-per-m2"),
        pytest.param("kg/piece", id="kg-per-piece"),
    ],
)
def test_format_unit_reparses_to_same_unit(text: str) -> None:
    unit = parse_unit(text)
    assert parse_unit(format_unit(unit)) == unit


def test_format_unit_example() -> None:
    assert format_unit(parse_unit("kg CO2e / m^2 / year")) == "kg CO2e/m²/a"


def test_conversion_factor_refuses_units_whose_zeros_differ() -> None:
    # 0 degC is 273.15 K (SI brochure, 9th ed., 2.3.4): no factor converts every value.
    with pytest.raises(UnitsError, match=r"0 °C is 273\.15 K"):
        conversion_factor(parse_unit("degC"), parse_unit("K"))


def test_magnitude_in_converts_an_offset_unit_by_pint_not_by_a_factor() -> None:
    assert magnitude_in(20.0, "K", default_unit="degC") == pytest.approx(293.15, abs=1e-12)


def test_magnitude_in_number_with_default_unit_t_to_kg() -> None:
    assert magnitude_in(2.5, "kg CO2e", default_unit="t CO2e") == 2500.0
    assert magnitude_in(3, "kg CO2e", default_unit="kg CO2e") == 3.0


def test_magnitude_in_number_of_wrong_dimension_names_both_units() -> None:
    with pytest.raises(UnitsError, match=r"got 5 kg \(\[mass\]\)") as info:
        magnitude_in(5.0, "kg CO2e", field="A1-A3", default_unit="kg")
    assert info.value.field == "A1-A3"


def test_magnitude_in_refuses_a_non_finite_number_with_default_unit() -> None:
    with pytest.raises(InvalidInputError, match="must be a finite number; got inf"):
        magnitude_in(math.inf, "kg CO2e", default_unit="kg CO2e")


def test_as_quantity_refuses_an_integer_too_large_for_a_float() -> None:
    with pytest.raises(InvalidInputError, match=r"an integer of about 10\^400"):
        as_quantity(10**400, "kg")
    with pytest.raises(InvalidInputError, match=r"an integer of about 10\^400"):
        magnitude_in(10**400, "kg CO2e", default_unit="t CO2e")


def test_parse_unit_returns_a_unit_of_our_registry_as_it_is() -> None:
    unit = registry().Quantity(1.0, "kg").units
    assert parse_unit(unit) is unit
    foreign = pint.UnitRegistry().Unit("kg")
    parsed = parse_unit(foreign)
    assert parsed == unit
    assert parsed is not foreign
