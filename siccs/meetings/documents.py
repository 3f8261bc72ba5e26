"""Documents built from recorded data: the minutes (PV) as PDF, the follow-up board as XLSX."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from siccs.core.tabular.writer import XlsxSheet, XlsxWriter

MINUTES_TEMPLATE = "meetings/minutes.html"


def minutes_html(context: dict[str, Any], *, request: Any = None, pdf: bool = False) -> str:
    """The minutes are an official record in French, whatever language the reader uses."""
    with translation.override("fr"):
        return render_to_string(MINUTES_TEMPLATE, {**context, "pdf": pdf}, request=request)


def minutes_pdf(context: dict[str, Any], *, request: Any = None) -> bytes:
    """The printable minutes rendered by WeasyPrint from the same template. Nothing is
    fetched from the network or the disk: the stylesheet is passed in, other URLs refused."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    html = minutes_html(context, request=request, pdf=True)
    fetcher = URLFetcher(allowed_protocols=["data"])
    with open(finders.find("meetings/minutes.css"), encoding="utf-8") as handle:
        stylesheet = CSS(string=handle.read(), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])


def _sheet(writer: XlsxWriter, title: str, header: list[Any]) -> XlsxSheet:
    sheet = writer.sheet(title)
    sheet.append(header, bold=True)
    return sheet


def _rate(value: Any) -> Any:
    """A share as a number the spreadsheet shows as a percentage (empty when undefined)."""
    return round(float(value), 4) if value is not None else None


RATE = {4: "0%"}  # the rate column of the breakdowns


def board_xlsx(
    rows: Any,
    *,
    personal_ids: set[int],
    on: Any,
    by_addressee: Sequence[dict[str, Any]] = (),
    by_category: Sequence[dict[str, Any]] = (),
    quarters: Sequence[dict[str, Any]] = (),
) -> bytes:
    """The follow-up board as a workbook: the recommendations (the person responsible only
    for the committees whose personal data the user may see), then the same breakdowns as
    the page: by addressee, by category of concern, implementation rate by quarter."""
    from siccs.meetings.models import RecommendationStatus

    labels = dict(RecommendationStatus.choices)
    writer = XlsxWriter()
    sheet = _sheet(
        writer,
        _("Recommendations"),
        [
            _("Committee"),
            _("Session"),
            _("Recommendation"),
            _("Addressed to"),
            _("Person responsible"),
            _("Due date"),
            _("Status on %(date)s") % {"date": on.strftime("%d/%m/%Y")},
            _("Overdue"),
        ],
    )
    for rec in rows:
        committee = rec.session.committee
        sheet.append(
            [
                committee.name,
                rec.session.held_on,
                rec.text,
                rec.addressee.name,
                rec.responsible if committee.pk in personal_ids else "",
                rec.due_on,
                str(labels.get(rec.status_on, rec.status_on)),
                str(_("yes")) if rec.overdue_on else "",
            ]
        )
    breakdown = [_("Total"), _("Overdue"), _("Done"), _("Rate")]
    for title, first, items, key in (
        (_("By addressee"), _("Addressed to"), by_addressee, "addressee__name"),
        (_("By category of concern"), _("Category"), by_category, "category"),
    ):
        sheet = _sheet(writer, str(title), [first, *breakdown])
        for row in items:
            sheet.append(
                [row[key], row["total"], row["overdue"], row["done"], _rate(row["rate"])],
                formats=RATE,
            )
    sheet = _sheet(
        writer,
        _("Over time"),
        [_("Quarter"), _("Adopted (not dropped)"), _("Done"), _("Rate")],
    )
    for quarter in quarters:
        sheet.append(
            [quarter["label"], quarter["total"], quarter["done"], _rate(quarter["rate"])],
            formats={3: "0%"},
        )
    return writer.content()
