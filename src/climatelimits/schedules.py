"""Limit schedules: what a rule says, for which buildings, from which date.

A :class:`LimitSchedule` is a rule as published: its status, sources, notes, the building
date that selects the step in force, applicability thresholds (:class:`AreaCondition`),
exemptions (:class:`Exemption`) and one or more :class:`Limit` objects, all of which a
building must meet. A limit holds a :class:`LimitMetric` (what is measured: indicator,
module scope, area basis, per year or total, study period, unit, rounding) and dated
:class:`LimitStep` values per :class:`LimitCategory`. A category covers building uses,
optionally narrowed by a size band and by tags a building declares. A step is in force from
its date (inclusive) until the next step; before the first step no limit applies. A step
may carry a value that is not confirmed, or a first day that is known only to lie in a
window; checks then give a verdict only where it does not depend on the unknown. A limit
may name :class:`LimitAdjustment` terms that adjust its value per building (RE2020's
modulations, Helsinki's uplifts): fixed ones on tags, or terms each building declares.

Schedules validate when built: steps strictly increasing in date, values never increasing
unless the limit says it may loosen, the unit consistent with the metric, no two categories
that could both claim a building, every tag explained.

Two constructors build steps from a rule instead of a table: :meth:`LimitCategory.geometric`
(a yearly percentage cut, rounded, as Uppsala's Klimatprotokollet does) and
:meth:`LimitCategory.from_target` (from a baseline in one year to a target in another).
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from climatelimits import _kernels
from climatelimits._frozen import FrozenMap
from climatelimits._validators import (
    boolean,
    check_unicode,
    enum_or_raw,
    instance_of,
    member_of,
    non_empty_text,
    text,
    to_tuple,
)
from climatelimits.areas import get_area_definition
from climatelimits.buildings import DateBasis, UseCategory, to_date, to_study_period
from climatelimits.exceptions import (
    InvalidInputError,
    ScheduleError,
    UnitsError,
    UnknownReferenceError,
)
from climatelimits.indicators import INDICATORS, get_indicator
from climatelimits.lifecycle import ModuleSet
from climatelimits.units import (
    AREA_UNIT,
    TIME_UNIT,
    Quantity,
    Unit,
    conversion_factor,
    format_unit,
    magnitude_in,
    parse_unit,
    registry,
)

__all__ = [
    "CATCH_ALL",
    "AdjustmentKind",
    "AreaCondition",
    "CategoryChoice",
    "Exemption",
    "Limit",
    "LimitAdjustment",
    "LimitCategory",
    "LimitMetric",
    "LimitSchedule",
    "LimitStep",
    "MixedUsePolicy",
    "ScheduleKind",
    "ScheduleStatus",
    "Source",
    "adjust_limit",
    "describe_adjusted",
]

CATCH_ALL = "any"
"""Category key that applies to every use without a category of its own."""


class ScheduleKind(enum.Enum):
    """What a schedule asks of a building."""

    LIMITS = "limits"
    """Limit values the building's result must meet (pass or fail)."""
    DISCLOSURE = "disclosure"
    """A value the building must declare, with no limit: a check says *disclosed*, or
    *incomplete* naming what the declaration lacks (the EU EPBD's life-cycle GWP, the
    Swedish climate declaration). Its steps carry no value: each says from which day the
    disclosure is required."""


class ScheduleStatus(enum.Enum):
    """Legal status of a schedule."""

    IN_FORCE = "in_force"
    """Binding law or regulation in force."""
    ADOPTED = "adopted"
    """Adopted and binding, with steps still to come."""
    PROPOSAL = "proposal"
    """Proposed, not adopted: checking against it answers "would it pass?"."""
    VOLUNTARY = "voluntary"
    """A voluntary class or commitment."""
    LAND_ALLOCATION = "land_allocation"
    """A condition of a land sale or allocation (civil-law contract term)."""
    ILLUSTRATIVE = "illustrative"
    """Not a rule of anyone: an example or a design study."""
    SUPERSEDED = "superseded"
    """Was in force, and has been replaced: it still applies to buildings dated before its
    ``until`` date."""
    DRAFT = "draft"
    """A draft derived from evidence (:func:`climatelimits.design.propose`), not yet
    anyone's rule: its notes record how its values were derived."""


class MixedUsePolicy(enum.Enum):
    """How a schedule limits a building with several uses."""

    NONE = "none"
    """The schedule states no rule: a mixed-use building gets no verdict (incomplete)."""
    PRINCIPAL_USE = "principal_use"
    """The limit of the building's principal use applies to the whole building."""
    AREA_WEIGHTED = "area_weighted"
    """The limit is the area-weighted mean of the uses' limits (Uppsala, the Netherlands)."""
    EACH_PART = "each_part"
    """Each part is checked against the limit of its own use, and all must pass (Finland).

    Needs the building's :attr:`~climatelimits.buildings.Building.parts`, each with its
    own areas and results."""


_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def _check_source_id(instance: Any, attribute: Any, value: Any) -> None:
    if value == "" and attribute.name == "id":
        return
    if not isinstance(value, str) or not _SOURCE_ID.match(value):
        msg = (
            "must be a source id: lower-case letters, digits, '-', '_' "
            f"or '.', e.g. 'sm-2024'; got {value!r}"
        )
        raise InvalidInputError(msg, field=attribute.name)


def _to_citations(value: Any) -> Any:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return value
    return tuple(value)


def _optional_day(instance: Any, attribute: Any, value: Any) -> None:
    """Require a date (not a date and time) or ``None``."""
    if value is not None and (isinstance(value, dt.datetime) or not isinstance(value, dt.date)):
        msg = f"must be a date (YYYY-MM-DD); got {value!r}"
        raise InvalidInputError(msg, field=attribute.name)


def _check_names(
    attribute: Any, value: Any, pattern: re.Pattern[str], noun: str, kind: str
) -> None:
    """Require a tuple of ``noun`` matching ``pattern``; ``kind`` describes them in errors."""
    if not isinstance(value, tuple):
        msg = f"must be a list of {noun}; got {value!r}"
        raise InvalidInputError(msg, field=attribute.name)
    for item in value:
        if not isinstance(item, str) or not pattern.match(item):
            msg = f"must hold {kind}; got {item!r}"
            raise InvalidInputError(msg, field=attribute.name)


def check_citations(instance: Any, attribute: Any, value: Any) -> None:
    """Validate a tuple of source ids that a step, category or exemption cites."""
    _check_names(
        attribute,
        value,
        _SOURCE_ID,
        "source ids",
        "source ids such as 'sm-2024' (lower-case letters, digits, '-', '_', '.')",
    )
    repeated = sorted({i for i in value if value.count(i) > 1})
    if repeated:
        msg = f"must cite each source once; got {', '.join(repeated)} twice"
        raise InvalidInputError(msg, field=attribute.name)


@attrs.frozen
class Source:
    """A document a schedule's numbers come from.

    Attributes
    ----------
    title : str
        Title of the document or page.
    url : str
        Where to read it.
    id : str
        Short id that steps, categories and exemptions cite it by, e.g. ``"sm-2024"``;
        empty for a source nothing cites.
    retrieved : datetime.date or None
        Day the document was read, so that a reader knows which version the values are
        from (pages change); ``None`` when not recorded.
    section : str
        Section, article, table or page the values are in, e.g. ``"§298, table"``.
    """

    title: str = attrs.field(validator=non_empty_text)
    url: str = attrs.field()
    id: str = attrs.field(default="", validator=_check_source_id)
    retrieved: dt.date | None = attrs.field(
        default=None, converter=to_date, validator=_optional_day
    )
    section: str = attrs.field(default="")

    @url.validator
    def _check_url(self, attribute: Any, value: Any) -> None:
        if not isinstance(value, str) or not value.startswith(("https://", "http://")):
            msg = f"must be a web address starting with https://; got {value!r}"
            raise InvalidInputError(msg, field="url")
        check_unicode(value, "url")

    @section.validator
    def _check_section(self, attribute: Any, value: Any) -> None:
        if not isinstance(value, str):
            msg = f"must be a text, e.g. '§298'; got {value!r}"
            raise InvalidInputError(msg, field="section")
        check_unicode(value, "section")

    def describe(self) -> str:
        """Return the source as one line: id, title, section and retrieval day."""
        parts = [f"[{self.id}] {self.title}" if self.id else self.title]
        if self.section:
            parts.append(self.section)
        if self.retrieved is not None:
            parts.append(f"retrieved {self.retrieved.isoformat()}")
        return "; ".join(parts)


def _check_step_value(instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value):
        msg = f"must be a finite number; got {value!r}"
        raise InvalidInputError(msg, field="value")
    if value < 0:
        msg = f"must not be negative; got {value!r}"
        raise InvalidInputError(msg, field="value")


def _to_float(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


@attrs.frozen
class LimitStep:
    """A limit value in force from a date.

    Attributes
    ----------
    start : datetime.date
        First day the value applies (inclusive). Written ``from`` in files. When
        ``latest_from`` is given, the earliest day it may apply.
    value : float or None
        The limit in the unit of the schedule's metric; ``None`` when the scheme has a step
        here whose value is not confirmed (written ``"not confirmed"`` in files): a check
        under it gets no verdict.
    latest_from : datetime.date or None
        When the exact first day is not confirmed (an agreement says "in 2027"), the latest
        day it may be. From ``start`` to the day before ``latest_from`` either this step or
        the one before may be in force, so a check gives a verdict only where both agree;
        from ``latest_from`` on, this step is in force.
    sources : tuple of str
        Ids of the schedule's sources this value is taken from (besides those its category
        cites).
    """

    start: dt.date = attrs.field(converter=to_date)
    value: float | None = attrs.field(converter=_to_float, validator=_check_step_value)
    latest_from: dt.date | None = attrs.field(default=None, converter=to_date)
    sources: tuple[str, ...] = attrs.field(
        default=(), converter=_to_citations, validator=check_citations
    )

    @start.validator
    def _check_start(self, attribute: Any, value: Any) -> None:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            msg = f"must be a date (YYYY-MM-DD); got {value!r}"
            raise InvalidInputError(msg, field="from")

    @latest_from.validator
    def _check_latest_from(self, attribute: Any, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            msg = f"must be a date (YYYY-MM-DD); got {value!r}"
            raise InvalidInputError(msg, field="latest_from")
        if value <= self.start:
            msg = (
                f"must be after `from` ({self.start}), as the last day the step "
                f"may start; got {value}"
            )
            raise InvalidInputError(msg, field="latest_from")

    @property
    def confirmed(self) -> bool:
        """Whether the step's value is confirmed."""
        return self.value is not None

    def describe_start(self) -> str:
        """Return the first day as text, e.g. ``'2027-01-01'`` or a range when not exact."""
        return describe_first_day(self.start, self.latest_from)

    def describe_value(self, unit: str) -> str:
        """Return the value with its unit, or ``'a value not confirmed'``."""
        return "a value not confirmed" if self.value is None else f"{self.value:g} {unit}"


def describe_first_day(start: dt.date, latest_from: dt.date | None) -> str:
    """Return a step's first day as text: ``'2027-01-01'``, or the range it is not confirmed in.

    Examples
    --------
    >>> import datetime as dt
    >>> describe_first_day(dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    'a day between 2027-01-01 and 2027-12-31 (not confirmed)'
    """
    if latest_from is None:
        return start.isoformat()
    return f"a day between {start.isoformat()} and {latest_from.isoformat()} (not confirmed)"


def _to_steps(value: Any) -> tuple[LimitStep, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        msg = f"must be a list of LimitStep objects; got {value!r}"
        raise InvalidInputError(msg, field="steps")
    return tuple(value)


def _round_to_step(value: float, step: float | None) -> float:
    if step is None:
        return value
    rounded = _kernels.round_half_up(np.array([value / step]), 0)[0] * step
    return float(_kernels.round_half_up(np.array([rounded]), 9)[0])


def _replace_year(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=year, day=28)


_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def _to_uses(value: Any) -> Any:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return value
    out = []
    for item in value:
        use = enum_or_raw(UseCategory, item)
        if not isinstance(use, UseCategory):
            known = ", ".join(u.value for u in UseCategory)
            msg = f"must name uses, each one of {known}; got {item!r}"
            raise InvalidInputError(msg, field="uses")
        out.append(use)
    return tuple(sorted(set(out), key=lambda u: list(UseCategory).index(u)))


def _check_uses(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, tuple):
        msg = f"must be a list of uses; got {value!r}"
        raise InvalidInputError(msg, field=attribute.name)


def _to_tags(value: Any) -> Any:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return value
    return tuple(sorted(set(value)))


def check_tags(instance: Any, attribute: Any, value: Any) -> None:
    """Validate a tuple of tags: lower-case identifiers such as ``"extension"``."""
    _check_names(
        attribute,
        value,
        _IDENTIFIER,
        "tags",
        "lower-case identifiers such as 'extension' (letters, digits, _)",
    )


def _to_area_bound(value: Any, field: str) -> Any:
    if value is None:
        return None
    magnitude = magnitude_in(value, AREA_UNIT, field=field)
    if magnitude < 0:
        msg = f"must be an area of 0 m² or more; got {magnitude:g} m²"
        raise InvalidInputError(msg, field=field)
    return registry().Quantity(magnitude, AREA_UNIT)


# One converter per bound, so that an error names the field it is about.
def _to_above(value: Any) -> Any:
    return _to_area_bound(value, "above")


def _to_at_least(value: Any) -> Any:
    return _to_area_bound(value, "at_least")


def _to_below(value: Any) -> Any:
    return _to_area_bound(value, "below")


def _to_at_most(value: Any) -> Any:
    return _to_area_bound(value, "at_most")


@attrs.frozen
class AreaCondition:
    """A condition on one of a building's floor areas, e.g. "heated area above 1000 m²".

    Used for applicability thresholds (BR18 2023 applies only above 1000 m² heated floor
    area), size bands of categories (Danish holiday homes under 150 m²) and exemptions
    (Swedish buildings of at most 100 m² BTA). Give one lower bound (``above`` or
    ``at_least``), one upper bound (``below`` or ``at_most``), or one of each.

    Attributes
    ----------
    area : str
        Area-definition id the condition is on, e.g. ``"dk_heated"``.
    above, at_least : Quantity or None
        Lower bound [m²], exclusive or inclusive.
    below, at_most : Quantity or None
        Upper bound [m²], exclusive or inclusive.

    Examples
    --------
    >>> band = AreaCondition("dk_heated", above="1000 m^2")
    >>> band.describe()
    'dk_heated above 1000 m²'
    >>> band.contains([1000.0, 1000.5]).tolist()
    [False, True]
    """

    area: str = attrs.field()
    above: Quantity | None = attrs.field(default=None, converter=_to_above)
    at_least: Quantity | None = attrs.field(default=None, converter=_to_at_least)
    below: Quantity | None = attrs.field(default=None, converter=_to_below)
    at_most: Quantity | None = attrs.field(default=None, converter=_to_at_most)

    @area.validator
    def _check_area(self, attribute: Any, value: Any) -> None:
        get_area_definition(value)

    def __attrs_post_init__(self) -> None:
        if self.above is not None and self.at_least is not None:
            msg = "an area condition takes `above` or `at_least`, not both"
            raise ScheduleError(msg)
        if self.below is not None and self.at_most is not None:
            msg = "an area condition takes `below` or `at_most`, not both"
            raise ScheduleError(msg)
        if all(b is None for b in (self.above, self.at_least, self.below, self.at_most)):
            msg = (
                f"the condition on `{self.area}` must give a bound "
                f"(above, at_least, below or at_most)"
            )
            raise ScheduleError(msg)
        low, low_in = self.lower
        high, high_in = self.upper
        if low > high or (low == high and not (low_in and high_in)):
            msg = f"the condition `{self.describe()}` can never hold"
            raise ScheduleError(msg)

    @property
    def lower(self) -> tuple[float, bool]:
        """Lower bound [m²] and whether it is inclusive (``-inf`` without one)."""
        if self.above is not None:
            return float(self.above.magnitude), False
        if self.at_least is not None:
            return float(self.at_least.magnitude), True
        return -math.inf, False

    @property
    def upper(self) -> tuple[float, bool]:
        """Upper bound [m²] and whether it is inclusive (``inf`` without one)."""
        if self.below is not None:
            return float(self.below.magnitude), False
        if self.at_most is not None:
            return float(self.at_most.magnitude), True
        return math.inf, False

    def contains(self, areas_m2: Any) -> np.ndarray[Any, Any]:
        """Return whether each area [m², plain numbers] meets the condition."""
        values = np.asarray(areas_m2, dtype=np.float64)
        low, low_in = self.lower
        high, high_in = self.upper
        above = values >= low if low_in else values > low
        below = values <= high if high_in else values < high
        return np.asarray(above & below)

    def overlaps(self, other: AreaCondition) -> bool:
        """Whether some area meets both conditions (always true on different areas)."""
        if other.area != self.area:
            return True
        (a_low, a_low_in), (a_high, a_high_in) = self.lower, self.upper
        (b_low, b_low_in), (b_high, b_high_in) = other.lower, other.upper
        low, low_in = max((a_low, not a_low_in), (b_low, not b_low_in))
        high, high_in = min((a_high, a_high_in), (b_high, b_high_in))
        return low < high or (low == high and not low_in and high_in)

    def describe(self) -> str:
        """Return the condition as text, e.g. ``'se_bta at most 100 m²'``."""
        parts = []
        for name, bound in (
            ("above", self.above),
            ("at least", self.at_least),
            ("below", self.below),
            ("at most", self.at_most),
        ):
            if bound is not None:
                parts.append(f"{name} {float(bound.magnitude):g} m²")
        return f"{self.area} {' and '.join(parts)}"


@attrs.frozen(cache_hash=True)
class LimitCategory:
    """A category of buildings and its dated limit steps.

    A category covers the uses it lists; a category keyed by a use (``"office"``) covers
    that use without listing it, and the catch-all ``"any"`` covers every use no other
    category names. A size band (``size``) and required tags narrow it further: Danish
    holiday homes under 150 m² and those of 150 m² or more are two categories.

    Attributes
    ----------
    steps : tuple of LimitStep
        Steps in strictly increasing date order (at least one).
    title : str
        How the scheme names the category, e.g. ``"Etageboliger"``.
    uses : tuple of UseCategory
        Uses the category covers (filled in from the key when the key is a use).
    size : AreaCondition or None
        Size band: the category covers only buildings whose area meets it.
    tags : tuple of str
        Tags a building must carry to fall in this category (e.g. ``"district_heating"``);
        of two categories a building fits, the one requiring more tags applies.
    reference_study_period : Quantity or None
        Study period [year] of this category where it differs by category (MPG: 75 years
        for dwellings, 50 for other buildings); otherwise the metric's.
    sources : tuple of str
        Ids of the schedule's sources that state this category and its values.
    single_use_only : bool
        Whether the category applies only to a building whose uses are all among its own.
        In a mixed-use building under an area-weighted rule, a use whose category is
        single-use only drops out: the building is judged on its other uses (Bbl art.
        4.159: the office requirement does not apply to an office that is part of a
        building with other functions, so a dwelling with an office is judged at the
        dwelling value).
    """

    steps: tuple[LimitStep, ...] = attrs.field(converter=_to_steps)
    title: str = attrs.field(default="", validator=text)
    uses: tuple[UseCategory, ...] = attrs.field(
        default=(), converter=_to_uses, validator=_check_uses
    )
    size: AreaCondition | None = attrs.field(
        default=None, validator=attrs.validators.optional(instance_of(AreaCondition))
    )
    tags: tuple[str, ...] = attrs.field(default=(), converter=_to_tags, validator=check_tags)
    reference_study_period: Quantity | None = attrs.field(default=None, converter=to_study_period)
    sources: tuple[str, ...] = attrs.field(
        default=(), converter=_to_citations, validator=check_citations
    )
    single_use_only: bool = attrs.field(default=False, validator=boolean)

    def fits(self, areas: Mapping[str, Quantity], tags: Iterable[str]) -> bool | None:
        """Whether a building with these areas and tags falls in the category.

        ``None`` when the size band's area is not stated, so it cannot be decided.
        """
        if not set(self.tags) <= set(tags):
            return False
        if self.size is None:
            return True
        area = areas.get(self.size.area)
        if area is None:
            return None
        return bool(self.size.contains(float(area.magnitude)))

    @steps.validator
    def _check_steps(self, attribute: Any, value: tuple[LimitStep, ...]) -> None:
        if not value:
            msg = "must hold at least one step; got none"
            raise ScheduleError(msg, field="steps")
        for step in value:
            item: object = step
            if not isinstance(item, LimitStep):
                msg = f"must be LimitStep objects; got {step!r}"
                raise ScheduleError(msg, field="steps")
        for earlier, later in itertools.pairwise(value):
            if later.start <= (earlier.latest_from or earlier.start):
                msg = (
                    f"must be strictly increasing in date; got {later.start} "
                    f"after {earlier.latest_from or earlier.start}"
                )
                raise ScheduleError(msg, field="steps")

    @property
    def step_dates(self) -> np.ndarray[Any, Any]:
        """Start dates as ``datetime64[D]``."""
        return np.array([s.start for s in self.steps], dtype="datetime64[D]")

    @property
    def step_values(self) -> np.ndarray[Any, Any]:
        """Values in the metric's unit (``0.0`` where not confirmed: see ``step_confirmed``)."""
        return np.array(
            [0.0 if s.value is None else s.value for s in self.steps], dtype=np.float64
        )

    @property
    def step_confirmed(self) -> np.ndarray[Any, Any]:
        """Whether each step's value is confirmed."""
        return np.array([s.value is not None for s in self.steps], dtype=bool)

    def loosenings(self) -> list[tuple[LimitStep, LimitStep]]:
        """Return the pairs of consecutive confirmed steps where the limit goes up."""
        confirmed = [s for s in self.steps if s.value is not None]
        return [
            (a, b)
            for a, b in itertools.pairwise(confirmed)
            if a.value is not None and b.value is not None and b.value > a.value
        ]

    def step_on(self, day: dt.date) -> LimitStep | None:
        """Return the step in force on ``day`` (``None`` before the first)."""
        index = int(
            _kernels.step_index(self.step_dates, np.array([day], dtype="datetime64[D]"))[0]
        )
        return None if index < 0 else self.steps[index]

    @classmethod
    def geometric(
        cls,
        *,
        start: dt.date,
        start_value: float,
        until: dt.date,
        reduction_per_step: float | None = None,
        reduction_per_year: float | None = None,
        rounding_step: float | None = None,
        every_years: int = 1,
        title: str = "",
        yearly_reduction: float | None = None,
    ) -> LimitCategory:
        """Build steps that fall by a fixed fraction, per step or per year.

        Give exactly one of the two rates. With ``reduction_per_step`` each step is that
        fraction below the one before: 300 cut by 10 % a step every two years gives
        300, 270, 243. With ``reduction_per_year`` the cut compounds over the years between
        steps: 300 cut by 10 % a year, a step every two years, gives 300, 243, 196.83
        (``300 * 0.9 ** 2``, ``300 * 0.9 ** 4``). Both are the same when ``every_years`` is 1.
        Each value is rounded half up to the nearest ``rounding_step``; a step is made every
        ``every_years`` years up to ``until``.

        Parameters
        ----------
        start
            Date of the first step (a date, or its text YYYY-MM-DD).
        start_value
            Limit of the first step [metric unit].
        until
            No step starts after this date (a date, or its text YYYY-MM-DD).
        reduction_per_step
            Fraction cut from one step to the next, at least 0 and below 1.
        reduction_per_year
            Fraction cut per year, compounded over the years between steps, at least 0 and
            below 1 (Uppsala: 0.12).
        rounding_step
            Round each value to a multiple of this (Uppsala: 5); ``None`` keeps them exact.
        every_years
            Years between steps.
        title
            Name of the category.
        yearly_reduction
            Deprecated name of ``reduction_per_year``; it warns (:class:`DeprecationWarning`).

        Raises
        ------
        InvalidInputError
            If not exactly one rate is given, a rate is outside [0, 1), a value is not a
            number or a day not a date, or the period is empty.

        References
        ----------
        .. [1] Uppsala Klimatprotokollet, challenge 14: limits falling 12 % per year,
           rounded to the nearest 5,
           https://klimatprotokollet.uppsala.se/klimatutmaningar/byggnation/klimatneutrala-bygg--och-anlaggningsprojekt-2030/

        Examples
        --------
        >>> import datetime as dt
        >>> def values(**rate):
        ...     category = LimitCategory.geometric(
        ...         start=dt.date(2026, 1, 1),
        ...         start_value=300,
        ...         until=dt.date(2030, 1, 1),
        ...         every_years=2,
        ...         rounding_step=0.01,
        ...         **rate,
        ...     )
        ...     return [step.value for step in category.steps]
        >>> values(reduction_per_step=0.10)
        [300.0, 270.0, 243.0]
        >>> values(reduction_per_year=0.10)
        [300.0, 243.0, 196.83]
        """
        if yearly_reduction is not None:
            warnings.warn(
                "`yearly_reduction` is deprecated; write `reduction_per_year` (the cut compounds "
                "per year) or `reduction_per_step` (the cut from one step to the next)",
                DeprecationWarning,
                stacklevel=2,
            )
        rates = {
            name: rate
            for name, rate in (
                ("reduction_per_step", reduction_per_step),
                ("reduction_per_year", reduction_per_year),
                ("yearly_reduction", yearly_reduction),
            )
            if rate is not None
        }
        if len(rates) != 1:
            msg = (
                "`LimitCategory.geometric` needs exactly one of `reduction_per_step` and "
                f"`reduction_per_year`; got {', '.join(rates) or 'neither'}"
            )
            raise InvalidInputError(msg)
        ((name, rate),) = rates.items()
        if not (_is_number(rate) and 0 <= rate < 1):
            msg = f"`{name}` must be at least 0 and below 1; got {rate!r}"
            raise InvalidInputError(msg)
        _check_path_args(start_value, rounding_step, every_years, value_field="start_value")
        start = _path_day(start, "start")
        until = _path_day(until, "until")
        if until < start:
            msg = f"`until` must not be before `start` ({start}); got {until}"
            raise InvalidInputError(msg)
        per_step = name == "reduction_per_step"
        steps = []
        years = 0
        while (day := _replace_year(start, start.year + years)) <= until:
            exponent = years // every_years if per_step else years
            value = start_value * (1.0 - rate) ** exponent
            steps.append(LimitStep(day, _round_to_step(value, rounding_step)))
            years += every_years
        return cls(_drop_repeats(steps), title=title)

    @classmethod
    def from_target(
        cls,
        *,
        baseline: float,
        baseline_year: int,
        target: float,
        target_year: int,
        every_years: int,
        rounding_step: float | None = None,
        shape: str = "linear",
        month: int = 1,
        day: int = 1,
        title: str = "",
    ) -> LimitCategory:
        """Build steps from a baseline value in one year to a target in a later year.

        Steps start on ``month``/``day`` of ``baseline_year``, ``baseline_year +
        every_years``, ... up to ``target_year``. The first step is the baseline and the
        last the target; in between the value follows a straight line (``"linear"``) or a
        constant yearly rate (``"geometric"``), rounded half up to ``rounding_step``.

        Parameters
        ----------
        baseline, target
            Values in the baseline and target years [metric unit]; ``target <= baseline``.
        baseline_year, target_year
            The years; ``target_year - baseline_year`` must be a multiple of ``every_years``.
        every_years
            Years between steps.
        rounding_step
            Round each value to a multiple of this; ``None`` keeps them exact.
        shape
            ``"linear"`` or ``"geometric"``.
        month, day
            Day of the year each step starts.
        title
            Name of the category.

        Raises
        ------
        InvalidInputError
            If a value is not a number or a year not a whole number, the years are not on
            the grid, the target is above the baseline, or the shape is unknown.
        """
        _check_path_args(baseline, rounding_step, every_years, value_field="baseline")
        for field, year in (("baseline_year", baseline_year), ("target_year", target_year)):
            if isinstance(year, bool) or not isinstance(year, int):
                msg = f"must be a year as a whole number, e.g. 2030; got {year!r}"
                raise InvalidInputError(msg, field=field)
        if not _is_number(target):
            msg = f"must be a finite number; got {target!r}"
            raise InvalidInputError(msg, field="target")
        if target_year <= baseline_year:
            msg = f"must be after `baseline_year` ({baseline_year}); got {target_year}"
            raise InvalidInputError(msg, field="target_year")
        if (target_year - baseline_year) % every_years:
            msg = (
                "must be `baseline_year` plus a multiple of `every_years` "
                f"({every_years}); got {target_year} from {baseline_year}"
            )
            raise InvalidInputError(msg, field="target_year")
        if not 0 <= target <= baseline:
            msg = f"must be between 0 and `baseline` ({baseline}); got {target!r}"
            raise InvalidInputError(msg, field="target")
        if shape not in {"linear", "geometric"}:
            msg = f"must be 'linear' or 'geometric'; got {shape!r}"
            raise InvalidInputError(msg, field="shape")
        if shape == "geometric" and target <= 0:
            msg = f"must be above 0 for a geometric path; got {target!r}"
            raise InvalidInputError(msg, field="target")
        try:
            anchor = dt.date(2000, month, day)  # a leap year, so 29 February is allowed
        except (TypeError, ValueError):
            msg = f"and `day` must form a day of the year; got month={month!r}, day={day!r}"
            raise InvalidInputError(msg, field="month") from None
        span = target_year - baseline_year
        steps = []
        for year in range(baseline_year, target_year + 1, every_years):
            fraction = (year - baseline_year) / span
            if shape == "linear":
                value = baseline + (target - baseline) * fraction
            else:
                value = baseline * (target / baseline) ** fraction
            start = _replace_year(anchor, year)
            steps.append(LimitStep(start, _round_to_step(value, rounding_step)))
        return cls(_drop_repeats(steps), title=title)


def _is_number(value: Any) -> bool:
    """Whether ``value`` is a finite int or float (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _path_day(value: Any, field: str) -> dt.date:
    """Return a path's first or last day: a date, or its ISO text (YYYY-MM-DD)."""
    day = to_date(value)
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        msg = f"must be a date (YYYY-MM-DD); got {value!r}"
        raise InvalidInputError(msg, field=field)
    return day


def _check_path_args(
    value: Any, rounding_step: Any, every_years: Any, *, value_field: str
) -> None:
    if not (_is_number(value) and value > 0):
        msg = f"must be a finite number above 0 (the starting limit); got {value!r}"
        raise InvalidInputError(msg, field=value_field)
    if rounding_step is not None and not (_is_number(rounding_step) and rounding_step > 0):
        number = "" if _is_number(rounding_step) else "a finite number "
        msg = f"must be {number}above 0; got {rounding_step!r}"
        raise InvalidInputError(msg, field="rounding_step")
    if isinstance(every_years, bool) or not isinstance(every_years, int) or every_years < 1:
        msg = f"must be a whole number of at least 1; got {every_years!r}"
        raise InvalidInputError(msg, field="every_years")


def _drop_repeats(steps: Sequence[LimitStep]) -> tuple[LimitStep, ...]:
    """Drop steps that repeat the previous value (rounding can make a step a no-op)."""
    kept: list[LimitStep] = []
    for step in steps:
        if not kept or step.value != kept[-1].value:  # values of these steps are numbers
            kept.append(step)
    return tuple(kept)


def _to_modules(value: Any) -> ModuleSet:
    return ModuleSet.parse(value)


def _to_indicator_list(value: Any) -> Any:
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"must be a list of indicator ids; got {value!r}"
        raise InvalidInputError(msg, field="also_accepts")
    return tuple(value)


def _to_unit(value: Any) -> Any:
    return parse_unit(value, field="unit")


@attrs.frozen(cache_hash=True)
class LimitMetric:
    """What a limit measures.

    Attributes
    ----------
    indicator : str
        Indicator id, e.g. ``"gwp_total"``.
    modules : ModuleSet
        Life-cycle modules counted, e.g. ``A1-A3,B4,B6,C3-C4``.
    area : str
        Area-definition id the value is per m² of, e.g. ``"dk_reference"``.
    per_year : bool
        Whether the value is per year of the study period (total / study period).
    unit : Unit
        Unit of the limit values, e.g. ``kg CO2e/m²/a``.
    reference_study_period : Quantity or None
        The study period [year] results must be assessed over. A per-year limit needs one,
        here or in each of its categories. A building assessed over another period gets no
        verdict.
    decimals : int or None
        The building's value is rounded half up to this many decimals before comparison
        (BR18: one decimal, so 12.047 meets 12.0); ``None`` compares unrounded.
    also_accepts : tuple of str
        Other indicators whose results the rule accepts in place of ``indicator``, in order
        of preference, for a building that declares no ``indicator`` results (BR18 counts
        the GWP of EN 15804+A1 data, ``gwp``, as well as GWP-total). Results of two
        indicators are never added together.
    """

    indicator: str = attrs.field()
    modules: ModuleSet = attrs.field(converter=_to_modules)
    area: str = attrs.field()
    per_year: bool = attrs.field()
    unit: Unit = attrs.field(converter=_to_unit)
    reference_study_period: Quantity | None = attrs.field(default=None, converter=to_study_period)
    decimals: int | None = attrs.field(default=None)
    also_accepts: tuple[str, ...] = attrs.field(default=(), converter=_to_indicator_list)

    @indicator.validator
    def _check_indicator(self, attribute: Any, value: str) -> None:
        get_indicator(value)

    @modules.validator
    def _check_modules(self, attribute: Any, value: ModuleSet) -> None:
        if not value:
            msg = "must name at least one module; got ''"
            raise ScheduleError(msg, field="modules")

    @area.validator
    def _check_area(self, attribute: Any, value: str) -> None:
        get_area_definition(value)

    @per_year.validator
    def _check_per_year(self, attribute: Any, value: Any) -> None:
        if not isinstance(value, bool):
            msg = f"must be true or false; got {value!r}"
            raise InvalidInputError(msg, field="per_year")

    @decimals.validator
    def _check_decimals(self, attribute: Any, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
            msg = f"must be a whole number from 0 to 6; got {value!r}"
            raise InvalidInputError(msg, field="decimals")

    @also_accepts.validator
    def _check_also_accepts(self, attribute: Any, value: tuple[str, ...]) -> None:
        unit = get_indicator(self.indicator).unit
        for other in value:
            given: object = other
            if not isinstance(given, str) or other == self.indicator:
                msg = f"must name other indicators than {self.indicator!r}; got {other!r}"
                raise InvalidInputError(msg, field="also_accepts")
            if other not in INDICATORS:
                known = ", ".join(sorted(INDICATORS))
                msg = f"must name indicators, each one of {known}; got {other!r}"
                raise UnknownReferenceError(msg, field="also_accepts")
            if get_indicator(other).unit != unit:
                msg = (
                    f"must name indicators in {unit}, as {self.indicator} is; "
                    f"got {other!r} in {get_indicator(other).unit}"
                )
                raise InvalidInputError(msg, field="also_accepts")

    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicator and those accepted in its place, in order of preference."""
        return (self.indicator, *self.also_accepts)

    def __attrs_post_init__(self) -> None:
        expected = self.canonical_unit
        if self.unit.dimensionality != expected.dimensionality:
            kind = "per m² per year" if self.per_year else "per m² (not per year)"
            msg = (
                f"must be {get_indicator(self.indicator).unit} {kind} for "
                f"{self.indicator}, e.g. '{format_unit(expected)}'; got '{format_unit(self.unit)}'"
            )
            raise UnitsError(
                msg, field="unit", units1=format_unit(self.unit), units2=format_unit(expected)
            )

    @property
    def canonical_unit(self) -> Unit:
        """Unit the kernels compute in: indicator unit per m² (per year)."""
        text = f"{get_indicator(self.indicator).unit} / {AREA_UNIT}"
        if self.per_year:
            text += f" / {TIME_UNIT}"
        return parse_unit(text)

    @property
    def to_unit_factor(self) -> float:
        """Factor from :attr:`canonical_unit` to :attr:`unit`."""
        return conversion_factor(self.canonical_unit, self.unit)

    def describe(self) -> str:
        """Return a short description, e.g. ``'gwp_total A1-A5 per m² se_bta'``."""
        period = ""
        if self.reference_study_period is not None:
            period = f" over {self.reference_study_period.magnitude:g} years"
        per = " per year" if self.per_year else ""
        return f"{self.indicator} {self.modules} per m² {self.area}{per}{period}"


def _to_status(value: Any) -> Any:
    return enum_or_raw(ScheduleStatus, value)


def _to_kind(value: Any) -> Any:
    return enum_or_raw(ScheduleKind, value)


def _to_basis(value: Any) -> Any:
    return enum_or_raw(DateBasis, value)


def _to_mixed_use(value: Any) -> Any:
    return enum_or_raw(MixedUsePolicy, value)


def _to_categories(value: Any) -> FrozenMap[str, LimitCategory]:
    if not isinstance(value, Mapping):
        msg = f"must be a table of category -> steps; got {value!r}"
        raise InvalidInputError(msg, field="categories")
    out: dict[str, LimitCategory] = {}
    for key, category in value.items():
        name = key.value if isinstance(key, UseCategory) else key
        if not isinstance(name, str) or not _IDENTIFIER.match(name):
            msg = (
                "keys must be lower-case identifiers (a use such as 'office', "
                f"{CATCH_ALL!r}, or a name such as 'holiday_home_small'); got {name!r}"
            )
            raise InvalidInputError(msg, field="categories")
        if not isinstance(category, LimitCategory):
            msg = f"must be a LimitCategory; got {category!r}"
            raise InvalidInputError(msg, field=f"categories.{name}")
        as_use = enum_or_raw(UseCategory, name)
        if name == CATCH_ALL:
            if category.uses:
                msg = (
                    "must be empty: the catch-all covers every "
                    f"use no other category names; got {', '.join(u.value for u in category.uses)}"
                )
                raise ScheduleError(msg, field=f"categories.{CATCH_ALL}.uses")
        elif not category.uses:
            if not isinstance(as_use, UseCategory):
                known = ", ".join(u.value for u in UseCategory)
                msg = (
                    f"must list the uses it covers ({known}), "
                    f"since {name!r} is not a use itself; got none"
                )
                raise ScheduleError(msg, field=f"categories.{name}.uses")
            out[name] = attrs.evolve(category, uses=(as_use,))
            continue
        out[name] = category
    return FrozenMap(out)


def _to_sources(value: Any) -> tuple[Source, ...]:
    return to_tuple(value, Source, "sources")


@attrs.frozen
class CategoryChoice:
    """The category a limit puts a building in, or why there is none.

    Attributes
    ----------
    key : str or None
        Category key, or ``None`` if no category applies or it cannot be decided.
    category : LimitCategory or None
        The category.
    reason : str
        Why there is no category (empty when there is one).
    undecided : bool
        True when the building lacks something needed to decide (an area of a size band):
        the check is then incomplete rather than not applicable.
    """

    key: str | None
    category: LimitCategory | None
    reason: str = ""
    undecided: bool = False


class AdjustmentKind(enum.Enum):
    """How an adjustment term changes a limit (see :class:`LimitAdjustment`)."""

    MULTIPLICATIVE = "multiplicative"
    """A fraction added to 1 and multiplied with the step value (0.10: +10 %)."""
    ADDITIVE = "additive"
    """An amount in the metric's unit added to the limit."""


def _to_adjustment_kind(value: Any) -> Any:
    return enum_or_raw(AdjustmentKind, value)


def _check_term_value(instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value):
        msg = f"must be a finite number; got {value!r}"
        raise InvalidInputError(msg, field="value")


@attrs.frozen
class LimitAdjustment:
    """A term that adjusts a limit per building (a modulation, an uplift).

    The limit in force for a building is the step value ``V`` adjusted by the terms in force
    on the day checked: ``V × (1 + Σ multiplicative terms) + Σ additive terms``, the form of
    RE2020's Ic_construction_max (décret 2024-1258, annex of CCH art. R.172-4). A term's
    value is either fixed by the schedule and applies to the buildings carrying all of
    ``when_tags`` (Helsinki's +10 % for a geometrically complex building, 0 for the others),
    or ``declared``: each building states the term as computed for it (in
    :attr:`~climatelimits.buildings.Building.limit_terms`), and a building that does not
    gets no verdict (*incomplete*, naming the term). A declared term is never taken as 0.

    Attributes
    ----------
    id : str
        Lower-case identifier the building declares the term by, e.g. ``"micombles"``.
    title : str
        The term as the scheme names it.
    kind : AdjustmentKind
        ``multiplicative`` (a plain fraction: 0.10 is +10 %) or ``additive`` (in the unit
        of the limit's metric).
    formula : str
        How the scheme defines the term, in words or symbols.
    sources : tuple of str
        Ids of the schedule's sources that define the term.
    start : datetime.date or None
        First day the term applies (written ``from`` in files); ``None``: from the first
        step.
    until : datetime.date or None
        Last day the term applies; ``None``: no end.
    value : float or None
        The fixed term (fraction or metric unit by ``kind``), applied to a building that
        carries every tag of ``when_tags``; ``None`` for a declared term.
    when_tags : tuple of str
        Tags a building must carry for the fixed ``value`` to apply (empty: every building).
    declared : bool
        Whether each building states the term itself (then ``value`` is not given).
    """

    id: str = attrs.field()
    title: str = attrs.field(validator=non_empty_text)
    kind: AdjustmentKind = attrs.field(
        converter=_to_adjustment_kind, validator=member_of(AdjustmentKind)
    )
    formula: str = attrs.field(default="", validator=text)
    sources: tuple[str, ...] = attrs.field(
        default=(), converter=_to_citations, validator=check_citations
    )
    start: dt.date | None = attrs.field(default=None, converter=to_date, validator=_optional_day)
    until: dt.date | None = attrs.field(default=None, converter=to_date, validator=_optional_day)
    value: float | None = attrs.field(
        default=None, converter=_to_float, validator=_check_term_value
    )
    when_tags: tuple[str, ...] = attrs.field(default=(), converter=_to_tags, validator=check_tags)
    declared: bool = attrs.field(default=False, validator=boolean)

    @id.validator
    def _check_id(self, attribute: Any, value: Any) -> None:
        if not isinstance(value, str) or not _IDENTIFIER.match(value):
            msg = (
                "of an adjustment must be a lower-case identifier such as 'micombles'; "
                f"got {value!r}"
            )
            raise InvalidInputError(msg, field="id")

    def __attrs_post_init__(self) -> None:
        if self.declared == (self.value is not None):
            got = "both" if self.declared else "neither"
            msg = (
                f"adjustment {self.id!r} must give either a fixed `value` or "
                f"`declared = true` (the building states the term); got {got}"
            )
            raise ScheduleError(msg)
        if self.declared and self.when_tags:
            msg = (
                f"adjustment {self.id!r}: `when_tags` selects the buildings a fixed `value` "
                f"applies to; a declared term takes none; got {', '.join(self.when_tags)}"
            )
            raise ScheduleError(msg)
        if self.start is not None and self.until is not None and self.until < self.start:
            msg = (
                f"adjustment {self.id!r}: `until` must not be before `from` "
                f"({self.start}); got {self.until}"
            )
            raise ScheduleError(msg)

    @property
    def multiplicative(self) -> bool:
        """Whether the term multiplies the step value (else it is added to the limit)."""
        return self.kind is AdjustmentKind.MULTIPLICATIVE

    def in_force(self, day: dt.date) -> bool:
        """Whether the term applies on ``day`` (between ``from`` and ``until``, inclusive)."""
        return (self.start is None or day >= self.start) and (
            self.until is None or day <= self.until
        )

    def in_force_on(self, days: Any) -> np.ndarray[Any, Any]:
        """Whether the term applies on each of ``days`` (``datetime64[D]``; NaT: False)."""
        dates = np.asarray(days, dtype="datetime64[D]")
        out = ~np.isnat(dates)
        if self.start is not None:
            out &= dates >= np.datetime64(self.start, "D")
        if self.until is not None:
            out &= dates <= np.datetime64(self.until, "D")
        return np.asarray(out)

    def describe(self, unit: str) -> str:
        """Return the term as one line: id, title, kind, when it applies, value or declared.

        Examples
        --------
        >>> LimitAdjustment(
        ...     "complex", "Complex geometry", "multiplicative", value=0.1, when_tags=["complex"]
        ... ).describe("kg CO2e/m²/a")
        'complex - Complex geometry (multiplicative, a fraction): +0.1 when tagged complex'
        >>> LimitAdjustment(
        ...     "mided", "Mided", "additive", declared=True, until=dt.date(2024, 12, 31)
        ... ).describe("kg CO2e/m²")
        'mided - Mided (additive, in kg CO2e/m², until 2024-12-31): declared by the building'
        """
        in_unit = "a fraction" if self.multiplicative else f"in {unit}"
        span = ""
        if self.start is not None:
            span += f", from {self.start.isoformat()}"
        if self.until is not None:
            span += f", until {self.until.isoformat()}"
        if self.declared or self.value is None:
            what = "declared by the building"
        else:
            what = f"{self.value:+.6g}" + ("" if self.multiplicative else f" {unit}")
            if self.when_tags:
                what += f" when tagged {', '.join(self.when_tags)}"
        return f"{self.id} - {self.title} ({self.kind.value}, {in_unit}{span}): {what}"


def _to_adjustments(value: Any) -> tuple[LimitAdjustment, ...]:
    return to_tuple(value, LimitAdjustment, "adjustments")


def adjust_limit(base: float, terms: Sequence[tuple[LimitAdjustment, float]]) -> float:
    """Return ``base × (1 + Σ multiplicative) + Σ additive`` over ``terms``.

    Parameters
    ----------
    base
        The step value [metric unit].
    terms
        The terms in force, each with its value for the building (a fraction for a
        multiplicative term, the metric's unit for an additive one), summed in this order.

    Returns
    -------
    float
        The adjusted limit [metric unit], kept to
        :data:`~climatelimits._kernels.SIGNIFICANT_DIGITS` significant digits as the values
        compared with it are.

    Examples
    --------
    RE2020 from 2025 (décret 2024-1258): the mean maximum of a house, 530 kg CO2e/m², with
    a declared Misurf_tot of 0.05 and Migéo of 12 kg CO2e/m² (terms a building might state,
    not official values): 530 × 1.05 + 12 = 568.5.

    >>> misurf_tot = LimitAdjustment("misurf_tot", "Misurf_tot", "multiplicative", declared=True)
    >>> migeo = LimitAdjustment("migeo", "Migéo", "additive", declared=True)
    >>> adjust_limit(530.0, [(misurf_tot, 0.05), (migeo, 12.0)])
    568.5
    >>> describe_adjusted(530.0, [(misurf_tot, 0.05), (migeo, 12.0)], None)
    '530 × (1 + 0.05 misurf_tot) + 12 migeo'
    """
    multiplier = 0.0
    added = 0.0
    for adjustment, term in terms:
        if adjustment.multiplicative:
            multiplier += term
        else:
            added += term
    if multiplier == 0 and added == 0:
        return base  # no term changes it: the step's value as the schedule gives it
    # Kept to the digits a value is compared to: 530 × (1 + 0.17) is 620.1, not the
    # 620.0999999999999 of floats, which a building at 620.1 would fail.
    adjusted = np.array([base * (1.0 + multiplier) + added])
    return float(_kernels.compared_values(adjusted, None)[0])


def describe_adjusted(
    base: float, terms: Sequence[tuple[LimitAdjustment, float]], decimals: int | None
) -> str:
    """Return the adjusted limit as a formula, e.g. ``'530 × (1 + 0.05 micombles) + 12 migeo'``.

    Parameters
    ----------
    base
        The step value [metric unit], shown as the metric shows numbers.
    terms
        The terms in force with their values, each shown with up to six significant digits
        and its id (a negative one with a minus sign).
    decimals
        The metric's decimals (``None``: up to six significant digits).

    Returns
    -------
    str
        The formula, without the result.
    """

    def term_text(term: float, name: str) -> str:
        return f" {'-' if term < 0 else '+'} {abs(term):.6g} {name}"

    shown = f"{base:.6g}" if decimals is None else f"{base:.{decimals}f}"
    factors = "".join(term_text(t, a.id) for a, t in terms if a.multiplicative)
    text = shown + (f" × (1{factors})" if factors else "")
    return text + "".join(term_text(t, a.id) for a, t in terms if not a.multiplicative)


@attrs.frozen(cache_hash=True)
class Limit:
    """One limit of a schedule: a metric with per-category dated steps.

    A schedule holds one or several limits that must all be met; BR18 from 2025 has a
    limit on the whole building and a separate one on the construction process (A4-A5).

    Attributes
    ----------
    id : str
        Identifier within the schedule, e.g. ``"building"``.
    metric : LimitMetric
        What is measured.
    categories : Mapping[str, LimitCategory]
        Categories by key: a use (:class:`~climatelimits.buildings.UseCategory` value), a
        name with its ``uses`` listed, or ``"any"`` for every use no other category names.
    title : str
        Name of the limit as published.
    mixed_use : MixedUsePolicy
        How a building with several uses is limited.
    allow_loosening : bool
        Whether a later step may be higher than an earlier one (rejected otherwise).
    adjustments : tuple of LimitAdjustment
        Terms that adjust the step value per building: the limit in force is
        ``value × (1 + Σ multiplicative terms) + Σ additive terms`` over the terms in force
        on the day checked (RE2020's modulations, Helsinki's uplifts).
    """

    id: str = attrs.field()
    metric: LimitMetric = attrs.field(validator=instance_of(LimitMetric))
    categories: FrozenMap[str, LimitCategory] = attrs.field(converter=_to_categories)
    title: str = attrs.field(default="", validator=text)
    mixed_use: MixedUsePolicy = attrs.field(
        default=MixedUsePolicy.NONE,
        converter=_to_mixed_use,
        validator=member_of(MixedUsePolicy),
    )
    allow_loosening: bool = attrs.field(default=False)
    adjustments: tuple[LimitAdjustment, ...] = attrs.field(default=(), converter=_to_adjustments)

    @adjustments.validator
    def _check_adjustments(self, attribute: Any, value: tuple[LimitAdjustment, ...]) -> None:
        ids = [a.id for a in value]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            msg = f"ids must be unique; got {', '.join(repeated)} more than once"
            raise ScheduleError(msg, field="adjustments")

    def adjustment_terms(
        self, day: dt.date, tags: Iterable[str], limit_terms: Mapping[str, float]
    ) -> tuple[list[tuple[LimitAdjustment, float]], list[str]]:
        """Return the terms in force on ``day`` for a building, and the declared ones it lacks.

        Parameters
        ----------
        day
            The day checked (a term applies from its ``from`` to its ``until``).
        tags
            The building's tags (a fixed term applies to a building carrying its
            ``when_tags``).
        limit_terms
            The building's declared terms by adjustment id.

        Returns
        -------
        terms : list of (LimitAdjustment, float)
            Each term that applies, with its value, in the limit's order.
        missing : list of str
            Ids of the declared terms in force that the building does not state.
        """
        tag_set = set(tags)
        terms: list[tuple[LimitAdjustment, float]] = []
        missing: list[str] = []
        for adjustment in self.adjustments:
            if not adjustment.in_force(day):
                continue
            if adjustment.declared:
                stated = limit_terms.get(adjustment.id)
                if stated is None:
                    missing.append(adjustment.id)
                else:
                    terms.append((adjustment, stated))
            elif set(adjustment.when_tags) <= tag_set:
                assert adjustment.value is not None  # a fixed term has its value
                terms.append((adjustment, adjustment.value))
        return terms, missing

    @id.validator
    def _check_id(self, attribute: Any, value: Any) -> None:
        if not isinstance(value, str) or not _IDENTIFIER.match(value):
            msg = f"of a limit must be a lower-case identifier such as 'building'; got {value!r}"
            raise InvalidInputError(msg, field="id")

    @allow_loosening.validator
    def _check_allow_loosening(self, attribute: Any, value: Any) -> None:
        if not isinstance(value, bool):
            msg = f"must be true or false; got {value!r}"
            raise InvalidInputError(msg, field="allow_loosening")

    @categories.validator
    def _check_categories(self, attribute: Any, value: FrozenMap[str, LimitCategory]) -> None:
        if not value:
            msg = "must hold at least one category; got none"
            raise ScheduleError(msg, field="categories")
        unit = format_unit(self.metric.unit)
        for name, category in value.items():
            if self.metric.per_year and self.study_period_of(category) is None:
                msg = (
                    "must be given for a per-year "
                    "limit when the metric has none (a per-year value divides the total by it)"
                )
                raise ScheduleError(msg, field=f"categories.{name}.reference_study_period")
            if self.allow_loosening:
                continue
            for earlier, later in category.loosenings():
                msg = (
                    "must not increase (set allow_loosening = true "
                    f"if the rule really loosens); got {earlier.value:g} from {earlier.start} "
                    f"then {later.value:g} from {later.start} {unit}"
                )
                raise ScheduleError(msg, field=f"categories.{name}.steps")
        self._check_unambiguous(value)

    @staticmethod
    def _check_unambiguous(categories: FrozenMap[str, LimitCategory]) -> None:
        groups: dict[str, list[tuple[str, LimitCategory]]] = {}
        for key, category in categories.items():
            covered = [u.value for u in category.uses] or [CATCH_ALL]
            for use in covered:
                groups.setdefault(use, []).append((key, category))
        for use, members in groups.items():
            for (key_a, a), (key_b, b) in itertools.combinations(members, 2):
                if a.size is not None and b.size is not None and not a.size.overlaps(b.size):
                    continue
                who = "every other use" if use == CATCH_ALL else f"{use}"
                if set(a.tags) == set(b.tags):
                    msg = (
                        f"and `categories.{key_b}` both cover {who} with "
                        f"the same tags and overlapping or missing size bands; give them "
                        f"disjoint `size` bands on one area, or different `tags`"
                    )
                    raise ScheduleError(msg, field=f"categories.{key_a}")
                if len(a.tags) == len(b.tags):
                    # The category requiring more tags applies; with as many, neither does.
                    both = ", ".join(sorted({*a.tags, *b.tags}))
                    msg = (
                        f"and `categories.{key_b}` both cover {who} and require as many "
                        f"tags ({', '.join(a.tags)}; {', '.join(b.tags)}), so a building "
                        f"tagged {both} fits both and neither applies before the other; give "
                        f"them disjoint `size` bands on one area, or let one require the "
                        f"other's tags as well"
                    )
                    raise ScheduleError(msg, field=f"categories.{key_a}")

    @property
    def unit(self) -> Unit:
        """Unit of the limit values (the metric's)."""
        return self.metric.unit

    def study_period_of(self, category: LimitCategory) -> Quantity | None:
        """Return the study period [year] results must cover for ``category``."""
        if category.reference_study_period is not None:
            return category.reference_study_period
        return self.metric.reference_study_period

    def choose(
        self,
        use: UseCategory | str,
        areas: Mapping[str, Quantity] | None = None,
        tags: Iterable[str] = (),
    ) -> CategoryChoice:
        """Return the category for a building of this use, with these areas and tags.

        Parameters
        ----------
        use
            The building's use.
        areas
            Its floor areas [m²] by area-definition id (needed for size bands).
        tags
            Its tags (e.g. ``"district_heating"``).
        """
        try:
            use = UseCategory(use)
        except ValueError:
            known = ", ".join(u.value for u in UseCategory)
            msg = f"must be one of {known}; got {use!r}"
            raise InvalidInputError(msg, field="use") from None
        areas = areas if areas is not None else {}
        tag_set = set(tags)
        members = [(k, c) for k, c in self.categories.items() if use in c.uses]
        if not members:
            members = [(k, c) for k, c in self.categories.items() if not c.uses]
        if not members:
            return CategoryChoice(None, None, f"it sets no limit for {use.value} buildings")
        fitting: list[tuple[str, LimitCategory]] = []
        for key, category in members:
            fits = category.fits(areas, tag_set)
            if fits is None:
                size = category.size
                assert size is not None  # fits() is None only with a size band
                name = get_area_definition(size.area).name
                return CategoryChoice(
                    None,
                    None,
                    (
                        f"it needs the building's {name} ({size.area}) area to choose the "
                        f"category ({key} covers {size.describe()}), and none is stated"
                    ),
                    undecided=True,
                )
            if fits:
                fitting.append((key, category))
        if not fitting:
            bands = "; ".join(
                f"{k}: {c.size.describe() if c.size else 'any size'}"
                + (f", tags {', '.join(c.tags)}" if c.tags else "")
                for k, c in members
            )
            return CategoryChoice(
                None, None, f"no category for {use.value} buildings fits this one ({bands})"
            )
        most = max(len(c.tags) for _, c in fitting)
        key, category = next((k, c) for k, c in fitting if len(c.tags) == most)
        return CategoryChoice(key, category)

    def limit_on(
        self,
        use: UseCategory | str,
        day: dt.date,
        areas: Mapping[str, Quantity] | None = None,
        tags: Iterable[str] = (),
    ) -> Quantity | None:
        """Return the limit for a building in force on ``day``.

        ``None`` if no limit applies, or the step's value is not confirmed. The step is
        found by its earliest first day.
        """
        choice = self.choose(use, areas, tags)
        if choice.category is None:
            return None
        step = choice.category.step_on(day)
        if step is None or step.value is None:
            return None
        limit: Quantity = registry().Quantity(step.value, self.metric.unit)
        return limit

    def limits_on(
        self,
        use: UseCategory | str,
        days: Any,
        areas: Mapping[str, Quantity] | None = None,
        tags: Iterable[str] = (),
    ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Look up the limits for many dates at once.

        Parameters
        ----------
        use, areas, tags
            Select the category (see :meth:`choose`).
        days
            Dates as anything ``numpy.asarray(..., dtype="datetime64[D]")`` accepts.

        Returns
        -------
        index : ndarray of intp
            Index of the step in force per date (by each step's earliest first day);
            ``-1`` where no limit applies yet (or no category applies), ``-2`` where the
            step's value is not confirmed.
        values : ndarray of float64
            The limit in the metric's unit; meaningful only where ``index >= 0``
            (``0.0`` elsewhere, never NaN).
        """
        dates = np.asarray(days, dtype="datetime64[D]")
        category = self.choose(use, areas, tags).category
        if category is None:
            return np.full(dates.shape, -1, dtype=np.intp), np.zeros(dates.shape)
        index = _kernels.step_index(category.step_dates, dates)
        safe = np.maximum(index, 0)
        index = np.where((index >= 0) & ~category.step_confirmed[safe], -2, index)
        values = np.where(index >= 0, category.step_values[safe], 0.0)
        return index, values


@attrs.frozen
class Exemption:
    """A rule that exempts buildings from a schedule, with the reason.

    Every condition given must hold: the building's uses are all among ``uses``, its area
    meets ``area``, and it carries every tag in ``tags``.

    Attributes
    ----------
    id : str
        Identifier, e.g. ``"small"``.
    reason : str
        The rule in words, with its legal reference, shown in the verdict.
    uses : tuple of UseCategory
        Uses exempted (empty: any use).
    area : AreaCondition or None
        Area condition, e.g. ``se_bta at most 100 m²``.
    tags : tuple of str
        Tags the building must carry (e.g. ``"temporary"``), declared by the building.
    sources : tuple of str
        Ids of the schedule's sources that state the exemption.
    """

    id: str = attrs.field()
    reason: str = attrs.field(validator=non_empty_text)
    uses: tuple[UseCategory, ...] = attrs.field(
        default=(), converter=_to_uses, validator=_check_uses
    )
    area: AreaCondition | None = attrs.field(
        default=None, validator=attrs.validators.optional(instance_of(AreaCondition))
    )
    tags: tuple[str, ...] = attrs.field(default=(), converter=_to_tags, validator=check_tags)
    sources: tuple[str, ...] = attrs.field(
        default=(), converter=_to_citations, validator=check_citations
    )

    @id.validator
    def _check_id(self, attribute: Any, value: Any) -> None:
        if not isinstance(value, str) or not _IDENTIFIER.match(value):
            msg = f"of an exemption must be a lower-case identifier; got {value!r}"
            raise InvalidInputError(msg, field="id")

    def __attrs_post_init__(self) -> None:
        if not self.uses and self.area is None and not self.tags:
            msg = f"exemption {self.id!r} must state a condition: `uses`, `area` or `tags`"
            raise ScheduleError(msg)

    def applies(
        self,
        uses: Iterable[UseCategory],
        areas: Mapping[str, Quantity],
        tags: Iterable[str],
    ) -> bool | None:
        """Whether the exemption applies; ``None`` if the area it needs is not stated."""
        if self.uses and not set(uses) <= set(self.uses):
            return False
        if not set(self.tags) <= set(tags):
            return False
        if self.area is None:
            return True
        area = areas.get(self.area.area)
        if area is None:
            return None
        return bool(self.area.contains(float(area.magnitude)))

    def describe(self) -> str:
        """Return the conditions as text."""
        parts = []
        if self.uses:
            parts.append("uses " + ", ".join(u.value for u in self.uses))
        if self.area is not None:
            parts.append(self.area.describe())
        if self.tags:
            parts.append("tagged " + ", ".join(self.tags))
        return "; ".join(parts)


def _to_limits(value: Any) -> tuple[Limit, ...]:
    return to_tuple(value, Limit, "limits")


def _to_conditions(value: Any) -> tuple[AreaCondition, ...]:
    return to_tuple(value, AreaCondition, "applies_when")


def _to_exemptions(value: Any) -> tuple[Exemption, ...]:
    return to_tuple(value, Exemption, "exemptions")


def _to_tag_table(value: Any) -> FrozenMap[str, str]:
    if not isinstance(value, Mapping):
        msg = f"must be a table of tag -> meaning; got {value!r}"
        raise InvalidInputError(msg, field="tags")
    for tag, meaning in value.items():
        if not isinstance(tag, str) or not _IDENTIFIER.match(tag):
            msg = f"keys must be lower-case identifiers; got {tag!r}"
            raise InvalidInputError(msg, field="tags")
        if not isinstance(meaning, str) or not meaning.strip():
            msg = f"must say what the tag means; got {meaning!r}"
            raise InvalidInputError(msg, field=f"tags.{tag}")
        check_unicode(meaning, f"tags.{tag}")
    return FrozenMap(dict(value))


@attrs.frozen
class LimitSchedule:
    """A rule: one or several limits that a building must all meet.

    Attributes
    ----------
    id : str
        Identifier, e.g. ``"dk-br18-2023"``.
    title : str
        Title as published.
    jurisdiction : str
        Country code (``"DK"``), or a city (``"SE-Helsingborg"``).
    status : ScheduleStatus
        In force, adopted, proposal, voluntary, land allocation, illustrative, superseded
        or draft.
    date_basis : DateBasis
        Which building date selects the step in force.
    limits : tuple of Limit
        The limits; a building meets the schedule when it meets every one.
    sources : tuple of Source
        Where the numbers come from.
    notes : str
        Open points, derivations, anything a reader must know.
    applies_when : tuple of AreaCondition
        Conditions a building must meet for the schedule to apply at all (BR18 2023:
        heated floor area above 1000 m²).
    exemptions : tuple of Exemption
        Buildings exempted, each with its reason.
    tags : Mapping[str, str]
        The tags the schedule's categories and exemptions refer to, with their meaning, so
        that a declaration knows what it may claim.
    until : datetime.date or None
        Last day (by ``date_basis``) the schedule applies to; a building dated later gets
        *not applicable*. Set when a rule has been replaced.
    superseded_by : str
        Id of the schedule that replaced it, named in that verdict.
    kind : ScheduleKind
        ``limits`` (the default): steps hold limit values; ``disclosure``: each limit
        names what must be declared and its steps, without values, from when.
    """

    id: str = attrs.field(validator=non_empty_text)
    title: str = attrs.field(validator=non_empty_text)
    jurisdiction: str = attrs.field(validator=non_empty_text)
    status: ScheduleStatus = attrs.field(converter=_to_status, validator=member_of(ScheduleStatus))
    date_basis: DateBasis = attrs.field(converter=_to_basis, validator=member_of(DateBasis))
    limits: tuple[Limit, ...] = attrs.field(converter=_to_limits)
    sources: tuple[Source, ...] = attrs.field(default=(), converter=_to_sources)
    notes: str = attrs.field(default="", validator=text)
    applies_when: tuple[AreaCondition, ...] = attrs.field(default=(), converter=_to_conditions)
    exemptions: tuple[Exemption, ...] = attrs.field(default=(), converter=_to_exemptions)
    tags: FrozenMap[str, str] = attrs.field(factory=FrozenMap, converter=_to_tag_table)
    until: dt.date | None = attrs.field(default=None, converter=to_date, validator=_optional_day)
    superseded_by: str = attrs.field(default="", validator=text)
    kind: ScheduleKind = attrs.field(
        default=ScheduleKind.LIMITS, converter=_to_kind, validator=member_of(ScheduleKind)
    )

    @limits.validator
    def _check_limits(self, attribute: Any, value: tuple[Limit, ...]) -> None:
        if not value:
            msg = "must hold at least one limit; got none"
            raise ScheduleError(msg, field="limits")
        ids = [limit.id for limit in value]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            msg = f"ids must be unique; got {', '.join(repeated)} more than once"
            raise ScheduleError(msg, field="limits")

    def __attrs_post_init__(self) -> None:
        # Paths as in files: `limits[0].categories.x.tags`, `exemptions[1].tags`.
        used: list[tuple[str, str]] = []
        for i, limit in enumerate(self.limits):
            used += [
                (f"limits[{i}].categories.{k}.tags", t)
                for k, c in limit.categories.items()
                for t in c.tags
            ]
        used += [
            (f"limits[{i}].adjustments[{k}].when_tags", t)
            for i, limit in enumerate(self.limits)
            for k, a in enumerate(limit.adjustments)
            for t in a.when_tags
        ]
        used += [
            (f"exemptions[{i}].tags", t) for i, e in enumerate(self.exemptions) for t in e.tags
        ]
        ids = [e.id for e in self.exemptions]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            msg = f"ids must be unique; got {', '.join(repeated)} more than once"
            raise ScheduleError(msg, field="exemptions")
        for where, tag in used:
            if tag not in self.tags:
                declared = ", ".join(self.tags) or "none"
                msg = (
                    f"uses the tag {tag!r}, which the schedule's `tags` table does not "
                    f"explain (declared: {declared})"
                )
                raise ScheduleError(msg, field=where)
        self._check_citations()
        self._check_kind()

    def _check_kind(self) -> None:
        if self.kind is not ScheduleKind.DISCLOSURE:
            return
        for i, limit in enumerate(self.limits):
            if limit.adjustments:
                msg = (
                    f"`limits[{i}].adjustments` must be left out: a disclosure schedule sets no "
                    f"limit to adjust; got {', '.join(a.id for a in limit.adjustments)}"
                )
                raise ScheduleError(msg)
            for key, category in limit.categories.items():
                for j, step in enumerate(category.steps):
                    if step.value is not None:
                        msg = (
                            f"`limits[{i}].categories.{key}.steps[{j}].value` must be left out: "
                            f"a disclosure schedule sets no limit values, only from when the "
                            f"value must be declared; got {step.value:g}"
                        )
                        raise ScheduleError(msg)

    @property
    def is_disclosure(self) -> bool:
        """Whether the schedule asks for a disclosure rather than setting limits."""
        return self.kind is ScheduleKind.DISCLOSURE

    def _citations(self) -> list[tuple[str, tuple[str, ...]]]:
        """Return (path as in files, cited ids) for every step, category and exemption."""
        out: list[tuple[str, tuple[str, ...]]] = []
        for i, limit in enumerate(self.limits):
            for key, category in limit.categories.items():
                where = f"limits[{i}].categories.{key}"
                out.append((f"{where}.sources", category.sources))
                out += [
                    (f"{where}.steps[{j}].sources", step.sources)
                    for j, step in enumerate(category.steps)
                ]
        out += [
            (f"limits[{i}].adjustments[{k}].sources", a.sources)
            for i, limit in enumerate(self.limits)
            for k, a in enumerate(limit.adjustments)
        ]
        out += [(f"exemptions[{i}].sources", e.sources) for i, e in enumerate(self.exemptions)]
        return out

    def _check_citations(self) -> None:
        ids = [s.id for s in self.sources if s.id]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            msg = f"`sources` ids must be unique; got {', '.join(repeated)} more than once"
            raise ScheduleError(msg)
        for where, cited in self._citations():
            for source_id in cited:
                if source_id not in ids:
                    known = ", ".join(ids) or "none (give each source an `id`)"
                    msg = (
                        f"`{where}` cites the source {source_id!r}, which the schedule's "
                        f"`sources` do not list (ids: {known})"
                    )
                    raise ScheduleError(msg)

    def source(self, source_id: str) -> Source:
        """Return the source with this id.

        Raises
        ------
        UnknownReferenceError
            If the schedule has none; the message lists its source ids.
        """
        for source in self.sources:
            if source.id and source.id == source_id:
                return source
        known = ", ".join(s.id for s in self.sources if s.id) or "none"
        msg = f"schedule {self.id} has no source {source_id!r}; its source ids: {known}"
        raise UnknownReferenceError(msg)

    def sources_of(self, limit_id: str, category_key: str, step: LimitStep) -> tuple[Source, ...]:
        """Return the sources a step's value is taken from: its own and its category's.

        Parameters
        ----------
        limit_id
            Id of the limit.
        category_key
            Key of the category in that limit.
        step
            One of the category's steps.

        Raises
        ------
        UnknownReferenceError
            If the limit or category does not exist, or the step is not one of the
            category's.
        """
        limit = self.limit(limit_id)
        category = limit.categories.get(category_key)
        if category is None or step not in category.steps:
            known = ", ".join(limit.categories)
            msg = (
                f"limit {limit_id} of schedule {self.id} has no category {category_key!r} "
                f"with that step; its categories: {known}"
            )
            raise UnknownReferenceError(msg)
        return self.cited_by(category, step)

    def cited_by(self, category: LimitCategory, step: LimitStep) -> tuple[Source, ...]:
        """Return the sources ``step`` cites, then those ``category`` cites, each once.

        Unlike :meth:`sources_of`, the category need not be one of the schedule's own (an
        area-weighted category is made for one building); its ids must be the schedule's.

        Raises
        ------
        UnknownReferenceError
            If an id cited is not one of the schedule's sources.
        """
        cited = dict.fromkeys((*step.sources, *category.sources))
        return tuple(self.source(source_id) for source_id in cited)

    def uncited_values(self) -> list[str]:
        """Return the paths (as in files) of values, adjustments and exemptions citing no source.

        A step's value is cited when the step or its category names a source id; a value
        "not confirmed" needs none. In a disclosure schedule every step (the day a
        disclosure is required from) needs one. Every limit adjustment needs one. An empty
        list means every shipped number, term and exemption can be traced to a document.
        """
        missing = []
        for i, limit in enumerate(self.limits):
            for key, category in limit.categories.items():
                for j, step in enumerate(category.steps):
                    stated = step.value is not None or self.is_disclosure
                    if stated and not (step.sources or category.sources):
                        missing.append(f"limits[{i}].categories.{key}.steps[{j}]")
        missing += [
            f"limits[{i}].adjustments[{k}]"
            for i, limit in enumerate(self.limits)
            for k, a in enumerate(limit.adjustments)
            if not a.sources
        ]
        missing += [f"exemptions[{i}]" for i, e in enumerate(self.exemptions) if not e.sources]
        return missing

    def limit(self, limit_id: str) -> Limit:
        """Return the limit with this id.

        Raises
        ------
        UnknownReferenceError
            If the schedule has none; the message lists its limits.
        """
        for limit in self.limits:
            if limit.id == limit_id:
                return limit
        known = ", ".join(limit.id for limit in self.limits)
        msg = f"schedule {self.id} has no limit {limit_id!r}; its limits: {known}"
        raise UnknownReferenceError(msg)
