"""Background work of the committees: imports of committees, step records and members
run here, never inside a request (a file of 2,000 rows would hold a web worker for
minutes on the shared machine, and mobile requests time out).

An import runs twice: first to check every row and make the line-by-line preview
(nothing is written), then, once its author confirmed, to check again against the data
as it is now and write everything in one transaction.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from siccs.committees.imports import Report, run_import
from siccs.committees.models import CommitteeImport, ImportStatus
from siccs.core.tabular.reader import read_capped
from siccs.core.worker import on_abandon

logger = logging.getLogger(__name__)


def _forget_file(job: CommitteeImport) -> None:
    """Once an import is finished its file is of no use, and it may hold members' names."""
    if job.file:
        default_storage.delete(job.file)


@task()
def committee_import_run(committee_import_id: int) -> str:
    """Check one import (its preview), or write it once confirmed; its status, progress
    and report say how far it got and what happened."""
    job = CommitteeImport.objects.select_related("created_by").filter(pk=committee_import_id)
    job = job.first()
    if job is None or not job.busy:
        return "skipped"
    writing = job.status == ImportStatus.WRITING
    last = [-1]

    def progress(percent: int) -> None:
        # Of the rows checked; a confirmed file is written at the end, in one transaction.
        if percent >= last[0] + 5:
            last[0] = percent
            CommitteeImport.objects.filter(pk=job.pk).update(progress=min(percent, 99))

    with translation.override(job.language):
        try:
            with default_storage.open(job.file, "rb") as handle:
                data = read_capped(handle)
            report = run_import(
                user=job.created_by, kind=job.kind, data=data, apply=writing, progress=progress
            )
        except Exception:
            logger.exception("Committee import %s failed", job.pk)
            report = Report(
                file_error=_(
                    "The import stopped on an unexpected error; nothing was written."
                    " The technical team has the details in the log."
                )
            )
            status = ImportStatus.FAILED
        else:
            if not report.ok:
                status = ImportStatus.REJECTED
            elif writing:
                status = ImportStatus.DONE
            else:
                status = ImportStatus.READY
    update: dict[str, Any] = {"status": status, "report": report.as_json(), "progress": 100}
    if status != ImportStatus.READY:
        update["finished_at"] = timezone.now()
        _forget_file(job)
        update["file"] = ""
    CommitteeImport.objects.filter(pk=job.pk).update(**update)
    return status


@on_abandon(committee_import_run)
def committee_import_abandoned(committee_import_id: int, *, reason: Any) -> None:
    """The worker stopped under this import too many times: its page says it failed (the
    writing is one transaction, so nothing was written)."""
    job = CommitteeImport.objects.filter(pk=committee_import_id).first()
    if job is None or not job.busy:
        return
    with translation.override(job.language):
        report = Report(file_error=str(reason))
    _forget_file(job)
    CommitteeImport.objects.filter(pk=job.pk).update(
        status=ImportStatus.FAILED, report=report.as_json(), finished_at=timezone.now(), file=""
    )
