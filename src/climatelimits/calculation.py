"""Calculate a building's module results from a bill of quantities and product data.

:func:`calculate` turns a :class:`~climatelimits.quantities.BillOfQuantities` and the
:class:`~climatelimits.products.Product` records it refers to into module results per
indicator for the whole building over its study period: the ``results`` of a
:class:`~climatelimits.buildings.Building`, so that :func:`climatelimits.check` works on them.

Rules (``docs/explanation/calculation.md`` explains them with units and sources):

A1-A3, C1-C4, D and every other module a product declares
    quantity in declared units * impact per declared unit.
A4
    from the line's transport legs, mass [t] * distance [km] * factor [kg CO2e/(t*km)];
    a line without legs uses the product's declared A4, else A4 is not declared.
A5
    with a waste factor, ``(waste_factor - 1) * (A1-A3 + A4)`` of the line (Boverket's
    A5.1); without, the product's declared A5, else not declared.
B4
    by a named, swappable :class:`ReplacementRule`; the default :data:`BR18_REPLACEMENTS`
    gives ``n = ceil(RSP / RSL) - 1`` replacements and ``B4 = n * (A1-A3 + C3 + C4)``.
B6
    from yearly energy use * emission factor (:class:`EnergyUse`), when given.
D
    reported under module D, never added to a total (:meth:`Calculation.total`).

A module that one line does not declare is not declared for the building: the building's
value would otherwise be a partial sum that looks complete. A finding
(``incomplete_module``) names the lines that caused it.

The middle runs on numpy arrays (:mod:`climatelimits._calc_kernels`): the lines are read
once into columns, and every module of every indicator is a few array passes over them.
"""

from __future__ import annotations

import contextlib
import functools
import math
import sys
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np
import pint

from climatelimits import _calc_kernels, _kernels
from climatelimits._frozen import FrozenMap, frozen, read_only_array
from climatelimits._validators import (
    instance_of,
    non_empty_text,
    non_negative_quantity,
    positive_duration,
    quantity_in,
    safe_fsum,
)
from climatelimits.buildings import Building, BuildingDates
from climatelimits.exceptions import InvalidInputError, UnitsError, UnknownReferenceError
from climatelimits.indicators import get_indicator
from climatelimits.lifecycle import LifeCycleModule, ModuleSet
from climatelimits.products import Finding, Product, conversion_factor_to_declared_unit
from climatelimits.quantities import BillOfQuantities, Transport
from climatelimits.results import IndicatorResults, ResultEntry, ScopeTotal
from climatelimits.units import TIME_UNIT, Quantity, registry

__all__ = [
    "BR18_REPLACEMENTS",
    "Calculation",
    "EnergyUse",
    "LineModuleValues",
    "ReplacementRule",
    "calculate",
]

Array = np.ndarray[Any, Any]

_A13: Final = ModuleSet.parse("A1-A3").mask
_A4: Final = LifeCycleModule.A4.bit
_A5: Final = LifeCycleModule.A5.bit
_B4: Final = LifeCycleModule.B4.bit
_B6: Final = LifeCycleModule.B6.bit
_C34: Final = ModuleSet.parse("C3-C4").mask
_D: Final = LifeCycleModule.D.bit
_NAMED_LINES: Final = 5
"""How many line ids a finding names before it only counts them."""


# -- replacement rules ----------------------------------------------------------------------
@attrs.frozen
class ReplacementRule:
    """A named rule for the number of replacements of a product over the study period.

    Attributes
    ----------
    name : str
        Short name, e.g. ``"br18"``.
    count : callable
        ``count(study_period, service_life) -> ndarray of int``: replacements per line from
        the study period [year] and the service lives [year] (an array).
    description : str
        The rule in words.
    source : str
        Where the rule is published (URL).

    Examples
    --------
    >>> import numpy as np
    >>> BR18_REPLACEMENTS.replacements(50.0, np.array([20.0, 25.0, 30.0, 50.0, 80.0]))
    array([2, 1, 1, 0, 0])
    """

    name: str = attrs.field(validator=non_empty_text)
    count: Callable[[Any, Any], Any] = attrs.field(eq=False)
    description: str = attrs.field(default="", validator=instance_of(str))
    source: str = attrs.field(default="", validator=instance_of(str))

    @count.validator
    def _check_count(self, attribute: Any, value: Any) -> None:
        if not callable(value):
            msg = f"`count` of replacement rule {self.name!r} must be callable; got {value!r}"
            raise InvalidInputError(msg)

    def replacements(self, study_period: float, service_life: Array) -> Array:
        """Apply the rule and check its output.

        Parameters
        ----------
        study_period
            Reference study period [year].
        service_life
            Service life of each line [year], all greater than 0.

        Returns
        -------
        ndarray of int64
            Replacements per line.

        Raises
        ------
        InvalidInputError
            If the rule returns something other than one whole number of at least 0 per line.
        """
        ratio = np.asarray(study_period, dtype=np.float64) / np.asarray(service_life)
        if ratio.size and not float(np.max(ratio)) <= MAX_REPLACEMENT_RATIO:
            msg = (
                f"must be at most {MAX_REPLACEMENT_RATIO:g} times the service life of every "
                f"line to count its replacements; got {float(np.max(ratio)):g} times"
            )
            raise InvalidInputError(msg, field="study_period")
        raw = np.asarray(self.count(study_period, service_life))
        if raw.shape != np.shape(service_life) or not np.issubdtype(raw.dtype, np.number):
            msg = (
                f"replacement rule {self.name!r} must return one number per line "
                f"(shape {np.shape(service_life)}); got shape {raw.shape} of {raw.dtype}"
            )
            raise InvalidInputError(msg)
        if np.issubdtype(raw.dtype, np.integer) and not (raw < 0).any():
            return raw.astype(np.int64)  # whole numbers of at least 0 (a copy of our own)
        values = raw.astype(np.float64)
        bad = ~np.isfinite(values) | (values < 0) | (values != np.round(values))
        if bad.any():
            first = values[bad][0]
            msg = (
                f"replacement rule {self.name!r} must return whole numbers of at least 0; "
                f"got {first!r}"
            )
            raise InvalidInputError(msg)
        return values.astype(np.int64)


MAX_REPLACEMENT_RATIO: Final = 1e6
"""Largest study period / service life for which replacements are counted (a million
replacements is no building; beyond, counts would overflow)."""

BR18_REPLACEMENTS: Final = ReplacementRule(
    "br18",
    _calc_kernels.replacements_ceil_minus_one,
    "n = ceil(RSP / RSL) - 1 replacements (never below 0, none when RSL >= RSP); "
    "B4 = n * (A1-A3 + C3 + C4), the k-th replacement in year y0 + k * RSL. This is the rule "
    "of the Danish building regulation's LCA method as LCAbyg implements it.",
    "https://bygningsreglementet.dk/Tekniske-bestemmelser/11/BRV/"
    "Version-2-Bygningers-klimap%C3%A5virkning",
)
"""The BR18/LCAbyg replacement rule: ``n = ceil(RSP / RSL) - 1``."""


# -- energy (B6) ----------------------------------------------------------------------------
def _to_annual_use(value: Any) -> Quantity:
    return non_negative_quantity(
        value, "kWh / year", "annual_use", expected="energy per year such as '12000 kWh/year'"
    )


def _to_factors(value: Any) -> Any:
    if isinstance(value, pint.Quantity):
        magnitude = np.asarray(value.magnitude, dtype=np.float64)
        if magnitude.ndim == 1:
            return tuple(registry().Quantity(float(m), value.units) for m in magnitude)
        return (value,)
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Sequence):
        return tuple(value)
    return value


@attrs.frozen
class EnergyUse:
    """Yearly use of one energy carrier, for module B6.

    B6 = annual use [kWh/year] * emission factor [kg CO2e/kWh] * 1 year, summed over the
    years of the study period: one factor for every year, or one factor per year.

    Attributes
    ----------
    carrier : str
        Energy carrier, e.g. ``"electricity"``, ``"district heating"``.
    annual_use : Quantity
        Energy used per year [kWh/year].
    factors : tuple of Quantity
        Emission factor [indicator unit per kWh]: one for the whole period, or one per
        year of the study period (a quantity with an array magnitude is split per year).
    indicator : str
        The indicator the factors are for (default ``"gwp_total"``).

    Examples
    --------
    >>> use = EnergyUse("electricity", "10000 kWh/year", "0.1 kg CO2e/kWh")
    >>> use.b6(50.0)
    50000.0
    """

    carrier: str = attrs.field(validator=non_empty_text)
    annual_use: Quantity = attrs.field(converter=_to_annual_use)
    factors: tuple[Quantity, ...] = attrs.field(converter=_to_factors)
    indicator: str = attrs.field(default="gwp_total", validator=instance_of(str))

    def __attrs_post_init__(self) -> None:
        canonical = get_indicator(self.indicator).unit
        raw: object = self.factors
        if not isinstance(raw, tuple) or not raw:
            msg = f"`factors` must be one emission factor or one per year; got {raw!r}"
            raise InvalidInputError(msg)
        values = tuple(
            quantity_in(
                item,
                f"({canonical}) / kWh",
                f"factors[{index}]",
                expected=f"in {canonical} per kWh",
            )
            for index, item in enumerate(raw)
        )
        object.__setattr__(self, "factors", values)

    def b6(self, study_period: float) -> float:
        """Return B6 [indicator unit] over a study period [year].

        Raises
        ------
        InvalidInputError
            If there is one factor per year but their number is not the study period.
        """
        annual = float(self.annual_use.magnitude)
        factors = [float(f.magnitude) for f in self.factors]
        if len(factors) == 1:
            return annual * study_period * factors[0]
        if float(len(factors)) != study_period:
            msg = (
                f"`factors` of energy carrier {self.carrier!r} must be one factor, or one per "
                f"year of the study period ({study_period:g}); got {len(factors)}"
            )
            raise InvalidInputError(msg)
        return annual * safe_fsum(factors)


# -- results ----------------------------------------------------------------------------------
def _reduce_through_init(obj: Any) -> tuple[type[Any], tuple[Any, ...]]:
    # pickle would restore the arrays writable; rebuilding through __init__ runs the
    # converters again, so an unpickled result is as read-only as the original.
    return type(obj), tuple(getattr(obj, field.name) for field in attrs.fields(type(obj)))


@attrs.frozen(eq=False)
class LineModuleValues:
    """Per-line results of one indicator.

    Attributes
    ----------
    indicator : str
        Indicator id.
    modules : tuple of ModuleSet
        The module sets of the building's result that lines contribute to (columns); B6
        from the building's energy use is not a line's and is not among them.
    values : ndarray, shape (lines, modules)
        Each line's value per module set [indicator unit]; 0 where not declared.
    declared : ndarray of bool, shape (lines, modules)
        Whether the line declares the whole module set.
    """

    indicator: str
    modules: tuple[ModuleSet, ...]
    values: Array = attrs.field(converter=read_only_array)
    declared: Array = attrs.field(converter=read_only_array)

    def __reduce__(self) -> tuple[type[LineModuleValues], tuple[Any, ...]]:
        return _reduce_through_init(self)


@attrs.frozen(eq=False)
class Calculation:
    """The result of :func:`calculate`.

    Attributes
    ----------
    bill : str
        Id of the bill of quantities.
    study_period : Quantity
        Reference study period [year].
    results : Mapping[str, IndicatorResults]
        Module results per indicator for the whole building over the study period; use them
        as :attr:`Building.results <climatelimits.buildings.Building.results>`.
    findings : tuple of Finding
        Data-quality notes: conflicting conversions, incomplete modules and the lines
        causing them, aggregates that could not be split.
    line_ids : tuple of str
        The bill lines, in bill order; every per-line array follows this order.
    declared_units : ndarray
        Quantity of each line in declared units of its product.
    mass : ndarray
        Mass of each line [kg]; 0 where unknown (see ``mass_known``).
    mass_known : ndarray of bool
        Whether the product's properties give the line's mass.
    service_life : ndarray
        Service life of each line [year] (the line's, else the product's); 0 where unknown.
    service_life_known : ndarray of bool
        Whether a service life is known.
    replacements : ndarray of int64
        Replacements of each line under :attr:`replacement_rule`; -1 where the service life
        is unknown.
    replacement_rule : ReplacementRule
        The rule used for B4.
    start_year : int or None
        Year the study period starts (y0), for the timing of replacements.
    line_values : Mapping[str, LineModuleValues]
        Per-line values per indicator; each table (lines x modules) is worked out when
        first read, from the same columns as the results, and kept.
    elements, classifications : tuple of str
        Building element and classification of each line.
    """

    bill: str
    study_period: Quantity
    results: FrozenMap[str, IndicatorResults]
    findings: tuple[Finding, ...]
    line_ids: tuple[str, ...]
    declared_units: Array = attrs.field(converter=read_only_array)
    mass: Array = attrs.field(converter=read_only_array)
    mass_known: Array = attrs.field(converter=read_only_array)
    service_life: Array = attrs.field(converter=read_only_array)
    service_life_known: Array = attrs.field(converter=read_only_array)
    replacements: Array = attrs.field(converter=read_only_array)
    replacement_rule: ReplacementRule
    start_year: int | None
    line_values: FrozenMap[str, LineModuleValues]
    elements: tuple[str, ...]
    classifications: tuple[str, ...]

    def __reduce__(self) -> tuple[type[Calculation], tuple[Any, ...]]:
        return _reduce_through_init(self)

    def total(self, indicator: str, scope: ModuleSet | str | None = None) -> ScopeTotal:
        """Return the total of an indicator over a scope, never counting module D.

        Parameters
        ----------
        indicator
            Indicator id.
        scope
            Modules to add up; ``None`` means every module of the results. D is removed from
            the scope either way (report it on its own with ``results[indicator].get("D")``).

        Returns
        -------
        ScopeTotal
            Incomplete, with the reason, if a module of the scope is not declared.

        Raises
        ------
        UnknownReferenceError
            If the indicator was not calculated.
        """
        results = self._results(indicator)
        wanted = (
            ModuleSet.empty().union(*(e.modules for e in results.entries))
            if scope is None
            else ModuleSet.parse(scope)
        )
        return results.total(wanted - ModuleSet(_D))

    def _results(self, indicator: str) -> IndicatorResults:
        try:
            return self.results[indicator]
        except KeyError:
            known = ", ".join(self.results) or "none"
            msg = (
                f"`indicator` must be one of the calculated indicators ({known}); "
                f"got {indicator!r}"
            )
            raise UnknownReferenceError(msg) from None

    def replacement_years(self) -> tuple[Array, Array]:
        """Return when each replacement happens: ``(line index, year)`` pairs.

        The k-th replacement of a line with service life RSL happens in year
        ``start_year + k * RSL`` (k = 1..n); without a ``start_year`` the years are counted
        from the start of the study period.

        Returns
        -------
        line_index : ndarray of intp
        year : ndarray of float64
        """
        counts = np.where(self.replacements > 0, self.replacements, 0)
        line_index = np.repeat(np.arange(len(counts), dtype=np.intp), counts)
        first = np.cumsum(counts) - counts
        k = np.arange(int(counts.sum()), dtype=np.float64) - np.repeat(first, counts) + 1.0
        years = (0.0 if self.start_year is None else float(self.start_year)) + k * (
            self.service_life[line_index]
        )
        return line_index, years

    def replacements_by_year(self, indicator: str) -> tuple[Array, Array]:
        """Return B4 of an indicator spread over the years the replacements happen in.

        Each replacement of a line adds ``B4 / n`` of that line (its A1-A3 + C3 + C4) to
        the year given by :meth:`replacement_years`.

        Returns
        -------
        years : ndarray of float64
            The distinct years, ascending.
        amounts : ndarray of float64
            B4 in each year [indicator unit].

        Raises
        ------
        InvalidInputError
            If B4 is not declared for a line that is replaced.
        """
        self._results(indicator)
        detail = self.line_values[indicator]
        b4 = ModuleSet(_B4)
        if b4 not in detail.modules:
            return np.zeros(0), np.zeros(0)
        column = detail.modules.index(b4)
        line_index, years = self.replacement_years()
        if not detail.declared[line_index, column].all():
            msg = f"B4 of {indicator} is not declared for every replaced line; see the findings"
            raise InvalidInputError(msg)
        per_event = detail.values[line_index, column] / self.replacements[line_index]
        distinct, slot = np.unique(years, return_inverse=True)
        amounts = np.bincount(slot.reshape(-1), weights=per_event, minlength=len(distinct))
        return distinct, amounts

    def group_results(self, indicator: str, by: str = "element") -> dict[str, IndicatorResults]:
        """Return the results of an indicator per building element (or classification).

        Parameters
        ----------
        indicator
            Indicator id.
        by
            ``"element"`` or ``"classification"``.

        Returns
        -------
        dict
            Group -> results of its lines; a module not declared by one line of the group is
            not declared for the group.
        """
        self._results(indicator)
        if by not in ("element", "classification"):
            msg = f"`by` must be 'element' or 'classification'; got {by!r}"
            raise InvalidInputError(msg)
        labels = self.elements if by == "element" else self.classifications
        names, group = np.unique(np.array(labels, dtype=object), return_inverse=True)
        group = group.reshape(-1).astype(np.intp)
        detail = self.line_values[indicator]
        sums = _calc_kernels.group_sums(group, detail.values, len(names))
        missing = _calc_kernels.group_sums(
            group, (~detail.declared).astype(np.float64), len(names)
        )
        out: dict[str, IndicatorResults] = {}
        for g, name in enumerate(names):
            entries = tuple(
                ResultEntry(m, None if missing[g, b] > 0 else float(sums[g, b]))
                for b, m in enumerate(detail.modules)
            )
            out[str(name)] = IndicatorResults(indicator, entries)
        return out

    def to_building(
        self,
        id: str,
        use: Any,
        *,
        areas: Mapping[str, Any] | None = None,
        name: str = "",
        country: str | None = None,
        dates: BuildingDates | None = None,
        use_shares: Mapping[Any, float] | None = None,
    ) -> Building:
        """Return a :class:`Building` whose results and study period are this calculation's.

        Parameters
        ----------
        id, use, areas, name, country, dates, use_shares
            As for :class:`~climatelimits.buildings.Building`.
        """
        return Building(
            id=id,
            use=use,
            name=name,
            country=country,
            use_shares=dict(use_shares or {}),
            dates=dates if dates is not None else BuildingDates(),
            areas=dict(areas or {}),
            reference_study_period=self.study_period,
            results=self.results,
        )


# -- calculate --------------------------------------------------------------------------------
def _catalogue(products: Iterable[Product] | Mapping[str, Product]) -> dict[str, Product]:
    raw: object = products
    if isinstance(raw, str | bytes) or not isinstance(raw, Iterable):
        msg = f"`products` must be Product objects; got {products!r}"
        raise InvalidInputError(msg)
    items: Iterable[Any] = products.values() if isinstance(products, Mapping) else products
    out: dict[str, Product] = {}
    for item in items:
        if not isinstance(item, Product):
            msg = f"`products` must hold Product objects; got {item!r}"
            raise InvalidInputError(msg)
        if item.id in out and out[item.id] != item:
            msg = f"`products` must have unique ids; got two different products {item.id!r}"
            raise InvalidInputError(msg)
        out[item.id] = item
    return out


def _study_period_years(value: Any) -> float:
    return float(positive_duration(value, "study_period").magnitude)


def _name_lines(ids: Sequence[str]) -> str:
    named = ", ".join(repr(i) for i in ids[:_NAMED_LINES])
    more = len(ids) - _NAMED_LINES
    return named + (f" and {more} more" if more > 0 else "")


MIN_PLAUSIBLE_SERVICE_LIFE: Final = 1.0
"""Shortest service life [year] taken without an ``implausible_value`` finding: a
plausibility bound of ours, not a regulatory number (a building product replaced more
than once a year is almost always a unit mistake, e.g. months written as years)."""


def _short_service_lives(bill: BillOfQuantities, cols: _Columns) -> list[Finding]:
    short = cols.service_life_known & (cols.service_life < MIN_PLAUSIBLE_SERVICE_LIFE)
    if not short.any():
        return []
    shortest = float(cols.service_life[short].min())
    ids = [bill.lines[int(i)].id for i in np.flatnonzero(short)]
    message = (
        f"bill {bill.id!r}: lines {_name_lines(ids)} have a service life below "
        f"{MIN_PLAUSIBLE_SERVICE_LIFE:g} year (the shortest {shortest:g} years), so B4 "
        "counts a replacement more than once a year; check the unit."
    )
    return [Finding("implausible_value", message, bill.id, {"shortest_years": shortest})]


def _legs_off_data(bill: BillOfQuantities, cols: _Columns) -> list[Finding]:
    """Name lines whose transport legs are for an indicator their product does not declare.

    Their A4 is then the only value of that indicator for the line, and the indicator the
    product does declare gets no A4 from transport: usually a leg left at its default
    ``gwp_total`` for EN 15804+A1 data (``gwp``).
    """
    findings: list[Finding] = []
    for code, indicator in enumerate(cols.leg_indicators):
        declares = np.array([indicator in p.impacts for p in cols.products], dtype=bool)
        if declares.all():  # the usual case: no pass over the legs
            continue
        off = ~declares[cols.line_product[cols.leg_line]]  # per leg use
        off &= cols.leg_indicator[cols.leg_index] == code
        if not off.any():
            continue
        lines = np.unique(cols.leg_line[off])
        ids = [bill.columns.ids[int(i)] for i in lines]
        used = np.unique(cols.line_product[lines]).tolist()
        theirs = sorted({name for p in used for name in cols.products[p].impacts})
        message = (
            f"bill {bill.id!r}: the transport legs of lines {_name_lines(ids)} are for "
            f"{indicator}, which their products do not declare (they declare "
            f"{', '.join(theirs) or 'no indicator'}); their A4 is reported under {indicator} "
            f"alone. Give the legs the indicator of the products' data."
        )
        values = {"lines": float(len(ids))}
        findings.append(Finding("transport_indicator_not_declared", message, bill.id, values))
    return findings


def _energy_off_data(
    bill: BillOfQuantities, cols: _Columns, energy_uses: Sequence[EnergyUse]
) -> list[Finding]:
    """Name energy uses for an indicator no product of the bill declares (B6 alone there)."""
    if not cols.products:
        return []
    declared = {name for p in cols.products for name in p.impacts}
    theirs = ", ".join(sorted(declared)) or "no indicator"
    findings: list[Finding] = []
    for indicator in dict.fromkeys(e.indicator for e in energy_uses):
        if indicator in declared:
            continue
        carriers = ", ".join(repr(e.carrier) for e in energy_uses if e.indicator == indicator)
        message = (
            f"bill {bill.id!r}: the energy uses {carriers} are for {indicator}, which no product "
            f"of the bill declares (they declare {theirs}); "
            f"their B6 is reported under {indicator} alone. Give the energy uses the indicator "
            f"of the products' data."
        )
        findings.append(Finding("energy_indicator_not_declared", message, bill.id))
    return findings


@attrs.define
class _Columns:
    """The bill's columns resolved against the products: what every indicator's pass needs.

    ``products`` are the effective products (a line's scenario choices and properties
    applied), ``line_product`` indexes them; masses [kg] (0 where unknown), service lives
    and waste factors (the bill's, NaN where none) are per line; ``leg_line`` and
    ``leg_index`` are the bill's leg uses;
    ``leg_tkm`` (distance [km] * factor) and ``leg_indicator`` (index into
    ``leg_indicators``) are per distinct leg.
    """

    products: list[Product]
    line_product: Array
    declared_units: Array
    mass: Array
    mass_per_du: Array
    mass_known_p: Array
    service_life: Array
    service_life_known: Array
    waste_factor: Array
    waste_known: Array
    leg_line: Array
    leg_index: Array
    leg_tkm: Array
    leg_indicator: Array
    leg_indicators: list[str]
    findings: list[Finding]


def _effective_product(
    product: Product,
    line_id: str,
    scenario: Mapping[str, str],
    properties: Mapping[str, Quantity],
) -> Product:
    effective = product
    for modules_text, scenario_id in scenario.items():
        try:
            chosen = effective.scenario(scenario_id)
        except UnknownReferenceError as exc:
            msg = f"`lines.{line_id}.scenario.{modules_text}`: {exc}"
            raise UnknownReferenceError(msg) from None
        wanted = ModuleSet.parse(modules_text)
        if not wanted <= chosen.modules:
            msg = (
                f"`lines.{line_id}.scenario.{modules_text}` names scenario {scenario_id!r} of "
                f"product {product.id!r}, which covers {chosen.modules}, not {wanted}"
            )
            raise InvalidInputError(msg)
        effective = effective.with_scenario(scenario_id)
    if properties:
        merged = FrozenMap({**effective.properties, **properties})
        try:
            effective = attrs.evolve(effective, properties=merged)
        except (UnitsError, InvalidInputError) as exc:  # a line property the product refuses
            field = f"lines.{line_id}.{exc.field or 'properties'}"
            if isinstance(exc, UnitsError):
                raise UnitsError(
                    exc.detail, field=field, units1=str(exc.units1), units2=str(exc.units2)
                ) from None
            raise InvalidInputError(exc.detail, field=field) from None
    return effective


# -- conversion factors, computed once per (product, unit) ----------------------------------
_Known = tuple[float, tuple[Finding, ...]] | UnitsError
_FACTORS: dict[int, tuple[weakref.ref[Product], dict[Any, _Known]]] = {}


def _forget(key: int, ref: weakref.ref[Product]) -> None:
    entry = _FACTORS.get(key)
    if entry is not None and entry[0] is ref:
        del _FACTORS[key]


def _factor(product: Product, unit: Any) -> tuple[float, tuple[Finding, ...]]:
    """Return :func:`conversion_factor_to_declared_unit`, remembered for this product object.

    Products are immutable, so the factor of a (product, unit) pair never changes; it is
    kept as long as the product lives, and a calculation over the same products again does
    not search the conversion routes again.
    """
    key = id(product)
    entry = _FACTORS.get(key)
    if entry is None or entry[0]() is not product:
        entry = _FACTORS[key] = (weakref.ref(product, functools.partial(_forget, key)), {})
    known = entry[1].get(unit)
    if known is None:
        try:
            known = conversion_factor_to_declared_unit(product, unit)
        except UnitsError as exc:
            known = exc
        entry[1][unit] = known
    if isinstance(known, UnitsError):
        raise UnitsError(known.message, str(known.units1), str(known.units2))
    return known


def _check_products(bill: BillOfQuantities, catalogue: Mapping[str, Product]) -> None:
    bc = bill.columns
    missing = [code for code, pid in enumerate(bc.products) if pid not in catalogue]
    if not missing:
        return
    ids = sorted(bc.products[code] for code in missing)
    named = ", ".join(repr(i) for i in ids[:20])
    lines = np.flatnonzero(np.isin(bc.product_index, missing))
    msg = (
        f"bill {bill.id!r} refers to products that were not given: {named} "
        f"(lines {_name_lines([bc.ids[i] for i in lines])})"
    )
    raise UnknownReferenceError(msg)


def _effective_products(
    bill: BillOfQuantities, catalogue: Mapping[str, Product]
) -> tuple[list[Product], Array]:
    """Return the effective products in order of first use, and each line's index into them.

    A line without scenario choices or properties uses the catalogue's product; every other
    distinct (product, choices, properties) gets a product of its own.
    """
    bc = bill.columns
    special = sorted({*bc.scenario, *bc.properties})
    if not special:
        return _plain_products(bill, catalogue)
    plain = np.ones(len(bc), dtype=bool)
    plain[special] = False
    plain_lines = np.flatnonzero(plain)
    first_at = _calc_kernels.first_use(bc.product_index[plain_lines], len(bc.products))
    codes = np.flatnonzero(first_at < len(plain_lines))
    first = plain_lines[first_at[codes]]
    keys: dict[Any, int] = {}  # key -> first line using it
    for code, line in zip(codes.tolist(), first.tolist(), strict=True):
        keys[code] = line
    special_key: dict[int, Any] = {}
    for line in special:
        no_scenario: FrozenMap[str, str] = FrozenMap()
        no_properties: FrozenMap[str, Quantity] = FrozenMap()
        key = (
            int(bc.product_index[line]),
            bc.scenario.get(line, no_scenario),
            bc.properties.get(line, no_properties),
        )
        special_key[line] = key
        keys.setdefault(key, line)
    order = sorted(keys, key=keys.__getitem__)
    index = {key: p for p, key in enumerate(order)}
    products: list[Product] = []
    for key in order:
        if isinstance(key, tuple):
            line = keys[key]
            base = catalogue[bc.products[key[0]]]
            products.append(_effective_product(base, bc.ids[line], key[1], key[2]))
        else:
            products.append(catalogue[bc.products[key]])
    remap = np.full(len(bc.products), -1, dtype=np.intp)
    for code in codes.tolist():
        remap[code] = index[code]
    line_product = remap[bc.product_index]
    for line, key in special_key.items():
        line_product[line] = index[key]
    return products, line_product


def _plain_products(
    bill: BillOfQuantities, catalogue: Mapping[str, Product]
) -> tuple[list[Product], Array]:
    """Return :func:`_effective_products` of a bill without scenario choices or properties.

    The bill's own product index is the answer when its products are in order of first
    use, as readers store them: no copy.
    """
    bc = bill.columns
    first_at = _calc_kernels.first_use(bc.product_index, len(bc.products))
    codes = np.flatnonzero(first_at < len(bc))
    order = codes[np.argsort(first_at[codes], kind="stable")]
    products = [catalogue[bc.products[code]] for code in order.tolist()]
    if len(order) == len(bc.products) and (order == np.arange(len(order))).all():
        return products, bc.product_index
    remap = np.full(len(bc.products), -1, dtype=np.intp)
    remap[order] = np.arange(len(order), dtype=np.intp)
    return products, remap[bc.product_index]


def _conversion(
    bill: BillOfQuantities, products: Sequence[Product], line_product: Array
) -> tuple[Array, list[Finding]]:
    """Return declared units per unit of each line and the findings; name every failure."""
    bc = bill.columns
    n_units = max(len(bc.units), 1)
    key = line_product * n_units + bc.unit_index
    first_at = _calc_kernels.first_use(key, len(products) * n_units)
    pairs = np.flatnonzero(first_at < len(key))
    first = first_at[pairs]
    lookup = np.zeros(len(first_at), dtype=np.intp)
    lookup[pairs] = np.arange(len(pairs), dtype=np.intp)
    factors = np.zeros(len(pairs), dtype=np.float64)
    findings: list[Finding] = []
    failures: list[tuple[UnitsError, int]] = []
    for j in np.argsort(first, kind="stable").tolist():
        p, u = divmod(int(pairs[j]), n_units)
        try:
            factors[j], notes = _factor(products[p], bc.units[u])
        except UnitsError as exc:
            failures.append((exc, j))
        else:
            findings.extend(notes)
    if failures:
        parts = []
        for error, j in failures:
            ids = [bc.ids[i] for i in np.flatnonzero(lookup[key] == j)]
            parts.append(f"lines {_name_lines(ids)}: {error}")
        first_error = failures[0][0]
        msg = f"bill {bill.id!r}: " + "; ".join(parts)
        raise UnitsError(msg, units1=str(first_error.units1), units2=str(first_error.units2))
    per_key = np.zeros(len(first_at), dtype=np.float64)
    per_key[pairs] = factors
    return per_key[key], findings


def _masses(products: Sequence[Product], findings: list[Finding]) -> tuple[Array, Array]:
    """Mass per declared unit [kg] of each effective product, and whether it is known."""
    mass_per_du = np.zeros(len(products), dtype=np.float64)
    known = np.zeros(len(products), dtype=bool)
    for p, product in enumerate(products):
        try:
            per_kg, notes = _factor(product, "kg")
        except UnitsError:
            continue
        mass_per_du[p] = 1.0 / per_kg
        known[p] = True
        findings.extend(notes)
    return mass_per_du, known


def _read_columns(bill: BillOfQuantities, catalogue: dict[str, Product]) -> _Columns:
    _check_products(bill, catalogue)
    bc = bill.columns
    products, line_product = _effective_products(bill, catalogue)
    factor, findings = _conversion(bill, products, line_product)
    mass_per_du, mass_known_p = _masses(products, findings)
    rsl = np.array(
        [
            math.nan if p.reference_service_life is None else float(p.reference_service_life.m)
            for p in products
        ],
        dtype=np.float64,
    )
    own_life = np.isnan(bc.service_life)
    lives = np.where(own_life, rsl[line_product], bc.service_life) if own_life.any() else None
    life_known = ~np.isnan(bc.service_life if lives is None else lives)
    legs = bc.legs
    leg_indicators, leg_code = _leg_indicators(bc.legs, bc.leg_index)
    declared_units = frozen(bc.quantity * factor)
    waste_known = frozen(~np.isnan(bc.waste_factor))
    return _Columns(
        products=products,
        line_product=line_product,
        declared_units=declared_units,
        mass=frozen(declared_units * mass_per_du[line_product]),
        mass_per_du=mass_per_du,
        mass_known_p=mass_known_p,
        service_life=(
            bc.service_life if lives is None else frozen(np.where(life_known, lives, 0.0))
        ),
        service_life_known=frozen(life_known),
        waste_factor=bc.waste_factor,
        waste_known=waste_known,
        leg_line=bc.leg_line,
        leg_index=bc.leg_index,
        leg_tkm=np.array([leg.distance.m * leg.factor.m for leg in legs], dtype=np.float64),
        leg_indicator=leg_code,
        leg_indicators=leg_indicators,
        findings=_unique(findings),
    )


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))


def _leg_indicators(legs: Sequence[Transport], leg_index: Array) -> tuple[list[str], Array]:
    """Return the indicators of the legs in order of first use, and each leg's code."""
    if len({leg.indicator for leg in legs}) == 1 and len(leg_index):  # every leg is used
        return [legs[0].indicator], np.zeros(len(legs), dtype=np.intp)
    first = _calc_kernels.first_use(leg_index, len(legs))
    names: dict[str, int] = {}
    for k in np.argsort(first, kind="stable").tolist():
        if first[k] < len(leg_index):
            names.setdefault(legs[k].indicator, first[k])
    order = list(names)
    code = np.array(
        [order.index(leg.indicator) if leg.indicator in names else -1 for leg in legs],
        dtype=np.intp,
    )
    return order, code


def _entry_table(products: Sequence[Product], indicator: str) -> tuple[Array, ...]:
    """Flatten the products' entries of one indicator: owner, mask, value, declared, offsets."""
    masks: list[Array] = []
    values: list[Array] = []
    declared: list[Array] = []
    counts = np.zeros(len(products), dtype=np.intp)
    for p, product in enumerate(products):
        results = product.impacts.get(indicator)
        if results is None:
            continue
        m, v, d = results.arrays()
        masks.append(m)
        values.append(v)
        declared.append(d)
        counts[p] = len(m)
    offsets = np.cumsum(counts) - counts
    owner = np.repeat(np.arange(len(products), dtype=np.intp), counts)
    return (
        owner,
        np.concatenate(masks) if masks else np.zeros(0, dtype=np.int64),
        np.concatenate(values) if values else np.zeros(0, dtype=np.float64),
        np.concatenate(declared) if declared else np.zeros(0, dtype=bool),
        offsets,
        counts,
    )


def _exact(
    owner: Array, masks: Array, values: Array, declared: Array, scope: int, n: int
) -> tuple[Array, Array]:
    totals, missing, straddle = _kernels.scope_totals(owner, masks, values, declared, scope, n)
    return totals, (missing == 0) & ~straddle


@attrs.frozen
class _IndicatorOutcome:
    results: IndicatorResults
    detail: Callable[[], LineModuleValues]
    findings: tuple[Finding, ...]


@attrs.frozen
class _Rows:
    """Rows derived for some lines: the lines, module mask, value [indicator unit], declared.

    ``line`` None means every line, in line order.
    """

    line: Array | None
    mask: int
    value: Array
    declared: Array

    @property
    def rows(self) -> Array | slice:
        """Index of the rows' lines into per-line arrays."""
        return slice(None) if self.line is None else self.line

    @classmethod
    def of(cls, lines: Array | None, mask: int, value: Array, declared: Array) -> _Rows:
        """Return the rows of ``lines`` (None: every line) from per-line values."""
        if lines is None:
            return cls(None, mask, value, declared)
        return cls(lines, mask, value[lines], declared[lines])


def _derived_rows(
    cols: _Columns,
    table: tuple[Array, ...],
    a4_transport: Array,
    has_transport: Array,
    replacements: Array | None,
) -> list[_Rows]:
    """Rows of A4 from transport, A5 from waste and B4 from replacements."""
    owner, e_mask, e_value, e_declared = table[:4]
    n_products = len(cols.products)
    du = cols.declared_units
    prod = cols.line_product
    a13, a13_ok = _exact(owner, e_mask, e_value, e_declared, _A13, n_products)
    a4p, a4p_ok = _exact(owner, e_mask, e_value, e_declared, _A4, n_products)
    c34, c34_ok = _exact(owner, e_mask, e_value, e_declared, _C34, n_products)
    mass_ok = cols.mass_known_p[prod]
    t_lines = None if has_transport.all() else np.flatnonzero(has_transport)
    w_lines = None if cols.waste_known.all() else np.flatnonzero(cols.waste_known)
    if t_lines is None:
        a4_line, a4_line_ok = a4_transport, mass_ok
    else:
        a4_line = np.where(has_transport, a4_transport, du * a4p[prod])
        a4_line_ok = np.where(has_transport, mass_ok, a4p_ok[prod])
    # (waste factor - 1) * (du * A1-A3 + A4) and n * du * (A1-A3 + C3-C4), made in place
    # a block of lines at a time: no temporary as long as the bill.
    a5_value = np.where(cols.waste_known, cols.waste_factor, 1.0)
    a5_value -= 1.0
    for part in _blocks_of_lines(len(du)):
        a5_value[part] *= du[part] * a13[prod[part]] + a4_line[part]
    a5_ok = a13_ok[prod] & a4_line_ok
    rows = [_Rows.of(t_lines, _A4, a4_transport, mass_ok), _Rows.of(w_lines, _A5, a5_value, a5_ok)]
    if replacements is not None:  # per product first: one gather per line, not two
        known = cols.service_life_known.all()  # then no -1 for "unknown"
        n_rep = replacements if known else np.maximum(replacements, 0)
        b4_value = n_rep * du
        per_du = a13 + c34
        for part in _blocks_of_lines(len(du)):
            b4_value[part] *= per_du[prod[part]]
        np.copyto(b4_value, 0.0, where=n_rep == 0)
        b4_ok = cols.service_life_known & ((n_rep == 0) | (a13_ok & c34_ok)[prod])
        rows.append(_Rows(None, _B4, b4_value, b4_ok))
    return [part for part in rows if part.line is None or len(part.line)]


_BLOCK_OF_LINES: Final = 1 << 14
"""Lines worked on at a time where a whole-bill temporary would raise peak memory."""


def _blocks_of_lines(n: int) -> Iterator[slice]:
    """Cut ``range(n)`` into slices of :data:`_BLOCK_OF_LINES` lines."""
    for start in range(0, n, _BLOCK_OF_LINES):
        yield slice(start, start + _BLOCK_OF_LINES)


def _variants(cols: _Columns, has_transport: Array) -> tuple[Array, Array, Array]:
    """Group lines by (effective product, derives A4 itself, derives A5 itself).

    All lines of a group keep the same product rows, so the rows are gathered and summed
    per group, not per line. Returns each group's product and pattern (bit 0: A4 from
    transport, bit 1: A5 from waste) and each line's group.
    """
    n_products = len(cols.products)
    t_all, w_all = bool(has_transport.all()), bool(cols.waste_known.all())
    if (t_all or not has_transport.any()) and (w_all or not cols.waste_known.any()):
        present = np.zeros(n_products, dtype=bool)
        present[cols.line_product] = True
        if present.all():  # one pattern, every product used: the groups are the products
            pattern = np.full(n_products, int(t_all) + 2 * int(w_all), dtype=np.intp)
            return np.arange(n_products, dtype=np.intp), pattern, cols.line_product
    key = cols.line_product * 4
    key += cols.waste_known
    key += cols.waste_known
    key += has_transport
    present = np.zeros(len(cols.products) * 4, dtype=bool)
    present[key] = True
    groups = np.flatnonzero(present)
    slot = np.full(len(present), -1, dtype=np.intp)
    slot[groups] = np.arange(len(groups), dtype=np.intp)
    return groups // 4, groups % 4, slot[key]


def _per_line(
    du: Array,
    per_du: Array,
    covered_g: Array,
    line_group: Array,
    derived: Sequence[_Rows],
    blocks: tuple[Array, Array, Array],
) -> tuple[Array, Array]:
    """Return each line's value per block and whether it declares the whole block.

    A line's value is its declared units times its group's, plus its own rows (A4 from
    transport, A5 from waste, B4); only the blocks of its own rows need its own coverage.
    """
    block_masks = blocks[0]
    sums = per_du[line_group]
    sums *= du[:, np.newaxis]
    line_ok = (covered_g == block_masks[np.newaxis, :])[line_group]
    covered: dict[int, Array] = {}  # block -> each line's coverage, its own rows included
    for part in derived:
        b = _block_of(part.mask, blocks)
        rows = part.rows
        sums[rows, b] += np.where(part.declared, part.value, 0.0)
        if b not in covered:
            covered[b] = covered_g[line_group, b]
        covered[b][rows] |= np.where(part.declared, part.mask, 0)
    for b, mask in covered.items():  # A4 and A5 of one line may share a block (A4-A5)
        line_ok[:, b] = mask == block_masks[b]
    return sums, line_ok


def _block_of(mask: int, blocks: tuple[Array, Array, Array]) -> int:
    """Return the block a module mask belongs to."""
    _, distinct, block_of = blocks
    return int(block_of[np.searchsorted(distinct, mask)])


@attrs.frozen
class _Pass:
    """One indicator's lines, summed per group of lines, before any per-line table.

    ``per_du`` and ``covered`` hold each group's value per declared unit and the union of
    its declared masks, per block; ``derived`` the rows of A4, A5 and B4 the calculation
    works out per line.
    """

    du: Array
    line_group: Array
    per_du: Array
    covered: Array
    derived: list[_Rows]
    blocks: tuple[Array, Array, Array]
    notes: list[Finding]


def _prepare(
    indicator: str,
    cols: _Columns,
    replacements: Array | None,
    energy_b6: float | None,
) -> _Pass:
    n = len(cols.line_product)
    du = cols.declared_units
    table = _entry_table(cols.products, indicator)
    _, e_mask, e_value, e_declared, offsets, counts = table

    # A4 from the transport legs of this indicator.
    code = cols.leg_indicators.index(indicator) if indicator in cols.leg_indicators else -1
    ours = cols.leg_indicator == code  # per distinct leg
    if ours.all():
        leg_line, leg_index = cols.leg_line, cols.leg_index
    else:
        use = ours[cols.leg_index]
        leg_line, leg_index = cols.leg_line[use], cols.leg_index[use]
    a4_t, has_t = _calc_kernels.transport_per_line(
        leg_line, cols.leg_tkm[leg_index], cols.mass / 1000.0, n
    )

    # Product rows per group of lines, without the modules the calculation derives itself.
    group_product, group_pattern, line_group = _variants(cols, has_t)
    row_group, row_entry = _calc_kernels.gather_rows(group_product, offsets, counts)
    row_mask = e_mask[row_entry]
    own = (_B4 if replacements is not None else 0) | (_B6 if energy_b6 is not None else 0)
    excluded = np.full(len(group_product), own, dtype=np.int64)
    excluded |= np.where(group_pattern & 1, _A4, 0)
    excluded |= np.where(group_pattern & 2, _A5, 0)
    straddles_d = ((row_mask & _D) != 0) & ((row_mask & ~_D) != 0)
    dropped = ((row_mask & excluded[row_group]) != 0) | straddles_d
    notes = _lost_aggregates(
        indicator, group_product, cols, row_group, row_mask, dropped, excluded
    )
    keep = ~dropped
    derived = _derived_rows(cols, table, a4_t, has_t, replacements)

    # The distinct masks of the rows, found without sorting every row.
    used = np.zeros(len(e_mask), dtype=bool)
    used[row_entry[keep]] = True
    present = [e_mask[used], np.array([part.mask for part in derived], dtype=np.int64)]
    if energy_b6 is not None:
        present.append(np.array([_B6], dtype=np.int64))
    blocks = _calc_kernels.join_masks(np.concatenate(present))
    block_masks, distinct, block_of = blocks
    per_du, covered_g, _ = _calc_kernels.line_block_sums(
        row_group[keep],
        _calc_kernels.block_of_rows(row_mask[keep], distinct, block_of),
        row_mask[keep],
        e_value[row_entry[keep]],
        e_declared[row_entry[keep]],
        len(group_product),
        len(block_masks),
    )
    return _Pass(du, line_group, per_du, covered_g, derived, blocks, notes)


def _block_totals(p: _Pass) -> tuple[Array, Array, Callable[[int], Array]]:
    """Return each block's total, whether every line declares it, and who does not.

    The totals come from the group sums (a group's value per declared unit times the
    declared units of its lines) plus the rows derived per line: no lines x blocks table.
    The third item returns the lines that do not declare a block.
    """
    block_masks = p.blocks[0]
    du_per_group = np.zeros(len(p.per_du), dtype=np.float64)
    for lines in _blocks_of_lines(len(p.du)):  # bincount copies read-only weights: by block
        du_per_group += np.bincount(
            p.line_group[lines], weights=p.du[lines], minlength=len(p.per_du)
        )
    totals = du_per_group @ p.per_du
    group_ok = p.covered == block_masks[np.newaxis, :]
    parts_of: dict[int, list[_Rows]] = {}
    for part in p.derived:
        b = _block_of(part.mask, p.blocks)
        totals[b] += float(part.value.sum(where=part.declared))
        parts_of.setdefault(b, []).append(part)
    own_ok: dict[int, Array] = {}  # blocks with rows derived per line: each line's verdict
    for b, parts in parts_of.items():
        if len(parts) > 1:  # e.g. A4 from transport and A5 from waste in one block A4-A5
            covered = p.covered[p.line_group, b]
            for part in parts:
                covered[part.rows] |= np.where(part.declared, part.mask, 0)
            own_ok[b] = covered == block_masks[b]
            continue
        (part,) = parts
        ok = own_ok[b] = (
            np.empty(len(p.du), dtype=bool) if part.line is None else group_ok[p.line_group, b]
        )
        # A row's line declares the block if its group's rows and its own cover it.
        with_row = (p.covered[:, b] | part.mask) == block_masks[b]
        without = group_ok[:, b]
        if with_row.all() and not without.any():
            ok[part.rows] = part.declared
        else:
            group = p.line_group[part.rows]
            ok[part.rows] = np.where(part.declared, with_row[group], without[group])
    complete = group_ok.all(axis=0)
    for b, ok in own_ok.items():
        complete[b] = bool(ok.all())

    def not_declaring(b: int) -> Array:
        ok = own_ok.get(b)
        return np.flatnonzero(~(group_ok[p.line_group, b] if ok is None else ok))

    return totals, complete, not_declaring


def _line_detail(
    indicator: str,
    cols: _Columns,
    replacements: Array | None,
    energy_b6: float | None,
    *,
    check: bool = True,
) -> LineModuleValues:
    """Work out one indicator's lines x modules table (:attr:`Calculation.line_values`).

    With ``check=False`` (to find the lines that overflow) arithmetic overflows are not
    warned about: they give infinities, which the caller looks for.
    """
    quiet = contextlib.nullcontext() if check else np.errstate(over="ignore", invalid="ignore")
    with quiet:
        p = _prepare(indicator, cols, replacements, energy_b6)
        values, line_ok = _per_line(p.du, p.per_du, p.covered, p.line_group, p.derived, p.blocks)
    block_masks = p.blocks[0]
    np.copyto(values, 0.0, where=~line_ok)
    line_blocks = np.array(
        [not (energy_b6 is not None and int(m) == _B6) for m in block_masks], dtype=bool
    )
    if not line_blocks.all():
        values, line_ok = values[:, line_blocks], line_ok[:, line_blocks]
    return LineModuleValues(
        indicator,
        tuple(ModuleSet(int(m)) for m in block_masks[line_blocks]),
        frozen(np.ascontiguousarray(values)),
        frozen(np.ascontiguousarray(line_ok)),
    )


class _LineValues(FrozenMap[str, LineModuleValues]):
    """Per-line values by indicator, each table worked out when first read.

    A lines x modules table per indicator is about as large as the bill itself, and most
    callers read only the building's results; the tables are made on first access (the
    same arithmetic as the results, from the calculation's columns) and kept. Pickled,
    it is a plain :class:`FrozenMap` of the tables.
    """

    __slots__ = ("_make",)

    def __init__(self, make: Mapping[str, Callable[[], LineModuleValues]]) -> None:
        super().__init__()
        self._make = dict(make)

    def __getitem__(self, key: str) -> LineModuleValues:
        found = self._data.get(key)
        if found is None:
            found = self._data[key] = self._make[key]()
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._make

    def __iter__(self) -> Iterator[str]:
        return iter(self._make)

    def __len__(self) -> int:
        return len(self._make)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({dict(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (list(self.items()),))


def _calculate_indicator(
    indicator: str,
    bill: BillOfQuantities,
    cols: _Columns,
    replacements: Array | None,
    energy_b6: float | None,
) -> _IndicatorOutcome:
    p = _prepare(indicator, cols, replacements, energy_b6)
    totals, complete, not_declaring = _block_totals(p)
    notes = p.notes
    entries: list[ResultEntry] = []
    for b, mask in enumerate(int(m) for m in p.blocks[0]):
        modules = ModuleSet(mask)
        if energy_b6 is not None and mask == _B6:
            if not math.isfinite(energy_b6):
                raise _overflow(indicator, modules, bill, None)
            entries.append(ResultEntry(modules, energy_b6))
        elif not math.isfinite(float(totals[b])):
            table = _line_detail(indicator, cols, replacements, energy_b6, check=False)
            column = table.values[:, table.modules.index(modules)]
            ids = [bill.columns.ids[i] for i in np.flatnonzero(~np.isfinite(column))]
            raise _overflow(indicator, modules, bill, ids)
        elif complete[b]:
            entries.append(ResultEntry(modules, float(totals[b])))
        else:
            entries.append(ResultEntry(modules, None))
            culprits = [bill.columns.ids[i] for i in not_declaring(b)]
            notes.append(_incomplete(indicator, modules, culprits, bill))
    detail = functools.partial(_line_detail, indicator, cols, replacements, energy_b6)
    return _IndicatorOutcome(IndicatorResults(indicator, tuple(entries)), detail, tuple(notes))


def _overflow(
    indicator: str, modules: ModuleSet, bill: BillOfQuantities, lines: Sequence[str] | None
) -> InvalidInputError:
    """Say what makes a module of the building beyond the largest float (None: energy)."""
    largest = (
        f"more than the largest float ({sys.float_info.max:.4g} {get_indicator(indicator).unit})"
    )
    if lines is None:
        why = f"the energy use gives {largest}: check the annual uses and emission factors"
    elif lines:
        why = (
            f"lines {_name_lines(lines)} give {largest}: check their quantities and their "
            f"products' values"
        )
    else:
        why = f"its lines add up to {largest}: check the quantities and the products' values"
    return InvalidInputError(
        f"bill {bill.id!r}: {indicator} {modules} must be a finite number; {why}"
    )


def _incomplete(
    indicator: str, modules: ModuleSet, culprits: Sequence[str], bill: BillOfQuantities
) -> Finding:
    n = len(bill.columns)
    return Finding(
        "incomplete_module",
        f"{indicator} {modules} is not declared for the building: {len(culprits)} of {n} "
        f"lines do not declare it ({_name_lines(culprits)}).",
        bill.id,
        {"lines_not_declaring": float(len(culprits)), "lines": float(n)},
    )


def _lost_aggregates(
    indicator: str,
    group_product: Array,
    cols: _Columns,
    row_group: Array,
    row_mask: Array,
    dropped: Array,
    excluded: Array,
) -> list[Finding]:
    """Name product entries dropped with modules the calculation could not replace."""
    lost = dropped & ((row_mask & ~excluded[row_group] & ~_D) != 0)
    if not lost.any():
        return []
    owners = group_product[row_group[lost]]
    pairs = np.unique(np.stack([owners, row_mask[lost]], axis=1), axis=0)
    out: list[Finding] = []
    for p, mask in pairs:
        product = cols.products[int(p)]
        modules = ModuleSet(int(mask))
        out.append(
            Finding(
                "aggregate_not_split",
                f"product {product.id!r} declares {indicator} for {modules} as one value, "
                f"which overlaps a module this calculation derives itself (A4 from transport, "
                f"A5 from waste, B4 from replacements, B6 from energy) or D; it cannot be "
                f"split, so those lines do not declare {modules}.",
                product.id,
            )
        )
    return out


def calculate(
    bill: BillOfQuantities,
    products: Iterable[Product] | Mapping[str, Product],
    *,
    study_period: Any = "50 year",
    replacement_rule: ReplacementRule = BR18_REPLACEMENTS,
    energy: Iterable[EnergyUse] | None = None,
    start_year: int | None = None,
    indicators: Iterable[str] | None = None,
) -> Calculation:
    """Calculate module results for a whole building from its bill of quantities.

    Parameters
    ----------
    bill
        The bill of quantities.
    products
        The products the bill refers to (more are allowed), as a sequence or by id.
    study_period
        Reference study period (RSP), a quantity of time; default 50 years.
    replacement_rule
        Rule for the number of replacements (B4); default :data:`BR18_REPLACEMENTS`.
    energy
        Yearly energy use per carrier, for B6; ``None`` leaves B6 to the products.
    start_year
        First year of the study period, for :meth:`Calculation.replacement_years`.
    indicators
        Indicator ids to calculate; default every indicator of the products used, of the
        transport legs and of the energy uses.

    Returns
    -------
    Calculation
        With ``results`` for :class:`~climatelimits.buildings.Building`, the findings and
        per-line detail.

    Raises
    ------
    UnknownReferenceError
        If a line refers to a product not given, or an indicator is unknown.
    UnitsError
        If a line's quantity cannot be converted to its product's declared unit; the message
        names every such line.
    InvalidInputError
        For a bad argument (a study period of 0, a scenario that does not exist...).

    Examples
    --------
    Test case T7 (``external-cases.md``): concrete and steel declared per kg, used in m³.

    >>> from climatelimits.quantities import BillLine
    >>> def per_kg(pid, gwp, density):
    ...     impacts = {
    ...         "gwp_total": IndicatorResults.from_mapping(
    ...             "gwp_total", {"A1-A3": gwp}, unit="kg CO2e"
    ...         )
    ...     }
    ...     return Product(pid, pid, "1 kg", impacts, properties={"density": density})
    >>> bill = BillOfQuantities(
    ...     "t7",
    ...     [BillLine("slab", "concrete", "23.6 m^3"), BillLine("beams", "steel", "2.25 m^3")],
    ... )
    >>> calc = calculate(
    ...     bill, [per_kg("concrete", 0.100, "2400 kg/m^3"), per_kg("steel", 0.750, "7850 kg/m^3")]
    ... )
    >>> round(calc.total("gwp_total", "A1-A3").value.magnitude, 6)
    18910.875
    """
    _check_arguments(bill, replacement_rule, start_year)
    rsp = _study_period_years(study_period)
    energy_uses = tuple(energy or ())
    for item in energy_uses:
        checked: object = item
        if not isinstance(checked, EnergyUse):
            msg = f"`energy` must hold EnergyUse objects; got {item!r}"
            raise InvalidInputError(msg)
    catalogue = _catalogue(products)
    with np.errstate(over="ignore", invalid="ignore"):  # overflows are found and named below
        return _calculate(
            bill, catalogue, rsp, replacement_rule, energy_uses, start_year, indicators
        )


def _calculate(
    bill: BillOfQuantities,
    catalogue: dict[str, Product],
    rsp: float,
    replacement_rule: ReplacementRule,
    energy_uses: tuple[EnergyUse, ...],
    start_year: int | None,
    indicators: Iterable[str] | None,
) -> Calculation:
    cols = _read_columns(bill, catalogue)
    known = cols.service_life_known
    if known.all():
        replacements = replacement_rule.replacements(rsp, cols.service_life)
    else:
        replacements = np.full(len(bill.columns), -1, dtype=np.int64)
        replacements[known] = replacement_rule.replacements(rsp, cols.service_life[known])
    frozen(replacements)  # ours (the rule's output is copied): shared, not copied again
    findings = [*cols.findings, *_short_service_lives(bill, cols), *_legs_off_data(bill, cols)]
    findings += _energy_off_data(bill, cols, energy_uses)
    if len(bill.columns) and not known.any():
        findings.append(
            Finding(
                "b4_not_calculated",
                f"bill {bill.id!r}: no line has a service life (its own or its product's "
                f"reference service life), so B4 is not calculated and stays not declared.",
                bill.id,
            )
        )

    if indicators is None:
        wanted = list(
            dict.fromkeys(
                [
                    *(i for p in cols.products for i in p.impacts),
                    *cols.leg_indicators,
                    *(e.indicator for e in energy_uses),
                ]
            )
        )
    else:
        wanted = list(dict.fromkeys(indicators))
    for indicator in wanted:
        get_indicator(indicator)
    results: dict[str, IndicatorResults] = {}
    details: dict[str, Callable[[], LineModuleValues]] = {}
    b4_rows = replacements if known.any() else None
    for indicator in wanted:
        uses = [e for e in energy_uses if e.indicator == indicator]
        b6 = safe_fsum(e.b6(rsp) for e in uses) if uses else None
        outcome = _calculate_indicator(indicator, bill, cols, b4_rows, b6)
        results[indicator] = outcome.results
        details[indicator] = outcome.detail
        findings.extend(outcome.findings)
    return Calculation(
        bill=bill.id,
        study_period=registry().Quantity(rsp, TIME_UNIT),
        results=FrozenMap(results),
        findings=tuple(_unique(findings)),
        line_ids=bill.columns.ids,
        declared_units=cols.declared_units,
        mass=cols.mass,
        mass_known=frozen(cols.mass_known_p[cols.line_product]),
        service_life=cols.service_life,
        service_life_known=cols.service_life_known,
        replacements=replacements,
        replacement_rule=replacement_rule,
        start_year=start_year,
        line_values=_LineValues(details),
        elements=bill.columns.element,
        classifications=bill.columns.classification,
    )


def _check_arguments(bill: object, rule: object, start_year: object) -> None:
    if not isinstance(bill, BillOfQuantities):
        msg = f"`bill` must be a BillOfQuantities; got {bill!r}"
        raise InvalidInputError(msg)
    if not isinstance(rule, ReplacementRule):
        msg = f"`replacement_rule` must be a ReplacementRule; got {rule!r}"
        raise InvalidInputError(msg)
    if start_year is not None and (
        isinstance(start_year, bool) or not isinstance(start_year, int)
    ):
        msg = f"`start_year` must be a whole year such as 2025; got {start_year!r}"
        raise InvalidInputError(msg)
