"""A test client that talks to the platform as ODK Collect does.

It sends Collect's headers, answers the 401 digest challenge by computing the response
itself (RFC 7616, MD5, qop=auth, as OkHttp's digest authenticator in Collect), then
signs every later request with the same nonce and an increasing nonce count, until the
server says the nonce is stale.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from typing import Any
from urllib.parse import urlencode, urlsplit
from urllib.request import parse_http_list, parse_keqv_list

from django.test import Client

COLLECT_HEADERS = {
    "HTTP_X_OPENROSA_VERSION": "1.0",
    "HTTP_USER_AGENT": "Dalvik/2.1.0 (Linux; Android 12) org.odk.collect.android/v2024.3.5",
    "HTTP_ACCEPT_ENCODING": "gzip,deflate",
}


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


class CollectClient(Client):
    def __init__(self, username: str, password: str, **kwargs: Any) -> None:
        super().__init__(**COLLECT_HEADERS, **kwargs)
        self.username = username
        self.password = password
        self.challenge: dict[str, str] | None = None
        self.nonce_count = 0
        self.challenges_answered = 0

    def authorization(self, method: str, uri: str) -> str:
        assert self.challenge is not None
        self.nonce_count += 1
        nc = f"{self.nonce_count:08x}"
        cnonce = os.urandom(8).hex()
        realm, nonce = self.challenge["realm"], self.challenge["nonce"]
        ha1 = _md5(f"{self.username}:{realm}:{self.password}")
        ha2 = _md5(f"{method}:{uri}")
        response = _md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        return (
            f'Digest username="{self.username}", realm="{realm}", nonce="{nonce}", '
            f'uri="{uri}", response="{response}", qop=auth, nc={nc}, cnonce="{cnonce}", '
            f'algorithm=MD5, opaque="{self.challenge.get("opaque", "")}"'
        )

    def generic(
        self,
        method: str,
        path: str,
        data: Any = "",
        content_type: str = "application/octet-stream",
        secure: bool = False,
        *,
        headers: Any = None,
        query_params: Any = None,
        **extra: Any,
    ) -> Any:
        parsed = urlsplit(str(path))
        query = (
            urlencode(query_params, doseq=True)
            if query_params
            else extra.get("QUERY_STRING") or parsed.query
        )
        uri = parsed.path + (f"?{query}" if query else "")

        def send() -> Any:
            return super(CollectClient, self).generic(
                method,
                path,
                data,
                content_type,
                secure,
                headers=headers,
                query_params=query_params,
                **extra,
            )

        if self.challenge is not None:
            extra["HTTP_AUTHORIZATION"] = self.authorization(method, uri)
        response = send()
        header = response.headers.get("WWW-Authenticate", "")
        if response.status_code == 401 and header.startswith("Digest "):
            first = self.challenge is None
            self.challenge = parse_keqv_list(parse_http_list(header[len("Digest ") :]))
            self.nonce_count = 0
            stale = self.challenge.get("stale", "").lower() == "true"
            if first or stale:
                self.challenges_answered += 1
                extra["HTTP_AUTHORIZATION"] = self.authorization(method, uri)
                response = send()
        return _inflated(response)


def _inflated(response: Any) -> Any:
    """The body as Collect's HTTP library hands it over: gzip undone (the platform
    compresses its pages and Collect asks for it)."""
    if response.headers.get("Content-Encoding") == "gzip" and not response.streaming:
        response.content = gzip.decompress(response.content)
        del response.headers["Content-Encoding"]
    return response


def collect_client_for(user: Any, label: str = "Téléphone de test") -> CollectClient:
    """A Collect client signing as `user` with a new app password of theirs."""
    from siccs.fieldforms.services import app_credential_create

    _credential, password = app_credential_create(user=user, label=label)
    return CollectClient(user.username, password)
