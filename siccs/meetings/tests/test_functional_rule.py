"""A committee is functional when an ordinary session was held within FUNCTIONAL_WITHIN_DAYS."""

import datetime as dt

import pytest

from siccs.committees.models import Committee
from siccs.committees.selectors import CommitteeState, with_state
from siccs.meetings.selectors import is_functional

pytestmark = pytest.mark.django_db

HELD_ON = dt.date(2021, 7, 1)


def state_on(committee, on):
    return with_state(Committee.objects.filter(pk=committee.pk), on).get().state


def test_it_is_functional_on_day_45_and_not_on_day_46(committee, members, record):
    record(committee, HELD_ON, dict.fromkeys(members, "present"))
    day45 = HELD_ON + dt.timedelta(days=45)
    day46 = HELD_ON + dt.timedelta(days=46)
    assert is_functional(committee, HELD_ON)
    assert is_functional(committee, day45)
    assert not is_functional(committee, day46)
    # The same answer as the committees' state, which owns the rule.
    assert state_on(committee, day45) == CommitteeState.FUNCTIONAL
    assert state_on(committee, day46) == CommitteeState.INSTALLED


def test_it_is_not_functional_before_the_session(committee, members, record):
    record(committee, HELD_ON, dict.fromkeys(members, "present"))
    assert not is_functional(committee, HELD_ON - dt.timedelta(days=1))


def test_it_ignores_extraordinary_sessions(committee, members, record):
    record(committee, HELD_ON, dict.fromkeys(members, "present"), kind="extraordinary")
    assert not is_functional(committee, HELD_ON)


def test_it_follows_the_setting(committee, members, record, settings):
    settings.FUNCTIONAL_WITHIN_DAYS = 30
    record(committee, HELD_ON, dict.fromkeys(members, "present"))
    assert is_functional(committee, HELD_ON + dt.timedelta(days=30))
    assert not is_functional(committee, HELD_ON + dt.timedelta(days=31))
