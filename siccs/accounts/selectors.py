"""Reading users: administrators see the accounts holding a role inside their scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from siccs.accounts.models import Assignment, User
from siccs.accounts.scoping import Action, user_has_action


def user_list(*, actor: Any) -> QuerySet[User]:
    """Accounts with a role the actor administers, and accounts with no role yet."""
    if not user_has_action(actor, Action.ADMINISTER):
        return User.objects.none()
    visible = Assignment.objects.visible_to(actor)
    return (
        User.objects.filter(Q(pk__in=visible.values("user_id")) | Q(assignments__isnull=True))
        .distinct()
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit", "partner"))
        )
        .order_by("username")
    )
