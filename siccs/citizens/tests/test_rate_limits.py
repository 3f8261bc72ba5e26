"""Rate limits: per device for the web page (behind the configured proxy), per phone number
for SMS, however the number is written."""

import pytest

from siccs.citizens.models import CitizenReport
from siccs.citizens.tests.factories import GATEWAY_SECRET, gateway

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # the TLS reverse proxy: every request reaches the platform from it


def post_report(client, n, **meta):
    data = {
        "category": client.ccs.theft.pk,
        "commune_name": "Bandiagara",
        "description": f"Vol de bétail numéro {n} près du puits.",
    }
    return client.post("/signaler/", data, REMOTE_ADDR=PROXY, **meta)


@pytest.fixture
def web(client, ccs, settings):
    settings.CITIZEN_RATE_PER_SOURCE = 2
    client.ccs = ccs
    return client


def test_behind_the_proxy_two_devices_have_two_quotas(web, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    phone_a = {"HTTP_X_FORWARDED_FOR": "41.73.1.2"}
    phone_b = {"HTTP_X_FORWARDED_FOR": "41.73.1.3"}
    assert [post_report(web, n, **phone_a).status_code for n in range(2)] == [302, 302]
    refused = post_report(web, 2, **phone_a)
    assert refused.status_code == 200 and "Trop de signalements depuis cet appareil" in refused.text
    # The other device is not held back by the first one's quota.
    assert [post_report(web, n, **phone_b).status_code for n in range(3, 5)] == [302, 302]
    assert CitizenReport.objects.count() == 4


def test_a_device_cannot_escape_its_quota_by_forging_the_header(web, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(2):
        post_report(web, n, HTTP_X_FORWARDED_FOR="41.73.1.2")
    # The client writes its own entry on the left; the proxy appends what it saw.
    forged = post_report(web, 9, HTTP_X_FORWARDED_FOR="1.2.3.4, 41.73.1.2")
    assert "Trop de signalements depuis cet appareil" in forged.text
    assert CitizenReport.objects.count() == 2


def test_without_a_configured_proxy_a_forged_header_changes_nothing(web, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [
        post_report(web, n, HTTP_X_FORWARDED_FOR=f"41.73.1.{n}").status_code for n in range(4)
    ]
    assert statuses == [302, 302, 200, 200]
    assert CitizenReport.objects.count() == 2


def sms(client, gw, sender, n):
    return client.post(
        f"/sms/{gw.pk}/",
        {"from": sender, "message": f"CCS Bandiagara vol {n}", "message_id": f"{sender}-{n}"},
        headers={"X-Siccs-Secret": GATEWAY_SECRET},
    ).json()


def test_sms_are_limited_per_phone_however_the_number_is_written(client, ccs, settings):
    settings.CITIZEN_RATE_PER_PHONE = 3
    gw = gateway()
    writings = ["+22376123456", "76 12 34 56", "0022376123456", "tel:+223 76 12 34 56"]
    results = [sms(client, gw, sender, n)["status"] for n, sender in enumerate(writings)]
    assert results == ["accepted", "accepted", "accepted", "refused"]
    # Another phone has its own quota.
    assert sms(client, gw, "+22366000001", 9)["status"] == "accepted"
    assert CitizenReport.objects.count() == 4
