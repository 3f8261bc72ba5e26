"""From a filled form to the platform's own services, one function per form.

A submission is written by the very services the web forms call (`meetings`, `rollout`,
`citizens`), as the person who sent it (or the reviewer who fixed it), so the same rules,
scope checks and audit trail apply. What the services cannot take is not forced: the
applier raises `NeedsReview` with the reason, and the submission waits in the review
queue. Values are read as strings (XML text, CSV cells); keys starting with `_` are the
reviewer's fixes (`_ignore_unknown_members`, `_record_anyway`...).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from siccs.accounts.scoping import Action, ensure_unit_in_scope
from siccs.citizens import services as citizens_services
from siccs.citizens.models import Channel
from siccs.committees.models import Committee
from siccs.core import dates
from siccs.fieldforms.models import ReviewReason, SubmissionAttachment
from siccs.meetings import services as meetings_services
from siccs.meetings.models import (
    Addressee,
    ConcernCategory,
    ConcernSource,
    Presence,
    Recommendation,
    RecommendationStatus,
    Session,
    SessionKind,
    Severity,
)
from siccs.meetings.selectors import active_members_on
from siccs.rollout import services as rollout_services
from siccs.rollout.models import StepRecord, StepStatus
from siccs.territory.models import AdministrativeUnit, Level

PENDING = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)


class NeedsReview(Exception):
    """The submission cannot be applied as it is: a person must look at it."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


Attachments = Mapping[str, SubmissionAttachment]


# --- Reading values ----------------------------------------------------------------------


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


def _int(data: Mapping[str, Any], key: str) -> int | None:
    text = _text(data, key)
    if text.endswith(".0"):  # a spreadsheet's number read back
        text = text[:-2]
    return int(text) if text.isdigit() else None


def _ids(data: Mapping[str, Any], key: str) -> set[int]:
    """A select_multiple: space-separated choice names."""
    return {int(v) for v in _text(data, key).split() if v.isdigit()}


def _date(data: Mapping[str, Any], key: str, *, required: bool = True) -> dt.date | None:
    text = _text(data, key)[:10]
    if not text:
        if required:
            raise NeedsReview(ReviewReason.INVALID, _("A date is missing."))
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise NeedsReview(ReviewReason.INVALID, _("« %(value)s » is not a date.") % {"value": text})


def _flag(data: Mapping[str, Any], key: str) -> bool:
    return _text(data, key).lower() in {"1", "true", "yes", "on"}


def _moment(day: dt.date) -> dt.datetime:
    """A point in time for a day known only by its date: midday, or now if earlier."""
    noon = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    return min(noon, timezone.now())


def committee_of(data: Mapping[str, Any]) -> Committee | None:
    pk = _int(data, "comite")
    if pk is None:
        return None
    # Which committee the form names, in or out of the sender's scope: it decides who
    # reviews the submission. Only the appliers below write to it, through the services.
    return Committee.objects.select_related("unit").filter(pk=pk).first()


def _committee(user: Any, data: Mapping[str, Any]) -> Committee:
    committee = committee_of(data)
    if committee is None:
        raise NeedsReview(
            ReviewReason.STALE_LIST, _("The committee chosen on the phone no longer exists.")
        )
    if not Committee.objects.visible_to(user, Action.CHANGE).filter(pk=committee.pk).exists():
        raise NeedsReview(
            ReviewReason.OUT_OF_SCOPE,
            _("%(committee)s is outside the territory of the person who sent it.")
            % {"committee": committee.name},
        )
    return committee


def _category(data: Mapping[str, Any], code: str) -> ConcernCategory:
    category = ConcernCategory.objects.filter(code=code, active=True).first()
    if category is None and _text(data, "_category"):
        category = ConcernCategory.objects.filter(code=_text(data, "_category")).first()
    if category is None:
        raise NeedsReview(
            ReviewReason.STALE_LIST,
            _("The category « %(code)s » is unknown or no longer used.") % {"code": code},
        )
    return category


def _file(attachments: Attachments, name: str) -> SubmissionAttachment:
    attachment = attachments.get(name)
    if attachment is None:
        raise NeedsReview(
            ReviewReason.INVALID, _("The photo %(name)s was not received.") % {"name": name}
        )
    return attachment


# --- The four forms ----------------------------------------------------------------------


def apply_session(*, user: Any, data: Mapping[str, Any], attachments: Attachments) -> dict:
    """A session with the presence of every active member (present, excused, else absent),
    the concerns raised and the recommendations adopted on each."""
    committee = _committee(user, data)
    held_on = _date(data, "date_seance")
    kind = _text(data, "type_seance") or SessionKind.ORDINARY
    if kind not in (SessionKind.ORDINARY, SessionKind.EXTRAORDINARY):
        raise NeedsReview(ReviewReason.INVALID, _("Unknown kind of session."))
    present, excused = _ids(data, "presents"), _ids(data, "excuses")
    active = set(active_members_on(committee, held_on).values_list("pk", flat=True))
    unknown = (present | excused) - active
    if unknown and not _flag(data, "_ignore_unknown_members"):
        raise NeedsReview(
            ReviewReason.UNKNOWN_MEMBER,
            ngettext(
                "%(n)s member ticked is not an active member of the committee on that date.",
                "%(n)s members ticked are not active members of the committee on that date.",
                len(unknown),
            )
            % {"n": len(unknown)},
        )
    if not _flag(data, "_record_anyway") and (
        Session.objects.filter(committee=committee, held_on=held_on, kind=kind).exists()
    ):
        raise NeedsReview(
            ReviewReason.ALREADY_RECORDED,
            _("A session of this committee on this date is already recorded."),
        )
    # Everything is read and checked before anything is written.
    concerns = []
    for row in data.get("preoccupations") or []:
        severity = _int(row, "gravite") or Severity.MEDIUM
        if severity not in Severity.values:
            severity = Severity.MEDIUM
        recommendations = []
        for rec in row.get("recommandations") or []:
            addressee = Addressee.objects.filter(pk=_int(rec, "destinataire")).first()
            if addressee is None and _int(data, "_addressee"):
                addressee = Addressee.objects.filter(pk=_int(data, "_addressee")).first()
            if addressee is None:
                raise NeedsReview(
                    ReviewReason.STALE_LIST, _("An addressee of a recommendation is unknown.")
                )
            recommendations.append((rec, addressee, _date(rec, "echeance", required=False)))
        concerns.append((row, _category(data, _text(row, "categorie")), severity, recommendations))

    attendance = {
        pk: Presence.PRESENT
        if pk in present
        else Presence.EXCUSED
        if pk in excused
        else Presence.ABSENT
        for pk in active
    }
    session = meetings_services.session_record(
        user=user,
        committee=committee,
        held_on=held_on,
        attendance=attendance,
        kind=kind,
        place=_text(data, "lieu"),
        agenda=_text(data, "ordre_du_jour"),
        chair=_text(data, "president"),
    )
    for row, category, severity, recommendations in concerns:
        concern = meetings_services.concern_register(
            user=user,
            committee=committee,
            category=category,
            title=_text(row, "titre") or category.name,
            source=ConcernSource.SESSION,
            received_on=held_on,
            received_at=_moment(held_on),
            description=_text(row, "description"),
            severity=severity,
            session=session,
        )
        for rec, addressee, due_on in recommendations:
            meetings_services.recommendation_adopt(
                user=user,
                session=session,
                text=_text(rec, "texte"),
                addressee=addressee,
                concerns=[concern],
                responsible=_text(rec, "responsable"),
                due_on=due_on,
            )
    return {"session": session}


def apply_step(*, user: Any, data: Mapping[str, Any], attachments: Attachments) -> dict:
    """Where a committee stands on a step, with the photos as its evidence. A step
    already done is not changed: the photos may be added to it once a reviewer agrees."""
    committee = _committee(user, data)
    record = (
        StepRecord.objects.select_related("step", "partner")
        .filter(pk=_int(data, "etape"), committee=committee)
        .first()
    )
    if record is None or record.step.version_id != committee.methodology_version_id:
        raise NeedsReview(
            ReviewReason.STALE_LIST, _("This step is not one of the committee's steps any more.")
        )
    status = _text(data, "statut")
    if status not in (StepStatus.IN_PROGRESS, StepStatus.DONE, StepStatus.BLOCKED):
        raise NeedsReview(ReviewReason.INVALID, _("Unknown status."))
    on = _date(data, "date_fait")
    photos_only = _flag(data, "_photos_only")
    if record.status == StepStatus.DONE and not photos_only:
        raise NeedsReview(
            ReviewReason.STEP_DONE,
            _("This step was already done on %(date)s.")
            % {"date": record.done_on.strftime("%d/%m/%Y") if record.done_on else "?"},
        )
    photos = [
        (row, _file(attachments, _text(row, "photo")))
        for row in data.get("photos") or []
        if _text(row, "photo")
    ]
    if not photos_only:
        notes = "\n".join(n for n in (record.notes.strip(), _text(data, "notes")) if n)
        record = rollout_services.step_record_update(
            user=user,
            record=record,
            status=status,
            actual_on=on,
            planned_on=record.planned_on,
            blocked_reason=_text(data, "raison_blocage"),
            responsible=record.responsible,
            partner=record.partner,
            notes=notes,
        )
    for row, attachment in photos:
        with attachment.file.open("rb") as handle:
            rollout_services.evidence_add(
                user=user,
                record=record,
                file=handle,
                name=attachment.name,
                description=_text(row, "legende"),
            )
    return {"step_record": record}


def apply_follow_up(*, user: Any, data: Mapping[str, Any], attachments: Attachments) -> dict:
    """A dated follow-up of a recommendation still open or in progress."""
    committee = _committee(user, data)
    recommendation = Recommendation.objects.filter(
        pk=_int(data, "recommandation"), session__committee=committee
    ).first()
    if recommendation is None or recommendation.status not in PENDING:
        raise NeedsReview(
            ReviewReason.STALE_LIST,
            _("This recommendation is unknown or no longer open on the platform."),
        )
    on = _date(data, "date_suivi")
    status = _text(data, "statut")
    proof = _text(data, "preuve")
    if proof:
        attachment = _file(attachments, proof)
        with attachment.file.open("rb") as handle:
            follow_up = meetings_services.recommendation_follow_up(
                user=user,
                recommendation=recommendation,
                on=on,
                status=status,
                note=_text(data, "note"),
                evidence=handle,
                evidence_name=attachment.name,
            )
    else:
        follow_up = meetings_services.recommendation_follow_up(
            user=user, recommendation=recommendation, on=on, status=status, note=_text(data, "note")
        )
    return {"follow_up": follow_up}


def commune_of(data: Mapping[str, Any]) -> AdministrativeUnit | None:
    pk = _int(data, "commune")
    if pk is None:
        return None
    return AdministrativeUnit.objects.filter(pk=pk, level=Level.COMMUNE).first()


def apply_citizen_concern(*, user: Any, data: Mapping[str, Any], attachments: Attachments) -> dict:
    """A citizen's concern taken down by a secretary: it becomes a citizen report of the
    field-form channel (tracking code, triage, the committee of its commune)."""
    commune = commune_of(data)
    if commune is None:
        raise NeedsReview(ReviewReason.STALE_LIST, _("The commune chosen on the phone is unknown."))
    try:
        ensure_unit_in_scope(user, commune, Action.TRIAGE)
    except PermissionDenied as error:
        raise NeedsReview(
            ReviewReason.OUT_OF_SCOPE,
            _("%(commune)s is outside the territory of the person who sent it.")
            % {"commune": commune.name},
        ) from error
    category = _category(data, _text(data, "categorie"))
    received_on = _date(data, "recu_le")
    if received_on > dates.today():
        raise NeedsReview(ReviewReason.INVALID, _("The date cannot be in the future."))
    try:
        report = citizens_services.report_submit(
            channel=Channel.FIELD_FORM,
            description=_text(data, "description"),
            category=category,
            commune=commune,
            place_detail=_text(data, "lieu_precis"),
            received_at=_moment(received_on),
        )
    except citizens_services.ReportRefused as refusal:
        raise NeedsReview(ReviewReason.INVALID, refusal.message) from refusal
    return {"citizen_report": report}


APPLIERS: dict[str, Callable[..., dict]] = {
    "seance_ccs": apply_session,
    "etape_ccs": apply_step,
    "suivi_recommandation": apply_follow_up,
    "preoccupation_citoyenne": apply_citizen_concern,
}


def unit_of(form_id: str, data: Mapping[str, Any]) -> AdministrativeUnit | None:
    """The unit that decides who reviews a submission of this form."""
    if form_id == "preoccupation_citoyenne":
        return commune_of(data)
    committee = committee_of(data)
    return committee.unit if committee else None
