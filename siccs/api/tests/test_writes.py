"""Writing through the API: the roles that may write, the pages' validation and services."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from siccs.api.tests.conftest import token_client
from siccs.audit.models import AuditEntry
from siccs.committees.tests.factories import CommitteeFactory, MembershipFactory
from siccs.meetings.models import FollowUp, Session
from siccs.meetings.tests.factories import RecommendationFactory, SessionFactory
from siccs.rollout.models import StepRecord, StepStatus


@pytest.fixture
def gao(mali):
    committee = CommitteeFactory(unit=mali.gao_commune)
    for step in committee.methodology_version.steps.order_by("order"):
        StepRecord.objects.create(committee=committee, step=step)
    return committee


def post(client, url, data):
    return client.post(url, json.dumps(data, default=str), content_type="application/json")


def test_it_records_a_step_through_the_pages_service(gao, gao_secretary):
    record = gao.step_records.order_by("step__order").first()
    client = token_client(gao_secretary)
    url = f"/api/v1/step-records/{record.pk}"
    blocked = post(client, url, {"status": "blocked"})
    assert blocked.status_code == 422
    assert blocked.json()["type"] == "urn:siccs:problem:domain-rule"
    assert blocked.json()["detail"] == "Indiquez pourquoi l'étape est bloquée."
    done = post(client, url, {"status": "done", "actual_on": "2021-02-03", "notes": "PV signé"})
    assert done.status_code == 200
    assert done.json()["done_on"] == "2021-02-03"
    record.refresh_from_db()
    assert record.status == StepStatus.DONE and record.updated_by == gao_secretary
    assert AuditEntry.objects.filter(model="rollout.steprecord", verb="update").exists()


def test_it_refuses_a_form_error_as_the_page_does(gao, gao_secretary):
    record = gao.step_records.first()
    response = post(
        token_client(gao_secretary), f"/api/v1/step-records/{record.pk}", {"status": "finished"}
    )
    assert response.status_code == 422 and response.json()["field"] == "status"


@pytest.mark.parametrize("persona", ["mopti_focal_point", "national_analyst", "partner_viewer"])
def test_it_answers_404_to_who_may_not_write_even_with_a_valid_body(gao, persona, request):
    user = request.getfixturevalue(persona)
    record = gao.step_records.first()
    response = post(token_client(user), f"/api/v1/step-records/{record.pk}", {"status": "done"})
    assert response.status_code == 404
    record.refresh_from_db()
    assert record.status == StepStatus.PLANNED


def test_it_answers_404_before_reading_the_body_of_an_outsider(gao, mopti_focal_point):
    record = gao.step_records.first()
    client = token_client(mopti_focal_point)
    assert post(client, f"/api/v1/step-records/{record.pk}", {}).status_code == 404
    assert post(client, f"/api/v1/committees/{gao.pk}/sessions", {}).status_code == 404


def test_it_records_a_session_with_its_attendance(gao, gao_secretary):
    present = MembershipFactory(committee=gao)
    absent = MembershipFactory(committee=gao)
    client = token_client(gao_secretary)
    url = f"/api/v1/committees/{gao.pk}/sessions"
    body = {
        "kind": "ordinary",
        "held_on": "2021-07-01",
        "place": "Mairie de Gao",
        "attendance": [{"membership_id": present.pk, "presence": "present"}],
        "guests": [{"category_code": "civil-society", "women": 2, "men": 1}],
    }
    incomplete = post(client, url, body)
    assert incomplete.status_code == 422
    assert incomplete.json()["detail"] == "Indiquez la présence de chaque membre actif."
    body["attendance"].append({"membership_id": absent.pk, "presence": "absent"})
    created = post(client, url, body)
    assert created.status_code == 201
    figures = created.json()["figures"]
    assert (figures["active"], figures["present"], figures["absent"]) == (2, 1, 1)
    assert (figures["guest_women"], figures["guest_men"]) == (2, 1)
    session = Session.objects.get(committee=gao)
    assert session.created_by == gao_secretary and session.present_members == 1
    future = dict(body, held_on=(dt.date.today() + dt.timedelta(days=3)).isoformat())
    assert post(client, url, future).status_code == 422


def test_it_adds_a_follow_up_to_a_recommendation(gao, gao_secretary):
    session = SessionFactory(committee=gao, held_on=dt.date(2021, 7, 1))
    recommendation = RecommendationFactory(session=session)
    client = token_client(gao_secretary)
    url = f"/api/v1/recommendations/{recommendation.pk}/follow-ups"
    early = post(client, url, {"on": "2021-06-01", "status": "in_progress"})
    assert early.status_code == 422 and early.json()["field"] == "on"
    response = post(client, url, {"on": "2021-08-02", "status": "done", "note": "Patrouilles"})
    assert response.status_code == 201
    body = response.json()
    assert body["status_on"] == "done"
    assert [f["status"] for f in body["follow_ups"]] == ["done"]
    recommendation.refresh_from_db()
    assert recommendation.status == "done"
    assert FollowUp.objects.get(recommendation=recommendation).created_by == gao_secretary
