"""Journeys on a 360 px phone, typed with the keyboard: an administrator invites a
secretary, who chooses a password from the e-mail and lands on their home; a focal
point finds a committee with the search box."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from conftest import browser_login
from siccs.accounts.models import User
from siccs.committees.reference import ensure_reference_data
from siccs.committees.tests.factories import CommitteeFactory
from siccs.rollout.reference import ensure_default_methodology

pytestmark = pytest.mark.browser


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.fixture
def committees(mali):
    ensure_reference_data()
    ensure_default_methodology()
    return {
        "djenne": CommitteeFactory(unit=mali.djenne, name="CCS de Djenné"),
        "bandiagara": CommitteeFactory(unit=mali.bandiagara, name="CCS de Bandiagara"),
        "gao": CommitteeFactory(unit=mali.gao_commune, name="CCS de Gao"),
    }


def test_an_invited_secretary_chooses_a_password_and_lands_on_their_home(
    phone_page, national_admin, partner, committees, mali, live_server, settings
):
    # Links sent by e-mail name the site's public address: here, the live server.
    settings.SITE_URL = live_server.url
    page = phone_page
    browser_login(page, "admin")
    page.goto("/users/new/")
    page.locator("#id_username").press_sequentially("sec.djenne")
    page.locator("#id_first_name").press_sequentially("Awa")
    page.locator("#id_last_name").press_sequentially("Traoré")
    page.locator("#id_email").press_sequentially("awa.traore@example.ml")
    # The partner field concerns partner viewers only.
    partner_field = page.locator(".field-partner")
    assert partner_field.is_hidden()
    page.select_option("#id_role", "partner_viewer")
    assert partner_field.is_visible()
    page.select_option("#id_role", "secretary")
    assert partner_field.is_hidden()
    # Territories are told apart by their level and parent.
    page.select_option("#id_unit", label="Djenné (commune, Djenné)")
    assert fits(page)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/users/*/")
    assert "Invitation envoyée à awa.traore@example.ml." in page.content()
    assert fits(page)

    message = mail.outbox[-1]
    assert message.subject == "Votre compte SI-CCS est prêt"
    link = re.search(r"https?://\S+/welcome/\S+/", message.body).group(0)
    page.click("form[action='/logout/'] button")
    page.wait_for_url("**/login/")

    page.goto(link)
    assert "Bienvenue sur SI-CCS" in page.content()
    assert "Administration de Django" not in page.content()
    page.locator("#id_new_password1").press_sequentially("Baobab-de-Djenne-2021")
    page.locator("#id_new_password2").press_sequentially("Baobab-de-Djenne-2021")
    assert fits(page)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    # Her home: the committee of her commune, nothing of Gao.
    content = page.content()
    assert "CCS de Djenné" in content and "Prochaine session" in content
    assert "CCS de Gao" not in content
    assert page.locator(".tools a[href='/account/']").inner_text() == "Awa Traoré"
    assert fits(page)
    assert User.objects.get(username="sec.djenne").check_password("Baobab-de-Djenne-2021")
    assert page.console_errors == []


def test_a_focal_point_finds_a_committee_with_the_search_box(
    phone_page, mopti_focal_point, committees
):
    page = phone_page
    browser_login(page, "pf.mopti")
    box = page.locator("header form[role=search] input[name=q]")
    assert box.is_visible()  # in the header, without opening the menu
    box.press_sequentially("djenne")
    box.press("Enter")
    page.wait_for_url("**/search/?q=djenne")
    assert "CCS de Bandiagara" not in page.content()
    assert fits(page)
    page.click("#results-committees a")
    page.wait_for_url(f"**/committees/{committees['djenne'].pk}/")
    assert "CCS de Djenné" in page.locator("h1").inner_text()
    # Gao's committee is not there to be found.
    box = page.locator("header form[role=search] input[name=q]")
    box.press_sequentially("gao")
    box.press("Enter")
    page.wait_for_url("**/search/?q=gao")
    assert "CCS de Gao" not in page.content()
    assert "Rien trouvé" in page.content()
    assert page.console_errors == []
