"""On a phone, in the demo: PNUD's viewer reads its space and comments on the methodology;
a national user reads next quarter's funding gaps by region."""

import pytest

from conftest import browser_login
from siccs.accounts import demo as accounts_demo
from siccs.committees import demo as committees_demo
from siccs.core.demo import DEMO_PASSWORD, DemoContext
from siccs.partners import demo
from siccs.partners.models import Comment, Commitment
from siccs.partners.selectors import next_quarter

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_loaded(mali):
    context = DemoContext()
    accounts_demo.load(context)
    committees_demo.load(context)
    demo.load(context)
    return context


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_partner_viewer_follows_its_commitments_and_comments_on_the_methodology(
    phone_page, demo_loaded
):
    page = phone_page
    browser_login(page, "ptf.pnud", DEMO_PASSWORD)
    page.goto("/partners/")
    mine = page.text_content("#my-commitments")
    assert "Lancement et formation des CCS régionaux" in mine
    assert "CCS pilotes de Bla et de Ségou" not in mine  # GIZ's
    assert "Sessions ordinaires" not in mine  # the state budget's
    national = page.text_content("#national-aggregates")
    assert "Installés ou fonctionnels" in national
    supported = page.text_content("#supported-progress")
    assert "Membres (dont femmes)" in supported
    assert fits_the_phone(page)

    page.click("text=Commenter la méthodologie")
    page.locator("#id_text").press_sequentially(
        "Prévoir la formation des membres dans la semaine du lancement."
    )
    page.click("form.comment button[type=submit]")
    page.wait_for_url("**/partners/comments/?subject=methodology")
    assert "Commentaire envoyé au C-RSS." in page.text_content("main")
    comments = page.text_content("ul.comments")
    assert "Prévoir la formation des membres dans la semaine du lancement." in comments
    assert "Merci. La version 2 de la méthodologie" in comments  # the earlier answer
    assert "part des femmes par comité" not in comments  # ONU Femmes' comment
    assert Comment.objects.filter(
        partner__acronym="PNUD", text__startswith="Prévoir la formation"
    ).exists()
    assert fits_the_phone(page)
    assert page.console_errors == []

    giz = Commitment.objects.filter(partner__acronym="Allemagne (GIZ)").first()
    assert page.goto(f"/partners/commitments/{giz.pk}/").status == 404
    assert page.goto("/partners/unit-costs/").status == 403


def test_a_national_user_sees_next_quarters_funding_gap_by_region(phone_page, demo_loaded):
    page = phone_page
    browser_login(page, "analyste", DEMO_PASSWORD)
    page.goto("/partners/")
    page.click("nav.subnav >> text=Besoins non couverts")
    page.wait_for_url("**/partners/gaps/")
    quarter = next_quarter()
    assert f"Besoins non couverts, T{quarter.number} {quarter.year}" in page.text_content("h1")
    regions = page.text_content("#gap-regions tbody")
    for region in ("Nioro", "Bougouni", "Douentza", "Koulikoro"):
        assert region in regions
    assert "FCFA" in page.text_content("#gap-cost")
    assert fits_the_phone(page)

    with page.expect_download() as download:
        page.click("text=Exporter en XLSX")
    assert download.value.suggested_filename == f"besoins-non-couverts-{quarter.key}.xlsx"
    assert page.console_errors == []
