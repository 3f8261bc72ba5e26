"""The progress report: produced by the task, as of a past date, in French or English."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from siccs.dashboard.models import ProgressReport, ReportStatus
from siccs.dashboard.tests.world import BEFORE, build


@pytest.fixture(autouse=True)
def _tasks_run_at_once(immediate_tasks):
    """Every test here runs the worker's task inside the request."""


def _request(client, **data):
    response = client.post(reverse("dashboard:report_list"), data)
    assert response.status_code == 302
    return ProgressReport.objects.latest("pk")


def test_it_produces_a_pdf_a_docx_and_an_xlsx(mali, client_for, national_admin, partner):
    build(mali, partner=partner)
    client = client_for(national_admin)
    report = _request(client, on=BEFORE.isoformat(), language="fr")
    assert report.status == ReportStatus.DONE, report.error
    assert report.progress == 100
    assert report.title.startswith("État de mise en place des Comités Consultatifs de Sécurité")
    assert "25 juin 2021" in report.title

    pdf = client.get(reverse("dashboard:report_pdf", kwargs={"report_id": report.pk}))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    docx = client.get(reverse("dashboard:report_docx", kwargs={"report_id": report.pk}))
    with zipfile.ZipFile(io.BytesIO(b"".join(docx.streaming_content))) as archive:
        body = archive.read("word/document.xml").decode()
    assert "Perspectives" in body
    assert "PNUD" in body or "Programme des Nations unies" in body

    xlsx = client.get(reverse("dashboard:report_xlsx", kwargs={"report_id": report.pk}))
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert "Par région" in workbook.sheetnames


def test_a_past_report_uses_the_data_as_they_stood(mali, client_for, national_admin):
    build(mali)
    client = client_for(national_admin)
    report = _request(client, on=BEFORE.isoformat(), language="en")
    assert report.title.startswith("State of setting-up")
    with report.xlsx.open("rb") as handle:
        workbook = load_workbook(handle)
    rows = {row[0]: row[1:] for row in workbook["By region"].iter_rows(values_only=True)}
    # planned, being set up, stalled, installed, functional, total
    assert rows["Mopti"] == (0, 0, 1, 1, 1, 3)
    assert rows["Gao"] == (1, 0, 0, 0, 0, 1)
    # Douentza region was in force (since 25 November 2020) but held nothing yet.
    assert rows["Douentza"] == (0, 0, 0, 0, 0, 0)


def test_the_status_page_polls_until_the_report_is_ready(mali, client_for, national_admin):
    report = ProgressReport.objects.create(
        on=BEFORE, language="fr", unit=mali.country, created_by=national_admin, title="T"
    )
    client = client_for(national_admin)
    url = reverse("dashboard:report_status", kwargs={"report_id": report.pk})
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.strip().startswith('<div id="report-status"')
    assert "<html" not in fragment
    not_ready = client.get(reverse("dashboard:report_pdf", kwargs={"report_id": report.pk}))
    assert not_ready.status_code == 404


def test_a_report_of_gao_is_not_found_for_mopti(mali, client_for, gao_secretary, mopti_focal_point):
    build(mali)
    report = _request(client_for(gao_secretary), on=BEFORE.isoformat(), language="fr")
    assert report.unit == mali.gao_commune
    client = client_for(mopti_focal_point)
    for name in ("report_status", "report_pdf", "report_docx", "report_xlsx"):
        response = client.get(reverse(f"dashboard:{name}", kwargs={"report_id": report.pk}))
        assert response.status_code == 404
    listing = client.get(reverse("dashboard:report_list")).content.decode()
    assert report.title not in listing or "No report" in listing


def test_a_scoped_report_counts_only_the_requesters_committees(mali, client_for, mopti_focal_point):
    build(mali)
    report = _request(client_for(mopti_focal_point), on=BEFORE.isoformat(), language="en")
    assert report.unit == mali.mopti
    with report.xlsx.open("rb") as handle:
        workbook = load_workbook(handle)
    regions = [row[0] for row in workbook["By region"].iter_rows(values_only=True)]
    assert "Gao" not in regions
