"""The shipped examples stay what their derivations say."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

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
