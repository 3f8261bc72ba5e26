"""Writes of the citizen channel: receiving reports (web, SMS), triage, answers, SMS out,
revealing a phone and purging personal data. Every change goes to the audit trail."""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import re
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from siccs.accounts.scoping import Action, can, ensure_unit_in_scope, is_national
from siccs.audit.services import audit_record, snapshot
from siccs.citizens import abuse, selectors, texts
from siccs.citizens.conf import conf
from siccs.citizens.models import (
    Channel,
    CitizenReport,
    OutboundSms,
    SmsGateway,
    SmsState,
)
from siccs.committees.models import Committee
from siccs.core import phones
from siccs.core.errors import DomainError
from siccs.core.fields import blind_index
from siccs.meetings import services as meetings_services
from siccs.meetings.models import Concern, ConcernCategory, ConcernSource, ConcernStatus
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.selectors import find_by_name

logger = logging.getLogger("siccs.citizens")

# No 0/O, no 1/I: a code read aloud or copied by hand stays unambiguous.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PURGED_TEXT = "[supprimé]"


class ReportRefused(DomainError):
    """A report refused for its content or its rate; `key` names the text shown to the sender."""

    def __init__(self, key: str, language: str, **values: Any) -> None:
        super().__init__(texts.text(language, key, **values))
        self.key = key
        self.values = values


# --- Small helpers ----------------------------------------------------------------------


def gateway_secret_hash(secret: str) -> str:
    return blind_index("sms-gateway:" + secret)


def gateway_secret_matches(gateway: SmsGateway, secret: str) -> bool:
    """Constant-time comparison of the presented secret with the stored hash."""
    if not secret or not gateway.secret_hash:
        return False
    return hmac.compare_digest(gateway_secret_hash(secret), gateway.secret_hash)


def new_tracking_code() -> str:
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        code = f"{raw[:3]}-{raw[3:]}"
        if not CitizenReport.objects.filter(tracking_code=code).exists():
            return code


def normalise_code(value: str) -> str:
    raw = re.sub(r"[^0-9A-Z]", "", (value or "").upper())
    return f"{raw[:3]}-{raw[3:6]}" if len(raw) == 6 else ""


def normalise_phone(value: str) -> str:
    """`tel:+223 76 12 34 56`, `0022376123456` and `76123456` all become `+22376123456`
    (siccs.core.phones). Returns "" for an empty value; DomainError for anything else."""
    try:
        return phones.normalise_phone(value)
    except phones.InvalidPhone as error:
        raise DomainError(_("This phone number is not valid."), field="phone") from error


# C0 and C1 control characters but tab and newline: a NUL breaks PostgreSQL text and
# exports, the others hide text on screen.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def clean_text(value: str) -> str:
    """Free text as the pages can show it: line ends unified, control characters dropped."""
    return _CONTROL.sub("", str(value or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


def committee_for(commune: AdministrativeUnit | None) -> Committee | None:
    """The committee of the commune, or else of the nearest unit above it (cercle, region)."""
    if commune is None:
        return None
    return (
        Committee.objects.filter(unit_id__in=commune.depth_ids, unit__level__gte=Level.REGION)
        .order_by("-unit__level")
        .first()
    )


def _now() -> dt.datetime:
    return timezone.now()


# --- Concern writes -----------------------------------------------------------------
# Concerns belong to meetings: their writes go through meetings' services.


def _concern_register(*, report: CitizenReport, committee: Committee, by: Any) -> Concern:
    return meetings_services.concern_register(
        user=by,
        committee=committee,
        category=report.category,
        title=_("Citizen report %(code)s") % {"code": report.tracking_code},
        source=ConcernSource.CITIZEN,
        received_at=report.received_at,
        unit=report.commune,
    )


def _concern_set_status(*, concern: Concern, status: str, by: Any, note: str = "") -> None:
    meetings_services.concern_set_status(user=by, concern=concern, status=status, note=note)


def _concern_transfer(*, concern: Concern, committee: Committee, by: Any) -> Concern:
    """Move a concern to the committee of the commune chosen at qualification.

    TODO(integrator): meetings has no transfer service yet; this is the one direct write."""
    before = snapshot(concern)
    concern.committee = committee
    concern.save(update_fields=["committee"])
    audit_record(user=by, obj=concern, verb="transfer", before=before)
    return concern


# --- Receiving reports --------------------------------------------------------------


@transaction.atomic
def report_submit(
    *,
    channel: str,
    description: str,
    language: str = "fr",
    category: ConcernCategory | None = None,
    commune: AdministrativeUnit | None = None,
    place_detail: str = "",
    phone: str = "",
    source: str = "",
    gateway: SmsGateway | None = None,
    gateway_message_id: str = "",
    received_at: dt.datetime | None = None,
) -> CitizenReport:
    """Accept a report if its size, content and rate are acceptable (else ReportRefused),
    route it to the committee of its commune (or above) when its category is known, and
    queue an acknowledgement SMS with the tracking code when a phone was given."""
    language = texts.language_of(language)
    description, place_detail = clean_text(description), clean_text(place_detail)
    limit = conf("CITIZEN_SMS_MAX") if channel == Channel.SMS else conf("CITIZEN_DESCRIPTION_MAX")
    problem = abuse.content_problem(description, limit=limit)
    if problem:
        raise ReportRefused(problem, language, limit=str(limit))
    try:
        phone = normalise_phone(phone)
    except DomainError as error:
        raise ReportRefused("reject_phone", language) from error
    phone_index = blind_index(phone) if phone else ""
    source_index = blind_index("source:" + source) if source else ""
    problem = abuse.rate_problem(phone_index=phone_index, source_index=source_index)
    if problem:
        raise ReportRefused(problem, language)

    report = CitizenReport(
        channel=channel,
        tracking_code=new_tracking_code(),
        category=category,
        commune=commune,
        place_detail=place_detail[:200],
        description=description,
        reporter_phone=phone,
        phone_index=phone_index,
        source_index=source_index,
        language=language,
        received_at=received_at or _now(),
        gateway=gateway,
        gateway_message_id=gateway_message_id[:100],
    )
    report.full_clean()
    report.save()
    audit_record(user=None, obj=report, verb="create")
    committee = committee_for(commune)
    if committee is not None and category is not None:
        report.concern = _concern_register(report=report, committee=committee, by=None)
        report.save(update_fields=["concern"])
    if phone:
        outbound_sms_queue(
            to=phone,
            text=texts.sms_text(
                language, "sms_ack", code=report.tracking_code, url=_track_url(report)
            ),
            report=report,
        )
    return report


def site_url(path: str) -> str:
    """An absolute address on the public site (SITE_URL), for links sent by SMS or e-mail,
    where no request says which host the reader will use."""
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + path


def _track_url(report: CitizenReport) -> str:
    return site_url(reverse("citizens:track"))


def parse_sms(message: str) -> tuple[AdministrativeUnit | None, str]:
    """`CCS <commune> <message>`: the commune (matched without accents, up to four words)
    and the rest. A message without the keyword, or naming no known commune, keeps its text."""
    words = message.split()
    keyword = conf("SMS_KEYWORD").upper()
    if not words or words[0].upper().strip(".,:;") != keyword:
        return None, message.strip()
    words = words[1:]
    for size in range(min(4, len(words)), 0, -1):
        name = " ".join(words[:size]).strip(".,:;")
        matches = list(find_by_name(name, level=Level.COMMUNE).in_force()[:2])
        if len(matches) == 1:
            return matches[0], " ".join(words[size:]).strip()
    return None, " ".join(words).strip()


@transaction.atomic
def sms_receive(
    *,
    gateway: SmsGateway,
    sender: str,
    message: str,
    message_id: str,
    received_at: dt.datetime | None = None,
) -> tuple[CitizenReport | None, bool, str]:
    """One incoming SMS: (report, created, refusal key). The same gateway message id twice
    returns the first report and creates nothing; a refusal is answered by SMS once an hour."""
    if message_id:
        existing = CitizenReport.objects.filter(
            gateway=gateway, gateway_message_id=message_id
        ).first()
        if existing is not None:
            return existing, False, ""
    commune, text = parse_sms(message)
    language = texts.guess_language(text) if text else gateway.language
    try:
        with transaction.atomic():
            report = report_submit(
                channel=Channel.SMS,
                description=text,
                language=language,
                commune=commune,
                phone=sender,
                gateway=gateway,
                gateway_message_id=message_id,
                received_at=received_at,
            )
    except ReportRefused as refusal:
        _reply_refusal(sender, language, refusal)
        return None, False, refusal.key
    except IntegrityError:
        # The same message delivered twice at the same instant: the other call made it.
        existing = CitizenReport.objects.get(gateway=gateway, gateway_message_id=message_id)
        return existing, False, ""
    return report, True, ""


def _reply_refusal(sender: str, language: str, refusal: ReportRefused) -> None:
    try:
        phone = normalise_phone(sender)
    except DomainError:
        return
    if not phone:
        return
    since = _now() - dt.timedelta(hours=1)
    already = OutboundSms.objects.filter(
        to_index=blind_index(phone), report__isnull=True, created_at__gte=since
    ).exists()
    if already:
        return  # one refusal an hour: a flood must not cost us a flood of SMS
    outbound_sms_queue(
        to=phone, text=texts.sms_text(language, "sms_reject", reason=refusal.message)
    )


# --- Outbound SMS -------------------------------------------------------------------


def outbound_sms_queue(*, to: str, text: str, report: CitizenReport | None = None) -> OutboundSms:
    """Store the SMS and hand it to the task worker."""
    from siccs.citizens.tasks import sms_send

    outbound = OutboundSms.objects.create(
        to_phone=to, to_index=blind_index(to), text=text, report=report
    )
    sms_send.enqueue(outbound.pk)
    return outbound


def _ceiling_free_at(now: dt.datetime) -> dt.datetime | None:
    """None while the queue may send now; else when the hourly ceiling frees a slot.

    The ceiling belongs to the queue, not to one kind of message: acknowledgements, answers,
    refusals and any later convocation count alike, so a flood of reports cannot spend the
    SMS budget of the whole platform."""
    ceiling = conf("SMS_HOURLY_CEILING")
    if not ceiling:
        return None
    window = now - dt.timedelta(hours=1)
    sent = OutboundSms.objects.filter(sent_at__gt=window)
    count = sent.count()
    if count < ceiling:
        return None
    # The slot frees when the oldest message that keeps the count at the ceiling leaves
    # the window.
    oldest = sent.order_by("sent_at").values_list("sent_at", flat=True)[count - ceiling]
    return oldest + dt.timedelta(hours=1, seconds=1)


def _hold(outbound: OutboundSms, until: dt.datetime) -> None:
    """Keep the message for later and, the first time the ceiling is reached, tell the
    national administrators."""
    first = not OutboundSms.objects.filter(state=SmsState.HELD).exclude(pk=outbound.pk).exists()
    outbound.state = SmsState.HELD
    outbound.next_attempt_at = until
    outbound.save(update_fields=["state", "next_attempt_at"])
    if first:
        transaction.on_commit(_alert_ceiling_reached)


def _alert_ceiling_reached() -> None:
    """An e-mail to the national administrators, with a link to the SMS page."""
    from django.core.mail import send_mail

    recipients = selectors.national_admin_emails()
    logger.warning(
        "SMS hourly ceiling (%s) reached: messages wait for the next hour",
        conf("SMS_HOURLY_CEILING"),
    )
    if not recipients:
        return
    url = site_url(reverse("citizens:outbound_list") + "?state=" + SmsState.HELD)
    try:
        send_mail(
            _("SI-CCS: the hourly SMS ceiling is reached"),
            _(
                "The platform has sent %(n)s SMS in the last hour, its ceiling. The next messages "
                "wait and leave as soon as the hour allows; none is lost. If this is not a normal "
                "peak (a flood of reports from a script, for example), look at the queue:\n%(url)s"
            )
            % {"n": conf("SMS_HOURLY_CEILING"), "url": url},
            None,
            recipients,
        )
    except Exception:  # the pages show the alert too: a mail server down must not stop SMS
        logger.exception("The SMS ceiling alert could not be e-mailed")


def outbound_sms_attempt(*, outbound_id: int) -> str:
    """Send once; on failure retry later with exponential backoff, dead after SMS_MAX_ATTEMPTS.
    When the queue's hourly ceiling is reached, the message waits (held) for a free slot."""
    from siccs.citizens.sms import SmsError, get_backend
    from siccs.citizens.tasks import sms_send

    with transaction.atomic():
        outbound = OutboundSms.objects.select_for_update().filter(pk=outbound_id).first()
        if outbound is None or outbound.state not in (
            SmsState.QUEUED,
            SmsState.FAILED,
            SmsState.HELD,
        ):
            return "skipped"
        if not outbound.to_phone:
            outbound.state = SmsState.DEAD
            outbound.last_error = "no phone (purged)"
            outbound.save(update_fields=["state", "last_error"])
            return outbound.state
        now = _now()
        free_at = _ceiling_free_at(now)
        if free_at is not None:
            _hold(outbound, free_at)
        else:
            outbound.attempts += 1
            outbound.last_attempt_at = now
            try:
                get_backend().send(outbound.to_phone, outbound.text)
            except SmsError as error:
                outbound.last_error = str(error)[:300]
                if outbound.attempts >= conf("SMS_MAX_ATTEMPTS"):
                    outbound.state = SmsState.DEAD
                    outbound.next_attempt_at = None
                else:
                    outbound.state = SmsState.FAILED
                    delay = conf("SMS_RETRY_BASE_SECONDS") * 2 ** (outbound.attempts - 1)
                    outbound.next_attempt_at = now + dt.timedelta(seconds=delay)
            else:
                outbound.state = SmsState.SENT
                outbound.sent_at = outbound.last_attempt_at
                outbound.next_attempt_at = None
                outbound.last_error = ""
            outbound.save()
    if outbound.state in (SmsState.FAILED, SmsState.HELD):
        if sms_send.get_backend().supports_defer:
            sms_send.using(run_after=outbound.next_attempt_at).enqueue(outbound.pk)
        elif outbound.state == SmsState.FAILED:
            # A backend without deferral (tests, development) retries at once; a held
            # message stays held there until `outbound_sms_release` runs.
            sms_send.enqueue(outbound.pk)
    return outbound.state


def outbound_sms_release() -> int:
    """Queue again the held messages whose slot has come (the worker's deferred tasks do it
    by themselves; this is for backends that cannot defer). Returns how many were queued."""
    from siccs.citizens.tasks import sms_send

    due = list(
        OutboundSms.objects.filter(state=SmsState.HELD, next_attempt_at__lte=_now())
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    for pk in due:
        sms_send.enqueue(pk)
    return len(due)


@transaction.atomic
def outbound_sms_retry(*, actor: Any, outbound: OutboundSms) -> OutboundSms:
    """Give a dead message another round of attempts."""
    from siccs.citizens.tasks import sms_send

    if not can(actor, Action.TRIAGE, outbound):
        raise PermissionDenied
    if outbound.state != SmsState.DEAD:
        raise DomainError(_("Only messages given up can be sent again."))
    before = snapshot(outbound)
    outbound.state = SmsState.QUEUED
    outbound.attempts = 0
    outbound.save(update_fields=["state", "attempts"])
    audit_record(user=actor, obj=outbound, verb="retry", before=before)
    sms_send.enqueue(outbound.pk)
    return outbound


# --- Triage -------------------------------------------------------------------------


def _check(actor: Any, report: CitizenReport) -> None:
    if not can(actor, Action.TRIAGE, report):
        raise PermissionDenied


def _public_concern(report: CitizenReport) -> Concern | None:
    concern = report.concern
    return concern.duplicate_of if concern and concern.duplicate_of_id else concern


@transaction.atomic
def report_qualify(
    *,
    actor: Any,
    report: CitizenReport,
    category: ConcernCategory,
    commune: AdministrativeUnit | None,
    place_detail: str = "",
    summary: str = "",
    duplicate_of: CitizenReport | None = None,
) -> CitizenReport:
    """Confirm category and place (routing the report to its committee) and write the
    concern's anonymised summary; or merge the report into an earlier one."""
    _check(actor, report)
    if commune is not None and commune.pk != report.commune_id:
        ensure_unit_in_scope(actor, commune, Action.TRIAGE)
    before = snapshot(report)
    report.category = category
    report.commune = commune
    report.place_detail = place_detail.strip()[:200]
    report.full_clean()
    report.save(update_fields=["category", "commune", "place_detail"])
    audit_record(user=actor, obj=report, verb="qualify", before=before)

    if duplicate_of is not None:
        return _merge(actor=actor, report=report, into=duplicate_of)

    committee = committee_for(commune)
    concern = report.concern
    if concern is None and committee is not None:
        concern = report.concern = _concern_register(report=report, committee=committee, by=actor)
        report.save(update_fields=["concern"])
    if concern is not None:
        if committee is not None and concern.committee_id != committee.pk:
            concern = _concern_transfer(concern=concern, committee=committee, by=actor)
        concern = meetings_services.concern_update(
            user=actor,
            concern=concern,
            category=category,
            unit=commune,
            place_detail="",  # the place detail may point at the informant
            description=summary.strip(),
        )
        report.concern = concern
        if concern.status == ConcernStatus.RECEIVED:
            _concern_set_status(concern=concern, status=ConcernStatus.QUALIFIED, by=actor)
    return report


def _merge(*, actor: Any, report: CitizenReport, into: CitizenReport) -> CitizenReport:
    if into.pk == report.pk or not can(actor, Action.TRIAGE, into):
        raise DomainError(_("Choose another report you handle."), field="duplicate_of")
    if into.concern is None:
        raise DomainError(_("The original report must be qualified first."), field="duplicate_of")
    target = _public_concern(into)
    before = snapshot(report)
    if report.concern is None:
        report.concern = target
        report.save(update_fields=["concern"])
    elif report.concern_id != target.pk:
        meetings_services.concern_merge_duplicate(
            user=actor,
            concern=report.concern,
            into=target,
            note=_("Merged into %(code)s") % {"code": into.tracking_code},
        )
    audit_record(user=actor, obj=report, verb="merge", before=before, reason=into.tracking_code)
    if into.answer_text and not report.answer_text:
        _answer_one(report, into.answer_text, at=into.answered_at or _now())
    return report


def _routed_concern(report: CitizenReport) -> Concern:
    concern = _public_concern(report)
    if concern is None:
        raise DomainError(_("Qualify the report first: confirm its category and commune."))
    return concern


@transaction.atomic
def report_forward(*, actor: Any, report: CitizenReport, to: str, note: str = "") -> CitizenReport:
    """Record that the concern went to the committee's session agenda or to an authority."""
    _check(actor, report)
    concern = _routed_concern(report)
    where = _("session agenda") if to == "agenda" else _("authority")
    text = f"{where}: {note.strip()}" if note.strip() else str(where)
    _concern_set_status(concern=concern, status=ConcernStatus.FORWARDED, by=actor, note=text)
    return report


def _answer_one(report: CitizenReport, answer: str, *, at: dt.datetime) -> None:
    report.answer_text = answer
    report.answered_at = at
    report.answer_delay = at - report.received_at
    report.save(update_fields=["answer_text", "answered_at", "answer_delay"])
    if report.reporter_phone:
        outbound_sms_queue(
            to=report.reporter_phone,
            text=texts.sms_text(
                report.language, "sms_answer", code=report.tracking_code, answer=answer
            ),
            report=report,
        )


@transaction.atomic
def report_answer(*, actor: Any, report: CitizenReport, answer: str) -> CitizenReport:
    """Write the public answer, once: it goes to the tracking page, and by SMS to the
    reporter and to the reporters of merged duplicates who left a phone."""
    _check(actor, report)
    answer = answer.strip()
    if not answer:
        raise DomainError(_("Write the answer."), field="answer")
    if len(answer) > conf("CITIZEN_SMS_MAX"):
        raise DomainError(
            _("The answer must fit in %(n)s characters.") % {"n": conf("CITIZEN_SMS_MAX")},
            field="answer",
        )
    if report.answered_at:
        raise DomainError(_("This report has already been answered."), field="answer")
    concern = _public_concern(report)
    before = snapshot(report)
    now = _now()
    _answer_one(report, answer, at=now)
    audit_record(user=actor, obj=report, verb="answer", before=before)
    if concern is not None:
        if concern.status != ConcernStatus.ANSWERED:
            _concern_set_status(concern=concern, status=ConcernStatus.ANSWERED, by=actor)
        others = CitizenReport.objects.filter(
            concern__in=[concern.pk, *concern.duplicates.values_list("pk", flat=True)],
            answered_at__isnull=True,
        ).exclude(pk=report.pk)
        for other in others:
            _answer_one(other, answer, at=now)
    return report


@transaction.atomic
def report_close(*, actor: Any, report: CitizenReport, note: str = "") -> CitizenReport:
    _check(actor, report)
    concern = _routed_concern(report)
    if concern.status == ConcernStatus.CLOSED:
        raise DomainError(_("This concern is already closed."))
    _concern_set_status(concern=concern, status=ConcernStatus.CLOSED, by=actor, note=note)
    return report


# --- Protection ---------------------------------------------------------------------


@transaction.atomic
def report_reveal_phone(*, actor: Any, report: CitizenReport, reason: str) -> str:
    """The reporter's phone in clear, for the triage role in scope, with the reason audited."""
    _check(actor, report)
    reason = reason.strip()
    if len(reason) < 5:
        raise DomainError(_("Say why you need the phone number."), field="reason")
    audit_record(
        user=actor, obj=report, verb="reveal_phone", before=snapshot(report), reason=reason
    )
    return report.reporter_phone


def purge_limit() -> dt.datetime:
    from django.conf import settings

    return _now() - dt.timedelta(days=settings.REPORT_RETENTION_DAYS)


def _purge_one(report: CitizenReport, actor: Any) -> None:
    """Wipe everything from which the reporter could be found again: the phone, its keyed
    hash (every Malian number can be tried against it in minutes), the sender's address
    hash, the gateway's message id (a RapidPro body's hash contains the number), the free
    text, and the number on every SMS sent to it, refusals included. The audit trail says
    that it was purged and never holds any of these values (they are personal fields)."""
    before = snapshot(report)
    phone_index = report.phone_index
    report.reporter_phone = ""
    report.phone_index = ""
    report.source_index = ""
    report.gateway_message_id = ""
    report.description = PURGED_TEXT
    report.place_detail = ""
    report.anonymised = True
    report.save(
        update_fields=[
            "reporter_phone",
            "phone_index",
            "source_index",
            "gateway_message_id",
            "description",
            "place_detail",
            "anonymised",
        ]
    )
    report.outbound_sms.update(to_phone="", to_index="")
    if phone_index:
        OutboundSms.objects.filter(report__isnull=True, to_index=phone_index).update(
            to_phone="", to_index=""
        )
    audit_record(user=actor, obj=report, verb="purge", before=before)


def _check_purger(actor: Any) -> None:
    if actor is not None and not is_national(actor, Action.ADMINISTER):
        raise PermissionDenied


@transaction.atomic
def report_purge(*, actor: Any, report: CitizenReport) -> CitizenReport:
    """Delete a report's personal data (phone, description, place) once the retention
    period is over, keeping the anonymised report and its concern. National admins only."""
    _check_purger(actor)
    if report.received_at > purge_limit():
        raise DomainError(_("This report is still within its retention period."))
    if not report.anonymised:
        _purge_one(report, actor)
    return report


@transaction.atomic
def reports_expired() -> QuerySet[CitizenReport]:
    """Reports past REPORT_RETENTION_DAYS whose personal data is still there."""
    return CitizenReport.objects.filter(received_at__lte=purge_limit(), anonymised=False)


def reports_purge_expired(*, actor: Any = None) -> int:
    """Purge every report older than REPORT_RETENTION_DAYS; `actor` None is the command."""
    _check_purger(actor)
    expired = reports_expired()
    count = 0
    for report in expired.select_related("commune"):
        _purge_one(report, actor)
        count += 1
    # Refusals belong to no report: their numbers go when the retention period ends too.
    OutboundSms.objects.filter(report__isnull=True, created_at__lte=purge_limit()).exclude(
        to_phone="", to_index=""
    ).update(to_phone="", to_index="")
    return count


@transaction.atomic
def gateway_create(*, actor: Any, name: str, kind: str, secret: str, language: str = "fr"):
    """Register a gateway; only the hash of its shared secret is kept."""
    if actor is not None and not is_national(actor, Action.ADMINISTER):
        raise PermissionDenied
    if len(secret) < 16:
        raise DomainError(_("The shared secret must have at least 16 characters."))
    gateway = SmsGateway(
        name=name, kind=kind, language=language, secret_hash=gateway_secret_hash(secret)
    )
    gateway.full_clean()
    gateway.save()
    audit_record(user=actor, obj=gateway, verb="create")
    return gateway
