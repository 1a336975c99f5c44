"""The command line as a new user meets it (issue 12): next steps, notes, the command list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import climatelimits as cl


def test_check_text_next_step_that_the_building_meets(
    run: Callable[..., tuple[int, str, str]], examples_dir: Path, tmp_path: Path
) -> None:
    text = (examples_dir / "oceanhamnen-k3.toml").read_text(encoding="utf-8")
    assert 'id = "oceanhamnen-k3"' in text
    schedule = tmp_path / "loose.toml"
    schedule.write_text(
        (examples_dir / "example-tightening.toml")
        .read_text(encoding="utf-8")
        .replace("value = 260", "value = 280")
        .replace("value = 220", "value = 270"),
        encoding="utf-8",
    )
    _, out, _ = run(
        "check", str(examples_dir / "oceanhamnen-k3.toml"), "--schedule", str(schedule)
    )
    assert "  next step from 2028-01-01: limit 270 kg CO2e/m²; this building would meet it." in (
        out.splitlines()
    )


def test_schedules_show_keeps_the_notes_line_breaks(
    run: Callable[..., tuple[int, str, str]],
) -> None:
    code, out, _ = run("schedules", "show", "helsingborg-oceanhamnen-illustrative")
    assert code == 0
    lines = out.splitlines()
    derivation = [
        "    2024: 308",
        "    2026: 308 - 2 x 154/6 = 256.67 -> 257",
        "    2028: 308 - 4 x 154/6 = 205.33 -> 205",
        "    2030: 154",
    ]
    start = lines.index(derivation[0])
    assert lines[start : start + 4] == derivation
    notes = cl.catalogue.get("helsingborg-oceanhamnen-illustrative").notes.strip().splitlines()
    assert lines[-len(notes) :] == [f"  {line}".rstrip() for line in notes]


def test_bare_command_names_every_subcommand(run: Callable[..., tuple[int, str, str]]) -> None:
    code, out, err = run()
    assert (code, out) == (2, "")
    message = err.splitlines()[-1]
    assert message.startswith("climatelimits: error: a command is required (one of: ")
    for name in ("check", "schedules", "calculate", "import", "validate"):
        assert name in message
