"""Meetings pages: sessions, minutes, the concern register, recommendations, follow-up board.

Views are thin: they find objects through the scoping mechanism, call a selector or a
service, and turn domain errors into form errors.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siccs.accounts.scoping import Action, can, get_visible_or_404, is_partner_only
from siccs.committees.models import Committee
from siccs.core import dates
from siccs.core.errors import DomainError
from siccs.core.query import query_int
from siccs.meetings import documents, selectors, services
from siccs.meetings.forms import (
    AgendaForm,
    BoardFilterForm,
    ConcernFilterForm,
    ConcernForm,
    ConcernMergeForm,
    ConcernSearchForm,
    ConcernStatusForm,
    FollowUpForm,
    GuestFormSet,
    RecommendationForm,
    SessionFilterForm,
    SessionForm,
)
from siccs.meetings.models import (
    Attendance,
    Concern,
    FollowUp,
    GuestAttendance,
    Recommendation,
    RecommendationStatus,
    Session,
)


def _form_error(form: Any, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _filter_data(request: HttpRequest) -> Any:
    """The query string as form data, None when only a page number (or nothing) is asked."""
    data = request.GET.copy()
    data.pop("page", None)
    return data or None


def _personal(user: Any, committee: Committee) -> bool:
    return can(user, Action.VIEW_PERSONAL, committee)


def _can_change(user: Any, committee: Committee) -> bool:
    return can(user, Action.CHANGE, committee)


# --- Sessions ------------------------------------------------------------------------


def session_list(request: HttpRequest) -> HttpResponse:
    """Sessions across the user's scope; the dashboard's session figure links here with
    `from`, `to` and `region`, and the count shown is that figure."""
    form = SessionFilterForm(_filter_data(request), user=request.user)
    filters = form.filters()
    if filters is None:
        sessions = Session.objects.none()
    else:
        sessions = selectors.session_list(
            user=request.user,
            kind=filters.get("kind") or "",
            year=filters.get("year"),
            start=filters.get("start"),
            end=filters.get("end"),
            region=filters.get("region"),
        )
    page = Paginator(sessions, 25).get_page(request.GET.get("page"))
    rows = [(s, selectors.figures_of(s)) for s in page]
    return render(
        request,
        "meetings/session_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "recordable": selectors.committees_to_record(user=request.user),
        },
    )


def committee_sessions(request: HttpRequest, committee_id: int) -> HttpResponse:
    committee = get_visible_or_404(
        Committee.objects.select_related("unit", "level"), request.user, pk=committee_id
    )
    sessions = list(selectors.session_list(user=request.user, committee=committee))
    rows = [(s, selectors.figures_of(s)) for s in sessions]
    over_time = selectors.figures_over_time(
        Session.objects.visible_to(request.user).filter(committee=committee), period="quarter"
    )
    return render(
        request,
        "meetings/committee_sessions.html",
        {
            "committee": committee,
            "rows": rows,
            "over_time": over_time,
            "functional": selectors.is_functional(committee),
            "can_change": _can_change(request.user, committee),
        },
    )


def _session_form_page(
    request: HttpRequest, committee: Committee, session: Session | None
) -> HttpResponse:
    today = dates.today()
    personal = _personal(request.user, committee)
    initial: dict[str, Any] = {"held_on": today, "kind": "ordinary"}
    guest_initial: list[dict[str, Any]] = []
    if session is not None:
        initial = {
            "kind": session.kind,
            "held_on": session.held_on,
            "commission": session.commission_id,
            "place": session.place,
            "chair": session.chair,
            "agenda": session.agenda,
            "minutes_text": session.minutes_text,
        }
        for attendance in Attendance.objects.filter(session=session):
            initial[f"presence_{attendance.membership_id}"] = attendance.presence
        guest_initial = [
            {"category": g.category_id, "women": g.women, "men": g.men}
            for g in GuestAttendance.objects.filter(session=session)
        ]
    # The members listed are those active on the date asked (posted, or initial).
    on = initial["held_on"]
    if request.method == "POST":
        probe = SessionForm(
            request.POST, user=request.user, committee=committee, members=[], personal=personal
        )
        probe.is_valid()
        on = probe.cleaned_data.get("held_on") or on
    members = list(
        selectors.active_members_on(committee, on)
        .select_related("person", "category")
        .order_by("category__order", "function", "person__full_name")
    )
    form = SessionForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        committee=committee,
        members=members,
        personal=personal,
        initial=initial,
    )
    guests = GuestFormSet(request.POST or None, initial=guest_initial, prefix="guests")
    if request.method == "POST" and form.is_valid() and guests.is_valid():
        guest_counts = [
            services.GuestCount(
                category=g["category"], women=g.get("women") or 0, men=g.get("men") or 0
            )
            for g in guests.cleaned_data
            if g.get("category")
        ]
        try:
            saved = services.session_record(
                user=request.user,
                committee=committee,
                attendance=form.attendance(),
                guests=guest_counts,
                session=session,
                **form.service_data(),
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Session recorded."))
            return redirect("meetings:session_detail", session_id=saved.pk)
    return render(
        request,
        "meetings/session_form.html",
        {"form": form, "guests": guests, "committee": committee, "session": session, "on": on},
    )


def session_create(request: HttpRequest, committee_id: int) -> HttpResponse:
    committee = get_visible_or_404(
        Committee.objects.select_related("unit"), request.user, Action.CHANGE, pk=committee_id
    )
    return _session_form_page(request, committee, None)


def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_visible_or_404(
        Session.objects.select_related("committee__unit"),
        request.user,
        Action.CHANGE,
        pk=session_id,
    )
    return _session_form_page(request, session.committee, session)


def _session(request: HttpRequest, session_id: int, action: str | None = None) -> Session:
    return get_visible_or_404(
        Session.objects.select_related("committee", "committee__unit", "commission"),
        request.user,
        action,
        pk=session_id,
    )


def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    personal = _personal(request.user, session.committee)
    context = selectors.session_detail_data(session=session, personal=personal, user=request.user)
    context["can_change"] = _can_change(request.user, session.committee)
    return render(request, "meetings/session_detail.html", context)


def session_minutes(request: HttpRequest, session_id: int) -> HttpResponse:
    """The minutes (PV) as a printable page; names only for users allowed to see them."""
    session = _session(request, session_id)
    context = selectors.session_detail_data(
        session=session, personal=_personal(request.user, session.committee), user=request.user
    )
    return HttpResponse(documents.minutes_html(context, request=request))


def session_minutes_pdf(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    context = selectors.session_detail_data(
        session=session, personal=_personal(request.user, session.committee), user=request.user
    )
    response = HttpResponse(
        documents.minutes_pdf(context, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="pv-{session.committee_id}-{session.held_on.isoformat()}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _file_response(field: Any, filename: str) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    # Always an attachment: the stored extension was set from the sniffed content.
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def session_minutes_file(request: HttpRequest, session_id: int) -> FileResponse:
    """The scanned minutes name the members: personal data."""
    session = _session(request, session_id)
    if not _personal(request.user, session.committee):
        raise Http404
    extension = session.minutes_file.name.rsplit(".", 1)[-1] if session.minutes_file else ""
    return _file_response(session.minutes_file, f"pv-{session.held_on.isoformat()}.{extension}")


def session_agenda(request: HttpRequest, session_id: int) -> HttpResponse:
    """Build the agenda of a session from the committee's open concerns."""
    session = _session(request, session_id, Action.CHANGE)
    form = AgendaForm(
        request.POST or None,
        user=request.user,
        session=session,
        initial={"concerns": list(session.agenda_concerns.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_agenda_set(
                user=request.user, session=session, concerns=form.cleaned_data["concerns"]
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Agenda updated."))
            return redirect("meetings:session_detail", session_id=session.pk)
    return render(request, "meetings/session_agenda.html", {"form": form, "session": session})


def recommendation_create(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id, Action.CHANGE)
    form = RecommendationForm(request.POST or None, user=request.user, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_adopt(user=request.user, session=session, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Recommendation adopted."))
            if "another" in request.POST:
                return redirect("meetings:recommendation_create", session_id=session.pk)
            return redirect("meetings:session_detail", session_id=session.pk)
    return render(request, "meetings/recommendation_form.html", {"form": form, "session": session})


# --- Concerns ------------------------------------------------------------------------


def concern_list(request: HttpRequest, committee_id: int) -> HttpResponse:
    """The committee's register of concerns, open ones first."""
    committee = get_visible_or_404(
        Committee.objects.select_related("unit"), request.user, pk=committee_id
    )
    form = ConcernFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    concerns = selectors.concern_search(
        user=request.user,
        committee=committee,
        status=filters.get("status") or "",
        category=filters.get("category"),
        source=filters.get("source") or "",
    )
    page = Paginator(concerns, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/concern_list.html",
        {
            "committee": committee,
            "form": form,
            "page": page,
            "can_change": _can_change(request.user, committee),
        },
    )


def concern_search(request: HttpRequest) -> HttpResponse:
    """Concerns across the committees in the user's scope (none for partner viewers:
    concerns have no partner rule). Merged duplicates are left out, as on the dashboard,
    so that `to` with `region` (and `answered=1`) gives the dashboard's figures."""
    form = ConcernSearchForm(_filter_data(request), user=request.user)
    filters = form.filters()
    if filters is None:
        rows = Concern.objects.none()
    else:
        rows = selectors.concern_search(
            user=request.user,
            status=filters.get("status") or "",
            category=filters.get("category"),
            source=filters.get("source") or "",
            start=filters.get("start"),
            end=filters.get("end"),
            region=filters.get("region"),
            answered=bool(filters.get("answered")),
            duplicates=False,
        )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/concerns.html",
        {"form": form, "page": page, "partner_only": is_partner_only(request.user)},
    )


def concern_create(request: HttpRequest, committee_id: int) -> HttpResponse:
    """Register a concern; from a session's page (`?session=`) the session is chosen, the
    date received is the session's, and the secretary goes back to the session after."""
    committee = get_visible_or_404(
        Committee.objects.select_related("unit"), request.user, Action.CHANGE, pk=committee_id
    )
    session_id = query_int(request, "session", minimum=1)
    session = (
        Session.objects.visible_to(request.user).filter(committee=committee, pk=session_id).first()
        if session_id
        else None
    )
    initial = {"session": session, "received_on": session.held_on} if session else {}
    form = ConcernForm(
        request.POST or None, user=request.user, committee=committee, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_register(
                user=request.user, committee=committee, **form.cleaned_data
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Concern registered."))
            if session is not None and concern.session_id == session.pk:
                return redirect("meetings:session_detail", session_id=session.pk)
            return redirect("meetings:concern_detail", concern_id=concern.pk)
    return render(
        request,
        "meetings/concern_form.html",
        {"form": form, "committee": committee, "session": session},
    )


def _concern(request: HttpRequest, concern_id: int, action: str | None = None) -> Concern:
    return get_visible_or_404(
        Concern.objects.select_related(
            "committee", "committee__unit", "category", "unit", "session", "duplicate_of"
        ),
        request.user,
        action,
        pk=concern_id,
    )


def _concern_page(
    request: HttpRequest,
    concern: Concern,
    status_form: ConcernStatusForm | None = None,
    merge_form: ConcernMergeForm | None = None,
) -> HttpResponse:
    can_change = _can_change(request.user, concern.committee)
    context = {
        "concern": concern,
        "changes": concern.status_changes.order_by("at", "pk"),
        "recommendations": Recommendation.objects.visible_to(request.user)
        .filter(concerns=concern)
        .select_related("addressee", "session"),
        "duplicates": concern.duplicates.order_by("pk"),
        "can_change": can_change,
        # Descriptions may name victims or informants: shown with the personal data.
        "personal": _personal(request.user, concern.committee),
    }
    if can_change:
        context["status_form"] = status_form or ConcernStatusForm(
            initial={"status": concern.status}
        )
        context["merge_form"] = merge_form or ConcernMergeForm(user=request.user, concern=concern)
    return render(request, "meetings/concern_detail.html", context)


def concern_detail(request: HttpRequest, concern_id: int) -> HttpResponse:
    return _concern_page(request, _concern(request, concern_id))


@require_POST
def concern_status(request: HttpRequest, concern_id: int) -> HttpResponse:
    concern = _concern(request, concern_id, Action.CHANGE)
    form = ConcernStatusForm(request.POST)
    if form.is_valid():
        try:
            services.concern_set_status(user=request.user, concern=concern, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Status recorded."))
            return redirect("meetings:concern_detail", concern_id=concern.pk)
    return _concern_page(request, concern, status_form=form)


@require_POST
def concern_merge(request: HttpRequest, concern_id: int) -> HttpResponse:
    concern = _concern(request, concern_id, Action.CHANGE)
    form = ConcernMergeForm(request.POST, user=request.user, concern=concern)
    if form.is_valid():
        try:
            services.concern_merge_duplicate(
                user=request.user, concern=concern, **form.cleaned_data
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Concern merged."))
            return redirect("meetings:concern_detail", concern_id=concern.pk)
    return _concern_page(request, concern, merge_form=form)


# --- Recommendations -----------------------------------------------------------------


def recommendation_detail(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    """A recommendation with its dated history; the follow-up form for those who may change it."""
    recommendation = get_visible_or_404(
        Recommendation.objects.select_related("session__committee__unit", "addressee"),
        request.user,
        pk=recommendation_id,
    )
    committee = recommendation.session.committee
    can_change = _can_change(request.user, committee)
    form = None
    if can_change:
        form = FollowUpForm(
            request.POST or None, request.FILES or None, initial={"status": recommendation.status}
        )
    elif request.method == "POST":
        raise Http404
    if request.method == "POST" and form is not None and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("evidence")
        try:
            services.recommendation_follow_up(
                user=request.user,
                recommendation=recommendation,
                evidence=upload,
                evidence_name=upload.name if upload else "",
                **data,
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect("meetings:recommendation_detail", recommendation_id=recommendation.pk)
    today = dates.today()
    # Partner viewers see that concerns were answered, never which ones.
    concerns = list(
        recommendation.concerns.filter(
            pk__in=Concern.objects.visible_to(request.user).values("pk")
        ).select_related("category")
    )
    return render(
        request,
        "meetings/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "committee": committee,
            "follow_ups": recommendation.follow_ups.order_by("on", "pk"),
            "concerns": concerns,
            "concerns_hidden": recommendation.concerns.count() - len(concerns),
            "personal": _personal(request.user, committee),
            "overdue": bool(
                recommendation.due_on
                and recommendation.due_on < today
                and recommendation.status in selectors.PENDING
            ),
            "form": form,
        },
    )


def follow_up_evidence(request: HttpRequest, follow_up_id: int) -> FileResponse:
    """Evidence may show people (photos, letters): personal data."""
    follow_up = get_visible_or_404(FollowUp, request.user, Action.VIEW_PERSONAL, pk=follow_up_id)
    return _file_response(follow_up.evidence, follow_up.evidence_name or "piece")


# --- Follow-up board -----------------------------------------------------------------


def _board(request: HttpRequest) -> tuple[BoardFilterForm, dict[str, Any], Any]:
    form = BoardFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    rows = selectors.board_recommendations(
        user=request.user,
        on=filters["on"],
        region=filters.get("region"),
        addressee=filters.get("addressee"),
        category=filters.get("category"),
        status=filters.get("status") or "",
        overdue=bool(filters.get("overdue")),
    )
    return form, filters, rows


def board(request: HttpRequest) -> HttpResponse:
    """Follow-up of recommendations across the committees in the user's scope."""
    form, filters, rows = _board(request)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/board.html",
        {
            "form": form,
            "on": filters["on"],
            "page": page,
            "figures": selectors.board_figures(rows),
            "by_addressee": selectors.board_by_addressee(rows),
            "by_category": selectors.board_by_category(rows),
            "quarters": selectors.implementation_by_quarter(rows, filters["on"]),
            "status_choices": RecommendationStatus.choices,
        },
    )


def board_export(request: HttpRequest) -> HttpResponse:
    _form, filters, rows = _board(request)
    personal_ids = set(
        Committee.objects.visible_to(request.user, Action.VIEW_PERSONAL).values_list(
            "pk", flat=True
        )
    )
    content = documents.board_xlsx(
        rows,
        personal_ids=personal_ids,
        on=filters["on"],
        by_addressee=selectors.board_by_addressee(rows),
        by_category=selectors.board_by_category(rows),
        quarters=selectors.implementation_by_quarter(rows, filters["on"]),
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="suivi-recommandations-{filters["on"].isoformat()}.xlsx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
