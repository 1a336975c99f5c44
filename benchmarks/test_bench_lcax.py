"""read_lcax + calculate against the lcax package (Rust) on the same generated projects.

Both read one LCAx JSON text and calculate the project's module results: ``loads_lcax`` and
``calculate`` here, ``lcax.Project.loads`` and ``lcax.calculate_project`` there. The
generated projects (below) use each product in its EPD's declared unit, so both
compute A1-A3, C3, C4 and D the same way; those must agree to 1e-9. Issue 9 asks for at
most 2x lcax at 10,000 and 100,000 product uses. ``lcax`` is in the ``bench`` extra; in CI
(``CI=true``) its absence is a failure, elsewhere the comparison is skipped.

Run: ``pytest benchmarks/test_bench_lcax.py -s``; ``CLIMATELIMITS_BENCH_LINES`` sets one
size instead of the two.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from climatelimits.calculation import calculate
from climatelimits.io.lcax import loads_lcax

_SIZE = os.environ.get("CLIMATELIMITS_BENCH_LINES")
SIZES = [int(_SIZE)] if _SIZE else [10_000, 100_000]
_UNITS = ("m3", "m2", "kg")
_PER_ASSEMBLY = 10


def _epd(index: int, rng: np.random.Generator) -> dict[str, Any]:
    unit = _UNITS[index % len(_UNITS)]
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
    for a in range(-(-n_lines // _PER_ASSEMBLY)):
        products = []
        for k in range(min(_PER_ASSEMBLY, n_lines - a * _PER_ASSEMBLY)):
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
                    "unit": _UNITS[e % len(_UNITS)],
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


MODULES = {"a1a3": "A1-A3", "c3": "C3", "c4": "C4", "d": "D"}


def _lcax() -> Any:
    if os.environ.get("CI", "").lower() == "true":
        import lcax  # a failure in CI: the bench extra must be installed

        return lcax
    return pytest.importorskip("lcax", reason="lcax is in the bench extra")


@pytest.fixture(scope="module", params=SIZES, ids=lambda n: f"{n}-lines")
def project_text(request: pytest.FixtureRequest) -> str:
    return json.dumps(lcax_project(request.param))


def ours(text: str) -> dict[str, Any]:
    project = loads_lcax(text)
    calc = calculate(project.bill, project.products, study_period="50 year")
    return dict(calc.results["gwp_total"].to_mapping())


def theirs(lcax: Any, text: str) -> Any:
    return lcax.calculate_project(lcax.Project.loads(text))


def test_read_and_calculate_against_lcax(
    project_text: str, best_of: Callable[[int, Callable[[], object]], float]
) -> None:
    lcax = _lcax()
    mine = ours(project_text)
    calculated = theirs(lcax, project_text)
    their_results = json.loads(calculated.dumps())["results"]["gwp"]
    for key, module in MODULES.items():
        assert mine[module] == pytest.approx(their_results[key], rel=1e-9), module
    t_ours = best_of(3, lambda: ours(project_text))
    t_lcax = best_of(3, lambda: theirs(lcax, project_text))
    t_json = best_of(3, lambda: json.loads(project_text))
    lines = len(loads_lcax(project_text).bill.columns)
    print(
        f"\n{lines} product uses, {len(project_text) / 1e6:.1f} MB: read_lcax + calculate "
        f"{t_ours:.3f} s, lcax read + calculate_project {t_lcax:.3f} s "
        f"(ratio {t_ours / t_lcax:.2f}); json.loads alone {t_json:.3f} s"
    )
