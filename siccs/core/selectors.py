"""Reads of the platform's own state, for the operations page of national administrators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from siccs.core.models import PeriodicJob, WorkerHeartbeat
from siccs.core.periodic import discover
from siccs.core.worker import worker_state


def operations_status(now: dt.datetime | None = None) -> dict[str, Any]:
    """Workers seen in the last day with their state, each periodic job with its last run,
    task counts by status, and the tasks now running or lately failed."""
    now = now or timezone.now()
    workers = [
        {"beat": beat, "state": worker_state(beat, now)}
        for beat in WorkerHeartbeat.objects.filter(
            seen_at__gte=now - dt.timedelta(days=1)
        ).order_by("-seen_at")
    ]
    rows = {job.name: job for job in PeriodicJob.objects.all()}
    jobs = [
        {"job": job, "row": rows.get(name), "late": _late(rows.get(name), now)}
        for name, job in sorted(discover().items())
    ]
    counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "now": now,
        "workers": workers,
        "jobs": jobs,
        "counts": counts,
        "running": DBTaskResult.objects.running().order_by("started_at")[:20],
        "failed": DBTaskResult.objects.failed().order_by("-finished_at")[:20],
        "heartbeat_seconds": settings.WORKER_HEARTBEAT_SECONDS,
    }


def _late(row: PeriodicJob | None, now: dt.datetime) -> bool:
    """A job overdue by more than a few minutes: no worker runs the periodic jobs."""
    if row is None or row.next_due_at is None:
        return row is None
    return row.next_due_at < now - dt.timedelta(minutes=5)
