"""Read ILCD+EPD process data sets in the soda4LCA JSON form (internal).

soda4LCA (ÖKOBAUDAT, EPD Norge, ECO Platform) serves a process data set as JSON
(``?format=json&view=extended``): the same tree as the XML, with lists of ``{"value", "lang"}``
for texts, ``other.anies`` lists for the EPD extensions (``{"module", "scenario", "value"}``
per module value), and, on the reference exchange, the reference flow's ``flowProperties``
and ``materialProperties`` copied in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any, NoReturn

from climatelimits._dates import date_or_datetime
from climatelimits.exceptions import DataFormatError
from climatelimits.io import _json_reading
from climatelimits.io._ilcd_records import (
    RawAmount,
    RawDataset,
    RawFlow,
    RawFlowProperty,
    RawMaterialProperty,
    RawResult,
    RawScenario,
)
from climatelimits.io._json_reading import describe, key_path


class _Node:
    """A JSON value with its path, for error messages that say where."""

    __slots__ = ("path", "source", "value")

    def __init__(self, value: object, path: str, source: str) -> None:
        self.value = value
        self.path = path
        self.source = source

    def refuse(self, rule: str) -> NoReturn:
        """Raise a DataFormatError saying what this value must be."""
        where = self.path or "the document"
        raise DataFormatError(
            self.source, [f"{where}: must be {rule}; got {describe(self.value)}"]
        )

    def get(self, key: str) -> _Node | None:
        """Return the member ``key`` of an object (None if absent or null)."""
        if not isinstance(self.value, dict):
            self.refuse("an object")
        if self.value.get(key) is None:
            return None
        return _Node(self.value[key], key_path(self.path, key), self.source)

    def obj(self, *keys: str) -> _Node | None:
        """Follow a chain of members that must be objects."""
        node: _Node | None = self
        for key in keys:
            if node is None:
                return None
            node = node.get(key)
            if node is not None and not isinstance(node.value, dict):
                node.refuse("an object")
        return node

    def items(self, key: str) -> Iterator[_Node]:
        """Iterate over the list ``key`` (a single object counts as a list of one)."""
        child = self.get(key)
        if child is None:
            return
        if isinstance(child.value, dict):
            yield child
            return
        if not isinstance(child.value, list):
            child.refuse("a list")
        for index, value in enumerate(child.value):
            yield _Node(value, f"{child.path}[{index}]", self.source)

    def text(self, key: str) -> str:
        """Return the text member ``key``, or "" if absent; numbers are not text."""
        child = self.get(key)
        if child is None:
            return ""
        if not isinstance(child.value, str):
            child.refuse("text")
        return child.value.strip()

    def lang_text(self, key: str) -> str:
        """Return a multi-language text: English, else German, else the first one."""
        by_lang: dict[str, str] = {}
        for item in self.items(key):
            if isinstance(item.value, str):
                by_lang.setdefault("", item.value.strip())
                continue
            if not isinstance(item.value, dict):
                item.refuse("an object with 'value' and 'lang'")
            value = item.value.get("value")
            if isinstance(value, str) and value.strip():
                lang = item.value.get("lang")
                by_lang.setdefault(lang if isinstance(lang, str) else "", value.strip())
        for lang in ("en", "de", ""):
            if lang in by_lang:
                return by_lang[lang]
        return next(iter(by_lang.values()), "")


def parse_json(data: bytes | str, source: str) -> _Node:
    """Parse JSON (UTF-8), refusing NaN and infinities, as the root node.

    Raises
    ------
    DataFormatError
        If the text is not JSON (see :func:`climatelimits.io._json_reading.parse_json`).
    """
    return _Node(_json_reading.parse_json(data, source), "", source)


def _anies(node: _Node | None) -> Iterator[_Node]:
    if node is None:
        return iter(())
    other = node.obj("other")
    return other.items("anies") if other is not None else iter(())


def _named_any(node: _Node | None, name: str) -> _Node | None:
    for item in _anies(node):
        if isinstance(item.value, dict) and item.value.get("name") == name:
            return item.get("value")
    return None


def _date(node: _Node | None) -> dt.date | None:
    if node is None:
        return None
    value = node.value
    try:
        if isinstance(value, int) and not isinstance(value, bool):
            return dt.datetime.fromtimestamp(value / 1000.0, tz=dt.timezone.utc).date()
        if isinstance(value, str):
            return date_or_datetime(value)
    except (ValueError, OverflowError, OSError):
        return None
    return None


def read_process(root: _Node) -> RawDataset:
    """Read a soda4LCA JSON process data set.

    Raises
    ------
    DataFormatError
        If it is not a process data set, or has no reference flow.
    """
    source = root.source
    if not isinstance(root.value, dict) or not isinstance(
        root.value.get("processInformation"), dict
    ):
        problem = (
            "not an ILCD process data set in soda4LCA JSON form: the document must be an "
            "object with 'processInformation'"
        )
        raise DataFormatError(source, [problem])
    process = root.obj("processInformation")
    if process is None:  # pragma: no cover - checked just above
        process = _Node({}, "processInformation", source)
    info = process.obj("dataSetInformation")
    uuid = info.text("UUID") if info is not None else ""
    name_node = info.obj("name") if info is not None else None
    name = name_node.lang_text("baseName") if name_node is not None else ""
    exchange = _reference_exchange(root, process)
    flow_ref = exchange.obj("referenceToFlowDataSet")
    flow_uuid = flow_ref.text("refObjectId").lower() if flow_ref is not None else ""
    if not flow_uuid:
        problem = f"{exchange.path}.referenceToFlowDataSet.refObjectId: missing"
        raise DataFormatError(source, [problem])
    flow_name = flow_ref.lang_text("shortDescription") if flow_ref is not None else ""
    amount = exchange.get("meanAmount") or exchange.get("resultingAmount")
    time = process.obj("time")
    valid_until = time.get("dataSetValidUntil") if time is not None else None
    sub_type = _named_any(root.obj("modellingAndValidation", "LCIMethodAndAllocation"), "subType")
    return RawDataset(
        source=source,
        uuid=uuid,
        name=name,
        reference_amount=amount.value if amount is not None else None,
        reference_where=amount.path if amount is not None else f"{exchange.path}.meanAmount",
        flow=RawFlow(
            flow_uuid,
            flow_name,
            tuple(_flow_properties(exchange)),
            tuple(_material_properties(exchange)),
            source=source,
        ),
        sub_type=sub_type.value.strip() if sub_type and isinstance(sub_type.value, str) else "",
        publication=_date(_named_any(time, "publicationDateOfEPD")),
        valid_until_year=valid_until.value if valid_until is not None else None,
        valid_until_where=valid_until.path if valid_until is not None else "",
        expiration=_date(_named_any(time, "expirationDateOfEPD")),
        scenarios=tuple(_scenarios(info)),
        results=tuple(_results(root)),
    )


def _reference_exchange(root: _Node, process: _Node) -> _Node:
    quantitative = process.obj("quantitativeReference")
    path = "processInformation.quantitativeReference.referenceToReferenceFlow"
    ids: list[str] = []
    reference = quantitative.get("referenceToReferenceFlow") if quantitative else None
    if reference is not None:
        raw = reference.value if isinstance(reference.value, list) else [reference.value]
        ids = [str(v).strip() for v in raw if isinstance(v, int | str) and not isinstance(v, bool)]
    exchanges = root.obj("exchanges")
    candidates = list(exchanges.items("exchange")) if exchanges is not None else []
    for candidate, data in _objects(candidates):
        if ids and str(data.get("dataSetInternalID")).strip() == ids[0]:
            return candidate
    if not ids:
        flagged = [
            c for c in candidates if isinstance(c.value, dict) and c.value.get("referenceFlow")
        ]
        if len(flagged) == 1:
            return flagged[0]
        problem = f"{path}: missing; the reference flow defines the declared unit"
        raise DataFormatError(root.source, [problem])
    problem = f"{path}: names exchange {ids[0]!r}, but no exchange has that dataSetInternalID"
    raise DataFormatError(root.source, [problem])


def _objects(nodes: Iterable[_Node]) -> Iterator[tuple[_Node, dict[str, Any]]]:
    """Pair each node with its value, which must be an object."""
    for node in nodes:
        if not isinstance(node.value, dict):
            node.refuse("an object")
        yield node, node.value


def _value_unit_where(
    item: _Node, value_key: str, unit_key: str
) -> tuple[object, str | None, str]:
    """Return a property's raw value, its unit text (or None) and the path of the value."""
    value = item.get(value_key)
    unit = item.get(unit_key)
    return (
        value.value if value is not None else None,
        unit.value.strip() if unit is not None and isinstance(unit.value, str) else None,
        key_path(item.path, value_key),
    )


def _flow_properties(exchange: _Node) -> Iterator[RawFlowProperty]:
    for item, data in _objects(exchange.items("flowProperties")):
        mean, unit, where = _value_unit_where(item, "meanValue", "referenceUnit")
        yield RawFlowProperty(
            uuid=item.text("uuid").lower(),
            name=item.lang_text("name"),
            mean_value=mean,
            reference=data.get("referenceFlowProperty") is True,
            unit=unit,
            where=where,
        )


def _material_properties(exchange: _Node) -> Iterator[RawMaterialProperty]:
    for item, _ in _objects(exchange.items("materialProperties")):
        value, unit, where = _value_unit_where(item, "value", "unit")
        yield RawMaterialProperty(name=item.text("name"), value=value, unit=unit, where=where)


def _scenarios(info: _Node | None) -> Iterator[RawScenario]:
    for block in _anies(info):
        if not isinstance(block.value, dict):
            continue
        for item, data in _objects(block.items("scenario")):
            name = item.text("name")
            if not name:
                continue
            default = data.get("default")
            group = data.get("group")
            yield RawScenario(
                name=name,
                description=item.lang_text("description"),
                default=default is True or (isinstance(default, str) and default == "true"),
                group=group.strip() if isinstance(group, str) else "",
                where=item.path,
            )


def _results(root: _Node) -> Iterator[RawResult]:
    block = root.obj("LCIAResults")
    if block is None:
        return
    for item, _ in _objects(block.items("LCIAResult")):
        method = item.obj("referenceToLCIAMethodDataSet")
        uuid = method.text("refObjectId").lower() if method is not None else ""
        label = method.lang_text("shortDescription") if method is not None else ""
        unit = ""
        unit_group = ""
        amounts: list[RawAmount] = []
        for extra, data in _objects(_anies(item)):
            if data.get("name") == "referenceToUnitGroupDataSet":
                reference = extra.obj("value")
                if reference is not None:
                    unit = reference.lang_text("shortDescription")
                    unit_group = reference.text("refObjectId").lower()
                continue
            if "module" not in data:
                continue
            module = data.get("module")
            scenario = data.get("scenario")
            amounts.append(
                RawAmount(
                    module=module.strip() if isinstance(module, str) else "",
                    scenario=scenario.strip() if isinstance(scenario, str) else None,
                    value=data.get("value"),
                    where=extra.path,
                )
            )
        yield RawResult(uuid, label, unit or None, unit_group or None, tuple(amounts), item.path)
