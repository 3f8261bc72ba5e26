"""French typography for documents people sign and file: the minutes (PV).

French writes "1er décembre" for the first day of a month, and puts a non-breaking space
before ":" (a full one) and before ";", "?", "!" (a narrow one), so that the sign never
starts a line. English is left as it is.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.formats import date_format
from django.utils.translation import get_language

NBSP = "\u00a0"  # before ":"
NNBSP = "\u202f"  # before ";", "?", "!"

# Markup, and character references such as "&amp;" or "&#x27;", are never touched.
_PROTECTED = re.compile(r"(<[^>]*>|&#?[A-Za-z0-9]+;)")
_SPACE_BEFORE = re.compile(r"[ \t\u00a0\u202f]+([:;?!])")
_NO_SPACE_BEFORE = re.compile(r"(?<=[^\s\u00a0\u202f:;?!])([:;?!])(?=[\s\u00a0]|$)")


def is_french(language: str | None = None) -> bool:
    return (language or get_language() or "").split("-")[0] == "fr"


def long_date(value: dt.date | None, language: str | None = None) -> str:
    """`1er décembre 2026` in French (`2 décembre 2026` otherwise), `1 December 2026` in
    English."""
    if value is None:
        return ""
    text = date_format(value, "j F Y")
    if value.day == 1 and is_french(language):
        return "1er" + text[1:]
    return text


def _space(match: re.Match[str]) -> str:
    sign = match.group(1)
    return (NBSP if sign == ":" else NNBSP) + sign


def french_punctuation(html: str, language: str | None = None) -> str:
    """The text of `html` with a non-breaking space before ":", ";", "?", "!" when it ends
    a word (a time such as 10:30 or an address keeps its colon). Only in French."""
    if not is_french(language):
        return html
    parts = _PROTECTED.split(html)
    for index in range(0, len(parts), 2):  # even parts are text, odd ones markup
        text = _SPACE_BEFORE.sub(_space, parts[index])
        parts[index] = _NO_SPACE_BEFORE.sub(_space, text)
    return "".join(parts)
