"""Floor-area definitions that limits are normalised by.

A limit is "per m² of" one definition. The definitions differ (a Swedish BTA includes walls
and a Danish reference area weights basements and balconies; a French SREF is a net surface),
so a building states the areas it knows by definition, a limit names the one it needs, and
climatelimits never converts between them.

References
----------
.. [1] Boverket, climate declaration of buildings (BFS 2021:7): area as BTA,
   https://www.boverket.se/en/start/laws-and-regulations/climate-declaration/
.. [2] Bygningsreglementet BR18 §297-§298 and §455 (etageareal) with the weights of the
   reference area, https://bygningsreglementet.dk/Tekniske-bestemmelser/11/Krav/297_298
.. [3] RE2020: surface de référence (SREF) of Ic_construction,
   https://www.e-re2020.fr/explications/carbone/ic-construction/
.. [4] Finland, decree on the carbon footprint of buildings (TRIS notification 2024/0348/FI),
   https://technical-regulation-information-system.ec.europa.eu/it/notification/27245/text/F/EL
.. [5] Stichting Nationale Milieudatabase, MPG calculation per m² BVO (NEN 2580),
   https://milieudatabase.nl/nl/milieuprestatie/milieuprestatieberekening/
.. [6] Directive (EU) 2024/1275 (EPBD recast), Art. 7 and Annex III, useful floor area,
   https://eur-lex.europa.eu/eli/dir/2024/1275/oj/eng
"""

from __future__ import annotations

import attrs

from climatelimits._registry import Table

__all__ = ["AREA_DEFINITIONS", "AreaDefinition", "get_area_definition"]


@attrs.frozen
class AreaDefinition:
    """A named way of measuring a building's floor area.

    Attributes
    ----------
    id : str
        Identifier used in files, e.g. ``"se_bta"``.
    name : str
        Name in the jurisdiction's own words.
    jurisdiction : str
        ISO 3166 country code, or ``"EU"``/``"INT"``.
    description : str
        What is counted and where it is defined.
    version : str
        Which text of the rule the definition follows, where the rule has changed how the
        area is counted (BR18's reference area differs between its 2023 and 2025 texts);
        empty where a single definition serves.
    """

    id: str
    name: str
    jurisdiction: str
    description: str
    version: str = ""


_AREAS = (
    AreaDefinition(
        "gfa",
        "Gross floor area",
        "INT",
        "Gross floor area measured to the outside of external walls, all storeys "
        "(generic; use a national definition where a limit names one).",
    ),
    AreaDefinition(
        "se_bta",
        "Bruttoarea (BTA)",
        "SE",
        "Swedish gross area per SS 21054, the basis of the Swedish climate declaration "
        "(BFS 2021:7).",
    ),
    AreaDefinition(
        "dk_reference",
        "Referenceareal (etageareal med tillæg), 2023",
        "DK",
        "Danish reference area of BR18 §297 as in force from 2023-01-01 to 2025-06-30: "
        "etageareal per §455 with the 2023 weights (basements, ground-level waste rooms and "
        "shelters 100 %, integrated garages of houses 50 %, external ramps and stairs, "
        "balconies, access balconies, integrated carports and walk-on ceilings 25 %; "
        "detached garages, sheds, greenhouses, covered terraces and used roofs excluded).",
        "BR18 §297, 2023 text",
    ),
    AreaDefinition(
        "dk_reference_2025",
        "Referenceareal (etageareal med tillæg), 2025",
        "DK",
        "Danish reference area of BR18 §297 as in force from 2025-07-01: etageareal per §455 "
        "with the 2025 weights, which differ from 2023 (conservatories and balcony "
        "enclosures 50 %, integrated garages 50 %, basements 100 %, ...); an area measured "
        "by the 2023 weights is not this one.",
        "BR18 §297, 2025 text",
    ),
    AreaDefinition(
        "dk_floor",
        "Etageareal",
        "DK",
        "Danish floor area per BR18 §455, without the weights of the reference area; the "
        "size thresholds of the 2025 rules (unheated buildings under 50 m², holiday homes "
        "under 150 m²) are stated in it.",
    ),
    AreaDefinition(
        "dk_heated",
        "Opvarmet etageareal",
        "DK",
        "Danish heated floor area, which decides whether the BR18 2023 limit applies "
        "(above 1000 m²).",
    ),
    AreaDefinition(
        "fr_sref",
        "Surface de référence (SREF)",
        "FR",
        "French RE2020 reference surface, the basis of Ic_construction and Ic_énergie.",
    ),
    AreaDefinition(
        "fi_heated_net",
        "Lämmitetty nettoala",
        "FI",
        "Finnish heated net area, the basis of the carbon-footprint limits (decree notified "
        "as TRIS 2024/0348/FI).",
    ),
    AreaDefinition(
        "nl_bvo",
        "Bruto vloeroppervlakte (BVO)",
        "NL",
        "Dutch gross floor area per NEN 2580, the basis of the MPG.",
    ),
    AreaDefinition(
        "nl_go",
        "Gebruiksoppervlakte (GO)",
        "NL",
        "Dutch usable floor area per NEN 2580; the Bbl exempts offices under 100 m² GO "
        "from the MPG limit.",
    ),
    AreaDefinition(
        "eu_ufa",
        "Useful floor area",
        "EU",
        "Useful floor area of the EPBD recast (Directive (EU) 2024/1275), the basis of "
        "life-cycle GWP disclosure.",
    ),
)

AREA_DEFINITIONS: Table[AreaDefinition] = Table("area", {a.id: a for a in _AREAS})
"""Every area definition climatelimits knows, by id."""


def get_area_definition(area_id: str) -> AreaDefinition:
    """Return the area definition with this id.

    Raises
    ------
    UnknownReferenceError
        If there is none; the message lists the known ids.
    """
    return AREA_DEFINITIONS[area_id]
