"""Reads of the notifications, all through the scoping mechanism."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from siccs.core.fields import mask_phone
from siccs.notifications.models import (
    Convocation,
    MemberContact,
    PlannedSession,
    Reply,
    SatisfactionQuestion,
)


def convocations_of(*, user: Any, planned: PlannedSession) -> QuerySet[Convocation]:
    return (
        Convocation.objects.visible_to(user)
        .filter(planned_session=planned)
        .select_related("membership__person")
        .order_by("membership__person__full_name", "pk")
    )


def convocation_tally(planned: PlannedSession) -> dict[str, int]:
    """Convened, expected (yes), excused (no) and silent members: counts, no names."""
    counts = Convocation.objects.filter(planned_session=planned).aggregate(
        convened=Count("pk"),
        yes=Count("pk", filter=Q(reply=Reply.YES)),
        no=Count("pk", filter=Q(reply=Reply.NO)),
    )
    counts["silent"] = counts["convened"] - counts["yes"] - counts["no"]
    return counts


def member_contact_rows(*, user: Any, committee: Any) -> list[Any]:
    """The committee's sitting members the user may see, each with `contact` (their
    MemberContact, or None: French, no e-mail, SMS allowed) and `masked_phone`; two
    queries whatever the number of members."""
    from siccs.committees.models import Membership

    memberships = list(
        Membership.objects.visible_to(user)
        .filter(committee=committee, active=True)
        .select_related("person")
        .order_by("person__full_name", "pk")
    )
    contacts = {
        c.person_id: c
        for c in MemberContact.objects.filter(person__in=[m.person_id for m in memberships])
    }
    for membership in memberships:
        membership.contact = contacts.get(membership.person_id)
        membership.masked_phone = mask_phone(membership.person.phone)
    return memberships


# The schedule keeps the sessions of the last weeks, to show which were held or cancelled.
SCHEDULE_LOOK_BACK = dt.timedelta(days=45)


def committee_schedule(*, user: Any, committee: Any, today: dt.date) -> QuerySet:
    """The committee's scheduled sessions from a few weeks back on, each with the
    session held (if recorded) or its cancellation, as the viewer may see them."""
    return (
        PlannedSession.objects.visible_to(user)
        .filter(committee=committee, planned_on__gte=today - SCHEDULE_LOOK_BACK)
        .select_related("session")
        .order_by("planned_on", "pk")
    )


def _quarter(on: dt.date) -> str:
    return f"{on.year}-T{(on.month - 1) // 3 + 1}"


def satisfaction_by_commune_and_quarter(*, user: Any) -> list[dict[str, Any]]:
    """Answers to the satisfaction question, by commune and quarter of the answer, in the
    user's scope: the share of "yes" says whether answers help people."""
    from django.db.models.functions import ExtractMonth, ExtractYear

    rows = (
        SatisfactionQuestion.objects.visible_to(user)
        .filter(answered_at__isnull=False)
        .annotate(year=ExtractYear("answered_at"), month=ExtractMonth("answered_at"))
        .values("commune__name", "year", "month")
        .annotate(
            yes=Count("pk", filter=Q(answer=Reply.YES)), no=Count("pk", filter=Q(answer=Reply.NO))
        )
        .order_by()
    )
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        quarter = f"{row['year']}-T{(row['month'] - 1) // 3 + 1}"
        key = (row["commune__name"] or "—", quarter)
        entry = grouped.setdefault(key, {"commune": key[0], "quarter": quarter, "yes": 0, "no": 0})
        entry["yes"] += row["yes"]
        entry["no"] += row["no"]
    result = sorted(grouped.values(), key=lambda r: (r["quarter"], r["commune"]), reverse=False)
    for entry in result:
        total = entry["yes"] + entry["no"]
        entry["total"] = total
        entry["share"] = entry["yes"] / total if total else None
    return sorted(result, key=lambda r: (r["quarter"], r["commune"]), reverse=True)


def satisfaction_counts() -> dict[str, int]:
    """Public counts, all of Mali: questions asked, answers yes and no."""
    return SatisfactionQuestion.objects.aggregate(
        asked=Count("pk"),
        yes=Count("pk", filter=Q(answer=Reply.YES)),
        no=Count("pk", filter=Q(answer=Reply.NO)),
    )


def escalations_on_board(*, user: Any, limit: int = 50) -> list[Any]:
    """Escalated items the user may see, the latest step of each: what the receiving
    level has to handle, shown on its follow-up board."""
    from siccs.notifications.models import Escalation

    rows = (
        Escalation.objects.visible_to(user)
        .select_related("from_committee", "to_committee", "recommendation", "concern")
        .order_by("-at", "-pk")
    )
    seen: set[tuple[str, int]] = set()
    result = []
    for escalation in rows[: limit * 4]:
        key = (
            ("recommendation", escalation.recommendation_id)
            if escalation.recommendation_id
            else ("concern", escalation.concern_id)
        )
        if key in seen:
            continue
        seen.add(key)
        result.append(escalation)
    return result[:limit]


def escalation_history(*, user: Any, item: Any) -> QuerySet:
    return (
        item.escalations.visible_to(user)
        .select_related("from_committee", "to_committee")
        .order_by("at", "pk")
    )
