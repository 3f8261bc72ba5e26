"""The columns derived for the dashboard (siccs.meetings.denormalised) equal a recount of
the facts after every service that writes them, and after a bulk refresh."""

from __future__ import annotations

import datetime as dt

import pytest

from siccs.committees import services as committee_services
from siccs.committees.models import Sex
from siccs.meetings import denormalised, services
from siccs.meetings.models import (
    Addressee,
    Attendance,
    Concern,
    ConcernStatus,
    ConcernStatusChange,
    FollowUp,
    GuestAttendance,
    Presence,
    Session,
)

pytestmark = pytest.mark.django_db
HELD_ON = dt.date(2021, 7, 1)
TODAY = dt.date(2021, 12, 31)


def recount(session: Session) -> tuple[int, int, int, int]:
    present = [a for a in Attendance.objects.filter(session=session) if a.presence == "present"]
    guests = list(GuestAttendance.objects.filter(session=session))
    return (
        len(present),
        sum(1 for a in present if a.membership.person.sex == Sex.FEMALE),
        sum(g.women for g in guests),
        sum(g.men for g in guests),
    )


def tallies(session: Session) -> tuple[int, int, int, int]:
    session.refresh_from_db()
    return (
        session.present_members,
        session.present_women,
        session.guests_women,
        session.guests_men,
    )


def test_recording_a_session_counts_those_present_and_the_guests(committee, members, record):
    from siccs.committees.tests.factories import category

    presences = dict.fromkeys(members, Presence.PRESENT)
    presences[members[1]] = Presence.EXCUSED  # a woman excused
    presences[members[2]] = Presence.ABSENT
    guests = [services.GuestCount(category=category("youth"), women=2, men=3)]
    session = record(committee, HELD_ON, presences, guests=guests)
    assert tallies(session) == recount(session) == (4, 1, 2, 3)

    # Recorded again (a correction): the counts follow.
    presences[members[1]] = Presence.PRESENT
    session = record(committee, HELD_ON, presences, session=session)
    assert tallies(session) == recount(session) == (5, 2, 0, 0)


def test_correcting_a_members_sex_recounts_the_sessions_they_attended(
    committee, members, record, gao_secretary
):
    session = record(committee, HELD_ON, dict.fromkeys(members, Presence.PRESENT))
    assert tallies(session)[:2] == (6, 2)
    committee_services.membership_update(user=gao_secretary, membership=members[4], sex=Sex.FEMALE)
    assert tallies(session) == recount(session) == (6, 3, 0, 0)


def test_an_answer_dates_the_concern_and_later_changes_keep_the_first(concern, gao_secretary):
    at = dt.datetime(2021, 6, 30, 23, 30, tzinfo=dt.UTC)  # 30 June in Bamako (UTC+0)
    item = concern(received_at=dt.datetime(2021, 6, 20, 9, tzinfo=dt.UTC))
    services.concern_set_status(
        user=gao_secretary, concern=item, status=ConcernStatus.FORWARDED, at=at
    )
    item.refresh_from_db()
    assert item.answered_on is None
    services.concern_set_status(
        user=gao_secretary, concern=item, status=ConcernStatus.ANSWERED, at=at
    )
    services.concern_set_status(
        user=gao_secretary,
        concern=item,
        status=ConcernStatus.CLOSED,
        at=at + dt.timedelta(days=5),
    )
    item.refresh_from_db()
    assert (item.answered_on, item.answer_days) == (dt.date(2021, 6, 30), 10)


def test_each_follow_up_is_dated_until_the_next_one(
    committee, members, record, concern, gao_secretary
):
    secretary = gao_secretary
    session = record(committee, HELD_ON, dict.fromkeys(members, Presence.PRESENT))
    recommendation = services.recommendation_adopt(
        user=secretary,
        session=session,
        text="Patrouilles",
        addressee=Addressee.objects.get(name="Gendarmerie nationale"),
        concerns=[concern()],
    )
    for on, status in [
        (dt.date(2021, 8, 1), "in_progress"),
        (dt.date(2021, 8, 1), "done"),  # the same day: the later entry wins
        (dt.date(2021, 9, 15), "not_done"),
    ]:
        services.recommendation_follow_up(
            user=secretary, recommendation=recommendation, on=on, status=status, today=TODAY
        )
    chain = list(
        FollowUp.objects.filter(recommendation=recommendation)
        .order_by("on", "pk")
        .values_list("on", "status", "superseded_on")
    )
    assert chain == [
        (HELD_ON, "open", dt.date(2021, 8, 1)),
        (dt.date(2021, 8, 1), "in_progress", dt.date(2021, 8, 1)),
        (dt.date(2021, 8, 1), "done", dt.date(2021, 9, 15)),
        (dt.date(2021, 9, 15), "not_done", None),
    ]


def test_a_bulk_refresh_derives_rows_written_past_the_services(committee, members, record, concern):
    session = record(committee, HELD_ON, dict.fromkeys(members, Presence.PRESENT))
    item = concern()
    ConcernStatusChange.objects.create(
        concern=item, status=ConcernStatus.CLOSED, at=dt.datetime(2021, 7, 2, 9, tzinfo=dt.UTC)
    )
    Attendance.objects.filter(session=session, membership=members[0]).update(
        presence=Presence.ABSENT
    )
    Session.objects.filter(pk=session.pk).update(present_members=0, present_women=0)
    denormalised.refresh_all()
    assert tallies(session) == recount(session) == (5, 1, 0, 0)
    assert Concern.objects.get(pk=item.pk).answered_on == dt.date(2021, 7, 2)
