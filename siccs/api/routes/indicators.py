"""The dashboard's indicators as of a date, as JSON, as a DHIS2 data value set, and the
committees as a 3W CSV."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from siccs.accounts.scoping import Action, is_national, require_action
from siccs.api import dhis2, threew
from siccs.api.core import territory_of, today, unit_ref
from siccs.api.problems import ApiProblem, Problem
from siccs.api.schemas import Dhis2DataValueSet, IndicatorsOut, date_field
from siccs.committees.selectors import committee_search
from siccs.dashboard.selectors import dashboard_figures
from siccs.territory.models import AdministrativeUnit, Level

router = Router(tags=["indicators"])
ERRORS = {401: Problem, 403: Problem, 422: Problem, 429: Problem}


class IndicatorFilters(Schema):
    on: dt.date | None = date_field(_("Date of the figures (today when absent)."))
    territory: str | None = Field(
        None, max_length=20, description=_("Id or P-code of a region: its figures only.")
    )


def _region(
    request: HttpRequest, filters: IndicatorFilters, on: dt.date
) -> AdministrativeUnit | None:
    unit = territory_of(request.user, filters.territory, on)
    if unit is not None and unit.level != Level.REGION:
        raise ApiProblem(
            422, str(_("Indicators are given by region: name a region.")), field="territory"
        )
    return unit


def _states(figures: dict) -> dict:
    return {cell["state"]: cell["n"] for cell in figures["states"]}


@router.get(
    "/indicators",
    response={200: IndicatorsOut, **ERRORS},
    url_name="indicators",
    summary=_("The dashboard's indicators on a date"),
    description=_(
        "The figures of the dashboard for the caller's scope (optionally one region as it "
        "stood on `on`), computed by the dashboard itself, and the committees' states by region."
    ),
)
def indicators(request: HttpRequest, filters: Query[IndicatorFilters]) -> dict:
    on = filters.on or today()
    region = _region(request, filters, on)
    figures = dashboard_figures(user=request.user, on=on, region=region)
    values = dhis2.indicator_values(figures)
    pcodes = dict(AdministrativeUnit.objects.filter(level=Level.REGION).values_list("pk", "pcode"))
    return {
        "on": on,
        "territory": unit_ref(region),
        "committees": figures["total"],
        "states": _states(figures),
        "installed": figures["installed"],
        "target": figures["target"]["total"],
        "supported": figures["coverage"]["supported"],
        "sessions_24_months": figures["sessions_total"],
        "members": values["members_total"],
        "members_women": values["members_women"],
        "attendees": values["attendees_total"],
        "attendees_women": values["attendees_women"],
        "recommendations_adopted": values["recommendations_adopted"],
        "recommendations_done": values["recommendations_done"],
        "concerns_received": values["concerns_received"],
        "concerns_answered": values["concerns_answered"],
        "concerns_median_days": values["concerns_median_days"],
        "reports_received": values["reports_received"],
        "reports_answered": values["reports_answered"],
        "by_region": [
            {
                "id": row["id"],
                "name": row["name"],
                "pcode": pcodes.get(row["id"], "") or "",
                "states": {cell["state"]: cell["n"] for cell in row["cells"]},
                "total": row["total"],
                "installed": row["installed"],
            }
            for row in figures["by_region"]
        ],
    }


@router.get(
    "/exports/dhis2/data-value-set",
    response={200: Dhis2DataValueSet, **ERRORS},
    url_name="dhis2_data_value_set",
    exclude_none=True,
    summary=_("The indicators as a DHIS2 data value set"),
    description=_(
        "For roles that analyse figures. One organisation unit per region of the caller's "
        "scope (as regions stood on `on`), and the country for national roles; data elements "
        "and organisation units through the configured mapping (docs/api.md). Import it into "
        "DHIS2 with POST /api/dataValueSets."
    ),
)
def dhis2_data_value_set(request: HttpRequest, filters: Query[IndicatorFilters]) -> dict:
    require_action(request.user, Action.ANALYSE)
    on = filters.on or today()
    chosen = _region(request, filters, on)
    # Labels never travel in a data value set; figures are the same in every language.
    with translation.override("fr"):
        national = dashboard_figures(user=request.user, on=on, region=chosen)
        figures: list[tuple[str, dict]] = []
        if chosen is not None:
            figures.append((chosen.pcode, national))
        else:
            if is_national(request.user):
                root = AdministrativeUnit.objects.filter(parent__isnull=True).first()
                figures.append((root.pcode if root else "", national))
            ids = [row["id"] for row in national["by_region"] if row["id"]]
            regions = AdministrativeUnit.objects.visible_to(request.user).filter(pk__in=ids)
            for region in regions.order_by("name", "pk"):
                figures.append(
                    (region.pcode, dashboard_figures(user=request.user, on=on, region=region))
                )
    return dhis2.data_value_set(on=on, figures_by_pcode=figures)


class ThreeWFilters(Schema):
    on: dt.date | None = date_field(_("Date of the committees' state (today when absent)."))
    hxl: bool = Field(False, description=_("Add a second header row of HXL hashtags."))


@router.get(
    "/exports/3w/committees.csv",
    response={401: Problem, 422: Problem, 429: Problem},
    url_name="committees_3w",
    summary=_("Committees as a 3W CSV on COD P-codes"),
    description=_(
        "One row per committee in the caller's scope, placed by the P-codes of its region, "
        "cercle and commune as they stood on `on`, with its state and supporting partners."
    ),
    openapi_extra={
        "responses": {
            "200": {
                "description": "OK",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def committees_3w(request: HttpRequest, filters: Query[ThreeWFilters]) -> HttpResponse:
    on = filters.on or today()
    committees = committee_search(user=request.user, on=on).order_by("name", "pk")
    with translation.override("fr"):
        content = threew.committees_csv(committees, on, hxl=filters.hxl)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ccs-3w-{on.isoformat()}.csv"'
    return response
