"""Reading and writing building and schedule files, and their error messages."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import attrs
import pytest

import climatelimits as cl
from climatelimits.io import building_to_dict

K3_TOML = """\
format = "climatelimits.building/1"
id = "oceanhamnen-k3"
name = "Oceanhamnen block K3, multi-family housing (example)"
country = "SE"
use = "multi_family_housing"
reference_study_period = "50 year"

[dates]
permit_application = 2026-03-02
completion = 2028-06-30

[areas]
se_bta = "5200 m^2"

[results.gwp_ghg]
unit = "kg CO2e"
"A1-A3" = 1248000
A4 = 41600
A5 = 88400

[results.gwp_total]
unit = "kg CO2e"
"A1-A3" = 1248000
A4 = 41600
A5 = 88400
"""


def test_example_building_loads_exactly_as_written(examples_dir: Path) -> None:
    building = cl.load_building(examples_dir / "oceanhamnen-k3.toml")
    assert building.id == "oceanhamnen-k3"
    assert building.name == "Oceanhamnen block K3, multi-family housing (example)"
    assert building.country == "SE"
    assert building.use is cl.UseCategory.MULTI_FAMILY_HOUSING
    assert building.reference_study_period == cl.registry().Quantity(50, "year")
    assert building.dates == cl.BuildingDates(
        permit_application=dt.date(2026, 3, 2), completion=dt.date(2028, 6, 30)
    )
    assert building.areas["se_bta"] == cl.registry().Quantity(5200, "m^2")
    for indicator in ("gwp_ghg", "gwp_total"):
        results = building.results[indicator]
        assert results.get("A1-A3") == cl.registry().Quantity(1248000, "kg CO2e")
        assert results.get("A4") == cl.registry().Quantity(41600, "kg CO2e")
        assert results.get("A5") == cl.registry().Quantity(88400, "kg CO2e")
        assert results.get("B4") is cl.NOT_DECLARED
    assert building == cl.loads_building(K3_TOML)


def test_example_schedule_loads_exactly_as_written(examples_dir: Path) -> None:
    schedule = cl.load_schedule(examples_dir / "example-tightening.toml")
    assert schedule.id == "example-tightening"
    assert schedule.status is cl.ScheduleStatus.ILLUSTRATIVE
    assert schedule.date_basis is cl.DateBasis.PERMIT_APPLICATION
    (limit,) = schedule.limits
    assert limit.id == "building"
    assert limit.title == "A1-A5 climate impact"
    assert limit.mixed_use is cl.MixedUsePolicy.NONE
    assert limit.allow_loosening is False
    assert limit.metric.modules == cl.ModuleSet.parse("A1-A5")
    assert limit.metric.area == "se_bta"
    assert limit.metric.per_year is False
    assert limit.metric.decimals == 0
    assert limit.metric.unit == cl.registry().Unit("kg CO2e / m^2")
    assert list(limit.categories) == ["multi_family_housing"]
    category = limit.categories["multi_family_housing"]
    assert category.uses == (cl.UseCategory.MULTI_FAMILY_HOUSING,)
    assert category.size is None
    assert category.tags == ()
    steps = category.steps
    assert [(s.start, s.value) for s in steps] == [
        (dt.date(2024, 7, 1), 300.0),
        (dt.date(2026, 1, 1), 260.0),
        (dt.date(2028, 1, 1), 220.0),
        (dt.date(2030, 1, 1), 180.0),
    ]
    assert schedule.sources == (cl.Source("Where the numbers come from", "https://example.org/"),)
    assert schedule.applies_when == ()
    assert schedule.exemptions == ()
    assert dict(schedule.tags) == {}


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_files_round_trip(tmp_path: Path, examples_dir: Path, suffix: str) -> None:
    building = cl.load_building(examples_dir / "oceanhamnen-k3.toml")
    for schedule in (
        cl.load_schedule(examples_dir / "example-tightening.toml"),
        cl.catalogue.get("helsingborg-oceanhamnen-illustrative"),
    ):
        cl.dump_schedule(schedule, tmp_path / f"s{suffix}")
        assert cl.load_schedule(tmp_path / f"s{suffix}") == schedule
    cl.dump_building(building, tmp_path / f"b{suffix}")
    assert cl.load_building(tmp_path / f"b{suffix}") == building


def test_json_building_uses_iso_dates_and_not_declared_marker() -> None:
    building = cl.loads_building(K3_TOML + 'B2 = "not declared"\n')
    document = json.loads(cl.dumps_building(building, format="json"))
    assert document["dates"] == {"permit_application": "2026-03-02", "completion": "2028-06-30"}
    assert document["results"]["gwp_total"]["B2"] == "not declared"
    assert cl.loads_building(json.dumps(document), format="json") == building
    assert building_to_dict(building)["format"] == "climatelimits.building/1"


def test_results_in_tonnes_load_to_the_same_building() -> None:
    tonnes = K3_TOML.replace('unit = "kg CO2e"', 'unit = "t CO2e"')
    tonnes = tonnes.replace("1248000", "1248").replace("41600", "41.6").replace("88400", "88.4")
    assert cl.loads_building(tonnes) == cl.loads_building(K3_TOML)


def _problems(text: str, *, kind: str = "building") -> tuple[str, ...]:
    loader = cl.loads_building if kind == "building" else cl.loads_schedule
    with pytest.raises(cl.DataFormatError) as info:
        loader(text, source="x.toml")
    assert str(info.value).startswith("x.toml: ")
    return info.value.problems


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            ("A4 = 41600", 'A4 = "abc"'),
            "`results.gwp_total.A4` must be a number, a number with its unit (e.g. "
            "'12.5 kg CO2e') or 'not declared'; got 'abc'",
            id="result-not-a-number",
        ),
        pytest.param(
            ("A4 = 41600", 'A4 = "3 kg"'),
            "`results.gwp_total.A4` must be in a unit of [mass] * [co2e] such as 'kg CO2e'; "
            "got 3 kg ([mass])",
            id="result-in-plain-kg",
        ),
        pytest.param(
            ('unit = "kg CO2e"\n', ""),
            '`results.gwp_total.A1-A3` must state its unit: add `unit = "kg CO2e"` to the '
            "table; got 1248000",
            id="result-without-unit",
        ),
        pytest.param(
            ("A4 = 41600", "B9 = 41600"),
            "`results.gwp_total.B9` must be EN 15978 codes (A0-A5, B1-B8, C1-C4, D) or "
            "ranges such as 'A1-A3'; got 'B9' in 'B9'",
            id="unknown-module",
        ),
        pytest.param(
            ('use = "multi_family_housing"', 'use = "flats"'),
            "`use` must be one of 'detached_house', 'row_house', 'farmhouse', 'holiday_home', "
            "'multi_family_housing', 'office', 'education', 'preschool', 'institution', "
            "'retail', 'warehouse', 'hotel', 'care_home', 'hospital', 'sports_hall', "
            "'parking', 'other'; got 'flats'",
            id="unknown-use",
        ),
        pytest.param(
            ("permit_application = 2026-03-02", 'permit_application = "2026-13-02"'),
            "`dates.permit_application` must be a date (YYYY-MM-DD); got '2026-13-02'",
            id="bad-date",
        ),
        pytest.param(
            ('reference_study_period = "50 year"', "reference_study_period = 50"),
            '`reference_study_period` must be a number with its unit as text, e.g. "50 year" '
            'or "50 m^2"; got the bare number 50',
            id="period-without-unit",
        ),
        pytest.param(
            ('country = "SE"', 'country = "SE"\ncolour = "red"'),
            "the document has unknown keys: colour (check the spelling)",
            id="unknown-key",
        ),
        pytest.param(
            ('se_bta = "5200 m^2"', 'se_bta = "5200 kg"'),
            "`areas.se_bta` must be in a unit of [length] ** 2 such as 'm²'; got 5200 kg ([mass])",
            id="area-in-kg",
        ),
        pytest.param(
            ('se_bta = "5200 m^2"', 'se_bta = "lots"'),
            "`areas.se_bta` must be a number followed by a unit, e.g. '5200 m^2'; got 'lots'",
            id="area-not-a-number",
        ),
        pytest.param(
            ('reference_study_period = "50 year"', 'reference_study_period = "fifty years"'),
            "`reference_study_period` must be a number followed by a unit, e.g. '5200 m^2'; "
            "got 'fifty years'",
            id="period-not-a-number",
        ),
        pytest.param(
            ('se_bta = "5200 m^2"', 'bta = "5200 m^2"'),
            "`areas` keys must be area definitions (dk_floor, dk_heated, dk_reference, "
            "dk_reference_2025, eu_ufa, fi_heated_net, fr_sref, gfa, nl_bvo, nl_go, se_bta); "
            "got 'bta'",
            id="unknown-area",
        ),
        pytest.param(
            ("A4 = 41600", "A1 = 41600"),
            "`results.gwp_total` entries must not overlap; got A1 and A1-A3, which share A1",
            id="overlapping-keys",
        ),
    ],
)
def test_building_errors_name_the_path(change: tuple[str, str], expected: str) -> None:
    text = K3_TOML.replace(*change)
    assert text != K3_TOML
    assert expected in _problems(text)


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    text = K3_TOML.replace("A4 = 41600", 'A4 = "abc"', 1).replace(
        'use = "multi_family_housing"', 'use = "x"'
    )
    assert len(_problems(text)) == 2


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "k3.toml"
    path.write_text(K3_TOML.replace("A4 = 41600", 'A4 = "abc"', 1), encoding="utf-8")
    message = f"{path}: `results.gwp_ghg.A4` must be a number, a number with its unit"
    with pytest.raises(cl.DataFormatError, match=re.escape(message)):
        cl.load_building(path)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("b.yaml", "", "the file name must end in .toml or .json; got '.yaml'"),
        ("b.toml", "id = ", "not valid TOML"),
        ("b.json", "{", "not valid JSON at line 1, column 2"),
        ("b.json", "[]", "the document must be a table; got list"),
        (
            "b.toml",
            'id = "x"',
            "`format` is required: start the document with format = 'climatelimits.building/1'",
        ),
        (
            "b.toml",
            'format = "climatelimits.schedule/1"',
            "`format` must be 'climatelimits.building/1'; got 'climatelimits.schedule/1'",
        ),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(cl.DataFormatError, match=re.escape(expected)):
        cl.load_building(path)


def test_missing_file_is_a_data_format_error(tmp_path: Path) -> None:
    with pytest.raises(cl.DataFormatError, match="cannot be read"):
        cl.load_building(tmp_path / "missing.toml")


SCHEDULE_TOML = (Path(__file__).parents[2] / "examples" / "example-tightening.toml").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            ('status = "illustrative"', 'status = "law"'),
            "`status` must be one of 'in_force', 'adopted', 'proposal', 'voluntary', "
            "'land_allocation', 'illustrative', 'superseded', 'draft'; got 'law'",
            id="status",
        ),
        pytest.param(
            ("per_year = false", 'per_year = "no"'),
            "`limits[0].metric.per_year` must be true or false; got 'no'",
            id="per-year-not-bool",
        ),
        pytest.param(
            ('unit = "kg CO2e / m^2"', 'unit = "kg CO2e / m^2 / year"'),
            "`limits[0].metric.unit` must be kg CO2e per m² (not per year) for gwp_total, e.g. "
            "'kg CO2e/m²'; got 'kg CO2e/m²/a'",
            id="unit-per-year-on-total-metric",
        ),
        pytest.param(
            ('unit = "kg CO2e / m^2"', 'unit = "EUR / m^2"'),
            "`limits[0].metric.unit` must be kg CO2e per m² (not per year) for gwp_total, e.g. "
            "'kg CO2e/m²'; got 'EUR/m²'",
            id="unit-in-euro",
        ),
        pytest.param(
            ("value = 260 }", "value = 360 }"),
            "`limits[0].categories.multi_family_housing.steps` must not increase (set "
            "allow_loosening = true if the rule really loosens); got 300 from 2024-07-01 then "
            "360 from 2026-01-01 kg CO2e/m²",
            id="loosening",
        ),
        pytest.param(
            ("from = 2026-01-01", "from = 2024-07-01"),
            "`limits[0].categories.multi_family_housing.steps` must be strictly increasing in "
            "date; got 2024-07-01 after 2024-07-01",
            id="same-date",
        ),
        pytest.param(
            ("{ from = 2024-07-01, value = 300 }", "{ from = 2024-07-01, value = 300, x = 1 }"),
            "`limits[0].categories.multi_family_housing.steps[0]` has unknown keys: x (check the "
            "spelling)",
            id="unknown-step-key",
        ),
        pytest.param(
            ("[limits.categories.multi_family_housing]", "[limits.categories.flats]"),
            "`limits[0].categories.flats.uses` must list the uses it covers",
            id="unknown-category",
        ),
        pytest.param(
            ("[limits.categories.multi_family_housing]", "[limits.categories.Flats]"),
            "`limits[0].categories` keys must be lower-case identifiers",
            id="category-not-an-identifier",
        ),
    ],
)
def test_schedule_errors_name_the_path(change: tuple[str, str], expected: str) -> None:
    text = SCHEDULE_TOML.replace(*change, 1)
    assert text != SCHEDULE_TOML
    problems = _problems(text, kind="schedule")
    assert any(p.startswith(expected) for p in problems), problems


def test_loosening_is_accepted_when_the_schedule_says_so() -> None:
    text = SCHEDULE_TOML.replace("value = 260 }", "value = 360 }").replace(
        'title = "A1-A5 climate impact"',
        'title = "A1-A5 climate impact"\nallow_loosening = true',
    )
    schedule = cl.loads_schedule(text)
    limit = schedule.limit("building")
    assert limit.allow_loosening is True
    assert limit.categories["multi_family_housing"].steps[1].value == 360.0


# -- the documented examples ------------------------------------------------------------------
FILE_FORMATS = Path(__file__).parents[2] / "docs" / "explanation" / "file-formats.md"


def _documented(kind: str) -> list[str]:
    text = FILE_FORMATS.read_text(encoding="utf-8")
    # A file the page shows in order to show its errors (k3-broken.toml) is not a document.
    text = re.sub(r"<!-- file: [\w.-]*broken[\w.-]* -->\s*```\w*\n.*?```", "", text, flags=re.S)
    blocks = re.findall(rf"```{kind}\n(.*?)```", text, flags=re.DOTALL)
    return [
        b for b in blocks if "climatelimits.building/1" in b or "climatelimits.schedule/1" in b
    ]


@pytest.mark.parametrize("kind", ["toml", "json"])
def test_every_complete_document_in_the_file_format_page_loads(kind: str) -> None:
    documents = _documented(kind)
    assert len(documents) >= (4 if kind == "toml" else 2)
    for document in documents:
        if "climatelimits.building/1" in document:
            cl.loads_building(document, format=kind, source="file-formats.md")
        else:
            cl.loads_schedule(document, format=kind, source="file-formats.md")


def test_the_file_format_page_shows_the_example_files_as_they_are(examples_dir: Path) -> None:
    documents = _documented("toml")
    for name in ("oceanhamnen-k3.toml", "example-tightening.toml"):
        assert (examples_dir / name).read_text(encoding="utf-8") in documents, name


def test_the_per_year_example_gives_the_documented_verdict() -> None:
    # The fuller building (80 % office, 20 % retail): 1680 t CO2e / 4000 m² / 50 years =
    # 8.4 kg CO2e/m²/year; limit 0.8 x 9.0 + 0.2 x 10.0 = 9.2 until 2028, 8.4 from 2029.
    (mixed,) = [d for d in _documented("json") if '"example-mixed"' in d]
    (per_year,) = [d for d in _documented("toml") if '"example-per-year"' in d]
    building = cl.loads_building(mixed, format="json")
    schedule = cl.loads_schedule(per_year)
    unit = "kg CO2e / m^2 / year"
    on_completion = cl.check(building, schedule).checks[0]
    assert on_completion.status is cl.CheckStatus.PASS
    assert on_completion.limit == cl.registry().Quantity(9.2, unit)
    assert on_completion.compared_value == cl.registry().Quantity(8.4, unit)
    later = cl.check(building, schedule, on=dt.date(2029, 1, 1)).checks[0]
    assert later.status is cl.CheckStatus.PASS
    assert later.limit == cl.registry().Quantity(8.4, unit)


def _dk_building(use: str, per_year: float, day: str, **areas: str) -> cl.Building:
    """1000 m² reference area, ``per_year`` kg CO2e/m²/year over A1-A3 (50 years), 1.0 over A4."""
    return cl.Building(
        "b",
        use,
        dates=cl.BuildingDates(permit_application=day),
        areas={"dk_reference": "1000 m^2", **areas},
        reference_study_period="50 year",
        results={
            "gwp_total": cl.IndicatorResults.from_mapping(
                "gwp_total",
                {"A1-A3": per_year * 50_000, "A4": 50_000, "A5": 0, "B4": 0, "B6": 0, "C3-C4": 0},
                unit="kg CO2e",
            )
        },
    )


@pytest.mark.parametrize(
    ("use", "per_year", "day", "areas", "tags", "statuses"),
    [
        pytest.param(
            "office",
            7.0,
            "2026-03-02",
            {"dk_heated": "50 m^2"},
            (),
            ["not_applicable"] * 2,
            id="at-threshold",
        ),
        pytest.param(
            "office", 7.0, "2026-03-02", {}, (), ["incomplete"] * 2, id="threshold-area-missing"
        ),
        pytest.param(
            "row_house",
            9.0,
            "2026-03-02",
            {"dk_heated": "200 m^2"},
            ("extension",),
            ["exempt"] * 2,
            id="exempt-extension",
        ),
        pytest.param(
            "row_house",
            9.0,
            "2026-03-02",
            {"dk_heated": "200 m^2"},
            ("temporary",),
            ["exempt"] * 2,
            id="exempt-temporary",
        ),
        pytest.param(
            "row_house",
            6.0,
            "2027-05-01",
            {"dk_heated": "300 m^2"},
            (),
            ["pass", "pass"],
            id="window-meets-both",
        ),
        pytest.param(
            "row_house",
            6.5,
            "2027-05-01",
            {"dk_heated": "300 m^2"},
            (),
            ["incomplete", "pass"],
            id="window-meets-one",
        ),
        pytest.param(
            "row_house",
            6.8,
            "2027-05-01",
            {"dk_heated": "300 m^2"},
            (),
            ["fail", "pass"],
            id="window-fails-both",
        ),
        pytest.param(
            "row_house",
            6.5,
            "2028-01-01",
            {"dk_heated": "300 m^2"},
            (),
            ["fail", "pass"],
            id="after-window",
        ),
        pytest.param(
            "holiday_home",
            5.0,
            "2026-03-02",
            {"dk_heated": "300 m^2", "dk_floor": "149 m^2"},
            (),
            ["fail", "pass"],
            id="small-holiday-home",
        ),
        pytest.param(
            "holiday_home",
            5.0,
            "2026-03-02",
            {"dk_heated": "300 m^2", "dk_floor": "150 m^2"},
            (),
            ["pass", "pass"],
            id="large-holiday-home",
        ),
        pytest.param(
            "holiday_home",
            5.0,
            "2026-03-02",
            {"dk_heated": "300 m^2"},
            (),
            ["incomplete", "pass"],
            id="holiday-home-floor-missing",
        ),
        pytest.param(
            "office",
            7.0,
            "2029-01-01",
            {"dk_heated": "300 m^2"},
            (),
            ["incomplete", "pass"],
            id="value-not-confirmed",
        ),
    ],
)
def test_the_every_rule_example_gives_the_documented_verdicts(
    use: str,
    per_year: float,
    day: str,
    areas: dict[str, str],
    tags: tuple[str, ...],
    statuses: list[str],
) -> None:
    # The construction process, 1.0 kg CO2e/m²/year (50 000 kg / 1000 m² / 50 years), is
    # within its 1.5 wherever the schedule applies.
    (document,) = [d for d in _documented("toml") if '"example-every-rule"' in d]
    schedule = cl.loads_schedule(document)
    building = attrs.evolve(_dk_building(use, per_year, day, **areas), tags=tags)
    assessment = cl.check(building, schedule)
    assert [c.status.value for c in assessment.checks] == statuses
