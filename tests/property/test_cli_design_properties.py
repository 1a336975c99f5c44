"""``climatelimits design percentile`` prints numpy's percentiles, in JSON and in CSV alike.

Each building of the generated stock has 1 m² BTA, so its value per m² under the
illustrative Helsingborg metric (GWP-GHG, A1-A5, per m² BTA) is its total as written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

Run = Callable[..., tuple[int, str, str]]

values_per_m2 = st.lists(
    st.floats(min_value=-500.0, max_value=5000.0, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=25,
)
# Percentiles in tenths of a percent, written "80" or "p80", as a user types them.
percents = st.lists(
    st.tuples(st.integers(0, 1000).map(lambda tenths: tenths / 10), st.booleans()),
    min_size=1,
    max_size=4,
    unique_by=lambda pair: pair[0],
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=values_per_m2, asked=percents)
def test_printed_percentiles_are_numpys(
    run: Run,
    tmp_path_factory: pytest.TempPathFactory,
    values: list[float],
    asked: list[tuple[float, bool]],
) -> None:
    path = tmp_path_factory.mktemp("stock") / "stock.csv"
    rows = [f"b{i},office,1,{value!r}\n" for i, value in enumerate(values)]
    path.write_text("id,use,area.se_bta,gwp_ghg.A1-A5\n" + "".join(rows), encoding="utf-8")
    q = [percent for percent, _ in asked]
    typed = [f"p{percent:g}" if with_p else f"{percent:g}" for percent, with_p in asked]
    argv = ["design", "percentile", str(path), "--metric-from"]
    argv += ["helsingborg-oceanhamnen-illustrative", "-q", *typed]
    code, out, err = run(*argv, "--format", "json")
    assert (code, err) == (0, "")
    (group,) = json.loads(out)["groups"]
    expected = np.percentile(np.array(values), q)
    assert group["n_used"] == len(values)
    printed = [group["values"][f"p{percent:g}"] for percent in q]
    np.testing.assert_allclose(printed, expected, rtol=1e-12, atol=1e-9)
    code, out, _ = run(*argv, "--format", "csv")
    (row,) = csv.DictReader(io.StringIO(out))
    assert [float(row[f"p{percent:g}"]) for percent in q] == printed
