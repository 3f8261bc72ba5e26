from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from siccs.accounts.scoping import Action
from siccs.citizens import texts
from siccs.core.phones import PhoneField
from siccs.meetings.models import ConcernCategory
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.selectors import find_by_name


class PublicReportForm(forms.Form):
    """The public form; labels and errors come from texts.py in French or Bambara."""

    category = forms.ModelChoiceField(queryset=ConcernCategory.objects.none())
    region = forms.ModelChoiceField(queryset=AdministrativeUnit.objects.none(), required=False)
    commune_name = forms.CharField(max_length=150, required=False)
    place = forms.CharField(max_length=200, required=False)
    # The length limit is the service's, so that the refusal speaks the sender's language.
    description = forms.CharField(widget=forms.Textarea)
    phone = PhoneField(required=False)

    def __init__(self, *args: Any, language: str, commune: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language = language
        self.commune = commune
        self.fields["category"].queryset = ConcernCategory.objects.filter(active=True)
        self.fields["category"].label_from_instance = lambda c: texts.category_name(language, c)
        self.fields["region"].queryset = (
            AdministrativeUnit.objects.filter(level=Level.REGION).in_force().order_by("name")
        )
        for field in self.fields.values():
            field.error_messages["required"] = texts.text(language, "required")
            field.error_messages["invalid_choice"] = texts.text(language, "required")
        self.fields["phone"].error_messages["invalid_phone"] = texts.text(language, "reject_phone")
        if commune is not None:
            del self.fields["region"]
            del self.fields["commune_name"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.commune is not None:
            data["commune"] = self.commune
            return data
        name = (data.get("commune_name") or "").strip()
        region = data.get("region")
        data["commune"] = None
        if name:
            matches = list(find_by_name(name, level=Level.COMMUNE, within=region).in_force()[:2])
            if len(matches) == 1:
                data["commune"] = matches[0]
        if data["commune"] is None:
            # Unknown commune: keep what the person wrote, for the national triage.
            known = [str(region) if region else "", name]
            prefix = " / ".join(p for p in known if p)
            if prefix:
                data["place"] = f"{prefix} — {data.get('place', '')}".strip(" —")
        return data


class ReportFilterForm(forms.Form):
    """The triage list's search, filters and sort (GET); invalid values are ignored."""

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        help_text=_("Tracking code, commune or words of the report"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    age = forms.ChoiceField(
        label=_("Received"),
        required=False,
        choices=[
            ("", _("any time")),
            ("1", _("in the last 24 hours")),
            ("7", _("in the last 7 days")),
            ("30", _("in the last 30 days")),
            ("old", _("more than 30 days ago")),
        ],
    )
    overdue = forms.BooleanField(label=_("overdue only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-received", _("newest first")),
            ("received", _("oldest first")),
            ("due", _("next step due first")),
            ("status", _("status")),
            ("commune", _("commune")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from siccs.citizens.models import Channel
        from siccs.meetings.models import ConcernStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("all")), *ConcernStatus.choices]
        self.fields["channel"].choices = [("", _("all")), *Channel.choices]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for selectors.report_list; the valid fields only."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q") or "",
            "status": data.get("status") or "",
            "channel": data.get("channel") or "",
            "age": data.get("age") or "",
            "overdue": bool(data.get("overdue")),
            "sort": data.get("sort") or "-received",
        }


class QualifyForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=ConcernCategory.objects.filter(active=True)
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    place_detail = forms.CharField(label=_("Village or place"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Summary for the committee"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Anonymised: no names, no phone numbers, nothing that points at the reporter."),
    )
    duplicate_of = forms.CharField(
        label=_("Duplicate of (tracking code)"),
        max_length=8,
        required=False,
        help_text=_("Merges this report into an earlier one about the same facts."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = (
            AdministrativeUnit.objects.visible_to(user, Action.TRIAGE)
            .filter(level=Level.COMMUNE)
            .in_force()
            .select_related("parent")
            .order_by("name")
        )


class ForwardForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Forwarded to"),
        choices=[("agenda", _("the agenda of the next session")), ("authority", _("an authority"))],
    )
    note = forms.CharField(label=_("Which one, and how"), max_length=250, required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Public answer"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 480}),
        help_text=_(
            "Written once. Shown on the tracking page and sent by SMS. No names, no phone numbers."
        ),
    )
    confirm = forms.BooleanField(label=_("I checked: the answer exposes nobody"), required=False)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=250, required=False)


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the phone number?"), max_length=250, min_length=5
    )
