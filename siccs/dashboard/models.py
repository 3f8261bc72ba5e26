"""Progress reports ("État de mise en place des CCS au <date>") produced by the task worker.

Figures are never stored here: a report keeps the parameters it was made with (date,
language, territory) and the files produced from them, so that it can be downloaded
again exactly as it was presented.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from siccs.accounts.scoping import Action, ScopedQuerySet
from siccs.core.dates import PlausibleDateModelField


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being produced")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class ProgressReportQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any, action: str | None = None) -> ProgressReportQuerySet:
        """Reports on a territory in the user's scope, and the user's own reports
        (a partner viewer's report covers only what that partner supports)."""
        scoped = super().visible_to(user, action)
        if getattr(user, "is_authenticated", False) and user.is_active:
            return self.filter(Q(pk__in=scoped.values("pk")) | Q(created_by=user))
        return scoped


def report_path(instance: ProgressReport, filename: str) -> str:
    return f"reports/{instance.pk}/{filename}"


class ProgressReport(models.Model):
    on = PlausibleDateModelField(_("as of"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="fr"
    )
    # The territory covered: the region chosen, or the widest unit of the requester.
    unit = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "territory.AdministrativeUnit",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    pdf = models.FileField(upload_to=report_path, blank=True)
    docx = models.FileField(upload_to=report_path, blank=True)
    xlsx = models.FileField(upload_to=report_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ProgressReportQuerySet.as_manager()
    scope_unit = "unit"
    scope_view_action = Action.VIEW

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)
