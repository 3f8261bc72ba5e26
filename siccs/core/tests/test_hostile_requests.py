"""Extreme dates, malformed bodies and ids: the page says so, never a server error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from siccs.committees.models import Committee, CommitteeLevel
from siccs.core.dates import latest
from siccs.core.errors import DomainError
from siccs.dashboard.models import ProgressReport
from siccs.dashboard.services import report_request
from siccs.meetings.tests.factories import SessionFactory

EXTREMES = ["9999-12-31", "0001-01-01"]
PAGES = [
    "/dashboard/",
    "/dashboard/funding-gaps/",
    "/dashboard/map/",
    "/committees/",
    "/committees/export.xlsx",
    "/sessions/follow-up/",
    "/sessions/follow-up/export.xlsx",
    "/partners/gaps/",
    "/partners/gaps/export.xlsx",
]


@pytest.fixture
def admin(client_for, national_admin):
    return client_for(national_admin)


@pytest.mark.parametrize("on", EXTREMES)
@pytest.mark.parametrize("url", PAGES)
def test_an_extreme_date_in_the_address_is_refused_on_the_page(admin, url, on):
    response = admin.get(url, {"on": on})
    assert response.status_code == 200
    page = response.content.decode("utf-8", "replace")
    if "<html" in page:  # a whole page (the fragments loaded by htmx have no room for it)
        assert "Une partie de l'adresse n'a pas pu être utilisée" in page
        assert "Indiquez une date entre le 01/01/1990 et le" in page


def test_a_wrong_version_in_the_address_of_a_migration_is_ignored(admin, mali, national_admin):
    from siccs.committees.services import committee_plan

    committee = committee_plan(
        user=national_admin,
        unit=mali.bandiagara,
        level=CommitteeLevel.objects.get(code="communal"),
        planned_on=dt.date(2021, 1, 4),
    )
    response = admin.get(f"/methodology/committees/{committee.pk}/migrate/", {"target": "abc"})
    assert response.status_code == 200
    assert "pas un nombre entier" in response.content.decode()


@pytest.mark.parametrize("on", ["9999-12-31", "0001-01-01"])
def test_a_report_cannot_be_asked_for_an_implausible_year(admin, national_admin, on):
    response = admin.post("/dashboard/reports/", {"on": on, "language": "fr"})
    assert response.status_code == 200
    assert not ProgressReport.objects.exists()
    with pytest.raises(DomainError):
        report_request(user=national_admin, on=dt.date.fromisoformat(on), language="fr")


def test_models_refuse_implausible_dates_in_every_service(mali):
    committee = Committee(planned_on=dt.date(1, 1, 1))
    with pytest.raises(ValidationError) as caught:
        committee.full_clean()
    assert "planned_on" in caught.value.message_dict
    session = SessionFactory.build(held_on=latest() + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    assert "held_on" in caught.value.message_dict


def test_forms_offer_only_plausible_dates(admin):
    page = admin.get("/committees/plan/").content.decode()
    assert 'min="1990-01-01"' in page and f'max="{latest().isoformat()}"' in page


def test_signed_in_pages_are_never_cached(admin, mali):
    assert admin.get("/dashboard/")["Cache-Control"] == "private, no-store"
    assert admin.get("/committees/export.xlsx")["Cache-Control"] == "private, no-store"
    assert "no-store" not in Client().get("/signaler/").get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/signaler/", "/login/", "/password-reset/"])
@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "no-such-charset"])
def test_a_body_declared_in_another_charset_is_a_bad_request(mali, url, charset):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get(url)
    token = client.cookies["csrftoken"].value
    response = client.generic(
        "POST",
        url,
        f"csrfmiddlewaretoken={token}&username=%E9t%E9&description=%E9".encode("latin-1"),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400


def test_an_id_too_large_for_the_database_is_a_bad_request(admin, mali):
    response = admin.post(
        "/partners/commitments/new/",
        {"title": "Appui", "committees": ["99999999999999999999"], "scope": "committees"},
    )
    assert response.status_code in (200, 400)
    response = admin.get("/committees/", {"partner": "99999999999999999999"})
    assert response.status_code in (200, 400)


def test_a_nul_character_in_the_address_or_a_form_is_a_bad_request(admin, mali):
    assert admin.get("/audit/", {"model": "a\x00b"}).status_code == 400
    assert Client().post("/login/", {"username": "a\x00b", "password": "x"}).status_code == 400


def test_a_username_of_ten_thousand_characters_is_an_ordinary_failure(mali):
    response = Client().post("/login/", {"username": "x" * 10_000, "password": "x"})
    assert response.status_code == 200
