"""Run the documentation's examples as a reader would: in an empty folder, with its files.

A fenced block right after a ``<!-- file: NAME -->`` comment is a file the page asks the
reader to save; before the page's examples run, each such block is written to NAME in a
fresh temporary folder, which becomes the working directory. The files the examples read
are therefore exactly the ones the page shows, beside the repository's ``examples`` folder
(linked in, as a reader who has the repository has it). Pages without such blocks run in
the repository root, as before.

Two more comments bring in files a page tells the reader to download rather than shows:
``<!-- example: PATH -->`` copies ``examples/PATH`` of the repository, and ``<!-- fixture:
PATH -->`` links ``PATH`` of the real-data fixtures folder (``../shared/fixtures`` beside the
repository, or ``CLIMATELIMITS_FIXTURES``), each into the working folder under its own name.
Without the fixtures folder such a page is skipped with the reason, and fails instead when
``CLIMATELIMITS_REQUIRE_FIXTURES=1`` (as in CI), as the tests that need the folder do.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

_FILE_BLOCK = re.compile(
    r"<!-- file: (?P<name>[\w./-]+) -->\s*\n(?P<fence>`{3,})[^\n]*\n(?P<body>.*?)\n(?P=fence)",
    re.DOTALL,
)

_FETCHED = re.compile(r"<!-- (?P<kind>example|fixture): (?P<path>[\w./-]+) -->")
_REPOSITORY = Path(__file__).resolve().parents[1]


def _fixtures_folder() -> Path:
    configured = os.environ.get("CLIMATELIMITS_FIXTURES")
    if configured:
        return Path(configured).expanduser().resolve()
    return _REPOSITORY.parent / "shared" / "fixtures"


def _bring_in(kind: str, path: str, folder: Path) -> None:
    """Put the example or fixture file ``path`` into ``folder`` under its own name."""
    if kind == "example":
        shutil.copyfile(_REPOSITORY / "examples" / path, folder / Path(path).name)
        return
    source = _fixtures_folder() / path
    if not source.is_file():
        reason = f"real-data fixture {path} not found at {source} (set CLIMATELIMITS_FIXTURES)"
        if os.environ.get("CLIMATELIMITS_REQUIRE_FIXTURES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    (folder / source.name).symlink_to(source)


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
    fetched = _FETCHED.findall(page.read_text(encoding="utf-8")) if page.suffix == ".md" else []
    if not files and not fetched:
        return  # a page that shows no files runs where pytest runs (the repository root)
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for kind, path in fetched:
        _bring_in(kind, path, tmp_path)
    link_examples(tmp_path)
    monkeypatch.chdir(tmp_path)


def link_examples(folder: Path) -> None:
    """Link the repository's ``examples`` folder into ``folder``, unless the page made one."""
    if not (folder / "examples").exists():
        (folder / "examples").symlink_to(_REPOSITORY / "examples")
