"""Fixtures shared by the tests on the real data files of the shared fixtures folder."""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from climatelimits.results import NOT_DECLARED, NotDeclared

TABEL7_GWP_COLUMNS = {
    "A1-A3": "Global Opvarmning, modul A1-A3",
    "C3": "Global Opvarmning, modul C3",
    "C4": "Global Opvarmning, modul C4",
    "D": "Global Opvarmning, modul D",
}
"""Module -> column of the BR18 Tabel 7 transcription holding its GWP per declared unit."""

Tabel7Gwp = Callable[[Mapping[str, str]], dict[str, float | NotDeclared]]


@pytest.fixture(scope="session")
def tabel7_csv(fixtures_dir: Path) -> Path:
    """The BR18 Tabel 7 transcription (ocni-dtu/table7 @ 4d7cb0c)."""
    return fixtures_dir / "br18-tabel7" / "tabel7.csv"


@pytest.fixture(scope="session")
def tabel7_rows(tabel7_csv: Path) -> list[dict[str, str]]:
    """Its rows in file order, read with the standard csv module (not the package code)."""
    with tabel7_csv.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _gwp_of_row(row: Mapping[str, str]) -> dict[str, float | NotDeclared]:
    return {
        module: NOT_DECLARED if row[column] == "-" else float(row[column])
        for module, column in TABEL7_GWP_COLUMNS.items()
    }


@pytest.fixture(scope="session")
def tabel7_gwp() -> Tabel7Gwp:
    """A function giving a row's GWP per module as the table writes it ("-": not declared)."""
    return _gwp_of_row


@pytest.fixture(scope="session")
def csv_path(fixtures_dir: Path) -> Path:
    """The EU-ECB-DB table (Röck and Sorensen 2022, doi:10.5281/zenodo.6671558)."""
    return fixtures_dir / "eu-ecb-db" / "EU-ECB_dataset_feature_engineered.csv"


@pytest.fixture(scope="session")
def mapping_path() -> Path:
    """The mapping that reads it as a stock: examples/stocks/eu-ecb-db.toml."""
    return Path(__file__).resolve().parents[2] / "examples" / "stocks" / "eu-ecb-db.toml"
