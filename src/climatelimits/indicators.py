"""Impact indicators that limits are set on.

Each indicator has a canonical unit and so a dimension: ``kg CO2e`` for the global-warming
indicators and ``EUR`` for the Dutch shadow cost. A limit names its indicator and a result
is looked up by that name, so a building that declared only ``gwp_total`` has no value for a
limit on ``re2020_ic_construction`` (it is *incomplete*, not compared), and a limit in EUR
can never be met by a result in kg CO2e.

Ozone depletion (``odp``, from EPDs) is in ``kg CFC11e``.

References
----------
.. [1] EN 15804:2012+A2:2019, section 7.2.3: GWP-total = GWP-fossil + GWP-biogenic +
   GWP-luluc (IPCC AR5 GWP100).
.. [2] International EPD System, PCR 2019:14 and GPI 4: GWP-GHG as an additional indicator,
   https://www.environdec.com/resources/indicators
.. [3] RE2020, Ic_construction: a dynamic life-cycle GWP weighted by the year of emission,
   https://www.e-re2020.fr/explications/carbone/ic-construction/
.. [4] Stichting Nationale Milieudatabase, MPG and its shadow cost (MKI) in euro,
   https://milieudatabase.nl/nl/milieuprestatie/milieuprestatieberekening/
"""

from __future__ import annotations

import attrs

from climatelimits._registry import Table
from climatelimits.units import COST_UNIT, EMISSION_UNIT, parse_unit

__all__ = ["INDICATORS", "Indicator", "get_indicator"]


@attrs.frozen
class Indicator:
    """An impact indicator.

    Attributes
    ----------
    id : str
        Identifier used in files and results, e.g. ``"gwp_total"``.
    name : str
        Name as written in the standard, e.g. ``"GWP-total"``.
    unit : str
        Canonical unit; results and limits on this indicator must have its dimension.
    description : str
        What it measures and where it is defined.
    """

    id: str
    name: str
    unit: str
    description: str

    @property
    def dimensionality(self) -> object:
        """The pint dimensionality of :attr:`unit`."""
        return parse_unit(self.unit).dimensionality


_INDICATORS = (
    Indicator(
        "gwp_total",
        "GWP-total",
        EMISSION_UNIT,
        "Global warming potential, total (EN 15804+A2): fossil + biogenic + luluc.",
    ),
    Indicator(
        "gwp_fossil",
        "GWP-fossil",
        EMISSION_UNIT,
        "Global warming potential from fossil sources (EN 15804+A2).",
    ),
    Indicator(
        "gwp_biogenic",
        "GWP-biogenic",
        EMISSION_UNIT,
        "Global warming potential from biogenic uptake and emission (EN 15804+A2).",
    ),
    Indicator(
        "gwp_luluc",
        "GWP-luluc",
        EMISSION_UNIT,
        "Global warming potential from land use and land-use change (EN 15804+A2).",
    ),
    Indicator(
        "gwp_ghg",
        "GWP-GHG",
        EMISSION_UNIT,
        "GWP-GHG of the International EPD System (PCR 2019:14); declared separately, "
        "never derived from the other GWP indicators.",
    ),
    Indicator(
        "gwp",
        "GWP (EN 15804+A1)",
        EMISSION_UNIT,
        "Global warming potential of EN 15804+A1 declarations (CML characterisation), "
        "which have no fossil/biogenic split.",
    ),
    Indicator(
        "re2020_ic_construction",
        "Ic_construction (RE2020)",
        EMISSION_UNIT,
        "French RE2020 construction indicator: dynamic life-cycle GWP of products, "
        "equipment and the building site, each emission weighted by its year.",
    ),
    Indicator(
        "re2020_ic_energie",
        "Ic_énergie (RE2020)",
        EMISSION_UNIT,
        "French RE2020 energy indicator: dynamic GWP of operational energy use.",
    ),
    Indicator(
        "mki",
        "MKI (shadow cost)",
        COST_UNIT,
        "Dutch environmental cost indicator (MilieuKostenIndicator) in euro, the weighted "
        "sum of the EN 15804 indicators used by the MPG.",
    ),
    Indicator(
        "odp",
        "ODP",
        "kg CFC11e",
        "Ozone depletion potential of the stratospheric ozone layer, in kg CFC-11 "
        "equivalents (EN 15804+A1 and +A2 core indicator).",
    ),
)

INDICATORS: Table[Indicator] = Table("indicator", {i.id: i for i in _INDICATORS})
"""Every indicator climatelimits knows, by id."""


def get_indicator(indicator_id: str) -> Indicator:
    """Return the indicator with this id.

    Raises
    ------
    UnknownReferenceError
        If there is none; the message lists the known ids.
    """
    return INDICATORS[indicator_id]
