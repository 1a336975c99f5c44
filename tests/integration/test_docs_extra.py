"""The README's documentation build works with the ``docs`` extra alone.

The README builds the site with ``pip install ".[docs]" && python -m sphinx -W ...``. The
API reference imports every module it documents; a module whose import needs a package that
neither the core nor the ``docs`` extra installs makes autodoc warn, and ``-W`` fails the
build. This test imports each documented module in a fresh interpreter in which the
optional packages outside the ``docs`` extra cannot be imported.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]

# Import names of the distributions the optional extras install.
_IMPORT_NAMES = {
    "hypothesis": "hypothesis",
    "pandas": "pandas",
    "pyarrow": "pyarrow",
    "dask": "dask",
    "distributed": "distributed",
    "matplotlib": "matplotlib",
    "jinja2": "jinja2",
}

_BLOCKER = """
import sys
for name in sys.argv[1].split(","):
    if name:
        sys.modules[name] = None  # import fails with ModuleNotFoundError; find_spec is None
for module in sys.argv[2:]:
    __import__(module)
"""


def _distributions(extra: str, extras: dict[str, list[str]]) -> set[str]:
    """The distributions an extra installs, its ``climatelimits[...]`` extras expanded."""
    names: set[str] = set()
    for requirement in extras[extra]:
        name = re.match(r"[A-Za-z0-9_.\-]+", requirement)
        assert name is not None
        nested = re.fullmatch(r"climatelimits\[([\w,]+)\]", requirement.replace(" ", ""))
        if nested:
            for inner in nested[1].split(","):
                names |= _distributions(inner, extras)
        else:
            names.add(name[0].lower())
    return names


def test_the_documented_modules_import_with_the_docs_extra_alone() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    installed = _distributions("docs", project["project"]["optional-dependencies"])
    blocked = sorted(
        module for distribution, module in _IMPORT_NAMES.items() if distribution not in installed
    )
    assert "matplotlib" in blocked  # the test blocks something
    api = (ROOT / "docs" / "reference" / "api.md").read_text(encoding="utf-8")
    modules = re.findall(r"^\.\. automodule:: ([\w.]+)$", api, re.M)
    assert "climatelimits.testing.strategies" in modules
    completed = subprocess.run(
        [sys.executable, "-c", _BLOCKER, ",".join(blocked), *modules],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
