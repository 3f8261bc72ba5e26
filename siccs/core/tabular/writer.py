"""The one writer of every CSV and XLSX file the platform produces.

Partners and C-RSS staff open these files in Excel or LibreOffice, where a cell whose text
begins with `=`, `+`, `-` or `@` (or a tab or carriage return before one) can run as a
formula: a citizen's report reading `+cmd|' /C calc'!A0` would start a program on the
analyst's computer. So text from users is never written as a formula:

- XLSX: every text cell is stored as a string (openpyxl would otherwise make a formula of
  any text starting with `=`, or an error value of `#N/A`), and text that looks like a
  formula also gets Excel's "quote prefix", so that editing the cell keeps it text;
- CSV: text that looks like a formula is prefixed with an apostrophe, which spreadsheet
  programs show as text (OWASP's recommendation).

Numbers, dates and booleans are written as such: sums, filters and sorting keep working.
Characters that XLSX cannot hold (control characters) are dropped instead of failing the
whole export, and text is cut to the 32,767 characters a cell takes.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
# What makes a spreadsheet program read a cell as a formula (or a DDE call).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
XLSX_MAX_TEXT = 32767
# Characters XML 1.0 (hence XLSX) cannot hold; tab, line feed and carriage return can.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NUMBER = int | float | decimal.Decimal


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet program could take `text` for a formula. Leading spaces are
    skipped: some programs trim them before deciding."""
    return text.lstrip(" \u00a0")[:1] in FORMULA_PREFIXES if text else False


def _plain(value: Any) -> Any:
    """Lazy translations as text, aware datetimes in Bamako time without their zone
    (spreadsheets have none)."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def clean_text(value: Any) -> str:
    """Text a cell can hold: control characters dropped, cut to the cell's maximum."""
    return _ILLEGAL.sub("", str(value))[:XLSX_MAX_TEXT]


# --- CSV ---------------------------------------------------------------------------------


def csv_cell(value: Any) -> Any:
    """One CSV field: numbers as numbers, dates in ISO form, text neutralised."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, _NUMBER):
        return value
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _ILLEGAL.sub("", str(value))
    return "'" + text if looks_like_formula(text) else text


def csv_text(rows: Iterable[Sequence[Any]], *, delimiter: str = ";") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()


def csv_response(
    *, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]], delimiter: str = ";"
) -> HttpResponse:
    """A CSV download. Semicolons and a byte-order mark: what a French-language spreadsheet
    opens without an import wizard."""
    body = "\ufeff" + csv_text([header, *rows], delimiter=delimiter)
    response = HttpResponse(body, content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- XLSX --------------------------------------------------------------------------------


def sheet_title(name: Any) -> str:
    """Excel forbids these characters in sheet names and cuts them at 31."""
    text = clean_text(name)
    for char in "[]:*?/\\":
        text = text.replace(char, "-")
    return text[:31] or "-"


class XlsxSheet:
    """One sheet, written row by row (openpyxl's write-only mode: memory stays flat
    whatever the number of rows)."""

    def __init__(self, worksheet: Any) -> None:
        self.worksheet = worksheet
        self.rows = 0

    def cell(self, value: Any, *, bold: bool = False, number_format: str = "") -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        value = _plain(value)
        cell = WriteOnlyCell(self.worksheet)
        if value is None or isinstance(value, bool | _NUMBER | dt.date | dt.time):
            cell.value = value
            if isinstance(value, dt.datetime):
                number_format = number_format or DATETIME_FORMAT
            elif isinstance(value, dt.date):
                number_format = number_format or DATE_FORMAT
        else:
            text = clean_text(value)
            cell.value = text
            # Always a string: never a formula (`=`), never an error value (`#N/A`).
            cell.data_type = "s"
            if looks_like_formula(text):
                cell.quotePrefix = True
        if bold:
            cell.font = Font(bold=True)
        if number_format:
            cell.number_format = number_format
        return cell

    def append(
        self, values: Iterable[Any], *, bold: bool = False, formats: Mapping[int, str] = {}
    ) -> None:
        """One row; `formats` gives number formats by column index (FCFA amounts, rates)."""
        self.worksheet.append(
            [
                self.cell(value, bold=bold, number_format=formats.get(index, ""))
                for index, value in enumerate(values)
            ]
        )
        self.rows += 1


class XlsxWriter:
    """A workbook of `XlsxSheet`s; `content()` gives the file, `response()` the download."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.workbook = Workbook(write_only=True)

    def sheet(
        self, title: Any, *, widths: Sequence[float] = (), freeze: str | None = None
    ) -> XlsxSheet:
        """A new sheet; column widths (in characters) and frozen panes are set before any
        row, as the write-only mode requires."""
        from openpyxl.utils import get_column_letter

        worksheet = self.workbook.create_sheet(sheet_title(title))
        for index, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = width
        if freeze:
            worksheet.freeze_panes = freeze
        return XlsxSheet(worksheet)

    def content(self) -> bytes:
        if not self.workbook.worksheets:
            self.sheet("-")
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()

    def response(self, filename: str) -> HttpResponse:
        return xlsx_response(self.content(), filename=filename)


def xlsx_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def auto_widths(rows: Iterable[Sequence[Any]], *, least: int = 10, most: int = 60) -> list[float]:
    """Column widths fitting the longest value of each column, within bounds."""
    widths: list[int] = []
    for row in rows:
        for index, value in enumerate(row):
            length = len(str(_plain(value) if value is not None else ""))
            if index >= len(widths):
                widths.append(length)
            else:
                widths[index] = max(widths[index], length)
    return [min(max(w + 2, least), most) for w in widths]
