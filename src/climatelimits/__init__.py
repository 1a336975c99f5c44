"""climatelimits: write, publish, check and design embodied-carbon limit rules for construction.

The public API is :data:`__all__`. Start with :func:`check`, :func:`load_building` and
:func:`load_schedule`; see ``docs/`` for the model.
"""

from __future__ import annotations

from climatelimits import catalogue
from climatelimits._version import __version__
from climatelimits.areas import AREA_DEFINITIONS, AreaDefinition, get_area_definition
from climatelimits.buildings import Building, BuildingDates, BuildingPart, DateBasis, UseCategory
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
