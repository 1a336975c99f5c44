"""read_stock and write_stock: CSV, Parquet and folders, and their errors."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from climatelimits.buildings import Building, UseCategory
from climatelimits.exceptions import DataFormatError, InvalidInputError
from climatelimits.io import dump_building, read_stock, write_stock
from climatelimits.lifecycle import ModuleSet
from climatelimits.stocks import Stock
from climatelimits.units import registry

ENGINES = pytest.mark.parametrize("engine", ["pyarrow", "python"])

HEADER = "id,use,permit_application,area.dk_reference,gwp_total.A1-A3\n"
GOOD_ROWS = [f"b{i},office,2024-0{i}-01,{100 * i},{1000 * i}\n" for i in range(1, 7)]


@pytest.fixture(params=["pyarrow", "python"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Read CSV with pyarrow, or as without it (the standard-library reader)."""
    if request.param == "python":
        monkeypatch.setitem(sys.modules, "pyarrow.csv", None)
    return str(request.param)


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_in_the_layout_reads_values_zeros_and_not_declared(
    tmp_path: Path, engine: str
) -> None:
    path = _write(
        tmp_path / "stock.csv",
        "id,use,country,completion,reference_study_period,tags,area.se_bta,gwp_ghg.A1-A5\n"
        'a,office,SE,2025-03-01,50,public;timber,1000,"300000"\n'
        "b,multi_family_housing,,,,,2000,0\n"
        "c,office,,,,,1500.5,\n"
        "d,office,,,,,800,ND\n",
        encoding="utf-8-sig",  # with a byte-order mark
    )
    stock = read_stock(path)
    key = ("gwp_ghg", ModuleSet.parse("A1-A5"))
    column = stock.results[key]
    assert stock.ids.tolist() == ["a", "b", "c", "d"]
    assert stock.name == "stock"
    assert column.values.tolist() == [300000.0, 0.0, 0.0, 0.0]
    assert column.declared.tolist() == [True, True, False, False]
    assert column.listed.tolist() == [True, True, False, True]
    assert stock.area("se_bta").tolist() == [1000.0, 2000.0, 1500.5, 800.0]
    assert stock.country.tolist() == ["SE", None, None, None]
    assert str(stock.date("completion")[0]) == "2025-03-01"
    assert np.isnat(stock.date("completion")[1])
    assert stock.reference_study_period[0] == 50.0
    assert np.isnan(stock.reference_study_period[1])
    assert stock.building(0).tags == ("public", "timber")


def test_a_folder_of_building_files_reads_in_name_order(tmp_path: Path) -> None:
    q = registry().Quantity
    for name, area in (("b", 200.0), ("a", 100.0)):
        building = Building(id=name, use="office", areas={"se_bta": q(area, "m^2")})
        dump_building(building, tmp_path / f"{name}.toml")
    (tmp_path / "notes.txt").write_text("not a building", encoding="utf-8")
    stock = read_stock(tmp_path)
    assert stock.ids.tolist() == ["a", "b"]
    assert stock.area("se_bta").tolist() == [100.0, 200.0]
    assert stock.name == tmp_path.name


def test_a_bad_building_file_in_a_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(
        'format = "climatelimits.building/1"\nid = "a"\nuse = "castle"\n', encoding="utf-8"
    )
    with pytest.raises(DataFormatError) as caught:
        read_stock(tmp_path)
    assert str(tmp_path / "a.toml") in str(caught.value)
    assert "use" in str(caught.value)


def test_two_building_files_with_one_id_are_both_named(tmp_path: Path) -> None:
    # The error used to name only the folder ("`ids` must be unique; got 'k3' more than
    # once"), leaving the user to search every file for the id.
    for name in ("b.toml", "a.json", "c.toml"):
        building = Building(id="k3" if name != "a.json" else "k1", use="office")
        dump_building(building, tmp_path / name)
    with pytest.raises(DataFormatError) as caught:
        read_stock(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path}: c.toml repeats the building id 'k3' of b.toml; ids must be unique in a stock"
    )


def test_a_folder_with_a_mapping_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="mapping"):
        read_stock(tmp_path, tmp_path / "m.toml")


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match=r"no \.toml or \.json building file"):
        read_stock(tmp_path)


# -- bad input: one error naming file, row (line) and column --------------------------------
def test_a_bad_date_in_row_7_names_file_row_line_and_column(tmp_path: Path, engine: str) -> None:
    # Row 2 holds a quoted id over two lines, so row 7 starts on line 9.
    rows = list(GOOD_ROWS)
    rows[1] = '"b2\nsecond line",office,2024-02-01,200,2000\n'
    path = _write(tmp_path / "stock.csv", HEADER + "".join(rows) + "b7,office,2024-02-30,700,7\n")
    with pytest.raises(DataFormatError) as caught:
        read_stock(path)
    assert str(caught.value) == (
        f"{path}: row 7 (line 9), column `permit_application` must be a date written "
        "YYYY-MM-DD; got '2024-02-30'"
    )


def test_an_unknown_use_names_row_line_and_column(tmp_path: Path, engine: str) -> None:
    path = _write(tmp_path / "stock.csv", HEADER + "".join(GOOD_ROWS[:2]) + "b3,castle,,1,1\n")
    with pytest.raises(DataFormatError) as caught:
        read_stock(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: row 3 (line 4), column `use` must be a use, one of ")
    assert message.endswith("got 'castle'")


def test_a_negative_area_names_row_line_and_column(tmp_path: Path, engine: str) -> None:
    path = _write(tmp_path / "stock.csv", HEADER + GOOD_ROWS[0] + "b2,office,,-5,1\n")
    with pytest.raises(DataFormatError) as caught:
        read_stock(path)
    assert str(caught.value) == (
        f"{path}: row 2 (line 3), column `area.dk_reference` must be greater than 0 m²; got -5 m²"
    )


def test_an_unknown_column_is_named(tmp_path: Path, engine: str) -> None:
    path = _write(tmp_path / "stock.csv", "id,use,colour\na,office,red\n")
    with pytest.raises(DataFormatError) as caught:
        read_stock(path)
    assert str(caught.value).startswith(
        f"{path}: column `colour` is not part of the stock table layout"
    )


def test_a_decimal_comma_is_named(tmp_path: Path, engine: str) -> None:
    path = _write(tmp_path / "stock.csv", HEADER + 'b1,office,,"1,5",1\n')
    with pytest.raises(DataFormatError, match=r"row 1 \(line 2\), column `area.dk_reference`"):
        read_stock(path)


def test_an_unterminated_quote_names_the_line_it_opens_on(tmp_path: Path, engine: str) -> None:
    path = _write(tmp_path / "stock.csv", HEADER + GOOD_ROWS[0] + 'b2,"office,,1,1\nb3,x\n')
    with pytest.raises(DataFormatError) as caught:
        read_stock(path)
    assert str(caught.value) == (
        f"{path}: line 3: a quoted cell starting on this line is never closed"
    )


def test_a_row_with_too_many_cells_names_the_line(tmp_path: Path, engine: str) -> None:
    path = _write(tmp_path / "stock.csv", HEADER + GOOD_ROWS[0] + "\nb2,office,,1,1,extra\n")
    with pytest.raises(DataFormatError) as caught:
        read_stock(path)
    assert str(caught.value) == f"{path}: line 4: must have 5 cells like the header; got 6"


def test_text_that_is_not_utf8_names_the_line(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "stock.csv"
    path.write_bytes((HEADER + GOOD_ROWS[0]).encode() + b"b\xe52,office,,1,1\n")
    with pytest.raises(DataFormatError, match="line 3: must be text in UTF-8; byte 0xe5"):
        read_stock(path)


def test_a_repeated_header_cell_is_named(tmp_path: Path, engine: str) -> None:
    path = _write(tmp_path / "stock.csv", "id,use,id\na,office,b\n")
    with pytest.raises(DataFormatError, match="line 1: column `id` appears twice"):
        read_stock(path)


def test_an_empty_file_is_refused(tmp_path: Path, engine: str) -> None:
    path = _write(tmp_path / "stock.csv", "")
    with pytest.raises(DataFormatError, match="header row"):
        read_stock(path)


def test_other_suffixes_and_missing_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match=r"\.csv or \.parquet"):
        read_stock(tmp_path / "stock.xlsx")
    with pytest.raises(DataFormatError, match="no such file"):
        read_stock(tmp_path / "missing.csv")


def test_a_parquet_file_names_row_and_column(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table(
        {
            "id": ["a", "b", "c"],
            "use": ["office", "office", "office"],
            "area.se_bta": [10.0, 0.0, 5.0],
        }
    )
    path = tmp_path / "stock.parquet"
    pq.write_table(table, path)
    with pytest.raises(DataFormatError) as caught:
        read_stock(path)
    assert str(caught.value) == (
        f"{path}: row 2, column `area.se_bta` must be greater than 0 m²; got 0 m²"
    )


def test_parquet_text_in_several_row_groups_reads_as_python_text(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    uses = [" office", "row_house\u3000", None, "office"]
    table = pa.table(
        {
            "id": [f"\x85b{i} " for i in range(8)],
            "use": [*(uses * 2)[:7], "\u200boffice"],  # U+200B is no space to str.strip
            "country": ["SE", None, " DK", "SE", "\tSE", None, "DK", ""],
            "gwp_total.A1-A3": [1.0] * 8,
        }
    )
    path = tmp_path / "stock.parquet"
    pq.write_table(table, path, row_group_size=3)  # three chunks, one dictionary each
    with pytest.raises(DataFormatError) as caught:
        read_stock(path)
    assert str(caught.value) == (
        f"{path}: row 3, column `use` must be a use, one of "
        + ", ".join(u.value for u in UseCategory)
        + "; got an empty cell"
    )
    good = table.set_column(1, "use", pa.array(["office", "row_house"] * 4))
    pq.write_table(good, path, row_group_size=3)
    stock = read_stock(path)
    assert stock.ids.tolist() == [f"b{i}" for i in range(8)]
    assert stock.country.tolist() == ["SE", None, "DK", "SE", "SE", None, "DK", None]
    assert [stock.building(i).use.value for i in (0, 7)] == ["office", "row_house"]


def test_a_file_that_is_not_parquet_is_named(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = _write(tmp_path / "stock.parquet", "id,use\n")
    with pytest.raises(DataFormatError, match="not a readable Parquet file"):
        read_stock(path)


# -- writing --------------------------------------------------------------------------------
def test_write_stock_writes_floats_that_read_back_exactly(tmp_path: Path) -> None:
    stock = Stock.from_columns(
        {
            "id": ["a", "b"],
            "use": ["office", "office"],
            "area.se_bta": [0.1 + 0.2, 1000.0],
            "gwp_ghg.A1-A5": [1 / 3, float("nan")],
        }
    )
    path = tmp_path / "out.csv"
    write_stock(stock, path)
    text = path.read_text(encoding="utf-8")
    assert "0.30000000000000004" in text
    assert "0.3333333333333333" in text
    again = read_stock(path)
    assert again.area("se_bta").tolist() == [0.1 + 0.2, 1000.0]
    assert again.results[("gwp_ghg", ModuleSet.parse("A1-A5"))].declared.tolist() == [
        True,
        False,
    ]


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stock = Stock.from_columns({"id": ["a"], "use": ["office"]})
    target = tmp_path / "out.csv"
    target.write_text("old content", encoding="utf-8")

    def disk_full(values: object) -> list[str]:
        raise OSError(28, "No space left on device")

    # The header is written, then the rows fail: the half-written file must not stay.
    monkeypatch.setattr("climatelimits.io.stock_files._column_text", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_stock(stock, target)
    assert target.read_text(encoding="utf-8") == "old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_write_stock_refuses_other_suffixes(tmp_path: Path) -> None:
    stock = Stock.from_columns({"id": ["a"], "use": ["office"]})
    with pytest.raises(DataFormatError, match=r"\.csv or \.parquet"):
        write_stock(stock, tmp_path / "out.xlsx")
    assert list(tmp_path.iterdir()) == []


# -- progress -------------------------------------------------------------------------------
class _Terminal:
    """A stand-in for stderr that says it is a terminal and keeps what is written."""

    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.text = ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("tty", [True, False])
def test_a_progress_bar_is_drawn_only_on_a_terminal(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch, tty: bool
) -> None:
    rows = "".join(f"b{i},office,2024-01-01,{i + 1},{i}\n" for i in range(30000))
    path = _write(tmp_path / "big.csv", HEADER + rows)
    terminal = _Terminal(tty)
    monkeypatch.setattr(sys, "stderr", terminal)
    assert len(read_stock(path, progress=True)) == 30000
    if tty:
        assert terminal.text.startswith("\rreading big.csv [")
        assert terminal.text.endswith("] 100%\n")
    else:
        assert terminal.text == ""


def test_a_progress_bar_counts_building_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(4):
        building = Building(id=f"b{i}", use="office")
        dump_building(building, tmp_path / f"b{i}.toml")
    terminal = _Terminal(tty=True)
    monkeypatch.setattr(sys, "stderr", terminal)
    assert len(read_stock(tmp_path, progress=True)) == 4
    assert terminal.text.count("\rreading") == 4
    assert terminal.text.endswith("[#########################] 100%\n")


def test_an_infinite_parquet_number_is_named_with_its_unit(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"id": ["a"], "use": ["office"], "area.se_bta": [float("-inf")]})
    path = tmp_path / "stock.parquet"
    pq.write_table(table, path)
    with pytest.raises(DataFormatError) as caught:
        read_stock(path)
    assert str(caught.value) == (
        f"{path}: row 1, column `area.se_bta` must be a finite number [m²]; got -inf m²"
    )


@pytest.mark.parametrize(
    ("rows", "where"),
    [
        # Building b is the 4th data row (line 5), after a's two part rows. Its row used to
        # be counted among buildings only ("row 2 (line 3)", a part row of a).
        (
            "a,office,,1,\na,office,p1,1,\na,office,p2,,2\nb,office,,1,2\n",
            "`results` of row 4 (line 5)",
        ),
        # Part p2 (3rd data row, line 4): the error used to be an InvalidInputError naming
        # neither the file nor the table row ("`parts.results` of row 2").
        (
            "a,office,,1,\na,office,p1,1,\na,office,p2,1,2\nb,office,,1,\n",
            "`parts.results` of row 3 (line 4)",
        ),
    ],
)
def test_overlapping_results_name_the_file_and_the_table_row(
    tmp_path: Path, engine: str, rows: str, where: str
) -> None:
    path = _write(tmp_path / "s.csv", "id,use,part,gwp_ghg.A1-A3,gwp_ghg.A3-A5\n" + rows)
    with pytest.raises(DataFormatError) as caught:
        read_stock(path)
    assert str(caught.value) == (
        f"{path}: {where}: gwp_ghg entries must not overlap; got A1-A3 and A3-A5, which share A3"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # 1e309 is beyond the largest float64 (about 1.8e308): it reads as inf, and the
        # message showed numpy's repr of the float (np.float64(inf)), not the cell.
        (
            "id,use,gwp_ghg.A1-A3\na,office,5\nb,office,1e309\n",
            (
                "row 2 (line 3), column `gwp_ghg.A1-A3` must be a finite number [kg CO2e]; "
                "got '1e309'"
            ),
        ),
        # The shares add up to 1; the message used to say they must add up to 1.
        (
            "id,use,use_shares\na,office,office:0.5;office:0.5\n",
            (
                "row 1 (line 2), column `use_shares` must name each use once; got 'office' "
                "twice in 'office:0.5;office:0.5'"
            ),
        ),
        (
            "id,use,part,permit_application\na,office,,2024-01-01\na,office,p,2024-02-01\n",
            (
                "row 2 (line 3), column `permit_application` must be empty on a part row: a part "
                "shares its building's permit_application; got '2024-02-01'"
            ),
        ),
        (
            "id,use,reference_study_period\na,office,50\nb,office,-3\n",
            (
                "row 2 (line 3), column `reference_study_period` must be longer than 0 years; "
                "got -3 a"
            ),
        ),
    ],
)
def test_a_cell_that_breaks_its_rule_is_shown(
    tmp_path: Path, engine: str, text: str, message: str
) -> None:
    # Messages that named the rule but not the value received, or named it wrongly.
    path = _write(tmp_path / "s.csv", text)
    with pytest.raises(DataFormatError) as caught:
        read_stock(path)
    assert str(caught.value) == f"{path}: {message}"
