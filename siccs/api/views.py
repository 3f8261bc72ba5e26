"""Token pages: a user creates, sees and revokes their own personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siccs.api import selectors, services
from siccs.api.forms import TokenForm
from siccs.core.errors import DomainError


def token_list(request: HttpRequest) -> HttpResponse:
    """The user's tokens; creating one shows its key on this answer only, never again."""
    form = TokenForm(request.POST or None)
    created_key = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, created_key = services.token_create(user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            form = TokenForm()
    response = render(
        request,
        "api/token_list.html",
        {
            "form": form,
            "created_key": created_key,
            "tokens": selectors.tokens_of(request.user),
        },
    )
    # The page may carry a key: never kept by a cache or the browser's history.
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.token_of_or_404(request.user, token_id)
    services.token_revoke(user=request.user, token=token)
    messages.success(request, _("Token revoked: it no longer works."))
    return redirect("api:token_list")
