"""Writes of the notifications: scheduling a session and convening its members, the
reminders, the satisfaction question, the replies received by SMS, the templates.

Every message goes through `deliver`, which writes its `Delivery` under a unique key
(purpose, object, recipient, occasion) before anything leaves: a job run again after a
restart finds the key and sends nothing. SMS leave through the citizens' outgoing queue,
so its hourly ceiling holds for these messages too.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from siccs.accounts.scoping import Action, can, ensure_unit_in_scope, require_action
from siccs.audit.services import REDACTED, audit_record, snapshot
from siccs.committees.models import Committee, Membership
from siccs.core import dates, phones
from siccs.core.errors import DomainError
from siccs.core.fields import blind_index
from siccs.notifications.models import (
    Channel,
    Convocation,
    Delivery,
    DeliveryState,
    MemberContact,
    MessageTemplate,
    OptOut,
    PlannedSession,
    Purpose,
    Reply,
    SatisfactionQuestion,
)

logger = logging.getLogger("siccs.notifications")

# Replies read from an SMS, in French and Bambara; "1"/"2" answer the satisfaction question.
YES_WORDS = {"OUI", "AWO", "1", "YES"}
NO_WORDS = {"NON", "AYI", "2", "NO"}
STOP_WORDS = {"STOP", "ARRET", "ARRÊT", "DAN"}
# A question older than this is no longer waiting for its answer.
REPLY_WINDOW = dt.timedelta(days=30)
AGENDA_IN_SMS = 70
REASON_IN_SMS = 60


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def render(text: str, /, **values: Any) -> str:
    """`{name}` replaced by its value; an unknown name stays as typed, so a template edited
    with a typo still sends something readable instead of failing the whole campaign."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m[1], m[0])), text).strip()


def template_for(purpose: str) -> MessageTemplate | None:
    """The template of `purpose`, or None when the national administrator switched it off."""
    template = MessageTemplate.objects.filter(purpose=purpose).first()
    if template is None or not template.enabled:
        return None
    return template


def text_for(template: MessageTemplate, language: str, /, **values: Any) -> str:
    return render(template.text_bm if language == "bm" else template.text_fr, **values)


def is_opted_out(phone: str) -> bool:
    return bool(phone) and OptOut.objects.filter(phone_index=blind_index(phone)).exists()


def fr_date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


# --- Dry runs: what a job would send, written nowhere --------------------------------


@dataclass(frozen=True)
class DryMessage:
    """A message a job would have written, as the log would show it (number masked)."""

    key: str
    purpose: str
    channel: str
    state: str
    recipient: str
    to_masked: str
    language: str
    text: str


@dataclass
class DryRun:
    messages: list[DryMessage] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)


_DRY_RUN: ContextVar[DryRun | None] = ContextVar("notifications_dry_run", default=None)


def is_dry_run() -> bool:
    return _DRY_RUN.get() is not None


@contextmanager
def dry_run() -> Iterator[DryRun]:
    """Run the jobs' own functions inside: `deliver` lists what it would write instead of
    writing or sending it, so the preview of a campaign is computed by the very code that
    will send it. A transaction rolled back at the end guards any other write a job makes."""
    run = DryRun()
    token = _DRY_RUN.set(run)
    try:
        with transaction.atomic():
            yield run
            transaction.set_rollback(True)
    finally:
        _DRY_RUN.reset(token)


# --- The one way out -----------------------------------------------------------------


def deliver(
    *,
    key: str,
    purpose: str,
    text: str,
    unit: Any = None,
    recipient: str = "",
    phone: str = "",
    email: str = "",
    subject: str = "",
    language: str = "fr",
    opted_out: bool = False,
    now: dt.datetime | None = None,
    report: Any = None,
) -> Delivery | None:
    """Write the message under `key` and send it (SMS if `phone`, else e-mail), once.
    Returns None when the key was already used: the message left before."""
    from siccs.citizens.services import outbound_sms_queue

    now = _now(now)
    channel = Channel.SMS if phone else Channel.EMAIL
    if opted_out or (phone and is_opted_out(phone)):
        state = DeliveryState.OPTED_OUT
    elif not phone and not email:
        state = DeliveryState.NO_ADDRESS
    else:
        state = DeliveryState.QUEUED
    run = _DRY_RUN.get()
    if run is not None:
        return _dry_deliver(
            run,
            Delivery(
                key=key[:200],
                purpose=purpose,
                channel=channel,
                state=state,
                unit=unit,
                recipient=recipient[:200],
                to_masked=phones.mask(phone) if phone else _mask_email(email),
                language=language,
                text=text,
                created_at=now,
            ),
        )
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                key=key[:200],
                purpose=purpose,
                channel=channel,
                state=state,
                unit=unit,
                recipient=recipient[:200],
                to_masked=phones.mask(phone) if phone else _mask_email(email),
                to_index=blind_index(phone or email) if (phone or email) else "",
                language=language,
                text=text,
                created_at=now,
            )
    except IntegrityError:
        return None
    if state == DeliveryState.QUEUED:
        if phone:
            delivery.outbound = outbound_sms_queue(to=phone, text=text, report=report)
            delivery.save(update_fields=["outbound"])
        else:
            transaction.on_commit(lambda: _mail(subject or text[:60], text, email))
    logger.info("%s to %s: %s", purpose, delivery.to_masked, state)
    return delivery


def _dry_deliver(run: DryRun, delivery: Delivery) -> Delivery | None:
    """What `deliver` answers in a dry run: None when the key was used (before, or earlier
    in this run), else the unsaved message, listed."""
    if delivery.key in run.keys or Delivery.objects.filter(key=delivery.key).exists():
        return None
    run.keys.add(delivery.key)
    run.messages.append(
        DryMessage(
            key=delivery.key,
            purpose=delivery.purpose,
            channel=delivery.channel,
            state=delivery.state,
            recipient=delivery.recipient,
            to_masked=delivery.to_masked,
            language=delivery.language,
            text=delivery.text,
        )
    )
    return delivery


def _mask_email(email: str) -> str:
    if "@" not in email:
        return ""
    name, domain = email.split("@", 1)
    return f"{name[:1]}•••@{domain}"


def _mail(subject: str, body: str, to: str) -> None:
    try:
        send_mail(subject, body, None, [to])
    except Exception:  # the log keeps the message; a mail server down must not stop a job
        logger.exception("A notification could not be e-mailed to %s", _mask_email(to))


# --- Scheduling a session and convening its members ------------------------------------


@transaction.atomic
def planned_session_schedule(
    *,
    user: Any,
    committee: Committee,
    planned_on: dt.date,
    place: str,
    agenda: str = "",
    starts_at: dt.time | None = None,
    kind: str = "ordinary",
    today: dt.date | None = None,
) -> PlannedSession:
    """Schedule a session of the committee, on a date from today on. Nobody is told yet:
    the secretary sees the messages first (preview) and then sends the convocations."""
    if not can(user, Action.CHANGE, committee):
        raise PermissionDenied
    today = today or dates.today()
    if planned_on < today:
        raise DomainError(_("A session is scheduled for today or a later day."), field="planned_on")
    if not place.strip():
        raise DomainError(_("Say where the session is held."), field="place")
    planned = PlannedSession(
        committee=committee,
        kind=kind,
        planned_on=planned_on,
        starts_at=starts_at,
        place=place.strip(),
        agenda=agenda.strip(),
        created_by=user,
    )
    planned.full_clean()
    planned.save()
    audit_record(user=user, obj=planned, verb="create")
    return planned


@dataclass(frozen=True)
class Recipient:
    membership: Membership
    phone: str
    email: str
    language: str
    opted_out: bool


def recipients_of(planned: PlannedSession) -> list[Recipient]:
    """The members active on the session's date, with how to reach each one."""
    from siccs.meetings.selectors import active_members_on

    memberships = active_members_on(planned.committee, planned.planned_on).select_related("person")
    return _reachable(list(memberships.order_by("person__full_name", "pk")))


def _reachable(memberships: list[Membership]) -> list[Recipient]:
    """How to reach each of `memberships` (in their order): their phone, e-mail and
    language, and whether SMS are refused (the member's choice, or STOP from the phone)."""
    contacts = {
        c.person_id: c
        for c in MemberContact.objects.filter(person__in=[m.person_id for m in memberships])
    }
    indexes = {m.pk: blind_index(m.person.phone) for m in memberships if m.person.phone}
    stopped = set(
        OptOut.objects.filter(phone_index__in=indexes.values()).values_list(
            "phone_index", flat=True
        )
    )
    result = []
    for membership in memberships:
        contact = contacts.get(membership.person_id)
        result.append(
            Recipient(
                membership=membership,
                phone=membership.person.phone or "",
                email=contact.email if contact else "",
                language=contact.language if contact else "fr",
                opted_out=bool(contact and contact.sms_opt_out)
                or indexes.get(membership.pk) in stopped,
            )
        )
    return result


def _session_values(planned: PlannedSession) -> dict[str, str]:
    agenda = " ".join(planned.agenda.split())
    if len(agenda) > AGENDA_IN_SMS:
        agenda = agenda[: AGENDA_IN_SMS - 1] + "…"
    return {
        "committee": planned.committee.name,
        "date": fr_date(planned.planned_on),
        "time": planned.starts_at.strftime("%Hh%M") if planned.starts_at else "",
        "place": planned.place,
        "agenda": agenda or "-",
        "reason": _shortened(planned.cancel_reason, REASON_IN_SMS) or "-",
    }


def _shortened(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def convocation_preview(planned: PlannedSession) -> list[dict[str, Any]]:
    """What each member would receive, before anything is sent."""
    template = template_for(Purpose.CONVOCATION)
    values = _session_values(planned)
    rows = []
    for recipient in recipients_of(planned):
        rows.append(
            {
                "recipient": recipient,
                "text": text_for(template, recipient.language, **values) if template else "",
                "channel": Channel.SMS
                if recipient.phone and not recipient.opted_out
                else (Channel.EMAIL if recipient.email else ""),
            }
        )
    return rows


def _send_to_member(
    *,
    purpose: str,
    template: MessageTemplate,
    planned: PlannedSession,
    recipient: Recipient,
    occasion: str,
    now: dt.datetime,
) -> bool:
    """SMS to the member's phone (unless opted out) and e-mail where known; True if a
    message was written now (not before)."""
    text = text_for(template, recipient.language, **_session_values(planned))
    base = f"{purpose}:planned_session={planned.pk}:membership={recipient.membership.pk}:{occasion}"
    sent = False
    name = recipient.membership.person.full_name
    unit = planned.committee.unit
    if recipient.phone or not recipient.email:
        sent |= (
            deliver(
                key=base + ":sms",
                purpose=purpose,
                text=text,
                unit=unit,
                recipient=name,
                phone=recipient.phone,
                language=recipient.language,
                opted_out=recipient.opted_out,
                now=now,
            )
            is not None
        )
    if recipient.email:
        sent |= (
            deliver(
                key=base + ":email",
                purpose=purpose,
                text=text,
                unit=unit,
                recipient=name,
                email=recipient.email,
                subject=(
                    _("Session cancelled: %(committee)s")
                    if purpose == Purpose.SESSION_CANCELLED
                    else _("Convocation: %(committee)s")
                )
                % {"committee": planned.committee.name},
                language=recipient.language,
                now=now,
            )
            is not None
        )
    return sent


@transaction.atomic
def convocations_send(*, user: Any, planned: PlannedSession, now: dt.datetime | None = None) -> int:
    """Convene every member active on the session's date; returns how many were convened
    now. Sending again convenes only members added since (never twice the same one)."""
    planned = PlannedSession.objects.select_for_update().get(pk=planned.pk)
    if not can(user, Action.CHANGE, planned.committee):
        raise PermissionDenied
    now = _now(now)
    if planned.cancelled_at is not None:
        raise DomainError(_("This session was cancelled."))
    if planned.planned_on < timezone.localdate(now):
        raise DomainError(_("This session's date has passed."))
    template = template_for(Purpose.CONVOCATION)
    if template is None:
        raise DomainError(_("Convocations are switched off by the national administrator."))
    count = 0
    for recipient in recipients_of(planned):
        _convocation, _created = Convocation.objects.get_or_create(
            planned_session=planned,
            membership=recipient.membership,
            defaults={
                "sent_at": now,
                "phone_index": blind_index(recipient.phone) if recipient.phone else "",
            },
        )
        if _send_to_member(
            purpose=Purpose.CONVOCATION,
            template=template,
            planned=planned,
            recipient=recipient,
            occasion="once",
            now=now,
        ):
            count += 1
    before = snapshot(planned)
    planned.convened_at = planned.convened_at or now
    planned.save(update_fields=["convened_at"])
    audit_record(user=user, obj=planned, verb="convene", before=before, reason=f"{count} members")
    return count


def convocation_reminders_send(*, now: dt.datetime | None = None) -> int:
    """The day before a convened session, remind every convened member who did not say no."""
    now = _now(now)
    template = template_for(Purpose.CONVOCATION_REMINDER)
    if template is None:
        return 0
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    count = 0
    planned_sessions = PlannedSession.objects.filter(
        planned_on=tomorrow, convened_at__isnull=False, cancelled_at__isnull=True
    ).select_related("committee__unit")
    for planned in planned_sessions:
        convened = set(
            planned.convocations.exclude(reply=Reply.NO).values_list("membership_id", flat=True)
        )
        for recipient in recipients_of(planned):
            if recipient.membership.pk not in convened:
                continue
            with transaction.atomic():
                if _send_to_member(
                    purpose=Purpose.CONVOCATION_REMINDER,
                    template=template,
                    planned=planned,
                    recipient=recipient,
                    occasion=tomorrow.isoformat(),
                    now=now,
                ):
                    count += 1
    return count


def convened_recipients(planned: PlannedSession) -> list[Recipient]:
    """The members convened to the session (whatever their reply, and even if their
    mandate ended since), with how to reach each one: the cancellation goes to them."""
    memberships = [
        c.membership
        for c in planned.convocations.select_related("membership__person").order_by(
            "membership__person__full_name", "pk"
        )
    ]
    return _reachable(memberships)


@transaction.atomic
def planned_session_cancel(
    *, user: Any, planned: PlannedSession, reason: str, now: dt.datetime | None = None
) -> int:
    """Cancel a scheduled session that is not held yet, with its reason; the members
    already convened are told (SMS unless refused, e-mail where known), once each, and
    no reminder goes out the day before. Returns how many members were told."""
    planned = (
        PlannedSession.objects.select_for_update()
        .select_related("committee__unit")
        .get(pk=planned.pk)
    )
    if not can(user, Action.CHANGE, planned.committee):
        raise PermissionDenied
    now = _now(now)
    if planned.cancelled_at is not None:
        raise DomainError(_("This session was already cancelled."))
    if planned.session_id is not None:
        raise DomainError(_("This session was held: it cannot be cancelled."))
    if planned.planned_on < timezone.localdate(now):
        raise DomainError(_("This session's date has passed."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the session is cancelled."), field="reason")
    before = snapshot(planned)
    planned.cancelled_at = now
    planned.cancelled_by = user
    planned.cancel_reason = reason
    planned.full_clean()
    planned.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    count = 0
    template = template_for(Purpose.SESSION_CANCELLED)
    if template is not None:
        for recipient in convened_recipients(planned):
            if _send_to_member(
                purpose=Purpose.SESSION_CANCELLED,
                template=template,
                planned=planned,
                recipient=recipient,
                occasion="once",
                now=now,
            ):
                count += 1
    audit_record(user=user, obj=planned, verb="cancel", before=before, reason=reason)
    return count


def planned_session_link_held(*, session: Any, user: Any) -> PlannedSession | None:
    """Called when a session is recorded (siccs.meetings.hooks): the scheduled session of
    that committee on that date, not cancelled, becomes "held" and points to it. A
    correction that moves the session to another date unlinks the one of the old date."""
    from siccs.meetings.models import SessionKind

    PlannedSession.objects.filter(session=session).exclude(
        committee_id=session.committee_id, planned_on=session.held_on
    ).update(session=None)
    linked = PlannedSession.objects.filter(session=session).first()
    if linked is not None or session.kind == SessionKind.COMMISSION:
        return linked
    candidates = PlannedSession.objects.filter(
        committee_id=session.committee_id,
        planned_on=session.held_on,
        cancelled_at__isnull=True,
        session__isnull=True,
    ).order_by("pk")
    planned = next((p for p in candidates if p.kind == session.kind), candidates.first())
    if planned is None:
        return None
    before = snapshot(planned)
    planned.session = session
    planned.save(update_fields=["session"])
    audit_record(user=user, obj=planned, verb="held", before=before)
    return planned


# --- Members' contact preferences ----------------------------------------------------


def _contact_snapshot(contact: MemberContact | None) -> dict[str, Any]:
    if contact is None:  # no row yet: the defaults the messages follow
        return {"language": "fr", "email": "", "sms_opt_out": False}
    # The audit trail must not become a list of e-mail addresses.
    return {
        "language": contact.language,
        "email": REDACTED if contact.email else "",
        "sms_opt_out": contact.sms_opt_out,
    }


@transaction.atomic
def member_contact_set(
    *, user: Any, membership: Membership, language: str, email: str, sms_opt_out: bool
) -> MemberContact | None:
    """Set how a member wishes to be reached (language of messages, e-mail, no SMS), by
    whoever may change the committee's members; audited on the membership like other
    member changes. Returns None when nothing changed (no audit entry then)."""
    membership = Membership.objects.select_related("person", "committee__unit").get(
        pk=membership.pk
    )
    committee = membership.committee
    if not can(user, Action.VIEW_PERSONAL, committee):
        raise PermissionDenied
    ensure_unit_in_scope(user, committee.unit, Action.CHANGE)
    if language not in ("fr", "bm"):
        raise DomainError(_("Choose French or Bambara."), field="language")
    contact = MemberContact.objects.filter(person=membership.person).first()
    email = email.strip()
    if contact is not None and (contact.language, contact.email, contact.sms_opt_out) == (
        language,
        email,
        sms_opt_out,
    ):
        return None
    if contact is None and (language, email, sms_opt_out) == ("fr", "", False):
        return None  # the defaults: nothing to record
    before = _contact_snapshot(contact)
    created = contact is None
    contact = contact or MemberContact(person=membership.person)
    contact.language = language
    contact.email = email
    contact.sms_opt_out = sms_opt_out
    contact.full_clean()
    if created:
        contact.save()
    else:
        contact.save(update_fields=["language", "email", "sms_opt_out"])
    audit_record(
        user=user,
        obj=membership,
        verb="update",
        before=before,
        after=_contact_snapshot(contact),
        reason="message preferences",
    )
    return contact


@transaction.atomic
def member_contacts_set(
    *, user: Any, committee: Committee, preferences: dict[Membership, dict[str, Any]]
) -> int:
    """The contacts page saved at once: every member's preferences or none; how many
    members' preferences changed."""
    changed = 0
    for membership, values in preferences.items():
        if membership.committee_id != committee.pk:
            raise PermissionDenied
        changed += member_contact_set(user=user, membership=membership, **values) is not None
    return changed


# --- The satisfaction question -------------------------------------------------------

# Reports answered longer ago than this are not asked any more (a job switched back on
# must not question people about last year's answer).
SATISFACTION_WITHIN = dt.timedelta(days=14)


def satisfaction_questions_ask(*, now: dt.datetime | None = None) -> int:
    """Ask once, on the channel the citizen used, whether the answer helped: an SMS to
    those who wrote by SMS, a question on the tracking page for the others.

    A report is answered when its public answer is written, or when the concern it
    became (or the concern it was merged into) is recorded as answered by the committee,
    in a session for instance: the tracking page then reads "answered". Either way the
    question is one row per report, so it is asked once. Concerns raised in a session,
    by a field form or by a partner lead to no citizen and are not asked about
    (docs/notifications.md)."""
    from siccs.citizens.models import Channel as ReportChannel
    from siccs.citizens.models import CitizenReport
    from siccs.meetings.models import ConcernStatus, ConcernStatusChange

    now = _now(now)
    template = template_for(Purpose.SATISFACTION)
    if template is None:
        return 0
    since = now - SATISFACTION_WITHIN
    concerns_answered = ConcernStatusChange.objects.filter(
        status=ConcernStatus.ANSWERED, at__gte=since, at__lte=now
    ).values("concern_id")
    reports = CitizenReport.objects.filter(
        Q(answered_at__isnull=False, answered_at__gte=since, answered_at__lte=now)
        | Q(answered_at__isnull=True, concern__in=concerns_answered)
        | Q(answered_at__isnull=True, concern__duplicate_of__in=concerns_answered),
        anonymised=False,
        satisfaction__isnull=True,
    ).order_by("received_at", "pk")
    count = 0
    for report in reports:
        by_sms = report.channel == ReportChannel.SMS and bool(report.reporter_phone)
        with transaction.atomic():
            _question, created = SatisfactionQuestion.objects.get_or_create(
                report=report,
                defaults={
                    "commune": report.commune,
                    "channel": Channel.SMS if by_sms else Channel.PAGE,
                    "phone_index": blind_index(report.reporter_phone) if by_sms else "",
                    "asked_at": now,
                },
            )
            if not created:
                continue
            count += 1
            if by_sms:
                deliver(
                    key=f"satisfaction:report={report.pk}:reporter:once",
                    purpose=Purpose.SATISFACTION,
                    text=text_for(template, report.language, code=report.tracking_code),
                    unit=report.commune,
                    phone=report.reporter_phone,
                    language=report.language,
                    now=now,
                    report=report,
                )
    return count


def satisfaction_answer(
    *, question: SatisfactionQuestion, answer: str, now: dt.datetime | None = None
) -> bool:
    """Record the citizen's answer, once; False if it was answered before."""
    if answer not in Reply.values:
        raise DomainError(_("Unknown answer."))
    updated = SatisfactionQuestion.objects.filter(pk=question.pk, answer="").update(
        answer=answer, answered_at=_now(now)
    )
    return bool(updated)


# --- Replies by SMS ------------------------------------------------------------------


def read_reply(text: str) -> str:
    """ "yes", "no", "stop" or "" for a text that is not a short reply."""
    words = re.sub(r"[^\w]+", " ", text.upper()).split()
    if not words or len(words) > 3:
        return ""
    if words[0] in STOP_WORDS:
        return "stop"
    if words[0] in YES_WORDS:
        return Reply.YES
    if words[0] in NO_WORDS:
        return Reply.NO
    return ""


@transaction.atomic
def sms_reply_receive(*, sender: str, text: str, now: dt.datetime | None = None) -> str:
    """An incoming SMS that answers a question we asked this phone: "convocation",
    "satisfaction" or "opt_out" says what it recorded; "" when it is no reply (the
    message is then a citizen report, as before)."""
    reply = read_reply(text)
    if not reply:
        return ""
    try:
        phone = phones.normalise_phone(sender)
    except phones.InvalidPhone:
        return ""
    if not phone:
        return ""
    now = _now(now)
    index = blind_index(phone)
    if reply == "stop":
        OptOut.objects.get_or_create(phone_index=index, defaults={"at": now})
        logger.info("opt-out from %s", phones.mask(phone))
        return "opt_out"
    since = now - REPLY_WINDOW
    convocation = (
        Convocation.objects.filter(
            phone_index=index,
            sent_at__gte=since,
            planned_session__planned_on__gte=timezone.localdate(now),
            planned_session__cancelled_at__isnull=True,
        )
        .order_by("-sent_at", "-pk")
        .first()
    )
    question = (
        SatisfactionQuestion.objects.filter(
            phone_index=index, answer="", asked_at__gte=since, channel=Channel.SMS
        )
        .order_by("-asked_at", "-pk")
        .first()
    )
    # "1"/"2" only answer the satisfaction question; a word answers the latest question.
    digits = text.strip()[:1] in ("1", "2")
    if question is not None and (
        digits or convocation is None or question.asked_at >= convocation.sent_at
    ):
        satisfaction_answer(question=question, answer=reply, now=now)
        logger.info("satisfaction answer from %s", phones.mask(phone))
        return "satisfaction"
    if convocation is not None and not digits:
        Convocation.objects.filter(pk=convocation.pk).update(reply=reply, replied_at=now)
        logger.info("convocation reply from %s", phones.mask(phone))
        return "convocation"
    return ""


# --- Templates -----------------------------------------------------------------------


@transaction.atomic
def template_update(
    *, user: Any, template: MessageTemplate, text_fr: str, text_bm: str, enabled: bool, days: int
) -> MessageTemplate:
    """The national administrator changes a text, switches a purpose on or off, or its days."""
    require_action(user, Action.ADMINISTER)
    from siccs.accounts.scoping import is_national

    if not is_national(user, Action.ADMINISTER):
        raise PermissionDenied
    if not text_fr.strip() or not text_bm.strip():
        raise DomainError(_("Write the text in French and in Bambara."))
    before = snapshot(template)
    template.text_fr = text_fr.strip()
    template.text_bm = text_bm.strip()
    template.enabled = enabled
    template.days = days
    template.updated_by = user
    template.full_clean()
    template.save()
    audit_record(user=user, obj=template, verb="update", before=before)
    return template
