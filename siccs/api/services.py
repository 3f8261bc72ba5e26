"""Creating and revoking personal API tokens; both are audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siccs.api.models import ApiToken
from siccs.api.tokens import SHOWN_CHARS, key_hash, new_key
from siccs.audit.services import audit_record
from siccs.core import dates
from siccs.core.errors import DomainError


def _facts(token: ApiToken) -> dict[str, Any]:
    # Never the hash: what the audit trail keeps says which token, not how to forge it.
    return {
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": str(token.expires_at),
        "revoked_at": str(token.revoked_at) if token.revoked_at else None,
    }


@transaction.atomic
def token_create(
    *, user: Any, name: str, expires_on: dt.date, today: dt.date | None = None
) -> tuple[ApiToken, str]:
    """A personal token for `user`, valid until the end of `expires_on` (Bamako time), at
    most API_TOKEN_MAX_DAYS ahead. Returns the token and its key, which is shown once and
    never stored."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied
    today = today or dates.today()
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name."), field="name")
    if expires_on <= today:
        raise DomainError(_("The expiry date must come after today."), field="expires_on")
    if expires_on > today + dt.timedelta(days=settings.API_TOKEN_MAX_DAYS):
        raise DomainError(
            _("A token lives at most %(days)s days.") % {"days": settings.API_TOKEN_MAX_DAYS},
            field="expires_on",
        )
    key = new_key()
    end_of_day = dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time.min)
    token = ApiToken(
        user=user,
        name=name[:100],
        prefix=key[:SHOWN_CHARS],
        key_hash=key_hash(key),
        expires_at=timezone.make_aware(end_of_day),
    )
    token.full_clean()
    token.save()
    audit_record(user=user, obj=token, verb="create", after=_facts(token))
    return token, key


@transaction.atomic
def token_revoke(*, user: Any, token: ApiToken) -> ApiToken:
    """Revoke one of the user's own tokens; it stops working at once."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != user.pk:
        raise PermissionDenied
    if token.revoked_at is not None:
        return token
    before = _facts(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(user=user, obj=token, verb="revoke", before=before, after=_facts(token))
    return token
