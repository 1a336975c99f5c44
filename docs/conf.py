"""Sphinx configuration of the climatelimits documentation (MyST Markdown, furo theme).

Build: ``python -m sphinx -W -b html docs docs/_build/html``. Nothing is fetched from the
network (no intersphinx). The CLI reference is generated from the argparse parser and one
page per catalogue schedule from the shipped files, at build time (``docs/_ext``).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

from climatelimits import __version__  # noqa: E402 - after the path set-up above

project = "climatelimits"
author = "climatelimits developers"
copyright = "climatelimits developers, Apache-2.0"
release = __version__
version = __version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "climatelimits_docs",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "**/.venv", "_ext"]

myst_enable_extensions = ["deflist"]
myst_heading_anchors = 3

napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
# Attributes sections become fields of their class, so a documented property is not
# described twice.
napoleon_use_ivar = True
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options = {"members": True, "show-inheritance": False}
# Type hints name pint and numpy types that are not documented here; without nitpicky
# mode an unresolved type is plain text, not a warning.
nitpicky = False

html_theme = "furo"
html_title = f"climatelimits {release}"
html_static_path: list[str] = []
