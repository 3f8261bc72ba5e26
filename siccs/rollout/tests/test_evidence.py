"""Evidence files: recognised by content, size-limited, private, served only in scope."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from siccs.committees.models import CommitteeLevel
from siccs.committees.services import committee_plan
from siccs.core.errors import DomainError
from siccs.rollout.models import Evidence
from siccs.rollout.services import evidence_add

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    return tmp_path


@pytest.fixture
def record(national_admin, mali):
    committee = committee_plan(
        user=national_admin,
        unit=mali.bandiagara,
        level=CommitteeLevel.objects.get(code="communal"),
        planned_on=dt.date(2021, 1, 4),
    )
    return committee.step_records.get(step__code="launch")


def xlsx_bytes():
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["Nom", "Signature"])
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (PDF, "pv.pdf", "application/pdf"),
        (PNG, "photo.png", "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "photo.jpg", "image/jpeg"),
        (
            xlsx_bytes(),
            "liste.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_it_recognises_allowed_files_by_content(mopti_focal_point, record, content, name, expected):
    evidence = evidence_add(
        user=mopti_focal_point, record=record, file=io.BytesIO(content), name=name
    )
    assert evidence.content_type == expected
    # The name on disk is ours, never the one the user sent.
    assert name not in evidence.file.name


def test_it_rejects_a_script_named_like_a_pdf(mopti_focal_point, record):
    with pytest.raises(DomainError):
        evidence_add(
            user=mopti_focal_point,
            record=record,
            file=io.BytesIO(b"<html><script>alert(1)</script></html>"),
            name="acte.pdf",
        )
    with pytest.raises(DomainError):
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as z:
            z.writestr("payload.exe", b"MZ")
        evidence_add(user=mopti_focal_point, record=record, file=archive, name="liste.xlsx")
    assert not Evidence.objects.exists()


def test_it_rejects_files_above_the_size_limit(mopti_focal_point, record, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(DomainError):
        evidence_add(
            user=mopti_focal_point, record=record, file=io.BytesIO(PDF + b"0" * 2000), name="a.pdf"
        )


def test_it_stores_files_outside_the_web_root_and_serves_them_as_attachments(
    client_for, mopti_focal_point, record, private_storage
):
    client = client_for(mopti_focal_point)
    response = client.post(
        reverse("rollout:step_record_edit", args=[record.pk]),
        {
            "status": "done",
            "actual_on": "2021-05-03",
            "evidence": SimpleUploadedFile("liste-presence.pdf", PDF, content_type="text/html"),
            "evidence_description": "Liste de présence",
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf"
    assert (private_storage / evidence.file.name).exists()
    download = client.get(reverse("rollout:evidence_download", args=[evidence.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_it_refuses_evidence_to_outsiders_analysts_and_partners(
    client_for, mopti_focal_point, gao_secretary, national_analyst, record
):
    evidence = evidence_add(
        user=mopti_focal_point, record=record, file=io.BytesIO(PDF), name="pv.pdf"
    )
    url = reverse("rollout:evidence_download", args=[evidence.pk])
    for user in (gao_secretary, national_analyst):
        assert client_for(user).get(url).status_code == 404
