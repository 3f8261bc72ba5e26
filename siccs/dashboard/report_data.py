"""Data the progress report needs beyond the dashboard's figures (`selectors.py`).

Kept apart from the dashboard's selectors: these are read once per report, by the task
worker, and may cost more queries than the dashboard's fixed budget allows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _


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
    from siccs.partners import selectors as partner_selectors

    period = Period(start, end)
    # Judged as things stood on the report date: a past report keeps its past gaps.
    gaps = partner_selectors.funding_gaps(
        user=scope.user, quarter=period, on=scope.on, region_of=scope.region_of
    )
    # The partners' rule already groups by the region of the report date, with its name
    # then; the report only keeps its own region when it has one.
    keep = scope.region.pk if scope.region is not None else None

    def kept(region_id: int | None) -> bool:
        return keep is None or region_id == keep

    rows = [
        [r["name"], r["committees"], r["steps"], r["unrecorded"], r["cost"]]
        for r in gaps["regions"]
        if kept(r["id"])
    ]
    details = [
        [d["region"], d["committee__name"], d["step__name"], d["planned_on"], d["cost"] or 0]
        for d in gaps["details"]
        if kept(d["region_id"])
    ] + [
        [p["region"], p["committee_name"], p["name"], "", p["cost"] or 0]
        for p in gaps["pending"]
        if kept(p["region_id"])
    ]
    header = [
        _("Region"),
        _("Committees"),
        _("Planned steps"),
        _("Steps not scheduled"),
        _("Estimated cost (FCFA)"),
    ]
    try:
        query = urlencode({"quarter": period.key, "on": scope.on.isoformat()})
        url = f"{reverse('partners:funding_gaps')}?{query}"
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
