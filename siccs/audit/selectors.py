"""Reading the audit trail: entries in the reader's scope, filtered, and made readable.

An entry stores raw values (`{"category": [null, 1]}`), as `audit_record` snapshots
them. The page shows them in the reader's language: each field by its verbose name,
a choice by its label, a foreign key by the name of what it points to (read through
the scoping mechanism when the model has one), dates the French way, and personal
values as they were stored: redacted. Names are resolved with one query per related
model for a whole page, never per entry.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from siccs.audit.models import AuditEntry
from siccs.audit.services import REDACTED

# Fields whose values say nothing to a reader: keys, hashes and materialised paths.
INTERNAL_FIELDS = {"password", "path", "name_key", "phone_index", "source_index", "secret_hash"}
MAX_TEXT = 240

VERBS = {
    "create": pgettext_lazy("audit trail action", "created"),
    "update": pgettext_lazy("audit trail action", "changed"),
    "delete": pgettext_lazy("audit trail action", "deleted"),
    "end": pgettext_lazy("audit trail action", "ended"),
    "status": pgettext_lazy("audit trail action", "status changed"),
    "plan": pgettext_lazy("audit trail action", "planned"),
    "publish": pgettext_lazy("audit trail action", "published"),
    "migrate": pgettext_lazy("audit trail action", "moved to another methodology version"),
    "rename": pgettext_lazy("audit trail action", "renamed"),
    "reorder": pgettext_lazy("audit trail action", "reordered"),
    "transfer": pgettext_lazy("audit trail action", "transferred"),
    "merge": pgettext_lazy("audit trail action", "merged"),
    "answer": pgettext_lazy("audit trail action", "answered"),
    "qualify": pgettext_lazy("audit trail action", "qualified"),
    "agenda": pgettext_lazy("audit trail action", "put on the agenda"),
    "purge": pgettext_lazy("audit trail action", "personal data deleted"),
    "retry": pgettext_lazy("audit trail action", "sent again"),
    "reveal_phone": pgettext_lazy("audit trail action", "phone number revealed"),
    "invite": pgettext_lazy("audit trail action", "invitation sent"),
    "password_set": pgettext_lazy("audit trail action", "password chosen"),
    "deactivate": pgettext_lazy("audit trail action", "account deactivated"),
    "reactivate": pgettext_lazy("audit trail action", "account reactivated"),
}
EMPTY = pgettext_lazy("audit trail: no value", "empty")


def verb_label(verb: str) -> str:
    label = VERBS.get(verb)
    return str(label) if label is not None else verb


def model_of(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def model_label(label: str) -> str:
    model = model_of(label)
    return str(model._meta.verbose_name) if model is not None else label


def entry_search(
    *,
    user: Any,
    author: Any = None,
    model: str = "",
    object_id: str = "",
    unit: Any = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """The entries the user may read, newest first, filtered by who made the change,
    the type (and id) of the object, a territory and everything in it, and a period of
    days (inclusive, in the platform's time zone)."""
    qs = AuditEntry.objects.visible_to(user).select_related("user", "unit")
    if author is not None:
        qs = qs.filter(user=author)
    if model:
        qs = qs.filter(model=model)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if start is not None:
        qs = qs.filter(at__date__gte=start)
    if end is not None:
        qs = qs.filter(at__date__lte=end)
    return qs.order_by("-at", "-pk")


def model_choices(*, user: Any) -> list[tuple[str, str]]:
    """The object types found in the entries the user may read, by their names."""
    labels = (
        AuditEntry.objects.visible_to(user).order_by().values_list("model", flat=True).distinct()
    )
    return sorted(((m, model_label(m).capitalize()) for m in labels), key=lambda c: c[1])


def authors(*, user: Any) -> QuerySet:
    """The people who made the changes the user may read."""
    from django.contrib.auth import get_user_model

    ids = AuditEntry.objects.visible_to(user).order_by().values("user_id").distinct()
    return get_user_model().objects.filter(pk__in=ids).order_by("first_name", "last_name")


# --- Readable changes ------------------------------------------------------------------


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class ReadableEntry:
    entry: AuditEntry
    verb: str
    model: str
    changes: list[Change] = field(default_factory=list)


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist, or a relation without a concrete field
        return None


def _shown(model_field: models.Field | None, name: str) -> bool:
    if name in INTERNAL_FIELDS:
        return False
    if model_field is None:
        return True
    if getattr(model_field, "primary_key", False):
        return False
    # Creation and modification stamps: the entry's own date says it.
    return not (
        getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
    )


def _names(user: Any, wanted: dict[type[models.Model], set[Any]]) -> dict[tuple, str]:
    """(model, pk) → name for every related object of a page, one query per model; an
    object the reader may not see keeps its number."""
    names: dict[tuple, str] = {}
    for model, ids in wanted.items():
        manager = model._default_manager
        queryset = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
        for obj in queryset.filter(pk__in=[i for i in ids if str(i).isdigit()]):
            names[(model, str(obj.pk))] = str(obj)
    return names


def _label(model_field: models.Field | None, name: str) -> str:
    """The field's verbose name; a relation left with its attribute's name is called by
    the name of the model it points to (`committee` → `comité`)."""
    if model_field is None:
        return name
    label = str(model_field.verbose_name)
    if model_field.is_relation and model_field.related_model and label == name.replace("_", " "):
        label = str(model_field.related_model._meta.verbose_name)
    return label


def _text(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _readable(model_field: models.Field | None, value: Any, names: dict[tuple, str]) -> str:
    if value is None or value == "":
        return str(EMPTY)
    if value == REDACTED or getattr(model_field, "personal", False):
        return REDACTED
    if model_field is None:
        return _text(value)
    if model_field.is_relation and model_field.related_model is not None:
        values = value if isinstance(value, list) else [value]
        return ", ".join(names.get((model_field.related_model, str(v)), f"#{v}") for v in values)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return str(_("yes") if value else _("no"))
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "j F Y, H:i")
    elif isinstance(model_field, models.DateField):
        day = parse_date(str(value))
        if day is not None:
            return formats.date_format(day, "j F Y")
    if isinstance(model_field, models.IntegerField | models.DecimalField | models.FloatField):
        return formats.number_format(value, force_grouping=True)
    return _text(value)


def readable(entries: list[AuditEntry], *, user: Any) -> list[ReadableEntry]:
    """The entries of a page in words (one query per related model of the page)."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for entry in entries:
        model = model_of(entry.model)
        for name, values in (entry.changes or {}).items():
            model_field = _field(model, name)
            if model_field is not None and model_field.is_relation and model_field.related_model:
                for value in values or []:
                    for one in value if isinstance(value, list) else [value]:
                        if one not in (None, "", REDACTED):
                            wanted[model_field.related_model].add(str(one))
    names = _names(user, wanted)
    result = []
    for entry in entries:
        model = model_of(entry.model)
        item = ReadableEntry(entry, verb_label(entry.verb), model_label(entry.model))
        for name, values in (entry.changes or {}).items():
            model_field = _field(model, name)
            if not _shown(model_field, name):
                continue
            before, after = [*list(values or []), None, None][:2]
            label = _label(model_field, name)
            item.changes.append(
                Change(
                    label.capitalize(),
                    _readable(model_field, before, names),
                    _readable(model_field, after, names),
                )
            )
        result.append(item)
    return result
