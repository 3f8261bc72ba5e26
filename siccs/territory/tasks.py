"""Background work of the territory: boundary imports run here, never inside a request."""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from siccs.accounts.scoping import Action, is_national
from siccs.core.tabular import reader
from siccs.territory.importers import import_boundaries
from siccs.territory.models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)


@task()
def import_job_run(job_id: int) -> str:
    """Validate and import the files of one job; its status and report say what happened."""
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.finished:
        return "skipped"
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    with translation.override(job.language):
        # The person may have lost the role since the upload: check again now.
        if job.created_by is None or not is_national(job.created_by, Action.ADMINISTER):
            status, report = (
                ImportStatus.REJECTED,
                {
                    "errors": [
                        {"where": "", "message": _("You are not allowed to import boundaries.")}
                    ],
                    "applied": False,
                },
            )
        else:
            try:
                files = []
                for name, original in zip(job.files, job.original_names, strict=True):
                    with default_storage.open(name, "rb") as handle:
                        files.append((original, reader.read_capped(handle)))
                report = import_boundaries(files, user=job.created_by, dry_run=job.dry_run)
            except reader.FileRefused as error:
                status, report = (
                    ImportStatus.REJECTED,
                    {"errors": [{"where": "", "message": error.message}], "applied": False},
                )
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
            else:
                if report["errors"]:
                    status = ImportStatus.REJECTED
                elif job.dry_run:
                    status = ImportStatus.CHECKED
                else:
                    status = ImportStatus.DONE
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, report=report, finished_at=timezone.now()
    )
    return status
