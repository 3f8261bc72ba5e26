"""The demo's 25 June 2021 report tells the workshop's story: 10 regional and 13 communal
committees installed (the committees demo on the real timeline)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import translation
from openpyxl import load_workbook

from siccs.committees import demo
from siccs.core.demo import DemoContext
from siccs.dashboard import report
from siccs.meetings.tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db
WORKSHOP = dt.date(2021, 6, 25)


def test_the_workshop_report_shows_ten_regional_and_thirteen_communal_ccs(mali, national_admin):
    demo.load(DemoContext())
    with translation.override("fr"):
        files = report.produce(user=national_admin, on=WORKSHOP)
    summary = dict(
        load_workbook(io.BytesIO(files["xlsx"]))["Résumé"].iter_rows(min_row=2, values_only=True)
    )
    assert summary["CCS régionaux et du District installés"].startswith("10 / ")
    assert summary["CCS communaux installés"].startswith("13 / ")
    assert summary["Installés (dont fonctionnels)"].startswith("23 ")
    # The PDF's text comes glyph by glyph, spaces not always kept: compare without them.
    text = re.sub(r"\s+", "", pdf_text(files["pdf"]))
    assert "ÉtatdemiseenplacedesComitésConsultatifsdeSécuritéau25juin2021" in text
    # The PDF's summary is the XLSX's (one table, every format).
    assert "CCSrégionauxetduDistrictinstallés10/" in text
    assert "CCScommunauxinstallés13/" in text
