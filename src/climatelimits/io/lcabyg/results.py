"""Read an LCAbyg results file: whole-period results, areas and instance nodes.

The reading rules are those of :mod:`climatelimits.io.lcabyg`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from climatelimits._frozen import FrozenMap
from climatelimits._validators import safe_fsum
from climatelimits.exceptions import (
    ClimateLimitsError,
    DataFormatError,
)
from climatelimits.io._json_reading import Problems, as_number, as_object, as_text, read_json
from climatelimits.io.lcabyg._common import (
    _B4_PARTS,
    _GWP,
    _HELPERS,
    _SUM_STAGES,
    _WHOLE_PERIOD,
    LCABYG_STAGES,
    _check_indicator,
    _close,
    _is_number,
)
from climatelimits.io.lcabyg.project import (
    _positive_area,
)
from climatelimits.products import Finding
from climatelimits.results import IndicatorResults
from climatelimits.units import (
    AREA_UNIT,
    TIME_UNIT,
    Quantity,
    registry,
)


# -- results files ------------------------------------------------------------------------------
@attrs.frozen
class LcabygInstance:
    """One node of an LCAbyg results model (building, element, construction, product...).

    Attributes
    ----------
    id : str
        Instance id (``results`` keys refer to it).
    node_type : str
        ``Building``, ``ElementInstance``, ``ConstructionInstance``, ``ProductInstance``,
        ``StageInstance``, ``Operation``...
    name : str
        Name as LCAbyg shows it.
    parent : str or None
        Id of the parent instance.
    model_id : str or None
        Id of the project node it is an instance of (for products: the LCAbyg product id).
    replacements : int or None
        Number of replacements over the study period, where stated.
    lifespan_years : int or None
        Service life of the product [year], where stated.
    gwp : Mapping[str, float]
        LCAbyg stage or helper key (``A1to3``, ``B4``, ``B4A1to3``, ``Sum``...) -> whole
        period GWP of the instance [kg CO2e].
    gwp_by_year : Mapping[str, Mapping[int, float]]
        Stage or helper key -> {calendar year: GWP [kg CO2e]}, where the file gives years.
    """

    id: str
    node_type: str
    name: str
    parent: str | None
    model_id: str | None
    replacements: int | None
    lifespan_years: int | None
    gwp: FrozenMap[str, float]
    gwp_by_year: FrozenMap[str, FrozenMap[int, float]]


@attrs.frozen
class LcabygResults:
    """An LCAbyg results file, read by :func:`read_lcabyg_results`.

    Attributes
    ----------
    source : str
        The file read.
    building_id : str
        Id of the ``Building`` instance.
    results : Mapping[str, IndicatorResults]
        The building's whole-period results per indicator (one: LCAbyg's GWP), per module.
    areas : Mapping[str, Quantity]
        ``dk_reference`` (gross area) and ``dk_heated`` [m²] where stated and above 0.
    initial_year : int or None
        First year of the calculation (the year of the building's A1-A3).
    study_period : Quantity or None
        Period the years span, first A1-A3 year to the C3/C4 year inclusive [year].
    instances : tuple of LcabygInstance
        Every node of the model, in file order.
    findings : tuple of Finding
        Cross-checks that failed, and derived values.
    """

    source: str
    building_id: str
    results: FrozenMap[str, IndicatorResults]
    areas: FrozenMap[str, Quantity]
    initial_year: int | None
    study_period: Quantity | None
    instances: tuple[LcabygInstance, ...]
    findings: tuple[Finding, ...]

    @property
    def building(self) -> LcabygInstance:
        """The ``Building`` instance."""
        return next(i for i in self.instances if i.id == self.building_id)

    def of_type(self, node_type: str) -> tuple[LcabygInstance, ...]:
        """Return the instances of one node type, e.g. ``"ProductInstance"``."""
        return tuple(i for i in self.instances if i.node_type == node_type)


def _optional_int(node: Mapping[str, Any], key: str, where: str, problems: Problems) -> int | None:
    if key not in node or node[key] is None:
        return None
    value = as_number(node[key], f"{where}.{key}", problems, minimum=0.0)
    if value is None:
        return None
    if not value.is_integer():
        problems.add(f"{where}.{key}", f"must be a whole number; got {value:g}")
        return None
    return int(value)


def _year(key: Any, where: str, problems: Problems) -> int | None:
    if isinstance(key, str) and key.isdigit() and len(key) == 4:
        return int(key)
    problems.add(where, f"must be keyed by a four-digit year or '9999'; got key {key!r}")
    return None


def _series_from_extract(
    stage: str, raw: Any, where: str, problems: Problems
) -> tuple[float | None, dict[int, float]]:
    """Extract layout: a whole-period number, or {year: value} with '9999' the whole period."""
    if _is_number(raw):
        return as_number(raw, where, problems), {}
    if not isinstance(raw, Mapping):
        problems.add(where, f"must be a number or a table of year -> value; got {raw!r:.80}")
        return None, {}
    total = None
    years: dict[int, float] = {}
    for key, value in raw.items():
        number = as_number(value, f"{where}.{key}", problems)
        if key == _WHOLE_PERIOD:
            total = number
            continue
        year = _year(key, f"{where}.{key}", problems)
        if year is not None and number is not None:
            years[year] = number
    if total is None and raw:
        problems.add(where, f"has no whole-period value '{_WHOLE_PERIOD}' for {stage}")
    return total, years


def _series_from_export(
    stage: str, raw: Any, where: str, problems: Problems
) -> tuple[float | None, dict[int, float]]:
    """LCAbyg export: {year: {indicator: value}} with '9999' the whole period."""
    if not isinstance(raw, Mapping):
        problems.add(where, f"must be a table of year -> indicator values; got {raw!r:.80}")
        return None, {}
    total = None
    years: dict[int, float] = {}
    for key, values in raw.items():
        at = f"{where}.{key}"
        if not isinstance(values, Mapping):
            problems.add(at, f"must be a table of indicator -> value; got {values!r:.80}")
            continue
        if _GWP not in values:
            problems.add(at, f"has no {_GWP} value")
            continue
        number = as_number(values[_GWP], f"{at}.{_GWP}", problems)
        if key == _WHOLE_PERIOD:
            total = number
            continue
        year = _year(key, at, problems)
        if year is not None and number is not None:
            years[year] = number
    if total is None and raw:
        problems.add(where, f"has no whole-period value '{_WHOLE_PERIOD}' for {stage}")
    return total, years


def _instance(
    node: Any, where: str, stages: Any, stages_path: str, extract: bool, problems: Problems
) -> LcabygInstance | None:
    if not isinstance(node, Mapping):
        problems.add(where, f"must be a table describing a node; got {node!r:.80}")
        return None
    count = len(problems.items)
    node_id = as_text(node.get("id"), f"{where}.id", problems, required=True)
    node_type = as_text(node.get("node_type"), f"{where}.node_type", problems, required=True)
    name = node.get("name")
    parent = node.get("parent")
    model_id = node.get("model_id")
    for key, value in (("parent", parent), ("model_id", model_id), ("name", name)):
        if value is not None and not isinstance(value, str):
            problems.add(f"{where}.{key}", f"must be a text or null; got {value!r:.80}")
    replacements = _optional_int(node, "replacements", where, problems)
    lifespan = _optional_int(node, "product_lifespan", where, problems)
    totals: dict[str, float] = {}
    by_year: dict[str, FrozenMap[int, float]] = {}
    rule = "a table of stage -> values"
    stage_values = as_object(stages, stages_path, problems, null=True, rule=rule) or {}
    read = _series_from_extract if extract else _series_from_export
    for stage, raw in stage_values.items():
        total, years = read(str(stage), raw, f"{stages_path}.{stage}", problems)
        if total is not None:
            totals[str(stage)] = total
        if years:
            by_year[str(stage)] = FrozenMap(sorted(years.items()))
    if len(problems.items) > count:
        return None
    return LcabygInstance(
        id=node_id,
        node_type=node_type,
        name=name if isinstance(name, str) else "",
        parent=parent if isinstance(parent, str) else None,
        model_id=model_id if isinstance(model_id, str) else None,
        replacements=replacements,
        lifespan_years=lifespan,
        gwp=FrozenMap(totals),
        gwp_by_year=FrozenMap(by_year),
    )


def _instances(
    data: Any, problems: Problems
) -> tuple[list[LcabygInstance], list[tuple[Any, str]]]:
    """Return the instances and their raw node tables with paths (for areas), in file order."""
    instances: list[LcabygInstance] = []
    raw_nodes: list[tuple[Any, str]] = []
    if isinstance(data, Mapping) and "model" in data and "results" in data:
        model, results = data["model"], data["results"]
        if not isinstance(model, list):
            problems.add("model", f"must be a list of nodes; got {type(model).__name__}")
            return instances, raw_nodes
        if not isinstance(results, Mapping):
            problems.add(
                "results", f"must be a table of node id -> results; got {type(results).__name__}"
            )
            return instances, raw_nodes
        for index, node in enumerate(model):
            node_id = node.get("id") if isinstance(node, Mapping) else None
            stages = results.get(node_id) if isinstance(node_id, str) else None
            instance = _instance(
                node, f"model[{index}]", stages, f"results.{node_id}", False, problems
            )
            if instance is not None:
                instances.append(instance)
                raw_nodes.append((node, f"model[{index}]"))
    elif isinstance(data, Mapping) and "nodes" in data:
        nodes = data["nodes"]
        if not isinstance(nodes, list):
            problems.add("nodes", f"must be a list of nodes; got {type(nodes).__name__}")
            return instances, raw_nodes
        for index, node in enumerate(nodes):
            stages = node.get("gwp") if isinstance(node, Mapping) else None
            instance = _instance(
                node, f"nodes[{index}]", stages, f"nodes[{index}].gwp", True, problems
            )
            if instance is not None:
                instances.append(instance)
                raw_nodes.append((node, f"nodes[{index}]"))
    else:
        got = sorted(data)[:5] if isinstance(data, Mapping) else type(data).__name__
        problems.add(
            "",
            f"an LCAbyg results file must be a table with 'model' and 'results' (or the "
            f"extract layout with 'nodes'); got {got}",
        )
    return instances, raw_nodes


def read_lcabyg_results(path: str | Path, *, gwp_indicator: str = "gwp_total") -> LcabygResults:
    """Read an LCAbyg results file: the building's whole-period results, areas and instances.

    Parameters
    ----------
    path
        LCAbyg's results export (``{"model": [...], "results": {...}}``) or the GWP-only
        extract layout of the shared test fixtures (``{"nodes": [...]}``).
    gwp_indicator
        Indicator id LCAbyg's ``GWP`` is filed under: ``"gwp_total"`` (default) or ``"gwp"``.

    Returns
    -------
    LcabygResults
        ``results`` holds the building's ``'9999'`` (whole period) values [kg CO2e] of
        A1-A3, A4, A5, B4, B6, C3, C4 and D, each only where the file gives it.

    Raises
    ------
    DataFormatError
        Listing every problem with its place in the file: the wrong layout, no or several
        ``Building`` nodes, a value that is not a finite number, a year key that is not a
        year, a stage without its whole-period value.
    """
    _check_indicator(gwp_indicator)
    path = Path(path)
    source = str(path)
    data = read_json(path)
    problems = Problems(source)
    instances, raw_nodes = _instances(data, problems)
    problems.raise_if_any()
    buildings = [
        (i, raw) for i, raw in zip(instances, raw_nodes, strict=True) if i.node_type == "Building"
    ]
    if len(buildings) != 1:
        problems.add("", f"the model must hold exactly one Building node; got {len(buildings)}")
        problems.raise_if_any()
    ((building, (raw_building, building_path)),) = buildings
    findings: list[Finding] = []
    reg = registry()
    areas: dict[str, Quantity] = {}
    for key, area_id in (("gross_area", "dk_reference"), ("heated_floor_area", "dk_heated")):
        value = _positive_area(raw_building, key, building_path, problems)
        if value is not None:
            areas[area_id] = reg.Quantity(value, AREA_UNIT)
    problems.raise_if_any()
    values: dict[str, float] = {}
    for stage, total in building.gwp.items():
        if stage in LCABYG_STAGES:
            values[LCABYG_STAGES[stage]] = total
        elif stage not in _HELPERS:
            findings.append(
                Finding(
                    "unknown_stage",
                    f"building {building.id}: stage {stage!r} ({total:g} kg CO2e) is not an "
                    f"LCAbyg stage climatelimits knows and is left out.",
                    building.id,
                    {stage: total},
                )
            )
    products = [i for i in instances if i.node_type == "ProductInstance"]
    if "B4" not in building.gwp and products and all(p.replacements == 0 for p in products):
        values["B4"] = 0.0
        findings.append(
            Finding(
                "b4_zero_replacements",
                f"building {building.id}: the file gives no B4, and each of its "
                f"{len(products)} product instances states 0 replacements, so B4 = 0.",
                building.id,
            )
        )
    if not any(stage in LCABYG_STAGES for stage in building.gwp):
        findings.append(
            Finding(
                "results_missing",
                f"building {building.id}: the file gives no results for its Building node "
                f"({building_path}) in any stage LCAbyg reports "
                f"({', '.join(LCABYG_STAGES)}); every module is not declared.",
                building.id,
            )
        )
    findings.extend(_cross_checks(building))
    initial_year, study_period = _period(building)
    try:
        results = IndicatorResults.from_mapping(gwp_indicator, values, unit="kg CO2e")
    except ClimateLimitsError as exc:  # pragma: no cover - stage keys are disjoint modules
        raise DataFormatError(source, [f"Building results: {exc}"]) from exc
    return LcabygResults(
        source=source,
        building_id=building.id,
        results=FrozenMap({gwp_indicator: results}),
        areas=FrozenMap(areas),
        initial_year=initial_year,
        study_period=study_period,
        instances=tuple(instances),
        findings=tuple(findings),
    )


def _cross_checks(building: LcabygInstance) -> list[Finding]:
    found: list[Finding] = []
    totals = building.gwp
    if "B4" in totals and all(k in totals for k in _B4_PARTS):
        parts = safe_fsum(totals[k] for k in _B4_PARTS)
        if not _close(parts, totals["B4"]):
            found.append(
                Finding(
                    "b4_parts_disagree",
                    f"building {building.id}: B4 = {totals['B4']:g} kg CO2e but B4A1to3 + "
                    f"B4C3 + B4C4 = {parts:g}; B4 is used.",
                    building.id,
                    {"B4": totals["B4"], "B4A1to3+B4C3+B4C4": parts},
                )
            )
    if "Sum" in totals:
        stages = safe_fsum(totals[k] for k in _SUM_STAGES if k in totals)
        if not _close(stages, totals["Sum"]):
            found.append(
                Finding(
                    "sum_disagrees",
                    f"building {building.id}: Sum = {totals['Sum']:g} kg CO2e but its stages "
                    f"add up to {stages:g}.",
                    building.id,
                    {"Sum": totals["Sum"], "stages": stages},
                )
            )
    for stage, years in building.gwp_by_year.items():
        if stage in totals and years:
            by_year = safe_fsum(years.values())
            if not _close(by_year, totals[stage]):
                found.append(
                    Finding(
                        "years_disagree",
                        f"building {building.id}: {stage} for the whole period is "
                        f"{totals[stage]:g} kg CO2e but its years add up to {by_year:g}.",
                        building.id,
                        {"whole_period": totals[stage], "years": by_year},
                    )
                )
    return found


def _period(building: LcabygInstance) -> tuple[int | None, Quantity | None]:
    start_years = building.gwp_by_year.get("A1to3")
    initial = min(start_years) if start_years else None
    end_years = [y for k in ("C3", "C4") for y in building.gwp_by_year.get(k, {})]
    if initial is None or not end_years:
        return initial, None
    span = max(end_years) - initial + 1
    if span <= 0:
        return initial, None
    return initial, registry().Quantity(float(span), TIME_UNIT)
