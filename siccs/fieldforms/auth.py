"""Authentication as ODK Collect does it: HTTP digest (RFC 7616, MD5, qop=auth), or Basic
over HTTPS, with the app passwords users create in the platform.

Collect first sends a request without credentials (a HEAD before a submission), reads the
digest challenge of the 401 answer, then signs every request. Nonces are stateless: a
timestamp and its HMAC; an old one is answered `stale=true`, which makes Collect sign
again without asking the person anything. The lifetime is long because a photo sent over
2G can take many minutes to arrive after its request was signed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import parse_http_list, parse_keqv_list

from django.conf import settings
from django.utils import timezone

from siccs.core.fields import blind_index

REALM = "SI-CCS"
NONCE_LIFETIME_SECONDS = 3600
# Lower-case letters and digits a person can read and type on a phone without doubt
# (no 0/o, 1/l/i): 16 of them carry about 79 bits, beyond any guessing.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 16
# `last_used_at` is written at most this often, not on every request of a sync.
LAST_USED_RESOLUTION_SECONDS = 300


def new_password() -> str:
    raw = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, PASSWORD_LENGTH, 4))


def md5_hex(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def digest_ha1(username: str, password: str) -> str:
    return md5_hex(f"{username}:{REALM}:{password}")


def secret_hash(password: str) -> str:
    return blind_index("odk-app-password:" + password)


def _nonce_mac(stamp: str) -> str:
    key = ("siccs-openrosa-nonce:" + settings.SECRET_KEY).encode()
    return hmac.new(key, stamp.encode(), hashlib.sha256).hexdigest()[:32]


def nonce_new(now: float | None = None) -> str:
    stamp = str(int(now if now is not None else time.time()))
    return base64.urlsafe_b64encode(f"{stamp}:{_nonce_mac(stamp)}".encode()).decode()


def nonce_state(nonce: str, now: float | None = None) -> str:
    """ "fresh", "stale" (ours but too old: sign again) or "bad" (not ours)."""
    try:
        stamp, mac = base64.urlsafe_b64decode(nonce.encode()).decode().split(":", 1)
        issued = int(stamp)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return "bad"
    if not hmac.compare_digest(mac, _nonce_mac(stamp)):
        return "bad"
    age = (now if now is not None else time.time()) - issued
    if age < -60:
        return "bad"
    return "fresh" if age <= NONCE_LIFETIME_SECONDS else "stale"


def challenge(*, stale: bool = False) -> str:
    """The WWW-Authenticate header of a 401: digest only, which Collect answers over HTTP
    and HTTPS alike (Basic stays accepted when a client sends it over HTTPS)."""
    value = (
        f'Digest realm="{REALM}", qop="auth", algorithm=MD5, nonce="{nonce_new()}", '
        f'opaque="{REALM}"'
    )
    return value + (", stale=true" if stale else "")


@dataclass
class AuthResult:
    user: Any = None
    credential: Any = None
    stale: bool = False


def _credentials_of(username: str) -> list[Any]:
    from siccs.fieldforms.models import AppCredential

    if not username:
        return []
    return list(
        AppCredential.objects.select_related("user").filter(
            username=username,
            user__username=username,
            user__is_active=True,
            revoked_at__isnull=True,
        )
    )


def _digest(request: Any, header: str) -> AuthResult:
    params = parse_keqv_list(parse_http_list(header))
    username = params.get("username", "")
    nonce = params.get("nonce", "")
    if params.get("realm") != REALM or params.get("qop") != "auth":
        return AuthResult()
    if params.get("algorithm", "MD5").upper() != "MD5":
        return AuthResult()
    uri = params.get("uri", "")
    if unquote(urlsplit(uri).path) != request.path:
        return AuthResult()
    state = nonce_state(nonce)
    if state == "bad":
        return AuthResult()
    ha2 = md5_hex(f"{request.method}:{uri}")
    tail = f"{nonce}:{params.get('nc', '')}:{params.get('cnonce', '')}:auth:{ha2}"
    given = params.get("response", "")
    for credential in _credentials_of(username):
        expected = md5_hex(f"{credential.digest_ha1}:{tail}")
        if hmac.compare_digest(expected, given):
            if state == "stale":
                return AuthResult(stale=True)
            return AuthResult(user=credential.user, credential=credential)
    return AuthResult()


def _basic(request: Any, header: str) -> AuthResult:
    # Basic sends the password itself: only over an encrypted connection.
    if not request.is_secure():
        return AuthResult()
    try:
        username, password = base64.b64decode(header.strip()).decode().split(":", 1)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        return AuthResult()
    hashed = secret_hash(password)
    for credential in _credentials_of(username):
        if hmac.compare_digest(hashed, credential.secret_hash):
            return AuthResult(user=credential.user, credential=credential)
    return AuthResult()


def authenticate(request: Any) -> AuthResult:
    """The user an OpenRosa request signs for, or an empty result (answer a challenge)."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, rest = header.partition(" ")
    if scheme.lower() == "digest":
        result = _digest(request, rest)
    elif scheme.lower() == "basic":
        result = _basic(request, rest)
    else:
        return AuthResult()
    if result.credential is not None:
        _touch(result.credential)
    return result


def _touch(credential: Any) -> None:
    from siccs.fieldforms.models import AppCredential

    now = timezone.now()
    last = credential.last_used_at
    if last is None or (now - last).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
        AppCredential.objects.filter(pk=credential.pk).update(last_used_at=now)
