"""Amounts in FCFA: the euro at its fixed parity, the dollar at the rate entered, whole francs."""

import datetime as dt
from decimal import Decimal

import pytest

from siccs.core.errors import DomainError
from siccs.partners import services
from siccs.partners.models import Currency
from siccs.partners.services import EUR_TO_XOF, exchange_rate_for, to_fcfa
from siccs.partners.tests.factories import PartnerFactory, commitment


def test_it_keeps_fcfa_as_they_are():
    assert to_fcfa(Decimal("1234567"), Currency.XOF) == 1_234_567
    assert exchange_rate_for(Currency.XOF, Decimal("600")) == 1


def test_it_converts_euros_at_the_fixed_parity():
    assert Decimal("655.957") == EUR_TO_XOF
    assert to_fcfa(Decimal("1000"), Currency.EUR) == 655_957
    assert to_fcfa(Decimal("45000"), Currency.EUR) == 29_518_065


def test_it_ignores_a_rate_entered_for_euros_since_the_parity_is_fixed():
    assert to_fcfa(Decimal("1000"), Currency.EUR, Decimal("600")) == 655_957


def test_it_converts_dollars_at_the_rate_entered():
    assert to_fcfa(Decimal("7500"), Currency.USD, Decimal("602.5")) == 4_518_750
    assert to_fcfa(Decimal("180000"), Currency.USD, Decimal("548.25")) == 98_685_000


@pytest.mark.parametrize("rate", [None, Decimal("0"), Decimal("-560")])
def test_it_refuses_dollars_without_a_valid_rate(rate):
    with pytest.raises(DomainError) as error:
        to_fcfa(Decimal("100"), Currency.USD, rate)
    assert error.value.field == "exchange_rate"


@pytest.mark.parametrize(
    ("amount", "currency", "rate", "expected"),
    [
        ("1234.50", Currency.XOF, None, 1235),  # half up, never to the even franc
        ("1234.49", Currency.XOF, None, 1234),
        ("2.5", Currency.XOF, None, 3),
        ("0.01", Currency.EUR, None, 7),  # 6,55957 F
        ("10.01", Currency.USD, Decimal("548.25"), 5488),  # 5 487,9825 F
        ("3", Currency.USD, Decimal("0.5"), 2),  # 1,5 F
    ],
)
def test_it_rounds_the_product_once_half_up_to_the_whole_franc(amount, currency, rate, expected):
    assert to_fcfa(Decimal(amount), currency, rate) == expected


def test_it_rounds_the_product_not_the_rate():
    # Rounding the rate first would give 548 250 000 F, 4 900 F away.
    assert to_fcfa(Decimal("1000000"), Currency.USD, Decimal("548.2549")) == 548_254_900


def test_it_refuses_an_amount_that_is_not_a_number():
    with pytest.raises(DomainError) as error:
        to_fcfa("mille", Currency.XOF)
    assert error.value.field == "amount"


def test_it_stores_the_rate_used_and_the_amount_in_fcfa_on_the_commitment(mali):
    euros = commitment(PartnerFactory(), amount="24500", currency=Currency.EUR)
    assert (euros.exchange_rate, euros.amount_fcfa) == (EUR_TO_XOF, 16_070_947)
    dollars = commitment(
        PartnerFactory(), amount="25000", currency=Currency.USD, exchange_rate=Decimal("541.80")
    )
    dollars.refresh_from_db()
    assert (dollars.exchange_rate, dollars.amount_fcfa) == (Decimal("541.8"), 13_545_000)


def test_it_recomputes_the_fcfa_amount_when_the_amount_changes(mali):
    dollars = commitment(
        PartnerFactory(), amount="1000", currency=Currency.USD, exchange_rate=Decimal("600")
    )
    updated = services.commitment_update(
        user=dollars.created_by,
        commitment=dollars,
        amount=Decimal("1500"),
        exchange_rate=Decimal("590.5"),
    )
    assert updated.amount_fcfa == 885_750


def test_it_refuses_a_negative_amount_and_a_period_that_ends_before_it_starts(mali):
    with pytest.raises(DomainError) as error:
        commitment(PartnerFactory(), amount="-5")
    assert error.value.field == "amount"
    with pytest.raises(DomainError) as error:
        commitment(PartnerFactory(), start_on=dt.date(2021, 6, 1), end_on=dt.date(2021, 1, 1))
    assert error.value.field == "end_on"
