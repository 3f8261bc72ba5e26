"""Composition rules of a committee: women, youth and the categories its level expects.

Loi n°2015-052 asks for at least 30 % of either sex in appointments; whether it binds
CCS membership is not settled, so every rule here yields a warning with its reason,
never a block. A member counts on date D when their mandate covers D.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from siccs.committees.models import AgeGroup, Committee, CommitteeLevel, Membership, Sex
from siccs.core import dates

WOMEN_TARGET = Decimal("0.30")
YOUTH_MAX_AGE = 35


def active_on(on: dt.date, prefix: str = "") -> Q:
    """Memberships whose mandate covers `on`; an inactive seat without end date never counts."""
    p = prefix
    return (
        (Q(**{f"{p}start_on__isnull": True}) | Q(**{f"{p}start_on__lte": on}))
        & (Q(**{f"{p}end_on__isnull": True}) | Q(**{f"{p}end_on__gt": on}))
        & (Q(**{f"{p}active": True}) | Q(**{f"{p}end_on__isnull": False}))
    )


def is_young(age_group: str, birth_year: int | None, on: dt.date) -> bool:
    if birth_year:
        return on.year - birth_year <= YOUTH_MAX_AGE
    return age_group == AgeGroup.YOUTH


@dataclass
class Composition:
    total: int = 0
    women: int = 0
    youth: int = 0
    categories: set[str] = field(default_factory=set)
    expected: list[Any] = field(default_factory=list)  # MemberCategory of the level
    warnings: list[str] = field(default_factory=list)

    @property
    def men(self) -> int:
        return self.total - self.women

    @property
    def women_share(self) -> Decimal | None:
        return Decimal(self.women) / self.total if self.total else None

    @property
    def youth_share(self) -> Decimal | None:
        return Decimal(self.youth) / self.total if self.total else None

    @property
    def missing(self) -> list[Any]:
        return [c for c in self.expected if c.code not in self.categories]

    @property
    def present(self) -> list[Any]:
        return [c for c in self.expected if c.code in self.categories]

    def add(self, sex: str, age_group: str, birth_year: int | None, code: str, on: dt.date) -> None:
        self.total += 1
        self.women += sex == Sex.FEMALE
        self.youth += is_young(age_group, birth_year, on)
        self.categories.add(code)

    def judge(self) -> Composition:
        """Fill `warnings` with each rule the composition does not meet, and why."""
        self.warnings = []
        if not self.total:
            self.warnings.append(_("No active member is recorded."))
            return self
        if self.women_share < WOMEN_TARGET:
            self.warnings.append(
                _(
                    "Women are %(share)s %% of the members, below the 30 %% of Loi "
                    "n°2015-052 (%(women)s of %(total)s)."
                )
                % {
                    "share": round(self.women_share * 100),
                    "women": self.women,
                    "total": self.total,
                }
            )
        if not self.youth:
            self.warnings.append(_("No young member (35 or under)."))
        if self.missing:
            self.warnings.append(
                _("The decree expects members these categories lack: %(names)s.")
                % {"names": ", ".join(str(c) for c in self.missing)}
            )
        return self


VALUES = (
    "committee_id",
    "person__sex",
    "person__age_group",
    "person__birth_year",
    "category__code",
)


def _expected_by_level() -> dict[int, list[Any]]:
    return {
        level.pk: list(level.expected_categories.order_by("order"))
        for level in CommitteeLevel.objects.prefetch_related("expected_categories")
    }


def composition_for(committee: Committee, on: dt.date | None = None) -> Composition:
    """The composition of one committee on `on`, counts only (no names), in two queries."""
    on = on or dates.today()
    result = Composition(expected=list(committee.level.expected_categories.order_by("order")))
    rows = Membership.objects.filter(active_on(on), committee=committee).values_list(*VALUES)
    for _committee, sex, age_group, birth_year, code in rows:
        result.add(sex, age_group, birth_year, code, on)
    return result.judge()


def compositions(
    committees: QuerySet[Committee], on: dt.date | None = None
) -> dict[int, Composition]:
    """Compositions of many committees (already scoped by the caller) in a few queries."""
    on = on or dates.today()
    expected = _expected_by_level()
    result = {
        pk: Composition(expected=expected.get(level_id, []))
        for pk, level_id in committees.values_list("pk", "level_id")
    }
    rows = Membership.objects.filter(active_on(on), committee__in=committees.values("pk"))
    for committee_id, sex, age_group, birth_year, code in rows.values_list(*VALUES):
        result[committee_id].add(sex, age_group, birth_year, code, on)
    for composition in result.values():
        composition.judge()
    return result


@dataclass
class RegionComposition:
    region_id: int | None
    name: str
    committees: int = 0
    members: int = 0
    women: int = 0
    youth: int = 0
    below_target: int = 0
    missing_categories: int = 0
    without_members: int = 0

    @property
    def women_share(self) -> Decimal | None:
        return Decimal(self.women) / self.members if self.members else None

    @property
    def youth_share(self) -> Decimal | None:
        return Decimal(self.youth) / self.members if self.members else None

    @property
    def warnings(self) -> list[str]:
        found = []
        if self.women_share is not None and self.women_share < WOMEN_TARGET:
            found.append(_("Women below the 30 % target of Loi n°2015-052."))
        if self.below_target:
            found.append(_("%(n)s committee(s) below the 30 %% target.") % {"n": self.below_target})
        if self.missing_categories:
            found.append(
                _("%(n)s committee(s) lack a category the decree expects.")
                % {"n": self.missing_categories}
            )
        if self.without_members:
            found.append(
                _("%(n)s committee(s) without any member recorded.") % {"n": self.without_members}
            )
        return found


def composition_by_region(
    committees: QuerySet[Committee], on: dt.date | None = None
) -> list[RegionComposition]:
    """Composition aggregated per region, from the committees given (already scoped)."""
    from siccs.committees.selectors import region_id_of, region_names

    names = region_names()
    per_committee = compositions(committees, on)
    regions: dict[int | None, RegionComposition] = {}
    units = dict(committees.values_list("pk", "unit__path"))
    grouped: dict[int | None, list[Composition]] = defaultdict(list)
    for pk, composition in per_committee.items():
        grouped[region_id_of(units[pk])].append(composition)
    for region_id, items in grouped.items():
        row = regions.setdefault(
            region_id, RegionComposition(region_id, names.get(region_id, _("National")))
        )
        for c in items:
            row.committees += 1
            row.members += c.total
            row.women += c.women
            row.youth += c.youth
            row.below_target += bool(c.total and c.women_share < WOMEN_TARGET)
            row.missing_categories += bool(c.missing)
            row.without_members += not c.total
    return sorted(regions.values(), key=lambda r: r.name)
