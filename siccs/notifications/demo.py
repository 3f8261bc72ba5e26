"""Demo: the notifications at work, written through the services the secretaries and
the worker use, so the log, the boards and the figures read as they will in use.

- Four scheduled sessions: the Bandiagara communal CCS tomorrow (convened, members have
  answered OUI, AWO or NON by SMS, and the reminder of the day before has gone), the
  Mopti regional CCS next week (convened, a few answers), the Djenné communal CCS in two
  weeks (scheduled, not convened yet: its preview waits for the secretary), and the Koro
  communal CCS, convened then cancelled (its members were told why).
- The citizens' satisfaction: the reports the citizens demo answered are asked the
  question (by SMS, or on the tracking page), and so is the Diré report whose concern
  the committee answered in session; answers in Bandiagara, Mopti and Ansongo, so that
  the dashboard, the report and the transparency page have figures; Diré's still waits.
- One reminder of each kind, for items the worker would pick too (same keys: the worker
  does not send them again), one recommendation escalated to its regional committee's
  board, and this week's digest of the national administrator.
Nothing is sent from here: SMS wait in the outgoing queue for the worker.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.utils import timezone

from siccs.citizens.models import CitizenReport
from siccs.committees.models import Committee, CommitteeLevel
from siccs.core.demo import DemoContext
from siccs.meetings import services as meetings_services
from siccs.meetings.models import (
    ConcernStatus,
    Recommendation,
    RecommendationStatus,
    Session,
    SessionKind,
)
from siccs.notifications import digest, escalation, reminders, services
from siccs.notifications.models import Purpose, Reply, SatisfactionQuestion
from siccs.notifications.reference import install_templates

# committee, days ahead, time, place, agenda, convened, replies of its first members,
# and why the secretary cancelled it (empty: not cancelled)
SESSIONS = [
    ("CCSC Bandiagara", 1, dt.time(9, 0), "Salle de la mairie de Bandiagara",
     "Vols de bétail sur l'axe Bandiagara-Sangha ; sécurité du marché hebdomadaire ; "
     "suivi des recommandations", True, ["OUI", "AWO", "NON", "OUI", "oui"], ""),
    ("CCSR Mopti", 8, dt.time(10, 0), "Gouvernorat de Mopti, salle de conférence",
     "Bilan du trimestre ; sécurité du fleuve et des foires ; questions diverses",
     True, ["OUI", "NON", "AWO"], ""),
    ("CCSC Djenné", 15, dt.time(9, 30), "Mairie de Djenné",
     "Conflits entre agriculteurs et éleveurs ; préparation de la campagne agricole",
     False, [], ""),
    ("CCSC Koro", 4, dt.time(9, 0), "Mairie de Koro",
     "Sécurité des foires ; retour des déplacés", True, ["OUI"],
     "Le maire et le commandant de brigade sont appelés à Mopti ce jour-là."),
]  # fmt: skip

# The citizens demo's reports, by commune and channel, and what each citizen answers.
SATISFACTION = [("Bandiagara", "web", Reply.YES), ("Bandiagara", "sms", Reply.NO),
                ("Mopti", "sms", Reply.YES), ("Ansongo", "sms", Reply.NO)]  # fmt: skip


def load(demo: DemoContext) -> None:
    admin = demo.objects.get("user:admin")
    if admin is None:
        return
    install_templates()  # shipped by a migration; back after a test's flush
    now = timezone.now()
    _sessions(now, admin)
    _satisfaction(now, admin)
    _reminders(now)
    _escalation(now, admin)
    _digest(now, admin)


def _sessions(now: dt.datetime, admin: Any) -> None:
    today = timezone.localdate(now)
    names = [row[0] for row in SESSIONS]
    committees = {c.name: c for c in Committee.objects.filter(name__in=names)}
    for name, ahead, starts_at, place, agenda, convene, replies, cancelled in SESSIONS:
        committee = committees.get(name)
        if committee is None:
            continue
        planned = services.planned_session_schedule(
            user=admin,
            committee=committee,
            planned_on=today + dt.timedelta(days=ahead),
            starts_at=starts_at,
            place=place,
            agenda=agenda,
            today=today,
        )
        if not convene:
            continue
        services.convocations_send(user=admin, planned=planned, now=now)
        phones = [r.phone for r in services.recipients_of(planned) if r.phone and not r.opted_out]
        for minutes, (phone, text) in enumerate(zip(phones, replies, strict=False), 1):
            services.sms_reply_receive(
                sender=phone, text=text, now=now + dt.timedelta(minutes=minutes)
            )
        if cancelled:
            services.planned_session_cancel(
                user=admin, planned=planned, reason=cancelled, now=now + dt.timedelta(hours=1)
            )
    # The worker's hourly job: tomorrow's session reminds those who did not say no.
    services.convocation_reminders_send(now=now + dt.timedelta(minutes=30))


def _satisfaction(now: dt.datetime, admin: Any) -> None:
    # The Diré report's concern, on the committee's agenda, answered in session: its
    # reporter is asked too (docs/notifications.md), on the tracking page (a web report).
    dire = (
        CitizenReport.objects.filter(
            commune__name="Diré", answered_at__isnull=True, concern__isnull=False
        )
        .select_related("concern")
        .first()
    )
    if dire is not None and dire.concern.status != ConcernStatus.ANSWERED:
        meetings_services.concern_set_status(
            user=admin,
            concern=dire.concern,
            status=ConcernStatus.ANSWERED,
            note="Répondu en session : contrôles inopinés au poste de l'entrée de la ville.",
            at=now,
        )
    later = now + dt.timedelta(hours=1)
    services.satisfaction_questions_ask(now=later)
    questions = SatisfactionQuestion.objects.select_related("report", "commune").order_by("pk")
    waiting = {(q.commune.name if q.commune else "", q.report.channel): q for q in questions}
    for minutes, (commune, channel, answer) in enumerate(SATISFACTION, 1):
        question = waiting.get((commune, channel))
        if question is None:
            continue
        at = later + dt.timedelta(hours=2, minutes=minutes)
        if question.channel == "sms":
            # The citizen's SMS "1" or "2", through the gateway's reply path.
            digit = "1" if answer == Reply.YES else "2"
            services.sms_reply_receive(sender=question.report.reporter_phone, text=digit, now=at)
        else:
            services.satisfaction_answer(question=question, answer=answer, now=at)


def _reminders(now: dt.datetime) -> None:
    """One reminder of each kind, for an item the worker would remind about too."""
    today = timezone.localdate(now)
    templates = {p: services.template_for(p) for p in Purpose.values}
    look_back = today - reminders.LOOK_BACK

    # A communal committee that stopped meeting (Ménaka, since the insecurity of 2022).
    template = templates[Purpose.NO_SESSION]
    communal = CommitteeLevel.objects.filter(code="communal").first()
    silent = (
        Committee.objects.filter(level=communal, memberships__active=True)
        .annotate(last_ordinary=Max("sessions__held_on"))
        .filter(last_ordinary__lt=today.replace(day=1) - dt.timedelta(days=31))
        .select_related("unit")
        .order_by("name")
        .first()
    )
    if template and silent is not None:
        last = (
            Session.objects.filter(committee=silent, kind=SessionKind.ORDINARY)
            .order_by("-held_on")
            .values_list("held_on", flat=True)
            .first()
        )
        reminders.no_session_remind(
            template=template, committee=silent, last_ordinary=last, now=now
        )

    template = templates[Purpose.NO_MINUTES]
    if template:
        session = (
            Session.objects.filter(
                minutes_text="",
                minutes_file="",
                held_on__gte=look_back,
                held_on__lte=today - dt.timedelta(days=template.days),
            )
            .select_related("committee__unit")
            .order_by("-held_on", "pk")
            .first()
        )
        if session is not None:
            reminders.no_minutes_remind(template=template, session=session, now=now)

    open_ones = Recommendation.objects.filter(
        status__in=[RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS]
    ).select_related("session__committee__unit")
    for purpose, chosen in (
        (Purpose.RECOMMENDATION_DUE, lambda days: open_ones.filter(
            due_on__gte=today, due_on__lte=today + days).order_by("due_on", "pk")),
        (Purpose.RECOMMENDATION_LATE, lambda days: open_ones.filter(
            due_on__gte=look_back, due_on__lte=today - days).order_by("-due_on", "pk")),
    ):  # fmt: skip
        template = templates[purpose]
        if template is None:
            continue
        recommendation = chosen(dt.timedelta(days=template.days)).first()
        if recommendation is not None:
            reminders.recommendation_remind(
                template=template, purpose=purpose, recommendation=recommendation, now=now
            )

    waiting = CitizenReport.objects.filter(
        answered_at__isnull=True, anonymised=False, received_at__gte=now - reminders.LOOK_BACK
    ).select_related("commune")
    for purpose, reports in (
        (Purpose.REPORT_UNTRIAGED, waiting.filter(category__isnull=True)),
        (Purpose.REPORT_UNANSWERED, waiting.filter(category__isnull=False)),
    ):
        template = templates[purpose]
        if template is None:
            continue
        report = (
            reports.filter(received_at__lte=now - dt.timedelta(days=template.days))
            .order_by("received_at", "pk")
            .first()
        )
        if report is not None:
            reminders.report_remind(template=template, purpose=purpose, report=report, now=now)


def _escalation(now: dt.datetime, admin: Any) -> None:
    """The oldest late recommendation of a communal committee, handed to its regional
    committee: it shows on that committee's follow-up board."""
    late = (
        Recommendation.objects.filter(
            status__in=[RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS],
            due_on__lt=timezone.localdate(now),
            session__committee__level__code="communal",
            escalations__isnull=True,
        )
        .select_related("session__committee__unit")
        .order_by("due_on", "pk")
    )
    for recommendation in late[:20]:
        if escalation.next_level(recommendation.session.committee) is not None:
            escalation.escalate(
                user=admin,
                recommendation=recommendation,
                reason="Toujours ouverte longtemps après son échéance ; les moyens "
                "manquent au niveau communal.",
                now=now,
            )
            return


def _digest(now: dt.datetime, admin: Any) -> None:
    """This week's digest of the national administrator, written on the day the worker
    writes them (Monday by default): the worker then finds it already sent."""
    template = services.template_for(Purpose.DIGEST)
    if template is None or not admin.email:
        return
    day = timezone.localtime(now)
    while day.weekday() != template.days % 7:
        day -= dt.timedelta(days=1)
    digest.digests_send(now=min(now, day.replace(hour=7, minute=0)), users=[admin])
