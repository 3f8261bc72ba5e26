"""The public report page: tiny, French or Bambara, anonymous by default, a tracking code."""

import pytest
from django.db import connection

from siccs.citizens.models import CitizenReport
from siccs.meetings.models import ConcernStatus

pytestmark = pytest.mark.django_db


def submit(client, ccs, url="/signaler/", **extra):
    data = {
        "category": ccs.theft.pk,
        "commune_name": "bandiagara",
        "place": "près du puits de Dourou",
        "description": "Des hommes armés ont pris le troupeau hier soir.",
        **extra,
    }
    return client.post(url, data)


def test_it_is_a_tiny_page_without_javascript(client, ccs):
    response = client.get("/signaler/")
    assert response.status_code == 200
    html = response.text
    assert "<script" not in html and "htmx" not in html and 'style="' not in html
    assert len(response.content) < 10_000
    css = client.get("/static/citizens/public.css")
    assert len(b"".join(css.streaming_content)) < 3_000
    assert "Signaler un problème de sécurité" in html


def test_it_speaks_bambara_on_request(client, ccs):
    html = client.get("/signaler/?lang=bm").text
    assert 'lang="bm"' in html
    assert "tɔgɔ ɲini" in html and "A ci" in html
    assert 'href="?lang=fr"' in html


def test_it_gives_a_tracking_code_and_routes_the_report(client, ccs, mali):
    response = submit(client, ccs)
    assert response.status_code == 302
    done = client.get(response.url)
    report = CitizenReport.objects.get()
    assert report.tracking_code in done.text
    assert report.commune == mali.bandiagara  # matched without accents or case
    assert report.concern.committee == ccs.bandiagara
    assert report.concern.status == ConcernStatus.RECEIVED
    assert report.reporter_phone == ""  # anonymous by default
    alphabet = set("23456789ABCDEFGHJKLMNPQRSTUVWXYZ-")
    assert len(report.tracking_code) == 7 and set(report.tracking_code) <= alphabet


def test_it_offers_a_page_per_commune(client, ccs, mali):
    page = client.get(f"/signaler/{mali.bandiagara.pcode}/")
    assert "Bandiagara" in page.text and 'name="commune_name"' not in page.text
    submit(client, ccs, url=f"/signaler/{mali.bandiagara.pk}/", commune_name="")
    assert CitizenReport.objects.get().commune == mali.bandiagara


def test_it_keeps_an_unknown_commune_for_national_triage(client, ccs, mali):
    submit(client, ccs, commune_name="Kalabancoro", region=mali.mopti.pk)
    report = CitizenReport.objects.get()
    assert report.commune is None and report.concern is None
    assert "Kalabancoro" in report.place_detail and "Mopti" in report.place_detail


def test_it_shows_status_and_answer_only_on_the_tracking_page(client, ccs):
    submit(client, ccs, phone="76 12 34 56")
    report = CitizenReport.objects.get()
    CitizenReport.objects.filter(pk=report.pk).update(answer_text="Une patrouille est passée.")
    page = client.get("/suivi/", {"code": report.tracking_code.lower().replace("-", "")}).text
    assert "reçu" in page and "Une patrouille est passée." in page
    for private in ("troupeau", "Dourou", "76", "Bandiagara"):
        assert private not in page.split("<main>")[1].split("</main>")[0]


def test_it_says_when_a_code_is_unknown(client, db):
    assert "Ce code est inconnu." in client.get("/suivi/", {"code": "ZZZ-ZZZ"}).text
    assert "Nin kode ma sɔrɔ." in client.get("/suivi/", {"code": "ZZZ-ZZZ", "lang": "bm"}).text


def test_it_refuses_spam_and_says_why_in_french(client, ccs):
    response = submit(client, ccs, description="Gagnez au casino http://arnaque.example.com")
    assert response.status_code == 200
    assert "Les liens internet ne sont pas acceptés." in response.text
    response = submit(client, ccs, description="aaaaaaaaaaaaaaaaaaaa")
    assert "trop de caractères répétés" in response.text
    response = submit(client, ccs, description="Jouez à la loterie maintenant")
    assert "mots interdits" in response.text
    assert not CitizenReport.objects.exists()


def test_it_refuses_a_description_too_long_in_bambara(client, ccs):
    response = submit(client, ccs, description="Sonw " * 250, lang="bm")
    assert "Bataki ka jan kojugu (sɛbɛnni 1000 dɔrɔn)." in response.text
    assert not CitizenReport.objects.exists()


def test_it_limits_reports_per_address(client, ccs, settings):
    settings.CITIZEN_RATE_PER_SOURCE = 2
    for n in range(2):
        assert submit(client, ccs, description=f"Vol numéro {n}").status_code == 302
    response = submit(client, ccs, description="Encore un vol")
    assert "Trop de signalements depuis cet appareil" in response.text
    assert CitizenReport.objects.count() == 2


def test_it_stores_the_phone_encrypted(client, ccs):
    submit(client, ccs, phone="+223 76 12 34 56")
    report = CitizenReport.objects.get()
    assert report.reporter_phone == "+22376123456"
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporter_phone FROM citizens_citizenreport")
        raw = cursor.fetchone()[0]
    assert raw and "76123456" not in raw and "22376" not in raw
