"""The optional background layer under the committee map (MAP_BACKGROUND_WMS): absent by
default, an image exactly under the drawn extent when configured, on the map page only."""

import datetime as dt
import os
import re
import subprocess
import sys

import pytest

from siccs.dashboard import maps

pytestmark = pytest.mark.django_db
WMS = (
    "https://wms.example.org/service?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetMap&LAYERS=osm"
    "&SRS=EPSG:4326&BBOX={bbox}&WIDTH={width}&HEIGHT={height}&FORMAT=image/png"
)


def test_there_is_no_background_by_default(mali, client_for, national_admin):
    response = client_for(national_admin).get("/dashboard/map/")
    assert "<image" not in response.content.decode()
    assert "wms.example.org" not in response.headers["Content-Security-Policy"]


def test_a_configured_wms_lies_under_the_drawn_extent(mali, national_admin, settings):
    settings.MAP_BACKGROUND_WMS = WMS
    data = maps.committee_map(user=national_admin, on=dt.date.today(), online_background=True)
    image = re.search(
        r'<image href="([^"]+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"',
        str(data["svg"]),
    )
    assert image is not None
    url, x, y, width, height = image.groups()
    bbox = re.search(r"BBOX=([-\d.,]+)&amp;WIDTH=(\d+)&amp;HEIGHT=(\d+)", url)
    west, south, east, north = map(float, bbox.group(1).split(","))
    project = maps.Projector((west, south, east, north), 600)
    # The image's corners are where the projection puts the corners of its box.
    assert (float(x), float(y)) == pytest.approx(project(west, north), abs=0.2)
    assert (float(x) + float(width), float(y) + float(height)) == pytest.approx(
        project(east, south), abs=0.2
    )
    assert (int(bbox.group(2)), int(bbox.group(3))) == (round(float(width)), round(float(height)))


def test_the_map_page_draws_it_and_the_dashboard_never_fetches_it(
    mali, client_for, national_admin, settings
):
    settings.MAP_BACKGROUND_WMS = WMS
    html = client_for(national_admin).get("/dashboard/map/").content.decode()
    assert 'href="https://wms.example.org/service?' in html
    # The dashboard's small map and the report stay offline and printable.
    dashboard = client_for(national_admin).get("/dashboard/").content.decode()
    assert "wms.example.org" not in dashboard


def test_the_settings_open_the_csp_to_the_wms_origin_only():
    code = "import siccs.settings as s; print(' '.join(s.SECURE_CSP['img-src']))"
    env = {**os.environ, "MAP_BACKGROUND_WMS": WMS}
    with_wms = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert with_wms[-1] == "https://wms.example.org"
    env.pop("MAP_BACKGROUND_WMS")
    without = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not any("example" in source for source in without)
