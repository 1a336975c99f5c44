"""Read ILCD+EPD process data sets (XML, and the soda4LCA JSON form) into products.

ILCD+EPD is the exchange format of ÖKOBAUDAT, EPD Norge, EPD Danmark, the International EPD
System and the ECO Platform. One *process data set* is one declaration: a reference flow
(the declared unit), and per indicator the values of the life-cycle modules, some of them
per scenario. :func:`read_ilcd` turns one into a :class:`~climatelimits.products.Product`:

- global-warming indicators are found by UUID (:data:`GWP_INDICATORS`: EN 15804+A1 GWP, and
  EN 15804+A2 GWP-total, -fossil, -biogenic, -luluc of EF 3.0 and EF 3.1, and GWP-GHG), never
  by their names, which change with the language; other indicators are not read;
- the declared unit is the reference exchange's amount times the reference flow property of
  the flow (``1000 kg`` when either says so), read from the flow data set (XML: the sibling
  ``flows`` folder) or from the copy soda4LCA puts into the JSON;
- the conversion properties (mass per declared unit, grammage, density, thickness...) come
  from the flow properties and the InData material properties;
- ``ND``, ``MNA``, empty and null values are *not declared*, never zero;
- the default scenario of each module gives the product's values; every scenario is kept on
  :attr:`~climatelimits.products.Product.scenarios` for
  :meth:`~climatelimits.products.Product.with_scenario`;
- data-quality problems become :attr:`~climatelimits.products.Product.findings`; structural
  ones raise :class:`~climatelimits.exceptions.DataFormatError` naming the file and the path.

Examples
--------
>>> from climatelimits.io.ilcd import loads_ilcd
>>> text = '''{"processInformation": {
...   "dataSetInformation": {"UUID": "0000-demo", "name": {"baseName": [
...     {"value": "Demo board", "lang": "en"}]}},
...   "quantitativeReference": {"referenceToReferenceFlow": [0]}},
...  "exchanges": {"exchange": [{"dataSetInternalID": 0, "meanAmount": 1.0,
...   "referenceToFlowDataSet": {"refObjectId": "1111-demo"},
...   "flowProperties": [{"uuid": "93a60a56-a3c8-19da-a746-0800200c9a66",
...     "referenceFlowProperty": true, "meanValue": 1.0, "referenceUnit": "qm"}],
...   "materialProperties": [{"name": "grammage", "value": "12.5", "unit": "kg/m^2"}]}]},
...  "LCIAResults": {"LCIAResult": [{"referenceToLCIAMethodDataSet": {
...     "refObjectId": "6a37f984-a4b3-458a-a20a-64418c145fa2"},
...   "other": {"anies": [{"module": "A1-A3", "value": "5.0"},
...                       {"module": "C3", "value": "ND"}]}}]}}'''
>>> product = loads_ilcd(text, source="demo.json")
>>> product.declared_unit_text, product.properties["area_mass"]
('1 m²', <Quantity(12.5, 'kilogram / meter ** 2')>)
>>> product.impacts["gwp_total"].to_mapping()
{'A1-A3': 5.0, 'C3': NOT_DECLARED}

References
----------
.. [1] InDataWG, ILCD+EPD data format: schemas, identifier tables (``doc/identifiers``),
   material properties and sample data, https://github.com/InDataWG/ILCD-EPD-Data-Format
.. [2] JRC, ILCD data set formats, https://eplca.jrc.ec.europa.eu/LCDN/developerILCDDataFormat.xhtml
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import attrs

from climatelimits.exceptions import DataFormatError, InvalidInputError
from climatelimits.io import _ilcd_json, _ilcd_xml
from climatelimits.io._ilcd_build import (
    FLOW_PROPERTIES,
    GWP_INDICATORS,
    build_product,
    flow_quantities,
    product_flow_products,
)
from climatelimits.io._ilcd_records import RawDataset, RawFlow
from climatelimits.io._json_reading import read_bytes
from climatelimits.products import Product

__all__ = [
    "FLOW_PROPERTIES",
    "GWP_INDICATORS",
    "gwp_indicator_of",
    "loads_ilcd",
    "read_ilcd",
    "read_ilcd_product_flows",
]


@attrs.frozen
class _Folders:
    flows: Path | None
    flow_properties: Path | None
    unit_groups: Path | None

    @classmethod
    def near(cls, path: Path | None, flows_dir: str | Path | None) -> _Folders:
        if flows_dir is not None:
            flows = Path(flows_dir)
        elif path is not None:
            flows = path.resolve().parent.parent / "flows"
        else:
            return cls(None, None, None)
        base = flows.parent
        return cls(flows, base / "flowproperties", base / "unitgroups")


def _kind(data: bytes | str, source: str) -> str:
    head = data[:512]
    text = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    text = text.lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        return "xml"
    if text.startswith(("{", "[")):
        return "json"
    problem = "not an ILCD data set: the content is neither XML nor JSON"
    raise DataFormatError(source, [problem])


def _load(
    data: bytes | str, source: str, folders: _Folders
) -> tuple[RawDataset, _ilcd_xml.FlowPropertyResolver]:
    raw_data: object = data
    if not isinstance(raw_data, bytes | str):
        msg = f"`data` must be the bytes or text of an ILCD data set; got {type(data).__name__}"
        raise InvalidInputError(msg)
    resolver = _ilcd_xml.FlowPropertyResolver(folders.flow_properties, folders.unit_groups)
    if _kind(data, source) == "xml":
        document = _ilcd_xml.parse_xml(data, source)
        dataset, flow_uuid = _ilcd_xml.read_process(document)
        flow = _resolve_flow(flow_uuid, dataset.flow.name, folders, resolver, source)
        return attrs.evolve(dataset, flow=flow), resolver
    dataset = _ilcd_json.read_process(_ilcd_json.parse_json(data, source))
    if not dataset.flow.properties and folders.flows is not None:
        flow = _resolve_flow(dataset.flow.uuid, dataset.flow.name, folders, resolver, source)
        dataset = attrs.evolve(dataset, flow=flow)
    return dataset, resolver


def _resolve_flow(
    uuid: str,
    name: str,
    folders: _Folders,
    resolver: _ilcd_xml.FlowPropertyResolver,
    source: str,
) -> RawFlow:
    document = _ilcd_xml.find_data_set(folders.flows, uuid, _ilcd_xml.FLOW_NS, "flowDataSet")
    if document is None:
        where = f"in {folders.flows}" if folders.flows is not None else "(no flows folder)"
        problem = (
            f"the reference flow data set {name or uuid!r} ({uuid}) was not found {where}; it "
            "defines the declared unit (put it in the sibling 'flows' folder or pass flows_dir)"
        )
        raise DataFormatError(source, [problem])
    flow = _ilcd_xml.read_flow(document, resolver)
    return attrs.evolve(flow, name=flow.name or name)


def loads_ilcd(
    data: bytes | str,
    *,
    source: str = "<string>",
    flows_dir: str | Path | None = None,
) -> Product:
    """Read an ILCD+EPD process data set from bytes or text (XML or soda4LCA JSON).

    Parameters
    ----------
    data
        The content of the data set.
    source
        Where it came from (a file name or URL), used in errors and as
        :attr:`~climatelimits.products.Product.source`.
    flows_dir
        Folder with the flow data sets (XML needs the reference flow's data set; the
        ``flowproperties`` and ``unitgroups`` folders beside it are used when present).

    Returns
    -------
    Product
        Impacts per declared unit [kg CO2e per declared unit], conversion properties,
        scenarios and the findings of the import.

    Raises
    ------
    DataFormatError
        If the content is no ILCD process data set, has no reference flow, or a value is
        no number; the message names ``source`` and the path of the value.
    """
    folders = _Folders.near(None, flows_dir)
    dataset, _ = _load(data, source, folders)
    return build_product(dataset)


def read_ilcd(path: str | Path, *, flows_dir: str | Path | None = None) -> Product:
    """Read an ILCD+EPD process data set file (``.xml`` or soda4LCA ``.json``).

    Parameters
    ----------
    path
        The process data set, e.g. ``.../processes/<uuid>.xml``.
    flows_dir
        Folder with the flow data sets; by default the ``flows`` folder beside the process's
        folder (``../flows``), with ``../flowproperties`` and ``../unitgroups``.

    Returns
    -------
    Product
        See :func:`loads_ilcd`.

    Raises
    ------
    DataFormatError
        If the file cannot be read or is no usable ILCD process data set.
    """
    file = Path(path)
    folders = _Folders.near(file, flows_dir)
    dataset, _ = _load(read_bytes(file), str(file), folders)
    return build_product(dataset)


def read_ilcd_product_flows(
    path: str | Path, *, flows_dir: str | Path | None = None
) -> tuple[Product, ...]:
    """Read the product flows of a generic ILCD+EPD data set, one product per piece.

    Generic data sets (ÖKOBAUDAT) declare a product per kg and list concrete products as
    *product flows* whose ``epd:isA`` names the generic flow and whose reference flow
    property says how much one piece is (a 300 mm radiator: 18.3 kg). Each becomes a
    product declared per ``1 piece`` with the generic values scaled to that amount, with
    ``mass_per_piece`` and a ``product_flow_scaled`` finding.

    Parameters
    ----------
    path
        The generic process data set.
    flows_dir
        Folder with the flow data sets (default ``../flows``).

    Returns
    -------
    tuple of Product
        One per product flow, in file-name order; empty if there are none.

    Raises
    ------
    DataFormatError
        If the data set or a product flow cannot be read.
    """
    file = Path(path)
    folders = _Folders.near(file, flows_dir)
    dataset, resolver = _load(read_bytes(file), str(file), folders)
    quantities = flow_quantities(dataset.flow, dataset.source)
    base = build_product(dataset, quantities)
    flows = []
    for document in _ilcd_xml.flows_with_is_a(folders.flows, dataset.flow.uuid):
        flow = _ilcd_xml.read_flow(document, resolver)
        flows.append((flow, flow_quantities(flow, document.source)))
    return product_flow_products(base, flows)


def gwp_indicator_of(uuid: str) -> str | None:
    """Return the indicator id of an ILCD LCIA-method UUID, or None if it is no GWP.

    Examples
    --------
    >>> gwp_indicator_of("6A37F984-A4B3-458A-A20A-64418C145FA2")
    'gwp_total'
    """
    table: Mapping[str, str] = GWP_INDICATORS
    return table.get(uuid.strip().lower())
