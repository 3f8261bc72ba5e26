"""Figures the French way: narrow no-break spaces, comma decimals, `FCFA` after."""

from decimal import Decimal

from django.utils import translation

from siccs.core.templatetags.siccs import fcfa, percent, thousands


def test_it_formats_fcfa_amounts_with_french_grouping():
    assert fcfa(1234567) == "1\u202f234\u202f567\u202fFCFA"
    assert fcfa(Decimal("999.5")) == "1\u202f000\u202fFCFA"
    assert fcfa(None) == "–"


def test_it_formats_negative_and_small_numbers():
    assert thousands(-1500) == "-1\u202f500"
    assert thousands(0) == "0"


def test_it_formats_percentages_with_a_space_before_the_sign():
    with translation.override("fr"):
        assert percent(0.2345, 1) == "23,5\u202f%"
        assert percent(0.3) == "30\u202f%"
