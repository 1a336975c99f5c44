"""climatelimits: write, publish, check and design embodied-carbon limit rules for construction.

The public API is :data:`__all__`. Start with :func:`check`, :func:`load_building` and
:func:`load_schedule`; see ``docs/`` for the model.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from climatelimits._version import __version__

if TYPE_CHECKING:
    from climatelimits import catalogue, design
    from climatelimits.areas import AREA_DEFINITIONS, AreaDefinition, get_area_definition
    from climatelimits.buildings import (
        Building,
        BuildingDates,
        BuildingPart,
        DateBasis,
        UseCategory,
    )
    from climatelimits.calculation import (
        BR18_REPLACEMENTS,
        Calculation,
        EnergyUse,
        ReplacementRule,
        calculate,
    )
    from climatelimits.datasets import GenericDataset, br18_tabel7, load_boverket
    from climatelimits.evaluation import Assessment, CheckStatus, LimitCheck, NextStep, check
    from climatelimits.exceptions import (
        ClimateLimitsError,
        DataFormatError,
        InvalidInputError,
        MissingOptionalDependencyError,
        ScheduleError,
        UnitsError,
        UnknownReferenceError,
    )
    from climatelimits.indicators import INDICATORS, Indicator, get_indicator
    from climatelimits.io import (
        dump_building,
        dump_schedule,
        dumps_building,
        dumps_schedule,
        load_bill,
        load_building,
        load_products,
        load_schedule,
        loads_building,
        loads_schedule,
        read_ilcd,
        read_lcabyg,
        read_lcax,
        read_openepd,
        read_stock,
    )
    from climatelimits.lifecycle import LifeCycleModule, LifeCycleStage, ModuleSet
    from climatelimits.products import DataType, Finding, Product, Scenario, Standard
    from climatelimits.quantities import BillLine, BillOfQuantities, Transport
    from climatelimits.results import (
        NOT_DECLARED,
        IndicatorResults,
        NotDeclared,
        ResultEntry,
        ScopeTotal,
    )
    from climatelimits.schedules import (
        CATCH_ALL,
        AreaCondition,
        CategoryChoice,
        Exemption,
        Limit,
        LimitCategory,
        LimitMetric,
        LimitSchedule,
        LimitStep,
        MixedUsePolicy,
        ScheduleKind,
        ScheduleStatus,
        Source,
    )
    from climatelimits.stocks import Stock, StockAssessment, StockSummary, check_stock
    from climatelimits.units import registry

__all__ = [
    "AREA_DEFINITIONS",
    "BR18_REPLACEMENTS",
    "CATCH_ALL",
    "INDICATORS",
    "NOT_DECLARED",
    "AreaCondition",
    "AreaDefinition",
    "Assessment",
    "BillLine",
    "BillOfQuantities",
    "Building",
    "BuildingDates",
    "BuildingPart",
    "Calculation",
    "CategoryChoice",
    "CheckStatus",
    "ClimateLimitsError",
    "DataFormatError",
    "DataType",
    "DateBasis",
    "EnergyUse",
    "Exemption",
    "Finding",
    "GenericDataset",
    "Indicator",
    "IndicatorResults",
    "InvalidInputError",
    "LifeCycleModule",
    "LifeCycleStage",
    "Limit",
    "LimitCategory",
    "LimitCheck",
    "LimitMetric",
    "LimitSchedule",
    "LimitStep",
    "MissingOptionalDependencyError",
    "MixedUsePolicy",
    "ModuleSet",
    "NextStep",
    "NotDeclared",
    "Product",
    "ReplacementRule",
    "ResultEntry",
    "Scenario",
    "ScheduleError",
    "ScheduleKind",
    "ScheduleStatus",
    "ScopeTotal",
    "Source",
    "Standard",
    "Stock",
    "StockAssessment",
    "StockSummary",
    "Transport",
    "UnitsError",
    "UnknownReferenceError",
    "UseCategory",
    "__version__",
    "br18_tabel7",
    "calculate",
    "catalogue",
    "check",
    "check_stock",
    "design",
    "dump_building",
    "dump_schedule",
    "dumps_building",
    "dumps_schedule",
    "get_area_definition",
    "get_indicator",
    "load_bill",
    "load_boverket",
    "load_building",
    "load_products",
    "load_schedule",
    "loads_building",
    "loads_schedule",
    "read_ilcd",
    "read_lcabyg",
    "read_lcax",
    "read_openepd",
    "read_stock",
    "registry",
]

# Module that defines each public name; the module is imported when the name is first used,
# so that ``import climatelimits`` does not pay for pint, the file readers or the catalogue.
_LAZY: dict[str, tuple[str, ...]] = {
    "climatelimits.catalogue": ("catalogue",),
    "climatelimits.design": ("design",),
    "climatelimits.areas": (
        "AREA_DEFINITIONS",
        "AreaDefinition",
        "get_area_definition",
    ),
    "climatelimits.buildings": (
        "Building",
        "BuildingDates",
        "BuildingPart",
        "DateBasis",
        "UseCategory",
    ),
    "climatelimits.calculation": (
        "BR18_REPLACEMENTS",
        "Calculation",
        "EnergyUse",
        "ReplacementRule",
        "calculate",
    ),
    "climatelimits.datasets": (
        "GenericDataset",
        "br18_tabel7",
        "load_boverket",
    ),
    "climatelimits.evaluation": (
        "Assessment",
        "CheckStatus",
        "LimitCheck",
        "NextStep",
        "check",
    ),
    "climatelimits.exceptions": (
        "ClimateLimitsError",
        "DataFormatError",
        "InvalidInputError",
        "MissingOptionalDependencyError",
        "ScheduleError",
        "UnitsError",
        "UnknownReferenceError",
    ),
    "climatelimits.indicators": (
        "INDICATORS",
        "Indicator",
        "get_indicator",
    ),
    "climatelimits.io": (
        "dump_building",
        "dump_schedule",
        "dumps_building",
        "dumps_schedule",
        "load_bill",
        "load_building",
        "load_products",
        "load_schedule",
        "loads_building",
        "loads_schedule",
        "read_ilcd",
        "read_lcabyg",
        "read_lcax",
        "read_openepd",
        "read_stock",
    ),
    "climatelimits.lifecycle": (
        "LifeCycleModule",
        "LifeCycleStage",
        "ModuleSet",
    ),
    "climatelimits.products": (
        "DataType",
        "Finding",
        "Product",
        "Scenario",
        "Standard",
    ),
    "climatelimits.quantities": (
        "BillLine",
        "BillOfQuantities",
        "Transport",
    ),
    "climatelimits.results": (
        "NOT_DECLARED",
        "IndicatorResults",
        "NotDeclared",
        "ResultEntry",
        "ScopeTotal",
    ),
    "climatelimits.schedules": (
        "CATCH_ALL",
        "AreaCondition",
        "CategoryChoice",
        "Exemption",
        "Limit",
        "LimitCategory",
        "LimitMetric",
        "LimitSchedule",
        "LimitStep",
        "MixedUsePolicy",
        "ScheduleKind",
        "ScheduleStatus",
        "Source",
    ),
    "climatelimits.stocks": ("Stock", "StockAssessment", "StockSummary", "check_stock"),
    "climatelimits.units": ("registry",),
}
_HOME: dict[str, str] = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None and not name.startswith("__"):
        # A submodule not imported yet (``climatelimits.io``, ``climatelimits.units``...).
        found = importlib.util.find_spec(f"{__name__}.{name}")
        module = None if found is None else found.name
    if module is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    loaded = importlib.import_module(module)
    value = loaded if module == f"{__name__}.{name}" else getattr(loaded, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
