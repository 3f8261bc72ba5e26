"""The concerns across committees: scoped, filtered, paginated, never a reporter's phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from siccs.citizens.models import CitizenReport
from siccs.committees.tests.factories import CommitteeFactory
from siccs.meetings.models import ConcernSource, ConcernStatus, ConcernStatusChange
from siccs.meetings.tests.factories import ConcernFactory, concern_category

URL = "meetings:concern_search"


@pytest.fixture
def concerns(mali, committee):
    bandiagara = CommitteeFactory(unit=mali.bandiagara, name="CCS de Bandiagara")
    theft = concern_category("cattle-theft", "Vol de bétail")
    return {
        "gao_open": ConcernFactory(
            committee=committee,
            title="Braquages sur la route de Bourem",
            received_on=dt.date(2021, 6, 5),
        ),
        "gao_answered": ConcernFactory(
            committee=committee,
            title="Vols de motos au marché",
            received_on=dt.date(2021, 7, 10),
            status=ConcernStatus.ANSWERED,
            source=ConcernSource.CITIZEN,
        ),
        "bandiagara": ConcernFactory(
            committee=bandiagara,
            title="Vols de bétail à Dourou",
            category=theft,
            received_on=dt.date(2021, 8, 1),
        ),
    }


def _titles(response) -> set[str]:
    return {c.title for c in response.context["page"]}


def test_it_lists_the_concerns_of_every_committee_in_scope(concerns, national_admin, client_for):
    response = client_for(national_admin).get(reverse(URL))
    assert response.status_code == 200
    assert _titles(response) == {c.title for c in concerns.values()}
    assert "CCS de Bandiagara" in response.content.decode()


def test_an_outsider_sees_only_the_concerns_of_their_own_region(
    concerns, mopti_focal_point, client_for
):
    response = client_for(mopti_focal_point).get(reverse(URL))
    assert _titles(response) == {"Vols de bétail à Dourou"}


def test_a_partner_viewer_sees_no_concern_and_is_told_why(concerns, partner_viewer, client_for):
    response = client_for(partner_viewer).get(reverse(URL))
    assert response.status_code == 200
    assert _titles(response) == set()
    assert response.context["partner_only"] is True
    assert "Braquages" not in response.content.decode()


def test_it_filters_by_period_category_status_and_source(concerns, national_admin, client_for):
    client = client_for(national_admin)
    get = lambda **q: _titles(client.get(reverse(URL), q))  # noqa: E731
    assert get(**{"from": "2021-07-01"}) == {"Vols de motos au marché", "Vols de bétail à Dourou"}
    assert get(**{"from": "2021-06-01", "to": "2021-07-10"}) == {
        "Braquages sur la route de Bourem",
        "Vols de motos au marché",
    }
    assert get(category=concern_category("cattle-theft").pk) == {"Vols de bétail à Dourou"}
    assert get(status="open") == {"Braquages sur la route de Bourem", "Vols de bétail à Dourou"}
    assert get(status="answered") == {"Vols de motos au marché"}
    assert get(source="citizen") == {"Vols de motos au marché"}


def test_it_filters_by_region(mali, concerns, national_admin, client_for):
    client = client_for(national_admin)
    assert _titles(client.get(reverse(URL), {"region": mali.gao.pk})) == {
        "Braquages sur la route de Bourem",
        "Vols de motos au marché",
    }
    assert _titles(client.get(reverse(URL), {"region": mali.mopti.pk})) == {
        "Vols de bétail à Dourou"
    }


def test_answered_means_answered_by_the_end_of_the_period(concerns, national_admin, client_for):
    concern = concerns["gao_answered"]
    ConcernStatusChange.objects.create(
        concern=concern,
        status=ConcernStatus.ANSWERED,
        at=dt.datetime(2021, 7, 20, 12, tzinfo=dt.UTC),
    )
    client = client_for(national_admin)
    assert _titles(client.get(reverse(URL), {"to": "2021-07-19", "answered": "1"})) == set()
    assert _titles(client.get(reverse(URL), {"to": "2021-07-20", "answered": "1"})) == {
        "Vols de motos au marché"
    }
    assert _titles(client.get(reverse(URL), {"answered": "1"})) == {"Vols de motos au marché"}


def test_merged_duplicates_are_counted_once(concerns, committee, national_admin, client_for):
    ConcernFactory(committee=committee, title="Même braquage", duplicate_of=concerns["gao_open"])
    response = client_for(national_admin).get(reverse(URL))
    assert "Même braquage" not in _titles(response)
    assert response.context["page"].paginator.count == 3


def test_it_never_shows_the_reporter_phone_nor_the_description(
    mali, concerns, national_admin, client_for
):
    concern = concerns["gao_answered"]
    concern.description = "Signalé par Mariam Touré"
    concern.save(update_fields=["description"])
    CitizenReport.objects.create(
        channel="sms",
        tracking_code="K7Q2M9X",
        commune=mali.gao_commune,
        description="Des motos volées au marché",
        reporter_phone="+22376543210",
        received_at=dt.datetime(2021, 7, 9, tzinfo=dt.UTC),
        concern=concern,
    )
    html = client_for(national_admin).get(reverse(URL)).content.decode()
    assert "Vols de motos au marché" in html
    assert "76543210" not in html
    assert "Mariam Touré" not in html


def test_it_pages_thirty_concerns_at_a_time_in_a_fixed_number_of_queries(
    mali, committee, national_admin, client_for, django_assert_max_num_queries
):
    for day in range(1, 41):
        ConcernFactory(committee=committee, received_on=dt.date(2021, 5, 1) + dt.timedelta(day))
    client = client_for(national_admin)
    with django_assert_max_num_queries(10):
        first = client.get(reverse(URL), {"to": "2021-12-31", "region": mali.gao.pk})
    assert len(first.context["page"].object_list) == 30
    second = client.get(reverse(URL), {"to": "2021-12-31", "region": mali.gao.pk, "page": 2})
    assert len(second.context["page"].object_list) == 10


def test_it_is_in_the_main_menu(mopti_focal_point, client_for):
    response = client_for(mopti_focal_point).get(reverse("meetings:board"))
    assert reverse(URL) in [item["url"] for item in response.context["menu"]]
