"""Release readiness: one version, the URLs PyPI shows, and a release workflow that checks them."""

from __future__ import annotations

import importlib.metadata
import re
import sys
from pathlib import Path

import climatelimits

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]


def test_the_version_lives_in_one_place() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project
    assert project["dynamic"] == ["version"]
    version_file = (ROOT / "src/climatelimits/_version.py").read_text(encoding="utf-8")
    assert re.findall(r'__version__ = "([^"]+)"', version_file) == [climatelimits.__version__]
    assert importlib.metadata.version("climatelimits") == climatelimits.__version__


def test_pypi_page_links_to_the_documentation_and_home() -> None:
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls["Homepage"] == "https://github.com/climatelimits/climatelimits"
    assert urls["Documentation"].startswith("https://")


def test_release_workflow_builds_on_tags_and_publishes_by_trusted_publishing() -> None:
    workflow = (ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8")
    assert 'tags: ["v*"]' in workflow
    assert "src/climatelimits/_version.py" in workflow
    assert "twine check --strict" in workflow
    assert "pypa/gh-action-pypi-publish@release/v1" in workflow
    assert "id-token: write" in workflow
    assert "password" not in workflow  # no API token
