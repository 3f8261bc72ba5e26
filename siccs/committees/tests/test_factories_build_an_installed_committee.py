"""The shared factories produce what other apps' tests rely on."""

import datetime as dt

from siccs.committees.models import Committee
from siccs.committees.selectors import CommitteeState, with_state
from siccs.committees.tests.factories import CommitteeFactory, install


def test_it_builds_a_committee_installed_on_the_given_date(mali):
    committee = install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 5, 3))
    row = with_state(Committee.objects.filter(pk=committee.pk), dt.date(2021, 5, 3)).get()
    assert row.state == CommitteeState.INSTALLED
    assert row.current_step_name == "Formation des membres"
