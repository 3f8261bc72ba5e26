"""A national user checks a figure of the 25 June 2021 dashboard against its list, then
asks for the report and downloads it once the worker has produced it (on a phone)."""

import re

import pytest

from conftest import browser_login
from siccs.dashboard.models import ProgressReport, ReportStatus
from siccs.dashboard.tests.world import build

# The dashboard's SQL differs by database: this journey runs on PostgreSQL too.
pytestmark = [pytest.mark.browser, pytest.mark.postgres_too]


def test_a_national_user_checks_a_figure_and_downloads_the_report(
    phone_page, national_admin, mali, immediate_tasks
):
    build(mali)
    page = phone_page
    browser_login(page, "admin")
    page.goto("/dashboard/")
    # The field shows today; typing jj/mm/aaaa replaces it segment by segment.
    date = page.locator("#id_on")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date.input_value())
    date.press_sequentially("25062021")
    assert date.input_value() == "2021-06-25"
    page.click(".dash-filters button[type=submit]")
    page.wait_for_url("**on=2021-06-25**")
    assert "25 juin 2021" in page.inner_text(".dash-asof")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The funding gap arrives after the page (htmx, within the CSP), linking to its page.
    gaps = page.locator("#funding-gaps strong")
    gaps.wait_for()
    assert "FCFA" in gaps.inner_text()
    assert "quarter=2021-3" in page.locator("#funding-gaps a").get_attribute("href")

    # Four committees counted on the date; one stalled (Djenné), and the list says the same.
    assert page.locator("a.card").first.locator("strong").inner_text() == "4"
    stalled = page.locator("a.card[href*='state=stalled']")
    assert stalled.locator("strong").inner_text() == "1"
    stalled.click()
    page.wait_for_url("**/committees/?on=2021-06-25&state=stalled")
    assert page.inner_text("p.asof").startswith("1 ")
    assert "CCS de Djenné" in page.content()
    assert "CCSR de Mopti" not in page.content()

    page.go_back()
    page.locator("a.card").first.click()
    page.wait_for_url("**/committees/?on=2021-06-25")
    assert page.inner_text("p.asof").startswith("4 ")

    page.go_back()
    page.click(".dash-filters a[href='/dashboard/reports/']")
    page.locator("#id_on").press_sequentially("25062021")
    page.select_option("#id_language", "en")
    # Producing the three files takes seconds: the request runs the whole task here.
    page.set_default_timeout(90_000)
    page.click(".report-form button[type=submit]")
    page.wait_for_url("**/dashboard/reports/*/")
    page.set_default_timeout(10_000)
    assert "prêt" in page.inner_text("#report-status")
    with page.expect_download() as download_info:
        page.click("#report-status a[href$='report.pdf']")
    download = download_info.value
    assert download.suggested_filename == "etat-mise-en-place-ccs-2021-06-25-en.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    report = ProgressReport.objects.get()
    assert (report.status, report.language, report.on.isoformat()) == (
        ReportStatus.DONE,
        "en",
        "2021-06-25",
    )
    assert page.console_errors == []
