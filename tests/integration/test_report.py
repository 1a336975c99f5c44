"""HTML reports (``climatelimits.report`` and ``climatelimits report``).

Every report is parsed with html5lib's strict parser and checked to load nothing (the
``parse_report`` fixture of tests/conftest.py). The expected values are worked out by hand
from the example building examples/oceanhamnen-k3.toml: A1-A3 1,248,000 kg CO2e and A1-A5
1,248,000 + 41,600 + 88,400 = 1,378,000 kg CO2e on 5200 m² BTA, that is 240 and 265
kg CO2e/m².
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from climatelimits import check, load_building, load_schedule
from climatelimits._version import __version__
from climatelimits.exceptions import InvalidInputError, MissingOptionalDependencyError
from climatelimits.io import read_stock
from climatelimits.report import _environment, render_building, render_stock

Run = Callable[..., tuple[int, str, str]]
Parse = Callable[[str], Any]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BUILDING = EXAMPLES / "oceanhamnen-k3.toml"

# Two limits on the example building: A1-A3 at 250 (240 passes by 10) and A1-A5 at 260
# (265 fails by 5), each tightening to 200 on 2028-01-01.
HEADER = """\
format = "climatelimits.schedule/1"
id = "two-limits"
title = "Two limits {title}"
jurisdiction = "SE"
status = "{status}"
date_basis = "permit_application"
notes = '''{notes}'''

[[sources]]
id = "src"
title = "Where the numbers come from"
url = "https://example.org/limits"
section = "table 2"
retrieved = 2026-01-15
"""

LIMIT = """
[[limits]]
id = "{id}"
title = "{title}"
metric = {{ indicator = "gwp_total", modules = "{modules}", area = "se_bta", \
per_year = false, unit = "kg CO2e / m^2", decimals = 0 }}
[limits.categories.any]
title = "{title}"
sources = ["src"]
steps = [{{ from = 2024-01-01, value = {first} }}, {{ from = 2028-01-01, value = 200 }}]
"""

# A small stock checked against BR18 2023 (12.0 kg CO2e/m²/a over 50 years, one decimal,
# buildings above 1000 m² heated): totals / (2000 m² x 50 a) give a: 10.0 pass,
# b: 13.0 fail, c: 12.04 -> 12.0 pass; d has 900 m² heated (not applicable); e declares
# no result (incomplete). Pass rate 2 / 3 = 66.7 %.
STOCK = (
    'id,use,area.dk_reference,area.dk_heated,reference_study_period,"gwp_total.A1-A3,B4,B6,C3-C4"\n'
    "a,office,2000,2000,50,1000000\n"
    "b,office,2000,2000,50,1300000\n"
    "c,office,2000,2000,50,1204000\n"
    "d,office,900,900,50,100000\n"
    "e,multi_family_housing,2000,2000,50,\n"
)

GENERATED = dt.datetime(2026, 12, 5, 10, 30, tzinfo=dt.timezone.utc)


def _schedule_file(
    folder: Path,
    *,
    notes: str = "",
    title: str = "",
    status: str = "illustrative",
    limit_title: str = "",
) -> Path:
    """The two-limit schedule; ``limit_title`` titles the second limit and its category."""
    path = folder / "two-limits.toml"
    text = HEADER.format(notes=notes, title=title, status=status)
    text += LIMIT.format(id="products", modules="A1-A3", first=250, title="")
    text += LIMIT.format(id="building", modules="A1-A5", first=260, title=limit_title)
    path.write_text(text, encoding="utf-8")
    return path


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _table(tree: Any, header: str, index: int = 0) -> list[list[str]]:
    """Rows (cell texts) of the ``index``-th table whose header row has ``header``."""
    tables = [t for t in tree.iter("table") if header in [_text(th) for th in t.iter("th")]]
    return [[_text(cell) for cell in row] for row in tables[index].iter("tr")]


def _classes(tree: Any) -> set[str]:
    return {c for e in tree.iter() for c in (e.get("class") or "").split()}


def test_building_report_holds_every_verdict(tmp_path: Path, parse_report: Parse) -> None:
    schedule = load_schedule(_schedule_file(tmp_path))
    building = load_building(BUILDING)
    html = render_building(building, schedule, inputs=[str(BUILDING)], generated=GENERATED)
    tree = parse_report(html)
    assert tree.get("lang") == "en"
    assert _text(tree.find("head/title")) == "Embodied-carbon limits: building oceanhamnen-k3"
    meta = _text(tree.find(".//dl"))
    assert f"2026-12-05T10:30:00+00:00 by climatelimits {__version__}" in meta
    assert str(BUILDING) in meta
    rows = _table(tree, "Reason")
    assert rows[0][:9] == [
        "Limit", "Category", "Status", "Limit value", "Value", "Compared", "Margin", "Unit",
        "Step from",
    ]  # fmt: skip
    # limit id, category, status, limit, value, compared, margin, unit, step from,
    # complies until, next step
    assert rows[1][:11] == [
        "products", "any", "pass", "250", "240", "240", "10", "kg CO2e/m²", "2024-01-01",
        "2027-12-31", "200 from 2028-01-01 (would exceed it)",
    ]  # fmt: skip
    assert rows[2][:11] == [
        "building", "any", "fail", "260", "265", "265", "-5", "kg CO2e/m²", "2024-01-01",
        "-", "200 from 2028-01-01 (would exceed it)",
    ]  # fmt: skip
    # Every check's reason, as check() gives it, is in its row.
    assessment = check(building, schedule)
    assert [row[11] for row in rows[1:]] == [c.reason for c in assessment.checks]
    verdicts = _table(tree, "Verdict")
    assert verdicts[1] == ["two-limits", "illustrative", "2026-03-02", "FAILS"]


def test_building_report_shows_the_schedule_with_status_and_sources(
    tmp_path: Path, parse_report: Parse
) -> None:
    schedule = load_schedule(_schedule_file(tmp_path, notes="Derived from 12 cases."))
    tree = parse_report(render_building(load_building(BUILDING), schedule))
    section = next(s for s in tree.iter("section") if s.get("class") == "schedule")
    assert _text(section.find("h3")) == "Schedule 1: Two limits"
    banner = section.find("p[@class='banner']")
    assert _text(banner).startswith("ILLUSTRATIVE:")
    limits = [_text(h) for h in section.iter("h4")][:2]
    assert limits == ["Limit products", "Limit building"]
    assert _table(section, "From", 0)[1:] == [
        ["any", "every other use", "", "2024-01-01", "250", "src"],
        ["2028-01-01", "200", "src"],
    ]
    assert _table(section, "From", 1)[1:] == [
        ["any", "every other use", "", "2024-01-01", "260", "src"],
        ["2028-01-01", "200", "src"],
    ]
    links = [(a.get("href"), _text(a)) for a in section.iter("a")]
    assert links == [("https://example.org/limits", "Where the numbers come from")]
    assert "table 2; retrieved 2026-01-15" in _text(section)
    assert _text(section.find("div[@class='notes']")) == "Derived from 12 cases."


def test_a_schedule_in_force_has_no_banner(parse_report: Parse) -> None:
    tree = parse_report(render_building(load_building(BUILDING), "dk-br18-2025"))
    assert "banner" not in _classes(tree)
    status = [r for r in _table(tree, "Jurisdiction") if r[0] == "Status"]
    assert status == [["Status", "in_force"]]


def test_text_from_files_is_escaped(tmp_path: Path, parse_report: Parse) -> None:
    notes = "<script>alert(1)</script>"
    schedule = load_schedule(_schedule_file(tmp_path, notes=notes, title="<i>x</i>"))
    building = attrs.evolve(load_building(BUILDING), id="k3<b>bold</b>")
    html = render_building(building, schedule)
    tree = parse_report(html)  # no <script> element at all
    assert not [e for e in tree.iter() if e.tag in {"b", "i"}]
    assert "<script>" not in html
    assert _text(tree.find(".//div[@class='notes']")) == notes
    assert _text(tree.find(".//h1")) == "Embodied-carbon limits: building k3<b>bold</b>"
    assert "Two limits <i>x</i>" in _text(tree)


@given(
    name=st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cn")), min_size=1
    ).filter(str.strip),
    notes=st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cn"))),
)
def test_any_printable_text_is_shown_literally(name: str, notes: str) -> None:
    html5lib = pytest.importorskip("html5lib")
    schedule = attrs.evolve(load_schedule(EXAMPLES / "example-tightening.toml"), notes=notes)
    building = attrs.evolve(load_building(BUILDING), id=name)
    html = render_building(building, schedule, plots=False)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(html)
    assert "".join(tree.find(".//h1").itertext()) == f"Embodied-carbon limits: building {name}"
    shown = tree.find(".//div[@class='notes']")
    assert ("".join(shown.itertext()) if shown is not None else "") == notes.strip()


@given(notes=st.text())
def test_any_text_gives_a_valid_document(notes: str) -> None:
    html5lib = pytest.importorskip("html5lib")
    schedule = attrs.evolve(load_schedule(EXAMPLES / "example-tightening.toml"), notes=notes)
    html = render_building(load_building(BUILDING), schedule, plots=False)
    html5lib.HTMLParser(strict=True).parse(html)
    html.encode("utf-8")  # no lone surrogate left


def test_characters_html_cannot_hold_are_shown_as_escapes(parse_report: Parse) -> None:
    notes = "bell\x07 null\x00 c1\x85 nonchar\ufffe line\r\nnext"
    schedule = attrs.evolve(load_schedule(EXAMPLES / "example-tightening.toml"), notes=notes)
    tree = parse_report(render_building(load_building(BUILDING), schedule))
    shown = "".join(tree.find(".//div[@class='notes']").itertext())
    assert shown == "bell\\u0007 null\\u0000 c1\\u0085 nonchar\\ufffe line\nnext"


@pytest.fixture
def stock_csv(tmp_path: Path) -> Path:
    path = tmp_path / "stock.csv"
    path.write_text(STOCK, encoding="utf-8")
    return path


def test_stock_report_counts_and_pass_rates(stock_csv: Path, parse_report: Parse) -> None:
    stock = read_stock(stock_csv)
    html = render_stock(stock, "dk-br18-2023", on=dt.date(2024, 1, 1), inputs=[str(stock_csv)])
    tree = parse_report(html)
    assert _text(tree.find("head/title")) == "Embodied-carbon limits: stock stock"
    summary = next(s for s in tree.iter("section") if s.get("class") == "summary")
    assert _text(summary.find("h2")) == "Schedule dk-br18-2023 on 2024-01-01"
    assert _text(summary.find("p")) == (
        "5 buildings: 2 pass every limit, 1 fail one, 2 get no verdict."
    )
    rows = _table(summary, "pass rate", 0)
    assert rows[0] == [
        "", "pass", "fail", "incomplete", "not_applicable", "exempt", "disclosed", "rows",
        "pass rate",
    ]  # fmt: skip
    assert rows[1:] == [
        ["all rows", "2", "1", "1", "1", "0", "0", "5", "66.7 %"],
        ["category any", "2", "1", "1", "0", "0", "0", "4", "66.7 %"],
        ["category none", "0", "0", "0", "1", "0", "0", "1", "-"],
    ]
    assert _table(summary, "pass rate", 1)[1:] == [
        ["limit building", "2", "1", "1", "1", "0", "0", "5", "66.7 %"]
    ]
    assert "banner" in _classes(tree)  # BR18 2023 is superseded


def test_bad_arguments_are_named() -> None:
    building = load_building(BUILDING)
    with pytest.raises(InvalidInputError, match=re.escape("`building` must be a Building")):
        render_building("k3", "dk-br18-2025")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="must name at least one schedule"):
        render_building(building, [])
    with pytest.raises(InvalidInputError, match=re.escape("`stock` must be a Stock; got")):
        render_stock(building, "dk-br18-2025")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="`inputs` must be a sequence of file names"):
        render_building(building, "dk-br18-2025", inputs="k3.toml")
    with pytest.raises(InvalidInputError, match="`generated` must be a datetime; got 'today'"):
        render_building(building, "dk-br18-2025", generated="today")  # type: ignore[arg-type]


def test_provenance_must_be_texts(stock_csv: Path) -> None:
    with pytest.raises(InvalidInputError, match="`provenance` must be a sequence of texts"):
        render_stock(read_stock(stock_csv), "dk-br18-2023", provenance="read")


def test_without_jinja2_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    _environment.cache_clear()
    monkeypatch.setitem(sys.modules, "jinja2", None)
    try:
        with pytest.raises(
            MissingOptionalDependencyError, match=re.escape("climatelimits[report]")
        ):
            render_building(load_building(BUILDING), "dk-br18-2025")
    finally:
        _environment.cache_clear()


def test_cli_writes_a_building_report(tmp_path: Path, run: Run, parse_report: Parse) -> None:
    schedule = _schedule_file(tmp_path, notes="<script>alert(1)</script>")
    building = tmp_path / "k3.toml"
    text = BUILDING.read_text(encoding="utf-8")
    building.write_text(text.replace('id = "oceanhamnen-k3"', 'id = "k3<b>"'), encoding="utf-8")
    output = tmp_path / "report.html"
    code, out, err = run(
        "report", str(building), "--schedule", str(schedule), "--schedule", "dk-br18-2025",
        "-o", str(output),
    )  # fmt: skip
    assert (code, out, err) == (0, "", "")
    tree = parse_report(output.read_text(encoding="utf-8"))
    assert _text(tree.find(".//h1")) == "Embodied-carbon limits: building k3<b>"
    assert _text(tree.find(".//div[@class='notes']")) == "<script>alert(1)</script>"
    verdicts = [r[1:] for r in _table(tree, "Verdict")[1:]]
    assert verdicts == [
        ["illustrative", "2026-03-02", "FAILS"],
        ["in_force", "2026-03-02", "NO VERDICT"],
    ]
    inputs = [_text(li) for li in tree.find(".//dl/dd[2]").iter("li")]
    assert inputs == [str(building), str(schedule), "dk-br18-2025 (catalogue)"]


def test_cli_writes_a_stock_report(stock_csv: Path, run: Run, parse_report: Parse) -> None:
    output = stock_csv.with_name("report.html")
    code, out, err = run(
        "report", str(stock_csv), "--schedule", "dk-br18-2023", "--on", "2024-01-01",
        "-o", str(output),
    )  # fmt: skip
    assert (code, out, err) == (0, "", "")
    tree = parse_report(output.read_text(encoding="utf-8"))
    assert _table(tree, "pass rate")[1] == [
        "all rows",
        "2",
        "1",
        "1",
        "1",
        "0",
        "0",
        "5",
        "66.7 %",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ["notes.txt", "--schedule", "dk-br18-2025"],
            "BUILDING_OR_STOCK must be a building file (.toml, .json), a stock table (.csv, "
            ".parquet) or a folder of building files; got 'notes.txt'",
            id="unknown-kind",
        ),
        pytest.param(
            [str(BUILDING), "--schedule", "dk-br18-2025", "--mapping", "m.toml"],
            "--mapping applies to stock tables, not to a building file; got 'm.toml'",
            id="mapping-for-a-building",
        ),
        pytest.param(
            [str(BUILDING), "--schedule", "dk-br18-2025", "-o", str(BUILDING)],
            "is one of the input files and would be overwritten",
            id="output-is-input",
        ),
    ],
)
def test_cli_refuses_bad_input(run: Run, argv: list[str], message: str) -> None:
    before = BUILDING.read_bytes()
    code, out, err = run("report", *argv)
    assert (code, out) == (2, "")
    assert message in err
    assert BUILDING.read_bytes() == before


SVG = "{http://www.w3.org/2000/svg}"


def _svg_texts(tree: Any) -> list[str]:
    return ["".join(t.itertext()) for t in tree.iter(f"{SVG}text")]


def test_plots_are_inline_svg_with_unique_ids(tmp_path: Path, parse_report: Parse) -> None:
    schedule = load_schedule(_schedule_file(tmp_path))
    tree = parse_report(render_building(load_building(BUILDING), schedule))
    # Per limit (2): the building's modules against it, and its steps over time.
    figures = list(tree.iter("figure"))
    assert len(figures) == 4
    assert [len(list(f.iter(f"{SVG}svg"))) for f in figures] == [1, 1, 1, 1]
    captions = [_text(f.find("figcaption")) for f in figures]
    assert captions == [
        "Results per module against limit products",
        "Results per module against limit building",
        "Steps of limit products over time, per category",
        "Steps of limit building over time, per category",
    ]
    ids = [e.get("id") for e in tree.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) > 0
    # Every reference inside the SVG points at an element of the document.
    refs = [
        value[1:] if value.startswith("#") else value[5:-1]
        for e in tree.iter()
        for name, value in e.attrib.items()
        if (name.endswith("href") and value.startswith("#")) or value.startswith("url(#")
    ]
    assert refs
    assert set(refs) <= set(ids)


def test_text_drawn_in_plots_is_escaped(tmp_path: Path, parse_report: Parse) -> None:
    script = "<script>alert(1)</script>"
    path = _schedule_file(tmp_path, limit_title=script)
    building = attrs.evolve(load_building(BUILDING), id="k3<b>")
    html = render_building(building, load_schedule(path))
    tree = parse_report(html)  # no <script> element, in the SVG or elsewhere
    assert not [e for e in tree.iter() if e.tag in {"b", f"{SVG}b", f"{SVG}script"}]
    drawn = _svg_texts(tree)
    assert script in drawn  # the limit's title, above its steps
    assert any(t.startswith("k3<b> on 2026-03-02") for t in drawn)  # the breakdown's title
    section = tree.find(".//section[@class='schedule']")
    assert _table(section, "From", 1)[1][0] == f"any{script}"  # the category title


def test_dollar_signs_in_an_id_are_drawn_as_written(parse_report: Parse) -> None:
    # matplotlib reads "$...$" as mathematics and refuses "\frac" without its arguments;
    # the plots draw every text as written, so the report holds its figures.
    building = attrs.evolve(load_building(BUILDING), id=r"k3 $\frac$")
    tree = parse_report(render_building(building, "dk-br18-2025"))
    figures = list(tree.iter("figure"))
    assert figures
    assert all(f.find(f"{SVG}svg") is not None for f in figures)
    assert any(r"k3 $\frac$" in "".join(svg.itertext()) for svg in tree.iter(f"{SVG}svg"))


def test_without_matplotlib_the_report_says_plots_are_left_out(
    monkeypatch: pytest.MonkeyPatch, parse_report: Parse
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    tree = parse_report(render_building(load_building(BUILDING), "dk-br18-2025"))
    assert not list(tree.iter(f"{SVG}svg"))
    meta = _text(tree.find(".//dl"))
    assert (
        "Plots Plots are left out: matplotlib is not installed "
        "(pip install 'climatelimits[plot]')."
    ) in meta


def test_stock_report_plots(stock_csv: Path, parse_report: Parse) -> None:
    html = render_stock(read_stock(stock_csv), "dk-br18-2023", on=dt.date(2024, 1, 1))
    tree = parse_report(html)
    captions = [_text(f.find("figcaption")) for f in tree.iter("figure")]
    assert captions == [
        "Values under limit building, with the limits in force",
        "Pass rates over the dates, every building judged on each",
        "Steps of limit building over time, per category",
    ]


# Three offices of 1000 m² BTA against the two-limit schedule. A1-A3 / A1-A5 per m²:
# p 200 / 230, q 240 / 270, r 190 / not declared (A4-A5 missing: incomplete).
# 2024-01-01 (250 / 260): products 3 pass; building p pass, q fail -> 1 / 2.
# 2028-01-01 (200 / 200): products p (200 <= 200) and r pass, q fails -> 2 / 3;
# building p and q fail -> 0 / 2. All limits: 4 pass 1 fail (80 %), 2 pass 3 fail (40 %).
TIGHTENING_STOCK = (
    "id,use,area.se_bta,gwp_total.A1-A3,gwp_total.A4-A5\n"
    "p,office,1000,200000,30000\n"
    "q,office,1000,240000,30000\n"
    "r,office,1000,190000,\n"
)


def test_stock_report_pass_rates_over_the_steps(tmp_path: Path, parse_report: Parse) -> None:
    path = tmp_path / "offices.csv"
    path.write_text(TIGHTENING_STOCK, encoding="utf-8")
    schedule = load_schedule(_schedule_file(tmp_path))
    tree = parse_report(render_stock(read_stock(path), schedule, plots=False))
    rows = _table(tree, "Date")
    assert rows[0] == [
        "Limit", "Category", "Date", "Limit value", "pass", "fail", "incomplete",
        "not_applicable", "exempt", "disclosed", "rows", "pass rate",
    ]  # fmt: skip
    unit = "kg CO2e/m²"
    assert rows[1:] == [
        ["all limits", "all", "2024-01-01", "-", "4", "1", "1", "0", "0", "0", "6", "80.0 %"],
        ["all limits", "all", "2028-01-01", "-", "2", "3", "1", "0", "0", "0", "6", "40.0 %"],
        ["products", "any", "2024-01-01", f"250 {unit}", "3", "0", "0", "0", "0", "0", "3",
         "100.0 %"],
        ["products", "any", "2028-01-01", f"200 {unit}", "2", "1", "0", "0", "0", "0", "3",
         "66.7 %"],
        ["building", "any", "2024-01-01", f"260 {unit}", "1", "1", "1", "0", "0", "0", "3",
         "50.0 %"],
        ["building", "any", "2028-01-01", f"200 {unit}", "0", "2", "1", "0", "0", "0", "3",
         "0.0 %"],
    ]  # fmt: skip
    on = render_stock(read_stock(path), schedule, pass_rates_on=[dt.date(2030, 1, 1)], plots=False)
    assert {r[2] for r in _table(parse_report(on), "Date")[1:]} == {"2030-01-01"}


@pytest.mark.parametrize(
    ("status", "banner"),
    [
        ("draft", "DRAFT: this schedule is a draft for discussion"),
        ("proposal", "PROPOSAL: this schedule is proposed, not adopted"),
        ("illustrative", "ILLUSTRATIVE: this schedule is an example"),
    ],
)
def test_a_schedule_not_adopted_is_marked(
    tmp_path: Path, parse_report: Parse, status: str, banner: str
) -> None:
    schedule = load_schedule(_schedule_file(tmp_path, status=status))
    tree = parse_report(render_building(load_building(BUILDING), schedule))
    shown = [_text(p) for p in tree.iter("p") if p.get("class") == "banner"]
    assert len(shown) == 1
    assert shown[0].startswith(banner)
    assert _table(tree, "Verdict")[1][1] == status
    # The plots say it too, across each figure.
    assert _svg_texts(tree).count(status.upper()) == 4


def test_several_schedules_are_compared_side_by_side(tmp_path: Path, parse_report: Parse) -> None:
    path = tmp_path / "offices.csv"
    path.write_text(TIGHTENING_STOCK, encoding="utf-8")
    first = load_schedule(_schedule_file(tmp_path))
    # The same metrics with 210 and 240 from 2024: products p and r pass, q fails;
    # building p passes, q fails: 3 pass, 2 fail = 60 %; from 2028 as the first (40 %).
    second = attrs.evolve(
        first,
        id="two-limits-b",
        limits=[
            attrs.evolve(
                limit,
                categories={
                    "any": attrs.evolve(
                        limit.categories["any"],
                        steps=[
                            attrs.evolve(limit.categories["any"].steps[0], value=value),
                            limit.categories["any"].steps[1],
                        ],
                    )
                },
            )
            for limit, value in zip(first.limits, (210.0, 240.0), strict=True)
        ],
    )
    # Helsingborg's path: gwp_ghg, which these offices do not declare (no rate at all),
    # over one limit (not comparable with two). Its steps add 2026 and 2030.
    schedules = [first, second, "helsingborg-oceanhamnen-illustrative"]
    tree = parse_report(render_stock(read_stock(path), schedules))
    section = tree.find(".//section[@class='comparison']")
    assert _table(section, "Date") == [
        ["Date", "two-limits", "two-limits-b", "helsingborg-oceanhamnen-illustrative"],
        ["2024-01-01", "80.0 %", "60.0 %", "-"],
        ["2026-01-01", "80.0 %", "60.0 %", "-"],
        ["2028-01-01", "40.0 %", "40.0 %", "-"],
        ["2030-01-01", "40.0 %", "40.0 %", "-"],
    ]
    pairs = [_text(li) for li in section.iter("li")]
    assert [p.split(":")[0] for p in pairs] == [
        "two-limits and helsingborg-oceanhamnen-illustrative",
        "two-limits-b and helsingborg-oceanhamnen-illustrative",
    ]
    assert all("indicator gwp_total vs gwp_ghg" in p for p in pairs)
    captions = [_text(f.find("figcaption")) for f in section.iter("figure")]
    assert captions == ["Pass rates of the schedules side by side"]


def test_one_schedule_has_no_comparison(stock_csv: Path, parse_report: Parse) -> None:
    tree = parse_report(render_stock(read_stock(stock_csv), "dk-br18-2023", plots=False))
    assert tree.find(".//section[@class='comparison']") is None
