"""Journeys on a 360 px phone: a secretary creates an app password and sees the QR code
that configures ODK Collect, the phone gets in, then the password is revoked; a focal
point fixes a held submission and applies it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from conftest import browser_login
from siccs.fieldforms.models import Submission, SubmissionStatus
from siccs.fieldforms.services import submission_receive
from siccs.fieldforms.tests.collect import CollectClient
from siccs.fieldforms.tests.conftest import new_instance_id
from siccs.fieldforms.tests.instances import instance_xml
from siccs.meetings.models import Session

pytestmark = pytest.mark.browser


def test_a_secretary_configures_a_phone_then_revokes_it(phone_page, mali, gao_secretary):
    page = phone_page
    browser_login(page, "sec.gao")
    page.click("label.menu-button")
    page.get_by_role("link", name="ODK Collect").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Saisie de terrain avec ODK Collect"
    page.locator("#id_label").press_sequentially("Tecno du secrétariat")
    page.get_by_role("button", name="Créer un mot de passe d'application").click()
    page.wait_for_load_state()
    password = page.locator("#app-password").inner_text()
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", password)
    assert page.locator("#collect-qr svg").is_visible()
    assert page.console_errors == []  # the QR code's SVG passes the strict CSP

    phone = CollectClient("sec.gao", password)
    assert phone.get("/odk/formList").status_code == 200

    page.get_by_role("link", name="← ODK Collect").click()
    page.wait_for_load_state()
    assert password not in page.content()
    page.get_by_role("button", name="Révoquer").click()
    page.wait_for_load_state()
    assert "ne peut plus se connecter" in page.locator(".messages").inner_text()
    assert phone.get("/odk/formList").status_code == 401


def test_a_focal_point_fixes_a_held_session_from_a_phone(
    phone_page, bandiagara, mopti_focal_point, gao_secretary
):
    chair, second, third = bandiagara.members
    held = submission_receive(
        user=gao_secretary,
        xml=instance_xml(
            "seance_ccs",
            {
                "comite": bandiagara.committee.pk,
                "date_seance": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
                "type_seance": "ordinary",
                "presents": f"{chair.pk} {second.pk} {third.pk}",
            },
            new_instance_id(),
        ),
    ).submission
    assert held.status == SubmissionStatus.IN_REVIEW

    page = phone_page
    browser_login(page, "pf.mopti")
    page.goto("/odk/review/")
    assert "hors du territoire" in page.locator("#queue").inner_text()
    page.locator("#queue a").first.click()
    page.wait_for_load_state()
    assert "Amadou Guindo" in page.locator("#values").inner_text()
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_load_state()
    assert "Envoi enregistré." in page.locator(".messages").inner_text()
    assert Submission.objects.get(pk=held.pk).status == SubmissionStatus.APPLIED
    assert Session.objects.get(committee=bandiagara.committee).created_by == mopti_focal_point
    assert page.console_errors == []
