from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from siccs.accounts.models import User
from siccs.accounts.scoping import Action, Role
from siccs.partners.models import Partner
from siccs.territory.models import AdministrativeUnit, Level


class SiteUrlPasswordResetForm(PasswordResetForm):
    """Reset links point at the public address (SITE_URL), not at whatever Host header
    the request carried: behind a proxy that is an internal name, and it can be forged."""

    def save(self, **kwargs: Any) -> None:
        site = urlparse(settings.SITE_URL)
        kwargs["domain_override"] = site.netloc
        kwargs["use_https"] = site.scheme == "https"
        super().save(**kwargs)


class UserCreateForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "preferred_language"]


class AssignmentForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(label=_("Territory"), queryset=AdministrativeUnit.objects.none())
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.all(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices come through the scoping mechanism like every other read.
        self.fields["unit"].queryset = (
            AdministrativeUnit.objects.visible_to(user, Action.ADMINISTER)
            .in_force()
            .filter(level__lte=Level.COMMUNE)
            .order_by("level", "name")
        )
        self.fields["partner"].queryset = Partner.objects.visible_to(user)
