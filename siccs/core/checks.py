"""Deployment checks of the platform itself (`manage.py check --deploy`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

MIN_KEY_LENGTH = 32


@register(Tags.security, deploy=True)
def field_encryption_keys(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """Phone numbers need a key of their own in production: none, the public development
    key, or SECRET_KEY (whose rotation would make every phone unreadable) is refused."""
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        return [
            Error(
                "FIELD_ENCRYPTION_KEY is not set: phone numbers of members and informants "
                "cannot be encrypted or read.",
                hint="Generate one with `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
                ", keep it with the backups' keys (docs/operations.md).",
                id="core.E001",
            )
        ]
    problems: list[Any] = []
    if settings.DEVELOPMENT_KEY in keys or settings.FIELD_INDEX_KEY == settings.DEVELOPMENT_KEY:
        problems.append(
            Error(
                "FIELD_ENCRYPTION_KEY contains the public development key.",
                hint="Set a key of your own; if data was encrypted with the development key, "
                "put the new key first and run `manage.py rotate_field_key`.",
                id="core.E002",
            )
        )
    if any(len(key) < MIN_KEY_LENGTH for key in keys):
        problems.append(
            Warning(
                f"A key of FIELD_ENCRYPTION_KEY is shorter than {MIN_KEY_LENGTH} characters.",
                id="core.W003",
            )
        )
    if settings.SECRET_KEY in keys:
        problems.append(
            Warning(
                "FIELD_ENCRYPTION_KEY contains SECRET_KEY: changing SECRET_KEY would then "
                "remove a key the phone numbers need.",
                hint="Put a new key first, run `manage.py rotate_field_key`, then set "
                "FIELD_INDEX_KEY to the old key and drop it from FIELD_ENCRYPTION_KEY.",
                id="core.W004",
            )
        )
    return problems


@register(Tags.staticfiles, deploy=True)
def static_files_manifest(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """Static files collected with DEBUG on have no manifest, and every page then fails
    (the hashed names cannot be found): say so before the server starts."""
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    root = Path(settings.STATIC_ROOT)
    if "Manifest" not in backend or not root.is_dir():
        return []
    if any(root.iterdir()) and not (root / "staticfiles.json").exists():
        return [
            Error(
                f"{root} holds static files but no manifest (staticfiles.json): they were "
                "collected with DEBUG on, and every page would fail.",
                hint="Run `manage.py collectstatic --no-input --clear` with DEBUG=0.",
                id="core.E005",
            )
        ]
    return []
