"""Settings of the citizen channel, with defaults; each can be set in settings.py."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Accepted reports per phone (blind index) and per sender address, per hour.
    "CITIZEN_RATE_PER_PHONE": 5,
    "CITIZEN_RATE_PER_SOURCE": 5,
    "CITIZEN_DESCRIPTION_MAX": 1000,
    "CITIZEN_SMS_MAX": 480,
    "CITIZEN_BANNED_WORDS": ["casino", "viagra", "bitcoin", "crypto", "loterie", "lottery"],
    # Days a concern may stay at each step before it is shown as overdue.
    "CITIZEN_STEP_DAYS": {"received": 3, "qualified": 7, "forwarded": 30, "answered": 14},
    "SMS_MAX_ATTEMPTS": 5,
    "SMS_RETRY_BASE_SECONDS": 60,
    "SMS_KEYWORD": "CCS",
    # SMS the queue sends per hour at most (0: no ceiling); settings.py reads it from the
    # environment.
    "SMS_HOURLY_CEILING": 200,
}


def conf(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
