"""The ``--help`` of every command and subcommand explains every option it lists.

The command-line reference is generated from these texts, so an option without a help
text is an option without documentation; dates are written ``YYYY-MM-DD`` and every
``--format`` names its default.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from climatelimits.cli import _parser
from climatelimits.io.lcabyg._common import LCABYG_STAGES


def parsers(
    parser: argparse.ArgumentParser, name: str = "climatelimits"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every parser of the command line, with its command as typed."""
    yield name, parser
    for action in parser._actions:  # argparse keeps its subparsers here, unnamed
        if isinstance(action, argparse._SubParsersAction):
            for sub, subparser in action.choices.items():
                yield from parsers(subparser, f"{name} {sub}")


_OPTIONS = [
    pytest.param(action, id=f"{command} {action.option_strings[-1]}")
    for command, parser in parsers(_parser())
    for action in parser._actions
    if action.option_strings and not isinstance(action, argparse._HelpAction)
]


def test_every_command_is_reached() -> None:
    commands = {command for command, _ in parsers(_parser())}
    assert {"climatelimits check", "climatelimits design propose", "climatelimits report"} <= (
        commands
    )
    assert len(commands) == 18


@pytest.mark.parametrize("action", _OPTIONS)
def test_every_option_has_a_help_text(action: argparse.Action) -> None:
    assert action.help, action.option_strings
    if action.metavar == "DATE" or (action.metavar or "").endswith("UNTIL"):
        assert "YYYY-MM-DD" in action.help, action.help
    if action.dest == "format":
        assert "default" in action.help, action.help


def test_the_lcabyg_import_names_every_stage_it_reads() -> None:
    (lcabyg,) = [p for c, p in parsers(_parser()) if c == "climatelimits import lcabyg"]
    assert lcabyg.description is not None
    stages = lcabyg.description.split("per stage (", 1)[1].split(")", 1)[0]
    named = stages.split(", those the file gives")[0].split(", ")
    assert named == list(LCABYG_STAGES.values())
