"""Login throttling with django-axes: the French lockout page, the audit of lockouts and
unlocks, and the administrator's unlock.

Axes counts failed logins per account and per address (settings `AXES_*`), on every
login that goes through Django's `authenticate()` with the request: the application's
`/login/` and the admin's `/admin/login/` alike.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from siccs.accounts.scoping import Action, is_national


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The page a locked-out visitor gets (429), in French, saying for how long."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


def username_of(request: HttpRequest, credentials: Any = None) -> str:
    """The username axes records, cut to what a username can be (a guesser's 10,000
    characters would not fit its table, and would end the login in an error)."""
    from django.conf import settings

    field = str(settings.AXES_USERNAME_FORM_FIELD)
    name = credentials.get(field) if isinstance(credentials, dict) else None
    if not name and request is not None:
        name = request.POST.get(field, "")
    return str(name or "")[:150]


def locked_usernames() -> set[str]:
    """Accounts whose failures reached the limit and whose lock has not expired yet."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        ).values_list("username", flat=True)
    )


def _audit(*, user: Any, verb: str, username: str, address: str = "") -> None:
    from siccs.accounts.models import User
    from siccs.audit.models import AuditEntry
    from siccs.territory.selectors import country

    account = User.objects.filter(username=username).first()
    AuditEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        verb=verb,
        model="accounts.user",
        object_id=str(account.pk) if account else "",
        object_repr=(username or address)[:255],
        changes={"address": [None, address]} if address else {},
        # Lockouts concern the whole platform: national administrators read them.
        unit=country(),
    )


@transaction.atomic
def user_unlock(*, actor: Any, user: Any) -> int:
    """Lift the lock on an account before its time (a person locked out by someone else's
    guessing); audited. Returns the number of failure records removed."""
    from axes.utils import reset
    from django.core.exceptions import PermissionDenied

    if not is_national(actor, Action.ADMINISTER):
        raise PermissionDenied
    removed = reset(username=user.username)
    _audit(user=actor, verb="unlock", username=user.username)
    return removed


def _on_lockout(
    sender: Any, request: Any = None, username: str = "", ip_address: str = "", **kwargs: Any
) -> None:
    _audit(user=None, verb="lockout", username=username or "", address=ip_address or "")


def connect() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_on_lockout, dispatch_uid="siccs_lockout_audit")
