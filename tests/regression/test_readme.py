"""The README is the package's page on PyPI: its example runs and its links work there."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def blocks(text: str) -> list[tuple[str, str]]:
    """Every fenced block of the text: (language, body)."""
    return [(m[1], m[2]) for m in re.finditer(r"^```(\w*)\n(.*?)^```$", text, re.M | re.S)]


def test_the_ten_line_example_prints_what_the_readme_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## In ten lines") :]
    (language, code), (shown_language, shown) = blocks(section)[:2]
    assert (language, shown_language) == ("python", "text")
    assert len(code.strip().splitlines()) <= 12
    out = io.StringIO()
    monkeypatch.chdir(tmp_path)  # it needs no file of the repository
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})  # the README's own code
    assert out.getvalue() == shown


def test_links_are_absolute() -> None:
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)]+)\)", text)
    assert targets
    relative = [t for t in targets if not t.startswith("https://")]
    assert relative == []
    for target in targets:
        if target.startswith("https://github.com/climatelimits/climatelimits/blob/main/"):
            path = target.removeprefix("https://github.com/climatelimits/climatelimits/blob/main/")
            file, _, anchor = path.partition("#")
            assert (README.parent / file).exists(), target
            if anchor:
                assert anchor in github_anchors(README.parent / file), target


def github_anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown page."""
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.M | re.S)
    headings = re.findall(r"^#{1,6} (.+)$", text, re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_github_anchors_are_made_as_github_makes_them(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Stock tables and mapping files\n```\n# not a heading\n```\n### `[dates]`\n")
    assert github_anchors(page) == {"stock-tables-and-mapping-files", "dates"}


def test_the_python_section_runs_on_the_example_and_passes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## In Python") : text.index("## Command line")]
    ((language, code),) = blocks(section)
    assert language == "python"
    monkeypatch.chdir(README.parent)  # it reads examples/ of the repository
    out = io.StringIO()
    namespace: dict[str, object] = {}
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), namespace)  # the README's own code
    assert out.getvalue().startswith(
        "Building oceanhamnen-k3 PASSES schedule se-boverket-2023-proposal on 2026-03-02.\n"
    )
    result = namespace["result"]
    assert (str(result.limit), str(result.compared_value), result.complies_until) == (  # type: ignore[attr-defined]
        "375.0 kg CO2e/m²",
        "265.0 kg CO2e/m²",
        None,
    )


def _json_keys_after(text: str, marker: str) -> list[str]:
    """The keys of the JSON object the README lists after ``marker``: `{"a", "b", ...}`."""
    listed = text[text.index(marker) + len(marker) :].split("}", 1)[0]
    return re.findall(r'"(\w+)"', listed.split("[", 1)[0])


def test_the_stock_json_keys_are_those_printed(
    tmp_path: Path, run: Callable[..., tuple[int, str, str]]
) -> None:
    table = tmp_path / "offices.csv"
    table.write_text("id,use,area.se_bta,gwp_ghg.A1-A5\na,office,1000,200000\n", encoding="utf-8")
    code, out, _ = run(
        "stock", "check", str(table), "--schedule", "se-boverket-2023-proposal", "--format", "json"
    )
    assert code == 0
    text = README.read_text(encoding="utf-8")
    assert _json_keys_after(text, "`json` prints `{") == list(json.loads(out))


def test_the_check_json_keys_are_those_printed(
    examples_dir: Path, run: Callable[..., tuple[int, str, str]]
) -> None:
    code, out, _ = run(
        "check",
        str(examples_dir / "oceanhamnen-k3.toml"),
        "--schedule",
        "se-boverket-2023-proposal",
        "--format",
        "json",
    )
    assert code == 0
    document = json.loads(out)
    text = README.read_text(encoding="utf-8")
    marker = (
        "`--format json` prints, with stable keys (a list of these for several schedules):\n`{"
    )
    assert _json_keys_after(text, marker) == list(document)
    checks = text[text.index('"checks": [{') + len('"checks": [{') :].split("}]}", 1)[0]
    checks = re.sub(r"\{[^{}]*\}", "", checks)  # next_step's own keys
    assert re.findall(r'"(\w+)"', checks) == list(document["checks"][0])
