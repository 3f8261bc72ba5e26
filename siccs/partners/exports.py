"""XLSX exports of the partner pages, amounts as numbers formatted `# ##0 "FCFA"`."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FCFA_FORMAT = '# ##0 "FCFA"'
PERCENT_FORMAT = "0 %"
DATE_FORMAT = "DD/MM/YYYY"


def xlsx_response(
    *,
    filename: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    money: Iterable[int] = (),
    sheet_name: str = "",
) -> HttpResponse:
    """One sheet: a title line, the headers, the rows; `money` are the FCFA column indexes."""
    money = set(money)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (sheet_name or title)[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([str(v) if isinstance(v, Promise) else v for v in row])
        for index, cell in enumerate(sheet[sheet.max_row]):
            if index in money and isinstance(cell.value, int | float):
                cell.number_format = FCFA_FORMAT
            elif isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
    for index, header in enumerate(headers):
        letter = sheet.cell(row=2, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = max(12, min(40, len(str(header)) + 4))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
