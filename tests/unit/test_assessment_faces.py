"""What a user sees of an assessment: its plain-data form and its quantities' units (issue 12).

The numbers are those of examples/example-tightening.toml (steps 300 from 2024-07-01, 260 from
2026-01-01, 220 from 2028-01-01) and examples/oceanhamnen-k3.toml (265 kg CO2e/m² BTA).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import climatelimits as cl
from climatelimits.units import parse_unit


def test_to_dict_has_the_json_keys_and_numbers_in_the_metric_unit(examples_dir: Path) -> None:
    building = cl.load_building(examples_dir / "oceanhamnen-k3.toml")
    schedule = cl.load_schedule(examples_dir / "example-tightening.toml")
    data = cl.check(building, schedule, on=dt.date(2025, 6, 1)).to_dict()
    assert json.loads(json.dumps(data)) == data  # plain JSON data, nothing else
    assert data == {
        "building": "oceanhamnen-k3",
        "schedule": "example-tightening",
        "on": "2025-06-01",
        "passed": True,
        "checks": [
            {
                "schedule": "example-tightening",
                "limit_id": "building",
                "part": None,
                "category": "multi_family_housing",
                "status": "pass",
                "reason": data["checks"][0]["reason"],
                "limit": 300.0,
                "value": 265.0,
                "compared_value": 265.0,
                "margin": 35.0,
                "unit": "kg CO2e/m²",
                "effective_from": "2024-07-01",
                "next_step": {"from": "2026-01-01", "limit": 260.0, "passes": False},
                "complies_until": "2025-12-31",
                "limit_terms": {},
                "missing_terms": [],
                # The example's one source has no id, so no step cites it.
                "sources": [],
            }
        ],
    }
    assert data["checks"][0]["reason"].startswith("Complies: 265 kg CO2e/m² is within")


def test_limit_check_quantities_show_the_metric_unit(examples_dir: Path) -> None:
    building = cl.load_building(examples_dir / "oceanhamnen-k3.toml")
    result = cl.check(building, cl.load_schedule(examples_dir / "example-tightening.toml"))
    (item,) = result.checks
    assert repr(item.limit) == "<Quantity(260.0, 'kg CO2e/m²')>"
    assert str(item.compared_value) == "265.0 kg CO2e/m²"
    assert f"{item.margin:.0f}" == "-5 kg CO2e/m²"
    assert item.next_step is not None
    assert str(item.next_step.limit) == "220.0 kg CO2e/m²"
    # Still a quantity of the registry in every other respect.
    assert item.limit == cl.registry().Quantity(0.26, parse_unit("t CO2e / m^2"))
    assert item.limit.to("t CO2e / m^2").magnitude == 0.26
