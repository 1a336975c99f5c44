"""A CSV bill whose quote is not closed is refused, not read as one line (issue 10, item 6)."""

from __future__ import annotations

import pytest

from climatelimits.exceptions import DataFormatError
from climatelimits.io.bills import loads_bill

HEADER = "id,product,quantity,unit\n"
ROWS = "slab,#B1477,23.6,m3\nwall,#B1477,10,m3\nroof,#B1477,5,m3\n"


def test_an_unterminated_quote_in_the_first_row_is_refused() -> None:
    # Before: the quote swallowed the rest of the file, one line was read, exit 0.
    with pytest.raises(DataFormatError) as info:
        loads_bill(HEADER + '"' + ROWS, format="csv", source="k3.csv")
    assert info.value.problems == (
        "line 2: not valid CSV: unexpected end of data (a quote not closed?)",
    )


def test_a_quoted_cell_over_a_line_end_is_refused_with_its_column() -> None:
    text = HEADER + 'slab,"#B1477\nwall",23.6,m3\nroof,#B1477,5,m3\n'
    with pytest.raises(DataFormatError) as info:
        loads_bill(text, format="csv", source="k3.csv")
    (problem,) = info.value.problems
    assert problem == (
        "line 2, column product: a quoted cell runs over a line end (a quote not closed?); "
        "cells of a bill hold no line breaks"
    )


def test_closed_quotes_and_blank_lines_still_read() -> None:
    text = HEADER + '"slab","#B1477","23.6","m3"\n\nwall,"#B14""77",10,m3\n'
    bill = loads_bill(text, format="csv", source="k3.csv")
    assert [(line.id, line.product) for line in bill.lines] == [
        ("slab", "#B1477"),
        ("wall", '#B14"77'),
    ]
