"""A model field that stores personal text (phone numbers) encrypted at rest.

Keys come from FIELD_ENCRYPTION_KEY, a comma-separated list: the first key encrypts, every
key decrypts (MultiFernet), so a new key can be put in front, the values re-encrypted with
`manage.py rotate_field_key`, and the old key removed afterwards. A value no key can read
raises `UndecryptableValue`: reading it as "" would let the next save write "" over it and
erase a phone number for good.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

logger = logging.getLogger(__name__)


class UndecryptableValue(ValueError):
    """No configured key reads this value: a key is missing from FIELD_ENCRYPTION_KEY
    (restored data, a key removed too early) or the stored value was damaged."""


@lru_cache(maxsize=16)
def _fernet(key_material: str) -> Fernet:
    # Any string of enough entropy is a key: it is stretched into a Fernet key, so the
    # values written before key lists existed stay readable with the same setting.
    digest = hashlib.sha256(("siccs-field-encryption:" + key_material).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encryption_keys() -> tuple[str, ...]:
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY is not set: phone numbers cannot be encrypted or read."
        )
    return keys


@lru_cache(maxsize=4)
def _multi(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_fernet(key) for key in keys])


def encrypt(value: str) -> str:
    return _multi(encryption_keys()).encrypt(value.encode()).decode()


def decrypt(token: str, *, where: str = "") -> str:
    try:
        return _multi(encryption_keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        logger.error("An encrypted value of %s cannot be decrypted with the keys set", where)
        raise UndecryptableValue(
            f"An encrypted value of {where or 'a field'} cannot be decrypted with the keys "
            "of FIELD_ENCRYPTION_KEY."
        ) from None


def reencrypt(token: str) -> str:
    """The same value encrypted with the first key (raises UndecryptableValue)."""
    try:
        return _multi(encryption_keys()).rotate(token.encode()).decode()
    except InvalidToken:
        raise UndecryptableValue("value cannot be decrypted") from None


def encrypted_with_first_key(token: str) -> bool:
    try:
        _fernet(encryption_keys()[0]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def blind_index(value: str) -> str:
    """A keyed hash to find equal values (same phone) without storing them in clear.

    Keyed by FIELD_INDEX_KEY (by default the last, oldest key of FIELD_ENCRYPTION_KEY), so
    that putting a new encryption key in front changes no stored index nor SMS gateway
    secret."""
    if not settings.FIELD_INDEX_KEY:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY (or FIELD_INDEX_KEY) is not set.")
    key = ("siccs-blind-index:" + settings.FIELD_INDEX_KEY).encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def key_fingerprint(key_material: str) -> str:
    """A short name for a key that reveals nothing of it (logs, backup manifests)."""
    return hashlib.sha256(("siccs-key-fingerprint:" + key_material).encode()).hexdigest()[:12]


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
        return decrypt(value, where=f"{self.model._meta.label}.{self.name}")

    def to_python(self, value: Any) -> str:
        return value or ""

    def get_prep_value(self, value: Any) -> str:
        value = super().get_prep_value(value)
        if not value:
            return ""
        return encrypt(str(value))


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedCharField]]:
    """Every encrypted column of the project, for rotation and key checks."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedCharField):
                found.append((model, field))
    return found


def unreadable_values() -> dict[str, list[Any]]:
    """`{"app.Model.field": [pk, ...]}` of stored values no configured key can decrypt."""
    result: dict[str, list[Any]] = {}
    for model, field in encrypted_fields():
        rows = (
            model._base_manager.exclude(**{field.name: ""})
            .exclude(**{f"{field.name}__isnull": True})
            .values_list("pk", ciphertext_of(field))
        )
        for pk, token in rows.iterator():
            try:
                _multi(encryption_keys()).decrypt(token.encode())
            except InvalidToken:
                result.setdefault(f"{model._meta.label}.{field.name}", []).append(pk)
    return result


def ciphertext_of(field: EncryptedCharField) -> Any:
    """The stored ciphertext of `field`, read without decrypting it."""
    from django.db.models.functions import Cast

    return Cast(field.name, output_field=models.TextField())
