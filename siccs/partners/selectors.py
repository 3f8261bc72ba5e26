"""Reading partners' support: who does what where, funding gaps, a partner's progress.

Everything is computed in the database over what the user may see (`visible_to`).

Coverage rule (one place, used by the gaps and the per-committee table): a commitment
covers step `code` of committee C over a period when
- its period overlaps that period (for a dated step: contains its planned date),
- it is not limited to sessions,
- C is one of its committees (scope "committees") or lies inside its territory,
- its level is empty or C's level, and
- it names no step codes, or names `code`.
A step whose record already names a supporting partner is covered too.
For funding gaps (`funding_gaps`, `funding_gap_totals`) the commitment must moreover
stand committed or disbursed on the date the gaps are asked for (`covering_on`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext_lazy as _

from siccs.accounts.scoping import Action, is_national, partner_ids_of, user_has_action
from siccs.committees.models import Committee, Membership, Sex
from siccs.committees.selectors import CommitteeState, state_counts
from siccs.committees.selectors import region_names as committee_region_names
from siccs.core import dates as core_dates  # today in Bamako
from siccs.core.names import in_language
from siccs.partners.models import (
    Commitment,
    CommitmentScope,
    CommitmentStatus,
    CommitmentStatusChange,
    Partner,
    SupportKind,
    UnitCost,
)
from siccs.rollout.models import MethodologyStep, StepRecord, StepStatus
from siccs.rollout.selectors import installed_after
from siccs.territory.models import AdministrativeUnit
from siccs.territory.selectors import ancestor_at_level_map
from siccs.territory.time import region_names_on, region_of

# Joins partner names in SQL: a character no name contains.
UNIT_SEPARATOR = "\x1f"

# --- Who reads the analyses --------------------------------------------------------------


def may_read_analyses(user: Any) -> bool:
    """Who reads the funding gaps, the matrix and the support per committee: analysts over
    their scope, and partner viewers over what their partner supports and commits (the
    same selectors, narrowed by `visible_to`)."""
    return user_has_action(user, Action.ANALYSE) or bool(partner_ids_of(user))


# --- Quarters ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str | None, default: Quarter) -> Quarter:
        """`2027-1` (or `2027-Q1`) → first quarter of 2027; anything else → `default`."""
        try:
            year, number = (text or "").upper().replace("Q", "").replace("T", "").split("-")
            quarter = cls(int(year), int(number))
        except ValueError:
            return default
        return quarter if 1 <= quarter.number <= 4 and 2000 <= quarter.year <= 2100 else default

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        return self.next().start - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def label(self) -> str:
        # "T1 2027": trimestre, as the French administration writes it.
        return str(_("Q%(n)s %(year)s") % {"n": self.number, "year": self.year})

    @property
    def long_label(self) -> str:
        """The quarter and its days, to name the coming period on a page."""
        return period_label(self)


@dataclass(frozen=True)
class Year:
    """A whole calendar year: the gaps of a partners' annual programming, with the same
    interface as a quarter (start, end, key, label)."""

    year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def key(self) -> str:
        return str(self.year)

    @property
    def label(self) -> str:
        return str(self.year)

    @property
    def long_label(self) -> str:
        return period_label(self)


def period_label(period: Quarter | Year) -> str:
    """The period and its days, as "Q3 2021 (1 July to 30 September 2021)", in the
    current language."""
    from django.utils.formats import date_format

    return str(
        _("%(period)s (%(start)s to %(end)s)")
        % {
            "period": period.label,
            "start": date_format(period.start, "j F Y"),
            "end": date_format(period.end, "j F Y"),
        }
    )


def period_from(text: str | None, default: Quarter) -> Quarter | Year:
    """`2027` → the year 2027; `2027-1` (or `2027-Q1`) → its first quarter; anything
    else → `default`."""
    text = (text or "").strip()
    if text.isdigit() and len(text) == 4 and 2000 <= int(text) <= 2100:
        return Year(int(text))
    return Quarter.parse(text, default)


def next_quarter(today: dt.date | None = None) -> Quarter:
    return Quarter.of(today or core_dates.today()).next()


def coming_period(on: dt.date | None = None) -> Quarter:
    """THE coming period of funding gaps and perspectives, wherever they are shown
    (dashboard, gap page, progress report): the calendar quarter after the date, as
    partners programme by quarter. One definition, so that the three give one figure."""
    return next_quarter(on)


def period_choices(today: dt.date | None = None, on: dt.date | None = None) -> list[Quarter | Year]:
    """Each year then its quarters, from two years before to two years after today (and
    the date asked about, if earlier or later): enough for a workshop's questions, past
    reports included."""
    today = today or core_dates.today()
    days = [today] if on is None else [today, on]
    periods: list[Quarter | Year] = []
    for year in range(min(days).year - 2, max(days).year + 3):
        periods.append(Year(year))
        periods.extend(Quarter(year, n) for n in range(1, 5))
    return periods


# --- Shared SQL pieces -------------------------------------------------------------------


def covering(
    *, committee: Any, path: Any, level: Any, code: Any, start: Any, end: Any
) -> QuerySet[Commitment]:
    """Commitments covering step `code` of a committee over [start, end] (see the module rule).

    Every argument may be a value or an OuterRef, so that this is an EXISTS subquery."""
    return (
        Commitment.objects.exclude(scope=CommitmentScope.SESSIONS)
        .filter(start_on__lte=end, end_on__gte=start)
        .filter(
            Q(scope=CommitmentScope.COMMITTEES, committees=committee)
            | (~Q(scope=CommitmentScope.COMMITTEES) & Q(StartsWith(path, F("unit__path"))))
        )
        .filter(Q(level__isnull=True) | Q(level=level))
        .filter(Q(all_steps=True) | Q(steps__step_code=code))
    )


def region_names() -> dict[int | None, str]:
    """Region names (`committees.selectors.region_names`), with None for national rows."""
    names: dict[int | None, str] = dict(committee_region_names())
    names[None] = str(_("National"))
    return names


# --- Commitments -------------------------------------------------------------------------


def status_then(on: dt.date) -> Subquery:
    """The status of the outer commitment on `on`: its latest change dated on or before
    (NULL when it was not even announced yet)."""
    return Subquery(
        CommitmentStatusChange.objects.filter(commitment=OuterRef("pk"), on__lte=on)
        .order_by("-on", "-pk")
        .values("status")[:1],
        output_field=CharField(),
    )


def status_on(commitment: Commitment, on: dt.date) -> str | None:
    """The status one commitment had on `on`, read from its dated history."""
    change = commitment.status_changes.filter(on__lte=on).order_by("-on", "-pk").first()
    return change.status if change else None


def commitment_search(
    *,
    user: Any,
    partner: Partner | None = None,
    kind: str = "",
    status: str = "",
    region: AdministrativeUnit | None = None,
    on: dt.date | None = None,
) -> QuerySet[Commitment]:
    """The commitments the user may see, filtered as the list page asks. With `on`, each
    carries `status_then`, its status on that date, and those not yet announced are left
    out; the status filter then applies to the status of that date."""
    qs = Commitment.objects.visible_to(user).select_related("partner", "programme", "unit", "level")
    if partner is not None:
        qs = qs.filter(partner=partner)
    if kind:
        qs = qs.filter(kind=kind)
    if on is not None:
        qs = qs.annotate(status_then=status_then(on)).filter(status_then__isnull=False)
        if status:
            qs = qs.filter(status_then=status)
    elif status:
        qs = qs.filter(status=status)
    if region is not None:
        qs = qs.filter(unit__path__startswith=region.path)
    return qs.order_by("-start_on", "partner__acronym", "title")


def commitment_totals(commitments: QuerySet[Commitment]) -> dict[str, int]:
    """Sums in FCFA by current status and in all, in one query."""
    sums = {s: Coalesce(Sum("amount_fcfa", filter=Q(status=s)), 0) for s in CommitmentStatus.values}
    row = commitments.order_by().aggregate(total=Coalesce(Sum("amount_fcfa"), 0), **sums)
    return row


def commitment_totals_on(commitments: QuerySet[Commitment], on: dt.date) -> dict[str, int]:
    """Sums in FCFA by the status each commitment had on `on`, in one query; those not
    yet announced on that date count for nothing."""
    qs = commitments.order_by().annotate(then=status_then(on))
    sums = {s: Coalesce(Sum("amount_fcfa", filter=Q(then=s)), 0) for s in CommitmentStatus.values}
    return qs.aggregate(total=Coalesce(Sum("amount_fcfa", filter=Q(then__isnull=False)), 0), **sums)


# --- Who does what where -----------------------------------------------------------------


def who_does_what_where(*, user: Any, on: dt.date | None = None) -> dict[str, Any]:
    """Partners × regions by kind of support, amounts in FCFA, over commitments in force
    on `on` (all commitments when `on` is None). A commitment covering several regions
    (or the whole country) is counted under "National". Two queries."""
    qs = Commitment.objects.visible_to(user)
    if on is not None:
        qs = qs.filter(start_on__lte=on, end_on__gte=on)
    rows = list(
        qs.annotate(region_id=region_of(OuterRef("unit__path")))
        .order_by()
        .values("partner_id", "partner__acronym", "partner__name", "kind", "region_id")
        .annotate(amount=Sum("amount_fcfa"), n=Count("pk"))
    )
    names = region_names()
    region_ids = sorted(
        {r["region_id"] for r in rows}, key=lambda pk: (pk is not None, names.get(pk, ""))
    )
    partners: dict[int, dict[str, Any]] = {}
    kind_labels = dict(SupportKind.choices)
    for r in rows:
        partner = partners.setdefault(
            r["partner_id"],
            {
                "id": r["partner_id"],
                "name": r["partner__acronym"] or r["partner__name"],
                "cells": defaultdict(lambda: {"amount": 0, "kinds": set()}),
                "total": 0,
            },
        )
        cell = partner["cells"][r["region_id"]]
        cell["amount"] += r["amount"] or 0
        cell["kinds"].add(r["kind"])
        partner["total"] += r["amount"] or 0
    table = []
    for partner in sorted(partners.values(), key=lambda p: p["name"]):
        cells = []
        for region_id in region_ids:
            cell = partner["cells"].get(region_id)
            cells.append(
                {
                    # Named: on a phone each row is a card naming its regions.
                    "region": names.get(region_id, ""),
                    "amount": cell["amount"] if cell else None,
                    "kinds": [
                        str(kind_labels[k])
                        for k in SupportKind.values
                        if cell and k in cell["kinds"]
                    ],
                }
            )
        table.append(
            {
                "id": partner["id"],
                "name": partner["name"],
                "cells": cells,
                "total": partner["total"],
            }
        )
    region_totals = [
        sum(p["cells"][i]["amount"] or 0 for p in table) for i in range(len(region_ids))
    ]
    by_kind: dict[str, int] = dict.fromkeys(SupportKind.values, 0)
    kind_region: dict[tuple[str, int | None], int] = defaultdict(int)
    kind_partners: dict[tuple[str, int | None], set[str]] = defaultdict(set)
    for r in rows:
        by_kind[r["kind"]] += r["amount"] or 0
        kind_region[r["kind"], r["region_id"]] += r["amount"] or 0
        kind_partners[r["kind"], r["region_id"]].add(r["partner__acronym"] or r["partner__name"])
    # Kinds of support × regions: which partners bring what, where.
    kinds = [
        {
            "code": k,
            "label": kind_labels[k],
            "cells": [
                {
                    "region": names.get(pk, ""),
                    "amount": kind_region.get((k, pk)),
                    "partners": sorted(kind_partners.get((k, pk), ())),
                }
                for pk in region_ids
            ],
            "total": by_kind[k],
        }
        for k in SupportKind.values
        if by_kind[k] or any((k, pk) in kind_region for pk in region_ids)
    ]
    return {
        "regions": [{"id": pk, "name": names.get(pk, "")} for pk in region_ids],
        "rows": table,
        "kinds": kinds,
        "region_totals": region_totals,
        "named_region_totals": [
            (names.get(pk, ""), t) for pk, t in zip(region_ids, region_totals, strict=True)
        ],
        "total": sum(region_totals),
        "by_kind": [(k, kind_labels[k], by_kind[k]) for k in SupportKind.values],
    }


def committee_support(
    *, user: Any, region: AdministrativeUnit | None = None, on: dt.date | None = None
) -> dict[str, Any]:
    """Per committee, which partners support which step: the partner named on the step
    record, then the partners of commitments covering the step on the day it was done,
    else its planned day, else `on`. A partner viewer reads only its own commitments and
    its own partner's name ("another partner" for the others). One query for the records,
    one for the step columns, one for the partners the user may name."""
    on = on or core_dates.today()
    records = StepRecord.objects.visible_to(user).filter(
        committee__in=Committee.objects.visible_to(user)
    )
    if region is not None:
        records = records.filter(committee__unit__path__startswith=region.path)
    # Every partner whose commitment covers the step, by name, in one subquery: the
    # partners are the rows aggregated, so each appears once however many commitments.
    # A step done is judged on the day it was done, a step to come on its planned day.
    day = Coalesce(OuterRef(OuterRef("done_on")), OuterRef(OuterRef("planned_on")), Value(on))
    cover = covering(
        committee=OuterRef(OuterRef("committee_id")),
        path=OuterRef(OuterRef("committee__unit__path")),
        level=OuterRef(OuterRef("committee__level_id")),
        code=OuterRef(OuterRef("step__code")),
        start=day,
        end=day,
    )
    if not is_national(user):
        # A partner viewer never reads another partner's commitments, here neither.
        cover = cover.filter(pk__in=Commitment.objects.visible_to(user).values("pk"))
    shown = set(Partner.objects.visible_to(user).values_list("pk", flat=True))
    label = Coalesce(NullIf("acronym", Value("")), "name")
    partners = (
        Partner.objects.filter(pk__in=cover.values("partner_id"))
        .annotate(one=Value(1))
        .order_by()
        .values("one")
        .annotate(names=StringAgg(label, Value(UNIT_SEPARATOR)))
        .values("names")
    )
    rows = (
        records.annotate(covering_partner=Subquery(partners, output_field=CharField()))
        .values(
            "committee_id",
            "committee__name",
            "step__code",
            "status",
            "partner_id",
            "partner__acronym",
            "partner__name",
            "covering_partner",
        )
        .order_by("committee__name", "committee_id", "step__order")
    )
    steps = list(
        MethodologyStep.objects.filter(version__committees__in=Committee.objects.visible_to(user))
        .order_by("order")
        .values_list("code", "name")
        .distinct()
    )
    codes: list[str] = []
    names: dict[str, str] = {}
    for code, name in steps:
        if code not in names:
            codes.append(code)
            names[code] = name
    committees: dict[int, dict[str, Any]] = {}
    for r in rows:
        entry = committees.setdefault(
            r["committee_id"], {"id": r["committee_id"], "name": r["committee__name"], "steps": {}}
        )
        named = r["partner__acronym"] or r["partner__name"]
        if named and r["partner_id"] not in shown:
            named = str(_("another partner"))
        # Sorted here: SQLite before 3.44 cannot order inside an aggregate.
        covering_names = sorted((r["covering_partner"] or "").split(UNIT_SEPARATOR))
        supporters = ([named] if named else []) + [n for n in covering_names if n and n != named]
        entry["steps"][r["step__code"]] = {
            "partner": ", ".join(supporters),
            "partners": supporters,
            "done": r["status"] == StepStatus.DONE,
        }
    table = [
        {
            "id": c["id"],
            "name": c["name"],
            "cells": [c["steps"].get(code) for code in codes],
            # The same with each step's name: on a phone each row is a card naming them.
            "named_cells": [(names[code], c["steps"].get(code)) for code in codes],
        }
        for c in committees.values()
    ]
    return {"steps": [(code, names[code]) for code in codes], "rows": table}


# --- Funding gaps ------------------------------------------------------------------------

# A commitment covers a step in a gap analysis only once it stands committed (or
# disbursed): an announcement is a promise the partner may still withdraw, and a
# workshop asking "what remains to find" must not count it as money found. Steps covered
# only by an announcement stay gaps, flagged `announced` so the page can say who pledged.
COVERING_STATUSES = (CommitmentStatus.COMMITTED, CommitmentStatus.DISBURSED)


def covering_on(
    on: dt.date, *, committee: Any, path: Any, level: Any, code: Any, start: Any, end: Any
) -> QuerySet[Commitment]:
    """`covering`, kept to the commitments that stood committed or disbursed on `on` (by
    their dated status history: one announced on `on`, or not yet even announced, does
    not count)."""
    return (
        covering(committee=committee, path=path, level=level, code=code, start=start, end=end)
        .annotate(status_then=status_then(on))
        .filter(status_then__in=COVERING_STATUSES)
    )


def announced_on(
    on: dt.date, *, committee: Any, path: Any, level: Any, code: Any, start: Any, end: Any
) -> QuerySet[Commitment]:
    """`covering`, kept to the commitments only announced on `on`."""
    return (
        covering(committee=committee, path=path, level=level, code=code, start=start, end=end)
        .annotate(status_then=status_then(on))
        .filter(status_then=CommitmentStatus.ANNOUNCED)
    )


def _unit_cost(code_ref: Any, level_ref: Any) -> Subquery:
    """The unit cost of a step for a level, NULL when none is set: a step whose cost is
    unknown is not free, so it is counted apart (`unknown`), never summed as 0."""
    return Subquery(
        UnitCost.objects.filter(step_code=code_ref, level=level_ref).values("amount_fcfa")[:1],
        output_field=BigIntegerField(),
    )


def _passed_by(on: dt.date) -> Q:
    """Step records passed on `on`: done on or before it, or not applicable (undated).
    The rule of `committees.selectors.with_state`, so gaps and states agree."""
    return Q(status=StepStatus.NOT_APPLICABLE) | Q(done_on__isnull=False, done_on__lte=on)


def gap_records(
    *, user: Any, quarter: Quarter | Year, on: dt.date | None = None
) -> QuerySet[StepRecord]:
    """Steps still to do on `on` whose planned date falls in the quarter, that neither a
    partner named on the record nor a commitment committed by `on` covers (steps before
    an installation done by `on` are passed, as `committees.selectors` reads them).

    "Still to do" is read from the record's dates (`done_on` after `on` counts as not
    done), never from its current status. The partner named on a record is not dated:
    it counts as cover at any date. Each row carries `announced` (an announcement alone
    covered it on `on`) and `cost` (the unit cost of its step and level)."""
    on = on or core_dates.today()
    refs = {
        "committee": OuterRef("committee_id"),
        "path": OuterRef("committee__unit__path"),
        "level": OuterRef("committee__level_id"),
        "code": OuterRef("step__code"),
        "start": OuterRef("planned_on"),
        "end": OuterRef("planned_on"),
    }
    return (
        StepRecord.objects.visible_to(user)
        .filter(committee__in=Committee.objects.visible_to(user))
        .exclude(_passed_by(on))
        .filter(planned_on__gte=quarter.start, planned_on__lte=quarter.end, partner__isnull=True)
        .exclude(Exists(installed_after(on, OuterRef("committee_id"), OuterRef("step__order"))))
        .exclude(Exists(covering_on(on, **refs)))
        .annotate(
            announced=Exists(announced_on(on, **refs)),
            cost=_unit_cost(OuterRef("step__code"), OuterRef("committee__level_id")),
        )
    )


def gap_unrecorded(
    *, user: Any, quarter: Quarter | Year, on: dt.date | None = None
) -> QuerySet[MethodologyStep]:
    """Required steps of committees planned by the end of the quarter, not scheduled and
    still to do on `on`, that no commitment committed by `on` covers during the quarter:
    one row per (committee, step), as MethodologyStep rows annotated with their committee.

    A step counts here when it has no record, or a record with no planned date that was
    not passed by `on` and names no partner (a step recorded as done only later was still
    to do, unscheduled, on that date)."""
    on = on or core_dates.today()
    committees = Committee.objects.visible_to(user).filter(planned_on__lte=quarter.end)
    accounted = StepRecord.objects.filter(
        committee=OuterRef("committee_id"), step=OuterRef("pk")
    ).filter(Q(planned_on__isnull=False) | Q(partner__isnull=False) | _passed_by(on))
    refs = {
        "committee": OuterRef("committee_id"),
        "path": OuterRef("committee_path"),
        "level": OuterRef("committee_level_id"),
        "code": OuterRef("code"),
        "start": quarter.start,
        "end": quarter.end,
    }
    return (
        MethodologyStep.objects.filter(required=True, version__committees__in=committees)
        .annotate(
            committee_id=F("version__committees__pk"),
            committee_name=F("version__committees__name"),
            committee_level_id=F("version__committees__level_id"),
            committee_unit_id=F("version__committees__unit_id"),
            committee_path=F("version__committees__unit__path"),
        )
        .exclude(Exists(accounted))
        .exclude(Exists(installed_after(on, OuterRef("committee_id"), OuterRef("order"))))
        .exclude(Exists(covering_on(on, **refs)))
        .annotate(
            announced=Exists(announced_on(on, **refs)),
            cost=_unit_cost(OuterRef("code"), OuterRef("committee_level_id")),
        )
    )


def _gap_scope(
    on: dt.date | None, quarter: Quarter | Year | None, region_of: dict[int, int | None] | None
) -> tuple[dt.date, Quarter, dict[int, int | None]]:
    on = on or core_dates.today()
    quarter = quarter or coming_period(on)
    return on, quarter, region_of if region_of is not None else ancestor_at_level_map(on)


def funding_gaps(
    *,
    user: Any,
    quarter: Quarter | Year | None = None,
    on: dt.date | None = None,
    region_of: dict[int, int | None] | None = None,
) -> dict[str, Any]:
    """The funding gap of a quarter as it stood on `on` (default today; the quarter
    defaults to the one after `on`), by region: how many committees and steps lack
    support and their estimated cost (unit costs), plus the detailed rows.

    Steps still to do on `on` (read from their dated records), commitments as they stood
    on `on` (committed or disbursed then, see `COVERING_STATUSES`; their period holds the
    step's planned date, or meets the quarter for unscheduled steps), committees grouped
    by the region in force on `on` (`territory.selectors.ancestor_at_level_map`, or the
    `region_of` map a caller already holds). Six queries, four with `region_of`."""
    on, quarter, region_of = _gap_scope(on, quarter, region_of)
    dated = gap_records(user=user, quarter=quarter, on=on)
    unrecorded = gap_unrecorded(user=user, quarter=quarter, on=on)
    by_region: dict[int | None, dict[str, Any]] = defaultdict(
        lambda: {"steps": 0, "cost": 0, "unknown": 0, "committees": set(), "unrecorded": 0}
    )
    details = list(
        dated.values(
            "committee_id",
            "committee__name",
            "committee__unit_id",
            "committee__level__name",
            "step__code",
            "step__name",
            "step__name_en",
            "planned_on",
            "announced",
            "cost",
        ).order_by("planned_on", "committee__name", "step__order")
    )
    pending = list(
        unrecorded.values(
            "committee_id",
            "committee_name",
            "committee_unit_id",
            "code",
            "name",
            "name_en",
            "announced",
            "cost",
        ).order_by("committee_name", "committee_id", "order")
    )
    for rows, unit, counter in (
        (details, "committee__unit_id", "steps"),
        (pending, "committee_unit_id", "unrecorded"),
    ):
        for row in rows:
            row["region_id"] = region_of.get(row[unit])
            region = by_region[row["region_id"]]
            region[counter] += 1
            if row["cost"] is None:
                region["unknown"] += 1
            else:
                region["cost"] += row["cost"]
            region["committees"].add(row["committee_id"])
    names = region_names_on(by_region, on)
    regions = [
        {
            "id": pk,
            "name": names.get(pk, ""),
            "committees": len(v["committees"]),
            "steps": v["steps"],
            "unrecorded": v["unrecorded"],
            "cost": v["cost"],
            "unknown": v["unknown"],
        }
        for pk, v in by_region.items()
    ]
    regions.sort(key=lambda r: (-r["cost"], r["name"]))
    for row in details:
        row["region"] = names.get(row["region_id"], "")
        row["step__name"] = in_language(row["step__name"], row.pop("step__name_en"))
    for row in pending:
        row["region"] = names.get(row["region_id"], "")
        row["name"] = in_language(row["name"], row.pop("name_en"))
    return {
        "on": on,
        "quarter": quarter,
        "regions": regions,
        "details": details,
        "pending": pending,
        "committees": len(set().union(*[set()] + [v["committees"] for v in by_region.values()])),
        "steps": sum(r["steps"] + r["unrecorded"] for r in regions),
        "cost": sum(r["cost"] for r in regions),
        "unknown": sum(r["unknown"] for r in regions),
        "announced_cost": sum(row["cost"] or 0 for row in details + pending if row["announced"]),
    }


def funding_gap_totals(
    *,
    user: Any,
    on: dt.date | None = None,
    quarter: Quarter | Year | None = None,
    region_of: dict[int, int | None] | None = None,
) -> dict[str, Any]:
    """The figures of `funding_gaps` without the rows, for the dashboard: committees with
    a gap, steps without support and their cost, in all and by region (same rule, same
    date). Per committee in SQL (one UNION query for scheduled and unscheduled steps),
    then by region in memory: three queries with the caller's `region_of` map (the
    user's assignments, the gaps, the region names), five without."""
    on, quarter, region_of = _gap_scope(on, quarter, region_of)
    per_committee = [
        qs.order_by()
        .values(*unit)
        .annotate(
            steps=Count("pk"),
            amount=Coalesce(Sum("cost"), 0),
            unknown=Count("pk", filter=Q(cost__isnull=True)),
        )
        .values_list(*unit, "steps", "amount", "unknown")
        for qs, unit in (
            (
                gap_records(user=user, quarter=quarter, on=on),
                ("committee_id", "committee__unit_id"),
            ),
            (
                gap_unrecorded(user=user, quarter=quarter, on=on),
                ("committee_id", "committee_unit_id"),
            ),
        )
    ]
    by_region: dict[int | None, dict[str, Any]] = defaultdict(
        lambda: {"committees": set(), "steps": 0, "amount_fcfa": 0, "unknown": 0}
    )
    combined = per_committee[0].union(per_committee[1], all=True).order_by()
    for committee_id, unit_id, steps, amount, unknown in combined:
        region = by_region[region_of.get(unit_id)]
        region["committees"].add(committee_id)
        region["steps"] += steps
        region["amount_fcfa"] += amount or 0
        region["unknown"] += unknown
    names = region_names_on(by_region, on) if by_region else {}
    regions = sorted(
        (
            {
                "id": pk,
                "name": names.get(pk, ""),
                "committees": len(v["committees"]),
                "steps": v["steps"],
                "amount_fcfa": v["amount_fcfa"],
                "unknown": v["unknown"],
            }
            for pk, v in by_region.items()
        ),
        key=lambda r: (-r["amount_fcfa"], r["name"]),
    )
    return {
        "on": on,
        "quarter": quarter,
        "committees": len(set().union(set(), *(v["committees"] for v in by_region.values()))),
        "steps": sum(r["steps"] for r in regions),
        "amount_fcfa": sum(r["amount_fcfa"] for r in regions),
        "unknown": sum(r["unknown"] for r in regions),
        "by_region": regions,
    }


# --- A partner's view --------------------------------------------------------------------


def supported_committees(partner_id: int) -> QuerySet[Committee]:
    """The committees a partner supports (the rule of `Committee.scope_partner_q`)."""
    return Committee.objects.filter(
        pk__in=Committee._base_manager.filter(Committee.scope_partner_q(partner_id)).values("pk")
    )


def progress(committees: QuerySet[Committee], on: dt.date) -> dict[str, Any]:
    """Counts and shares by state, members and women: aggregates only, never names.
    Two queries."""
    counts = state_counts(committees, on)
    total = sum(counts.values())
    members = Membership.objects.filter(
        committee__in=committees.filter(planned_on__lte=on).values("pk"), active=True
    ).aggregate(n=Count("pk"), women=Count("pk", filter=Q(person__sex=Sex.FEMALE)))
    installed = counts[CommitteeState.INSTALLED] + counts[CommitteeState.FUNCTIONAL]
    return {
        "total": total,
        "states": [
            {
                "code": s,
                "label": CommitteeState.LABELS[s],
                "n": counts[s],
                "share": counts[s] / total if total else None,
            }
            for s in CommitteeState.ORDER
        ],
        "installed": installed,
        "installed_share": installed / total if total else None,
        "members": members["n"],
        "women": members["women"],
        "women_share": members["women"] / members["n"] if members["n"] else None,
    }


def partner_progress(*, partner_id: int, on: dt.date | None = None) -> dict[str, Any]:
    return progress(supported_committees(partner_id), on or core_dates.today())


def national_progress(*, on: dt.date | None = None) -> dict[str, Any]:
    """National aggregates, open to every authenticated user: figures, never rows."""
    return progress(Committee.objects.all(), on or core_dates.today())


def amount_share(part: int, whole: int) -> Decimal | None:
    return Decimal(part) / Decimal(whole) if whole else None
