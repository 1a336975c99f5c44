"""`schedules show` wraps text in linear time (issue 10, item 9)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from climatelimits._describe import _WIDTH, _wrap
from climatelimits.cli import main
from climatelimits.io import load_schedule, schedule_to_dict

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@given(st.text(st.sampled_from("ab -\n"), max_size=400), st.sampled_from(["  ", "  - "]))
def test_wrapped_lines_fit_and_keep_every_character(text: str, first: str) -> None:
    lines = _wrap(text, first, "    ")
    assert all(len(line) <= _WIDTH for line in lines)
    bodies = [line[len(first if i == 0 else "    ") :] for i, line in enumerate(lines)]
    assert "".join("".join(body.split()) for body in bodies) == "".join(text.split())


def test_a_50_mib_word_in_the_notes_is_shown_in_seconds(
    tmp_path: Path, capsys: Callable[..., object]
) -> None:
    schedule = tmp_path / "s.json"
    document = schedule_to_dict(load_schedule(EXAMPLES / "example-tightening.toml"))
    document["notes"] = "x" * 50 * 2**20
    schedule.write_text(json.dumps(document, default=str), encoding="utf-8")
    started = time.perf_counter()
    assert main(["schedules", "show", str(schedule)]) == 0
    # Over 300 s before (the wrapping was quadratic in the word's length).
    assert time.perf_counter() - started < 30
