"""The status of a recommendation at a past date, read from its dated follow-ups."""

import datetime as dt

import pytest

from siccs.meetings import services
from siccs.meetings.models import Addressee, Recommendation
from siccs.meetings.selectors import recommendation_status_on, with_status_on

pytestmark = pytest.mark.django_db
HELD_ON = dt.date(2021, 7, 1)


@pytest.fixture
def recommendation(committee, members, record, concern, gao_secretary):
    session = record(committee, HELD_ON, dict.fromkeys(members, "present"))
    rec = services.recommendation_adopt(
        user=gao_secretary,
        session=session,
        text="Installer un poste mixte au marché",
        addressee=Addressee.objects.get(name="Police nationale"),
        concerns=[concern(code="markets")],
        due_on=dt.date(2021, 9, 30),
    )
    for on, status in ((dt.date(2021, 8, 10), "in_progress"), (dt.date(2021, 11, 2), "done")):
        services.recommendation_follow_up(
            user=gao_secretary,
            recommendation=rec,
            on=on,
            status=status,
            note="Point fait en session",
            today=dt.date(2021, 12, 31),
        )
    return rec


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2021, 6, 30), None),
        (HELD_ON, "open"),
        (dt.date(2021, 8, 9), "open"),
        (dt.date(2021, 8, 10), "in_progress"),
        (dt.date(2021, 11, 1), "in_progress"),
        (dt.date(2021, 11, 2), "done"),
    ],
)
def test_it_reads_the_status_as_of_a_date(recommendation, on, expected):
    assert recommendation_status_on(recommendation, on) == expected


def test_it_agrees_with_the_annotation_used_by_boards(recommendation):
    for on in (HELD_ON, dt.date(2021, 8, 10), dt.date(2021, 10, 1), dt.date(2021, 11, 2)):
        annotated = with_status_on(Recommendation.objects.all(), on).get()
        assert annotated.status_on == recommendation_status_on(recommendation, on)


def test_it_marks_overdue_only_while_pending_after_the_due_date(recommendation):
    def overdue(on):
        return with_status_on(Recommendation.objects.all(), on).get().overdue_on

    assert not overdue(dt.date(2021, 9, 30))
    assert overdue(dt.date(2021, 10, 1))
    assert not overdue(dt.date(2021, 11, 2))


def test_it_leaves_out_recommendations_not_yet_adopted(recommendation):
    assert not with_status_on(Recommendation.objects.all(), dt.date(2021, 6, 30)).exists()
