"""Fixed texts of the public pages and of the SMS, in French and Bambara.

Django has no Bambara locale, and these pages are the only ones people read in Bambara,
so their few fixed texts live here rather than in gettext catalogues. SMS texts avoid
the letters ɛ, ɔ, ɲ (written e, o, ny, as people type them on basic phones) so that a
message stays in the 160-character GSM alphabet. A native speaker must review them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

LANGUAGES = ("fr", "bm")

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "language_name": "Français",
        "title": "Signaler un problème de sécurité",
        "intro": "Le comité consultatif de sécurité (CCS) de votre commune écoute la population.",
        "anonymous": "Votre nom n'est pas demandé. Le numéro de téléphone est facultatif.",
        "category": "Type de problème",
        "choose": "— choisir —",
        "region": "Région",
        "commune": "Commune",
        "commune_help": "Nom de la commune",
        "place": "Village, quartier ou « près de ... »",
        "description": "Que se passe-t-il ?",
        "description_help": "1000 caractères au plus. Ne donnez pas le nom d'une personne.",
        "phone": "Téléphone (facultatif)",
        "phone_help": "Pour recevoir la réponse par SMS. Il reste caché.",
        "submit": "Envoyer",
        "done_title": "Votre signalement est reçu",
        "done_code": "Gardez ce code de suivi :",
        "done_track": "Suivre mon signalement",
        "track_title": "Suivre un signalement",
        "track_code": "Code de suivi",
        "track_submit": "Voir",
        "track_unknown": "Ce code est inconnu.",
        "status": "Situation",
        "answer": "Réponse",
        "no_answer": "Pas encore de réponse.",
        "answered_in_committee": "Le comité a répondu à votre préoccupation en session le {date}.",
        "report_link": "Signaler un problème",
        "track_link": "Suivre un signalement",
        "errors": "Veuillez corriger :",
        "required": "Ce champ est obligatoire.",
        "status_received": "reçu",
        "status_qualified": "examiné",
        "status_forwarded": "transmis",
        "status_answered": "répondu",
        "status_closed": "clos",
        "reject_too_long": "Le message est trop long ({limit} caractères au plus).",
        "reject_empty": "Le message est vide : décrivez le problème.",
        "reject_link": "Les liens internet ne sont pas acceptés.",
        "reject_repeated": "Le message contient trop de caractères répétés.",
        "reject_banned": "Le message contient des mots interdits.",
        "reject_rate_phone": "Trop de signalements depuis ce numéro. Réessayez dans une heure.",
        "reject_rate_source": "Trop de signalements depuis cet appareil. Réessayez dans une heure.",
        "reject_phone": "Numéro de téléphone invalide.",
        "sms_ack": "CCS : signalement recu. Code de suivi {code}. Suivi : {url}",
        "sms_answer": "CCS, reponse a votre signalement {code} : {answer}",
        "sms_reject": "CCS : message refuse. {reason}",
        "transparency_link": "Transparence",
        # The receipt: who receives the report, how long it usually takes, whether an SMS comes.
        "done_who": "Qui le reçoit : {who}.",
        "who_communal": "le CCS communal de {unit}",
        "who_regional": "le CCS régional de {unit}",
        "who_district": "le CCS du District de Bamako",
        "who_national": "l'équipe nationale de tri, qui le transmettra au comité de votre commune",
        "done_private": "Seules les personnes chargées du tri au comité le lisent ; "
        "votre numéro reste caché.",
        "done_delay": "D'habitude, une réponse est donnée en {days} jours environ.",
        "done_sms_yes": "La réponse vous sera aussi envoyée par SMS.",
        "done_sms_no": "Vous n'avez pas donné de numéro : aucun SMS ne viendra. "
        "Suivez la réponse sur cette page avec votre code.",
        # The transparency page.
        "tr_title": "Comités consultatifs de sécurité : transparence",
        "tr_installed": "comités installés",
        "tr_functional": "fonctionnels (une session ces dernières semaines)",
        "tr_median": "délai médian de réponse à une préoccupation",
        "tr_days": "jours",
        "tr_by_region": "Comités par région",
        "tr_map_desc": "Chaque région a la couleur de l'état où se trouvent la plupart de ses comités.",
        "tr_region": "Région",
        "tr_installed_col": "Installés",
        "tr_functional_col": "dont fonctionnels",
        "tr_planned_col": "Prévus en tout",
        "tr_per_month": "Préoccupations reçues et répondues par mois",
        "tr_month": "Mois",
        "tr_received": "Reçues",
        "tr_answered": "Répondues",
        "tr_no_personal": "Aucune donnée personnelle n'est publiée ici. Les préoccupations "
        "viennent des sessions des comités et de la population (page web et SMS).",
    },
    "bm": {
        "language_name": "Bamanankan",
        "title": "Lakana gɛlɛya dɔ fɔ",
        "intro": "I ka komini lakana ladilikan tɔnba (CCS) bɛ jama lamɛn.",
        "anonymous": "An t'i tɔgɔ ɲini. I ka telefɔni nimɔrɔ ma wajibi.",
        "category": "Gɛlɛya suguya",
        "choose": "— a sugandi —",
        "region": "Mara",
        "commune": "Komini",
        "commune_help": "Komini tɔgɔ",
        "place": "Dugu, kin walima « ... kɛrɛ fɛ »",
        "description": "Mun bɛ kɛra ?",
        "description_help": "Sɛbɛnni 1000 dɔrɔn. Mɔgɔ tɔgɔ kana fɔ.",
        "phone": "Telefɔni nimɔrɔ (a ma wajibi)",
        "phone_help": "Walisa ka jaabi sɔrɔ SMS la. A tɛna jira mɔgɔ la.",
        "submit": "A ci",
        "done_title": "I ka kunnafoni sera an ma",
        "done_code": "I ka nin kode mara :",
        "done_track": "N ka kunnafoni taama filɛ",
        "track_title": "Kunnafoni taama filɛ",
        "track_code": "Kode",
        "track_submit": "A filɛ",
        "track_unknown": "Nin kode ma sɔrɔ.",
        "status": "A bɛ min",
        "answer": "Jaabi",
        "no_answer": "Jaabi tɛ yen fɔlɔ.",
        "answered_in_committee": "Komite ye i ka hamin jaabi a ka lajɛ la {date}.",
        "report_link": "Gɛlɛya dɔ fɔ",
        "track_link": "Kunnafoni taama filɛ",
        "errors": "I ka nin latilen :",
        "required": "Nin ka kan ka fa.",
        "status_received": "a sera",
        "status_qualified": "a lajɛra",
        "status_forwarded": "a cira",
        "status_answered": "a jaabira",
        "status_closed": "a datugura",
        "reject_too_long": "Bataki ka jan kojugu (sɛbɛnni {limit} dɔrɔn).",
        "reject_empty": "Foyi tɛ bataki kɔnɔ : gɛlɛya fɔ.",
        "reject_link": "An tɛ ɛntɛrinɛti sira minɛ.",
        "reject_repeated": "Sɛbɛnni kelen segin caman bɛ bataki kɔnɔ.",
        "reject_banned": "Kuma jugu dɔw bɛ bataki kɔnɔ.",
        "reject_rate_phone": "I ye bataki caman ci. Lɛrɛ kelen kɔfɛ, i ka segin.",
        "reject_rate_source": "Bataki caman bɔra nin minɛn na. Lɛrɛ kelen kɔfɛ, i ka segin.",
        "reject_phone": "Telefɔni nimɔrɔ in ma ɲi.",
        "sms_ack": "CCS: I ka kunnafoni sera an ma. I ka nin kode mara: {code}. {url}",
        "sms_answer": "CCS, i ka kunnafoni {code} jaabi: {answer}",
        "sms_reject": "CCS: an ma bataki in minɛ. {reason}",
        "transparency_link": "Kunnafoni bɛɛ ye",
        "done_who": "Min bɛ a sɔrɔ : {who}.",
        "who_communal": "{unit} komini ka CCS",
        "who_regional": "{unit} mara ka CCS",
        "who_district": "Bamako distriki ka CCS",
        "who_national": "jamana ka baarakɛlaw, olu bɛna a ci i ka komini ka CCS ma",
        "done_private": "CCS ka baarakɛla minnu bɛ bataki lajɛ, olu dɔrɔn bɛ a kalan ; "
        "i ka nimɔrɔ dogolen don.",
        "done_delay": "A jaabi bɛ na tile {days} ɲɔgɔn kɔnɔ tuma caman na.",
        "done_sms_yes": "Jaabi bɛna ci i ma SMS fɛ fana.",
        "done_sms_no": "I ma telefɔni nimɔrɔ di : SMS si tɛna na. "
        "I ka kode sɛbɛn nin ɲɛ in kan ka jaabi filɛ.",
        "tr_title": "Lakana ladilikan tɔnbaw (CCS) : kunnafoni bɛɛ ye",
        "tr_installed": "CCS sigilenw",
        "tr_functional": "minnu bɛ baara la (u ye ɲɔgɔnye kɛ kɔsa in na)",
        "tr_median": "hami jaabi waati cɛmancɛ",
        "tr_days": "tile",
        "tr_by_region": "CCS mara o mara",
        "tr_map_desc": "Mara kelen-kelen bɛɛ ɲɛ ye a ka CCS caman ka cogo ɲɛ ye.",
        "tr_region": "Mara",
        "tr_installed_col": "Sigilenw",
        "tr_functional_col": "Baara la",
        "tr_planned_col": "Labɛnnenw bɛɛ",
        "tr_per_month": "Hami minnu sera ani minnu jaabira, kalo o kalo",
        "tr_month": "Kalo",
        "tr_received": "Sera",
        "tr_answered": "Jaabira",
        "tr_no_personal": "Mɔgɔ si tɔgɔ walima a ka kunnafoni gundo tɛ yan. Hamiw bɛ bɔ CCS ka "
        "ɲɔgɔnyew la ani jama fɛ (ɛntɛrinɛti ni SMS).",
    },
}

# The problem types (ConcernCategory codes, meetings/reference.py) in Bambara. A type
# added later without a Bambara name shows its French name.
CATEGORY_NAMES_BM: dict[str, str] = {
    "armed-groups": "Marifatigi jɛkuluw ani binkanniw",
    "ied": "Bɔnbu dogolenw (EEI)",
    "intercommunal": "Siyaw cɛ kɛlɛ ani sɛnɛkɛlaw ni bagangenw cɛ kɛlɛ",
    "cattle-theft": "Bagan sonyali",
    "kidnapping": "Mɔgɔ minɛni ka taa n'u ye",
    "banditry": "Binkannikɛlaw ani sira kan sonw",
    "urban-crime": "Dugubaw kɔnɔ sonyali ni kojugukɛlaw",
    "drugs": "Dɔrɔgu feere ni a minni",
    "extortion": "Wari ɲinini sira kan kɔlɔsiyɔrɔw la (FDS fana)",
    "militia-abuses": "Milisiw ka juguya",
    "gbv-child": "Musow ni denmisɛnw kan fariyakow",
    "land": "Dugukolo ni sigida nafolo kan kɛlɛw",
    "markets": "Suguw ni mɔgɔ caman yɔrɔw lakana",
    "road-safety": "Sira kan lakana",
    "disasters": "Sigida kasaaraw (sanji, ji caman, tasuma)",
}

MONTHS: dict[str, list[str]] = {
    "fr": [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre",
    ],
    "bm": [
        "Zanwuyekalo", "Feburuyekalo", "Marisikalo", "Awirilikalo", "Mɛkalo", "Zuwɛnkalo",
        "Zuluyekalo", "Utikalo", "Sɛtanburukalo", "Ɔkutɔburukalo", "Nowanburukalo",
        "Desanburukalo",
    ],
}  # fmt: skip


def category_name(language: str, category: Any) -> str:
    """A problem type's name in the page's language."""
    if language_of(language) == "bm":
        return CATEGORY_NAMES_BM.get(category.code, category.name)
    return category.name


def month_name(language: str, month: dt.date) -> str:
    return f"{MONTHS[language_of(language)][month.month - 1]} {month.year}"


# Letters of Bambara that are not in the GSM alphabet, written as people type them in SMS.
_SMS_FOLD = str.maketrans({"ɛ": "e", "Ɛ": "E", "ɔ": "o", "Ɔ": "O", "ɲ": "ny", "Ɲ": "Ny", "ŋ": "ng"})


def language_of(value: str | None) -> str:
    return value if value in LANGUAGES else "fr"


def text(language: str, key: str, **values: str) -> str:
    template = TEXTS[language_of(language)].get(key) or TEXTS["fr"][key]
    return template.format(**values) if values else template


def sms_text(language: str, key: str, **values: str) -> str:
    return text(language, key, **values).translate(_SMS_FOLD)


# Small words that tell Bambara from French in a short SMS.
_BAMBARA_WORDS = {
    "ka", "ye", "bɛ", "be", "tɛ", "te", "ni", "ma", "kɔnɔ", "kono", "don", "min", "bi",
    "kunnafoni", "dugu", "mɔgɔ", "mogo", "u", "an", "aw", "n", "i", "tun", "kɛra", "kera",
    "sɔgɔma", "wari", "misi", "sonw", "binkannikɛla", "fɛ", "fe", "kɛrɛ", "kere", "yen",
}  # fmt: skip
_FRENCH_WORDS = {
    "le", "les", "des", "de", "du", "et", "est", "dans", "il", "ils", "un", "une", "sur",
    "nous", "pour", "pas", "au", "aux", "sont", "ont", "qui", "que", "village", "près",
}  # fmt: skip


def guess_language(message: str) -> str:
    """Bambara when its small words outnumber French ones; French otherwise."""
    words = [w.strip(".,;:!?'\"()").lower() for w in message.split()]
    bambara = sum(w in _BAMBARA_WORDS for w in words)
    french = sum(w in _FRENCH_WORDS for w in words)
    return "bm" if bambara > french else "fr"
