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


def funding_gaps(*, user: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The funding gaps of the perspectives' horizon by region, with the partners app's rule
    (steps planned in the period that no commitment and no named partner covers, and
    required steps not yet scheduled), costed with the unit costs; rows ready for the
    report's three formats."""
    from siccs.partners import selectors as partner_selectors

    period = Period(start, end)
    gaps = partner_selectors.funding_gaps(user=user, quarter=period)
    header = [
        _("Region"),
        _("Committees"),
        _("Planned steps"),
        _("Steps not scheduled"),
        _("Estimated cost (FCFA)"),
    ]
    rows = [
        [r["name"] or "—", r["committees"], r["steps"], r["unrecorded"], r["cost"]]
        for r in gaps["regions"]
    ]
    details = [
        [d["region"], d["committee__name"], d["step__name"], d["planned_on"], d["cost"]]
        for d in gaps["details"]
    ] + [[p["region"], p["committee_name"], p["name"], "", p["cost"]] for p in gaps["pending"]]
    try:
        url = f"{reverse('partners:funding_gaps')}?{urlencode({'quarter': period.key})}"
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
        "committees": gaps["committees"],
        "steps": gaps["steps"],
        "cost": gaps["cost"],
        "url": url,
    }
