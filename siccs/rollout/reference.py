"""The default installation methodology shipped with the product (version 1).

Built from the practice observed by the C-RSS (see the domain brief); national
administrators refine it later through new versions, never by editing this file.
Used by the data migration, and by tests and demo loaders to restore it after a flush.
"""

from __future__ import annotations

from typing import Any

METHODOLOGY_NAME = "Méthodologie de mise en place des CCS"
METHODOLOGY_DESCRIPTION = (
    "Étapes observées de la mise en place des Comités consultatifs de sécurité "
    "(décret n°2019-0041/PM-RM du 29 janvier 2019)."
)

# code, name, description, expected days, evidence expected, required, marks installation
DEFAULT_STEPS: list[tuple[str, str, str, int, str, bool, bool]] = [
    (
        "preparation",
        "Préparation et contact avec l'autorité",
        "Prise de contact avec l'autorité qui préside (gouverneur, maire), "
        "calendrier et budget de la mise en place.",
        30,
        "Lettre d'information, compte rendu de la rencontre",
        True,
        False,
    ),
    (
        "identification",
        "Information et identification des membres",
        "Information et sensibilisation des acteurs ; identification des membres "
        "selon la composition fixée par le décret.",
        45,
        "Liste des membres pressentis, rapport de sensibilisation",
        True,
        False,
    ),
    (
        "appointment",
        "Acte de création ou de nomination",
        "Décision du gouverneur ou arrêté du maire portant création du CCS et "
        "nomination des membres.",
        30,
        "Acte de création ou de nomination signé",
        True,
        False,
    ),
    (
        "launch",
        "Lancement officiel et installation",
        "Cérémonie officielle de lancement et d'installation, généralement un atelier "
        "de deux jours dont la logistique est prise en charge par un partenaire.",
        15,
        "Liste de présence, photos, communiqué",
        True,
        True,
    ),
    (
        "training",
        "Formation des membres",
        "Formation des membres aussitôt après le lancement : notions de RSS, stratégie "
        "nationale, rôles et responsabilités d'un CCS.",
        15,
        "Liste de présence, rapport de formation",
        True,
        False,
    ),
    (
        "first-session",
        "Première session",
        "Session inaugurale, souvent un diagnostic local de sécurité.",
        30,
        "Procès-verbal (PV) de la session",
        True,
        False,
    ),
    (
        "regular-sessions",
        "Sessions régulières et suivi",
        "Sessions ordinaires, recommandations et leur suivi ; équipement et formations "
        "complémentaires des partenaires.",
        90,
        "PV des sessions, tableau de suivi des recommandations",
        False,
        False,
    ),
]

# The English forms of the default steps (name, description), by code, for English pages
# and reports.
DEFAULT_STEPS_EN: dict[str, tuple[str, str]] = {
    "preparation": (
        "Preparation and contact with the authority",
        "Contact with the chairing authority (governor, mayor), schedule and budget of the "
        "setting-up.",
    ),
    "identification": (
        "Information and identification of members",
        "Information and awareness of stakeholders; identification of members according to "
        "the composition set by the decree.",
    ),
    "appointment": (
        "Act of creation or appointment",
        "Decision of the governor or order of the mayor creating the CCS and appointing its "
        "members.",
    ),
    "launch": (
        "Official launch and installation",
        "Official launch and installation ceremony, usually a two-day workshop whose "
        "logistics a partner pays for.",
    ),
    "training": (
        "Training of members",
        "Training of members right after the launch: security sector reform basics, national "
        "strategy, roles and responsibilities of a CCS.",
    ),
    "first-session": (
        "First session",
        "Inaugural session, often a local security diagnosis.",
    ),
    "regular-sessions": (
        "Regular sessions and follow-up",
        "Ordinary sessions, recommendations and their follow-up; equipment and further "
        "training from partners.",
    ),
}


def name_default_steps_in_english(apps: Any) -> None:
    """Give the default methodology's steps that have no English form the shipped one."""
    MethodologyStep = apps.get_model("rollout", "MethodologyStep")
    for code, (name_en, description_en) in DEFAULT_STEPS_EN.items():
        MethodologyStep.objects.filter(
            version__methodology__name=METHODOLOGY_NAME, code=code, name_en=""
        ).update(name_en=name_en, description_en=description_en)


def install_default_methodology(apps: Any) -> Any:
    """Create version 1 of the default methodology unless it exists; return the version."""
    Methodology = apps.get_model("rollout", "Methodology")
    MethodologyVersion = apps.get_model("rollout", "MethodologyVersion")
    MethodologyStep = apps.get_model("rollout", "MethodologyStep")
    methodology, _ = Methodology.objects.get_or_create(
        name=METHODOLOGY_NAME, defaults={"description": METHODOLOGY_DESCRIPTION}
    )
    version, created = MethodologyVersion.objects.get_or_create(
        methodology=methodology,
        number=1,
        defaults={"is_published": True, "notes": "Version initiale (pratique observée)."},
    )
    if created:
        for order, (code, name, description, days, evidence, required, installs) in enumerate(
            DEFAULT_STEPS, 1
        ):
            MethodologyStep.objects.create(
                version=version,
                order=order,
                code=code,
                name=name,
                description=description,
                expected_days=days,
                evidence_expected=evidence,
                required=required,
                marks_installation=installs,
            )
        if "name_en" in {f.name for f in MethodologyStep._meta.get_fields()}:
            name_default_steps_in_english(apps)
    return version


def ensure_default_methodology() -> Any:
    from django.apps import apps

    return install_default_methodology(apps)
