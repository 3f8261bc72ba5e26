"""The one scoping mechanism: what a user may see and change, by role and territory.

It lives in `core`, below every app: territory and accounts use it as much as the apps above
them do, so it imports none of them (models are named through the app registry).

Every model that holds territorial or personal data uses `ScopedQuerySet` and declares
which administrative unit decides its scope (`scope_unit`, a lookup path) and which
action reading it requires (`scope_view_action`). Views, exports, API, form choices and
file downloads all go through `visible_to(user, action)`; what falls outside is a 404.

A model that no unit decides declares one of two other rules instead, still applied here:
`scope_through` (the name of a foreign key: a row is visible when the row it points to is,
as a partner's contact persons follow their partner), or `scope_rule(user, action, grants)`
(a Q built from the user's `Grants`, as partners are seen where they commit and support).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from siccs.accounts.models import Assignment
    from siccs.territory.models import AdministrativeUnit


class Action(StrEnum):
    VIEW = "view"  # non-personal data of objects in scope
    CHANGE = "change"  # create and edit objects in scope
    VIEW_PERSONAL = "view_personal"  # names and phones of members
    TRIAGE = "triage"  # handle citizen reports, reveal an informant's phone
    ANALYSE = "analyse"  # national figures and exports without personal data
    ADMINISTER = "administer"  # methodology, users, imports, audit trail
    REVIEW = "review"  # fix and apply, or reject, field submissions that could not be applied


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("national administrator")
    NATIONAL_ANALYST = "national_analyst", _("national analyst")
    FOCAL_POINT = "focal_point", _("regional focal point")
    SECRETARY = "secretary", _("committee secretary")
    PARTNER_VIEWER = "partner_viewer", _("partner viewer (PTF)")


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.NATIONAL_ADMIN: frozenset(Action),
    # Analysts read every figure but no member names or informant data: need to know.
    Role.NATIONAL_ANALYST: frozenset({Action.VIEW, Action.ANALYSE}),
    Role.FOCAL_POINT: frozenset(
        {
            Action.VIEW,
            Action.CHANGE,
            Action.VIEW_PERSONAL,
            Action.TRIAGE,
            Action.ANALYSE,
            Action.REVIEW,
        }
    ),
    Role.SECRETARY: frozenset({Action.VIEW, Action.CHANGE, Action.VIEW_PERSONAL, Action.TRIAGE}),
    Role.PARTNER_VIEWER: frozenset({Action.VIEW}),
}

NOTHING = Q(pk__in=[])


def assignments_of(user: Any) -> list[Assignment]:
    """The user's active assignments, read once per request and cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_siccs_assignments", None)
    if cached is None:
        cached = list(user.assignments.filter(active=True).select_related("unit"))
        user._siccs_assignments = cached
    return cached


def user_has_action(user: Any, action: str) -> bool:
    """Whether any assignment of the user grants `action`, anywhere."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(action in ROLE_ACTIONS[a.role] for a in assignments_of(user))


def is_partner_only(user: Any) -> bool:
    """Whether the user holds only partner-viewer assignments: such a user sees counts of
    what has no partner rule (citizens' concerns), never the rows, so pages say so."""
    if getattr(user, "is_superuser", False):
        return False
    return {a.role for a in assignments_of(user)} == {Role.PARTNER_VIEWER}


def is_national(user: Any, action: str = Action.VIEW) -> bool:
    """Whether the user holds `action` over the whole country."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(
        action in ROLE_ACTIONS[a.role]
        and a.unit.parent_id is None
        and a.role != Role.PARTNER_VIEWER
        for a in assignments_of(user)
    )


def partner_ids_of(user: Any) -> set[int]:
    return {
        a.partner_id for a in assignments_of(user) if a.role == Role.PARTNER_VIEWER and a.partner_id
    }


@dataclass(frozen=True)
class Grants:
    """Where one user holds one action: the whole country, or some units and some partners.

    Read once from the assignments (roles, units, partners), so that a model whose rows no
    single unit decides (`scope_rule`) turns the grants into its own filter without reading
    roles and assignments again.
    """

    everything: bool = False
    # Units of the territorial (not partner-viewer) assignments that grant the action.
    units: tuple[AdministrativeUnit, ...] = ()
    # Partners of the partner-viewer assignments that grant the action.
    partner_ids: frozenset[int] = frozenset()

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.units or self.partner_ids)


def grants_of(user: Any, action: str) -> Grants:
    """The user's `Grants` for `action`: `everything` exactly when `is_national(user, action)`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Grants()
    if user.is_superuser:
        return Grants(everything=True)
    units: list[AdministrativeUnit] = []
    partner_ids: set[int] = set()
    for assignment in assignments_of(user):
        if action not in ROLE_ACTIONS[assignment.role]:
            continue
        if assignment.role == Role.PARTNER_VIEWER:
            if assignment.partner_id:
                partner_ids.add(assignment.partner_id)
            continue
        if assignment.unit.parent_id is None:
            return Grants(everything=True)
        units.append(assignment.unit)
    return Grants(units=tuple(units), partner_ids=frozenset(partner_ids))


# scope_rule(user, action, grants) -> Q, called only when the grants are neither
# everything nor nothing.
ScopeRule = Callable[[Any, str, Grants], Q]


def scope_filter(user: Any, action: str, unit_lookup: str, partner_q: Any = None) -> Q:
    """A Q object keeping rows whose deciding unit lies inside a unit where the user holds `action`.

    `unit_lookup` leads from the model to its AdministrativeUnit ("" for the unit itself).
    `partner_q(partner_id)` narrows what partner viewers see to what their partner supports.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    prefix = f"{unit_lookup}__" if unit_lookup else ""
    result = NOTHING
    for assignment in assignments_of(user):
        if action not in ROLE_ACTIONS[assignment.role]:
            continue
        if assignment.unit.parent_id is None and assignment.role != Role.PARTNER_VIEWER:
            return Q()  # a national role over the root sees everything
        q = Q(**{f"{prefix}path__startswith": assignment.unit.path})
        if assignment.role == Role.PARTNER_VIEWER:
            if partner_q is None or not assignment.partner_id:
                # Without a partner rule, partners see only the territory tree itself.
                if unit_lookup:
                    continue
            else:
                q &= partner_q(assignment.partner_id)
        result |= q
    return result


def through_committee(path: str) -> Any:
    """A `scope_partner_q` for a model reached from a committee by `path`.

    One rule decides which committees a partner supports (`Committee.scope_partner_q`); the
    models hanging off a committee delegate to it instead of restating it.
    """

    def partner_q(partner_id: int) -> Q:
        from django.apps import apps

        committee = apps.get_model("committees", "Committee")
        supported = committee._base_manager.filter(committee.scope_partner_q(partner_id))
        return Q(**{f"{path}__in": supported.values("pk")})

    return staticmethod(partner_q)


class ScopedQuerySet(models.QuerySet):
    """Queryset of a model that declares `scope_view_action` and the rule that decides its
    scope: `scope_unit`, else `scope_through` or `scope_rule` (see the module's docstring)."""

    def visible_to(self, user: Any, action: str | None = None) -> ScopedQuerySet:
        model = self.model
        action = action or getattr(model, "scope_view_action", Action.VIEW)
        through = getattr(model, "scope_through", None)
        if through is not None:
            # The row follows the one it points to, under the same action.
            target = model._meta.get_field(through).related_model
            visible = target._default_manager.visible_to(user, action)
            return self.filter(**{f"{through}__in": visible.values("pk")})
        rule: ScopeRule | None = getattr(model, "scope_rule", None)
        if rule is not None:
            grants = grants_of(user, action)
            if grants.everything:
                return self.all()
            if grants.nothing:
                return self.filter(NOTHING)
            return self.filter(rule(user, action, grants))
        partner_q = getattr(model, "scope_partner_q", None)
        q = scope_filter(user, action, model.scope_unit, partner_q)
        multivalued = partner_q is not None or getattr(model, "scope_multivalued", False)
        if multivalued and q not in (Q(), NOTHING):
            # The rule crosses a multi-valued relation: keep each row once.
            return self.filter(pk__in=model._base_manager.filter(q).values("pk"))
        return self.filter(q)


def get_visible_or_404(queryset: Any, user: Any, action: str | None = None, **lookup: Any) -> Any:
    """The access helper every object view begins with: out of scope is a 404, not a 403."""
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset.objects.all()
    try:
        return queryset.visible_to(user, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def can(user: Any, action: str, obj: models.Model) -> bool:
    """Whether `user` holds `action` on this very object (one query)."""
    return type(obj)._default_manager.visible_to(user, action).filter(pk=obj.pk).exists()


def require_action(user: Any, action: str) -> None:
    """Pages that are not about one object (configuration, audit trail) answer 403."""
    if not user_has_action(user, action):
        raise PermissionDenied


def require_national(user: Any, action: str = Action.VIEW) -> None:
    """Pages of the whole country (national configuration, operations) answer 403 unless
    the user holds `action` over the whole country (`is_national`), not merely somewhere
    (`require_action`)."""
    if not is_national(user, action):
        raise PermissionDenied


def get_reserved_or_404(
    queryset: Any, user: Any, action: str, *, national: bool = False, **lookup: Any
) -> Any:
    """An object no territory decides (national configuration: methodology, unit costs),
    reserved by role: 403 without `action` (anywhere, or over the whole country with
    `national`), then 404 when absent. Views call it instead of a manager of their own."""
    if national:
        require_national(user, action)
    else:
        require_action(user, action)
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset.objects.all()
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def ensure_unit_in_scope(user: Any, unit: AdministrativeUnit, action: str = Action.CHANGE) -> None:
    """Re-checked inside a write transaction, so that nobody moves data out of their own scope."""
    # By name: the mechanism sits below the territory app that uses it (docs/development/layers.md).
    from django.apps import apps

    units = apps.get_model("territory", "AdministrativeUnit")
    if not units.objects.visible_to(user, action).filter(pk=unit.pk).exists():
        raise PermissionDenied
