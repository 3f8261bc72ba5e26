"""Creating users, inviting them and giving them roles over territories (national
administrators only). Every change is written to the audit trail."""

from __future__ import annotations

import secrets
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from siccs.accounts.models import Assignment, User
from siccs.accounts.scoping import Action, Role, ensure_unit_in_scope, user_has_action
from siccs.audit.services import audit_record, snapshot
from siccs.core.errors import DomainError
from siccs.territory.models import AdministrativeUnit

# What the administrator may change of an account; the username is the login, kept.
USER_FIELDS = ("first_name", "last_name", "email", "preferred_language")


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
    role: str = "",
    unit: AdministrativeUnit | None = None,
    partner: Any = None,
) -> User:
    """A new account with a random password nobody knows: the person sets theirs through
    the invitation. A first role may be given in the same transaction, so that a refused
    role leaves no account behind."""
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
    if role and unit is not None:
        assignment_add(actor=actor, user=user, role=role, unit=unit, partner=partner)
    return user


@transaction.atomic
def user_update(*, actor: Any, user: User, **values: Any) -> User:
    """Change who the person is (names, e-mail, language); the username stays."""
    _ensure_admin(actor)
    before = _user_snapshot(user)
    for name in USER_FIELDS:
        if name in values:
            setattr(user, name, values[name])
    user.full_clean()
    user.save(update_fields=list(USER_FIELDS))
    audit_record(user=actor, obj=user, verb="update", before=before, after=_user_snapshot(user))
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user: User) -> User:
    """Close an account: the person can no longer log in, their roles stay on record and
    come back with a reactivation."""
    _ensure_admin(actor)
    if user.pk == actor.pk:
        raise DomainError(_("You cannot deactivate your own account."))
    return _set_active(actor=actor, user=user, active=False)


@transaction.atomic
def user_reactivate(*, actor: Any, user: User) -> User:
    _ensure_admin(actor)
    return _set_active(actor=actor, user=user, active=True)


def _set_active(*, actor: Any, user: User, active: bool) -> User:
    before = _user_snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    verb = "reactivate" if active else "deactivate"
    audit_record(user=actor, obj=user, verb=verb, before=before, after=_user_snapshot(user))
    return user


def invitation_link(user: User, site_url: str) -> str:
    """The one-time link that lets the person choose a password (valid for
    PASSWORD_RESET_TIMEOUT seconds, and until the password or the last login changes)."""
    path = reverse(
        "invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return site_url.rstrip("/") + path


def user_invite(*, actor: Any, user: User, site_url: str) -> None:
    """E-mail the person an invitation, in their language: who they are on the platform,
    their roles, and the link to choose a password. Audited once the mail has left."""
    _ensure_admin(actor)
    if not user.is_active:
        raise DomainError(_("This account is deactivated: reactivate it first."))
    if not user.email:
        raise DomainError(_("This account has no e-mail address: add one first."))
    roles = [str(a) for a in user.assignments.filter(active=True).select_related("unit")]
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "actor": actor,
            "roles": roles,
            "link": invitation_link(user, site_url),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        body = render_to_string("accounts/email/invitation.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email])
    except (SMTPException, OSError) as error:
        raise DomainError(
            _("The invitation could not be sent (%(error)s). Try again later.") % {"error": error}
        ) from error
    audit_record(user=actor, obj=user, verb="invite", before={}, after={}, reason=user.email[:255])


def user_password_recorded(*, user: User) -> None:
    """A person chose their password through their link: recorded, without any value."""
    audit_record(user=user, obj=user, verb="password_set", before={}, after={})


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
