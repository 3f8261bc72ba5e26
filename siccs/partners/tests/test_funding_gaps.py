"""Funding gaps of a quarter: planned steps no commitment covers, by region, costed."""

import datetime as dt

import pytest

from siccs.committees.models import CommitteeLevel
from siccs.committees.tests.factories import CommitteeFactory
from siccs.partners.models import CommitmentScope, CommitmentStatus, SupportKind
from siccs.partners.selectors import Quarter, Year, funding_gaps, next_quarter, period_from
from siccs.partners.tests.factories import PartnerFactory, commitment, unit_cost
from siccs.rollout.models import StepRecord, StepStatus

D = dt.date
Q1 = Quarter(2027, 1)
# Signed before the tests' "today": these commitments cover (an announcement would not).
COMMITTED = {"status": CommitmentStatus.COMMITTED, "status_on": D(2026, 10, 1)}


def plan(committee, code, on, **extra):
    step = committee.methodology_version.steps.get(code=code)
    return StepRecord.objects.create(committee=committee, step=step, planned_on=on, **extra)


@pytest.fixture
def world(mali):
    """Three communal committees with their launch and training planned in Q1 2027:
    Bandiagara inside a territorial commitment (its cercle), Djenné with its launch alone covered by a
    step-specific one, Gao with nothing; and a regional committee of Gao not yet scheduled."""
    unit_cost("launch", "communal", 3_500_000)
    unit_cost("training", "communal", 2_500_000)
    unit_cost("launch", "regional", 6_500_000)
    unit_cost("training", "regional", 4_000_000)
    bandiagara = CommitteeFactory(unit=mali.bandiagara, name="CCSC Bandiagara")
    djenne = CommitteeFactory(unit=mali.djenne, name="CCSC Djenné")
    gao = CommitteeFactory(unit=mali.gao_commune, name="CCSC Gao")
    for committee in (bandiagara, djenne, gao):
        for code, day in (("preparation", 9), ("identification", 10), ("appointment", 11)):
            done_on = D(2026, day, 15)
            plan(committee, code, done_on, status=StepStatus.DONE, done_on=done_on)
        plan(committee, "launch", D(2027, 1, 20))
        plan(committee, "training", D(2027, 2, 10))
        plan(committee, "first-session", D(2027, 4, 12))  # next quarter: not this one
    pnud = PartnerFactory(acronym="PNUD")
    commitment(
        pnud,
        title="CCS communaux du cercle de Bandiagara",
        scope=CommitmentScope.TERRITORY,
        unit=mali.bandiagara_cercle,
        level=CommitteeLevel.objects.get(code="communal"),
        start_on=D(2027, 1, 1),
        end_on=D(2027, 12, 31),
        **COMMITTED,
    )
    commitment(
        PartnerFactory(acronym="GIZ"),
        title="Lancement de Djenné",
        scope=CommitmentScope.COMMITTEES,
        committees=[djenne],
        step_codes=["launch"],
        start_on=D(2027, 1, 1),
        end_on=D(2027, 3, 31),
        **COMMITTED,
    )
    # None of these covers Gao: sessions only, the wrong level, a period already over.
    commitment(
        PartnerFactory(acronym="Budget national"),
        scope=CommitmentScope.SESSIONS,
        unit=mali.gao,
        start_on=D(2027, 1, 1),
        end_on=D(2027, 12, 31),
        **COMMITTED,
    )
    commitment(
        PartnerFactory(acronym="EUCAP"),
        kind=SupportKind.TECHNICAL,
        scope=CommitmentScope.TERRITORY,
        unit=mali.gao,
        level=CommitteeLevel.objects.get(code="regional"),
        step_codes=["training"],
        start_on=D(2027, 1, 1),
        end_on=D(2027, 12, 31),
        **COMMITTED,
    )
    commitment(
        PartnerFactory(acronym="WANEP"),
        scope=CommitmentScope.TERRITORY,
        unit=mali.gao,
        start_on=D(2026, 1, 1),
        end_on=D(2026, 12, 31),
        **COMMITTED,
    )
    regional = CommitteeFactory(
        unit=mali.gao,
        name="CCSR Gao",
        level=CommitteeLevel.objects.get(code="regional"),
        planned_on=D(2027, 2, 1),
    )
    return {"bandiagara": bandiagara, "djenne": djenne, "gao": gao, "regional": regional}


def by_region(gaps):
    return {
        r["name"]: (r["committees"], r["steps"], r["unrecorded"], r["cost"])
        for r in gaps["regions"]
    }


def test_it_finds_the_steps_no_commitment_covers_by_region(world, national_admin):
    gaps = funding_gaps(user=national_admin, quarter=Q1)
    # Mopti: Djenné's training only. Gao: the commune's launch and training, and five of the
    # six required steps of the regional committee, not scheduled yet: its training is
    # EUCAP's; of the rest only the launch has a unit cost.
    assert by_region(gaps) == {
        "Mopti": (1, 1, 0, 2_500_000),
        "Gao": (2, 2, 5, 3_500_000 + 2_500_000 + 6_500_000),
    }
    assert gaps["cost"] == 15_000_000
    assert gaps["committees"] == 3
    assert gaps["steps"] == 8


def test_it_names_each_uncovered_step_with_its_cost(world, national_admin):
    gaps = funding_gaps(user=national_admin, quarter=Q1)
    details = [
        (d["region"], d["committee__name"], d["step__code"], d["planned_on"], d["cost"])
        for d in gaps["details"]
    ]
    assert details == [
        ("Gao", "CCSC Gao", "launch", D(2027, 1, 20), 3_500_000),
        ("Mopti", "CCSC Djenné", "training", D(2027, 2, 10), 2_500_000),
        ("Gao", "CCSC Gao", "training", D(2027, 2, 10), 2_500_000),
    ]
    pending = {(p["committee_name"], p["code"]) for p in gaps["pending"]}
    assert pending == {
        ("CCSR Gao", code)
        for code in ("preparation", "identification", "appointment", "launch", "first-session")
    }  # the training is EUCAP's; regular sessions are not a required step
    assert all(p["region"] == "Gao" for p in gaps["pending"])


def test_the_territorial_commitment_covers_bandiagara(world, national_admin):
    gaps = funding_gaps(user=national_admin, quarter=Q1)
    assert "CCSC Bandiagara" not in {d["committee__name"] for d in gaps["details"]}


def test_a_step_done_or_with_a_named_partner_is_no_gap(world, national_admin):
    launch = world["gao"].step_records.get(step__code="launch")
    launch.partner = PartnerFactory(acronym="IMRAP")
    launch.save()
    training = world["gao"].step_records.get(step__code="training")
    training.status, training.done_on = StepStatus.DONE, D(2027, 2, 10)
    training.save()
    gaps = funding_gaps(user=national_admin, quarter=Q1, on=D(2027, 3, 1))
    assert by_region(gaps)["Gao"] == (1, 0, 5, 6_500_000)


def test_each_quarter_has_its_own_gaps(world, national_admin):
    gaps = funding_gaps(user=national_admin, quarter=Quarter(2027, 2))
    # First sessions planned in April: Bandiagara's is covered, Djenné's and Gao's are not
    # (no unit cost for first sessions: counted, costed at nothing).
    assert [(d["committee__name"], d["step__code"]) for d in gaps["details"]] == [
        ("CCSC Djenné", "first-session"),
        ("CCSC Gao", "first-session"),
    ]
    assert by_region(gaps)["Mopti"] == (1, 1, 0, 0)


def test_a_focal_point_sees_the_gaps_of_its_region_only(world, mopti_focal_point):
    gaps = funding_gaps(user=mopti_focal_point, quarter=Q1)
    assert by_region(gaps) == {"Mopti": (1, 1, 0, 2_500_000)}
    assert {d["committee__name"] for d in gaps["details"]} == {"CCSC Djenné"}


def test_it_computes_the_gaps_in_a_fixed_number_of_queries(
    world, national_admin, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        funding_gaps(user=national_admin, quarter=Q1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-1", Quarter(2027, 1)),
        ("2027-Q3", Quarter(2027, 3)),
        ("2027-T4", Quarter(2027, 4)),
        ("2027-5", Quarter(2026, 1)),
        ("n'importe", Quarter(2026, 1)),
        (None, Quarter(2026, 1)),
    ],
)
def test_it_reads_a_quarter_from_the_address(text, expected):
    assert Quarter.parse(text, Quarter(2026, 1)) == expected
    assert period_from(text, Quarter(2026, 1)) == expected


def test_it_reads_a_year_from_the_address():
    assert period_from("2027", Q1) == Year(2027)
    assert (Year(2027).start, Year(2027).end) == (D(2027, 1, 1), D(2027, 12, 31))
    assert period_from("1999", Q1) == Q1


def test_a_year_holds_the_steps_of_its_quarters(world, national_admin):
    q1 = funding_gaps(user=national_admin, quarter=Q1)
    year = funding_gaps(user=national_admin, quarter=Year(2027))
    # Also in 2027: the first sessions of April. Bandiagara's is covered by its cercle's
    # commitment for the year; Djenné's (its commitment is the launch) and Gao's are not,
    # and no unit cost prices a first session.
    assert year["steps"] == q1["steps"] + 2
    assert year["cost"] == q1["cost"]
    assert year["committees"] == q1["committees"]


def test_the_gap_page_offers_years_and_quarters(world, national_admin, client_for):
    response = client_for(national_admin).get("/partners/gaps/", {"quarter": "2027"})
    assert response.status_code == 200
    assert response.context["gaps"]["quarter"] == Year(2027)
    choices = dict(response.context["form"].fields["quarter"].choices)
    assert choices["2027"] == "2027" and "2027-1" in choices


def test_next_quarter_follows_the_calendar():
    assert next_quarter(D(2026, 11, 29)) == Quarter(2027, 1)
    assert next_quarter(D(2027, 3, 31)) == Quarter(2027, 2)
    assert (Q1.start, Q1.end) == (D(2027, 1, 1), D(2027, 3, 31))
    assert Quarter(2027, 4).end == D(2027, 12, 31)
