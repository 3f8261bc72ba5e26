"""The committee page: steps with badges, overdue highlighted, dated timeline."""

import datetime as dt

from django.urls import reverse

from siccs.committees.models import CommitteeLevel
from siccs.committees.services import committee_plan
from siccs.committees.tests.factories import CommitteeFactory, MembershipFactory
from siccs.meetings.models import Session
from siccs.rollout.models import StepStatus


def test_it_shows_steps_overdue_and_a_dated_timeline(client_for, mopti_focal_point, mali):
    committee = committee_plan(
        user=mopti_focal_point,
        unit=mali.bandiagara,
        level=CommitteeLevel.objects.get(code="communal"),
        planned_on=dt.date(2021, 1, 4),
    )
    committee.step_records.filter(step__code="preparation").update(
        status=StepStatus.DONE, started_on=dt.date(2021, 1, 20), done_on=dt.date(2021, 2, 1)
    )
    MembershipFactory(committee=committee, start_on=dt.date(2021, 5, 3))
    Session.objects.create(committee=committee, held_on=dt.date(2021, 6, 10), place="Mairie")
    response = client_for(mopti_focal_point).get(
        reverse("committees:committee_detail", args=[committee.pk])
    )
    records = response.context["records"]
    assert [r.overdue for r in records][:2] == [False, True]
    timeline = [(e["on"], e["kind"]) for e in response.context["timeline"]]
    assert timeline[0] == (dt.date(2021, 6, 10), "session")
    assert (dt.date(2021, 2, 1), "done") in timeline
    assert (dt.date(2021, 5, 3), "member") in timeline
    assert timeline[-1] == (dt.date(2021, 1, 4), "plan")
    assert 'class="overdue"' in response.content.decode()


def test_it_answers_404_for_a_committee_of_another_region(client_for, gao_secretary, mali):
    committee = CommitteeFactory(unit=mali.bandiagara)
    for name in ("committee_detail", "committee_edit", "membership_add"):
        url = reverse(f"committees:{name}", args=[committee.pk])
        assert client_for(gao_secretary).get(url).status_code == 404
