"""Reading sessions, concerns and recommendations, scoped to the user and dated.

Rules implemented here:
- *Quorum*: strictly more than `settings.QUORUM_RATIO` (default 0.5, so a majority) of the
  members active on the session date are present. Excused members do not count as present.
- *Attendance rate*: members present / members active on the session date.
- *Women's share*: women among the attendees, members present and guests together.
- *Over time*: plenary sessions only; working-commission sessions gather a few members.
- *FDS presence*: attendees (members present and guests) of the member category
  `FDS_CATEGORY_CODE`, the defence and security forces.
- *Functional*: the committees' own rule (`committees.selectors.with_state`), reused.
- *Recommendation status at a date*: the status of its latest follow-up dated on or
  before that date; a recommendation adopted later did not exist yet.
- *Overdue*: due date passed and still pending (open or in progress) on the date; "not
  done" is a verdict of the follow-up, not a pending state.
- *Region of a date*: lists filtered by region keep the committees whose unit lay in that
  region in the territorial structure in force on the list's date (the dashboard's rule,
  `territory.selectors.ancestor_at_level_map`), so a commune moved by the 2024 reform
  counts under its old region before the reform and under its new one after.
- *Answered by a date*: a concern is answered once it changed to answered (or closed) on
  or before that day, read from its dated status history.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from siccs.committees.composition import active_on
from siccs.committees.models import Committee, Membership, Sex
from siccs.core import dates as core_dates  # today in Bamako
from siccs.core.dates import day_end
from siccs.meetings.models import (
    Attendance,
    Concern,
    ConcernStatus,
    ConcernStatusChange,
    FollowUp,
    GuestAttendance,
    Presence,
    Recommendation,
    RecommendationStatus,
    Session,
    SessionKind,
)
from siccs.territory.selectors import units_inside_on

# Member category of the defence and security forces (committees' reference data).
FDS_CATEGORY_CODE = "fds"
OPEN_CONCERN_STATUSES = (ConcernStatus.RECEIVED, ConcernStatus.QUALIFIED, ConcernStatus.FORWARDED)
PENDING = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)


def _today(on: dt.date | None) -> dt.date:
    return on or core_dates.today()


def active_members_on(committee: Committee, on: dt.date) -> QuerySet[Membership]:
    """Memberships of the committee whose mandate covers `on` (committees' rule)."""
    return Membership.objects.filter(active_on(on), committee=committee)


def quorum_minimum(active: int) -> int:
    """The smallest number of members present that makes the quorum."""
    # As a fraction, so that a ratio of 2/3 read from the environment is exactly 2/3.
    ratio = Fraction(settings.QUORUM_RATIO).limit_denominator(1000)
    return math.floor(ratio * active) + 1


def quorum_reached(present: int, active: int) -> bool:
    return active > 0 and present >= quorum_minimum(active)


def _count(qs: QuerySet) -> Coalesce:
    return Coalesce(
        Subquery(qs.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


def _sum(qs: QuerySet, field: str) -> Coalesce:
    return Coalesce(
        Subquery(qs.annotate(n=Sum(field)).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


def with_figures(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Annotate the attendance figures of each session, one subquery per figure (no join
    multiplies another): active, present, excused, absent, women present, FDS present,
    guests (women, men, FDS)."""
    members = (
        Membership.objects.filter(active_on(OuterRef("held_on")), committee=OuterRef("committee"))
        .order_by()
        .values("committee")
    )
    attendance = Attendance.objects.filter(session=OuterRef("pk")).order_by().values("session")
    present = attendance.filter(presence=Presence.PRESENT)
    guests = GuestAttendance.objects.filter(session=OuterRef("pk")).order_by().values("session")
    fds_guests = guests.filter(category__code=FDS_CATEGORY_CODE)
    return sessions.annotate(
        active_count=_count(members),
        present_count=_count(present),
        excused_count=_count(attendance.filter(presence=Presence.EXCUSED)),
        absent_count=_count(attendance.filter(presence=Presence.ABSENT)),
        women_present=_count(present.filter(membership__person__sex=Sex.FEMALE)),
        fds_present=_count(present.filter(membership__category__code=FDS_CATEGORY_CODE)),
        guest_women=_sum(guests, "women"),
        guest_men=_sum(guests, "men"),
        fds_guests=_sum(fds_guests, "women") + _sum(fds_guests, "men"),
    )


@dataclass(frozen=True)
class Figures:
    """Attendance figures of one session, or summed over several."""

    sessions: int
    active: int
    present: int
    excused: int
    absent: int
    women_present: int
    guest_women: int
    guest_men: int
    fds: int
    sessions_with_fds: int
    sessions_with_quorum: int

    @property
    def attendees(self) -> int:
        return self.present + self.guest_women + self.guest_men

    @property
    def women(self) -> int:
        return self.women_present + self.guest_women

    @property
    def attendance_rate(self) -> Decimal | None:
        return Decimal(self.present) / self.active if self.active else None

    @property
    def women_share(self) -> Decimal | None:
        return Decimal(self.women) / self.attendees if self.attendees else None

    @property
    def quorum_minimum(self) -> int:
        return quorum_minimum(self.active)

    @property
    def quorum(self) -> bool:
        return self.sessions_with_quorum == self.sessions > 0

    @property
    def fds_share(self) -> Decimal | None:
        """Share of sessions the FDS attended."""
        return Decimal(self.sessions_with_fds) / self.sessions if self.sessions else None


def figures_of(session: Session) -> Figures:
    """Figures of one session annotated by `with_figures`."""
    fds = session.fds_present + session.fds_guests
    return Figures(
        sessions=1,
        active=session.active_count,
        present=session.present_count,
        excused=session.excused_count,
        absent=session.absent_count,
        women_present=session.women_present,
        guest_women=session.guest_women,
        guest_men=session.guest_men,
        fds=fds,
        sessions_with_fds=1 if fds else 0,
        sessions_with_quorum=1
        if quorum_reached(session.present_count, session.active_count)
        else 0,
    )


def total(figures: list[Figures]) -> Figures:
    names = Figures.__dataclass_fields__
    return Figures(**{n: sum(getattr(f, n) for f in figures) for n in names})


def session_figures(session: Session) -> Figures:
    return figures_of(with_figures(Session.objects.filter(pk=session.pk)).get())


def _period_of(on: dt.date, period: str) -> tuple[dt.date, str]:
    if period == "quarter":
        quarter = (on.month - 1) // 3
        return dt.date(on.year, quarter * 3 + 1, 1), f"{on.year} T{quarter + 1}"
    return dt.date(on.year, on.month, 1), f"{on:%m/%Y}"


def figures_over_time(sessions: QuerySet[Session], period: str = "month") -> list[dict[str, Any]]:
    """Figures of the plenary sessions (ordinary and extraordinary) summed per month (or
    quarter), oldest first, in one query. A working commission gathers a few members by
    design: its sessions would lower the committee's attendance rate for no reason."""
    groups: OrderedDict[dt.date, tuple[str, list[Figures]]] = OrderedDict()
    plenary = sessions.exclude(kind=SessionKind.COMMISSION)
    for session in with_figures(plenary).order_by("held_on").only("pk", "held_on", "committee"):
        start, label = _period_of(session.held_on, period)
        groups.setdefault(start, (label, []))[1].append(figures_of(session))
    return [
        {"start": start, "label": label, "figures": total(items)}
        for start, (label, items) in groups.items()
    ]


# --- Committee state -----------------------------------------------------------------


def is_functional(committee: Committee, on: dt.date | None = None) -> bool:
    """Whether the committee is functional on `on`, by the committees' own rule."""
    from siccs.committees.selectors import CommitteeState, with_state

    return (
        with_state(Committee.objects.filter(pk=committee.pk), _today(on))
        .filter(state=CommitteeState.FUNCTIONAL)
        .exists()
    )


def session_list(
    *,
    user: Any,
    committee: Committee | None = None,
    kind: str = "",
    year: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    region: Any = None,
) -> QuerySet[Session]:
    """Sessions the user may see, newest first, with their attendance figures; held
    between `start` and `end` (inclusive) and in `region` as it stood on `end` (or today)."""
    qs = Session.objects.visible_to(user).select_related(
        "committee", "committee__unit", "commission"
    )
    if committee is not None:
        qs = qs.filter(committee=committee)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(held_on__year=year)
    if start is not None:
        qs = qs.filter(held_on__gte=start)
    if end is not None:
        qs = qs.filter(held_on__lte=end)
    if region is not None:
        qs = qs.filter(committee__unit_id__in=units_inside_on(region, _today(end)))
    return with_figures(qs).order_by("-held_on", "-pk")


def committees_to_record(*, user: Any, limit: int = 6) -> list[Committee]:
    """The committees a user records sessions for, when they are few (a secretary's own
    committee, a focal point's handful): shortcuts on the sessions page. None for users
    who may change many committees: they go through the committee list."""
    from siccs.accounts.scoping import Action

    rows = list(
        Committee.objects.visible_to(user, Action.CHANGE)
        .select_related("unit")
        .order_by("name")[: limit + 1]
    )
    return rows if len(rows) <= limit else []


def committee_panel(*, user: Any, committee: Committee, on: dt.date | None = None) -> dict:
    """What the committee page shows of its meetings: last sessions, functional flag,
    open concerns and pending recommendations (as of today)."""
    on = _today(on)
    recommendations = Recommendation.objects.visible_to(user).filter(session__committee=committee)
    counts = recommendations.aggregate(
        pending=Count("pk", filter=Q(status__in=PENDING)),
        overdue=Count("pk", filter=Q(status__in=PENDING, due_on__lt=on)),
    )
    return {
        "committee": committee,
        "sessions": list(session_list(user=user, committee=committee)[:3]),
        "functional": is_functional(committee, on),
        "functional_days": settings.FUNCTIONAL_WITHIN_DAYS,
        "open_concerns": Concern.objects.visible_to(user)
        .filter(committee=committee, status__in=OPEN_CONCERN_STATUSES)
        .count(),
        "pending_recommendations": counts["pending"],
        "overdue_recommendations": counts["overdue"],
    }


# --- Concerns ------------------------------------------------------------------------


def answered_by(on: dt.date) -> Q:
    """Whether the concern changed to answered (or closed) on or before day `on`.

    One EXISTS per status, not `status IN (...) AND at < ...`: SQLite 3.40 answers that
    shape wrongly through the (concern, status, at) index, counting later changes."""
    end = day_end(on)

    def changed_to(status: str) -> Exists:
        return Exists(
            ConcernStatusChange.objects.filter(concern=OuterRef("pk"), status=status, at__lt=end)
        )

    return Q(changed_to(ConcernStatus.ANSWERED)) | Q(changed_to(ConcernStatus.CLOSED))


def concern_search(
    *,
    user: Any,
    committee: Committee | None = None,
    status: str = "",
    category: Any = None,
    source: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    region: Any = None,
    answered: bool = False,
    duplicates: bool = True,
) -> QuerySet[Concern]:
    """The register: open concerns first, then the most severe, then the newest.

    `start`/`end` bound the date received (inclusive); `region` is the region as it stood
    on `end` (or today); `answered` keeps those answered by `end` (or today);
    `duplicates=False` leaves out concerns merged into another one, as the dashboard does."""
    qs = Concern.objects.visible_to(user).select_related("category", "unit", "committee")
    if committee is not None:
        qs = qs.filter(committee=committee)
    if not duplicates:
        qs = qs.filter(duplicate_of__isnull=True)
    if start is not None:
        qs = qs.filter(received_on__gte=start)
    if end is not None:
        qs = qs.filter(received_on__lte=end)
    if region is not None:
        qs = qs.filter(committee__unit_id__in=units_inside_on(region, _today(end)))
    if answered:
        qs = qs.filter(answered_by(_today(end)))
    if status == "open":
        qs = qs.filter(status__in=OPEN_CONCERN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if category is not None:
        qs = qs.filter(category=category)
    if source:
        qs = qs.filter(source=source)
    return qs.annotate(
        is_open=Case(
            When(status__in=OPEN_CONCERN_STATUSES, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    ).order_by("-is_open", "-severity", "-received_on", "-pk")


def open_concerns(committee: Committee) -> QuerySet[Concern]:
    return Concern.objects.filter(
        committee=committee, status__in=OPEN_CONCERN_STATUSES, duplicate_of__isnull=True
    ).select_related("category")


# --- Recommendations at a date -------------------------------------------------------


def recommendation_status_on(recommendation: Recommendation, on: dt.date) -> str | None:
    """Status of the recommendation on date `on`, from its follow-up history; None if it
    was not adopted yet."""
    if recommendation.adopted_on > on:
        return None
    status = (
        recommendation.follow_ups.filter(on__lte=on)
        .order_by("-on", "-pk")
        .values_list("status", flat=True)
        .first()
    )
    return status or RecommendationStatus.OPEN


def status_on_expression(on: dt.date) -> Coalesce:
    latest = (
        FollowUp.objects.filter(recommendation=OuterRef("pk"), on__lte=on)
        .order_by("-on", "-pk")
        .values("status")[:1]
    )
    return Coalesce(Subquery(latest, output_field=CharField()), Value(RecommendationStatus.OPEN))


def with_status_on(qs: QuerySet[Recommendation], on: dt.date) -> QuerySet[Recommendation]:
    """Keep the recommendations adopted by `on`; annotate `status_on` and `overdue_on`."""
    return (
        qs.filter(adopted_on__lte=on)
        .annotate(status_on=status_on_expression(on))
        .annotate(
            overdue_on=Case(
                When(due_on__lt=on, status_on__in=PENDING, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


# --- Follow-up board -----------------------------------------------------------------


def board_recommendations(
    *,
    user: Any,
    on: dt.date | None = None,
    committee: Committee | None = None,
    region: Any = None,
    addressee: Any = None,
    category: Any = None,
    status: str = "",
    overdue: bool = False,
) -> QuerySet[Recommendation]:
    """Recommendations in the user's scope as of `on`, filtered as the board asks."""
    on = _today(on)
    qs = Recommendation.objects.visible_to(user)
    if committee is not None:
        qs = qs.filter(session__committee=committee)
    if region is not None:
        qs = qs.filter(session__committee__unit_id__in=units_inside_on(region, on))
    if addressee is not None:
        qs = qs.filter(addressee=addressee)
    if category is not None:
        qs = qs.filter(
            pk__in=Recommendation.objects.filter(concerns__category=category).values("pk")
        )
    qs = with_status_on(qs, on)
    if status:
        qs = qs.filter(status_on=status)
    if overdue:
        qs = qs.filter(overdue_on=True)
    return qs.select_related("session__committee__unit", "addressee").order_by(
        "-overdue_on", "due_on", "-adopted_on", "-pk"
    )


def _status_counts(field: str = "status_on") -> dict[str, Count]:
    counts = {
        s: Count("pk", filter=Q(**{field: s}), distinct=True) for s in RecommendationStatus.values
    }
    counts["total"] = Count("pk", distinct=True)
    counts["overdue"] = Count("pk", filter=Q(overdue_on=True), distinct=True)
    return counts


def _rate(done: int, total_: int, dropped: int = 0) -> Decimal | None:
    base = total_ - dropped
    return Decimal(done) / base if base else None


def board_figures(qs: QuerySet[Recommendation]) -> dict[str, Any]:
    """Totals by status, overdue count and implementation rate (done / not dropped)."""
    row = qs.order_by().aggregate(**_status_counts())
    row["rate"] = _rate(
        row[RecommendationStatus.DONE], row["total"], row[RecommendationStatus.DROPPED]
    )
    return row


def board_by_addressee(qs: QuerySet[Recommendation]) -> list[dict[str, Any]]:
    rows = list(
        qs.order_by()
        .values("addressee__name")
        .annotate(**_status_counts())
        .order_by("-total", "addressee__name")
    )
    for row in rows:
        row["rate"] = _rate(
            row[RecommendationStatus.DONE], row["total"], row[RecommendationStatus.DROPPED]
        )
    return rows


def board_by_category(qs: QuerySet[Recommendation]) -> list[dict[str, Any]]:
    """Recommendations per category of the concerns they answer (one recommendation
    answering concerns of two categories counts in both)."""
    rows = list(
        qs.order_by()
        .filter(concerns__isnull=False)
        .values("concerns__category__name")
        .annotate(**_status_counts())
        .order_by("-total", "concerns__category__name")
    )
    for row in rows:
        row["category"] = row.pop("concerns__category__name")
        row["rate"] = _rate(
            row[RecommendationStatus.DONE], row["total"], row[RecommendationStatus.DROPPED]
        )
    return rows


def quarter_ends(on: dt.date, count: int = 8) -> list[tuple[str, dt.date]]:
    """The last `count` quarters up to the one containing `on`: (label, last day or `on`)."""
    year, quarter = on.year, (on.month - 1) // 3
    result = []
    for _i in range(count):
        end_month = quarter * 3 + 3
        end = dt.date(year + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
        result.append((f"{year} T{quarter + 1}", min(end, on)))
        quarter -= 1
        if quarter < 0:
            year, quarter = year - 1, 3
    return list(reversed(result))


def implementation_by_quarter(
    qs: QuerySet[Recommendation], on: dt.date | None = None, count: int = 8
) -> list[dict[str, Any]]:
    """Implementation rate at the end of each quarter, read from the follow-up history:
    done / adopted by then and not dropped by then. One query for all quarters."""
    on = _today(on)
    quarters = quarter_ends(on, count)
    annotations = {f"s{i}": status_on_expression(end) for i, (_label, end) in enumerate(quarters)}
    aggregates: dict[str, Count] = {}
    for i, (_label, end) in enumerate(quarters):
        adopted = Q(adopted_on__lte=end)
        aggregates[f"total{i}"] = Count("pk", filter=adopted & ~Q(**{f"s{i}": "dropped"}))
        aggregates[f"done{i}"] = Count("pk", filter=adopted & Q(**{f"s{i}": "done"}))
    row = qs.order_by().annotate(**annotations).aggregate(**aggregates)
    return [
        {
            "label": label,
            "end": end,
            "total": row[f"total{i}"],
            "done": row[f"done{i}"],
            "rate": _rate(row[f"done{i}"], row[f"total{i}"]),
        }
        for i, (label, end) in enumerate(quarters)
    ]


# --- Minutes (procès-verbal) ---------------------------------------------------------


def session_detail_data(*, session: Session, personal: bool, user: Any) -> dict[str, Any]:
    """Everything the session page and its minutes show. Member names only when
    `personal`; otherwise members are counted by category. Concerns only those `user` may
    see (never one by one for partner viewers: they come from citizens and members), the
    others counted."""
    figures = session_figures(session)
    attendances = list(
        Attendance.objects.filter(session=session)
        .select_related("membership__person", "membership__category")
        .order_by("membership__category__order", "membership__person__full_name")
    )
    by_presence: dict[str, list[Attendance]] = {p: [] for p in Presence.values}
    for attendance in attendances:
        by_presence[attendance.presence].append(attendance)
    categories: OrderedDict[str, dict[str, int]] = OrderedDict()
    for attendance in attendances:
        row = categories.setdefault(
            str(attendance.membership.category), dict.fromkeys(Presence.values, 0)
        )
        row[attendance.presence] += 1
    guests = list(session.guests.select_related("category").order_by("category__order"))
    discussed = (
        Concern.objects.filter(
            Q(agenda_sessions=session) | Q(session=session) | Q(recommendations__session=session)
        )
        .distinct()
        .select_related("category", "unit")
        .order_by("-severity", "received_on", "pk")
    )
    visible = Concern.objects.visible_to(user).values("pk")
    shown = list(discussed.filter(pk__in=visible))
    agenda = list(
        session.agenda_concerns.filter(pk__in=visible).select_related("category").order_by("pk")
    )
    recommendations = (
        session.recommendations.select_related("addressee")
        .prefetch_related("concerns")
        .order_by("pk")
    )
    return {
        "session": session,
        "figures": figures,
        "personal": personal,
        "attendance_groups": (
            [(label, by_presence[value]) for value, label in Presence.choices] if personal else []
        ),
        "by_category": [(name, row) for name, row in categories.items()],
        "guests": guests,
        "concerns": shown,
        "concerns_hidden": discussed.count() - len(shown),
        "agenda": agenda,
        "recommendations": list(recommendations),
    }
