"""A secretary schedules a session, checks the messages, convenes the members; replies by
SMS (OUI, NON, AWO, AYI) are recorded as expected attendance; reminder the day before."""

import datetime as dt

import pytest
from django.utils import timezone

from siccs.citizens.models import OutboundSms
from siccs.citizens.tests.factories import GATEWAY_SECRET, gateway
from siccs.notifications import services
from siccs.notifications.models import (
    Convocation,
    Delivery,
    DeliveryState,
    MemberContact,
    MessageTemplate,
    PlannedSession,
    Purpose,
    Reply,
)

pytestmark = pytest.mark.django_db

HEADERS = {"X-Siccs-Secret": GATEWAY_SECRET}


def sms(client, gw, sender, text, message_id):
    return client.post(
        f"/sms/{gw.pk}/",
        {"from": sender, "message": text, "message_id": message_id},
        headers=HEADERS,
    )


def schedule(client, committee, on):
    return client.post(
        f"/notifications/committee/{committee.pk}/schedule/",
        {
            "kind": "ordinary",
            "planned_on": on.isoformat(),
            "starts_at": "09:30",
            "place": "Mairie de Gao",
            "agenda": "Sécurité du marché; vols de bétail",
        },
    )


def test_it_shows_the_messages_before_anything_is_sent(client_for, gao_secretary, gao_ccs):
    client = client_for(gao_secretary)
    on = timezone.localdate() + dt.timedelta(days=5)
    response = schedule(client, gao_ccs.committee, on)
    planned = PlannedSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/notifications/scheduled/{planned.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Fatoumata Maïga" in page and "Mairie de Gao" in page
    assert "Repondez OUI ou NON" in page
    assert not OutboundSms.objects.exists() and not Delivery.objects.exists()


def test_it_convenes_every_member_once(client_for, gao_secretary, gao_ccs, capsys):
    client = client_for(gao_secretary)
    schedule(client, gao_ccs.committee, timezone.localdate() + dt.timedelta(days=5))
    planned = PlannedSession.objects.get()
    client.post(f"/notifications/scheduled/{planned.pk}/convene/")
    assert Convocation.objects.filter(planned_session=planned).count() == 3
    assert OutboundSms.objects.count() == 3
    out = capsys.readouterr().out
    # The console backend and the log show masked numbers only.
    assert "+22376000001" not in out and "+223 •• •• •• 01" in out
    # Sending again (a double click, a retry) convenes nobody twice.
    client.post(f"/notifications/scheduled/{planned.pk}/convene/")
    assert OutboundSms.objects.count() == 3
    page = client.get(f"/notifications/scheduled/{planned.pk}/").content.decode()
    assert "3 convoqués" in page


def test_it_writes_in_bambara_and_respects_the_member_flag(gao_secretary, gao_ccs):
    first, second, _third = gao_ccs.members
    MemberContact.objects.create(person=first.person, language="bm")
    MemberContact.objects.create(person=second.person, sms_opt_out=True)
    planned = services.planned_session_schedule(
        user=gao_secretary,
        committee=gao_ccs.committee,
        planned_on=timezone.localdate() + dt.timedelta(days=3),
        place="Mairie",
    )
    services.convocations_send(user=gao_secretary, planned=planned)
    texts = {o.to_phone: o.text for o in OutboundSms.objects.all()}
    assert "Jaabi AWO walima AYI" in texts["+22376000001"]
    assert "+22376000002" not in texts
    refused = Delivery.objects.get(recipient=second.person.full_name)
    assert refused.state == DeliveryState.OPTED_OUT


def test_replies_by_sms_are_recorded_as_expected_attendance(client, gao_secretary, gao_ccs, mali):
    planned = services.planned_session_schedule(
        user=gao_secretary,
        committee=gao_ccs.committee,
        planned_on=timezone.localdate() + dt.timedelta(days=3),
        place="Mairie",
    )
    services.convocations_send(user=gao_secretary, planned=planned)
    gw = gateway()
    assert sms(client, gw, "+22376000001", "oui", "m1").json()["recorded"] == "convocation"
    assert sms(client, gw, "76000002", "AYI", "m2").json()["recorded"] == "convocation"
    assert sms(client, gw, "+22376000003", "Awo !", "m3").json()["status"] == "reply"
    replies = dict(Convocation.objects.values_list("membership__person__full_name", "reply"))
    assert replies == {
        "Fatoumata Maïga": Reply.YES,
        "Baba Sidibé": Reply.NO,
        "Hamadou Touré": Reply.YES,
    }
    # A reply is not a citizen report.
    from siccs.citizens.models import CitizenReport

    assert not CitizenReport.objects.exists()


def test_a_stop_stops_every_later_message(client, gao_secretary, gao_ccs):
    gw = gateway()
    assert sms(client, gw, "+22376000002", "STOP", "m1").json()["recorded"] == "opt_out"
    planned = services.planned_session_schedule(
        user=gao_secretary,
        committee=gao_ccs.committee,
        planned_on=timezone.localdate() + dt.timedelta(days=3),
        place="Mairie",
    )
    services.convocations_send(user=gao_secretary, planned=planned)
    assert not OutboundSms.objects.filter(
        to_index=Delivery.objects.get(recipient="Baba Sidibé").to_index
    ).exists()


def test_the_reminder_leaves_the_day_before_once_and_not_to_those_who_said_no(
    gao_secretary, gao_ccs
):
    now = timezone.now()
    planned = services.planned_session_schedule(
        user=gao_secretary,
        committee=gao_ccs.committee,
        planned_on=timezone.localdate(now) + dt.timedelta(days=4),
        place="Mairie",
    )
    services.convocations_send(user=gao_secretary, planned=planned, now=now)
    Convocation.objects.filter(membership=gao_ccs.members[1]).update(reply=Reply.NO)
    for days in range(4):
        services.convocation_reminders_send(now=now + dt.timedelta(days=days))
        services.convocation_reminders_send(now=now + dt.timedelta(days=days, hours=1))
    reminders = Delivery.objects.filter(purpose=Purpose.CONVOCATION_REMINDER)
    assert sorted(reminders.values_list("recipient", flat=True)) == [
        "Fatoumata Maïga",
        "Hamadou Touré",
    ]


def test_a_purpose_switched_off_sends_nothing(gao_secretary, gao_ccs):
    MessageTemplate.objects.filter(purpose=Purpose.CONVOCATION_REMINDER).update(enabled=False)
    now = timezone.now()
    planned = services.planned_session_schedule(
        user=gao_secretary,
        committee=gao_ccs.committee,
        planned_on=timezone.localdate(now) + dt.timedelta(days=1),
        place="Mairie",
    )
    services.convocations_send(user=gao_secretary, planned=planned, now=now)
    assert services.convocation_reminders_send(now=now) == 0


def test_the_outsider_cannot_schedule_nor_see(
    client_for, mopti_focal_point, gao_secretary, gao_ccs
):
    planned = services.planned_session_schedule(
        user=gao_secretary,
        committee=gao_ccs.committee,
        planned_on=timezone.localdate() + dt.timedelta(days=1),
        place="Mairie",
    )
    client = client_for(mopti_focal_point)
    assert schedule(client, gao_ccs.committee, timezone.localdate()).status_code == 404
    assert client.get(f"/notifications/scheduled/{planned.pk}/").status_code == 404
    assert client.post(f"/notifications/scheduled/{planned.pk}/convene/").status_code == 404
