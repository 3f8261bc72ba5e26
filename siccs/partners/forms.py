"""Forms of the partner pages; every choice goes through the scoping mechanism."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from siccs.accounts.scoping import Action
from siccs.committees.models import Committee, CommitteeLevel
from siccs.core.dates import DateInput, PlausibleDateField
from siccs.core.phones import PhoneField
from siccs.partners.models import (
    CommentSubject,
    CommitmentScope,
    CommitmentStatus,
    Currency,
    Partner,
    PartnerContact,
    Programme,
    SupportKind,
)
from siccs.partners.selectors import period_choices
from siccs.rollout.models import MethodologyStep
from siccs.territory.models import AdministrativeUnit, Level


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        if obj.level > Level.REGION and obj.parent_id:
            return f"{obj.name} ({obj.parent.name})"
        return obj.name


def step_code_choices() -> list[tuple[str, str]]:
    """One choice per step code across versions, named as in the latest version."""
    seen: dict[str, str] = {}
    for code, name in (
        MethodologyStep.objects.filter(version__is_published=True)
        .order_by("-version__number", "order")
        .values_list("code", "name")
    ):
        seen.setdefault(code, name)
    return list(seen.items())


def regions(user: Any) -> Any:
    return (
        AdministrativeUnit.objects.visible_to(user)
        .in_force()
        .filter(level=Level.REGION)
        .order_by("name")
    )


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "acronym", "name_en", "acronym_en", "kind", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class PartnerContactForm(forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = ["name", "function", "email", "phone"]
        field_classes = {"phone": PhoneField}
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel"})}


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "start_on", "end_on"]
        widgets = {"start_on": DateInput(), "end_on": DateInput()}


class CommitmentForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportKind.choices)
    scope = forms.ChoiceField(label=_("Scope"), choices=CommitmentScope.choices)
    unit = UnitChoiceField(
        label=_("Territory"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        help_text=_("All committees of this territory (the whole country when empty)."),
    )
    level = forms.ModelChoiceField(
        label=_("Committee level"),
        queryset=CommitteeLevel.objects.all(),
        required=False,
        help_text=_("Leave empty for every level."),
    )
    committees = forms.ModelMultipleChoiceField(
        label=_("Committees"),
        queryset=Committee.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    step_codes = forms.MultipleChoiceField(
        label=_("Steps of the methodology"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to cover every step."),
    )
    start_on = PlausibleDateField(label=_("Start of the period"), widget=DateInput())
    end_on = PlausibleDateField(label=_("End of the period"), widget=DateInput())
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=16, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    exchange_rate = forms.DecimalField(
        label=_("Exchange rate to FCFA"),
        required=False,
        max_digits=12,
        decimal_places=6,
        help_text=_("For US dollars only: FCFA for 1 USD. The euro has a fixed parity (655,957)."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    status_on = PlausibleDateField(label=_("Status since"), widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = Partner.objects.visible_to(user, Action.CHANGE)
        self.fields["partner"].queryset = partners
        self.fields["programme"].queryset = Programme.objects.filter(
            partner__in=partners.values("pk")
        ).select_related("partner")
        self.fields["programme"].label_from_instance = lambda p: f"{p.partner} · {p.name}"
        self.fields["unit"].queryset = (
            AdministrativeUnit.objects.visible_to(user, Action.CHANGE)
            .in_force()
            .filter(level__lte=Level.COMMUNE)
            .select_related("parent")
            .order_by("level", "name")
        )
        self.fields["committees"].queryset = (
            Committee.objects.visible_to(user, Action.CHANGE)
            .select_related("unit")
            .order_by("name")
        )
        self.fields["step_codes"].choices = step_code_choices()
        if editing:
            # The status changes through its own form, which keeps the history.
            del self.fields["status"]
            del self.fields["status_on"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CommitmentStatus.choices)
    on = PlausibleDateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CommitmentFilterForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of support"), choices=[("", "—"), *SupportKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", "—"), *CommitmentStatus.choices], required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    on = PlausibleDateField(
        label=_("Status on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: the status today."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.visible_to(user)
        self.fields["region"].queryset = regions(user)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class QuarterForm(forms.Form):
    quarter = forms.ChoiceField(label=_("Quarter or year"), required=False)
    on = PlausibleDateField(
        label=_("As of"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: today. Steps and commitments as they stood on that date."),
    )

    def __init__(self, *args: Any, on: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [(p.key, p.label) for p in period_choices(on=on)]


class MatrixForm(forms.Form):
    on = PlausibleDateField(
        label=_("In force on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: every commitment, whatever its period."),
    )


class SupportFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=AdministrativeUnit.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions(user)


class CommentForm(forms.Form):
    # A commitment is commented on from its own page (CommitmentCommentForm).
    subject = forms.ChoiceField(
        label=_("About"),
        choices=[
            (v, label) for v, label in CommentSubject.choices if v != CommentSubject.COMMITMENT
        ],
    )
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}))


class CommitmentCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment on this commitment"), widget=forms.Textarea(attrs={"rows": 4})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer of the reform office"), widget=forms.Textarea(attrs={"rows": 3})
    )


class UnitCostForm(forms.Form):
    step_code = forms.ChoiceField(label=_("Step"))
    level = forms.ModelChoiceField(
        label=_("Committee level"), queryset=CommitteeLevel.objects.all()
    )
    amount_fcfa = forms.IntegerField(label=_("Estimated cost (FCFA)"), min_value=0)
    description = forms.CharField(label=_("What it pays for"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step_code"].choices = step_code_choices()
