"""Submissions as ODK Collect sends them: HEAD, then a multipart POST with photos; applied
through the platform's services, replayed without effect, held for review when they
cannot be applied, refused with the OpenRosa error shape when a file is wrong."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from siccs.citizens.models import Channel, CitizenReport
from siccs.fieldforms.models import ReviewReason, Submission, SubmissionStatus
from siccs.fieldforms.tests.conftest import image_bytes, new_instance_id, photo
from siccs.fieldforms.tests.instances import instance_xml, multipart
from siccs.meetings.models import (
    Attendance,
    Concern,
    ConcernSource,
    FollowUp,
    Presence,
    Recommendation,
    RecommendationStatus,
    Session,
)
from siccs.meetings.tests.factories import RecommendationFactory, SessionFactory
from siccs.rollout.models import Evidence, StepRecord, StepStatus

RESPONSE = "{http://openrosa.org/http/response}"


def _message(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response["X-OpenRosa-Version"] == "1.0"
    root = ET.fromstring(response.content)
    assert root.tag == f"{RESPONSE}OpenRosaResponse"
    return root.find(f"{RESPONSE}message")


def _session_values(bandiagara, **changes):
    chair, second, third = bandiagara.members
    values = {
        "comite": bandiagara.committee.pk,
        "date_seance": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "type_seance": "ordinary",
        "lieu": "Salle de la mairie de Bandiagara",
        "president": "Le maire",
        "ordre_du_jour": "Sécurité des foires hebdomadaires",
        "presents": f"{chair.pk} {second.pk}",
        "excuses": f"{third.pk}",
        "preoccupations": [
            {
                "categorie": "cattle-theft",
                "titre": "Vols de bétail vers Dourou",
                "description": "Troupeaux enlevés la nuit",
                "gravite": "3",
                "recommandations": [
                    {
                        "texte": "Patrouilles de nuit sur l'axe Bandiagara–Dourou",
                        "destinataire": bandiagara.addressee.pk,
                        "responsable": "Commandant de brigade",
                        "echeance": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
                    }
                ],
            },
            {"categorie": "banditry", "titre": "Braquages sur la route de Sévaré", "gravite": "2"},
        ],
    }
    values.update(changes)
    return values


def test_a_session_sent_by_collect_is_recorded_with_attendance_concerns_and_recommendations(
    bandiagara, collect
):
    head = collect.head("/odk/submission")
    assert head.status_code == 204
    assert head["X-OpenRosa-Accept-Content-Length"]
    assert head["Location"] == "http://testserver/odk/submission"
    assert collect.challenges_answered == 1

    xml = instance_xml("seance_ccs", _session_values(bandiagara), new_instance_id())
    response = collect.post("/odk/submission", multipart(xml))
    assert response.status_code == 201, response.content
    assert _message(response).get("nature") == "submit_success"
    assert collect.challenges_answered == 1  # the POST was signed from the start

    session = Session.objects.get(committee=bandiagara.committee)
    assert session.place == "Salle de la mairie de Bandiagara"
    chair, second, third = bandiagara.members
    assert dict(
        Attendance.objects.filter(session=session).values_list("membership", "presence")
    ) == {
        chair.pk: Presence.PRESENT,
        second.pk: Presence.PRESENT,
        third.pk: Presence.EXCUSED,
    }
    assert (session.present_members, session.created_by.username) == (2, "pf.mopti")
    concerns = Concern.objects.filter(session=session).order_by("title")
    assert [(c.title, c.source, c.severity) for c in concerns] == [
        ("Braquages sur la route de Sévaré", ConcernSource.SESSION, 2),
        ("Vols de bétail vers Dourou", ConcernSource.SESSION, 3),
    ]
    recommendation = Recommendation.objects.get(session=session)
    assert list(recommendation.concerns.all()) == [concerns[1]]
    assert (recommendation.addressee, recommendation.status) == (
        bandiagara.addressee,
        RecommendationStatus.OPEN,
    )
    submission = Submission.objects.get()
    assert (submission.status, submission.session) == (SubmissionStatus.APPLIED, session)


def test_the_same_instance_sent_twice_creates_nothing_new(bandiagara, collect):
    body = instance_xml("seance_ccs", _session_values(bandiagara), new_instance_id())
    assert collect.post("/odk/submission", multipart(body)).status_code == 201
    replay = collect.post("/odk/submission", multipart(body))
    assert replay.status_code == 202
    assert _message(replay).text == "Ce formulaire a déjà été reçu."
    assert Session.objects.count() == 1
    assert Concern.objects.count() == 2
    assert Submission.objects.count() == 1


def test_a_session_of_a_committee_out_of_scope_lands_in_the_review_queue(bandiagara, collect):
    values = _session_values(
        bandiagara,
        comite=bandiagara.gao.pk,
        presents=str(bandiagara.gao_member.pk),
        excuses="",
        preoccupations=[],
    )
    response = collect.post(
        "/odk/submission", multipart(instance_xml("seance_ccs", values, new_instance_id()))
    )
    assert response.status_code == 202
    assert "vérifié" in _message(response).text
    assert not Session.objects.exists()
    submission = Submission.objects.get()
    assert (submission.status, submission.reason) == (
        SubmissionStatus.IN_REVIEW,
        ReviewReason.OUT_OF_SCOPE,
    )
    # Gao's reviewers (national administrators, Gao's focal point) see it, not Mopti's.
    assert submission.unit == bandiagara.gao.unit


def test_an_unknown_member_holds_the_session_for_review(bandiagara, collect):
    values = _session_values(
        bandiagara, presents=f"{bandiagara.members[0].pk} {bandiagara.gao_member.pk}"
    )
    response = collect.post(
        "/odk/submission", multipart(instance_xml("seance_ccs", values, new_instance_id()))
    )
    assert response.status_code == 202
    submission = Submission.objects.get()
    assert submission.reason == ReviewReason.UNKNOWN_MEMBER
    assert not Session.objects.exists() and not Concern.objects.exists()


def test_a_step_report_with_a_real_photo_updates_the_step_and_keeps_the_photo(bandiagara, collect):
    record = (
        StepRecord.objects.filter(committee=bandiagara.committee).order_by("step__order").first()
    )
    picture = photo("1733050000000.jpg", size=(640, 480))
    values = {
        "comite": bandiagara.committee.pk,
        "etape": record.pk,
        "statut": "done",
        "date_fait": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "notes": "Rencontre avec le maire",
        "photos": [{"photo": picture.name, "legende": "Liste de présence"}],
    }
    assert collect.head("/odk/submission").status_code == 204
    response = collect.post(
        "/odk/submission",
        multipart(instance_xml("etape_ccs", values, new_instance_id()), picture),
    )
    assert response.status_code == 201, response.content
    record.refresh_from_db()
    assert record.status == StepStatus.DONE
    assert record.done_on == timezone.localdate() - dt.timedelta(days=1)
    assert "Rencontre avec le maire" in record.notes
    evidence = Evidence.objects.get(record=record)
    assert (evidence.content_type, evidence.description) == ("image/jpeg", "Liste de présence")
    assert evidence.file.read()[:3] == b"\xff\xd8\xff"


def test_a_step_already_done_waits_for_review(bandiagara, collect):
    record = StepRecord.objects.filter(committee=bandiagara.committee).first()
    StepRecord.objects.filter(pk=record.pk).update(
        status=StepStatus.DONE, done_on=dt.date(2021, 3, 2)
    )
    values = {
        "comite": bandiagara.committee.pk,
        "etape": record.pk,
        "statut": "in_progress",
        "date_fait": timezone.localdate().isoformat(),
    }
    response = collect.post(
        "/odk/submission", multipart(instance_xml("etape_ccs", values, new_instance_id()))
    )
    assert response.status_code == 202
    assert Submission.objects.get().reason == ReviewReason.STEP_DONE
    record.refresh_from_db()
    assert record.status == StepStatus.DONE


def test_a_photo_too_large_is_refused_with_an_openrosa_error(bandiagara, collect, settings):
    settings.UPLOAD_MAX_BYTES = 20_000
    picture = photo("big.jpg", size=(400, 400))
    assert picture.size > 20_000
    record = StepRecord.objects.filter(committee=bandiagara.committee).first()
    values = {
        "comite": bandiagara.committee.pk,
        "etape": record.pk,
        "statut": "in_progress",
        "date_fait": timezone.localdate().isoformat(),
        "photos": [{"photo": "big.jpg"}],
    }
    response = collect.post(
        "/odk/submission",
        multipart(instance_xml("etape_ccs", values, new_instance_id()), picture),
    )
    assert response.status_code == 413
    message = _message(response)
    assert message.get("nature") == "error"
    assert "big.jpg" in message.text
    assert not Submission.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_with_an_openrosa_error(bandiagara, collect):
    fake = SimpleUploadedFile("proof.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg")
    record = StepRecord.objects.filter(committee=bandiagara.committee).first()
    values = {
        "comite": bandiagara.committee.pk,
        "etape": record.pk,
        "statut": "in_progress",
        "date_fait": timezone.localdate().isoformat(),
        "photos": [{"photo": "proof.jpg"}],
    }
    response = collect.post(
        "/odk/submission", multipart(instance_xml("etape_ccs", values, new_instance_id()), fake)
    )
    assert response.status_code == 415
    assert _message(response).get("nature") == "error"
    assert not Submission.objects.exists()


def test_a_body_larger_than_announced_is_refused_before_it_is_read(bandiagara, collect, settings):
    settings.UPLOAD_MAX_BYTES = 10_000
    head = collect.head("/odk/submission")
    assert head["X-OpenRosa-Accept-Content-Length"] == "10000"
    response = collect.post(
        "/odk/submission",
        data=b"x" * (10_000 + 1024 * 1024 + 1),
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )
    assert response.status_code == 413
    assert _message(response).get("nature") == "error"


def test_a_submission_in_two_parts_is_applied_once_the_last_part_came(bandiagara, collect):
    record = StepRecord.objects.filter(committee=bandiagara.committee).first()
    first, second = photo("a.jpg"), photo("b.png", kind="PNG")
    values = {
        "comite": bandiagara.committee.pk,
        "etape": record.pk,
        "statut": "in_progress",
        "date_fait": timezone.localdate().isoformat(),
        "photos": [{"photo": "a.jpg"}, {"photo": "b.png"}],
    }
    xml = instance_xml("etape_ccs", values, new_instance_id())
    part = collect.post("/odk/submission", multipart(xml, first, incomplete=True))
    assert part.status_code == 202
    assert Submission.objects.get().status == SubmissionStatus.RECEIVING
    assert not Evidence.objects.exists()
    last = collect.post("/odk/submission", multipart(xml, second))
    assert last.status_code == 201
    assert sorted(Evidence.objects.values_list("content_type", flat=True)) == [
        "image/jpeg",
        "image/png",
    ]


def test_a_recommendation_follow_up_with_a_photo_is_recorded(bandiagara, collect):
    session = SessionFactory(committee=bandiagara.committee, held_on=dt.date(2024, 3, 1))
    recommendation = RecommendationFactory(session=session)
    picture = photo("suivi.jpg")
    values = {
        "comite": bandiagara.committee.pk,
        "recommandation": recommendation.pk,
        "date_suivi": timezone.localdate().isoformat(),
        "statut": "in_progress",
        "note": "Deux patrouilles par semaine depuis le mois dernier",
        "preuve": "suivi.jpg",
    }
    response = collect.post(
        "/odk/submission",
        multipart(instance_xml("suivi_recommandation", values, new_instance_id()), picture),
    )
    assert response.status_code == 201, response.content
    follow_up = FollowUp.objects.get(recommendation=recommendation, status="in_progress")
    assert follow_up.evidence_name == "suivi.jpg"
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.IN_PROGRESS


def test_a_citizen_concern_taken_on_paper_gets_a_tracking_code(bandiagara, collect):
    values = {
        "recu_le": timezone.localdate().isoformat(),
        "commune": bandiagara.committee.unit_id,
        "lieu_precis": "Marché de Bandiagara",
        "categorie": "banditry",
        "description": "Des motos volées chaque jour de foire",
    }
    response = collect.post(
        "/odk/submission",
        multipart(instance_xml("preoccupation_citoyenne", values, new_instance_id())),
    )
    assert response.status_code == 201
    report = CitizenReport.objects.get()
    assert report.channel == Channel.FIELD_FORM
    assert report.tracking_code in _message(response).text
    assert report.concern.committee == bandiagara.committee


def test_an_edited_instance_is_held_as_a_correction(bandiagara, collect):
    first = new_instance_id()
    collect.post(
        "/odk/submission", multipart(instance_xml("seance_ccs", _session_values(bandiagara), first))
    )
    edited = instance_xml(
        "seance_ccs", _session_values(bandiagara, lieu="Salle du CCS"), new_instance_id(), first
    )
    response = collect.post("/odk/submission", multipart(edited))
    assert response.status_code == 202
    assert Submission.objects.get(deprecated_id=first).reason == ReviewReason.CORRECTION
    assert Session.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"<not xml", 400),
        (
            b"<?xml version='1.0'?><data id='inconnu'><meta><instanceID>uuid:1</instanceID></meta></data>",
            404,
        ),
        (b"<?xml version='1.0'?><data id='seance_ccs'><comite>1</comite></data>", 400),
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>'
            b"<data id='seance_ccs'><lieu>&a;</lieu></data>",
            400,
        ),
    ],
)
def test_a_malformed_instance_is_refused_with_an_openrosa_error(mali, collect, body, status):
    response = collect.post("/odk/submission", multipart(body))
    assert response.status_code == status
    assert _message(response).get("nature") == "error"
    assert not Submission.objects.exists()


def test_an_analyst_cannot_submit(bandiagara, national_analyst, collect_for):
    analyst = collect_for(national_analyst)
    xml = instance_xml("seance_ccs", _session_values(bandiagara), new_instance_id())
    response = analyst.post("/odk/submission", multipart(xml))
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_a_real_photo_is_the_same_bytes_in_and_out(bandiagara, collect):
    content = image_bytes(size=(320, 240))
    picture = SimpleUploadedFile("p.jpg", content, content_type="image/jpeg")
    record = StepRecord.objects.filter(committee=bandiagara.committee).first()
    values = {
        "comite": bandiagara.committee.pk,
        "etape": record.pk,
        "statut": "in_progress",
        "date_fait": timezone.localdate().isoformat(),
        "photos": [{"photo": "p.jpg"}],
    }
    collect.post(
        "/odk/submission", multipart(instance_xml("etape_ccs", values, new_instance_id()), picture)
    )
    assert Evidence.objects.get().file.read() == content
