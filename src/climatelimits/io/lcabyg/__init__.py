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
  ``b4_zero_replacements``). A results file that gives the Building node no stage at all
  (LCAbyg's export of a project it has not calculated) is read with every module not
  declared and the finding ``results_missing``.
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
- **Built-in library.** Constructions and products of LCAbyg's built-in library appear in a
  project only as ids. :func:`read_lcabyg_project` refuses them unless told otherwise
  (``require_constructions``, ``require_products``, ``library``); :func:`import_lcabyg`
  reports them (findings ``constructions_not_in_file``, ``products_not_defined``). With a
  results file, its results are imported as they are; with the project alone, what the file
  holds is calculated, and since that is only part of the building, every module is then
  *not declared* (finding ``results_incomplete`` with the partial sums), so that a check
  gives *incomplete*, never a pass.
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

from climatelimits.io.lcabyg._common import (
    DEFAULT_STUDY_PERIOD_YEARS,
    LCABYG_BUILDING_TYPES,
    LCABYG_STAGES,
    LCABYG_UNITS,
)
from climatelimits.io.lcabyg.merge import (
    LcabygImport,
    import_lcabyg,
    read_lcabyg,
)
from climatelimits.io.lcabyg.project import (
    LcabygProject,
    LcabygProjectInfo,
    read_lcabyg_project,
)
from climatelimits.io.lcabyg.results import (
    LcabygInstance,
    LcabygResults,
    read_lcabyg_results,
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
