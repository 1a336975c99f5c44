"""Units: the quick conversion of plain numbers is exactly pint's conversion."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from climatelimits.units import as_quantity, magnitude_in, parse_unit, registry

# Pairs of units of one dimension, as the readers meet them (kg CO2e per declared unit...).
PAIRS = [
    ("t CO2e", "kg CO2e"),
    ("kg CO2e", "t CO2e"),
    ("g CO2e", "kg CO2e"),
    ("kg CO2e/m^2", "kg CO2e/m^2"),
    ("t CO2e/m^2/a", "kg CO2e/m^2/a"),
    ("kg", "t"),
    ("m3", "l"),
    ("MJ", "kWh"),
    ("a", "day"),
]
finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)


@given(value=finite | st.integers(-(2**62), 2**62), pair=st.sampled_from(PAIRS))
def test_magnitude_in_a_number_equals_pint_conversion_exactly(
    value: float, pair: tuple[str, str]
) -> None:
    source, target = pair
    expected = float(
        registry().Quantity(float(value), parse_unit(source)).to(parse_unit(target)).magnitude
    )
    assert magnitude_in(value, target, default_unit=source) == expected


@given(value=finite, pair=st.sampled_from(PAIRS))
def test_magnitude_in_a_number_equals_its_quantity(value: float, pair: tuple[str, str]) -> None:
    source, target = pair
    quantity = as_quantity(value, source)
    assert magnitude_in(value, target, default_unit=source) == magnitude_in(quantity, target)


@given(text=st.sampled_from([unit for pair in PAIRS for unit in pair]))
def test_parse_unit_of_its_own_result_is_that_result(text: str) -> None:
    unit = parse_unit(text)
    assert parse_unit(unit) is unit
    assert as_quantity(registry().Quantity(2.0, unit)).units == unit
