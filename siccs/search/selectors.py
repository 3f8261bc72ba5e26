"""One search box over what a user may see: committees, members, concerns,
recommendations, citizen reports (by tracking code) and, for administrators, users.

Every group is read through the scoping mechanism (`visible_to(user, action)`), so a
result a user may not open never appears: members need `Action.VIEW_PERSONAL`, citizen
reports `Action.TRIAGE` (their manager's rule), users `Action.ADMINISTER`. Words are
matched accent- and case-free (`siccs.search.folding`); every word must be found.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from siccs.accounts.scoping import Action, user_has_action
from siccs.search.folding import Fold, fold
from siccs.territory.models import Level

MIN_LENGTH = 2
MAX_LENGTH = 100
MAX_WORDS = 6
LIMIT = 20  # results shown per group; more means the words should be narrowed


@dataclass
class Hit:
    title: str
    url: str
    detail: str = ""
    badge: str = ""
    badge_class: str = ""


@dataclass
class Group:
    key: str
    label: Any
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # more than LIMIT matched


def words_of(query: str) -> list[str]:
    """The folded words of a query; empty when it is too short to search."""
    query = (query or "").strip()[:MAX_LENGTH]
    if len(query) < MIN_LENGTH:
        return []
    return [w for w in (fold(query) or "").split() if w][:MAX_WORDS]


def matching(queryset: QuerySet, words: list[str], *fields: str) -> QuerySet:
    """Rows where every word appears in at least one of `fields`, accents and case aside."""
    names = {f: f"_fold_{i}" for i, f in enumerate(fields)}
    queryset = queryset.annotate(**{alias: Fold(f) for f, alias in names.items()})
    for word in words:
        queryset = queryset.filter(
            reduce(operator.or_, (Q(**{f"{alias}__contains": word}) for alias in names.values()))
        )
    return queryset


def _group(key: str, label: Any, rows: list[Any], make: Any) -> Group:
    return Group(key, label, [make(r) for r in rows[:LIMIT]], more=len(rows) > LIMIT)


def committees(user: Any, words: list[str]) -> Group:
    from siccs.committees.models import Committee

    rows = list(
        matching(Committee.objects.visible_to(user), words, "name", "unit__name")
        .select_related("unit", "unit__parent", "level")
        .order_by("name")[: LIMIT + 1]
    )
    return _group(
        "committees",
        _("Committees"),
        rows,
        lambda c: Hit(
            c.name,
            reverse("committees:committee_detail", args=[c.pk]),
            f"{c.level.name} · {c.unit.name}"
            + (
                f" ({c.unit.parent.name})"
                if c.unit.level > Level.REGION and c.unit.parent_id
                else ""
            ),
        ),
    )


def members(user: Any, words: list[str]) -> Group | None:
    """Members by name: personal data, for those who may see it in the member's committee."""
    from siccs.committees.models import Membership

    if not user_has_action(user, Action.VIEW_PERSONAL):
        return None
    rows = list(
        matching(
            Membership.objects.visible_to(user, Action.VIEW_PERSONAL), words, "person__full_name"
        )
        .select_related("person", "committee", "category")
        .order_by("person__full_name", "-active", "committee__name")[: LIMIT + 1]
    )
    return _group(
        "members",
        _("Members"),
        rows,
        lambda m: Hit(
            m.person.full_name,
            reverse("committees:committee_detail", args=[m.committee_id]),
            f"{m.get_function_display()} · {m.category} · {m.committee.name}",
            "" if m.active else str(_("former member")),
            "" if m.active else "not_applicable",
        ),
    )


def concerns(user: Any, words: list[str]) -> Group:
    from siccs.meetings.models import Concern

    rows = list(
        matching(Concern.objects.visible_to(user), words, "title", "description")
        .select_related("committee")
        .order_by("-received_on", "-pk")[: LIMIT + 1]
    )
    return _group(
        "concerns",
        _("Concerns"),
        rows,
        lambda c: Hit(
            c.title,
            reverse("meetings:concern_detail", args=[c.pk]),
            f"{c.committee.name} · {c.received_on:%d/%m/%Y}",
            c.get_status_display(),
            c.status,
        ),
    )


def recommendations(user: Any, words: list[str]) -> Group:
    from siccs.meetings.models import Recommendation

    rows = list(
        matching(Recommendation.objects.visible_to(user), words, "text")
        .select_related("session__committee")
        .order_by("-adopted_on", "-pk")[: LIMIT + 1]
    )
    return _group(
        "recommendations",
        _("Recommendations"),
        rows,
        lambda r: Hit(
            str(r),
            reverse("meetings:recommendation_detail", args=[r.pk]),
            f"{r.session.committee.name} · {r.adopted_on:%d/%m/%Y}",
            r.get_status_display(),
            r.status,
        ),
    )


def citizen_reports(user: Any, query: str) -> Group | None:
    """A citizen report by its tracking code (`K7M-2QX`, typed with or without the dash),
    for those who triage it: never by its text, which may name people."""
    from siccs.citizens.models import CitizenReport
    from siccs.citizens.services import normalise_code

    code = normalise_code(query.strip())
    if not code or not user_has_action(user, Action.TRIAGE):
        return None
    rows = list(CitizenReport.objects.visible_to(user).filter(tracking_code=code)[:1])
    return _group(
        "reports",
        _("Citizen reports"),
        rows,
        lambda r: Hit(
            r.tracking_code,
            reverse("citizens:report_detail", args=[r.pk]),
            f"{r.get_channel_display()} · {r.received_at:%d/%m/%Y}",
        ),
    )


def users(user: Any, words: list[str]) -> Group | None:
    from siccs.accounts.selectors import user_list

    if not user_has_action(user, Action.ADMINISTER):
        return None
    rows = list(
        matching(user_list(actor=user), words, "username", "first_name", "last_name", "email")[
            : LIMIT + 1
        ]
    )
    return _group(
        "users",
        _("Users"),
        rows,
        lambda u: Hit(
            u.get_full_name() or u.username,
            reverse("user_detail", args=[u.pk]),
            u.username,
            "" if u.is_active else str(_("deactivated")),
            "" if u.is_active else "stalled",
        ),
    )


def search(*, user: Any, query: str) -> list[Group]:
    """The groups with at least one result, in a fixed order (one query per group)."""
    words = words_of(query)
    if not words:
        return []
    groups = [
        citizen_reports(user, query),
        committees(user, words),
        members(user, words),
        concerns(user, words),
        recommendations(user, words),
        users(user, words),
    ]
    return [g for g in groups if g is not None and g.hits]
