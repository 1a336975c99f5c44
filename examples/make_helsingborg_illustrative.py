"""Build the illustrative Helsingborg schedule with the from-target constructor.

``python examples/make_helsingborg_illustrative.py [OUTPUT]`` writes the schedule to OUTPUT
(``.toml`` or ``.json``; default ``helsingborg-oceanhamnen-illustrative.toml`` in the current
folder). The catalogue's copy was written with OUTPUT
``src/climatelimits/catalogue/helsingborg-oceanhamnen-illustrative.toml``; the test suite
rebuilds the schedule and checks that the shipped file matches.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import attrs

from climatelimits import (
    Limit,
    LimitCategory,
    LimitMetric,
    LimitSchedule,
    ScheduleStatus,
    Source,
    dump_schedule,
)
from climatelimits.buildings import DateBasis

BASELINE = 308.0
"""Average A1-A5 climate impact of six declared reference buildings of the City of
Helsingborg's property board [kg CO2e/m² BTA], decision of April 2021 (press release)."""
BASELINE_YEAR = 2024
TARGET = BASELINE / 2
TARGET_YEAR = 2030

NOTES = f"""\
ILLUSTRATIVE ONLY. The City of Helsingborg has published no limit values for Oceanhamnen or
anywhere else; this schedule is not a rule of the city. Within the NetZeroCities pilot the city
will explore clear emission limits for the construction sector, tightened step by step to 2030.
This file shows what such a path could look like.

Derivation: the city's property board reported {BASELINE:g} kg CO2e/m² BTA (A1-A5, Boverket
climate-declaration method) as the average of six declared reference buildings. Taking that
average as the limit in {BASELINE_YEAR} and half of it ({TARGET:g}) in {TARGET_YEAR}, with a step
on 1 January every 2 years on a straight line, rounded half up to whole kg CO2e/m²:
  2024: 308
  2026: 308 - 2 x 154/6 = 256.67 -> 257
  2028: 308 - 4 x 154/6 = 205.33 -> 205
  2030: 154
Built with climatelimits.LimitCategory.from_target(baseline=308, baseline_year=2024,
target=154, target_year=2030, every_years=2, rounding_step=1) by
examples/make_helsingborg_illustrative.py. The same path applies to every use ("any"), since
the baseline mixes building types. The permit-application date selects the step; that is a
choice of this example, not of the city.

Indicator: GWP-GHG (`gwp_ghg`), the indicator of the Swedish climate declaration whose
method the 308 reference follows (see se-boverket-2023-proposal for the source); a
declaration with GWP-total results only gets no verdict.
"""


def build() -> LimitSchedule:
    """Return the illustrative Helsingborg schedule."""
    category = LimitCategory.from_target(
        baseline=BASELINE,
        baseline_year=BASELINE_YEAR,
        target=TARGET,
        target_year=TARGET_YEAR,
        every_years=2,
        rounding_step=1,
        title="Every use (illustrative path from the city's 2021 reference average)",
    )
    category = attrs.evolve(category, sources=("helsingborg-2021",))
    return LimitSchedule(
        id="helsingborg-oceanhamnen-illustrative",
        title="Helsingborg Oceanhamnen: illustrative A1-A5 path halving the 308 kg CO2e/m² "
        "reference average by 2030",
        jurisdiction="SE-Helsingborg",
        status=ScheduleStatus.ILLUSTRATIVE,
        date_basis=DateBasis.PERMIT_APPLICATION,
        limits=(
            Limit(
                id="building",
                title="Climate impact of the building, A1-A5 (illustrative)",
                metric=LimitMetric(
                    indicator="gwp_ghg",
                    modules="A1-A5",
                    area="se_bta",
                    per_year=False,
                    unit="kg CO2e / m^2",
                    decimals=0,
                ),
                categories={"any": category},
            ),
        ),
        sources=(
            Source(
                "Helsingborg property board: historic goal of climate-neutral construction "
                "(reference average 308 kg CO2e/m², six buildings, A1-A5)",
                "https://mynewsdesk.com/se/helsingborg/pressreleases/fastighetsnaemnden-tar-historiskt-maal-om-klimatneutralt-byggande-3090646",
                id="helsingborg-2021",
                retrieved=dt.date(2026, 12, 5),
            ),
            Source(
                "Helsingborg selected for the EU pilot programme for sustainable cities "
                "(NetZeroCities Pilot City, Oceanhamnen)",
                "https://helsingborg.se/makingofasmartercity/funds-for-helsingborg-as-it-is-selected-for-the-eus-pilot-programme-for-sustainable-cities/",
                id="helsingborg-netzerocities",
            ),
            Source(
                "One Click LCA: Sverige - Klimatdeklaration av byggnader (quotes Boverket's "
                "database site: GWP-GHG is the key indicator of the climate declaration)",
                "https://oneclicklca.zendesk.com/hc/en-us/articles/4403777603858-Sverige-Klimatdeklaration-av-byggnader",
                id="oneclicklca-gwp-ghg",
                retrieved=dt.date(2026, 12, 5),
            ),
        ),
        notes=NOTES,
    )


def main(argv: list[str]) -> int:
    """Write the schedule to the path in ``argv`` (or the default); return the exit code."""
    if len(argv) > 1:
        sys.stderr.write("usage: make_helsingborg_illustrative.py [OUTPUT.toml|OUTPUT.json]\n")
        return 2
    target = Path(argv[0] if argv else "helsingborg-oceanhamnen-illustrative.toml")
    dump_schedule(build(), target)
    sys.stdout.write(f"wrote {target}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
