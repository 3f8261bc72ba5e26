"""The progress report "État de mise en place des CCS au <date>" in PDF, DOCX and XLSX.

One computation feeds the three formats: `build_context` reads the figures once
(`selectors.dashboard_figures` for the requester's scope, as of the report date, plus the
perspectives, funding gaps and partners' annex of the coming period), and `report_tables`
turns them into the report's tables, once. The PDF (WeasyPrint's rendering of an HTML
template, charts and map as SVG), the DOCX (python-docx, the same drawings as PNG, for
editing) and the XLSX (openpyxl, one sheet per table) lay out those same tables: a table
cannot be in one format and not in another, nor hold other rows. Long annex tables show
their first rows in the PDF and the DOCX and say that the XLSX holds them all.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from siccs.accounts.scoping import partner_ids_of
from siccs.committees.selectors import CommitteeState, with_state
from siccs.core import dates
from siccs.core.names import chooser, in_language
from siccs.core.templatetags.siccs import NBSP, group_thousands
from siccs.dashboard import printing, raster, report_data, selectors
from siccs.dashboard.presentation import build_charts, chart_specs, lagging_text
from siccs.rollout.models import MethodologyStep, MethodologyVersion, StepRecord
from siccs.rollout.selectors import ahead_records
from siccs.territory.models import AdministrativeUnit

ANNEX_ROWS = 50  # rows of an annex table in the PDF and the DOCX; the XLSX has them all


# --- Titles -------------------------------------------------------------------------------


def partner_label(user: Any) -> str:
    """The partner a partner viewer's report is about ("PNUD", "UNDP" in English), or ""."""
    from siccs.partners.models import Partner

    ids = partner_ids_of(user) if user is not None else set()
    partners = Partner.objects.filter(pk__in=ids).order_by("acronym", "name")
    return ", ".join(p.display_acronym for p in partners)


def report_title(on: dt.date, region: AdministrativeUnit | None = None, partner: str = "") -> str:
    """The report's title; a partner viewer's report is titled for its support."""
    date = date_format(on, "j F Y")
    if partner:
        title = _(
            "State of setting-up of the Security Consultative Committees supported by "
            "%(partner)s as of %(date)s"
        ) % {"partner": partner, "date": date}
    else:
        title = _("State of setting-up of the Security Consultative Committees as of %(date)s") % {
            "date": date
        }
    if region is not None:
        title += f" — {region.name}"
    return title


# --- The figures beyond the dashboard's ---------------------------------------------------


def perspectives(scope: selectors.Scope, period: Any) -> list[dict[str, Any]]:
    """Steps ahead on the date (`rollout.selectors.ahead_records`) planned in the coming
    period, by region and step, with how many have a partner named."""
    rows = (
        scope.restrict(
            ahead_records(scope.on, Q(planned_on__gte=period.start, planned_on__lte=period.end))
        )
        .order_by()
        .values(
            "step__code",
            "step__order",
            "step__name",
            "step__name_en",
            region_id=scope.region_expression("committee__unit_id"),
        )
        .annotate(n=Count("pk"), supported=Count("pk", filter=Q(partner__isnull=False)))
    )
    table: dict[tuple[int | None, str], dict[str, Any]] = {}
    for row in rows:
        item = table.setdefault(
            (row["region_id"], row["step__code"]),
            {
                "region_id": row["region_id"],
                "order": row["step__order"],
                "step": in_language(row["step__name"], row["step__name_en"]),
                "n": 0,
                "supported": 0,
            },
        )
        item["n"] += row["n"]
        item["supported"] += row["supported"]
    return list(table.values())


def methodology_steps(on: dt.date) -> list[dict[str, Any]]:
    """The steps of the methodology version in force on the date (the latest one published
    by then, per methodology), with their descriptions, in the current language."""
    versions: dict[int, int] = {}
    for methodology_id, pk in (
        MethodologyVersion.objects.filter(is_published=True)
        .filter(Q(published_on__isnull=True) | Q(published_on__lte=on))
        .order_by("methodology_id", "-number")
        .values_list("methodology_id", "pk")
    ):
        versions.setdefault(methodology_id, pk)
    steps = MethodologyStep.objects.filter(version_id__in=versions.values()).order_by(
        "version__methodology__name", "order"
    )
    return [
        {
            "order": s.order,
            "name": s.display_name,
            "description": in_language(s.description, s.description_en),
        }
        for s in steps
    ]


def partner_annex(scope: selectors.Scope) -> list[dict[str, Any]]:
    """Per partner and committee whose setting-up it supports, the committee's state on
    the date and the steps supported, partners by how many committees they support."""
    states = dict(
        with_state(
            scope.committees().filter(step_records__partner__isnull=False).distinct(), scope.on
        ).values_list("pk", "state")
    )
    rows = (
        StepRecord.objects.filter(committee_id__in=list(states), partner__isnull=False)
        .order_by("partner_id", "committee__name", "step__order")
        .values(
            "partner_id",
            "partner__name",
            "partner__name_en",
            "committee_id",
            "committee__name",
            "step__name",
            "step__name_en",
        )
    )
    annex: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    named = chooser()
    for row in rows:
        item = annex[row["partner_id"]].setdefault(
            row["committee_id"],
            {
                "partner_id": row["partner_id"],
                "partner": named(row["partner__name"], row["partner__name_en"]),
                "committee": row["committee__name"],
                "state": str(CommitteeState.LABELS[states[row["committee_id"]]]),
                "steps": [],
            },
        )
        item["steps"].append(named(row["step__name"], row["step__name_en"]))
    return [item for items in annex.values() for item in items.values()]


def build_context(
    *, user: Any, on: dt.date, region: AdministrativeUnit | None = None
) -> dict[str, Any]:
    """Every figure of the report, read once; the three formats are laid out from it."""
    from siccs.partners.selectors import coming_period

    figures = selectors.dashboard_figures(user=user, on=on, region=region)
    scope = figures["scope"]
    period = coming_period(on)
    names = {r["id"]: r["name"] for r in figures["by_region"]}
    plan = perspectives(scope, period)
    for row in plan:
        row["region"] = names.get(row["region_id"], "—")
    plan.sort(key=lambda r: (r["region"], r["order"]))
    partner = partner_label(user) if figures["partner_only"] else ""
    annex = partner_annex(scope)
    order = {p["id"]: i for i, p in enumerate(figures["partners"])}
    annex.sort(key=lambda a: (order.get(a["partner_id"], len(order)), a["committee"]))
    context = {
        "title": report_title(on, region, partner),
        "partner": partner,
        "f": figures,
        "period": period,
        "methodology": methodology_steps(on),
        "perspectives": plan,
        "gaps": report_data.funding_gaps(scope=scope, period=period, regions=figures["by_region"]),
        "annex": annex,
        "functional": figures["target"]["functional"],
        "generated": dates.today(),
        "state_labels": [str(CommitteeState.LABELS[s]) for s in CommitteeState.ORDER],
    }
    context["tables"] = report_tables(context)
    context["sections"] = report_sections(context)
    return context


# --- The tables, once for every format ----------------------------------------------------


@dataclass
class ReportTable:
    """One table of the report: its heading, the XLSX sheet it fills, its header and rows
    (values: int, str, or None for "none"), an optional total row, and how many rows the
    PDF and the DOCX show (`limit`; the XLSX has them all)."""

    key: str
    title: str
    sheet: str
    header: list[str]
    rows: list[list[Any]]
    total: list[Any] | None = None
    limit: int | None = None
    note: str = ""

    @property
    def shown(self) -> list[list[Any]]:
        return self.rows if self.limit is None else self.rows[: self.limit]

    @property
    def left_out(self) -> int:
        return len(self.rows) - len(self.shown)

    @property
    def all_rows(self) -> list[list[Any]]:
        return [*self.rows, *([self.total] if self.total else [])]

    @property
    def more(self) -> str:
        """What the PDF and the DOCX say under a table they show only in part."""
        if not self.left_out:
            return ""
        return _("%(n)s rows in all: the XLSX lists them all.") % {"n": len(self.rows)}


def cell_text(value: Any) -> str:
    """A cell as the PDF and the DOCX write it: numbers grouped by thousands, none "–"."""
    if value is None or value == "":
        return "–" if value is None else ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return group_thousands(value)
    return str(value)


def _pct(value: float | None) -> int | None:
    return None if value is None else round(value * 100)


def _pct_text(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}{NBSP}%"


def _days(value: float | None) -> str:
    return "–" if value is None else _("%(n)s days") % {"n": f"{value:.0f}"}


def _fcfa(value: int) -> str:
    return f"{group_thousands(value)}{NBSP}FCFA"


def gap_statement(gaps: dict[str, Any]) -> str:
    """The funding gap in one sentence: the known cost, and the steps of unknown cost
    counted apart (a step without a unit cost is not free)."""
    text = _(
        "%(period)s: %(steps)s steps of %(committees)s committees have no partner or "
        "commitment covering them, for an estimated %(cost)s."
    ) % {
        "period": gaps["period"].long_label,
        "steps": group_thousands(gaps["steps"]),
        "committees": group_thousands(gaps["committees"]),
        "cost": _fcfa(gaps["cost"]),
    }
    if gaps["unknown"]:
        text += " " + _(
            "The cost of %(n)s of these steps is unknown (no unit cost): not counted in "
            "that amount."
        ) % {"n": group_thousands(gaps["unknown"])}
    return text


def satisfaction_text(f: dict[str, Any]) -> str:
    """The share of "yes" to the satisfaction question, and of how many answers."""
    satisfaction = f["satisfaction"]
    return (
        f"{_pct_text(satisfaction['share'])} ({group_thousands(satisfaction['yes'])} / "
        f"{group_thousands(satisfaction['total'])})"
    )


def satisfaction_table(f: dict[str, Any]) -> ReportTable:
    """Citizens' satisfaction with the answers by quarter and commune, up to the report
    date, in the requester's scope: the dashboard's table of the same date."""
    satisfaction = f["satisfaction"]
    rows = [
        [r["quarter"], r["commune"], _pct(r["share"]), r["yes"], r["total"]]
        for r in satisfaction["rows"]
    ]
    return ReportTable(
        "satisfaction",
        _("Satisfaction of citizens with the answers"),
        _("Satisfaction"),
        [_("Quarter"), _("Commune"), _("Satisfied (%)"), _("Satisfied"), _("Answers")],
        rows,
        total=(
            [
                _("Total"),
                "",
                _pct(satisfaction["share"]),
                satisfaction["yes"],
                satisfaction["total"],
            ]
            if rows
            else None
        ),
    )


def summary_rows(context: dict[str, Any]) -> list[list[Any]]:
    """The summary: (figure, value) rows, values written out."""
    f = context["f"]
    t = f["target"]
    functional = t["functional"]
    partner = context["partner"]

    def of(part: int, whole: int, share: float | None) -> str:
        return f"{group_thousands(part)} / {group_thousands(whole)} ({_pct_text(share)})"

    rows: list[list[Any]] = [
        [_("Committees counted"), group_thousands(f["total"])],
        [
            _("Installed (of which functional)"),
            f"{group_thousands(f['installed'])} ({group_thousands(functional)})",
        ],
    ]
    if partner:
        national = f["national_coverage"]
        rows += [
            [
                _("Installed of the committees supported by %(partner)s") % {"partner": partner},
                of(f["installed"], t["total"], t["share"]),
            ],
            [
                _("Functional of the committees supported by %(partner)s") % {"partner": partner},
                of(functional, t["total"], t["functional_share"]),
            ],
            [
                _("National: installed of the national target"),
                of(national["installed"], national["target"], national["share"]),
            ],
            [
                _("National: functional of the national target"),
                of(national["functional"], national["target"], national["functional_share"]),
            ],
        ]
    else:
        rows += [
            [_("Target of the date (regions and District, communes)"), group_thousands(t["total"])],
            [_("Installed of the target"), of(f["installed"], t["total"], t["share"])],
            [_("Functional of the target"), of(functional, t["total"], t["functional_share"])],
            [
                _("Regional and District committees installed"),
                f"{t['installed_regions']} / {t['regions']}",
            ],
            [
                _("Communal committees installed"),
                f"{t['installed_communes']} / {t['communes']}",
            ],
        ]
    gaps = context["gaps"]
    rows += [
        [_("Stalled committees"), group_thousands(f["stalled"])],
        [_("Sessions in the last 24 months"), group_thousands(f["sessions_total"])],
        [
            _("Women among members"),
            f"{_pct_text(f['women']['members_share'])} "
            f"({group_thousands(f['women']['members'])} / "
            f"{group_thousands(f['women']['members_total'])})",
        ],
        [
            _("Women among attendees (12 months)"),
            f"{_pct_text(f['women']['attendees_share'])} "
            f"({group_thousands(f['women']['attendees'])} / "
            f"{group_thousands(f['women']['attendees_total'])})",
        ],
        [
            _("Recommendations implemented / adopted"),
            f"{group_thousands(f['recommendations']['done'])} / "
            f"{group_thousands(f['recommendations']['adopted'])}",
        ],
        [
            _("Concerns answered / received"),
            f"{group_thousands(f['concerns']['answered'])} / "
            f"{group_thousands(f['concerns']['received'])}",
        ],
        [_("Median time to answer a concern"), _days(f["concerns"]["median_days"])],
        [
            _("Citizen reports answered / received"),
            f"{group_thousands(f['reports']['answered'])} / "
            f"{group_thousands(f['reports']['received'])}",
        ],
        [_("Citizens satisfied with the answer to their report"), satisfaction_text(f)],
        [
            _("Committees supported by a partner"),
            f"{group_thousands(f['coverage']['supported'])} ({_pct_text(f['coverage']['share'])})",
        ],
        [_("Committees without a partner"), group_thousands(f["coverage"]["without"])],
        [
            _("Funding gap of the coming period (%(period)s)") % {"period": gaps["period"].label},
            _fcfa(gaps["cost"])
            + (
                " + "
                + ngettext(
                    "%(n)s step of unknown cost", "%(n)s steps of unknown cost", gaps["unknown"]
                )
                % {"n": group_thousands(gaps["unknown"])}
                if gaps["unknown"]
                else ""
            ),
        ],
    ]
    return rows


def report_tables(context: dict[str, Any]) -> dict[str, ReportTable]:
    """Every table of the report, by key, in the order the XLSX lists them."""
    f = context["f"]
    labels = context["state_labels"]
    gaps = context["gaps"]
    partner = context["partner"]
    target_label = (
        _("Committees supported by %(partner)s") % {"partner": partner} if partner else _("Target")
    )
    tables = [
        ReportTable(
            "summary", _("Summary"), _("Summary"), [_("Figure"), _("Value")], summary_rows(context)
        ),
        ReportTable(
            "regions",
            _("Committees by region and state"),
            _("By region"),
            [_("Region"), *labels, _("Total")],
            [[r["name"], *[c["n"] for c in r["cells"]], r["total"]] for r in f["by_region"]],
            total=[_("Total"), *[c["n"] for c in f["states"]], f["total"]],
        ),
        ReportTable(
            "coverage",
            _("Coverage by region"),
            _("Coverage"),
            [
                _("Region"),
                target_label,
                _("Installed"),
                _("Functional"),
                _("Installed (%)"),
                _("Functional (%)"),
                _("Blocked or late steps"),
            ],
            [
                [
                    r["name"],
                    r["target"],
                    r["installed"],
                    r["functional"],
                    _pct(r["share"]),
                    _pct(r["functional_share"]),
                    lagging_text(r),
                ]
                for r in f["by_region"]
            ],
            total=[
                _("Total"),
                f["target"]["total"],
                f["installed"],
                f["target"]["functional"],
                _pct(f["target"]["share"]),
                _pct(f["target"]["functional_share"]),
                "",
            ],
            note=_(
                "A region whose share installed is below the whole's is lagging: its "
                "blocked steps (with the reasons given) and its late steps are named."
            ),
        ),
        ReportTable(
            "levels",
            _("Committees by level"),
            _("By level"),
            [_("Level"), *labels, _("Total")],
            [[lv["name"], *[c["n"] for c in lv["cells"]], lv["total"]] for lv in f["levels"]],
        ),
        ReportTable(
            "installations",
            _("Installations per year"),
            _("Installations"),
            [_("Year"), _("Installed that year"), _("Installed in all")],
            installations_per_year(f["installations"]),
        ),
        ReportTable(
            "sessions",
            _("Sessions held per month"),
            _("Sessions"),
            [_("Month"), _("Sessions")],
            [[date_format(m["month"], "F Y"), m["total"]] for m in f["sessions"]],
        ),
        ReportTable(
            "methodology",
            _("Steps of the methodology"),
            _("Methodology"),
            [_("No."), _("Step"), _("Description")],
            [[s["order"], s["name"], s["description"]] for s in context["methodology"]],
        ),
        ReportTable(
            "steps",
            _("Where committees stand on the methodology"),
            _("Steps"),
            [_("Current step"), _("Committees"), _("of which stalled")],
            [[s["name"] or _("all steps done"), s["n"], s["stalled"]] for s in f["steps"]],
        ),
        perspective_table(context),
        ReportTable(
            "gaps",
            _("Funding gaps by region"),
            _("Funding gaps"),
            gaps["header"],
            gaps["rows"],
            total=[
                _("Total"),
                gaps["committees"],
                gaps["planned"],
                gaps["unscheduled"],
                gaps["cost"],
                gaps["unknown"],
            ],
        ),
        ReportTable(
            "gap_details",
            _("Steps without support"),
            _("Funding gap details"),
            gaps["details_header"],
            gaps["details"],
            limit=ANNEX_ROWS,
        ),
        satisfaction_table(f),
        ReportTable(
            "partners",
            _("Support per partner"),
            _("Partners"),
            [_("Partner"), _("Committees supported"), _("Steps done with its support")],
            [[p["full_name"], p["committees"], p["steps_done"]] for p in f["partners"]],
        ),
        ReportTable(
            "annex",
            _("Committees supported, per partner"),
            _("Partner committees"),
            [_("Partner"), _("Committee"), _("State"), _("Steps supported")],
            [
                [a["partner"], a["committee"], a["state"], ", ".join(a["steps"])]
                for a in context["annex"]
            ],
            limit=ANNEX_ROWS,
        ),
    ]
    return {t.key: t for t in tables}


def installations_per_year(months: list[dict[str, Any]]) -> list[list[Any]]:
    """Installations by year (the chart shows the months), up to the report date."""
    years: dict[int, list[int]] = {}
    for m in months:
        year = years.setdefault(m["month"].year, [0, 0])
        year[0] += m["new"]
        year[1] = m["total"]
    return [[str(y), new, total] for y, (new, total) in sorted(years.items())]


def perspective_table(context: dict[str, Any]) -> ReportTable:
    """Steps planned in the coming period: a row per region, a column per step (in the
    methodology's order), and how many of them have a partner named."""
    plan = context["perspectives"]
    steps = sorted({(p["order"], p["step"]) for p in plan})
    cells: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    supported: dict[str, int] = defaultdict(int)
    for p in plan:
        cells[p["region"]][p["step"]] += p["n"]
        supported[p["region"]] += p["supported"]
    rows = [
        [
            region,
            *[cells[region].get(step, 0) for _order, step in steps],
            sum(cells[region].values()),
            supported[region],
        ]
        for region in sorted(cells)
    ]
    total = None
    if rows:
        total = [
            _("Total"),
            *[sum(r[i] for r in rows) for i in range(1, len(steps) + 3)],
        ]
    return ReportTable(
        "perspectives",
        _("Steps planned in the coming period"),
        _("Perspectives"),
        [_("Region"), *[step for _order, step in steps], _("Total"), _("with a partner")],
        rows,
        total=total,
    )


@dataclass
class Section:
    """A numbered part of the PDF and the DOCX: paragraphs, then charts and tables."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    # ("chart", name, caption) or ("table", key)
    blocks: list[tuple[str, ...]] = field(default_factory=list)
    annex: bool = False


def satisfaction_paragraph(context: dict[str, Any]) -> str:
    """How the satisfaction figure is made, and why a partner's report has none."""
    text = _(
        "Once a citizen report, or the concern it became, is answered, the citizen is asked "
        "once whether the answer helped (by SMS, or on the tracking page of the report). "
        "Answers given up to the report date, by quarter of the answer and commune. "
        "Satisfied: %(share)s."
    ) % {"share": satisfaction_text(context["f"])}
    if context["partner"]:
        text += " " + _(
            "Citizens' reports and answers are not shared with partners: the public "
            "transparency page gives the national counts."
        )
    return text


def report_sections(context: dict[str, Any]) -> list[Section]:
    f = context["f"]
    gaps = context["gaps"]
    specs = chart_specs(f)
    without = _("%(n)s committees have no partner supporting their setting-up.") % {
        "n": group_thousands(f["coverage"]["without"])
    }
    return [
        Section(
            _("Summary"),
            blocks=[("table", "summary"), ("chart", "states", _("Committees by state"))],
        ),
        Section(
            _("Committees by region"),
            paragraphs=[context["tables"]["coverage"].note],
            blocks=[
                (
                    "chart",
                    "map",
                    _(
                        "Coverage by region: the share of its target installed on the date; "
                        "regions without an imported boundary are points."
                    ),
                ),
                ("table", "coverage"),
                ("chart", "regions", _("Committees by region and state")),
                ("table", "regions"),
                ("table", "levels"),
            ],
        ),
        Section(
            _("Progress over time"),
            blocks=[
                (
                    "chart",
                    "installations",
                    f"{_('Committees installed since the first one (cumulative)')} — "
                    f"{specs['installations']['caption']}",
                ),
                ("table", "installations"),
                ("chart", "sessions", _("Sessions held per month")),
                ("table", "sessions"),
            ],
        ),
        Section(
            _("Methodology and where committees stand on it"),
            blocks=[("table", "methodology"), ("table", "steps")],
        ),
        Section(
            _("Perspectives for the coming period: %(period)s")
            % {"period": context["period"].long_label},
            paragraphs=[
                _(
                    "Required steps planned in the coming period and not done on the report "
                    "date; the steps before an installation count as done."
                )
            ],
            blocks=[("table", "perspectives")],
        ),
        Section(
            _("Funding gaps"),
            paragraphs=[gap_statement(gaps), without],
            blocks=[("table", "gaps"), ("table", "gap_details")],
        ),
        Section(
            _("Citizens' satisfaction with the answers"),
            paragraphs=[satisfaction_paragraph(context)],
            blocks=[("table", "satisfaction")],
        ),
        Section(
            _("Annex: support per partner"),
            blocks=[("table", "partners"), ("table", "annex")],
            annex=True,
        ),
    ]


# --- The three formats --------------------------------------------------------------------


def render_pdf(context: dict[str, Any]) -> bytes:
    """The PDF: the template's HTML rendered by WeasyPrint (`printing`)."""
    context = {**context, "charts": build_charts(context["f"], map_width=520)}
    return printing.html_to_pdf(render_to_string("dashboard/report_pdf.html", context))


def render_docx(context: dict[str, Any]) -> bytes:
    from docx import Document
    from docx.shared import Cm

    document = Document()
    document.core_properties.title = context["title"]
    document.add_heading(context["title"], level=0)
    document.add_paragraph(
        _("Produced by SI-CCS on %(date)s.") % {"date": date_format(context["generated"], "j F Y")}
    )
    pictures = raster.report_pictures(context["f"])
    tables = context["tables"]
    style = document.styles["Light Grid Accent 1"]

    def picture(name: str, caption: str) -> None:
        document.add_paragraph(caption).runs[0].bold = True
        # Word reads the title and description of a picture as its alternative text.
        shape = document.add_picture(io.BytesIO(pictures[name].png), width=Cm(16))
        shape._inline.docPr.set("title", pictures[name].title)
        shape._inline.docPr.set("descr", pictures[name].desc)

    def table(spec: ReportTable) -> None:
        document.add_heading(spec.title, level=2)
        rows = [*spec.shown, *([spec.total] if spec.total else [])]
        # Every row made at once and each cell's first paragraph written to: python-docx
        # adding rows one by one, and `cell.text` emptying each cell first, cost more
        # than the rest of the document.
        grid = document.add_table(rows=len(rows) + 1, cols=len(spec.header))
        grid.style = style
        texts = [str(h) for h in spec.header] + [cell_text(v) for row in rows for v in row]
        for cell, text in zip(grid._cells, texts, strict=True):
            if text:
                cell.paragraphs[0].add_run(text)
        if not rows:
            document.add_paragraph(_("None."))
        if spec.more:
            document.add_paragraph(spec.more)

    for number, section in enumerate(context["sections"], 1):
        title = section.title if section.annex else f"{number}. {section.title}"
        document.add_heading(title, level=1)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
        for block in section.blocks:
            if block[0] == "chart":
                picture(block[1], block[2])
            else:
                table(tables[block[1]])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_xlsx(context: dict[str, Any]) -> bytes:
    from siccs.core.tabular.writer import XlsxWriter, auto_widths

    writer = XlsxWriter()
    for spec in context["tables"].values():
        # The same rows as the PDF and the DOCX, none written "–" as there.
        header = [str(h) for h in spec.header]
        rows = [["–" if v is None else v for v in row] for row in spec.all_rows]
        ws = writer.sheet(spec.sheet, widths=auto_widths([header, *rows]), freeze="A2")
        ws.append(header, bold=True)
        for row in rows:
            ws.append(row)
    return writer.content()


def produce(
    *,
    user: Any,
    on: dt.date,
    region: AdministrativeUnit | None = None,
    progress: Callable[[int], None] = lambda _p: None,
) -> dict[str, bytes]:
    """The three files of one report, from one computation of its figures;
    `progress(percent)` is called between stages."""
    context = build_context(user=user, on=on, region=region)
    progress(25)
    pdf = render_pdf(context)
    progress(70)
    docx = render_docx(context)
    progress(85)
    xlsx = render_xlsx(context)
    progress(95)
    return {"title": context["title"], "pdf": pdf, "docx": docx, "xlsx": xlsx}
