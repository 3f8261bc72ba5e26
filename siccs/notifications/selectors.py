"""Reads of the notifications, all through the scoping mechanism."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils.translation import gettext as _

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


def quarter_label(year: int, number: int) -> str:
    """A quarter as the gap pages name it: "T4 2026" in French, "Q4 2026" in English."""
    return str(_("Q%(n)s %(year)s") % {"n": number, "year": year})


def satisfaction_answers(
    *, user: Any, until: dt.datetime | None = None, communes: Iterable[int] | None = None
) -> QuerySet:
    """Answers to the satisfaction question in the user's scope, given before `until`
    (optionally in some communes only), grouped by commune and quarter of the answer:
    one grouped query, which the dashboard runs with its other figures."""
    answers = SatisfactionQuestion.objects.visible_to(user).filter(answered_at__isnull=False)
    if until is not None:
        answers = answers.filter(answered_at__lt=until)
    if communes is not None:
        answers = answers.filter(commune_id__in=list(communes))
    return (
        answers.order_by()
        .values(
            "commune__name",
            year=ExtractYear("answered_at"),
            quarter=ExtractQuarter("answered_at"),
        )
        .annotate(
            yes=Count("pk", filter=Q(answer=Reply.YES)), no=Count("pk", filter=Q(answer=Reply.NO))
        )
    )


SATISFACTION_COLUMNS = ("commune__name", "year", "quarter", "yes", "no")


def satisfaction_table(rows: Iterable[Any]) -> dict[str, Any]:
    """The grouped answers (dicts, or sequences in `SATISFACTION_COLUMNS` order) as the
    dashboard and the report show them: the share of "yes" by commune and quarter, the
    latest quarter first, and the same share over all of them. The share says whether
    answers help people; a commune without any answer has no share, not 0 %."""
    table = []
    for row in rows:
        if not isinstance(row, dict):
            row = dict(zip(SATISFACTION_COLUMNS, row, strict=True))
        year, number = int(row["year"]), int(row["quarter"])
        yes, no = int(row["yes"] or 0), int(row["no"] or 0)
        table.append(
            {
                "commune": row["commune__name"] or "—",
                "year": year,
                "number": number,
                "quarter": quarter_label(year, number),
                "yes": yes,
                "no": no,
                "total": yes + no,
                "share": yes / (yes + no) if yes + no else None,
            }
        )
    table.sort(key=lambda r: (-r["year"], -r["number"], r["commune"]))
    yes = sum(r["yes"] for r in table)
    total = sum(r["total"] for r in table)
    return {
        "rows": table,
        "yes": yes,
        "no": total - yes,
        "total": total,
        "share": yes / total if total else None,
    }


def satisfaction_by_commune_and_quarter(*, user: Any) -> list[dict[str, Any]]:
    """Answers to the satisfaction question, by commune and quarter of the answer, in the
    user's scope, to this day (the dashboard reads them with its figures instead)."""
    return satisfaction_table(satisfaction_answers(user=user))["rows"]


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
