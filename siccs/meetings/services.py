"""Writing sessions, concerns, recommendations and their follow-up.

Every write is keyword-only, atomic, scoped again inside its transaction and audited.
Dated facts are written together with the status they explain (a concern's status with
its ConcernStatusChange, a recommendation's status with its FollowUp), so that the state
at any past date can be read from the history.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siccs.accounts.scoping import Action, ensure_unit_in_scope
from siccs.audit.services import audit_record, snapshot
from siccs.committees.models import Committee, MemberCategory, WorkingCommission
from siccs.core import dates
from siccs.core.errors import DomainError
from siccs.meetings import denormalised, hooks
from siccs.meetings.models import (
    Addressee,
    Attendance,
    Concern,
    ConcernCategory,
    ConcernSource,
    ConcernStatus,
    ConcernStatusChange,
    FollowUp,
    GuestAttendance,
    Presence,
    Recommendation,
    RecommendationStatus,
    Session,
    SessionKind,
    Severity,
)
from siccs.rollout import evidence as sniffing

# A concern is open until it is answered or closed (a merged duplicate is closed).
OPEN_CONCERN_STATUSES = (ConcernStatus.RECEIVED, ConcernStatus.QUALIFIED, ConcernStatus.FORWARDED)
# Scanned minutes are images or PDF; follow-up evidence may also be an office file.
MINUTES_KINDS = (sniffing.PDF, sniffing.JPEG, sniffing.PNG)


def _actor(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _ensure_change(user: Any, committee: Committee) -> None:
    ensure_unit_in_scope(user, committee.unit, Action.CHANGE)


def _ensure_handle(user: Any, committee: Committee) -> None:
    """Concerns are handled by committee staff (CHANGE) or by triage of citizen reports.

    `user=None` is the system itself (the public reporting channel): trusted code only."""
    if user is None:
        return
    try:
        ensure_unit_in_scope(user, committee.unit, Action.CHANGE)
    except PermissionDenied:
        ensure_unit_in_scope(user, committee.unit, Action.TRIAGE)


def _today(today: dt.date | None) -> dt.date:
    return today or dates.today()


def _file_size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    return size


def _checked_upload(file: IO[bytes], kinds: Iterable[tuple[str, str]], field: str) -> str:
    """The extension of an accepted upload, recognised by its content, never by its name."""
    size = _file_size(file)
    if size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            _("The file is too large (at most %(mb)s MB).")
            % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024) or 1},
            field=field,
        )
    if size == 0:
        raise DomainError(_("The file is empty."), field=field)
    kind = sniffing.sniff(file)
    if kind is None or kind not in tuple(kinds):
        names = ", ".join(ext.upper() for _type, ext in kinds)
        raise DomainError(
            _("Only these files are accepted: %(kinds)s.") % {"kinds": names}, field=field
        )
    return kind[1]


# --- Sessions ------------------------------------------------------------------------


@dataclass(frozen=True)
class GuestCount:
    """Guests of one category, counted without names."""

    category: MemberCategory
    women: int = 0
    men: int = 0


@transaction.atomic
def session_record(
    *,
    user: Any,
    committee: Committee,
    held_on: dt.date,
    attendance: Mapping[int, str],
    kind: str = SessionKind.ORDINARY,
    place: str = "",
    agenda: str = "",
    chair: str = "",
    commission: WorkingCommission | None = None,
    guests: Iterable[GuestCount] = (),
    minutes_text: str = "",
    minutes_file: IO[bytes] | None = None,
    session: Session | None = None,
    today: dt.date | None = None,
) -> Session:
    """Record a session held (or correct one): its date, place, agenda, chair, the presence
    of every member active on that date (present, excused or absent) and the guests by
    category. A session cannot be dated in the future; a commission session names one of
    the committee's working commissions."""
    committee = Committee.objects.select_related("unit").get(pk=committee.pk)
    _ensure_change(user, committee)
    if session is not None:
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.committee_id != committee.pk:
            raise PermissionDenied
    if kind not in SessionKind.values:
        raise DomainError(_("Unknown kind of session."), field="kind")
    if held_on > _today(today):
        raise DomainError(_("A session cannot be dated in the future."), field="held_on")
    if kind == SessionKind.COMMISSION:
        if commission is None or commission.committee_id != committee.pk:
            raise DomainError(
                _("Choose the working commission of this committee that met."), field="commission"
            )
    else:
        commission = None

    from siccs.meetings.selectors import active_members_on

    expected = set(active_members_on(committee, held_on).values_list("pk", flat=True))
    given = {int(k): v for k, v in attendance.items()}
    if set(given) - expected:
        raise DomainError(_("Only members active on the date of the session can attend."))
    if expected - set(given):
        raise DomainError(_("Record the presence of every active member."))
    if any(v not in Presence.values for v in given.values()):
        raise DomainError(_("Unknown presence."))

    counts: dict[int, list[int]] = {}
    categories: dict[int, MemberCategory] = {}
    for guest in guests:
        if guest.women < 0 or guest.men < 0:
            raise DomainError(_("Guest counts cannot be negative."), field="guests")
        if guest.women + guest.men == 0:
            continue
        row = counts.setdefault(guest.category.pk, [0, 0])
        row[0] += guest.women
        row[1] += guest.men
        categories[guest.category.pk] = guest.category

    extension = _checked_upload(minutes_file, MINUTES_KINDS, "minutes_file") if minutes_file else ""

    before = snapshot(session) if session is not None else None
    session = session or Session(committee=committee, created_by=_actor(user))
    session.kind = kind
    session.commission = commission
    session.held_on = held_on
    session.place = place.strip()
    session.agenda = agenda.strip()
    session.chair = chair.strip()
    session.minutes_text = minutes_text.strip()
    if minutes_file is not None:
        session.minutes_file.save(f"{uuid.uuid4().hex}.{extension}", File(minutes_file), save=False)
    session.full_clean()
    session.save()

    session.attendances.all().delete()
    Attendance.objects.bulk_create(
        Attendance(session=session, membership_id=pk, presence=presence)
        for pk, presence in sorted(given.items())
    )
    session.guests.all().delete()
    GuestAttendance.objects.bulk_create(
        GuestAttendance(session=session, category=categories[pk], women=w, men=m)
        for pk, (w, m) in counts.items()
    )
    denormalised.session_tallies_refresh(Session.objects.filter(pk=session.pk))
    tally = {p: sum(1 for v in given.values() if v == p) for p in Presence.values}
    reason = ", ".join(f"{p}: {n}" for p, n in tally.items())
    audit_record(
        user=user,
        obj=session,
        verb="create" if before is None else "update",
        before=before,
        reason=f"attendance {reason}; guests {sum(w + m for w, m in counts.values())}",
    )
    hooks.session_recorded(session=session, user=user)
    return session


@transaction.atomic
def session_agenda_set(
    *, user: Any, session: Session, concerns: Iterable[Concern], at: dt.datetime | None = None
) -> Session:
    """Put open concerns of the committee on a session's agenda. A concern newly put on
    the agenda that was only received or qualified is marked forwarded, with a note."""
    session = Session.objects.select_related("committee__unit").get(pk=session.pk)
    _ensure_change(user, session.committee)
    chosen = list(Concern.objects.filter(pk__in=[c.pk for c in concerns]).order_by("pk"))
    if any(c.committee_id != session.committee_id for c in chosen):
        raise DomainError(_("Only concerns of this committee can be put on its agenda."))
    already = set(session.agenda_concerns.values_list("pk", flat=True))
    if any(c.pk not in already and c.status not in OPEN_CONCERN_STATUSES for c in chosen):
        raise DomainError(_("Only open concerns can be put on the agenda."))
    session.agenda_concerns.set(chosen)
    note = _("On the agenda of the session of %(date)s") % {"date": session.held_on.isoformat()}
    for concern in chosen:
        if concern.pk not in already and concern.status in (
            ConcernStatus.RECEIVED,
            ConcernStatus.QUALIFIED,
        ):
            concern_set_status(
                user=user, concern=concern, status=ConcernStatus.FORWARDED, note=note, at=at
            )
    audit_record(
        user=user,
        obj=session,
        verb="agenda",
        before={"agenda_concerns": sorted(already)},
        after={"agenda_concerns": sorted(c.pk for c in chosen)},
    )
    return session


# --- Concerns ------------------------------------------------------------------------


def _check_point(latitude: Decimal | None, longitude: Decimal | None) -> None:
    """A point needs both coordinates; half a point cannot be placed on a map."""
    if (latitude is None) != (longitude is None):
        raise DomainError(
            _("Give both the latitude and the longitude, or neither."), field="latitude"
        )


@transaction.atomic
def concern_register(
    *,
    user: Any,
    committee: Committee,
    category: ConcernCategory,
    title: str,
    source: str,
    received_on: dt.date | None = None,
    received_at: dt.datetime | None = None,
    description: str = "",
    unit: Any = None,
    place_detail: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    facts_on: dt.date | None = None,
    severity: int = Severity.MEDIUM,
    session: Session | None = None,
    note: str = "",
) -> Concern:
    """Register a concern from any source (session, citizen channel, field form, partner
    report) in the committee's register, with its first dated status "received".

    The place must lie within the committee's territory; facts cannot postdate receipt.
    `user=None` means the public channel itself registers it."""
    committee = Committee.objects.select_related("unit").get(pk=committee.pk)
    _ensure_handle(user, committee)
    if source not in ConcernSource.values:
        raise DomainError(_("Unknown source."), field="source")
    if not category.active:
        raise DomainError(_("This category is no longer used."), field="category")
    if unit is not None and not unit.path.startswith(committee.unit.path):
        raise DomainError(_("The place must lie within the committee's territory."), field="unit")
    if session is not None and session.committee_id != committee.pk:
        raise DomainError(_("Choose a session of this committee."), field="session")
    received_at = received_at or timezone.now()
    received_on = received_on or timezone.localdate(received_at)
    if facts_on and facts_on > received_on:
        raise DomainError(_("The facts cannot be dated after receipt."), field="facts_on")
    _check_point(latitude, longitude)
    concern = Concern(
        committee=committee,
        category=category,
        unit=unit,
        place_detail=place_detail.strip()[:200],
        latitude=latitude,
        longitude=longitude,
        facts_on=facts_on,
        received_on=received_on,
        severity=severity,
        title=title.strip()[:200],
        description=description.strip(),
        source=source,
        status=ConcernStatus.RECEIVED,
        session=session,
    )
    concern.full_clean()
    concern.save()
    ConcernStatusChange.objects.create(
        concern=concern, status=ConcernStatus.RECEIVED, at=received_at, by=_actor(user), note=note
    )
    audit_record(user=user, obj=concern, verb="create")
    return concern


@transaction.atomic
def concern_update(*, user: Any, concern: Concern, **changes: Any) -> Concern:
    """Correct a concern's description fields (not its status: see concern_set_status)."""
    concern = (
        Concern.objects.select_for_update().select_related("committee__unit").get(pk=concern.pk)
    )
    _ensure_handle(user, concern.committee)
    allowed = {
        "category",
        "title",
        "description",
        "unit",
        "place_detail",
        "latitude",
        "longitude",
        "facts_on",
        "severity",
    }
    if set(changes) - allowed:
        raise DomainError(_("These fields cannot be changed here."))
    unit = changes.get("unit", concern.unit)
    if unit is not None and not unit.path.startswith(concern.committee.unit.path):
        raise DomainError(_("The place must lie within the committee's territory."), field="unit")
    before = snapshot(concern)
    for name, value in changes.items():
        setattr(concern, name, value.strip() if isinstance(value, str) else value)
    if concern.facts_on and concern.facts_on > concern.received_on:
        raise DomainError(_("The facts cannot be dated after receipt."), field="facts_on")
    _check_point(concern.latitude, concern.longitude)
    concern.full_clean()
    concern.save(update_fields=sorted(changes))
    audit_record(user=user, obj=concern, verb="update", before=before)
    return concern


@transaction.atomic
def concern_set_status(
    *, user: Any, concern: Concern, status: str, note: str = "", at: dt.datetime | None = None
) -> Concern:
    """Move a concern to a status: the dated change and the concern's status are written
    together, and a change cannot be dated before the previous one."""
    concern = (
        Concern.objects.select_for_update().select_related("committee__unit").get(pk=concern.pk)
    )
    _ensure_handle(user, concern.committee)
    if status not in ConcernStatus.values:
        raise DomainError(_("Unknown status."), field="status")
    at = at or timezone.now()
    last = concern.status_changes.order_by("-at", "-pk").first()
    if last is not None and at < last.at:
        raise DomainError(_("A change cannot be dated before the previous one."), field="at")
    before = snapshot(concern)
    concern.status = status
    concern.save(update_fields=["status"])
    ConcernStatusChange.objects.create(
        concern=concern, status=status, at=at, by=_actor(user), note=note.strip()
    )
    denormalised.concerns_answered_refresh(Concern.objects.filter(pk=concern.pk))
    audit_record(user=user, obj=concern, verb="status", before=before, reason=note.strip()[:255])
    return concern


@transaction.atomic
def concern_merge_duplicate(
    *, user: Any, concern: Concern, into: Concern, note: str = ""
) -> Concern:
    """Close `concern` as a duplicate of `into` (or of the concern `into` itself duplicates),
    within the same committee; its history stays, its recommendations stay attached."""
    concern = (
        Concern.objects.select_for_update().select_related("committee__unit").get(pk=concern.pk)
    )
    into = Concern.objects.select_related("committee__unit").get(pk=into.pk)
    while into.duplicate_of_id is not None:
        into = Concern.objects.select_related("committee__unit").get(pk=into.duplicate_of_id)
    _ensure_handle(user, concern.committee)
    if into.pk == concern.pk:
        raise DomainError(_("A concern cannot duplicate itself."), field="into")
    if into.committee_id != concern.committee_id:
        raise DomainError(_("Choose a concern of the same committee."), field="into")
    if concern.duplicate_of_id is not None:
        raise DomainError(_("This concern is already merged."), field="into")
    before = snapshot(concern)
    concern.duplicate_of = into
    concern.save(update_fields=["duplicate_of"])
    # Duplicates of the merged concern follow it, so that a chain never forms.
    Concern.objects.filter(duplicate_of=concern).update(duplicate_of=into)
    audit_record(user=user, obj=concern, verb="merge", before=before, reason=f"#{into.pk}")
    text = _("Merged into #%(id)s: %(title)s") % {"id": into.pk, "title": into.title}
    if note.strip():
        text = f"{text} — {note.strip()}"
    return concern_set_status(user=user, concern=concern, status=ConcernStatus.CLOSED, note=text)


# --- Recommendations -----------------------------------------------------------------


@transaction.atomic
def recommendation_adopt(
    *,
    user: Any,
    session: Session,
    text: str,
    addressee: Addressee,
    concerns: Iterable[Concern],
    responsible: str = "",
    due_on: dt.date | None = None,
) -> Recommendation:
    """Adopt a recommendation in a session, answering one or more concerns of the
    committee; it opens with a first follow-up "open" dated on the session. Answered
    concerns still received or qualified become forwarded to the addressee."""
    session = Session.objects.select_related("committee__unit").get(pk=session.pk)
    _ensure_change(user, session.committee)
    text = text.strip()
    if not text:
        raise DomainError(_("Write the recommendation."), field="text")
    answered = list(Concern.objects.filter(pk__in=[c.pk for c in concerns]).order_by("pk"))
    if not answered:
        raise DomainError(_("Choose the concerns this recommendation answers."), field="concerns")
    if any(c.committee_id != session.committee_id for c in answered):
        raise DomainError(_("Choose concerns of this committee."), field="concerns")
    if due_on and due_on < session.held_on:
        raise DomainError(_("The due date cannot precede the session."), field="due_on")
    recommendation = Recommendation(
        session=session,
        text=text,
        addressee=addressee,
        responsible=responsible.strip(),
        due_on=due_on,
        status=RecommendationStatus.OPEN,
        adopted_on=session.held_on,
    )
    recommendation.full_clean()
    recommendation.save()
    recommendation.concerns.set(answered)
    FollowUp.objects.create(
        recommendation=recommendation,
        on=session.held_on,
        status=RecommendationStatus.OPEN,
        note=_("Adopted in session"),
        created_by=_actor(user),
    )
    denormalised.recommendation_follow_ups_refresh(recommendation.pk)
    audit_record(user=user, obj=recommendation, verb="create")
    note = _("Recommendation addressed to %(addressee)s") % {"addressee": addressee.name}
    for concern in answered:
        if concern.status in (ConcernStatus.RECEIVED, ConcernStatus.QUALIFIED):
            concern_set_status(
                user=user, concern=concern, status=ConcernStatus.FORWARDED, note=note
            )
    return recommendation


@transaction.atomic
def recommendation_follow_up(
    *,
    user: Any,
    recommendation: Recommendation,
    on: dt.date,
    status: str,
    note: str = "",
    evidence: IO[bytes] | None = None,
    evidence_name: str = "",
    today: dt.date | None = None,
) -> FollowUp:
    """Add a dated follow-up note (with optional evidence recognised by its content) and
    keep the recommendation's status equal to its latest follow-up. Follow-ups are dated
    between the adoption and today, never before the latest one."""
    recommendation = (
        Recommendation.objects.select_for_update()
        .select_related("session__committee__unit")
        .get(pk=recommendation.pk)
    )
    _ensure_change(user, recommendation.session.committee)
    if status not in RecommendationStatus.values:
        raise DomainError(_("Unknown status."), field="status")
    if on > _today(today):
        raise DomainError(_("A follow-up cannot be dated in the future."), field="on")
    if on < recommendation.adopted_on:
        raise DomainError(_("A follow-up cannot precede the adoption."), field="on")
    last = recommendation.follow_ups.order_by("-on", "-pk").first()
    if last is not None and on < last.on:
        raise DomainError(
            _("A follow-up cannot be dated before the latest one (%(date)s).")
            % {"date": last.on.isoformat()},
            field="on",
        )
    note = note.strip()
    if status == recommendation.status and not note and evidence is None:
        raise DomainError(_("Write a note or change the status."), field="note")
    follow_up = FollowUp(
        recommendation=recommendation,
        on=on,
        status=status,
        note=note,
        created_by=_actor(user),
    )
    if evidence is not None:
        extension = _checked_upload(evidence, sniffing.ALLOWED, "evidence")
        follow_up.evidence_name = (evidence_name or f"piece.{extension}")[-255:]
        follow_up.evidence.save(f"{uuid.uuid4().hex}.{extension}", File(evidence), save=False)
    follow_up.full_clean()
    follow_up.save()
    denormalised.recommendation_follow_ups_refresh(recommendation.pk)
    audit_record(user=user, obj=follow_up, verb="create")
    if recommendation.status != status:
        before = snapshot(recommendation)
        recommendation.status = status
        recommendation.save(update_fields=["status"])
        audit_record(user=user, obj=recommendation, verb="status", before=before)
    return follow_up
