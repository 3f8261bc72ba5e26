"""Requesting a progress report; the task worker produces it (see tasks.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from siccs.accounts.scoping import (
    assignments_of,
    ensure_unit_in_scope,
    is_national,
    is_partner_only,
)
from siccs.audit.services import audit_record
from siccs.core.dates import ensure_plausible
from siccs.core.errors import DomainError
from siccs.dashboard.models import ProgressReport
from siccs.territory.models import AdministrativeUnit
from siccs.territory.selectors import country


def _scope_unit(user: Any, region: AdministrativeUnit | None) -> AdministrativeUnit:
    """The territory a report covers: the region chosen, else the requester's own unit
    (the country for national roles or several assignments)."""
    if region is not None:
        return region
    units = {a.unit_id: a.unit for a in assignments_of(user)}
    if len(units) == 1 and not is_national(user):
        return next(iter(units.values()))
    root = country()
    if root is None:
        raise DomainError(_("No territory is loaded."))
    return root


@transaction.atomic
def report_request(
    *, user: Any, on: dt.date, language: str, region: AdministrativeUnit | None = None
) -> ProgressReport:
    """Record the parameters of a report and queue its production by the worker."""
    from siccs.dashboard.report import partner_label, report_title
    from siccs.dashboard.tasks import report_generate

    if region is not None:
        ensure_unit_in_scope(user, region, "view")
    # A report of year 9999 or year 1 would only fail later, in the worker.
    ensure_plausible(on, field="on")
    with translation.override(language):
        # A partner viewer's report is titled for its support (see `report.produce`).
        title = report_title(on, region, partner_label(user) if is_partner_only(user) else "")
    report = ProgressReport(
        on=on,
        language=language,
        unit=_scope_unit(user, region),
        region=region,
        title=title,
        created_by=user,
    )
    report.full_clean()
    report.save()
    audit_record(user=user, obj=report, verb="create")
    report_generate.enqueue(report.pk)
    return report
