"""Reading what an SMS gateway posts, before anything is stored.

Gateways are configured by hand and sometimes badly; a script holding a leaked secret is
worse. Every field is checked for its type and size and cleaned here, so that no value
that reaches the database can make a page or an export fail afterwards: a body that is not
what the documented gateways send is refused with a 4xx saying why, and a timestamp outside
a plausible window is replaced by the reception time (the answer says so).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from siccs.citizens.services import clean_text

# A real call is well under 2 KB (an SMS is at most a few hundred characters).
MAX_BODY_BYTES = 16 * 1024
MAX_SENDER = 40
MAX_MESSAGE_ID = 100
# The plausible window of a gateway's timestamp: a phone that was offline for weeks
# still delivers, a clock a few minutes ahead is forgiven; anything else is a mistake.
OLDEST_ACCEPTED = dt.timedelta(days=90)
NEWEST_ACCEPTED = dt.timedelta(minutes=10)

SECRET_HEADER = "X-Siccs-Secret"


class BadCall(Exception):
    """The call is refused; `status` is the HTTP status and `args[0]` the reason, in English
    for the operator who configures the gateway."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.status = status


@dataclass
class IncomingSms:
    sender: str
    text: str
    message_id: str
    received_at: dt.datetime | None
    warnings: list[str] = field(default_factory=list)


def presented_secret(request: HttpRequest, *, form_field_allowed: bool) -> str:
    """The secret from the header, or from the body's `secret` field that SMSSync-style apps
    send (their own protocol). Never from the address, which proxies and browsers log."""
    if "secret" in request.GET:
        raise BadCall("the secret goes in the X-Siccs-Secret header, never in the address", 403)
    secret = request.headers.get(SECRET_HEADER, "")
    if not secret and form_field_allowed and request.content_type != "application/json":
        secret = request.POST.get("secret", "")
    return secret


def check_size(request: HttpRequest) -> None:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError as error:
        raise BadCall("invalid Content-Length") from error
    if declared > MAX_BODY_BYTES:
        raise BadCall(f"body larger than {MAX_BODY_BYTES} bytes", 413)


def _string(value: Any, name: str) -> str:
    """A scalar as text; a list or an object where text is expected is refused."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadCall(f"{name} must be a string")
    return str(value)


def _object(payload: dict, name: str) -> dict:
    value = payload.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadCall(f"{name} must be an object")
    return value


def _message_id(raw: str) -> str:
    cleaned = clean_text(raw)
    if len(cleaned) > MAX_MESSAGE_ID:
        # Keep ids unique rather than cutting them (two long ids may share a prefix).
        cleaned = "sha256:" + hashlib.sha256(cleaned.encode()).hexdigest()
    return cleaned


def parse_timestamp(value: Any) -> dt.datetime | None:
    """Epoch seconds or milliseconds, or ISO 8601 (UTC when no offset); None if unreadable."""
    if value in (None, ""):
        return None
    text = str(value).strip()[:40]
    try:
        if text.isdigit():
            number = int(text)
            return dt.datetime.fromtimestamp(number / (1000 if number > 10**11 else 1), tz=dt.UTC)
        parsed = parse_datetime(text.replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def plausible_time(value: Any, warnings: list[str]) -> dt.datetime | None:
    """The gateway's time if readable and plausible; None (the reception time) otherwise."""
    if value in (None, ""):
        return None
    parsed = parse_timestamp(value)
    now = timezone.now()
    if parsed is None:
        warnings.append("timestamp unreadable: the reception time is used")
        return None
    try:
        plausible = now - OLDEST_ACCEPTED <= parsed <= now + NEWEST_ACCEPTED
    except OverflowError:
        plausible = False
    if not plausible:
        warnings.append("timestamp outside the plausible window: the reception time is used")
        return None
    return min(parsed, now)


def _json_payload(request: HttpRequest) -> dict:
    if len(request.body) > MAX_BODY_BYTES:
        raise BadCall(f"body larger than {MAX_BODY_BYTES} bytes", 413)
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, RecursionError) as error:
        raise BadCall("invalid JSON") from error
    if not isinstance(payload, dict):
        raise BadCall("the JSON body must be an object")
    return payload


def read_rapidpro(request: HttpRequest) -> IncomingSms:
    """sender, text, message id and time from the JSON of a RapidPro/TextIt webhook call."""
    payload = _json_payload(request)
    contact = _object(payload, "contact")
    message_input = _object(payload, "input")
    run = _object(payload, "run")
    results = _object(payload, "results")
    sender = _string(contact.get("urn"), "contact.urn") or _string(payload.get("urn"), "urn")
    text = _string(message_input.get("text"), "input.text") or _string(payload.get("text"), "text")
    if not text:
        for key in ("message", "text", "signalement", *results):
            value = results.get(key)
            value = value.get("value") if isinstance(value, dict) else value
            if isinstance(value, str) and value.strip():
                text = value
                break
    message_id = (
        _string(message_input.get("uuid"), "input.uuid")
        or _string(run.get("uuid"), "run.uuid")
        or _string(payload.get("id"), "id")
    )
    if not message_id:
        # A flow whose body carries no run or input id: the body itself identifies the call.
        message_id = "body:" + hashlib.sha256(request.body).hexdigest()[:40]
    return _finish(sender, text, message_id, message_input.get("created_on"))


def read_android(request: HttpRequest) -> IncomingSms:
    """The form fields of SMSSync-style Android gateway apps."""
    data = request.POST
    sender = data.get("from") or data.get("phone") or data.get("phoneNumber") or ""
    text = data.get("message") or data.get("text") or ""
    message_id = data.get("message_id") or data.get("id") or ""
    sent_at = data.get("sent_timestamp") or data.get("timestamp")
    return _finish(sender, text, message_id, sent_at)


def _finish(sender: str, text: str, message_id: str, sent_at: Any) -> IncomingSms:
    sender = clean_text(sender)
    text = clean_text(text)
    if not sender.lower().removeprefix("tel:").strip() or not text:
        raise BadCall("sender and message are required")
    if len(sender) > MAX_SENDER:
        raise BadCall("sender is not a phone number")
    warnings: list[str] = []
    return IncomingSms(
        sender=sender,
        text=text,
        message_id=_message_id(message_id),
        received_at=plausible_time(sent_at, warnings),
        warnings=warnings,
    )


def read(request: HttpRequest) -> IncomingSms:
    """The incoming SMS of an authenticated call (`check_size` ran before the secret)."""
    if request.content_type == "application/json":
        return read_rapidpro(request)
    return read_android(request)
