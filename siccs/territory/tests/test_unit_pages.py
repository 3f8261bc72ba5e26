"""Unit index and detail: scoped, with the structure in force at a date and its history."""

import datetime as dt

from django.urls import reverse

from siccs.territory.models import Level
from siccs.territory.services import SplitPart, unit_split
from siccs.territory.tests.factories import UnitFactory, shipped


def reform(mali):
    cercle = UnitFactory(name="Douentza", level=Level.CERCLE, parent=mali.mopti)
    unit_split(
        user=None,
        unit=mali.mopti,
        on=dt.date(2024, 9, 1),
        parts=[SplitPart(existing=shipped("Douentza"), children=[cercle])],
        source_continues=True,
        reference="Réforme territoriale de 2023",
    )
    return cercle


def test_it_lists_the_regions_in_force_at_a_date(
    client_for, national_admin, mali, django_assert_max_num_queries
):
    reform(mali)
    client = client_for(national_admin)
    with django_assert_max_num_queries(8):
        today = client.get(reverse("territory:unit_index")).content.decode()
    # Douentza region exists from 25 November 2020 (the shipped history).
    then = client.get(reverse("territory:unit_index"), {"on": "2015-06-01"}).content.decode()
    assert "Douentza" in today and "Douentza" not in then
    assert "Mopti" in then


def test_it_shows_the_children_a_region_had_then_and_its_history(client_for, national_admin, mali):
    cercle = reform(mali)
    client = client_for(national_admin)
    url = reverse("territory:unit_detail", args=[mali.mopti.pk])
    then = client.get(url, {"on": "2021-06-25"}).content.decode()
    assert f'href="/territory/{cercle.pk}/?on=2021-06-25"' in then
    now = client.get(url).content.decode()
    assert f'href="/territory/{cercle.pk}/"' not in now
    assert "Réforme territoriale de 2023" in now and "Scission" in now


def test_it_shows_a_communes_former_region(client_for, national_admin, mali):
    cercle = reform(mali)
    page = client_for(national_admin).get(
        reverse("territory:unit_detail", args=[cercle.pk]), {"on": "2021-06-25"}
    )
    text = page.content.decode()
    assert f'href="/territory/{mali.mopti.pk}/?on=2021-06-25">Mopti</a>' in text
    assert (
        "dans Mopti"
        in client_for(national_admin)
        .get(reverse("territory:unit_detail", args=[cercle.pk]))
        .content.decode()
    )


def test_it_answers_404_outside_the_scope(client_for, mopti_focal_point, mali):
    client = client_for(mopti_focal_point)
    assert client.get(reverse("territory:unit_detail", args=[mali.gao.pk])).status_code == 404
    assert client.get(reverse("territory:unit_detail", args=[mali.djenne.pk])).status_code == 200


def test_it_ignores_a_malformed_date(client_for, national_admin):
    assert (
        client_for(national_admin).get(reverse("territory:unit_index"), {"on": "hier"}).status_code
        == 200
    )


def test_a_region_lists_on_a_past_date_what_lay_under_a_region_carved_out_of_it_later(
    client_for, national_admin, mali
):
    menaka = shipped("Ménaka")  # in force from January 2016, carved out of Gao
    cercle = UnitFactory(name="Ménaka", level=Level.CERCLE, parent=menaka)
    client = client_for(national_admin)
    url = reverse("territory:unit_detail", args=[mali.gao.pk])
    in_2015 = client.get(url, {"on": "2015-06-01"}).content.decode()
    assert f'href="/territory/{cercle.pk}/?on=2015-06-01"' in in_2015
    today = client.get(url).content.decode()
    assert f'href="/territory/{cercle.pk}/"' not in today
    page = client.get(reverse("territory:unit_detail", args=[menaka.pk])).content.decode()
    assert "auparavant, son territoire faisait partie de Gao" in page
