"""The public pages are complete in Bambara, and keep the language a person chose."""

import pytest

from siccs.citizens import texts
from siccs.citizens.models import CitizenReport
from siccs.meetings.models import ConcernCategory
from siccs.meetings.reference import CONCERN_CATEGORIES

pytestmark = pytest.mark.django_db


def test_every_french_text_has_its_bambara_text():
    assert set(texts.TEXTS["bm"]) == set(texts.TEXTS["fr"])
    assert all(value.strip() for value in texts.TEXTS["bm"].values())


def test_every_shipped_problem_type_has_a_bambara_name():
    assert {code for code, _ in CONCERN_CATEGORIES} == set(texts.CATEGORY_NAMES_BM)


def test_the_bambara_form_lists_the_problem_types_in_bambara(client, ccs):
    html = client.get("/signaler/?lang=bm").text
    assert "Bagan sonyali" in html and "Vol de bétail" not in html
    assert "Vol de bétail" in client.get("/signaler/?lang=fr").text


def test_the_transparency_page_speaks_bambara(client, ccs):
    html = client.get("/transparence/?lang=bm").text
    assert 'lang="bm"' in html and "CCS mara o mara" in html and "Kalo" in html
    assert "Comités par région" not in html
    assert "Comités par région" in client.get("/transparence/?lang=fr").text


def test_the_language_choice_is_kept_from_page_to_page(client, ccs):
    client.get("/signaler/?lang=bm")
    # A later visit without ?lang (a bookmark, a shared link) stays in Bambara.
    assert 'lang="bm"' in client.get("/suivi/").text
    assert 'lang="bm"' in client.get("/transparence/").text
    # The switch keeps the code being tracked.
    html = client.get("/suivi/", {"code": "ZZZ-ZZZ"}).text
    assert 'href="?code=ZZZ-ZZZ&amp;lang=fr"' in html
    client.get("/signaler/?lang=fr")
    assert 'lang="fr"' in client.get("/suivi/").text


def test_the_receipt_says_who_receives_it_how_long_and_whether_an_sms_comes(client, ccs):
    data = {
        "category": ccs.theft.pk,
        "commune_name": "Bandiagara",
        "description": "Des voleurs de bétail la nuit.",
        "phone": "76 11 22 33",
        "lang": "fr",
    }
    done = client.get(client.post("/signaler/", data).url).text
    assert "Qui le reçoit : le CCS communal de Bandiagara." in done
    assert "jours environ" in done and "aussi envoyée par SMS" in done

    anonymous = {**data, "phone": "", "commune_name": "Kalabancoro", "lang": "bm"}
    done = client.get(client.post("/signaler/", anonymous).url).text
    assert "jamana ka baarakɛlaw" in done  # unknown commune: the national triage
    assert "SMS si tɛna na" in done and "tile" in done
    assert CitizenReport.objects.count() == 2


def test_the_receipt_names_the_regional_committee_when_the_commune_has_none(client, ccs):
    data = {"category": ccs.theft.pk, "commune_name": "Gao", "description": "Vol de moto."}
    done = client.get(client.post("/signaler/", data).url).text
    assert "le CCS régional de Gao" in done and "aucun SMS ne viendra" in done


def test_a_category_without_bambara_name_shows_its_french_name(client, ccs):
    ConcernCategory.objects.create(code="new-type", name="Nouveau type", order=99)
    assert "Nouveau type" in client.get("/signaler/?lang=bm").text
