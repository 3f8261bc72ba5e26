"""Authenticating API calls by personal token, and counting them for the rate limit."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import Throttled
from ninja.security import HttpBearer

from siccs.api.models import ApiToken

TOKEN_PREFIX = "siccs_"
SHOWN_CHARS = 12  # "siccs_" and six random characters: enough to recognise a token


def new_key() -> str:
    """A new token: 256 random bits, URL-safe, recognisable by its prefix in a leak scan."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def _count_call(token: ApiToken, now: dt.datetime) -> None:
    """One call in the token's current minute, or Throttled beyond API_RATE_PER_MINUTE.

    The token's own limit, if an operator set one. A fixed window kept on the token row and moved by conditional UPDATEs, so that every
    worker process counts against the same limit without a shared cache."""
    window = now.replace(second=0, microsecond=0)
    limit = token.rate_per_minute or settings.API_RATE_PER_MINUTE
    rows = ApiToken.objects.filter(pk=token.pk)
    counted = rows.filter(window_start=window, window_calls__lt=limit).update(
        window_calls=F("window_calls") + 1, last_used_at=now
    )
    if counted:
        return
    started = rows.filter(Q(window_start__isnull=True) | Q(window_start__lt=window)).update(
        window_start=window, window_calls=1, last_used_at=now
    )
    if not started:
        raise Throttled(wait=int(60 - (now - window).total_seconds()) + 1)


def authenticate_key(request: HttpRequest, key: str) -> ApiToken | None:
    """The live token `key` names, acting as its user (`request.user`), counted once per
    request; None when unknown, revoked, expired or its user deactivated."""
    cached = getattr(request, "_siccs_api_token", None)
    if cached is not None:
        return cached or None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash(key.strip()), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        request._siccs_api_token = False
        return None
    _count_call(token, now)
    request._siccs_api_token = token
    request.user = token.user
    return token


def bearer_key(request: HttpRequest) -> str | None:
    scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
    return key.strip() if scheme.lower() == "bearer" and key.strip() else None


def authenticate_request(request: HttpRequest) -> ApiToken | None:
    key = bearer_key(request)
    return authenticate_key(request, key) if key else None


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`, a personal token created on the account's page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return authenticate_key(request, token)
