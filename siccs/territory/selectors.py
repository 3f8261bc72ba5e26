"""Reading the territory: subtrees, the structure in force at a date, name matching."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from siccs.territory.models import AdministrativeUnit, Level, UnitVersion
from siccs.territory.names import name_key


def unit_list(
    *, user: Any, parent: AdministrativeUnit | None = None, on: dt.date | None = None
) -> QuerySet:
    """Units the user may see, optionally the children of `parent`, in force on `on`."""
    qs = AdministrativeUnit.objects.visible_to(user).select_related("parent")
    if parent is not None:
        qs = qs.filter(parent=parent)
    if on is not None:
        qs = qs.in_force(on)
    return qs.order_by("level", "name")


def find_by_name(
    name: str, *, level: int | None = None, within: AdministrativeUnit | None = None
) -> QuerySet:
    """Units whose name matches accent- and case-insensitively (`Segou` finds `Ségou`)."""
    qs = AdministrativeUnit.objects.filter(name_key=name_key(name))
    if level is not None:
        qs = qs.filter(level=level)
    if within is not None:
        qs = qs.inside(within)
    return qs


def country() -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.filter(level=Level.COUNTRY, parent__isnull=True).first()


def ancestor_at_level_map(on: dt.date, level: int = Level.REGION) -> dict[int, int | None]:
    """For every unit, its ancestor at `level` in the structure in force on `on`.

    Two queries whatever the size of the country: units and their dated versions are
    read once and the parent chain of that date is walked in memory, so that figures
    can be grouped by the regions as they were (or are) without a query per row.
    """
    units = {
        pk: (lvl, parent_id)
        for pk, lvl, parent_id in AdministrativeUnit.objects.values_list("pk", "level", "parent_id")
    }
    parents = {pk: parent_id for pk, (_lvl, parent_id) in units.items()}
    versions = UnitVersion.objects.values_list("unit_id", "parent_id", "valid_from", "valid_to")
    for unit_id, parent_id, valid_from, valid_to in versions:
        if (valid_from is None or valid_from <= on) and (valid_to is None or valid_to > on):
            parents[unit_id] = parent_id
    result: dict[int, int | None] = {}
    for pk in units:
        node: int | None = pk
        seen = 0
        while node is not None and units.get(node, (None,))[0] != level and seen < 12:
            node = parents.get(node)
            seen += 1
        result[pk] = node if node is not None and units.get(node, (None,))[0] == level else None
    return result
