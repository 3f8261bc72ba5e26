"""Reads of the citizen channel: the triage queue with its time limits, the public
status of a report, outbound SMS, and the figures of the transparency page."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import defaultdict
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from siccs.citizens.conf import conf
from siccs.citizens.models import CitizenReport, OutboundSms
from siccs.core import dates
from siccs.meetings.models import Concern, ConcernStatus, ConcernStatusChange

OPEN_STATUSES = [
    ConcernStatus.RECEIVED,
    ConcernStatus.QUALIFIED,
    ConcernStatus.FORWARDED,
    ConcernStatus.ANSWERED,
]


AGES = {"1": dt.timedelta(days=1), "7": dt.timedelta(days=7), "30": dt.timedelta(days=30)}
SORTS = {
    "-received": ["-received_at", "-pk"],
    "received": ["received_at", "pk"],
    "due": [F("due_at").asc(nulls_last=True), "received_at"],
    "commune": [F("commune__name").asc(nulls_first=True), "-received_at"],
    "status": ["public_state", "-received_at"],
}


def report_list(
    *,
    user: Any,
    status: str = "",
    channel: str = "",
    query: str = "",
    age: str = "",
    overdue: bool = False,
    sort: str = "-received",
    now: dt.datetime | None = None,
) -> QuerySet:
    """Reports the user may triage, with `status_since` (date of the last step),
    `public_state` and `due_at` computed in SQL, so that filters and sorting on the state,
    the channel, the age and the delay apply to every report, not to a page of them.

    `query` finds a tracking code (`k7m4qx` finds `K7M-4QX`), a commune (accents ignored)
    or words of the description and place: every word must match one of them."""
    now = now or timezone.now()
    last_change = Subquery(
        ConcernStatusChange.objects.filter(concern=OuterRef("concern"))
        .order_by("-at", "-pk")
        .values("at")[:1],
        output_field=DateTimeField(),
    )
    public_state = Coalesce(
        F("concern__duplicate_of__status"),
        F("concern__status"),
        Case(
            When(answered_at__isnull=False, then=Value(ConcernStatus.ANSWERED)),
            default=Value(ConcernStatus.RECEIVED),
        ),
        output_field=CharField(),
    )
    due_at = Case(
        *[
            When(
                public_state=state,
                then=ExpressionWrapper(
                    F("status_since") + Value(dt.timedelta(days=days)),
                    output_field=DateTimeField(),
                ),
            )
            for state, days in conf("CITIZEN_STEP_DAYS").items()
        ],
        default=None,
        output_field=DateTimeField(),
    )
    qs = (
        CitizenReport.objects.visible_to(user)
        .select_related("category", "commune", "commune__parent", "concern", "concern__committee")
        .annotate(status_since=Coalesce(last_change, "received_at"), public_state=public_state)
        .annotate(due_at=due_at)
    )
    if status:
        qs = qs.filter(public_state=status)
    if channel:
        qs = qs.filter(channel=channel)
    if age == "old":
        qs = qs.filter(received_at__lt=now - AGES["30"])
    elif age in AGES:
        qs = qs.filter(received_at__gte=now - AGES[age])
    if overdue:
        qs = qs.filter(due_at__lt=now)
    for word in query.split()[:8]:
        qs = qs.filter(_word_matches(word))
    return qs.order_by(*SORTS.get(sort, SORTS["-received"]))


def _word_matches(word: str) -> Q:
    from siccs.citizens.services import normalise_code
    from siccs.territory.names import name_key

    matches = Q(description__icontains=word) | Q(place_detail__icontains=word)
    key = name_key(word)
    if key:
        matches |= Q(commune__name_key__contains=key)
    code = normalise_code(word)
    if code:
        matches |= Q(tracking_code=code)
    elif 3 <= len(word) <= 7 and re.fullmatch(r"[0-9A-Za-z-]+", word):
        matches |= Q(tracking_code__contains=word.upper())
    return matches


def public_status(report: CitizenReport) -> str:
    """What the reporter sees: the status of the concern it became (or was merged into)."""
    concern = report.concern
    if concern is not None and concern.duplicate_of_id:
        concern = concern.duplicate_of
    if concern is not None:
        return concern.status
    return ConcernStatus.ANSWERED if report.answered_at else ConcernStatus.RECEIVED


def answered_in_committee_on(report: CitizenReport) -> dt.date | None:
    """The day the committee answered the concern a report became (or was merged into),
    when the report has no written public answer yet: answered in a session, the tracking
    page says so and when, instead of "no answer yet" beside the status "answered"."""
    if report.answer_text:
        return None
    concern = report.concern
    if concern is not None and concern.duplicate_of_id:
        concern = concern.duplicate_of
    if concern is None or concern.status != ConcernStatus.ANSWERED:
        return None
    return concern.answered_on


def deadline(status: str, since: dt.datetime) -> dt.datetime | None:
    days = conf("CITIZEN_STEP_DAYS").get(status)
    if days is None:
        return None
    try:
        return since + dt.timedelta(days=days)
    except OverflowError:  # a date at the end of the calendar must not break a page
        return None


def decorate(reports: list[CitizenReport], now: dt.datetime | None = None) -> list[CitizenReport]:
    """Set `public_status`, `due_at` and `overdue` on each report of a page (no query)."""
    now = now or timezone.now()
    for report in reports:
        # report_list computed both in SQL; a single report read elsewhere has neither.
        report.public_status = getattr(report, "public_state", None) or public_status(report)
        report.public_status_label = ConcernStatus(report.public_status).label
        if not hasattr(report, "due_at"):
            since = getattr(report, "status_since", None) or report.received_at
            report.due_at = deadline(report.public_status, since)
        report.overdue = bool(report.due_at and report.due_at < now)
    return reports


def track(code: str) -> CitizenReport | None:
    """The report behind a tracking code, for the public page (status and answer only)."""
    if not code:
        return None
    return (
        CitizenReport.objects.select_related("concern", "concern__duplicate_of")
        .filter(tracking_code=code)
        .first()
    )


def receipt(code: str) -> dict[str, Any] | None:
    """What the receipt tells the reporter: which committee level receives the report
    (`communal`, `regional`, `district`, or `national` triage), the usual delay to an answer
    in days, and whether an SMS answer will come (a phone was given)."""
    report = (
        CitizenReport.objects.select_related(
            "concern__committee__level", "concern__committee__unit"
        )
        .filter(tracking_code=code)
        .first()
    )
    if report is None:
        return None
    from siccs.territory.models import Level

    committee = report.concern.committee if report.concern else None
    if committee is None:
        level = "national"
    elif committee.unit.level == Level.COMMUNE:
        level = "communal"
    else:
        level = "district" if committee.level.code == "district" else "regional"
    return {
        "level": level,
        "unit": committee.unit.name if committee is not None else "",
        "days": usual_answer_days(),
        "sms": bool(report.reporter_phone),
    }


def usual_answer_days() -> int:
    """The median days to an answer over the answered concerns; without any yet, the time
    limits of the steps before the answer (CITIZEN_STEP_DAYS)."""
    median = median_days_to_answer()
    if median is not None:
        return max(1, round(median))
    steps = conf("CITIZEN_STEP_DAYS")
    return sum(steps.get(s, 0) for s in ("received", "qualified", "forwarded")) or 1


def outbound_list(*, user: Any, state: str = "") -> QuerySet:
    qs = OutboundSms.objects.visible_to(user).select_related("report")
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-pk")


def held_sms() -> dict[str, Any] | None:
    """The alert shown to national administrators while the hourly ceiling holds messages:
    how many wait and when the next one leaves; None when nothing waits."""
    from siccs.citizens.models import SmsState

    held = OutboundSms.objects.filter(state=SmsState.HELD).aggregate(
        count=Count("pk"), next_at=Min("next_attempt_at")
    )
    return held if held["count"] else None


def national_admin_emails() -> list[str]:
    """Addresses of the national administrators (and superusers), for operational alerts."""
    from django.contrib.auth import get_user_model

    from siccs.accounts.scoping import Role

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    national = Q(
        assignments__active=True,
        assignments__role=Role.NATIONAL_ADMIN,
        assignments__unit__parent__isnull=True,
    )
    return sorted(
        set(users.filter(national | Q(is_superuser=True)).values_list("email", flat=True))
    )


def history(report: CitizenReport) -> QuerySet:
    if report.concern_id is None:
        return ConcernStatusChange.objects.none()
    return ConcernStatusChange.objects.filter(concern=report.concern).select_related("by")


# --- Transparency (public, aggregated, no personal data) -----------------------------


def committees_by_region(on: dt.date | None = None) -> list[dict[str, Any]]:
    """Per region: committees installed (or functional) on `on`, regional and communal."""
    from siccs.committees.models import Committee
    from siccs.committees.selectors import CommitteeState, with_state
    from siccs.territory.models import AdministrativeUnit, Level

    on = on or dates.today()
    regions = {
        u.pk: u
        for u in AdministrativeUnit.objects.filter(level=Level.REGION).in_force(on).order_by("name")
    }
    rows: dict[int, dict[str, Any]] = {
        pk: {"region": u, "installed": 0, "functional": 0, "planned": 0, "states": {}}
        for pk, u in regions.items()
    }
    committees = with_state(Committee.objects.all(), on).values_list("unit__path", "state")
    for path, state in committees:
        ids = [int(p) for p in path.strip("/").split("/") if p]
        region_id = next((i for i in ids if i in rows), None)
        if region_id is None:
            continue
        row = rows[region_id]
        row["planned"] += 1
        row["states"][state] = row["states"].get(state, 0) + 1
        if state in (CommitteeState.INSTALLED, CommitteeState.FUNCTIONAL):
            row["installed"] += 1
        if state == CommitteeState.FUNCTIONAL:
            row["functional"] += 1
    return list(rows.values())


def concerns_per_month(months: int = 12) -> list[dict[str, Any]]:
    """Concerns received and answered per month over the last `months` months."""
    today = dates.today()
    start = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    counts: dict[dt.date, dict[str, int]] = defaultdict(lambda: {"received": 0, "answered": 0})
    for month in (
        Concern.objects.filter(received_on__gte=start)
        .annotate(month=TruncMonth("received_on"))
        .values_list("month", flat=True)
    ):
        counts[_month(month)]["received"] += 1
    first_answers = (
        ConcernStatusChange.objects.filter(status=ConcernStatus.ANSWERED)
        .values("concern")
        .annotate(first=Min("at"))
        .filter(first__date__gte=start)
        .values_list("first", flat=True)
    )
    for at in first_answers:
        counts[_month(timezone.localtime(at).date())]["answered"] += 1
    result = []
    month = start
    while month <= today:
        result.append({"month": month, **counts[month]})
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return result


def _month(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.replace(day=1)


def median_days_to_answer() -> float | None:
    """Median days between a concern's receipt and its first answer, over one query."""
    rows = (
        ConcernStatusChange.objects.filter(status=ConcernStatus.ANSWERED)
        .values("concern")
        .annotate(first=Min("at"))
        .values_list("concern__received_on", "first")
    )
    delays = [
        max(0, (timezone.localtime(first).date() - received_on).days) for received_on, first in rows
    ]
    return statistics.median(delays) if delays else None
