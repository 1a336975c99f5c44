"""Hypothesis strategies for products, bill lines and bills of quantities.

They draw *valid* objects whose quantities can always be converted to the products' declared
units, so that code calculating with them (``climatelimits.calculate`` or a city tool's own)
can be property-tested. Needs Hypothesis: ``pip install 'climatelimits[testing]'``.

Examples
--------
>>> from hypothesis import given
>>> from climatelimits.testing import product_strategies as cps
>>> @given(cps.bills_with_products())
... def test_every_line_has_its_product(case):
...     bill, products = case
...     assert {line.product for line in bill.lines} <= {p.id for p in products}
"""

from __future__ import annotations

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - exercised only without the testing extra
    from climatelimits.exceptions import MissingOptionalDependencyError

    _feature = "climatelimits.testing.product_strategies"
    _requirement = "hypothesis (pip install 'climatelimits[testing]')"
    raise MissingOptionalDependencyError(_feature, _requirement) from exc

from collections.abc import Sequence
from typing import Final

from climatelimits.indicators import INDICATORS, get_indicator
from climatelimits.lifecycle import ModuleSet
from climatelimits.products import DataType, Product, Standard
from climatelimits.quantities import BillLine, BillOfQuantities, Transport
from climatelimits.results import IndicatorResults, ResultEntry
from climatelimits.units import Quantity, registry

__all__ = [
    "DECLARED_UNITS",
    "USED_UNITS",
    "bill_csv_texts",
    "bill_lines",
    "bills",
    "bills_with_products",
    "impact_values",
    "products",
    "transports",
]

DECLARED_UNITS: Final = ("1 m^3", "1 kg", "1000 kg", "1 m^2", "1 piece", "1 m")
"""Declared units drawn for products (as in EPDs and BR18 Tabel 7: M3, KG, M2, STK, M)."""

USED_UNITS: Final = {
    "m ** 3": ("m^3", "l", "dm^3"),
    "kilogram": ("kg", "t", "g"),
    "m ** 2": ("m^2", "cm^2"),
    "piece": ("piece",),
    "m": ("m", "mm", "km"),
}
"""Units a line may give its quantity in, by the dimension of the declared unit; a line may
also give a mass (``kg``, ``t``) for any product, since every drawn product has a mass per
declared unit."""

_MASS_UNITS: Final = ("kg", "t")
_DEFAULT_MODULES: Final = ("A1-A3", "A4", "A5", "C3", "C4", "D")
_IDS: Final = st.from_regex(r"[a-z][a-z0-9-]{0,11}", fullmatch=True)
_MASS_PER_UNIT: Final = {
    "m ** 3": ("kg/m^3", 20.0, 8000.0),
    "m ** 2": ("kg/m^2", 0.5, 500.0),
    "piece": ("kg/piece", 0.1, 2000.0),
    "m": ("kg/m", 0.1, 200.0),
}


def _unit_key(quantity: Quantity) -> str:
    text = str(quantity.units)
    return {"meter ** 3": "m ** 3", "meter ** 2": "m ** 2", "meter": "m"}.get(text, text)


def impact_values(
    max_value: float = 1e4, *, allow_negative: bool = True
) -> st.SearchStrategy[float]:
    """Return a strategy for impacts per declared unit.

    Parameters
    ----------
    max_value
        Largest magnitude [indicator unit per declared unit].
    allow_negative
        Whether negative values (biogenic uptake in A1-A3, benefits in D) may be drawn.

    Returns
    -------
    SearchStrategy[float]
        Finite floats, ``0.0`` included, no subnormals; shrinks towards 0.
    """
    if not max_value > 0:
        msg = f"`max_value` must be above 0; got {max_value!r}"
        raise InvalidArgument(msg)
    low = -max_value if allow_negative else 0.0
    return st.one_of(
        st.just(0.0),
        st.floats(low, max_value, allow_nan=False, allow_infinity=False, allow_subnormal=False),
    )


@st.composite
def products(
    draw: st.DrawFn,
    product_id: str | None = None,
    *,
    indicators: Sequence[str] = ("gwp_total",),
    modules: Sequence[str] = _DEFAULT_MODULES,
    max_value: float = 1e4,
    service_life: bool | None = None,
) -> Product:
    """Draw a product with a declared unit, a mass per declared unit and impacts.

    Parameters
    ----------
    product_id
        The id; ``None`` draws one.
    indicators
        Indicator ids every drawn product declares.
    modules
        Module sets the impacts are drawn for (each declared, or with a 1 in 5 chance not
        declared); must be disjoint.
    max_value
        Largest impact magnitude per declared unit.
    service_life
        ``True`` always draws a reference service life, ``False`` never, ``None`` sometimes.

    Returns
    -------
    SearchStrategy[Product]
    """
    for indicator in indicators:
        if indicator not in INDICATORS:
            msg = f"`indicators` must be ids of {', '.join(INDICATORS)}; got {indicator!r}"
            raise InvalidArgument(msg)
    module_sets = [ModuleSet.parse(m) for m in modules]
    pid = product_id if product_id is not None else draw(_IDS)
    declared: Quantity = registry().Quantity(draw(st.sampled_from(DECLARED_UNITS)))
    properties: dict[str, Quantity] = {}
    key = _unit_key(declared)
    if key in _MASS_PER_UNIT:
        unit, low, high = _MASS_PER_UNIT[key]
        per_unit = draw(st.floats(low, high, allow_nan=False, allow_infinity=False))
        properties["mass_per_declared_unit"] = registry().Quantity(per_unit, unit)
    impacts: dict[str, IndicatorResults] = {}
    for indicator in indicators:
        entries = []
        for modules_set in module_sets:
            declared_here = draw(st.integers(0, 4)) > 0
            value = draw(impact_values(max_value)) if declared_here else None
            entries.append(ResultEntry(modules_set, value))
        impacts[indicator] = IndicatorResults(indicator, tuple(entries))
    draw_life = draw(st.booleans()) if service_life is None else service_life
    life = registry().Quantity(float(draw(st.integers(5, 120))), "year") if draw_life else None
    return Product(
        pid,
        f"product {pid}",
        declared,
        impacts,
        properties=properties,
        data_type=draw(st.one_of(st.none(), st.sampled_from(tuple(DataType)))),
        standard=draw(st.one_of(st.none(), st.sampled_from(tuple(Standard)))),
        reference_service_life=life,
    )


def transports(indicator: str = "gwp_total") -> st.SearchStrategy[Transport]:
    """Return a strategy for transport legs of one indicator.

    Parameters
    ----------
    indicator
        The indicator of the factor.

    Returns
    -------
    SearchStrategy[Transport]
        Distances of 0 to 2000 km, factors of 0 to 0.5 [indicator unit/(t*km)].
    """
    unit = f"({get_indicator(indicator).unit}) / (t * km)"
    return st.builds(
        Transport,
        distance=st.floats(0.0, 2000.0, allow_nan=False).map(lambda d: f"{d!r} km"),
        mode=st.sampled_from(("truck", "rail", "ship")),
        factor=st.floats(0.0, 0.5, allow_nan=False).map(lambda f: registry().Quantity(f, unit)),
        indicator=st.just(indicator),
    )


@st.composite
def bill_lines(
    draw: st.DrawFn,
    product: Product,
    line_id: str | None = None,
    *,
    max_quantity: float = 1e4,
    indicator: str = "gwp_total",
) -> BillLine:
    """Draw a bill line using ``product``, in a unit its declared unit can be reached from.

    Parameters
    ----------
    product
        The product the line uses (drawn by :func:`products`, or any product with a mass
        per declared unit).
    line_id
        The line id; ``None`` draws one.
    max_quantity
        Largest quantity, in the unit drawn.
    indicator
        Indicator of drawn transport legs.

    Returns
    -------
    SearchStrategy[BillLine]
    """
    units = list(USED_UNITS.get(_unit_key(product.declared_unit), ()))
    if (
        "mass_per_declared_unit" in product.properties
        or _unit_key(product.declared_unit) == "kilogram"
    ):
        units.extend(u for u in _MASS_UNITS if u not in units)
    if not units:
        msg = f"`product` {product.id!r} has a declared unit no drawn unit converts to"
        raise InvalidArgument(msg)
    unit = draw(st.sampled_from(units))
    magnitude = draw(st.floats(0.0, max_quantity, allow_nan=False, allow_subnormal=False))
    return BillLine(
        line_id if line_id is not None else draw(_IDS),
        product.id,
        registry().Quantity(magnitude, unit),
        element=draw(st.sampled_from(("", "wall", "floor", "roof"))),
        service_life=draw(st.one_of(st.none(), st.integers(5, 120).map(lambda y: f"{y} year"))),
        transport=tuple(draw(st.lists(transports(indicator), max_size=2))),
        waste_factor=draw(st.one_of(st.none(), st.floats(1.0, 1.3, allow_nan=False))),
    )


@st.composite
def bills(
    draw: st.DrawFn, catalogue: Sequence[Product], *, min_lines: int = 1, max_lines: int = 12
) -> BillOfQuantities:
    """Draw a bill whose lines use products of ``catalogue``.

    Parameters
    ----------
    catalogue
        The products lines may use (not empty).
    min_lines, max_lines
        Bounds on the number of lines.

    Returns
    -------
    SearchStrategy[BillOfQuantities]
        Line ids ``l0``, ``l1``... in order.
    """
    if not catalogue:
        msg = "`catalogue` must hold at least one product"
        raise InvalidArgument(msg)
    n = draw(st.integers(min_lines, max_lines))
    lines = [draw(bill_lines(draw(st.sampled_from(tuple(catalogue))), f"l{i}")) for i in range(n)]
    return BillOfQuantities(draw(_IDS), tuple(lines))


@st.composite
def bills_with_products(
    draw: st.DrawFn,
    *,
    max_products: int = 4,
    max_lines: int = 12,
    service_life: bool | None = None,
) -> tuple[BillOfQuantities, tuple[Product, ...]]:
    """Draw a catalogue of products and a bill using them.

    Parameters
    ----------
    max_products
        Largest number of products (product ids ``p0``, ``p1``...).
    max_lines
        Largest number of bill lines.
    service_life
        As for :func:`products`.

    Returns
    -------
    SearchStrategy[tuple[BillOfQuantities, tuple[Product, ...]]]
    """
    n = draw(st.integers(1, max_products))
    catalogue = tuple(draw(products(f"p{i}", service_life=service_life)) for i in range(n))
    return draw(bills(catalogue, max_lines=max_lines)), catalogue


_CSV_GOOD: Final = {
    "id": ("l1", "l2", " l3", "l4 ", "\u00a0l5", "l6\u2003", "\x1fl7", "l8"),
    "product": ("p0", "p1", " p0", "p1\t", "p\u00e9"),
    "quantity": ("1", "2.5", "1e3", "1E-2", "+.5", "5.", "0", "1_000", " 5", "5 ", "\t7", "00012"),
    "unit": ("m3", "kg", " t", "m^2", "kg ", "M3", "piece", "cu ft"),
    "element": ("", "wall", " wall", "roof  ", "\u2028x"),
    "classification": ("", "21.1", "21.1 "),
    "service_life": ("", "50", "20 year", " 30 a", "60 months"),
    "waste_factor": ("", "1.05", " 1.1", "1"),
    "transport_mode": ("", "truck", " ship"),
    "transport_distance": ("", "40", "120 km"),
    "transport_factor": ("", "0.08", "0.1 kg CO2e/(t*km)"),
    "transport_indicator": ("", "gwp_total"),
}
"""Cells of a CSV bill that read (alone: a leg needs its three cells, an id once)."""
_CSV_BAD: Final = {
    "id": ("", "l1"),
    "product": ("", "\u3000"),
    "quantity": (
        "-1", "nan", "inf", "-Infinity", "1e400", "abc", "1,5", "", ".", "0x10",
        "\u0661\u0662", "1e", "1.7976931348623157e309",
    ),
    "unit": ("bogus", "", "kg/m"),
    "element": (),
    "classification": (),
    "service_life": ("0", "x", "-1", "1e9 kg"),
    "waste_factor": ("0.9", "x", "inf"),
    "transport_mode": (),
    "transport_distance": ("x", "-5"),
    "transport_factor": ("1 kg",),
    "transport_indicator": ("bogus",),
}  # fmt: skip
"""Cells of a CSV bill that do not read."""
_CSV_LEG: Final = (
    "transport_mode",
    "transport_distance",
    "transport_factor",
    "transport_indicator",
)
_CSV_FORBIDDEN: Final = ',;"\r\n\x00'


def _csv_cell(column: str, *, clean: bool) -> st.SearchStrategy[str]:
    good = st.sampled_from(_CSV_GOOD[column])
    if column == "quantity":
        numbers = st.floats(0.0, 1e12, allow_nan=False, allow_infinity=False).map(repr)
        good = st.one_of(good, numbers, numbers.map(lambda r: r.replace("e+", "E")))
    if clean:
        return good
    other = st.text(
        st.characters(codec="utf-8", exclude_characters=_CSV_FORBIDDEN),
        max_size=4,
    )
    if column == "quantity":
        other = st.text("0123456789.eE+-_ ", max_size=6)
    bad = st.sampled_from(_CSV_BAD[column]) if _CSV_BAD[column] else other
    return st.one_of(good, bad, other)


@st.composite
def bill_csv_texts(draw: st.DrawFn, *, max_rows: int = 8) -> str:
    """Draw the text of a CSV bill (``climatelimits.io.bills.CSV_COLUMNS``), good or bad.

    The header has the required columns and some optional ones, in any order, with
    ``,`` or ``;`` between cells; cells are drawn from good and bad values (numbers
    Python reads and ones it does not, units that do not parse, cells with surrounding
    spaces of several kinds, repeated ids, half transport legs...), and now and then a
    row has a cell too many or is blank. No quotes: the text is one a column reader
    and a row reader can both take.

    Parameters
    ----------
    max_rows
        Largest number of rows below the header.

    Returns
    -------
    SearchStrategy[str]
    """
    optional = [c for c in _CSV_GOOD if c not in ("id", "product", "quantity", "unit")]
    chosen = draw(st.lists(st.sampled_from(optional), unique=True))
    columns = draw(st.permutations(["id", "product", "quantity", "unit", *chosen]))
    delimiter = draw(st.sampled_from([",", ";"]))
    rows = [delimiter.join(columns)]
    n = draw(st.integers(1, max_rows))
    odd = draw(st.sampled_from([None] * 8 + list(range(n))))  # a row too wide, or blank
    for row in range(n):
        clean = draw(st.integers(0, 9)) > 0  # mostly good cells, a unique id, a whole leg
        cells = [draw(_csv_cell(column, clean=clean)) for column in columns]
        if clean:
            space = st.sampled_from(
                ["", " ", "\t", "\u00a0", "\u2003", "\x1f", "\x85", "\u3000", "\u200b"]
            )
            cells[columns.index("id")] = f"{draw(space)}l{row}{draw(space)}"
            leg = {c: draw(_csv_cell(c, clean=True)) for c in _CSV_LEG}
            if not all(leg[c] for c in _CSV_LEG[:3]):
                leg = dict.fromkeys(_CSV_LEG, "")
            cells = [leg.get(column, cell) for column, cell in zip(columns, cells, strict=True)]
        shape = draw(st.sampled_from(["wide", "blank"])) if row == odd else "row"
        if shape == "wide":
            cells.append("x")
        rows.append("" if shape == "blank" else delimiter.join(cells))
    return "\n".join(rows) + draw(st.sampled_from(["\n", ""]))
