"""Charts and links built from the figures, shared by the dashboard page and the report."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from siccs.committees.selectors import CommitteeState
from siccs.dashboard import charts
from siccs.dashboard.charts import STATE_COLOURS, Bar, Series, escape
from siccs.dashboard.maps import region_map
from siccs.meetings.models import SessionKind

KIND_COLOURS = {
    SessionKind.ORDINARY: charts.PALETTE[0],
    SessionKind.EXTRAORDINARY: charts.PALETTE[1],
    SessionKind.COMMISSION: charts.PALETTE[4],
}


def list_url(url_name: str, **query: Any) -> str:
    """The list behind a figure owned by another app, or "" while that list does not exist."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def activity_links(figures: dict[str, Any]) -> dict[str, str]:
    """Lists behind the activity figures, with the date (and region) of the dashboard.
    Sessions are asked for the same 24 months; the session list narrows to them once it
    reads `from` and `to`."""
    on = figures["on"].isoformat()
    region = figures["region"].pk if figures["region"] else ""
    first = figures["sessions"][0]["month"].isoformat() if figures["sessions"] else ""
    return {
        "sessions": list_url(
            "meetings:session_list", **{"from": first, "to": on, "region": region}
        ),
        "recommendations": list_url("meetings:board", on=on, region=region),
        "recommendations_done": list_url("meetings:board", on=on, region=region, status="done"),
        "members": list_url("committees:composition", on=on),
        "concerns": list_url("meetings:concern_search", to=on, region=region),
        "concerns_answered": list_url("meetings:concern_search", to=on, region=region, answered=1),
        "reports": list_url("citizens:report_list"),
        "partners": list_url("partners:partner_list"),
        "gaps": list_url("partners:funding_gaps", on=on),
    }


def month_label(day: Any) -> str:
    # "N": "juil." / "juin" in French, where "M" writes both as "Jui".
    return date_format(day, "N y")


def as_text(value: Any) -> str:
    """A figure as `{{ value }}` writes it (localised, grouped by thousands from 1 000),
    worked out once in Python: the template's own formatting of each cell is what made
    the dashboard's long tables slow. Counts under 1 000 are their digits."""
    if type(value) is int and -1000 < value < 1000:
        return str(value)
    return str(localize(value))


def lagging_text(row: dict[str, Any]) -> str:
    """Why a lagging region lags, in a line: its blocked steps with the reasons given,
    then its late steps and the step most of them are at. "" for a region not lagging."""
    if not row["lagging"]:
        return ""
    blocked = [i for i in row["reasons"] if i["blocked"]]
    late = [i for i in row["reasons"] if not i["blocked"]]
    parts = []
    if blocked:
        reasons: list[str] = []
        for item in blocked:
            reasons += [r for r in item["reasons"] if r not in reasons]
        n = sum(i["n"] for i in blocked)
        text = ngettext("%(n)s blocked", "%(n)s blocked", n) % {"n": n}
        parts.append(f"{text} ({'; '.join(reasons)})" if reasons else text)
    if late:
        most = max(late, key=lambda i: (i["n"], -i["order"]))
        n = sum(i["n"] for i in late)
        parts.append(
            ngettext(
                "%(n)s late, at %(step)s",
                "%(n)s late, most at %(step)s (%(m)s)",
                n,
            )
            % {"n": n, "step": most["step"], "m": most["n"]}
        )
    return " · ".join(parts) or _("nothing blocked or late")


def _share(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}\u202f%"


def coverage_rows(figures: dict[str, Any]) -> SafeString:
    """The body of the dashboard's coverage table, written out here in one pass (its
    twenty rows of seven cells and their reasons cost more in template loops than the
    rest of the page)."""
    rows = []
    # Each cell names its column: on a phone the rows are cards (siccs.css, "stack").
    labels = [
        escape(label)
        for label in (
            _("Supported") if figures.get("partner_only") else _("Target"),
            _("Installed"),
            _("Functional"),
            _("Coverage"),
            _("Functional share"),
            _("Blocked or late steps"),
        )
    ]
    for r in figures["by_region"]:
        name = escape(r["name"])
        head = f'<a href="{escape(r["url"])}">{name}</a>' if r["url"] else name
        values = (
            as_text(r["target"]),
            as_text(r["installed"]),
            as_text(r["functional"]),
            _share(r["share"]),
            _share(r["functional_share"]),
            lagging_text(r),
        )
        cells = "".join(
            f'<td data-label="{label}">{escape(v)}</td>'
            for label, v in zip(labels, values, strict=True)
        )
        css = ' class="lagging"' if r["lagging"] else ""
        rows.append(f'<tr{css}><th scope="row">{head}</th>{cells}</tr>')
    return mark_safe("".join(rows))


def table_rows(figures: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows of the dashboard's month-by-month tables (installations, sessions) with
    their months and figures already written out, so that the template only places them
    (a `date` filter and two numbers per row cost more in the template than the rest of
    the page). Months with no installation are left out, as the table shows none."""
    installations = [
        {
            "month": date_format(m["month"], "F Y"),
            "new": as_text(m["new"]),
            "total": as_text(m["total"]),
        }
        for m in figures["installations"]
        if m["new"]
    ]
    sessions = [
        {"month": date_format(m["month"], "F Y"), "total": as_text(m["total"])}
        for m in figures["sessions"]
    ]
    return {"installations": installations, "sessions": sessions}


def chart_specs(figures: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The arguments of each chart (bars or series, labels, colours, title and description),
    by name: the SVG of the pages and the PNG of the report's DOCX draw the same ones."""
    on = date_format(figures["on"], "j F Y")
    states = figures["states"]
    state_bars = [
        Bar(
            str(CommitteeState.LABELS[c["state"]]),
            c["n"],
            c["url"],
            STATE_COLOURS[c["state"]],
        )
        for c in states
    ]
    regions = figures["by_region"]
    region_series = [
        Series(
            str(CommitteeState.LABELS[s]),
            [next(c["n"] for c in r["cells"] if c["state"] == s) for r in regions],
            STATE_COLOURS[s],
        )
        for s in CommitteeState.ORDER
    ]
    sessions = figures["sessions"]
    session_series = [
        Series(str(label), [m["counts"][kind] for m in sessions], KIND_COLOURS[kind])
        for kind, label in SessionKind.choices
    ]
    installations = figures["installations"]
    target = figures["target"]["total"] or None
    drawn = charts.target_in_scale([m["total"] for m in installations], target)
    return {
        "states": {
            "bars": state_bars,
            "title": _("Committees by state on %(date)s") % {"date": on},
            "desc": ", ".join(f"{b.label}: {b.value}" for b in state_bars),
        },
        "regions": {
            "labels": [r["name"] for r in regions],
            "series": region_series,
            "urls": [r["url"] for r in regions],
            "title": _("Committees by region and state on %(date)s") % {"date": on},
            "desc": "; ".join(f"{r['name']}: {r['total']}" for r in regions),
        },
        "installations": {
            "points": [(m["month"], m["total"]) for m in installations],
            "target": target,
            "title": _("Committees installed since the first one (cumulative)"),
            "desc": _("%(n)s committees installed on %(date)s, target %(target)s.")
            % {"n": figures["installed"], "date": on, "target": figures["target"]["total"]},
            "caption": (
                _("dashed line: the target ({n})")
                if drawn
                else _("target {n}: beyond the scale of the data, not drawn")
            ).format(n=figures["target"]["total"]),
        },
        "sessions": {
            "labels": [month_label(m["month"]) for m in sessions],
            "series": session_series,
            "title": _("Sessions held per month"),
            "desc": _("%(n)s sessions in the %(months)s months up to %(date)s.")
            % {"n": figures["sessions_total"], "months": len(sessions), "date": on},
            "every": 3,
        },
    }


# The width, in SVG units, of the pages' charts and map: a 360 px phone shows them 336 px wide
# (the page's margins taken off), so one unit is one pixel there and an 11-unit legend
# reads at 11 px. Drawn wider, the viewBox would shrink every text on a phone.
PAGE_CHART_WIDTH = 336


def build_charts(
    figures: dict[str, Any], *, map_width: int = 420, chart_width: int | None = None
) -> dict[str, Any]:
    """The SVG charts of the figures, and under "tables" the rows of the tables beside
    them (`table_rows`). `chart_width`: the pages' `PAGE_CHART_WIDTH`; the report keeps
    each chart's own width, laid out for the printed page."""
    specs = chart_specs(figures)
    sized = {"width": chart_width} if chart_width else {}
    return {
        "states": charts.bar_chart(**specs["states"], **sized),
        "regions": charts.stacked_rows(**specs["regions"], **sized),
        "installations": charts.cumulative_line(
            **{k: v for k, v in specs["installations"].items() if k != "caption"}, **sized
        ),
        "sessions": charts.stacked_bars(**specs["sessions"], **sized),
        "map": region_map(figures, width=map_width),
        "tables": {**table_rows(figures), "coverage": coverage_rows(figures)},
    }
