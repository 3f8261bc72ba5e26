"""A person types a long report, key by key, on a small phone, in French and in Bambara:
the whole text reaches the database (the box once kept one character: maxlength="1 000")."""

import datetime as dt

import pytest

from siccs.citizens.models import CitizenReport
from siccs.committees.tests.factories import CommitteeFactory, install
from siccs.meetings.tests.factories import concern_category

pytestmark = pytest.mark.browser

FRENCH = (
    "Depuis trois semaines, des hommes armés passent la nuit près du puits de Dourou. "
    "Ils viennent à moto, par groupes de quatre ou cinq, et repartent vers la falaise avant "
    "le lever du jour. Mardi, ils ont emmené une quarantaine de bœufs qui appartenaient à "
    "plusieurs familles du village ; les bergers ont eu peur et personne n'a osé les suivre. "
    "Les femmes ne vont plus chercher l'eau le soir et les enfants ne sortent plus après la "
    "prière. Le marché du jeudi a perdu la moitié de ses vendeurs, qui craignent la route. "
    "Nous demandons que le comité en parle avec la gendarmerie et que des patrouilles passent "
    "le soir entre le village et le puits, surtout les jours de marché. "
)
BAMBARA = (
    "Dɔgɔkun saba ni nin ye, marifatigi dɔw bɛ na su fɛ Dourou kɔlɔn kɛrɛ fɛ. U bɛ na ni "
    "moto ye, mɔgɔ naani walima duuru, ka segin falaise fɛ sani tile ka bɔ. Tarata, u ye "
    "misi binaani ɲɔgɔn ta, dugu somɔgɔ caman ta don. Misiginɛw siranna, mɔgɔ si ma se ka "
    "tugu u kɔ. Musow tɛ taa ji ɲini wula fɛ tugun, denmisɛnw tɛ bɔ kɛnɛ ma seli kɔfɛ. "
    "Jumadon sugu feerekɛla tila kelen tɛ na tugun, sira ka jugu. An b'a ɲini CCS fɛ a ka "
    "kuma jandarameriw fɛ, ka patrulu kɛ wula fɛ dugu ni kɔlɔn cɛ, kɛrɛnkɛrɛnnenya la sugu "
    "donw. "
)


def thousand_characters(text: str) -> str:
    repeated = (text * (1000 // len(text) + 1))[:1000]
    return repeated[:-1] + "."


@pytest.mark.parametrize(
    ("lang", "source", "category_label", "done"),
    [
        ("fr", FRENCH, "Vol de bétail", "Votre signalement est reçu"),
        ("bm", BAMBARA, "Bagan sonyali", "I ka kunnafoni sera an ma"),
    ],
)
def test_a_long_report_typed_key_by_key_is_stored_whole(
    phone_page, mali, immediate_tasks, settings, tmp_path, lang, source, category_label, done
):
    settings.SMS_BACKEND = "siccs.citizens.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms.jsonl"
    install(CommitteeFactory(unit=mali.bandiagara), dt.date(2021, 6, 1))
    concern_category("cattle-theft", "Vol de bétail")
    text = thousand_characters(source)
    assert len(text) == 1000
    page = phone_page

    page.goto(f"/signaler/{mali.bandiagara.pcode}/?lang={lang}")
    page.select_option("#c", label=category_label)
    page.locator("#p").press_sequentially("Dourou", delay=0)
    box = page.locator("#d")
    # A thousand keystrokes take seconds on a loaded machine: more than the default timeout.
    box.press_sequentially(text, delay=0, timeout=180_000)
    assert len(box.input_value()) == 1000
    box.press_sequentially("!", delay=0)  # one more key: the box holds its limit, no more
    assert box.input_value() == text
    page.locator("#t").press_sequentially("76 12 34 56", delay=0)
    page.click("button[type=submit]")

    assert done in page.text_content("h1")
    code = page.text_content("#tracking-code").strip()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    report = CitizenReport.objects.get(tracking_code=code)
    assert report.description == text
    assert report.language == lang and report.reporter_phone == "+22376123456"
    assert page.console_errors == []
