"""Reading methodologies and the plan of the steps ahead (perspectives)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from siccs.core import dates as core_dates  # today in Bamako
from siccs.rollout.models import (
    MethodologyStep,
    MethodologyVersion,
    StepRecord,
    StepStatus,
    committee_model,
)
from siccs.territory.time import region_id_of, region_names

# A step still to do: the home page lists those due soon (home.selectors.steps_due).
OPEN = (StepStatus.PLANNED, StepStatus.IN_PROGRESS, StepStatus.BLOCKED)


def version_list() -> QuerySet[MethodologyVersion]:
    return (
        MethodologyVersion.objects.select_related("methodology")
        .annotate(
            n_steps=Count("steps", distinct=True), n_committees=Count("committees", distinct=True)
        )
        .order_by("methodology__name", "-number")
    )


def installed_after(on: dt.date, committee: Any, order: Any) -> QuerySet[StepRecord]:
    """The installation record of `committee`, done by `on`, of a step after `order`: when
    it exists, the steps before the installation count as passed even if nobody recorded
    them (an installed committee was prepared), so its current step is its real position
    after the launch, never "preparation"."""
    return StepRecord.objects.filter(
        committee=committee,
        step__marks_installation=True,
        step__order__gt=order,
        done_on__isnull=False,
        done_on__lte=on,
    )


def ahead_records(on: dt.date, among: Q | None = None) -> QuerySet[StepRecord]:
    """Steps still ahead of their committee on `on` (not scoped: callers restrict): records
    of a required step of the version the committee follows, neither done by `on` nor
    marked not applicable. The steps before an installation done by `on` are passed
    (`installed_after`), and an optional step (regular sessions) is
    never ahead: whether a committee holds its sessions is what makes it functional, not
    a step to catch up on. `among` narrows the records first (a cheap condition that
    spares the installation look-up most rows)."""
    records = StepRecord.objects.filter(among) if among is not None else StepRecord.objects.all()
    return (
        records.filter(step__required=True, step__version=F("committee__methodology_version"))
        .exclude(status=StepStatus.NOT_APPLICABLE)
        .exclude(done_on__isnull=False, done_on__lte=on)
        .exclude(Exists(installed_after(on, OuterRef("committee_id"), OuterRef("step__order"))))
    )


def lagging_records(on: dt.date) -> QuerySet[StepRecord]:
    """Steps holding their committee back on `on` (`ahead_records`): blocked by then (with
    the reason given), or late, their planned date past. Each row carries `blocked_then`."""
    blocked = Q(blocked_on__isnull=False, blocked_on__lte=on)
    return ahead_records(on, blocked | Q(planned_on__lt=on)).annotate(
        blocked_then=Case(
            When(blocked, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-T{(day.month - 1) // 3 + 1}"


def perspectives(*, user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """Steps ahead (`ahead_records`) with a planned date, per region and per quarter;
    late ones (planned date past) counted apart."""
    today = today or core_dates.today()
    committees = committee_model().objects.visible_to(user)
    records = (
        ahead_records(today)
        .filter(committee__in=committees.values("pk"))
        .exclude(planned_on__isnull=True)
        .values_list("planned_on", "committee__unit__path")
    )
    names = region_names()
    table: dict[int | None, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"planned": 0, "overdue": 0})
    )
    quarters: set[str] = set()
    for planned_on, path in records:
        quarter = "overdue" if planned_on < today else quarter_of(planned_on)
        if quarter != "overdue":
            quarters.add(quarter)
        cell = table[region_id_of(path)][quarter]
        cell["planned"] += 1
        cell["overdue"] += planned_on < today
    columns = ["overdue", *sorted(quarters)]
    rows = [
        {
            "region": names.get(region_id, "—"),
            "cells": [
                table[region_id][q]["planned"] if q in table[region_id] else 0 for q in columns
            ],
            # With their quarters: on a phone each row is a card naming its figures.
            "named_cells": [
                (q, table[region_id][q]["planned"] if q in table[region_id] else 0) for q in columns
            ],
        }
        for region_id in sorted(table, key=lambda r: names.get(r, ""))
    ]
    return {"columns": columns, "rows": rows}


def overdue_records(*, user: Any, today: dt.date | None = None, limit: int = 100) -> QuerySet:
    """The steps late or blocked today (`lagging_records`) the user may see."""
    today = today or core_dates.today()
    return (
        lagging_records(today)
        .filter(pk__in=StepRecord.objects.visible_to(user).values("pk"))
        .select_related("committee__unit", "step", "partner")
        .order_by("planned_on")[:limit]
    )


# Fields whose change is worth telling before publishing (the order is told apart).
COMPARED_FIELDS = (
    "name",
    "name_en",
    "description",
    "description_en",
    "expected_days",
    "evidence_expected",
    "required",
    "marks_installation",
)


def version_changes(version: MethodologyVersion) -> dict[str, Any]:
    """What publishing `version` changes, step by step (matched by code) against the
    latest published version of its methodology before it: `added` and `removed` steps,
    `changed` as (step, labels of the changed fields), `moved` steps. Two queries."""
    previous = (
        MethodologyVersion.objects.filter(
            methodology=version.methodology_id, is_published=True, number__lt=version.number
        )
        .order_by("-number")
        .first()
    )
    steps = list(version.steps.order_by("order"))
    before = {s.code: s for s in previous.steps.order_by("order")} if previous else {}
    added, changed, moved = [], [], []
    for step in steps:
        old = before.pop(step.code, None)
        if old is None:
            added.append(step)
            continue
        fields = [
            str(MethodologyStep._meta.get_field(name).verbose_name)
            for name in COMPARED_FIELDS
            if getattr(old, name) != getattr(step, name)
        ]
        if fields:
            changed.append((step, fields))
        if old.order != step.order:
            moved.append((step, old.order))
    removed = list(before.values())
    return {
        "previous": previous,
        "added": added,
        "removed": removed,
        "changed": changed,
        "moved": moved,
        "unchanged": not (added or removed or changed or moved),
    }
