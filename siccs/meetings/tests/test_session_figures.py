"""Attendance rate, women's share among attendees and FDS presence, per session and over time."""

import datetime as dt
from decimal import Decimal

import pytest

from siccs.committees.tests.factories import category
from siccs.meetings.models import Session
from siccs.meetings.selectors import figures_over_time, session_figures
from siccs.meetings.services import GuestCount

pytestmark = pytest.mark.django_db


def test_it_computes_attendance_women_and_fds_for_one_session(committee, members, record):
    women, civil, fds1, fds2, elected, admin = members
    presences = {
        women: "present",
        civil: "excused",
        fds1: "absent",
        fds2: "absent",
        elected: "present",
        admin: "present",
    }
    guests = [GuestCount(category=category("youth"), women=1, men=3)]
    session = record(committee, dt.date(2021, 7, 1), presences, guests=guests)
    figures = session_figures(session)
    assert figures.attendance_rate == Decimal(3) / 6
    # Attendees: 3 members present + 4 guests; women: 1 member + 1 guest.
    assert figures.attendees == 7
    assert figures.women_share == Decimal(2) / 7
    assert figures.fds == 0
    assert figures.sessions_with_fds == 0


def test_it_counts_fds_guests_as_fds_presence(committee, members, record):
    guests = [GuestCount(category=category("fds"), men=2)]
    session = record(
        committee, dt.date(2021, 7, 1), dict.fromkeys(members, "absent"), guests=guests
    )
    figures = session_figures(session)
    assert figures.fds == 2
    assert figures.attendance_rate == 0
    assert figures.women_share == 0


def test_it_sums_figures_per_month(committee, members, record):
    record(committee, dt.date(2021, 7, 1), dict.fromkeys(members, "present"))
    record(
        committee,
        dt.date(2021, 7, 20),
        dict.fromkeys(members[:3], "present") | dict.fromkeys(members[3:], "absent"),
        kind="extraordinary",
    )
    record(
        committee,
        dt.date(2021, 8, 5),
        dict.fromkeys(members[:2], "present") | dict.fromkeys(members[2:], "absent"),
    )
    rows = figures_over_time(Session.objects.all())
    assert [r["label"] for r in rows] == ["07/2021", "08/2021"]
    july, august = rows[0]["figures"], rows[1]["figures"]
    assert (july.sessions, july.present, july.active) == (2, 9, 12)
    assert july.attendance_rate == Decimal(9) / 12
    assert july.sessions_with_fds == 2
    assert august.sessions_with_fds == 0
    assert august.women_share == 1


def test_it_groups_by_quarter(committee, members, record):
    record(committee, dt.date(2021, 7, 1), dict.fromkeys(members, "present"))
    record(committee, dt.date(2021, 9, 30), dict.fromkeys(members, "present"))
    rows = figures_over_time(Session.objects.all(), period="quarter")
    assert [(r["label"], r["figures"].sessions) for r in rows] == [("2021 T3", 2)]


def test_it_reads_figures_of_many_sessions_in_one_query(
    committee, members, record, django_assert_num_queries
):
    for day in (1, 8, 15, 22):
        record(committee, dt.date(2021, 7, day), dict.fromkeys(members, "present"))
    with django_assert_num_queries(1):
        figures_over_time(Session.objects.all())


def test_it_leaves_working_commission_sessions_out_of_the_figures_over_time(
    committee, members, record
):
    from siccs.committees.models import WorkingCommission

    commission = WorkingCommission.objects.create(
        committee=committee, name="Commission sécurité des axes"
    )
    record(committee, dt.date(2021, 7, 1), dict.fromkeys(members, "present"))
    record(
        committee,
        dt.date(2021, 7, 15),
        dict.fromkeys(members[:2], "present") | dict.fromkeys(members[2:], "excused"),
        kind="commission",
        commission=commission,
    )
    rows = figures_over_time(Session.objects.all())
    assert [(r["label"], r["figures"].sessions) for r in rows] == [("07/2021", 1)]
    assert rows[0]["figures"].attendance_rate == 1
