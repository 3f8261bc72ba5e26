"""Adopting recommendations in a session and following them up."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from siccs.core.errors import DomainError
from siccs.meetings import services
from siccs.meetings.models import Addressee, FollowUp

pytestmark = pytest.mark.django_db
HELD_ON = dt.date(2021, 7, 1)
TODAY = dt.date(2021, 12, 31)


@pytest.fixture
def session(committee, members, record):
    return record(committee, HELD_ON, dict.fromkeys(members, "present"))


@pytest.fixture
def adopt(session, gao_secretary):
    def make(concerns, **extra):
        return services.recommendation_adopt(
            user=extra.pop("user", gao_secretary),
            session=session,
            text=extra.pop("text", "Renforcer les patrouilles sur l'axe Gao–Ansongo"),
            addressee=Addressee.objects.get(name="Gendarmerie nationale"),
            concerns=concerns,
            due_on=extra.pop("due_on", dt.date(2021, 9, 1)),
            **extra,
        )

    return make


def test_it_adopts_a_recommendation_answering_concerns_with_a_first_follow_up(adopt, concern):
    cattle, road = concern(), concern(title="Braquages sur la route", code="banditry")
    recommendation = adopt([cattle, road], responsible="Commandant de brigade")
    assert set(recommendation.concerns.all()) == {cattle, road}
    assert recommendation.adopted_on == HELD_ON
    first = recommendation.follow_ups.get()
    assert (first.on, first.status) == (HELD_ON, "open")
    cattle.refresh_from_db()
    assert cattle.status == "forwarded"


def test_it_needs_at_least_one_concern_of_the_committee(adopt, concern, mali):
    from siccs.committees.tests.factories import CommitteeFactory

    with pytest.raises(DomainError):
        adopt([])
    elsewhere = concern(committee=CommitteeFactory(unit=mali.bandiagara), unit=None, user=None)
    with pytest.raises(DomainError):
        adopt([elsewhere])


def test_it_refuses_a_due_date_before_the_session(adopt, concern):
    with pytest.raises(DomainError):
        adopt([concern()], due_on=HELD_ON - dt.timedelta(days=1))


def test_it_refuses_an_outsider(adopt, concern, mopti_focal_point):
    with pytest.raises(PermissionDenied):
        adopt([concern()], user=mopti_focal_point)


def test_it_keeps_the_status_equal_to_the_latest_follow_up(adopt, concern, gao_secretary):
    recommendation = adopt([concern()])
    services.recommendation_follow_up(
        user=gao_secretary,
        recommendation=recommendation,
        on=dt.date(2021, 8, 1),
        status="in_progress",
        note="Patrouilles mixtes lancées",
        today=TODAY,
    )
    services.recommendation_follow_up(
        user=gao_secretary,
        recommendation=recommendation,
        on=dt.date(2021, 10, 1),
        status="done",
        note="Patrouilles hebdomadaires",
        today=TODAY,
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "done"
    assert list(recommendation.follow_ups.values_list("status", flat=True)) == [
        "open",
        "in_progress",
        "done",
    ]


def test_it_refuses_a_follow_up_before_the_latest_or_in_the_future(adopt, concern, gao_secretary):
    recommendation = adopt([concern()])
    services.recommendation_follow_up(
        user=gao_secretary,
        recommendation=recommendation,
        on=dt.date(2021, 8, 1),
        status="in_progress",
        today=TODAY,
    )
    for on in (dt.date(2021, 7, 15), TODAY + dt.timedelta(days=1)):
        with pytest.raises(DomainError):
            services.recommendation_follow_up(
                user=gao_secretary, recommendation=recommendation, on=on, status="done", today=TODAY
            )


def test_it_needs_a_note_when_the_status_does_not_change(adopt, concern, gao_secretary):
    recommendation = adopt([concern()])
    with pytest.raises(DomainError):
        services.recommendation_follow_up(
            user=gao_secretary,
            recommendation=recommendation,
            on=HELD_ON,
            status="open",
            today=TODAY,
        )


def test_it_keeps_evidence_recognised_by_content(adopt, concern, gao_secretary):
    recommendation = adopt([concern()])
    photo = SimpleUploadedFile("patrouille.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    follow_up = services.recommendation_follow_up(
        user=gao_secretary,
        recommendation=recommendation,
        on=dt.date(2021, 8, 1),
        status="in_progress",
        evidence=photo,
        evidence_name="patrouille.png",
        today=TODAY,
    )
    assert follow_up.evidence.name.endswith(".png")
    assert follow_up.evidence_name == "patrouille.png"
    script = SimpleUploadedFile("rapport.pdf", b"<script>alert(1)</script>")
    with pytest.raises(DomainError):
        services.recommendation_follow_up(
            user=gao_secretary,
            recommendation=recommendation,
            on=dt.date(2021, 8, 2),
            status="in_progress",
            evidence=script,
            today=TODAY,
        )
    assert FollowUp.objects.filter(recommendation=recommendation).count() == 2
