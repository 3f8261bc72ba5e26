"""Error pages in French, and in French and Bambara on the public pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import render
from django.test import Client, RequestFactory

from siccs.core.error_pages import server_error
from siccs.dashboard.models import ProgressReport, ReportStatus


def test_an_unknown_page_says_so_in_french(client_for, mopti_focal_point):
    response = client_for(mopti_focal_point).get("/committees/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page
    assert "Retour à l’accueil" in page or "Retour à l'accueil" in page
    assert 'lang="fr"' in page


def test_an_unknown_public_page_says_so_in_french_and_bambara(client, db):
    response = client.get("/suivi/inconnu/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page
    assert "Ɲɛ ma sɔrɔ" in page
    assert page.index("Page introuvable") < page.index("Ɲɛ ma sɔrɔ")
    bambara_first = client.get("/signaler/inconnu/x/?lang=bm").content.decode()
    assert bambara_first.index("Ɲɛ ma sɔrɔ") < bambara_first.index("Page introuvable")


def test_a_forbidden_page_says_so_in_french(client_for, national_analyst):
    response = client_for(national_analyst).get("/operations/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_a_bad_request_says_so_in_french(client, db, settings):
    settings.ALLOWED_HOSTS = ["ccs.example.ml"]
    response = client.get("/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Demande incomprise" in response.content.decode()


def test_an_expired_public_form_says_to_reload_in_both_languages(db):
    response = Client(enforce_csrf_checks=True).post("/signaler/", {"description": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Rechargez la page" in page
    assert "Sira ma di" in page


@pytest.mark.urls("siccs.core.tests.urls_failing")
def test_a_server_error_gives_a_french_page(db):
    client = Client(raise_request_exception=False)
    response = client.get("/committees/panne/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Erreur de notre côté" in page
    assert "/static/css/siccs.css" in page
    public = client.get("/signaler/panne/").content.decode()
    assert "Erreur de notre côté" in public
    assert "Gɛlɛya bɛ an fɛ" in public


def test_the_server_error_page_needs_no_database():
    # Without the db fixture, any query would raise here.
    response = server_error(RequestFactory().get("/signaler/"))
    assert response.status_code == 500
    assert "Gɛlɛya dɔ donna an fɛ yan" in response.content.decode()


def test_a_report_whose_file_is_missing_gives_a_clear_page(client_for, national_admin, mali):
    report = ProgressReport.objects.create(
        on=dt.date(2021, 6, 25),
        unit=mali.country,
        status=ReportStatus.DONE,
        pdf="reports/gone/etat.pdf",
        created_by=national_admin,
    )
    response = client_for(national_admin).get(f"/dashboard/reports/{report.pk}/report.pdf")
    assert response.status_code == 404
    assert "Fichier manquant" in response.content.decode()


def test_the_400_page_can_be_rendered_alone_by_other_code(db):
    # Code that answers a malformed request renders "400.html" without any context.
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = render(request, "400.html", status=400).content.decode()
    assert "Demande incomprise" in html and "Revenez en arrière" in html
