"""Stocks: construction, the table layout, views, check_stock on official cases, summaries."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import climatelimits as cl
from climatelimits import catalogue, design
from climatelimits.cli import main
from climatelimits.exceptions import DataFormatError, InvalidInputError, UnknownReferenceError
from climatelimits.io import dump_building
from climatelimits.stocks import ResultColumn
from climatelimits.testing.stocks import stock_buildings

D = dt.date
BR18_2023 = catalogue.get("dk-br18-2023")


def danish_columns(per_m2_year: list[float], **extra: Any) -> dict[str, Any]:
    """Danish offices whose A1-A3 alone gives each value over 50 years on 2000 m²."""
    n = len(per_m2_year)
    columns: dict[str, Any] = {
        "id": [f"dk{i}" for i in range(n)],
        "use": ["office"] * n,
        "permit_application": ["2024-05-01"] * n,
        "reference_study_period": [50] * n,
        "area.dk_reference": [2000.0] * n,
        "area.dk_heated": [2000.0] * n,
        "gwp_total.A1-A3": [v * 2000.0 * 50 for v in per_m2_year],
    }
    for modules in ("A4", "A5", "B4", "B6", "C3", "C4"):
        columns[f"gwp_total.{modules}"] = [0.0] * n
    columns.update(extra)
    return columns


# -- check_stock on the official rounding example ------------------------------------------
def test_br18_rounding_example_over_a_stock() -> None:
    # BR18 guidance 2.1: "12,047 ... afrundes til 12,0": passes the 12.0 limit of 2023;
    # 12.06 rounds to 12.1 and 12.05 to 12.1 (half up): both fail.
    stock = cl.Stock.from_columns(danish_columns([12.047, 12.06, 12.05, 11.0]))
    result = cl.check_stock(stock, BR18_2023)
    assert [s.value for s in result.status] == ["pass", "fail", "fail", "pass"]
    np.testing.assert_allclose(result.compared_value, [12.0, 12.1, 12.1, 11.0])
    np.testing.assert_allclose(result.limit, [12.0] * 4)
    np.testing.assert_allclose(result.margin, [0.0, -0.1, -0.1, 1.0], atol=1e-12)
    summary = result.summary()
    assert dict(summary.overall.counts) == {
        "pass": 2,
        "fail": 2,
        "not_applicable": 0,
        "exempt": 0,
        "incomplete": 0,
        "disclosed": 0,
    }
    assert summary.pass_rate == 0.5
    # dk-br18-2023 has one category for every use, "any".
    assert list(summary.by_category) == ["any"]
    assert summary.to_dict()["by_category"]["any"]["pass_rate"] == 0.5
    assert dict(summary.building_verdicts) == {"pass": 2, "fail": 2, "no_verdict": 0}


def test_threshold_and_missing_area_over_a_stock() -> None:
    # BR18 2023 applies only above 1000 m² heated floor area: 900 m² is not applicable,
    # a building without the heated area gets no verdict.
    columns = danish_columns([10.0, 10.0, 10.0])
    columns["area.dk_heated"] = [2000.0, 900.0, ""]
    result = cl.check_stock(cl.Stock.from_columns(columns), BR18_2023)
    assert [s.value for s in result.status] == ["pass", "not_applicable", "incomplete"]
    assert "900 m²" in result.reason(1)
    assert "states no" in result.reason(2)
    assert result.passed.tolist() == [1, -1, -1]


def test_two_limits_give_two_rows_per_building() -> None:
    schedule = catalogue.get("dk-br18-2025")
    columns = danish_columns([6.0, 9.0], permit_application=["2025-08-01", "2025-08-01"])
    stock = cl.Stock.from_columns(columns)
    result = cl.check_stock(stock, schedule)
    assert len(result) == 4
    for i in range(len(stock)):
        assert result.assessment(i) == cl.check(stock.building(i), schedule)
    assert sorted(result.summary().by_limit) == sorted(limit.id for limit in schedule.limits)


def test_check_stock_takes_catalogue_ids_and_sequences() -> None:
    stock = cl.Stock.from_columns(danish_columns([10.0]))
    single = cl.check_stock(stock, "dk-br18-2023")
    several = cl.check_stock(stock, ["dk-br18-2023", BR18_2023])
    assert isinstance(several, tuple)
    assert len(several) == 2
    assert single.assessment(0) == several[1].assessment(0)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("not a stock", "`stock` must be a Stock"),
        (None, "`stock` must be a Stock"),
    ],
)
def test_check_stock_refuses_what_is_not_a_stock(given: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        cl.check_stock(given, BR18_2023)


def test_check_stock_refuses_a_datetime_and_an_unknown_schedule() -> None:
    stock = cl.Stock.from_columns(danish_columns([10.0]))
    with pytest.raises(InvalidInputError, match="`on` must be a date"):
        cl.check_stock(stock, BR18_2023, on=dt.datetime(2025, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(UnknownReferenceError):
        cl.check_stock(stock, "no-such-schedule")


# -- the table layout ---------------------------------------------------------------------
def test_three_states_survive_the_table() -> None:
    stock = cl.Stock.from_columns(
        {
            "id": ["a", "b", "c"],
            "use": ["office"] * 3,
            "area.se_bta": [1000, 1000, 1000],
            "gwp_ghg.A1-A5": [300000, 0, ""],
            "gwp_ghg.C1-C4": ["", "ND", 5],
        }
    )
    a15 = stock.results[("gwp_ghg", cl.ModuleSet.parse("A1-A5"))]
    assert a15.declared.tolist() == [True, True, False]
    assert a15.values.tolist() == [300000.0, 0.0, 0.0]
    c14 = stock.results[("gwp_ghg", cl.ModuleSet.parse("C1-C4"))]
    assert c14.declared.tolist() == [False, False, True]
    assert c14.listed.tolist() == [False, True, True]
    assert stock.building(1).results["gwp_ghg"].to_mapping() == {
        "A1-A5": 0.0,
        "C1-C4": cl.NOT_DECLARED,
    }
    assert "C1-C4" not in stock.building(0).results["gwp_ghg"].to_mapping()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": ["red"] * 8}, "column `colour` is not part of the stock table layout"),
        ({"use": ["office"] * 6 + ["castle", "office"]}, "row 7, column `use` must be a use"),
        (
            {"permit_application": ["2024-05-01"] * 6 + ["2024-13-01", "2024-05-01"]},
            "row 7, column `permit_application` must be a date written YYYY-MM-DD",
        ),
        (
            {"permit_application": ["2024-05-01"] * 6 + ["20240501", "2024-05-01"]},
            "row 7, column `permit_application` must be a date written YYYY-MM-DD",
        ),
        (
            {"area.dk_reference": [2000.0] * 6 + [-5.0, 2000.0]},
            "row 7, column `area.dk_reference` must be greater than 0 m²; got -5 m²",
        ),
        (
            {"gwp_total.A1-A3": ["1"] * 6 + ["12,5", "1"]},
            (
                r"row 7, column `gwp_total.A1-A3` must be a number \[kg CO2e\] "
                r"\(use a decimal point, not a comma\)"
            ),
        ),
        (
            {"gwp_total.A1-A3": [1.0] * 6 + [float("inf"), 1.0]},
            "row 7, column `gwp_total.A1-A3` must be a finite number",
        ),
        ({"id": [f"dk{i}" for i in range(7)] + ["dk0"]}, "row 8, column `id` repeats"),
        ({"area.not_an_area": [1.0] * 8}, "must name an area definition"),
        ({"gwp_total.A1-A3,A2": [1.0] * 8}, "repeats the results of another column|overlap"),
    ],
)
def test_bad_cells_name_row_and_column(change: dict[str, Any], message: str) -> None:
    columns = danish_columns([10.0] * 8)
    columns.update(change)
    with pytest.raises(DataFormatError, match=message) as caught:
        cl.Stock.from_columns(columns, source="buildings.csv")
    assert str(caught.value).startswith("buildings.csv: ")


def test_overlapping_entries_of_one_row_are_refused() -> None:
    with pytest.raises(DataFormatError, match="of row 1: gwp_total entries must not overlap"):
        cl.Stock.from_columns(
            {
                "id": ["a"],
                "use": ["office"],
                "gwp_total.A1-A3": [1.0],
                "gwp_total.A1": [1.0],
            }
        )


def test_parts_in_the_same_table() -> None:
    schedule = catalogue.get("fi-2026")
    columns = {
        "id": ["m", "m", "m"],
        "part": ["", "flats", "shop"],
        "use": ["multi_family_housing", "multi_family_housing", "retail"],
        "use_shares": ["multi_family_housing:0.8;retail:0.2", "", ""],
        "permit_application": ["2026-03-01", "", ""],
        "reference_study_period": [50, "", ""],
        "area.fi_heated_net": ["", 800, 200],
    }
    stock = cl.Stock.from_columns(columns)
    assert len(stock) == 1
    building = stock.building(0)
    assert [p.id for p in building.parts] == ["flats", "shop"]
    assert building.mixed_use
    result = cl.check_stock(stock, schedule)
    assert result.part.tolist() == ["flats", "shop"]
    assert result.assessment(0) == cl.check(building, schedule)


def test_a_part_row_may_not_restate_the_buildings_date() -> None:
    columns = {
        "id": ["m", "m"],
        "part": ["", "flats"],
        "use": ["office", "office"],
        "permit_application": ["2026-03-01", "2026-03-01"],
    }
    with pytest.raises(DataFormatError, match="row 2, column `permit_application` must be empty"):
        cl.Stock.from_columns(columns)


def test_a_part_id_may_not_repeat_within_its_building(tmp_path: Path) -> None:
    # Building.parts refuses repeated part ids; the table used to take them, and
    # stock.building(0) and check_stock(...).assessment(0) then failed.
    path = tmp_path / "stock.csv"
    path.write_text(
        "id,use,part\nm,office,\nm,office,flats\nn,office,\nn,office,flats\nm,retail,flats\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFormatError) as caught:
        cl.read_stock(path)
    assert str(caught.value) == (
        f"{path}: row 5 (line 6), column `part` repeats the part id 'flats' of building 'm' "
        "(row 2 (line 3)); part ids must be unique within a building"
    )


# -- views and round trips ---------------------------------------------------------------------
SCHEDULE_IDS = sorted(catalogue.ids())


@st.composite
def drawn_buildings(draw: st.DrawFn) -> list[cl.Building]:
    schedule = catalogue.get(draw(st.sampled_from(SCHEDULE_IDS)))
    n = draw(st.integers(1, 6))
    return [draw(stock_buildings(schedule, i)) for i in range(n)]


@settings(max_examples=60)
@given(drawn_buildings())
def test_buildings_round_trip_through_a_stock(buildings: list[cl.Building]) -> None:
    stock = cl.Stock.from_buildings(buildings)
    assert len(stock) == len(buildings)
    assert [stock.building(i) for i in range(len(stock))] == buildings
    assert list(stock) == buildings


@settings(max_examples=60)
@given(drawn_buildings())
def test_columns_and_frames_round_trip(buildings: list[cl.Building]) -> None:
    # Explicit not-declared entries become empty cells: compare the declared values.
    stock = cl.Stock.from_buildings(buildings)
    again = cl.Stock.from_columns(stock.to_columns())
    via_pandas = cl.Stock.from_frame(stock.to_frame())
    pa = pytest.importorskip("pyarrow")
    via_arrow = cl.Stock.from_frame(pa.Table.from_pandas(stock.to_frame()))
    for other in (again, via_pandas, via_arrow):
        assert other.to_columns().keys() == stock.to_columns().keys()
        for key, column in stock.to_columns().items():
            np.testing.assert_array_equal(other.to_columns()[key], column)


@settings(max_examples=30)
@given(drawn_buildings(), st.data())
def test_select_keeps_rows_and_their_parts(buildings: list[cl.Building], data: Any) -> None:
    stock = cl.Stock.from_buildings(buildings)
    rows = data.draw(st.lists(st.integers(0, len(stock) - 1), unique=True))
    picked = stock.select(np.array(rows, dtype=np.intp))
    assert [picked.building(i) for i in range(len(picked))] == [buildings[r] for r in rows]
    by_id = stock.select([buildings[r].id for r in rows])
    assert by_id.equals(picked)
    mask = np.isin(np.arange(len(stock)), rows)
    assert [b.id for b in stock.select(mask)] == [buildings[r].id for r in sorted(rows)]


def test_select_and_building_refuse_bad_rows() -> None:
    stock = cl.Stock.from_columns(danish_columns([10.0, 11.0]))
    with pytest.raises(InvalidInputError, match="one entry per building"):
        stock.select(np.array([True]))
    with pytest.raises(InvalidInputError, match="row numbers must be from 0 to 1"):
        stock.select(np.array([5]))
    with pytest.raises(UnknownReferenceError, match="'nope'"):
        stock.select(["nope"])
    with pytest.raises(InvalidInputError, match="`i` must be a row number"):
        stock.building(2)
    assert stock.index_of("dk1") == 1


@settings(max_examples=60)
@given(row=st.one_of(st.integers(-50, 50), st.booleans(), st.floats(), st.text(max_size=2)))
def test_a_row_number_of_an_assessment_is_checked(row: object) -> None:
    # Two buildings and two limits of dk-br18-2025: 4 verdict rows. A row outside them, or
    # not an integer, used to leak IndexError / TypeError (assessment(5), reason(True)).
    stock = cl.Stock.from_columns(danish_columns([10.0, 11.0]))
    result = cl.check_stock(stock, catalogue.get("dk-br18-2025"))
    for method, n, name in (
        (result.reason, 4, "row"),
        (result.limit_check, 4, "row"),
        (result.assessment, 2, "i"),
    ):
        valid = isinstance(row, int) and not isinstance(row, bool) and -n <= row < n
        if valid:
            assert method(row) == method(row % n)  # type: ignore[operator]
        else:
            with pytest.raises(InvalidInputError) as caught:
                method(row)  # type: ignore[arg-type]
            assert str(caught.value) == (
                f"`{name}` must be a row number from 0 to {n - 1}; got {row!r}"
            )


@settings(max_examples=60)
@given(
    picks=st.lists(st.integers(0, 3), max_size=6),
    as_ids=st.booleans(),
)
def test_select_picks_each_building_at_most_once(picks: list[int], as_ids: bool) -> None:
    # A stock's ids are unique: select([0, 0]) or select(["dk0", "dk0"]) used to return a
    # stock holding dk0 twice (and its parts once).
    stock = cl.Stock.from_columns(danish_columns([10.0, 11.0, 12.0, 13.0]))
    which: Any = [f"dk{i}" for i in picks] if as_ids else np.array(picks, dtype=np.intp)
    if len(set(picks)) == len(picks):
        assert stock.select(which).ids.tolist() == [f"dk{i}" for i in picks]
        return
    twice = next(i for i in sorted(picks) if picks.count(i) > 1)
    with pytest.raises(InvalidInputError) as caught:
        stock.select(which)
    assert str(caught.value) == (
        f"`which` must pick each building at most once; got row {twice} (id 'dk{twice}') "
        "more than once"
    )


@pytest.mark.parametrize("which", [None, slice(0, 1), 1.5, np.array([0.0]), [1.5]])
def test_select_refuses_what_is_neither_mask_rows_nor_ids(which: object) -> None:
    # These leaked a bare TypeError, or read a float as an id.
    stock = cl.Stock.from_columns(danish_columns([10.0, 11.0]))
    with pytest.raises(InvalidInputError) as caught:
        stock.select(which)
    assert str(caught.value).startswith(
        "`which` must be a boolean mask, row numbers or building ids; got "
    )


def test_column_lookups_refuse_unknown_names_as_building_does() -> None:
    # Stock.area("dk_refrence") gave NaN for every building ("not stated"), where
    # Building.area refuses the unknown definition; Stock.date("bogus") raised a bare
    # ValueError; has_tags("public") looked up the tags "p", "u", ...
    stock = cl.Stock.from_columns(danish_columns([10.0, 11.0], tags=["public", ""]))
    with pytest.raises(
        UnknownReferenceError, match=r"`area` must be one of .*; got 'dk_refrence'"
    ):
        stock.area("dk_refrence")
    assert np.isnan(stock.area("se_bta")).all()  # a known definition, not stated
    with pytest.raises(UnknownReferenceError) as caught:
        stock.date("permit")
    assert str(caught.value) == (
        "`basis` must be a date basis (permit_application, construction_start, completion); "
        "got 'permit'"
    )
    assert stock.has_tags("public").tolist() == [True, False]
    assert stock.has_tags(["public"]).tolist() == [True, False]


def test_columns_are_read_only() -> None:
    stock = cl.Stock.from_columns(danish_columns([10.0]))
    with pytest.raises(ValueError, match="read-only"):
        stock.area("dk_reference")[0] = 1.0
    result = cl.check_stock(stock, BR18_2023)
    with pytest.raises(ValueError, match="read-only"):
        result.limit[0] = 1.0


def test_result_column_refuses_a_value_it_does_not_list() -> None:
    with pytest.raises(InvalidInputError, match="`declared` of row 1 must be false"):
        ResultColumn(np.zeros(1), np.ones(1, bool), np.zeros(1, bool))
    with pytest.raises(InvalidInputError, match=r"`values` of row 1 must be a finite .*got nan"):
        ResultColumn.build([np.nan], [True])


def test_stock_and_assessment_pickle() -> None:
    stock = cl.Stock.from_columns(danish_columns([10.0, 13.0]), name="two offices")
    again = pickle.loads(pickle.dumps(stock))
    assert again.equals(stock)
    assert again.name == "two offices"
    # Unpickled columns are as read-only as the originals.
    with pytest.raises(ValueError, match="read-only"):
        again.area("dk_reference")[0] = 1.0
    column = next(iter(again.results.values()))
    with pytest.raises(ValueError, match="read-only"):
        column.values[0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        again.ids[0] = "x"
    result = cl.check_stock(again, BR18_2023)
    assert [s.value for s in result.status] == ["pass", "fail"]


def test_missing_pandas_cells_are_empty() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "id": pd.array(["a", "b"], dtype="string"),
            "use": pd.array(["office", "office"], dtype="string"),
            "country": pd.array(["SE", pd.NA], dtype="string"),
            "area.se_bta": pd.array([1000.0, None], dtype="Float64"),
        }
    )
    stock = cl.Stock.from_frame(frame)
    assert stock.country.tolist() == ["SE", None]
    assert np.isnan(stock.area("se_bta")[1])


def test_to_frame_has_the_csv_columns() -> None:
    result = cl.check_stock(cl.Stock.from_columns(danish_columns([10.0, 13.0])), BR18_2023)
    frame = result.to_frame()
    assert list(frame.columns) == [
        "id",
        "part",
        "schedule",
        "limit_id",
        "category",
        "status",
        "limit",
        "value",
        "compared_value",
        "margin",
        "unit",
        "effective_from",
        "complies_until",
        "reason",
    ]
    assert frame["status"].tolist() == ["pass", "fail"]
    assert frame["unit"].tolist() == ["kg CO2e/m²/a"] * 2
    assert frame["reason"][1] == result.reason(1)


@pytest.mark.parametrize("given", ["building", 5, "text", None])
def test_from_buildings_refuses_what_is_not_a_collection_of_buildings(given: object) -> None:
    # One Building (not iterable) leaked "TypeError: 'Building' object is not iterable"; a
    # text was read letter by letter.
    building = cl.Building(id="a", use="office")
    value = building if given == "building" else given
    with pytest.raises(InvalidInputError) as caught:
        cl.Stock.from_buildings(value)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "`buildings` must be an iterable of Building objects (a list; Stock.of_building "
        f"takes one); got {type(value).__name__}"
    )
    assert len(cl.Stock.from_buildings(iter([building]))) == 1


@pytest.mark.parametrize(
    ("a1_a3", "b4", "area"),
    [
        (1e308, 1e308, 2000.0),  # the total overflows
        (1e10, 0.0, 1e-300),  # the quotient by the area overflows
    ],
)
def test_a_value_beyond_a_float_is_refused_naming_the_building(
    a1_a3: float, b4: float, area: float
) -> None:
    # Such a value was judged "fail" at inf kg CO2e/m²/a, with numpy's RuntimeWarning
    # (an exception under -W error), "Infinity" in JSON (not JSON) and a plot that crashed
    # with exit code 4.
    columns = danish_columns([10.0, 11.0])
    columns["id"] = ["ok", "huge"]
    columns["gwp_total.A1-A3"][1] = a1_a3
    columns["gwp_total.B4"][1] = b4
    columns["area.dk_reference"][1] = area
    stock = cl.Stock.from_columns(columns)
    schedule = catalogue.get("dk-br18-2023")
    message = (
        "`results` of building 'huge': gwp_total over A1-A3,B4,B6,C3-C4 per m² dk_reference "
        "under limit building of schedule dk-br18-2023 must be a finite number of "
        "kg CO2e/m²/a; its results and areas give inf (a float holds at most about 1.8e308)"
    )
    with pytest.raises(InvalidInputError) as caught:
        cl.check_stock(stock, schedule)
    assert str(caught.value) == message
    with pytest.raises(InvalidInputError) as caught:
        cl.check(stock.building(1), schedule)
    assert str(caught.value) == message
    # The design functions read the same values: percentiles and drafts refuse it too
    # (they gave NaN percentiles, and a draft failed naming no field).
    limit = schedule.limits[0]
    alone = message.replace(" under limit building of schedule dk-br18-2023", "")
    with pytest.raises(InvalidInputError) as caught:
        design.percentile(stock, limit.metric, 50)
    assert str(caught.value) == alone
    assert cl.check(stock.building(0), schedule).checks[0].status.value == "pass"


def test_an_overflowing_value_under_a_metric_without_decimals_is_refused_not_warned() -> None:
    # Boverket's proposal (report 2023:20) sets no decimals: the value is kept to 12
    # significant digits before it is compared. An infinite value (two results near the
    # largest float, 1.8e308 kg CO2e) made that step warn "invalid value encountered in
    # multiply" (a RuntimeWarning, an exception under -W error) before the error below.
    results = cl.IndicatorResults.from_mapping(
        "gwp_ghg", {"A1-A3": 1.7e308, "A4": 1.7e308, "A5": 0.0}, unit="kg CO2e"
    )
    building = cl.Building(
        "huge",
        "multi_family_housing",
        dates=cl.BuildingDates(permit_application="2026-03-02"),
        areas={"se_bta": "5200 m^2"},
        results={"gwp_ghg": results},
    )
    message = (
        "`results` of building 'huge': gwp_ghg over A1-A5 per m² se_bta under limit building "
        "of schedule se-boverket-2023-proposal must be a finite number of kg CO2e/m²; its "
        "results and areas give inf (a float holds at most about 1.8e308)"
    )
    with pytest.raises(InvalidInputError) as caught:
        cl.check(building, catalogue.get("se-boverket-2023-proposal"))
    assert str(caught.value) == message


def test_a_next_step_whose_first_day_is_not_confirmed_says_so() -> None:
    # BR18 2025, offices (the ministry's table, sm.dk May 2024): 7.5 kg CO2e/m²/a from
    # 2025-07-01, then 6.8 "in 2027" on a day not confirmed (the catalogue: 2027-01-01 at
    # the earliest, 2027-12-31 at the latest). 7.0 passes now and would exceed 6.8.
    stock = cl.Stock.from_columns(
        danish_columns(
            [7.0], permit_application=["2026-01-01"], **{"area.dk_reference_2025": [2000.0]}
        )
    )
    schedule = catalogue.get("dk-br18-2025")
    for assessment in (
        cl.check(stock.building(0), schedule),
        cl.check_stock(stock, schedule).assessment(0),
    ):
        following = assessment.checks[0].next_step
        assert following is not None
        assert (following.start, following.latest_from) == (
            dt.date(2027, 1, 1),
            dt.date(2027, 12, 31),
        )
        assert following.limit.magnitude == pytest.approx(6.8)
        assert following.passes is False
        assert following.describe_start() == (
            "a day between 2027-01-01 and 2027-12-31 (not confirmed)"
        )
        assert assessment.to_dict()["checks"][0]["next_step"] == {
            "from": "2027-01-01",
            "limit": 6.8,
            "passes": False,
            "latest_from": "2027-12-31",
        }


def test_the_command_line_says_a_next_first_day_is_not_confirmed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stock = cl.Stock.from_columns(
        danish_columns(
            [7.0], permit_application=["2026-01-01"], **{"area.dk_reference_2025": [2000.0]}
        )
    )
    path = tmp_path / "office.toml"
    dump_building(stock.building(0), path)
    assert main(["check", str(path), "--schedule", "dk-br18-2025"]) == 0
    assert (
        "  next step from a day between 2027-01-01 and 2027-12-31 (not confirmed): limit "
        "6.8 kg CO2e/m²/a; this building would exceed it.\n"
    ) in capsys.readouterr().out
