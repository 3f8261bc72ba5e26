"""Periodic jobs, run by the task worker itself (no cron to install or forget).

An app adds a job in its own `periodic.py`, found at the worker's start:

    @periodic(name="citizens.purge_reports", label=_("..."), every=dt.timedelta(days=1))
    def purge_reports() -> str:
        return "12 reports anonymised"   # shown on the operations page

A run is claimed by one atomic UPDATE of the job's row (a lease, with its end date) and the
next due date is stored, so a job runs once per period however many workers there are, and
a restart does not run it again early. A worker that dies during a job leaves its lease to
expire; another worker then runs the job. A failed job is tried again sooner.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from siccs.core.models import JobOutcome, PeriodicJob

logger = logging.getLogger(__name__)

RETRY_FAILED_AFTER = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Job:
    name: str
    label: Any
    every: dt.timedelta
    function: Callable[[], str | None]
    lease: dt.timedelta


JOBS: dict[str, Job] = {}


def periodic(
    *, name: str, label: Any, every: dt.timedelta, lease: dt.timedelta | None = None
) -> Callable[[Callable[[], str | None]], Callable[[], str | None]]:
    """Register `function` to run every `every`; `lease` bounds how long a run may hold the
    job before another worker may take it over (default: the period, at most an hour)."""

    def register(function: Callable[[], str | None]) -> Callable[[], str | None]:
        JOBS[name] = Job(
            name=name,
            label=label,
            every=every,
            function=function,
            lease=lease or min(every, dt.timedelta(hours=1)),
        )
        return function

    return register


def discover() -> dict[str, Job]:
    autodiscover_modules("periodic")
    return JOBS


def run_due_jobs(*, worker_id: str, now: dt.datetime | None = None) -> list[str]:
    """Run, one after the other, the jobs due at `now` whose lease this worker obtains.
    Returns the names of the jobs run. Database errors propagate (the worker waits for the
    database); a job's own error is recorded as its outcome."""
    now = now or timezone.now()
    ran = []
    existing = set(PeriodicJob.objects.values_list("name", flat=True))
    for job in discover().values():
        if job.name not in existing:
            PeriodicJob.objects.get_or_create(name=job.name, defaults={"next_due_at": now})
        claimed = (
            PeriodicJob.objects.filter(name=job.name, next_due_at__lte=now)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
            .update(lease_owner=worker_id, lease_until=now + job.lease, last_started_at=now)
        )
        if not claimed:
            continue
        ran.append(job.name)
        try:
            message = job.function() or ""
            outcome = JobOutcome.OK
        except (OperationalError, InterfaceError):
            raise  # the database went away: the lease expires and the job runs again
        except Exception as error:
            logger.exception("Periodic job %s failed", job.name)
            message = f"{type(error).__name__}: {error}"
            outcome = JobOutcome.FAILED
        finished = timezone.now()
        delay = job.every if outcome == JobOutcome.OK else min(job.every, RETRY_FAILED_AFTER)
        PeriodicJob.objects.filter(name=job.name, lease_owner=worker_id).update(
            lease_owner="",
            lease_until=None,
            last_finished_at=finished,
            last_outcome=outcome,
            last_message=str(message)[:2000],
            next_due_at=finished + delay,
            runs=F("runs") + 1,
        )
    return ran


# --- The platform's own jobs ---------------------------------------------------------


@periodic(
    name="core.recover_abandoned_tasks",
    label=_("Take over tasks abandoned by a stopped worker"),
    # Twice per heartbeat window: a killed worker's task is queued again within a minute.
    every=dt.timedelta(seconds=max(1.0, settings.WORKER_HEARTBEAT_SECONDS / 2)),
    lease=dt.timedelta(minutes=2),
)
def recover_abandoned_tasks() -> str:
    from siccs.core.worker import recover_abandoned_tasks as recover

    retried, failed = recover()
    return f"{retried} retried, {failed} failed"


@periodic(
    name="core.clear_expired_sessions",
    label=_("Delete expired sessions"),
    every=dt.timedelta(hours=6),
)
def clear_expired_sessions() -> str:
    from django.contrib.sessions.models import Session

    deleted, _rows = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return f"{deleted} expired sessions deleted"


@periodic(
    name="core.prune_task_results",
    label=_("Delete old results of finished tasks"),
    every=dt.timedelta(days=1),
)
def prune_task_results() -> str:
    from django_tasks_db.models import DBTaskResult

    from siccs.core.models import WorkerHeartbeat

    limit = timezone.now() - dt.timedelta(days=settings.TASK_RESULT_RETENTION_DAYS)
    deleted, _rows = DBTaskResult.objects.finished().filter(finished_at__lt=limit).delete()
    gone, _rows = WorkerHeartbeat.objects.filter(
        seen_at__lt=timezone.now() - dt.timedelta(days=1)
    ).delete()
    return f"{deleted} task results and {gone} old worker heartbeats deleted"
