from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlparse

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from siccs.accounts.models import Assignment, User
from siccs.accounts.scoping import Action, Role
from siccs.territory.models import AdministrativeUnit, Level

# Reached through the assignment's own relation: partners sit above accounts (layers.md).
PARTNERS = Assignment._meta.get_field("partner").related_model


class SiteUrlPasswordResetForm(PasswordResetForm):
    """Reset links point at the public address (SITE_URL), not at whatever Host header
    the request carried: behind a proxy that is an internal name, and it can be forged."""

    def save(self, **kwargs: Any) -> None:
        site = urlparse(settings.SITE_URL)
        kwargs["domain_override"] = site.netloc
        kwargs["use_https"] = site.scheme == "https"
        super().save(**kwargs)


def unit_label(unit: AdministrativeUnit, parent_name: str | None = None) -> str:
    """`Bandiagara (cercle, Mopti)`: Mali has a region, a cercle and a commune of that name,
    so a unit is named with its level and the unit it lies in."""
    level = Level(unit.level).label
    if parent_name and unit.level > Level.REGION:
        return f"{unit.name} ({level}, {parent_name})"
    return f"{unit.name} ({level})"


class TerritoryChoiceField(forms.ModelChoiceField):
    """A territory picker: units grouped by region, each named with its level and parent.

    `restrict(queryset)` sets the units offered (already scoped by the caller) and builds
    the grouped choices in one query: the region, then each cercle followed by what lies
    in it, in the order of the tree."""

    def restrict(self, queryset: Any) -> None:
        self.queryset = queryset
        units = list(queryset.select_related("parent").order_by())
        by_id = {u.pk: u for u in units}
        children: dict[int | None, list[AdministrativeUnit]] = defaultdict(list)
        for unit in units:
            parent = unit.parent_id if unit.parent_id in by_id else None
            children[parent].append(unit)

        def walk(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
            found = [unit]
            for child in sorted(children[unit.pk], key=lambda u: (u.level, u.name)):
                found += walk(child)
            return found

        groups: list[tuple[str, list[tuple[int, str]]]] = []
        national: list[tuple[int, str]] = []
        for top in sorted(children[None], key=lambda u: (u.level, u.name)):
            areas = [top]
            if top.level == Level.COUNTRY:
                national.append((top.pk, self._label(top)))
                areas = sorted(children[top.pk], key=lambda u: u.name)
            for area in areas:
                groups.append((area.name, [(u.pk, self._label(u)) for u in walk(area)]))
        choices: list[Any] = [("", "---------")]
        if national:
            choices.append((str(_("National")), national))
        self.choices = choices + groups

    @staticmethod
    def _label(unit: AdministrativeUnit) -> str:
        return unit_label(unit, unit.parent.name if unit.parent_id else None)

    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return self._label(obj)


def assignable_units(user: Any) -> Any:
    """The units a role can be given over: the country, regions, cercles and communes in
    force that the administrator administers."""
    return (
        AdministrativeUnit.objects.visible_to(user, Action.ADMINISTER)
        .in_force()
        .filter(level__in=[Level.COUNTRY, Level.REGION, Level.CERCLE, Level.COMMUNE])
    )


class AssignmentForm(forms.Form):
    """A role over a territory. The partner field is shown only for the partner-viewer
    role (accounts.css, without script); the service refuses a partner viewer without one."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = TerritoryChoiceField(label=_("Territory"), queryset=AdministrativeUnit.objects.none())
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=PARTNERS.objects.none(),
        required=False,
        help_text=_("Only for a partner viewer: the partner whose support they follow."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices come through the scoping mechanism like every other read.
        self.fields["unit"].restrict(assignable_units(user))
        self.fields["partner"].queryset = PARTNERS.objects.visible_to(user).order_by(
            "acronym", "name"
        )

    @property
    def partner_shown(self) -> bool:
        """Whether the partner field shows without the stylesheet's help (a bound form
        asking for a partner viewer, or one that failed on its partner)."""
        return self.data.get(self.add_prefix("role")) == Role.PARTNER_VIEWER or bool(
            self.errors.get("partner")
        )


class UserForm(forms.ModelForm):
    """Who the person is; the e-mail address receives the invitation."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "preferred_language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True


class UserCreateForm(UserForm):
    class Meta(UserForm.Meta):
        fields = ["username", "first_name", "last_name", "email", "preferred_language"]


class UserCreateAssignmentForm(AssignmentForm):
    """The first role of a new account, given in the same step (optional)."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["role"].required = False
        self.fields["role"].choices = [("", "---------"), *Role.choices]
        self.fields["unit"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("role") and not data.get("unit"):
            self.add_error("unit", _("Choose the territory of this role."))
        if data.get("unit") and not data.get("role"):
            self.add_error("role", _("Choose the role given over this territory."))
        return data
