"""The progress report "État de mise en place des CCS au <date>" in PDF, DOCX and XLSX.

One set of figures (`selectors.dashboard_figures` for the requester's scope, as of the
report date) feeds the three formats: the PDF is WeasyPrint's rendering of an HTML
template with the charts and map embedded as SVG; the DOCX (python-docx) carries the
same headings, tables and drawings (as PNG, `raster`) for editing; the XLSX (openpyxl)
holds the underlying tables.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from siccs.committees.selectors import CommitteeState, with_state
from siccs.core.templatetags.siccs import group_thousands
from siccs.dashboard import raster, report_data, selectors
from siccs.dashboard.presentation import build_charts
from siccs.rollout.models import MethodologyStep, MethodologyVersion, StepRecord, StepStatus
from siccs.territory.models import AdministrativeUnit

CSS_FILE = Path(__file__).resolve().parent / "static" / "dashboard" / "report.css"
ANNEX_ROWS = 100  # committees listed per partner in the annex; the XLSX has them all


def report_title(on: dt.date, region: AdministrativeUnit | None = None) -> str:
    title = _("State of setting-up of the Security Consultative Committees as of %(date)s") % {
        "date": date_format(on, "j F Y")
    }
    if region is not None:
        title += f" — {region.name}"
    return title


def quarter_after(on: dt.date) -> tuple[dt.date, dt.date]:
    """The three months following the report date: the perspectives' horizon."""
    year, month = divmod(on.year * 12 + on.month - 1 + 3, 12)
    month += 1
    end = dt.date(year, month, min(on.day, calendar.monthrange(year, month)[1]))
    return on + dt.timedelta(days=1), end


def perspectives(scope: selectors.Scope) -> list[dict[str, Any]]:
    """Steps not done on the date and planned in the coming quarter, by region and step."""
    start, end = quarter_after(scope.on)
    rows = (
        StepRecord.objects.filter(
            committee__in=scope.committees().values("pk"),
            step__version=F("committee__methodology_version"),
            planned_on__gte=start,
            planned_on__lte=end,
        )
        .exclude(Q(done_on__isnull=False, done_on__lte=scope.on))
        .exclude(status=StepStatus.NOT_APPLICABLE)
        .order_by()
        .values(
            "step__order", "step__name", region_id=scope.region_expression("committee__unit_id")
        )
        .annotate(n=Count("pk"), supported=Count("pk", filter=Q(partner__isnull=False)))
    )
    return list(rows)


def methodology_steps(on: dt.date) -> list[dict[str, Any]]:
    """The steps of the methodology version in force on the date (the latest one published
    by then, per methodology), with their descriptions."""
    versions: dict[int, int] = {}
    for methodology_id, pk in (
        MethodologyVersion.objects.filter(is_published=True)
        .filter(Q(published_on__isnull=True) | Q(published_on__lte=on))
        .order_by("methodology_id", "-number")
        .values_list("methodology_id", "pk")
    ):
        versions.setdefault(methodology_id, pk)
    return list(
        MethodologyStep.objects.filter(version_id__in=versions.values())
        .order_by("version__methodology__name", "order")
        .values("code", "order", "name", "description", "expected_days", "version__number")
    )


def partner_annex(scope: selectors.Scope) -> dict[int, list[dict[str, Any]]]:
    """Per partner, the committees whose setting-up it supports, with their state."""
    states = dict(
        with_state(
            scope.committees().filter(step_records__partner__isnull=False).distinct(), scope.on
        ).values_list("pk", "state")
    )
    rows = (
        StepRecord.objects.filter(committee_id__in=list(states), partner__isnull=False)
        .order_by("partner_id", "committee__name")
        .values("partner_id", "committee_id", "committee__name", "step__name", "done_on")
    )
    annex: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        item = annex[row["partner_id"]].setdefault(
            row["committee_id"],
            {
                "name": row["committee__name"],
                "state": CommitteeState.LABELS[states[row["committee_id"]]],
                "steps": [],
            },
        )
        item["steps"].append(row["step__name"])
    return {pid: list(items.values()) for pid, items in annex.items()}


def _add_regions_without_committee(figures: dict[str, Any]) -> None:
    """A national report lists every region in force on the date, with zeros where no
    committee is planned yet: the workshop asks about those too."""
    listed = {row["id"] for row in figures["by_region"]}
    for region in figures["regions"]:
        if region["in_force"] and region["pk"] not in listed:
            figures["by_region"].append(
                {
                    "id": region["pk"],
                    "name": region["name"],
                    "cells": [{"state": s, "n": 0, "url": ""} for s in CommitteeState.ORDER],
                    "total": 0,
                    "installed": 0,
                    "url": "",
                }
            )
    figures["by_region"].sort(key=lambda r: r["name"])


def build_context(
    *, user: Any, on: dt.date, region: AdministrativeUnit | None = None
) -> dict[str, Any]:
    figures = selectors.dashboard_figures(user=user, on=on, region=region)
    scope = selectors.Scope.build(user, on, region)
    names = {r["pk"]: r["name"] for r in figures["regions"]}
    plan = perspectives(scope)
    for row in plan:
        row["region"] = names.get(row["region_id"], "—")
    plan.sort(key=lambda r: (r["region"], r["step__order"]))
    annex = partner_annex(scope)
    for partner in figures["partners"]:
        partner["annex"] = annex.get(partner["id"], [])
    if figures["national"] and region is None:
        _add_regions_without_committee(figures)
    start, end = quarter_after(on)
    return {
        "title": report_title(on, region),
        "f": figures,
        "methodology": methodology_steps(on),
        "perspectives": plan,
        "horizon": (start, end),
        "gaps": report_data.funding_gaps(scope=scope, start=start, end=end),
        "functional": next(
            c["n"] for c in figures["states"] if c["state"] == CommitteeState.FUNCTIONAL
        ),
        "generated": dt.date.today(),
        "state_labels": [CommitteeState.LABELS[s] for s in CommitteeState.ORDER],
        "annex_rows": ANNEX_ROWS,
    }


def render_pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import CSS, HTML

    context = {**context, "charts": build_charts(context["f"], map_width=520)}
    html = render_to_string("dashboard/report_pdf.html", context)
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(CSS_FILE))])


def _summary_rows(f: dict[str, Any]) -> list[tuple[str, str]]:
    def pct(value: float | None) -> str:
        return "–" if value is None else f"{round(value * 100)} %"

    def days(value: float | None) -> str:
        return "–" if value is None else _("%(n)s days") % {"n": f"{value:.0f}"}

    t = f["target"]
    functional = next(c["n"] for c in f["states"] if c["state"] == CommitteeState.FUNCTIONAL)
    return [
        (_("Committees counted"), str(f["total"])),
        (_("Installed (of which functional)"), f"{f['installed']} ({functional})"),
        (_("National target (regions and communes)"), str(t["total"])),
        (
            _("Regional and District committees installed"),
            f"{t['installed_regions']} / {t['regions']}",
        ),
        (_("Communal committees installed"), f"{t['installed_communes']} / {t['communes']}"),
        (_("Progress against the target"), pct(t["share"])),
        (_("Stalled committees"), str(f["stalled"])),
        (_("Sessions in the last 24 months"), str(f["sessions_total"])),
        (_("Women among members"), pct(f["women"]["members_share"])),
        (_("Women among attendees (12 months)"), pct(f["women"]["attendees_share"])),
        (_("Recommendations adopted"), str(f["recommendations"]["adopted"])),
        (_("Recommendations implemented"), str(f["recommendations"]["done"])),
        (_("Concerns received"), str(f["concerns"]["received"])),
        (_("Concerns answered"), str(f["concerns"]["answered"])),
        (_("Median time to answer a concern"), days(f["concerns"]["median_days"])),
        (_("Citizen reports received"), str(f["reports"]["received"])),
        (_("Citizen reports answered"), str(f["reports"]["answered"])),
        (_("Committees supported by a partner"), str(f["coverage"]["supported"])),
        (_("Committees without a partner"), str(f["coverage"]["without"])),
    ]


def _region_table(f: dict[str, Any], labels: list[Any]) -> tuple[list[str], list[list[Any]]]:
    header = [_("Region"), *[str(s) for s in labels], _("Total")]
    rows = [[r["name"], *[c["n"] for c in r["cells"]], r["total"]] for r in f["by_region"]]
    rows.append([_("Total"), *[c["n"] for c in f["states"]], f["total"]])
    return header, rows


def _level_table(f: dict[str, Any], labels: list[Any]) -> tuple[list[str], list[list[Any]]]:
    header = [_("Level"), *[str(s) for s in labels], _("Total")]
    rows = [[lv["name"], *[c["n"] for c in lv["cells"]], lv["total"]] for lv in f["levels"]]
    return header, rows


def _steps_table(f: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = [_("Current step"), _("Committees"), _("of which stalled")]
    rows = [[s["name"] or _("all steps done"), s["n"], s["stalled"]] for s in f["steps"]]
    return header, rows


def _perspective_table(context: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = [_("Region"), _("Step planned"), _("Committees"), _("with a partner")]
    rows = [[p["region"], p["step__name"], p["n"], p["supported"]] for p in context["perspectives"]]
    return header, rows


def _partner_table(f: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = [_("Partner"), _("Committees supported"), _("Steps done with its support")]
    rows = [[p["full_name"], p["committees"], p["steps_done"]] for p in f["partners"]]
    return header, rows


def _gap_table(context: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    gaps = context["gaps"]
    rows = [list(r) for r in gaps["rows"]]
    rows.append([_("Total"), gaps["committees"], "", "", gaps["cost"]])
    return gaps["header"], rows


def _gap_intro(context: dict[str, Any]) -> str:
    gaps = context["gaps"]
    return _(
        "From %(period)s: %(steps)s steps of %(committees)s committees have no partner or "
        "commitment covering them, for an estimated %(cost)s FCFA."
    ) % {
        "period": gaps["period"].label,
        "steps": gaps["steps"],
        "committees": gaps["committees"],
        "cost": group_thousands(gaps["cost"]),
    }


def render_docx(context: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.shared import Cm

    f = context["f"]
    labels = context["state_labels"]
    document = Document()
    document.core_properties.title = context["title"]
    document.add_heading(context["title"], level=0)
    document.add_paragraph(
        _("Produced by SI-CCS on %(date)s.") % {"date": date_format(context["generated"], "j F Y")}
    )

    def table(header: list[str], rows: list[list[Any]]) -> None:
        grid = document.add_table(rows=1, cols=len(header))
        grid.style = "Light Grid Accent 1"
        for cell, text in zip(grid.rows[0].cells, header, strict=True):
            cell.text = str(text)
        for row in rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = str(value)

    pictures = raster.report_pictures(f)

    def picture(name: str) -> None:
        # Word reads the title and description of a picture as its alternative text.
        shape = document.add_picture(io.BytesIO(pictures[name].png), width=Cm(16))
        shape._inline.docPr.set("title", pictures[name].title)
        shape._inline.docPr.set("descr", pictures[name].desc)

    document.add_heading(_("Summary"), level=1)
    table([_("Figure"), _("Value")], [list(r) for r in _summary_rows(f)])
    document.add_heading(_("Committees by region"), level=1)
    document.add_paragraph(_("A table of the same figures follows the charts and the map."))
    picture("states")
    picture("map")
    picture("regions")
    table(*_region_table(f, labels))
    document.add_heading(_("Committees by level"), level=1)
    table(*_level_table(f, labels))
    document.add_heading(_("Cumulative installations"), level=1)
    picture("installations")
    table(
        [_("Month"), _("Installed that month"), _("Installed in all")],
        [
            [m["month"].strftime("%m/%Y"), m["new"], m["total"]]
            for m in f["installations"]
            if m["new"]
        ],
    )
    document.add_heading(_("Sessions held per month"), level=1)
    picture("sessions")
    table(
        [_("Month"), _("Sessions")],
        [[m["month"].strftime("%m/%Y"), m["total"]] for m in f["sessions"] if m["total"]],
    )
    document.add_heading(_("Methodology and where committees stand on it"), level=1)
    for step in context["methodology"]:
        document.add_paragraph(f"{step['order']}. {step['name']} — {step['description']}")
    table(*_steps_table(f))
    document.add_heading(_("Perspectives for the coming quarter"), level=1)
    start, end = context["horizon"]
    document.add_paragraph(
        _("Steps planned from %(start)s to %(end)s and not done on the report date.")
        % {"start": date_format(start, "j F Y"), "end": date_format(end, "j F Y")}
    )
    table(*_perspective_table(context))
    document.add_heading(_("Funding gaps"), level=1)
    document.add_paragraph(_gap_intro(context))
    table(*_gap_table(context))
    document.add_paragraph(
        _("%(n)s committees have no partner supporting their setting-up.")
        % {"n": f["coverage"]["without"]}
    )
    document.add_heading(_("Annex: support per partner"), level=1)
    table(*_partner_table(f))
    for partner in f["partners"]:
        document.add_heading(partner["full_name"], level=2)
        table(
            [_("Committee"), _("State"), _("Steps supported")],
            [
                [c["name"], str(c["state"]), ", ".join(c["steps"])]
                for c in partner["annex"][: context["annex_rows"]]
            ],
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_xlsx(context: dict[str, Any]) -> bytes:
    from siccs.core.tabular.writer import XlsxWriter, auto_widths

    f = context["f"]
    labels = context["state_labels"]
    writer = XlsxWriter()

    def sheet(name: str, header: list[str], rows: list[list[Any]]) -> None:
        ws = writer.sheet(name, widths=auto_widths([header, *rows]), freeze="A2")
        ws.append(header, bold=True)
        for row in rows:
            ws.append(row)

    sheet(_("Summary"), [_("Figure"), _("Value")], [list(r) for r in _summary_rows(f)])
    sheet(_("By region"), *_region_table(f, labels))
    sheet(_("By level"), *_level_table(f, labels))
    sheet(_("Steps"), *_steps_table(f))
    sheet(
        _("Installations"),
        [_("Month"), _("Installed that month"), _("Installed in all")],
        [[m["month"], m["new"], m["total"]] for m in f["installations"]],
    )
    sheet(
        _("Sessions"),
        [_("Month"), _("Sessions")],
        [[m["month"], m["total"]] for m in f["sessions"]],
    )
    sheet(_("Perspectives"), *_perspective_table(context))
    sheet(_("Partners"), *_partner_table(f))
    sheet(
        _("Partner committees"),
        [_("Partner"), _("Committee"), _("State"), _("Steps supported")],
        [
            [p["full_name"], c["name"], str(c["state"]), ", ".join(c["steps"])]
            for p in f["partners"]
            for c in p["annex"]
        ],
    )
    sheet(_("Funding gaps"), *_gap_table(context))
    sheet(
        _("Funding gap details"),
        context["gaps"]["details_header"],
        context["gaps"]["details"],
    )
    return writer.content()


def produce(
    *,
    user: Any,
    on: dt.date,
    region: AdministrativeUnit | None = None,
    progress: Callable[[int], None] = lambda _p: None,
) -> dict[str, bytes]:
    """The three files of one report; `progress(percent)` is called between stages."""
    context = build_context(user=user, on=on, region=region)
    progress(25)
    pdf = render_pdf(context)
    progress(70)
    docx = render_docx(context)
    progress(85)
    xlsx = render_xlsx(context)
    progress(95)
    return {"title": context["title"], "pdf": pdf, "docx": docx, "xlsx": xlsx}
