"""Mapping files: any table read unchanged as a stock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from climatelimits.exceptions import DataFormatError
from climatelimits.io import load_stock_mapping, read_stock, read_stock_with_provenance
from climatelimits.lifecycle import ModuleSet
from climatelimits.stocks import check_stock

HEAD = 'format = "climatelimits.stock-mapping/1"\n'

REGISTER = (
    "Building,Type,Floor area (m2),Heated (m2),Years,Embodied (t),Intensity,Scope B6\n"
    "H-1,Kontor,1000,1200,50,1.5,6.5,yes\n"
    "H-2,Etagebolig,2000,2100,50,0,5.25,no\n"
    "H-3,Kontor,800,900,50,,7.0,yes\n"
)


def _files(tmp_path: Path, mapping: str, table: str = REGISTER) -> tuple[Path, Path]:
    csv_path = tmp_path / "register.csv"
    csv_path.write_text(table, encoding="utf-8")
    mapping_path = tmp_path / "register.toml"
    mapping_path.write_text(HEAD + mapping, encoding="utf-8")
    return csv_path, mapping_path


USE_MAP = """
[values.use]
column = "Type"
map = { Kontor = "office", Etagebolig = "multi_family_housing" }
"""


def test_renames_constants_value_maps_and_tonnes(tmp_path: Path) -> None:
    table, mapping = _files(
        tmp_path,
        'name = "register"\n[columns]\nid = "Building"\n'
        '[constants]\ncountry = "DK"\npermit_application = 2024-05-01\n'
        + USE_MAP
        + '[[areas]]\ncolumn = "Floor area (m2)"\narea = "dk_reference"\n'
        '[[results]]\ncolumn = "Embodied (t)"\nindicator = "gwp_total"\nmodules = "A1-A3"\n'
        'unit = "t CO2e"\n',
    )
    stock = read_stock(table, mapping)
    assert stock.name == "register"
    assert stock.ids.tolist() == ["H-1", "H-2", "H-3"]
    assert [u.value for u in (stock.building(i).use for i in range(3))] == [
        "office",
        "multi_family_housing",
        "office",
    ]
    assert stock.country.tolist() == ["DK", "DK", "DK"]
    assert str(stock.date("permit_application")[2]) == "2024-05-01"
    assert stock.area("dk_reference").tolist() == [1000.0, 2000.0, 800.0]
    column = stock.results[("gwp_total", ModuleSet.parse("A1-A3"))]
    # 1.5 t = 1500 kg; 0 t is a declared zero; an empty cell is not declared.
    assert column.values.tolist() == [1500.0, 0.0, 0.0]
    assert column.declared.tolist() == [True, True, False]
    assert read_stock(table, mapping, name="other").name == "other"


INTENSITY = """
[columns]
id = "Building"
reference_study_period = "Years"
[[areas]]
column = "Floor area (m2)"
area = "dk_reference"
[[areas]]
column = "Heated (m2)"
area = "dk_heated"
[[results]]
column = "Intensity"
indicator = "gwp_total"
modules = "A1-A3,B4,B6,C3-C4"
unit = "kg CO2e/m^2/a"
per_area = "Floor area (m2)"
per_period = "Years"
"""


def test_intensities_become_totals_exactly_and_are_recorded(tmp_path: Path) -> None:
    table, mapping = _files(tmp_path, USE_MAP + INTENSITY)
    reading = read_stock_with_provenance(table, mapping)
    column = reading.stock.results[("gwp_total", ModuleSet.parse("A1-A3,B4,B6,C3-C4"))]
    # 6.5 x 1000 m² x 50 a, 5.25 x 2000 x 50, 7.0 x 800 x 50 (kg CO2e over the period)
    assert column.values.tolist() == [325000.0, 525000.0, 280000.0]
    assert column.declared.all()
    assert (
        "gwp_total.A1-A3,B4,B6,C3-C4 <- Intensity [kg CO2e/m²/a] x Floor area (m2) [m²] "
        "x Years [a]: 3 rows declared"
    ) in reading.provenance
    # Checked per m² per year again, the intensity comes back: BR18 2023 (limit 12.0).
    assessment = check_stock(reading.stock, "dk-br18-2023", on=dt.date(2024, 1, 1))
    assert assessment.value[:2].tolist() == [6.5, 5.25]
    # H-3 has 900 m² heated floor area: the 2023 limit applies only above 1000 m².
    assert [s.value for s in assessment.status] == ["pass", "pass", "not_applicable"]


def test_an_intensity_per_m2_with_a_fixed_period(tmp_path: Path) -> None:
    table, mapping = _files(
        tmp_path,
        USE_MAP + '[columns]\nid = "Building"\n'
        '[[results]]\ncolumn = "Intensity"\nindicator = "gwp_total"\nmodules = "A1-A3"\n'
        'unit = "g CO2e/m^2/a"\nper_area = "Floor area (m2)"\nper_period = 50\n',
    )
    column = read_stock(table, mapping).results[("gwp_total", ModuleSet.parse("A1-A3"))]
    # g -> kg: 6.5 g x 1000 m² x 50 a = 325 kg
    assert column.values.tolist() == pytest.approx([325.0, 525.0, 280.0], rel=1e-15)


def test_the_filter_keeps_rows_and_ids_keep_their_source_row(tmp_path: Path) -> None:
    table, mapping = _files(
        tmp_path,
        USE_MAP + '[id]\ntemplate = "{row}-{Building}"\n'
        "[filter]\nall = [\n"
        '  { column = "Type", in = ["Kontor"] },\n'
        '  { not = { column = "Floor area (m2)", below = 900 } },\n'
        '  { any = [{ column = "Years", equals = 50 }, { column = "Years", empty = true }] },\n'
        "]\n",
    )
    reading = read_stock_with_provenance(table, mapping)
    assert reading.stock.ids.tolist() == ["1-H-1"]
    assert "filter kept 1 of 3 rows (2 left out)" in reading.provenance


SCOPE = """
[columns]
id = "Building"
[[results]]
column = "Intensity"
indicator = "gwp_total"
modules = "B6-B7"
unit = "kg CO2e/m^2/a"
per_area = "Floor area (m2)"
per_period = "Years"
[assessed]
yes = ["yes"]
no = ["no"]
[assessed.flags]
B6 = "Scope B6"
"""


def test_modules_flagged_not_assessed_are_not_declared_never_zero(tmp_path: Path) -> None:
    register = REGISTER.replace("2000,2100,50,0,5.25,no", "2000,2100,50,0,,no")
    table, mapping = _files(tmp_path, USE_MAP + SCOPE + 'B7 = "Scope B6"\n', register)
    stock = read_stock(table, mapping)
    column = stock.results[("gwp_total", ModuleSet.parse("B6-B7"))]
    # Row 2: flagged not assessed -> an explicit "not declared" entry, not a zero.
    assert column.declared.tolist() == [True, False, True]
    assert column.listed.tolist() == [True, True, True]
    assert column.values.tolist() == [325000.0, 0.0, 280000.0]
    entries = stock.building(1).results["gwp_total"].entries
    assert [(str(e.modules), e.value) for e in entries] == [("B6-B7", None)]


def test_a_value_where_every_module_is_flagged_not_assessed_is_an_error(tmp_path: Path) -> None:
    table, mapping = _files(
        tmp_path, USE_MAP + SCOPE.replace('B6 = "Scope B6"', '"B6-B7" = "Scope B6"')
    )
    with pytest.raises(DataFormatError) as caught:
        read_stock(table, mapping)
    message = str(caught.value)
    assert message.startswith(f"{table}: row 2 (line 3), column `Intensity`: has a value")
    assert str(mapping) in message
    assert "value_when_not_assessed" in message


def test_a_group_keeps_only_its_assessed_modules(tmp_path: Path) -> None:
    # The flag covers B6 only: where it says no, the value is B7's, and B6 is not declared.
    table, mapping = _files(tmp_path, USE_MAP + SCOPE)
    stock = read_stock(table, mapping)
    b6, b7, both = (ModuleSet.parse(m) for m in ("B6", "B7", "B6-B7"))
    assert stock.results[("gwp_total", both)].declared.tolist() == [True, False, True]
    assert stock.results[("gwp_total", b7)].values.tolist() == [0.0, 525000.0, 0.0]
    assert stock.results[("gwp_total", b7)].declared.tolist() == [False, True, False]
    nd = stock.results[("gwp_total", b6)]
    assert nd.listed.tolist() == [False, True, False]
    assert not nd.declared.any()


def test_not_declared_instead_of_an_error_when_asked(tmp_path: Path) -> None:
    text = SCOPE.replace('B6 = "Scope B6"', '"B6-B7" = "Scope B6"').replace(
        'no = ["no"]', 'no = ["no"]\nvalue_when_not_assessed = "not_declared"'
    )
    table, mapping = _files(tmp_path, USE_MAP + text)
    reading = read_stock_with_provenance(table, mapping)
    column = reading.stock.results[("gwp_total", ModuleSet.parse("B6-B7"))]
    assert column.declared.tolist() == [True, False, True]
    assert column.listed.tolist() == [True, True, True]
    assert any("1 rows with a value though every module" in p for p in reading.provenance)


def test_areas_by_a_definition_column(tmp_path: Path) -> None:
    table = (
        "Building,Type,Area,Definition\n"
        "a,Kontor,100,BR18\n"
        "b,Kontor,200,BBR\n"
        "c,Kontor,300,SS 21054\n"
    )
    csv_path, mapping = _files(
        tmp_path,
        USE_MAP + '[columns]\nid = "Building"\n'
        '[[areas]]\ncolumn = "Area"\nby = "Definition"\n'
        'map = { BR18 = "dk_reference", "SS 21054" = "se_bta" }\n',
        table,
    )
    reading = read_stock_with_provenance(csv_path, mapping)
    assert np.isnan(reading.stock.area("dk_reference")).tolist() == [False, True, True]
    assert reading.stock.area("se_bta")[2] == 300.0
    assert (
        "Area: 1 rows whose Definition the mapping does not name: their area is not stated "
        "under any definition"
    ) in reading.provenance


def test_two_results_for_one_module_on_a_row_are_refused(tmp_path: Path) -> None:
    table, mapping = _files(
        tmp_path,
        USE_MAP + '[columns]\nid = "Building"\n'
        '[[results]]\ncolumn = "Embodied (t)"\nindicator = "gwp_total"\nmodules = "A1-A3"\n'
        'unit = "t CO2e"\n'
        '[[results]]\ncolumn = "Intensity"\nindicator = "gwp_total"\nmodules = "A1-A5"\n'
        'unit = "kg CO2e"\n',
    )
    with pytest.raises(DataFormatError) as caught:
        read_stock(table, mapping)
    assert str(caught.value) == (
        f"{table}: row 1 (line 2): `results[1]` (Intensity, gwp_total A1-A5) and "
        "`results[0]` (Embodied (t), gwp_total A1-A3) both give values for the row; give "
        f"one a `where` in {mapping}"
    )


def test_an_unknown_value_names_row_column_and_map(tmp_path: Path) -> None:
    table, mapping = _files(
        tmp_path,
        USE_MAP + '[columns]\nid = "Building"\n',
        REGISTER + "H-4,Slot,10,10,50,1,1,yes\n",
    )
    with pytest.raises(DataFormatError) as caught:
        read_stock(table, mapping)
    assert str(caught.value) == (
        f"{table}: row 4 (line 5), column `Type`: 'Slot' is not in the mapping's "
        f"`values.use.map` ({mapping}); add it there"
    )


def test_a_bad_cell_under_a_filter_names_its_source_row(tmp_path: Path) -> None:
    table, mapping = _files(
        tmp_path,
        USE_MAP + '[columns]\nid = "Building"\n[[areas]]\ncolumn = "Heated (m2)"\n'
        'area = "dk_heated"\n[filter]\ncolumn = "Type"\nequals = "Kontor"\n',
        REGISTER + "H-4,Kontor,10,-1,50,1,1,yes\n",
    )
    with pytest.raises(DataFormatError) as caught:
        read_stock(table, mapping)
    assert str(caught.value) == (
        f"{table}: row 4 (line 5), column `area.dk_heated` must be greater than 0 m²; got -1 m²"
    )


@pytest.mark.parametrize(
    ("text", "key", "rule"),
    [
        ('format = "other/1"\n', "format", "must be 'climatelimits.stock-mapping/1'"),
        ("colour = 1\n", "(top level)", "has unknown keys ['colour']"),
        ('[columns]\nid = "Building"\n', "(top level)", "must give the layout column `use`"),
        ('[columns]\nid = "A"\nuse = "B"\nheight = "C"\n', "columns.height", "must be a column"),
        (
            '[columns]\nid = "A"\nuse = "B"\n[constants]\nuse = "office"\n',
            "constants.use",
            "gives the column `use` that `columns.use` gives",
        ),
        (
            '[columns]\nid = "A"\n[values.use]\ncolumn = "B"\nmap = { x = "castle" }\n',
            "values.use.map.x",
            "must be a use",
        ),
        (
            '[columns]\nid = "A"\nuse = "B"\n[[areas]]\ncolumn = "C"\narea = "bta"\n',
            "areas[0].area",
            "must be an area definition",
        ),
        (
            (
                '[columns]\nid = "A"\nuse = "B"\n[[results]]\ncolumn = "C"\nindicator = "co2"\n'
                'modules = "A1"\n'
            ),
            "results[0].indicator",
            "must be an indicator id",
        ),
        (
            (
                '[columns]\nid = "A"\nuse = "B"\n[[results]]\ncolumn = "C"\n'
                'indicator = "gwp_total"\nmodules = "A1"\nunit = "kg CO2e/m^2/a"\n'
            ),
            "results[0].unit",
            "(an intensity needs per_area and per_period)",
        ),
        (
            '[columns]\nid = "A"\nuse = "B"\n[filter]\ncolumn = "C"\nabove = "x"\n',
            "filter.above",
            "must be a number",
        ),
        (
            '[columns]\nid = "A"\nuse = "B"\n[filter]\ncolumn = "C"\neval = "1"\n',
            "filter",
            "has unknown keys ['eval']",
        ),
        (
            '[columns]\nid = "A"\nuse = "B"\n[assessed]\nyes = ["y"]\nno = ["y"]\nflags = {}\n',
            "assessed",
            "must not share a value",
        ),
        # An unclosed brace was kept as text: every id became '{code', refused later as a
        # repeated id on row 2 of the table.
        (
            '[id]\ntemplate = "{code"\n[columns]\nuse = "B"\n',
            "id.template",
            "must write each field in a pair of braces, as in '{row}:{code}'; got '{code'",
        ),
        ('[id]\ntemplate = "{row}}"\n[columns]\nuse = "B"\n', "id.template", "got '{row}}'"),
    ],
)
def test_mapping_errors_name_file_and_key(tmp_path: Path, text: str, key: str, rule: str) -> None:
    path = tmp_path / "m.toml"
    body = text if text.startswith("format") else HEAD + text
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataFormatError) as caught:
        load_stock_mapping(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: `{key}` ")
    assert rule in message


def test_a_column_the_table_lacks_names_the_mapping_key_and_the_table(tmp_path: Path) -> None:
    table, mapping = _files(tmp_path, USE_MAP + '[columns]\nid = "Bygning"\n')
    with pytest.raises(DataFormatError) as caught:
        read_stock(table, mapping)
    assert str(caught.value) == (
        f"{mapping}: `columns.id` names the column 'Bygning', which {table} does not have"
    )


def test_a_mapping_that_is_not_toml_is_named(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text("format = \n", encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"m\.toml: not valid TOML"):
        load_stock_mapping(path)


def test_a_number_in_a_condition_compares_numbers(tmp_path: Path) -> None:
    register = REGISTER.replace("H-3,Kontor,800,900,50,", "H-3,Kontor,800,900,50.0,")
    table, mapping = _files(
        tmp_path,
        USE_MAP + '[columns]\nid = "Building"\n[filter]\ncolumn = "Years"\nequals = 50\n',
        register,
    )
    assert read_stock(table, mapping).ids.tolist() == ["H-1", "H-2", "H-3"]


def test_a_condition_on_a_cell_that_is_not_a_number_names_it(tmp_path: Path) -> None:
    table, mapping = _files(
        tmp_path,
        USE_MAP + '[columns]\nid = "Building"\n[filter]\ncolumn = "Scope B6"\nabove = 1\n',
    )
    with pytest.raises(DataFormatError) as caught:
        read_stock(table, mapping)
    assert str(caught.value) == (
        f"{table}: row 1 (line 2), column `Scope B6`: `filter` in {mapping} compares "
        "numbers; got 'yes'"
    )


@pytest.mark.parametrize(
    ("constant", "rule"),
    [
        ('"area.se_bta" = -100', "must be greater than 0 m²; got -100 m²"),
        ("reference_study_period = 0", "must be longer than 0 years"),
        ("reference_study_period = nan", "must be a finite number; got nan"),
        ('"gwp_total.A1-A3" = inf', "must be a finite number; got inf"),
        ('use = "castle"', "must be a use, one of detached_house"),
        ('country = "dk"', "must be an ISO 3166-1 alpha-2 code such as 'SE'; got 'dk'"),
        ('permit_application = "2024-02-30"', "must be a date written YYYY-MM-DD"),
        ('tags = "Public"', "must hold lower-case identifiers; got 'Public'"),
    ],
)
def test_a_constant_that_breaks_its_rule_names_the_mapping_key(
    tmp_path: Path, constant: str, rule: str
) -> None:
    # A constant is the same on every row: its error is the mapping file's, not a row's of
    # the table (it used to name "register.csv: row 1 (line 2)"), and a NaN was read as
    # "not stated".
    layout = constant.split(" = ", maxsplit=1)[0].strip('"')
    uses = "" if layout == "use" else 'use = "office"\n'
    text = f'[columns]\nid = "Building"\n[constants]\n{uses}{constant}\n'
    table, mapping = _files(tmp_path, text)
    with pytest.raises(DataFormatError) as caught:
        read_stock(table, mapping)
    message = str(caught.value)
    assert message.startswith(f"{mapping}: `constants.{layout}` {rule}")
