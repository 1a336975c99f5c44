"""Read an LCAbyg project (one JSON file or a folder of them) into a bill and products.

The reading rules are those of :mod:`climatelimits.io.lcabyg`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import attrs
import pint

from climatelimits._dates import date_or_datetime
from climatelimits._frozen import FrozenMap
from climatelimits.buildings import UseCategory
from climatelimits.exceptions import (
    ClimateLimitsError,
    DataFormatError,
    InvalidInputError,
)
from climatelimits.io._json_reading import Problems, as_number, as_text, read_json
from climatelimits.io.lcabyg._common import (
    _AMOUNT_EDGES,
    _DATA_TYPES,
    _GWP,
    _STANDARDS,
    LCABYG_BUILDING_TYPES,
    _check_indicator,
    _name,
    _quantity_text,
    _unit,
)
from climatelimits.lifecycle import ModuleSet
from climatelimits.products import Finding, Product
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
    require_constructions: bool = True,
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
    require_constructions
        Whether an element whose construction is not in the file (one of LCAbyg's built-in
        library) is an error (default). With ``False`` it is a finding
        (``constructions_not_in_file``) and the bill leaves those constructions out.

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
    lines = _bill_lines(graph, problems, findings, require_constructions=require_constructions)
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


def _bill_lines(
    graph: _Graph, problems: Problems, findings: list[Finding], *, require_constructions: bool
) -> list[BillLine]:
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
    absent: dict[str, list[str]] = {}  # construction id -> elements using it
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
            if construction is None and not require_constructions:
                absent.setdefault(construction_id, []).append(element_name)
                continue
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
    if absent:
        findings.append(_constructions_not_in_file(absent))
    return lines


def _constructions_not_in_file(absent: Mapping[str, list[str]]) -> Finding:
    listed = "; ".join(f"{c} (used by {', '.join(e)})" for c, e in list(absent.items())[:5])
    more = f"; and {len(absent) - 5} more" if len(absent) > 5 else ""
    return Finding(
        "constructions_not_in_file",
        f"{len(absent)} constructions the elements use are not in the file (LCAbyg's built-in "
        f"library): {listed}{more}; their products are not in the bill.",
        "",
        {"constructions": float(len(absent))},
    )


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
        for key, item in known.items():
            if not isinstance(item, Product):
                msg = f"`library[{key!r}]` must be a Product; got {item!r}"
                raise InvalidInputError(msg)
    elif library is not None:
        items: list[object] = list(library)
        for index, item in enumerate(items):
            if not isinstance(item, Product):
                msg = f"`library[{index}]` must be a Product; got {item!r}"
                raise InvalidInputError(msg)
        known = {p.id: p for p in items if isinstance(p, Product)}
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
