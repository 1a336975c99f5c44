"""Shared test configuration: Hypothesis profiles and the real-data fixtures folder.

The real, openly licensed files live outside the project (``../shared/fixtures`` beside the
repository, or wherever ``CLIMATELIMITS_FIXTURES`` points). Tests that need them use the
``fixtures_dir`` fixture, which skips with a visible reason when the folder is absent (as on
a user's clone) and fails instead when ``CLIMATELIMITS_REQUIRE_FIXTURES=1`` (as in CI).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "examples"
DEFAULT_FIXTURES = REPO_ROOT.parent / "shared" / "fixtures"


def fixtures_path() -> Path:
    """Return the configured real-data fixtures folder (it may not exist)."""
    configured = os.environ.get("CLIMATELIMITS_FIXTURES")
    return Path(configured).expanduser().resolve() if configured else DEFAULT_FIXTURES


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The real-data fixtures folder; skip (or fail, if required) when it is absent."""
    path = fixtures_path()
    if not path.is_dir():
        reason = (
            f"real-data fixtures not found at {path} "
            f"(set CLIMATELIMITS_FIXTURES to the shared/fixtures folder)"
        )
        if os.environ.get("CLIMATELIMITS_REQUIRE_FIXTURES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    """The examples/ folder of the repository."""
    return EXAMPLES


_LOADING_ATTRIBUTES = {
    "src",
    "href",
    "srcset",
    "data",
    "poster",
    "action",
    "formaction",
    "background",
}
_LOADING_CSS = re.compile(r"@import|url\(\s*['\"]?(?!#)", re.IGNORECASE)


def _strictly_parsed_report(html: str) -> Any:
    """Parse ``html`` with html5lib's strict parser and check that it loads nothing.

    Every element's attributes that make a browser fetch something (``src``, ``href``,
    ``srcset``, ``data``, ``poster``, ``action``...) must not point outside the document,
    except ``<a href>`` (a link loads nothing until followed); style sheets and ``style``
    attributes may not ``@import`` or ``url(...)`` anything but ``#fragment`` references;
    ``<script>``, ``<link>``, ``<iframe>``, ``<object>``, ``<embed>``, ``<img>`` do not
    occur. Returns the tree (``xml.etree`` elements, HTML elements without a namespace).
    """
    html5lib = pytest.importorskip("html5lib")
    parser = html5lib.HTMLParser(
        strict=True, tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False
    )
    tree = parser.parse(html)
    for element in tree.iter():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        assert tag not in {"script", "link", "iframe", "object", "embed", "img", "base"}, tag
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            if local in _LOADING_ATTRIBUTES and not (tag == "a" and local == "href"):
                assert value.startswith("#"), f"<{tag} {local}={value!r}> loads a resource"
            if local == "style":
                assert not _LOADING_CSS.search(value), value
        if tag == "style":
            assert not _LOADING_CSS.search(element.text or ""), "a style sheet loads a resource"
    return tree


@pytest.fixture(scope="session")
def parse_report() -> Callable[[str], Any]:
    """Parse an HTML report strictly and check it is self-contained (see above)."""
    return _strictly_parsed_report


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the command line with these arguments; return (exit code, stdout, stderr)."""
    from climatelimits.cli import main

    def invoke(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke
