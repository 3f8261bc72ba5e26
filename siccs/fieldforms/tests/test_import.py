"""Exports of our forms from KoboToolbox (CSV, XLSX with a sheet per repeat group) and ODK
Central (ZIP of CSV files) go through the same appliers and review queue as a phone."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from siccs.fieldforms.models import ReviewReason, Submission, SubmissionSource, SubmissionStatus
from siccs.meetings.models import Concern, Recommendation, Session
from siccs.rollout.models import StepRecord, StepStatus

DAY = (timezone.localdate() - dt.timedelta(days=5)).isoformat()


def _csv(rows: list[list[object]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode("utf-8")


def _upload(client, form_id: str, name: str, content: bytes):
    return client.post(
        "/odk/import/", {"form_id": form_id, "file": SimpleUploadedFile(name, content)}
    )


def central_zip(bandiagara, key: str = "uuid:5f0c6a0e-0000-4000-8000-000000000001") -> bytes:
    chair, second, third = bandiagara.members
    main = _csv(
        [
            [
                "SubmissionDate",
                "comite",
                "date_seance",
                "type_seance",
                "lieu",
                "president",
                "ordre_du_jour",
                "presents",
                "excuses",
                "meta-instanceID",
                "KEY",
                "SubmitterName",
                "ReviewState",
                "FormVersion",
            ],
            [
                "2026-11-30T10:00:00.000Z",
                bandiagara.committee.pk,
                DAY,
                "ordinary",
                "Mairie",
                "Le maire",
                "",
                f"{chair.pk} {second.pk}",
                str(third.pk),
                key,
                key,
                "Collecteur",
                "",
                "2026120101",
            ],
        ]
    )
    concerns = _csv(
        [
            ["categorie", "titre", "description", "gravite", "PARENT_KEY", "KEY"],
            ["cattle-theft", "Vols de bétail", "", "3", key, f"{key}/preoccupations[1]"],
            ["banditry", "Braquages", "", "2", key, f"{key}/preoccupations[2]"],
        ]
    )
    recommendations = _csv(
        [
            ["texte", "destinataire", "responsable", "echeance", "PARENT_KEY", "KEY"],
            [
                "Patrouilles de nuit",
                bandiagara.addressee.pk,
                "",
                "",
                f"{key}/preoccupations[1]",
                f"{key}/preoccupations[1]/recommandations[1]",
            ],
        ]
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("seance_ccs.csv", main)
        archive.writestr("seance_ccs-preoccupations.csv", concerns)
        archive.writestr("seance_ccs-recommandations.csv", recommendations)
    return out.getvalue()


def test_an_odk_central_zip_of_sessions_is_applied_with_its_repeat_groups(
    bandiagara, mopti_focal_point, client_for
):
    response = _upload(
        client_for(mopti_focal_point), "seance_ccs", "export.zip", central_zip(bandiagara)
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.applied, report.review, report.duplicates) == (1, 0, 0)
    session = Session.objects.get(committee=bandiagara.committee)
    assert sorted(Concern.objects.filter(session=session).values_list("title", flat=True)) == [
        "Braquages",
        "Vols de bétail",
    ]
    recommendation = Recommendation.objects.get(session=session)
    assert [c.title for c in recommendation.concerns.all()] == ["Vols de bétail"]
    submission = Submission.objects.get()
    assert (submission.source, submission.instance_id) == (
        SubmissionSource.CSV,
        "uuid:5f0c6a0e-0000-4000-8000-000000000001",
    )


def test_importing_the_same_export_again_creates_nothing(bandiagara, mopti_focal_point, client_for):
    client = client_for(mopti_focal_point)
    _upload(client, "seance_ccs", "export.zip", central_zip(bandiagara))
    again = _upload(client, "seance_ccs", "export.zip", central_zip(bandiagara)).context["report"]
    assert (again.applied, again.duplicates) == (0, 1)
    assert Session.objects.count() == 1 and Concern.objects.count() == 2


def test_a_kobotoolbox_xlsx_with_a_sheet_per_repeat_group_is_applied(
    bandiagara, mopti_focal_point, client_for
):
    chair, _second, third = bandiagara.members
    workbook = Workbook()
    main = workbook.active
    main.title = "Séance d'un comité (CCS)"
    main.append(
        [
            "start",
            "end",
            "comite",
            "date_seance",
            "type_seance",
            "presents",
            f"presents/{chair.pk}",
            "excuses",
            "meta/instanceID",
            "_id",
            "_uuid",
            "_index",
        ]
    )
    main.append(
        [
            "2026-11-30T09:00",
            "2026-11-30T09:20",
            bandiagara.committee.pk,
            DAY,
            "extraordinary",
            f"{chair.pk} {third.pk}",
            1,
            "",
            "",
            8812,
            "0b3f8e2a-1111-4222-8333-444455556666",
            1,
        ]
    )
    concerns = workbook.create_sheet("preoccupations")
    concerns.append(
        [
            "preoccupations/categorie",
            "preoccupations/titre",
            "preoccupations/gravite",
            "_index",
            "_parent_table_name",
            "_parent_index",
            "_submission__uuid",
        ]
    )
    concerns.append(["banditry", "Coupeurs de route à Kani", 4, 1, main.title, 1, "0b3f8e2a"])
    out = io.BytesIO()
    workbook.save(out)
    report = _upload(
        client_for(mopti_focal_point), "seance_ccs", "kobo.xlsx", out.getvalue()
    ).context["report"]
    assert report.applied == 1
    session = Session.objects.get()
    assert (session.kind, session.present_members) == ("extraordinary", 2)
    assert Concern.objects.get(session=session).severity == 4
    assert Submission.objects.get().instance_id == "uuid:0b3f8e2a-1111-4222-8333-444455556666"


def test_a_kobotoolbox_csv_of_step_reports_goes_to_review_when_a_step_is_done(
    bandiagara, mopti_focal_point, client_for
):
    first, second = StepRecord.objects.filter(committee=bandiagara.committee).order_by(
        "step__order"
    )[:2]
    StepRecord.objects.filter(pk=second.pk).update(
        status=StepStatus.DONE, done_on=dt.date(2022, 1, 5)
    )
    content = _csv(
        [
            ["comite", "etape", "statut", "date_fait", "notes", "meta/instanceID"],
            [bandiagara.committee.pk, first.pk, "in_progress", DAY, "Contact pris", "uuid:a1"],
            [bandiagara.committee.pk, second.pk, "done", DAY, "", "uuid:a2"],
        ],
        delimiter=";",
    )
    report = _upload(client_for(mopti_focal_point), "etape_ccs", "kobo.csv", content).context[
        "report"
    ]
    assert (report.applied, report.review) == (1, 1)
    first.refresh_from_db()
    assert first.status == StepStatus.IN_PROGRESS
    held = Submission.objects.get(instance_id="uuid:a2")
    assert (held.status, held.reason) == (SubmissionStatus.IN_REVIEW, ReviewReason.STEP_DONE)


def test_a_file_with_a_row_without_instance_id_is_refused_whole(
    bandiagara, mopti_focal_point, client_for
):
    first = StepRecord.objects.filter(committee=bandiagara.committee).first()
    content = _csv(
        [
            ["comite", "etape", "statut", "date_fait", "meta/instanceID"],
            [bandiagara.committee.pk, first.pk, "in_progress", DAY, "uuid:b1"],
            [bandiagara.committee.pk, first.pk, "in_progress", DAY, ""],
        ]
    )
    response = _upload(client_for(mopti_focal_point), "etape_ccs", "x.csv", content)
    assert response.context["report"] is None
    assert "3" in str(response.context["form"].errors["file"])
    assert not Submission.objects.exists()


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 broken", b"comite,etape\n1,2\n"])
def test_unreadable_or_unusable_files_are_refused(
    bandiagara, mopti_focal_point, client_for, content
):
    response = _upload(client_for(mopti_focal_point), "etape_ccs", "x.csv", content)
    assert response.context["report"] is None
    assert response.context["form"].errors
    assert not Submission.objects.exists()


def test_an_archive_too_large_once_unpacked_is_refused(bandiagara, mopti_focal_point, client_for):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("etape_ccs.csv", b"0" * (60 * 1024 * 1024))
    response = _upload(client_for(mopti_focal_point), "etape_ccs", "bomb.zip", out.getvalue())
    assert response.context["form"].errors
    assert not Submission.objects.exists()
