"""The demo territory: pilot communes under their current regions, with the 2023 reform."""

import datetime as dt

from siccs.core.demo import DemoContext
from siccs.territory import demo as territory_demo
from siccs.territory.models import AdministrativeUnit, Level, TerritorialEvent
from siccs.territory.selectors import ancestor_at_level_map


def test_it_places_the_pilot_communes_under_their_current_regions_and_their_2021_ones(db):
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
    today = ancestor_at_level_map(dt.date(2025, 6, 1))
    in_2021 = ancestor_at_level_map(dt.date(2021, 6, 25))
    for commune, region in expected_today.items():
        unit = objects[f"unit:{commune}"]
        assert unit.level == Level.COMMUNE
        assert today[unit.pk] == objects[f"region:{region}"].pk, commune
    mopti = objects["region:Mopti"].pk
    for commune in ("Douentza", "Bandiagara", "Koro", "Djenné"):
        assert in_2021[objects[f"unit:{commune}"].pk] == mopti, commune
    assert in_2021[objects["unit:Yasso"].pk] == objects["region:Ségou"].pk
    assert objects["unit:Soboundou"].parent.name == "Niafunké"
    assert objects["unit:Bandiagara"].path.startswith(objects["region:Bandiagara"].path)
    assert TerritorialEvent.objects.filter(date=dt.date(2024, 9, 1)).count() == 2
    assert (
        not AdministrativeUnit.objects.filter(level=Level.REGION)
        .in_force(dt.date(2021, 6, 25))
        .filter(name="Douentza")
        .exists()
    )
