"""A secretary schedules a session on a phone, reads the messages before they leave,
sends the convocations and sees them queued; a member's SMS reply shows on the page."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from conftest import browser_login
from siccs.citizens.models import OutboundSms
from siccs.citizens.tests.factories import GATEWAY_SECRET, gateway
from siccs.committees.reference import ensure_reference_data as ensure_committee_reference
from siccs.committees.tests.factories import (
    CommitteeFactory,
    MembershipFactory,
    PersonFactory,
    install,
)
from siccs.notifications.models import Convocation, PlannedSession

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def console_sms(settings):
    settings.SMS_BACKEND = "siccs.citizens.sms.ConsoleSmsBackend"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_a_secretary_convenes_the_members_and_a_reply_is_recorded(phone_page, mali, gao_secretary):
    ensure_committee_reference()
    committee = install(
        CommitteeFactory(unit=mali.gao_commune, name="CCSC Gao"), dt.date(2021, 5, 5)
    )
    for name, phone in [("Fatoumata Maïga", "+22376000001"), ("Baba Sidibé", "+22376000002")]:
        MembershipFactory(committee=committee, person=PersonFactory(full_name=name, phone=phone))
    page = phone_page
    browser_login(page, "sec.gao")

    page.goto(f"/sessions/committee/{committee.pk}/")
    page.click("text=Programmer une session")
    page.wait_for_url("**/schedule/")
    on = timezone.localdate() + dt.timedelta(days=7)
    # A French phone reads jj/mm/aaaa and hh:mm: the digits go segment by segment.
    page.locator("#id_planned_on").press_sequentially(on.strftime("%d%m%Y"))
    page.locator("#id_starts_at").press_sequentially("0930")
    page.locator("#id_place").press_sequentially("Salle de la mairie de Gao")
    page.locator("#id_agenda").press_sequentially("Sécurité du marché")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("button[type=submit]")
    page.wait_for_url("**/scheduled/*/")

    # The preview: what each member will receive, and nothing sent yet.
    preview = page.text_content("#preview")
    assert "Fatoumata Maïga" in preview and "Salle de la mairie de Gao" in preview
    assert "Repondez OUI ou NON" in preview
    assert not OutboundSms.objects.exists()
    planned = PlannedSession.objects.get()
    assert (planned.planned_on, planned.starts_at) == (on, dt.time(9, 30))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.click("text=Envoyer les convocations")
    page.wait_for_load_state()
    assert "2 convocations mises en file d'envoi." in page.text_content("main")
    assert OutboundSms.objects.count() == 2
    assert "2 convoqués : 0 viendront" in page.text_content("#tally")

    # Fatoumata Maïga answers "AWO" from her phone, through the SMS gateway.
    gw = gateway()
    answer = Client().post(
        f"/sms/{gw.pk}/",
        {"from": "+22376000001", "message": "AWO", "message_id": "reply-1"},
        headers={"X-Siccs-Secret": GATEWAY_SECRET},
    )
    assert answer.json()["recorded"] == "convocation"
    page.reload()
    assert "2 convoqués : 1 viendront" in page.text_content("#tally")
    row = page.locator("#convocations tr", has_text="Fatoumata Maïga")
    assert "oui" in row.text_content()
    assert Convocation.objects.filter(reply="yes").count() == 1
    assert PlannedSession.objects.get().convened_at is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []

    # The session is called off: the secretary types the reason; both members are told.
    page.locator("#id_reason").press_sequentially("Visite du gouverneur")
    page.click("#cancel-form button[type=submit]")
    page.wait_for_load_state()
    assert "Session annulée ; 2 membres prévenus." in page.text_content("main")
    assert "Visite du gouverneur" in page.text_content("#cancelled")
    assert OutboundSms.objects.count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.console_errors == []
