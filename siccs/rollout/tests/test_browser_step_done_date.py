"""Marking a step done on a phone, with the keyboard, records the completion date asked
for (today by default), never the start date that the form used to carry over."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import browser_login
from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.rollout.models import StepStatus

pytestmark = pytest.mark.browser

STARTED = dt.date(2021, 5, 3)


@pytest.fixture
def training_in_progress(mali):
    committee = install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 4, 20))
    return committee.step_records.model.objects.create(
        committee=committee,
        step=committee.methodology_version.steps.get(code="training"),
        status=StepStatus.IN_PROGRESS,
        started_on=STARTED,
    )


def _open_and_choose_done(page, record):
    page.goto(f"/methodology/records/{record.pk}/")
    assert page.input_value("#id_actual_on") == STARTED.isoformat()
    assert page.is_hidden("#id_done_on")
    # A closed select takes the typed first letters of an option: "réalisée".
    page.locator("#id_status").press_sequentially("réa")
    assert page.input_value("#id_status") == StepStatus.DONE
    assert page.is_visible("#id_done_on")
    assert page.is_hidden("#id_actual_on")
    assert page.is_visible("text=Date de réalisation")


def test_it_asks_the_completion_date_and_offers_today(
    phone_page, mopti_focal_point, training_in_progress
):
    browser_login(phone_page, "pf.mopti")
    _open_and_choose_done(phone_page, training_in_progress)
    today = timezone.localdate()
    assert phone_page.input_value("#id_done_on") == today.isoformat()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.focus("form.record button[type=submit]")
    phone_page.keyboard.press("Enter")
    phone_page.wait_for_url(f"**/committees/{training_in_progress.committee_id}/")

    training_in_progress.refresh_from_db()
    assert training_in_progress.status == StepStatus.DONE
    assert training_in_progress.done_on == today
    assert training_in_progress.started_on == STARTED
    assert phone_page.console_errors == []


def test_it_records_the_completion_date_typed(phone_page, mopti_focal_point, training_in_progress):
    browser_login(phone_page, "pf.mopti")
    _open_and_choose_done(phone_page, training_in_progress)
    # 5 May: the same keys whether the browser's date field reads day or month first.
    phone_page.locator("#id_done_on").press_sequentially("05052021")
    phone_page.focus("form.record button[type=submit]")
    phone_page.keyboard.press("Enter")
    phone_page.wait_for_url(f"**/committees/{training_in_progress.committee_id}/")

    training_in_progress.refresh_from_db()
    assert (training_in_progress.started_on, training_in_progress.done_on) == (
        STARTED,
        dt.date(2021, 5, 5),
    )
    assert phone_page.console_errors == []
