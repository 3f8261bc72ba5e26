"""The demo's phone: the Bandiagara secretary's app password of docs/odk.md gets in, and
the review queue holds one submission for each reason the docs show."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from siccs.fieldforms.demo import DEMO_APP_PASSWORD
from siccs.fieldforms.models import ReviewReason, Submission, SubmissionStatus
from siccs.fieldforms.tests.collect import CollectClient


@pytest.mark.django_db
def test_the_demo_phone_connects_and_the_queue_shows_each_reason():
    call_command("load_demo", stdout=io.StringIO())
    phone = CollectClient("sec.bandiagara", DEMO_APP_PASSWORD)
    response = phone.get("/odk/formList")
    assert response.status_code == 200
    assert b"<formID>seance_ccs</formID>" in response.content
    assert (
        "CCSC Bandiagara" in phone.get("/odk/forms/seance_ccs/media/comites.csv").content.decode()
    )
    applied = Submission.objects.filter(status=SubmissionStatus.APPLIED)
    assert {s.form_id for s in applied} == {"seance_ccs", "preoccupation_citoyenne"}
    assert all(s.session_id or s.citizen_report_id for s in applied)
    held = Submission.objects.filter(status=SubmissionStatus.IN_REVIEW)
    assert sorted(held.values_list("reason", flat=True)) == sorted(
        [ReviewReason.UNKNOWN_MEMBER, ReviewReason.OUT_OF_SCOPE, ReviewReason.STEP_DONE]
    )
