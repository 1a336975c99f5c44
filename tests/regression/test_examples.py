"""The shipped examples stay what their derivations say."""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import climatelimits as cl


def _load_generator(examples_dir: Path) -> object:
    spec = importlib.util.spec_from_file_location(
        "make_helsingborg_illustrative", examples_dir / "make_helsingborg_illustrative.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_helsingborg_file_is_the_from_target_path(examples_dir: Path) -> None:
    shipped = cl.catalogue.get("helsingborg-oceanhamnen-illustrative")
    generator = _load_generator(examples_dir)
    assert shipped == generator.build()  # type: ignore[attr-defined]


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_helsingborg_generator_writes_where_it_is_told(
    examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.chdir(tmp_path)  # the default output would land here, not in the package
    target = tmp_path / "out" / f"path{suffix}"
    target.parent.mkdir()
    completed = subprocess.run(
        [sys.executable, str(examples_dir / "make_helsingborg_illustrative.py"), str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == f"wrote {target}\n"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [f"path{suffix}"]
    assert cl.load_schedule(target) == cl.catalogue.get("helsingborg-oceanhamnen-illustrative")


def test_helsingborg_values_follow_the_written_derivation() -> None:
    shipped = cl.catalogue.get("helsingborg-oceanhamnen-illustrative")
    assert shipped.status is cl.ScheduleStatus.ILLUSTRATIVE
    assert "has published no limit values" in shipped.notes
    (limit,) = shipped.limits
    assert list(limit.categories) == ["any"]
    steps = limit.categories["any"].steps
    # 308 kg CO2e/m² BTA (2024) halved to 154 (2030) on a straight line, every two years:
    # 308 - 2 x 154/6 = 256.67 -> 257; 308 - 4 x 154/6 = 205.33 -> 205.
    assert [(s.start, s.value) for s in steps] == [
        (dt.date(2024, 1, 1), 308.0),
        (dt.date(2026, 1, 1), 257.0),
        (dt.date(2028, 1, 1), 205.0),
        (dt.date(2030, 1, 1), 154.0),
    ]
    assert limit.metric.modules == cl.ModuleSet.parse("A1-A5")
    assert limit.metric.area == "se_bta"
    assert all(s.url.startswith("https://") for s in shipped.sources)
