"""The demo territory: pilot communes moved into the regions of the 2012 law on the dates
those regions came into force, and the shipped region shapes."""

import datetime as dt

from siccs.core.demo import DemoContext
from siccs.territory import demo as territory_demo
from siccs.territory.models import AdministrativeUnit, EventKind, Level, TerritorialEvent
from siccs.territory.selectors import ancestor_at_level_map

JUNE_2015 = dt.date(2015, 6, 1)
WORKSHOP = dt.date(2021, 6, 25)


def test_it_places_the_pilot_communes_under_the_regions_of_each_date(db):
    demo = DemoContext()
    territory_demo.load(demo)
    objects = demo.objects
    expected_today = {
        "Douentza": "Douentza", "Bandiagara": "Bandiagara", "Koro": "Bandiagara",
        "Ansongo": "Gao", "Tin Hama": "Gao", "Ménaka": "Ménaka", "Femaye": "Mopti",
        "Djenné": "Mopti", "Bla": "Ségou", "Tominian": "San", "Yasso": "San",
        "Diré": "Tombouctou", "Goundam": "Tombouctou", "Soboundou": "Tombouctou",
        "Commune IV": "District de Bamako", "Mopti": "Mopti", "Gao": "Gao",
    }  # fmt: skip
    today = ancestor_at_level_map(dt.date.today())
    in_2021 = ancestor_at_level_map(WORKSHOP)
    in_2015 = ancestor_at_level_map(JUNE_2015)
    for commune, region in expected_today.items():
        unit = objects[f"unit:{commune}"]
        assert unit.level == Level.COMMUNE
        assert today[unit.pk] == objects[f"region:{region}"].pk, commune
        # On the day of the workshop the 19 regions were all in force already.
        assert in_2021[unit.pk] == objects[f"region:{region}"].pk, commune
    mopti = objects["region:Mopti"].pk
    for commune in ("Douentza", "Bandiagara", "Koro", "Djenné"):
        assert in_2015[objects[f"unit:{commune}"].pk] == mopti, commune
    assert in_2015[objects["unit:Yasso"].pk] == objects["region:Ségou"].pk
    assert in_2015[objects["unit:Ménaka"].pk] == objects["region:Gao"].pk
    assert objects["unit:Soboundou"].parent.name == "Niafunké"
    assert objects["unit:Bandiagara"].path.startswith(objects["region:Bandiagara"].path)
    moves = TerritorialEvent.objects.filter(kind=EventKind.SPLIT)
    assert sorted((e.date.isoformat(), e.sources.get().name) for e in moves) == [
        ("2016-01-01", "Gao"),
        ("2020-11-25", "Mopti"),
        ("2020-11-25", "Ségou"),
    ]
    assert moves.get(sources__name="Mopti").reference.startswith("Loi n°2012-017")


def test_it_gives_the_regions_their_shipped_shapes_and_a_label_point_inside(db):
    territory_demo.load(DemoContext())
    regions = AdministrativeUnit.objects.filter(level=Level.REGION)
    assert regions.filter(boundary__isnull=True).count() == 0
    mopti = regions.get(name="Mopti")
    assert mopti.boundary["type"] == "Polygon"
    assert 13.5 < mopti.centre_lat < 15.5 and -5.5 < mopti.centre_lon < -3
