"""Citizens' satisfaction in the progress report: the share of "yes" to the question asked
after an answer, by quarter and commune, up to the report date, in the requester's scope,
in the PDF, the DOCX and the XLSX, in French and English, with the dashboard's figures of
the same date.

The reports are made once for the module (`world.py` plus answers in Bandiagara and Gao):
- Bandiagara (Mopti region): 1 "yes" in Q1 2021, 2 "yes" and 1 "no" in Q2 2021, and a
  "yes" of 2 July 2021, after the report date;
- Gao: 1 "no" in Q2 2021, and a question asked but never answered.
As of 25 June 2021 the whole country counts 3 "yes" of 5 answers (60 %); the Mopti focal
point, Bandiagara alone, 3 of 4 (75 %); the partner, whom citizens' answers are not
shared with, none.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from siccs.dashboard import report
from siccs.dashboard.tests.world import BEFORE, build
from siccs.dashboard.tests.world import satisfaction_answers as answers
from siccs.meetings.tests.pdf_text import pdf_text


def _squash(text: str) -> str:
    # The PDF's text comes glyph by glyph, spaces not always kept: compare without them.
    return re.sub(r"\s+", "", text)


def _plain(text: str) -> str:
    # Numbers and their "%" are held together by narrow no-break spaces.
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _dashboard_rows(user) -> list[list[str]]:
    client = Client()
    client.force_login(user)
    with translation.override("fr"):
        page = client.get("/dashboard/", {"on": BEFORE.isoformat()}, HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    section = html[html.index('id="satisfaction"') :]
    section = section[: section.index("</section>")]
    return [
        [cell.strip() for cell in re.findall(r"<td[^>]*>([^<]*)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)
        if "<td" in row
    ]


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker):
    """The reports of the national administrator (French and English), of the Mopti focal
    point and of the partner viewer, and the dashboard's table of the same date, made once
    for the module; the world is rolled back before the first test runs."""
    from conftest import Role, build_mali, build_partner, persona

    with django_db_blocker.unblock(), transaction.atomic():
        mali = build_mali()
        partner = build_partner()
        build(mali, partner=partner)
        answers(mali)
        admin = persona("admin", Role.NATIONAL_ADMIN, mali.country)
        focal_point = persona("pf.mopti", Role.FOCAL_POINT, mali.mopti)
        partner_viewer = persona("ptf.pnud", Role.PARTNER_VIEWER, mali.country, partner=partner)
        made = SimpleNamespace(
            fr=_files(admin, "fr"),
            en=_files(admin, "en"),
            focal_point=_files(focal_point, "fr"),
            partner=_files(partner_viewer, "fr"),
            dashboard=_dashboard_rows(admin),
            dashboard_focal_point=_dashboard_rows(focal_point),
        )
        transaction.set_rollback(True)
    return made


def _files(user, language):
    with translation.override(language):
        return report.produce(user=user, on=BEFORE)


def _xlsx(files, sheet):
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    return list(workbook[sheet].iter_rows(values_only=True))


def _docx_tables(files):
    document = Document(io.BytesIO(files["docx"]))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def _docx_summary(files):
    for table in _docx_tables(files):
        if table[0][:2] in (["Indicateur", "Valeur"], ["Figure", "Value"]):
            return dict(row[:2] for row in table[1:])
    raise AssertionError("no summary table")


def test_the_xlsx_has_the_share_satisfied_by_quarter_and_commune_up_to_the_date(made):
    rows = _xlsx(made.fr, "Satisfaction")
    assert rows == [
        ("Trimestre", "Commune", "Satisfaits (%)", "Satisfaits", "Réponses"),
        ("T2 2021", "Bandiagara", 67, 2, 3),
        ("T2 2021", "Gao", 0, 0, 1),
        ("T1 2021", "Bandiagara", 100, 1, 1),
        ("Total", None, 60, 3, 5),
    ]
    summary = {r[0]: r[1] for r in _xlsx(made.fr, "Résumé")[1:]}
    assert _plain(summary["Citoyens satisfaits de la réponse à leur signalement"]) == "60 % (3 / 5)"


def test_the_docx_has_the_satisfaction_section_and_table(made):
    document = Document(io.BytesIO(made.fr["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "7. Satisfaction des citoyens envers les réponses" in headings
    table = next(t for t in _docx_tables(made.fr) if t[0][0] == "Trimestre")
    assert table[1:] == [
        ["T2 2021", "Bandiagara", "67", "2", "3"],
        ["T2 2021", "Gao", "0", "0", "1"],
        ["T1 2021", "Bandiagara", "100", "1", "1"],
        ["Total", "", "60", "3", "5"],
    ]
    summary = _docx_summary(made.fr)
    assert _plain(summary["Citoyens satisfaits de la réponse à leur signalement"]) == "60 % (3 / 5)"


def test_the_pdf_has_the_satisfaction_section_and_figures(made):
    text = _squash(pdf_text(made.fr["pdf"]))
    assert _squash("7. Satisfaction des citoyens envers les réponses") in text
    assert _squash("Citoyens satisfaits de la réponse à leur signalement 60 % (3 / 5)") in text
    assert _squash("T2 2021 Bandiagara 67 2 3") in text
    assert _squash("T1 2021 Bandiagara 100 1 1") in text
    # The answer of 2 July 2021 came after the report date.
    assert _squash("T3 2021") not in text.split(_squash("7. Satisfaction"))[1]


def test_the_english_report_says_it_in_english(made):
    rows = _xlsx(made.en, "Satisfaction")
    assert rows[0] == ("Quarter", "Commune", "Satisfied (%)", "Satisfied", "Answers")
    assert rows[1] == ("Q2 2021", "Bandiagara", 67, 2, 3)
    summary = _docx_summary(made.en)
    assert _plain(summary["Citizens satisfied with the answer to their report"]) == "60 % (3 / 5)"
    text = _squash(pdf_text(made.en["pdf"]))
    assert _squash("7. Citizens' satisfaction with the answers") in text


def test_a_focal_points_report_counts_only_its_region(made):
    rows = _xlsx(made.focal_point, "Satisfaction")
    assert rows[1:] == [
        ("T2 2021", "Bandiagara", 67, 2, 3),
        ("T1 2021", "Bandiagara", 100, 1, 1),
        ("Total", None, 75, 3, 4),
    ]
    assert "Gao" not in _squash(pdf_text(made.focal_point["pdf"])).split("7.Satisfaction")[1]


def test_a_partners_report_shows_no_citizens_answers(made):
    assert _xlsx(made.partner, "Satisfaction")[1:] == []
    summary = _docx_summary(made.partner)
    assert summary["Citoyens satisfaits de la réponse à leur signalement"] == "– (0 / 0)"
    text = _squash(pdf_text(made.partner["pdf"]))
    assert _squash("ne sont pas communiqués aux partenaires") in text


def test_the_report_has_the_dashboards_figures_of_the_same_date(made):
    shown = [[row[0], row[1], row[4]] for row in _xlsx_as_text(made.fr)]
    # The dashboard: quarter, commune, share satisfied, answers.
    assert [[r[0], r[1], r[3]] for r in made.dashboard] == shown
    assert [_plain(r[2]) for r in made.dashboard] == ["67 %", "0 %", "100 %"]
    assert [[r[0], r[1], r[3]] for r in made.dashboard_focal_point] == [
        ["T2 2021", "Bandiagara", "3"],
        ["T1 2021", "Bandiagara", "1"],
    ]


def _xlsx_as_text(files):
    return [[str(v) for v in row] for row in _xlsx(files, "Satisfaction")[1:] if row[0] != "Total"]


@pytest.mark.django_db
def test_an_answer_after_the_date_counts_in_a_later_report(mali, national_admin):
    # (A test on the database of its own also makes pytest-django set the database up
    # before the module's reports are made, when this file runs alone.)
    answers(mali)
    with translation.override("en"):
        later = report.build_context(user=national_admin, on=dt.date(2021, 7, 31))
    assert later["tables"]["satisfaction"].rows[0] == ["Q3 2021", "Bandiagara", 100, 1, 1]
    assert later["tables"]["satisfaction"].total == ["Total", "", 67, 4, 6]
