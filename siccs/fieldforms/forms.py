"""Web forms of the field forms: app passwords, the reviewer's fixes, file imports.

A reviewer's choices (committees, steps, recommendations, communes) are restricted by
the one scoping mechanism to what the reviewer may change.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from siccs.accounts.scoping import Action
from siccs.committees.models import Committee
from siccs.fieldforms import appliers
from siccs.fieldforms.models import Submission
from siccs.meetings.models import Addressee, ConcernCategory, Recommendation, SessionKind
from siccs.rollout.models import StepRecord, StepStatus
from siccs.territory.models import AdministrativeUnit, Level


class CredentialForm(forms.Form):
    label = forms.CharField(
        label=_("Name of the phone"),
        max_length=100,
        help_text=_("For example: the secretariat's Tecno phone. You can revoke it if it is lost."),
    )


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Why is it rejected?"), widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(forms.Form):
    form_id = forms.ChoiceField(label=_("Form"))
    file = forms.FileField(
        label=_("File exported from KoboToolbox or ODK Central"),
        help_text=_(
            "CSV (one table), XLSX (KoboToolbox, one sheet per repeat group) or ZIP "
            "(ODK Central, one CSV per repeat group)."
        ),
    )

    def __init__(self, *args: Any, forms_allowed: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form_id"].choices = [(f.form_id, f.title) for f in forms_allowed]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FixForm(forms.Form):
    """The values a reviewer may correct before applying; built for the submission's form."""

    def __init__(self, *args: Any, submission: Submission, user: Any, **kwargs: Any) -> None:
        data = submission.data
        committee = appliers.committee_of(data)
        initial = {
            key: data.get(key)
            for key in (
                "comite",
                "date_seance",
                "type_seance",
                "etape",
                "statut",
                "date_fait",
                "recommandation",
                "date_suivi",
                "commune",
                "categorie",
                "recu_le",
            )
            if data.get(key)
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        form_id = submission.form_id
        committees = Committee.objects.visible_to(user, Action.CHANGE).order_by("name")
        if form_id != "preoccupation_citoyenne":
            self.fields["comite"] = forms.ModelChoiceField(
                label=_("Committee"), queryset=committees
            )
        if form_id == "seance_ccs":
            self.fields["date_seance"] = forms.DateField(label=_("Date"), widget=_date_input())
            self.fields["type_seance"] = forms.ChoiceField(
                label=_("Kind"),
                choices=[
                    (SessionKind.ORDINARY, SessionKind.ORDINARY.label),
                    (SessionKind.EXTRAORDINARY, SessionKind.EXTRAORDINARY.label),
                ],
            )
            self.fields["_ignore_unknown_members"] = forms.BooleanField(
                label=_("Leave out the members ticked who are not active members on that date"),
                required=False,
            )
            self.fields["_record_anyway"] = forms.BooleanField(
                label=_("Record it although a session on this date exists"), required=False
            )
            self.fields["_category"] = forms.ModelChoiceField(
                label=_("Category for concerns whose category is unknown"),
                queryset=ConcernCategory.objects.filter(active=True),
                to_field_name="code",
                required=False,
            )
            self.fields["_addressee"] = forms.ModelChoiceField(
                label=_("Addressee for recommendations whose addressee is unknown"),
                queryset=Addressee.objects.all(),
                required=False,
            )
        elif form_id == "etape_ccs":
            records = StepRecord.objects.visible_to(user, Action.CHANGE).select_related(
                "step", "committee"
            )
            records = records.filter(committee=committee) if committee else records.none()
            self.fields["etape"] = forms.ModelChoiceField(
                label=_("Step"), queryset=records.order_by("step__order")
            )
            self.fields["statut"] = forms.ChoiceField(
                label=_("Status"),
                choices=[
                    (s, s.label)
                    for s in (StepStatus.IN_PROGRESS, StepStatus.DONE, StepStatus.BLOCKED)
                ],
            )
            self.fields["date_fait"] = forms.DateField(label=_("Date"), widget=_date_input())
            self.fields["_photos_only"] = forms.BooleanField(
                label=_("Only add the photos to the step, without changing its status"),
                required=False,
            )
        elif form_id == "suivi_recommandation":
            recommendations = Recommendation.objects.visible_to(user, Action.CHANGE)
            recommendations = (
                recommendations.filter(session__committee=committee)
                if committee
                else recommendations.none()
            )
            self.fields["recommandation"] = forms.ModelChoiceField(
                label=_("Recommendation"), queryset=recommendations
            )
            self.fields["date_suivi"] = forms.DateField(label=_("Date"), widget=_date_input())
        elif form_id == "preoccupation_citoyenne":
            self.fields["commune"] = forms.ModelChoiceField(
                label=_("Commune"),
                queryset=AdministrativeUnit.objects.visible_to(user, Action.TRIAGE)
                .in_force()
                .filter(level=Level.COMMUNE)
                .order_by("name"),
            )
            self.fields["categorie"] = forms.ModelChoiceField(
                label=_("Category"),
                queryset=ConcernCategory.objects.filter(active=True),
                to_field_name="code",
            )
            self.fields["recu_le"] = forms.DateField(label=_("Received on"), widget=_date_input())

    def fixes(self) -> dict[str, Any]:
        """The cleaned values as the appliers read them (ids and codes as text)."""
        fixes: dict[str, Any] = {}
        for key, value in self.cleaned_data.items():
            if isinstance(value, ConcernCategory):
                value = value.code
            fixes[key] = value
        return fixes
