"""Creating users and giving them roles over territories (national administrators only)."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from siccs.accounts.models import Assignment, User
from siccs.accounts.scoping import Action, Role, ensure_unit_in_scope, user_has_action
from siccs.audit.services import audit_record, snapshot
from siccs.core.errors import DomainError
from siccs.territory.models import AdministrativeUnit


def _ensure_admin(actor: Any) -> None:
    if not user_has_action(actor, Action.ADMINISTER):
        raise PermissionDenied


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    preferred_language: str = "fr",
) -> User:
    """A new account with a random password nobody knows: the person sets theirs by the reset e-mail."""
    _ensure_admin(actor)
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This username is already taken."), field="username")
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        preferred_language=preferred_language,
    )
    user.set_password(secrets.token_urlsafe(32))
    user.full_clean()
    user.save()
    audit_record(user=actor, obj=user, verb="create", after=_user_snapshot(user))
    return user


def _user_snapshot(user: User) -> dict[str, Any]:
    values = snapshot(user)
    values.pop("password", None)
    values.pop("last_login", None)
    return values


@transaction.atomic
def assignment_add(
    *, actor: Any, user: User, role: str, unit: AdministrativeUnit, partner: Any = None
) -> Assignment:
    """Give `user` a role over `unit`; a partner viewer must name its partner."""
    _ensure_admin(actor)
    ensure_unit_in_scope(actor, unit, Action.ADMINISTER)
    if role == Role.PARTNER_VIEWER and partner is None:
        raise DomainError(_("A partner viewer must be linked to a partner."), field="partner")
    if role != Role.PARTNER_VIEWER:
        partner = None
    if role in (Role.NATIONAL_ADMIN, Role.NATIONAL_ANALYST) and unit.parent_id is not None:
        raise DomainError(_("A national role covers the whole country."), field="unit")
    assignment = Assignment(user=user, role=role, unit=unit, partner=partner)
    assignment.full_clean()
    assignment.save()
    audit_record(user=actor, obj=assignment, verb="create")
    return assignment


@transaction.atomic
def assignment_end(*, actor: Any, assignment: Assignment) -> Assignment:
    """Withdraw a role; the row stays for the record."""
    _ensure_admin(actor)
    before = snapshot(assignment)
    assignment.active = False
    assignment.save(update_fields=["active"])
    audit_record(user=actor, obj=assignment, verb="end", before=before)
    return assignment


def user_language_set(*, user: Any, language: str) -> None:
    """Remember the language a user chose with the switch, so the next login opens in it."""
    from django.conf import settings

    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        User.objects.filter(pk=user.pk).update(preferred_language=language)
