"""Reading methodologies and the plan of the steps ahead (perspectives)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, F, QuerySet

from siccs.committees.models import Committee
from siccs.committees.selectors import region_id_of, region_names
from siccs.rollout.models import MethodologyVersion, StepRecord, StepStatus

OPEN = (StepStatus.PLANNED, StepStatus.IN_PROGRESS, StepStatus.BLOCKED)


def version_list() -> QuerySet[MethodologyVersion]:
    return (
        MethodologyVersion.objects.select_related("methodology")
        .annotate(
            n_steps=Count("steps", distinct=True), n_committees=Count("committees", distinct=True)
        )
        .order_by("methodology__name", "-number")
    )


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-T{(day.month - 1) // 3 + 1}"


def perspectives(*, user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """Open steps with a planned date, per region and per quarter; overdue ones counted apart.

    A step is overdue when its planned date is past and it is not done."""
    today = today or dt.date.today()
    committees = Committee.objects.visible_to(user)
    # Only steps of the version each committee follows: older versions are history.
    records = (
        StepRecord.objects.filter(
            committee__in=committees.values("pk"),
            status__in=OPEN,
            step__version=F("committee__methodology_version"),
        )
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
        }
        for region_id in sorted(table, key=lambda r: names.get(r, ""))
    ]
    return {"columns": columns, "rows": rows}


def overdue_records(*, user: Any, today: dt.date | None = None, limit: int = 100) -> QuerySet:
    today = today or dt.date.today()
    return (
        StepRecord.objects.visible_to(user)
        .filter(status__in=OPEN, planned_on__lt=today)
        .select_related("committee__unit", "step", "partner")
        .order_by("planned_on")[:limit]
    )
