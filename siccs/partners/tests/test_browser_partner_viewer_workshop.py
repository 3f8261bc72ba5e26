"""On a phone, in the demo: PNUD's viewer prepares the workshop. It opens the funding gaps
and the who-does-what-where matrix of what it supports, comments on one of its
commitments, then requests its report and reads its title."""

import pytest

from conftest import browser_login
from siccs.accounts import demo as accounts_demo
from siccs.committees import demo as committees_demo
from siccs.core.demo import DEMO_PASSWORD, DemoContext
from siccs.dashboard.models import ProgressReport
from siccs.partners import demo
from siccs.partners.models import Comment, Commitment

pytestmark = pytest.mark.browser
REMARK = "Le second décaissement tarde : merci de confirmer la date."


@pytest.fixture
def demo_loaded(mali):
    context = DemoContext()
    accounts_demo.load(context)
    committees_demo.load(context)
    demo.load(context)
    return context


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_partner_viewer_reads_its_gaps_and_matrix_comments_and_gets_its_report(
    phone_page, demo_loaded, immediate_tasks
):
    page = phone_page
    browser_login(page, "ptf.pnud", DEMO_PASSWORD)
    page.goto("/partners/")

    # The funding gaps of the committees PNUD supports, in the coming period, named.
    page.click("nav.subnav >> text=Besoins non couverts")
    page.wait_for_url("**/partners/gaps/")
    assert "La période à venir" in page.text_content("#gap-period")
    assert "FCFA" in page.text_content("#gap-cost")
    assert fits_the_phone(page)

    # Who does what where: PNUD's own commitments only.
    page.click("nav.subnav >> text=Qui fait quoi où")
    page.wait_for_url("**/partners/matrix/")
    matrix = page.text_content("main")
    assert "PNUD" in matrix
    for other in ("Allemagne (GIZ)", "EUCAP", "ONU Femmes", "Budget national"):
        assert other not in matrix, other
    assert fits_the_phone(page)

    # One of its commitments: it comments on it, typing as a person types.
    page.click("nav.subnav >> text=Engagements")
    page.wait_for_url("**/partners/commitments/")
    own = Commitment.objects.filter(partner__acronym="PNUD").order_by("-start_on").first()
    page.click(f"a[href='/partners/commitments/{own.pk}/']")
    page.wait_for_url(f"**/partners/commitments/{own.pk}/")
    page.locator("#id_text").press_sequentially(REMARK)
    page.click("form.comment button[type=submit]")
    page.wait_for_url(f"**/partners/commitments/{own.pk}/#comments")
    assert "Commentaire envoyé au C-RSS." in page.text_content("main")
    assert REMARK in page.text_content("ul.comments")
    assert Comment.objects.filter(commitment=own, text=REMARK, partner__acronym="PNUD").exists()
    assert fits_the_phone(page)

    # Its report, from the dashboard: titled for PNUD's support.
    page.goto("/dashboard/")
    assert "CCS que votre partenaire appuie" in page.text_content("#target-card")
    page.click(".dash-filters a[href='/dashboard/reports/']")
    page.wait_for_url("**/dashboard/reports/")
    page.set_default_timeout(120_000)  # the request runs the whole task here
    page.click(".report-form button[type=submit]")
    page.wait_for_url("**/dashboard/reports/*/")
    page.set_default_timeout(10_000)
    title = page.text_content("h1")
    assert "appuyés par le partenaire PNUD" in title
    assert "prêt" in page.inner_text("#report-status")
    assert ProgressReport.objects.get().title == title
    assert fits_the_phone(page)
    assert page.console_errors == []
