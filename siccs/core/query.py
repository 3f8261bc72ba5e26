"""The one parser of dates and numbers taken from query strings by hand.

Filter forms get the same rules from `siccs.core.dates.PlausibleDateField`. What a view
reads by hand (`?on=`, `?target=`, `?level=`) goes through here: a value that is not a
date or a number, or one outside its range, is ignored and noted on the request, and the
page says so (`core/query_problems.html`, included by the base template), instead of
failing with a server error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from siccs.core.dates import implausible_message, is_plausible

MAX_INT = 2**31 - 1  # what every database takes in an integer column


def _note(request: HttpRequest, name: str, message: str) -> None:
    problems = getattr(request, "query_problems", None)
    if problems is None:
        problems = request.query_problems = []  # type: ignore[attr-defined]
    problems.append((name, message))


def query_date(request: HttpRequest, name: str = "on") -> dt.date | None:
    """`?name=YYYY-MM-DD` within the plausible range, or None (absent or refused)."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        value = dt.date.fromisoformat(raw[:10]) if len(raw) <= 10 else None
    except ValueError:
        value = None
    if value is None:
        _note(
            request, name, _("« %(value)s » is not a date (use 2024-03-31).") % {"value": raw[:40]}
        )
        return None
    if not is_plausible(value):
        _note(request, name, implausible_message())
        return None
    return value


def query_int(
    request: HttpRequest,
    name: str,
    *,
    minimum: int = 0,
    maximum: int = MAX_INT,
    default: int | None = None,
    data: Any = None,
) -> int | None:
    """`?name=123` within [minimum, maximum], else `default`; `data` may be `request.POST`."""
    source = request.GET if data is None else data
    raw = str(source.get(name, "")).strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.lstrip("-").isdigit()) or len(raw) > 12:
        _note(request, name, _("« %(value)s » is not a whole number.") % {"value": raw[:40]})
        return default
    value = int(raw)
    if not minimum <= value <= maximum:
        _note(
            request,
            name,
            _("Give a number between %(min)s and %(max)s.") % {"min": minimum, "max": maximum},
        )
        return default
    return value
