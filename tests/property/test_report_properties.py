"""The stock report shows the counts that check_stock gives, for any stock and schedule."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from climatelimits import catalogue, check_stock
from climatelimits.report import render_stock
from climatelimits.testing.stocks import stocks

html5lib = pytest.importorskip("html5lib")

SCHEDULES = ["dk-br18-2025", "se-boverket-2023-proposal", "nl-mpg", "eu-epbd-2024"]
STATUSES = ("pass", "fail", "incomplete", "not_applicable", "exempt", "disclosed")


def _rows(tree: Any) -> dict[str, list[str]]:
    summary = next(s for s in tree.iter("section") if s.get("class") == "summary")
    cells = [["".join(c.itertext()) for c in row] for row in summary.find("table").iter("tr")]
    return {row[0]: row[1:] for row in cells[1:]}


@settings(max_examples=25)
@given(data=st.data(), schedule_id=st.sampled_from(SCHEDULES))
def test_the_counts_shown_are_those_of_check_stock(data: st.DataObject, schedule_id: str) -> None:
    schedule = catalogue.get(schedule_id)
    stock = data.draw(stocks(schedule, max_size=6), label="stock")
    html = render_stock(stock, schedule, plots=False)
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    summary = check_stock(stock, schedule).summary()
    rows = _rows(tree)
    expected = {"all rows": summary.overall}
    expected.update({f"category {k}": v for k, v in summary.by_category.items()})
    assert set(rows) == set(expected)
    for label, counts in expected.items():
        assert rows[label][: len(STATUSES)] == [str(counts.counts[s]) for s in STATUSES]
        assert rows[label][len(STATUSES)] == str(counts.total)
