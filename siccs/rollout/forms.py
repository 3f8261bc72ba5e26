"""Forms of the setting-up pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from siccs.core.dates import DateInput, PlausibleDateField
from siccs.rollout.models import MethodologyStep, StepRecord, StepStatus

# Reached through the record's own relation: partners sit above rollout (layers.md).
PARTNERS = StepRecord._meta.get_field("partner").related_model


class StepRecordForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)
    actual_on = PlausibleDateField(
        label=_("Actual date"),
        required=False,
        widget=DateInput(),
        help_text=_("When the step started, was done or got blocked. Empty: today."),
    )
    blocked_reason = forms.CharField(
        label=_("Reason of the blockage"), max_length=300, required=False
    )
    planned_on = PlausibleDateField(label=_("Planned date"), required=False, widget=DateInput())
    responsible = forms.CharField(label=_("Responsible person"), max_length=200, required=False)
    partner = forms.ModelChoiceField(
        label=_("Supporting partner"), queryset=PARTNERS.objects.all(), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, JPEG, PNG, XLSX or DOCX."),
    )
    evidence_description = forms.CharField(
        label=_("What the file shows"), max_length=255, required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = PARTNERS.objects.visible_to(user)


class StepForm(forms.ModelForm):
    class Meta:
        model = MethodologyStep
        fields = [
            "code",
            "name",
            "name_en",
            "description",
            "description_en",
            "expected_days",
            "evidence_expected",
            "required",
            "marks_installation",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def validate_unique(self) -> None:
        # Uniqueness within the version is checked by the service, which knows the version.
        pass


class PublishForm(forms.Form):
    notes = forms.CharField(
        label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
