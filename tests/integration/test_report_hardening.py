"""``render_stock`` names ``pass_rates_on``, not ``on``, when its dates are wrong.

``render_stock`` takes both ``on`` (the date that selects the steps of the check) and
``pass_rates_on`` (the dates of the pass-rate tables); an error about the second used to
name the first.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from climatelimits import Stock
from climatelimits.exceptions import InvalidInputError
from climatelimits.report import render_stock

STOCK = Stock.from_columns(
    {"id": ["a"], "use": ["office"], "area.se_bta": [1000.0], "gwp_ghg.A1-A5": [300e3]},
    name="one-office",
)
SCHEDULE = "helsingborg-oceanhamnen-illustrative"


@given(
    days=st.one_of(
        st.just([]),
        st.lists(st.sampled_from(["2026-13-01", "2026-02-30", "soon", ""]), min_size=1),
        st.lists(st.datetimes(), min_size=1, max_size=2),
        st.integers(),
    )
)
def test_bad_pass_rate_dates_name_pass_rates_on(days: object) -> None:
    with pytest.raises(InvalidInputError) as raised:
        render_stock(STOCK, SCHEDULE, pass_rates_on=days, plots=False)  # type: ignore[arg-type]
    assert str(raised.value).startswith("`pass_rates_on` must ")


def test_pass_rate_dates_given_are_the_dates_of_the_table() -> None:
    html = render_stock(
        STOCK, SCHEDULE, pass_rates_on=[dt.date(2027, 1, 1), "2031-06-30"], plots=False
    )
    rows = re.findall(
        r"<tr><td><code>building</code></td><td>any</td><td>([0-9-]+)</td>"
        r'<td class="num">([^<]*)</td><td class="num">(\d+)</td><td class="num">(\d+)</td>',
        html,
    )
    # The illustrative path: 257 kg CO2e/m² from 2026, 154 from 2030; the office's 300
    # fails both (columns: date, limit, pass, fail).
    assert rows == [
        ("2027-01-01", "257 kg CO2e/m²", "0", "1"),
        ("2031-06-30", "154 kg CO2e/m²", "0", "1"),
    ]
