"""Each role lands on a home of its own at `/` and after logging in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from siccs.accounts.scoping import Role
from siccs.accounts.tests.factories import UserFactory
from siccs.citizens.tests.factories import CitizenReportFactory
from siccs.committees.reference import ensure_reference_data
from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.meetings.models import ConcernStatus, FollowUp, RecommendationStatus, SessionKind
from siccs.meetings.tests.factories import ConcernFactory, RecommendationFactory, SessionFactory
from siccs.partners.models import CommitmentScope
from siccs.partners.tests.factories import commitment
from siccs.rollout.models import StepRecord, StepStatus
from siccs.rollout.reference import ensure_default_methodology

TODAY = timezone.localdate()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture(autouse=True)
def reference(db):
    ensure_reference_data()
    ensure_default_methodology()


@pytest.fixture
def committees(mali):
    """Bandiagara installed and meeting, Djenné stalled since its planning, Gao apart."""
    bandiagara = install(
        CommitteeFactory(unit=mali.bandiagara, name="CCS de Bandiagara", planned_on=days_ago(400)),
        days_ago(200),
    )
    djenne = CommitteeFactory(unit=mali.djenne, name="CCS de Djenné", planned_on=days_ago(300))
    gao = install(CommitteeFactory(unit=mali.gao_commune, name="CCS de Gao"), days_ago(200))
    return {"bandiagara": bandiagara, "djenne": djenne, "gao": gao}


def test_it_sends_national_roles_to_the_dashboard(client_for, national_admin):
    response = client_for(national_admin).get("/")
    assert response.status_code == 302 and response.url == "/dashboard/"


def test_it_lands_on_the_home_after_logging_in(client, mopti_focal_point):
    response = client.post(
        "/login/", {"username": "pf.mopti", "password": "demo-password-1"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert response.templates[0].name == "home/focal_point.html"


def test_it_shows_a_focal_point_its_region_by_cercle_and_commune(
    client_for, mopti_focal_point, committees, django_assert_max_num_queries
):
    client = client_for(mopti_focal_point)
    with django_assert_max_num_queries(16):
        response = client.get("/")
    page = response.content.decode()
    cercles = {c["name"]: c for c in response.context["overview"]["cercles"]}
    assert set(cercles) == {"Bandiagara", "Djenné"}
    assert [c["name"] for c in cercles["Djenné"]["communes"]] == ["Djenné"]
    assert "CCS de Bandiagara" in page and "CCS de Djenné" in page
    # Djenné has not moved for STALLED_AFTER_DAYS: it is listed as stalled.
    assert [c["name"] for c in response.context["overview"]["stalled"]] == ["CCS de Djenné"]
    assert "CCS de Gao" not in page


def test_it_lists_the_steps_due_of_a_focal_points_committees(
    client_for, mopti_focal_point, committees
):
    djenne = committees["djenne"]
    step = djenne.methodology_version.steps.order_by("order").first()
    StepRecord.objects.create(
        committee=djenne, step=step, status=StepStatus.PLANNED, planned_on=days_ago(10)
    )
    later = djenne.methodology_version.steps.order_by("order")[1]
    StepRecord.objects.create(
        committee=djenne, step=later, status=StepStatus.PLANNED, planned_on=TODAY + dt.timedelta(90)
    )
    gao_step = committees["gao"].methodology_version.steps.order_by("order").last()
    StepRecord.objects.create(committee=committees["gao"], step=gao_step, planned_on=days_ago(5))
    response = client_for(mopti_focal_point).get("/")
    steps = response.context["steps"]
    # Late or due within 30 days, in Mopti only: the one planned in 90 days waits.
    assert [(r.committee.name, r.step.name, r.late) for r in steps["rows"]] == [
        ("CCS de Djenné", step.name, True)
    ]
    assert steps["late"] == 1
    assert f"/methodology/records/{steps['rows'][0].pk}/" in response.content.decode()


def test_it_counts_the_citizen_reports_waiting_for_a_focal_point(
    client_for, mopti_focal_point, mali
):
    CitizenReportFactory(commune=mali.djenne)
    CitizenReportFactory(commune=mali.djenne)
    CitizenReportFactory(commune=mali.gao_commune)
    response = client_for(mopti_focal_point).get("/")
    assert response.context["reports"]["waiting"] == 2
    assert "2 signalements en attente" in response.content.decode()


def test_it_shows_a_secretary_their_committee(client_for, gao_secretary, committees):
    gao = committees["gao"]
    session = SessionFactory(committee=gao, held_on=days_ago(20), kind=SessionKind.ORDINARY)
    RecommendationFactory(
        session=session, text="Patrouilles mixtes sur l'axe de Bourem", due_on=days_ago(2)
    )
    done = RecommendationFactory(
        session=session, text="Éclairage du marché", due_on=TODAY + dt.timedelta(days=30)
    )
    FollowUp.objects.create(recommendation=done, on=days_ago(1), status=RecommendationStatus.DONE)
    ConcernFactory(committee=gao, title="Braquages sur la route de Bourem")
    ConcernFactory(committee=gao, title="Vols de motos", status=ConcernStatus.CLOSED)
    ConcernFactory(committee=committees["bandiagara"], title="Vols de bétail à Dourou")
    response = client_for(gao_secretary).get("/")
    page = response.content.decode()
    card = response.context["cards"][0]
    assert card["committee"] == gao and len(response.context["cards"]) == 1
    assert f"/sessions/{session.pk}/pv/" in page  # the last PV, one tap away
    assert card["next_session"]["functional_until"] == days_ago(20) + dt.timedelta(days=45)
    assert f"/sessions/committee/{gao.pk}/new/" in page
    assert [str(r) for r in card["recommendations"]] == ["Patrouilles mixtes sur l'axe de Bourem"]
    assert [c.title for c in card["concerns"]] == ["Braquages sur la route de Bourem"]
    assert "Vols de bétail à Dourou" not in page
    assert "Prochaine session" in page


def test_it_keeps_a_secretary_home_to_a_bounded_number_of_queries(
    client_for, gao_secretary, committees, django_assert_max_num_queries
):
    gao = committees["gao"]
    for n in range(5):
        session = SessionFactory(committee=gao, held_on=days_ago(20 + n))
        RecommendationFactory(session=session, due_on=days_ago(1))
        ConcernFactory(committee=gao)
    client = client_for(gao_secretary)
    with django_assert_max_num_queries(18):
        client.get("/")


def test_it_shows_a_partner_what_it_supports_and_the_gaps_of_its_territory(
    client_for, partner, partner_viewer, committees, mali
):
    commitment(
        partner,
        title="Lancement des CCS du cercle de Bandiagara",
        scope=CommitmentScope.TERRITORY,
        unit=mali.bandiagara_cercle,
        start_on=days_ago(400),
        end_on=TODAY + dt.timedelta(days=30),
    )
    response = client_for(partner_viewer).get("/")
    page = response.content.decode()
    assert response.context["progress"]["total"] == 1  # Bandiagara, in its territory
    assert "Lancement des CCS du cercle de Bandiagara" in page
    assert "CCS de Gao" not in page and "CCS de Djenné" not in page
    # Its steps after the installation are not funded yet (the commitment is only
    # announced): a gap, linked to the committee's page.
    gaps = response.context["gaps"]["rows"]
    assert [g["name"] for g in gaps] == ["CCS de Bandiagara"]
    assert f"/committees/{gaps[0]['id']}/" in page


def test_it_welcomes_an_account_without_a_role(client_for, db):
    response = client_for(UserFactory(username="nouveau")).get("/")
    assert response.status_code == 200
    assert "demandez-en un à un administrateur national" in response.content.decode()


def test_it_gives_a_focal_point_also_secretary_the_wider_home(
    client_for, mopti_focal_point, mali, committees
):
    from siccs.accounts.tests.factories import AssignmentFactory

    AssignmentFactory(user=mopti_focal_point, role=Role.SECRETARY, unit=mali.bandiagara)
    response = client_for(mopti_focal_point).get("/")
    assert response.context["kind"] == "focal_point"
