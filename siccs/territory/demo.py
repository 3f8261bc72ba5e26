"""Demo territory: the cercles and communes of the pilot committees, and the 2023 reform.

The country and its 20 first-level units come from the migration. Here: the communes
of the demo committees under their cercle and *current* region, built as they were
before the reform and then moved with the reform services, so that 2021 figures count
under Mopti (or Ségou) and today's under Douentza, Bandiagara (or San).

Dates: the domain brief puts the 2023 reform in force in September 2024; we record it on
2024-09-01 (a plausible day, not a legal citation). Centres are approximate (±10 km),
enough for a map of the demo. The six communes of Bamako lie directly under the District,
as the law organises it (the District has no cercles).
"""

from __future__ import annotations

import datetime as dt

from siccs.core.demo import DemoContext
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.names import name_key
from siccs.territory.services import SplitPart, unit_split

REFORM_DATE = dt.date(2024, 9, 1)
REFORM_REFERENCE = "Réforme territoriale de 2023 (lois de février–mars 2023), en vigueur en 2024"

# commune: (cercle, region before the reform, region today, (lat, lon))
COMMUNES = {
    "Ansongo": ("Ansongo", "Gao", "Gao", (15.66, 0.50)),
    "Tin Hama": ("Ansongo", "Gao", "Gao", (15.95, 0.85)),
    "Gao": ("Gao", "Gao", "Gao", (16.27, -0.04)),
    "Ménaka": ("Ménaka", "Ménaka", "Ménaka", (15.92, 2.40)),
    "Bla": ("Bla", "Ségou", "Ségou", (12.95, -5.76)),
    "Tominian": ("Tominian", "Ségou", "San", (13.29, -4.39)),
    "Yasso": ("Tominian", "Ségou", "San", (13.05, -4.55)),
    "Mopti": ("Mopti", "Mopti", "Mopti", (14.49, -4.18)),
    "Djenné": ("Djenné", "Mopti", "Mopti", (13.91, -4.55)),
    "Femaye": ("Djenné", "Mopti", "Mopti", (14.05, -4.38)),
    "Douentza": ("Douentza", "Mopti", "Douentza", (15.00, -2.95)),
    "Bandiagara": ("Bandiagara", "Mopti", "Bandiagara", (14.35, -3.61)),
    "Koro": ("Koro", "Mopti", "Bandiagara", (14.07, -2.08)),
    "Diré": ("Diré", "Tombouctou", "Tombouctou", (16.27, -3.39)),
    "Goundam": ("Goundam", "Tombouctou", "Tombouctou", (16.41, -3.67)),
    "Soboundou": ("Niafunké", "Tombouctou", "Tombouctou", (15.93, -3.99)),
}
BAMAKO = {
    "Commune I": (12.66, -7.95),
    "Commune II": (12.65, -7.98),
    "Commune III": (12.65, -8.01),
    "Commune IV": (12.63, -8.05),
    "Commune V": (12.60, -8.00),
    "Commune VI": (12.58, -7.93),
}


def _unit(
    name: str, level: int, parent: AdministrativeUnit, centre: tuple[float, float] | None = None
) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.filter(
        name_key=name_key(name), level=level, parent=parent, valid_to__isnull=True
    ).first()
    if unit is None:
        unit = AdministrativeUnit.objects.create(
            name=name,
            level=level,
            parent=parent,
            centre_lat=centre[0] if centre else None,
            centre_lon=centre[1] if centre else None,
        )
    return unit


def load(demo: DemoContext) -> None:
    country = AdministrativeUnit.objects.get(level=Level.COUNTRY, parent__isnull=True)
    regions = {r.name: r for r in AdministrativeUnit.objects.filter(parent=country)}
    demo.objects["country"] = country
    for name, region in regions.items():
        demo.objects[f"region:{name}"] = region

    cercles: dict[str, AdministrativeUnit] = {}
    for commune, (cercle, before, _today, centre) in COMMUNES.items():
        if cercle not in cercles:
            cercles[cercle] = _unit(cercle, Level.CERCLE, regions[before])
        demo.objects[f"unit:{commune}"] = _unit(commune, Level.COMMUNE, cercles[cercle], centre)
    for commune, centre in BAMAKO.items():
        demo.objects[f"unit:{commune}"] = _unit(
            commune, Level.COMMUNE, regions["District de Bamako"], centre
        )

    # The 2023 reform, for the regions of the demo committees.
    for source, new_regions in {
        "Mopti": ("Douentza", "Bandiagara"),
        "Ségou": ("San",),
    }.items():
        parts = []
        for new in new_regions:
            moved = sorted({v[0] for v in COMMUNES.values() if v[1] == source and v[2] == new})
            children = [cercles[c] for c in moved if cercles[c].parent_id == regions[source].pk]
            if children:
                parts.append(SplitPart(existing=regions[new], children=children))
        if parts:
            unit_split(
                user=None,
                unit=regions[source],
                on=REFORM_DATE,
                parts=parts,
                source_continues=True,
                reference=REFORM_REFERENCE,
            )
    for name, cercle in cercles.items():
        demo.objects[f"cercle:{name}"] = cercle
    # The reform moved subtrees: hand fresh rows (parent, path, dates) to later loaders.
    keys = [k for k, v in demo.objects.items() if isinstance(v, AdministrativeUnit)]
    fresh = AdministrativeUnit.objects.select_related("parent").in_bulk(
        [demo.objects[k].pk for k in keys]
    )
    for key in keys:
        demo.objects[key] = fresh[demo.objects[key].pk]
