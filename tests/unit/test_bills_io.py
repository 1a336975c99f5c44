"""Bill and product files: TOML, JSON, CSV; every problem with the file and its place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from climatelimits.exceptions import (
    DataFormatError,
    InvalidInputError,
    MissingOptionalDependencyError,
)
from climatelimits.io import _bill_csv_columns as csv_columns
from climatelimits.io import bills
from climatelimits.io._arrow_text import PYTHON_WHITESPACE
from climatelimits.io.bills import (
    BILL_FORMAT,
    CSV_COLUMNS,
    PRODUCTS_FORMAT,
    dump_bill,
    dump_products,
    dumps_bill,
    dumps_products,
    load_bill,
    load_products,
    loads_bill,
    loads_products,
)
from climatelimits.products import DataType, Product, Scenario, Standard
from climatelimits.quantities import BillLine, BillOfQuantities, Transport
from climatelimits.results import NOT_DECLARED, IndicatorResults
from climatelimits.units import registry

Q = registry().Quantity
U = registry().Unit

BILL_TOML = """
format = "climatelimits.bill/1"
id = "k3"
name = "Test"

[[lines]]
id = "slab"
product = "concrete"
quantity = "23.6 m^3"
element = "floors"
classification = "(23)"
service_life = "100 year"
waste_factor = 1.03
transport = [{ distance = "50 km", mode = "truck", factor = "0.08 kg CO2e/(t*km)" }]

[[lines]]
id = "panel"
product = "wood"
quantity = "10 m^2"
scenario = { "C3-C4" = "incineration" }
properties = { area_mass = "1.38696 kg/m^2" }
"""

CSV_TEXT = (
    "id,product,quantity,unit,element,service_life,waste_factor,transport_mode,"
    "transport_distance,transport_factor\n"
    "slab,concrete,23.6,m3,floors,100,1.03,truck,50,0.08\n"
    "beams,steel,2.25,m^3,frame,60 a,,,,\n"
)


def gwp(values: dict[str, object]) -> dict[str, IndicatorResults]:
    return {"gwp_total": IndicatorResults.from_mapping("gwp_total", values, unit="kg CO2e")}


def wood() -> Product:
    return Product(
        "wood",
        "Wood panel",
        "1 kg",
        gwp({"A1-A3": 15.56, "C3": 12.56, "C4": 16.86, "B1": NOT_DECLARED}),
        properties={"area_mass": "1.38696 kg/m^2"},
        scenarios=[
            Scenario(
                "recycling", "100% recycling", "C3-C4", True, gwp({"C3": 12.56, "C4": 16.86})
            ),
            Scenario(
                "incineration", "100% incineration", "C3-C4", False, gwp({"C3": 29.8, "C4": 37.3})
            ),
        ],
        data_type="specific",
        standard="EN 15804+A2",
        valid_from="2019-01-01",
        valid_until="2024-01-01",
        reference_service_life="40 year",
        source="sample_data/processes/EPDv1.3_example.xml",
    )


# -- bills --------------------------------------------------------------------------------
class TestBillToml:
    def test_reads_every_field(self) -> None:
        bill = loads_bill(BILL_TOML)
        slab, panel = bill.lines
        assert bill.id == "k3"
        assert bill.name == "Test"
        assert slab.quantity == Q(23.6, "m^3")
        assert slab.service_life == Q(100.0, "year")
        assert slab.waste_factor == 1.03
        assert slab.transport == (Transport("50 km", "truck", "0.08 kg CO2e/(t*km)"),)
        assert dict(panel.scenario) == {"C3-C4": "incineration"}
        assert panel.properties["area_mass"] == Q(1.38696, "kg/m^2")

    @pytest.mark.parametrize("kind", ["toml", "json", "csv"])
    def test_round_trip(self, kind: str) -> None:
        bill = loads_bill(BILL_TOML)
        if kind == "csv":
            bill = BillOfQuantities("k3", bill.lines[:1])
        assert loads_bill(dumps_bill(bill, format=kind), format=kind, source="k3.csv") == bill

    def test_files_by_suffix(self, tmp_path: Path) -> None:
        bill = loads_bill(BILL_TOML)
        for name in ("k3.toml", "k3.json"):
            dump_bill(bill, tmp_path / name)
            assert load_bill(tmp_path / name) == bill
        with pytest.raises(DataFormatError, match=r"must end in \.toml or \.json or \.csv"):
            load_bill(tmp_path / "k3.yaml")

    def test_every_problem_is_reported_with_its_path(self) -> None:
        text = """
format = "climatelimits.bill/1"
id = "k3"
[[lines]]
id = "a"
product = "concrete"
quantity = 23.6
[[lines]]
id = "b"
product = "concrete"
quantity = "1 m^3"
waste_factor = "5 %"
colour = "red"
"""
        with pytest.raises(DataFormatError) as info:
            loads_bill(text, source="k3.toml")
        assert info.value.source == "k3.toml"
        assert info.value.problems == (
            (
                '`lines[0].quantity` must be a number with its unit as text, e.g. "23.6 year" or '
                '"23.6 m^2"; got the bare number 23.6'
            ),
            "`lines[1].waste_factor` must be a number; got '5 %'",
            "`lines[1]` has unknown keys: colour (check the spelling)",
        )

    def test_value_rule_is_reported_with_its_path(self) -> None:
        text = BILL_TOML.replace("waste_factor = 1.03", "waste_factor = 0.97")
        with pytest.raises(DataFormatError) as info:
            loads_bill(text, source="k3.toml")
        assert info.value.problems == (
            (
                "`lines[0].waste_factor` must be a finite number of at least 1 "
                "(1.05 = 5 % waste); got 0.97"
            ),
        )

    def test_format_tag_is_required(self) -> None:
        with pytest.raises(
            DataFormatError, match=f"start the document with format = '{BILL_FORMAT}'"
        ):
            loads_bill('id = "k3"\nlines = []\n')

    def test_json_syntax_error_names_line_and_column(self) -> None:
        with pytest.raises(DataFormatError, match="not valid JSON at line 1, column 2"):
            loads_bill("{]", format="json")


class TestBillCsv:
    def test_reads_the_documented_layout(self) -> None:
        bill = loads_bill(CSV_TEXT, format="csv", source="project/k3.csv")
        slab, beams = bill.lines
        assert bill.id == "k3"
        assert slab.quantity == Q(23.6, "m^3")
        assert slab.service_life == Q(100.0, "year")
        assert slab.transport == (Transport("50 km", "truck", "0.08 kg CO2e/(t*km)"),)
        assert beams.service_life == Q(60.0, "year")
        assert beams.transport == ()
        assert beams.waste_factor is None

    def test_semicolons_and_bom(self, tmp_path: Path) -> None:
        path = tmp_path / "b2.csv"
        path.write_text("\ufeffid;product;quantity;unit\nl1;steel;2.5;t\n", encoding="utf-8")
        bill = load_bill(path)
        assert bill.id == "b2"
        assert bill.lines[0].quantity == Q(2.5, "t")

    def test_every_problem_names_line_and_column(self) -> None:
        text = (
            "id,product,quantity,unit,waste_factor,transport_mode,transport_distance,"
            "transport_factor\n"
            "l0,steel,2,5,kg,,,,\n"
            'l2,steel,"2,5",kg,,,,\n'
            "l3,steel,-2,kg,0.9,,,\n"
            "l4,steel,1,kg,,ship,,\n"
            "l5,steel,1,kgg,,,,\n"
            "l6,,1,kg,,,,\n"
            "l7,steel,1,kg,,,,\n"
            "l7,steel,1,t,,,,\n"
        )
        with pytest.raises(DataFormatError) as info:
            loads_bill(text, format="csv", source="k3.csv")
        assert info.value.problems == (
            "line 2: has more cells than the header has columns",
            "line 3, column quantity: must be a number (write decimals with a point); got '2,5'",
            "line 4, column quantity: must not be negative; got -2 kg",
            (
                "line 5, column transport_mode: a transport leg also needs transport_distance, "
                "transport_factor"
            ),
            (
                "line 6, column unit: must be a unit such as 'kg CO2e' or 'm^2'; got 'kgg' "
                "('kgg' is not defined in the unit registry)"
            ),
            "line 7, column product: is required but empty",
            "line 9, column id: must be unique; 'l7' is already used on line 8",
        )

    def test_header_problems(self) -> None:
        with pytest.raises(DataFormatError) as info:
            loads_bill("id,product,amount\n", format="csv", source="k3.csv")
        assert info.value.problems == (
            f"line 1: unknown columns 'amount' (known: {', '.join(CSV_COLUMNS)})",
            "line 1: required columns missing: quantity, unit",
        )

    def test_empty_file(self) -> None:
        with pytest.raises(DataFormatError, match="is empty: a header row"):
            loads_bill("", format="csv")

    @staticmethod
    def _large_csv(lines: int) -> str:
        header = (
            "id,product,quantity,unit,element,service_life,waste_factor,transport_mode,"
            "transport_distance,transport_factor"
        )
        rows = [header]
        for j in range(lines):
            rows.append(
                f"l{j},p{j % 7},{j * 0.37 + 0.1!r},{('m3', 'kg', 't', 'm^2')[j % 4]},"
                f"wall {j % 13},{('', '50', ' 20 year')[j % 3]},{('', '1.05')[j % 2]},"
                f"{('', 'truck')[j % 2]},{('', '40')[j % 2]},{('', '0.08')[j % 2]}"
            )
        return "\n".join(rows) + "\n"

    def test_a_large_file_is_read_by_pyarrow_into_the_same_bill(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        pytest.importorskip("pyarrow.csv")
        text = self._large_csv(25_000)
        assert len(text) >= bills._ARROW_MIN_CHARS
        path = tmp_path / "big.csv"
        path.write_text(text, encoding="utf-8")
        tokenized: list[bool] = []

        def arrow_cells(*args: object) -> object:
            cells = csv_columns.arrow_cells(*args)  # type: ignore[arg-type]
            tokenized.append(cells is not None)
            return cells

        monkeypatch.setattr(bills, "arrow_cells", arrow_cells)
        bill = load_bill(path)
        assert tokenized == [True]
        assert bill == bills._bill_from_csv(text, str(path), "big", arrow=False)
        assert bill.columns.units == (U("m^3"), U("kg"), U("t"), U("m^2"))
        line = bill.lines[24_998]  # j = 24998: t, service life " 20 year", no leg, no waste
        assert line.quantity == Q(24_998 * 0.37 + 0.1, "t")
        assert line.service_life == Q(20.0, "year")
        assert (line.transport, line.waste_factor, line.element) == ((), None, "wall 12")
        line = bill.lines[24_999]  # j = 24999: m^2, no service life, a leg, waste 1.05
        assert line.quantity == Q(24_999 * 0.37 + 0.1, "m^2")
        assert line.service_life is None
        assert line.transport == (Transport("40 km", "truck", "0.08 kg CO2e/(t*km)"),)
        assert line.waste_factor == 1.05

    def test_a_large_file_names_a_bad_cell_as_the_standard_library_does(self) -> None:
        pytest.importorskip("pyarrow.csv")
        text = self._large_csv(25_000).replace("\nl15000,p6,", "\nl15000,p6, ")
        text = text.replace("\nl15001,p0,5550.47,kg,", "\nl15001,p0,5550.47,kgg,")
        assert "l15000,p6, " in text
        assert "kgg" in text
        message = (
            "line 15003, column unit: must be a unit such as 'kg CO2e' or 'm^2'; got 'kgg' "
            "('kgg' is not defined in the unit registry)"
        )
        for arrow in (True, False):
            with pytest.raises(DataFormatError) as info:
                bills._bill_from_csv(text, "big.csv", "big", arrow=arrow)
            assert info.value.problems == (message,)

    def test_without_pyarrow_a_large_file_reads_the_same(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        text = self._large_csv(25_000)

        def missing(module: str, extra: str) -> object:
            raise MissingOptionalDependencyError(module, f"pyarrow (climatelimits[{extra}])")

        monkeypatch.setattr(csv_columns, "import_optional", missing)
        assert csv_columns.arrow_cells(text, ",", text.split("\n", 1)[0].split(",")) is None
        bill = loads_bill(text, format="csv", source="big.csv")
        assert len(bill.lines) == 25_000
        assert bill.lines[24_999].quantity == Q(24_999 * 0.37 + 0.1, "m^2")

    def test_arrow_trims_ids_of_what_str_strip_takes_off(self) -> None:
        every = {chr(c) for c in range(0x110000) if chr(c).isspace()}
        assert set(PYTHON_WHITESPACE) == every
        assert len(PYTHON_WHITESPACE) == len(every)

    def test_a_large_file_with_padded_ids_reads_as_without_pyarrow(self) -> None:
        pytest.importorskip("pyarrow.csv")
        pads = ("\u3000", "\x85", "\x1c", " \t", "\u200b")  # U+200B is no space to Python
        lines = self._large_csv(25_000).split("\n")
        lines[1:-1] = [f"{pads[j % 5]}{row}{pads[j % 3]}" for j, row in enumerate(lines[1:-1])]
        text = "\n".join(lines)
        header = lines[0].split(",")
        assert csv_columns.arrow_cells(text, ",", header) is not None
        by_arrow = bills._bill_from_csv_columns(text, ",", header, "big", arrow=True)
        assert by_arrow is not None
        assert by_arrow == bills._bill_from_csv(text, "big.csv", "big", arrow=False)
        assert by_arrow.columns.ids[:5] == ("l0", "l1", "l2", "l3", "\u200bl4")

    def test_csv_cannot_hold_scenarios(self) -> None:
        with pytest.raises(InvalidInputError, match="cannot be written to CSV"):
            dumps_bill(loads_bill(BILL_TOML), format="csv")


# -- products -----------------------------------------------------------------------------
class TestProducts:
    @pytest.mark.parametrize("kind", ["toml", "json"])
    def test_round_trip(self, kind: str) -> None:
        products = (wood(),)
        assert loads_products(dumps_products(products, format=kind), format=kind) == products

    def test_reads_the_documented_layout(self) -> None:
        text = """
format = "climatelimits.products/1"
[[products]]
id = "#B1477"
name = "Fabriksbeton C30/37"
declared_unit = "1 m^3"
data_type = "industry_average"
standard = "EN 15804+A1"
properties = { mass_per_declared_unit = "2255 kg/m^3" }
impacts.gwp = { unit = "kg CO2e", "A1-A3" = 282, C3 = 6.72, C4 = 4.97, D = -4.6 }
"""
        (p,) = loads_products(text)
        assert p.id == "#B1477"
        assert p.data_type is DataType.INDUSTRY_AVERAGE
        assert p.standard is Standard.EN15804_A1
        assert p.impacts["gwp"].to_mapping() == {"A1-A3": 282.0, "C3": 6.72, "C4": 4.97, "D": -4.6}

    def test_problems_name_their_path(self) -> None:
        text = """
format = "climatelimits.products/1"
[[products]]
id = "a"
name = "A"
declared_unit = "1 m^3"
impacts.gwp = { unit = "kg CO2e", "A1-A3" = "282 kg" }
[[products]]
id = "a"
name = "B"
declared_unit = "1 kg"
impacts = {}
data_type = "average"
"""
        with pytest.raises(DataFormatError) as info:
            loads_products(text, source="p.toml")
        assert info.value.problems == (
            (
                "`products[0].impacts.gwp.A1-A3` must be in a unit of [mass] * [co2e] such as "
                "'kg CO2e'; got 282 kg ([mass])"
            ),
            (
                "`products[1].data_type` must be one of 'specific', 'industry_average', "
                "'generic'; got 'average'"
            ),
        )

    def test_duplicate_ids(self) -> None:
        text = dumps_products([wood()]).replace("[[products]]", "[[products]]", 1)
        document = json.loads(dumps_products([wood(), wood()], format="json"))
        assert document["format"] == PRODUCTS_FORMAT
        with pytest.raises(DataFormatError, match=r"`products\[1\].id` must be unique"):
            loads_products(json.dumps(document), format="json")
        assert loads_products(text) == (wood(),)

    def test_load_products_reads_our_files(self, tmp_path: Path) -> None:
        for name in ("p.toml", "p.json"):
            dump_products([wood()], tmp_path / name)
            assert load_products(tmp_path / name) == (wood(),)


class TestLoadProductsDispatch:
    """load_products tells the formats apart by content and calls the installed readers."""

    @pytest.fixture
    def readers(self, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Path]]:
        calls: list[tuple[str, Path]] = []
        for name in ("read_ilcd", "read_openepd"):

            def read(path: Path, _name: str = name, **options: object) -> Product:
                calls.append((_name, Path(path)))
                return wood()

            monkeypatch.setattr(bills, name, read)
        return calls

    @pytest.mark.parametrize(
        ("text", "reader"),
        [
            ('<?xml version="1.0"?>\n<processDataSet/>', "read_ilcd"),
            ('{"processInformation": {}, "exchanges": {}}', "read_ilcd"),
            ('{"doctype": "OpenEPD", "declared_unit": {"qty": 1, "unit": "m2"}}', "read_openepd"),
        ],
    )
    def test_dispatch(
        self, tmp_path: Path, readers: list[tuple[str, Path]], text: str, reader: str
    ) -> None:
        path = tmp_path / "dataset.json"
        path.write_text(text, encoding="utf-8")
        assert load_products(path) == (wood(),)
        assert readers == [(reader, path)]


def test_bill_lines_use_the_products(tmp_path: Path) -> None:
    bill = BillOfQuantities("b", [BillLine("l1", "wood", "10 m^2")])
    dump_bill(bill, tmp_path / "b.csv")
    assert load_bill(tmp_path / "b.csv") == bill
