"""The SMS webhook under malformed and hostile calls (with a valid secret): each gets a 4xx
or is stored cleaned, never a 500, and every page and export listing citizen reports
answers 200 afterwards."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from siccs.citizens.models import CitizenReport, GatewayKind
from siccs.citizens.tests.factories import GATEWAY_SECRET, gateway
from siccs.citizens.webhook import MAX_BODY_BYTES

pytestmark = pytest.mark.django_db

HEADERS = {"X-Siccs-Secret": GATEWAY_SECRET}

# Timestamps no gateway should send: each is replaced by the reception time.
IMPLAUSIBLE_TIMES = [
    "9999-12-31T23:59:59",
    "0001-01-01T00:00:00",
    "99999999999999999999",
    "253402300800000",  # year 10000 in milliseconds
    "2024-13-45T99:99:99",
    "-1",
    "demain",
    "1970-01-01T00:00:00Z",
    (timezone.now() + dt.timedelta(days=3)).isoformat(),
]

# JSON bodies of the wrong shape: refused with 400, nothing stored.
BAD_JSON_BODIES = [
    b'{"contact": "tel:+22376123456", "input": {"text": "CCS Mopti vol"}}',
    b'{"contact": {"urn": "tel:+22376123456"}, "input": "CCS Mopti vol"}',
    b'{"contact": {"urn": ["tel:+22376123456"]}, "input": {"text": "vol"}}',
    b'{"contact": {"urn": "tel:+22376123456"}, "input": {"text": {"a": 1}}}',
    b'{"contact": {"urn": "tel:+22376123456"}, "results": ["vol"]}',
    b'{"contact": {"urn": "tel:+22376123456"}, "run": "abc", "input": {"text": "vol"}}',
    b'{"contact": {"urn": "tel:+22376123456"}, "input": {"text": "vol", "uuid": {}}}',
    b"[1, 2, 3]",
    b'"CCS Mopti vol"',
    b"null",
    b"{not json",
    b"\xff\xfe\x00{",
    b"[" * 5000 + b"]" * 5000,
    b'{"contact": ' + b"[" * 3000 + b"]" * 3000 + b"}",
]


@pytest.fixture(autouse=True)
def many_reports_per_phone(settings):
    # These tests post many calls from one number; the rate limit is tested elsewhere.
    settings.CITIZEN_RATE_PER_PHONE = 1000


def android(client, gw, **fields):
    data = {
        "from": "+22376123456",
        "message": "CCS Bandiagara vol de moto au marché",
        "message_id": f"m-{CitizenReport.objects.count()}-{len(str(fields))}",
        **fields,
    }
    return client.post(f"/sms/{gw.pk}/", data, headers=HEADERS)


def rapidpro(client, gw, body: bytes):
    return client.post(f"/sms/{gw.pk}/", body, content_type="application/json", headers=HEADERS)


def test_it_replaces_an_implausible_timestamp_by_the_reception_time_and_says_so(client, ccs):
    gw = gateway()
    for n, value in enumerate(IMPLAUSIBLE_TIMES):
        response = android(client, gw, sent_timestamp=value, message_id=f"t{n}")
        assert response.status_code == 200, value
        body = response.json()
        assert body["status"] == "accepted", value
        assert "reception time" in body["warnings"][0], value
        report = CitizenReport.objects.get(tracking_code=body["tracking_code"])
        assert abs((report.received_at - report.created_at).total_seconds()) < 60, value


def test_it_keeps_a_plausible_timestamp_from_weeks_ago(client, ccs):
    sent = timezone.now() - dt.timedelta(days=20)
    body = android(client, gateway(), sent_timestamp=str(int(sent.timestamp()))).json()
    report = CitizenReport.objects.get(tracking_code=body["tracking_code"])
    assert abs((report.received_at - sent).total_seconds()) < 1 and "warnings" not in body


def test_it_refuses_json_of_the_wrong_shape_with_a_400(client, ccs):
    gw = gateway(GatewayKind.RAPIDPRO)
    for body in BAD_JSON_BODIES:
        response = rapidpro(client, gw, body)
        assert response.status_code == 400, body[:60]
        assert "error" in response.json()
    assert not CitizenReport.objects.exists()


def test_it_refuses_a_body_too_large_before_reading_it(client, ccs):
    gw = gateway(GatewayKind.RAPIDPRO)
    body = json.dumps({"contact": {"urn": "tel:+22376123456"}, "input": {"text": "x" * 20000}})
    assert rapidpro(client, gw, body.encode()).status_code == 413
    response = android(client, gateway(), message="vol " * (MAX_BODY_BYTES // 4))
    assert response.status_code == 413
    assert not CitizenReport.objects.exists()


def test_it_strips_control_characters_before_storing(client, ccs, mali):
    gw = gateway()
    body = android(
        client,
        gw,
        message="CCS Bandiagara vol\x00 de\x07 moto\u202e au\r\nmarché\x1b",
        message_id="nul\x00id",
        **{"from": "+223\x0076123456"},
    ).json()
    report = CitizenReport.objects.get(tracking_code=body["tracking_code"])
    assert report.description == "vol de moto au marché"
    assert report.gateway_message_id == "nulid"
    assert report.reporter_phone == "+22376123456" and report.commune == mali.bandiagara


def test_it_refuses_a_message_of_nothing_but_control_characters(client, ccs):
    response = android(client, gateway(), message="\x00\x01\x02")
    assert response.status_code == 400
    assert not CitizenReport.objects.exists()


def test_it_hashes_a_message_id_too_long_instead_of_cutting_it(client, ccs):
    gw = gateway()
    first = android(client, gw, message_id="a" * 300 + "1").json()
    second = android(client, gw, message_id="a" * 300 + "2").json()
    assert first["status"] == second["status"] == "accepted"
    ids = set(CitizenReport.objects.values_list("gateway_message_id", flat=True))
    assert len(ids) == 2 and all(len(i) <= 100 for i in ids)


def test_it_answers_refused_for_a_sender_that_is_no_phone(client, ccs):
    for sender in ("Orange", "+223 12", "+" + "9" * 30, "tel:"):
        response = android(client, gateway(), **{"from": sender})
        assert response.status_code in (200, 400), sender
        if response.status_code == 200:
            assert response.json()["status"] == "refused", sender
    assert not CitizenReport.objects.exists()


def test_every_page_listing_reports_answers_200_after_the_hostile_calls(
    client, client_for, ccs, national_admin, mali
):
    android_gw, rapidpro_gw = gateway(), gateway(GatewayKind.RAPIDPRO)
    for n, value in enumerate(IMPLAUSIBLE_TIMES):
        android(client, android_gw, sent_timestamp=value, message_id=f"h{n}")
    android(
        client,
        android_gw,
        message="CCS Bandiagara \x00\u202e" + "vol à Dourou " * 30,
        message_id="u",
    )
    for body in BAD_JSON_BODIES:
        rapidpro(client, rapidpro_gw, body)
    rapidpro(
        client,
        rapidpro_gw,
        json.dumps(
            {
                "contact": {"urn": "tel:+22366554433"},
                "input": {"text": "CCS Djenné vol", "created_on": "9999-12-31T23:59:59Z"},
            }
        ).encode(),
    )
    reports = list(CitizenReport.objects.all())
    assert len(reports) == len(IMPLAUSIBLE_TIMES) + 2
    staff = client_for(national_admin)
    urls = [
        "/signalements/",
        "/signalements/?sort=received",
        "/signalements/?overdue=1",
        "/signalements/export.csv",
        "/signalements/sms/",
        "/signalements/purge/",
        "/transparence/",
        "/transparence/?lang=bm",
        "/dashboard/",
        "/audit/",
        "/sessions/concerns/",
        *[f"/signalements/{r.pk}/" for r in reports],
    ]
    for url in urls:
        assert staff.get(url).status_code == 200, url
    for report in reports:
        assert client.get("/suivi/", {"code": report.tracking_code}).status_code == 200


def test_a_broken_form_body_is_a_4xx(client, ccs):
    gw = gateway()
    url = f"/sms/{gw.pk}/"
    broken = [
        (b"--xx\r\ngarbage", "multipart/form-data"),
        (b"--xx\r\ngarbage", "multipart/form-data; boundary=zz"),
        (b"from=%FF%FE&message=%00%01", "application/x-www-form-urlencoded"),
        (b"a=" + b"&a=" * 3000, "application/x-www-form-urlencoded"),
    ]
    for body, content_type in broken:
        response = client.generic("POST", url, body, content_type=content_type, headers=HEADERS)
        assert 400 <= response.status_code < 500, (body[:20], content_type)
    assert not CitizenReport.objects.exists()
