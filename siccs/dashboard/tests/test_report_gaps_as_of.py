"""The report's funding gaps are judged as things stood on its date."""

import datetime as dt

from siccs.committees.models import CommitteeLevel
from siccs.committees.services import committee_plan
from siccs.dashboard.report_data import funding_gaps
from siccs.dashboard.selectors import Scope
from siccs.partners.selectors import Quarter
from siccs.rollout.models import StepStatus


def test_a_step_done_after_the_report_date_is_still_a_gap_in_that_report(mali, national_admin):
    committee = committee_plan(
        user=national_admin,
        unit=mali.bandiagara,
        level=CommitteeLevel.objects.get(code="communal"),
        planned_on=dt.date(2021, 1, 4),
    )
    committee.step_records.update(planned_on=dt.date(2022, 6, 1))  # the others: later
    record = committee.step_records.order_by("step__order").first()
    record.planned_on = dt.date(2021, 8, 1)
    record.status = StepStatus.DONE
    record.done_on = dt.date(2021, 9, 1)
    record.save()
    period = Quarter(2021, 3)  # July to September 2021

    then = funding_gaps(
        scope=Scope.build(national_admin, dt.date(2021, 6, 25)), period=period, regions=[]
    )
    later = funding_gaps(
        scope=Scope.build(national_admin, dt.date(2021, 10, 1)), period=period, regions=[]
    )

    assert [d[1:3] for d in then["details"]] == [[committee.name, record.step.name]]
    assert later["details"] == []
