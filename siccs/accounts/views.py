"""The user's own account, user administration for national administrators, and the
pages where a person chooses a password (invitation, forgotten password)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from siccs.accounts import selectors, services, throttle
from siccs.accounts.forms import AssignmentForm, UserCreateAssignmentForm, UserCreateForm, UserForm
from siccs.accounts.models import Assignment, User
from siccs.accounts.scoping import Action, assignments_of, get_visible_or_404, require_action
from siccs.core.errors import DomainError


@login_not_required  # visitors of the public pages switch language too
def set_language(request: HttpRequest) -> HttpResponse:
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response


def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", {"assignments": assignments_of(request.user)})


def _person(request: HttpRequest, user_id: int) -> User:
    """An account the administrator may manage (one holding a role in their scope, or
    none yet); any other is a 404."""
    require_action(request.user, Action.ADMINISTER)
    user = selectors.user_list(actor=request.user).filter(pk=user_id).first()
    if user is None:
        raise Http404
    return user


def _site_url(request: HttpRequest) -> str:
    # The public address, never the request's Host header: behind the proxy that is an
    # internal name, and a forged one would send invitation links elsewhere.
    return settings.SITE_URL.rstrip("/") + "/"


def _invite(request: HttpRequest, user: User) -> bool:
    try:
        services.user_invite(actor=request.user, user=user, site_url=_site_url(request))
    except DomainError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
    return True


def user_list(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.ADMINISTER)
    return render(
        request, "accounts/user_list.html", {"users": selectors.user_list(actor=request.user)}
    )


def user_create(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.ADMINISTER)
    data = request.POST if request.method == "POST" else None
    form = UserCreateForm(data)
    role_form = UserCreateAssignmentForm(data, user=request.user)
    if data is not None and form.is_valid() and role_form.is_valid():
        try:
            user = services.user_create(
                actor=request.user, **form.cleaned_data, **role_form.cleaned_data
            )
        except DomainError as error:
            target = role_form if error.field in role_form.fields else form
            target.add_error(error.field if error.field in target.fields else None, error.message)
        else:
            messages.success(request, _("Account created."))
            # The person chooses a password through the invitation: none travels by hand.
            _invite(request, user)
            return redirect("user_detail", user_id=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "role_form": role_form})


def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _person(request, user_id)
    form = AssignmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_add(actor=request.user, user=user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Role given."))
            return redirect("user_detail", user_id=user.pk)
    context: dict[str, Any] = {
        "person": user,
        "form": form,
        "self": user.pk == request.user.pk,
        "locked": user.username in throttle.locked_usernames(),
    }
    return render(request, "accounts/user_detail.html", context)


def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _person(request, user_id)
    # The form works on its own copy: a ModelForm writes into its instance while it
    # validates, and the service compares the account before and after.
    form = UserForm(request.POST or None, instance=_person(request, user_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Account saved."))
            return redirect("user_detail", user_id=user.pk)
    return render(request, "accounts/user_edit.html", {"person": user, "form": form})


@require_POST
def user_invite(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _person(request, user_id)
    _invite(request, user)
    return redirect("user_detail", user_id=user.pk)


@require_POST
def user_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _person(request, user_id)
    try:
        services.user_deactivate(actor=request.user, user=user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Account deactivated: this person can no longer log in."))
    return redirect("user_detail", user_id=user.pk)


@require_POST
def user_reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _person(request, user_id)
    services.user_reactivate(actor=request.user, user=user)
    messages.success(request, _("Account reactivated."))
    return redirect("user_detail", user_id=user.pk)


@require_POST
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    """Lift a login lockout before its time (audited)."""
    user = _person(request, user_id)
    throttle.user_unlock(actor=request.user, user=user)
    messages.success(request, _("The account is unlocked."))
    return redirect("user_detail", user_id=user.pk)


@require_POST
def assignment_end(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_visible_or_404(Assignment, request.user, Action.ADMINISTER, pk=assignment_id)
    services.assignment_end(actor=request.user, assignment=assignment)
    messages.success(request, _("Role withdrawn."))
    return redirect("user_detail", user_id=assignment.user_id)


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Choosing a password from an invitation or a reset link, in the platform's own
    pages; the person is then logged in and lands on their home."""

    template_name = "accounts/password_set.html"
    post_reset_login = True
    # django-axes adds its own backend first; the person is logged in by the model one.
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("home")

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        # A closed account cannot come back through an old link.
        return user if user is not None and user.is_active else None

    @transaction.atomic
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.user_password_recorded(user=form.user)
        messages.success(self.request, _("Your password is saved. Welcome!"))
        return response
