"""Sessions with attendance, concerns (never a reporter's contact) and recommendations
with their follow-up; writes through the meetings services, as the web forms do."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status

from siccs.accounts.scoping import Action, get_visible_or_404
from siccs.api.core import (
    audit_personal_read,
    paginate,
    personal_committees,
    scoped_object,
    scrub_phones,
    territory_of,
    today,
    unit_ref,
)
from siccs.api.problems import ApiProblem, Problem
from siccs.api.schemas import (
    MAX_ID,
    ConcernOut,
    FollowUpIn,
    OnFilter,
    Paging,
    RecommendationDetailOut,
    RecommendationOut,
    SessionIn,
    SessionOut,
    date_field,
    page_of,
)
from siccs.citizens.models import CitizenReport
from siccs.committees.models import Committee, MemberCategory
from siccs.meetings import selectors, services
from siccs.meetings.forms import FollowUpForm, GuestForm, SessionForm
from siccs.meetings.models import (
    ConcernStatus,
    Recommendation,
    RecommendationStatus,
    Session,
    SessionKind,
)

router = Router(tags=["meetings"])
SessionPage = page_of(SessionOut, "SessionPage")
ConcernPage = page_of(ConcernOut, "ConcernPage")
RecommendationPage = page_of(RecommendationOut, "RecommendationPage")
ERRORS = {401: Problem, 404: Problem, 422: Problem, 429: Problem}
WRITE_ERRORS = {**ERRORS, 403: Problem}


def _form_problem(form) -> ApiProblem:
    field, messages = next(iter(form.errors.items()))
    return ApiProblem(422, messages[0], slug="invalid-request", field=field)


class PeriodFilters(Schema):
    committee: int | None = Field(None, ge=1, le=MAX_ID, description=_("Only this committee."))
    territory: str | None = Field(
        None, max_length=20, description=_("Id or P-code of a unit, as it stood on `end`.")
    )
    start: dt.date | None = date_field(_("From this date (inclusive)."))
    end: dt.date | None = date_field(_("Until this date (inclusive)."))


def _committee_filter(request: HttpRequest, committee_id: int | None) -> Committee | None:
    if committee_id is None:
        return None
    return get_visible_or_404(Committee, request.user, pk=committee_id)


def _period(filters: PeriodFilters) -> None:
    if filters.start and filters.end and filters.start > filters.end:
        raise ApiProblem(422, str(_("The end of the period comes before its start.")), field="end")


# --- Sessions ------------------------------------------------------------------------


def _session(s: Session, personal: bool) -> dict:
    figures = selectors.figures_of(s)
    return {
        "id": s.pk,
        "committee": {"id": s.committee.pk, "name": s.committee.name},
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "held_on": s.held_on,
        "place": s.place,
        "agenda": s.agenda,
        "commission_id": s.commission_id,
        "figures": {
            "active": figures.active,
            "present": figures.present,
            "excused": figures.excused,
            "absent": figures.absent,
            "women_present": figures.women_present,
            "guest_women": figures.guest_women,
            "guest_men": figures.guest_men,
            "quorum": figures.quorum,
        },
        "chair": s.chair if personal else None,
        "minutes_text": s.minutes_text if personal else None,
    }


def _sessions_out(request: HttpRequest, sessions: list[Session]) -> list[dict]:
    personal = personal_committees(request.user, (s.committee_id for s in sessions))
    rows = [_session(s, s.committee_id in personal) for s in sessions]
    shown = {
        s.committee_id
        for s in sessions
        if s.committee_id in personal and (s.chair or s.minutes_text)
    }
    if shown:
        audit_personal_read(request, shown, "sessions")
    return rows


class SessionFilters(PeriodFilters):
    kind: str | None = Field(
        None, max_length=20, description=_("ordinary, extraordinary or commission.")
    )


@router.get(
    "/sessions",
    response={200: SessionPage, **ERRORS},
    url_name="session_list",
    summary=_("Sessions and their attendance"),
    description=_("Newest first. Chair and minutes only for callers who may see personal data."),
)
def sessions(request: HttpRequest, filters: Query[SessionFilters], paging: Query[Paging]) -> dict:
    _period(filters)
    if filters.kind and filters.kind not in SessionKind.values:
        raise ApiProblem(422, str(_("Unknown kind of session.")), field="kind")
    qs = selectors.session_list(
        user=request.user,
        committee=_committee_filter(request, filters.committee),
        kind=filters.kind or "",
        start=filters.start,
        end=filters.end,
        region=territory_of(request.user, filters.territory, filters.end),
    )
    page = paginate(request, qs, paging)
    page["items"] = _sessions_out(request, page["items"])
    return page


@router.get(
    "/sessions/{session_id}",
    response={200: SessionOut, **ERRORS},
    url_name="session_detail",
    summary=_("One session"),
)
def session_detail(request: HttpRequest, session_id: int) -> dict:
    session = get_visible_or_404(Session, request.user, pk=session_id)
    row = selectors.with_figures(
        Session.objects.filter(pk=session.pk).select_related("committee")
    ).get()
    return _sessions_out(request, [row])[0]


@router.post(
    "/committees/{committee_id}/sessions",
    response={201: SessionOut, **WRITE_ERRORS},
    url_name="session_create",
    summary=_("Record a session with its attendance"),
    description=_(
        "The same rules as the session page: a date not in the future, the presence of every "
        "member active on that date, guests counted by category without names."
    ),
)
@decorate_view(scoped_object(Committee, "committee_id"))
def session_create(request: HttpRequest, committee_id: int, payload: SessionIn) -> Status:
    committee = get_visible_or_404(
        Committee.objects.select_related("unit"), request.user, Action.CHANGE, pk=committee_id
    )
    data = payload.dict()
    form = SessionForm(
        data={
            "kind": data["kind"],
            "held_on": data["held_on"],
            "commission": data["commission_id"] or "",
            "place": data["place"],
            "chair": data["chair"],
            "agenda": data["agenda"],
            "minutes_text": data["minutes_text"],
        },
        user=request.user,
        committee=committee,
        members=[],
        personal=False,
    )
    if not form.is_valid():
        raise _form_problem(form)
    guests = []
    categories = {c.code: c for c in MemberCategory.objects.all()}
    for guest in data["guests"]:
        category = categories.get(guest["category_code"])
        guest_form = GuestForm(
            data={
                "category": category.pk if category else "",
                "women": guest["women"],
                "men": guest["men"],
            }
        )
        if category is None or not guest_form.is_valid():
            raise ApiProblem(422, str(_("Unknown guest category.")), field="guests")
        guests.append(
            services.GuestCount(category=category, women=guest["women"], men=guest["men"])
        )
    attendance = {a["membership_id"]: a["presence"] for a in data["attendance"]}
    service_data = form.service_data()
    service_data.pop("minutes_file", None)
    session = services.session_record(
        user=request.user,
        committee=committee,
        attendance=attendance,
        guests=guests,
        **service_data,
    )
    row = selectors.with_figures(
        Session.objects.filter(pk=session.pk).select_related("committee")
    ).get()
    return Status(201, _sessions_out(request, [row])[0])


# --- Concerns ------------------------------------------------------------------------


class ConcernFilters(PeriodFilters):
    status: str | None = Field(None, max_length=20, description=_("A status, or `open`."))


@router.get(
    "/concerns",
    response={200: ConcernPage, **ERRORS},
    url_name="concern_list",
    summary=_("Concerns brought to the committees"),
    description=_(
        "Open ones first, merged duplicates left out. Never a reporter's contact; the "
        "description only for callers who may see personal data. Partners see none."
    ),
)
def concerns(request: HttpRequest, filters: Query[ConcernFilters], paging: Query[Paging]) -> dict:
    _period(filters)
    if filters.status and filters.status not in ("open", *ConcernStatus.values):
        raise ApiProblem(422, str(_("Unknown status.")), field="status")
    qs = selectors.concern_search(
        user=request.user,
        committee=_committee_filter(request, filters.committee),
        status=filters.status or "",
        start=filters.start,
        end=filters.end,
        region=territory_of(request.user, filters.territory, filters.end),
        duplicates=False,
    ).prefetch_related(
        # Read only to mask the reporters' phones in the text, never sent.
        Prefetch(
            "citizen_reports",
            queryset=CitizenReport.objects.only("pk", "concern", "reporter_phone"),
        )
    )
    page = paginate(request, qs, paging)
    personal = personal_committees(request.user, (c.committee_id for c in page["items"]))
    page["items"] = [
        {
            "id": c.pk,
            "committee": {"id": c.committee.pk, "name": c.committee.name},
            "category_code": c.category.code,
            "category_name": c.category.name,
            "unit": unit_ref(c.unit),
            "place_detail": c.place_detail,
            "facts_on": c.facts_on,
            "received_on": c.received_on,
            "severity": c.severity,
            "title": c.title,
            "source": c.source,
            "status": c.status,
            "status_label": c.get_status_display(),
            "answered_on": c.answered_on,
            "description": scrub_phones(
                c.description, (r.reporter_phone for r in c.citizen_reports.all())
            )
            if c.committee_id in personal
            else None,
        }
        for c in page["items"]
    ]
    shown = {r["committee"]["id"] for r in page["items"] if r["description"]}
    if shown:
        audit_personal_read(request, shown, "concerns")
    return page


# --- Recommendations -----------------------------------------------------------------


class RecommendationFilters(Schema):
    on: dt.date | None = date_field(_("Date the status is read for (today when absent)."))
    committee: int | None = Field(None, ge=1, le=MAX_ID)
    territory: str | None = Field(None, max_length=20)
    status: str | None = Field(None, max_length=20, description=_("Only this status on `on`."))
    overdue: bool = Field(False, description=_("Only those overdue on `on`."))


def _recommendation(r: Recommendation, on: dt.date, personal: bool) -> dict:
    return {
        "id": r.pk,
        "committee": {"id": r.session.committee.pk, "name": r.session.committee.name},
        "session_id": r.session_id,
        "text": r.text,
        "addressee": r.addressee.name,
        "due_on": r.due_on,
        "adopted_on": r.adopted_on,
        "on": on,
        "status_on": r.status_on,
        "overdue_on": r.overdue_on,
        "concern_ids": sorted(c.pk for c in r.concerns.all()),
        "responsible": r.responsible if personal else None,
    }


def _recommendations_out(
    request: HttpRequest, rows: list[Recommendation], on: dt.date
) -> list[dict]:
    personal = personal_committees(request.user, (r.session.committee_id for r in rows))
    out = [_recommendation(r, on, r.session.committee_id in personal) for r in rows]
    shown = {
        r.session.committee_id for r in rows if r.session.committee_id in personal and r.responsible
    }
    if shown:
        audit_personal_read(request, shown, "recommendations")
    return out


@router.get(
    "/recommendations",
    response={200: RecommendationPage, **ERRORS},
    url_name="recommendation_list",
    summary=_("Recommendations and their status on a date"),
)
def recommendations(
    request: HttpRequest, filters: Query[RecommendationFilters], paging: Query[Paging]
) -> dict:
    on = filters.on or today()
    if filters.status and filters.status not in RecommendationStatus.values:
        raise ApiProblem(422, str(_("Unknown status.")), field="status")
    qs = selectors.board_recommendations(
        user=request.user,
        on=on,
        committee=_committee_filter(request, filters.committee),
        region=territory_of(request.user, filters.territory, on),
        status=filters.status or "",
        overdue=filters.overdue,
    ).prefetch_related("concerns")
    page = paginate(request, qs, paging)
    page["items"] = _recommendations_out(request, page["items"], on)
    return page


def _recommendation_detail(request: HttpRequest, recommendation_id: int, on: dt.date) -> dict:
    recommendation = get_visible_or_404(Recommendation, request.user, pk=recommendation_id)
    row = (
        selectors.with_status_on(Recommendation.objects.filter(pk=recommendation.pk), on)
        .select_related("session__committee", "addressee")
        .prefetch_related("concerns")
        .first()
    )
    if row is None:
        raise ApiProblem(
            404, str(_("The recommendation was not adopted yet on this date.")), slug="not-yet"
        )
    data = _recommendations_out(request, [row], on)[0]
    data["follow_ups"] = [
        {
            "id": f.pk,
            "on": f.on,
            "status": f.status,
            "note": f.note,
            "has_evidence": bool(f.evidence),
        }
        for f in row.follow_ups.filter(on__lte=on).order_by("on", "pk")
    ]
    return data


@router.get(
    "/recommendations/{recommendation_id}",
    response={200: RecommendationDetailOut, **ERRORS},
    url_name="recommendation_detail",
    summary=_("One recommendation with its dated follow-up"),
)
def recommendation_detail(
    request: HttpRequest,
    recommendation_id: int,
    filters: Query[OnFilter],
) -> dict:
    return _recommendation_detail(request, recommendation_id, filters.on or today())


@router.post(
    "/recommendations/{recommendation_id}/follow-ups",
    response={201: RecommendationDetailOut, **WRITE_ERRORS},
    url_name="follow_up_create",
    summary=_("Add a follow-up to a recommendation"),
    description=_(
        "The same rules as the recommendation page: dated between the adoption and today, "
        "never before the latest follow-up; a note or a change of status."
    ),
)
@decorate_view(scoped_object(Recommendation, "recommendation_id"))
def follow_up_create(request: HttpRequest, recommendation_id: int, payload: FollowUpIn) -> Status:
    recommendation = get_visible_or_404(
        Recommendation.objects.select_related("session__committee__unit"),
        request.user,
        Action.CHANGE,
        pk=recommendation_id,
    )
    form = FollowUpForm(data=payload.dict())
    if not form.is_valid():
        raise _form_problem(form)
    values = dict(form.cleaned_data)
    values.pop("evidence", None)
    services.recommendation_follow_up(user=request.user, recommendation=recommendation, **values)
    return Status(201, _recommendation_detail(request, recommendation.pk, today()))
