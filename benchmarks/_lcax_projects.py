"""Generated LCAx projects for the read + calculate benchmark (issue 9, goal P3).

One project of ``n_lines`` product uses, in assemblies of 10, drawing on ``n_epds`` EPDs
(declared per m³, m² or kg, GWP for A1-A3, C3, C4 and D), each product used in its EPD's
declared unit so that both tools compute the same products of numbers. The layout follows
the LCAx 2.6 project of the shared fixtures (``lcax_project_steel_conversion.json``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

UNITS = ("m3", "m2", "kg")
PER_ASSEMBLY = 10


def _epd(index: int, rng: np.random.Generator) -> dict[str, Any]:
    unit = UNITS[index % len(UNITS)]
    return {
        "type": "EPD",
        "id": f"epd-{index}",
        "name": f"EPD {index}",
        "declaredUnit": unit,
        "version": "1",
        "publishedDate": "2024-01-01",
        "validUntil": "2029-01-01",
        "formatVersion": "2.6.3",
        "source": None,
        "referenceServiceLife": None,
        "standard": "en15804a2",
        "comment": "",
        "location": "dnk",
        "subtype": "generic",
        "conversions": [{"value": float(rng.uniform(10, 3000)), "to": "kg", "metaData": None}]
        if unit != "kg"
        else [],
        "impacts": {
            "gwp": {
                "a1a3": float(rng.uniform(1, 500)),
                "c3": float(rng.uniform(0, 20)),
                "c4": float(rng.uniform(0, 5)),
                "d": -float(rng.uniform(0, 50)),
            }
        },
        "metaData": None,
    }


def lcax_project(n_lines: int, n_epds: int = 200, seed: int = 20261205) -> dict[str, Any]:
    """Return an LCAx project document with ``n_lines`` product uses."""
    rng = np.random.default_rng(seed)
    epds = [_epd(i, rng) for i in range(n_epds)]
    assemblies = []
    for a in range(-(-n_lines // PER_ASSEMBLY)):
        products = []
        for k in range(min(PER_ASSEMBLY, n_lines - a * PER_ASSEMBLY)):
            e = int(rng.integers(n_epds))
            products.append(
                {
                    "type": "product",
                    "id": f"use-{a}-{k}",
                    "name": f"product use {a}-{k}",
                    "description": "",
                    "referenceServiceLife": int(rng.choice([20, 30, 40, 60, 80, 120])),
                    "impactData": [epds[e]],
                    "quantity": float(rng.uniform(0.1, 50.0)),
                    "unit": UNITS[e % len(UNITS)],
                    "transport": None,
                    "results": None,
                    "metaData": None,
                }
            )
        assemblies.append(
            {
                "type": "assembly",
                "id": f"assembly-{a}",
                "name": f"element {a % 25}",
                "description": "",
                "comment": "",
                "quantity": float(rng.uniform(1.0, 20.0)),
                "unit": "pcs",
                "classification": [{"system": "LCAByg", "code": f"c{a % 7}", "name": "x"}],
                "products": products,
                "results": None,
                "metaData": None,
            }
        )
    return {
        "id": "generated",
        "name": "generated project",
        "description": "",
        "comment": None,
        "location": {"country": "dnk", "city": "", "address": ""},
        "owner": "",
        "formatVersion": "2.6.3",
        "lciaMethod": None,
        "classificationSystems": ["LCAByg"],
        "referenceStudyPeriod": 50,
        "lifeCycleStages": ["a1a3", "c3", "c4", "d"],
        "lifeCycleModules": ["a1a3", "c3", "c4", "d"],
        "impactCategories": ["gwp"],
        "assemblies": assemblies,
        "results": None,
        "projectInfo": None,
        "projectPhase": "other",
        "softwareInfo": {
            "lcaSoftware": "generated",
            "lcaSoftwareVersion": None,
            "goalAndScopeDefinition": None,
            "calculationType": None,
        },
        "metaData": None,
    }
