"""Background work of the territory: boundary imports run here, never inside a request.

A job runs twice: first to check the files and make the plan (nothing is written), then,
once a national administrator confirmed the plan, to write it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from siccs.core.scoping import Action, is_national
from siccs.core.tabular import reader
from siccs.core.worker import on_abandon
from siccs.territory.importers import import_boundaries
from siccs.territory.models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)


def _refused(message: str) -> tuple[str, dict[str, Any]]:
    return ImportStatus.REJECTED, {"errors": [{"where": "", "message": message}], "applied": False}


def _files(job: ImportJob) -> list[tuple[str, bytes]]:
    files = []
    for name, original in zip(job.files, job.original_names, strict=True):
        with default_storage.open(name, "rb") as handle:
            files.append((original, reader.read_capped(handle)))
    return files


def _plan(job: ImportJob) -> tuple[str, dict[str, Any]]:
    report = import_boundaries(_files(job), dry_run=True, repair=job.repair)
    if report["errors"]:
        return ImportStatus.REJECTED, report
    if job.dry_run or not report["writes"]:
        return ImportStatus.CHECKED, report  # a trial, or nothing to change
    return ImportStatus.PLANNED, report


def _write(job: ImportJob) -> tuple[str, dict[str, Any]]:
    report = import_boundaries(
        _files(job),
        user=job.confirmed_by,
        on=job.effective_on,
        reference=job.reference,
        baseline=job.baseline,
        decisions=job.decisions,
        repair=job.repair,
        expected_digest=job.report.get("digest", ""),
    )
    if report["applied"]:
        return ImportStatus.DONE, report
    if not report["errors"] and not report["needs"]:
        return ImportStatus.CHECKED, report  # nothing left to change
    # A changed territory, a missing decision or a date the plan cannot take: the person
    # looks at the new plan and confirms again.
    return ImportStatus.PLANNED, report


@task()
def import_job_run(job_id: int) -> str:
    """Check and plan the files of one job, or write its confirmed plan; its status and
    report say what happened."""
    job = ImportJob.objects.select_related("created_by", "confirmed_by").filter(pk=job_id).first()
    if job is None or job.finished:
        return "skipped"
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    confirming = job.confirmed
    author = job.confirmed_by if confirming else job.created_by
    with translation.override(job.language):
        # The person may have lost the role since the upload: check again now.
        if author is None or not is_national(author, Action.ADMINISTER):
            status, report = _refused(_("You are not allowed to import boundaries."))
        else:
            try:
                status, report = _write(job) if confirming else _plan(job)
            except reader.FileRefused as error:
                status, report = _refused(error.message)
            except Exception:
                logger.exception("Boundary import %s failed", job.pk)
                status, report = (
                    ImportStatus.FAILED,
                    {
                        "errors": [
                            {
                                "where": "",
                                "message": _(
                                    "The import stopped on an unexpected error; nothing was written."
                                    " The technical team has the details in the log."
                                ),
                            }
                        ],
                        "applied": False,
                    },
                )
    update: dict[str, Any] = {"status": status, "report": report, "finished_at": timezone.now()}
    if confirming and status == ImportStatus.PLANNED:
        update["confirmed_by"] = None  # to be confirmed again, on the new plan
    ImportJob.objects.filter(pk=job.pk).update(**update)
    return status


@on_abandon(import_job_run)
def import_job_abandoned(job_id: int, *, reason: Any) -> None:
    """The worker stopped under this import too many times: its page says it failed (an
    import writes in one transaction, so nothing was written)."""
    job = ImportJob.objects.filter(pk=job_id).exclude(
        status__in=[ImportStatus.DONE, ImportStatus.CHECKED, ImportStatus.REJECTED]
    )
    language = job.values_list("language", flat=True).first() or "fr"
    with translation.override(language):
        report = {"errors": [{"where": "", "message": str(reason)}], "applied": False}
    job.update(status=ImportStatus.FAILED, report=report, finished_at=timezone.now())
