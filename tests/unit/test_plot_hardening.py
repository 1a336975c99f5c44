"""``plot.schedule`` with an axis that ends before some category's first step.

A city's schedule may start a category later than the others (here offices from 2024,
flats only from 2028). Drawn up to 2027, the flats have nothing to draw; the plot used to
end in an ``IndexError`` instead.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from climatelimits import Stock, design, plot
from climatelimits.io import loads_schedule
from climatelimits.schedules import LimitSchedule
from climatelimits.testing.strategies import limit_schedules

TWO_STARTS = """\
format = "climatelimits.schedule/1"
id = "two-starts"
title = "Offices from 2024, flats from 2028"
jurisdiction = "SE"
status = "illustrative"
date_basis = "permit_application"

[[limits]]
id = "building"

[limits.metric]
indicator = "gwp_ghg"
modules = "A1-A5"
area = "se_bta"
per_year = false
unit = "kg CO2e/m^2"
decimals = 0

[limits.categories.office]
steps = [{ from = 2024-01-01, value = 300 }, { from = 2026-01-01, value = 250 }]

[limits.categories.multi_family_housing]
steps = [{ from = 2028-01-01, value = 280 }]
"""


def test_a_category_that_starts_after_the_axis_is_named_not_drawn() -> None:
    schedule = loads_schedule(TWO_STARTS, format="toml")
    ax = plot.schedule(schedule, until=dt.date(2027, 1, 1))
    lines = {str(line.get_label()): line for line in ax.get_lines()}
    office = lines["office"]
    assert list(office.get_ydata()) == [300.0, 250.0, 250.0]
    assert [str(d) for d in office.get_xdata()] == ["2024-01-01", "2026-01-01", "2027-01-01"]
    assert "multi_family_housing" not in lines
    legend = ax.get_legend()
    assert legend is not None
    texts = [t.get_text().replace("\n", " ") for t in legend.get_texts()]
    assert "no step before 2027-01-01: multi_family_housing" in texts
    ax.figure.clear()


@given(schedule=limit_schedules(max_categories=4), days=st.integers(1, 20_000))
def test_any_end_after_the_first_step_draws_the_steps_before_it(
    schedule: LimitSchedule, days: int
) -> None:
    """Each category with a step before ``until`` is a line of exactly those steps."""
    limit = schedule.limits[0]
    first = min(c.steps[0].start for c in limit.categories.values())
    end = first + dt.timedelta(days=days)
    ax = plot.schedule(schedule, until=end)
    drawn = [line for line in ax.get_lines() if len(line.get_xdata())]  # not legend notes
    lines = {key: line for line in drawn for key in str(line.get_label()).split(", ")}
    for key, category in limit.categories.items():
        before = [s for s in category.steps if s.start < end]
        if not before:
            assert key not in lines
            continue
        expected = [np.nan if s.value is None else s.value for s in before]
        expected.append(expected[-1])
        np.testing.assert_array_equal(lines[key].get_ydata(), expected)
        assert [str(d) for d in lines[key].get_xdata()] == [
            *(str(s.start) for s in before),
            str(end),
        ]
    ax.figure.clear()


# Three offices of 1000 m² BTA at 200, 260 and 400 kg CO2e/m² (A1-A5) against Helsingborg's
# illustrative path: 308 from 2024, 257 from 2026, 205 from 2028, 154 from 2030, so 2, 1, 1
# and 0 of the 3 pass on those days (pass rates 2/3, 1/3, 1/3, 0).
OFFICES = Stock.from_columns(
    {
        "id": ["a", "b", "c"],
        "use": ["office"] * 3,
        "area.se_bta": [1000.0] * 3,
        "gwp_ghg.A1-A5": [200e3, 260e3, 400e3],
    }
)
RATES = {
    dt.date(2024, 1, 1): 100 * 2 / 3,
    dt.date(2026, 1, 1): 100 / 3,
    dt.date(2028, 1, 1): 100 / 3,
    dt.date(2030, 1, 1): 0.0,
}


@given(days=st.permutations(list(RATES)))
def test_pass_rate_lines_run_in_date_order_whatever_the_order_asked(
    days: list[dt.date],
) -> None:
    """``--on 2030-01-01 2024-01-01 ...`` drew a line back and forth in time."""
    table = design.pass_rates(OFFICES, "helsingborg-oceanhamnen-illustrative", on=days)
    assert table.dates.tolist() == days  # the table keeps the order asked
    ax = plot.pass_rates(table)
    (line,) = (line for line in ax.get_lines() if line.get_label() == "all rows")
    drawn = [dt.date.fromisoformat(str(d)) for d in line.get_xdata()]
    assert drawn == sorted(RATES)
    np.testing.assert_allclose(line.get_ydata(), [RATES[d] for d in drawn], rtol=1e-12)
    ax.figure.clear()
