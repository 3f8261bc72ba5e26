"""Retention: national administrators delete reports' personal data, concerns stay."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from siccs.citizens import services
from siccs.citizens.models import CitizenReport, OutboundSms
from siccs.meetings.models import Concern

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_report(ccs, mali, settings):
    settings.REPORT_RETENTION_DAYS = 30
    report = services.report_submit(
        channel="web",
        description="Mon voisin Bakary a vu les voleurs",
        category=ccs.theft,
        commune=mali.bandiagara,
        phone="76000009",
        place_detail="chez Bakary",
        received_at=timezone.now() - dt.timedelta(days=40),
    )
    return report


def test_the_command_purges_personal_data_and_keeps_the_concern(old_report, ccs, mali):
    recent = services.report_submit(
        channel="web", description="Récent", category=ccs.theft, commune=mali.bandiagara
    )
    call_command("purge_reports")
    old_report.refresh_from_db()
    assert old_report.anonymised and old_report.reporter_phone == ""
    assert old_report.phone_index == "" and old_report.place_detail == ""
    assert old_report.description == "[supprimé]"
    assert Concern.objects.filter(pk=old_report.concern_id).exists()
    assert OutboundSms.objects.get(report=old_report).to_phone == ""
    recent.refresh_from_db()
    assert not recent.anonymised


def test_national_admins_purge_from_the_page(client_for, old_report, national_admin):
    staff = client_for(national_admin)
    assert "1 signalement a dépassé" in staff.get("/signalements/purge/").text
    staff.post("/signalements/purge/")
    assert CitizenReport.objects.get().anonymised


def test_others_cannot_purge(client_for, old_report, mopti_focal_point, sec_bandiagara):
    assert client_for(mopti_focal_point).get("/signalements/purge/").status_code == 403
    client_for(sec_bandiagara).post(f"/signalements/{old_report.pk}/purger/")
    old_report.refresh_from_db()
    assert not old_report.anonymised


def test_it_refuses_to_purge_a_report_within_retention(ccs, mali, national_admin):
    report = services.report_submit(
        channel="web", description="Récent", category=ccs.theft, commune=mali.bandiagara
    )
    with pytest.raises(services.DomainError):
        services.report_purge(actor=national_admin, report=report)


def _every_value_in_the_database():
    """(table, text) for every non-empty cell of every table."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if value not in (None, ""):
                        yield table, value if isinstance(value, str) else str(value)


def test_after_a_purge_no_table_holds_the_phone_or_anything_computed_from_it(
    client, client_for, ccs, mali, settings, national_admin
):
    import hashlib
    import json

    from siccs.audit.models import AuditEntry
    from siccs.citizens.models import GatewayKind
    from siccs.citizens.tests.factories import GATEWAY_SECRET, gateway
    from siccs.core.fields import blind_index, decrypt

    settings.REPORT_RETENTION_DAYS = 30
    phone = "+22376543219"
    headers = {"X-Siccs-Secret": GATEWAY_SECRET}
    # The same person reports through a RapidPro flow (no message id: the body's hash is
    # the id), an Android gateway, and the web page; one SMS is refused.
    body = json.dumps(
        {"contact": {"urn": f"tel:{phone}"}, "results": {"message": {"value": "Vol de moto"}}}
    ).encode()
    client.post(
        f"/sms/{gateway(GatewayKind.RAPIDPRO).pk}/",
        body,
        content_type="application/json",
        headers=headers,
    )
    android = gateway()
    sent = {"from": "76 54 32 19", "message": "CCS Bandiagara vol", "message_id": "a-1"}
    client.post(f"/sms/{android.pk}/", sent, headers=headers)
    spam = {"from": phone, "message": "gagnez sur www.casino.ml", "message_id": "a-2"}
    client.post(f"/sms/{android.pk}/", spam, headers=headers)
    client.post(
        "/signaler/",
        {
            "category": ccs.theft.pk,
            "commune_name": "Bandiagara",
            "description": "Vol de bétail",
            "phone": "0022376543219",
        },
    )
    reports = list(CitizenReport.objects.all())
    assert len(reports) == 3 and {r.reporter_phone for r in reports} == {phone}
    staff = client_for(national_admin)
    staff.post(f"/signalements/{reports[0].pk}/telephone/", {"reason": "Rappeler le témoin"})
    services.report_answer(actor=national_admin, report=reports[1], answer="Patrouille prévue.")

    # Everything is older than the retention period: the national administrator purges.
    CitizenReport.objects.update(received_at=timezone.now() - dt.timedelta(days=40))
    OutboundSms.objects.update(created_at=timezone.now() - dt.timedelta(days=40))
    assert staff.post("/signalements/purge/").status_code == 302

    derived = {
        phone,
        phone[4:],  # the national number
        blind_index(phone),
        "body:" + hashlib.sha256(body).hexdigest()[:40],
    }
    found = []
    for table, value in _every_value_in_the_database():
        plain = decrypt(value) if value.startswith("gAAAAA") else value
        found += [f"{table}: {d}" for d in derived if d in value or d in plain]
    assert found == []
    # The audit trail says that the number was revealed and purged, nothing more.
    assert AuditEntry.objects.filter(verb="reveal_phone").count() == 1
    assert AuditEntry.objects.filter(verb="purge").count() == 3
