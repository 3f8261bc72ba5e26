"""Forms of the notifications pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from siccs.core.dates import DateInput, PlausibleDateField
from siccs.meetings.models import SessionKind
from siccs.notifications.models import Purpose


class PlannedSessionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[c for c in SessionKind.choices if c[0] != SessionKind.COMMISSION]
    )
    planned_on = PlausibleDateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label=pgettext_lazy("where a session is held", "Place"), max_length=200)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MessageTemplateForm(forms.Form):
    text_fr = forms.CharField(
        label=_("Text in French"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    text_bm = forms.CharField(
        label=_("Text in Bambara"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    enabled = forms.BooleanField(label=pgettext_lazy("message", "Enabled"), required=False)
    days = forms.IntegerField(label=_("Days"), min_value=0, max_value=365)


class DeliveryFilterForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=[("", _("all")), *list(Purpose.choices)], required=False
    )


class PlannedSessionCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MemberContactForm(forms.Form):
    """One member's row on the contacts page (prefixed with the membership)."""

    language = forms.ChoiceField(
        label=_("Language of messages"), choices=[("fr", "Français"), ("bm", "Bamanankan")]
    )
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    sms_opt_out = forms.BooleanField(label=_("No SMS"), required=False)
