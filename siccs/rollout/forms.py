"""Forms of the setting-up pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from siccs.core.dates import DateInput, PlausibleDateField
from siccs.core.uploads import EVIDENCE_ACCEPT, BoundedFileInput
from siccs.rollout.models import MethodologyStep, StepRecord, StepStatus

# Reached through the record's own relation: partners sit above rollout (layers.md).
PARTNERS = StepRecord._meta.get_field("partner").related_model


class StepRecordForm(forms.Form):
    """One step of one committee. The completion date has a field of its own: a single
    "actual date" pre-filled with the start date used to be saved as the completion date
    when the status was changed to done (`siccs/rollout/static/rollout/step_record.js`
    shows the field that matches the status)."""

    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)
    done_on = PlausibleDateField(
        label=_("Completion date"),
        required=False,
        widget=DateInput(attrs={"data-when-status": StepStatus.DONE}),
        help_text=_("When the step was done. Empty: today."),
    )
    actual_on = PlausibleDateField(
        label=_("Start or blockage date"),
        required=False,
        widget=DateInput(
            attrs={"data-when-status": f"{StepStatus.IN_PROGRESS} {StepStatus.BLOCKED}"}
        ),
        help_text=_("When the step started or got blocked. Empty: today."),
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
        widget=BoundedFileInput(accept=EVIDENCE_ACCEPT),
    )
    evidence_description = forms.CharField(
        label=_("What the file shows"), max_length=255, required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = PARTNERS.objects.visible_to(user)
        self.fields["status"].widget.attrs["class"] = "step-status"

    def clean(self) -> dict[str, Any]:
        """The date the service records is the one of the chosen status: the completion
        date for done (never the start date left in the other field), else the start or
        blockage date. Empty stays empty: the service then keeps the known date or uses
        today."""
        data = super().clean()
        done_on = data.pop("done_on", None)
        if data.get("status") == StepStatus.DONE:
            data["actual_on"] = done_on
        return data


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
    confirm = forms.BooleanField(
        label=_("I have read the changes: publish this version, which cannot be undone."),
        required=True,
    )


class MigrationForm(forms.Form):
    """A planned date for each step a move to another version adds (`planned_<step id>`),
    offered as today plus the step's expected duration."""

    def __init__(self, *args: Any, new_steps: list[MethodologyStep], today: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.new_steps = new_steps
        for step in new_steps:
            self.fields[f"planned_{step.pk}"] = PlausibleDateField(
                label=step.display_name,
                required=False,
                widget=DateInput(),
                initial=today + dt.timedelta(days=step.expected_days),
            )

    def planned(self) -> dict[int, Any]:
        return {
            step.pk: self.cleaned_data.get(f"planned_{step.pk}")
            for step in self.new_steps
            if self.cleaned_data.get(f"planned_{step.pk}")
        }
