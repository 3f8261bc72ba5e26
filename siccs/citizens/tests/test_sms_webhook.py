"""The SMS webhook: Android gateway form posts and RapidPro JSON, secret, idempotency."""

import json
import time

import pytest

from siccs.citizens.models import Channel, CitizenReport, GatewayKind, OutboundSms, SmsState
from siccs.citizens.tests.factories import GATEWAY_SECRET, gateway

pytestmark = pytest.mark.django_db

HEADERS = {"X-Siccs-Secret": GATEWAY_SECRET}


def android_post(client, gw, **fields):
    data = {
        "from": "+22376123456",
        "message": "CCS Bandiagara Des bandits armés sur la route de Sangha",
        "message_id": "android-0001",
        # Two hours ago, in milliseconds, as SMSSync sends it.
        "sent_timestamp": str(int((time.time() - 7200) * 1000)),
        **fields,
    }
    return client.post(f"/sms/{gw.pk}/", data, headers=HEADERS)


RAPIDPRO_BODY = {
    "contact": {
        "uuid": "c6b2d0f4-1b1e-4b8e-9d43-8a9d1c5c1f10",
        "name": "",
        "urn": "tel:+22366554433",
    },
    "flow": {"uuid": "5f6d0a8c-3a2b-4a54-9f59-8a0f8d3d9e21", "name": "Signalement CCS"},
    "run": {"uuid": "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d", "created_on": "2024-06-10T08:00:00Z"},
    "input": {
        "uuid": "2f9c1d7e-5b4a-4c3d-9e8f-7a6b5c4d3e2f",
        "type": "msg",
        "text": "CCS djenne Misi sonw bɛ dugu kɔnɔ su fɛ",
        "created_on": "2024-06-10T08:00:00.123456Z",
    },
    "results": {},
}


def test_it_accepts_an_android_gateway_form_post(client, ccs, mali, capsys):
    gw = gateway()
    response = android_post(client, gw)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "accepted" and body["payload"]["success"] is True
    report = CitizenReport.objects.get()
    assert report.channel == Channel.SMS and report.tracking_code == body["tracking_code"]
    assert report.commune == mali.bandiagara and report.reporter_phone == "+22376123456"
    assert report.description == "Des bandits armés sur la route de Sangha"
    assert 7100 < (report.created_at - report.received_at).total_seconds() < 7300
    assert "warnings" not in body
    # The sender gets the tracking code back, through the console backend, number masked.
    ack = OutboundSms.objects.get()
    assert ack.state == SmsState.SENT and report.tracking_code in ack.text
    assert (
        f"SMS to +223 •• •• •• 56: CCS : signalement recu. Code de suivi {report.tracking_code}"
        in capsys.readouterr().out
    )


def test_it_accepts_the_json_of_a_rapidpro_flow(client, ccs, mali):
    gw = gateway(GatewayKind.RAPIDPRO)
    response = client.post(
        f"/sms/{gw.pk}/",
        json.dumps(RAPIDPRO_BODY),
        content_type="application/json",
        headers=HEADERS,
    )
    assert response.json()["status"] == "accepted"
    report = CitizenReport.objects.get()
    assert report.commune == mali.djenne  # "djenne" finds Djenné
    assert report.reporter_phone == "+22366554433"
    assert report.gateway_message_id == RAPIDPRO_BODY["input"]["uuid"]
    assert report.language == "bm"
    assert "I ka kunnafoni sera an ma" in OutboundSms.objects.get().text


def test_it_reads_the_flow_results_when_there_is_no_input(client, ccs):
    gw = gateway(GatewayKind.RAPIDPRO)
    body = {
        "contact": RAPIDPRO_BODY["contact"],
        "flow": RAPIDPRO_BODY["flow"],
        "results": {"message": {"value": "Vol de moto au marché", "category": "All Responses"}},
    }
    client.post(
        f"/sms/{gw.pk}/", json.dumps(body), content_type="application/json", headers=HEADERS
    )
    client.post(
        f"/sms/{gw.pk}/", json.dumps(body), content_type="application/json", headers=HEADERS
    )
    report = CitizenReport.objects.get()  # the same call twice made one report
    assert report.description == "Vol de moto au marché" and report.commune is None


def test_it_makes_one_report_of_the_same_sms_delivered_twice(client, ccs):
    gw = gateway()
    first = android_post(client, gw).json()
    second = android_post(client, gw).json()
    assert second == {**first, "status": "duplicate"}
    assert CitizenReport.objects.count() == 1
    assert OutboundSms.objects.count() == 1


def test_it_refuses_a_call_without_or_with_a_wrong_secret(client, ccs):
    gw = gateway()
    data = {"from": "+22376123456", "message": "CCS Bandiagara test", "message_id": "x1"}
    assert client.post(f"/sms/{gw.pk}/", data).status_code == 403
    assert client.post(f"/sms/{gw.pk}/", {**data, "secret": "guess"}).status_code == 403
    wrong = {"X-Siccs-Secret": GATEWAY_SECRET + "x"}
    assert client.post(f"/sms/{gw.pk}/", data, headers=wrong).status_code == 403
    assert client.post("/sms/999/", data, headers=HEADERS).status_code == 403
    gw.active = False
    gw.save()
    assert client.post(f"/sms/{gw.pk}/", data, headers=HEADERS).status_code == 403
    assert not CitizenReport.objects.exists()


def test_it_never_takes_the_secret_from_the_address(client, ccs):
    gw = gateway()
    data = {"from": "+22376123456", "message": "CCS Bandiagara test", "message_id": "x1"}
    response = client.post(f"/sms/{gw.pk}/?secret={GATEWAY_SECRET}", data)
    assert response.status_code == 403 and "header" in response.json()["error"]
    # Even with the right header: a secret in the address is refused, since it leaked.
    response = client.post(f"/sms/{gw.pk}/?secret={GATEWAY_SECRET}", data, headers=HEADERS)
    assert response.status_code == 403
    assert not CitizenReport.objects.exists()


def test_it_takes_the_secret_an_android_app_puts_in_its_form(client, ccs):
    gw = gateway()
    data = {"from": "+22376123456", "message": "CCS Bandiagara test", "secret": GATEWAY_SECRET}
    assert client.post(f"/sms/{gw.pk}/", data).json()["status"] == "accepted"
    # A RapidPro flow sends JSON: its secret is the header's, never a body field.
    rapidpro = gateway(GatewayKind.RAPIDPRO)
    body = {**RAPIDPRO_BODY, "secret": GATEWAY_SECRET}
    response = client.post(
        f"/sms/{rapidpro.pk}/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 403


def test_it_accepts_a_message_without_keyword_for_national_triage(client, ccs):
    android_post(client, gateway(), message="Il y a des coupeurs de route vers Boni")
    report = CitizenReport.objects.get()
    assert report.commune is None and report.concern is None
    assert report.description == "Il y a des coupeurs de route vers Boni"


def test_it_answers_a_refused_sms_with_the_reason(client, ccs):
    gw = gateway()
    response = android_post(client, gw, message="CCS Bandiagara gagnez sur www.casino.ml")
    assert response.json() == {
        "status": "refused",
        "reason": "reject_link",
        "payload": {"success": True},
    }
    reply = OutboundSms.objects.get()
    assert reply.text == "CCS : message refuse. Les liens internet ne sont pas acceptés."
    android_post(client, gw, message="CCS Bandiagara www.casino.ml", message_id="a2")
    assert OutboundSms.objects.count() == 1  # one refusal an hour, not a flood


def test_it_limits_reports_per_phone(client, ccs, settings):
    settings.CITIZEN_RATE_PER_PHONE = 2
    gw = gateway()
    for n in range(3):
        android_post(client, gw, message=f"Vol numéro {n}", message_id=f"m{n}")
    assert CitizenReport.objects.count() == 2
    assert "Trop de signalements depuis ce numéro" in OutboundSms.objects.get(report=None).text


def test_it_refuses_an_sms_longer_than_480_characters(client, ccs):
    android_post(client, gateway(), message="Vol " * 130)
    assert not CitizenReport.objects.exists()
    assert "480" in OutboundSms.objects.get().text


def test_it_rejects_a_get(client, ccs):
    gw = gateway()
    assert client.get(f"/sms/{gw.pk}/", headers=HEADERS).status_code == 405
