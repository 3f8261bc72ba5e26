"""The audit trail page's filter: who, what, where, when (the page: `audit_views`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from siccs.accounts.forms import TerritoryChoiceField
from siccs.audit import selectors
from siccs.core.scoping import Action
from siccs.territory.models import AdministrativeUnit, Level


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class AuditFilterForm(forms.Form):
    """Who, what type of object, where, when: every choice read from the entries and
    territories the reader may see."""

    user = PersonChoiceField(label=_("Who"), queryset=None, required=False)
    model = forms.ChoiceField(label=_("Object type"), required=False)
    unit = TerritoryChoiceField(
        label=_("Territory"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(
        label=pgettext_lazy("end of a period", "To"), required=False, widget=DateInput()
    )
    object = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.authors(user=user)
        self.fields["model"].choices = [("", "---------"), *selectors.model_choices(user=user)]
        self.fields["unit"].restrict(
            AdministrativeUnit.objects.visible_to(user, Action.ADMINISTER)
            .in_force()
            .filter(level__in=[Level.COUNTRY, Level.REGION, Level.CERCLE, Level.COMMUNE])
        )

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "author": data.get("user"),
            "model": data.get("model") or "",
            "object_id": data.get("object") or "",
            "unit": data.get("unit"),
            "start": data.get("start"),
            "end": data.get("end"),
        }
