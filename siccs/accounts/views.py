"""The user's own account: roles held and where."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from siccs.accounts.scoping import assignments_of


def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", {"assignments": assignments_of(request.user)})
