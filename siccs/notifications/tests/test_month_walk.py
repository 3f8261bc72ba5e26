"""A month walked with a clock of the test's own, twice a day (the second run stands for a
worker restarted the same day): sessions due, convocations and their reminder, minutes,
recommendation deadlines and citizen reports are reminded on their configured days, once,
to the people of the committee's territory and nobody else."""

import datetime as dt
from collections import defaultdict

import pytest

from siccs.citizens.tests.factories import CitizenReportFactory
from siccs.committees.models import MemberFunction
from siccs.committees.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    install,
)
from siccs.meetings.tests.factories import RecommendationFactory, SessionFactory
from siccs.notifications import services
from siccs.notifications.models import Delivery, MessageTemplate, Purpose
from siccs.notifications.reminders import reminders_send

pytestmark = pytest.mark.django_db

MARCH = [dt.datetime(2026, 3, day, 8, 0, tzinfo=dt.UTC) for day in range(1, 32)]


def _committee(unit, name, secretary_phone):
    committee = install(CommitteeFactory(unit=unit, name=name), dt.date(2025, 5, 5))
    MembershipFactory(
        committee=committee,
        person=PersonFactory(full_name=f"Secrétaire {name}", phone=secretary_phone),
        function=MemberFunction.SECRETARY,
        start_on=dt.date(2025, 5, 1),
    )
    for n in range(2):
        MembershipFactory(
            committee=committee,
            person=PersonFactory(phone=f"+2237600010{n}" if name == "CCSC Gao" else ""),
            start_on=dt.date(2025, 5, 1),
        )
    SessionFactory(committee=committee, held_on=dt.date(2026, 1, 20), minutes_text="PV")
    return committee


def _walk(actions):
    for now in MARCH:
        for action in actions.get(now.date(), []):
            action(now)
        for run in (now, now + dt.timedelta(hours=6)):  # the worker restarted the same day
            reminders_send(now=run)
            services.convocation_reminders_send(now=run)


def test_a_month_of_reminders_each_on_its_day_and_once(mali, gao_secretary, mopti_focal_point):
    gao = _committee(mali.gao_commune, "CCSC Gao", "+22376000009")
    # Bandiagara meets every month: it is reminded of nothing about its sessions.
    bandiagara = _committee(mali.bandiagara, "CCSC Bandiagara", "+22376000008")
    SessionFactory(committee=bandiagara, held_on=dt.date(2026, 2, 20), minutes_text="PV")
    recommendation = RecommendationFactory(
        session=gao.sessions.get(), due_on=dt.date(2026, 3, 20), status="open"
    )
    MessageTemplate.objects.filter(purpose=Purpose.NO_MINUTES).update(days=7)

    def session_held(now):
        SessionFactory(committee=gao, held_on=now.date(), minutes_text="")

    def report_received(now):
        CitizenReportFactory(commune=mali.gao_commune, received_at=now)

    def schedule_and_convene(now):
        planned = services.planned_session_schedule(
            user=gao_secretary,
            committee=gao,
            planned_on=dt.date(2026, 3, 25),
            place="Mairie de Gao",
            today=now.date(),
        )
        services.convocations_send(user=gao_secretary, planned=planned, now=now)
        services.convocations_send(user=gao_secretary, planned=planned, now=now)

    _walk(
        {
            dt.date(2026, 3, 5): [report_received],
            dt.date(2026, 3, 10): [session_held],
            dt.date(2026, 3, 15): [schedule_and_convene],
        }
    )

    sent = defaultdict(list)
    for delivery in Delivery.objects.order_by("created_at", "pk"):
        sent[delivery.purpose].append(
            (delivery.created_at.day, delivery.channel, delivery.to_masked)
        )
    secretary_sms = (1, "sms", "+223 •• •• •• 09")
    secretary_mail = "s•••@example.ml"
    assert sent[Purpose.NO_SESSION] == [secretary_sms, (1, "email", secretary_mail)]
    assert sent[Purpose.NO_MINUTES] == [
        (17, "sms", "+223 •• •• •• 09"),
        (17, "email", secretary_mail),
    ]
    assert [d for d, *_ in sent[Purpose.RECOMMENDATION_DUE]] == [13, 13]
    assert [d for d, *_ in sent[Purpose.RECOMMENDATION_LATE]] == [21, 21]
    # The Gao secretary triages Gao's reports; the Mopti focal point is told nothing.
    assert sent[Purpose.REPORT_UNTRIAGED] == [(8, "email", secretary_mail)]
    assert sent[Purpose.REPORT_UNANSWERED] == [(19, "email", secretary_mail)]
    assert sorted(d for d, *_ in sent[Purpose.CONVOCATION]) == [15, 15, 15]
    assert sorted(d for d, *_ in sent[Purpose.CONVOCATION_REMINDER]) == [24, 24, 24]
    assert not Delivery.objects.filter(unit=mali.bandiagara).exists()
    assert not Delivery.objects.filter(to_masked__startswith="p•••").exists()
    assert recommendation.pk
