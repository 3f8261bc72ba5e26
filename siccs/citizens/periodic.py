"""Periodic jobs of the citizen channel, run by the task worker (siccs.core.periodic)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from siccs.core.periodic import periodic


@periodic(
    name="citizens.purge_reports",
    label=_("Delete the personal data of citizen reports past the retention period"),
    every=dt.timedelta(days=1),
)
def purge_reports() -> str:
    from siccs.citizens.services import reports_purge_expired

    return f"{reports_purge_expired(actor=None)} reports anonymised"
