"""CSV and XLSX exports of exactly the committee list the user filtered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from siccs.committees.selectors import CommitteeState, partners_of, region_name_on
from siccs.core.tabular.writer import XlsxWriter, csv_response


def headers() -> list[str]:
    return [
        _("Committee"),
        _("Level"),
        _("Region"),
        _("Place"),
        _("State"),
        _("Current step"),
        _("Installed on"),
        _("Last progress"),
        _("Partners"),
    ]


def rows(committees: Iterable[Any], on: dt.date) -> Iterable[list[Any]]:
    """One row per committee, its region named as the structure stood on `on`."""
    region_of = region_name_on(on)
    for c in committees:
        yield [
            c.name,
            c.level.name,
            region_of.get(c.unit_id, ""),
            c.unit.name,
            str(CommitteeState.LABELS.get(c.state, c.state)),
            c.current_step_name or "",
            c.installed_on,
            c.progress_on,
            ", ".join(str(p) for p in partners_of(c)),
        ]


def as_csv(committees: Iterable[Any], on: dt.date) -> HttpResponse:
    return csv_response(
        filename=f"ccs-{on.isoformat()}.csv", header=headers(), rows=rows(committees, on)
    )


def as_xlsx(committees: Iterable[Any], on: dt.date) -> HttpResponse:
    writer = XlsxWriter()
    sheet = writer.sheet(_("Committees"))
    sheet.append([_("State of the committees on %(date)s") % {"date": on.strftime("%d/%m/%Y")}])
    sheet.append(headers(), bold=True)
    for row in rows(committees, on):
        sheet.append(row)
    return writer.response(f"ccs-{on.isoformat()}.xlsx")
