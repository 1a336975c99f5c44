"""``climatelimits validate`` accepts every file the library writes, and names what breaks."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from climatelimits.buildings import Building
from climatelimits.cli import main
from climatelimits.io import dump_building, dump_schedule
from climatelimits.schedules import LimitSchedule
from climatelimits.testing.strategies import buildings, limit_schedules


def validate(*paths: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", *map(str, paths)])
    return code, out.getvalue(), err.getvalue()


@settings(deadline=None, max_examples=40)
@given(buildings(), limit_schedules(max_limits=2), st.sampled_from([".toml", ".json"]))
def test_every_written_file_is_valid(
    building: Building, schedule: LimitSchedule, suffix: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        b, s = Path(folder) / f"b{suffix}", Path(folder) / f"s{suffix}"
        dump_building(building, b)
        dump_schedule(schedule, s)
        assert validate(b, s) == (0, f"{b}: valid building\n{s}: valid schedule\n", "")


@settings(deadline=None, max_examples=40)
@given(buildings(), st.sampled_from(["id", "use"]), st.sampled_from([".toml", ".json"]))
def test_a_required_key_removed_is_named_with_the_file(
    building: Building, key: str, suffix: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"b{suffix}"
        dump_building(building, path)
        # Split on newlines only: a name may hold other line breaks (U+0085) that TOML
        # keeps inside its string.
        lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        if suffix == ".toml":
            kept = [line for line in lines if not line.startswith(f"{key} = ")]
        else:
            kept = [line for line in lines if not line.startswith(f'  "{key}": ')]
        assert len(kept) == len(lines) - 1
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
        code, out, err = validate(path)
        assert (code, out) == (2, "")
        assert err == f"{path}: `{key}` is required but missing\n"
