"""The form of the token page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from siccs.committees.forms import DateInput
from siccs.core import dates


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “DHIS2 transfer” or “Power BI”."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=DateInput(),
        help_text=_("The token stops working after this day."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        today = dates.today()
        kwargs.setdefault("initial", {}).setdefault(
            "expires_on", today + dt.timedelta(days=min(90, settings.API_TOKEN_MAX_DAYS))
        )
        super().__init__(*args, **kwargs)
        widget = self.fields["expires_on"].widget
        widget.attrs["min"] = (today + dt.timedelta(days=1)).isoformat()
        widget.attrs["max"] = (today + dt.timedelta(days=settings.API_TOKEN_MAX_DAYS)).isoformat()
