"""Constants and small helpers shared by the LCAbyg project reader, results reader and merge."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from climatelimits._frozen import FrozenMap
from climatelimits.buildings import UseCategory
from climatelimits.exceptions import (
    InvalidInputError,
)
from climatelimits.indicators import get_indicator
from climatelimits.io._json_reading import Problems
from climatelimits.products import DataType, Standard
from climatelimits.units import (
    Quantity,
    format_unit,
)

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
