"""Write the JSON Schemas of the file formats into src/climatelimits/schemas/.

Run from the repository root after changing a class that a file is read into:
``python tools/make_schemas.py``. ``tests/unit/test_schemas.py`` fails while the shipped
files differ from what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from climatelimits._schemas import KINDS, schema_text

TARGET = Path(__file__).resolve().parents[1] / "src" / "climatelimits" / "schemas"


def main() -> int:
    """Write one ``KIND.schema.json`` per document kind; return the exit code."""
    TARGET.mkdir(exist_ok=True)
    for kind in KINDS:
        path = TARGET / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
