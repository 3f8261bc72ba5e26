"""What each role finds on its home page, read through the existing selectors.

- *National roles* keep the dashboard, the national picture they work from.
- *A focal point* sees the committees of its region by cercle and commune, with their
  state today, the stalled ones, the steps due (late, or planned within DUE_WITHIN_DAYS)
  and the citizen reports waiting for triage.
- *A secretary* sees their committee: where it stands, the last session and its PV, when
  the next ordinary session is due to stay functional, the recommendations due and the
  open concerns.
- *A partner viewer* sees what its partner supports, its commitments, and the funding
  gaps of the coming quarter among the committees of its territory, each a link.

Nothing here filters by scope: every read goes through `visible_to(user, action)`, in
these selectors or in the ones they call.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q

from siccs.accounts.scoping import Action, Role, assignments_of, is_national, partner_ids_of
from siccs.committees.models import Committee
from siccs.committees.selectors import CommitteeState, committee_list
from siccs.territory.models import AdministrativeUnit, Level

DUE_WITHIN_DAYS = 30  # steps planned this soon are "due" on a focal point's home
LIST_LIMIT = 8  # rows of each short list; the full lists are a link away
SESSION_INTERVAL_DAYS = 30  # communal committees meet about monthly (ordinary sessions)


def home_kind(user: Any) -> str:
    """Which home a user gets, by the widest of their roles: national, focal point,
    secretary, partner viewer; "none" for an account without a role yet."""
    if is_national(user):
        return "national"
    roles = {a.role for a in assignments_of(user)}
    for role, kind in (
        (Role.FOCAL_POINT, "focal_point"),
        (Role.SECRETARY, "secretary"),
        (Role.PARTNER_VIEWER, "partner"),
    ):
        if role in roles:
            return kind
    return "none"


# --- Focal point -----------------------------------------------------------------------


def _state_cells(counts: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {"state": s, "label": CommitteeState.LABELS[s], "n": counts.get(s, 0)}
        for s in CommitteeState.ORDER
        if counts.get(s)
    ]


def region_overview(*, user: Any, on: dt.date) -> dict[str, Any]:
    """The committees the user may see, by cercle then commune, with their state on `on`
    (the tree in force on that date, as the dashboard reads it). Four queries."""
    from siccs.territory.selectors import ancestor_at_level_map

    rows = list(
        committee_list(user=user, on=on)
        .order_by("unit__name", "name")
        .values("pk", "name", "unit_id", "unit__name", "state", "current_step_name")
    )
    cercle_of = ancestor_at_level_map(on, Level.CERCLE)
    names = dict(
        AdministrativeUnit.objects.visible_to(user)
        .filter(pk__in={cercle_of.get(r["unit_id"]) for r in rows} - {None})
        .values_list("pk", "name")
    )
    cercles: dict[int | None, dict[str, Any]] = {}
    for row in rows:
        cercle_id = cercle_of.get(row["unit_id"])
        cercle = cercles.setdefault(
            cercle_id,
            {
                "id": cercle_id,
                "name": names.get(cercle_id, ""),
                "counts": defaultdict(int),
                "communes": {},
                "total": 0,
            },
        )
        cercle["counts"][row["state"]] += 1
        cercle["total"] += 1
        commune = cercle["communes"].setdefault(
            row["unit_id"], {"id": row["unit_id"], "name": row["unit__name"], "committees": []}
        )
        commune["committees"].append(
            {**row, "state_label": CommitteeState.LABELS.get(row["state"], "")}
        )
    result = sorted(cercles.values(), key=lambda c: (c["id"] is None, c["name"]))
    for cercle in result:
        cercle["cells"] = _state_cells(cercle["counts"])
        cercle["installed"] = sum(
            cercle["counts"].get(s, 0)
            for s in (CommitteeState.INSTALLED, CommitteeState.FUNCTIONAL)
        )
        cercle["stalled"] = cercle["counts"].get(CommitteeState.STALLED, 0)
        cercle["communes"] = sorted(cercle["communes"].values(), key=lambda c: c["name"])
    stalled = [r for r in rows if r["state"] == CommitteeState.STALLED]
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[row["state"]] += 1
    return {
        "cercles": result,
        "total": len(rows),
        "cells": _state_cells(totals),
        "stalled": stalled[:LIST_LIMIT],
        "stalled_count": len(stalled),
    }


def steps_due(*, user: Any, on: dt.date) -> dict[str, Any]:
    """Steps not done of the committees the user may change, late or planned within
    DUE_WITHIN_DAYS, the longest overdue first. Two queries."""
    from siccs.rollout.models import StepRecord, StepStatus

    OPEN = (StepStatus.PLANNED, StepStatus.IN_PROGRESS, StepStatus.BLOCKED)

    records = (
        StepRecord.objects.visible_to(user, Action.CHANGE)
        .filter(status__in=OPEN, planned_on__lte=on + dt.timedelta(days=DUE_WITHIN_DAYS))
        .exclude(planned_on__isnull=True)
        # Only steps of the version each committee follows: older versions are history.
        .filter(step__version=F("committee__methodology_version"))
    )
    counts = records.aggregate(total=Count("pk"), late=Count("pk", filter=Q(planned_on__lt=on)))
    rows = list(
        records.select_related("committee__unit", "step").order_by("planned_on", "pk")[:LIST_LIMIT]
    )
    for record in rows:
        record.late = record.planned_on < on
    return {"rows": rows, "total": counts["total"], "late": counts["late"]}


def reports_to_triage(*, user: Any) -> dict[str, Any] | None:
    """Citizen reports not yet qualified, for those who triage them. Two queries."""
    from siccs.accounts.scoping import user_has_action
    from siccs.citizens.selectors import report_list
    from siccs.meetings.models import ConcernStatus

    if not user_has_action(user, Action.TRIAGE):
        return None
    waiting = report_list(user=user, status=ConcernStatus.RECEIVED)
    return {"waiting": waiting.count(), "status": ConcernStatus.RECEIVED}


def focal_point_home(*, user: Any, on: dt.date) -> dict[str, Any]:
    regions = sorted({a.unit.name for a in assignments_of(user) if a.role == Role.FOCAL_POINT})
    return {
        "regions": regions,
        "overview": region_overview(user=user, on=on),
        "steps": steps_due(user=user, on=on),
        "reports": reports_to_triage(user=user),
        "due_days": DUE_WITHIN_DAYS,
    }


# --- Secretary ------------------------------------------------------------------------


def committee_card(*, user: Any, committee: Committee, on: dt.date) -> dict[str, Any]:
    """One committee as its secretary follows it (about eight queries)."""
    from siccs.meetings.models import Session, SessionKind
    from siccs.meetings.selectors import PENDING, board_recommendations, committee_panel
    from siccs.meetings.selectors import concern_search as concerns_of

    panel = committee_panel(user=user, committee=committee, on=on)
    last_ordinary = (
        Session.objects.visible_to(user)
        .filter(committee=committee, kind=SessionKind.ORDINARY, held_on__lte=on)
        .order_by("-held_on", "-pk")
        .first()
    )
    last = panel["sessions"][0] if panel["sessions"] else None
    next_session = None
    if last_ordinary is not None:
        next_session = {
            "expected": last_ordinary.held_on + dt.timedelta(days=SESSION_INTERVAL_DAYS),
            "functional_until": last_ordinary.held_on
            + dt.timedelta(days=settings.FUNCTIONAL_WITHIN_DAYS),
        }
        next_session["late"] = next_session["functional_until"] < on
    recommendations = board_recommendations(user=user, on=on, committee=committee).filter(
        status_on__in=PENDING
    )
    concerns = concerns_of(user=user, committee=committee, status="open", duplicates=False)
    return {
        "committee": committee,
        "state_label": CommitteeState.LABELS.get(getattr(committee, "state", ""), ""),
        "panel": panel,
        "last_session": last,
        "next_session": next_session,
        "recommendations": list(recommendations[:LIST_LIMIT]),
        "recommendations_count": panel["pending_recommendations"],
        "concerns": list(concerns[:LIST_LIMIT]),
        "concerns_count": panel["open_concerns"],
    }


def secretary_home(*, user: Any, on: dt.date) -> dict[str, Any]:
    """The committees the secretary records for (usually one), each as a card; a
    secretary over many committees gets the first ones and the list behind them."""
    changeable = Committee.objects.visible_to(user, Action.CHANGE).values("pk")
    committees = list(
        committee_list(user=user, on=on).filter(pk__in=changeable).order_by("name")[:4]
    )
    return {
        "cards": [committee_card(user=user, committee=c, on=on) for c in committees[:3]],
        "more": len(committees) > 3,
    }


# --- Partner viewer --------------------------------------------------------------------


def partner_home(*, user: Any, on: dt.date) -> dict[str, Any]:
    """The partner's committees and commitments, and the gaps of the coming quarter among
    the committees of its territory (what nobody funds yet), each a link."""
    from siccs.partners.models import Partner
    from siccs.partners.selectors import (
        commitment_search,
        commitment_totals,
        funding_gaps,
        next_quarter,
        partner_progress,
    )

    own = sorted(partner_ids_of(user))
    partners = list(Partner.objects.visible_to(user).filter(pk__in=own).order_by("name"))
    commitments = commitment_search(user=user)
    gaps = funding_gaps(user=user, quarter=next_quarter(on), on=on)
    by_committee: dict[int, dict[str, Any]] = {}
    for row in gaps["details"]:
        item = by_committee.setdefault(
            row["committee_id"],
            {"id": row["committee_id"], "name": row["committee__name"], "steps": [], "cost": 0},
        )
        item["steps"].append(row["step__name"])
        item["cost"] += row["cost"] or 0
    for row in gaps["pending"]:
        item = by_committee.setdefault(
            row["committee_id"],
            {"id": row["committee_id"], "name": row["committee_name"], "steps": [], "cost": 0},
        )
        item["steps"].append(row["name"])
        item["cost"] += row["cost"] or 0
    gap_rows = sorted(by_committee.values(), key=lambda g: (-g["cost"], g["name"]))
    return {
        "partners": partners,
        "progress": partner_progress(partner_id=own[0], on=on) if own else None,
        "commitments": list(commitments[:LIST_LIMIT]),
        "commitments_count": commitments.count(),
        "totals": commitment_totals(commitments),
        "gaps": {
            "quarter": gaps["quarter"],
            "rows": gap_rows[:LIST_LIMIT],
            "committees": len(gap_rows),
            "cost": gaps["cost"],
        },
    }
