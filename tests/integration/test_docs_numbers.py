"""Pages whose numbers are computed: every number in their prose stands in their checked code.

The doctests of a page run in the test suite and compare every output they show; a number
typed in the prose could still drift from what the code computes. For the pages listed
here, each number written in the prose (outside code blocks, comments, links and headings)
must also appear in one of the page's code blocks: a doctest's input or checked output, or
a file the page shows. Parts of names (A1-A5, CO2e, p80) are not numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
COMPUTED_PAGES = ["tutorials/set-a-tightening-path.md"]

_FENCE = re.compile(r"^(`{3,})[^\n]*\n.*?^\1\s*$", re.DOTALL | re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|https?://\S+")
_INLINE_CODE = re.compile(r"`[^`]*`")
# A number: digits, optional thousands commas and decimals; not glued to a letter or a
# digit (A1, CO2e, p80, m²), not part of a date (2026-01-01 is matched whole).
_NUMBER = re.compile(r"(?<![\w.\-])(\d{4}-\d{2}-\d{2}|\d+(?:,\d{3})*(?:\.\d+)?)(?![\w\-]|\.\d)")


def prose_numbers(text: str) -> set[str]:
    """The numbers written in a page's prose."""
    prose = _COMMENT.sub(" ", _FENCE.sub(" ", text))
    prose = _INLINE_CODE.sub(" ", _LINK_TARGET.sub(" ", prose))
    lines = [line for line in prose.splitlines() if not line.lstrip().startswith("#")]
    return {m.group(1).replace(",", "") for m in _NUMBER.finditer("\n".join(lines))}


def code_text(text: str) -> str:
    """Every code block of a page, and its inline code, as one text."""
    blocks = [m.group(0) for m in _FENCE.finditer(text)]
    return "\n".join(blocks + _INLINE_CODE.findall(_FENCE.sub(" ", text)))


def test_the_finder_sees_numbers_and_skips_names() -> None:
    found = prose_numbers(
        "A1-A5 is 308 kg CO2e/m² (p80 = 347.18) on 2026-01-01, 1,234 rows; see [x](a/1.md).\n"
        "## 3. Heading 99\n```python\n>>> 555\n```\n"
    )
    assert found == {"308", "347.18", "2026-01-01", "1234"}


@pytest.mark.parametrize("page", COMPUTED_PAGES)
def test_every_number_in_the_prose_is_in_the_checked_code(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    code = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", code_text(text))
    missing = sorted(n for n in prose_numbers(text) if not _stands_in(n, code))
    assert missing == []


def _stands_in(number: str, code: str) -> bool:
    """Whether ``number`` stands in ``code`` as a whole number (``375`` in ``375.0``)."""
    pattern = rf"(?<![\w.]){re.escape(number)}(?:\.0)?(?!\w|\.\d)"
    return re.search(pattern, code) is not None


def test_a_number_stands_in_the_code_only_whole() -> None:
    assert _stands_in("347.18", "p80 = 347.18 kg")
    assert not _stands_in("34", "p80 = 347.18 kg")
    assert not _stands_in("7.18", "p80 = 347.18 kg")
    assert not _stands_in("347.1", "p80 = 347.18 kg")
    assert _stands_in("375", "value\n375.0\n")
    assert not _stands_in("6", "A1-A3,B4,B6,C3-C4")
