"""Reference data shipped with the product: committee levels and member categories.

Levels follow décret n°2019-0041/PM-RM; each lists the member categories its
composition expects, for the composition panel. Administrators may change them later
in the admin; this module only seeds them (data migration, tests after a flush, demo).
"""

from __future__ import annotations

from typing import Any

# code, name (French, as users read it)
CATEGORIES: list[tuple[str, str]] = [
    ("administration", "Administration"),
    ("fds", "Forces de défense et de sécurité (FDS)"),
    ("elected", "Élu"),
    ("civil-society", "Société civile"),
    ("women", "Association de femmes"),
    ("youth", "Jeunesse"),
    ("religious", "Leader religieux"),
    ("traditional", "Autorité traditionnelle"),
    ("hunters", "Association des chasseurs"),
    ("peace-ngo", "ONG de paix"),
    ("justice", "Justice"),
    ("other", "Autre"),
]

REGIONAL_EXPECTED = [
    "administration",
    "elected",
    "fds",
    "justice",
    "civil-society",
    "religious",
    "traditional",
    "youth",
    "women",
    "hunters",
    "peace-ngo",
]
COMMUNAL_EXPECTED = [
    "administration",
    "elected",
    "fds",
    "civil-society",
    "religious",
    "traditional",
    "youth",
    "women",
]

# code, name, acronym, level of the administrative unit, chaired by, expected categories
LEVELS: list[tuple[str, str, str, int, str, list[str]]] = [
    ("regional", "CCS régional", "CCSR", 1, "Gouverneur de région", REGIONAL_EXPECTED),
    (
        "district",
        "CCS du District de Bamako",
        "CCS-DB",
        1,
        "Gouverneur du District de Bamako",
        REGIONAL_EXPECTED,
    ),
    ("communal", "CCS communal", "CCSC", 4, "Maire", COMMUNAL_EXPECTED),
]

# The English forms of the levels' names, by code, for English pages and reports.
LEVELS_EN: dict[str, str] = {
    "regional": "Regional CCS",
    "district": "Bamako District CCS",
    "communal": "Communal CCS",
}


def name_levels_in_english(apps: Any) -> None:
    """Give the shipped levels that have no English form theirs."""
    CommitteeLevel = apps.get_model("committees", "CommitteeLevel")
    for code, name_en in LEVELS_EN.items():
        CommitteeLevel.objects.filter(code=code, name_en="").update(name_en=name_en)


def install_reference_data(apps: Any) -> None:
    """Create the member categories and committee levels that do not exist yet."""
    MemberCategory = apps.get_model("committees", "MemberCategory")
    CommitteeLevel = apps.get_model("committees", "CommitteeLevel")
    categories = {}
    for order, (code, name) in enumerate(CATEGORIES, 1):
        categories[code], _ = MemberCategory.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )
    for code, name, acronym, unit_level, chair, expected in LEVELS:
        level, created = CommitteeLevel.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "acronym": acronym,
                "unit_level": unit_level,
                "chair_office": chair,
            },
        )
        if created or not level.expected_categories.exists():
            level.expected_categories.set([categories[c] for c in expected])
    if "name_en" in {f.name for f in CommitteeLevel._meta.get_fields()}:
        name_levels_in_english(apps)


def ensure_reference_data() -> None:
    from django.apps import apps

    install_reference_data(apps)
