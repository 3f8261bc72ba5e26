"""The reminders, each switched on or off and given its days by the national
administrator (MessageTemplate.enabled, .days):

- no ordinary session in the committee's usual period (a month for a communal committee,
  a quarter for a regional one), once per period, to its secretary;
- a session without minutes `days` after it was held, once, to its secretary;
- a recommendation whose deadline is within `days`, and one whose deadline passed `days`
  ago, once each, to the secretary of its committee;
- a citizen report not triaged, or not answered, `days` after it was received, once
  each, by e-mail to the triage officers of its territory.

Each function takes `now`, so a test walks a month with its own clock; each message's
key makes a second run the same day (or after a restart) send nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Max, Q
from django.utils import timezone

from siccs.accounts.scoping import ROLE_ACTIONS, Action, Role
from siccs.committees.composition import active_on
from siccs.committees.models import Committee, MemberFunction, Membership
from siccs.notifications.models import MemberContact, MessageTemplate, Purpose
from siccs.notifications.services import deliver, fr_date, is_opted_out, template_for, text_for
from siccs.territory.models import Level

# Sessions, reports and deadlines older than this are not reminded about any more: a
# reminder switched back on must not wake up years of history.
LOOK_BACK = dt.timedelta(days=90)


@dataclass(frozen=True)
class Contact:
    label: str
    phone: str = ""
    email: str = ""
    language: str = "fr"
    opted_out: bool = False


def committee_contacts(committee: Committee, on: dt.date) -> list[Contact]:
    """The committee's secretary (the member holding the function, by SMS) and the users
    holding the secretary or focal-point role on its unit (by e-mail)."""
    contacts = []
    secretaries = (
        Membership.objects.filter(active_on(on), committee=committee)
        .filter(function=MemberFunction.SECRETARY)
        .select_related("person")
    )
    for membership in secretaries:
        person = membership.person
        contact = MemberContact.objects.filter(person=person).first()
        contacts.append(
            Contact(
                label=f"membership={membership.pk}",
                phone=person.phone or "",
                email=contact.email if contact else "",
                language=contact.language if contact else "fr",
                opted_out=bool(contact and contact.sms_opt_out) or is_opted_out(person.phone),
            )
        )
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            assignments__active=True,
            assignments__role__in=[Role.SECRETARY, Role.FOCAL_POINT],
            assignments__unit=committee.unit,
        )
        .exclude(email="")
        .distinct()
    )
    contacts.extend(Contact(label=f"user={u.pk}", email=u.email) for u in users)
    return contacts


def triage_contacts(unit: Any) -> list[Contact]:
    """Users who may triage reports of `unit` (a commune, or None: national roles only)."""
    roles = [role for role, actions in ROLE_ACTIONS.items() if Action.TRIAGE in actions]
    users = get_user_model().objects.filter(
        is_active=True, assignments__active=True, assignments__role__in=roles
    )
    if unit is None:
        users = users.filter(assignments__unit__parent__isnull=True)
    else:
        users = users.filter(assignments__unit_id__in=unit.depth_ids)
    users = users.exclude(email="").distinct().order_by("pk")
    return [Contact(label=f"user={u.pk}", email=u.email) for u in users]


def send_once(
    *,
    template: MessageTemplate,
    purpose: str,
    subject: str,
    occasion: str,
    contacts: list[Contact],
    unit: Any,
    now: dt.datetime,
    **values: Any,
) -> int:
    count = 0
    for contact in contacts:
        text = text_for(template, contact.language, **values)
        for channel, phone, email in (("sms", contact.phone, ""), ("email", "", contact.email)):
            if not (phone or email):
                continue
            written = deliver(
                key=f"{purpose}:{subject}:{contact.label}:{occasion}:{channel}",
                purpose=purpose,
                text=text,
                unit=unit,
                recipient=contact.label,
                phone=phone,
                email=email,
                subject=text[:70],
                language=contact.language,
                opted_out=contact.opted_out and bool(phone),
                now=now,
            )
            count += written is not None
    return count


def _period_of(committee: Committee, today: dt.date) -> tuple[dt.date, str]:
    """The start of the committee's usual period before today, and the period's name."""
    if committee.unit.level <= Level.REGION:
        quarter = (today.month - 1) // 3
        start = dt.date(today.year, quarter * 3 + 1, 1)
        return start, f"{today.year}-Q{quarter + 1}"
    return today.replace(day=1), f"{today:%Y-%m}"


def no_session_reminders(*, now: dt.datetime) -> int:
    """Committees with active members and no ordinary session since the start of the
    previous period, `days` into the current one: one reminder per period."""
    template = template_for(Purpose.NO_SESSION)
    if template is None:
        return 0
    today = timezone.localdate(now)
    committees = (
        Committee.objects.filter(memberships__in=Membership.objects.filter(active_on(today)))
        .distinct()
        .select_related("unit")
        .annotate(
            last_ordinary=Max("sessions__held_on", filter=Q(sessions__kind="ordinary")),
        )
    )
    count = 0
    for committee in committees:
        start, _period = _period_of(committee, today)
        if (today - start).days < template.days:
            continue
        previous_start, _name = _period_of(committee, start - dt.timedelta(days=1))
        if committee.last_ordinary is not None and committee.last_ordinary >= previous_start:
            continue
        count += no_session_remind(
            template=template, committee=committee, last_ordinary=committee.last_ordinary, now=now
        )
    return count


def no_session_remind(
    *,
    template: MessageTemplate,
    committee: Committee,
    last_ordinary: dt.date | None,
    now: dt.datetime,
) -> int:
    """Tell the committee's secretary that no ordinary session was held in its usual
    period, once per period (the worker decides which committees; so may the demo)."""
    today = timezone.localdate(now)
    _start, period = _period_of(committee, today)
    return send_once(
        template=template,
        purpose=Purpose.NO_SESSION,
        subject=f"committee={committee.pk}",
        occasion=period,
        contacts=committee_contacts(committee, today),
        unit=committee.unit,
        now=now,
        committee=committee.name,
        since=fr_date(last_ordinary) if last_ordinary else "-",
    )


def no_minutes_reminders(*, now: dt.datetime) -> int:
    from siccs.meetings.models import Session

    template = template_for(Purpose.NO_MINUTES)
    if template is None:
        return 0
    today = timezone.localdate(now)
    sessions = Session.objects.filter(
        held_on__lte=today - dt.timedelta(days=template.days),
        held_on__gte=today - LOOK_BACK,
        minutes_text="",
        minutes_file="",
    ).select_related("committee__unit")
    return sum(
        no_minutes_remind(template=template, session=session, now=now) for session in sessions
    )


def no_minutes_remind(*, template: MessageTemplate, session: Any, now: dt.datetime) -> int:
    """Tell the committee's secretary that a session has no minutes yet, once."""
    return send_once(
        template=template,
        purpose=Purpose.NO_MINUTES,
        subject=f"session={session.pk}",
        occasion="once",
        contacts=committee_contacts(session.committee, timezone.localdate(now)),
        unit=session.committee.unit,
        now=now,
        committee=session.committee.name,
        date=fr_date(session.held_on),
    )


def recommendation_reminders(*, now: dt.datetime) -> int:
    from siccs.meetings.models import Recommendation, RecommendationStatus

    today = timezone.localdate(now)
    open_statuses = [RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS]
    count = 0
    for purpose in (Purpose.RECOMMENDATION_DUE, Purpose.RECOMMENDATION_LATE):
        template = template_for(purpose)
        if template is None:
            continue
        days = dt.timedelta(days=template.days)
        recommendations = Recommendation.objects.filter(status__in=open_statuses)
        if purpose == Purpose.RECOMMENDATION_DUE:
            recommendations = recommendations.filter(due_on__gte=today, due_on__lte=today + days)
        else:
            recommendations = recommendations.filter(
                due_on__lte=today - days, due_on__gte=today - LOOK_BACK
            )
        for recommendation in recommendations.select_related("session__committee__unit"):
            count += recommendation_remind(
                template=template, purpose=purpose, recommendation=recommendation, now=now
            )
    return count


def recommendation_remind(
    *, template: MessageTemplate, purpose: str, recommendation: Any, now: dt.datetime
) -> int:
    """Tell the secretary of the recommendation's committee that its deadline approaches
    (`RECOMMENDATION_DUE`) or has passed (`RECOMMENDATION_LATE`), once each."""
    committee = recommendation.session.committee
    text = " ".join(recommendation.text.split())
    return send_once(
        template=template,
        purpose=purpose,
        subject=f"recommendation={recommendation.pk}",
        occasion="once",
        contacts=committee_contacts(committee, timezone.localdate(now)),
        unit=committee.unit,
        now=now,
        committee=committee.name,
        text=text if len(text) <= 60 else text[:59] + "…",
        date=fr_date(recommendation.due_on),
    )


def report_reminders(*, now: dt.datetime) -> int:
    from siccs.citizens.models import CitizenReport

    count = 0
    for purpose in (Purpose.REPORT_UNTRIAGED, Purpose.REPORT_UNANSWERED):
        template = template_for(purpose)
        if template is None:
            continue
        reports = CitizenReport.objects.filter(
            received_at__lte=now - dt.timedelta(days=template.days),
            received_at__gte=now - LOOK_BACK,
            answered_at__isnull=True,
            anonymised=False,
        )
        if purpose == Purpose.REPORT_UNTRIAGED:
            reports = reports.filter(category__isnull=True)
        for report in reports.select_related("commune"):
            count += report_remind(template=template, purpose=purpose, report=report, now=now)
    return count


def report_remind(*, template: MessageTemplate, purpose: str, report: Any, now: dt.datetime) -> int:
    """Tell the triage officers of the report's territory that it waits to be triaged
    (`REPORT_UNTRIAGED`) or answered (`REPORT_UNANSWERED`), once each."""
    return send_once(
        template=template,
        purpose=purpose,
        subject=f"report={report.pk}",
        occasion="once",
        contacts=triage_contacts(report.commune),
        unit=report.commune,
        now=now,
        code=report.tracking_code,
        commune=report.commune.name if report.commune else "-",
        date=fr_date(timezone.localdate(report.received_at)),
    )


def reminders_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Every reminder due at `now`; what each wrote."""
    now = now or timezone.now()
    return {
        "no_session": no_session_reminders(now=now),
        "no_minutes": no_minutes_reminders(now=now),
        "recommendations": recommendation_reminders(now=now),
        "reports": report_reminders(now=now),
    }
