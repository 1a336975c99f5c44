"""Text columns read by pyarrow, stripped as Python strips (internal).

:meth:`str.strip` takes off the characters whose :meth:`str.isspace` is true;
``pyarrow.compute.utf8_trim`` given exactly those characters does the same to a whole
column at once, so the readers that tokenize with pyarrow hand over the cells the standard
library's readers would.
"""

from __future__ import annotations

from typing import Final

__all__ = ["PYTHON_WHITESPACE"]

PYTHON_WHITESPACE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""The characters :meth:`str.strip` takes off (those whose :meth:`str.isspace` is true)."""
