"""Abuse checks on incoming reports: size limits, a simple spam filter, rate limits.

Each check returns the key of the refusal text (see texts.py) or None, so that the
sender is told why in their own language, on the page or by SMS.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from siccs.citizens.conf import conf

_LINK = re.compile(r"(https?://|www\.|\b[a-z0-9-]+\.(com|net|org|ml|info|xyz|io|me|ly)\b)", re.I)
_REPEATED = re.compile(r"(.)\1{7,}")


def content_problem(message: str, *, limit: int) -> str | None:
    """Why a message is refused for its content, or None."""
    if not message.strip():
        return "reject_empty"
    if len(message) > limit:
        return "reject_too_long"
    if _LINK.search(message):
        return "reject_link"
    if _REPEATED.search(message):
        return "reject_repeated"
    words = set(re.findall(r"\w+", message.lower()))
    if words & {w.lower() for w in conf("CITIZEN_BANNED_WORDS")}:
        return "reject_banned"
    return None


def rate_problem(*, phone_index: str = "", source_index: str = "") -> str | None:
    """Too many accepted reports from this phone or this address in the last hour."""
    from siccs.citizens.models import CitizenReport

    since = timezone.now() - dt.timedelta(hours=1)
    recent = CitizenReport.objects.filter(created_at__gte=since)
    if phone_index and (
        recent.filter(phone_index=phone_index).count() >= conf("CITIZEN_RATE_PER_PHONE")
    ):
        return "reject_rate_phone"
    if source_index and (
        recent.filter(source_index=source_index).count() >= conf("CITIZEN_RATE_PER_SOURCE")
    ):
        return "reject_rate_source"
    return None


# Common Malian family names: an answer naming one probably names a person.
SURNAMES = {
    "traoré", "traore", "keïta", "keita", "coulibaly", "diarra", "koné", "kone", "touré",
    "toure", "cissé", "cisse", "maïga", "maiga", "sangaré", "sangare", "diallo", "dembélé",
    "dembele", "sidibé", "sidibe", "konaté", "konate", "samaké", "samake", "doumbia",
    "kanté", "kante", "camara", "sissoko", "bagayoko", "dicko", "guindo", "togo", "dolo",
    "ouologuem", "haïdara", "haidara", "sylla", "fofana", "kouyaté", "kouyate", "mariko",
    "ag", "ould", "tall", "ba", "barry", "sow", "bah", "daou", "dao", "berthé", "berthe",
}  # fmt: skip
_PHONE = re.compile(r"(\+?\d[\d .-]{6,}\d)")
# Capitalised words that start sentences or name institutions, not people.
_NOT_NAMES = {
    "le", "la", "les", "un", "une", "nous", "vous", "merci", "bonjour", "monsieur", "madame",
    "gendarmerie", "police", "garde", "nationale", "mairie", "préfecture", "prefecture",
    "comité", "comite", "ccs", "forces", "armées", "armees", "direction", "service",
}  # fmt: skip
_CAPITALISED_PAIR = re.compile(r"\b([A-ZÀ-Ý][a-zà-ÿ]+)\s+([A-ZÀ-Ý][a-zà-ÿ]+)\b")


def answer_warnings(answer: str) -> list[str]:
    """Kinds of personal data an answer seems to contain: "phone", "name"."""
    warnings = []
    if any(sum(c.isdigit() for c in m) >= 8 for m in _PHONE.findall(answer)):
        warnings.append("phone")
    words = {w.lower() for w in re.findall(r"\w+", answer)}
    pairs = [
        (first, second)
        for first, second in _CAPITALISED_PAIR.findall(answer)
        if first.lower() not in _NOT_NAMES and second.lower() not in _NOT_NAMES
    ]
    if words & (SURNAMES - {"ba", "ag", "tall", "togo"}) or pairs:
        warnings.append("name")
    return warnings
