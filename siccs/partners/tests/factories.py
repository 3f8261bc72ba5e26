"""Factories for partners and their commitments (written through the services)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from siccs.accounts.scoping import Role
from siccs.accounts.tests.factories import AssignmentFactory, UserFactory
from siccs.committees.models import CommitteeLevel
from siccs.partners import services
from siccs.partners.models import (
    Commitment,
    CommitmentScope,
    Currency,
    Partner,
    PartnerKind,
    SupportKind,
    UnitCost,
)
from siccs.territory.models import AdministrativeUnit, Level


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("acronym",)

    name = factory.LazyAttribute(lambda p: f"Partenaire {p.acronym}")
    acronym = factory.Sequence(lambda n: f"PTF{n}")
    kind = PartnerKind.BILATERAL


def writer() -> Any:
    """A national administrator to write through the services."""
    root = AdministrativeUnit.objects.get(level=Level.COUNTRY, parent__isnull=True)
    user = UserFactory()
    AssignmentFactory(user=user, role=Role.NATIONAL_ADMIN, unit=root)
    return user


def commitment(
    partner: Partner,
    *,
    user: Any = None,
    title: str = "Appui à la mise en place",
    kind: str = SupportKind.FUNDING,
    scope: str = CommitmentScope.TERRITORY,
    start_on: dt.date = dt.date(2021, 1, 1),
    end_on: dt.date = dt.date(2021, 12, 31),
    amount: Decimal | int | str = 1_000_000,
    currency: str = Currency.XOF,
    **extra: Any,
) -> Commitment:
    return services.commitment_create(
        user=user or writer(),
        partner=partner,
        title=title,
        kind=kind,
        scope=scope,
        start_on=start_on,
        end_on=end_on,
        amount=Decimal(str(amount)),
        currency=currency,
        **extra,
    )


def unit_cost(step_code: str, level_code: str, amount: int) -> UnitCost:
    return UnitCost.objects.create(
        step_code=step_code, level=CommitteeLevel.objects.get(code=level_code), amount_fcfa=amount
    )
