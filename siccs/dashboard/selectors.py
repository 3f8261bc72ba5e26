"""The figures of the dashboard and of the progress report, for a user's scope and a date.

Every figure is computed in the database for the committees the user may see
(`Committee.objects.visible_to(user)`) as they stood on the chosen date: states come
from the one state rule (`committees.selectors.state_expression` over `state_inputs`,
what `with_state` annotates), regions from the
territorial structure in force on that date (`territory.selectors.ancestor_at_level_map`),
so that a committee of Douentza commune counts under Mopti in 2021 and under Douentza
after the 2024 reform. The whole dashboard is a fixed number of queries whatever the
size of the country: grouped queries (GROUP BY with conditional counts) and one round
trip for the scalar figures. Some figures read columns that the meetings and citizens
services keep beside their histories (`siccs.meetings.denormalised`), so that none reads
a history row by row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.urls import get_script_prefix, get_urlconf, reverse

from siccs.accounts.scoping import Action, is_national, is_partner_only
from siccs.committees.models import Committee, Membership, Sex
from siccs.committees.selectors import (
    CommitteeState,
    progress_expression,
    state_counts,
    state_expression,
    state_inputs,
)
from siccs.core import dates as core_dates  # today in Bamako
from siccs.core.dates import day_end
from siccs.core.names import chooser, in_language
from siccs.dashboard import rawsql
from siccs.dashboard.rawsql import json_list, json_rows, median_sql, one_row
from siccs.meetings.models import (
    Concern,
    FollowUp,
    Recommendation,
    RecommendationStatus,
    Session,
    SessionKind,
)
from siccs.notifications.selectors import satisfaction_answers, satisfaction_table
from siccs.rollout.models import StepRecord
from siccs.rollout.selectors import lagging_records
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.selectors import ancestor_at_level_map

SESSION_MONTHS = 24  # sessions per month: the two years up to the date
ATTENDANCE_MONTHS = 12  # share of women among attendees: sessions of the last year
INSTALLED = (CommitteeState.INSTALLED, CommitteeState.FUNCTIONAL)


# --- Helpers -----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _committee_list_path(prefix: str, urlconf: Any) -> str:
    """The list's path, resolved once: a page links to it about two hundred times. Keyed
    on what reverse() depends on, so that an overridden prefix or urlconf is honoured."""
    return reverse("committees:committee_list", urlconf=urlconf)


def committees_url(on: dt.date, **filters: Any) -> str:
    """The committees list behind a figure, filtered the same way (empty filters dropped)."""
    query = {"on": on.isoformat()}
    query.update({k: v for k, v in filters.items() if v not in (None, "", False)})
    path = _committee_list_path(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return f"{path}?{urlencode(query)}"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, current = [], month_start(first)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _count(condition: Q | None = None) -> Func:
    """COUNT over the rows of a one-row aggregate (no GROUP BY), optionally conditional."""
    inner = Case(When(condition, then=Value(1))) if condition is not None else Value(1)
    return Func(inner, function="COUNT", output_field=IntegerField())


def _sum(expression: Any) -> Func:
    return Func(expression, function="SUM", output_field=IntegerField())


class RegionOf(Func):
    """`CASE WHEN unit IN (…) THEN region … END` for a unit → region mapping, written
    directly: the same SQL as a Case of When(unit__in=…) per region, without Django
    resolving a lookup per region on every request (ids are integers from the database,
    inlined; the lists are long and the same for every row)."""

    output_field = IntegerField()

    def __init__(self, expression: Any, *, by_region: dict[int, list[int]]) -> None:
        super().__init__(expression)
        self.by_region = {int(r): sorted(int(u) for u in ids) for r, ids in by_region.items()}

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        column, params = compiler.compile(self.source_expressions[0])
        if not self.by_region:
            return "NULL", []
        whens = " ".join(
            f"WHEN {column} IN ({', '.join(map(str, ids))}) THEN {region}"
            for region, ids in sorted(self.by_region.items())
        )
        return f"CASE {whens} ELSE NULL END", list(params) * len(self.by_region)


# --- Scope --------------------------------------------------------------------------------


@dataclass
class Scope:
    """Who asks, for which date, optionally narrowed to one region (as it stood then)."""

    user: Any
    on: dt.date
    region: AdministrativeUnit | None = None
    region_of: dict[int, int | None] = field(default_factory=dict)

    @classmethod
    def build(cls, user: Any, on: dt.date, region: AdministrativeUnit | None = None) -> Scope:
        return cls(user=user, on=on, region=region, region_of=ancestor_at_level_map(on))

    def units_in_region(self) -> list[int]:
        assert self.region is not None
        return [pk for pk, r in self.region_of.items() if r == self.region.pk]

    def committees(self) -> QuerySet[Committee]:
        qs = Committee.objects.visible_to(self.user)
        if self.region is not None:
            qs = qs.filter(unit_id__in=self.units_in_region())
        return qs

    @property
    def everything(self) -> bool:
        """Whether every committee is in scope (a national user, no region chosen)."""
        return self.region is None and is_national(self.user, Action.VIEW)

    def restrict(self, queryset: QuerySet, committee: str = "committee") -> QuerySet:
        """Rows of `queryset` whose committee (reached by `committee`) is in scope. Every
        row has a committee, so with the whole country in scope there is nothing to filter
        and the database is spared a semi-join over every row."""
        if self.everything:
            return queryset
        return queryset.filter(**{f"{committee}__in": self.committees().values("pk")})

    def region_expression(self, unit: str | Any = "unit_id") -> Func:
        """The region the unit (a field name or an expression) lay in on the date, as a
        SQL CASE."""
        by_region: dict[int, list[int]] = defaultdict(list)
        for unit_id, region_id in self.region_of.items():
            if region_id is not None:
                by_region[region_id].append(unit_id)
        return RegionOf(F(unit) if isinstance(unit, str) else unit, by_region=by_region)

    def link(self, **filters: Any) -> str:
        if self.region is not None:
            filters.setdefault("region", self.region.pk)
        return committees_url(self.on, **filters)


# --- Committees by state, level, region, step --------------------------------------------


def committee_rows(scope: Scope) -> list[dict[str, Any]]:
    """One grouped query: committees by region (as of the date), level, state, current
    step and month of installation, with how many are supported by a partner.

    The current step is grouped by its methodology version and order (with_state's
    `current_step_order`, a subquery computed once per committee) and named by a join on
    those keys, rather than selecting its order, name and code as three subqueries that
    each look for the first step not passed."""
    supported = StepRecord.objects.filter(committee=OuterRef("pk"), partner__isnull=False)
    facts = (
        state_inputs(scope.committees(), scope.on)
        .annotate(has_partner=Exists(supported))
        .order_by()
        .values(
            "level_id",
            "planned_on",
            "methodology_version_id",
            "unit_id",
            "installed_on",
            "last_done_on",
            "last_started_on",
            "last_session_on",
            "current_step_order",
            "has_partner",
        )
    )
    # The state is computed over the facts as a derived table (`rawsql.committee_groups`),
    # so that each fact's subquery runs once per committee rather than once per mention
    # in the state rule.
    dates = {
        name: rawsql.column(rawsql.FACTS, name, DateField())
        for name in ("planned_on", "installed_on", "last_done_on", "last_started_on")
    }
    progress = progress_expression(
        planned_on=dates["planned_on"],
        last_done_on=dates["last_done_on"],
        last_started_on=dates["last_started_on"],
    )
    state = state_expression(
        scope.on,
        installed_on=dates["installed_on"],
        last_done_on=dates["last_done_on"],
        last_started_on=dates["last_started_on"],
        last_session_on=rawsql.column(rawsql.FACTS, "last_session_on", DateField()),
        progress_on=progress,
    )
    fetched = rawsql.committee_groups(
        facts,
        state=state,
        region=scope.region_expression(rawsql.column(rawsql.FACTS, "unit_id", IntegerField())),
        month=MonthOf(dates["installed_on"]),
    )
    rows = []
    named = chooser()
    for (
        level_id,
        level_name,
        level_name_en,
        unit_level,
        state_value,
        code,
        step_name,
        step_name_en,
        order,
        region_id,
        month,
        n,
        n_supported,
    ) in fetched:
        rows.append(
            {
                "level_id": level_id,
                "level__name": named(level_name, level_name_en),
                "level__unit_level": unit_level,
                "state": state_value,
                "current_step_order": order,
                "current_step_code": code if order is not None else None,
                "current_step_name": named(step_name, step_name_en) if order is not None else None,
                "region_id": region_id,
                "installed_month": dt.date.fromisoformat(f"{month}-01") if month else None,
                "n": n,
                "n_supported": n_supported,
            }
        )
    return rows


def _state_cells(scope: Scope, counts: dict[str, int], **filters: Any) -> list[dict[str, Any]]:
    return [
        {"state": s, "n": counts.get(s, 0), "url": scope.link(state=s, **filters)}
        for s in CommitteeState.ORDER
    ]


def by_state(scope: Scope, rows: list[dict[str, Any]]) -> dict[str, Any]:
    totals: dict[str, int] = defaultdict(int)
    levels: dict[int, dict[str, Any]] = {}
    regions: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        totals[row["state"]] += row["n"]
        level = levels.setdefault(
            row["level_id"],
            {
                "id": row["level_id"],
                "name": row["level__name"],
                "unit_level": row["level__unit_level"],
                "counts": defaultdict(int),
            },
        )
        level["counts"][row["state"]] += row["n"]
        regions[row["region_id"]][row["state"]] += row["n"]
    return {"totals": dict(totals), "levels": levels, "regions": regions}


def installed_per_month(scope: Scope, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cumulative installations by month, from the month of the first one to the date."""
    per_month: dict[dt.date, int] = defaultdict(int)
    for row in rows:
        if row["installed_month"] is not None:
            per_month[row["installed_month"]] += row["n"]
    if not per_month:
        return []
    total, series = 0, []
    for month in months_between(min(per_month), scope.on):
        total += per_month.get(month, 0)
        series.append({"month": month, "new": per_month.get(month, 0), "total": total})
    return series


def steps(scope: Scope, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where committees stand on the methodology: count per current step, stalled apart."""
    table: dict[str, dict[str, Any]] = {}
    for row in rows:
        code = row["current_step_code"] or ""
        item = table.setdefault(
            code,
            {
                "code": code,
                "name": row["current_step_name"] or "",
                "order": row["current_step_order"] or 999,
                "n": 0,
                "stalled": 0,
            },
        )
        item["n"] += row["n"]
        if row["state"] == CommitteeState.STALLED:
            item["stalled"] += row["n"]
    result = sorted(table.values(), key=lambda i: (i["order"], i["name"]))
    for item in result:
        item["url"] = scope.link(step=item["code"]) if item["code"] else ""
        item["stalled_url"] = (
            scope.link(step=item["code"], state=CommitteeState.STALLED) if item["code"] else ""
        )
    return result


# --- Territory: regions and the national target -----------------------------------------


def region_table(
    scope: Scope,
    regions: dict[int | None, dict[str, int]],
    region_rows: list[dict[str, Any]],
    targets: dict[int | None, dict[str, int]],
    lagging: dict[int | None, list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """Every region in scope on the date, zeros included (those with a target in force
    then, and any holding a committee), with its committees by state and its coverage:
    installed and functional committees against its target of the date. A region whose
    coverage is below the whole scope's is `lagging`; `reasons` lists its blocked and
    late steps (`lagging_steps`)."""
    names = {r["pk"]: r["name"] for r in region_rows}
    total_target = sum(t["regions"] + t["communes"] for t in targets.values())
    total_installed = sum(counts.get(s, 0) for counts in regions.values() for s in INSTALLED)
    overall = ratio(total_installed, total_target)
    table = []
    for region_id in {*regions, *(pk for pk in targets if pk is not None)}:
        counts = regions.get(region_id, {})
        target = targets.get(region_id, {})
        target_n = target.get("regions", 0) + target.get("communes", 0)
        installed = sum(counts.get(s, 0) for s in INSTALLED)
        functional = counts.get(CommitteeState.FUNCTIONAL, 0)
        share = ratio(installed, target_n)
        table.append(
            {
                "id": region_id,
                "name": names.get(region_id, "—"),
                "cells": _state_cells(scope, counts, region=region_id),
                "total": sum(counts.values()),
                "installed": installed,
                "functional": functional,
                "target": target_n,
                "share": share,
                "functional_share": ratio(functional, target_n),
                "lagging": share is not None and overall is not None and share < overall,
                "reasons": lagging.get(region_id, []),
                "url": scope.link(region=region_id) if region_id else "",
            }
        )
    table.sort(key=lambda r: (r["id"] is None, r["name"]))
    return table


def supported_targets(rows: list[dict[str, Any]]) -> dict[int | None, dict[str, int]]:
    """A partner viewer's denominators by region: the committees in its scope (those its
    partner supports) counted on the date, regional and communal apart, from the rows
    already read (no query)."""
    targets: dict[int | None, dict[str, int]] = defaultdict(lambda: {"regions": 0, "communes": 0})
    for row in rows:
        key = "regions" if row["level__unit_level"] == Level.REGION else "communes"
        targets[row["region_id"]][key] += row["n"]
    return dict(targets)


def national_coverage(on: dt.date) -> dict[str, Any]:
    """The national figure shown beside a partner's own: installed and functional
    committees of the whole country against the national target of the date (one
    committee per region and per commune in force). Aggregates only, never rows, as
    `partners.selectors.national_progress` gives every user. Two queries."""
    counts = state_counts(Committee.objects.all(), on)
    target = (
        AdministrativeUnit.objects.in_force(on)
        .filter(level__in=(Level.REGION, Level.COMMUNE))
        .count()
    )
    installed = sum(counts[s] for s in INSTALLED)
    functional = counts[CommitteeState.FUNCTIONAL]
    return {
        "installed": installed,
        "functional": functional,
        "target": target,
        "share": ratio(installed, target),
        "functional_share": ratio(functional, target),
    }


def lagging_steps(scope: Scope) -> dict[int | None, list[dict[str, Any]]]:
    """Per region (as it stood on the date), the steps holding committees back: blocked,
    with the reasons given, then late (`rollout.selectors.lagging_records`), each with
    how many committees it holds. One grouped query."""
    rows = (
        scope.restrict(lagging_records(scope.on))
        .order_by()
        .values(
            "step__code",
            "step__name",
            "step__name_en",
            "step__order",
            "blocked_then",
            "blocked_reason",
            region_id=scope.region_expression("committee__unit_id"),
        )
        .annotate(n=Count("pk"))
    )
    by_region: dict[int | None, dict[tuple[bool, str], dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        key = (row["blocked_then"], row["step__code"])
        item = by_region[row["region_id"]].setdefault(
            key,
            {
                "step": in_language(row["step__name"], row["step__name_en"]),
                "order": row["step__order"],
                "blocked": bool(row["blocked_then"]),
                "n": 0,
                "reasons": [],
            },
        )
        item["n"] += row["n"]
        reason = (row["blocked_reason"] or "").strip()
        if row["blocked_then"] and reason and reason not in item["reasons"]:
            item["reasons"].append(reason)
    return {
        region_id: sorted(items.values(), key=lambda i: (not i["blocked"], i["order"]))
        for region_id, items in by_region.items()
    }


def regions_on(on: dt.date) -> list[dict[str, Any]]:
    """Regions (and the District de Bamako) with their names, for labels and the filter."""
    rows = list(
        AdministrativeUnit.objects.filter(level=Level.REGION)
        .order_by("name")
        .values(
            "pk",
            "name",
            "path",
            "valid_from",
            "valid_to",
            "boundary",
            "centre_lat",
            "centre_lon",
            "predecessor_id",  # the map joins a region not yet created to its source
        )
    )
    for row in rows:
        row["in_force"] = (row["valid_from"] is None or row["valid_from"] <= on) and (
            row["valid_to"] is None or row["valid_to"] > on
        )
    return rows


def targets_by_region(scope: Scope) -> dict[int | None, dict[str, int]]:
    """The target of the date within the scope, by region as it stood then: one committee
    per region (and the District) and per commune in force on the date. One query for
    the units (a thousand short rows), grouped here by the region map the scope holds:
    cheaper than a CASE over every unit id in the database."""
    units = AdministrativeUnit.objects.visible_to(scope.user).in_force(scope.on)
    if scope.region is not None:
        units = units.filter(pk__in=scope.units_in_region())
    targets: dict[int | None, dict[str, int]] = defaultdict(lambda: {"regions": 0, "communes": 0})
    rows = units.filter(level__in=(Level.REGION, Level.COMMUNE)).order_by()
    for pk, level in rows.values_list("pk", "level"):
        targets[scope.region_of.get(pk)]["regions" if level == Level.REGION else "communes"] += 1
    return dict(targets)


# --- Activity: sessions, members, attendees, recommendations, concerns --------------------


class MonthOf(Func):
    """The month of a date as "YYYY-MM" text: plain text functions of both databases,
    where Django's TruncMonth goes through a Python function per row on SQLite."""

    output_field = CharField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        sql, params = compiler.compile(self.source_expressions[0])
        # A date cast to a plain timestamp: to_char would otherwise convert it to a
        # timestamp with time zone, row by row.
        return f"to_char(CAST({sql} AS timestamp), 'YYYY-MM')", list(params)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"substr({sql}, 1, 7)", list(params)


def sessions_per_month(scope: Scope) -> list[dict[str, Any]]:
    """Sessions by kind and month, grouped in the database over the index on the date."""
    first = add_months(month_start(scope.on), -(SESSION_MONTHS - 1))
    rows = (
        scope.restrict(Session.objects.filter(held_on__gte=first, held_on__lte=scope.on))
        .order_by()
        .values("kind", month=MonthOf("held_on"))
        .annotate(n=Count("*"))  # not the id: the index on the date covers the rest
    )
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        table[row["month"]][row["kind"]] += row["n"]
    result = []
    for month in months_between(first, scope.on):
        counts = table.get(month.strftime("%Y-%m"), {})
        result.append(
            {
                "month": month,
                "counts": {k: counts.get(k, 0) for k in SessionKind.values},
                "total": sum(counts.values()),
            }
        )
    return result


def scalar_parts(scope: Scope) -> dict[str, Any]:
    """One-row aggregates (members, attendees, recommendations, concerns, citizen
    reports, and the small table of citizens' satisfaction as JSON), run together by
    `one_row` in a single round trip.

    Attendees, recommendations followed and concerns answered read the columns that
    `siccs.meetings.denormalised` keeps beside their histories, so that none of them
    reads a history row by row."""
    from siccs.citizens.models import CitizenReport

    on = scope.on
    members = scope.restrict(
        Membership.objects.filter(
            Q(start_on__isnull=True) | Q(start_on__lte=on),
            Q(end_on__isnull=True, active=True) | Q(end_on__gt=on),
            committee__planned_on__lte=on,
        )
    )
    window = add_months(month_start(on), -(ATTENDANCE_MONTHS - 1))
    sessions = scope.restrict(Session.objects.filter(held_on__gte=window, held_on__lte=on))
    recommendations = scope.restrict(
        Recommendation.objects.filter(adopted_on__lte=on), "session__committee"
    )
    # The follow-up in force on the date, one per recommendation followed by then (a
    # follow-up is never dated before its recommendation's adoption).
    follow_ups = scope.restrict(
        FollowUp.objects.filter(
            Q(superseded_on__isnull=True) | Q(superseded_on__gt=on), on__lte=on
        ),
        "recommendation__session__committee",
    )
    concerns = scope.restrict(
        Concern.objects.filter(received_on__lte=on, duplicate_of__isnull=True)
    )
    answered = concerns.filter(answered_on__lte=on)
    reports = CitizenReport.objects.visible_to(scope.user, Action.VIEW).filter(
        received_at__lt=day_end(on)
    )
    if scope.region is not None:
        reports = reports.filter(commune_id__in=scope.units_in_region())
    answered_reports = reports.filter(answered_at__lt=day_end(on))
    # Citizens' satisfaction with the answers, by commune and quarter, up to the date.
    satisfaction = satisfaction_answers(
        user=scope.user,
        until=day_end(on),
        communes=scope.units_in_region() if scope.region is not None else None,
    )
    return {
        "mb": members.order_by()
        .annotate(members_total=_count(), members_women=_count(Q(person__sex=Sex.FEMALE)))
        .values("members_total", "members_women"),
        "at": sessions.order_by()
        .annotate(
            attendees_total=_sum(F("present_members")),
            attendees_women=_sum(F("present_women")),
            guests_women_total=_sum(F("guests_women")),
            guests_men_total=_sum(F("guests_men")),
        )
        .values("attendees_total", "attendees_women", "guests_women_total", "guests_men_total"),
        "rc": recommendations.order_by()
        .annotate(recommendations_adopted=_count())
        .values("recommendations_adopted"),
        "fu": follow_ups.order_by()
        .annotate(
            recommendations_followed=_count(),
            recommendations_done=_count(Q(status=RecommendationStatus.DONE)),
        )
        .values("recommendations_followed", "recommendations_done"),
        "cc": concerns.order_by()
        .annotate(concerns_received=_count(), concerns_answered=_count(Q(answered_on__lte=on)))
        .values("concerns_received", "concerns_answered"),
        "cm": median_sql(answered, F("answer_days"), "concerns_median"),
        "cr": reports.order_by()
        .annotate(
            reports_received=_count(),
            reports_answered=_count(Q(answered_at__lt=day_end(on))),
        )
        .values("reports_received", "reports_answered"),
        "rm": median_sql(answered_reports, F("answer_delay"), "reports_median"),
        "st": json_rows(satisfaction, "satisfaction_rows"),
    }


def partner_rows(scope: Scope) -> list[dict[str, Any]]:
    """Per partner: committees whose setting-up it supports, and steps done with it."""
    rows = (
        StepRecord.objects.filter(
            committee__in=scope.committees().filter(planned_on__lte=scope.on).values("pk"),
            partner__isnull=False,
        )
        .order_by()
        .values(
            "partner_id",
            "partner__acronym",
            "partner__name",
            "partner__acronym_en",
            "partner__name_en",
        )
        .annotate(
            committees=Count("committee", distinct=True),
            steps_done=Count("pk", filter=Q(done_on__isnull=False, done_on__lte=scope.on)),
        )
    )
    result = [
        {
            "id": r["partner_id"],
            "name": in_language(r["partner__acronym"], r["partner__acronym_en"])
            or in_language(r["partner__name"], r["partner__name_en"]),
            "full_name": in_language(r["partner__name"], r["partner__name_en"]),
            "committees": r["committees"],
            "steps_done": r["steps_done"],
            "url": scope.link(partner=r["partner_id"]),
        }
        for r in rows
    ]
    result.sort(key=lambda r: (-r["committees"], r["name"]))
    return result


# --- Partners' funding gaps (siccs.partners) ------------------------------------------------


def funding_gap_summary(
    *, user: Any, on: dt.date, region: AdministrativeUnit | None = None
) -> dict[str, Any]:
    """The partners' funding gap of the coming period (`partners.selectors.coming_period`,
    their rule, as it stood on `on`), in all or for one region as it stood then, with the
    page that details it. Steps without a unit cost are counted apart (`unknown`)."""
    from siccs.partners.selectors import coming_period, funding_gap_totals

    quarter = coming_period(on)
    totals = funding_gap_totals(
        user=user, on=on, quarter=quarter, region_of=ancestor_at_level_map(on)
    )
    keys = ("committees", "steps", "amount_fcfa", "unknown")
    source: dict[str, Any] | None = totals
    if region is not None:
        source = next((r for r in totals["by_region"] if r["id"] == region.pk), None)
    figures = {k: source[k] if source else 0 for k in keys}
    query = urlencode({"on": on.isoformat(), "quarter": quarter.key})
    return {
        **figures,
        "on": on,
        "quarter": quarter,
        "region": region,
        "url": f"{reverse('partners:funding_gaps')}?{query}",
    }


# --- Everything together -------------------------------------------------------------------


def ratio(part: int | None, whole: int | None) -> float | None:
    return (part or 0) / whole if whole else None


def dashboard_figures(
    *, user: Any, on: dt.date | None = None, region: AdministrativeUnit | None = None
) -> dict[str, Any]:
    """Every figure of the dashboard for `user`'s scope on `on` (optionally one region)."""
    on = on or core_dates.today()
    scope = Scope.build(user, on, region)  # 2 queries
    region_rows = regions_on(on)  # 1 query
    rows = committee_rows(scope)  # 1 query
    states = by_state(scope, rows)
    scalars = one_row(**scalar_parts(scope))  # 1 query
    sessions = sessions_per_month(scope)  # 1 query
    partners = partner_rows(scope)  # 1 query
    partner_only = is_partner_only(user)
    # A partner viewer's denominators are the committees its partner supports, not the
    # national target: the national figure is given beside them (`national_coverage`).
    targets = supported_targets(rows) if partner_only else targets_by_region(scope)  # 1 query
    lagging = lagging_steps(scope)  # 1 query

    totals = states["totals"]
    total = sum(totals.values())
    installed = sum(totals.get(s, 0) for s in INSTALLED)
    supported = sum(r["n_supported"] for r in rows)
    installed_by_unit_level: dict[int, int] = defaultdict(int)
    for row in rows:
        if row["state"] in INSTALLED:
            installed_by_unit_level[row["level__unit_level"]] += row["n"]
    target_regions = sum(t["regions"] for t in targets.values())
    target_communes = sum(t["communes"] for t in targets.values())
    target = target_regions + target_communes
    levels = sorted(states["levels"].values(), key=lambda lv: (lv["unit_level"], lv["name"]))
    for level in levels:
        level["cells"] = _state_cells(scope, level["counts"], level=level["id"])
        level["total"] = sum(level["counts"].values())
        level["url"] = scope.link(level=level["id"])
    attendees = (scalars["attendees_total"] or 0) + (scalars["guests_women_total"] or 0)
    attendees += scalars["guests_men_total"] or 0
    attendees_women = (scalars["attendees_women"] or 0) + (scalars["guests_women_total"] or 0)
    return {
        "on": on,
        "region": region,
        "scope": scope,
        "regions": region_rows,
        "rows": rows,
        "national": is_national(user),
        "partner_only": partner_only,
        "national_coverage": national_coverage(on) if partner_only else None,
        "total": total,
        "total_url": scope.link(),
        "states": _state_cells(scope, totals),
        "installed": installed,
        "levels": levels,
        "by_region": region_table(scope, states["regions"], region_rows, targets, lagging),
        "target": {
            "regions": target_regions,
            "communes": target_communes,
            "total": target,
            "installed": installed,
            "installed_regions": installed_by_unit_level.get(Level.REGION, 0),
            "installed_communes": installed_by_unit_level.get(Level.COMMUNE, 0),
            "share": ratio(installed, target),
            "functional": totals.get(CommitteeState.FUNCTIONAL, 0),
            "functional_share": ratio(totals.get(CommitteeState.FUNCTIONAL, 0), target),
            "installed_url": scope.link(state=CommitteeState.INSTALLED),
            "functional_url": scope.link(state=CommitteeState.FUNCTIONAL),
        },
        "installations": installed_per_month(scope, rows),
        "steps": steps(scope, rows),
        "stalled": totals.get(CommitteeState.STALLED, 0),
        "stalled_url": scope.link(state=CommitteeState.STALLED),
        "sessions": sessions,
        "sessions_total": sum(m["total"] for m in sessions),
        "women": {
            "members": scalars["members_women"] or 0,
            "members_total": scalars["members_total"] or 0,
            "members_share": ratio(scalars["members_women"], scalars["members_total"]),
            "attendees": attendees_women,
            "attendees_total": attendees,
            "attendees_share": ratio(attendees_women, attendees),
        },
        "recommendations": {
            "adopted": scalars["recommendations_adopted"] or 0,
            "done": scalars["recommendations_done"] or 0,
            "followed": scalars["recommendations_followed"] or 0,
            "share": ratio(scalars["recommendations_done"], scalars["recommendations_adopted"]),
        },
        "concerns": {
            "received": scalars["concerns_received"] or 0,
            "answered": scalars["concerns_answered"] or 0,
            "share": ratio(scalars["concerns_answered"], scalars["concerns_received"]),
            "median_days": _float(scalars["concerns_median"]),
        },
        "reports": {
            "received": scalars["reports_received"] or 0,
            "answered": scalars["reports_answered"] or 0,
            "share": ratio(scalars["reports_answered"], scalars["reports_received"]),
            "median_days": rawsql.duration_days(scalars["reports_median"]),
        },
        # The share of citizens satisfied with the answers, by commune and quarter.
        "satisfaction": satisfaction_table(json_list(scalars["satisfaction_rows"])),
        "partners": partners,
        "coverage": {
            "supported": supported,
            "share": ratio(supported, total),
            "without": total - supported,
            "without_url": scope.link(no_partner=1),
        },
    }
