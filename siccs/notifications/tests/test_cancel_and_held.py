"""A secretary cancels a scheduled session with a reason: the members already convened
are told once (in their language, SMS refused respected), and nobody is reminded the
day before. When the session is recorded as held, the scheduled one shows "tenue" with
a link to it."""

import datetime as dt

import pytest
from django.utils import timezone

from siccs.citizens.models import OutboundSms
from siccs.core.errors import DomainError
from siccs.core.fields import blind_index
from siccs.meetings.services import session_record
from siccs.notifications import services
from siccs.notifications.models import (
    Delivery,
    DeliveryState,
    MemberContact,
    MessageTemplate,
    OptOut,
    PlannedSession,
    Purpose,
)

pytestmark = pytest.mark.django_db


def convened(secretary, gao_ccs, days=4, now=None):
    now = now or timezone.now()
    planned = services.planned_session_schedule(
        user=secretary,
        committee=gao_ccs.committee,
        planned_on=timezone.localdate(now) + dt.timedelta(days=days),
        starts_at=dt.time(9, 30),
        place="Mairie de Gao",
    )
    services.convocations_send(user=secretary, planned=planned, now=now)
    return planned


def test_the_convened_members_are_told_once_in_their_language(gao_secretary, gao_ccs):
    first, second, third = gao_ccs.members
    MemberContact.objects.create(person=first.person, language="bm")
    MemberContact.objects.create(person=second.person, sms_opt_out=True, email="baba@example.ml")
    OptOut.objects.create(phone_index=blind_index(third.person.phone), at=timezone.now())
    planned = convened(gao_secretary, gao_ccs)
    before = OutboundSms.objects.count()

    told = services.planned_session_cancel(
        user=gao_secretary, planned=planned, reason="Visite du gouverneur le meme jour"
    )
    assert told == 3
    cancellations = Delivery.objects.filter(purpose=Purpose.SESSION_CANCELLED)
    states = {(d.recipient, d.channel): d.state for d in cancellations}
    assert states == {
        ("Fatoumata Maïga", "sms"): DeliveryState.QUEUED,
        ("Baba Sidibé", "sms"): DeliveryState.OPTED_OUT,
        ("Baba Sidibé", "email"): DeliveryState.QUEUED,
        ("Hamadou Touré", "sms"): DeliveryState.OPTED_OUT,
    }
    # Only Fatoumata's SMS leaves, through the outgoing queue, in Bambara.
    sent = OutboundSms.objects.order_by("pk")[before:]
    assert [o.to_phone for o in sent] == ["+22376000001"]
    assert "dabilara" in sent[0].text and "Visite du gouverneur" in sent[0].text
    french = cancellations.get(recipient="Baba Sidibé", channel="email").text
    assert "est annulee" in french and "09h30" in french

    # Never twice: a second cancellation is refused and tells nobody again.
    with pytest.raises(DomainError):
        services.planned_session_cancel(user=gao_secretary, planned=planned, reason="encore")
    assert Delivery.objects.filter(purpose=Purpose.SESSION_CANCELLED).count() == 4
    planned.refresh_from_db()
    assert planned.cancel_reason == "Visite du gouverneur le meme jour"


def test_a_session_not_convened_yet_is_cancelled_without_messages(gao_secretary, gao_ccs):
    planned = services.planned_session_schedule(
        user=gao_secretary,
        committee=gao_ccs.committee,
        planned_on=timezone.localdate() + dt.timedelta(days=3),
        place="Mairie",
    )
    assert (
        services.planned_session_cancel(user=gao_secretary, planned=planned, reason="Pluies") == 0
    )
    assert not Delivery.objects.exists()
    # It can no longer be convened.
    with pytest.raises(DomainError):
        services.convocations_send(user=gao_secretary, planned=planned)


def test_no_reminder_the_day_before_a_cancelled_session(gao_secretary, gao_ccs):
    now = timezone.now()
    planned = convened(gao_secretary, gao_ccs, days=4, now=now)
    services.planned_session_cancel(user=gao_secretary, planned=planned, reason="Pluies", now=now)
    for days in range(5):
        services.convocation_reminders_send(now=now + dt.timedelta(days=days))
    assert not Delivery.objects.filter(purpose=Purpose.CONVOCATION_REMINDER).exists()


def test_the_cancellation_text_is_an_editable_template(client_for, national_admin, gao_ccs):
    template = MessageTemplate.objects.get(purpose=Purpose.SESSION_CANCELLED)
    page = client_for(national_admin).get("/notifications/templates/").content.decode()
    assert "annulation d&#x27;une session programmée" in page
    client_for(national_admin).post(
        f"/notifications/templates/{template.pk}/",
        {
            "text_fr": "ANNULE {date}: {reason}",
            "text_bm": "A DABILA {date}",
            "enabled": "on",
            "days": "0",
        },
    )
    template.refresh_from_db()
    assert template.text_fr == "ANNULE {date}: {reason}"


def test_the_secretary_cancels_from_the_page_with_a_reason(client_for, gao_secretary, gao_ccs):
    planned = convened(gao_secretary, gao_ccs)
    client = client_for(gao_secretary)
    page = client.get(f"/notifications/scheduled/{planned.pk}/").content.decode()
    assert "Annuler la session" in page
    # Without a reason, nothing happens.
    response = client.post(f"/notifications/scheduled/{planned.pk}/cancel/", {"reason": "  "})
    assert response.status_code == 200
    assert not PlannedSession.objects.filter(cancelled_at__isnull=False).exists()
    response = client.post(
        f"/notifications/scheduled/{planned.pk}/cancel/", {"reason": "Deuil au village"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Session annulée ; 3 membres prévenus." in page
    assert "annulée" in page and "Deuil au village" in page
    assert "Envoyer les convocations" not in page and 'id="cancel-form"' not in page
    schedule = client.get(f"/sessions/committee/{gao_ccs.committee.pk}/").content.decode()
    assert 'class="badge blocked">annulée' in schedule


def test_the_outsider_cannot_cancel(client_for, mopti_focal_point, gao_secretary, gao_ccs):
    planned = convened(gao_secretary, gao_ccs)
    client = client_for(mopti_focal_point)
    response = client.post(f"/notifications/scheduled/{planned.pk}/cancel/", {"reason": "x"})
    assert response.status_code == 404
    planned.refresh_from_db()
    assert planned.cancelled_at is None
    assert not Delivery.objects.filter(purpose=Purpose.SESSION_CANCELLED).exists()


def record(secretary, gao_ccs, held_on, session=None):
    return session_record(
        user=secretary,
        committee=gao_ccs.committee,
        held_on=held_on,
        attendance={m.pk: "present" for m in gao_ccs.members},
        place="Mairie de Gao",
        session=session,
    )


def test_recording_the_session_held_marks_the_scheduled_one_held(
    client_for, gao_secretary, gao_ccs
):
    today = timezone.localdate()
    planned = convened(gao_secretary, gao_ccs, days=0)
    other = services.planned_session_schedule(
        user=gao_secretary,
        committee=gao_ccs.committee,
        planned_on=today + dt.timedelta(days=20),
        place="Mairie",
    )
    # A session held another day is no scheduled session's.
    elsewhere = record(gao_secretary, gao_ccs, today - dt.timedelta(days=3))
    planned.refresh_from_db()
    assert planned.session is None
    session = record(gao_secretary, gao_ccs, today)
    planned.refresh_from_db()
    other.refresh_from_db()
    assert planned.session == session and other.session is None

    client = client_for(gao_secretary)
    schedule = client.get(f"/sessions/committee/{gao_ccs.committee.pk}/").content.decode()
    assert f'href="/sessions/{session.pk}/">tenue</a>' in schedule
    detail = client.get(f"/notifications/scheduled/{planned.pk}/").content.decode()
    assert f'href="/sessions/{session.pk}/"' in detail and "Voir la session tenue" in detail
    # A held session cannot be cancelled.
    with pytest.raises(DomainError):
        services.planned_session_cancel(user=gao_secretary, planned=planned, reason="trop tard")
    # Correcting its date unlinks it; the session held another day never linked.
    record(gao_secretary, gao_ccs, today - dt.timedelta(days=1), session=session)
    planned.refresh_from_db()
    assert planned.session is None
    assert not PlannedSession.objects.filter(session=elsewhere).exists()


def test_a_cancelled_session_is_not_marked_held(gao_secretary, gao_ccs):
    planned = convened(gao_secretary, gao_ccs, days=0)
    services.planned_session_cancel(user=gao_secretary, planned=planned, reason="Pluies")
    record(gao_secretary, gao_ccs, timezone.localdate())
    planned.refresh_from_db()
    assert planned.session is None
