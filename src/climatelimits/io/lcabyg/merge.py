"""Combine an LCAbyg project and/or results file into a building, with the findings.

The reading rules are those of :mod:`climatelimits.io.lcabyg`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

from climatelimits._validators import to_optional_member
from climatelimits.buildings import Building, UseCategory
from climatelimits.exceptions import (
    ClimateLimitsError,
    DataFormatError,
    InvalidInputError,
)
from climatelimits.io._json_reading import Problems
from climatelimits.io.lcabyg._common import (
    DEFAULT_STUDY_PERIOD_YEARS,
    _close,
)
from climatelimits.io.lcabyg.project import (
    LcabygProject,
    LcabygProjectInfo,
    read_lcabyg_project,
)
from climatelimits.io.lcabyg.results import (
    LcabygResults,
    read_lcabyg_results,
)
from climatelimits.products import Finding, Product
from climatelimits.results import IndicatorResults, ResultEntry
from climatelimits.units import (
    TIME_UNIT,
    Quantity,
    registry,
)


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
            require_products=False,
            require_constructions=False,
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
        if any(f.code in _UNRESOLVED for f in findings):
            building_results, incomplete = _incomplete(building_results, source)
            findings.append(incomplete)
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


_UNRESOLVED = ("constructions_not_in_file", "products_not_defined")


def _incomplete(
    results: Mapping[str, IndicatorResults], source: str
) -> tuple[dict[str, IndicatorResults], Finding]:
    """Declare nothing of results calculated from part of the building; say what they were.

    A sum over the constructions and products the file holds is less than the building's,
    so none of its modules may pass a limit: each is not declared, and the finding keeps
    the partial sums (``<indicator> <modules>``).
    """
    partial = {
        f"{indicator} {entry.modules}": float(entry.value)
        for indicator, values in results.items()
        for entry in values.entries
        if entry.value is not None
    }
    shown = ", ".join(f"{k} = {v:g}" for k, v in partial.items()) or "nothing"
    finding = Finding(
        "results_incomplete",
        f"{source}: constructions or products of LCAbyg's built-in library are not in the "
        f"file, so the results calculated from what it holds ({shown}) are only part of the "
        "building's; no module is declared (give the results file, or `library`).",
        source,
        partial,
    )
    undeclared = {
        indicator: IndicatorResults(
            indicator, tuple(ResultEntry(e.modules, None) for e in values.entries)
        )
        for indicator, values in results.items()
    }
    return undeclared, finding


def _calculated(
    project: LcabygProject, period: Quantity
) -> tuple[Mapping[str, IndicatorResults], tuple[Finding, ...]]:
    from climatelimits.calculation import calculate  # noqa: PLC0415 - avoids an import cycle

    defined = {p.id for p in project.products}
    lines = tuple(line for line in project.bill.lines if line.product in defined)
    if not lines:
        return {}, ()
    try:
        calculation = calculate(
            attrs.evolve(project.bill, lines=lines),
            project.products,
            study_period=period,
            start_year=project.info.initial_year,
        )
    except ClimateLimitsError as exc:
        raise DataFormatError(project.info.source, [str(exc)]) from exc
    return calculation.results, tuple(calculation.findings)
