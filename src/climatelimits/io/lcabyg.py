"""Read LCAbyg JSON: a project graph into a bill and products, a results file into a building.

LCAbyg is the Danish building-LCA tool of BUILD (Aalborg University) used for the BR18
climate requirement. It writes two kinds of JSON:

Project files
    A list of nodes (``{"Node": {"Element": {...}}}``) and edges
    (``{"Edge": [{"ConstructionToProduct": {...}}, from_id, to_id]}``), either as one file or
    as a folder of files (``User/*.json``, ``Others.json``; the encrypted ``Secret`` blocks
    LCAbyg adds are skipped). :func:`read_lcabyg_project` turns the chain *Element
    --ElementToConstruction(amount)--> Construction --ConstructionToProduct(amount, unit,
    lifespan)--> Product --ProductToStage--> Stage*
    into a :class:`~climatelimits.quantities.BillOfQuantities` and
    :class:`~climatelimits.products.Product` records. Products from LCAbyg's built-in
    database are not in project files; pass them as ``library``.
Results files
    ``{"model": [nodes], "results": {node id: {stage: {year: {indicator: value}}}}}`` [1]_,
    where the year ``"9999"`` is the whole study period. :func:`read_lcabyg_results` reads the
    building's whole-period values per stage, its areas and every instance node (products with
    their replacements and lifespans). It also reads the GWP-only extract layout used in the
    shared test fixtures (``{"nodes": [{..., "gwp": {stage: total or {year: value}}}]}``).

:func:`read_lcabyg` combines them into a :class:`~climatelimits.buildings.Building`
(:func:`import_lcabyg` also returns the findings). Given both files, it checks that they
belong together: the same building id, areas, start year and study period.

Reading rules (decisions, so that nothing is invented):

- **Indicator.** LCAbyg reports one ``GWP``: GWP-total for EN 15804+A2 data and GWP for +A1
  data, mixed as BR18 allows. It is filed under ``gwp_total`` (the indicator of the BR18
  limit) unless ``gwp_indicator="gwp"`` is asked for. LCAbyg's other indicators (ODP, AP,
  PENR...) have no climatelimits indicator and are not read.
- **Stages** [1]_: ``A1to3`` -> A1-A3, ``A4``, ``A5``, ``B4``, ``B6``, ``C3``, ``C4``, ``D``.
  ``B4`` already includes the replaced A1-A3, C3 and C4 (LCAbyg's helpers ``B4A1to3``,
  ``B4C3``, ``B4C4`` break it down and are only cross-checked, never added). ``Sum``,
  ``SumNew``, ``SumEx`` and ``SumD`` are helpers, cross-checked too. A stage a file does not
  give is *not declared*, never zero. One exception, derived from the file itself: a results
  file without B4 whose product instances all state 0 replacements gets B4 = 0 (finding
  ``b4_zero_replacements``).
- **Areas.** ``gross_area`` -> ``dk_reference`` and ``heated_floor_area`` -> ``dk_heated``.
  A project stating an integrated garage or external area (``integrated_garage``,
  ``external_area`` above 0) gets no ``dk_reference``: BR18 counts those areas by rules the
  file does not apply, so the gross area alone is not the reference area (finding
  ``reference_area_unknown``). An area of 0 is not stated.
- **Study period.** The project's ``calculation_timespan``; with a results file only, the
  period its years span (first A1-A3 year to the C3/C4 year, inclusive), which must agree
  with the project when both are given; failing both, 50 years, BR18's period [2]_ (finding
  ``study_period_assumed``).
- **Use** (:data:`LCABYG_BUILDING_TYPES`): the project's ``building_type`` mapped to a
  :class:`~climatelimits.buildings.UseCategory`. LCAbyg's ``Production`` has no use category
  and a results file states no type at all: then ``use=`` must be given, or
  :func:`read_lcabyg` raises a :class:`~climatelimits.exceptions.DataFormatError`.
- **Dates.** LCAbyg files carry no permit, construction-start or completion date, only the
  year the calculation starts (``initial_year``), which is kept in the metadata and not
  turned into a date. Give ``check`` a date with ``on=`` (``--on``).
- **Country** ``DK`` when the project names a BR calculation mode or regulation version.
- **Disabled** elements, edges and stages are left out, as LCAbyg leaves them out. Products
  marked ``demolition`` belong to the existing building (LCAbyg's ``SumEx``) and are left out
  of the bill (finding ``demolition_left_out``). A ``delayed_start`` other than 0, a stage
  whose ``stage_unit``/``stage_factor`` differ from its ``indicator_unit``/``indicator_factor``
  and a ``scale_factor`` other than 1 are refused: the file does not document their direction.
- **B6** is not computed from a project file: the yearly emission factors LCAbyg applies to
  the energy use are not in the file (finding ``b6_not_computed``).

References
----------
.. [1] BUILD, Aalborg University (2022). *JSON guide for LCAbyg 2023 (5.3.1.0): How to
   understand and use the export function*, tables 1 and 2,
   https://www.lcabyg.dk/da/usermanual/brugervejledning-andre-vaerktojer/
.. [2] Bygningsreglementet (BR18), §297 and Bilag 2 (50-year reference study period),
   https://bygningsreglementet.dk/Tekniske-bestemmelser/11/Krav/297_298
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, NamedTuple

import attrs
import pint

from climatelimits._dates import date_or_datetime
from climatelimits._frozen import FrozenMap
from climatelimits._validators import safe_fsum, to_optional_member
from climatelimits.buildings import Building, UseCategory
from climatelimits.exceptions import (
    ClimateLimitsError,
    DataFormatError,
    InvalidInputError,
)
from climatelimits.indicators import get_indicator
from climatelimits.io._json_reading import Problems, as_number, as_object, as_text, read_json
from climatelimits.lifecycle import ModuleSet
from climatelimits.products import DataType, Finding, Product, Standard
from climatelimits.quantities import BillLine, BillOfQuantities
from climatelimits.results import IndicatorResults
from climatelimits.units import (
    AREA_UNIT,
    TIME_UNIT,
    Quantity,
    format_unit,
    parse_unit,
    registry,
)

__all__ = [
    "DEFAULT_STUDY_PERIOD_YEARS",
    "LCABYG_BUILDING_TYPES",
    "LCABYG_STAGES",
    "LCABYG_UNITS",
    "LcabygImport",
    "LcabygInstance",
    "LcabygProject",
    "LcabygProjectInfo",
    "LcabygResults",
    "import_lcabyg",
    "read_lcabyg",
    "read_lcabyg_project",
    "read_lcabyg_results",
]

DEFAULT_STUDY_PERIOD_YEARS: Final = 50
"""BR18's reference study period [year], used only when no file states one."""

LCABYG_BUILDING_TYPES: Final[Mapping[str, UseCategory]] = FrozenMap(
    {
        "Office": UseCategory.OFFICE,
        "School": UseCategory.EDUCATION,
        "ResidentialBuildingSingleFamilyHouse": UseCategory.DETACHED_HOUSE,
        "ResidentialBuildingTerracedHouse": UseCategory.ROW_HOUSE,
        "ResidentialBuildingMultiStoreyBuilding": UseCategory.MULTI_FAMILY_HOUSING,
        "Store": UseCategory.RETAIL,
        "Logistics": UseCategory.WAREHOUSE,
        "Hotel": UseCategory.HOTEL,
        "Other": UseCategory.OTHER,
    }
)
"""LCAbyg ``building_type`` -> use category. ``Production`` has none: pass ``use=``.

The keys are the values of LCAbyg 2023's building type as its JSON files write them (e.g.
``"Office"`` in LCAx's test project, ``"ResidentialBuildingSingleFamilyHouse"`` in BUILD's
web-API examples).
"""

LCABYG_STAGES: Final[Mapping[str, str]] = FrozenMap(
    {
        "A1to3": "A1-A3",
        "A4": "A4",
        "A5": "A5",
        "B4": "B4",
        "B6": "B6",
        "C3": "C3",
        "C4": "C4",
        "D": "D",
    }
)
"""LCAbyg result stages -> module sets (JSON guide for LCAbyg 2023, table 1)."""

_HELPERS: Final = frozenset({"B4A1to3", "B4C3", "B4C4", "Sum", "SumNew", "SumEx", "SumD"})
_B4_PARTS: Final = ("B4A1to3", "B4C3", "B4C4")
_SUM_STAGES: Final = ("A1to3", "A4", "A5", "B4", "B6", "C3", "C4")
_WHOLE_PERIOD: Final = "9999"
_GWP: Final = "GWP"
_RELATIVE_TOLERANCE: Final = 1e-6
_ABSOLUTE_TOLERANCE: Final = 1e-6  # kg CO2e: rounding noise of sums of ~0

LCABYG_UNITS: Final[Mapping[str, str]] = FrozenMap(
    {
        "KG": "kg",
        "TON": "t",
        "T": "t",
        "M": "m",
        "M2": "m^2",
        "M3": "m^3",
        "L": "l",
        "STK": "piece",
        "PCS": "piece",
        "KWH": "kWh",
    }
)
"""LCAbyg unit codes (any case) -> climatelimits unit text."""

_NAME_LANGUAGES: Final = ("Danish", "English", "Norwegian", "German")

_STANDARDS: Final = {"A1": Standard.EN15804_A1, "A2": Standard.EN15804_A2}
_DATA_TYPES: Final = {
    "specific": DataType.SPECIFIC,
    "generic": DataType.GENERIC,
    "average": DataType.INDUSTRY_AVERAGE,
    "industry": DataType.INDUSTRY_AVERAGE,
    "representative": DataType.INDUSTRY_AVERAGE,
}
_AMOUNT_EDGES: Final = frozenset({"ElementToConstruction", "ConstructionToProduct"})


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _name(value: Any) -> str:
    """Return the first non-empty translation of an LCAbyg name (Danish first)."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Mapping):
        for language in _NAME_LANGUAGES:
            text = value.get(language)
            if isinstance(text, str) and text.strip():
                return text.strip()
        for text in value.values():
            if isinstance(text, str) and text.strip():
                return text.strip()
    return ""


def _unit(code: Any, path: str, problems: Problems) -> str | None:
    if not isinstance(code, str) or code.strip().upper() not in LCABYG_UNITS:
        known = ", ".join(LCABYG_UNITS)
        problems.add(path, f"must be an LCAbyg unit ({known}); got {code!r}")
        return None
    return LCABYG_UNITS[code.strip().upper()]


def _quantity_text(quantity: Quantity) -> str:
    return f"{float(quantity.magnitude):g} {format_unit(quantity.units)}"


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(_ABSOLUTE_TOLERANCE, _RELATIVE_TOLERANCE * max(abs(a), abs(b)))


def _check_indicator(gwp_indicator: str) -> None:
    get_indicator(gwp_indicator)
    if gwp_indicator not in ("gwp_total", "gwp"):
        msg = f"`gwp_indicator` must be 'gwp_total' or 'gwp'; got {gwp_indicator!r}"
        raise InvalidInputError(msg)


# -- project files -------------------------------------------------------------------------------
@attrs.frozen
class LcabygProjectInfo:
    """What an LCAbyg project file says about the project and its building.

    Attributes
    ----------
    source : str
        The file or folder read.
    project_id : str
        Id of the ``Project`` node ("" if the file has none).
    name : str
        Project name.
    address : str
        Project address.
    building_id : str
        Id of the ``Building`` node.
    building_type : str
        LCAbyg's ``building_type`` text ("" if absent).
    use : UseCategory or None
        The use category it maps to (:data:`LCABYG_BUILDING_TYPES`), or ``None``.
    areas : Mapping[str, Quantity]
        ``dk_reference`` and ``dk_heated`` [m²] where the file states them (see the module
        notes).
    study_period : Quantity or None
        ``calculation_timespan`` [year].
    initial_year : int or None
        The year LCAbyg's calculation starts (not a permit or construction date).
    calculation_mode : str
        E.g. ``"BR23"``.
    regulation : str
        ``building_regulation_version``, e.g. ``"BR2023"``.
    electricity_use_kwh_per_m2_year, heat_use_kwh_per_m2_year : float or None
        The building's operational energy use as the ``Operation`` node states it.
    findings : tuple of Finding
        Notes made while reading.
    """

    source: str
    project_id: str
    name: str
    address: str
    building_id: str
    building_type: str
    use: UseCategory | None
    areas: FrozenMap[str, Quantity]
    study_period: Quantity | None
    initial_year: int | None
    calculation_mode: str
    regulation: str
    electricity_use_kwh_per_m2_year: float | None
    heat_use_kwh_per_m2_year: float | None
    findings: tuple[Finding, ...]


class LcabygProject(NamedTuple):
    """A project read by :func:`read_lcabyg_project`; unpacks as ``bill, products, info``."""

    bill: BillOfQuantities
    """One line per (element, construction, product) use, quantity in the edge's unit."""
    products: tuple[Product, ...]
    """The products the bill uses, in order of first use."""
    info: LcabygProjectInfo
    """Project and building metadata."""


@attrs.frozen
class _Graph:
    nodes: dict[str, tuple[str, Mapping[str, Any], str]]  # id -> (type, payload, path)
    by_type: dict[str, list[tuple[Mapping[str, Any], str]]]
    edges: list[tuple[str, Any, str, str, str]]  # (type, payload, from, to, path)


def _project_documents(path: Path) -> list[tuple[Any, str]]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.json") if p.is_file())
        if not files:
            raise DataFormatError(str(path), ["the folder holds no .json files"])
        return [(read_json(p), str(p)) for p in files]
    return [(read_json(path), str(path))]


def _graph(documents: Sequence[tuple[Any, str]], problems: Problems) -> _Graph:
    nodes: dict[str, tuple[str, Mapping[str, Any], str]] = {}
    by_type: dict[str, list[tuple[Mapping[str, Any], str]]] = {}
    edges: list[tuple[str, Any, str, str, str]] = []
    single = len(documents) == 1
    for data, source in documents:
        prefix = "" if single else f"{Path(source).name}:"
        if not isinstance(data, list):
            problems.add(
                prefix.rstrip(":"),
                f"an LCAbyg project must be a JSON list of nodes and edges; got "
                f"{type(data).__name__}",
            )
            continue
        for index, item in enumerate(data):
            path = f"{prefix}[{index}]"
            if not isinstance(item, Mapping) or len(item) != 1:
                problems.add(path, f"must be {{'Node': ...}} or {{'Edge': ...}}; got {item!r:.80}")
                continue
            ((kind, body),) = item.items()
            if kind == "Node":
                _add_node(body, f"{path}.Node", nodes, by_type, problems)
            elif kind == "Edge":
                edge = _edge(body, f"{path}.Edge", problems)
                if edge is not None:
                    edges.append(edge)
            elif kind == "Secret":
                continue  # LCAbyg's encrypted licence block: no project data
            else:
                problems.add(path, f"must be {{'Node': ...}} or {{'Edge': ...}}; got key {kind!r}")
    return _Graph(nodes, by_type, edges)


def _add_node(
    body: Any,
    path: str,
    nodes: dict[str, tuple[str, Mapping[str, Any], str]],
    by_type: dict[str, list[tuple[Mapping[str, Any], str]]],
    problems: Problems,
) -> None:
    if not isinstance(body, Mapping) or len(body) != 1:
        problems.add(path, f"must be {{<node type>: {{...}}}}; got {body!r:.80}")
        return
    ((node_type, payload),) = body.items()
    where = f"{path}.{node_type}"
    if not isinstance(payload, Mapping):
        problems.add(where, f"must be a table; got {payload!r:.80}")
        return
    node_id = payload.get("id")
    if not isinstance(node_id, str) or not node_id:
        problems.add(f"{where}.id", f"must be a non-empty text; got {node_id!r}")
        return
    if node_id in nodes:
        problems.add(f"{where}.id", f"{node_id!r} is already used by {nodes[node_id][2]}")
        return
    nodes[node_id] = (str(node_type), payload, where)
    by_type.setdefault(str(node_type), []).append((payload, where))


def _edge(body: Any, path: str, problems: Problems) -> tuple[str, Any, str, str, str] | None:
    if not isinstance(body, list) or len(body) != 3:
        problems.add(path, f"must be [{{<edge type>: ...}}, from id, to id]; got {body!r:.80}")
        return None
    head, start, end = body
    if not isinstance(head, Mapping) or len(head) != 1:
        problems.add(f"{path}[0]", f"must be {{<edge type>: ...}}; got {head!r:.80}")
        return None
    if not isinstance(start, str) or not isinstance(end, str):
        problems.add(path, f"must name two node ids as text; got {start!r} and {end!r}")
        return None
    ((edge_type, payload),) = head.items()
    return (str(edge_type), payload, start, end, f"{path}[0].{edge_type}")


def _enabled(payload: Any) -> bool:
    return not (isinstance(payload, Mapping) and payload.get("enabled") is False)


def _single(
    graph: _Graph, node_type: str, problems: Problems
) -> tuple[Mapping[str, Any], str] | None:
    found = graph.by_type.get(node_type, [])
    if len(found) > 1:
        where = ", ".join(p for _, p in found)
        problems.add(
            "",
            f"the project holds {len(found)} {node_type} nodes ({where}); one is supported "
            f"(split building variants into separate files)",
        )
        return None
    return found[0] if found else None


def _required(graph: _Graph, node_type: str, problems: Problems) -> tuple[Mapping[str, Any], str]:
    found = _single(graph, node_type, problems)
    if found is None:
        if not problems.items:
            problems.add("", f"the project has no {node_type} node")
        problems.raise_all()
    return found


def read_lcabyg_project(
    path: str | Path,
    *,
    library: Mapping[str, Product] | Iterable[Product] | None = None,
    gwp_indicator: str = "gwp_total",
    require_products: bool = True,
) -> LcabygProject:
    """Read an LCAbyg project (one JSON file, or a folder of them) into a bill and products.

    Parameters
    ----------
    path
        An LCAbyg project JSON file, or the folder of an exported project (every ``*.json``
        in it, e.g. ``User/*.json`` and ``Others.json``).
    library
        Products for product ids the project uses but does not define (LCAbyg's built-in
        data, e.g. BR18 Tabel 7 products keyed by their LCAbyg id). A product defined in the
        file takes precedence.
    gwp_indicator
        Indicator id LCAbyg's ``GWP`` is filed under: ``"gwp_total"`` (default) or ``"gwp"``.
    require_products
        Whether a product the bill uses but neither the file nor ``library`` defines is an
        error (default). With ``False`` it is a finding (``products_not_defined``) and
        ``products`` holds only the products found: enough when the results come from
        LCAbyg's results file, not enough to calculate.

    Returns
    -------
    LcabygProject
        ``bill`` (quantities in the units of the ``ConstructionToProduct`` edges, service life
        from their ``lifespan`` [year]), ``products`` (impacts per declared unit, with
        ``mass_per_declared_unit`` from the stage's ``mass_factor``) and ``info``.

    Raises
    ------
    DataFormatError
        Listing every problem with its place in the file: not a node/edge list, a missing or
        malformed field, a product the file uses but neither defines nor finds in
        ``library``, or a feature whose meaning the file does not pin down (see the module
        notes).
    """
    _check_indicator(gwp_indicator)
    path = Path(path)
    documents = _project_documents(path)
    source = str(path)
    problems = Problems(source)
    graph = _graph(documents, problems)
    problems.raise_if_any()
    findings: list[Finding] = []
    info = _project_info(graph, source, problems, findings)
    lines = _bill_lines(graph, problems, findings)
    products = _products(
        graph, lines, library, gwp_indicator, source, problems, findings, require_products
    )
    problems.raise_if_any()
    bill_id = info.project_id or info.building_id or path.stem or "lcabyg"
    try:
        bill = BillOfQuantities(bill_id, tuple(lines), name=info.name)
    except ClimateLimitsError as exc:
        raise DataFormatError(source, [str(exc)]) from exc
    info = attrs.evolve(info, findings=(*info.findings, *findings))
    return LcabygProject(bill, products, info)


def _positive_area(
    payload: Mapping[str, Any], key: str, path: str, problems: Problems
) -> float | None:
    if key not in payload:
        return None
    number = as_number(payload[key], f"{path}.{key}", problems, minimum=0.0)
    return number if number else None


def _project_info(
    graph: _Graph, source: str, problems: Problems, findings: list[Finding]
) -> LcabygProjectInfo:
    project = _single(graph, "Project", problems)
    building = _required(graph, "Building", problems)
    payload, where = building
    project_payload: Mapping[str, Any] = project[0] if project else {}
    project_path = project[1] if project else ""
    building_id = str(payload["id"])
    building_type = payload.get("building_type", "")
    if not isinstance(building_type, str):
        problems.add(f"{where}.building_type", f"must be a text; got {building_type!r:.80}")
        building_type = ""
    use = LCABYG_BUILDING_TYPES.get(building_type)
    areas = _project_areas(payload, where, building_id, problems, findings)
    study_period = None
    if "calculation_timespan" in payload:
        years = as_number(
            payload["calculation_timespan"], f"{where}.calculation_timespan", problems
        )
        if years is not None and years <= 0:
            problems.add(f"{where}.calculation_timespan", f"must be above 0; got {years:g}")
        elif years is not None:
            study_period = registry().Quantity(years, TIME_UNIT)
    initial_year = None
    if "initial_year" in payload:
        year = as_number(payload["initial_year"], f"{where}.initial_year", problems)
        if year is not None and year.is_integer():
            initial_year = int(year)
        elif year is not None:
            problems.add(f"{where}.initial_year", f"must be a whole year; got {year:g}")
    electricity, heat = _operation(graph, building_id, problems, findings)
    mode = payload.get("calculation_mode", "")
    regulation = project_payload.get("building_regulation_version", "")
    return LcabygProjectInfo(
        source=source,
        project_id=str(project_payload.get("id", "")),
        name=_name(project_payload.get("name")),
        address=as_text(
            project_payload.get("address"), f"{project_path}.address", problems, required=False
        ),
        building_id=building_id,
        building_type=building_type,
        use=use,
        areas=FrozenMap(areas),
        study_period=study_period,
        initial_year=initial_year,
        calculation_mode=mode if isinstance(mode, str) else "",
        regulation=regulation if isinstance(regulation, str) else "",
        electricity_use_kwh_per_m2_year=electricity,
        heat_use_kwh_per_m2_year=heat,
        findings=(),
    )


def _project_areas(
    payload: Mapping[str, Any],
    where: str,
    building_id: str,
    problems: Problems,
    findings: list[Finding],
) -> dict[str, Quantity]:
    reg = registry()
    areas: dict[str, Quantity] = {}
    gross = _positive_area(payload, "gross_area", where, problems)
    heated = _positive_area(payload, "heated_floor_area", where, problems)
    extra = {
        key: value
        for key in ("integrated_garage", "external_area")
        if (value := _positive_area(payload, key, where, problems))
    }
    if gross is not None and extra:
        stated = ", ".join(f"{k} = {v:g} m²" for k, v in extra.items())
        findings.append(
            Finding(
                "reference_area_unknown",
                f"building {building_id}: the project states {stated} besides the gross area "
                f"of {gross:g} m²; BR18 counts these by rules the file does not apply, so no "
                f"dk_reference area is taken from it.",
                building_id,
                {"gross_area": gross, **extra},
            )
        )
    elif gross is not None:
        areas["dk_reference"] = reg.Quantity(gross, AREA_UNIT)
    if heated is not None:
        areas["dk_heated"] = reg.Quantity(heated, AREA_UNIT)
    return areas


def _operation(
    graph: _Graph, building_id: str, problems: Problems, findings: list[Finding]
) -> tuple[float | None, float | None]:
    targets = [
        end
        for kind, _, start, end, _ in graph.edges
        if kind == "BuildingToOperation" and start == building_id
    ]
    electricity = heat = None
    for target in targets:
        node = graph.nodes.get(target)
        if node is None or node[0] != "Operation":
            continue
        _, payload, where = node
        if "electricity_usage" in payload:
            electricity = as_number(
                payload["electricity_usage"], f"{where}.electricity_usage", problems, minimum=0.0
            )
        if "heat_usage" in payload:
            heat = as_number(payload["heat_usage"], f"{where}.heat_usage", problems, minimum=0.0)
    if electricity or heat:
        findings.append(
            Finding(
                "b6_not_computed",
                f"building {building_id}: operational energy use is stated (electricity "
                f"{electricity or 0:g}, heat {heat or 0:g} kWh/m²/year) but B6 is not computed "
                f"from a project file: LCAbyg's yearly emission factors are not in it. Read "
                f"LCAbyg's results file for B6.",
                building_id,
                {"electricity_use": electricity or 0.0, "heat_use": heat or 0.0},
            )
        )
    return electricity, heat


def _bill_lines(graph: _Graph, problems: Problems, findings: list[Finding]) -> list[BillLine]:
    classification: dict[str, str] = {}
    by_start: dict[str, list[tuple[str, Any, str, str]]] = {}
    for kind, payload, start, end, where in graph.edges:
        if kind == "CategoryToElement":
            classification.setdefault(end, start)
        if kind in ("ElementToConstruction", "ConstructionToProduct"):
            by_start.setdefault(start, []).append((kind, payload, end, where))
        elif isinstance(payload, Mapping) and "amount" in payload:
            problems.add(
                where,
                f"edge type {kind!r} carries an amount but is not an LCAbyg edge climatelimits "
                f"reads ({', '.join(sorted(_AMOUNT_EDGES))}); it would be left out, so the "
                f"file is refused",
            )
    lines: list[BillLine] = []
    for element, _ in graph.by_type.get("Element", []):
        if not _enabled(element):
            continue
        element_id = str(element["id"])
        element_name = _name(element.get("name")) or element_id
        for kind, e2c, construction_id, e2c_path in by_start.get(element_id, []):
            if kind != "ElementToConstruction" or not _enabled(e2c):
                continue
            if not isinstance(e2c, Mapping):
                problems.add(e2c_path, f"must be a table with an amount; got {e2c!r:.80}")
                continue
            element_amount = as_number(
                e2c.get("amount"), f"{e2c_path}.amount", problems, minimum=0.0
            )
            construction = graph.nodes.get(construction_id)
            if construction is None or construction[0] != "Construction":
                problems.add(
                    e2c_path,
                    f"points to {construction_id!r}, which is not a Construction node of the file",
                )
                continue
            e2c_id = e2c.get("id") if isinstance(e2c.get("id"), str) else e2c_path
            for kind2, c2p, product_id, c2p_path in by_start.get(construction_id, []):
                if kind2 != "ConstructionToProduct" or not _enabled(c2p):
                    continue
                line = _line(
                    c2p,
                    c2p_path,
                    product_id,
                    f"{e2c_id}/",
                    element_amount,
                    element_name,
                    classification.get(element_id, ""),
                    problems,
                    findings,
                )
                if line is not None:
                    lines.append(line)
    return lines


def _line(
    c2p: Any,
    where: str,
    product_id: str,
    prefix: str,
    element_amount: float | None,
    element_name: str,
    classification: str,
    problems: Problems,
    findings: list[Finding],
) -> BillLine | None:
    if not isinstance(c2p, Mapping):
        problems.add(where, f"must be a table with amount, unit and lifespan; got {c2p!r:.80}")
        return None
    amount = as_number(c2p.get("amount"), f"{where}.amount", problems, minimum=0.0)
    unit = _unit(c2p.get("unit"), f"{where}.unit", problems)
    lifespan = as_number(c2p.get("lifespan"), f"{where}.lifespan", problems)
    if lifespan is not None and lifespan <= 0:
        problems.add(f"{where}.lifespan", f"must be above 0 years; got {lifespan:g}")
        lifespan = None
    delayed = c2p.get("delayed_start", 0)
    if delayed not in (0, None):
        problems.add(
            f"{where}.delayed_start",
            f"must be 0: a product installed {delayed!r} years after the start shifts its "
            f"replacements, which the replacement rule does not model",
        )
    edge_id = c2p.get("id") if isinstance(c2p.get("id"), str) else where
    if c2p.get("demolition") is True:
        findings.append(
            Finding(
                "demolition_left_out",
                f"edge {edge_id}: product {product_id} is marked for demolition (existing "
                f"building, LCAbyg's SumEx) and is left out of the bill.",
                str(edge_id),
            )
        )
        return None
    if amount is None or unit is None or element_amount is None or lifespan is None:
        return None
    reg = registry()
    with problems.recording(where):
        return BillLine(
            id=f"{prefix}{edge_id}",
            product=product_id,
            quantity=reg.Quantity(element_amount * amount, unit),
            element=element_name,
            classification=classification,
            service_life=reg.Quantity(lifespan, TIME_UNIT),
        )
    return None


def _products(
    graph: _Graph,
    lines: Sequence[BillLine],
    library: Mapping[str, Product] | Iterable[Product] | None,
    gwp_indicator: str,
    source: str,
    problems: Problems,
    findings: list[Finding],
    require_products: bool,
) -> tuple[Product, ...]:
    known: dict[str, object] = {}
    if isinstance(library, Mapping):
        known = dict(library)
    elif library is not None:
        known = {getattr(p, "id", repr(p)): p for p in library}
    for key, item in known.items():
        if not isinstance(item, Product):
            msg = f"`library[{key!r}]` must be a Product; got {item!r}"
            raise InvalidInputError(msg)
    stages_of: dict[str, list[tuple[Mapping[str, Any], str]]] = {}
    broken: dict[str, list[str]] = {}
    for kind, payload, start, end, where in graph.edges:
        if kind != "ProductToStage" or not _enabled(payload):
            continue
        stage = graph.nodes.get(end)
        if stage is None or stage[0] != "Stage":
            broken.setdefault(start, []).append(
                f"{where}: points to {end!r}, which is not a Stage node of the file"
            )
            continue
        stages_of.setdefault(start, []).append((stage[1], stage[2]))
    out: list[Product] = []
    missing: list[str] = []
    for product_id in dict.fromkeys(line.product for line in lines):
        node = graph.nodes.get(product_id)
        if node is not None and node[0] == "Product" and product_id in broken:
            problems.items.extend(broken[product_id])
        elif node is not None and node[0] == "Product":
            product = _product(
                node[1],
                node[2],
                stages_of.get(product_id, []),
                gwp_indicator,
                source,
                problems,
                findings,
            )
            if product is not None:
                out.append(product)
        elif isinstance(found := known.get(product_id), Product):
            out.append(found)
        else:
            missing.append(product_id)
    if missing and require_products:
        problems.add(
            "",
            f"the bill uses products the file does not define and `library` does not hold: "
            f"{', '.join(missing)} (LCAbyg's built-in data is not in project files; pass "
            f"them as `library`)",
        )
    elif missing:
        findings.append(
            Finding(
                "products_not_defined",
                f"{source}: {len(missing)} products the bill uses are LCAbyg's built-in data, "
                f"not in the file and not in `library` ({', '.join(missing[:5])}"
                f"{', ...' if len(missing) > 5 else ''}); the bill cannot be calculated "
                f"without them.",
                source,
                {"missing": float(len(missing))},
            )
        )
    return tuple(out)


@attrs.frozen
class _Stage:
    modules: ModuleSet
    gwp: float
    declared_unit: Quantity
    mass_per_unit: float | None  # kg per 1 unit of the declared unit
    payload: Mapping[str, Any]
    path: str


def _stage(payload: Mapping[str, Any], where: str, problems: Problems) -> _Stage | None:
    count = len(problems.items)
    try:
        modules = ModuleSet.parse(payload.get("stage", ""))
    except (ClimateLimitsError, TypeError) as exc:
        problems.add(f"{where}.stage", str(exc))
        modules = ModuleSet.empty()
    if not modules and len(problems.items) == count:
        problems.add(
            f"{where}.stage", f"must name a module such as 'A1to3'; got {payload.get('stage')!r}"
        )
    stage_unit = _unit(payload.get("stage_unit"), f"{where}.stage_unit", problems)
    indicator_unit = stage_unit
    if "indicator_unit" in payload:
        indicator_unit = _unit(payload.get("indicator_unit"), f"{where}.indicator_unit", problems)
    stage_factor = as_number(payload.get("stage_factor", 1.0), f"{where}.stage_factor", problems)
    indicator_factor = stage_factor
    if "indicator_factor" in payload:
        indicator_factor = as_number(
            payload["indicator_factor"], f"{where}.indicator_factor", problems
        )
    scale = as_number(payload.get("scale_factor", 1.0), f"{where}.scale_factor", problems)
    mass = as_number(
        payload.get("mass_factor", 0.0), f"{where}.mass_factor", problems, minimum=0.0
    )
    indicators = payload.get("indicators")
    gwp = None
    if isinstance(indicators, Mapping):
        gwp = as_number(indicators.get(_GWP), f"{where}.indicators.{_GWP}", problems)
    else:
        problems.add(
            f"{where}.indicators", f"must be a table of indicator values; got {indicators!r:.80}"
        )
    if (
        stage_unit is None
        or indicator_unit is None
        or stage_factor is None
        or indicator_factor is None
        or scale is None
        or mass is None
        or gwp is None
        or len(problems.items) > count
    ):
        return None
    if indicator_factor <= 0:
        problems.add(f"{where}.indicator_factor", f"must be above 0; got {indicator_factor:g}")
        return None
    if stage_unit != indicator_unit or not math.isclose(stage_factor, indicator_factor):
        problems.add(
            where,
            f"states amounts per {stage_factor:g} {stage_unit} and indicators per "
            f"{indicator_factor:g} {indicator_unit}; the file does not document the direction "
            f"of that conversion, so the stage is refused",
        )
        return None
    if scale != 1.0:
        problems.add(
            f"{where}.scale_factor",
            f"must be 1: the meaning of LCAbyg's scale factor ({scale:g}) is not documented, "
            f"so the stage is refused rather than guessed",
        )
        return None
    declared = registry().Quantity(indicator_factor, indicator_unit)
    mass_per_unit = mass if mass > 0 else None
    return _Stage(modules, gwp, declared, mass_per_unit, payload, where)


def _per_reference_unit(stage: _Stage, reference: _Stage) -> float | None:
    """Return the declared units of ``stage`` in one declared unit of ``reference``."""
    reg = registry()
    kg = parse_unit("kg")
    amount: Quantity = reference.declared_unit
    target = stage.declared_unit
    try:
        if amount.dimensionality == target.dimensionality:
            converted = amount.to(target.units)
        elif target.dimensionality == kg.dimensionality and reference.mass_per_unit:
            mass = amount * reg.Quantity(reference.mass_per_unit, kg / amount.units)
            converted = mass.to(target.units)
        elif amount.dimensionality == kg.dimensionality and stage.mass_per_unit:
            per_unit = reg.Quantity(stage.mass_per_unit, kg / target.units)
            converted = (amount / per_unit).to(target.units)
        else:
            return None
    except pint.DimensionalityError:
        return None
    return float(converted.magnitude) / float(target.magnitude)


def _product(
    payload: Mapping[str, Any],
    where: str,
    stage_items: Sequence[tuple[Mapping[str, Any], str]],
    gwp_indicator: str,
    source: str,
    problems: Problems,
    findings: list[Finding],
) -> Product | None:
    product_id = str(payload["id"])
    name = _name(payload.get("name")) or product_id
    stages = [s for p, w in stage_items if (s := _stage(p, w, problems)) is not None]
    if len(stages) < len(stage_items):
        return None
    if not stages:
        problems.add(where, f"product {product_id!r} ({name}) has no enabled stage with values")
        return None
    a1_a3 = ModuleSet.parse("A1-A3")
    reference = next((s for s in stages if s.modules == a1_a3), stages[0])
    values: dict[ModuleSet, float] = {}
    for stage in stages:
        factor = _per_reference_unit(stage, reference)
        if factor is None:
            problems.add(
                stage.path,
                f"declares {stage.modules} per {_quantity_text(stage.declared_unit)}, which "
                f"no mass factor converts to the product's declared unit "
                f"{_quantity_text(reference.declared_unit)}",
            )
            return None
        values[stage.modules] = values.get(stage.modules, 0.0) + stage.gwp * factor
    try:
        impacts = IndicatorResults.from_mapping(gwp_indicator, dict(values), unit="kg CO2e")
    except ClimateLimitsError as exc:
        problems.add(where, f"stages of product {product_id!r}: {exc}")
        return None
    own_findings: list[Finding] = []
    properties: dict[str, Quantity] = {}
    unit = reference.declared_unit.units
    kg = parse_unit("kg")
    if reference.mass_per_unit and reference.declared_unit.dimensionality != kg.dimensionality:
        properties["mass_per_declared_unit"] = registry().Quantity(
            reference.mass_per_unit, kg / unit
        )
    elif reference.mass_per_unit:
        own = float(registry().Quantity(1.0, unit).to(kg).magnitude)
        if not math.isclose(reference.mass_per_unit, own, rel_tol=1e-9):
            own_findings.append(
                Finding(
                    "mass_factor_ignored",
                    f"product {product_id}: its stage is declared in {format_unit(unit)} but "
                    f"states a mass factor of {reference.mass_per_unit:g} kg per "
                    f"{format_unit(unit)}; the factor contradicts the unit and is not used.",
                    product_id,
                    {"mass_factor": reference.mass_per_unit},
                )
            )
    meta = reference.payload
    compliance = meta.get("compliance")
    standard = _STANDARDS.get(compliance) if isinstance(compliance, str) else None
    data_type_text = meta.get("data_type")
    data_type = (
        _DATA_TYPES.get(data_type_text.strip().lower())
        if isinstance(data_type_text, str)
        else None
    )
    valid_until = _valid_to(meta.get("valid_to"), product_id, own_findings)
    url = meta.get("external_url")
    external = " ".join(
        str(meta[k]) for k in ("external_source", "external_id") if isinstance(meta.get(k), str)
    ).strip()
    product_source = url if isinstance(url, str) and url else external or f"{source} {where}"
    with problems.recording(where, f"product {product_id!r}: "):
        product = Product(
            id=product_id,
            name=name,
            declared_unit=reference.declared_unit,
            impacts={gwp_indicator: impacts},
            properties=properties,
            data_type=data_type,
            standard=standard,
            valid_until=valid_until,
            source=product_source,
            findings=tuple(own_findings),
        )
        findings.extend(own_findings)
        return product
    return None


def _valid_to(value: Any, subject: str, findings: list[Finding]) -> dt.date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return date_or_datetime(value)
    except ValueError:
        findings.append(
            Finding(
                "unreadable_date",
                f"product {subject}: valid_to {value!r} is not a date (YYYY-MM-DD) and is "
                f"left out.",
                subject,
            )
        )
        return None


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


# -- the building -----------------------------------------------------------------------------
@attrs.frozen
class LcabygImport:
    """A building read from LCAbyg files, with what was read and noted on the way.

    Attributes
    ----------
    building : Building
        The building, ready for :func:`climatelimits.check`.
    project : LcabygProject or None
        The project read, if a project file was given.
    results : LcabygResults or None
        The results read, if a results file was given.
    findings : tuple of Finding
        Every finding of the project, its products, the results and the calculation, and
        ``study_period_assumed`` if no file stated the study period.
    """

    building: Building
    project: LcabygProject | None
    results: LcabygResults | None
    findings: tuple[Finding, ...]


def import_lcabyg(
    project_path: str | Path | None,
    results_path: str | Path | None = None,
    *,
    use: UseCategory | str | None = None,
    building_id: str | None = None,
    name: str | None = None,
    library: Mapping[str, Product] | Iterable[Product] | None = None,
    gwp_indicator: str = "gwp_total",
) -> LcabygImport:
    """Read an LCAbyg project and/or its results file; keep the findings.

    :func:`read_lcabyg` returns only the building; this returns the findings, the project
    and the results as well. The parameters, rules and errors are those of
    :func:`read_lcabyg`.
    """
    if project_path is None and results_path is None:
        msg = "`project_path` and `results_path` must not both be None: give at least one file"
        raise InvalidInputError(msg)
    explicit_use = to_optional_member(use, UseCategory, "use")
    project = (
        None
        if project_path is None
        else read_lcabyg_project(
            project_path,
            library=library,
            gwp_indicator=gwp_indicator,
            require_products=results_path is None,
        )
    )
    results = (
        None
        if results_path is None
        else read_lcabyg_results(results_path, gwp_indicator=gwp_indicator)
    )
    source = " + ".join(str(p) for p in (project_path, results_path) if p is not None)
    problems = Problems(source)
    info = project.info if project is not None else None
    areas = _merge_areas(info, results, problems)
    study_period = _merge_study_period(info, results, problems)
    if (
        info is not None
        and results is not None
        and None not in (info.initial_year, results.initial_year)
        and info.initial_year != results.initial_year
    ):
        problems.add(
            "",
            f"the project starts in {info.initial_year} but the results in "
            f"{results.initial_year}: the files do not belong together",
        )
    if info is not None and results is not None and info.building_id != results.building_id:
        problems.add(
            "",
            f"the results are of building {results.building_id!r} but the project's building "
            f"is {info.building_id!r}: the files do not belong together",
        )
    resolved_use = explicit_use or (info.use if info is not None else None)
    if resolved_use is None:
        stated = (
            f"building_type {info.building_type!r}"
            if info is not None and info.building_type
            else "no building type"
        )
        known = ", ".join(u.value for u in UseCategory)
        problems.add(
            "",
            f"the LCAbyg files state {stated}, which maps to no use category; pass use= "
            f"(--use) with one of {known}",
        )
        raise DataFormatError(source, problems.items)
    problems.raise_if_any()
    findings: list[Finding] = [
        f
        for f in (info.findings if info is not None else ())
        if results is None or f.code != "b6_not_computed"  # the results file gives B6
    ]
    findings.extend(results.findings if results is not None else ())
    if study_period is None:
        study_period = registry().Quantity(float(DEFAULT_STUDY_PERIOD_YEARS), TIME_UNIT)
        findings.append(
            Finding(
                "study_period_assumed",
                f"{source}: no file states the study period; BR18's "
                f"{DEFAULT_STUDY_PERIOD_YEARS} years is used.",
                source,
                {"study_period": float(DEFAULT_STUDY_PERIOD_YEARS)},
            )
        )
    building_results: Mapping[str, IndicatorResults] = {}
    if results is not None:
        building_results = results.results
    elif project is not None:
        building_results, calculated = _calculated(project, study_period)
        findings.extend(calculated)
    candidates = (
        building_id,
        info.project_id if info is not None else None,
        results.building_id if results is not None else None,
        info.building_id if info is not None else None,
    )
    identifier = next((c for c in candidates if c), "")
    danish = info is not None and (
        info.calculation_mode.upper().startswith("BR") or info.regulation.upper().startswith("BR")
    )
    try:
        building = Building(
            id=identifier,
            use=resolved_use,
            name=name if name is not None else (info.name if info is not None else ""),
            country="DK" if danish else None,
            areas=areas,
            reference_study_period=study_period,
            results=building_results,
        )
    except ClimateLimitsError as exc:
        raise DataFormatError(source, [str(exc)]) from exc
    return LcabygImport(building, project, results, tuple(findings))


def read_lcabyg(
    project_path: str | Path | None,
    results_path: str | Path | None = None,
    *,
    use: UseCategory | str | None = None,
    building_id: str | None = None,
    name: str | None = None,
    library: Mapping[str, Product] | Iterable[Product] | None = None,
    gwp_indicator: str = "gwp_total",
) -> Building:
    """Read an LCAbyg project and/or its results file into a building ready for ``check``.

    With a results file, the building's results are the file's whole-period values per
    stage (B4 as LCAbyg computes it: the replaced A1-A3, C3 and C4); a project given with it
    supplies the use and is checked against it (building, areas, study period), and products
    it uses from LCAbyg's built-in data need not be given. With a project file only, the
    results come from :func:`climatelimits.calculation.calculate` on the project's bill
    (B6 is then missing: see the module notes). :func:`import_lcabyg` also returns the
    findings.

    Parameters
    ----------
    project_path
        LCAbyg project file or folder, or ``None`` to read a results file alone.
    results_path
        LCAbyg results file, or ``None``.
    use
        The building's use; overrides the project's ``building_type``. Required when the
        files do not state a type that maps to a use (results files never do).
    building_id
        Id of the building (default: the project id, else the results' building id).
    name
        Name of the building (default: the project name).
    library
        Products the project uses but does not define (see :func:`read_lcabyg_project`).
    gwp_indicator
        ``"gwp_total"`` (default) or ``"gwp"``.

    Returns
    -------
    Building
        Use, ``dk_reference`` and ``dk_heated`` areas [m²], reference study period [year],
        results [kg CO2e over the study period]; no dates (LCAbyg files state none).

    Raises
    ------
    InvalidInputError
        If neither path is given, or ``use`` is not a use category.
    DataFormatError
        If a file cannot be read (see the two readers), if the project and the results
        disagree on the building, its areas, its start year or its study period, or if no
        use is known.
    """
    return import_lcabyg(
        project_path,
        results_path,
        use=use,
        building_id=building_id,
        name=name,
        library=library,
        gwp_indicator=gwp_indicator,
    ).building


def _merge_areas(
    info: LcabygProjectInfo | None, results: LcabygResults | None, problems: Problems
) -> dict[str, Quantity]:
    areas: dict[str, Quantity] = dict(info.areas) if info is not None else {}
    if results is None:
        return areas
    for key, area in results.areas.items():
        if key not in areas:
            if info is None:
                areas[key] = area
            continue
        if not _close(float(areas[key].magnitude), float(area.magnitude)):
            problems.add(
                "",
                f"the project states {key} = {areas[key].magnitude:g} m² but the results file "
                f"{area.magnitude:g} m²: the files do not belong together",
            )
    return areas


def _merge_study_period(
    info: LcabygProjectInfo | None, results: LcabygResults | None, problems: Problems
) -> Quantity | None:
    stated = info.study_period if info is not None else None
    derived = results.study_period if results is not None else None
    if (
        stated is not None
        and derived is not None
        and not math.isclose(float(stated.magnitude), float(derived.magnitude))
    ):
        problems.add(
            "",
            f"the project's calculation_timespan is {stated.magnitude:g} years but the "
            f"results span {derived.magnitude:g} years: the files do not belong together",
        )
    return stated if stated is not None else derived


def _calculated(
    project: LcabygProject, period: Quantity
) -> tuple[Mapping[str, IndicatorResults], tuple[Finding, ...]]:
    from climatelimits.calculation import calculate  # noqa: PLC0415 - avoids an import cycle

    try:
        calculation = calculate(
            project.bill,
            project.products,
            study_period=period,
            start_year=project.info.initial_year,
        )
    except ClimateLimitsError as exc:
        raise DataFormatError(project.info.source, [str(exc)]) from exc
    return calculation.results, tuple(calculation.findings)
