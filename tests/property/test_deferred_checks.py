"""A check's reason and quantities are written when first read, and read as if made eagerly.

``check`` leaves the reason text, the pint quantities, the next step and the last day of
compliance of each :class:`LimitCheck` to be written on first read (issue 9, P4). Every
way of reading a check sees the same values as a check built with all its fields given:
attribute access, ``==``, ``hash``, ``repr``, ``attrs.evolve``, pickling and ``to_dict``.
"""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from climatelimits import _verdicts, catalogue, check, check_stock, load_building
from climatelimits.buildings import Building
from climatelimits.evaluation import LimitCheck, NextStep
from climatelimits.stocks import Stock
from climatelimits.testing.stocks import stock_buildings

SCHEDULES = [catalogue.get(i) for i in catalogue.ids()]
CASES = st.sampled_from(SCHEDULES).flatmap(
    lambda schedule: st.tuples(st.just(schedule), stock_buildings(schedule))
)
DATES = st.one_of(st.none(), st.dates(dt.date(2015, 1, 1), dt.date(2040, 12, 31)))


def eager(item: LimitCheck) -> LimitCheck:
    """The same check with every field given to the constructor."""
    values = {f.alias: getattr(item, f.name) for f in attrs.fields(LimitCheck)}
    step = values["next_step"]
    if step is not None:
        values["next_step"] = NextStep(step.start, step.limit, step.passes, step.latest_from)
    return LimitCheck(**values)


@settings(max_examples=60)
@given(CASES, DATES, st.integers(0, pickle.HIGHEST_PROTOCOL))
def test_a_deferred_check_reads_as_an_eager_one(case, on, protocol) -> None:  # type: ignore[no-untyped-def]
    schedule, building = case
    for item in check(building, schedule, on).checks:
        made = eager(item)
        fresh = check(building, schedule, on).checks  # nothing read yet
        first = next(c for c in fresh if (c.limit_id, c.part) == (item.limit_id, item.part))
        assert repr(first) == repr(made)
        again = check(building, schedule, on).checks
        second = next(c for c in again if (c.limit_id, c.part) == (item.limit_id, item.part))
        assert second == made
        assert hash(second) == hash(made)
        assert attrs.evolve(item) == made
        assert pickle.loads(pickle.dumps(check(building, schedule, on), protocol)).checks == (
            check(building, schedule, on).checks
        )
        assert isinstance(item.reason, str)
        assert item.reason


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item per reason text written from the verdict columns."""
    calls: list[int] = []
    original = _verdicts.Verdicts.reason

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(_verdicts.Verdicts, "reason", counted)
    return calls


@pytest.fixture
def example(examples_dir: Path) -> Building:
    return load_building(examples_dir / "oceanhamnen-k3.toml")


def test_the_reason_is_written_once_and_only_when_read(
    written: list[int], example: Building
) -> None:
    assessment = check(example, catalogue.get("se-boverket-2023-proposal"))
    assert written == []
    assert assessment.checks[0].reason.startswith("Complies: ")
    assert assessment.checks[0].reason.startswith("Complies: ")
    assert written == [1]


def test_a_stock_assessment_writes_its_checks_at_once(
    written: list[int], example: Building
) -> None:
    # A check of a stock's row would otherwise hold the whole stock until read.
    result = check_stock(Stock.from_buildings([example]), "se-boverket-2023-proposal")
    item = result.limit_check(0)
    assert written == [1]
    assert item.reason.startswith("Complies: ")
    assert written == [1]
