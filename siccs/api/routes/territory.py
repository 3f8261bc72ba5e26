"""Territory: administrative units in the caller's scope, with their dated history."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from siccs.accounts.scoping import get_visible_or_404
from siccs.api.core import paginate
from siccs.api.problems import Problem
from siccs.api.schemas import (
    MAX_ID,
    Paging,
    UnitDetailOut,
    UnitOut,
    date_field,
    page_of,
)
from siccs.territory.models import AdministrativeUnit, Level, TerritorialEvent, UnitVersion
from siccs.territory.selectors import unit_list

router = Router(tags=["territory"])
UnitPage = page_of(UnitOut, "UnitPage")
ERRORS = {401: Problem, 404: Problem, 422: Problem, 429: Problem}


class UnitFilters(Schema):
    on: dt.date | None = date_field(_("Only the units in force on this date."))
    level: int | None = Field(None, ge=0, le=5, description=_("Only this level."))
    parent: int | None = Field(
        None, ge=1, le=MAX_ID, description=_("Only the children of this unit (today's tree).")
    )
    pcode: str | None = Field(
        None, max_length=20, description=_("Only the units with this P-code.")
    )


def _unit(unit: AdministrativeUnit) -> dict:
    return {
        "id": unit.pk,
        "name": unit.name,
        "level": unit.level,
        "level_label": str(Level(unit.level).label),
        "pcode": unit.pcode,
        "pcode_edition": unit.pcode_edition,
        "parent_id": unit.parent_id,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
    }


@router.get(
    "/units",
    response={200: UnitPage, **ERRORS},
    url_name="unit_list",
    summary=_("Administrative units"),
    description=_(
        "Units the caller may see (its territory and all it contains), by level and name."
    ),
)
def units(request: HttpRequest, filters: Query[UnitFilters], paging: Query[Paging]) -> dict:
    qs = unit_list(user=request.user, on=filters.on)
    if filters.level is not None:
        qs = qs.filter(level=filters.level)
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    if filters.pcode:
        qs = qs.filter(pcode__iexact=filters.pcode)
    page = paginate(request, qs.order_by("level", "name", "pk"), paging)
    page["items"] = [_unit(u) for u in page["items"]]
    return page


@router.get(
    "/units/{unit_id}",
    response={200: UnitDetailOut, **ERRORS},
    url_name="unit_detail",
    summary=_("One administrative unit and its history"),
    description=_(
        "Its names and parents over time, and the territorial reforms that created, split, "
        "merged or renamed it (units outside the caller's scope are left out of the events)."
    ),
)
def unit_detail(request: HttpRequest, unit_id: int) -> dict:
    unit = get_visible_or_404(AdministrativeUnit, request.user, pk=unit_id)
    visible = AdministrativeUnit.objects.visible_to(request.user).values("pk")
    events = (
        TerritorialEvent.objects.filter(pk__in=unit.events_as_source.values("pk"))
        | TerritorialEvent.objects.filter(pk__in=unit.events_as_result.values("pk"))
    ).prefetch_related(
        Prefetch("sources", queryset=AdministrativeUnit.objects.filter(pk__in=visible).only("pk")),
        Prefetch("results", queryset=AdministrativeUnit.objects.filter(pk__in=visible).only("pk")),
    )
    data = _unit(unit)
    data["versions"] = [
        {
            "name": v.name,
            "parent_id": v.parent_id,
            "valid_from": v.valid_from,
            "valid_to": v.valid_to,
        }
        for v in UnitVersion.objects.filter(unit=unit)
    ]
    data["events"] = [
        {
            "kind": e.kind,
            "kind_label": e.get_kind_display(),
            "date": e.date,
            "reference": e.reference,
            "source_ids": sorted(u.pk for u in e.sources.all()),
            "result_ids": sorted(u.pk for u in e.results.all()),
        }
        for e in events.order_by("date", "pk")
    ]
    return data
