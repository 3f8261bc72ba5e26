"""The user's own account, and user management for national administrators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.forms import PasswordResetForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siccs.accounts import selectors, services, throttle
from siccs.accounts.forms import AssignmentForm, UserCreateForm
from siccs.accounts.models import Assignment
from siccs.accounts.scoping import Action, assignments_of, get_visible_or_404, require_action
from siccs.core.errors import DomainError


def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", {"assignments": assignments_of(request.user)})


def user_list(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.ADMINISTER)
    return render(
        request, "accounts/user_list.html", {"users": selectors.user_list(actor=request.user)}
    )


def user_create(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.ADMINISTER)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            if user.email:
                # The person chooses a password through the reset link: no password travels by hand.
                reset = PasswordResetForm({"email": user.email})
                if reset.is_valid():
                    reset.save(request=request, use_https=request.is_secure())
            messages.success(request, _("Account created. Now give it a role."))
            return redirect("user_detail", user_id=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    require_action(request.user, Action.ADMINISTER)
    user = selectors.user_list(actor=request.user).filter(pk=user_id).first()
    if user is None:
        raise Http404
    form = AssignmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_add(actor=request.user, user=user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Role given."))
            return redirect("user_detail", user_id=user.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {"person": user, "form": form, "locked": user.username in throttle.locked_usernames()},
    )


@require_POST
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    """Lift a login lockout before its time (audited)."""
    require_action(request.user, Action.ADMINISTER)
    user = selectors.user_list(actor=request.user).filter(pk=user_id).first()
    if user is None:
        raise Http404
    throttle.user_unlock(actor=request.user, user=user)
    messages.success(request, _("The account is unlocked."))
    return redirect("user_detail", user_id=user.pk)


@require_POST
def assignment_end(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_visible_or_404(Assignment, request.user, Action.ADMINISTER, pk=assignment_id)
    services.assignment_end(actor=request.user, assignment=assignment)
    messages.success(request, _("Role withdrawn."))
    return redirect("user_detail", user_id=assignment.user_id)
