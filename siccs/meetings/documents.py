"""Documents built from recorded data: the minutes (PV) as PDF, the follow-up board as XLSX."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

MINUTES_TEMPLATE = "meetings/minutes.html"


def minutes_html(context: dict[str, Any], *, request: Any = None, pdf: bool = False) -> str:
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


def board_xlsx(rows: Any, *, personal_ids: set[int], on: Any) -> bytes:
    """The follow-up board as a workbook; the person responsible only for the committees
    whose personal data the user may see."""
    from siccs.meetings.models import RecommendationStatus

    labels = dict(RecommendationStatus.choices)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Recommendations"))
    bold = Font(bold=True)
    header = [
        _("Committee"),
        _("Session"),
        _("Recommendation"),
        _("Addressed to"),
        _("Person responsible"),
        _("Due date"),
        _("Status on %(date)s") % {"date": on.strftime("%d/%m/%Y")},
        _("Overdue"),
    ]
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
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
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
