"""Writes of the field forms: app passwords, receiving submissions, applying them or
holding them for review, and the reviewers' decisions.

Every submission is stored before anything is applied, so that nothing sent from the
field is lost; its application runs in a savepoint, whole or not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siccs.accounts.scoping import Action, can, user_has_action
from siccs.audit.services import audit_record, snapshot
from siccs.core.errors import DomainError
from siccs.fieldforms import appliers, auth, openrosa
from siccs.fieldforms.models import (
    AppCredential,
    ReviewReason,
    Submission,
    SubmissionAttachment,
    SubmissionSource,
    SubmissionStatus,
)
from siccs.fieldforms.xforms import FieldForm
from siccs.rollout import evidence as sniffing

MAX_ACTIVE_CREDENTIALS = 10
# Photos are what field forms attach: recognised by their content, never their name.
ATTACHMENT_KINDS = (sniffing.JPEG, sniffing.PNG)


# --- App passwords ---------------------------------------------------------------------


@transaction.atomic
def app_credential_create(*, user: Any, label: str) -> tuple[AppCredential, str]:
    """A new app password for ODK Collect; the password is returned once and never stored."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    label = label.strip()
    if not label:
        raise DomainError(_("Name the phone this password is for."), field="label")
    active = AppCredential.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    if active.count() >= MAX_ACTIVE_CREDENTIALS:
        raise DomainError(
            _("At most %(n)s app passwords at a time: revoke one you no longer use.")
            % {"n": MAX_ACTIVE_CREDENTIALS}
        )
    password = auth.new_password()
    credential = AppCredential(
        user=user,
        label=label[:100],
        username=user.username,
        secret_hash=auth.secret_hash(password),
        digest_ha1=auth.digest_ha1(user.username, password),
    )
    credential.full_clean()
    credential.save()
    audit_record(user=user, obj=credential, verb="create")
    return credential, password


@transaction.atomic
def app_credential_revoke(*, user: Any, credential: AppCredential) -> AppCredential:
    """A lost or passed-on phone loses its access at once; revoking twice changes nothing."""
    credential = AppCredential.objects.select_for_update().get(pk=credential.pk)
    if credential.user_id != user.pk:
        raise PermissionDenied
    if credential.revoked_at is None:
        before = snapshot(credential)
        credential.revoked_at = timezone.now()
        credential.save(update_fields=["revoked_at"])
        audit_record(user=user, obj=credential, verb="revoke", before=before)
    return credential


# --- Receiving -------------------------------------------------------------------------


class SubmissionRefused(Exception):
    """Refused as a whole, before anything is stored: answered with an OpenRosa error."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Outcome:
    submission: Submission
    # "applied", "review", "receiving", "duplicate"
    result: str


def _size(file: Any) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    return size


def _checked_attachments(form: FieldForm, data: dict, files: Iterable[Any]) -> list[Any]:
    """The photos the instance refers to, each no larger than UPLOAD_MAX_BYTES and
    recognised as JPEG or PNG by its content; anything else refuses the submission."""
    wanted = openrosa.attachment_names(form, data)
    accepted = []
    for file in files:
        if file.name not in wanted:
            continue  # a file the instance does not mention has nothing to attach to
        size = _size(file)
        if size > settings.UPLOAD_MAX_BYTES:
            raise SubmissionRefused(
                _("The file %(name)s is too large (at most %(mb)s MB).")
                % {"name": file.name, "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024) or 1},
                status=413,
            )
        kind = sniffing.sniff(file) if size else None
        if kind not in ATTACHMENT_KINDS:
            raise SubmissionRefused(
                _("The file %(name)s is not a photo (JPEG or PNG).") % {"name": file.name},
                status=415,
            )
        accepted.append((file, size, kind))
    return accepted


def _store_attachments(submission: Submission, accepted: list[Any]) -> None:
    present = set(submission.attachments.values_list("name", flat=True))
    for file, size, (content_type, extension) in accepted:
        if file.name in present:
            continue  # sent again with a later part of the same submission
        attachment = SubmissionAttachment(
            submission=submission, name=file.name[:255], content_type=content_type, size=size
        )
        # The stored name is ours: what the phone called the file never reaches the disk.
        attachment.file.save(f"{uuid.uuid4().hex}.{extension}", File(file), save=False)
        attachment.save()
        present.add(file.name)


@transaction.atomic
def submission_receive(
    *,
    user: Any,
    xml: bytes,
    files: Iterable[Any] = (),
    incomplete: bool = False,
    credential: AppCredential | None = None,
) -> Outcome:
    """Take one submission from ODK Collect: store it with its photos, then apply it as
    its sender, or hold it for review. The same instance sent again creates nothing; an
    instance sent in several parts (`*isIncomplete*`) is applied once its last part came."""
    try:
        instance = openrosa.parse_instance(xml)
    except openrosa.InstanceError as error:
        messages = {
            404: _("This form is not one of the platform's forms."),
            413: _("The form's data are too large."),
        }
        raise SubmissionRefused(
            messages.get(error.status, _("The form's data could not be read.")),
            status=error.status,
        ) from error
    form = instance.form
    if not user_has_action(user, form.action):
        raise SubmissionRefused(_("Your account may not send this form."), status=403)
    accepted = _checked_attachments(form, instance.data, files)
    text = xml.decode("utf-8", "replace")

    existing = (
        Submission.objects.select_for_update().filter(instance_id=instance.instance_id).first()
    )
    if existing is not None:
        if existing.status != SubmissionStatus.RECEIVING or existing.submitted_by_id != user.pk:
            if existing.xml and existing.xml != text and existing.submitted_by_id == user.pk:
                raise SubmissionRefused(
                    _("Another submission with the same instance ID was already received."),
                    status=409,
                )
            return Outcome(existing, "duplicate")
        _store_attachments(existing, accepted)
        if incomplete:
            return Outcome(existing, "receiving")
        return Outcome(existing, _process(existing, user=user))

    submission = Submission(
        form_id=form.form_id,
        form_version=instance.version,
        instance_id=instance.instance_id,
        deprecated_id=instance.deprecated_id,
        source=SubmissionSource.OPENROSA,
        submitted_by=user,
        credential=credential,
        xml=text,
        data=instance.data,
        unit=appliers.unit_of(form.form_id, instance.data),
        status=SubmissionStatus.RECEIVING,
    )
    submission.save()
    _store_attachments(submission, accepted)
    audit_record(user=user, obj=submission, verb="receive")
    if incomplete:
        return Outcome(submission, "receiving")
    return Outcome(submission, _process(submission, user=user))


def _process(submission: Submission, *, user: Any) -> str:
    """Apply as `user` (the sender, or the reviewer) in a savepoint; hold for review what
    the services refuse. Returns "applied" or "review"."""
    before = snapshot(submission)
    submission.unit = appliers.unit_of(submission.form_id, submission.data)
    reason, detail, result = "", "", {}
    if (
        submission.deprecated_id
        and submission.status == SubmissionStatus.RECEIVING
        and Submission.objects.filter(instance_id=submission.deprecated_id).exists()
    ):
        reason = ReviewReason.CORRECTION
        detail = _("Edited on the phone after it was sent: compare with the first submission.")
    else:
        attachments = {a.name: a for a in submission.attachments.all()}
        try:
            with transaction.atomic():
                result = appliers.APPLIERS[submission.form_id](
                    user=user, data=submission.data, attachments=attachments
                )
        except appliers.NeedsReview as review:
            reason, detail = review.reason, review.message
        except DomainError as error:
            reason, detail = ReviewReason.INVALID, error.message
        except PermissionDenied:
            reason = ReviewReason.OUT_OF_SCOPE
            detail = _("Outside the territory of the person who applied it.")
    if reason:
        submission.status = SubmissionStatus.IN_REVIEW
        submission.reason, submission.detail = reason, detail
    else:
        submission.status = SubmissionStatus.APPLIED
        submission.reason, submission.detail = "", ""
        for name, obj in result.items():
            setattr(submission, name, obj)
    submission.save()
    verb = "apply" if submission.status == SubmissionStatus.APPLIED else "hold"
    audit_record(user=user, obj=submission, verb=verb, before=before, reason=reason)
    return "applied" if submission.status == SubmissionStatus.APPLIED else "review"


# --- Review ----------------------------------------------------------------------------


def _reviewable(user: Any, submission: Submission) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not can(user, Action.REVIEW, submission):
        raise PermissionDenied
    if submission.status != SubmissionStatus.IN_REVIEW:
        raise DomainError(_("This submission was already decided."))
    return submission


@transaction.atomic
def submission_apply(*, user: Any, submission: Submission, fixes: Mapping[str, Any]) -> Submission:
    """A reviewer's fix (the committee, a date, what to do with unknown members...) and a
    new attempt, as the reviewer, through the same services. What is still refused stays
    in the queue with its new reason."""
    submission = _reviewable(user, submission)
    data = dict(submission.data)
    for key, value in fixes.items():
        if value in (None, "", False):
            data.pop(key, None)
        elif value is True:
            data[key] = "1"
        else:
            data[key] = str(value.pk if hasattr(value, "pk") else value)
    submission.data = data
    if _process(submission, user=user) == "applied":
        Submission.objects.filter(pk=submission.pk).update(
            decided_by=user, decided_at=timezone.now()
        )
        submission.refresh_from_db()
    return submission


@transaction.atomic
def submission_reject(*, user: Any, submission: Submission, note: str) -> Submission:
    """Set a submission aside for good, saying why; it stays readable in the queue's history."""
    submission = _reviewable(user, submission)
    note = note.strip()
    if not note:
        raise DomainError(_("Say why the submission is rejected."), field="note")
    before = snapshot(submission)
    submission.status = SubmissionStatus.REJECTED
    submission.decided_by = user
    submission.decided_at = timezone.now()
    submission.decision_note = note
    submission.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(user=user, obj=submission, verb="reject", before=before, reason=note[:255])
    return submission


# --- Imports from KoboToolbox and ODK Central --------------------------------------------


@dataclass
class ImportReport:
    applied: int = 0
    review: int = 0
    duplicates: int = 0
    submissions: list[Submission] | None = None


@transaction.atomic
def submissions_import(*, user: Any, form: FieldForm, content: bytes) -> ImportReport:
    """Import an export of one of our forms: every row is checked first (a row without
    its instance ID refuses the file), then each instance is stored and applied like one
    sent by a phone, or held for review; instances already received are skipped."""
    from siccs.fieldforms import imports

    if not user_has_action(user, form.action):
        raise PermissionDenied
    try:
        rows = imports.rows_of(form, imports.read_tables(content))
    except imports.ImportFileError as error:
        raise DomainError(str(error), field="file") from error
    if not rows:
        raise DomainError(_("The file has no row."), field="file")
    missing = [row.line for row in rows if not row.instance_id or len(row.instance_id) > 100]
    if missing:
        raise DomainError(
            _("Rows without an instance ID (meta/instanceID, KEY or _uuid): %(rows)s")
            % {"rows": ", ".join(missing[:10])},
            field="file",
        )
    ids = [row.instance_id for row in rows]
    if len(set(ids)) != len(ids):
        raise DomainError(_("The same instance ID appears on two rows."), field="file")
    for row in rows:
        _drop_images(form, row.data)
    report = ImportReport(submissions=[])
    known = set(
        Submission.objects.filter(instance_id__in=ids).values_list("instance_id", flat=True)
    )
    for row in rows:
        if row.instance_id in known:
            report.duplicates += 1
            continue
        submission = Submission.objects.create(
            form_id=form.form_id,
            form_version=form.version(),
            instance_id=row.instance_id,
            source=SubmissionSource.CSV,
            submitted_by=user,
            data=row.data,
            unit=appliers.unit_of(form.form_id, row.data),
            status=SubmissionStatus.RECEIVING,
        )
        audit_record(user=user, obj=submission, verb="import")
        if _process(submission, user=user) == "applied":
            report.applied += 1
        else:
            report.review += 1
        report.submissions.append(submission)
    return report


def _drop_images(form: FieldForm, values: dict[str, Any]) -> None:
    """Exports name photos they do not carry: the rows are imported without them."""
    for key in list(values):
        if key in form.images:
            values.pop(key)
        elif isinstance(values[key], list):
            for row in values[key]:
                _drop_images(form, row)
