"""``--plot FILE`` on ``climatelimits check`` and ``climatelimits stock check``."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from defusedxml import ElementTree

Run = Callable[..., tuple[int, str, str]]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "oceanhamnen-k3.toml"
SVG = "{http://www.w3.org/2000/svg}"


def _texts(path: Path) -> list[str]:
    """The text elements of an SVG file (matplotlib keeps text as text here)."""
    root = ElementTree.fromstring(path.read_bytes())
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_check_draws_one_breakdown_per_schedule_and_limit(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "k3.svg"
    code, out, err = run(
        "check", str(EXAMPLE), "--schedule", "se-boverket-2023-proposal",
        "--schedule", "dk-br18-2025", "--plot", str(target),
    )  # fmt: skip
    # The Boverket proposal passes (265 <= 375); BR18 2025 gets no verdict: exit 3.
    assert (code, err) == (3, "")
    assert "PASSES schedule se-boverket-2023-proposal" in out
    texts = _texts(target)
    # One Axes per limit: Boverket's one limit and BR18's two.
    titles = [t for t in texts if t.startswith("oceanhamnen-k3 on 2026-03-02")]
    assert len(titles) == 3
    assert {"A1-A3", "A4", "A5", "PROPOSAL"} <= set(texts)


def test_check_png(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "k3.png"
    code, _, err = run(
        "check", str(EXAMPLE), "--schedule", "se-boverket-2023-proposal", "--plot", str(target)
    )
    assert (code, err) == (0, "")
    assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("command", ["check", "stock"])
def test_other_suffix_is_refused_before_anything_runs(
    run: Run, tmp_path: Path, command: str
) -> None:
    target = tmp_path / "k3.pdf"
    if command == "check":
        args = ["check", str(EXAMPLE)]
    else:
        shutil.copy(EXAMPLE, tmp_path / "k3.toml")
        args = ["stock", "check", str(tmp_path)]
    code, out, err = run(*args, "--schedule", "dk-br18-2025", "--plot", str(target))
    assert code == 2
    assert out == ""
    assert err == (
        f"climatelimits: error: `plot` must end in one of .png, .svg (the plot format); "
        f"got '{target}'\n"
    )
    assert not target.exists()


def test_stock_check_draws_the_distribution(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "stock"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "k3.toml")
    target = tmp_path / "stock.svg"
    code, out, err = run(
        "stock", "check", str(folder), "--schedule", "se-boverket-2023-proposal",
        "--plot", str(target), "--format", "json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert '"pass_rate": 1.0' in out
    # Legend entries are wrapped: one text element per line.
    texts = " ".join(_texts(target))
    assert "pass rate 100.0 % (1 pass of 1 judged)" in texts
    assert "0 of 1 rows without a value (not drawn)" in texts


def test_stock_plot_and_output_must_differ(run: Run, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "k3.toml")
    target = tmp_path / "out.svg"
    code, _, err = run(
        "stock", "check", str(tmp_path), "--schedule", "dk-br18-2025",
        "--plot", str(target), "-o", str(target),
    )  # fmt: skip
    assert code == 2
    assert err == (f"climatelimits: error: {target}: is also the -o output file; choose another\n")
    assert not target.exists()


@pytest.mark.parametrize(
    "command",
    [
        ["stock", "check", "{stock}", "--schedule", "se-boverket-2023-proposal"],
        ["design", "pass-rates", "{stock}", "--schedule", "se-boverket-2023-proposal"],
    ],
)
@pytest.mark.parametrize("missing", ["plot", "output"])
def test_a_plot_is_not_left_by_a_command_whose_output_cannot_be_written(
    run: Run, tmp_path: Path, command: list[str], missing: str
) -> None:
    # The plot was drawn and written first; then the -o file failed on its folder (exit 2
    # with a plot left behind).
    folder = tmp_path / "stock"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "k3.toml")
    plot = tmp_path / ("nowhere" if missing == "plot" else "") / "rates.svg"
    output = tmp_path / ("nowhere" if missing == "output" else "") / "rates.json"
    args = [a.format(stock=folder) for a in command]
    code, out, err = run(*args, "--format", "json", "--plot", str(plot), "-o", str(output))
    bad = plot if missing == "plot" else output
    assert (code, out) == (2, "")
    assert err == (
        f"climatelimits: error: {bad}: cannot be written: no folder '{tmp_path / 'nowhere'}'\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stock"]
