"""The command line, run in-process."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest


def test_check_text_fails_with_exit_code_1(
    run: Callable[..., tuple[int, str, str]], examples_dir: Path
) -> None:
    code, out, err = run(
        "check",
        str(examples_dir / "oceanhamnen-k3.toml"),
        "--schedule",
        str(examples_dir / "example-tightening.toml"),
    )
    assert code == 1
    assert err == ""
    assert out.splitlines()[0] == (
        "Building oceanhamnen-k3 FAILS schedule example-tightening on 2026-03-02."
    )
    assert "above the limit of 260 kg CO2e/m²" in out
    # The next step (220 from 2028-01-01 in the example file), as the JSON output has it.
    assert out.splitlines()[2] == (
        "  next step from 2028-01-01: limit 220 kg CO2e/m²; this building would exceed it."
    )


def test_check_json_has_the_stable_keys(
    run: Callable[..., tuple[int, str, str]], examples_dir: Path
) -> None:
    code, out, _ = run(
        "check",
        str(examples_dir / "oceanhamnen-k3.toml"),
        "--schedule",
        str(examples_dir / "example-tightening.toml"),
        "--on",
        "2025-01-01",
        "--format",
        "json",
    )
    assert code == 0
    document = json.loads(out)
    assert list(document) == ["building", "schedule", "on", "passed", "checks"]
    assert document["building"] == "oceanhamnen-k3"
    assert document["schedule"] == "example-tightening"
    assert document["on"] == "2025-01-01"
    assert document["passed"] is True
    (item,) = document["checks"]
    assert list(item) == [
        "schedule",
        "limit_id",
        "part",
        "category",
        "status",
        "reason",
        "limit",
        "value",
        "compared_value",
        "margin",
        "unit",
        "effective_from",
        "next_step",
        "complies_until",
        "limit_terms",
        "missing_terms",
        "sources",
    ]
    assert item["schedule"] == "example-tightening"
    assert item["limit_id"] == "building"
    assert item["part"] is None
    assert item["status"] == "pass"
    assert item["limit"] == 300.0
    assert item["value"] == 265.0
    assert item["compared_value"] == 265.0
    assert item["margin"] == 35.0
    assert item["unit"] == "kg CO2e/m²"
    assert item["effective_from"] == "2024-07-01"
    assert item["next_step"] == {"from": "2026-01-01", "limit": 260.0, "passes": False}
    assert item["complies_until"] == "2025-12-31"


def test_helsingborg_illustrative_schedule(
    run: Callable[..., tuple[int, str, str]], examples_dir: Path
) -> None:
    # The illustrative schedule is shipped in the catalogue and named by its id.
    code, out, _ = run(
        "check",
        str(examples_dir / "oceanhamnen-k3.toml"),
        "--schedule",
        "helsingborg-oceanhamnen-illustrative",
        "--format",
        "json",
    )
    # 265 kg CO2e/m² against the 2026 step of the illustrative path, 257.
    assert code == 1
    item = json.loads(out)["checks"][0]
    assert (item["status"], item["limit"], item["margin"]) == ("fail", 257.0, -8.0)


def test_no_verdict_exits_3(run: Callable[..., tuple[int, str, str]], examples_dir: Path) -> None:
    code, out, _ = run(
        "check",
        str(examples_dir / "oceanhamnen-k3.toml"),
        "--schedule",
        str(examples_dir / "example-tightening.toml"),
        "--on",
        "2024-01-01",
    )
    assert code == 3
    assert "[not_applicable]" in out


def test_bad_file_exits_2_with_one_line(
    run: Callable[..., tuple[int, str, str]], examples_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    text = (examples_dir / "oceanhamnen-k3.toml").read_text(encoding="utf-8")
    bad.write_text(text.replace("A4 = 41600", 'A4 = "lots"', 1), encoding="utf-8")
    code, out, err = run(
        "check", str(bad), "--schedule", str(examples_dir / "example-tightening.toml")
    )
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"climatelimits: error: {bad}: `results.gwp_ghg.A4` must be")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((), "a command is required"),
        (("check", "b.toml"), "the following arguments are required: --schedule"),
        (("check", "b.toml", "--schedule", "s.toml", "--on", "2024-02-30"), "--on must be a date"),
        (("check", "b.toml", "--schedule", "s.toml", "--format", "xml"), "invalid choice"),
    ],
)
def test_usage_errors_exit_2(
    run: Callable[..., tuple[int, str, str]], argv: tuple[str, ...], message: str
) -> None:
    code, _, err = run(*argv)
    assert code == 2
    assert message in err


def test_version(run: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.startswith("climatelimits ")
