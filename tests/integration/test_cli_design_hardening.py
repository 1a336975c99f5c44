"""``climatelimits design`` as a city climate officer uses it: what a draft keeps.

The stock: three offices of 1000 m² BTA with GWP-GHG A1-A5 of 200, 300 and 400 t CO2e, so
200, 300 and 400 kg CO2e/m²; their median is 300.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from climatelimits import catalogue
from climatelimits.buildings import DateBasis
from climatelimits.io import dump_schedule, load_schedule

Run = Callable[..., tuple[int, str, str]]

HELSINGBORG = catalogue.get("helsingborg-oceanhamnen-illustrative")

STOCK = (
    "id,use,area.se_bta,gwp_ghg.A1-A5,permit_application,construction_start,completion\n"
    "a,office,1000,200000,2025-03-01,2025-09-01,2027-06-01\n"
    "b,office,1000,300000,2025-03-01,2025-09-01,2027-06-01\n"
    "c,office,1000,400000,2025-03-01,2025-09-01,2027-06-01\n"
)


@pytest.fixture
def stock_csv(tmp_path: Path) -> Path:
    path = tmp_path / "stock.csv"
    path.write_text(STOCK, encoding="utf-8")
    return path


def _scenario_rates(run: Run, stock: Path, form: str, *more: str) -> tuple[int, str, str]:
    """``design pass-rates`` of Helsingborg's path on 2026-01-01, values -3 %/yr to 2030."""
    return run(
        "design", "pass-rates", str(stock), "--schedule", HELSINGBORG.id,
        "--on", "2026-01-01", "--project", "-0.03:2030-01-01", "--format", form, *more,
    )  # fmt: skip


@pytest.mark.parametrize("basis", [b.value for b in DateBasis])
def test_a_draft_selects_its_steps_by_the_date_of_the_schedule_it_measures_like(
    run: Run, tmp_path: Path, stock_csv: Path, basis: str
) -> None:
    stock = stock_csv
    # Helsingborg's illustrative path (A1-A5 per m² BTA), as a city file selected by `basis`
    city = tmp_path / "city.toml"
    dump_schedule(attrs.evolve(HELSINGBORG, id="city", date_basis=basis), city)
    assert load_schedule(city).date_basis.value == basis
    draft = tmp_path / "draft.toml"
    code, out, err = run(
        "design", "propose", str(stock), "--metric-from", str(city),
        "--start", "2026-01-01:p50", "--target", "2030-01-01:0.5", "-o", str(draft),
    )  # fmt: skip
    assert (code, out, err) == (0, "", "")
    proposed = load_schedule(draft)
    assert proposed.date_basis.value == basis
    steps = proposed.limits[0].categories["any"].steps
    assert [(str(s.start), s.value) for s in steps] == [
        ("2026-01-01", 300.0),
        ("2028-01-01", 225.0),
        ("2030-01-01", 150.0),
    ]


@pytest.mark.parametrize(
    ("columns", "stated"),
    [
        ("permit_application,completion", "these: permit_application, completion"),
        ("", "no date"),
    ],
)
def test_a_scenario_for_schedules_dated_differently_names_project(
    run: Run, tmp_path: Path, columns: str, stated: str
) -> None:
    """One scenario cannot move values from two dates: the error names `--project`."""
    dates = [c for c in columns.split(",") if c]
    stock = tmp_path / "stock.csv"
    stock.write_text(
        ",".join(["id", "use", "area.se_bta", "gwp_ghg.A1-A5", *dates])
        + "\n"
        + ",".join(["a", "office", "1000", "200000", *(["2025-03-01"] * len(dates))])
        + "\n",
        encoding="utf-8",
    )
    completion = tmp_path / "by-completion.toml"
    dump_schedule(
        attrs.evolve(HELSINGBORG, id="by-completion", date_basis="completion"), completion
    )
    code, out, err = run(
        "design", "compare", str(stock), "--schedule", HELSINGBORG.id,
        "--schedule", str(completion), "--project", "-0.03:2030-01-01",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err.startswith("climatelimits: error: `--project` needs one date")
    assert f"({HELSINGBORG.id} by permit_application, by-completion by completion)" in err
    assert f"the stock states {stated};" in err
    assert err.rstrip().endswith("got -0.03:2030-01-01")
    assert "`basis`" not in err


@pytest.mark.parametrize("form", ["json", "csv"])
def test_buildings_left_out_of_a_scenario_are_counted_in_every_format(
    run: Run, tmp_path: Path, form: str
) -> None:
    """JSON and CSV have no heading: a warning says how many buildings had no date."""
    stock = tmp_path / "stock.csv"
    lines = STOCK.splitlines()
    # c loses its permit application date: 1 of the 3 buildings cannot be moved
    lines[3] = lines[3].replace("2025-03-01,2025-09-01", ",2025-09-01")
    stock.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = _scenario_rates(run, stock, form)
    assert code == 0
    assert err == (
        "climatelimits: warning: --project: 1 of the 3 buildings state no "
        "permit_application date and are left out of the scenario (2 moved)\n"
    )
    if form == "json":
        assert json.loads(out)["stock_size"] == 2
    code, _, err = _scenario_rates(run, stock, form, "-o", str(tmp_path / f"rates.{form}"))
    assert code == 0
    assert "1 of the 3 buildings" in err


def test_a_scenario_that_moves_every_building_warns_of_nothing(run: Run, stock_csv: Path) -> None:
    code, out, err = _scenario_rates(run, stock_csv, "csv")
    assert (code, err) == (0, "")
    assert out.count("-3.0 %/yr to 2030-01-01") == 2  # the rows of all limits and of `any`


def test_a_start_percentile_with_many_decimals_is_the_one_written(
    run: Run, stock_csv: Path
) -> None:
    """``--start DATE:p0.00001`` was re-written as ``p1e-05`` and refused."""
    stock = stock_csv
    code, out, err = run(
        "design", "propose", str(stock), "--metric-from", HELSINGBORG.id,
        "--start", "2026-01-01:p0.00001", "--target", "2030-01-01:0.5", "--format", "csv",
    )  # fmt: skip
    assert (code, err) == (0, "")
    first = out.splitlines()[1].split(",")
    # 200 + 0.00001 / 100 x 2 x 100 kg CO2e/m²
    assert first[:3] == ["building", "any", "2026-01-01"]
    assert float(first[3]) == pytest.approx(200.00002)
    code, out, err = run(
        "design", "percentile", str(stock), "--metric-from", HELSINGBORG.id,
        "-q", "0.00001", "99.9999999", "100", "--format", "csv",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "group,n_used,n_left_out,p0.00001,p99.9999999,p100,unit"


def test_percentiles_per_use_of_an_empty_stock_say_there_is_none(run: Run, tmp_path: Path) -> None:
    stock = tmp_path / "empty.csv"
    stock.write_text(STOCK.splitlines()[0] + "\n", encoding="utf-8")
    code, out, err = run(
        "design", "percentile", str(stock), "--metric-from", HELSINGBORG.id,
        "-q", "50", "--by", "use",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.rstrip().endswith(
        "group  n used  n left out  p50\n(no use: the stock has no buildings)"
    )


@pytest.mark.parametrize(
    ("project", "rule"),
    [
        # 1.5 ** 7975 years (2025-03-01 to 9999-12-31) overflows a float
        ("0.5:9999-12-31", "must keep every value a finite number over the years"),
        # 0.5 ** -2024 years back to year 1 overflows as well
        ("-0.5:0001-01-01", "must keep every value a finite number over the years"),
    ],
)
def test_a_scenario_that_cannot_be_computed_names_project(
    run: Run, stock_csv: Path, project: str, rule: str
) -> None:
    code, out, err = run(
        "design", "pass-rates", str(stock_csv), "--schedule", HELSINGBORG.id,
        "--project", project,
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err.startswith(f"climatelimits: error: `--project` {rule}")
    assert err.rstrip().endswith(f"got {project!r}")


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        (
            "2026-01-01:p50",
            "2029-01-01:0.5",
            (
                "`--target` must be a whole multiple of `every_years` (2) years after the start "
                "date (2026-01-01), since a step starts every 2 years; got 2029-01-01"
            ),
        ),
        (
            "2026-01-01:p50",
            "2026-01-01:0.5",
            (
                "`--target` must be a whole multiple of `every_years` (2) years after the start "
                "date (2026-01-01), since a step starts every 2 years; got 2026-01-01"
            ),
        ),
        # the median, 300, is the start: a target of 500 kg CO2e/m² is above it
        (
            "2026-01-01:p50",
            "2030-01-01:500",
            (
                "`--target` must not be above the start of category any (300 kg CO2e/m²); got "
                "500 kg CO2e/m²"
            ),
        ),
        (
            "2026-01-01:0.4",
            "2030-01-01:0.5",
            (
                "`--start` must be above 0 kg CO2e/m² once rounded to a multiple of 1; the start "
                "of category any, 0.4, rounds to 0"
            ),
        ),
    ],
)
def test_a_draft_that_cannot_be_made_names_the_option(
    run: Run, stock_csv: Path, start: str, target: str, message: str
) -> None:
    code, out, err = run(
        "design", "propose", str(stock_csv), "--metric-from", HELSINGBORG.id,
        "--start", start, "--target", target, "--rounding", "1",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err == f"climatelimits: error: {message}\n"
