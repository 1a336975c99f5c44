"""Every command the documentation shows in a terminal runs as written, with the shown result.

The doctests of the pages run their Python; a ``console`` block (``$ climatelimits ...``) in
``docs/`` and a ``sh`` block of ``climatelimits`` commands in the README are not Python, so
this module runs them: each command through :func:`climatelimits.cli.main`, in a fresh
folder holding the files the page shows (``<!-- file: NAME -->``), the files it tells the
reader to fetch (``<!-- example: PATH -->``, ``<!-- fixture: PATH -->``) and the
repository's ``examples`` folder, as a reader who has the repository has. Lines that follow
a command in the block are its output and must match (``...`` stands for any text). A
command exits with 0 unless an ``<!-- exit: N N ... -->`` comment right before the block
gives the exit code of each of its commands in turn. ``pip install`` lines must name extras
that ``pyproject.toml`` defines. A block of synopses (``BUILDING``, ``[--on DATE]``) is a
``text`` block, not a ``console`` one.
"""

from __future__ import annotations

import doctest
import re
import runpy
import shlex
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from climatelimits.cli import main

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

_BLOCK = re.compile(
    r"(?:<!-- exit: (?P<codes>[\d ]+) -->\s*\n)?^```(?P<lang>console|sh)\n(?P<body>.*?)^```$",
    re.M | re.S,
)


def _docs_conftest() -> SimpleNamespace:
    """The documentation's own conftest, which sets up a page's files for its doctests."""
    return SimpleNamespace(**runpy.run_path(str(DOCS / "conftest.py")))


def sessions(text: str) -> list[tuple[list[str], list[str], list[int] | None]]:
    """Each terminal block of ``text``: its commands, their shown outputs, the exit codes."""
    found = []
    for match in _BLOCK.finditer(text):
        lines = match["body"].splitlines()
        if match["lang"] == "sh":
            if not lines or not all(line.startswith("climatelimits ") for line in lines):
                continue  # a set-up line (venv, pip) that CI runs as the README's job
            lines = [f"$ {line}" for line in lines]
        commands: list[str] = []
        outputs: list[str] = []
        for line in lines:
            if line.startswith("$ "):
                commands.append(line[2:])
                outputs.append("")
            elif commands and commands[-1].endswith("\\"):
                commands[-1] = commands[-1][:-1] + " " + line.strip()
            else:
                assert commands, f"output before any command: {line!r}"
                outputs[-1] += line + "\n"
        codes = [int(code) for code in match["codes"].split()] if match["codes"] else None
        found.append((commands, outputs, codes))
    return found


def _pages() -> list[Path]:
    return [*sorted(DOCS.rglob("*.md")), ROOT / "README.md"]


_CASES = [
    pytest.param(page, index, id=f"{page.relative_to(ROOT)}#{index}")
    for page in _pages()
    for index, _ in enumerate(sessions(page.read_text(encoding="utf-8")))
]


def test_the_parser_reads_commands_outputs_and_exit_codes() -> None:
    text = (
        "<!-- exit: 2 0 -->\n```console\n$ climatelimits a \\\n    --b c\nout 1\nout 2\n"
        "$ climatelimits d\n```\n```sh\npython3 -m venv .venv\n```\n"
        "```sh\nclimatelimits e\n```\n"
    )
    assert sessions(text) == [
        (["climatelimits a  --b c", "climatelimits d"], ["out 1\nout 2\n", ""], [2, 0]),
        (["climatelimits e"], [""], None),
    ]


def _extras() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(project["project"]["optional-dependencies"])


def _pip_install(command: str) -> None:
    """A ``pip install`` line installs climatelimits, with extras that exist."""
    (target,) = shlex.split(command)[2:]
    named = re.fullmatch(r"climatelimits(?:\[(?P<extras>[\w,]+)\])?", target)
    assert named is not None, command
    unknown = set((named["extras"] or "").split(",")) - {""} - _extras()
    assert unknown == set(), command


@pytest.mark.parametrize(("page", "index"), _CASES)
def test_the_command_runs_as_shown(
    page: Path,
    index: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    commands, outputs, codes = sessions(page.read_text(encoding="utf-8"))[index]
    setup = _docs_conftest()
    for name, text in setup.files_of(page).items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for kind, path in dict.fromkeys(setup._FETCHED.findall(page.read_text(encoding="utf-8"))):
        setup._bring_in(kind, path, tmp_path)
    setup.link_examples(tmp_path)
    monkeypatch.chdir(tmp_path)
    expected_codes = codes if codes is not None else [0] * len(commands)
    assert len(expected_codes) == len(commands), "one exit code per command"
    checker = doctest.OutputChecker()
    for command, shown, code in zip(commands, outputs, expected_codes, strict=True):
        if command.startswith("pip install "):
            _pip_install(command)
            continue
        argv = shlex.split(command)
        assert argv[0] == "climatelimits", command
        capsys.readouterr()
        assert main(argv[1:]) == code, command
        out, err = capsys.readouterr()
        if shown:
            got = out + err
            assert checker.check_output(shown, got, doctest.ELLIPSIS), (
                f"{command}\nshown:\n{shown}\ngot:\n{got}"
            )
