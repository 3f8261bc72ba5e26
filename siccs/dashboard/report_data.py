"""Data the progress report needs beyond the dashboard's figures (`selectors.py`).

Kept apart from the dashboard's selectors: these are read once per report, by the task
worker, and may cost more queries than the dashboard's fixed budget allows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from siccs.territory.models import AdministrativeUnit


@dataclass(frozen=True)
class Period:
    """The perspectives' horizon, shaped as the partners app's `Quarter` (start, end,
    label, key) so that its funding-gap rule can be asked about the same days."""

    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return _("%(start)s to %(end)s") % {
            "start": date_format(self.start, "j F Y"),
            "end": date_format(self.end, "j F Y"),
        }

    @property
    def key(self) -> str:
        # The calendar quarter most of the horizon falls in, for the partners' gap page.
        middle = self.start + (self.end - self.start) / 2
        return f"{middle.year}-{(middle.month - 1) // 3 + 1}"


def funding_gaps(*, scope: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The funding gaps of the perspectives' horizon with the partners app's rule (steps
    planned in the period that no commitment and no named partner covers, and required
    steps not yet scheduled), costed with the unit costs, grouped by the region each
    committee lay in on the report date and kept to the report's region if it has one."""
    from siccs.committees.models import Committee
    from siccs.partners import selectors as partner_selectors

    period = Period(start, end)
    # Judged as things stood on the report date: a past report keeps its past gaps.
    gaps = partner_selectors.funding_gaps(
        user=scope.user, quarter=period, on=scope.on, region_of=scope.region_of
    )
    items = [
        (d["committee_id"], d["committee__name"], d["step__name"], d["planned_on"], d["cost"])
        for d in gaps["details"]
    ] + [
        (p["committee_id"], p["committee_name"], p["name"], None, p["cost"])
        for p in gaps["pending"]
    ]
    unit_of = dict(
        Committee.objects.filter(pk__in={i[0] for i in items}).values_list("pk", "unit_id")
    )
    names = {
        pk: name
        for pk, name in AdministrativeUnit.objects.filter(
            pk__in={r for r in scope.region_of.values() if r is not None}
        ).values_list("pk", "name")
    }
    by_region: dict[int | None, dict[str, Any]] = defaultdict(
        lambda: {"committees": set(), "steps": 0, "unrecorded": 0, "cost": 0}
    )
    details = []
    for committee_id, committee, step, planned_on, cost in items:
        region_id = scope.region_of.get(unit_of.get(committee_id))
        if scope.region is not None and region_id != scope.region.pk:
            continue
        region = by_region[region_id]
        region["committees"].add(committee_id)
        region["steps" if planned_on else "unrecorded"] += 1
        region["cost"] += cost or 0
        details.append([names.get(region_id, "—"), committee, step, planned_on or "", cost or 0])
    rows = sorted(
        (
            [names.get(pk, "—"), len(v["committees"]), v["steps"], v["unrecorded"], v["cost"]]
            for pk, v in by_region.items()
        ),
        key=lambda r: (-r[4], r[0]),
    )
    header = [
        _("Region"),
        _("Committees"),
        _("Planned steps"),
        _("Steps not scheduled"),
        _("Estimated cost (FCFA)"),
    ]
    try:
        url = f"{reverse('partners:funding_gaps')}?{urlencode({'quarter': period.key, 'on': scope.on.isoformat()})}"
    except NoReverseMatch:
        url = ""
    return {
        "period": period,
        "header": header,
        "rows": rows,
        "details_header": [
            _("Region"),
            _("Committee"),
            _("Step"),
            _("Planned on"),
            _("Estimated cost (FCFA)"),
        ],
        "details": details,
        "committees": sum(r[1] for r in rows),
        "steps": sum(r[2] + r[3] for r in rows),
        "cost": sum(r[4] for r in rows),
        "url": url,
    }
