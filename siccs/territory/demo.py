"""Demo territory: the cercles and communes of the pilot committees, moved into the regions
of the 2012 law on the dates those regions came into force.

The country and its 20 first-level units, with their dated history (Ménaka out of Gao in
January 2016, San out of Ségou, Bandiagara and Douentza out of Mopti on 25 November
2020…), come from the migrations. Here: the communes of the demo committees under their
cercle, built under the region of 2015 and then moved with the reform services on the
date of effect of their current region, so that a 2015 report counts Douentza under
Mopti and the 25 June 2021 one under Douentza. Communes that later loaders create
directly under a newer region (Kita, Nioro…) count under the region it was carved out of
before its date (territory.selectors.tree_on).

The shipped simplified COD-AB 2015 boundaries (`data/boundaries/`) give the regions
their shapes, so the map shows Mali on a fresh clone. Centres of communes are
approximate (±10 km), enough for a map of the demo. The six communes of Bamako lie
directly under the District, as the law organises it (the District has no cercles).
"""

from __future__ import annotations

from collections import defaultdict

from siccs.core.demo import DemoContext
from siccs.territory.boundaries import load_shipped_boundaries
from siccs.territory.models import AdministrativeUnit, Level, TerritorialEvent
from siccs.territory.names import name_key
from siccs.territory.services import SplitPart, unit_split

# commune: (cercle, region in 2015, region today, (lat, lon))
COMMUNES = {
    "Ansongo": ("Ansongo", "Gao", "Gao", (15.66, 0.50)),
    "Tin Hama": ("Ansongo", "Gao", "Gao", (15.95, 0.85)),
    "Gao": ("Gao", "Gao", "Gao", (16.27, -0.04)),
    "Ménaka": ("Ménaka", "Gao", "Ménaka", (15.92, 2.40)),
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

    # The regions of the 2012 law: each takes its cercles on its date of effect.
    moves: dict[AdministrativeUnit, dict[AdministrativeUnit, list[AdministrativeUnit]]]
    moves = defaultdict(lambda: defaultdict(list))
    for cercle, before, today in sorted({(v[0], v[1], v[2]) for v in COMMUNES.values()}):
        if before != today and cercles[cercle].parent_id == regions[before].pk:
            moves[regions[before]][regions[today]].append(cercles[cercle])
    for source, targets in moves.items():
        by_date = defaultdict(list)
        for region, children in targets.items():
            by_date[region.valid_from].append(SplitPart(existing=region, children=children))
        for on, parts in sorted(by_date.items()):
            creation = TerritorialEvent.objects.filter(results=parts[0].existing, date=on).first()
            unit_split(
                user=None,
                unit=source,
                on=on,
                parts=parts,
                source_continues=True,
                reference=creation.reference if creation else "",
            )
    load_shipped_boundaries()
    for name, cercle in cercles.items():
        demo.objects[f"cercle:{name}"] = cercle
    # The reform moved subtrees: hand fresh rows (parent, path, dates) to later loaders.
    keys = [k for k, v in demo.objects.items() if isinstance(v, AdministrativeUnit)]
    fresh = AdministrativeUnit.objects.select_related("parent").in_bulk(
        [demo.objects[k].pk for k in keys]
    )
    for key in keys:
        demo.objects[key] = fresh[demo.objects[key].pk]
