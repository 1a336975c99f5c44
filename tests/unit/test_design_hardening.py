"""Bad arguments to ``climatelimits.design`` name the argument the caller gave.

Found by exercising the design functions as a city climate officer would: each case used to
end in a bare ``TypeError`` or in an error naming a parameter of an internal function
(``target_year``, ``rounding_step``) that the caller never wrote.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from climatelimits import Stock, catalogue, design
from climatelimits.exceptions import InvalidInputError

HELSINGBORG = catalogue.get("helsingborg-oceanhamnen-illustrative")

# Three offices of 1000 m² BTA at 200, 300 and 400 kg CO2e/m² (A1-A5): p50 = 300.
OFFICES = Stock.from_columns(
    {
        "id": ["a", "b", "c"],
        "use": ["office"] * 3,
        "area.se_bta": [1000.0] * 3,
        "gwp_ghg.A1-A5": [200e3, 300e3, 400e3],
    },
    name="offices",
)


def _propose(**change: Any) -> Any:
    arguments: dict[str, Any] = {
        "start": (dt.date(2026, 1, 1), "p50"),
        "target": (dt.date(2030, 1, 1), 0.5),
        **change,
    }
    return design.propose(OFFICES, HELSINGBORG, **arguments)


@given(
    every_years=st.one_of(
        st.text(max_size=3),
        st.floats(allow_nan=True),
        st.booleans(),
        st.none(),
        st.integers(max_value=0),
        st.lists(st.integers(1, 4), max_size=2),
    )
)
def test_every_years_that_is_not_a_whole_number_of_years_names_it(every_years: object) -> None:
    with pytest.raises(InvalidInputError, match=r"^`every_years` must be a whole number"):
        _propose(every_years=every_years)


@given(
    start_year=st.integers(2000, 2100),
    years=st.integers(-10, 20),
    every_years=st.integers(1, 5),
)
def test_a_target_off_the_grid_of_steps_names_target(
    start_year: int, years: int, every_years: int
) -> None:
    target_year = start_year + years
    start = (dt.date(start_year, 1, 1), "p50")
    target = (dt.date(target_year, 1, 1), 0.5)
    if years > 0 and years % every_years == 0:
        draft = _propose(start=start, target=target, every_years=every_years)
        steps = draft.limits[0].categories["any"].steps
        assert steps[0].start == dt.date(start_year, 1, 1)
        assert steps[-1].start == dt.date(target_year, 1, 1)
        # 300 (the median) halved to 150 on the target date
        assert (steps[0].value, steps[-1].value) == (300.0, 150.0)
    else:
        with pytest.raises(InvalidInputError) as raised:
            _propose(start=start, target=target, every_years=every_years)
        message = str(raised.value)
        assert message.startswith("`target[0]` must be a whole multiple of `every_years`")
        assert f"({every_years})" in message
        assert f"got {target_year}-01-01" in message
        assert "target_year" not in message
        assert "baseline_year" not in message


@pytest.mark.parametrize("rounding", [0, 0.0, -5.0, -1e-9])
def test_a_rounding_step_not_above_zero_names_rounding(rounding: float) -> None:
    with pytest.raises(InvalidInputError) as raised:
        _propose(rounding=rounding)
    message = str(raised.value)
    assert message.startswith("`rounding` must be a rounding step above 0 kg CO2e/m²")
    assert f"got {rounding:g}" in message


@pytest.mark.parametrize("q", [None, {50, 80}, object(), b"p50", 3 + 0j])
def test_percentile_q_that_is_neither_a_percent_nor_a_sequence_names_q(q: object) -> None:
    with pytest.raises(InvalidInputError, match=r"^`q` must be a percent from 0 to 100"):
        design.percentile(OFFICES, HELSINGBORG, q)  # type: ignore[arg-type]


def test_percentile_q_as_a_numpy_vector_is_read_and_other_shapes_are_refused() -> None:
    found = design.percentile(OFFICES, HELSINGBORG, np.array([50, 100]))
    assert found.values.tolist() == [[300.0, 400.0]]
    for q in (np.array(50), np.array([[50]])):
        with pytest.raises(InvalidInputError, match=r"^`q` must be a percent"):
            design.percentile(OFFICES, HELSINGBORG, q)


DATED = Stock.from_columns(
    {
        "id": ["a", "b"],
        "use": ["office"] * 2,
        "area.se_bta": [1000.0] * 2,
        "gwp_ghg.A1-A5": [200e3, 400e3],
        "permit_application": ["2024-01-01", "2026-01-01"],
    },
    name="dated",
)


@given(
    change=st.floats(-0.99, 1.0),
    kind=st.sampled_from([np.float16, np.float32, np.float64, np.longdouble]),
)
def test_project_takes_a_numpy_number_as_the_float_it_holds(change: float, kind: type) -> None:
    """A yearly change read from a numpy array (float32 and all) is a number, as 0.03 is."""
    given_change = kind(change)
    as_float = float(given_change)
    assume(as_float > -1)  # float16 rounds -0.99x to -1
    scenario = design.project(DATED, given_change, "2030-01-01")
    same = design.project(DATED, as_float, "2030-01-01")
    assert scenario.yearly_change == as_float
    assert scenario.scenario == same.scenario
    key = next(iter(DATED.results))
    np.testing.assert_array_equal(
        scenario.stock.results[key].values, same.stock.results[key].values
    )
    # 2024-01-01 -> 2030-01-01 is 2192 days: 200 t x (1 + change) ** (2192 / 365.25)
    np.testing.assert_allclose(
        scenario.stock.results[key].values[0], 200e3 * (1 + as_float) ** (2192 / 365.25)
    )


@pytest.mark.parametrize("change", [np.int64(0), np.int32(1)])
def test_project_takes_a_numpy_integer(change: Any) -> None:
    scenario = design.project(DATED, change, "2030-01-01")
    assert scenario.yearly_change == float(change)


@given(
    day=st.dates(dt.date(1971, 1, 1), dt.date(2200, 12, 31)),
    unit=st.sampled_from(["D", "h", "m", "s", "ms", "us", "ns"]),
)
def test_numpy_dates_of_any_unit_are_days_when_at_midnight(day: dt.date, unit: str) -> None:
    """``on=df["date"].unique()`` (datetime64[us] or [ns]) checks on those days."""
    as_numpy = np.datetime64(day).astype(f"datetime64[{unit}]")
    expected = design.pass_rates(DATED, HELSINGBORG, on=[day])
    for on in (as_numpy, np.array([as_numpy]), [as_numpy]):
        table = design.pass_rates(DATED, HELSINGBORG, on=on)
        assert table.dates.tolist() == [day]
        np.testing.assert_array_equal(table.counts, expected.counts)
    assert design.project(DATED, -0.03, as_numpy).until == day
    if unit != "D":
        noon = as_numpy + np.timedelta64(12, "h")
        with pytest.raises(InvalidInputError, match=r"^`on` must be a date \(YYYY-MM-DD\)"):
            design.pass_rates(DATED, HELSINGBORG, on=[noon])


@given(q=st.lists(st.floats(0.0, 100.0), min_size=1, max_size=4, unique=True))
def test_each_percentile_has_its_own_label_that_reads_back(q: list[float]) -> None:
    """``p99.9999999`` and ``p100`` are two keys of the JSON; ``p0.00001`` is no ``p1e-05``."""
    found = design.percentile(OFFICES, HELSINGBORG, q)
    values = found.to_dict()["groups"][0]["values"]
    assert len(values) == len(q)  # no two percents share a key
    for label, value in values.items():
        assert "e" not in label
        assert design.parse_percentile(label) in q
        assert found.value(label).magnitude == value
        # numpy's linear method on 200, 300, 400, by hand: the rank q / 100 x 2 apart
        rank = design.parse_percentile(label) / 100 * 2
        assert value == pytest.approx(200 + 100 * rank, rel=1e-12, abs=1e-9)


def test_a_tiny_start_percentile_reads_as_written() -> None:
    draft = _propose(start=(dt.date(2026, 1, 1), "p0.00001"))
    notes = draft.notes
    assert "the p0.00001 of the values" in notes
    # 200 + 0.00001 / 100 x 2 x 100 = 200.00002
    assert draft.limits[0].categories["any"].steps[0].value == pytest.approx(200.00002)


@pytest.mark.parametrize(
    ("day", "limit"),
    [
        # BR18 §298 as revised in 2025 (Social- og Boligstyrelsen, May 2024; the
        # catalogue's sm-2024 source), offices: 7.5 kg CO2e/m²/a from 2025-07-01, 6.8 from
        # a day in 2027 and 6.1 from a day in 2029, neither day confirmed (the catalogue's
        # windows: 2027-01-01 to 2027-12-31, 2029-01-01 to 2029-12-31).
        (dt.date(2026, 12, 31), 7.5),
        (dt.date(2027, 1, 1), None),
        (dt.date(2027, 6, 1), None),
        (dt.date(2027, 12, 31), 6.8),
        (dt.date(2028, 6, 1), 6.8),
        (dt.date(2029, 6, 1), None),
        (dt.date(2030, 1, 1), 6.1),
    ],
)
def test_no_limit_is_said_in_force_while_its_first_day_is_not_confirmed(
    day: dt.date, limit: float | None
) -> None:
    """In a window, ``check`` gives no verdict on a value between the two steps."""
    table = design.pass_rates(OFFICES, "dk-br18-2025", on=[day])
    g = next(
        i
        for i, (lid, key) in enumerate(zip(table.limit_ids, table.categories, strict=True))
        if (lid, key) == ("building", "office")
    )
    found = float(table.limits[0, g])
    if limit is None:
        assert np.isnan(found)
        row = next(r for r in table.to_dict()["rows"] if r["category"] == "office")
        assert row["limit"] is None
    else:
        assert found == limit


@pytest.mark.parametrize(
    ("day", "limit", "not_applicable"),
    [
        # BR18 2023 (dk-br18-2023): 12.0 kg CO2e/m²/a, for permit applications up to
        # 2025-06-30 (the catalogue's `until`; BR18 2025 applies from 2025-07-01).
        (dt.date(2025, 6, 30), 12.0, 0),
        (dt.date(2025, 7, 1), None, 1),
        (dt.date(2030, 1, 1), None, 1),
    ],
)
def test_no_limit_is_said_in_force_after_the_schedule_ends(
    day: dt.date, limit: float | None, not_applicable: int
) -> None:
    """After `until` every building is not applicable: no step of it is in force."""
    office = Stock.from_columns(
        {
            "id": ["a"],
            "use": ["office"],
            "area.dk_reference": [1000.0],
            "area.dk_heated": [1200.0],
            "reference_study_period": [50],
            "gwp_total.A1-A3,B4,B6,C3-C4": [350e3],  # 7.0 kg CO2e/m²/a
        }
    )
    table = design.pass_rates(office, "dk-br18-2023", on=[day])
    assert table.categories[1] == "any"
    counts = dict(zip(table.statuses, table.counts[0, 0].tolist(), strict=True))
    assert counts["not_applicable"] == not_applicable
    assert counts["pass"] == 1 - not_applicable
    found = float(table.limits[0, 1])
    assert np.isnan(found) if limit is None else found == limit


@given(
    start=st.one_of(st.just("p80"), st.just("p0"), st.floats(1.0, 1000.0)),
    categories=st.sampled_from([None, "use", HELSINGBORG]),
)
def test_a_draft_from_an_empty_stock_says_the_stock_is_empty(
    start: str | float, categories: Any
) -> None:
    """From a percentile, or per use, an empty stock gives no category to start from."""
    assume(isinstance(start, str) or categories == "use")  # a value needs no building
    empty = Stock.from_columns({"id": [], "use": []}, name="nothing-yet")
    with pytest.raises(InvalidInputError) as raised:
        design.propose(
            empty,
            HELSINGBORG,
            start=("2026-01-01", start),
            target=("2030-01-01", 0.5),
            categories=categories,
        )
    message = str(raised.value)
    assert message.startswith("`stock` must leave at least one category")
    assert message.endswith("(stock nothing-yet has no buildings)")
