"""Perspectives: open steps per region and quarter, overdue ones apart."""

import datetime as dt

from django.urls import reverse

from siccs.committees.models import CommitteeLevel
from siccs.committees.services import committee_plan
from siccs.rollout.selectors import perspectives


def test_it_counts_planned_steps_per_region_and_quarter(national_admin, mali):
    communal = CommitteeLevel.objects.get(code="communal")
    committee_plan(
        user=national_admin, unit=mali.bandiagara, level=communal, planned_on=dt.date(2021, 1, 4)
    )
    committee_plan(
        user=national_admin, unit=mali.gao_commune, level=communal, planned_on=dt.date(2021, 6, 1)
    )
    table = perspectives(user=national_admin, today=dt.date(2021, 3, 1))
    rows = {
        row["region"]: dict(zip(table["columns"], row["cells"], strict=True))
        for row in table["rows"]
    }
    # Bandiagara: preparation planned 3 Feb 2021, overdue on 1 March.
    assert rows["Mopti"]["overdue"] == 1
    assert rows["Mopti"]["2021-T1"] == 1  # identification, 20 March
    assert rows["Gao"]["overdue"] == 0
    # Its six required steps: the regular sessions are not a step to catch up on.
    assert sum(rows["Gao"].values()) == 6


def test_it_shows_only_the_users_territory(client_for, mopti_focal_point, national_admin, mali):
    communal = CommitteeLevel.objects.get(code="communal")
    committee_plan(
        user=national_admin, unit=mali.gao_commune, level=communal, planned_on=dt.date(2021, 6, 1)
    )
    response = client_for(mopti_focal_point).get(reverse("rollout:perspectives"))
    assert response.context["table"]["rows"] == []
    assert "CCSC Gao" not in response.content.decode()
