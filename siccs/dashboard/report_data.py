"""The funding gaps of the progress report, with the partners app's rule.

Kept apart from the dashboard's selectors: read once per report, by the task worker.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _


def funding_gaps(*, scope: Any, period: Any, regions: list[dict[str, Any]]) -> dict[str, Any]:
    """The funding gaps of the coming period (`partners.selectors.coming_period`, the
    period the dashboard and the gap page show) with the partners app's rule, as things
    stood on the report date: one row per region of the report's region table (`regions`,
    zeros included), then the steps one by one. A step without a unit cost is counted
    apart ("unknown"), never priced at nothing."""
    from siccs.partners import selectors as partner_selectors

    # Judged as things stood on the report date: a past report keeps its past gaps.
    gaps = partner_selectors.funding_gaps(
        user=scope.user, quarter=period, on=scope.on, region_of=scope.region_of
    )
    keep = scope.region.pk if scope.region is not None else None

    def kept(region_id: int | None) -> bool:
        return keep is None or region_id == keep

    found = {r["id"]: r for r in gaps["regions"] if kept(r["id"])}
    order = [r["id"] for r in regions] + [
        pk for pk in found if pk not in {r["id"] for r in regions}
    ]
    names = {r["id"]: r["name"] for r in regions} | {pk: r["name"] for pk, r in found.items()}
    empty = {"committees": 0, "steps": 0, "unrecorded": 0, "cost": 0, "unknown": 0}
    rows = []
    for pk in order:
        r = found.get(pk, empty)
        rows.append(
            [
                names.get(pk, ""),
                r["committees"],
                r["steps"],
                r["unrecorded"],
                r["cost"],
                r["unknown"],
            ]
        )
    unknown = _("unknown")
    not_scheduled = _("not scheduled")
    details = [
        [
            d["region"],
            d["committee__name"],
            d["step__name"],
            d["planned_on"].strftime("%d/%m/%Y"),
            unknown if d["cost"] is None else d["cost"],
        ]
        for d in gaps["details"]
        if kept(d["region_id"])
    ] + [
        [
            p["region"],
            p["committee_name"],
            p["name"],
            not_scheduled,
            unknown if p["cost"] is None else p["cost"],
        ]
        for p in gaps["pending"]
        if kept(p["region_id"])
    ]
    try:
        query = urlencode({"quarter": period.key, "on": scope.on.isoformat()})
        url = f"{reverse('partners:funding_gaps')}?{query}"
    except NoReverseMatch:
        url = ""
    return {
        "period": period,
        "on": scope.on,
        "header": [
            _("Region"),
            _("Committees"),
            _("Planned steps"),
            _("Steps not scheduled"),
            _("Estimated cost (FCFA)"),
            _("Steps of unknown cost"),
        ],
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
        "planned": sum(r[2] for r in rows),
        "unscheduled": sum(r[3] for r in rows),
        "steps": sum(r[2] + r[3] for r in rows),
        "cost": sum(r[4] for r in rows),
        "unknown": sum(r[5] for r in rows),
        "url": url,
    }
