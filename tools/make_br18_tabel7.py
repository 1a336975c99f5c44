"""Convert the transcription of BR18 Bilag 2 Tabel 7 into climatelimits package data.

Usage::

    python tools/make_br18_tabel7.py PATH/TO/tabel7.csv [OUTPUT_FOLDER]

``PATH/TO/tabel7.csv`` is ``src/tabel7.csv`` of https://github.com/ocni-dtu/table7 at commit
4d7cb0c42be52c6d4e3984f3711252a9496a7e21 (the copy in the shared fixtures,
``br18-tabel7/tabel7.csv``). Its sha256 is checked, so the attribution written next to the
data always describes the file that was converted. ``OUTPUT_FOLDER`` defaults to
``src/climatelimits/data`` of this repository. Two files are written:

``br18_tabel7.json``
    One object per row of the table, in our own format: the Sorterings ID, the data type, the
    names, the declared unit as a quantity (``"1000 kg"``, ``"1 m^3"``), the mass per unit of
    the declared unit in kg, the GWP per declared unit for A1-A3, C3, C4 and D (``"not
    declared"`` where the table has ``-``), and the row's own source URL and comment.
``br18_tabel7.SOURCE.md``
    The attribution: the regulation, the transcription, its MIT licence notice, and every
    change made here.

Every value is checked while converting; a row that breaks a rule stops the script with the
row's Sorterings ID, the column and the value.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

REGULATION_URL = "https://bygningsreglementet.dk/Bilag/B2/Bilag_2/Tabel_7"
TRANSCRIPTION_URL = "https://github.com/ocni-dtu/table7"
TRANSCRIPTION_COMMIT = "4d7cb0c42be52c6d4e3984f3711252a9496a7e21"
TRANSCRIPTION_PATH = "src/tabel7.csv"
TRANSCRIPTION_SHA256 = "055fb26e27b26bc43aee598781e29688bdbb4cffb156c01bb313ad5486d7fc23"
FORMAT = "climatelimits.generic-data/1"

MIT_NOTICE = """\
Copyright (c) 2023 Christian Kongsgaard

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

CHANGES = (
    "Rows are stored as JSON objects instead of CSV lines; the order of the rows is kept.",
    "Column names are translated to English keys (see the list below).",
    (
        "The declared factor and unit (`Deklareret faktor (FU)`, `Deklareret enhed (FU)`) "
        "are written as one quantity in climatelimits unit text: KG -> kg, M2 -> m^2, "
        "M3 -> m^3, M -> m, STK -> piece (e.g. `1000 kg`, `1.25077 m^2`)."
    ),
    "`Data type` is written as `generic` (Generisk data) or `industry_average` (Branche data).",
    (
        "Numbers are written as JSON numbers with the same value as the decimal text of the "
        "CSV; `-` (no value in the table) is written as `not declared`."
    ),
    "No value was changed, added or removed.",
)

COLUMNS = {
    "Sorterings ID": "id",
    "Data type": "data_type",
    "Navn DE/ENG": "name_source",
    "Navn DK": "name_da",
    "Global Opvarmning, modul A1-A3": "gwp.A1-A3",
    "Global Opvarmning, modul C3": "gwp.C3",
    "Global Opvarmning, modul C4": "gwp.C4",
    "Global Opvarmning, modul D": "gwp.D",
    "Deklareret faktor (FU)": "declared_unit (number)",
    "Deklareret enhed (FU)": "declared_unit (unit)",
    "Masse faktor": "mass_per_unit",
    "Url (link)": "origin",
    "Kommentar": "comment",
}

_UNITS = {"KG": "kg", "M2": "m^2", "M3": "m^3", "M": "m", "STK": "piece"}
_DATA_TYPES = {"Generisk data": "generic", "Branche data": "industry_average"}
_MODULES = {
    "Global Opvarmning, modul A1-A3": "A1-A3",
    "Global Opvarmning, modul C3": "C3",
    "Global Opvarmning, modul C4": "C4",
    "Global Opvarmning, modul D": "D",
}
_ID = re.compile(r"^#[BG]\d{4}$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$")


class ConversionError(Exception):
    """A row of the input breaks a rule of the conversion."""


def _number(row_id: str, column: str, text: str, *, positive: bool = False) -> float:
    if not _NUMBER.match(text):
        msg = f"{row_id}: `{column}` must be a decimal number with a point; got {text!r}"
        raise ConversionError(msg)
    value = float(text)
    if not math.isfinite(value) or (positive and value <= 0):
        rule = "a positive number" if positive else "a finite number"
        msg = f"{row_id}: `{column}` must be {rule}; got {text!r}"
        raise ConversionError(msg)
    return value


def convert_row(row: dict[str, str]) -> dict[str, Any]:
    """Convert one CSV row (as read by :class:`csv.DictReader`) into the package format.

    Parameters
    ----------
    row
        The row, keyed by the CSV header.

    Returns
    -------
    dict
        The row in our format.

    Raises
    ------
    ConversionError
        If a value breaks a rule (unknown unit or data type, a number that is not one).
    """
    row_id = row["Sorterings ID"].strip()
    if not _ID.match(row_id):
        msg = f"`Sorterings ID` must look like '#B1433' or '#G0148'; got {row_id!r}"
        raise ConversionError(msg)
    data_type = _DATA_TYPES.get(row["Data type"].strip())
    if data_type is None:
        known = sorted(_DATA_TYPES)
        msg = f"{row_id}: `Data type` must be one of {known}; got {row['Data type']!r}"
        raise ConversionError(msg)
    unit = _UNITS.get(row["Deklareret enhed (FU)"].strip())
    if unit is None:
        msg = (
            f"{row_id}: `Deklareret enhed (FU)` must be one of {sorted(_UNITS)}; "
            f"got {row['Deklareret enhed (FU)']!r}"
        )
        raise ConversionError(msg)
    factor_text = row["Deklareret faktor (FU)"].strip()
    _number(row_id, "Deklareret faktor (FU)", factor_text, positive=True)
    mass = _number(row_id, "Masse faktor", row["Masse faktor"].strip(), positive=True)
    if unit == "kg" and mass != 1.0:
        msg = f"{row_id}: `Masse faktor` of a row declared in KG must be 1 kg/kg; got {mass!r}"
        raise ConversionError(msg)
    gwp: dict[str, float | str] = {}
    for column, module in _MODULES.items():
        text = row[column].strip()
        gwp[module] = "not declared" if text == "-" else _number(row_id, column, text)
    name_da = row["Navn DK"].strip()
    if not name_da:
        msg = f"{row_id}: `Navn DK` must not be empty"
        raise ConversionError(msg)
    return {
        "id": row_id,
        "data_type": data_type,
        "name_da": name_da,
        "name_source": row["Navn DE/ENG"].strip(),
        "declared_unit": f"{factor_text} {unit}",
        "mass_per_unit": mass,
        "gwp": gwp,
        "origin": row["Url (link)"].strip(),
        "comment": row["Kommentar"].strip(),
    }


def convert(text: str) -> dict[str, Any]:
    """Convert the whole CSV text into the package document.

    Parameters
    ----------
    text
        The content of ``tabel7.csv``.

    Returns
    -------
    dict
        The document written to ``br18_tabel7.json``.

    Raises
    ------
    ConversionError
        If the header is not the expected one, an id repeats, or a row breaks a rule.
    """
    reader = csv.DictReader(io.StringIO(text))
    if list(reader.fieldnames or ()) != list(COLUMNS):
        msg = f"the header must be {list(COLUMNS)}; got {reader.fieldnames}"
        raise ConversionError(msg)
    rows = [convert_row(row) for row in reader]
    seen: set[str] = set()
    for row in rows:
        if row["id"] in seen:
            msg = f"`Sorterings ID` {row['id']} appears more than once"
            raise ConversionError(msg)
        seen.add(row["id"])
    return {
        "format": FORMAT,
        "name": "BR18 Bilag 2 Tabel 7",
        "title": "Bygningsreglementet, Bilag 2, Tabel 7: generiske miljødata",
        "regulation_url": REGULATION_URL,
        "version": f"ocni-dtu/table7@{TRANSCRIPTION_COMMIT[:7]}",
        "transcription": {
            "repository": TRANSCRIPTION_URL,
            "commit": TRANSCRIPTION_COMMIT,
            "path": TRANSCRIPTION_PATH,
            "sha256": TRANSCRIPTION_SHA256,
            "licence": "MIT",
            "licence_notice": MIT_NOTICE,
        },
        "changes": list(CHANGES),
        "indicator": "gwp",
        "standard": "EN 15804+A1",
        "values": "GWP in kg CO2e per declared unit, as the table gives them",
        "mass_per_unit": "kg per one unit of the declared unit (kg/m^3, kg/m^2, kg/m, "
        "kg/piece, kg/kg)",
        "rows": rows,
    }


def source_markdown(document: dict[str, Any]) -> str:
    """Return the text of ``br18_tabel7.SOURCE.md`` for a converted document."""
    column_lines = "\n".join(f"- `{csv_name}` -> `{key}`" for csv_name, key in COLUMNS.items())
    change_lines = "\n".join(f"- {change}" for change in document["changes"])
    notice = "\n".join(f"    {line}".rstrip() for line in MIT_NOTICE.splitlines())
    return f"""\
# BR18 Bilag 2 Tabel 7 (package data `br18_tabel7.json`)

Generic environmental data (GWP, EN 15804+A1) of the Danish building regulation:
Bygningsreglementet, Bilag 2, Tabel 7, {REGULATION_URL}
The values are content of a public regulation; each row names its own origin (an
ÖKOBAUDAT dataset or an EPD Danmark industry EPD) in `origin`.

## Reading the values

- `gwp`: global warming potential in kg CO2e per declared unit (EN 15804+A1; wood rows use
  the -1/+1 biogenic accounting: negative A1-A3, positive C3).
- `mass_per_unit`: kg per one unit of the declared unit (kg/m^3, kg/m^2, kg/m, kg/piece,
  kg/kg), not per declared unit: every row declared in KG has 1 here, including the two
  rows whose declared unit is 1000 kg.
- The table gives no reference service lives.

## Transcription

The machine-readable values come from the transcription by Christian Kongsgaard,
{TRANSCRIPTION_URL}, file `{TRANSCRIPTION_PATH}` at commit
{TRANSCRIPTION_COMMIT} (sha256 of the file:
{TRANSCRIPTION_SHA256}), {len(document["rows"])} rows,
licensed under the MIT licence, whose notice follows:

{notice}

## Conversion

`tools/make_br18_tabel7.py` in the climatelimits repository wrote `br18_tabel7.json` from that
file. Changes:

{change_lines}

Columns:

{column_lines}
"""


def main(argv: list[str]) -> int:
    """Run the conversion; return the process exit code."""
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__ or "")
        return 2
    source = Path(argv[1])
    default_out = Path(__file__).resolve().parent.parent / "src" / "climatelimits" / "data"
    out_folder = Path(argv[2]) if len(argv) == 3 else default_out
    raw = source.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != TRANSCRIPTION_SHA256:
        sys.stderr.write(
            f"{source}: sha256 must be {TRANSCRIPTION_SHA256} (ocni-dtu/table7 @ "
            f"{TRANSCRIPTION_COMMIT[:7]}); got {digest}\n"
        )
        return 1
    try:
        document = convert(raw.decode("utf-8"))
    except ConversionError as exc:
        sys.stderr.write(f"{source}: {exc}\n")
        return 1
    out_folder.mkdir(parents=True, exist_ok=True)
    data = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    (out_folder / "br18_tabel7.json").write_text(data, encoding="utf-8")
    (out_folder / "br18_tabel7.SOURCE.md").write_text(source_markdown(document), encoding="utf-8")
    sys.stdout.write(f"wrote {len(document['rows'])} rows to {out_folder / 'br18_tabel7.json'}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
