"""The denormalised columns of the meetings app, and the one way each is recomputed.

The dashboard answers "as of a date" for the whole country in a few queries. Three of
its figures would otherwise read every row of a history (hundreds of thousands of
attendance rows, a follow-up lookup per recommendation, a status-history pass per
concern), so each keeps a derived column next to the facts it comes from:

- `Session.present_members`, `present_women`, `guests_women`, `guests_men`: the session's
  attendance list and guest counts, summed;
- `FollowUp.superseded_on`: the date of the recommendation's next follow-up, so that the
  follow-up in force on a date is the one with `on <= date < superseded_on`;
- `Concern.answered_on`: the local day of the concern's first change to answered or
  closed (a concern answered by a date is one with `answered_on <= date`), and
  `answer_days`, the days from receipt to that day.

The facts stay the source of truth: every service that writes them calls the matching
`*_refresh` here in the same transaction (bulk loaders call it once at the end), and
tests compare the columns with a recount.
"""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncDate

from siccs.committees.models import Sex
from siccs.meetings.models import (
    Attendance,
    Concern,
    ConcernStatus,
    ConcernStatusChange,
    FollowUp,
    GuestAttendance,
    Presence,
    Session,
)

# A concern counts as answered from its first change to one of these.
ANSWERED_STATUSES = (ConcernStatus.ANSWERED, ConcernStatus.CLOSED)


def _per_session(queryset: QuerySet, aggregate: Count | Sum) -> Coalesce:
    value = queryset.filter(session=OuterRef("pk")).order_by().values("session")
    value = value.annotate(v=aggregate).values("v")
    return Coalesce(Subquery(value, output_field=IntegerField()), 0)


def session_tallies_refresh(sessions: QuerySet[Session]) -> int:
    """Recount members present (and women among them) and guests of `sessions`."""
    present = Attendance.objects.filter(presence=Presence.PRESENT)
    return sessions.order_by().update(
        present_members=_per_session(present, Count("pk")),
        present_women=_per_session(present.filter(membership__person__sex=Sex.FEMALE), Count("pk")),
        guests_women=_per_session(GuestAttendance.objects.all(), Sum("women")),
        guests_men=_per_session(GuestAttendance.objects.all(), Sum("men")),
    )


def person_sessions_refresh(*, person: Any, **kwargs: Any) -> int:
    """Recount the sessions `person` attended: their sex changed (the committees app
    sends `person_sex_changed` from the service that writes it, in its transaction)."""
    return session_tallies_refresh(Session.objects.filter(attendances__membership__person=person))


def follow_ups_refresh(follow_ups: QuerySet[FollowUp]) -> int:
    """Date each follow-up with the next one of its recommendation (same order as the
    status history: by date, then by entry)."""
    following = (
        FollowUp.objects.filter(recommendation=OuterRef("recommendation"))
        .filter(Q(on__gt=OuterRef("on")) | Q(on=OuterRef("on"), pk__gt=OuterRef("pk")))
        .order_by("on", "pk")
        .values("on")[:1]
    )
    return follow_ups.order_by().update(superseded_on=Subquery(following, output_field=DateField()))


def recommendation_follow_ups_refresh(recommendation_id: int) -> int:
    return follow_ups_refresh(FollowUp.objects.filter(recommendation_id=recommendation_id))


class DaysBetween(Func):
    """Whole days from date `rhs` to date `lhs`, as an integer: `lhs - rhs` on
    PostgreSQL, the difference of Julian day numbers (exact for dates) on SQLite."""

    output_field = IntegerField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        (lhs, lhs_params), (rhs, rhs_params) = (
            compiler.compile(e) for e in self.source_expressions
        )
        return f"({lhs} - {rhs})", [*lhs_params, *rhs_params]

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        (lhs, lhs_params), (rhs, rhs_params) = (
            compiler.compile(e) for e in self.source_expressions
        )
        sql = f"CAST(julianday({lhs}) - julianday({rhs}) AS INTEGER)"
        return sql, [*lhs_params, *rhs_params]


def concerns_answered_refresh(concerns: QuerySet[Concern]) -> int:
    """Set each concern's answer day from its status history (local day, as the
    dashboard and the time limits count days), and the days it took."""
    first = (
        ConcernStatusChange.objects.filter(concern=OuterRef("pk"), status__in=ANSWERED_STATUSES)
        .order_by()
        .values("concern")
        .annotate(first=Min("at"))
        .values("first")
    )
    answered_on = TruncDate(Subquery(first))
    return concerns.order_by().update(
        answered_on=answered_on, answer_days=DaysBetween(answered_on, F("received_on"))
    )


def refresh_all() -> None:
    """Derive every column above for every row: what loaders that write the facts in
    bulk, past the services (the demo, the national dataset), call once at the end."""
    session_tallies_refresh(Session.objects.all())
    concerns_answered_refresh(Concern.objects.all())
    follow_ups_refresh(FollowUp.objects.all())
