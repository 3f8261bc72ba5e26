"""The secretary's session day on a 360 px phone, typing: a session held on the first of
a month, two concerns added from the session page, two recommendations each answering
one of them (the session's concerns offered first), and the PV in French typography."""

import datetime as dt

import pytest

from conftest import browser_login
from siccs.committees.models import Sex
from siccs.committees.reference import ensure_reference_data as ensure_committee_reference
from siccs.committees.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    category,
    install,
)
from siccs.meetings import services
from siccs.meetings.models import Concern, ConcernCategory, Recommendation
from siccs.meetings.reference import ensure_reference_data

pytestmark = pytest.mark.browser

# The first of a month (and the same keys whether the date field reads day or month first).
HELD_ON = dt.date(2026, 1, 1)


def _world(mali, secretary):
    ensure_committee_reference()
    ensure_reference_data()
    committee = install(
        CommitteeFactory(unit=mali.gao_commune, name="CCSC Gao"), dt.date(2021, 5, 5)
    )
    for name, sex, code in [
        ("Fatoumata Maïga", Sex.FEMALE, "women"),
        ("Commandant Baba Sidibé", Sex.MALE, "fds"),
        ("Hamadou Touré", Sex.MALE, "elected"),
    ]:
        MembershipFactory(
            committee=committee,
            category=category(code),
            person=PersonFactory(full_name=name, sex=sex),
        )
    # An older open concern of the committee: offered, folded, never checked by default.
    services.concern_register(
        user=secretary,
        committee=committee,
        category=ConcernCategory.objects.get(code="markets"),
        title="Éclairage du marché de Washington",
        source="citizen",
        received_on=dt.date(2025, 11, 3),
        unit=mali.gao_commune,
    )
    return committee


def _type(page, selector, text):
    page.locator(selector).press_sequentially(text)


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _add_concern(page, category_keys, title):
    page.click("#add-concern")
    page.wait_for_url("**/concerns/new/?session=*")
    _type(page, "#id_category", category_keys)
    _type(page, "#id_title", title)
    _fits(page)
    page.focus("form.stacked button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sessions/*/")
    assert "Préoccupation enregistrée." in page.text_content("ul.messages")


def _adopt(page, text, keep, drop, addressee_keys, another):
    assert page.is_checked(f"input[name=concerns][value='{drop.pk}']")
    page.focus(f"input[name=concerns][value='{drop.pk}']")
    page.keyboard.press("Space")
    assert page.is_checked(f"input[name=concerns][value='{keep.pk}']")
    _type(page, "#id_text", text)
    _type(page, "#id_addressee", addressee_keys)
    _fits(page)
    page.focus("button[name=another]" if another else "button[type=submit]:not([name])")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Recommandation adoptée." in page.text_content("ul.messages")


def test_the_secretary_records_the_day_and_reads_a_french_pv_on_a_phone(
    phone_page, mali, gao_secretary
):
    committee = _world(mali, gao_secretary)
    page = phone_page
    browser_login(page, "sec.gao")

    page.goto(f"/sessions/committee/{committee.pk}/new/")
    page.locator("#id_held_on").press_sequentially("01012026")
    _type(page, "#id_place", "Mairie de Gao")
    _type(page, "#id_agenda", "Situation sécuritaire du mois")
    _fits(page)
    page.focus("#save-session")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sessions/*/")
    assert "1er janvier 2026" in page.text_content("h1")
    session_url = page.url

    _add_concern(page, "Vol", "Vols de bétail à Sossokoira")
    _add_concern(page, "Rac", "Rackets au poste de la route de Bourem")
    theft = Concern.objects.get(title="Vols de bétail à Sossokoira")
    racket = Concern.objects.get(title="Rackets au poste de la route de Bourem")
    assert theft.session.held_on == racket.session.held_on == HELD_ON
    assert theft.received_on == HELD_ON
    discussed = page.text_content("main")
    assert "Vols de bétail à Sossokoira" in discussed and "Rackets au poste" in discussed

    # The session's two concerns come first and checked; the older one is folded away.
    page.click("#adopt-recommendation")
    older = Concern.objects.get(title="Éclairage du marché de Washington")
    assert page.is_hidden(f"input[name=concerns][value='{older.pk}']")
    assert not page.is_checked(f"input[name=concerns][value='{older.pk}']")
    _adopt(page, "Patrouilles mixtes dans les zones de pâturage", theft, racket, "Gend", True)
    _adopt(page, "Contrôler le poste de la route de Bourem", racket, theft, "Gouv", False)
    page.wait_for_url(session_url)
    assert set(Recommendation.objects.get(text__startswith="Patrouilles").concerns.all()) == {theft}
    assert set(Recommendation.objects.get(text__startswith="Contrôler").concerns.all()) == {racket}
    _fits(page)

    page.click("text=Procès-verbal (PV)")
    page.wait_for_url("**/pv/")
    pv = page.text_content("body")
    assert "Le 1er janvier 2026, le comité s'est réuni" in pv
    assert "Le 1 janvier" not in pv
    assert "Taux de présence\u00a0:" in pv
    assert "Patrouilles mixtes dans les zones de pâturage" in pv
    assert page.console_errors == []
