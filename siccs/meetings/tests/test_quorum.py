"""Quorum: strictly more than QUORUM_RATIO of the members active on the session date."""

import datetime as dt

import pytest

from siccs.meetings.selectors import quorum_minimum, quorum_reached, session_figures

from .conftest import seat

pytestmark = pytest.mark.django_db


def test_it_needs_a_strict_majority_of_active_members_by_default():
    assert quorum_minimum(6) == 4
    assert not quorum_reached(3, 6)
    assert quorum_reached(4, 6)
    assert quorum_minimum(5) == 3
    assert quorum_reached(3, 5)


def test_it_reads_the_ratio_from_settings(settings):
    settings.QUORUM_RATIO = 2 / 3
    assert quorum_minimum(6) == 5
    assert not quorum_reached(4, 6)


def test_it_has_no_quorum_without_active_members():
    assert not quorum_reached(0, 0)


def test_it_counts_excused_members_as_not_present(committee, members, record):
    presences = dict.fromkeys(members[:3], "present") | dict.fromkeys(members[3:], "excused")
    session = record(committee, dt.date(2021, 7, 1), presences)
    figures = session_figures(session)
    assert (figures.present, figures.excused, figures.active) == (3, 3, 6)
    assert figures.quorum is False


def test_it_computes_quorum_from_members_active_on_the_session_date(committee, members, record):
    # A seventh member who joined after the session does not raise the bar.
    seat(committee, name="Nouveau Membre", start_on=dt.date(2021, 8, 1))
    # A member who left before the session no longer counts either.
    members[5].end_on, members[5].active = dt.date(2021, 6, 15), False
    members[5].save()
    presences = dict.fromkeys(members[:3], "present") | dict.fromkeys(members[3:5], "absent")
    session = record(committee, dt.date(2021, 7, 1), presences)
    figures = session_figures(session)
    assert figures.active == 5
    assert figures.quorum_minimum == 3
    assert figures.quorum is True
