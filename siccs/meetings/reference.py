"""Reference data shipped with the product: concern categories and addressees.

The names are data, stored in French as users read them (like the committees' member
categories), not translated msgids: administrators rename, add or deactivate them in
the admin. This module only seeds them (data migration, tests after a flush, demo).
"""

from __future__ import annotations

from typing import Any

# code, name: the taxonomy of security concerns raised by the population (domain brief).
CONCERN_CATEGORIES: list[tuple[str, str]] = [
    ("armed-groups", "Groupes armés et attaques terroristes"),
    ("ied", "Engins explosifs improvisés (EEI)"),
    ("intercommunal", "Conflits intercommunautaires et entre agriculteurs et éleveurs"),
    ("cattle-theft", "Vol de bétail"),
    ("kidnapping", "Enlèvements"),
    ("banditry", "Banditisme et coupeurs de route"),
    ("urban-crime", "Criminalité urbaine et délinquance"),
    ("drugs", "Trafic et consommation de drogue"),
    ("extortion", "Rackets aux postes de contrôle (y compris par des FDS)"),
    ("militia-abuses", "Exactions de milices"),
    ("gbv-child", "Violences basées sur le genre et protection de l'enfant"),
    ("land", "Litiges fonciers et sur les ressources naturelles"),
    ("markets", "Sécurité des marchés et des lieux publics"),
    ("road-safety", "Sécurité routière"),
    ("disasters", "Catastrophes naturelles"),
]

# Authorities and security forces recommendations are addressed to.
ADDRESSEES: list[str] = [
    "Gouverneur",
    "Préfet",
    "Sous-préfet",
    "Maire",
    "Police nationale",
    "Gendarmerie nationale",
    "Garde nationale",
    "Forces armées maliennes (FAMa)",
    "Protection civile",
    "Justice",
    "Services techniques de l'État",
    "Chefs de village et de quartier",
]


def install_reference_data(apps: Any) -> None:
    """Create the concern categories and addressees that do not exist yet."""
    ConcernCategory = apps.get_model("meetings", "ConcernCategory")
    Addressee = apps.get_model("meetings", "Addressee")
    for order, (code, name) in enumerate(CONCERN_CATEGORIES, 1):
        ConcernCategory.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for order, name in enumerate(ADDRESSEES, 1):
        Addressee.objects.get_or_create(name=name, defaults={"order": order})


def ensure_reference_data() -> None:
    from django.apps import apps

    install_reference_data(apps)
