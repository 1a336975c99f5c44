"""The columnar bill against a per-line reference, and the CSV column reader against rows.

``calculate`` works on the bill's columns (product index, unit codes, arrays). The reference
here does what the calculation rules say (``docs/explanation/calculation.md``) one line at a
time with pint quantities, written without any of the library's conversion or kernel code.
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from climatelimits.calculation import calculate
from climatelimits.exceptions import DataFormatError
from climatelimits.io import _bill_csv_columns as csv_columns
from climatelimits.io import bills as bill_io
from climatelimits.io._converter import structure
from climatelimits.io._documents import _parse_text as parse_text
from climatelimits.products import Product
from climatelimits.quantities import BillLine, BillOfQuantities
from climatelimits.testing import product_strategies as cps
from climatelimits.units import registry

RSP = 50.0
MODULES = ("A1-A3", "A4", "A5", "B4", "C3", "C4", "D")


def _declared_units(line: BillLine, product: Product) -> tuple[float, float]:
    """Declared units of the line and its mass [kg], by pint, one line at a time."""
    q = line.quantity
    du_quantity = product.declared_unit
    per_du = product.properties.get("mass_per_declared_unit")
    if q.dimensionality == du_quantity.dimensionality:
        du = float((q / du_quantity).to("dimensionless").magnitude)
    else:  # a mass of a product declared per volume, area, piece or length
        assert per_du is not None
        du = float((q / (per_du * du_quantity)).to("dimensionless").magnitude)
    if du_quantity.dimensionality == registry().Quantity(1, "kg").dimensionality:
        mass = float((du * du_quantity).to("kg").magnitude)
    else:
        assert per_du is not None
        mass = du * float((per_du * du_quantity).to("kg").magnitude)
    return du, mass


def _line_values(line: BillLine, product: Product) -> dict[str, float | None]:
    declared = product.impacts["gwp_total"].to_mapping()
    du, mass = _declared_units(line, product)

    def per_du(module: str) -> float | None:
        value = declared.get(module)
        return du * value if isinstance(value, float) else None

    out = {m: per_du(m) for m in ("A1-A3", "C3", "C4", "D")}
    if line.transport:
        out["A4"] = math.fsum(
            mass / 1000.0 * leg.distance.to("km").magnitude * leg.factor.magnitude
            for leg in line.transport
        )
    else:
        out["A4"] = per_du("A4")
    if line.waste_factor is not None:
        a13, a4 = out["A1-A3"], out["A4"]
        out["A5"] = None if a13 is None or a4 is None else (line.waste_factor - 1.0) * (a13 + a4)
    else:
        out["A5"] = per_du("A5")
    life = line.service_life or product.reference_service_life
    if life is None:
        out["B4"] = None
    else:
        n = max(math.ceil(round(RSP / float(life.to("year").magnitude), 9)) - 1, 0)
        parts = [out["A1-A3"], out["C3"], out["C4"]]
        if n == 0:
            out["B4"] = 0.0
        elif any(p is None for p in parts):
            out["B4"] = None
        else:
            out["B4"] = n * math.fsum(p for p in parts if p is not None)
    return out


def _reference(bill: BillOfQuantities, products: tuple[Product, ...]) -> dict[str, Any]:
    catalogue = {p.id: p for p in products}
    per_line = [_line_values(line, catalogue[line.product]) for line in bill.lines]
    totals: dict[str, Any] = {}
    for module in MODULES:
        values = [v[module] for v in per_line]
        if any(v is None for v in values):
            totals[module] = None
        else:
            totals[module] = (
                math.fsum(v for v in values if v is not None),
                math.fsum(abs(v) for v in values if v is not None),
            )
    return totals


@settings(max_examples=150, deadline=None)
@given(cps.bills_with_products(max_products=5, max_lines=25))
def test_columnar_calculation_agrees_with_per_line_reference(
    case: tuple[BillOfQuantities, tuple[Product, ...]],
) -> None:
    bill, products = case
    calc = calculate(bill, products, study_period=f"{RSP} year")
    got = calc.results["gwp_total"].to_mapping()
    expected = _reference(bill, products)
    lives_known = any(
        line.service_life is not None or p.reference_service_life is not None
        for line in bill.lines
        for p in products
        if p.id == line.product
    )
    for module in MODULES:
        if module == "B4" and not lives_known:
            assert "B4" not in got
            continue
        want = expected[module]
        if want is None:
            assert not isinstance(got[module], float), module
        else:
            value, scale = want
            assert isinstance(got[module], float), module
            assert got[module] == pytest.approx(value, rel=1e-9, abs=1e-12 * scale + 1e-12)


@settings(max_examples=100, deadline=None)
@given(cps.bills_with_products(max_products=4, max_lines=20), st.sampled_from([",", ";"]))
def test_csv_column_reader_agrees_with_the_row_reader(
    case: tuple[BillOfQuantities, tuple[Product, ...]], delimiter: str
) -> None:
    bill, _ = case
    plain = BillOfQuantities(
        bill.id,
        [
            BillLine(
                line.id,
                line.product,
                line.quantity,
                transport=line.transport[:1],
                service_life=line.service_life,
                waste_factor=line.waste_factor,
                element=line.element,
            )
            for line in bill.lines
        ],
    )
    text = bill_io.dumps_bill(plain, format="csv")
    if delimiter == ";":
        text = text.replace(",", ";")
    header = text.split("\n", 1)[0].split(delimiter)
    by_columns = bill_io._bill_from_csv_columns(text, delimiter, header, "b")
    assert by_columns is not None  # a file written by dumps_bill is plain
    rows = bill_io.loads_bill(text, format="csv", source="b.csv")
    # The row reader, forced: the same text with a blank line is not plain.
    forced = bill_io.loads_bill(text + "\n\n", format="csv", source="b.csv")
    assert by_columns == rows == forced
    assert list(by_columns.lines) == list(plain.lines)
    # pyarrow's tokenizer reads the plain file itself and builds the same columns.
    pytest.importorskip("pyarrow")
    assert csv_columns.arrow_cells(text, delimiter, header) is not None
    by_arrow = bill_io._bill_from_csv_columns(text, delimiter, header, "b", arrow=True)
    assert by_arrow is not None
    _assert_same_columns(by_arrow, by_columns)


def _assert_same_columns(got: BillOfQuantities, want: BillOfQuantities) -> None:
    """Both bills hold the same columns, field by field (codes and their order too)."""
    mine, theirs = got.columns, want.columns
    for field in attrs.fields(type(mine)):
        a, b = getattr(mine, field.name), getattr(theirs, field.name)
        if isinstance(a, np.ndarray):
            assert a.dtype == b.dtype, field.name
            np.testing.assert_array_equal(a, b, err_msg=field.name, strict=True)
        else:
            assert a == b, field.name
    assert got == want


def _read(text: str, *, arrow: bool) -> BillOfQuantities | str:
    try:
        return bill_io._bill_from_csv(text, "b.csv", "b", arrow=arrow)
    except DataFormatError as exc:
        return str(exc)


@settings(max_examples=300, deadline=None)
@given(cps.bill_csv_texts())
def test_arrow_and_standard_library_csv_readers_agree(text: str) -> None:
    """Both readers give the same bill, or the same error (file, line, column, value)."""
    pytest.importorskip("pyarrow")
    by_arrow, by_python = _read(text, arrow=True), _read(text, arrow=False)
    if isinstance(by_python, str):
        assert by_arrow == by_python
    else:
        assert isinstance(by_arrow, BillOfQuantities), by_arrow
        _assert_same_columns(by_arrow, by_python)


@settings(max_examples=100, deadline=None)
@given(cps.bills_with_products(max_products=4, max_lines=20), st.sampled_from(["toml", "json"]))
def test_document_column_reader_agrees_with_the_full_reader(
    case: tuple[BillOfQuantities, tuple[Product, ...]], kind: str
) -> None:
    bill, _ = case
    text = bill_io.dumps_bill(bill, format=kind)
    body = dict(parse_text(text, kind, "b"))
    del body["format"]
    by_columns = bill_io._bill_from_document_columns(body)
    assert by_columns is not None  # a file written by dumps_bill is plain
    full = structure(body, BillOfQuantities, "b")
    assert by_columns == full == bill
    assert bill_io.loads_bill(text, format=kind) == bill
