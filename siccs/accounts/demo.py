"""Demo users, one per role, over realistic territories."""

from __future__ import annotations

from siccs.accounts.models import Assignment, User
from siccs.accounts.scoping import Role
from siccs.core.demo import DEMO_PASSWORD, DemoContext
from siccs.partners.models import Partner, PartnerKind
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.names import name_key


def _unit(name: str, level: int) -> AdministrativeUnit:
    return AdministrativeUnit.objects.filter(
        name_key=name_key(name), level=level, valid_to__isnull=True
    ).first()


def load(demo: DemoContext) -> None:
    country = AdministrativeUnit.objects.get(level=Level.COUNTRY, parent__isnull=True)
    pnud, _ = Partner.objects.get_or_create(
        acronym="PNUD",
        defaults={
            "name": "Programme des Nations unies pour le développement",
            "kind": PartnerKind.MULTILATERAL,
        },
    )
    people = [
        ("admin", "Mariam", "Coulibaly", Role.NATIONAL_ADMIN, country, None),
        ("analyste", "Oumar", "Diarra", Role.NATIONAL_ANALYST, country, None),
        ("pf.mopti", "Hamadoun", "Cissé", Role.FOCAL_POINT, _unit("Mopti", Level.REGION), None),
        ("pf.gao", "Aïssata", "Maïga", Role.FOCAL_POINT, _unit("Gao", Level.REGION), None),
        (
            "sec.bandiagara",
            "Ousmane",
            "Guindo",
            Role.SECRETARY,
            _unit("Bandiagara", Level.COMMUNE) or _unit("Bandiagara", Level.REGION),
            None,
        ),
        ("ptf.pnud", "Claire", "Martin", Role.PARTNER_VIEWER, country, pnud),
    ]
    for username, first, last, role, unit, partner in people:
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            email=f"{username}@ccs.example.ml",
        )
        Assignment.objects.create(user=user, role=role, unit=unit, partner=partner)
        demo.objects[f"user:{username}"] = user
