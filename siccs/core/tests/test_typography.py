"""French typography of the minutes: "1er" and non-breaking spaces before : ; ? !"""

import datetime as dt

from django.utils import translation

from siccs.core.typography import NBSP, NNBSP, french_punctuation, long_date


def test_it_writes_1er_for_the_first_day_of_a_month_in_french_only():
    with translation.override("fr"):
        assert long_date(dt.date(2021, 12, 1)) == "1er décembre 2021"
        assert long_date(dt.date(2021, 12, 2)) == "2 décembre 2021"
    with translation.override("en"):
        assert long_date(dt.date(2021, 12, 1)) == "1 December 2021"


def test_it_puts_non_breaking_spaces_before_french_double_signs():
    html = "Taux de présence: <strong>80 %</strong> ; Pourquoi? Enfin ! Lieu : mairie"
    assert french_punctuation(html, "fr") == (
        f"Taux de présence{NBSP}: <strong>80 %</strong>{NNBSP}; Pourquoi{NNBSP}? "
        f"Enfin{NNBSP}! Lieu{NBSP}: mairie"
    )


def test_it_leaves_markup_references_times_and_addresses_alone():
    html = (
        '<a href="/sessions/1/?a=1">Séance de 10:30</a> &amp; Ali&#x27;s '
        "http://example.org <strong>Invités</strong> : x"
    )
    assert french_punctuation(html, "fr") == (
        '<a href="/sessions/1/?a=1">Séance de 10:30</a> &amp; Ali&#x27;s '
        f"http://example.org <strong>Invités</strong>{NBSP}: x"
    )


def test_it_changes_nothing_in_english():
    html = "Attendance rate: 80%; why? Now!"
    assert french_punctuation(html, "en") == html
