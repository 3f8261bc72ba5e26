"""A person reports on a small phone, a secretary triages and answers, the person reads it."""

import datetime as dt
import re

import pytest

from conftest import browser_login, persona
from siccs.accounts.scoping import Role
from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.meetings.tests.factories import concern_category

pytestmark = pytest.mark.browser


def test_a_report_goes_from_the_public_page_to_an_answer(
    phone_page, mali, settings, immediate_tasks
):
    install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 6, 1))
    theft = concern_category("cattle-theft", "Vol de bétail")
    secretary = persona("sec.bandiagara", Role.SECRETARY, mali.bandiagara)
    secretary.set_password("demo-password-1")
    secretary.save()
    page = phone_page

    page.goto(f"/signaler/{mali.bandiagara.pcode}/")
    page.select_option("#c", label="Vol de bétail")
    page.locator("#p").press_sequentially("près du puits de Dourou")
    page.locator("#d").press_sequentially("Des voleurs emmènent les troupeaux la nuit.")
    page.click("button[type=submit]")
    code = page.text_content("#tracking-code").strip()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}", code)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    browser_login(page, "sec.bandiagara")
    page.goto("/signalements/")
    page.click(f"text={code}")
    page.select_option("#id_category", str(theft.pk))
    page.locator("#id_summary").press_sequentially("Vols de bétail nocturnes près de Dourou.")
    page.click("text=Confirmer")
    page.locator("#id_answer").press_sequentially("Des patrouilles de nuit sont organisées.")
    page.click("text=Envoyer la réponse")
    assert "Réponse envoyée." in page.text_content("main")

    page.goto(f"/suivi/?code={code}")
    assert page.text_content("#answer").strip() == "Des patrouilles de nuit sont organisées."
    assert page.text_content("#status").strip() == "répondu"
    assert page.console_errors == []
