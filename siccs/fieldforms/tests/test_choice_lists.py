"""Every choice list served to phones keeps to the user's scope: an outsider's lists hold
no committee, member, step, recommendation or commune of another region."""

from __future__ import annotations

import datetime as dt

import pytest

from siccs.fieldforms.selectors import CHOICE_LISTS, choice_list
from siccs.meetings.tests.factories import RecommendationFactory, SessionFactory
from siccs.rollout.models import StepRecord


@pytest.fixture
def gao_data(bandiagara):
    session = SessionFactory(committee=bandiagara.gao, held_on=dt.date(2024, 5, 2))
    RecommendationFactory(session=session, text="Escorter les camions de Gao à Ansongo")
    step = bandiagara.gao.methodology_version.steps.order_by("order").first()
    StepRecord.objects.create(committee=bandiagara.gao, step=step)
    mopti_session = SessionFactory(committee=bandiagara.committee, held_on=dt.date(2024, 5, 3))
    RecommendationFactory(session=mopti_session, text="Éclairer la gare routière de Bandiagara")
    return bandiagara


def test_a_mopti_focal_point_lists_only_mopti(gao_data, mopti_focal_point):
    lists = {name: choice_list(mopti_focal_point, name).decode() for name in CHOICE_LISTS}
    everything = "\n".join(lists.values())
    assert "CCS de Gao" not in everything and "Moussa Maïga" not in everything
    assert "Escorter les camions" not in everything
    assert f",{gao_data.gao.pk}\n" not in lists["etapes.csv"]
    assert "Gao" not in lists["communes.csv"]
    assert "Éclairer la gare routière" in lists["recommandations.csv"]
    assert "Bandiagara (Bandiagara)" in lists["communes.csv"]
    assert f",{gao_data.committee.pk}\n" in lists["etapes.csv"]


def test_a_national_administrator_lists_both_regions(gao_data, national_admin):
    assert "CCS de Gao" in choice_list(national_admin, "comites.csv").decode()
    assert "Escorter les camions" in choice_list(national_admin, "recommandations.csv").decode()


def test_readers_receive_empty_lists(gao_data, national_analyst, partner_viewer):
    for user in (national_analyst, partner_viewer):
        for name in ("comites.csv", "membres.csv", "etapes.csv", "recommandations.csv"):
            assert choice_list(user, name).decode().count("\n") == 1  # the header only


def test_a_list_costs_a_fixed_number_of_queries(
    gao_data, national_admin, django_assert_max_num_queries
):
    from siccs.committees.tests.factories import MembershipFactory

    for _ in range(20):
        MembershipFactory(committee=gao_data.committee)
    with django_assert_max_num_queries(3):
        choice_list(national_admin, "membres.csv")
    with django_assert_max_num_queries(3):
        choice_list(national_admin, "recommandations.csv")


def test_the_review_queue_costs_a_fixed_number_of_queries(
    gao_data, national_admin, client_for, django_assert_max_num_queries
):
    from siccs.fieldforms.models import Submission, SubmissionStatus

    for n in range(15):
        Submission.objects.create(
            form_id="seance_ccs",
            instance_id=f"uuid:{n}",
            submitted_by=national_admin,
            unit=gao_data.committee.unit,
            status=SubmissionStatus.IN_REVIEW,
            reason="invalid",
        )
    client = client_for(national_admin)
    client.get("/odk/review/")
    with django_assert_max_num_queries(12):
        assert client.get("/odk/review/").status_code == 200
