"""A single-use-only category drops out of a mixed building's area-weighted limit."""

from __future__ import annotations

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from climatelimits.buildings import UseCategory
from climatelimits.evaluation import check
from climatelimits.schedules import MixedUsePolicy
from climatelimits.testing.strategies import buildings_for_schedule, limit_schedules


@given(data=st.data())
def test_a_mixed_building_is_judged_as_its_other_use_alone(data: st.DataObject) -> None:
    schedule = data.draw(limit_schedules(catch_all=False, max_categories=4))
    (limit,) = schedule.limits
    keys = list(limit.categories)
    assume(len(keys) >= 2)
    building = data.draw(buildings_for_schedule(schedule, in_force=False))
    use = building.use
    other = UseCategory(data.draw(st.sampled_from([k for k in keys if k != use.value])))
    share = data.draw(st.floats(min_value=0.05, max_value=0.95))
    mixed = attrs.evolve(building, use_shares={use: share, other: 1.0 - share})
    categories = {
        k: attrs.evolve(c, single_use_only=(k == other.value)) for k, c in limit.categories.items()
    }
    ruled = attrs.evolve(
        schedule,
        limits=(
            attrs.evolve(limit, categories=categories, mixed_use=MixedUsePolicy.AREA_WEIGHTED),
        ),
    )
    (as_mixed,) = check(mixed, ruled).checks
    (alone,) = check(building, schedule).checks
    assert (as_mixed.status, as_mixed.category, as_mixed.limit, as_mixed.value) == (
        alone.status,
        alone.category,
        alone.limit,
        alone.value,
    )
