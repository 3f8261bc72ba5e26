"""Reading the territory: subtrees, the structure in force at a date, name matching."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

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


def _covering(on: dt.date) -> QuerySet:
    """The versions (name and parent of a period) in force on `on`."""
    return UnitVersion.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=on),
        Q(valid_to__isnull=True) | Q(valid_to__gt=on),
    )


def unit_children(*, user: Any, unit: AdministrativeUnit, on: dt.date | None = None) -> QuerySet:
    """The units directly inside `unit`: today's tree, or the one in force on `on`.

    A unit with a version covering `on` belonged to that version's parent then; the
    others to their current parent. Each row carries `name_on`, its name on that date.
    """
    qs = AdministrativeUnit.objects.visible_to(user)
    if on is None:
        return qs.filter(parent=unit).annotate(name_on=F("name")).order_by("level", "name")
    covering = _covering(on)
    # Units carved out of this one later (Ménaka out of Gao in 2016): what lay directly
    # under them lay under this unit then.
    later = AdministrativeUnit.objects.filter(predecessor=unit, valid_from__gt=on).values("pk")
    qs = qs.in_force(on).filter(
        Q(pk__in=covering.filter(parent=unit).values("unit_id"))
        | (Q(parent=unit) & ~Q(pk__in=covering.values("unit_id")))
        | (Q(parent__in=later) & ~Q(pk__in=covering.values("unit_id")))
    )
    name_then = covering.filter(unit_id=OuterRef("pk")).values("name")[:1]
    return qs.annotate(name_on=Coalesce(Subquery(name_then), F("name"))).order_by("level", "name")


def parent_on(unit: AdministrativeUnit, on: dt.date) -> AdministrativeUnit | None:
    """The parent `unit` had on `on` (one query, two with a version)."""
    version = _covering(on).filter(unit=unit).select_related("parent").first()
    if version is not None:
        return version.parent
    return unit.parent


def name_on(unit: AdministrativeUnit, on: dt.date | None) -> str:
    if on is None:
        return unit.name
    version = _covering(on).filter(unit=unit).first()
    return version.name if version else unit.name


def ancestors_on(unit: AdministrativeUnit, on: dt.date | None) -> list[AdministrativeUnit]:
    """The chain from the root down to the unit's parent, as it was on `on`."""
    if on is None:
        return list(unit.ancestors().exclude(pk=unit.pk))
    chain: list[AdministrativeUnit] = []
    node = parent_on(unit, on)
    while node is not None and len(chain) < 8:
        chain.insert(0, node)
        node = parent_on(node, on)
    return chain


@dataclass
class TreeOn:
    """The whole tree as it stood on a date, in memory: each unit's level and the parent
    it had then (its dated version's, else its current one), where a parent that did not
    exist yet is replaced by the unit it was carved out of (`predecessor`), as many times
    as needed. So a cercle recorded directly under Ménaka lies in Gao in 2015."""

    on: dt.date
    levels: dict[int, int]
    parents: dict[int, int | None]
    valid_from: dict[int, dt.date | None]
    predecessors: dict[int, int | None]

    def in_force(self, pk: int | None) -> int | None:
        """`pk`, or the unit it was carved out of if it did not exist yet on the date."""
        for _step in range(12):  # a guard against a cycle in bad data
            if pk is None:
                return None
            start = self.valid_from.get(pk)
            if start is None or start <= self.on or self.predecessors.get(pk) is None:
                return pk
            pk = self.predecessors[pk]
        return pk

    def parent(self, pk: int) -> int | None:
        return self.in_force(self.parents.get(pk))

    def ancestor_at_level(self, pk: int, level: int) -> int | None:
        node: int | None = self.in_force(pk)
        for _step in range(12):
            if node is None or self.levels.get(node, -1) <= level:
                break
            node = self.parent(node)
        return node if node is not None and self.levels.get(node) == level else None


def tree_on(on: dt.date) -> TreeOn:
    """The tree in force on `on` (see `TreeOn`), read in two queries."""
    levels: dict[int, int] = {}
    parents: dict[int, int | None] = {}
    starts: dict[int, dt.date | None] = {}
    predecessors: dict[int, int | None] = {}
    for (
        pk,
        lvl,
        parent_id,
        valid_from,
        predecessor_id,
    ) in AdministrativeUnit.objects.order_by().values_list(
        "pk", "level", "parent_id", "valid_from", "predecessor_id"
    ):
        levels[pk] = lvl
        parents[pk] = parent_id
        if predecessor_id is not None:
            starts[pk] = valid_from
            predecessors[pk] = predecessor_id
    # The version in force on `on` decides; units without one keep their current parent.
    for unit_id, parent_id in _covering(on).order_by().values_list("unit_id", "parent_id"):
        parents[unit_id] = parent_id
    return TreeOn(on, levels, parents, starts, predecessors)


def ancestor_at_level_map(on: dt.date, level: int = Level.REGION) -> dict[int, int | None]:
    """For every unit, its ancestor at `level` in the structure in force on `on`.

    Two queries whatever the size of the country: units and their dated versions are
    read once and the parent chain of that date is walked in memory, so that figures
    can be grouped by the regions as they were (or are) without a query per row.
    A unit that is itself at `level` maps to itself (or, before it existed, to the unit
    it was carved out of); units above it map to None.
    """
    tree = tree_on(on)
    return {pk: tree.ancestor_at_level(pk, level) for pk in tree.levels}


def units_inside_on(area: AdministrativeUnit, on: dt.date) -> list[int]:
    """Ids of the units inside `area` (itself included) in the structure in force on `on`:
    what lists filter by when a figure counts "Mopti in 2021" after a reform moved communes."""
    return [u for u, a in ancestor_at_level_map(on, area.level).items() if a == area.pk]


@dataclass
class MovePreview:
    """What changes region when `unit` (and everything inside it) moves on a date."""

    unit: AdministrativeUnit
    region_before: str
    region_after: str
    committees: int
    members: int
    sessions: int
    commitments: int

    @property
    def changes_region(self) -> bool:
        return self.region_before != self.region_after


def reform_preview(
    *, moves: list[tuple[AdministrativeUnit, AdministrativeUnit | str | None]], on: dt.date
) -> dict[str, Any]:
    """For each unit a reform moves (with its target: a unit, or the name of a region to
    create), the region it lay in the day before `on` and the one it lies in from `on`,
    and how many committees, members in office on `on`, sessions held from `on` and
    partners' commitments still running then lie inside it: what the reform changes in
    the figures by region. A few queries per unit moved (a reform moves a handful)."""
    from django.apps import apps

    Committee = apps.get_model("committees", "Committee")
    Membership = apps.get_model("committees", "Membership")
    Session = apps.get_model("meetings", "Session")
    Commitment = apps.get_model("partners", "Commitment")
    before = tree_on(on - dt.timedelta(days=1))
    names = dict(AdministrativeUnit.objects.filter(level=Level.REGION).values_list("pk", "name"))
    rows = []
    for unit, target in moves:
        region_before = names.get(before.ancestor_at_level(unit.pk, Level.REGION) or 0, "–")
        if isinstance(target, str):
            region_after = target
        elif target is None:
            region_after = region_before
        elif target.level == Level.REGION:
            region_after = target.name
        else:
            region_after = names.get(before.ancestor_at_level(target.pk, Level.REGION) or 0, "–")
        committees = Committee.objects.filter(unit__path__startswith=unit.path)
        rows.append(
            MovePreview(
                unit=unit,
                region_before=region_before,
                region_after=region_after,
                committees=committees.count(),
                members=Membership.objects.filter(
                    Q(start_on__isnull=True) | Q(start_on__lte=on),
                    Q(end_on__isnull=True, active=True) | Q(end_on__gt=on),
                    committee__in=committees,
                ).count(),
                sessions=Session.objects.filter(committee__in=committees, held_on__gte=on).count(),
                commitments=Commitment.objects.filter(
                    Q(unit__path__startswith=unit.path) | Q(committees__in=committees),
                    end_on__gte=on,
                )
                .distinct()
                .count(),
            )
        )
    moving = [r for r in rows if r.changes_region]
    return {
        "on": on,
        "rows": rows,
        "committees": sum(r.committees for r in moving),
        "members": sum(r.members for r in moving),
        "sessions": sum(r.sessions for r in moving),
        "commitments": sum(r.commitments for r in moving),
    }
