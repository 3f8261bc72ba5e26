"""From a session's page: concerns added with the session chosen, recommendations that
offer the session's concerns first (checked), follow-ups that start from the current
status."""

import datetime as dt

import pytest
from django.utils import timezone

from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.meetings import services
from siccs.meetings.models import (
    Addressee,
    Concern,
    ConcernCategory,
    Recommendation,
    RecommendationStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(committee, members, record):
    return record(
        committee, timezone.localdate() - dt.timedelta(days=10), dict.fromkeys(members, "present")
    )


def _checkbox(page, pk):
    start = page.index(f'value="{pk}"')
    tag = page[page.rindex("<input", 0, start) : page.index(">", start)]
    return tag


def test_the_session_page_offers_to_add_a_concern_raised_in_it(
    session, client_for, gao_secretary, mali
):
    client = client_for(gao_secretary)
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    link = f"/sessions/committee/{session.committee_id}/concerns/new/?session={session.pk}"
    assert f'href="{link}"' in page

    form = client.get(link).content.decode()
    assert f'<option value="{session.pk}" selected>' in form
    assert f'value="{session.held_on.isoformat()}"' in form  # received on the session's day
    response = client.post(
        link,
        {
            "category": ConcernCategory.objects.get(code="cattle-theft").pk,
            "title": "Vols de bétail à Bagoundjé",
            "source": "session",
            "severity": 2,
            "received_on": session.held_on.isoformat(),
            "session": session.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/sessions/{session.pk}/"
    assert Concern.objects.get().session == session
    assert "Vols de bétail à Bagoundjé" in client.get(f"/sessions/{session.pk}/").content.decode()


def test_a_session_of_another_committee_is_not_chosen(
    committee, record, client_for, gao_secretary, national_admin, mali
):
    elsewhere = install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 5, 3))
    foreign = record(elsewhere, dt.date(2021, 6, 1), {}, user=national_admin)
    client = client_for(gao_secretary)
    page = client.get(f"/sessions/committee/{committee.pk}/concerns/new/?session={foreign.pk}")
    assert page.status_code == 200
    choices = page.content.decode().split('name="session"')[1].split("</select>")[0]
    assert f'value="{foreign.pk}"' not in choices
    assert choices.count(" selected>") == 1 and '<option value="" selected>' in choices


def test_the_recommendation_form_checks_the_concerns_of_its_session_first(
    session, concern, client_for, gao_secretary, django_assert_max_num_queries
):
    old = [concern(title=f"Ancienne préoccupation {n}") for n in range(5)]
    of_the_day = [
        concern(title="Braquages sur l'axe Gao–Ansongo", code="banditry", session=session),
        concern(title="Vols de bétail à Bagoundjé", session=session),
    ]
    client = client_for(gao_secretary)
    with django_assert_max_num_queries(25):
        page = client.get(f"/sessions/{session.pk}/recommendations/new/").content.decode()
    folded = page.index('<details class="other-concerns">')
    for c in of_the_day:
        assert page.index(f'value="{c.pk}"') < folded
        assert "checked" in _checkbox(page, c.pk)
    for c in old:
        assert page.index(f'value="{c.pk}"') > folded
        assert "checked" not in _checkbox(page, c.pk)
    assert "5 autres préoccupations ouvertes du comité" in page


def test_a_follow_up_starts_from_the_current_status(session, concern, client_for, gao_secretary):
    recommendation = services.recommendation_adopt(
        user=gao_secretary,
        session=session,
        text="Escorter les foires hebdomadaires",
        addressee=Addressee.objects.get(name="Garde nationale"),
        concerns=[concern()],
    )
    services.recommendation_follow_up(
        user=gao_secretary,
        recommendation=recommendation,
        on=timezone.localdate(),
        status=RecommendationStatus.IN_PROGRESS,
        note="Escortes demandées",
    )
    page = client_for(gao_secretary).get(f"/sessions/recommendations/{recommendation.pk}/")
    assert '<option value="in_progress" selected>' in page.content.decode()
    assert Recommendation.objects.get().status == RecommendationStatus.IN_PROGRESS
