"""Run the documentation's examples as a reader would: in an empty folder, with its files.

A fenced block right after a ``<!-- file: NAME -->`` comment is a file the page asks the
reader to save; before the page's examples run, each such block is written to NAME in a
fresh temporary folder, which becomes the working directory. The files the examples read
are therefore exactly the ones the page shows. Pages without such blocks run in the
repository root, as before.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

_FILE_BLOCK = re.compile(
    r"<!-- file: (?P<name>[\w./-]+) -->\s*\n(?P<fence>`{3,})[^\n]*\n(?P<body>.*?)\n(?P=fence)",
    re.DOTALL,
)


def files_of(page: Path) -> dict[str, str]:
    """Return the files a page shows: name -> text."""
    text = page.read_text(encoding="utf-8")
    return {m["name"]: m["body"] + "\n" for m in _FILE_BLOCK.finditer(text)}


@pytest.fixture(autouse=True)
def _page_files(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = Path(str(request.node.path))
    files = files_of(page) if page.suffix == ".md" else {}
    if not files:
        return  # a page that shows no files runs where pytest runs (the repository root)
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
