"""Recording a step keeps the dates that make the past readable."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from siccs.audit.models import AuditEntry
from siccs.committees.models import CommitteeLevel
from siccs.committees.services import committee_plan
from siccs.core.errors import DomainError
from siccs.rollout.models import StepStatus
from siccs.rollout.services import step_record_update

TODAY = dt.date(2021, 6, 1)


@pytest.fixture
def record(national_admin, mali):
    committee = committee_plan(
        user=national_admin,
        unit=mali.bandiagara,
        level=CommitteeLevel.objects.get(code="communal"),
        planned_on=dt.date(2021, 1, 4),
    )
    return committee.step_records.get(step__code="preparation")


def update(user, record, **values):
    return step_record_update(user=user, record=record, today=TODAY, **values)


def test_it_plans_every_step_with_dates_from_expected_durations(record):
    assert record.planned_on == dt.date(2021, 2, 3)
    assert record.committee.step_records.count() == 7


def test_it_dates_start_done_and_blockage_consistently(mopti_focal_point, record):
    record = update(
        mopti_focal_point, record, status=StepStatus.IN_PROGRESS, actual_on=dt.date(2021, 2, 1)
    )
    assert (record.started_on, record.done_on, record.blocked_on) == (
        dt.date(2021, 2, 1),
        None,
        None,
    )
    record = update(
        mopti_focal_point,
        record,
        status=StepStatus.BLOCKED,
        blocked_reason="Pas de budget",
        actual_on=dt.date(2021, 3, 1),
    )
    assert (record.started_on, record.blocked_on) == (dt.date(2021, 2, 1), dt.date(2021, 3, 1))
    record = update(
        mopti_focal_point, record, status=StepStatus.DONE, actual_on=dt.date(2021, 4, 1)
    )
    assert (record.started_on, record.done_on, record.blocked_on, record.blocked_reason) == (
        dt.date(2021, 2, 1),
        dt.date(2021, 4, 1),
        None,
        "",
    )
    assert AuditEntry.objects.filter(model="rollout.steprecord", verb="update").count() == 3


def test_it_uses_today_when_no_date_is_given(mopti_focal_point, record):
    record = update(mopti_focal_point, record, status=StepStatus.DONE)
    assert record.done_on == record.started_on == TODAY


def test_it_needs_a_reason_to_block_and_refuses_future_dates(mopti_focal_point, record):
    with pytest.raises(DomainError):
        update(mopti_focal_point, record, status=StepStatus.BLOCKED)
    with pytest.raises(DomainError):
        update(mopti_focal_point, record, status=StepStatus.DONE, actual_on=dt.date(2021, 7, 1))


def test_it_refuses_a_user_of_another_region(gao_secretary, record):
    with pytest.raises(PermissionDenied):
        update(gao_secretary, record, status=StepStatus.DONE)


def test_it_never_records_the_start_date_as_completion_date(client_for, mopti_focal_point, record):
    record = update(
        mopti_focal_point, record, status=StepStatus.IN_PROGRESS, actual_on=dt.date(2021, 2, 1)
    )
    client = client_for(mopti_focal_point)
    url = f"/methodology/records/{record.pk}/"
    page = client.get(url).content.decode()
    assert 'name="done_on"' in page and 'value="2021-02-01"' in page
    # A browser without the script sends both fields: the start date stays a start date.
    client.post(url, {"status": "done", "actual_on": "2021-02-01", "done_on": ""})
    record.refresh_from_db()
    assert record.started_on == dt.date(2021, 2, 1)
    assert record.done_on == timezone.localdate()
