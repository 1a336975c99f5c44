"""The shipped JSON Schemas: regenerated from the classes, and true of the real files.

The examples and the catalogue are read by the library's own readers elsewhere; here they
must also satisfy the schema an editor or another tool would check them with.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings

import climatelimits as cl
from climatelimits import catalogue
from climatelimits._schemas import KINDS, load_schema, schema_text
from climatelimits.io import building_to_dict, schedule_to_dict
from climatelimits.testing.strategies import buildings, limit_schedules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CATALOGUE = Path(catalogue.__file__).parent


def as_json(value: Any) -> Any:
    """A parsed TOML document as its JSON form (TOML dates become ISO strings)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def read(path: Path) -> Any:
    if path.suffix == ".toml":
        return as_json(tomllib.loads(path.read_text(encoding="utf-8")))
    return json.loads(path.read_text(encoding="utf-8"))


def validator(kind: str) -> jsonschema.protocols.Validator:
    schema = load_schema(kind)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.mark.parametrize("kind", list(KINDS))
def test_shipped_schema_is_what_the_generator_writes(kind: str) -> None:
    shipped = Path(cl.__file__).parent / "schemas" / f"{kind}.schema.json"
    assert shipped.read_text(encoding="utf-8") == schema_text(kind), (
        "run `python tools/make_schemas.py`"
    )


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("oceanhamnen-k3.toml", "building"),
        ("example-tightening.toml", "schedule"),
        ("bill-k3.toml", "bill"),
        ("products-generic.toml", "products"),
    ],
)
def test_examples_satisfy_their_schema(examples_dir: Path, name: str, kind: str) -> None:
    validator(kind).validate(read(examples_dir / name))


@pytest.mark.parametrize("path", sorted(CATALOGUE.glob("*.toml")), ids=lambda p: p.stem)
def test_catalogue_satisfies_the_schedule_schema(path: Path) -> None:
    validator("schedule").validate(read(path))


def test_schedule_schema_rejects_what_the_reader_rejects(examples_dir: Path) -> None:
    document = read(examples_dir / "example-tightening.toml")
    document["limits"][0]["metric"]["decimal"] = 0  # misspelt key
    document["limits"][0]["categories"]["multi_family_housing"]["steps"][0]["value"] = "300"
    del document["status"]
    errors = {
        (tuple(e.absolute_path), e.validator) for e in validator("schedule").iter_errors(document)
    }
    assert ((), "required") in errors
    assert (("limits", 0, "metric"), "additionalProperties") in errors
    step = ("limits", 0, "categories", "multi_family_housing", "steps", 0, "value")
    assert (step, "anyOf") in errors


def test_building_schema_rejects_a_bare_number_for_a_quantity(examples_dir: Path) -> None:
    document = read(examples_dir / "oceanhamnen-k3.toml")
    document["areas"]["se_bta"] = 5200
    errors = list(validator("building").iter_errors(document))
    assert [tuple(e.absolute_path) for e in errors] == [("areas", "se_bta")]


@settings(deadline=None, max_examples=50)
@given(buildings())
def test_every_written_building_satisfies_the_schema(building: cl.Building) -> None:
    validator("building").validate(as_json(building_to_dict(building)))


@settings(deadline=None, max_examples=50)
@given(limit_schedules(max_limits=2))
def test_every_written_schedule_satisfies_the_schema(schedule: cl.LimitSchedule) -> None:
    document = as_json(schedule_to_dict(schedule))
    validator("schedule").validate(document)


def test_the_stock_mapping_example_satisfies_its_schema(examples_dir: Path) -> None:
    validator("stock-mapping").validate(read(examples_dir / "stocks" / "eu-ecb-db.toml"))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"colour": "red"}, "colour"),
        ({"results": [{"column": "x", "indicator": "gwp_total", "modules": "A1", "f": 1}]}, "f"),
        ({"values": {"use": {"column": "u", "map": {}, "others": "guess"}}}, "guess"),
        ({"filter": {"column": "c", "above": "ten"}}, "ten"),
    ],
)
def test_stock_mapping_schema_rejects_what_the_reader_rejects(
    examples_dir: Path, change: dict[str, Any], where: str
) -> None:
    from climatelimits.io._stock_mapping import StockMapping

    document = {**read(examples_dir / "stocks" / "eu-ecb-db.toml"), **change}
    errors = list(validator("stock-mapping").iter_errors(document))
    assert errors
    assert any(where in str(e.message) or where in str(e.instance) for e in errors)
    with pytest.raises(cl.DataFormatError):
        StockMapping.from_dict(document, "mapping.toml")
