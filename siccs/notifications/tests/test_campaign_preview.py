"""The national administrator reads, before the worker sends them, what the next run of
each periodic job would send: purpose, number of messages, masked recipients, a sample
text. The preview runs the jobs' own functions in a dry run: nothing is written or sent,
and the real run then sends exactly what was shown."""

import datetime as dt
from collections import Counter

import pytest
from django.core import mail
from django.utils import timezone

from siccs.citizens.models import Channel as ReportChannel
from siccs.citizens.models import OutboundSms
from siccs.citizens.tests.factories import CitizenReportFactory
from siccs.committees.models import MemberFunction
from siccs.committees.tests.factories import MembershipFactory, PersonFactory
from siccs.meetings.tests.factories import RecommendationFactory, SessionFactory
from siccs.notifications import services
from siccs.notifications.digest import digests_send
from siccs.notifications.escalation import late_recommendations_escalate
from siccs.notifications.models import (
    Delivery,
    Escalation,
    MessageTemplate,
    Purpose,
    SatisfactionQuestion,
)
from siccs.notifications.preview import campaigns_preview
from siccs.notifications.reminders import reminders_send

pytestmark = pytest.mark.django_db

URL = "/notifications/templates/preview/"


@pytest.fixture
def campaigns(mali, gao_secretary, national_admin, gao_ccs):
    """Something due for every job: a session tomorrow with its convened members, an
    answered SMS report, a session without minutes, a recommendation long late, a digest
    for the national admin."""
    now = timezone.now()
    MembershipFactory(
        committee=gao_ccs.committee,
        person=PersonFactory(full_name="Secrétaire de Gao", phone="+22376000009"),
        function=MemberFunction.SECRETARY,
        start_on=dt.date(2021, 5, 5),
    )
    planned = services.planned_session_schedule(
        user=gao_secretary,
        committee=gao_ccs.committee,
        planned_on=timezone.localdate(now) + dt.timedelta(days=1),
        place="Mairie de Gao",
    )
    services.convocations_send(user=gao_secretary, planned=planned, now=now)
    CitizenReportFactory(
        commune=mali.gao_commune,
        channel=ReportChannel.SMS,
        reporter_phone="+22370000042",
        answered_at=now - dt.timedelta(hours=2),
    )
    SessionFactory(
        committee=gao_ccs.committee,
        held_on=timezone.localdate(now) - dt.timedelta(days=10),
        minutes_text="",
    )
    # Open 40 days after its deadline: escalated to the national level (no regional
    # committee in Gao), whose administrators are told by e-mail.
    RecommendationFactory(
        session=SessionFactory(
            committee=gao_ccs.committee, held_on=dt.date(2021, 6, 1), minutes_text="PV"
        ),
        due_on=timezone.localdate(now) - dt.timedelta(days=40),
        status="open",
    )
    # Every day is the digest's day, so that the preview and the run agree on it.
    MessageTemplate.objects.filter(purpose=Purpose.DIGEST).update(
        days=timezone.localdate(now).weekday()
    )
    return now


def _by_purpose(jobs):
    return {p.purpose: p for job in jobs for p in job.purposes}


def test_the_preview_shows_each_purpose_with_masked_recipients_and_writes_nothing(
    client_for, national_admin, campaigns
):
    deliveries, sms = Delivery.objects.count(), OutboundSms.objects.count()
    mail.outbox.clear()
    page = client_for(national_admin).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    for purpose in (
        "convocation_reminder",
        "satisfaction",
        "no_minutes",
        "digest",
        "report_untriaged",
        "escalation",
    ):
        assert f'id="purpose-{purpose}"' in html
    reminder = html[html.index('id="purpose-convocation_reminder"') :]
    reminder = reminder[: reminder.index("</tr>")]
    assert "Fatoumata Maïga +223 •• •• •• 01" in reminder
    assert "rappel, session demain" in reminder
    assert "+223 •• •• •• 42" in html and "+22370000042" not in html
    assert "+22376000001" not in html
    assert "Prochain passage" in html
    # Nothing written, nothing sent.
    assert Delivery.objects.count() == deliveries
    assert OutboundSms.objects.count() == sms
    assert not SatisfactionQuestion.objects.exists() and not Escalation.objects.exists()
    assert mail.outbox == []


def test_the_real_run_sends_what_the_preview_showed(national_admin, campaigns):
    now = campaigns
    preview = _by_purpose(campaigns_preview(now=now))
    shown = {purpose: p.messages for purpose, p in preview.items() if p.messages}
    assert shown[Purpose.CONVOCATION_REMINDER] == 4  # the three members and the secretary
    assert shown[Purpose.SATISFACTION] == 1
    assert shown[Purpose.NO_MINUTES] >= 1
    assert shown[Purpose.DIGEST] >= 1
    assert shown[Purpose.ESCALATION] >= 1
    before = Counter(Delivery.objects.values_list("purpose", flat=True))

    services.convocation_reminders_send(now=now)
    services.satisfaction_questions_ask(now=now)
    reminders_send(now=now)
    late_recommendations_escalate(now=now)
    digests_send(now=now)

    sent = Counter(Delivery.objects.values_list("purpose", flat=True)) - before
    assert dict(sent) == shown
    # What left is no longer to come: the next preview shows nothing new.
    assert not any(p.messages for p in _by_purpose(campaigns_preview(now=now)).values())


def test_a_purpose_switched_off_is_shown_as_such_and_sends_nothing(national_admin, campaigns):
    MessageTemplate.objects.filter(purpose=Purpose.CONVOCATION_REMINDER).update(enabled=False)
    preview = _by_purpose(campaigns_preview(now=campaigns))
    reminder = preview[Purpose.CONVOCATION_REMINDER]
    assert (reminder.enabled, reminder.messages) == (False, 0)


def test_the_templates_page_links_to_it_and_only_the_national_admin_sees_it(
    client_for, national_admin, national_analyst, mopti_focal_point, gao_secretary, campaigns
):
    templates = client_for(national_admin).get("/notifications/templates/").content.decode()
    assert f'href="{URL}"' in templates and "Aperçu des messages automatiques" in templates
    for user in (national_analyst, mopti_focal_point, gao_secretary):
        assert client_for(user).get(URL).status_code == 403
