"""Each partner page answers, shows what it should, in a bounded number of queries."""

import datetime as dt

import pytest

from siccs.committees.models import CommitteeLevel
from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.partners.models import (
    Commitment,
    CommitmentScope,
    Currency,
    Partner,
    PartnerContact,
    Programme,
    SupportKind,
    UnitCost,
)
from siccs.partners.selectors import next_quarter
from siccs.partners.tests.factories import PartnerFactory, commitment, unit_cost
from siccs.rollout.models import StepRecord

D = dt.date
NNBSP = "\u202f"


@pytest.fixture
def world(mali, partner, national_admin):
    bandiagara = install(
        CommitteeFactory(unit=mali.bandiagara, name="CCSC Bandiagara"), D(2021, 4, 7)
    )
    gao = CommitteeFactory(unit=mali.gao_commune, name="CCSC Gao")
    quarter = next_quarter()
    StepRecord.objects.create(
        committee=gao,
        step=gao.methodology_version.steps.get(code="launch"),
        planned_on=quarter.start + dt.timedelta(days=20),
    )
    unit_cost("launch", "communal", 3_500_000)
    launch = commitment(
        partner,
        user=national_admin,
        title="Lancement des CCS de Mopti",
        scope=CommitmentScope.TERRITORY,
        unit=mali.mopti,
        amount="1234567",
    )
    giz = PartnerFactory(acronym="GIZ", name="Coopération allemande (GIZ)")
    training = commitment(
        giz,
        user=national_admin,
        title="Formation à Gao",
        kind=SupportKind.TRAINING,
        scope=CommitmentScope.COMMITTEES,
        committees=[gao],
        amount="10000",
        currency=Currency.EUR,
        start_on=D(2020, 1, 1),
        end_on=D(2020, 12, 31),
        status_on=D(2019, 12, 1),
    )
    return {
        "bandiagara": bandiagara,
        "gao": gao,
        "launch": launch,
        "training": training,
        "giz": giz,
    }


def test_it_lists_commitments_with_totals_in_fcfa(world, national_admin, client_for):
    response = client_for(national_admin).get("/partners/commitments/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Lancement des CCS de Mopti" in page and "Formation à Gao" in page
    assert f"1{NNBSP}234{NNBSP}567{NNBSP}FCFA" in page
    assert f"6{NNBSP}559{NNBSP}570{NNBSP}FCFA" in page  # 10 000 EUR
    assert response.context["totals"]["total"] == 1_234_567 + 6_559_570


def test_it_filters_commitments_by_partner_kind_and_region(world, national_admin, client_for, mali):
    client = client_for(national_admin)
    by_kind = client.get("/partners/commitments/", {"kind": "training"})
    assert [c.title for c in by_kind.context["page"]] == ["Formation à Gao"]
    by_region = client.get("/partners/commitments/", {"region": mali.mopti.pk})
    assert [c.title for c in by_region.context["page"]] == ["Lancement des CCS de Mopti"]
    by_partner = client.get("/partners/commitments/", {"partner": world["giz"].pk})
    assert [c.title for c in by_partner.context["page"]] == ["Formation à Gao"]


def test_it_shows_statuses_as_they_stood_on_a_date(world, national_admin, client_for):
    from siccs.partners import services

    services.commitment_set_status(
        user=national_admin, commitment=world["training"], status="disbursed", on=D(2020, 6, 1)
    )
    response = client_for(national_admin).get("/partners/commitments/", {"on": "2020-03-01"})
    rows = {c.title: c.shown_status for c in response.context["page"]}
    # The Mopti commitment was announced today: not yet on 1 March 2020.
    assert rows == {"Formation à Gao": "announced"}
    assert response.context["totals"]["announced"] == 6_559_570


def test_the_commitment_list_takes_a_fixed_number_of_queries(
    world, national_admin, client_for, django_assert_max_num_queries
):
    client = client_for(national_admin)
    client.get("/partners/commitments/")
    for n in range(15):
        commitment(world["giz"], user=national_admin, title=f"Appui {n}", unit=world["gao"].unit)
    with django_assert_max_num_queries(14):
        assert client.get("/partners/commitments/").status_code == 200


def test_a_commitment_page_shows_conversion_history_and_committees(
    world, national_admin, client_for
):
    response = client_for(national_admin).get(f"/partners/commitments/{world['training'].pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    # French figures: the exchange rate with its decimals and no trailing zeros.
    assert "10\u202f000 EUR × 655,957 = " in page
    assert "CCSC Gao" in page
    assert 'id="status-history"' in page and "annoncé" in page


def test_the_reform_office_records_a_commitment_in_dollars(
    world, national_admin, client_for, partner, mali
):
    response = client_for(national_admin).post(
        "/partners/commitments/new/",
        {
            "partner": partner.pk,
            "title": "Formation des membres à Djenné",
            "kind": "training",
            "scope": "territory",
            "unit": mali.djenne.pk,
            "step_codes": ["training"],
            "start_on": "2027-01-01",
            "end_on": "2027-06-30",
            "amount": "25000",
            "currency": "USD",
            "exchange_rate": "541.80",
            "status": "committed",
            "status_on": "2026-12-15",
        },
    )
    created = Commitment.objects.get(title="Formation des membres à Djenné")
    assert response.status_code == 302
    assert response["Location"] == f"/partners/commitments/{created.pk}/"
    assert (created.amount_fcfa, created.unit, created.status) == (
        13_545_000,
        mali.djenne,
        "committed",
    )
    assert created.step_codes == ["training"]
    assert list(created.status_changes.values_list("status", "on")) == [
        ("committed", D(2026, 12, 15))
    ]


def test_a_dollar_commitment_without_a_rate_comes_back_with_the_error(
    world, national_admin, client_for, partner
):
    response = client_for(national_admin).post(
        "/partners/commitments/new/",
        {
            "partner": partner.pk,
            "title": "Sans taux",
            "kind": "funding",
            "scope": "territory",
            "start_on": "2027-01-01",
            "end_on": "2027-06-30",
            "amount": "1000",
            "currency": "USD",
            "status": "announced",
            "status_on": "2026-12-15",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["exchange_rate"]
    assert not Commitment.objects.filter(title="Sans taux").exists()


def test_the_reform_office_edits_a_commitment_and_records_its_status(
    world, national_admin, client_for, mali
):
    client = client_for(national_admin)
    launch = world["launch"]
    form = client.get(f"/partners/commitments/{launch.pk}/edit/")
    assert form.status_code == 200 and "status_on" not in form.context["form"].fields
    response = client.post(
        f"/partners/commitments/{launch.pk}/edit/",
        {
            "partner": launch.partner_id,
            "title": "Lancement des CCS de Mopti (révisé)",
            "kind": "funding",
            "scope": "territory",
            "unit": mali.mopti.pk,
            "start_on": "2021-01-01",
            "end_on": "2021-12-31",
            "amount": "2000",
            "currency": "EUR",
        },
    )
    assert response.status_code == 302
    status = client.post(
        f"/partners/commitments/{launch.pk}/status/",
        {"status": "disbursed", "on": dt.date.today().isoformat(), "note": "Virement reçu"},
    )
    assert status.status_code == 302
    launch.refresh_from_db()
    assert (launch.title, launch.amount_fcfa, launch.status) == (
        "Lancement des CCS de Mopti (révisé)",
        1_311_914,
        "disbursed",
    )


def test_the_registry_lists_partners_and_the_detail_shows_contacts_to_the_reform_office(
    world, national_admin, client_for, partner, django_assert_max_num_queries
):
    client = client_for(national_admin)
    with django_assert_max_num_queries(8):
        response = client.get("/partners/registry/")
    assert "GIZ" in response.content.decode() and "PNUD" in response.content.decode()
    client.post(
        f"/partners/{partner.pk}/contacts/add/",
        {"name": "Claire Martin", "function": "Spécialiste RSS", "phone": "+223 76 12 34 56"},
    )
    client.post(f"/partners/{partner.pk}/programmes/add/", {"name": "Appui aux CCS, phase 1"})
    detail = client.get(f"/partners/{partner.pk}/").content.decode()
    assert "Claire Martin" in detail and "Appui aux CCS, phase 1" in detail
    assert "+223 76 12 34 56" not in detail  # the phone is masked
    contact = PartnerContact.objects.get(name="Claire Martin")
    assert client.post(f"/partners/contacts/{contact.pk}/delete/").status_code == 302
    assert not PartnerContact.objects.filter(pk=contact.pk).exists()
    assert Programme.objects.filter(partner=partner).count() == 1


def test_an_analyst_sees_a_partner_but_not_its_contact_persons(
    world, national_analyst, client_for, partner
):
    PartnerContact.objects.create(partner=partner, name="Claire Martin", phone="+22376123456")
    page = client_for(national_analyst).get(f"/partners/{partner.pk}/").content.decode()
    assert "PNUD" in page and "Claire Martin" not in page


def test_the_reform_office_adds_and_edits_a_partner(world, national_admin, client_for):
    client = client_for(national_admin)
    response = client.post(
        "/partners/registry/new/",
        {
            "name": "Institut malien de recherche action pour la paix",
            "acronym": "IMRAP",
            "kind": "ngo",
        },
    )
    imrap = Partner.objects.get(acronym="IMRAP")
    assert response["Location"] == f"/partners/{imrap.pk}/"
    client.post(
        f"/partners/{imrap.pk}/edit/",
        {"name": imrap.name, "acronym": "IMRAP", "kind": "ngo", "website": "imrap.example.org"},
    )
    imrap.refresh_from_db()
    assert imrap.website == "imrap.example.org"


def test_the_matrix_shows_partners_and_kinds_by_region(
    world, national_analyst, client_for, django_assert_max_num_queries
):
    client = client_for(national_analyst)
    with django_assert_max_num_queries(8):
        response = client.get("/partners/matrix/")
    matrix = response.context["matrix"]
    assert [r["name"] for r in matrix["regions"]] == ["Gao", "Mopti"]
    assert {r["name"]: r["total"] for r in matrix["rows"]} == {"GIZ": 6_559_570, "PNUD": 1_234_567}
    kinds = {k["code"]: [c["partners"] for c in k["cells"]] for k in matrix["kinds"]}
    assert kinds == {"funding": [[], ["PNUD"]], "training": [["GIZ"], []]}
    page = response.content.decode()
    assert 'id="matrix-kinds"' in page and "formation" in page.lower()


def test_the_matrix_can_keep_commitments_in_force_on_a_date(world, national_analyst, client_for):
    response = client_for(national_analyst).get("/partners/matrix/", {"on": "2020-06-01"})
    assert [r["name"] for r in response.context["matrix"]["rows"]] == ["GIZ"]


def test_the_support_page_says_which_partner_supports_which_step(
    world, national_analyst, client_for, partner, django_assert_max_num_queries
):
    record = world["bandiagara"].step_records.get(step__code="launch")
    record.partner = PartnerFactory(acronym="WANEP")
    record.save()
    client = client_for(national_analyst)
    with django_assert_max_num_queries(8):
        response = client.get("/partners/support/")
    support = response.context["support"]
    codes = [code for code, _name in support["steps"]]
    rows = {r["name"]: dict(zip(codes, r["cells"], strict=True)) for r in support["rows"]}
    # Named on the record first, then the commitments covering the day it was done
    # (PNUD's commitment runs over 2021, when Bandiagara's steps were done).
    assert rows["CCSC Bandiagara"]["launch"]["partners"] == ["WANEP", "PNUD"]
    assert rows["CCSC Bandiagara"]["launch"]["done"] is True
    # Gao's launch is planned next quarter; GIZ's training commitment ended in 2020.
    assert rows["CCSC Gao"]["launch"]["partners"] == []
    assert "WANEP, PNUD" in response.content.decode()


def test_the_gap_page_shows_next_quarter_by_region(
    world, national_analyst, client_for, django_assert_max_num_queries
):
    client = client_for(national_analyst)
    with django_assert_max_num_queries(10):
        response = client.get("/partners/gaps/")
    gaps = response.context["gaps"]
    assert gaps["quarter"] == next_quarter()
    # Gao: the launch planned next quarter. Mopti: Bandiagara's training and first
    # session were never recorded and nothing covers them now; no unit cost for them.
    assert [(r["name"], r["cost"]) for r in gaps["regions"]] == [("Gao", 3_500_000), ("Mopti", 0)]
    page = response.content.decode()
    assert f"3{NNBSP}500{NNBSP}000{NNBSP}FCFA" in page
    assert "CCSC Gao" in page
    assert f"T{next_quarter().number} {next_quarter().year}" in page


def test_the_gap_page_takes_another_quarter(world, national_analyst, client_for):
    response = client_for(national_analyst).get("/partners/gaps/", {"quarter": "2021-2"})
    assert response.context["gaps"]["quarter"].key == "2021-2"


def test_unit_costs_are_listed_to_analysts_and_set_by_the_administrator(
    world, national_admin, national_analyst, client_for
):
    listing = client_for(national_analyst).get("/partners/unit-costs/")
    assert f"3{NNBSP}500{NNBSP}000{NNBSP}FCFA" in listing.content.decode()
    assert client_for(national_analyst).get("/partners/unit-costs/new/").status_code == 403
    client = client_for(national_admin)
    response = client.post(
        "/partners/unit-costs/new/",
        {
            "step_code": "training",
            "level": CommitteeLevel.objects.get(code="communal").pk,
            "amount_fcfa": "2500000",
            "description": "Formation de 2 jours",
        },
    )
    assert response.status_code == 302
    cost = UnitCost.objects.get(step_code="training")
    client.post(
        f"/partners/unit-costs/{cost.pk}/edit/",
        {"step_code": "training", "level": cost.level_id, "amount_fcfa": "2750000"},
    )
    cost.refresh_from_db()
    assert cost.amount_fcfa == 2_750_000
    duplicate = client.post(
        "/partners/unit-costs/new/",
        {"step_code": "training", "level": cost.level_id, "amount_fcfa": "1"},
    )
    assert duplicate.status_code == 200 and duplicate.context["form"].errors
    assert client.get("/partners/unit-costs/999999/edit/").status_code == 404


def test_the_overview_of_the_reform_office_counts_partners(world, national_admin, client_for):
    response = client_for(national_admin).get("/partners/")
    assert response.status_code == 200
    assert response.context["partners_count"] == 2
    assert "Tout en XLSX" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    response = client.get("/partners/commitments/")
    assert response.status_code == 302 and "/login/" in response["Location"]
