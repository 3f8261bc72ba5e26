"""The demo tells the true story: on 25 June 2021, 10 regional and 13 communal CCS installed."""

import datetime as dt

import pytest
from django.db.models import Count

from siccs.committees import demo
from siccs.committees.models import Committee, Membership
from siccs.committees.selectors import CommitteeState, with_state
from siccs.core.demo import DemoContext


@pytest.fixture
def demo_loaded(mali):
    demo.load(DemoContext())


def installed_by_level(on):
    rows = (
        with_state(Committee.objects.all(), on)
        .filter(installed_on__isnull=False)
        .order_by()
        .values("level__code")
        .annotate(n=Count("pk"))
    )
    return {row["level__code"]: row["n"] for row in rows}


def test_it_installs_ten_regional_and_thirteen_communal_ccs_by_25_june_2021(demo_loaded):
    assert installed_by_level(dt.date(2021, 6, 25)) == {"regional": 10, "communal": 13}


def test_it_follows_the_timeline_after_the_workshop(demo_loaded):
    assert installed_by_level(dt.date(2020, 12, 31)) == {"regional": 1}
    assert installed_by_level(dt.date(2021, 11, 30)) == {
        "regional": 10,
        "district": 1,
        "communal": 16,
    }
    assert installed_by_level(dt.date(2023, 4, 30))["regional"] == 13
    assert installed_by_level(dt.date(2023, 4, 30))["communal"] == 17
    assert installed_by_level(dt.date(2023, 5, 31))["communal"] == 25
    assert installed_by_level(dt.date(2023, 12, 31))["communal"] == 38


def test_it_has_stalled_committees_with_their_reason(demo_loaded):
    stalled = with_state(Committee.objects.all()).filter(state=CommitteeState.STALLED)
    assert stalled.count() >= 5
    assert Committee.objects.filter(step_records__blocked_reason__icontains="budget").exists()


def test_it_gives_goundam_23_members_of_whom_2_women(demo_loaded):
    goundam = Committee.objects.get(name="CCSC Goundam")
    members = Membership.objects.filter(committee=goundam)
    assert members.count() == 23
    assert members.filter(person__sex="F").count() == 2
    assert goundam.step_records.get(step__code="launch").done_on == dt.date(2021, 11, 17)
