"""The preview of the automatic campaigns: what the next run of each periodic job would
send, computed by the jobs' own functions in a dry run (services.dry_run: no Delivery
written, nothing sent), so that the national administrator reads the real thing before
the worker sends it.

The escalation job also writes its Escalation rows (and their audit entries): inside the
dry run they are rolled back with the rest, so the preview shows its messages too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from siccs.core.models import PeriodicJob
from siccs.core.periodic import JOBS
from siccs.notifications import digest, escalation, reminders, services
from siccs.notifications import periodic as _registers_the_jobs  # noqa: F401  (JOBS)
from siccs.notifications.models import DeliveryState, MessageTemplate, Purpose

# Recipients listed by purpose; the others are counted.
RECIPIENTS_LISTED = 20


@dataclass
class PurposePreview:
    purpose: str
    label: str
    enabled: bool
    messages: int = 0
    queued: int = 0
    recipients: list[str] = field(default_factory=list)
    more: int = 0
    sample: str = ""


@dataclass
class JobPreview:
    name: str
    label: Any
    at: dt.datetime
    purposes: list[PurposePreview]


def _next_run(name: str, now: dt.datetime) -> dt.datetime:
    """When the worker runs the job next: its stored due date, or now when it is due."""
    due = PeriodicJob.objects.filter(name=name).values_list("next_due_at", flat=True).first()
    return max(now, due) if due else now


def _next_digest_run(at: dt.datetime) -> dt.datetime:
    """The first run on the digest's weekday (template days, 0 = Monday): the runs of
    other days send no digest."""
    template = MessageTemplate.objects.filter(purpose=Purpose.DIGEST).first()
    weekday = (template.days if template else 0) % 7
    local = timezone.localtime(at)
    ahead = (weekday - local.weekday()) % 7
    if ahead == 0:
        return at
    day = local.date() + dt.timedelta(days=ahead)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)), local.tzinfo)


def _jobs() -> list[tuple[str, list[str], Callable[[dt.datetime], Any]]]:
    # (job, its purposes, the function the job calls, given the run's clock)
    return [
        (
            "notifications.convocation_reminders",
            [Purpose.CONVOCATION_REMINDER],
            lambda at: services.convocation_reminders_send(now=at),
        ),
        (
            "notifications.satisfaction_questions",
            [Purpose.SATISFACTION],
            lambda at: services.satisfaction_questions_ask(now=at),
        ),
        (
            "notifications.reminders",
            [
                Purpose.NO_SESSION,
                Purpose.NO_MINUTES,
                Purpose.RECOMMENDATION_DUE,
                Purpose.RECOMMENDATION_LATE,
                Purpose.REPORT_UNTRIAGED,
                Purpose.REPORT_UNANSWERED,
            ],
            lambda at: reminders.reminders_send(now=at),
        ),
        (
            "notifications.escalate_late_recommendations",
            [Purpose.ESCALATION],
            lambda at: escalation.late_recommendations_escalate(now=at),
        ),
        (
            "notifications.weekly_digest",
            [Purpose.DIGEST],
            lambda at: digest.digests_send(now=at),
        ),
    ]


def campaigns_preview(*, now: dt.datetime | None = None) -> list[JobPreview]:
    """What the next run of each job would write, purpose by purpose: number of messages
    (and how many would leave, the others being opted out or without address), masked
    recipients, the text of the first one. Writes nothing."""
    now = now or timezone.now()
    enabled = dict(MessageTemplate.objects.values_list("purpose", "enabled"))
    result = []
    for name, purposes, run_job in _jobs():
        at = _next_run(name, now)
        if name == "notifications.weekly_digest":
            at = _next_digest_run(at)
        with services.dry_run() as run:
            run_job(at)
        by_purpose = {
            purpose: PurposePreview(
                purpose=purpose,
                label=str(Purpose(purpose).label),
                enabled=enabled.get(purpose, False),
            )
            for purpose in purposes
        }
        for message in run.messages:
            entry = by_purpose[message.purpose]
            entry.messages += 1
            entry.queued += message.state == DeliveryState.QUEUED
            if len(entry.recipients) < RECIPIENTS_LISTED:
                entry.recipients.append(f"{message.recipient} {message.to_masked}".strip())
            else:
                entry.more += 1
            entry.sample = entry.sample or message.text
        result.append(
            JobPreview(
                name=name,
                label=JOBS[name].label,
                at=at,
                purposes=list(by_purpose.values()),
            )
        )
    return result
