"""App passwords on the ODK page: created for a phone, shown once with the QR code that
configures ODK Collect, listed, revoked; each person sees only their own."""

from __future__ import annotations

import re

import pytest

from siccs.fieldforms import qr
from siccs.fieldforms.models import AppCredential
from siccs.fieldforms.services import app_credential_create
from siccs.fieldforms.tests.collect import CollectClient


def test_a_secretary_creates_an_app_password_shown_once_with_its_qr_code(
    mali, gao_secretary, client_for
):
    client = client_for(gao_secretary)
    page = client.get("/odk/")
    assert page.status_code == 200
    assert "http://testserver/odk" in page.content.decode()
    created = client.post("/odk/app-passwords/new/", {"label": "Tecno du secrétariat"})
    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    text = created.content.decode()
    password = re.search(r'id="app-password">([a-z0-9-]+)<', text).group(1)
    assert "<svg" in text and 'class="segno"' in text
    # The QR code configures Collect with this very password, which then gets in.
    settings = qr.decode(created.context["qr_text"])["general"]
    assert settings["server_url"] == "http://testserver/odk"
    assert (settings["username"], settings["password"]) == ("sec.gao", password)
    assert CollectClient("sec.gao", password).get("/odk/formList").status_code == 200
    # Never shown again: the list names the phone, not the password.
    listing = client.get("/odk/").content.decode()
    assert "Tecno du secrétariat" in listing and password not in listing


def test_the_qr_code_holds_collect_settings_as_zlib_compressed_base64_json():
    import base64
    import json
    import zlib

    code = qr.encode(
        qr.collect_settings(server_url="https://ccs.example.ml/odk", username="u", password="p")
    )
    settings = json.loads(zlib.decompress(base64.b64decode(code)))
    assert settings["general"] == {
        "server_url": "https://ccs.example.ml/odk",
        "username": "u",
        "password": "p",
        "form_update_mode": "match_exactly",
        "periodic_form_updates_check": "every_one_hour",
        "autosend": "wifi_and_cellular",
    }
    assert settings["project"]["name"] == "SI-CCS"
    assert "style=" not in qr.svg(code)  # the strict CSP blocks inline styles


def test_a_person_revokes_their_own_app_password_not_anothers(
    mali, gao_secretary, mopti_focal_point, client_for
):
    mine, _password = app_credential_create(user=mopti_focal_point, label="Itel")
    theirs, _password = app_credential_create(user=gao_secretary, label="Tecno")
    client = client_for(mopti_focal_point)
    assert client.post(f"/odk/app-passwords/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/odk/app-passwords/{mine.pk}/revoke/").status_code == 302
    assert AppCredential.objects.get(pk=mine.pk).revoked_at is not None
    assert AppCredential.objects.get(pk=theirs.pk).revoked_at is None


def test_a_phone_needs_a_name(mali, gao_secretary, client_for):
    response = client_for(gao_secretary).post("/odk/app-passwords/new/", {"label": " "})
    assert response.status_code == 302
    assert not AppCredential.objects.exists()


@pytest.mark.parametrize("persona", ["national_analyst", "partner_viewer"])
def test_readers_have_no_odk_page(mali, request, persona, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/odk/").status_code == 403
    assert client.post("/odk/app-passwords/new/", {"label": "x"}).status_code == 403
    assert client.get("/odk/lists/membres.csv").status_code == 403


def test_the_lists_are_downloaded_for_kobotoolbox_as_the_phone_gets_them(
    bandiagara, mopti_focal_point, client_for
):
    from siccs.fieldforms.selectors import choice_list

    response = client_for(mopti_focal_point).get("/odk/lists/membres.csv")
    assert response.status_code == 200
    assert response.content == choice_list(mopti_focal_point, "membres.csv")
    assert client_for(mopti_focal_point).get("/odk/lists/autre.csv").status_code == 404
