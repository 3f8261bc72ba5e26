"""Background production of progress reports (PDF, DOCX, XLSX)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from siccs.core.worker import on_abandon
from siccs.dashboard.models import ProgressReport, ReportStatus

logger = logging.getLogger(__name__)


@task()
def report_generate(report_id: int) -> str:
    """Produce the three files of a report, saying how far it got on the way."""
    from siccs.dashboard.report import produce

    report = ProgressReport.objects.select_related("created_by", "region").filter(pk=report_id)
    report = report.first()
    if report is None or report.finished:
        return "skipped"

    def progress(percent: int) -> None:
        ProgressReport.objects.filter(pk=report_id).update(progress=percent)

    ProgressReport.objects.filter(pk=report_id).update(status=ReportStatus.RUNNING, progress=5)
    try:
        with translation.override(report.language):
            files = produce(
                user=report.created_by, on=report.on, region=report.region, progress=progress
            )
        with transaction.atomic():
            stem = f"etat-ccs-{report.on.isoformat()}-{report.language}"
            for fmt in ("pdf", "docx", "xlsx"):
                getattr(report, fmt).save(f"{stem}.{fmt}", ContentFile(files[fmt]), save=False)
            report.status = ReportStatus.DONE
            report.progress = 100
            report.finished_at = timezone.now()
            report.save(update_fields=["pdf", "docx", "xlsx", "status", "progress", "finished_at"])
    except Exception as error:
        logger.exception("Progress report %s failed", report_id)
        ProgressReport.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        return ReportStatus.FAILED
    return ReportStatus.DONE


@on_abandon(report_generate)
def report_abandoned(report_id: int, *, reason: Any) -> None:
    """The worker stopped under this report too many times: say so on its page."""
    report = ProgressReport.objects.filter(pk=report_id).exclude(status=ReportStatus.DONE)
    language = report.values_list("language", flat=True).first() or "fr"
    with translation.override(language):
        report.update(status=ReportStatus.FAILED, error=str(reason), finished_at=timezone.now())
