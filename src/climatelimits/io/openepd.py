"""Read openEPD documents (JSON) into :class:`~climatelimits.products.Product` records.

openEPD [1]_ is the open JSON format of Building Transparency's EC3 for environmental product
declarations. A document gives its impacts per LCIA method (``"TRACI 2.1"``, ``"CML 2012"``,
``"EF 3.1"``...), per indicator (``gwp``, ``odp``...) and per scope (``A1A2A3``, ``A4``...,
``D``), each value per declared unit with its own unit. A product has one set of impacts, so
the method is chosen when reading: a document with several methods needs ``method=``, and a
method the document lacks is an error that lists the ones it has.

What is read:

- ``id``, ``product_name`` (or ``name``), ``declared_unit`` (``{"qty": 1, "unit": "m2"}``),
  ``kg_per_declared_unit`` (the mass of one declared unit, as ``mass_per_declared_unit``;
  without it, a quantity in kg can never be converted to a declared unit of another
  dimension), ``product_service_life_years``, ``date_of_issue``, ``valid_until``,
  ``doctype`` (data type) and ``compliance`` (EN 15804 edition);
- the impacts of the chosen method for the indicators climatelimits knows: ``gwp`` (as
  ``gwp_total``, or ``gwp`` for an EN 15804+A1 declaration), ``gwp-fossil``, ``gwp-biogenic``,
  ``gwp-luluc`` and ``odp``; an impact set's ``C_scenarios`` become non-default scenarios;
- a scope left out or ``null`` is not declared (openEPD: "any scopes with no entry are
  considered 'measure not declared' rather than zero"); ``A1A2A3`` and ``A1``/``A2``/``A3``
  are combined by :func:`~climatelimits.products.combine_product_stage`, never added twice.

What is not read, each reported as a finding on the product: other indicators (``ap``,
``ep``...), unknown scopes, and B1-B7 values given with a ``B*_years`` time frame (the value
then covers that many years, not the reference service life). Uncertainty (``rsd``,
``dist``) is not modelled.

References
----------
.. [1] openEPD data format, https://www.buildingtransparency.org/programs/openepd/ and the
   reference models of the ``openepd`` Python package (C-Change Labs, Apache-2.0),
   https://github.com/cchangelabs/openepd

Examples
--------
>>> from climatelimits.io.openepd import loads_openepd
>>> product = loads_openepd('''{
...     "id": "EX1", "product_name": "Example board",
...     "declared_unit": {"qty": 1, "unit": "m2"},
...     "kg_per_declared_unit": {"qty": 12.5, "unit": "kg"},
...     "impacts": {"EF 3.1": {"gwp": {"A1A2A3": {"mean": 4.2, "unit": "kgCO2e"}}}}
... }''')
>>> product.declared_unit_text, product.impacts["gwp_total"].to_mapping()
('1 m²', {'A1-A3': 4.2})
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, NamedTuple

from climatelimits.exceptions import (
    ClimateLimitsError,
    DataFormatError,
    InvalidInputError,
    UnknownReferenceError,
)
from climatelimits.indicators import INDICATORS, get_indicator
from climatelimits.io._json_reading import (
    Problems,
    as_date,
    as_text,
    describe,
    finite_number,
    key_path,
    parse_json,
    read_bytes,
)
from climatelimits.lifecycle import ModuleSet
from climatelimits.products import (
    DataType,
    Finding,
    Product,
    Scenario,
    Standard,
    combine_product_stage,
)
from climatelimits.results import NOT_DECLARED, IndicatorResults, NotDeclared
from climatelimits.units import Quantity, as_quantity, format_unit, magnitude_in, parse_unit

__all__ = [
    "OPENEPD_INDICATORS",
    "OPENEPD_SCOPES",
    "loads_openepd",
    "openepd_from_dict",
    "read_openepd",
]

OPENEPD_INDICATORS: Final = {
    "gwp": "gwp_total",
    "gwp-fossil": "gwp_fossil",
    "gwp-biogenic": "gwp_biogenic",
    "gwp-luluc": "gwp_luluc",
    "odp": "odp",
}
"""openEPD impact keys read, and the climatelimits indicator each becomes (``gwp`` becomes
``gwp`` instead of ``gwp_total`` for an EN 15804+A1 declaration, or as ``gwp_indicator``
says)."""

OPENEPD_SCOPES: Final = {
    "A1A2A3": "A1-A3",
    **{code: code for code in ("A1", "A2", "A3", "A4", "A5")},
    **{f"B{n}": f"B{n}" for n in range(1, 8)},
    **{f"C{n}": f"C{n}" for n in range(1, 5)},
    "D": "D",
}
"""openEPD scope keys and the EN 15978 modules they stand for."""

_SCENARIO_SCOPES: Final = ("C1", "C2", "C3", "C4", "D")
_DATA_TYPES: Final = {
    "openepd": DataType.SPECIFIC,
    "openindustryepd": DataType.INDUSTRY_AVERAGE,
    "opengenericestimate": DataType.GENERIC,
}


def _amount(value: Any, path: str, problems: Problems) -> Quantity | None:
    """Read an openEPD amount, ``{"qty": 1.0, "unit": "m2"}`` (or ``"1 m2"``)."""
    with problems.recording(path):
        if isinstance(value, str):
            return as_quantity(value, field=path)
        if not isinstance(value, Mapping):
            problems.add(
                path,
                f'must be an amount such as {{"qty": 1, "unit": "m2"}}; got {describe(value)}',
            )
            return None
        qty = value.get("qty")
        unit = value.get("unit")
        number = finite_number(qty)
        if number is None:
            problems.add(f"{path}.qty", f"must be a finite number; got {describe(qty)}")
        if not isinstance(unit, str):
            problems.add(f"{path}.unit", f"must be a unit as text; got {describe(unit)}")
        if number is None or not isinstance(unit, str):
            return None
        return as_quantity(number, unit, field=f"{path}.unit")
    return None


def _standard(value: Any, problems: Problems) -> Standard | None:
    if value is None:
        return None
    if not isinstance(value, list):
        problems.add("compliance", f"must be a list of standards; got {describe(value)}")
        return None
    for item in value:
        texts = [item] if isinstance(item, str) else []
        if isinstance(item, Mapping):
            texts = [t for t in (item.get("short_name"), item.get("name")) if isinstance(t, str)]
        for text in texts:
            compact = text.upper().replace(" ", "")
            if "15804" in compact and "A2" in compact:
                return Standard.EN15804_A2
            if "15804" in compact and "A1" in compact:
                return Standard.EN15804_A1
    return None


def _measurement(
    value: Any, indicator: str, path: str, problems: Problems
) -> float | NotDeclared | None:
    """Read one ``{"mean": ..., "unit": ...}``; ``None`` means a problem was reported."""
    if value is None:
        return NOT_DECLARED
    if not isinstance(value, Mapping):
        problems.add(
            path,
            f'must be a measurement such as {{"mean": 1.0, "unit": "kgCO2e"}}; got '
            f"{describe(value)}",
        )
        return None
    mean = value.get("mean")
    unit = value.get("unit")
    number = finite_number(mean)
    ok = True
    if number is None:
        problems.add(f"{path}.mean", f"must be a finite number; got {describe(mean)}")
        ok = False
    if not isinstance(unit, str):
        problems.add(
            f"{path}.unit", f"must be the unit as text, e.g. 'kgCO2e'; got {describe(unit)}"
        )
        ok = False
    if not ok or number is None or not isinstance(unit, str):
        return None
    canonical = get_indicator(indicator).unit
    with problems.recording(path):
        return magnitude_in(number, canonical, field=f"{path}", default_unit=unit)
    return None


def _scope_set(
    value: Any,
    indicator: str,
    path: str,
    problems: Problems,
    findings: list[Finding],
    subject: str,
) -> tuple[dict[str | ModuleSet, float | NotDeclared | None], list[Any]]:
    """Read one indicator's scope set: module -> value, plus its raw ``C_scenarios``."""
    entries: dict[str | ModuleSet, float | NotDeclared | None] = {}
    if not isinstance(value, Mapping):
        problems.add(path, f"must be an object of scope -> measurement; got {describe(value)}")
        return entries, []
    years = {  # a time frame of null states none (documents written with every key)
        str(key)[: -len("_years")]
        for key, frame in value.items()
        if str(key).endswith("_years") and frame is not None
    }
    scenarios: list[Any] = []
    for raw_key, raw in value.items():
        key = str(raw_key)
        where = key_path(path, key)
        if key == "C_scenarios":
            if raw is None:
                continue
            if not isinstance(raw, list):
                problems.add(
                    where, f"must be a list of end-of-life scenarios; got {describe(raw)}"
                )
                continue
            scenarios = raw
            continue
        if key.endswith("_years"):
            continue
        module = OPENEPD_SCOPES.get(key)
        if module is None:
            findings.append(
                Finding(
                    "scope_not_imported",
                    f"{subject}: scope {key!r} of {path} is not an EN 15978 module climatelimits "
                    f"reads; it is not imported.",
                    subject,
                )
            )
            continue
        if key in years and raw is not None:
            findings.append(
                Finding(
                    "scope_not_imported",
                    f"{subject}: {where} is given over {key}_years = {value.get(key + '_years')!r}"
                    f" years, not over the reference service life; it is not imported.",
                    subject,
                )
            )
            continue
        measured = _measurement(raw, indicator, where, problems)
        if measured is not None:
            entries[module] = measured
    return entries, scenarios


def _impact_set(
    impact_set: Mapping[str, Any],
    path: str,
    problems: Problems,
    findings: list[Finding],
    subject: str,
    gwp_indicator: str,
) -> tuple[dict[str, IndicatorResults], dict[str, list[Any]]]:
    impacts: dict[str, IndicatorResults] = {}
    scenarios: dict[str, list[Any]] = {}
    skipped: list[str] = []
    for raw_key, value in impact_set.items():
        key = str(raw_key)
        indicator = OPENEPD_INDICATORS.get(key)
        if indicator is None:
            skipped.append(key)
            continue
        if key == "gwp":
            indicator = gwp_indicator
        where = key_path(path, key)
        if value is None:
            continue
        before = len(problems.items)
        entries, raw_scenarios = _scope_set(value, indicator, where, problems, findings, subject)
        if len(problems.items) > before:
            continue
        with problems.recording(where):
            merged, notes = combine_product_stage(entries, subject=subject, indicator=indicator)
            impacts[indicator] = IndicatorResults.from_mapping(
                indicator, merged, unit=get_indicator(indicator).unit
            )
            findings.extend(notes)
            if raw_scenarios:
                scenarios[indicator] = raw_scenarios
    if skipped:
        findings.append(
            Finding(
                "indicator_not_imported",
                f"{subject}: indicators {', '.join(skipped)} of {path} are not imported; "
                f"climatelimits reads {', '.join(OPENEPD_INDICATORS)}.",
                subject,
            )
        )
    return impacts, scenarios


def _eol_scenarios(
    raw: Mapping[str, list[Any]], path: str, problems: Problems
) -> tuple[Scenario, ...]:
    """Combine every indicator's ``C_scenarios[i]`` into scenario ``i``."""
    names: dict[int, str] = {}
    values: dict[int, dict[str, dict[str, float | NotDeclared]]] = {}
    for indicator, items in raw.items():
        for index, item in enumerate(items):
            where = f"{path}.{indicator}.C_scenarios[{index}]"
            if not isinstance(item, Mapping):
                problems.add(
                    where, f"must be an end-of-life scenario object; got {describe(item)}"
                )
                continue
            name = item.get("name")
            if name is not None and not isinstance(name, str):
                problems.add(f"{where}.name", f"must be text; got {describe(name)}")
                name = None
            names.setdefault(index, name or f"end-of-life scenario {index + 1}")
            for scope in _SCENARIO_SCOPES:
                if scope not in item:
                    continue
                measured = _measurement(item[scope], indicator, f"{where}.{scope}", problems)
                if measured is not None:
                    values.setdefault(index, {}).setdefault(indicator, {})[scope] = measured
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    scenarios: list[Scenario] = []
    for index in sorted(values):
        name = names[index]
        scenario_id = name if counts[name] == 1 else f"{name} [{index}]"
        by_indicator = values[index]
        modules = ",".join(
            dict.fromkeys(scope for entries in by_indicator.values() for scope in entries)
        )
        with problems.recording(f"{path}.C_scenarios[{index}]"):
            impacts = {
                indicator: IndicatorResults.from_mapping(
                    indicator, entries, unit=get_indicator(indicator).unit
                )
                for indicator, entries in by_indicator.items()
            }
            scenarios.append(Scenario(scenario_id, name, modules, False, impacts))
    return tuple(scenarios)


def _choose_method(impacts: Mapping[str, Any], method: str | None, source: str) -> str:
    methods = list(impacts)
    listed = ", ".join(repr(m) for m in methods)
    if method is None:
        if len(methods) == 1:
            return methods[0]
        msg = (
            f"`method` is required: {source} gives impacts under {len(methods)} LCIA methods "
            f"({listed}); choose one, e.g. method={methods[0]!r}"
        )
        raise InvalidInputError(msg)
    for candidate in methods:
        if candidate.strip().casefold() == method.strip().casefold():
            return candidate
    msg = f"`method` must be one of the LCIA methods of {source}: {listed}; got {method!r}"
    raise UnknownReferenceError(msg)


def _check_gwp_indicator(value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or value not in INDICATORS:
        msg = f"`gwp_indicator` must be one of {', '.join(INDICATORS)}; got {value!r}"
        raise UnknownReferenceError(msg)
    unit = parse_unit(get_indicator(value).unit)
    if unit.dimensionality != parse_unit("kg CO2e").dimensionality:
        msg = (
            f"`gwp_indicator` must be an indicator in kg CO2e; got {value!r} ({format_unit(unit)})"
        )
        raise InvalidInputError(msg)


class _Header(NamedTuple):
    id: str
    name: str
    declared_unit: Quantity | None
    properties: dict[str, Quantity]
    service_life: Quantity | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    standard: Standard | None
    data_type: DataType | None


def _mass(data: Mapping[str, Any], problems: Problems) -> dict[str, Quantity]:
    if data.get("kg_per_declared_unit") is None:
        return {}
    mass = _amount(data["kg_per_declared_unit"], "kg_per_declared_unit", problems)
    if mass is None:
        return {}
    if mass.dimensionality != parse_unit("kg").dimensionality:
        problems.add(
            "kg_per_declared_unit",
            f"must be a mass such as 12.5 kg; got {mass.magnitude:g} {format_unit(mass.units)}",
        )
        return {}
    if not mass.magnitude > 0:
        problems.add(
            "kg_per_declared_unit",
            f"must be greater than 0; got {mass.magnitude:g} {format_unit(mass.units)}",
        )
        return {}
    return {"mass_per_declared_unit": mass}


def _service_life(data: Mapping[str, Any], problems: Problems) -> Quantity | None:
    raw = data.get("product_service_life_years")
    if raw is None:
        return None
    years = finite_number(raw)
    if years is None or not years > 0:
        problems.add(
            "product_service_life_years",
            f"must be a number of years greater than 0; got {describe(raw)}",
        )
        return None
    return as_quantity(years, "year", field="product_service_life_years")


def _header(data: Mapping[str, Any], problems: Problems) -> _Header:
    product_id = as_text(data.get("id"), "id", problems, required=True)
    name = data.get("product_name", data.get("name"))
    if name is not None and not isinstance(name, str):
        problems.add("product_name", f"must be text; got {describe(name)}")
        name = None
    declared_unit = None
    if data.get("declared_unit") is None:
        problems.add("declared_unit", "is required")
    else:
        declared_unit = _amount(data["declared_unit"], "declared_unit", problems)
    doctype = data.get("doctype")
    return _Header(
        id=product_id,
        name=name or "",
        declared_unit=declared_unit,
        properties=_mass(data, problems),
        service_life=_service_life(data, problems),
        valid_from=as_date(data.get("date_of_issue"), "date_of_issue", problems),
        valid_until=as_date(data.get("valid_until"), "valid_until", problems),
        standard=_standard(data.get("compliance"), problems),
        data_type=_DATA_TYPES.get(doctype.casefold()) if isinstance(doctype, str) else None,
    )


def openepd_from_dict(
    data: Mapping[str, Any],
    *,
    method: str | None = None,
    gwp_indicator: str | None = None,
    source: str = "<dict>",
) -> Product:
    """Build a product from a parsed openEPD document.

    Parameters
    ----------
    data
        The document.
    method
        The LCIA method whose impacts to read, as the document names it (``"TRACI 2.1"``;
        case is ignored). Required when the document has more than one.
    gwp_indicator
        The indicator openEPD's ``gwp`` becomes; by default ``"gwp"`` (EN 15804+A1 GWP) when
        the document's ``compliance`` names EN 15804+A1, else ``"gwp_total"``.
    source
        The file or name of the document, used in messages and as the product's source.

    Returns
    -------
    Product
        Impacts per declared unit of the chosen method; findings for what was not read.

    Raises
    ------
    DataFormatError
        Naming every structural problem with its JSON path.
    UnknownReferenceError
        If ``method`` is not a method of the document (the message lists those it has).
    InvalidInputError
        If ``method`` is needed but not given.
    """
    _check_gwp_indicator(gwp_indicator)
    if not isinstance(data, Mapping):
        raise DataFormatError(source, [f"the document must be an object; got {describe(data)}"])
    problems = Problems(source)
    header = _header(data, problems)
    impacts_raw: Mapping[str, Any] | None = None
    raw = data.get("impacts")
    if isinstance(raw, Mapping) and raw and all(isinstance(k, str) for k in raw):
        impacts_raw = raw
    else:
        problems.add(
            "impacts", f"must be an object of LCIA method -> impacts; got {describe(raw)}"
        )
    if problems.items or impacts_raw is None:
        problems.raise_all()
    chosen = _choose_method(impacts_raw, method, source)
    subject = header.id
    findings: list[Finding] = []
    path = key_path("impacts", chosen)
    impact_set = impacts_raw[chosen]
    if not isinstance(impact_set, Mapping):
        raise DataFormatError(
            source,
            [f"{path}: must be an object of indicator -> scopes; got {describe(impact_set)}"],
        )
    gwp_target = gwp_indicator or (
        "gwp" if header.standard is Standard.EN15804_A1 else "gwp_total"
    )
    impacts, raw_scenarios = _impact_set(impact_set, path, problems, findings, subject, gwp_target)
    scenarios = _eol_scenarios(raw_scenarios, path, problems)
    if not impacts and not problems.items:
        problems.add(
            path,
            f"must give at least one of the indicators {', '.join(OPENEPD_INDICATORS)}; got "
            f"{', '.join(impact_set) or 'none'}",
        )
    problems.raise_if_any()
    try:
        return Product(
            subject,
            header.name or subject,
            header.declared_unit,
            impacts,
            properties=header.properties,
            scenarios=scenarios,
            data_type=header.data_type,
            standard=header.standard,
            valid_from=header.valid_from,
            valid_until=header.valid_until,
            reference_service_life=header.service_life,
            source=source,
            findings=tuple(findings),
        )
    except ClimateLimitsError as exc:
        raise DataFormatError(source, [str(exc)]) from exc


def loads_openepd(
    text: str | bytes,
    *,
    method: str | None = None,
    gwp_indicator: str | None = None,
    source: str = "<string>",
) -> Product:
    """Read a product from openEPD JSON text.

    Parameters
    ----------
    text
        The JSON document.
    method, gwp_indicator
        As for :func:`openepd_from_dict`.
    source
        Name of the document in messages.

    Returns
    -------
    Product

    Raises
    ------
    DataFormatError
        If the text is not JSON or breaks the format (every problem with its JSON path).
    UnknownReferenceError
        If ``method`` is not a method of the document.
    InvalidInputError
        If ``method`` is needed but not given.
    """
    return openepd_from_dict(
        parse_json(text, source), method=method, gwp_indicator=gwp_indicator, source=source
    )


def read_openepd(
    path: str | Path,
    *,
    method: str | None = None,
    gwp_indicator: str | None = None,
) -> Product:
    """Read a product from an openEPD JSON file.

    Parameters
    ----------
    path
        The file.
    method, gwp_indicator
        As for :func:`openepd_from_dict`.

    Returns
    -------
    Product
        With ``source`` the file path.

    Raises
    ------
    DataFormatError
        If the file cannot be read or breaks the format (every problem with its JSON path).
    UnknownReferenceError
        If ``method`` is not a method of the document.
    InvalidInputError
        If ``method`` is needed but not given.
    """
    return loads_openepd(
        read_bytes(path), method=method, gwp_indicator=gwp_indicator, source=str(path)
    )
