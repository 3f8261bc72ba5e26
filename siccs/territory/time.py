"""Territory and time: which region a unit belongs to, and what units were called, on a
date. One home for these rules (they were written in several apps); day bounds and
"today" in Bamako are in `siccs.core.dates`.

A unit's region is read from its materialised path (`/country/region/...`), so it needs
no join; names on a date come from the unit's versions (`UnitVersion`), so that a report
of 2021 names a region as it was named in 2021.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext_lazy as _

from siccs.territory.models import AdministrativeUnit, Level, UnitVersion
from siccs.territory.selectors import ancestor_at_level_map, name_on

__all__ = [
    "name_on",
    "region_id_of",
    "region_name_on",
    "region_names",
    "region_names_on",
    "region_of",
]


def region_id_of(unit_or_path: Any) -> int | None:
    """The region of a unit (or unit path): the second id of its materialised path."""
    path = unit_or_path if isinstance(unit_or_path, str) else unit_or_path.path
    parts = [p for p in path.strip("/").split("/") if p]
    return int(parts[1]) if len(parts) > 1 else None


def region_of(path_ref: Any) -> Subquery:
    """SQL: the id of the region whose subtree holds the unit path `path_ref` (NULL for
    the country), for annotations and subqueries."""
    return Subquery(
        AdministrativeUnit.objects.filter(level=Level.REGION)
        .filter(StartsWith(path_ref, F("path")))
        .values("pk")[:1],
        output_field=IntegerField(),
    )


def region_names() -> dict[int, str]:
    """Region id → today's name, to label rows by the region in their unit path without joins."""
    return dict(AdministrativeUnit.objects.filter(level=Level.REGION).values_list("pk", "name"))


def region_name_on(on: dt.date) -> dict[int, str]:
    """Unit id → name of its region in the structure in force on `on` (three queries), so
    that list rows and exports name the region of the list's date, not today's."""
    names = region_names()
    return {u: names.get(r or 0, "") for u, r in ancestor_at_level_map(on).items()}


def region_names_on(ids: Any, on: dt.date) -> dict[int | None, str]:
    """The names the regions `ids` bore on `on` (a renamed region keeps its old name in
    a report of that time), in one query; None is the national level."""
    name_then = UnitVersion.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gt=on),
        unit=OuterRef("pk"),
    ).values("name")[:1]
    names: dict[int | None, str] = dict(
        AdministrativeUnit.objects.filter(pk__in=[pk for pk in ids if pk is not None])
        .annotate(name_then=Coalesce(Subquery(name_then), F("name")))
        .values_list("pk", "name_then")
    )
    names[None] = str(_("National"))
    return names
