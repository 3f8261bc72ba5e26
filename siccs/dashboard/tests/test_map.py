"""The SVG map: real COD-AB boundaries, points where none is imported, links to lists."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.urls import reverse

from siccs.dashboard import maps
from siccs.dashboard.tests.world import AFTER, BEFORE, build
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.names import name_key

SVG = "{http://www.w3.org/2000/svg}"
ADM1 = Path("/work/shared/data/mali-cod-ab-2015/mli_admbnda_adm1.geojson")


def _boundaries():
    features = json.loads(ADM1.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["admin1Name"]: f["geometry"] for f in features}


@pytest.fixture
def with_boundaries(mali):
    shapes = _boundaries()
    by_key = {name_key(name): geometry for name, geometry in shapes.items()}
    matched = 0
    for unit in AdministrativeUnit.objects.filter(level=Level.REGION):
        for key in {unit.name_key, *unit.alias_keys()}:
            if key in by_key:
                unit.boundary = by_key[key]
                unit.save(update_fields=["boundary"])
                matched += 1
                break
    assert matched == 9  # the 8 regions of 2015 and Bamako
    return shapes


def test_it_projects_mali_inside_the_picture():
    project = maps.Projector()
    x0, y0 = project(-12.2, 25.0)
    x1, y1 = project(4.2, 10.2)
    assert 0 <= x0 < x1 <= project.width
    assert 0 <= y0 < y1 <= project.height


def test_it_draws_real_boundaries_and_links_each_region_to_its_committees(
    mali, national_admin, with_boundaries
):
    build(mali)
    data = maps.committee_map(user=national_admin, on=BEFORE)
    root = ET.fromstring(str(data["svg"]))
    assert "style=" not in str(data["svg"])
    paths = root.findall(f".//{SVG}a/{SVG}path")
    # The 2015 edition: 8 regions + Bamako; the regions created since have no boundary yet.
    assert len(paths) == 9
    mopti_link = [a for a in root.iter(f"{SVG}a") if f"region={mali.mopti.pk}" in a.get("href", "")]
    assert len(mopti_link) == 1
    href = mopti_link[0].get("href")
    assert href.startswith(reverse("committees:committee_list"))
    assert "on=2021-06-25" in href
    # Mopti's committees are mostly installed or functional: coloured as installed/functional.
    assert mopti_link[0].find(f"{SVG}path").get("fill") in {
        maps.STATE_COLOURS["functional"],
        maps.STATE_COLOURS["installed"],
    }


def test_the_path_is_simplified_for_the_screen(with_boundaries):
    geometry = with_boundaries["Tombouctou"]
    points = sum(len(ring) for poly in maps._polygons(geometry) for ring in poly)
    d = maps.path_of(geometry, maps.Projector())
    assert 0 < d.count("L") < points


def test_units_without_boundary_are_points_at_their_centre(mali, national_admin):
    world = build(mali)
    AdministrativeUnit.objects.filter(pk=mali.bandiagara.pk).update(
        centre_lat=14.35, centre_lon=-3.61
    )
    data = maps.committee_map(user=national_admin, on=BEFORE, level=Level.COMMUNE)
    root = ET.fromstring(str(data["svg"]))
    circles = root.findall(f".//{SVG}a/{SVG}circle")
    assert len(circles) == 1
    link = root.find(f".//{SVG}a").get("href")
    # One committee in the commune: its own page.
    assert link == reverse("committees:committee_detail", args=[world.bandiagara.pk])
    assert data["missing_boundaries"] == 3


def test_the_map_follows_the_territory_of_the_date(mali, national_admin):
    world = build(mali)
    before = maps.committee_map(user=national_admin, on=BEFORE)
    after = maps.committee_map(user=national_admin, on=AFTER)
    names_before = {r["unit"]["name"]: r["total"] for r in before["rows"] if r["total"]}
    names_after = {r["unit"]["name"]: r["total"] for r in after["rows"] if r["total"]}
    assert names_before == {"Mopti": 3, "Gao": 1}
    assert names_after == {"Mopti": 2, "Douentza": 1, "Gao": 1}
    assert world.douentza.pk in {r["unit"]["pk"] for r in after["rows"]}


def test_the_map_page_renders_with_a_legend(mali, client_for, mopti_focal_point, with_boundaries):
    build(mali)
    response = client_for(mopti_focal_point).get(
        reverse("dashboard:map"), {"on": BEFORE.isoformat(), "level": Level.REGION}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="legend"' in html
    assert f"region={mali.gao.pk}" not in html.split('class="map-wrap"')[1]


def test_a_map_of_communes_draws_the_regions_behind_its_points(
    mali, national_admin, with_boundaries
):
    build(mali)
    AdministrativeUnit.objects.filter(pk=mali.bandiagara.pk).update(
        centre_lat=14.35, centre_lon=-3.61
    )
    root = ET.fromstring(
        str(maps.committee_map(user=national_admin, on=BEFORE, level=Level.COMMUNE)["svg"])
    )
    outlines = root.find(f"{SVG}g[@aria-hidden='true']")
    assert len(outlines.findall(f"{SVG}path")) == 9  # the regions of the 2015 edition
    assert outlines.find(f".//{SVG}a") is None  # orientation only: nothing to click
    assert len(root.findall(f".//{SVG}a/{SVG}circle")) == 1


def test_a_region_without_boundary_or_centre_is_a_point_amid_its_communes(mali, national_admin):
    build(mali)
    AdministrativeUnit.objects.filter(pk=mali.bandiagara.pk).update(
        centre_lat=14.0, centre_lon=-4.0
    )
    AdministrativeUnit.objects.filter(pk=mali.djenne.pk).update(centre_lat=14.0, centre_lon=-3.0)
    data = maps.committee_map(user=national_admin, on=BEFORE)
    root = ET.fromstring(str(data["svg"]))
    mopti = [a for a in root.iter(f"{SVG}a") if f"region={mali.mopti.pk}" in a.get("href", "")]
    assert len(mopti) == 1
    assert mopti[0].find(f"{SVG}circle") is not None
