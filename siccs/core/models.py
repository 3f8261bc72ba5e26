"""Platform plumbing: the task workers' heartbeats and the periodic jobs they run."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkerHeartbeat(models.Model):
    """Written by `manage.py worker` every few seconds; /healthz and the operations page
    read it, and the recovery of abandoned tasks asks it whether a task's worker lives."""

    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()
    hostname = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # When the main loop last looked for work: a beating worker whose loop stopped turning
    # outside a task is stuck.
    loop_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    task_name = models.CharField(max_length=200, blank=True)
    task_started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.worker_id} @ {self.seen_at:%H:%M:%S}"


class JobOutcome(models.TextChoices):
    OK = "ok", pgettext_lazy("periodic job outcome", "done")
    FAILED = "failed", pgettext_lazy("periodic job outcome", "failed")


class PeriodicJob(models.Model):
    """The last run of one periodic job (siccs.core.periodic) and when it is due again.

    `lease_owner`/`lease_until` are taken by one atomic UPDATE before a run, so that two
    workers never run the same job at once; `next_due_at` is stored, so a restart does
    not run a job again before its time."""

    name = models.CharField(max_length=100, unique=True)
    next_due_at = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_outcome = models.CharField(
        _("outcome"), max_length=10, choices=JobOutcome.choices, blank=True
    )
    last_message = models.TextField(_("message"), blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
