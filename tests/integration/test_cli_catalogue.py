"""The catalogue on the command line: schedules list / show, and check by catalogue id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from climatelimits import catalogue
from climatelimits.cli import main
from climatelimits.exceptions import UnknownReferenceError
from climatelimits.io import loads_schedule

REQUIRED = {
    "dk-br18-2023": "superseded",
    "dk-br18-2023-low-emission": "voluntary",
    "dk-br18-2025": "in_force",
    "fi-2026": "in_force",
    "fr-re2020-construction": "in_force",
    "fr-re2020-energy": "in_force",
    "nl-mpg": "in_force",
    "se-boverket-2023-proposal": "proposal",
    "dk-copenhagen-byhavn-2030": "land_allocation",
    "helsingborg-oceanhamnen-illustrative": "illustrative",
}


def test_schedules_list_shows_every_id_with_its_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedules", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split()[1] for line in lines[1:]}
    assert {k: rows[k] for k in REQUIRED} == REQUIRED


def test_schedules_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedules", "list", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"]: r["status"] for r in rows if r["id"] in REQUIRED} == REQUIRED
    assert set(rows[0]) == {"id", "title", "jurisdiction", "status"}


def test_schedules_show_text_names_limits_steps_sources_notes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schedules", "show", "dk-br18-2025"]) == 0
    out = capsys.readouterr().out
    assert "Limit construction_process" in out
    assert "from 2025-07-01: 1.5 kg CO2e/m²/a" in out
    assert "from a day between 2027-01-01 and 2027-12-31 (not confirmed): 6.8" in out
    assert "https://sm.dk/nyheder/nyhedsarkiv/2024/maj/" in out
    assert "Notes:" in out
    assert "small_house_extension" in out


def test_schedules_show_json_is_the_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedules", "show", "fi-2026", "--format", "json"]) == 0
    text = capsys.readouterr().out
    assert loads_schedule(text, format="json") == catalogue.get("fi-2026")


def test_show_unknown_id_is_a_usage_error_listing_the_ids(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schedules", "show", "dk-br99"]) == 2
    err = capsys.readouterr().err
    assert "dk-br99" in err
    assert "dk-br18-2025" in err


def test_show_unknown_id_names_the_argument_it_came_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `schedules show` takes the schedule as its ID_OR_FILE argument; the error named a
    # `--schedule` option that the command does not have.
    assert main(["schedules", "show", "dk-br99"]) == 2
    assert capsys.readouterr().err == (
        f"climatelimits: error: `ID_OR_FILE` must be a schedule file (.toml or .json) or the "
        f"id of a catalogue schedule ({', '.join(catalogue.ids())}); got 'dk-br99', which is "
        f"neither\n"
    )


def test_check_by_catalogue_id(examples_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    building = str(examples_dir / "oceanhamnen-k3.toml")
    assert main(["check", building, "--schedule", "se-boverket-2023-proposal"]) == 0
    assert "375" in capsys.readouterr().out


def test_check_several_schedules_must_all_pass(
    examples_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    building = str(examples_dir / "oceanhamnen-k3.toml")
    code = main(
        [
            "check",
            building,
            "--schedule",
            "se-boverket-2023-proposal",
            "--schedule",
            "helsingborg-oceanhamnen-illustrative",
            "--format",
            "json",
        ]
    )
    assert code == 1  # 265 passes the proposal's 375 and fails the path's 257 in 2026
    documents = json.loads(capsys.readouterr().out)
    assert [d["schedule"] for d in documents] == [
        "se-boverket-2023-proposal",
        "helsingborg-oceanhamnen-illustrative",
    ]
    assert [d["passed"] for d in documents] == [True, False]
    assert documents[1]["checks"][0]["limit"] == 257.0


def test_check_with_a_file_still_works(
    examples_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    building = str(examples_dir / "oceanhamnen-k3.toml")
    schedule = str(examples_dir / "example-tightening.toml")
    assert main(["check", building, "--schedule", schedule]) == 1
    assert "260" in capsys.readouterr().out


def test_check_missing_file_with_toml_suffix_names_the_file(
    examples_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    building = str(examples_dir / "oceanhamnen-k3.toml")
    missing = str(tmp_path / "nope.toml")
    assert main(["check", building, "--schedule", missing]) == 2
    assert "nope.toml" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["check", "{building}", "--schedule", "xx-nothing"], "--schedule"),
        (["check", "{building}", "--schedule", "{building}:building"], "--schedule"),
        (["design", "percentile", "{stock}", "-q", "50", "--metric-from", "xx"], "--metric-from"),
    ],
)
def test_a_schedule_that_is_no_file_and_no_catalogue_id_names_its_option(
    argv: list[str],
    option: str,
    examples_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    stock = tmp_path / "stock.csv"
    stock.write_text("id,use\nb1,office\n", encoding="utf-8")
    paths = {"building": str(examples_dir / "oceanhamnen-k3.toml"), "stock": str(stock)}
    given = [a.format(**paths) for a in argv]
    assert main(given) == 2
    err = capsys.readouterr().err
    spec = given[-1]
    assert err == (
        f"climatelimits: error: `{option}` must be a schedule file (.toml or .json) or the id "
        f"of a catalogue schedule ({', '.join(catalogue.ids())}); got {spec!r}, which is "
        f"neither\n"
    )


def test_show_says_one_decimal_in_the_singular(capsys: pytest.CaptureFixture[str]) -> None:
    # BR18 rounds to one decimal (dk-br18-2025.toml, decimals = 1).
    assert main(["schedules", "show", "dk-br18-2025"]) == 0
    out = capsys.readouterr().out
    assert "rounded half up to 1 decimal\n" in out
    assert "decimal(s)" not in out


@pytest.mark.parametrize("wrong", [["dk-br18-2025"], None, 7])
def test_get_names_a_schedule_id_that_is_not_text(wrong: object) -> None:
    with pytest.raises(UnknownReferenceError, match="must be the text id of a shipped schedule"):
        catalogue.get(wrong)  # type: ignore[arg-type]
