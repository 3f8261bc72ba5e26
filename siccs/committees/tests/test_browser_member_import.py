"""The Mopti focal point, on a 360 px phone, downloads the French member template, fills
it as a person would (French labels from its drop-down lists), sends it, reads the
line-by-line preview, confirms, and lands on the committee's page with its members."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from conftest import browser_login
from siccs.committees.models import Membership
from siccs.committees.tests.factories import CommitteeFactory, install

pytestmark = pytest.mark.browser


def test_a_focal_point_imports_members_from_the_french_template(
    phone_page, mopti_focal_point, mali, immediate_tasks, tmp_path
):
    committee = install(CommitteeFactory(unit=mali.djenne), dt.date(2021, 5, 3))
    page = phone_page
    browser_login(page, "pf.mopti")
    page.goto("/committees/import/")
    page.console_errors.clear()  # the journey under test starts here
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Membres", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "modele-membres.xlsx"
    template = tmp_path / download.suggested_filename
    download.save_as(template)

    # Filled as a person fills it: values picked from the template's own lists.
    workbook = load_workbook(template)
    sheet = workbook["Membres"]
    header = [cell.value for cell in sheet[1]]
    lists = {c[0].value: [x.value for x in c[1:] if x.value] for c in workbook["Listes"].columns}
    assert "secrétaire / rapporteur" in lists["Fonction"]
    for person in (
        {
            "Nom complet": "Awa Diallo",
            "Sexe": "femme",
            "Catégorie": "Association de femmes",
            "Fonction": "secrétaire / rapporteur",
            "Téléphone": "76 12 34 56",
        },
        {
            "Nom complet": "Oumar Sow",
            "Sexe": "homme",
            "Catégorie": "Jeunesse",
            "Fonction": "président",
        },
    ):
        values = {"Région": "Mopti", "Commune": "Djenné", "Niveau": "CCS communal", **person}
        sheet.append([values.get(column) for column in header])
    filled = tmp_path / "membres-djenne.xlsx"
    workbook.save(filled)

    page.select_option("#id_kind", label="Membres")
    page.set_input_files("#id_file", str(filled))
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.wait_for_url("**/committees/import/*/")
    lines = page.locator(".import-line")
    assert lines.count() == 2
    assert "Nouveau membre" in lines.nth(0).inner_text()
    assert "Awa Diallo" in lines.nth(0).inner_text()
    assert "Oumar Sow (Jeunesse, président)" in lines.nth(1).inner_text()
    assert "2 lignes sont prêtes" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not Membership.objects.exists()  # nothing written before confirming

    page.get_by_role("button", name="Confirmer l'import").click()
    page.wait_for_url(f"**/committees/{committee.pk}/")
    assert "2 ligne(s) importée(s)" in page.content()
    members = page.locator(".members").inner_text()
    assert "Awa Diallo" in members and "Oumar Sow" in members
    assert Membership.objects.filter(committee=committee, function="secretary").count() == 1
    assert page.console_errors == [], page.console_errors
