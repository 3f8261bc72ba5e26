"""A refused proof changes nothing: the step record and its proof are one write."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from siccs.audit.models import AuditEntry
from siccs.committees.models import CommitteeLevel
from siccs.committees.services import committee_plan
from siccs.rollout.models import Evidence, StepRecord

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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


def _post(client, record, name, content):
    return client.post(
        f"/methodology/records/{record.pk}/",
        {
            "status": "done",
            "actual_on": "2021-03-02",
            "notes": "Atelier tenu à la mairie",
            "evidence": SimpleUploadedFile(name, content),
            "evidence_description": "Liste de présence",
        },
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("liste.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("enorme.pdf", PDF + b"0" * 70_000),
    ],
)
def test_a_refused_file_changes_nothing(
    client_for, national_admin, record, settings, name, content
):
    settings.UPLOAD_MAX_BYTES = 64 * 1024
    before = StepRecord.objects.values().get(pk=record.pk)
    audits = AuditEntry.objects.count()
    response = _post(client_for(national_admin), record, name, content)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert StepRecord.objects.values().get(pk=record.pk) == before
    assert AuditEntry.objects.count() == audits
    assert not Evidence.objects.exists()


def test_the_size_limit_holds_while_the_upload_is_read(
    client_for, national_admin, record, settings
):
    settings.UPLOAD_MAX_BYTES = 64 * 1024
    response = _post(client_for(national_admin), record, "enorme.pdf", PDF + b"0" * 3_000_000)
    assert "trop volumineux" in response.content.decode()
    upload = response.wsgi_request.FILES["evidence"]
    # Nothing past the limit was kept: what reached the view is the name and the size.
    assert upload.oversized and upload.size > 3_000_000
    assert not Evidence.objects.exists()


def test_an_accepted_file_is_saved_with_the_record_and_named_by_its_type(
    client_for, national_admin, record
):
    client = client_for(national_admin)
    assert _post(client, record, "liste.xlsx", PDF).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "liste.pdf"
    assert StepRecord.objects.get(pk=record.pk).notes == "Atelier tenu à la mairie"
    download = client.get(f"/methodology/evidence/{evidence.pk}/")
    assert 'filename="liste.pdf"' in download["Content-Disposition"]
