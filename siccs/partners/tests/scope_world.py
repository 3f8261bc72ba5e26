"""Partner objects in Gao for the every-URL scope test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from siccs.accounts.scoping import Role
from siccs.accounts.tests.factories import AssignmentFactory, UserFactory
from siccs.committees.models import CommitteeLevel
from siccs.committees.tests.scope_world import gao_committee
from siccs.partners import services
from siccs.partners.models import (
    Comment,
    CommentSubject,
    CommitmentScope,
    Currency,
    Partner,
    PartnerContact,
    PartnerKind,
    SupportKind,
    UnitCost,
)


def populate(world) -> None:
    committee = gao_committee(world)
    admin = UserFactory(username="world.partners.admin")
    AssignmentFactory(user=admin, role=Role.NATIONAL_ADMIN, unit=world.mali.country)
    # A partner active only in Gao: its name is Gao's business, not Mopti's.
    partner = Partner.objects.create(
        name=f"Fondation de Gao {world.SECRET}",
        acronym=f"FG{world.SECRET}",
        kind=PartnerKind.NGO,
        notes=f"Notes {world.SECRET}",
    )
    contact = PartnerContact.objects.create(
        partner=partner,
        name=f"Moussa Maïga {world.PERSONAL}",
        function="Chargé de programme",
        email="contact@example.ml",
        phone=f"+22376{world.PERSONAL}",
    )
    programme = services.programme_add(
        user=admin, partner=partner, name=f"Programme Gao {world.SECRET}"
    )
    commitment = services.commitment_create(
        user=admin,
        partner=partner,
        programme=programme,
        title=f"Atelier de lancement {world.SECRET}",
        kind=SupportKind.LOGISTICS,
        scope=CommitmentScope.COMMITTEES,
        committees=[committee],
        start_on=dt.date(2021, 1, 1),
        end_on=dt.date(2030, 12, 31),
        amount=Decimal("7500"),
        currency=Currency.USD,
        exchange_rate=Decimal("602.5"),
        notes=f"Notes {world.SECRET}",
    )
    services.commitment_create(
        user=admin,
        partner=partner,
        title=f"Formation des CCS de la région {world.SECRET}",
        kind=SupportKind.TRAINING,
        scope=CommitmentScope.TERRITORY,
        unit=world.mali.gao,
        start_on=dt.date(2021, 1, 1),
        end_on=dt.date(2030, 12, 31),
        amount=Decimal("12000000"),
    )
    comment = Comment.objects.create(
        partner=partner,
        subject=CommentSubject.METHODOLOGY,
        unit=world.mali.gao,
        text=f"Commentaire {world.SECRET}",
        answer=f"Réponse {world.SECRET}",
    )
    unit_cost, _ = UnitCost.objects.get_or_create(
        step_code="launch",
        level=CommitteeLevel.objects.get(code="communal"),
        defaults={"amount_fcfa": 3_500_000},
    )
    world.kwargs["partner_id"] = partner.pk
    world.kwargs["partner_contact_id"] = contact.pk
    world.kwargs["commitment_id"] = commitment.pk
    world.kwargs["comment_id"] = comment.pk
    world.kwargs["unit_cost_id"] = unit_cost.pk
    world.queries.extend(
        [
            {"quarter": "2021-1"},
            {"subject": "methodology"},
            {"partner": partner.pk, "kind": "logistics"},
            {"on": "2021-06-25"},
        ]
    )
