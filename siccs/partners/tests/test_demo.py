"""The partner demo tells the story of the setting-up and leaves next quarter's gaps open."""

import datetime as dt

import pytest

from siccs.accounts import demo as accounts_demo
from siccs.accounts.models import User
from siccs.committees import demo as committees_demo
from siccs.core.demo import DemoContext
from siccs.partners import demo
from siccs.partners.models import Comment, Commitment, CommitmentStatusChange, UnitCost
from siccs.partners.selectors import funding_gaps, next_quarter, partner_progress

D = dt.date


@pytest.fixture
def loaded(mali):
    context = DemoContext()
    accounts_demo.load(context)
    committees_demo.load(context)
    demo.load(context)
    return context


def test_pnud_funds_the_first_regional_launches_in_dollars(loaded):
    launches = Commitment.objects.get(title="Lancement et formation des CCS régionaux")
    assert (launches.partner.acronym, launches.currency) == ("PNUD", "USD")
    assert launches.amount_fcfa == 98_685_000
    assert list(launches.status_changes.values_list("status", "on")) == [
        ("announced", D(2020, 9, 15)),
        ("committed", D(2020, 11, 2)),
        ("disbursed", D(2021, 3, 15)),
    ]


def test_every_commitment_has_a_dated_history_ending_in_its_status(loaded):
    for commitment in Commitment.objects.all():
        last = CommitmentStatusChange.objects.filter(commitment=commitment).latest("on", "pk")
        assert (last.status, last.on) == (commitment.status, commitment.status_on)


def test_partners_bring_every_kind_of_support_in_three_currencies(loaded):
    assert set(Commitment.objects.values_list("currency", flat=True)) == {"XOF", "EUR", "USD"}
    assert set(Commitment.objects.values_list("kind", flat=True)) == {
        "funding",
        "technical",
        "training",
        "equipment",
        "logistics",
    }
    assert Commitment.objects.filter(partner__acronym="Budget national").exists()


def test_next_quarter_has_gaps_in_several_regions(loaded):
    admin = User.objects.get(username="admin")
    gaps = funding_gaps(user=admin, quarter=next_quarter())
    assert len(gaps["regions"]) >= 2
    assert gaps["cost"] > 0
    assert UnitCost.objects.filter(step_code="launch").count() == 3


def test_pnud_supports_committees_whose_progress_it_can_follow(loaded):
    pnud = loaded.objects["partners"]["PNUD"]
    progress = partner_progress(partner_id=pnud.pk)
    assert progress["total"] >= 10 and progress["members"] > 0


def test_the_reform_office_answered_a_pnud_comment_on_the_methodology(loaded):
    answered = Comment.objects.exclude(answer="").get()
    assert (answered.partner.acronym, answered.subject) == ("PNUD", "methodology")
    assert answered.created_at.date() == D(2021, 6, 28)
    assert Comment.objects.filter(answer="").count() == 2
