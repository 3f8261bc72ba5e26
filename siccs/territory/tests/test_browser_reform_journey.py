"""A national administrator creates a region from a cercle on a phone: the preview says
which committee changes region from the date, then the reform is recorded and the
territory page lists the new region from that date only."""

import datetime as dt

import pytest

from conftest import browser_login
from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.territory.models import AdministrativeUnit, Level, TerritorialEvent

pytestmark = pytest.mark.browser


def test_an_administrator_previews_then_records_a_new_region(phone_page, national_admin, mali):
    install(CommitteeFactory(unit=mali.djenne), dt.date(2021, 4, 14))
    page = phone_page
    browser_login(page, "admin")
    page.goto("/territory/")
    page.click("a[href='/territory/reforms/']")
    page.click("a[href='/territory/reforms/region/']")
    page.locator("#id_name").press_sequentially("Djenné")
    page.select_option("#id_cercles", label=f"Djenné (cercle, {mali.mopti.name})")
    # The date input reads jj/mm/aaaa on a French phone: the digits go segment by segment.
    page.locator("#id_on").press_sequentially("01102024")
    page.locator("#id_reference").press_sequentially("Décret n°2024-0001 (exemple)")
    page.click("button[type=submit]")
    preview = page.locator(".reform-preview")
    preview.wait_for()
    assert "comités : 1" in preview.inner_text()
    row = preview.locator("tbody tr").first.inner_text()
    assert "Mopti" in row and "Djenné" in row
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not AdministrativeUnit.objects.filter(name="Djenné", level=Level.REGION).exists()

    page.click("button[name=confirm]")
    page.wait_for_url("**/territory/*/")
    assert "Réforme enregistrée" in page.content()
    assert "En vigueur depuis le 1 octobre 2024" in page.content()
    region = AdministrativeUnit.objects.get(name="Djenné", level=Level.REGION)
    assert region.valid_from == dt.date(2024, 10, 1)
    assert TerritorialEvent.objects.get(results=region).date == dt.date(2024, 10, 1)
    page.goto("/territory/?on=2024-09-30")
    assert "Djenné" not in page.locator("table").inner_text()
    page.goto("/territory/?on=2024-10-01")
    assert "Djenné" in page.locator("table").inner_text()
    assert page.console_errors == []
