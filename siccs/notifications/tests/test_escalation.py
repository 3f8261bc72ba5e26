"""A recommendation still open long after its deadline moves to the regional committee's
board by itself, keeping its history; a secretary escalates a concern by hand; the
outsider sees none of it."""

import datetime as dt

import pytest

from conftest import persona
from siccs.accounts.scoping import Role
from siccs.committees.tests.factories import CommitteeFactory, communal_level
from siccs.meetings.tests.factories import ConcernFactory, RecommendationFactory, SessionFactory
from siccs.notifications.escalation import late_recommendations_escalate
from siccs.notifications.models import Delivery, Escalation, Purpose

pytestmark = pytest.mark.django_db


@pytest.fixture
def gao_committees(mali):
    from siccs.committees.models import CommitteeLevel

    regional_level = (
        CommitteeLevel.objects.exclude(pk=communal_level().pk).filter(unit_level=1).first()
    )
    communal = CommitteeFactory(unit=mali.gao_commune, name="CCSC Gao")
    regional = CommitteeFactory(unit=mali.gao, name="CCSR Gao", level=regional_level)
    return communal, regional


def test_a_late_recommendation_moves_to_the_regional_board(
    client_for, mali, gao_committees, gao_secretary, mopti_focal_point
):
    communal, regional = gao_committees
    gao_focal_point = persona("pf.gao", Role.FOCAL_POINT, mali.gao)
    session = SessionFactory(committee=communal, held_on=dt.date(2026, 1, 10))
    late = RecommendationFactory(
        session=session, text="Patrouilles sur la route de Bourem", due_on=dt.date(2026, 2, 1)
    )
    RecommendationFactory(session=session, text="Éclairage du marché", due_on=dt.date(2026, 3, 1))
    days = [dt.datetime(2026, 3, d, 9, tzinfo=dt.UTC) for d in range(1, 32)]
    escalated_on = []
    for now in days:
        for _run in range(2):
            if late_recommendations_escalate(now=now):
                escalated_on.append(now.day)
    # Deadline 1 February + 30 days: 3 March, once; the other one, 31 March.
    assert escalated_on == [3, 31]
    step = Escalation.objects.get(recommendation=late)
    assert step.from_committee == communal and step.to_committee == regional
    # The regional focal point is told, by e-mail.
    told = Delivery.objects.filter(purpose=Purpose.ESCALATION, unit=mali.gao)
    assert told.filter(to_masked="p•••@example.ml").count() == 2

    board = client_for(gao_focal_point).get("/sessions/follow-up/").content.decode()
    section = board[board.index('id="escalations"') :]
    assert "Patrouilles sur la route de Bourem" in section and "CCSR Gao" in section
    detail = client_for(gao_focal_point).get(f"/sessions/recommendations/{late.pk}/")
    assert "CCSC Gao → CCSR Gao" in detail.content.decode()

    outsider = client_for(mopti_focal_point).get("/sessions/follow-up/").content.decode()
    assert 'id="escalations"' not in outsider


def test_a_secretary_escalates_a_concern_and_then_can_no_more(
    client_for, mali, gao_committees, gao_secretary
):
    communal, regional = gao_committees
    concern = ConcernFactory(committee=communal, title="Conflit foncier à Sossokoira")
    client = client_for(gao_secretary)
    page = client.get(f"/sessions/concerns/{concern.pk}/").content.decode()
    assert "Transmettre au niveau supérieur" in page
    client.post(f"/notifications/concerns/{concern.pk}/escalate/", {"reason": "Hors de portée"})
    assert Escalation.objects.get(concern=concern).to_committee == regional
    # Now held by the region: the communal secretary may not push it further.
    client.post(f"/notifications/concerns/{concern.pk}/escalate/", {"reason": "encore"})
    assert Escalation.objects.filter(concern=concern).count() == 1
    focal = client_for(persona("pf.gao", Role.FOCAL_POINT, mali.gao))
    focal.post(f"/notifications/concerns/{concern.pk}/escalate/", {"reason": "C-RSS"})
    steps = list(Escalation.objects.filter(concern=concern).order_by("at", "pk"))
    assert [s.to_committee for s in steps] == [regional, None]


def test_the_outsider_cannot_escalate(client_for, gao_committees, mopti_focal_point):
    communal, _regional = gao_committees
    concern = ConcernFactory(committee=communal)
    response = client_for(mopti_focal_point).post(
        f"/notifications/concerns/{concern.pk}/escalate/", {"reason": "x"}
    )
    assert response.status_code == 404 and not Escalation.objects.exists()
