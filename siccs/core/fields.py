"""A model field that stores personal text (phone numbers) encrypted at rest."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models


@lru_cache(maxsize=4)
def _fernet(key_material: str) -> Fernet:
    digest = hashlib.sha256(("siccs-field-encryption:" + key_material).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(value: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def blind_index(value: str) -> str:
    """A keyed hash to find equal values (same phone) without storing them in clear."""
    key = ("siccs-blind-index:" + settings.FIELD_ENCRYPTION_KEY).encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class BlindIndexField(models.CharField):
    """Holds a `blind_index`: derived from personal data, so the audit trail redacts it as
    it redacts the data (a keyed hash of a phone can be reversed by trying every number)."""

    personal = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


def mask_phone(phone: str) -> str:
    """`+22376123456` becomes `+223 •• •• •• 56`: enough to recognise, not to call."""
    digits = phone.strip()
    if len(digits) < 4:
        return "••" if digits else ""
    return f"{digits[:4]} •• •• •• {digits[-2:]}"


class EncryptedCharField(models.TextField):
    """Encrypted with Fernet in the database; plain text in Python. Not searchable."""

    personal = True  # the audit trail redacts fields marked personal

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        if not value:
            return ""
        return decrypt(value)

    def to_python(self, value: Any) -> str:
        return value or ""

    def get_prep_value(self, value: Any) -> str:
        value = super().get_prep_value(value)
        if not value:
            return ""
        return encrypt(str(value))
