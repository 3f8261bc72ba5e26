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
not done (nor marked not applicable) by D; once installed, the steps before the
installation count as passed. Everything is computed in the database.
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
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import GreaterThanOrEqual, IsNull, LessThan
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from siccs.committees.models import Committee
from siccs.core import dates as core_dates  # today in Bamako
from siccs.rollout.models import MethodologyStep, StepRecord, StepStatus
from siccs.rollout.selectors import installed_after

# Territory-and-time rules live in siccs.territory.time; kept importable from here.
from siccs.territory.time import region_id_of, region_name_on, region_names  # noqa: F401


class CommitteeState:
    PLANNED = "planned"
    SETTING_UP = "setting_up"
    INSTALLED = "installed"
    FUNCTIONAL = "functional"
    STALLED = "stalled"

    LABELS = {
        # A context of their own: "planned" is also a step's status, and French agrees
        # the adjective with "comité" (prévu) but with "étape" (prévue).
        PLANNED: pgettext_lazy("committee state", "planned"),
        SETTING_UP: pgettext_lazy("committee state", "being set up"),
        INSTALLED: pgettext_lazy("committee state", "installed"),
        FUNCTIONAL: pgettext_lazy("committee state", "functional"),
        STALLED: pgettext_lazy("committee state", "stalled"),
    }
    ORDER = [PLANNED, SETTING_UP, STALLED, INSTALLED, FUNCTIONAL]


def _done_by(on: dt.date) -> Q:
    """Step records that count as passed on date `on`."""
    return Q(status=StepStatus.NOT_APPLICABLE) | Q(done_on__isnull=False, done_on__lte=on)


def state_inputs(queryset: QuerySet[Committee], on: dt.date) -> QuerySet[Committee]:
    """The dated facts a committee's state on `on` is read from, one subquery each:
    `installed_on`, `last_done_on`, `last_started_on`, `last_session_on` and the
    current step (`current_step_order`, `current_step_name`, `current_step_code`).
    Committees planned after the date are left out."""
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
    # Sessions belong to meetings, a row above: reached through the committee's relation.
    sessions = Committee._meta.get_field("sessions").related_model
    last_session = Subquery(
        sessions.objects.filter(
            committee=OuterRef("pk"), kind=sessions.FUNCTIONING_KIND, held_on__lte=on
        )
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
        .exclude(Exists(installed_after(on, OuterRef(OuterRef("pk")), OuterRef("order"))))
        .order_by("order")
    )
    return queryset.filter(planned_on__lte=on).annotate(
        installed_on=installed_on,
        last_done_on=last_done,
        last_started_on=last_started,
        last_session_on=last_session,
        current_step_order=Subquery(current_step.values("order")[:1], output_field=IntegerField()),
        current_step_name=Subquery(current_step.values("name")[:1], output_field=CharField()),
        current_step_code=Subquery(current_step.values("code")[:1], output_field=CharField()),
    )


def progress_expression(
    *, planned_on: Expression, last_done_on: Expression, last_started_on: Expression
) -> Expression:
    """The last day anything moved: latest step done or started, else the planning."""
    return Greatest(
        Coalesce(last_done_on, planned_on),
        Coalesce(last_started_on, planned_on),
        output_field=DateField(),
    )


def state_expression(
    on: dt.date,
    *,
    installed_on: Expression,
    last_done_on: Expression,
    last_started_on: Expression,
    last_session_on: Expression,
    progress_on: Expression,
) -> Case:
    """THE state rule, over the facts of `state_inputs` (given as expressions, so that a
    query reading them from a derived table computes each subquery once): installed
    and an ordinary session within FUNCTIONAL_WITHIN_DAYS is functional; installed is
    installed; not installed and nothing moved for STALLED_AFTER_DAYS is stalled;
    a step done or started is being set up; otherwise planned."""
    stalled_limit = on - dt.timedelta(days=settings.STALLED_AFTER_DAYS)
    functional_limit = on - dt.timedelta(days=settings.FUNCTIONAL_WITHIN_DAYS)
    installed = Q(IsNull(installed_on, False))
    return Case(
        When(
            installed & Q(GreaterThanOrEqual(last_session_on, functional_limit)),
            then=Value(CommitteeState.FUNCTIONAL),
        ),
        When(installed, then=Value(CommitteeState.INSTALLED)),
        When(LessThan(progress_on, stalled_limit), then=Value(CommitteeState.STALLED)),
        When(
            Q(IsNull(last_done_on, False)) | Q(IsNull(last_started_on, False)),
            then=Value(CommitteeState.SETTING_UP),
        ),
        default=Value(CommitteeState.PLANNED),
        output_field=CharField(),
    )


def with_state(queryset: QuerySet[Committee], on: dt.date | None = None) -> QuerySet[Committee]:
    """Annotate `state`, `installed_on`, `progress_on`, `last_session_on` and the
    current step (`current_step_order`, `current_step_name`, `current_step_code`) as of
    date `on`."""
    on = on or core_dates.today()
    return (
        state_inputs(queryset, on)
        .annotate(
            progress_on=progress_expression(
                planned_on=F("planned_on"),
                last_done_on=F("last_done_on"),
                last_started_on=F("last_started_on"),
            )
        )
        .annotate(
            state=state_expression(
                on,
                installed_on=F("installed_on"),
                last_done_on=F("last_done_on"),
                last_started_on=F("last_started_on"),
                last_session_on=F("last_session_on"),
                progress_on=F("progress_on"),
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


# --- Lists, filters, timeline ---------------------------------------------------------

SORTS = {
    "name": (F("name").asc(),),
    "unit": (F("unit__name").asc(), F("name").asc()),
    "level": (F("level__unit_level").asc(), F("level__name").asc(), F("name").asc()),
    "step": (F("current_step_order").asc(nulls_last=True), F("name").asc()),
    "installed": (F("installed_on").asc(nulls_last=True), F("name").asc()),
    "progress": (F("progress_on").asc(nulls_last=True), F("name").asc()),
}
# Descending sorts keep empty values last on SQLite and PostgreSQL alike.
SORTS.update(
    {
        f"-{key}": tuple(
            F(e.expression.name).desc(nulls_last=True) if i == 0 else e for i, e in enumerate(value)
        )
        for key, value in list(SORTS.items())
    }
)


def committee_search(
    *,
    user: Any,
    on: dt.date | None = None,
    region: Any = None,
    unit: Any = None,
    level: Any = None,
    step_code: str = "",
    partner: Any = None,
    state: str = "",
    stalled: bool = False,
    no_partner: bool = False,
    sort: str = "name",
) -> QuerySet[Committee]:
    """The committees the user may see as of `on`, filtered as the list page asks.

    `region` and `unit` (a cercle or commune) are read in the structure in force on `on`,
    as the dashboard counts: after a reform, a 2021 figure for Mopti lists the communes that
    belonged to Mopti in 2021. Partners of a committee are the partners supporting any of
    its steps."""
    from django.db.models import Prefetch

    from siccs.territory.selectors import units_inside_on

    qs = committee_list(user=user, on=on)
    for area in (region, unit):
        if area is not None:
            qs = qs.filter(unit_id__in=units_inside_on(area, on or core_dates.today()))
    if level is not None:
        qs = qs.filter(level=level)
    if step_code:
        qs = qs.filter(current_step_code=step_code)
    if state:
        qs = qs.filter(state=state)
    if stalled:
        qs = qs.filter(state=CommitteeState.STALLED)
    supported = StepRecord.objects.filter(committee=OuterRef("pk"), partner__isnull=False)
    if partner is not None:
        qs = qs.filter(Exists(supported.filter(partner=partner)))
    if no_partner:
        qs = qs.exclude(Exists(supported))
    qs = qs.prefetch_related(
        Prefetch(
            "step_records",
            queryset=StepRecord.objects.filter(partner__isnull=False)
            .select_related("partner")
            .order_by("partner__acronym"),
            to_attr="supported_records",
        )
    )
    return qs.order_by(*SORTS.get(sort, SORTS["name"]))


def partners_of(committee: Committee) -> list[Any]:
    """Distinct partners of a committee searched with `committee_search` (prefetched)."""
    seen: dict[int, Any] = {}
    for record in getattr(committee, "supported_records", []):
        seen.setdefault(record.partner_id, record.partner)
    return list(seen.values())


def committee_timeline(*, user: Any, committee: Committee) -> list[dict[str, Any]]:
    """Everything dated that happened to a committee, newest first.

    Members appear by name only for users allowed to see personal data."""
    from siccs.committees.models import Membership

    events: list[dict[str, Any]] = [
        {"on": committee.planned_on, "kind": "plan", "label": _("Committee planned")}
    ]
    if committee.creation_act_date:
        events.append(
            {
                "on": committee.creation_act_date,
                "kind": "act",
                "label": _("Act of creation %(ref)s") % {"ref": committee.creation_act_reference},
            }
        )
    for record in committee.step_records.select_related("step", "partner"):
        name = record.step.name
        if record.started_on:
            events.append(
                {
                    "on": record.started_on,
                    "kind": "in_progress",
                    "label": _("Started: %(step)s") % {"step": name},
                }
            )
        if record.done_on:
            events.append(
                {
                    "on": record.done_on,
                    "kind": "done",
                    "label": _("Done: %(step)s") % {"step": name},
                }
            )
        if record.blocked_on:
            events.append(
                {
                    "on": record.blocked_on,
                    "kind": "blocked",
                    "label": _("Blocked: %(step)s — %(reason)s")
                    % {"step": name, "reason": record.blocked_reason},
                }
            )
    personal = Membership.objects.visible_to(user).filter(committee=committee).exists() or (
        Committee.objects.visible_to(user, "view_personal").filter(pk=committee.pk).exists()
    )
    for membership in committee.memberships.select_related("person", "category"):
        who = membership.person.full_name if personal else str(membership.category)
        if membership.start_on:
            events.append(
                {
                    "on": membership.start_on,
                    "kind": "member",
                    "label": _("Joined: %(who)s") % {"who": who},
                }
            )
        if membership.end_on:
            events.append(
                {
                    "on": membership.end_on,
                    "kind": "member",
                    "label": _("Left: %(who)s") % {"who": who},
                }
            )
    for session in committee.sessions.all():
        events.append(
            {
                "on": session.held_on,
                "kind": "session",
                "label": f"{session.get_kind_display()}{' — ' + session.place if session.place else ''}",
            }
        )
    events.sort(key=lambda e: e["on"], reverse=True)
    return events
