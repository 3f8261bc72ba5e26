"""CSV and XLSX exports of exactly the committee list the user filtered."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from siccs.committees.selectors import CommitteeState, partners_of, region_name_on

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    return [
        _("Committee"),
        _("Level"),
        _("Region"),
        _("Place"),
        _("State"),
        _("Current step"),
        _("Installed on"),
        _("Last progress"),
        _("Partners"),
    ]


def rows(committees: Iterable[Any], on: dt.date) -> Iterable[list[Any]]:
    """One row per committee, its region named as the structure stood on `on`."""
    region_of = region_name_on(on)
    for c in committees:
        yield [
            c.name,
            c.level.name,
            region_of.get(c.unit_id, ""),
            c.unit.name,
            str(CommitteeState.LABELS.get(c.state, c.state)),
            c.current_step_name or "",
            c.installed_on,
            c.progress_on,
            ", ".join(str(p) for p in partners_of(c)),
        ]


def as_csv(committees: Iterable[Any], on: dt.date) -> HttpResponse:
    buffer = io.StringIO()
    # Semicolons and a BOM: what a French-language spreadsheet opens without a wizard.
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers())
    for row in rows(committees, on):
        writer.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ccs-{on.isoformat()}.csv"'
    return response


def as_xlsx(committees: Iterable[Any], on: dt.date) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Committees"))
    sheet.append([_("State of the committees on %(date)s") % {"date": on.strftime("%d/%m/%Y")}])
    sheet.append(headers())
    for row in rows(committees, on):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="ccs-{on.isoformat()}.xlsx"'
    return response
