"""Writing the audit trail. Services call `audit_record` inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from siccs.audit.models import AuditEntry

REDACTED = "•••"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time | dt.timedelta | decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):  # hasattr(empty file, "url") raises ValueError
        return value.name or ""
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The concrete field values of `obj`, with personal fields redacted."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if getattr(field, "personal", False):
            values[field.name] = REDACTED if getattr(obj, field.attname) else ""
            continue
        values[field.name] = _plain(getattr(obj, field.attname))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def _unit_of(obj: models.Model) -> Any:
    lookup = getattr(type(obj), "scope_unit", None)
    if lookup is None:
        return None
    if lookup == "":
        return obj
    target: Any = obj
    for part in lookup.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target


def audit_record(
    *,
    user: Any,
    obj: models.Model,
    verb: str,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """Record one change. `before`/`after` are snapshots; creation has no `before`."""
    changes = diff(before or {}, after if after is not None else snapshot(obj))
    return AuditEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        verb=verb,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        changes=changes,
        reason=reason[:255],
        unit=_unit_of(obj),
    )
