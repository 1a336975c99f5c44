"""Buildings: what a declaration says about one building.

A :class:`Building` carries its use, its dates, the floor areas it knows (by definition, see
:mod:`climatelimits.areas`), the reference study period it was assessed over, and its module
results per indicator. Nothing is derived silently: an area it does not state, or a date it
does not give, makes a check *incomplete*.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from climatelimits._dates import strict_date
from climatelimits._frozen import FrozenMap
from climatelimits._validators import (
    enum_or_raw,
    instance_of,
    member_of,
    non_empty_text,
    optional_date,
    safe_fsum,
    to_finite_number,
    to_results_map,
    to_tuple,
)
from climatelimits._validators import (
    text as any_text,
)
from climatelimits.areas import AREA_DEFINITIONS, get_area_definition
from climatelimits.exceptions import ClimateLimitsWarning, InvalidInputError, UnknownReferenceError
from climatelimits.results import IndicatorResults
from climatelimits.units import AREA_UNIT, TIME_UNIT, Quantity, magnitude_in, registry

__all__ = ["Building", "BuildingDates", "BuildingPart", "DateBasis", "UseCategory"]


class UseCategory(enum.Enum):
    """Use of a building, the vocabulary that schedules key their categories by.

    Schemes name their own classes; a scheme's file maps them onto these. ``other`` is a use
    of its own, not a catch-all.
    """

    DETACHED_HOUSE = "detached_house"
    """One-family detached house (Swedish småhus, Danish enfamiliehus)."""
    ROW_HOUSE = "row_house"
    """Terraced, row or semi-detached house."""
    FARMHOUSE = "farmhouse"
    """Farmhouse, the dwelling of an agricultural holding (Danish stuehus til
    landbrugsejendom), which BR18 2025 names beside detached houses."""
    HOLIDAY_HOME = "holiday_home"
    """Holiday or summer house (Danish sommerhus)."""
    MULTI_FAMILY_HOUSING = "multi_family_housing"
    """Apartment block (flerbostadshus, etageboliger, logements collectifs)."""
    OFFICE = "office"
    EDUCATION = "education"
    """Schools and universities, except preschools."""
    PRESCHOOL = "preschool"
    """Preschool or day-care centre."""
    INSTITUTION = "institution"
    """Institution buildings (Danish institutioner), not otherwise listed."""
    RETAIL = "retail"
    WAREHOUSE = "warehouse"
    HOTEL = "hotel"
    CARE_HOME = "care_home"
    """Special housing for the elderly or disabled, nursing and care homes."""
    HOSPITAL = "hospital"
    SPORTS_HALL = "sports_hall"
    PARKING = "parking"
    OTHER = "other"


class DateBasis(enum.Enum):
    """Which date of a building selects the limit step in force."""

    PERMIT_APPLICATION = "permit_application"
    CONSTRUCTION_START = "construction_start"
    COMPLETION = "completion"


def to_date(value: Any) -> Any:
    """Read an ISO date string; anything else is returned for the validator to judge."""
    if isinstance(value, str):
        try:
            return strict_date(value)
        except ValueError:
            return value
    return value


@attrs.frozen
class BuildingDates:
    """Dates in a building's life that schedules refer to.

    Attributes
    ----------
    permit_application : datetime.date or None
        Date the building-permit application was made.
    construction_start : datetime.date or None
        Start of construction (production start).
    completion : datetime.date or None
        Completion (Danish færdigmelding).
    """

    permit_application: dt.date | None = attrs.field(
        default=None, converter=to_date, validator=optional_date
    )
    construction_start: dt.date | None = attrs.field(
        default=None, converter=to_date, validator=optional_date
    )
    completion: dt.date | None = attrs.field(
        default=None, converter=to_date, validator=optional_date
    )

    def __attrs_post_init__(self) -> None:
        """Warn when the building is completed before its permit application or start."""
        for earlier in ("permit_application", "construction_start"):
            before: dt.date | None = getattr(self, earlier)
            if self.completion is not None and before is not None and self.completion < before:
                message = (
                    f"`dates.completion` {self.completion.isoformat()} is before "
                    f"`dates.{earlier}` {before.isoformat()}; check the dates (the step in "
                    "force is chosen by one of them)"
                )
                warnings.warn(message, ClimateLimitsWarning, stacklevel=3)

    def get(self, basis: DateBasis | str) -> dt.date | None:
        """Return the date named by ``basis``, or ``None`` if the building does not state it."""
        try:
            name = DateBasis(basis).value
        except ValueError:
            known = ", ".join(b.value for b in DateBasis)
            msg = f"must be one of {known}; got {basis!r}"
            raise InvalidInputError(msg, field="basis") from None
        return getattr(self, name)  # type: ignore[no-any-return]


_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _to_use(value: Any) -> Any:
    return enum_or_raw(UseCategory, value)


def _to_use_shares(value: Any) -> FrozenMap[UseCategory, float]:
    if isinstance(value, FrozenMap):
        return value
    if not isinstance(value, Mapping):
        msg = f"must be a table of use -> share of floor area; got {value!r}"
        raise InvalidInputError(msg, field="use_shares")
    out: dict[UseCategory, float] = {}
    for key, share in value.items():
        use = _to_use(key)
        if not isinstance(use, UseCategory):
            known = ", ".join(u.value for u in UseCategory)
            msg = f"must name a use, one of {known}; got {key!r}"
            raise InvalidInputError(msg, field=f"use_shares.{key}")
        if isinstance(share, bool) or not isinstance(share, int | float):
            msg = f"must be a number between 0 and 1; got {share!r}"
            raise InvalidInputError(msg, field=f"use_shares.{use.value}")
        out[use] = float(share)
    return FrozenMap(out)


def _to_areas(value: Any) -> FrozenMap[str, Quantity]:
    if isinstance(value, Mapping):
        items = value
    else:
        msg = f"must be a table of area definition -> area; got {value!r}"
        raise InvalidInputError(msg, field="areas")
    out: dict[str, Quantity] = {}
    reg = registry()
    for key, area in items.items():
        if key not in AREA_DEFINITIONS:
            known = ", ".join(sorted(AREA_DEFINITIONS))
            msg = f"keys must be area definitions ({known}); got {key!r}"
            raise UnknownReferenceError(msg, field="areas")
        magnitude = magnitude_in(area, AREA_UNIT, field=f"areas.{key}")
        if not magnitude > 0:
            msg = f"must be greater than 0 m²; got {magnitude:g} m²"
            raise InvalidInputError(msg, field=f"areas.{key}")
        out[key] = reg.Quantity(magnitude, AREA_UNIT)
    return FrozenMap(out)


def to_study_period(value: Any) -> Any:
    """Read a reference study period as a quantity in years, refusing 0 or less."""
    if value is None:
        return None
    magnitude = magnitude_in(value, TIME_UNIT, field="reference_study_period")
    if not magnitude > 0:
        msg = f"must be longer than 0 years; got {magnitude:g} a"
        raise InvalidInputError(msg, field="reference_study_period")
    return registry().Quantity(magnitude, TIME_UNIT)


def _to_results(value: Any) -> FrozenMap[str, IndicatorResults]:
    return to_results_map(value, "results")


_TAG = re.compile(r"^[a-z][a-z0-9_]*$")


def _to_building_tags(value: Any) -> Any:
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"must be a list of tags such as ['extension']; got {value!r}"
        raise InvalidInputError(msg, field="tags")
    given = tuple(value)
    for tag in given:  # before sorting, which a number or a list among texts would break
        if not isinstance(tag, str) or not _TAG.match(tag):
            msg = (
                "must hold lower-case identifiers such as 'extension' (letters, "
                f"digits, _); got {tag!r}"
            )
            raise InvalidInputError(msg, field="tags")
    return tuple(sorted(set(given)))


_TERM_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _to_limit_terms(value: Any) -> FrozenMap[str, float]:
    if not isinstance(value, Mapping):
        msg = (
            f"must be a table of adjustment id -> number, e.g. {{micombles = 0.05}}; got {value!r}"
        )
        raise InvalidInputError(msg, field="limit_terms")
    out: dict[str, float] = {}
    for key, number in value.items():
        if not isinstance(key, str) or not _TERM_ID.match(key):
            msg = f"keys must be adjustment ids (lower-case identifiers); got {key!r}"
            raise InvalidInputError(msg, field="limit_terms")
        if (
            isinstance(number, bool)
            or not isinstance(number, int | float)
            or not math.isfinite(number)
        ):
            msg = (
                f"must be a finite number (a fraction for a multiplicative term, the "
                f"limit's unit for an additive one); got {number!r}"
            )
            raise InvalidInputError(msg, field=f"limit_terms.{key}")
        out[key] = float(number)
    return FrozenMap(out)


@attrs.frozen
class BuildingPart:
    """A part of a mixed-use building with its own use, areas and results.

    Schemes that judge each part against its own class (Finland) need them; the part
    shares the building's dates, study period and tags.

    Attributes
    ----------
    id : str
        Identifier within the building, e.g. ``"shops"``.
    use : UseCategory
        The part's use.
    areas : Mapping[str, Quantity]
        The part's floor areas [m²] by area-definition id.
    results : Mapping[str, IndicatorResults]
        The part's module results per indicator, over the building's study period.
    name : str
        Human-readable name.
    """

    id: str = attrs.field(validator=non_empty_text)
    use: UseCategory = attrs.field(converter=_to_use, validator=member_of(UseCategory))
    areas: FrozenMap[str, Quantity] = attrs.field(factory=FrozenMap, converter=_to_areas)
    results: FrozenMap[str, IndicatorResults] = attrs.field(
        factory=FrozenMap, converter=_to_results
    )
    name: str = attrs.field(default="", validator=any_text)


def _to_parts(value: Any) -> tuple[BuildingPart, ...]:
    parts = to_tuple(value, BuildingPart, "parts")
    ids = [p.id for p in parts]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        msg = f"ids must be unique; got {', '.join(repeated)} more than once"
        raise InvalidInputError(msg, field="parts")
    return parts


@attrs.frozen
class Building:
    """One building as declared.

    Attributes
    ----------
    id : str
        Identifier, unique within a data set.
    use : UseCategory
        Use (the principal use of a mixed-use building).
    name : str
        Human-readable name.
    country : str or None
        ISO 3166-1 alpha-2 code, e.g. ``"SE"``.
    use_shares : Mapping[UseCategory, float]
        For a mixed-use building, the share of floor area per use (summing to 1, including
        ``use``); empty for a single-use building.
    dates : BuildingDates
        Permit application, construction start, completion.
    areas : Mapping[str, Quantity]
        Floor area [m²] per area-definition id (``"se_bta"``, ``"dk_reference"``...).
    reference_study_period : Quantity or None
        Period [year] the results were assessed over.
    results : Mapping[str, IndicatorResults]
        Module results per indicator id, over the whole study period.
    tags : tuple of str
        Facts a schedule's categories and exemptions refer to, e.g. ``"extension"``,
        ``"temporary"``, ``"district_heating"``; each schedule lists the tags it knows.
    parts : tuple of BuildingPart
        Parts of a mixed-use building with their own areas and results, for schemes that
        judge each part against its own class.
    limit_terms : Mapping[str, float]
        Adjustment terms the building declares, by the id of a schedule's declared
        :class:`~climatelimits.schedules.LimitAdjustment` (e.g. RE2020's ``micombles``,
        ``migeo``), as its calculation states them: a plain fraction for a multiplicative
        term (0.05 is +5 %), a number in the limit's unit for an additive one (kg CO2e/m²
        for RE2020). A term not stated is not declared (the check is then incomplete),
        never 0.
    """

    id: str = attrs.field(validator=non_empty_text)
    use: UseCategory = attrs.field(converter=_to_use, validator=member_of(UseCategory))
    name: str = attrs.field(default="", validator=any_text)
    country: str | None = attrs.field(default=None)
    use_shares: FrozenMap[UseCategory, float] = attrs.field(
        factory=FrozenMap, converter=_to_use_shares
    )
    dates: BuildingDates = attrs.field(factory=BuildingDates, validator=instance_of(BuildingDates))
    areas: FrozenMap[str, Quantity] = attrs.field(factory=FrozenMap, converter=_to_areas)
    reference_study_period: Quantity | None = attrs.field(default=None, converter=to_study_period)
    results: FrozenMap[str, IndicatorResults] = attrs.field(
        factory=FrozenMap, converter=_to_results
    )
    tags: tuple[str, ...] = attrs.field(default=(), converter=_to_building_tags)
    parts: tuple[BuildingPart, ...] = attrs.field(default=(), converter=_to_parts)
    limit_terms: FrozenMap[str, float] = attrs.field(factory=FrozenMap, converter=_to_limit_terms)

    @country.validator
    def _check_country(self, attribute: Any, value: Any) -> None:
        if value is not None and (not isinstance(value, str) or not _COUNTRY.match(value)):
            msg = f"must be an ISO 3166-1 alpha-2 code such as 'SE'; got {value!r}"
            raise InvalidInputError(msg, field="country")

    @use_shares.validator
    def _check_shares(self, attribute: Any, value: FrozenMap[UseCategory, float]) -> None:
        if not value:
            return
        for use, share in value.items():
            if not (0.0 < share <= 1.0) or not math.isfinite(share):
                msg = f"must be greater than 0 and at most 1; got {share!r}"
                raise InvalidInputError(msg, field=f"use_shares.{use.value}")
        total = safe_fsum(value.values())
        if abs(total - 1.0) > 1e-6:
            msg = f"must add up to 1; got {total:.6g}"
            raise InvalidInputError(msg, field="use_shares")
        if self.use not in value:
            msg = (
                f"must include the building's `use` ({self.use.value}); "
                f"got {', '.join(u.value for u in value)}"
            )
            raise InvalidInputError(msg, field="use_shares")

    @property
    def mixed_use(self) -> bool:
        """Whether the building has more than one use."""
        return len(self.use_shares) > 1

    def area(self, area_id: str) -> Quantity | None:
        """Return the floor area of definition ``area_id`` [m²], or ``None`` if not stated.

        Raises
        ------
        UnknownReferenceError
            If ``area_id`` is not a known area definition.
        """
        get_area_definition(area_id)
        return self.areas.get(area_id)

    def scaled(self, factor: float) -> Building:
        """Return a copy with every result and every area multiplied by ``factor``.

        The emission per m² of every definition is unchanged: a tool for tests and what-ifs.

        Raises
        ------
        InvalidInputError
            If ``factor`` is not a finite number greater than 0 (an area must stay above
            0 m²).
        """
        factor = to_finite_number(factor, "factor")
        if not factor > 0:
            msg = f"must be greater than 0 (areas stay above 0 m²); got {factor:g}"
            raise InvalidInputError(msg, field="factor")
        reg = registry()

        def areas(given: Mapping[str, Quantity]) -> dict[str, Quantity]:
            return {k: reg.Quantity(v.magnitude * factor, AREA_UNIT) for k, v in given.items()}

        return attrs.evolve(
            self,
            areas=areas(self.areas),
            results={k: r.scaled(factor) for k, r in self.results.items()},
            parts=tuple(
                attrs.evolve(
                    p,
                    areas=areas(p.areas),
                    results={k: r.scaled(factor) for k, r in p.results.items()},
                )
                for p in self.parts
            ),
        )

    def part_as_building(self, part: BuildingPart) -> Building:
        """Return a part as a building of its own, with this building's dates, period, tags, terms.

        Its id is ``"<building id>/<part id>"``.
        """
        return Building(
            id=f"{self.id}/{part.id}",
            use=part.use,
            name=part.name,
            country=self.country,
            dates=self.dates,
            areas=part.areas,
            reference_study_period=self.reference_study_period,
            results=part.results,
            tags=self.tags,
            limit_terms=self.limit_terms,
        )
