"""Fuzzing the bill and product loaders: any input either loads or raises a ClimateLimitsError.

Random bytes, and truncated or mutated copies of real files (the examples), must never
escape as a bare KeyError, TypeError, ValueError or a parser's own exception.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from climatelimits.exceptions import ClimateLimitsError
from climatelimits.io.bills import (
    dumps_bill,
    dumps_products,
    load_bill,
    load_products,
    loads_bill,
    loads_products,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BILL_TOML = (EXAMPLES / "bill-k3.toml").read_text(encoding="utf-8")
PRODUCTS_TOML = (EXAMPLES / "products-generic.toml").read_text(encoding="utf-8")
_BILL = loads_bill(BILL_TOML)
_PRODUCTS = loads_products(PRODUCTS_TOML)
SEEDS = {
    ("bill", "toml"): BILL_TOML,
    ("bill", "json"): dumps_bill(_BILL, format="json"),
    ("bill", "csv"): dumps_bill(_BILL, format="csv"),
    ("products", "toml"): PRODUCTS_TOML,
    ("products", "json"): dumps_products(_PRODUCTS, format="json"),
}
FUZZ = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])


def load_text(kind: str, fmt: str, text: str) -> object:
    if kind == "bill":
        return loads_bill(text, format=fmt, source=f"fuzz.{fmt}")
    return loads_products(text, format=fmt, source=f"fuzz.{fmt}")


def load_bytes(kind: str, fmt: str, data: bytes) -> object:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz.{fmt}"
        path.write_bytes(data)
        return load_bill(path) if kind == "bill" else load_products(path)


def test_seeds_load() -> None:
    for (kind, fmt), text in SEEDS.items():
        assert load_text(kind, fmt, text)


@FUZZ
@given(st.sampled_from(sorted(SEEDS)), st.binary(max_size=400))
def test_random_bytes(key: tuple[str, str], data: bytes) -> None:
    kind, fmt = key
    with contextlib.suppress(ClimateLimitsError):
        load_bytes(kind, fmt, data)


@FUZZ
@given(st.sampled_from(sorted(SEEDS)), st.data())
def test_truncated_files(key: tuple[str, str], data: st.DataObject) -> None:
    text = SEEDS[key]
    cut = data.draw(st.integers(0, len(text)))
    with contextlib.suppress(ClimateLimitsError):
        load_text(*key, text[:cut])


@FUZZ
@given(
    st.sampled_from(sorted(SEEDS)),
    st.data(),
    st.lists(st.characters(codec="utf-8"), min_size=1, max_size=4),
)
def test_mutated_files(key: tuple[str, str], data: st.DataObject, inserted: list[str]) -> None:
    text = SEEDS[key]
    start = data.draw(st.integers(0, len(text) - 1))
    stop = data.draw(st.integers(start, min(len(text), start + 8)))
    mutated = text[:start] + "".join(inserted) + text[stop:]
    with contextlib.suppress(ClimateLimitsError):
        load_text(*key, mutated)


@pytest.mark.parametrize(
    "token",
    ["nan", "inf", "-1", "1e999", '"1 kg"', '"not declared"', "[]", "{}", "true", '""'],
)
def test_every_value_replaced_by_odd_tokens(token: str) -> None:
    # Replace each value of the products example in turn by an odd token.
    lines = PRODUCTS_TOML.splitlines()
    for index, line in enumerate(lines):
        if " = " not in line or line.lstrip().startswith("#"):
            continue
        key = line.split(" = ", 1)[0]
        mutated = "\n".join([*lines[:index], f"{key} = {token}", *lines[index + 1 :]])
        with contextlib.suppress(ClimateLimitsError):
            loads_products(mutated, source="fuzz.toml")
