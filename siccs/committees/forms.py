"""Forms of the committee pages; every choice of a place goes through the scoping mechanism."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from siccs.accounts.scoping import Action
from siccs.committees.models import (
    AgeGroup,
    CommitteeLevel,
    MemberCategory,
    MemberFunction,
    Sex,
)
from siccs.committees.selectors import CommitteeState
from siccs.core import dates
from siccs.core.dates import DateInput, PlausibleDateField
from siccs.core.phones import PhoneField
from siccs.rollout.models import MethodologyStep, StepRecord
from siccs.territory.models import AdministrativeUnit, Level


def _units(user: Any, action: str, levels: list[int]) -> Any:
    return (
        AdministrativeUnit.objects.visible_to(user, action)
        .in_force()
        .filter(level__in=levels)
        .select_related("parent")
        .order_by("level", "name")
    )


# Reached through the step records' own relation: partners sit above committees (layers.md).
PARTNERS = StepRecord._meta.get_field("partner").related_model


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        if obj.level > Level.REGION and obj.parent_id:
            return f"{obj.name} ({obj.parent.name})"
        return obj.name


class RegionChoiceField(forms.ModelChoiceField):
    """Regions of every period, the dated ones labelled with their years."""

    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        if obj.valid_to:
            return _("%(name)s (until %(year)s)") % {"name": obj.name, "year": obj.valid_to.year}
        if obj.valid_from:
            return _("%(name)s (since %(year)s)") % {"name": obj.name, "year": obj.valid_from.year}
        return obj.name


class CommitteeFilterForm(forms.Form):
    on = PlausibleDateField(label=_("As of"), required=False, widget=DateInput())
    region = RegionChoiceField(
        label=_("Region"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    level = forms.ModelChoiceField(
        label=_("Level"), queryset=CommitteeLevel.objects.all(), required=False
    )
    step = forms.ChoiceField(label=_("Current step"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=PARTNERS.objects.all(), required=False
    )
    # A cercle or commune, set by the map's links (too many to offer as a list).
    unit = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.none(), required=False, widget=forms.HiddenInput()
    )
    stalled = forms.BooleanField(label=_("Stalled only"), required=False)
    no_partner = forms.BooleanField(label=_("Without partner"), required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Regions of every period: a list as of 2021 is filtered by the regions of 2021.
        self.fields["region"].queryset = (
            AdministrativeUnit.objects.visible_to(user, Action.VIEW)
            .filter(level=Level.REGION)
            .order_by("name", "valid_from")
        )
        self.fields["unit"].queryset = AdministrativeUnit.objects.visible_to(user, Action.VIEW)
        self.fields["partner"].queryset = PARTNERS.objects.visible_to(user)
        # One choice per step code across versions: "current step" survives a new version.
        seen: dict[str, str] = {}
        for code, name in (
            MethodologyStep.objects.filter(version__is_published=True)
            .order_by("-version__number", "order")
            .values_list("code", "name")
        ):
            seen.setdefault(code, name)
        self.fields["step"].choices = [("", "—"), *seen.items()]
        self.fields["state"].choices = [("", "—")] + [
            (s, CommitteeState.LABELS[s]) for s in CommitteeState.ORDER
        ]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "on": data.get("on") or dates.today(),
            "region": data.get("region"),
            "unit": data.get("unit"),
            "level": data.get("level"),
            "step_code": data.get("step") or "",
            "state": data.get("state") or "",
            "partner": data.get("partner"),
            "stalled": bool(data.get("stalled")),
            "no_partner": bool(data.get("no_partner")),
            "sort": data.get("sort") or "name",
        }


class CommitteePlanForm(forms.Form):
    level = forms.ModelChoiceField(label=_("Level"), queryset=CommitteeLevel.objects.all())
    unit = UnitChoiceField(label=_("Place"), queryset=AdministrativeUnit.objects.none())
    planned_on = PlausibleDateField(
        label=_("Planned since"), widget=DateInput(), initial=dt.date.today
    )
    name = forms.CharField(
        label=_("Name"), required=False, help_text=_("Left empty: named after the place.")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user, Action.CHANGE, [Level.REGION, Level.COMMUNE])


class CommitteeEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    planned_on = PlausibleDateField(label=_("Planned since"), widget=DateInput())
    creation_act_reference = forms.CharField(
        label=_("Act of creation (reference)"), max_length=200, required=False
    )
    creation_act_date = PlausibleDateField(
        label=_("Act of creation (date)"), required=False, widget=DateInput()
    )
    chair_office = forms.CharField(label=_("Chair"), max_length=200, required=False)
    secretariat = forms.CharField(label=_("Secretariat"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BulkPlanForm(forms.Form):
    area = UnitChoiceField(label=_("Region or cercle"), queryset=AdministrativeUnit.objects.none())
    level = forms.ModelChoiceField(
        label=_("Level"), queryset=CommitteeLevel.objects.filter(unit_level=Level.COMMUNE)
    )
    planned_on = PlausibleDateField(
        label=_("Planned since"), widget=DateInput(), initial=dt.date.today
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _units(user, Action.CHANGE, [Level.REGION, Level.CERCLE])
        self.fields["level"].initial = CommitteeLevel.objects.filter(code="communal").first()


class MembershipForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=1900, max_value=dates.today().year
    )
    age_group = forms.ChoiceField(
        label=_("Age group"), choices=[("", "—"), *AgeGroup.choices], required=False
    )
    phone = PhoneField(label=_("Phone"), required=False, help_text=_("Stored encrypted."))
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=MemberCategory.objects.all())
    function = forms.ChoiceField(
        label=_("Function"), choices=MemberFunction.choices, initial=MemberFunction.MEMBER
    )
    start_on = PlausibleDateField(label=_("Start of mandate"), required=False, widget=DateInput())
    end_on = PlausibleDateField(label=_("End of mandate"), required=False, widget=DateInput())
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class CommissionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    mandate = forms.CharField(
        label=_("Mandate"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    created_on = PlausibleDateField(label=_("Created on"), required=False, widget=DateInput())


class MembershipEndForm(forms.Form):
    end_on = PlausibleDateField(
        label=_("End of mandate"), widget=DateInput(), initial=dt.date.today
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(label=_("File (XLSX or CSV)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from siccs.committees.imports import KINDS

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, v.label) for k, v in KINDS.items()]
