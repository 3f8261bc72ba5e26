"""The committee list: as-of date picker, filters, sorting, pagination, query count."""

import datetime as dt

import pytest
from django.urls import reverse

from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.rollout.models import StepRecord

URL = reverse("committees:committee_list")


@pytest.fixture
def committees(mali, partner):
    bandiagara = install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 5, 3))
    StepRecord.objects.filter(committee=bandiagara, step__code="launch").update(partner=partner)
    djenne = CommitteeFactory(unit=mali.djenne, planned_on=dt.date(2021, 3, 1))
    gao = install(CommitteeFactory(unit=mali.gao_commune), dt.date(2021, 9, 1))
    return bandiagara, djenne, gao


def names(response):
    return [row["committee"].name for row in response.context["rows"]]


def test_it_shows_the_state_as_of_the_date_picked(client_for, national_admin, committees):
    client = client_for(national_admin)
    response = client.get(URL, {"on": "2021-06-25", "state": "installed"})
    assert names(response) == ["CCS de Bandiagara"]
    response = client.get(URL, {"on": "2021-12-31", "state": "installed"})
    assert names(response) == ["CCS de Bandiagara", "CCS de Gao"]


def test_it_leaves_out_committees_not_yet_planned_on_that_date(
    client_for, national_admin, committees
):
    response = client_for(national_admin).get(URL, {"on": "2021-02-01"})
    assert "CCS de Djenné" not in names(response)


def test_it_filters_by_region_partner_and_absence_of_partner(
    client_for, national_admin, committees, mali, partner
):
    client = client_for(national_admin)
    assert names(client.get(URL, {"region": mali.gao.pk})) == ["CCS de Gao"]
    assert names(client.get(URL, {"partner": partner.pk})) == ["CCS de Bandiagara"]
    assert names(client.get(URL, {"no_partner": "on"})) == ["CCS de Djenné", "CCS de Gao"]


def test_it_filters_stalled_committees_and_by_current_step(
    client_for, national_admin, committees, settings
):
    settings.STALLED_AFTER_DAYS = 90
    client = client_for(national_admin)
    assert names(client.get(URL, {"on": "2021-08-01", "stalled": "on"})) == [
        "CCS de Djenné",
        "CCS de Gao",
    ]
    assert names(client.get(URL, {"on": "2021-08-01", "step": "training"})) == ["CCS de Bandiagara"]


def test_it_sorts_by_installation_date(client_for, national_admin, committees):
    client = client_for(national_admin)
    response = client.get(URL, {"sort": "-installed"})
    assert names(response) == ["CCS de Gao", "CCS de Bandiagara", "CCS de Djenné"]
    response = client.get(URL, {"sort": "installed"})
    assert names(response) == ["CCS de Bandiagara", "CCS de Gao", "CCS de Djenné"]


def test_it_shows_only_the_committees_in_scope(client_for, mopti_focal_point, committees):
    response = client_for(mopti_focal_point).get(URL)
    assert names(response) == ["CCS de Bandiagara", "CCS de Djenné"]


def test_it_answers_htmx_with_the_results_only(client_for, national_admin, committees):
    response = client_for(national_admin).get(URL, {"on": "2021-06-25"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "CCS de Bandiagara" in body
    assert "<html" not in body


def test_it_reads_the_list_in_a_constant_number_of_queries(
    client_for, national_admin, committees, mali, django_assert_max_num_queries
):
    client = client_for(national_admin)
    client.get(URL)
    for index in range(15):
        from siccs.territory.models import AdministrativeUnit, Level

        commune = AdministrativeUnit.objects.create(
            name=f"Commune {index}", level=Level.COMMUNE, parent=mali.djenne_cercle
        )
        install(CommitteeFactory(unit=commune), dt.date(2021, 4, 1))
    with django_assert_max_num_queries(14):
        response = client.get(URL, {"on": "2021-06-25"})
    assert len(response.context["rows"]) == 18


def test_it_paginates(client_for, national_admin, committees, mali, monkeypatch):
    from siccs.committees import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    response = client_for(national_admin).get(URL, {"page": 2})
    assert len(response.context["rows"]) == 1
