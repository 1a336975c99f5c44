"""``climatelimits design``: its numbers are the library's, its errors name the option.

The stock below is checked by hand against BR18 2023 (dk-br18-2023: A1-A3, B4, B6, C3-C4 per
m² reference area per year over 50 years, 12.0 kg CO2e/m²/a to one decimal [DK-3]). Totals
over 50 years on 2000 m²: a 800,000 -> 8.0; b 1,000,000 -> 10.0; c 1,200,000 -> 12.0;
d 1,300,000 -> 13.0; e states no reference area and f no result: both left out. Percentiles
of [8, 10, 12, 13] by numpy's linear method: p50 = (10 + 12) / 2 = 11.0; p80 sits at 0.8 x 3
= 2.4 places: 12 + 0.4 x (13 - 12) = 12.4.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from climatelimits import catalogue, design
from climatelimits.io import dump_schedule, load_schedule, read_stock
from climatelimits.stocks import check_stock

Run = Callable[..., tuple[int, str, str]]

STOCK = (
    "id,use,permit_application,area.dk_reference,area.dk_heated,reference_study_period,"
    '"gwp_total.A1-A3,B4,B6,C3-C4"\n'
    "a,office,2024-01-01,2000,2000,50,800000\n"
    "b,office,2024-01-01,2000,2000,50,1000000\n"
    "c,multi_family_housing,2024-01-01,2000,2000,50,1200000\n"
    "d,multi_family_housing,2024-01-01,2000,2000,50,1300000\n"
    "e,office,2024-01-01,,2000,50,1000000\n"
    "f,office,,2000,2000,50,\n"
)

BUILDING = """\
format = "climatelimits.building/1"
id = "harbour-office"
use = "office"
reference_study_period = "50 year"

[dates]
permit_application = 2027-03-01
completion = 2029-06-30

[areas]
dk_reference = "3000 m^2"
dk_heated = "3000 m^2"

[results.gwp_total]
unit = "kg CO2e"
"A1-A3,B4,B6,C3-C4" = 1050000
"""
"""7.0 kg CO2e/m²/a: 1,050,000 / 3000 m² / 50 a."""


@pytest.fixture
def stock_csv(tmp_path: Path) -> Path:
    path = tmp_path / "stock.csv"
    path.write_text(STOCK, encoding="utf-8")
    return path


def _design(run: Run, *argv: str) -> tuple[int, str, str]:
    return run("design", *argv)


# --- percentile --------------------------------------------------------------------------


def test_percentile_json_is_the_library_result(run: Run, stock_csv: Path) -> None:
    code, out, err = _design(
        run, "percentile", str(stock_csv), "--metric-from", "dk-br18-2023",
        "-q", "50", "p80", "--format", "json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    document = json.loads(out)
    limit = catalogue.get("dk-br18-2023").limits[0]
    expected = design.percentile(read_stock(stock_csv), limit, [50, 80])
    assert document == json.loads(json.dumps(expected.to_dict()))
    np.testing.assert_allclose(expected.values[0], [11.0, 12.4], rtol=1e-12)
    assert (int(expected.n_used[0]), int(expected.n_left_out[0])) == (4, 2)


def test_percentile_csv_and_text(run: Run, stock_csv: Path) -> None:
    argv = ["percentile", str(stock_csv), "--metric-from", "dk-br18-2023", "-q", "p50", "80"]
    code, out, _ = _design(run, *argv, "--format", "csv")
    assert code == 0
    (row,) = csv.DictReader(io.StringIO(out))
    assert row == {
        "group": "all",
        "n_used": "4",
        "n_left_out": "2",
        "p50": "11.0",
        "p80": repr(float(np.percentile([8.0, 10.0, 12.0, 13.0], 80))),
        "unit": "kg CO2e/m²/a",
    }
    code, out, _ = _design(run, *argv)
    assert code == 0
    table = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert table["group"] == ["group", "n", "used", "n", "left", "out", "p50", "p80"]
    assert table["all"] == ["all", "4", "2", "11", "12.4"]
    assert "(from dk-br18-2023:building)" in out


def test_percentile_by_use(run: Run, stock_csv: Path) -> None:
    code, out, _ = _design(
        run, "percentile", str(stock_csv), "--metric-from", "dk-br18-2023:building",
        "-q", "50", "--by", "use", "--format", "csv",
    )  # fmt: skip
    assert code == 0
    rows = {r["group"]: r for r in csv.DictReader(io.StringIO(out))}
    # offices a (8) and b (10); housing c (12) and d (13)
    assert float(rows["office"]["p50"]) == 9.0
    assert float(rows["multi_family_housing"]["p50"]) == 12.5


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        pytest.param(
            "dk-br18-2025",
            "`--metric-from` names schedule 'dk-br18-2025', which has 2 limits "
            "(building, construction_process); name one as SCHEDULE:LIMIT",
            id="ambiguous",
        ),
        pytest.param(
            "dk-br18-2023:whole",
            "`--metric-from` names limit 'whole', which schedule 'dk-br18-2023' does not "
            "have; its limits: building; got 'dk-br18-2023:whole'",
            id="unknown-limit",
        ),
        pytest.param(
            "xx-nothing:building",
            "`--metric-from` must be a schedule file (.toml or .json) or the id of a catalogue "
            "schedule (dk-br18-2023, ",
            id="unknown-schedule",
        ),
    ],
)
def test_metric_from_errors_name_the_option_and_the_ids(
    run: Run, stock_csv: Path, spec: str, expected: str
) -> None:
    code, out, err = _design(run, "percentile", str(stock_csv), "--metric-from", spec, "-q", "50")
    assert (code, out) == (2, "")
    assert err.startswith("climatelimits: error: ")
    assert expected in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("q", ["p120", "eighty", "-5"])
def test_a_bad_percentile_names_q_and_the_value(run: Run, stock_csv: Path, q: str) -> None:
    code, out, err = _design(
        run, "percentile", str(stock_csv), "--metric-from", "dk-br18-2023", "-q", "50", q
    )
    assert (code, out) == (2, "")
    assert "`-q`" in err
    assert repr(q) in err


# --- pass-rates --------------------------------------------------------------------------


def test_pass_rates_json_is_the_library_result_on_every_step(run: Run, stock_csv: Path) -> None:
    code, out, err = _design(
        run, "pass-rates", str(stock_csv), "--schedule", "dk-br18-2023", "--format", "json"
    )
    assert (code, err) == (0, "")
    schedule = catalogue.get("dk-br18-2023")
    expected = design.pass_rates(read_stock(stock_csv), schedule)
    assert json.loads(out) == json.loads(json.dumps(expected.to_dict()))
    # One step, from 2023-01-01: a, b and c pass (12.0 is the limit), d fails.
    assert expected.dates.tolist() == [dt.date(2023, 1, 1)]
    assert float(expected.pass_rate[0, 0]) == 0.75


def test_pass_rates_csv_rows_are_check_stock_counts(run: Run, stock_csv: Path) -> None:
    days = ["2024-01-01", "2026-01-01"]
    code, out, _ = _design(
        run, "pass-rates", str(stock_csv), "--schedule", "dk-br18-2025",
        "--on", *days, "--format", "csv",
    )  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    stock = read_stock(stock_csv)
    for day in days:
        overall = [r for r in rows if r["date"] == day and r["limit_id"] == ""]
        assert len(overall) == 1
        summary = check_stock(stock, "dk-br18-2025", on=dt.date.fromisoformat(day)).summary()
        for status, count in summary.overall.counts.items():
            assert int(overall[0][status]) == count
    assert {r["schedule"] for r in rows} == {"dk-br18-2025"}
    assert {r["scenario"] for r in rows} == {""}


def test_pass_rates_text_says_measured(run: Run, stock_csv: Path) -> None:
    code, out, _ = _design(
        run, "pass-rates", str(stock_csv), "--schedule", "dk-br18-2023", "--on", "2024-01-01"
    )
    assert code == 0
    assert "Schedule dk-br18-2023 (measured values):" in out
    assert "on 2024-01-01:" in out
    line = next(line for line in out.splitlines() if line.startswith("all limits"))
    assert line.split()[2:4] == ["3", "1"]  # pass, fail
    assert "75.0 %" in line


def test_a_projection_is_labelled_as_a_scenario(run: Run, stock_csv: Path) -> None:
    argv = [
        "pass-rates", str(stock_csv), "--schedule", "dk-br18-2023",
        "--on", "2024-01-01", "--project", "-0.03:2030-01-01",
    ]  # fmt: skip
    code, out, _ = _design(run, *argv, "--format", "json")
    assert code == 0
    projected = design.project(
        read_stock(stock_csv), -0.03, dt.date(2030, 1, 1), basis=catalogue.get("dk-br18-2023")
    )
    expected = design.pass_rates(projected, "dk-br18-2023", on=[dt.date(2024, 1, 1)])
    document = json.loads(out)
    assert document == json.loads(json.dumps(expected.to_dict()))
    assert document["scenario"] == projected.scenario
    code, out, _ = _design(run, *argv)
    assert f"(scenario {projected.scenario}: projected values, not measured)" in out
    assert (
        f"Scenario {projected.scenario}: the values of 5 of the 6 buildings moved from their "
        "permit_application date; 1 without that date are left out."
    ) in out


# --- compare -----------------------------------------------------------------------------


def test_compare_marks_different_metrics_not_comparable(run: Run, stock_csv: Path) -> None:
    argv = [
        "compare", str(stock_csv), "--schedule", "dk-br18-2023",
        "--schedule", "se-boverket-2023-proposal", "--on", "2026-01-01",
    ]  # fmt: skip
    code, out, _ = _design(run, *argv, "--format", "json")
    assert code == 0
    schedules = [catalogue.get("dk-br18-2023"), catalogue.get("se-boverket-2023-proposal")]
    expected = design.compare(read_stock(stock_csv), schedules, on=[dt.date(2026, 1, 1)])
    assert json.loads(out) == json.loads(json.dumps(expected.to_dict()))
    assert not expected.comparable[0, 1]
    code, out, _ = _design(run, *argv)
    assert "dk-br18-2023 ~ se-boverket-2023-proposal: NOT comparable (" in out
    code, out, _ = _design(run, *argv, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["schedule"] for r in rows if r["limit_id"] == ""] == [
        "dk-br18-2023",
        "se-boverket-2023-proposal",
    ]


# --- propose -----------------------------------------------------------------------------


def test_propose_writes_a_draft_that_check_accepts(
    run: Run, stock_csv: Path, tmp_path: Path
) -> None:
    draft_path = tmp_path / "draft.toml"
    code, out, err = _design(
        run, "propose", str(stock_csv), "--metric-from", "dk-br18-2023",
        "--start", "2026-01-01:p50", "--target", "2030-01-01:5", "--rounding", "1",
        "--id", "harbour-draft", "-o", str(draft_path),
    )  # fmt: skip
    assert (code, out, err) == (0, "", "")
    draft = load_schedule(draft_path)
    expected = design.propose(
        read_stock(stock_csv),
        catalogue.get("dk-br18-2023").limits[0],
        start=(dt.date(2026, 1, 1), "p50"),
        target=(dt.date(2030, 1, 1), 5.0),
        rounding=1.0,
        schedule_id="harbour-draft",
    )
    assert draft.status.value == "draft"
    assert draft.id == "harbour-draft"
    steps = [(s.start, s.value) for c in draft.limits[0].categories.values() for s in c.steps]
    expected_steps = [
        (s.start, s.value) for c in expected.limits[0].categories.values() for s in c.steps
    ]
    assert steps == expected_steps
    # p50 = 11.0 in 2026, the target 5 in 2030; the 2028 step halfway, 8.
    assert [value for _, value in steps] == [11.0, 8.0, 5.0]
    building = tmp_path / "building.toml"
    building.write_text(BUILDING, encoding="utf-8")
    code, out, err = run("check", str(building), "--schedule", str(draft_path))
    assert (code, err) == (0, "")
    assert "[pass]" in out


@pytest.mark.parametrize(("fmt", "first"), [("json", "{"), ("csv", "limit_id,category,from")])
def test_propose_formats(run: Run, stock_csv: Path, fmt: str, first: str) -> None:
    code, out, _ = _design(
        run, "propose", str(stock_csv), "--metric-from", "dk-br18-2023",
        "--start", "2026-01-01:12", "--target", "2030-01-01:0.5", "--format", fmt,
    )  # fmt: skip
    assert code == 0
    assert out.startswith(first)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert (rows[0]["from"], rows[0]["value"]) == ("2026-01-01", "12.0")
        assert (rows[-1]["from"], rows[-1]["value"]) == ("2030-01-01", "6.0")


def test_propose_categories(run: Run, stock_csv: Path) -> None:
    # Per m² per year: offices a 8.0, b 10.0 (e has no reference area, f no value); multi-
    # family c 12.0, d 13.0. Per use, p50: offices 9.0, multi-family 12.5. Halved by 2030
    # and rounded half up to 0.5: offices 9.0, 6.75 -> 7.0, 4.5; multi-family 12.5,
    # 9.375 -> 9.5, 6.25 -> 6.5.
    argv = [
        "propose", str(stock_csv), "--metric-from", "dk-br18-2023", "--start",
        "2026-01-01:p50", "--target", "2030-01-01:0.5", "--rounding", "0.5", "--format", "csv",
    ]  # fmt: skip
    code, out, err = _design(run, *argv, "--categories", "use")
    assert (code, err) == (0, "")
    steps = [(r["category"], r["from"], r["value"]) for r in csv.DictReader(io.StringIO(out))]
    assert sorted(steps) == [
        ("multi_family_housing", "2026-01-01", "12.5"),
        ("multi_family_housing", "2028-01-01", "9.5"),
        ("multi_family_housing", "2030-01-01", "6.5"),
        ("office", "2026-01-01", "9.0"),
        ("office", "2028-01-01", "7.0"),
        ("office", "2030-01-01", "4.5"),
    ]
    # BR18 2023 has one category for every use: its categories give the default's steps
    # (p50 of all four, 11.0; 8.25 -> 8.5; 5.5).
    _, by_limit, _ = _design(run, *argv, "--categories", "limit")
    _, default, _ = _design(run, *argv)
    rows = [(r["from"], r["value"]) for r in csv.DictReader(io.StringIO(by_limit))]
    assert rows == [("2026-01-01", "11.0"), ("2028-01-01", "8.5"), ("2030-01-01", "5.5")]
    assert [(r["from"], r["value"]) for r in csv.DictReader(io.StringIO(default))] == rows


GOOD_OPTIONS = {
    "pass-rates": {"--schedule": "dk-br18-2023"},
    "propose": {
        "--metric-from": "dk-br18-2023",
        "--start": "2026-01-01:p80",
        "--target": "2030-01-01:0.5",
    },
}


@pytest.mark.parametrize(
    ("action", "option", "value", "message"),
    [
        ("pass-rates", "--on", "2026-02-30", "--on must be a date YYYY-MM-DD; got '2026-02-30'"),
        ("pass-rates", "--project", "-0.03", "--project must be CHANGE:UNTIL"),
        ("pass-rates", "--project", "-1.5:2030-01-01", "--project must be CHANGE:UNTIL with a"),
        ("pass-rates", "--project", "-0.03:2030", "--project must be a date YYYY-MM-DD"),
        ("propose", "--start", "2026-01-01", "--start must be DATE:pNN or DATE:VALUE; got"),
        (
            "propose",
            "--start",
            "2026-01-01:-3",
            (
                "--start must be DATE:pNN or DATE:VALUE with a percentile pNN or a value "
                "greater than 0; got '2026-01-01:-3'"
            ),
        ),
        ("propose", "--target", "2030-01-01:p50", "--target must be DATE:VALUE with a value"),
        ("propose", "--target", "2030-13-01:0.5", "--target must be a date YYYY-MM-DD; got"),
        ("propose", "--every-years", "0", "--every-years must be a whole number of years"),
        ("propose", "--rounding", "nan", "--rounding must be a number greater than 0; got"),
    ],
)
def test_bad_options_are_usage_errors_naming_option_and_value(
    run: Run, stock_csv: Path, action: str, option: str, value: str, message: str
) -> None:
    options = {**GOOD_OPTIONS[action], option: value}
    argv = [x for pair in options.items() for x in pair]
    code, out, err = _design(run, action, str(stock_csv), *argv)
    assert (code, out) == (2, "")
    assert f"argument {option}: {message}" in err


def test_a_bad_start_percentile_names_start(run: Run, stock_csv: Path) -> None:
    code, _, err = _design(
        run, "propose", str(stock_csv), "--metric-from", "dk-br18-2023",
        "--start", "2026-01-01:p101", "--target", "2030-01-01:0.5",
    )  # fmt: skip
    assert code == 2
    assert "`--start`" in err
    assert "'p101'" in err


def test_the_output_never_overwrites_an_input(run: Run, stock_csv: Path) -> None:
    before = stock_csv.read_text(encoding="utf-8")
    code, out, err = _design(
        run, "percentile", str(stock_csv), "--metric-from", "dk-br18-2023",
        "-q", "50", "-o", str(stock_csv),
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert "is one of the input files" in err
    assert stock_csv.read_text(encoding="utf-8") == before


# --- plots -------------------------------------------------------------------------------


def test_plots_of_pass_rates_comparisons_and_drafts(
    run: Run, stock_csv: Path, tmp_path: Path
) -> None:
    pytest.importorskip("matplotlib")
    rates_png, compare_svg, draft_svg = (
        tmp_path / "rates.png",
        tmp_path / "compare.svg",
        tmp_path / "draft.svg",
    )
    stock = str(stock_csv)
    code, _, err = _design(
        run, "pass-rates", stock, "--schedule", "dk-br18-2023", "--plot", str(rates_png)
    )
    assert (code, err) == (0, "")
    assert rates_png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    code, _, err = _design(
        run, "compare", stock, "--schedule", "dk-br18-2023", "--schedule", "dk-br18-2025",
        "--plot", str(compare_svg),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert compare_svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    code, _, err = _design(
        run, "propose", stock, "--metric-from", "dk-br18-2023", "--start", "2026-01-01:p50",
        "--target", "2030-01-01:5", "--plot", str(draft_svg), "-o", str(tmp_path / "d.toml"),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "<svg" in draft_svg.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "compare.svg",
        "d.toml",
        "draft.svg",
        "rates.png",
        "stock.csv",
    ]


@pytest.mark.parametrize(
    ("plot", "output", "message"),
    [
        ("rates.pdf", None, "must end in one of .png, .svg"),
        ("same.png", "same.png", "is also the -o output file"),
        ("stock.csv", None, "must end in one of .png, .svg"),
    ],
)
def test_a_bad_plot_path_is_refused_before_any_work(
    run: Run, stock_csv: Path, tmp_path: Path, plot: str, output: str | None, message: str
) -> None:
    argv = ["pass-rates", str(stock_csv), "--schedule", "dk-br18-2023"]
    argv += ["--plot", str(tmp_path / plot)]
    argv += ["-o", str(tmp_path / output)] if output else []
    code, out, err = _design(run, *argv)
    assert (code, out) == (2, "")
    assert message in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stock.csv"]


def test_a_schedule_file_with_a_limit_id(run: Run, stock_csv: Path, tmp_path: Path) -> None:
    schedule_file = tmp_path / "danish.toml"
    dump_schedule(catalogue.get("dk-br18-2025"), schedule_file)
    argv = ["percentile", str(stock_csv), "-q", "50", "--format", "json", "--metric-from"]
    code, out, _ = _design(run, *argv, f"{schedule_file}:construction_process")
    assert code == 0
    # No building of the stock gives A4-A5: none has a value for that limit.
    assert json.loads(out)["groups"][0]["n_used"] == 0
    code, out, err = _design(run, *argv, str(schedule_file))
    assert (code, out) == (2, "")
    assert "which has 2 limits (building, construction_process)" in err
    before = schedule_file.read_bytes()
    code, out, err = _design(run, *argv, f"{schedule_file}:building", "-o", str(schedule_file))
    assert (code, out) == (2, "")
    assert "is one of the input files" in err
    assert schedule_file.read_bytes() == before
