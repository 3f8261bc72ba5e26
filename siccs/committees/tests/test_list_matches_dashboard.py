"""Every region figure of the dashboard opens a committee list of the same size, before and
after a territorial split (the list reads regions as the structure stood on its date)."""

import pytest

from siccs.dashboard.selectors import dashboard_figures
from siccs.dashboard.tests.world import AFTER, BEFORE, build


@pytest.mark.parametrize("on", [BEFORE, AFTER])
def test_each_region_link_lists_what_its_figure_counts(mali, national_admin, client_for, on):
    build(mali)
    client = client_for(national_admin)
    figures = dashboard_figures(user=national_admin, on=on)
    checked = 0
    for row in figures["by_region"]:
        if not row["url"]:
            continue
        response = client.get(row["url"])
        assert response.context["total"] == row["total"], row["name"]
        checked += 1
    assert checked >= 2


def test_mopti_before_the_split_includes_djenne_and_not_after(mali, national_admin, client_for):
    world = build(mali)
    client = client_for(national_admin)
    before = client.get("/committees/", {"on": BEFORE.isoformat(), "region": mali.mopti.pk})
    after = client.get("/committees/", {"on": AFTER.isoformat(), "region": mali.mopti.pk})
    assert world.djenne in [r["committee"] for r in before.context["rows"]]
    assert world.djenne not in [r["committee"] for r in after.context["rows"]]
    douentza = client.get("/committees/", {"on": AFTER.isoformat(), "region": world.douentza.pk})
    assert [r["committee"] for r in douentza.context["rows"]] == [world.djenne]
    assert [r["region"] for r in douentza.context["rows"]] == ["Douentza"]


def test_a_map_link_to_a_cercle_lists_its_communes_committees(mali, national_admin, client_for):
    world = build(mali)
    response = client_for(national_admin).get(
        "/committees/", {"on": BEFORE.isoformat(), "unit": mali.djenne_cercle.pk}
    )
    assert [r["committee"] for r in response.context["rows"]] == [world.djenne]
    assert "Djenné" in response.content.decode()
