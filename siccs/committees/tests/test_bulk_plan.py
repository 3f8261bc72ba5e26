"""Planning a communal committee in every commune of a region in one action."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from siccs.committees.models import Committee, CommitteeLevel
from siccs.committees.services import committees_plan_bulk
from siccs.committees.tests.factories import CommitteeFactory


def test_it_plans_every_commune_and_skips_those_with_a_committee(
    client_for, mopti_focal_point, mali
):
    CommitteeFactory(unit=mali.bandiagara)
    response = client_for(mopti_focal_point).post(
        reverse("committees:committees_plan_bulk"),
        {
            "area": mali.mopti.pk,
            "level": CommitteeLevel.objects.get(code="communal").pk,
            "planned_on": "2024-02-01",
        },
    )
    result = response.context["result"]
    assert [c.unit for c in result.created] == [mali.djenne]
    assert result.skipped == [mali.bandiagara]
    djenne = Committee.objects.get(unit=mali.djenne)
    assert djenne.planned_on == dt.date(2024, 2, 1)
    assert djenne.step_records.count() == 7
    assert not Committee.objects.filter(unit=mali.gao_commune).exists()


def test_it_refuses_to_plan_outside_the_users_territory(mopti_focal_point, mali):
    with pytest.raises(PermissionDenied):
        committees_plan_bulk(
            user=mopti_focal_point,
            area=mali.gao,
            level=CommitteeLevel.objects.get(code="communal"),
        )
