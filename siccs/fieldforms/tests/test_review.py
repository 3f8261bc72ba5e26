"""The review queue: what could not be applied waits with its reason, in the territory of
the committee it names; a national administrator or a focal point fixes and applies it,
or rejects it saying why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from siccs.audit.models import AuditEntry
from siccs.fieldforms.models import ReviewReason, Submission, SubmissionStatus
from siccs.fieldforms.services import submission_receive
from siccs.fieldforms.tests.conftest import new_instance_id
from siccs.fieldforms.tests.instances import instance_xml
from siccs.meetings.models import Attendance, Session


def _held(bandiagara, user, **values) -> Submission:
    chair, second, _third = bandiagara.members
    payload = {
        "comite": bandiagara.committee.pk,
        "date_seance": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "type_seance": "ordinary",
        "presents": f"{chair.pk} {second.pk} {bandiagara.gao_member.pk}",
        "excuses": "",
    }
    payload.update(values)
    outcome = submission_receive(
        user=user, xml=instance_xml("seance_ccs", payload, new_instance_id())
    )
    assert outcome.result == "review"
    return outcome.submission


def test_a_focal_point_sees_the_submissions_to_review_of_the_region(
    bandiagara, gao_secretary, mopti_focal_point, client_for
):
    ours = _held(bandiagara, mopti_focal_point)
    # A Gao secretary's session of a Mopti committee: out of the sender's scope, it is
    # reviewed where the committee is, by Mopti.
    theirs = _held(bandiagara, gao_secretary)
    assert theirs.reason == ReviewReason.OUT_OF_SCOPE
    page = client_for(mopti_focal_point).get("/odk/review/")
    assert page.status_code == 200
    assert page.context["page"].object_list == [theirs, ours]
    text = page.content.decode()
    assert "membre inconnu ou non actif à cette date" in text
    assert "comité ou lieu hors du territoire de l&#x27;expéditeur" in text


def test_a_reviewer_leaves_out_the_unknown_member_and_applies(
    bandiagara, mopti_focal_point, client_for
):
    submission = _held(bandiagara, mopti_focal_point)
    assert submission.reason == ReviewReason.UNKNOWN_MEMBER
    client = client_for(mopti_focal_point)
    detail = client.get(f"/odk/review/{submission.pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "fix-form" in text
    # Ids are shown with what they stand for, as far as the reviewer may see.
    assert f"{bandiagara.committee.pk} (CCSC Bandiagara)" in text
    assert f"{bandiagara.members[0].pk} (Amadou Guindo)" in text
    assert "Moussa Maïga" not in text  # the Gao member ticked by mistake stays a number
    response = client.post(
        f"/odk/review/{submission.pk}/",
        {
            "action": "apply",
            "comite": bandiagara.committee.pk,
            "date_seance": submission.data["date_seance"],
            "type_seance": "ordinary",
            "_ignore_unknown_members": "on",
        },
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPLIED
    assert submission.decided_by == mopti_focal_point
    session = Session.objects.get(committee=bandiagara.committee)
    assert submission.session == session
    assert Attendance.objects.filter(session=session).count() == 3
    assert AuditEntry.objects.filter(model="fieldforms.submission", verb="apply").exists()


def test_a_fix_that_still_breaks_a_rule_stays_in_the_queue(
    bandiagara, mopti_focal_point, client_for
):
    submission = _held(bandiagara, mopti_focal_point)
    response = client_for(mopti_focal_point).post(
        f"/odk/review/{submission.pk}/",
        {
            "action": "apply",
            "comite": bandiagara.committee.pk,
            "date_seance": submission.data["date_seance"],
            "type_seance": "ordinary",
        },
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.reason) == (
        SubmissionStatus.IN_REVIEW,
        ReviewReason.UNKNOWN_MEMBER,
    )
    assert not Session.objects.exists()


def test_a_reviewer_rejects_with_a_reason(bandiagara, mopti_focal_point, client_for):
    submission = _held(bandiagara, mopti_focal_point)
    client = client_for(mopti_focal_point)
    refused = client.post(f"/odk/review/{submission.pk}/", {"action": "reject", "note": ""})
    assert refused.status_code == 200
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.IN_REVIEW
    client.post(
        f"/odk/review/{submission.pk}/",
        {"action": "reject", "note": "Séance déjà saisie sur le web"},
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED
    assert submission.decision_note == "Séance déjà saisie sur le web"
    # Decided: kept in the history, no second decision.
    again = client.post(f"/odk/review/{submission.pk}/", {"action": "reject", "note": "encore"})
    assert again.status_code == 302
    assert Submission.objects.get(pk=submission.pk).decision_note == "Séance déjà saisie sur le web"


def test_the_fix_form_offers_only_committees_in_the_reviewers_scope(
    bandiagara, mopti_focal_point, client_for
):
    submission = _held(bandiagara, mopti_focal_point)
    page = client_for(mopti_focal_point).get(f"/odk/review/{submission.pk}/")
    choices = page.context["fix_form"].fields["comite"].queryset
    assert bandiagara.committee in choices and bandiagara.gao not in choices


@pytest.mark.parametrize("persona", ["gao_secretary", "national_analyst", "partner_viewer"])
def test_others_cannot_open_the_queue(bandiagara, request, persona, client_for):
    user = request.getfixturevalue(persona)
    assert client_for(user).get("/odk/review/").status_code == 403


def test_an_outsider_gets_a_404_on_a_submission_of_another_region(
    bandiagara, gao_secretary, mopti_focal_point, client_for, mali
):
    from conftest import persona
    from siccs.accounts.scoping import Role

    submission = _held(bandiagara, mopti_focal_point)
    gao_focal_point = persona("pf.gao", Role.FOCAL_POINT, mali.gao)
    client = client_for(gao_focal_point)
    assert client.get(f"/odk/review/{submission.pk}/").status_code == 404
    assert client.post(f"/odk/review/{submission.pk}/", {"action": "reject"}).status_code == 404


def test_a_national_administrator_reviews_a_submission_naming_an_unknown_committee(
    bandiagara, mopti_focal_point, national_admin, client_for
):
    submission = _held(bandiagara, mopti_focal_point, comite="999999")
    assert (submission.reason, submission.unit) == (ReviewReason.STALE_LIST, None)
    assert client_for(mopti_focal_point).get(f"/odk/review/{submission.pk}/").status_code == 404
    admin = client_for(national_admin)
    assert admin.get(f"/odk/review/{submission.pk}/").status_code == 200
    admin.post(
        f"/odk/review/{submission.pk}/",
        {
            "action": "apply",
            "comite": bandiagara.committee.pk,
            "date_seance": submission.data["date_seance"],
            "type_seance": "ordinary",
            "_ignore_unknown_members": "on",
        },
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPLIED
    assert submission.session.created_by == national_admin
