"""Writing the setting-up of committees: step records, evidence, methodology versions.

Every write is scoped (re-checked inside its transaction), validated and audited.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from siccs.accounts.scoping import Action, ensure_unit_in_scope, user_has_action
from siccs.audit.services import audit_record, snapshot
from siccs.core import dates
from siccs.core.dates import ensure_plausible
from siccs.core.errors import DomainError
from siccs.rollout import evidence as sniffing
from siccs.rollout.models import (
    Evidence,
    MethodologyStep,
    MethodologyVersion,
    StepRecord,
    StepStatus,
    committee_model,
)

if TYPE_CHECKING:
    from siccs.committees.models import Committee

# --- Step records --------------------------------------------------------------------


def _dates_for(
    record: StepRecord, status: str, actual_on: dt.date | None, today: dt.date
) -> dict[str, dt.date | None]:
    """The dated facts that make the status readable at any past date.

    `actual_on` is the date of the fact the status reports (start, completion or blockage);
    without it, the date already known is kept, or today's."""
    started, done, blocked = record.started_on, record.done_on, record.blocked_on
    if status == StepStatus.PLANNED:
        return {"started_on": None, "done_on": None, "blocked_on": None}
    if status == StepStatus.IN_PROGRESS:
        started = actual_on or started or today
        return {"started_on": started, "done_on": None, "blocked_on": None}
    if status == StepStatus.DONE:
        done = actual_on or done or today
        started = started if started and started <= done else done
        return {"started_on": started, "done_on": done, "blocked_on": None}
    if status == StepStatus.BLOCKED:
        blocked = actual_on or blocked or today
        started = started if started and started <= blocked else None
        return {"started_on": started, "done_on": None, "blocked_on": blocked}
    return {"started_on": None, "done_on": None, "blocked_on": None}  # not applicable


@transaction.atomic
def step_record_update(
    *,
    user: Any,
    record: StepRecord,
    status: str,
    actual_on: dt.date | None = None,
    planned_on: dt.date | None = None,
    blocked_reason: str = "",
    responsible: str = "",
    partner: Any = None,
    notes: str = "",
    today: dt.date | None = None,
    evidence: IO[bytes] | None = None,
    evidence_name: str = "",
    evidence_description: str = "",
) -> StepRecord:
    """Record where a committee stands on a step; a blockage needs its reason, and no
    fact can be dated in the future. A proof sent with it is checked before anything is
    written, and saved in the same transaction: a refused file changes nothing."""
    record = (
        StepRecord.objects.select_for_update().select_related("committee__unit").get(pk=record.pk)
    )
    ensure_unit_in_scope(user, record.committee.unit)
    if evidence is not None:
        _evidence_kind(evidence)
    today = today or dates.today()
    if status not in StepStatus.values:
        raise DomainError(_("Unknown status."), field="status")
    if actual_on and actual_on > today:
        raise DomainError(_("A fact cannot be dated in the future."), field="actual_on")
    if status == StepStatus.BLOCKED and not blocked_reason.strip():
        raise DomainError(_("Say why the step is blocked."), field="blocked_reason")
    before = snapshot(record)
    record.status = status
    for name, value in _dates_for(record, status, actual_on, today).items():
        setattr(record, name, value)
    record.planned_on = planned_on
    record.blocked_reason = blocked_reason.strip() if status == StepStatus.BLOCKED else ""
    record.responsible = responsible.strip()
    record.partner = partner
    record.notes = notes
    record.updated_by = user if getattr(user, "is_authenticated", False) else None
    record.full_clean()
    record.save()
    audit_record(user=user, obj=record, verb="update", before=before)
    if evidence is not None:
        evidence_add(
            user=user,
            record=record,
            file=evidence,
            name=evidence_name,
            description=evidence_description,
        )
    return record


def _evidence_kind(file: IO[bytes]) -> tuple[int, tuple[str, str]]:
    """(size, (content type, extension)) of an acceptable proof, or a DomainError. The
    upload handler already stopped reading past the limit (`siccs.core.uploads`)."""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    if size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            _("The file is too large (at most %(mb)s MB).")
            % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024) or 1},
            field="file",
        )
    if size == 0:
        raise DomainError(_("The file is empty."), field="file")
    kind = sniffing.sniff(file)
    if kind is None:
        raise DomainError(_("Only PDF, JPEG, PNG, XLSX and DOCX files are accepted."), field="file")
    return size, kind


@transaction.atomic
def evidence_add(
    *, user: Any, record: StepRecord, file: IO[bytes], name: str, description: str = ""
) -> Evidence:
    """Attach a proof to a step: PDF, JPEG, PNG, XLSX or DOCX recognised by content, no
    larger than UPLOAD_MAX_BYTES, stored in private storage under a generated name."""
    record = StepRecord.objects.select_related("committee__unit").get(pk=record.pk)
    ensure_unit_in_scope(user, record.committee.unit)
    size, (content_type, extension) = _evidence_kind(file)
    evidence = Evidence(
        record=record,
        original_name=download_name(name, extension),
        content_type=content_type,
        size=size,
        description=description.strip(),
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    # The stored name is ours: what the user called the file never reaches the disk.
    evidence.file.save(f"{uuid.uuid4().hex}.{extension}", File(file), save=False)
    evidence.save()
    audit_record(user=user, obj=evidence, verb="create")
    return evidence


def download_name(name: str, extension: str) -> str:
    """The name a proof is downloaded under: the sender's name with the extension of what
    the file really is (a PDF sent as `liste.xlsx` comes back as `liste.pdf`)."""
    stem = PurePath(name or "").stem.strip() or "piece"
    return f"{stem[: 250 - len(extension)]}.{extension}"


# --- Methodology versions ------------------------------------------------------------


def _ensure_admin(user: Any) -> None:
    if not user_has_action(user, Action.ADMINISTER):
        raise PermissionDenied


def _ensure_draft(version: MethodologyVersion) -> None:
    if version.is_published:
        raise DomainError(_("A published version is frozen: create a new draft."))


STEP_FIELDS = (
    "code",
    "name",
    "name_en",
    "description",
    "description_en",
    "expected_days",
    "evidence_expected",
    "required",
    "marks_installation",
)


@transaction.atomic
def methodology_draft_create(*, user: Any, methodology: Any) -> MethodologyVersion:
    """A new draft version, copied from the latest version; one draft at a time."""
    _ensure_admin(user)
    versions = MethodologyVersion.objects.select_for_update().filter(methodology=methodology)
    if versions.filter(is_published=False).exists():
        raise DomainError(_("A draft already exists: edit it or publish it first."))
    latest = versions.order_by("-number").first()
    draft = MethodologyVersion.objects.create(
        methodology=methodology, number=(latest.number + 1) if latest else 1
    )
    if latest:
        MethodologyStep.objects.bulk_create(
            MethodologyStep(version=draft, order=s.order, **{f: getattr(s, f) for f in STEP_FIELDS})
            for s in latest.steps.order_by("order")
        )
    audit_record(user=user, obj=draft, verb="create")
    return draft


def _clean_step(step: MethodologyStep) -> None:
    from django.core.exceptions import ValidationError

    try:
        step.full_clean()
    except ValidationError as error:
        if "__all__" in error.message_dict:
            raise DomainError(
                _("Another step of this version has this code."), field="code"
            ) from error
        field_name, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=field_name) from error


@transaction.atomic
def methodology_step_save(
    *, user: Any, version: MethodologyVersion, step: MethodologyStep | None = None, **values: Any
) -> MethodologyStep:
    """Add a step at the end of a draft, or change one of its steps."""
    _ensure_admin(user)
    _ensure_draft(version)
    if step is None:
        last = version.steps.aggregate(m=Max("order"))["m"] or 0
        step = MethodologyStep(version=version, order=last + 1)
        before = None
    else:
        before = snapshot(step)
    for name, value in values.items():
        if name not in STEP_FIELDS:
            raise DomainError(_("This field cannot be changed here."), field=name)
        setattr(step, name, value)
    _clean_step(step)
    step.save()
    audit_record(user=user, obj=step, verb="update" if before else "create", before=before)
    return step


@transaction.atomic
def methodology_step_move(*, user: Any, step: MethodologyStep, direction: int) -> None:
    """Swap a draft step with its neighbour (`direction` -1 up, +1 down)."""
    _ensure_admin(user)
    _ensure_draft(step.version)
    steps = list(step.version.steps.select_for_update().order_by("order"))
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    other_index = index + direction
    if not 0 <= other_index < len(steps):
        return
    first, second = steps[index], steps[other_index]
    # Two steps cannot share an order, even for a moment: park one out of the way.
    first_order, second_order = first.order, second.order
    top = max(s.order for s in steps) + 1
    MethodologyStep.objects.filter(pk=first.pk).update(order=top)
    MethodologyStep.objects.filter(pk=second.pk).update(order=first_order)
    MethodologyStep.objects.filter(pk=first.pk).update(order=second_order)
    audit_record(
        user=user,
        obj=first,
        verb="reorder",
        before={"order": first_order},
        after={"order": second_order},
    )


@transaction.atomic
def methodology_step_delete(*, user: Any, step: MethodologyStep) -> None:
    _ensure_admin(user)
    _ensure_draft(step.version)
    audit_record(user=user, obj=step, verb="delete", before=snapshot(step), after={})
    step.delete()


@transaction.atomic
def methodology_publish(
    *, user: Any, version: MethodologyVersion, notes: str = "", today: dt.date | None = None
) -> MethodologyVersion:
    """Freeze a draft; new committees follow it, existing ones keep their version."""
    _ensure_admin(user)
    _ensure_draft(version)
    steps = list(version.steps.all())
    if not steps:
        raise DomainError(_("A version needs at least one step."))
    if sum(1 for s in steps if s.marks_installation) != 1:
        raise DomainError(_("Exactly one step must mark the installation."))
    before = snapshot(version)
    version.is_published = True
    version.published_on = today or dates.today()
    if notes:
        version.notes = notes
    version.save()
    audit_record(user=user, obj=version, verb="publish", before=before)
    return version


def migration_plan(
    committee: Committee, target: MethodologyVersion
) -> dict[str, list[tuple[Any, Any]]]:
    """How a committee's records map onto `target`, by step code: shown before applying.

    `kept`: (record, new step); `new`: (None, new step) gets a planned record;
    `left`: (record, None) stays attached to the old step, as history."""
    records = {
        r.step.code: r
        for r in committee.step_records.select_related("step").filter(
            step__version=committee.methodology_version
        )
    }
    plan: dict[str, list[tuple[Any, Any]]] = {"kept": [], "new": [], "left": []}
    for step in target.steps.order_by("order"):
        record = records.pop(step.code, None)
        plan["kept" if record else "new"].append((record, step))
    plan["left"] = [(r, None) for r in sorted(records.values(), key=lambda r: r.step.order)]
    return plan


@transaction.atomic
def committee_migrate_version(
    *,
    user: Any,
    committee: Committee,
    target: MethodologyVersion,
    planned: dict[int, dt.date] | None = None,
) -> Committee:
    """Move a committee to another published version of its methodology, records mapped by
    step code; nothing is deleted, so the history of dates is preserved. The steps the
    move adds get the planned dates given (`planned`: step id → date): a step without one
    would never show as due or overdue."""
    committees = committee_model().objects
    committee = committees.select_for_update().select_related("unit").get(pk=committee.pk)
    ensure_unit_in_scope(user, committee.unit)
    if not committees.visible_to(user, Action.ADMINISTER).filter(pk=committee.pk).exists():
        raise PermissionDenied
    if not target.is_published:
        raise DomainError(_("Publish the version before moving committees to it."))
    if target.pk == committee.methodology_version_id:
        raise DomainError(_("The committee already follows this version."))
    if target.methodology_id != committee.methodology_version.methodology_id:
        raise DomainError(_("This version belongs to another methodology."))
    plan = migration_plan(committee, target)
    before = snapshot(committee)
    for record, step in plan["kept"]:
        record_before = snapshot(record)
        record.step = step
        record.save(update_fields=["step", "updated_at"])
        audit_record(user=user, obj=record, verb="migrate", before=record_before)
    planned = planned or {}
    for day in planned.values():
        ensure_plausible(day, field="planned_on")
    StepRecord.objects.bulk_create(
        StepRecord(committee=committee, step=step, planned_on=planned.get(step.pk))
        for _record, step in plan["new"]
    )
    committee.methodology_version = target
    committee.save(update_fields=["methodology_version"])
    audit_record(user=user, obj=committee, verb="migrate", before=before)
    return committee
