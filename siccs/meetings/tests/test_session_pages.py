"""Session pages: list across scope, per committee, the record form with one row per member."""

import datetime as dt

import pytest
from django.utils import timezone

from siccs.meetings.models import Attendance, GuestAttendance, Session

pytestmark = pytest.mark.django_db


def test_it_records_a_session_from_the_form(committee, members, client_for, gao_secretary):
    client = client_for(gao_secretary)
    page = client.get(f"/sessions/committee/{committee.pk}/new/")
    html = page.content.decode()
    assert html.count('class="presence-row"') == 6
    assert "Fatoumata Maïga" in html
    today = timezone.localdate()
    data = {
        "kind": "ordinary",
        "held_on": today.isoformat(),
        "place": "Mairie",
        "guests-TOTAL_FORMS": "2",
        "guests-INITIAL_FORMS": "0",
        "guests-0-category": str(members[0].category_id),
        "guests-0-women": "2",
        "guests-0-men": "0",
        "guests-1-category": "",
    }
    data |= {f"presence_{m.pk}": "present" for m in members}
    data[f"presence_{members[2].pk}"] = "excused"
    response = client.post(f"/sessions/committee/{committee.pk}/new/", data)
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/sessions/{session.pk}/"
    assert Attendance.objects.filter(session=session, presence="excused").count() == 1
    assert GuestAttendance.objects.get().women == 2
    detail = client.get(response["Location"]).content.decode()
    assert "5 présents sur 6 membres actifs" in detail


def test_it_shows_a_domain_error_on_the_form(committee, members, client_for, gao_secretary):
    future = timezone.localdate() + dt.timedelta(days=3)
    data = {
        "kind": "ordinary",
        "held_on": future.isoformat(),
        "guests-TOTAL_FORMS": "0",
        "guests-INITIAL_FORMS": "0",
    }
    data |= {f"presence_{m.pk}": "present" for m in members}
    response = client_for(gao_secretary).post(f"/sessions/committee/{committee.pk}/new/", data)
    assert response.status_code == 200
    assert "ne peut pas être datée dans le futur" in response.content.decode()
    assert not Session.objects.exists()


def test_it_refuses_the_form_to_viewers(committee, members, client_for, national_analyst):
    assert (
        client_for(national_analyst).get(f"/sessions/committee/{committee.pk}/new/").status_code
        == 404
    )


def test_it_lists_sessions_across_scope_in_few_queries(
    committee, members, record, client_for, gao_secretary, django_assert_max_num_queries
):
    for day in range(1, 13):
        record(committee, dt.date(2021, 7, day), dict.fromkeys(members, "present"))
    client = client_for(gao_secretary)
    with django_assert_max_num_queries(8):
        response = client.get("/sessions/")
    assert response.content.decode().count("/sessions/") >= 12
    with django_assert_max_num_queries(10):
        response = client.get(f"/sessions/committee/{committee.pk}/")
    assert 'id="functional-flag"' in response.content.decode()


def test_it_shows_names_on_the_session_page_only_to_personal_viewers(
    committee, members, record, client_for, gao_secretary, national_analyst
):
    session = record(
        committee, dt.date(2021, 7, 1), dict.fromkeys(members, "present"), chair="Hamadou Touré"
    )
    assert (
        "Fatoumata Maïga"
        in client_for(gao_secretary).get(f"/sessions/{session.pk}/").content.decode()
    )
    page = client_for(national_analyst).get(f"/sessions/{session.pk}/").content.decode()
    assert "Fatoumata Maïga" not in page and "Hamadou Touré" not in page
    assert "Association de femmes" in page


def test_it_offers_a_secretary_to_record_a_session_of_their_committee_from_the_list(
    committee, members, client_for, gao_secretary, national_analyst
):
    page = client_for(gao_secretary).get("/sessions/").content.decode()
    assert f'href="/sessions/committee/{committee.pk}/new/"' in page
    page = client_for(national_analyst).get("/sessions/").content.decode()
    assert f"/sessions/committee/{committee.pk}/new/" not in page
