"""Evidence from a phone over a slow link: an oversized file is refused before anything
is sent, in French, and an accepted one shows its progress while it travels."""

import datetime as dt

import pytest

from conftest import browser_login
from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.rollout.models import Evidence, StepStatus

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LIMIT = 1024 * 1024


@pytest.fixture
def training(mali, settings, tmp_path):
    settings.UPLOAD_MAX_BYTES = LIMIT
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    committee = install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 5, 3))
    return committee.step_records.model.objects.create(
        committee=committee, step=committee.methodology_version.steps.get(code="training")
    )


def _pdf(tmp_path, name, size):
    path = tmp_path / name
    path.write_bytes(PDF + b"0" * (size - len(PDF)))
    return str(path)


def test_it_refuses_an_oversized_file_before_sending_it(
    phone_page, mopti_focal_point, training, tmp_path
):
    posts = []
    phone_page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    browser_login(phone_page, "pf.mopti")
    posts.clear()
    phone_page.goto(f"/methodology/records/{training.pk}/")
    field = phone_page.locator("#id_evidence")
    assert ".pdf" in field.get_attribute("accept")
    assert field.get_attribute("data-max-bytes") == str(LIMIT)

    field.set_input_files(_pdf(tmp_path, "scan-enorme.pdf", LIMIT + 50_000))
    alert = phone_page.locator("#id_evidence-upload-error")
    assert alert.inner_text() == "Le fichier est trop volumineux (1 Mo au plus)."
    assert alert.get_attribute("role") == "alert"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.locator("#id_notes").press_sequentially("Formation tenue")
    phone_page.focus("form.record button[type=submit]")
    phone_page.keyboard.press("Enter")
    phone_page.wait_for_timeout(500)
    assert posts == []
    training.refresh_from_db()
    assert (training.notes, Evidence.objects.count()) == ("", 0)

    # A file that fits clears the message and can be sent.
    field.set_input_files(_pdf(tmp_path, "liste.pdf", 20_000))
    assert alert.is_hidden()
    phone_page.focus("form.record button[type=submit]")
    phone_page.keyboard.press("Enter")
    phone_page.wait_for_url(f"**/committees/{training.committee_id}/")
    assert Evidence.objects.get().original_name == "liste.pdf"
    assert phone_page.console_errors == []


def test_it_shows_the_progress_of_an_upload_on_a_slow_link(
    phone_page, mopti_focal_point, training, tmp_path
):
    browser_login(phone_page, "pf.mopti")
    phone_page.goto(f"/methodology/records/{training.pk}/")
    phone_page.locator("#id_status").press_sequentially("réa")
    phone_page.set_input_files("#id_evidence", _pdf(tmp_path, "liste.pdf", 300_000))
    # 250 kbps up, as measured in the field: the 300 KB file takes seconds to travel.
    cdp = phone_page.context.new_cdp_session(phone_page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 300,
            "downloadThroughput": 250_000 / 8,
            "uploadThroughput": 250_000 / 8,
        },
    )
    phone_page.focus("form.record button[type=submit]")
    phone_page.keyboard.press("Enter")
    progress = phone_page.locator("#id_evidence-upload-progress")
    progress.wait_for(state="visible")
    assert "Envoi du fichier" in progress.inner_text()
    phone_page.wait_for_function(
        "() => { const p = document.querySelector('#id_evidence-upload-progress progress');"
        " return p && p.value > 0 && p.value < 100; }",
        timeout=20_000,
    )
    assert phone_page.locator("form.record button[type=submit]").is_disabled()
    phone_page.wait_for_url(f"**/committees/{training.committee_id}/", timeout=30_000)
    assert phone_page.locator("ul.messages").inner_text() == "Étape renseignée."
    training.refresh_from_db()
    assert training.status == StepStatus.DONE
    assert Evidence.objects.get(record=training).size == 300_000
    assert phone_page.console_errors == []
