"""Reading a user's own API tokens: a token is seen by its owner alone."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from siccs.api.models import ApiToken


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def token_of_or_404(user: Any, token_id: int) -> ApiToken:
    """The access helper of the token pages: another user's token is a 404."""
    token = tokens_of(user).filter(pk=token_id).first()
    if token is None:
        raise Http404
    return token
