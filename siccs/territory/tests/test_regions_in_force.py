"""Reports count the regions in force on their date: 8 regions and the District de Bamako
on 1 June 2015, 19 and the District on 25 June 2021 and today, in their denominators,
their region tables and their maps; on a fresh install and in the demo."""

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from siccs.accounts.models import User
from siccs.dashboard import maps
from siccs.dashboard.report import build_context, summary_rows
from siccs.dashboard.selectors import dashboard_figures
from siccs.territory.geometry import to_shape

REGIONS_2015 = {
    "Kayes", "Koulikoro", "Sikasso", "Ségou", "Mopti", "Tombouctou", "Gao", "Kidal",
    "District de Bamako",
}  # fmt: skip
REGIONS_2020 = REGIONS_2015 | {
    "Taoudénit", "Ménaka", "Dioïla", "Bougouni", "Nioro", "Koutiala", "Kita", "Nara", "San",
    "Bandiagara", "Douentza",
}  # fmt: skip
DATES = [
    (dt.date(2015, 6, 1), REGIONS_2015),
    (dt.date(2021, 6, 25), REGIONS_2020),
    (dt.date.today(), REGIONS_2020),
]


def regions_of_report(user, on: dt.date) -> dict:
    context = build_context(user=user, on=on)
    figures = context["f"]
    with translation.override("en"):
        summary = dict(summary_rows(context))
    data = maps.region_map_data(figures)
    return {
        "denominator": figures["target"]["regions"],
        "summary": summary["Regional and District committees installed"],
        "table": {r["name"] for r in figures["by_region"]},
        "map": {u["name"] for u in data["units"]},
        "svg": str(maps.region_map(figures)),
    }


@pytest.mark.parametrize(("on", "expected"), DATES)
def test_a_fresh_install_counts_the_regions_in_force_on_the_date(on, expected, national_admin):
    report = regions_of_report(national_admin, on)
    assert report["denominator"] == len(expected)
    assert report["summary"].endswith(f"/ {len(expected)}")
    assert report["table"] == expected
    assert report["map"] == expected


@pytest.fixture
def demo_admin(db):
    call_command("load_demo", stdout=StringIO())
    return User.objects.get(username="admin")


def test_the_demo_counts_the_regions_in_force_and_draws_them_with_their_names(demo_admin):
    seen = {}
    for on, expected in DATES:
        report = regions_of_report(demo_admin, on)
        assert report["denominator"] == len(expected), on
        assert report["table"] == expected, on
        assert report["map"] == expected, on
        # Real shapes with a name on each: one area and one label per region in force.
        svg = report["svg"]
        names = svg.split('class="map-names"', 1)[1].split("</g>", 1)[0]
        # Names only: a region's coverage note is the bold line under its name.
        labels = re.findall(r"<text (?:(?!font-weight)[^>])*>([^<]+)</text>", names)
        assert set(labels) == expected, on
        assert svg.count('class="map-unit"') == len(expected) and "<circle" not in svg
        seen[on] = report["summary"]
    # The workshop's figure: 10 regional committees installed, of the 20 units in force.
    assert seen[dt.date(2021, 6, 25)] == "10 / 20"
    assert seen[dt.date(2015, 6, 1)] == "0 / 9"


def test_the_map_of_2015_draws_mopti_whole(demo_admin):
    """Before 25 November 2020 Mopti's shape includes what became Bandiagara and
    Douentza: the map of 2015 has no hole where they are today."""
    old = maps.region_map_data(dashboard_figures(user=demo_admin, on=dt.date(2015, 6, 1)))
    new = maps.region_map_data(dashboard_figures(user=demo_admin, on=dt.date.today()))
    mopti_then = next(to_shape(u["boundary"]) for u in old["units"] if u["name"] == "Mopti")
    parts_now = [
        to_shape(u["boundary"])
        for u in new["units"]
        if u["name"] in {"Mopti", "Bandiagara", "Douentza"}
    ]
    assert mopti_then.area == pytest.approx(sum(p.area for p in parts_now), rel=1e-6)
    assert mopti_then.geom_type == "Polygon" and not list(mopti_then.interiors)
