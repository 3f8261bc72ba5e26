"""Committees with their state as of a date, their step records and their members."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from siccs.accounts.scoping import Action, can, get_visible_or_404
from siccs.api.core import (
    audit_personal_read,
    paginate,
    personal_committees,
    scoped_object,
    territory_of,
    today,
    unit_ref,
)
from siccs.api.problems import ApiProblem, Problem
from siccs.api.schemas import (
    CommitteeDetailOut,
    CommitteeOut,
    MemberOut,
    OnFilter,
    Paging,
    StepRecordIn,
    StepRecordOut,
    date_field,
    page_of,
)
from siccs.committees.models import Committee, CommitteeLevel, Membership
from siccs.committees.selectors import CommitteeState, committee_search, partners_of, with_state
from siccs.rollout import services as rollout_services
from siccs.rollout.forms import StepRecordForm
from siccs.rollout.models import StepRecord

router = Router(tags=["committees"])
records_router = Router(tags=["committees"])
CommitteePage = page_of(CommitteeOut, "CommitteePage")
StepRecordPage = page_of(StepRecordOut, "StepRecordPage")
MemberPage = page_of(MemberOut, "MemberPage")
ERRORS = {401: Problem, 404: Problem, 422: Problem, 429: Problem}


class CommitteeFilters(Schema):
    on: dt.date | None = date_field(_("Date the state is computed for (today when absent)."))
    territory: str | None = Field(
        None,
        max_length=20,
        description=_("Id or P-code of a unit: committees inside it as it stood on `on`."),
    )
    state: str | None = Field(None, max_length=20, description=_("Only this state on `on`."))
    level: str | None = Field(None, max_length=30, description=_("Only this level (code)."))


def _committee(c: Committee, on: dt.date) -> dict:
    step = None
    if c.current_step_order is not None:
        step = {
            "code": c.current_step_code or "",
            "name": c.current_step_name or "",
            "order": c.current_step_order,
        }
    return {
        "id": c.pk,
        "name": c.name,
        "level_code": c.level.code,
        "level_name": c.level.name,
        "unit": unit_ref(c.unit),
        "planned_on": c.planned_on,
        "on": on,
        "state": c.state,
        "state_label": str(CommitteeState.LABELS.get(c.state, c.state)),
        "installed_on": c.installed_on,
        "last_session_on": c.last_session_on,
        "progress_on": c.progress_on,
        "current_step": step,
        "partner_ids": sorted(p.pk for p in partners_of(c)),
    }


@router.get(
    "",
    response={200: CommitteePage, **ERRORS},
    url_name="committee_list",
    summary=_("Committees and their state on a date"),
    description=_(
        "Committees in the caller's scope planned by `on`, with the state derived from their "
        "dated steps and sessions on that date (the dashboard's rule)."
    ),
)
def committees(
    request: HttpRequest, filters: Query[CommitteeFilters], paging: Query[Paging]
) -> dict:
    on = filters.on or today()
    if filters.state and filters.state not in CommitteeState.ORDER:
        raise ApiProblem(422, str(_("Unknown state.")), field="state")
    level = None
    if filters.level:
        level = CommitteeLevel.objects.filter(code=filters.level).first()
        if level is None:
            raise ApiProblem(422, str(_("Unknown committee level.")), field="level")
    qs = committee_search(
        user=request.user,
        on=on,
        unit=territory_of(request.user, filters.territory, on),
        level=level,
        state=filters.state or "",
    ).order_by("name", "pk")
    page = paginate(request, qs, paging)
    page["items"] = [_committee(c, on) for c in page["items"]]
    return page


@router.get(
    "/{committee_id}",
    response={200: CommitteeDetailOut, **ERRORS},
    url_name="committee_detail",
    summary=_("One committee and its state on a date"),
)
def committee_detail(
    request: HttpRequest,
    committee_id: int,
    filters: Query[OnFilter],
) -> dict:
    committee = get_visible_or_404(Committee, request.user, pk=committee_id)
    on = filters.on or today()
    annotated = (
        with_state(Committee.objects.filter(pk=committee.pk), on)
        .select_related("level", "unit")
        .first()
    )
    if annotated is None:  # planned after `on`: it did not exist yet
        raise ApiProblem(
            404, str(_("The committee was not planned yet on this date.")), slug="not-yet"
        )
    data = _committee(annotated, on)
    data["partner_ids"] = sorted(
        set(
            annotated.step_records.filter(partner__isnull=False).values_list(
                "partner_id", flat=True
            )
        )
    )
    data.update(
        creation_act_reference=annotated.creation_act_reference,
        creation_act_date=annotated.creation_act_date,
        chair_office=annotated.chair_office,
        secretariat=annotated.secretariat,
        methodology_version_id=annotated.methodology_version_id,
    )
    return data


def _record(r: StepRecord, personal: bool) -> dict:
    partner = None
    if r.partner_id:
        partner = {"id": r.partner.pk, "acronym": r.partner.acronym, "name": r.partner.name}
    return {
        "id": r.pk,
        "committee_id": r.committee_id,
        "step": {"code": r.step.code, "name": r.step.name, "order": r.step.order},
        "status": r.status,
        "status_label": r.get_status_display(),
        "planned_on": r.planned_on,
        "started_on": r.started_on,
        "done_on": r.done_on,
        "blocked_on": r.blocked_on,
        "blocked_reason": r.blocked_reason,
        "partner": partner,
        "responsible": r.responsible if personal else None,
        "notes": r.notes,
        "updated_at": r.updated_at,
    }


@router.get(
    "/{committee_id}/step-records",
    response={200: StepRecordPage, **ERRORS},
    url_name="step_record_list",
    summary=_("Where a committee stands on each step of its methodology"),
)
def step_records(request: HttpRequest, committee_id: int, paging: Query[Paging]) -> dict:
    committee = get_visible_or_404(Committee, request.user, pk=committee_id)
    personal = can(request.user, Action.VIEW_PERSONAL, committee)
    qs = (
        StepRecord.objects.visible_to(request.user)
        .filter(committee=committee)
        .select_related("step", "partner")
        .order_by("step__order", "pk")
    )
    page = paginate(request, qs, paging)
    page["items"] = [_record(r, personal) for r in page["items"]]
    if personal and any(r["responsible"] for r in page["items"]):
        audit_personal_read(request, [committee.pk], "step records")
    return page


@router.get(
    "/{committee_id}/members",
    response={200: MemberPage, **ERRORS},
    url_name="member_list",
    summary=_("Members of a committee"),
    description=_(
        "Seats by category, function, sex and mandate. Names and organisations only for "
        "callers who may see personal data (each such read is kept in the audit trail); "
        "phone numbers never."
    ),
)
def members(request: HttpRequest, committee_id: int, paging: Query[Paging]) -> dict:
    committee = get_visible_or_404(Committee, request.user, pk=committee_id)
    personal = bool(personal_committees(request.user, [committee.pk]))
    qs = (
        Membership.objects.visible_to(request.user, Action.VIEW)
        .filter(committee=committee)
        .select_related("person", "category")
        .order_by("category__order", "function", "pk")
    )
    page = paginate(request, qs, paging)
    page["items"] = [
        {
            "id": m.pk,
            "category_code": m.category.code,
            "category_name": m.category.name,
            "function": m.function,
            "sex": m.person.sex,
            "age_group": m.person.age_group,
            "start_on": m.start_on,
            "end_on": m.end_on,
            "active": m.active,
            "full_name": m.person.full_name if personal else None,
            "organisation": m.person.organisation if personal else None,
        }
        for m in page["items"]
    ]
    if personal and page["items"]:
        audit_personal_read(request, [committee.pk], "members")
    return page


@records_router.post(
    "/{step_record_id}",
    response={200: StepRecordOut, **ERRORS, 403: Problem},
    url_name="step_record_update",
    summary=_("Record where a committee stands on a step"),
    description=_(
        "The same validation and service as the step page: a blockage needs its reason and no "
        "fact is dated in the future. For the roles that may change the committee."
    ),
)
@decorate_view(scoped_object(StepRecord, "step_record_id"))
def step_record_update(request: HttpRequest, step_record_id: int, payload: StepRecordIn) -> dict:
    record = get_visible_or_404(
        StepRecord.objects.select_related("committee", "step", "partner"),
        request.user,
        Action.CHANGE,
        pk=step_record_id,
    )
    data = payload.dict()
    data["partner"] = data.pop("partner_id")
    # The API's one date is the date of the status given; the page asks the completion
    # date in its own field, which the form reads for "done".
    if data.get("status") == "done":
        data["done_on"] = data.get("actual_on")
    form = StepRecordForm(data=data, user=request.user)
    if not form.is_valid():
        field, messages = next(iter(form.errors.items()))
        raise ApiProblem(422, messages[0], slug="invalid-request", field=field)
    values = dict(form.cleaned_data)
    values.pop("evidence", None)
    values.pop("evidence_description", None)
    rollout_services.step_record_update(user=request.user, record=record, **values)
    record = StepRecord.objects.select_related("step", "partner").get(pk=record.pk)
    return _record(record, can(request.user, Action.VIEW_PERSONAL, record.committee))
