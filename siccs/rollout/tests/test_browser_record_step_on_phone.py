"""A Mopti focal point records a step with its evidence from a phone; Gao stays closed."""

import datetime as dt

import pytest

from conftest import browser_login
from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.rollout.models import Evidence, StepStatus

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_it_records_a_step_with_evidence_on_a_phone(
    phone_page, mopti_focal_point, mali, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    committee = install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 5, 3))
    training = committee.step_records.model.objects.create(
        committee=committee, step=committee.methodology_version.steps.get(code="training")
    )
    gao = CommitteeFactory(unit=mali.gao_commune)
    evidence_file = tmp_path / "liste-presence.pdf"
    evidence_file.write_bytes(PDF)

    browser_login(phone_page, "pf.mopti")
    phone_page.goto(f"/committees/{committee.pk}/")
    phone_page.click(f"a[href='/methodology/records/{training.pk}/']")
    phone_page.select_option("#id_status", "done")
    phone_page.locator("#id_done_on").press_sequentially("05052021")
    phone_page.set_input_files("#id_evidence", str(evidence_file))
    phone_page.locator("#id_evidence_description").press_sequentially(
        "Liste de présence de la formation"
    )
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.click("form.record button[type=submit]")
    phone_page.wait_for_url(f"**/committees/{committee.pk}/")
    assert "liste-presence.pdf" in phone_page.content()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360

    training.refresh_from_db()
    assert (training.status, training.done_on) == (StepStatus.DONE, dt.date(2021, 5, 5))
    assert Evidence.objects.get(record=training).content_type == "application/pdf"

    assert phone_page.console_errors == []

    response = phone_page.goto(f"/committees/{gao.pk}/")
    assert response.status == 404
