"""`make demo` shows the notifications at work: scheduled sessions with convocations and
replies, a message of every purpose in the log, citizens' satisfaction in several
communes (dashboard and transparency page), and a recommendation escalated to a regional
committee's board."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from siccs.accounts.models import User
from siccs.notifications.models import (
    Convocation,
    Delivery,
    Escalation,
    PlannedSession,
    Purpose,
    Reply,
    SatisfactionQuestion,
)


@pytest.mark.django_db
def test_the_demo_shows_the_notifications_at_work(client):
    call_command("load_demo", stdout=io.StringIO())

    # Four scheduled sessions, three convened, one of them cancelled; members answered yes
    # and no by SMS.
    planned = PlannedSession.objects.all()
    assert planned.count() == 4
    assert planned.filter(convened_at__isnull=False).count() == 3
    assert planned.filter(cancelled_at__isnull=False).count() == 1
    assert Convocation.objects.filter(reply=Reply.YES).count() >= 3
    assert Convocation.objects.filter(reply=Reply.NO).exists()

    # A message of every purpose in the log.
    purposes = set(Delivery.objects.values_list("purpose", flat=True))
    assert purposes == set(Purpose.values)

    # Citizens answered in three communes; the Diré report, whose concern was answered in
    # session, waits for its answer on the tracking page.
    answered = SatisfactionQuestion.objects.exclude(answer="")
    assert set(answered.values_list("commune__name", flat=True)) == {
        "Bandiagara",
        "Mopti",
        "Ansongo",
    }
    assert SatisfactionQuestion.objects.filter(commune__name="Diré", answer="").exists()

    admin = User.objects.get(username="admin")
    client.force_login(admin)
    dashboard = client.get(reverse("dashboard:dashboard")).content.decode()
    satisfaction = dashboard[dashboard.index('id="satisfaction"') :]
    for commune in ("Bandiagara", "Mopti", "Ansongo"):
        assert f">{commune}<" in satisfaction
    client.logout()
    public = client.get("/transparence/").content.decode()
    assert re.search(r'id="satisfied-count">2<', public)
    assert re.search(r'id="unsatisfied-count">2<', public)

    # One recommendation escalated from a communal committee to its regional committee,
    # on the board of that region's focal point.
    escalation = Escalation.objects.select_related("to_committee__level").get()
    assert escalation.recommendation is not None
    assert escalation.to_committee.level.code == "regional"
    client.force_login(User.objects.get(username="pf.mopti"))
    board = client.get(reverse("meetings:board")).content.decode()
    assert 'id="escalations"' in board and escalation.to_committee.name in board
