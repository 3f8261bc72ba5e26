"""The committee state at any date, derived from dated step records and sessions."""

import datetime as dt

import pytest

from siccs.committees.models import Committee, CommitteeLevel
from siccs.committees.selectors import CommitteeState, state_counts, with_state
from siccs.meetings.models import Session, SessionKind
from siccs.rollout.models import (
    Methodology,
    MethodologyStep,
    MethodologyVersion,
    StepRecord,
    StepStatus,
)

D = dt.date


@pytest.fixture
def version(db):
    methodology = Methodology.objects.create(name="Méthodologie test")
    version = MethodologyVersion.objects.create(
        methodology=methodology, number=1, is_published=True
    )
    for order, (code, installs) in enumerate(
        [("preparation", False), ("members", False), ("launch", True), ("first-session", False)], 1
    ):
        MethodologyStep.objects.create(
            version=version, order=order, code=code, name=code.title(), marks_installation=installs
        )
    return version


@pytest.fixture
def committee(mali, version):
    level, _ = CommitteeLevel.objects.get_or_create(
        code="communal", defaults={"name": "CCSC", "unit_level": 4, "chair_office": "Maire"}
    )
    return Committee.objects.create(
        name="CCS de Bandiagara",
        level=level,
        unit=mali.bandiagara,
        methodology_version=version,
        planned_on=D(2021, 1, 10),
    )


def record(committee, code, **dates):
    step = committee.methodology_version.steps.get(code=code)
    return StepRecord.objects.create(
        committee=committee,
        step=step,
        status=StepStatus.DONE if dates.get("done_on") else StepStatus.IN_PROGRESS,
        **dates,
    )


def state_on(committee, on):
    return with_state(Committee.objects.filter(pk=committee.pk), on).get()


def test_it_does_not_count_a_committee_before_it_was_planned(committee):
    assert not with_state(Committee.objects.all(), D(2021, 1, 9)).exists()


def test_it_moves_from_planned_to_installed_to_functional_by_date(committee, settings):
    settings.FUNCTIONAL_WITHIN_DAYS = 45
    record(committee, "preparation", started_on=D(2021, 2, 1), done_on=D(2021, 3, 1))
    record(committee, "members", done_on=D(2021, 4, 1))
    record(committee, "launch", done_on=D(2021, 5, 20))
    Session.objects.create(committee=committee, kind=SessionKind.ORDINARY, held_on=D(2021, 6, 10))

    assert state_on(committee, D(2021, 1, 20)).state == CommitteeState.PLANNED
    mid = state_on(committee, D(2021, 3, 15))
    assert (mid.state, mid.current_step_order) == (CommitteeState.SETTING_UP, 2)
    assert state_on(committee, D(2021, 5, 20)).state == CommitteeState.INSTALLED
    assert state_on(committee, D(2021, 6, 10)).state == CommitteeState.FUNCTIONAL
    # 45 days after the session it is still functional, the day after it is not.
    assert state_on(committee, D(2021, 7, 25)).state == CommitteeState.FUNCTIONAL
    assert state_on(committee, D(2021, 7, 26)).state == CommitteeState.INSTALLED


def test_it_calls_stalled_a_committee_without_progress(committee, settings):
    settings.STALLED_AFTER_DAYS = 90
    record(committee, "preparation", done_on=D(2021, 2, 1))
    assert state_on(committee, D(2021, 5, 2)).state == CommitteeState.SETTING_UP
    assert state_on(committee, D(2021, 5, 3)).state == CommitteeState.STALLED


def test_it_counts_states_in_one_query(committee, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = state_counts(Committee.objects.all(), D(2021, 2, 1))
    assert counts[CommitteeState.PLANNED] == 1
