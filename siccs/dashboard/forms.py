"""Filters of the dashboard and the report request form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from siccs.accounts.scoping import is_national
from siccs.core import dates
from siccs.core.dates import DateInput, PlausibleDateField
from siccs.territory.models import AdministrativeUnit, Level


def _regions(user: Any) -> Any:
    # Regions of every period: a past date may need one that no longer exists.
    if is_national(user):
        return AdministrativeUnit.objects.filter(level=Level.REGION).order_by("name")
    return AdministrativeUnit.objects.none()


class DashboardFilterForm(forms.Form):
    on = PlausibleDateField(label=_("As of"), required=False, widget=DateInput())
    region = forms.IntegerField(label=_("Region"), required=False, widget=forms.Select)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        # Without a date asked for, the field shows the one the figures are for: today.
        kwargs.setdefault("initial", {"on": dates.today()})
        super().__init__(*args, **kwargs)
        self.user = user

    def values(self) -> tuple[dt.date, AdministrativeUnit | None]:
        data = self.cleaned_data if self.is_valid() else {}
        on = data.get("on") or dates.today()
        region = None
        if data.get("region"):
            region = _regions(self.user).filter(pk=data["region"]).first()
        return on, region

    def set_region_choices(self, regions: list[dict[str, Any]]) -> None:
        """Choices from the regions the figures already read (no extra query)."""
        self.fields["region"].widget.choices = [("", _("All regions"))] + [
            (r["pk"], r["name"]) for r in regions if r["in_force"]
        ]


class ReportForm(forms.Form):
    on = PlausibleDateField(label=_("As of"), widget=DateInput(), initial=dt.date.today)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="fr")
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("All my territory"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _regions(user)
        if not is_national(user):
            del self.fields["region"]
