"""Periodic jobs of the notifications, run by the task worker (siccs.core.periodic).

Each job may run as often as it likes: every message it writes carries a unique key, so a
second run (a restart, a second worker) sends nothing already sent. `now` is a parameter
of the services so tests can walk a month with a clock of their own.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from siccs.core.periodic import periodic


@periodic(
    name="notifications.convocation_reminders",
    label=_("Remind convened members the day before their session"),
    every=dt.timedelta(hours=1),
)
def convocation_reminders() -> str:
    from siccs.notifications.services import convocation_reminders_send

    return f"{convocation_reminders_send()} reminders"


@periodic(
    name="notifications.satisfaction_questions",
    label=_("Ask citizens whether the answer to their report helped"),
    every=dt.timedelta(minutes=15),
)
def satisfaction_questions() -> str:
    from siccs.notifications.services import satisfaction_questions_ask

    return f"{satisfaction_questions_ask()} questions asked"


@periodic(
    name="notifications.reminders",
    label=_("Send the reminders (sessions, minutes, recommendations, citizen reports)"),
    every=dt.timedelta(hours=6),
)
def reminders() -> str:
    from siccs.notifications.reminders import reminders_send

    return ", ".join(f"{k}: {v}" for k, v in reminders_send().items())


@periodic(
    name="notifications.escalate_late_recommendations",
    label=_("Escalate recommendations long past their deadline to the next level"),
    every=dt.timedelta(hours=6),
)
def escalate_late_recommendations() -> str:
    from siccs.notifications.escalation import late_recommendations_escalate

    return f"{late_recommendations_escalate()} escalated"


@periodic(
    name="notifications.weekly_digest",
    label=_("Send the weekly digest to focal points and national staff"),
    every=dt.timedelta(hours=6),
)
def weekly_digest() -> str:
    from siccs.notifications.digest import digests_send

    return f"{digests_send()} digests"
