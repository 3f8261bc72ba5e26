"""Partners (PTF) and their commitments, as the caller may see them."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from siccs.api.core import paginate, territory_of, unit_ref
from siccs.api.problems import ApiProblem, Problem
from siccs.api.schemas import MAX_ID, CommitmentOut, Paging, PartnerOut, date_field, page_of
from siccs.committees.models import Committee
from siccs.partners.models import CommitmentStatus, Partner, SupportKind
from siccs.partners.selectors import commitment_search

router = Router(tags=["partners"])
PartnerPage = page_of(PartnerOut, "PartnerPage")
CommitmentPage = page_of(CommitmentOut, "CommitmentPage")
ERRORS = {401: Problem, 404: Problem, 422: Problem, 429: Problem}


@router.get(
    "/partners",
    response={200: PartnerPage, **ERRORS},
    url_name="partner_list",
    summary=_("Technical and financial partners"),
    description=_(
        "All partners for national roles; otherwise those active in the caller's territory."
    ),
)
def partners(request: HttpRequest, paging: Query[Paging]) -> dict:
    qs = Partner.objects.visible_to(request.user).order_by("acronym", "name", "pk")
    page = paginate(request, qs, paging)
    page["items"] = [
        {
            "id": p.pk,
            "name": p.name,
            "acronym": p.acronym,
            "kind": p.kind,
            "kind_label": p.get_kind_display(),
            "website": p.website,
        }
        for p in page["items"]
    ]
    return page


class CommitmentFilters(Schema):
    on: dt.date | None = date_field(
        _("Status on this date; those not announced by then are left out.")
    )
    partner: int | None = Field(None, ge=1, le=MAX_ID, description=_("Only this partner."))
    kind: str | None = Field(None, max_length=20, description=_("Only this kind of support."))
    status: str | None = Field(None, max_length=20, description=_("Only this status (on `on`)."))
    territory: str | None = Field(
        None, max_length=20, description=_("Only commitments inside this unit.")
    )


@router.get(
    "/commitments",
    response={200: CommitmentPage, **ERRORS},
    url_name="commitment_list",
    summary=_("Partners' commitments"),
)
def commitments(
    request: HttpRequest, filters: Query[CommitmentFilters], paging: Query[Paging]
) -> dict:
    if filters.kind and filters.kind not in SupportKind.values:
        raise ApiProblem(422, str(_("Unknown kind of support.")), field="kind")
    if filters.status and filters.status not in CommitmentStatus.values:
        raise ApiProblem(422, str(_("Unknown status.")), field="status")
    partner = None
    if filters.partner is not None:
        partner = Partner.objects.visible_to(request.user).filter(pk=filters.partner).first()
        if partner is None:
            raise ApiProblem(422, str(_("Unknown partner.")), field="partner")
    qs = (
        commitment_search(
            user=request.user,
            partner=partner,
            kind=filters.kind or "",
            status=filters.status or "",
            region=territory_of(request.user, filters.territory, filters.on),
            on=filters.on,
        )
        .prefetch_related(
            "steps",
            # Only the committees the caller may see: a commitment may span other regions.
            Prefetch("committees", queryset=Committee.objects.visible_to(request.user).only("pk")),
        )
        .order_by("-start_on", "partner__acronym", "title", "pk")
    )
    page = paginate(request, qs, paging)
    page["items"] = [
        {
            "id": c.pk,
            "partner": {"id": c.partner.pk, "acronym": c.partner.acronym, "name": c.partner.name},
            "title": c.title,
            "kind": c.kind,
            "scope": c.scope,
            "unit": unit_ref(c.unit),
            "level_code": c.level.code if c.level_id else None,
            "start_on": c.start_on,
            "end_on": c.end_on,
            "amount": str(c.amount),
            "currency": c.currency,
            "amount_fcfa": c.amount_fcfa,
            "status": getattr(c, "status_then", c.status),
            "step_codes": c.step_codes,
            "committee_ids": sorted(x.pk for x in c.committees.all()),
        }
        for c in page["items"]
    ]
    return page
