"""Shared test configuration: Hypothesis profiles and the real-data fixtures folder.

The real, openly licensed files live outside the project (``../shared/fixtures`` beside the
repository, or wherever ``CLIMATELIMITS_FIXTURES`` points). Tests that need them use the
``fixtures_dir`` fixture, which skips with a visible reason when the folder is absent (as on
a user's clone) and fails instead when ``CLIMATELIMITS_REQUIRE_FIXTURES=1`` (as in CI).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

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


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the command line with these arguments; return (exit code, stdout, stderr)."""
    from climatelimits.cli import main

    def invoke(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke
