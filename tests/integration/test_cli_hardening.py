"""The command line under hostile conditions (issue 10, items 4, 7, 10, 13, 17; exit 4)."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

import climatelimits as cl
from climatelimits import _cli_support
from climatelimits.cli import main
from climatelimits.units import as_quantity

Run = Callable[..., tuple[int, str, str]]
T6 = Path("openepd") / "openepd_example_ratio_desk_EC3BFRKG.json"


def _calculate(examples_dir: Path, *extra: str) -> list[str]:
    return [
        "calculate",
        str(examples_dir / "bill-k3.toml"),
        "--products",
        str(examples_dir / "products-generic.toml"),
        *extra,
    ]


def test_an_existing_output_survives_a_write_that_fails_after_opening(
    run: Run, examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "b.toml"
    target.write_text("good\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    code, _, err = run(*_calculate(examples_dir, "-o", str(target), "--use", "office"))
    assert code == 2
    assert err == f"climatelimits: error: {target}: cannot be written: No space left on device\n"
    assert target.read_text(encoding="utf-8") == "good\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.toml"]  # no temporary left


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        ("missing/b.toml", "cannot be written: no folder"),
        ("folder.toml", "cannot be written: it is a folder"),
    ],
)
def test_an_output_that_cannot_be_written_is_one_line(
    run: Run, examples_dir: Path, tmp_path: Path, output: str, reason: str
) -> None:
    (tmp_path / "folder.toml").mkdir()
    target = tmp_path / output
    code, _out, err = run(*_calculate(examples_dir, "-o", str(target), "--use", "office"))
    assert code == 2
    assert err.startswith(f"climatelimits: error: {target}: {reason}")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_a_read_only_folder_is_one_line(
    run: Run, examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refused)  # as in a read-only folder
    target = tmp_path / "b.toml"
    code, _, err = run(*_calculate(examples_dir, "-o", str(target), "--use", "office"))
    assert code == 2
    assert err == f"climatelimits: error: {target}: cannot be written: Permission denied\n"
    assert not target.exists()


def test_output_naming_an_input_is_refused_and_the_input_kept(
    run: Run, examples_dir: Path, tmp_path: Path
) -> None:
    bill = tmp_path / "bill.toml"
    bill.write_bytes((examples_dir / "bill-k3.toml").read_bytes())
    products = str(examples_dir / "products-generic.toml")
    code, _, err = run(
        "calculate", str(bill), "--products", products, "-o", str(bill), "--use", "office"
    )
    assert code == 2
    assert "is one of the input files and would be overwritten" in err
    assert bill.read_bytes() == (examples_dir / "bill-k3.toml").read_bytes()


def test_import_lcax_refuses_to_overwrite_its_project(
    run: Run, fixtures_dir: Path, tmp_path: Path
) -> None:
    project = tmp_path / "p.json"
    source = fixtures_dir / "lcax" / "lcax_json" / "lcax_project_steel_conversion.json"
    project.write_bytes(source.read_bytes())
    code, _, err = run("import", "lcax", str(project), "-o", str(project))
    assert code == 2
    assert err == (
        f"climatelimits: error: {project}: is one of the input files and would be "
        "overwritten; choose another\n"
    )
    assert project.read_bytes() == source.read_bytes()


def test_an_internal_error_exits_4_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], examples_dir: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        msg = "boom"
        raise ZeroDivisionError(msg)

    # the command imports check when it runs: patch it where it is defined
    monkeypatch.setattr("climatelimits.evaluation.check", broken)
    argv = [
        "check",
        str(examples_dir / "oceanhamnen-k3.toml"),
        "--schedule",
        "se-boverket-2023-proposal",
    ]
    assert main(argv) == 4
    err = capsys.readouterr().err
    assert err.startswith("climatelimits: internal error: ZeroDivisionError: boom (")
    assert "please report it" in err
    assert "Traceback" not in err
    assert main([*argv, "--debug"]) == 4
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert err.rstrip().endswith("please report it at " + _cli_support.REPORT_URL + ")")


def test_ansi_escapes_in_an_id_are_not_sent_to_the_terminal(run: Run, tmp_path: Path) -> None:
    building = tmp_path / "b.json"
    document = {
        "format": "climatelimits.building/1",
        "id": "b\u001b[2J\u009b31m",
        "use": "office",
    }
    building.write_text(json.dumps(document), encoding="utf-8")
    code, out, _ = run("check", str(building), "--schedule", "se-boverket-2023-proposal")
    assert code == 3
    assert "\u001b" not in out
    assert "\u009b" not in out
    assert "b\\u001b[2J\\u009b31m" in out
    code, out, _ = run(
        "check", str(building), "--schedule", "se-boverket-2023-proposal", "--format", "json"
    )
    assert json.loads(out)["building"] == document["id"]  # the escapes are JSON's own


def test_calculation_errors_name_the_bill_file_and_print_no_warnings(
    run: Run, examples_dir: Path, tmp_path: Path
) -> None:
    bill = tmp_path / "huge.toml"
    text = (examples_dir / "bill-k3.toml").read_text(encoding="utf-8")
    bill.write_text(text.replace('quantity = "120 m^3"', 'quantity = "1e308 m^3"'), "utf-8")
    products = str(examples_dir / "products-generic.toml")
    code, out, err = run("calculate", str(bill), "--products", products)
    assert (code, out) == (2, "")
    assert err == (
        f"climatelimits: error: {bill}: bill 'k3': gwp A1-A3 must be a finite number; lines "
        "'foundations' give more than the largest float (1.798e+308 kg CO2e): check their "
        "quantities and their products' values\n"
    )


def test_a_huge_study_period_is_a_clean_error(run: Run, examples_dir: Path) -> None:
    code, _, err = run(*_calculate(examples_dir, "--study-period", "1e308"))
    assert code == 2
    assert "np.float64" not in err
    assert "9.223372036854776e+18" not in err
    assert err.count("\n") == 1


def test_calculate_o_takes_the_bill_id(run: Run, examples_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "b.toml"
    code, _, _ = run(*_calculate(examples_dir, "-o", str(target), "--use", "office"))
    assert code == 0
    assert cl.load_building(target).id == "k3"


def test_calculate_method_chooses_the_openepd_method(
    run: Run, fixtures_dir: Path, tmp_path: Path
) -> None:
    bill = tmp_path / "desk.toml"
    bill.write_text(
        'format = "climatelimits.bill/1"\nid = "d"\n[[lines]]\nid = "desk"\n'
        'product = "EC3BFRKG"\nquantity = "2 m^2"\n',
        encoding="utf-8",
    )
    epd = str(fixtures_dir / T6)
    code, _, err = run("calculate", str(bill), "--products", epd)
    assert code == 2
    assert "`method` is required" in err
    code, out, _ = run(
        "calculate", str(bill), "--products", epd, "--method", "TRACI 2.1", "--format", "json"
    )
    assert code == 0
    # 50.0 kg CO2e per m² (A1A2A3 of the file, under TRACI 2.1) x 2 m².
    assert json.loads(out)["results"]["gwp_total"]["modules"]["A1-A3"] == 100.0


def test_method_without_an_openepd_file_is_refused(run: Run, examples_dir: Path) -> None:
    code, _, err = run(*_calculate(examples_dir, "--method", "EF 3.1"))
    assert code == 2
    assert err == (
        "climatelimits: error: `--method` applies to openEPD product files; none of the "
        f"--products ({examples_dir / 'products-generic.toml'}) is one; got 'EF 3.1'\n"
    )


def test_import_lcax_area_states_the_floor_area(
    run: Run, fixtures_dir: Path, tmp_path: Path
) -> None:
    target = tmp_path / "b.toml"
    source = fixtures_dir / "lcax" / "lcax_json" / "lcax_project_steel_conversion.json"
    code, out, _ = run(
        "import", "lcax", str(source), "-o", str(target), "--area", "se_bta=1200 m^2"
    )
    assert code == 0
    assert "se_bta 1200 m²" in out
    assert cl.load_building(target).areas["se_bta"] == as_quantity("1200 m^2")


@pytest.mark.parametrize(
    ("area", "message"),
    [
        ("se_bta=-5 m^2", "`--area se_bta` must be greater than 0; got -5 m²"),
        ("se_bta=5 kg", "`--area se_bta` must be in a unit like 'm²'; got 5 kg"),
        ("se_bta", "`--area` must be NAME=QUANTITY, e.g. 'dk_reference=1200 m^2'; got 'se_bta'"),
    ],
)
def test_a_bad_area_option_is_named_as_such(
    run: Run, fixtures_dir: Path, tmp_path: Path, area: str, message: str
) -> None:
    source = fixtures_dir / "lcax" / "lcax_json" / "lcax_project_steel_conversion.json"
    target = tmp_path / "b.toml"
    code, out, err = run("import", "lcax", str(source), "-o", str(target), "--area", area)
    assert (code, out) == (2, "")
    assert err == f"climatelimits: error: {message}\n"
    assert not target.exists()


@pytest.mark.parametrize("years", ["nan", "inf", "-5", "0", "fifty"])
def test_a_study_period_option_that_is_no_duration_is_a_usage_error(
    run: Run, examples_dir: Path, years: str
) -> None:
    code, out, err = run(*_calculate(examples_dir, f"--study-period={years}"))
    assert (code, out) == (2, "")
    assert err == (
        f"climatelimits: error: argument --study-period: must be a number of years above 0; "
        f"got {years!r}\n"
    )
