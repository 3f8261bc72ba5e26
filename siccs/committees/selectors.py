"""Reading committees, with their state derived from dated facts at any date.

The rule (also in docs/development/state.md), for a date D:
- a committee counts from `planned_on`; before it, it does not exist;
- *installed* once the step marked as installation is done on or before D;
- *functional* when installed and an ordinary session was held in the
  FUNCTIONAL_WITHIN_DAYS days up to D;
- *stalled* when not installed and no step started or done within STALLED_AFTER_DAYS
  before D (counting from `planned_on` when nothing happened yet);
- *setting up* when not installed, not stalled and some step started or done by D;
- *planned* otherwise.
The current step at D is the first required step of the committee's methodology version
not done (nor marked not applicable) by D. Everything is computed in the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from siccs.committees.models import Committee
from siccs.meetings.models import Session, SessionKind
from siccs.rollout.models import MethodologyStep, StepRecord, StepStatus


class CommitteeState:
    PLANNED = "planned"
    SETTING_UP = "setting_up"
    INSTALLED = "installed"
    FUNCTIONAL = "functional"
    STALLED = "stalled"

    LABELS = {
        PLANNED: _("planned"),
        SETTING_UP: _("being set up"),
        INSTALLED: _("installed"),
        FUNCTIONAL: _("functional"),
        STALLED: _("stalled"),
    }
    ORDER = [PLANNED, SETTING_UP, STALLED, INSTALLED, FUNCTIONAL]


def _done_by(on: dt.date) -> Q:
    """Step records that count as passed on date `on`."""
    return Q(status=StepStatus.NOT_APPLICABLE) | Q(done_on__isnull=False, done_on__lte=on)


def with_state(queryset: QuerySet[Committee], on: dt.date | None = None) -> QuerySet[Committee]:
    """Annotate `state`, `installed_on`, `last_progress_on`, `last_session_on` and the
    current step (`current_step_order`, `current_step_name`) as of date `on`."""
    on = on or dt.date.today()
    stalled_limit = on - dt.timedelta(days=settings.STALLED_AFTER_DAYS)
    functional_limit = on - dt.timedelta(days=settings.FUNCTIONAL_WITHIN_DAYS)

    records = StepRecord.objects.filter(committee=OuterRef("pk"))
    installed_on = Subquery(
        records.filter(step__marks_installation=True, done_on__isnull=False, done_on__lte=on)
        .order_by("done_on")
        .values("done_on")[:1],
        output_field=DateField(),
    )
    last_done = Subquery(
        records.filter(done_on__isnull=False, done_on__lte=on)
        .order_by("-done_on")
        .values("done_on")[:1],
        output_field=DateField(),
    )
    last_started = Subquery(
        records.filter(started_on__isnull=False, started_on__lte=on)
        .order_by("-started_on")
        .values("started_on")[:1],
        output_field=DateField(),
    )
    last_session = Subquery(
        Session.objects.filter(committee=OuterRef("pk"), kind=SessionKind.ORDINARY, held_on__lte=on)
        .order_by("-held_on")
        .values("held_on")[:1],
        output_field=DateField(),
    )
    passed = StepRecord.objects.filter(
        committee=OuterRef(OuterRef("pk")), step=OuterRef("pk")
    ).filter(_done_by(on))
    current_step = (
        MethodologyStep.objects.filter(version=OuterRef("methodology_version"), required=True)
        .exclude(Exists(passed))
        .order_by("order")
    )
    return (
        queryset.filter(planned_on__lte=on)
        .annotate(
            installed_on=installed_on,
            last_done_on=last_done,
            last_started_on=last_started,
            last_session_on=last_session,
            current_step_order=Subquery(
                current_step.values("order")[:1], output_field=IntegerField()
            ),
            current_step_name=Subquery(current_step.values("name")[:1], output_field=CharField()),
        )
        .annotate(
            progress_on=Greatest(
                Coalesce(F("last_done_on"), F("planned_on")),
                Coalesce(F("last_started_on"), F("planned_on")),
            ),
        )
        .annotate(
            state=Case(
                When(
                    installed_on__isnull=False,
                    last_session_on__gte=functional_limit,
                    then=Value(CommitteeState.FUNCTIONAL),
                ),
                When(installed_on__isnull=False, then=Value(CommitteeState.INSTALLED)),
                When(progress_on__lt=stalled_limit, then=Value(CommitteeState.STALLED)),
                When(
                    Q(last_done_on__isnull=False) | Q(last_started_on__isnull=False),
                    then=Value(CommitteeState.SETTING_UP),
                ),
                default=Value(CommitteeState.PLANNED),
                output_field=CharField(),
            )
        )
    )


def committee_list(*, user: Any, on: dt.date | None = None) -> QuerySet[Committee]:
    """Committees the user may see, with their state as of `on`."""
    qs = Committee.objects.visible_to(user).select_related("level", "unit", "unit__parent")
    return with_state(qs, on)


def state_counts(queryset: QuerySet[Committee], on: dt.date | None = None) -> dict[str, int]:
    """How many committees are in each state on `on`, in one grouped query."""
    counts = dict.fromkeys(CommitteeState.ORDER, 0)
    rows = with_state(queryset, on).order_by().values("state").annotate(n=Count("pk"))
    for row in rows:
        counts[row["state"]] = row["n"]
    return counts
