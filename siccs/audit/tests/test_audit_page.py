"""The audit trail page reads in French: field labels, names instead of ids, choices by
their label, personal values redacted; filtered by who, what, where and when."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from siccs.accounts.tests.factories import UserFactory
from siccs.audit.models import AuditEntry
from siccs.audit.services import audit_record
from siccs.committees.reference import ensure_reference_data
from siccs.committees.tests.factories import CommitteeFactory, PersonFactory
from siccs.meetings.tests.factories import ConcernFactory, concern_category
from siccs.rollout.reference import ensure_default_methodology

URL = "/audit/"


@pytest.fixture(autouse=True)
def reference(db):
    ensure_reference_data()
    ensure_default_methodology()


@pytest.fixture
def entries(mali, national_admin):
    djenne = CommitteeFactory(unit=mali.djenne, name="CCS de Djenné")
    gao = CommitteeFactory(unit=mali.gao_commune, name="CCS de Gao")
    theft = concern_category("cattle-theft", "Vol de bétail")
    concern = ConcernFactory(
        committee=djenne, unit=mali.djenne, category=theft, title="Vols à Djenné"
    )
    other = UserFactory(username="pf.gao", first_name="Aïssata", last_name="Maïga")
    created = audit_record(user=national_admin, obj=concern, verb="create")
    gao_entry = audit_record(user=other, obj=gao, verb="update", before={"name": "CCS Gao"})
    person = PersonFactory(full_name="Moussa Touré", phone="+22376123456")
    phone = audit_record(user=national_admin, obj=person, verb="create")
    return {"concern": created, "gao": gao_entry, "person": phone, "other": other}


def page_of(client, **query):
    return client.get(URL, query).content.decode().split('id="main"')[1]


def test_it_speaks_french_with_labels_and_names(client_for, national_admin, entries):
    page = page_of(client_for(national_admin))
    assert "<h1>Journal d'audit</h1>" in page
    # Field labels, the category's and committee's names, a choice's label, a French date.
    assert "<dt>Catégorie</dt><dd>Vol de bétail</dd>" in page
    assert "<dt>Comité</dt><dd>CCS de Djenné</dd>" in page
    assert "<dt>Source</dt><dd>soulevée en session</dd>" in page
    assert "<dt>Reçue le</dt><dd>20 juin 2021</dd>" in page
    assert "création" in page and "préoccupation" in page
    # No raw ids, no creation stamps.
    assert "<dt>id</dt>" not in page.lower() and "created_at" not in page


def test_it_keeps_personal_values_redacted(client_for, national_admin, entries):
    page = page_of(client_for(national_admin))
    assert "<dt>Téléphone</dt><dd>•••</dd>" in page
    assert "76123456" not in page


def test_it_shows_a_change_as_before_and_after(client_for, national_admin, entries):
    page = page_of(client_for(national_admin))
    assert "<dt>Nom</dt><dd><del>CCS Gao</del> → CCS de Gao</dd>" in page


def test_it_filters_by_who_what_where_and_when(client_for, national_admin, entries, mali):
    client = client_for(national_admin)
    by_user = page_of(client, user=entries["other"].pk)
    assert "CCS de Gao" in by_user and "Vols à Djenné" not in by_user
    by_type = page_of(client, model="meetings.concern")
    assert "Vols à Djenné" in by_type and "CCS de Gao" not in by_type
    by_place = page_of(client, unit=mali.mopti.pk)
    assert "Vols à Djenné" in by_place and "CCS de Gao" not in by_place
    AuditEntry.objects.filter(pk=entries["gao"].pk).update(
        at=timezone.make_aware(dt.datetime(2021, 6, 25, 10, 0))
    )
    by_date = page_of(client, start="2021-06-01", end="2021-06-30")
    assert "CCS de Gao" in by_date and "Vols à Djenné" not in by_date
    assert "1 modification enregistrée." in by_date


def test_it_offers_choices_in_words(client_for, national_admin, entries):
    page = page_of(client_for(national_admin))
    assert '<option value="meetings.concern">Préoccupation</option>' in page
    assert "Aïssata Maïga (pf.gao)" in page
    assert "Djenné (commune, Djenné)" in page


def test_it_stays_for_national_administrators(client_for, mopti_focal_point, entries):
    assert client_for(mopti_focal_point).get(URL).status_code == 403


def test_it_reads_a_page_in_a_bounded_number_of_queries(
    client_for, national_admin, entries, mali, django_assert_max_num_queries
):
    for _ in range(30):
        concern = ConcernFactory(committee=entries["concern"].unit.committees.first())
        audit_record(user=national_admin, obj=concern, verb="create")
    client = client_for(national_admin)
    with django_assert_max_num_queries(20):
        client.get(URL)
