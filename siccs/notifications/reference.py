"""Reference data shipped with the product: the message templates, in French and Bambara.

SMS texts avoid accents and the letters ɛ, ɔ, ɲ (as people type them on basic phones) so
that a message stays in the GSM alphabet. The Bambara wants a native speaker's review; the
national administrator edits both from /notifications/templates/. This module only seeds
them (data migration, tests after a flush, demo).
"""

from __future__ import annotations

from typing import Any

TEMPLATES = [
    # purpose, enabled, days, French, Bambara
    (
        "convocation",
        True,
        0,
        "CCS {committee}: vous etes convoque(e) a la session du {date} {time} a {place}. "
        "Ordre du jour: {agenda}. Repondez OUI ou NON.",
        "CCS {committee}: i welelen ka na lajeli la {date} {time} {place}. "
        "Baro: {agenda}. Jaabi AWO walima AYI.",
    ),
    (
        "convocation_reminder",
        True,
        1,
        "CCS {committee}: rappel, session demain {date} {time} a {place}.",
        "CCS {committee}: hakilijigin, lajeli ye sini ye {date} {time} {place}.",
    ),
    (
        "session_cancelled",
        True,
        0,
        "CCS {committee}: la session du {date} {time} a {place} est annulee. Motif: {reason}.",
        "CCS {committee}: lajeli {date} {time} {place} dabilara. Kun: {reason}.",
    ),
    (
        "satisfaction",
        True,
        0,
        "CCS: votre signalement {code} a recu une reponse. Vous a-t-elle aide ? "
        "Repondez 1 OUI ou 2 NON.",
        "CCS: i ka kibaro {code} jaabira. Jaabi in y'i dema wa? Jaabi 1 AWO walima 2 AYI.",
    ),
    (
        "no_session",
        True,
        0,
        "SI-CCS {committee}: aucune session ordinaire depuis le {since}. "
        "Pensez a convoquer la prochaine session.",
        "SI-CCS {committee}: lajeli si ma ke kabini {since}. Lajeli nata welele.",
    ),
    (
        "no_minutes",
        True,
        7,
        "SI-CCS {committee}: la session du {date} n'a pas encore de proces-verbal.",
        "SI-CCS {committee}: lajeli {date} ka sebe (PV) ma don fola.",
    ),
    (
        "recommendation_due",
        True,
        7,
        'SI-CCS {committee}: la recommandation "{text}" arrive a echeance le {date}.',
        'SI-CCS {committee}: laadili "{text}" waati be ban {date}.',
    ),
    (
        "recommendation_late",
        True,
        1,
        'SI-CCS {committee}: la recommandation "{text}" est en retard (echeance {date}).',
        'SI-CCS {committee}: laadili "{text}" waati temena ({date}).',
    ),
    (
        "report_untriaged",
        True,
        3,
        "SI-CCS: le signalement {code} ({commune}) attend d'etre trie depuis le {date}.",
        "SI-CCS: kibaro {code} ({commune}) ma labeen kabini {date}.",
    ),
    (
        "report_unanswered",
        True,
        14,
        "SI-CCS: le signalement {code} ({commune}) attend sa reponse depuis le {date}.",
        "SI-CCS: kibaro {code} ({commune}) ma jaabi kabini {date}.",
    ),
    (
        "escalation",
        True,
        30,
        "SI-CCS: {item} du {committee} est transmis(e) au {to} : {text}",
        "SI-CCS: {item} {committee} ta cilen don {to} ma: {text}",
    ),
    (
        "digest",
        True,
        0,
        "Voici ce qui a change cette semaine dans votre territoire, ce qui est en retard "
        "et ce qui vous attend.",
        "Nin ye ko minnu kera dogokun in na i ka mara la.",
    ),
]


def install_templates(apps: Any = None) -> None:
    """Create the templates that do not exist yet; edited ones are kept as they are."""
    if apps is None:
        from siccs.notifications.models import MessageTemplate
    else:
        MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for purpose, enabled, days, text_fr, text_bm in TEMPLATES:
        MessageTemplate.objects.get_or_create(
            purpose=purpose,
            defaults={"enabled": enabled, "days": days, "text_fr": text_fr, "text_bm": text_bm},
        )
