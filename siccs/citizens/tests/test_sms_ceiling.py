"""The outgoing SMS queue's hourly ceiling: a flood of reports cannot spend the SMS budget.
Past the ceiling, messages wait (nothing is lost) and national administrators are told."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from siccs.citizens import services
from siccs.citizens.models import CitizenReport, OutboundSms, SmsState
from siccs.citizens.tests.factories import GATEWAY_SECRET, gateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def ceiling(settings, tmp_path):
    settings.SMS_HOURLY_CEILING = 3
    settings.SMS_BACKEND = "siccs.citizens.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms.jsonl"
    return 3


def flood(client, gw, senders):
    for n in range(senders):
        client.post(
            f"/sms/{gw.pk}/",
            {"from": f"+2237600{n:04d}", "message": f"CCS Bandiagara vol {n}", "message_id": n},
            headers={"X-Siccs-Secret": GATEWAY_SECRET},
        )


def test_a_flood_of_reports_sends_no_more_than_the_ceiling(
    client, ccs, ceiling, settings, tmp_path, national_admin
):
    settings.SMS_FILE_PATH = tmp_path / "sms.jsonl"
    flood(client, gateway(), 10)
    assert CitizenReport.objects.count() == 10  # every report is kept
    assert len(settings.SMS_FILE_PATH.read_text().splitlines()) == 3
    assert OutboundSms.objects.filter(state=SmsState.SENT).count() == 3
    held = OutboundSms.objects.filter(state=SmsState.HELD)
    assert held.count() == 7  # waiting, not lost
    first_sent = OutboundSms.objects.filter(state=SmsState.SENT).order_by("sent_at").first()
    assert all(m.next_attempt_at > first_sent.sent_at + dt.timedelta(hours=1) for m in held.all())


def test_the_national_administrators_get_one_alert_by_email_and_on_the_pages(
    client,
    client_for,
    ccs,
    ceiling,
    national_admin,
    mopti_focal_point,
    settings,
    django_capture_on_commit_callbacks,
):
    national_admin.email = "admin@crss.ml"
    national_admin.save()
    settings.SITE_URL = "https://ccs.example.ml"
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves on commit
        flood(client, gateway(), 6)
    assert len(mail.outbox) == 1  # the first message held, not one per message
    alert = mail.outbox[0]
    assert alert.to == ["admin@crss.ml"]
    assert "https://ccs.example.ml/signalements/sms/?state=held" in alert.body
    for url in ("/signalements/", "/signalements/sms/"):
        page = client_for(national_admin).get(url).text
        assert 'id="sms-ceiling-alert"' in page and "3 messages attendent" in page
    # A regional focal point does not manage the national queue.
    assert 'id="sms-ceiling-alert"' not in client_for(mopti_focal_point).get("/signalements/").text


def test_held_messages_leave_when_the_hour_has_passed(client, ccs, ceiling, settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path / "sms.jsonl"
    flood(client, gateway(), 5)
    # An hour later: the first three are out of the window.
    OutboundSms.objects.filter(state=SmsState.SENT).update(
        sent_at=timezone.now() - dt.timedelta(hours=1, minutes=1)
    )
    OutboundSms.objects.filter(state=SmsState.HELD).update(next_attempt_at=timezone.now())
    assert services.outbound_sms_release() == 2
    assert OutboundSms.objects.filter(state=SmsState.SENT).count() == 5
    assert not OutboundSms.objects.filter(state=SmsState.HELD).exists()
    assert len(settings.SMS_FILE_PATH.read_text().splitlines()) == 5


def test_the_worker_defers_a_held_message_to_the_freed_slot(ccs, ceiling, settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path / "sms.jsonl"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    from django_tasks_db.models import DBTaskResult

    messages = [services.outbound_sms_queue(to=f"+2237600000{n}", text="Code") for n in range(4)]
    states = [services.outbound_sms_attempt(outbound_id=m.pk) for m in messages]
    assert states == [SmsState.SENT] * 3 + [SmsState.HELD]
    held = OutboundSms.objects.get(state=SmsState.HELD)
    assert DBTaskResult.objects.filter(run_after=held.next_attempt_at).exists()


def test_the_ceiling_is_the_queues_whoever_sends(ccs, ceiling, settings, tmp_path, mali):
    """Answers, acknowledgements and any later kind of message share one budget."""
    settings.SMS_FILE_PATH = tmp_path / "sms.jsonl"
    for n in range(3):
        services.outbound_sms_queue(to=f"+2237600000{n}", text=f"Convocation {n}")
    report = services.report_submit(channel="web", description="Vol", phone="76000009")
    assert OutboundSms.objects.get(report=report).state == SmsState.HELD


def test_no_ceiling_when_it_is_zero(ccs, settings, tmp_path):
    settings.SMS_HOURLY_CEILING = 0
    settings.SMS_BACKEND = "siccs.citizens.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms.jsonl"
    for n in range(5):
        services.outbound_sms_queue(to=f"+2237600000{n}", text="x")
    assert OutboundSms.objects.filter(state=SmsState.SENT).count() == 5
