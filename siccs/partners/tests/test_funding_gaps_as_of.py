"""Funding gaps as they stood on a past date: steps done later, commitments signed later,
regions as they were, and the dashboard's totals in a fixed number of queries."""

import datetime as dt

import pytest

from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.dashboard.tests.world import AFTER, BEFORE, build
from siccs.partners import services
from siccs.partners.models import CommitmentScope, CommitmentStatus
from siccs.partners.selectors import Quarter, funding_gap_totals, funding_gaps
from siccs.partners.tests.factories import PartnerFactory, commitment, unit_cost
from siccs.rollout.models import StepRecord, StepStatus
from siccs.territory.selectors import ancestor_at_level_map

D = dt.date
Q3_2021 = Quarter(2021, 3)


def step(committee, code):
    return committee.methodology_version.steps.get(code=code)


@pytest.fixture
def gao(mali):
    """Gao's communal committee, its first three steps done in spring 2021, its launch
    planned for 10 August 2021 and done on 12 August."""
    unit_cost("launch", "communal", 3_500_000)
    unit_cost("training", "communal", 2_500_000)
    committee = CommitteeFactory(unit=mali.gao_commune, name="CCSC Gao", planned_on=D(2021, 3, 1))
    for code in ("preparation", "identification", "appointment"):
        StepRecord.objects.create(
            committee=committee,
            step=step(committee, code),
            status=StepStatus.DONE,
            planned_on=D(2021, 4, 1),
            done_on=D(2021, 5, 1),
        )
    StepRecord.objects.create(
        committee=committee,
        step=step(committee, "launch"),
        status=StepStatus.DONE,
        planned_on=D(2021, 8, 10),
        done_on=D(2021, 8, 12),
    )
    StepRecord.objects.create(
        committee=committee,
        step=step(committee, "training"),
        status=StepStatus.DONE,
        planned_on=D(2021, 9, 1),
        done_on=D(2021, 6, 20),  # done early, before the report
    )
    return committee


def planned(gaps):
    return [(d["committee__name"], d["step__code"]) for d in gaps["details"]]


def test_a_step_done_after_the_date_is_a_gap_then_and_not_today(gao, national_admin):
    then = funding_gaps(user=national_admin, quarter=Q3_2021, on=BEFORE)
    assert planned(then) == [("CCSC Gao", "launch")]
    # and the first session, never scheduled (no unit cost: counted, costed at nothing)
    assert [p["code"] for p in then["pending"]] == ["first-session"]
    assert (then["steps"], then["cost"]) == (2, 3_500_000)
    assert then["on"] == BEFORE
    today = funding_gaps(user=national_admin, quarter=Q3_2021)
    assert planned(today) == []


def test_the_quarter_defaults_to_the_one_after_the_date(gao, national_admin):
    gaps = funding_gaps(user=national_admin, on=BEFORE)
    assert gaps["quarter"] == Q3_2021
    assert planned(gaps) == [("CCSC Gao", "launch")]


def test_a_step_recorded_done_later_without_a_plan_was_unscheduled_then(mali, national_admin):
    # Bandiagara's steps were recorded straight as done on 20 May 2021, never planned:
    # on 1 May they were still to do and scheduled for no date.
    bandiagara = install(
        CommitteeFactory(unit=mali.bandiagara, planned_on=D(2021, 1, 1)), D(2021, 5, 20)
    )
    installed = bandiagara.step_records.count()
    before = funding_gaps(user=national_admin, quarter=Quarter(2021, 2), on=D(2021, 5, 1))
    after = funding_gaps(user=national_admin, quarter=Quarter(2021, 2), on=D(2021, 6, 1))
    assert len(before["pending"]) - len(after["pending"]) == installed


def test_a_commitment_signed_after_the_date_does_not_cover_it(gao, national_admin):
    pledge = commitment(
        PartnerFactory(acronym="IMRAP"),
        title="Lancement de Gao",
        scope=CommitmentScope.COMMITTEES,
        committees=[gao],
        start_on=D(2021, 7, 1),
        end_on=D(2021, 9, 30),
        status=CommitmentStatus.ANNOUNCED,
        status_on=D(2021, 6, 1),
    )
    services.commitment_set_status(
        user=pledge.created_by,
        commitment=pledge,
        status=CommitmentStatus.COMMITTED,
        on=D(2021, 7, 5),
    )
    # 25 June: only announced, so still a gap, flagged as such.
    then = funding_gaps(user=national_admin, quarter=Q3_2021, on=BEFORE)
    assert [(d["step__code"], d["announced"]) for d in then["details"]] == [("launch", True)]
    assert then["announced_cost"] == 3_500_000
    # 5 July: committed, the launch (not done until 12 August) is covered.
    assert planned(funding_gaps(user=national_admin, quarter=Q3_2021, on=D(2021, 7, 5))) == []


def test_a_commitment_not_yet_announced_on_the_date_counts_for_nothing(gao, national_admin):
    commitment(
        PartnerFactory(acronym="GIZ"),
        scope=CommitmentScope.TERRITORY,
        unit=gao.unit,
        start_on=D(2021, 1, 1),
        end_on=D(2021, 12, 31),
        status=CommitmentStatus.COMMITTED,
        status_on=D(2021, 7, 1),  # the period began before, the signature came later
    )
    then = funding_gaps(user=national_admin, quarter=Q3_2021, on=BEFORE)
    assert [(d["step__code"], d["announced"]) for d in then["details"]] == [("launch", False)]
    assert then["announced_cost"] == 0


@pytest.fixture
def split(mali):
    """The dashboard's small world (Djenné's cercle leaves Mopti for Douentza on
    1 September 2024), with Djenné's launch planned for August 2021 and never supported."""
    world = build(mali)
    unit_cost("launch", "communal", 3_500_000)
    StepRecord.objects.create(
        committee=world.djenne, step=step(world.djenne, "launch"), planned_on=D(2021, 8, 10)
    )
    return world


def test_gaps_are_grouped_by_the_region_in_force_on_the_date(split, national_admin):
    then = funding_gaps(user=national_admin, quarter=Q3_2021, on=BEFORE)
    later = funding_gaps(user=national_admin, quarter=Q3_2021, on=AFTER)
    djenne = split.djenne.pk
    assert {d["region"] for d in then["details"] if d["committee_id"] == djenne} == {"Mopti"}
    assert {d["region"] for d in later["details"] if d["committee_id"] == djenne} == {"Douentza"}
    costs_then = {r["name"]: r["cost"] for r in then["regions"]}
    costs_later = {r["name"]: r["cost"] for r in later["regions"]}
    assert costs_then["Mopti"] == 3_500_000 and "Douentza" not in costs_then
    assert costs_later["Douentza"] == 3_500_000 and costs_later.get("Mopti", 0) == 0


def test_the_totals_agree_with_the_gaps_region_by_region(split, national_admin):
    for on in (BEFORE, AFTER):
        gaps = funding_gaps(user=national_admin, quarter=Q3_2021, on=on)
        totals = funding_gap_totals(user=national_admin, on=on, quarter=Q3_2021)
        assert (totals["committees"], totals["steps"], totals["amount_fcfa"]) == (
            gaps["committees"],
            gaps["steps"],
            gaps["cost"],
        )
        assert [
            (r["name"], r["committees"], r["steps"], r["amount_fcfa"]) for r in totals["by_region"]
        ] == [
            (r["name"], r["committees"], r["steps"] + r["unrecorded"], r["cost"])
            for r in gaps["regions"]
        ]
    before = funding_gap_totals(user=national_admin, on=BEFORE, quarter=Q3_2021)
    # Djenné's launch under Mopti; Gao's launch, never scheduled, under Gao.
    amounts = {r["name"]: r["amount_fcfa"] for r in before["by_region"]}
    assert amounts == {"Gao": 3_500_000, "Mopti": 3_500_000}


def test_the_totals_keep_to_the_users_scope(split, gao_secretary, mopti_focal_point):
    mopti = funding_gap_totals(user=mopti_focal_point, on=BEFORE, quarter=Q3_2021)
    assert {r["name"] for r in mopti["by_region"]} == {"Mopti"}
    gao = funding_gap_totals(user=gao_secretary, on=BEFORE, quarter=Q3_2021)
    assert {r["name"] for r in gao["by_region"]} == {"Gao"}
    assert gao["amount_fcfa"] == 3_500_000  # its own launch only, not Djenné's


def test_the_totals_take_three_queries_with_the_dashboards_region_map(
    split, national_admin, django_assert_num_queries
):
    region_of = ancestor_at_level_map(BEFORE)
    # The user's assignments, the gaps of every committee, the names of their regions.
    with django_assert_num_queries(3):
        totals = funding_gap_totals(
            user=national_admin, on=BEFORE, quarter=Q3_2021, region_of=region_of
        )
    assert totals["amount_fcfa"] == 7_000_000  # Djenné's launch and Gao's
    # Without the map, two more to read the territorial structure of that date.
    national_admin = type(national_admin).objects.get(pk=national_admin.pk)
    with django_assert_num_queries(5):
        funding_gap_totals(user=national_admin, on=BEFORE, quarter=Q3_2021)


def test_the_gap_page_answers_for_a_past_date(
    gao, national_analyst, client_for, django_assert_max_num_queries
):
    client = client_for(national_analyst)
    with django_assert_max_num_queries(10):
        response = client.get("/partners/gaps/", {"on": "2021-06-25"})
    gaps = response.context["gaps"]
    assert (gaps["on"], gaps["quarter"]) == (BEFORE, Q3_2021)
    assert planned(gaps) == [("CCSC Gao", "launch")]
    page = response.content.decode()
    assert "Au 25/06/2021" in page
    assert 'value="2021-06-25"' in page
    assert "export.xlsx?quarter=2021-3&amp;on=2021-06-25" in page
    # The quarter list reaches back to the date asked about.
    assert '<option value="2021-3" selected>' in page


def test_a_wrong_date_on_the_gap_page_means_today(gao, national_analyst, client_for):
    response = client_for(national_analyst).get("/partners/gaps/", {"on": "le 25 juin"})
    assert response.status_code == 200
    assert response.context["gaps"]["on"] == dt.date.today()
