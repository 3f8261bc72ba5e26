"""The OpenRosa side as ODK Collect drives it: the digest challenge, the form list, the
form and its manifest, the choice lists, with the OpenRosa headers on every answer."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import time
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from siccs.fieldforms import auth
from siccs.fieldforms.models import AppCredential
from siccs.fieldforms.services import app_credential_create, app_credential_revoke
from siccs.fieldforms.tests.collect import CollectClient
from siccs.fieldforms.xforms import CATALOGUE

LIST_NS = "{http://openrosa.org/xforms/xformsList}"
MANIFEST_NS = "{http://openrosa.org/xforms/xformsManifest}"

pytestmark = pytest.mark.django_db


def _forms(response) -> dict[str, dict[str, str]]:
    root = ET.fromstring(response.content)
    return {
        x.findtext(f"{LIST_NS}formID"): {c.tag.removeprefix(LIST_NS): c.text or "" for c in x}
        for x in root.findall(f"{LIST_NS}xform")
    }


def _path(url: str) -> str:
    return url.removeprefix("http://testserver")


def test_it_challenges_a_request_without_credentials_with_a_digest(mali):
    response = Client().get("/odk/formList", HTTP_X_OPENROSA_VERSION="1.0")
    assert response.status_code == 401
    challenge = response["WWW-Authenticate"]
    assert challenge.startswith('Digest realm="SI-CCS", qop="auth", algorithm=MD5, nonce="')
    assert response["X-OpenRosa-Version"] == "1.0"
    assert "OpenRosaResponse" in response.content.decode()


def test_it_lists_the_forms_to_a_phone_signed_with_an_app_password(bandiagara, collect):
    response = collect.get("/odk/formList")
    assert collect.challenges_answered == 1
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response["X-OpenRosa-Version"] == "1.0"
    assert int(response["X-OpenRosa-Accept-Content-Length"]) > 0
    assert response["Date"]
    forms = _forms(response)
    assert set(forms) == set(CATALOGUE)
    session = forms["seance_ccs"]
    assert session["name"] == "Séance d'un comité (CCS)"
    assert session["downloadUrl"] == "http://testserver/odk/forms/seance_ccs/form.xml"
    assert session["manifestUrl"] == "http://testserver/odk/forms/seance_ccs/manifest"
    # The form downloaded is the one the list describes (Collect compares the hash).
    xform = collect.get(_path(session["downloadUrl"]))
    assert xform.status_code == 200
    assert session["hash"] == "md5:" + hashlib.md5(xform.content).hexdigest()
    assert b'<data id="seance_ccs" version="' + session["version"].encode() in xform.content
    # Later requests reuse the nonce with a growing count: no new challenge.
    assert collect.challenges_answered == 1


def test_it_serves_each_choice_list_named_by_the_manifest_with_its_hash(bandiagara, collect):
    manifest = ET.fromstring(collect.get("/odk/forms/seance_ccs/manifest").content)
    files = {
        m.findtext(f"{MANIFEST_NS}filename"): m for m in manifest.findall(f"{MANIFEST_NS}mediaFile")
    }
    assert set(files) == {"comites.csv", "membres.csv", "categories.csv", "destinataires.csv"}
    for media in files.values():
        url = media.findtext(f"{MANIFEST_NS}downloadUrl")
        content = collect.get(_path(url)).content
        assert media.findtext(f"{MANIFEST_NS}hash") == "md5:" + hashlib.md5(content).hexdigest()
    members = collect.get("/odk/forms/seance_ccs/media/membres.csv").content.decode()
    rows = list(csv.reader(io.StringIO(members)))
    assert rows[0] == ["name", "label", "comite"]
    chair = next(r for r in rows if r[0] == str(bandiagara.members[0].pk))
    assert chair[1].startswith("Amadou Guindo (") and chair[2] == str(bandiagara.committee.pk)


def test_a_list_never_carries_a_phone_number_or_a_committee_out_of_scope(bandiagara, collect):
    for name in ("comites.csv", "membres.csv"):
        content = collect.get(f"/odk/forms/seance_ccs/media/{name}").content.decode()
        assert "CCS de Gao" not in content and "Moussa Maïga" not in content
        assert "+223" not in content and "76111111" not in content
    assert "Bandiagara" in collect.get("/odk/forms/seance_ccs/media/comites.csv").content.decode()


def test_a_list_is_regenerated_when_the_data_change(bandiagara, collect):
    from siccs.committees.tests.factories import MembershipFactory, PersonFactory

    def members_hash() -> str:
        manifest = ET.fromstring(collect.get("/odk/forms/seance_ccs/manifest").content)
        for media in manifest.findall(f"{MANIFEST_NS}mediaFile"):
            if media.findtext(f"{MANIFEST_NS}filename") == "membres.csv":
                return media.findtext(f"{MANIFEST_NS}hash")
        raise AssertionError("membres.csv is not in the manifest")

    before = members_hash()
    MembershipFactory(
        committee=bandiagara.committee, person=PersonFactory(full_name="Kadiatou Ongoïba")
    )
    assert members_hash() != before
    assert (
        "Kadiatou Ongoïba"
        in collect.get("/odk/forms/seance_ccs/media/membres.csv").content.decode()
    )


def test_an_analyst_gets_no_form_and_no_list(bandiagara, national_analyst, collect_for):
    analyst = collect_for(national_analyst)
    assert _forms(analyst.get("/odk/formList")) == {}
    assert analyst.get("/odk/forms/seance_ccs/form.xml").status_code == 404
    assert analyst.get("/odk/forms/seance_ccs/media/membres.csv").status_code == 404


def test_a_wrong_password_or_a_revoked_one_is_refused(bandiagara, mopti_focal_point):
    credential, password = app_credential_create(user=mopti_focal_point, label="Tecno")
    wrong = CollectClient("pf.mopti", password + "x")
    assert wrong.get("/odk/formList").status_code == 401
    good = CollectClient("pf.mopti", password)
    assert good.get("/odk/formList").status_code == 200
    app_credential_revoke(user=mopti_focal_point, credential=credential)
    assert good.get("/odk/formList").status_code == 401
    assert AppCredential.objects.get(pk=credential.pk).revoked_at is not None


def test_the_account_password_itself_is_never_accepted(bandiagara, mopti_focal_point):
    app_credential_create(user=mopti_focal_point, label="Tecno")
    phone = CollectClient("pf.mopti", "demo-password-1")
    assert phone.get("/odk/formList").status_code == 401


def test_basic_authentication_is_accepted_over_https_only(bandiagara, mopti_focal_point):
    _credential, password = app_credential_create(user=mopti_focal_point, label="Itel")
    token = base64.b64encode(f"pf.mopti:{password}".encode()).decode()
    header = {"HTTP_AUTHORIZATION": f"Basic {token}"}
    assert Client().get("/odk/formList", secure=True, **header).status_code == 200
    assert Client().get("/odk/formList", secure=False, **header).status_code == 401


def test_a_stale_nonce_is_answered_with_a_new_challenge_the_phone_signs(
    bandiagara, collect, monkeypatch
):
    assert collect.get("/odk/formList").status_code == 200
    later = time.time() + auth.NONCE_LIFETIME_SECONDS + 5
    monkeypatch.setattr(auth.time, "time", lambda: later)
    response = collect.get("/odk/formList")
    assert response.status_code == 200
    assert collect.challenges_answered == 2


def test_it_records_when_an_app_password_was_last_used(bandiagara, mopti_focal_point):
    credential, password = app_credential_create(user=mopti_focal_point, label="Tecno")
    CollectClient("pf.mopti", password).get("/odk/formList")
    credential.refresh_from_db()
    assert credential.last_used_at is not None
    assert (timezone.now() - credential.last_used_at).total_seconds() < 60


def test_the_password_is_stored_neither_in_clear_nor_as_a_plain_digest(mopti_focal_point):
    from django.db import connection

    credential, password = app_credential_create(user=mopti_focal_point, label="Tecno")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret_hash, digest_ha1 FROM fieldforms_appcredential WHERE id = %s",
            [credential.pk],
        )
        stored = " ".join(cursor.fetchone())
    assert password not in stored
    assert auth.digest_ha1("pf.mopti", password) not in stored
