"""The one CSV/XLSX writer: user text never becomes a formula, numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import zipfile

import pytest
from openpyxl import load_workbook

from siccs.core.tabular.writer import XlsxWriter, csv_response, csv_text, looks_like_formula

HOSTILE = [
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    '  =HYPERLINK("http://example.org")',
    "#N/A",
]


def _cells(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row]


def test_it_stores_formula_like_text_as_strings_in_xlsx():
    writer = XlsxWriter()
    sheet = writer.sheet("Feuille")
    for text in HOSTILE:
        sheet.append([text])
    content = writer.content()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    cells = _cells(content)
    assert [c.value for c in cells] == HOSTILE
    assert all(c.data_type == "s" for c in cells)
    # Excel's quote prefix keeps them text when someone edits the cell.
    assert all(c.quotePrefix for c in cells if looks_like_formula(c.value))


def test_it_keeps_numbers_and_dates_as_such_in_xlsx():
    writer = XlsxWriter()
    sheet = writer.sheet("Chiffres")
    sheet.append([-5, 2.5, decimal.Decimal("1234.50"), dt.date(2021, 6, 25), True, None])
    cells = _cells(writer.content())
    assert [c.value for c in cells[:5]] == [-5, 2.5, 1234.5, dt.datetime(2021, 6, 25), True]
    assert cells[0].data_type == "n"
    assert cells[3].number_format == "DD/MM/YYYY"


def test_it_drops_characters_a_worksheet_cannot_hold_instead_of_failing():
    writer = XlsxWriter()
    writer.sheet("x").append(["a\x00b\x07c\x1f", "x" * 40_000])
    cells = _cells(writer.content())
    assert cells[0].value == "abc"
    assert len(cells[1].value) == 32767


def test_it_names_sheets_as_excel_allows():
    writer = XlsxWriter()
    writer.sheet("=Régions [2021]/T2 : trop long pour Excel")
    title = load_workbook(io.BytesIO(writer.content())).sheetnames[0]
    assert len(title) <= 31 and not set("[]:*?/\\") & set(title)


@pytest.mark.parametrize("text", HOSTILE[:-1])
def test_it_prefixes_formula_like_text_in_csv(text):
    (row,) = csv.reader(io.StringIO(csv_text([[text]])), delimiter=";")
    assert row[0] == "'" + text


def test_it_writes_numbers_and_dates_unchanged_in_csv():
    (row,) = csv.reader(
        io.StringIO(csv_text([[-5, 2.5, dt.date(2021, 6, 25), "texte", None]])), delimiter=";"
    )
    assert row == ["-5", "2.5", "2021-06-25", "texte", ""]


def test_it_answers_a_csv_that_french_spreadsheets_open(db):
    response = csv_response(filename="x.csv", header=["Nom"], rows=[["=1+1"]])
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert body.splitlines()[1] == "'=1+1"
