"""``climatelimits stock check``: every format and exit code."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from climatelimits import catalogue
from climatelimits._cli_stock import CSV_COLUMNS
from climatelimits.io import dump_schedule

Run = Callable[..., tuple[int, str, str]]

# BR18 2023 (dk-br18-2023): 12.0 kg CO2e/m²/a over 50 years on the reference area, for
# buildings above 1000 m² heated floor area. Totals over 50 years:
# a: 10.0 x 2000 m² x 50 a = 1,000,000 -> 10.0, passes; b: 13.0 x 2000 x 50 = 1,300,000 ->
# 13.0, fails; c: 500 m² heated -> not applicable; d: result not declared -> incomplete.
STOCK = (
    "id,use,area.dk_reference,area.dk_heated,reference_study_period,"
    "gwp_total.A1-A3,B4,B6,C3-C4\n"
    "a,office,2000,2000,50,1000000\n"
    "b,office,2000,2000,50,1300000\n"
    "c,office,500,500,50,100000\n"
    "d,multi_family_housing,2000,2000,50,\n"
)


@pytest.fixture
def stock_csv(tmp_path: Path) -> Path:
    path = tmp_path / "stock.csv"
    # The header cell of the result holds commas: it is written quoted.
    text = STOCK.replace("gwp_total.A1-A3,B4,B6,C3-C4", '"gwp_total.A1-A3,B4,B6,C3-C4"')
    path.write_text(text, encoding="utf-8")
    return path


def test_text_prints_counts_and_pass_rates_per_category(run: Run, stock_csv: Path) -> None:
    code, out, err = run(
        "stock", "check", str(stock_csv), "--schedule", "dk-br18-2023", "--on", "2024-01-01"
    )
    assert (code, err) == (0, "")
    assert (
        "Schedule dk-br18-2023, on 2024-01-01: 4 buildings; 1 pass every limit, 1 fail one, "
        "2 get no verdict."
    ) in out
    cells = [line.split() for line in out.splitlines() if len(line.split()) > 2]
    rows = {f"{c[0]} {c[1]}": c for c in cells}
    # pass, fail, incomplete, not_applicable, exempt, pass rate
    assert rows["all rows"][2:] == ["1", "1", "1", "1", "0", "50.0", "%"]
    assert rows["category any"][2:] == ["1", "1", "1", "0", "0", "50.0", "%"]
    assert rows["category none"][2:] == ["0", "0", "0", "1", "0", "-"]


def test_json_has_the_summary_keys(run: Run, stock_csv: Path) -> None:
    code, out, _ = run(
        "stock", "check", str(stock_csv), "--schedule", "dk-br18-2023",
        "--on", "2024-01-01", "--format", "json",
    )  # fmt: skip
    assert code == 0
    document = json.loads(out)
    assert document["schedule"] == "dk-br18-2023"
    assert document["on"] == "2024-01-01"
    assert document["buildings"] == 4
    assert document["status_counts"] == {
        "pass": 1,
        "fail": 1,
        "not_applicable": 1,
        "exempt": 0,
        "incomplete": 1,
        "disclosed": 0,
    }
    assert document["pass_rate"] == 0.5
    assert document["by_category"]["any"] == {
        "status_counts": {
            "pass": 1,
            "fail": 1,
            "not_applicable": 0,
            "exempt": 0,
            "incomplete": 1,
            "disclosed": 0,
        },
        "pass_rate": 0.5,
    }


def test_json_lists_one_summary_per_schedule(run: Run, stock_csv: Path) -> None:
    code, out, _ = run(
        "stock", "check", str(stock_csv), "--schedule", "dk-br18-2023",
        "--schedule", "dk-br18-2025", "--on", "2024-01-01", "--format", "json",
    )  # fmt: skip
    assert code == 0
    document = json.loads(out)
    assert [d["schedule"] for d in document] == ["dk-br18-2023", "dk-br18-2025"]
    # On 2024-01-01 the 2025 rules are not yet in force.
    assert document[1]["status_counts"]["pass"] + document[1]["status_counts"]["fail"] == 0


def test_csv_has_one_row_per_building_and_limit(run: Run, stock_csv: Path) -> None:
    code, out, _ = run(
        "stock", "check", str(stock_csv), "--schedule", "dk-br18-2023",
        "--on", "2024-01-01", "--format", "csv",
    )  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [(r["id"], r["status"]) for r in rows] == [
        ("a", "pass"),
        ("b", "fail"),
        ("c", "not_applicable"),
        ("d", "incomplete"),
    ]
    assert rows[0]["limit"] == "12.0"
    assert rows[0]["value"] == "10.0"
    assert rows[1]["margin"] == "-1.0"
    assert rows[0]["unit"] == "kg CO2e/m²/a"
    assert rows[0]["effective_from"] == "2023-01-01"
    assert rows[2]["value"] == ""
    assert "1000 m²" in rows[2]["reason"]


def test_output_file_is_written_whole(run: Run, stock_csv: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "verdicts.csv"
    target.parent.mkdir()
    code, out, err = run(
        "stock", "check", str(stock_csv), "--schedule", "dk-br18-2023",
        "--on", "2024-01-01", "--format", "csv", "-o", str(target),
    )  # fmt: skip
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8").splitlines()[0] == ",".join(CSV_COLUMNS)
    assert [p.name for p in target.parent.iterdir()] == ["verdicts.csv"]


def test_a_mapping_reads_another_table(run: Run, tmp_path: Path) -> None:
    table = tmp_path / "register.csv"
    table.write_text(
        "Name,Kind,Area,Per m2 and year\nx,Kontor,2000,10\ny,Kontor,2000,13\n", encoding="utf-8"
    )
    mapping = tmp_path / "register.toml"
    mapping.write_text(
        'format = "climatelimits.stock-mapping/1"\n'
        '[columns]\nid = "Name"\n[constants]\nreference_study_period = 50\n'
        '[values.use]\ncolumn = "Kind"\nmap = { Kontor = "office" }\n'
        '[[areas]]\ncolumn = "Area"\narea = "dk_reference"\n'
        '[[areas]]\ncolumn = "Area"\narea = "dk_heated"\n'
        '[[results]]\ncolumn = "Per m2 and year"\nindicator = "gwp_total"\n'
        'modules = "A1-A3,B4,B6,C3-C4"\nunit = "kg CO2e/m^2/a"\nper_area = "Area"\n'
        "per_period = 50\n",
        encoding="utf-8",
    )
    code, out, _ = run(
        "stock", "check", str(table), "--mapping", str(mapping),
        "--schedule", "dk-br18-2023", "--on", "2024-01-01", "--format", "json",
    )  # fmt: skip
    assert code == 0
    document = json.loads(out)
    assert document["status_counts"]["pass"] == 1
    assert document["status_counts"]["fail"] == 1


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    run: Run, tmp_path: Path, fmt: str
) -> None:
    rows = [f"b{i},office,100,100,50,1\n" for i in range(1, 7)] + ["b7,castle,100,100,50,1\n"]
    path = tmp_path / "stock.csv"
    path.write_text(
        "id,use,area.dk_reference,area.dk_heated,reference_study_period,gwp_total.A1-A3\n"
        + "".join(rows),
        encoding="utf-8",
    )
    target = tmp_path / "out" / "result.txt"
    target.parent.mkdir()
    code, out, err = run(
        "stock", "check", str(path), "--schedule", "dk-br18-2023",
        "--format", fmt, "-o", str(target),
    )  # fmt: skip
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"climatelimits: error: {path}: row 7 (line 8), column `use` ")
    assert list(target.parent.iterdir()) == []


def test_an_unknown_schedule_exits_2(run: Run, stock_csv: Path) -> None:
    code, out, err = run("stock", "check", str(stock_csv), "--schedule", "xx-nothing")
    assert (code, out) == (2, "")
    assert "xx-nothing" in err


def test_a_bad_date_and_a_missing_schedule_are_usage_errors(run: Run, stock_csv: Path) -> None:
    code, _, err = run(
        "stock", "check", str(stock_csv), "--schedule", "dk-br18-2023", "--on", "2024-02-30"
    )
    assert code == 2
    assert "--on must be a date YYYY-MM-DD; got '2024-02-30'" in err
    code, _, err = run("stock", "check", str(stock_csv))
    assert code == 2
    assert "--schedule" in err


def test_a_folder_of_building_files(run: Run, tmp_path: Path, examples_dir: Path) -> None:
    folder = tmp_path / "buildings"
    folder.mkdir()
    text = (examples_dir / "oceanhamnen-k3.toml").read_text(encoding="utf-8")
    (folder / "k3.toml").write_text(text, encoding="utf-8")
    single_code, single_out, _ = run(
        "check", str(folder / "k3.toml"), "--schedule",
        str(examples_dir / "example-tightening.toml"), "--format", "json",
    )  # fmt: skip
    code, out, _ = run(
        "stock", "check", str(folder), "--schedule",
        str(examples_dir / "example-tightening.toml"), "--format", "json",
    )  # fmt: skip
    assert code == 0
    document = json.loads(out)
    assert document["buildings"] == 1
    # The single check fails this building (exit 1): the stock counts one fail.
    assert single_code == 1
    assert json.loads(single_out)["passed"] is False
    assert document["status_counts"]["fail"] == 1
    assert document["pass_rate"] == 0.0


@pytest.mark.parametrize("which", ["stock", "mapping", "schedule"])
def test_output_never_overwrites_an_input(run: Run, tmp_path: Path, which: str) -> None:
    # README: "An output file (-o) is written whole or not at all, and never over one of
    # the command's inputs." The stock, the mapping and a schedule file are inputs.
    table = tmp_path / "register.csv"
    table.write_text("Name,Kind\nx,Kontor\n", encoding="utf-8")
    mapping = tmp_path / "register.toml"
    mapping.write_text(
        'format = "climatelimits.stock-mapping/1"\n[columns]\nid = "Name"\n'
        '[values.use]\ncolumn = "Kind"\nmap = { Kontor = "office" }\n',
        encoding="utf-8",
    )
    schedule = tmp_path / "schedule.toml"
    dump_schedule(catalogue.get("dk-br18-2023"), schedule)
    inputs = {"stock": table, "mapping": mapping, "schedule": schedule}
    before = {p: p.read_bytes() for p in inputs.values()}
    code, out, err = run(
        "stock", "check", str(table), "--mapping", str(mapping),
        "--schedule", str(schedule),
        "--format", "csv", "-o", str(inputs[which]),
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err == (
        f"climatelimits: error: {inputs[which]}: is one of the input files and would be "
        "overwritten; choose another\n"
    )
    assert {p: p.read_bytes() for p in inputs.values()} == before


def test_text_shows_the_rows_a_disclosure_schedule_discloses(run: Run, tmp_path: Path) -> None:
    # se-klimatdeklaration-2022 sets no limit: a building above its 100 m² BTA exemption
    # with its gwp_ghg A1-A5 declared is "disclosed", and the table must count it.
    path = tmp_path / "stock.csv"
    path.write_text(
        "id,use,permit_application,area.se_bta,gwp_ghg.A1-A5\n"
        "a,office,2024-06-01,1000,300000\n"
        "b,office,2024-06-01,50,10000\n",
        encoding="utf-8",
    )
    code, out, err = run("stock", "check", str(path), "--schedule", "se-klimatdeklaration-2022")
    assert (code, err) == (0, "")
    header = next(line for line in out.splitlines() if "pass rate" in line and "fail" in line)
    assert header.split() == [
        "pass", "fail", "incomplete", "not_applicable", "exempt", "disclosed", "pass", "rate"
    ]  # fmt: skip
    cells = {
        " ".join(line.split()[:2]): line.split()[2:]
        for line in out.splitlines()
        if line.startswith(("all rows", "category"))
    }
    assert cells["all rows"] == ["0", "0", "0", "0", "1", "1", "-"]


def test_csv_names_the_part_of_each_row(run: Run, tmp_path: Path) -> None:
    # fi-2026 judges each part of a mixed-use building against the limit of its use: two
    # rows with the same id and limit. docs/how-to/dask.md lists the CSV columns as
    # "id, part, schedule, ..."; the part was missing, so the rows could not be told apart.
    path = tmp_path / "mixed.csv"
    path.write_text(
        "id,use,part,use_shares,permit_application,reference_study_period,"
        "area.fi_heated_net,gwp_total.A1-A5\n"
        "m,multi_family_housing,,multi_family_housing:0.8;retail:0.2,2026-03-01,50,,\n"
        "m,multi_family_housing,flats,,,,800,100000\n"
        "m,retail,shop,,,,200,50000\n"
        "s,office,,,2026-03-01,50,1000,\n",
        encoding="utf-8",
    )
    code, out, err = run("stock", "check", str(path), "--schedule", "fi-2026", "--format", "csv")
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:3] == ["id", "part", "schedule"]
    assert [(r["id"], r["part"], r["category"]) for r in rows] == [
        ("m", "flats", "multi_family_housing"),
        ("m", "shop", "retail"),
        ("s", "", "office"),
    ]


def test_a_value_beyond_a_float_exits_2_naming_the_file_and_building(
    run: Run, tmp_path: Path
) -> None:
    # 1e308 + 1e308 overflows: the run used to print "inf" verdicts, and --plot crashed
    # with exit code 4 (an internal error).
    path = tmp_path / "stock.csv"
    path.write_text(
        "id,use,area.dk_reference,area.dk_heated,reference_study_period,"
        "gwp_total.A1-A3,gwp_total.B4,gwp_total.B6,gwp_total.C3-C4\n"
        "b,office,2000,2000,50,1000000,0,0,0\n"
        "a,office,2000,2000,50,1e308,1e308,0,0\n",
        encoding="utf-8",
    )
    code, out, err = run(
        "stock", "check", str(path), "--schedule", "dk-br18-2023", "--on", "2024-01-01"
    )
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"climatelimits: error: {path}: `results` of building 'a': ")
