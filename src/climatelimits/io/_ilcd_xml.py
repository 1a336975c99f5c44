"""Read ILCD+EPD XML (process, flow, flow-property and unit-group data sets) (internal).

XML is parsed with :mod:`defusedxml`, refusing any document type declaration: ILCD data sets
never have one, and refusing it rejects entity-expansion bombs ("billion laughs") and external
entities before a single entity is expanded.

Elements are found by namespace and local name. The EPD extensions come in three namespaces
(``epd`` 2013, ``epd2`` 2019, ``epd24`` 2024) and some ÖKOBAUDAT vintages write attributes
unprefixed (``module="A1-A3"``), so extension elements and attributes are matched by local
name whatever their namespace.

References
----------
.. [1] InDataWG, ILCD+EPD data format, https://github.com/InDataWG/ILCD-EPD-Data-Format
   (schemas, developer guides and sample data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from climatelimits._dates import date_or_datetime
from climatelimits.exceptions import DataFormatError
from climatelimits.io._ilcd_records import (
    RawAmount,
    RawDataset,
    RawFlow,
    RawFlowProperty,
    RawMaterialProperty,
    RawResult,
    RawScenario,
)
from climatelimits.io._json_reading import read_bytes

PROCESS_NS = "http://lca.jrc.it/ILCD/Process"
FLOW_NS = "http://lca.jrc.it/ILCD/Flow"
FLOW_PROPERTY_NS = "http://lca.jrc.it/ILCD/FlowProperty"
UNIT_GROUP_NS = "http://lca.jrc.it/ILCD/UnitGroup"
COMMON_NS = "http://lca.jrc.it/ILCD/Common"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class _LineBuilder(TreeBuilder):
    """A tree builder that remembers the line of every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.expat: Any = None
        self.lines: dict[Element, int] = {}

    def start(self, tag: Any, attrs: Any) -> Element:
        element = super().start(tag, attrs)
        if self.expat is not None:
            self.lines[element] = int(self.expat.CurrentLineNumber)
        return element


class XmlDocument:
    """A parsed XML document with line numbers, for paths in error messages."""

    def __init__(self, root: Element, lines: dict[Element, int], source: str) -> None:
        self.root = root
        self.lines = lines
        self.source = source

    def where(self, element: Element, path: str) -> str:
        """Return ``path`` followed by the element's line number."""
        line = self.lines.get(element)
        return f"{path} (line {line})" if line else path


def parse_xml(data: bytes | str, source: str) -> XmlDocument:
    """Parse XML safely, refusing DTDs, entities and external references.

    Raises
    ------
    DataFormatError
        If the bytes are not well-formed XML or carry a document type declaration.
    """
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.expat = getattr(parser, "parser", None)
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as exc:
        problem = (
            "refused: XML with a document type declaration, entities or external references "
            f"is not an ILCD data set ({type(exc).__name__})"
        )
        raise DataFormatError(source, [problem]) from exc
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        problem = f"not well-formed XML at line {line}, column {column}: {exc}"
        raise DataFormatError(source, [problem]) from exc
    except (ValueError, LookupError, UnicodeError, RecursionError) as exc:
        raise DataFormatError(source, [f"not readable as XML: {exc}"]) from exc
    if not isinstance(root, Element):  # pragma: no cover - TreeBuilder always returns one
        raise DataFormatError(source, ["not readable as XML: no root element"])
    return XmlDocument(root, builder.lines, source)


def _local(tag: object) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1]


def _children(element: Element, local: str) -> Iterator[Element]:
    return (child for child in element if _local(child.tag) == local)


def _child(element: Element | None, *locals_: str) -> Element | None:
    """Follow a chain of child elements by local name (first match at each step)."""
    current = element
    for local in locals_:
        if current is None:
            return None
        current = next(_children(current, local), None)
    return current


def _attribute(element: Element, local: str) -> str | None:
    """Return an attribute by local name, in any namespace or none."""
    for key, value in element.attrib.items():
        if _local(key) == local:
            return value
    return None


def _text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    text = element.text.strip()
    return text or None


def _lang_text(elements: list[Element]) -> str:
    """Pick English, else German, else the first non-empty text."""
    by_lang: dict[str, str] = {}
    for element in elements:
        text = _text(element)
        if text:
            by_lang.setdefault(element.attrib.get(_XML_LANG, ""), text)
    for lang in ("en", "de", ""):
        if lang in by_lang:
            return by_lang[lang]
    return next(iter(by_lang.values()), "")


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return date_or_datetime(text)
    except ValueError:
        return None


def _require_root(doc: XmlDocument, namespace: str, local: str, kind: str) -> None:
    tag = str(doc.root.tag)
    if tag != f"{{{namespace}}}{local}":
        problem = (
            f"not an ILCD {kind} data set: the root element must be {local} in namespace "
            f"{namespace}; got {tag}"
        )
        raise DataFormatError(doc.source, [problem])


# -- process data sets ----------------------------------------------------------------------
def read_process(doc: XmlDocument) -> tuple[RawDataset, str]:
    """Read a process data set; return it and the reference flow's UUID.

    The returned :class:`RawDataset` has a placeholder flow (UUID and name only); the caller
    resolves the flow data set.

    Raises
    ------
    DataFormatError
        If it is not a process data set or has no reference flow.
    """
    _require_root(doc, PROCESS_NS, "processDataSet", "process")
    root = doc.root
    source = doc.source
    info = _child(root, "processInformation", "dataSetInformation")
    uuid = _text(_child(info, "UUID")) or ""
    name = _lang_text(list(_children(_child(info, "name") or Element("x"), "baseName")))
    reference = _text(
        _child(root, "processInformation", "quantitativeReference", "referenceToReferenceFlow")
    )
    ref_path = "/processDataSet/processInformation/quantitativeReference/referenceToReferenceFlow"
    if reference is None:
        problem = f"{ref_path}: missing; the reference flow defines the declared unit"
        raise DataFormatError(source, [problem])
    exchanges = _child(root, "exchanges")
    exchange = None
    for candidate in _children(exchanges, "exchange") if exchanges is not None else ():
        if candidate.attrib.get("dataSetInternalID", "").strip() == reference:
            exchange = candidate
            break
    if exchange is None:
        problem = (
            f"{ref_path}: names exchange {reference!r}, but no exchange has that dataSetInternalID"
        )
        raise DataFormatError(source, [problem])
    ex_path = f"/processDataSet/exchanges/exchange[@dataSetInternalID='{reference}']"
    flow_ref = _child(exchange, "referenceToFlowDataSet")
    flow_uuid = flow_ref.attrib.get("refObjectId", "").strip() if flow_ref is not None else ""
    if not flow_uuid:
        problem = (
            f"{ex_path}/referenceToFlowDataSet: missing the refObjectId of the reference flow"
        )
        raise DataFormatError(source, [problem])
    flow_name = (
        _lang_text(list(_children(flow_ref, "shortDescription"))) if flow_ref is not None else ""
    )
    amount_element = _child(exchange, "meanAmount")
    if amount_element is None:
        amount_element = _child(exchange, "resultingAmount")
    amount_where = doc.where(
        amount_element if amount_element is not None else exchange, f"{ex_path}/meanAmount"
    )

    other = _child(info, "other")
    scenarios = _scenarios(doc, other)
    rsl = _child(other, "referenceServiceLife")
    time = _child(root, "processInformation", "time")
    time_other = _child(time, "other")
    valid_until = _child(time, "dataSetValidUntil")
    sub_type = _text(
        _child(root, "modellingAndValidation", "LCIMethodAndAllocation", "other", "subType")
    )
    dataset = RawDataset(
        source=source,
        uuid=uuid,
        name=name,
        reference_amount=_text(amount_element),
        reference_where=amount_where,
        flow=RawFlow(flow_uuid, flow_name, ()),
        sub_type=sub_type or "",
        publication=_date(_text(_child(time_other, "publicationDateOfEPD"))),
        valid_until_year=_text(valid_until),
        valid_until_where=doc.where(
            valid_until, "/processDataSet/processInformation/time/dataSetValidUntil"
        )
        if valid_until is not None
        else "",
        expiration=_date(_text(_child(time_other, "expirationDateOfEPD"))),
        service_life=_attribute(rsl, "years") if rsl is not None else None,
        service_life_where=doc.where(
            rsl,
            "/processDataSet/processInformation/dataSetInformation/other/referenceServiceLife/@years",
        )
        if rsl is not None
        else "",
        scenarios=scenarios,
        results=_results(doc),
    )
    return dataset, flow_uuid


def _scenarios(doc: XmlDocument, other: Element | None) -> tuple[RawScenario, ...]:
    block = _child(other, "scenarios")
    if block is None:
        return ()
    found: list[RawScenario] = []
    for index, element in enumerate(_children(block, "scenario"), start=1):
        name = (_attribute(element, "name") or "").strip()
        where = doc.where(
            element,
            f"/processDataSet/processInformation/dataSetInformation/other/scenarios/scenario[{index}]",
        )
        description = _lang_text(list(_children(element, "description")))
        default = (_attribute(element, "default") or "").strip().lower() == "true"
        group = (_attribute(element, "group") or "").strip()
        if name:
            found.append(RawScenario(name, description, default, group, where))
    return tuple(found)


def _results(doc: XmlDocument) -> tuple[RawResult, ...]:
    block = _child(doc.root, "LCIAResults")
    if block is None:
        return ()
    results: list[RawResult] = []
    for index, element in enumerate(_children(block, "LCIAResult"), start=1):
        path = f"/processDataSet/LCIAResults/LCIAResult[{index}]"
        method = _child(element, "referenceToLCIAMethodDataSet")
        uuid = method.attrib.get("refObjectId", "").strip().lower() if method is not None else ""
        label = (
            _lang_text(list(_children(method, "shortDescription"))) if method is not None else ""
        )
        other = _child(element, "other")
        unit_ref = _child(other, "referenceToUnitGroupDataSet")
        unit = (
            _lang_text(list(_children(unit_ref, "shortDescription")))
            if unit_ref is not None
            else ""
        )
        unit_group = (
            unit_ref.attrib.get("refObjectId", "").strip().lower() if unit_ref is not None else ""
        )
        amounts: list[RawAmount] = []
        for number, amount in enumerate(
            _children(other, "amount") if other is not None else (), start=1
        ):
            where = doc.where(amount, f"{path}/other/amount[{number}]")
            module = (_attribute(amount, "module") or "").strip()
            scenario = _attribute(amount, "scenario")
            amounts.append(
                RawAmount(module, scenario.strip() if scenario else None, amount.text, where)
            )
        results.append(
            RawResult(
                uuid,
                label,
                unit or None,
                unit_group or None,
                tuple(amounts),
                doc.where(element, path),
            )
        )
    return tuple(results)


# -- flow data sets -------------------------------------------------------------------------
def read_flow(doc: XmlDocument, flow_properties: FlowPropertyResolver | None) -> RawFlow:
    """Read a flow data set: its flow properties, MatML material properties and ``isA``.

    Raises
    ------
    DataFormatError
        If it is not a flow data set.
    """
    _require_root(doc, FLOW_NS, "flowDataSet", "flow")
    info = _child(doc.root, "flowInformation", "dataSetInformation")
    uuid = (_text(_child(info, "UUID")) or "").lower()
    name = _lang_text(list(_children(_child(info, "name") or Element("x"), "baseName")))
    is_a_element = _child(info, "other", "isA")
    is_a = (
        is_a_element.attrib.get("refObjectId", "").strip().lower()
        if is_a_element is not None
        else ""
    )
    reference = _text(
        _child(
            doc.root,
            "flowInformation",
            "quantitativeReference",
            "referenceToReferenceFlowProperty",
        )
    )
    properties: list[RawFlowProperty] = []
    block = _child(doc.root, "flowProperties")
    for element in _children(block, "flowProperty") if block is not None else ():
        internal = element.attrib.get("dataSetInternalID", "").strip()
        path = f"/flowDataSet/flowProperties/flowProperty[@dataSetInternalID='{internal}']"
        ref = _child(element, "referenceToFlowPropertyDataSet")
        fp_uuid = ref.attrib.get("refObjectId", "").strip().lower() if ref is not None else ""
        fp_name = _lang_text(list(_children(ref, "shortDescription"))) if ref is not None else ""
        mean = _child(element, "meanValue")
        unit = flow_properties.unit_of(fp_uuid) if flow_properties is not None else None
        properties.append(
            RawFlowProperty(
                fp_uuid,
                fp_name,
                _text(mean),
                internal == reference,
                unit,
                doc.where(mean if mean is not None else element, f"{path}/meanValue"),
            )
        )
    return RawFlow(
        uuid,
        name,
        tuple(properties),
        _matml(doc, _child(info, "other", "MatML_Doc")),
        is_a,
        doc.source,
    )


def _matml(doc: XmlDocument, matml: Element | None) -> tuple[RawMaterialProperty, ...]:
    if matml is None:
        return ()
    names: dict[str, tuple[str, str | None]] = {}
    for details in _children(_child(matml, "Metadata") or Element("x"), "PropertyDetails"):
        key = details.attrib.get("id", "")
        units = _child(details, "Units")
        unit = units.attrib.get("name") if units is not None else None
        names[key] = (_text(_child(details, "Name")) or key, unit)
    found: list[RawMaterialProperty] = []
    bulk = _child(matml, "Material", "BulkDetails")
    for index, data in enumerate(
        _children(bulk, "PropertyData") if bulk is not None else (), start=1
    ):
        key = data.attrib.get("property", "")
        name, unit = names.get(key, (key, None))
        value = _child(data, "Data")
        where = doc.where(
            value if value is not None else data,
            f"/flowDataSet/flowInformation/dataSetInformation/other/MatML_Doc/Material/BulkDetails/PropertyData[{index}]/Data",
        )
        found.append(RawMaterialProperty(name, _text(value), unit, where))
    return tuple(found)


# -- resolving data sets by UUID in sibling folders ----------------------------------------
def find_data_set(
    folder: Path | None, uuid: str, namespace: str, local: str
) -> XmlDocument | None:
    """Find and parse the data set with this UUID in ``folder``, or return None.

    Files named after the UUID (``<uuid>.xml``, ``<name>_<uuid>.xml``,
    ``<uuid>_<version>.xml``) are tried first; only then is every XML file of the folder
    read. Only files inside ``folder`` are read, whatever a reference's ``uri`` says.
    """
    if folder is None or not uuid or not folder.is_dir():
        return None
    wanted = uuid.lower()
    named = sorted(p for p in folder.glob("*.xml") if wanted in p.name.lower())
    others = sorted(p for p in folder.glob("*.xml") if wanted not in p.name.lower())
    for path in [*named, *others]:
        doc = _parse_file(path)
        if doc.root.tag != f"{{{namespace}}}{local}":
            continue
        if _uuid_of(doc) == wanted:
            return doc
    return None


def flows_with_is_a(folder: Path | None, uuid: str) -> list[XmlDocument]:
    """Return the flow data sets of ``folder`` that declare ``epd:isA`` the flow ``uuid``."""
    if folder is None or not uuid or not folder.is_dir():
        return []
    found: list[XmlDocument] = []
    for path in sorted(folder.glob("*.xml")):
        doc = _parse_file(path)
        if doc.root.tag != f"{{{FLOW_NS}}}flowDataSet":
            continue
        is_a = _child(doc.root, "flowInformation", "dataSetInformation", "other", "isA")
        if is_a is not None and is_a.attrib.get("refObjectId", "").strip().lower() == uuid.lower():
            found.append(doc)
    return found


def _parse_file(path: Path) -> XmlDocument:
    return parse_xml(read_bytes(path), str(path))


def _uuid_of(doc: XmlDocument) -> str:
    for child in doc.root:
        info = _child(child, "dataSetInformation")
        uuid = _text(_child(info, "UUID"))
        if uuid:
            return uuid.lower()
    return ""


class FlowPropertyResolver:
    """Look up a flow property's reference unit through ``flowproperties``/``unitgroups``."""

    def __init__(self, flow_properties: Path | None, unit_groups: Path | None) -> None:
        self.flow_properties = flow_properties
        self.unit_groups = unit_groups
        self._cache: dict[str, str | None] = {}

    def unit_of(self, uuid: str) -> str | None:
        """Return the name of the reference unit of a flow property, or None if unknown."""
        if uuid not in self._cache:
            self._cache[uuid] = self._resolve(uuid)
        return self._cache[uuid]

    def _resolve(self, uuid: str) -> str | None:
        doc = find_data_set(self.flow_properties, uuid, FLOW_PROPERTY_NS, "flowPropertyDataSet")
        if doc is None:
            return None
        group_ref = _child(
            doc.root,
            "flowPropertiesInformation",
            "quantitativeReference",
            "referenceToReferenceUnitGroup",
        )
        group_uuid = (
            group_ref.attrib.get("refObjectId", "").strip().lower()
            if group_ref is not None
            else ""
        )
        group = find_data_set(self.unit_groups, group_uuid, UNIT_GROUP_NS, "unitGroupDataSet")
        if group is None:
            return None
        reference = _text(
            _child(
                group.root,
                "unitGroupInformation",
                "quantitativeReference",
                "referenceToReferenceUnit",
            )
        )
        for unit in _children(_child(group.root, "units") or Element("x"), "unit"):
            if unit.attrib.get("dataSetInternalID", "").strip() == reference:
                return _text(_child(unit, "name"))
        return None
