"""Notifications pages: scheduling a session and its convocations (with the preview),
the log of messages sent, and the message templates of the national administrator."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from siccs.committees.models import Committee, Membership
from siccs.core.errors import DomainError
from siccs.core.scoping import (
    Action,
    can,
    get_reserved_or_404,
    get_visible_or_404,
    require_action,
    require_national,
)
from siccs.meetings.models import Concern, Recommendation
from siccs.notifications import escalation, selectors, services
from siccs.notifications.forms import (
    DeliveryFilterForm,
    MemberContactForm,
    MessageTemplateForm,
    PlannedSessionCancelForm,
    PlannedSessionForm,
)
from siccs.notifications.models import Delivery, MessageTemplate, PlannedSession
from siccs.notifications.preview import campaigns_preview


def planned_session_create(request: HttpRequest, committee_id: int) -> HttpResponse:
    committee = get_visible_or_404(
        Committee.objects.select_related("unit"), request.user, Action.CHANGE, pk=committee_id
    )
    form = PlannedSessionForm(request.POST or None, initial={"kind": "ordinary"})
    if request.method == "POST" and form.is_valid():
        try:
            planned = services.planned_session_schedule(
                user=request.user, committee=committee, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("notifications:planned_session_detail", planned.pk)
    return render(
        request, "notifications/planned_session_form.html", {"form": form, "committee": committee}
    )


def _planned_session_page(
    request: HttpRequest, planned: PlannedSession, cancel_form: PlannedSessionCancelForm
) -> HttpResponse:
    personal = can(request.user, Action.VIEW_PERSONAL, planned.committee)
    context = {
        "planned": planned,
        "personal": personal,
        "can_change": can(request.user, Action.CHANGE, planned.committee),
        "tally": selectors.convocation_tally(planned),
        "cancel_form": cancel_form,
    }
    if personal:
        context["preview"] = services.convocation_preview(planned)
        context["convocations"] = selectors.convocations_of(user=request.user, planned=planned)
    return render(request, "notifications/planned_session_detail.html", context)


def planned_session_detail(request: HttpRequest, planned_session_id: int) -> HttpResponse:
    """The scheduled session: before sending, the messages each member will receive;
    after, the convocations and the replies (expected attendance); held or cancelled."""
    planned = get_visible_or_404(
        PlannedSession.objects.select_related("committee__unit", "session"),
        request.user,
        pk=planned_session_id,
    )
    return _planned_session_page(request, planned, PlannedSessionCancelForm())


@require_POST
def planned_session_cancel(request: HttpRequest, planned_session_id: int) -> HttpResponse:
    """The secretary cancels the session with a reason; the convened members are told."""
    planned = get_visible_or_404(
        PlannedSession.objects.select_related("committee__unit", "session"),
        request.user,
        Action.CHANGE,
        pk=planned_session_id,
    )
    form = PlannedSessionCancelForm(request.POST)
    if form.is_valid():
        try:
            count = services.planned_session_cancel(
                user=request.user, planned=planned, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(request, _("Session cancelled; %(n)s members told.") % {"n": count})
            return redirect("notifications:planned_session_detail", planned.pk)
    return _planned_session_page(request, planned, form)


@require_POST
def planned_session_convene(request: HttpRequest, planned_session_id: int) -> HttpResponse:
    planned = get_visible_or_404(
        PlannedSession.objects.select_related("committee__unit"),
        request.user,
        Action.CHANGE,
        pk=planned_session_id,
    )
    try:
        count = services.convocations_send(user=request.user, planned=planned)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(n)s convocations queued.") % {"n": count})
    return redirect("notifications:planned_session_detail", planned.pk)


def member_contacts(request: HttpRequest, committee_id: int) -> HttpResponse:
    """Each sitting member's language of messages, e-mail and refusal of SMS, set by
    whoever may change the committee's members (and see who they are)."""
    committee = get_visible_or_404(
        Committee.objects.select_related("unit"), request.user, Action.CHANGE, pk=committee_id
    )
    get_visible_or_404(Committee, request.user, Action.VIEW_PERSONAL, pk=committee_id)
    members = selectors.member_contact_rows(user=request.user, committee=committee)
    posted = request.method == "POST"
    for membership in members:
        contact = membership.contact
        prefix = f"m{membership.pk}"
        # A member seated after the page was opened has no row in the form: left as is.
        data = request.POST if posted and f"{prefix}-language" in request.POST else None
        membership.form = MemberContactForm(
            data,
            prefix=prefix,
            initial={
                "language": contact.language if contact else "fr",
                "email": contact.email if contact else "",
                "sms_opt_out": contact.sms_opt_out if contact else False,
            },
        )
    rows = [m for m in members if m.form.is_bound]
    if posted and all(m.form.is_valid() for m in rows):
        preferences: dict[Membership, dict[str, Any]] = {m: m.form.cleaned_data for m in rows}
        try:
            changed = services.member_contacts_set(
                user=request.user, committee=committee, preferences=preferences
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Message preferences saved (%(n)s members changed).") % {"n": changed}
            )
            return redirect("notifications:member_contacts", committee.pk)
    return render(
        request,
        "notifications/member_contacts.html",
        {"committee": committee, "members": members},
    )


def campaign_preview(request: HttpRequest) -> HttpResponse:
    """What the next run of each periodic job would send, before the worker sends it:
    computed by the jobs' own functions, writing nothing (national administrator)."""
    require_national(request.user, Action.ADMINISTER)
    return render(request, "notifications/campaign_preview.html", {"jobs": campaigns_preview()})


def delivery_list(request: HttpRequest) -> HttpResponse:
    """Every message the platform wrote in the user's territory, numbers masked."""
    require_action(request.user, Action.VIEW_PERSONAL)
    form = DeliveryFilterForm(request.GET or None)
    deliveries = Delivery.objects.visible_to(request.user).select_related("unit")
    if form.is_valid() and form.cleaned_data["purpose"]:
        deliveries = deliveries.filter(purpose=form.cleaned_data["purpose"])
    page = Paginator(deliveries, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/delivery_list.html", {"form": form, "page": page})


def template_list(request: HttpRequest) -> HttpResponse:
    require_national(request.user, Action.ADMINISTER)
    return render(
        request,
        "notifications/template_list.html",
        {"templates": MessageTemplate.objects.all()},
    )


def template_edit(request: HttpRequest, message_template_id: int) -> HttpResponse:
    template = get_reserved_or_404(
        MessageTemplate, request.user, Action.ADMINISTER, national=True, pk=message_template_id
    )
    initial = {
        "text_fr": template.text_fr,
        "text_bm": template.text_bm,
        "enabled": template.enabled,
        "days": template.days,
    }
    form = MessageTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.template_update(user=request.user, template=template, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Message template saved."))
            return redirect("notifications:template_list")
    return render(request, "notifications/template_form.html", {"form": form, "template": template})


def _escalate(request: HttpRequest, **item: Any) -> None:
    reason = str(request.POST.get("reason", ""))[:1000]
    try:
        escalation.escalate(user=request.user, reason=reason, **item)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Escalated to the next level."))


@require_POST
def recommendation_escalate(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    recommendation = get_visible_or_404(
        Recommendation.objects.select_related("session__committee__unit"),
        request.user,
        pk=recommendation_id,
    )
    _escalate(request, recommendation=recommendation)
    return redirect("meetings:recommendation_detail", recommendation.pk)


@require_POST
def concern_escalate(request: HttpRequest, concern_id: int) -> HttpResponse:
    concern = get_visible_or_404(
        Concern.objects.select_related("committee__unit"), request.user, pk=concern_id
    )
    _escalate(request, concern=concern)
    return redirect("meetings:concern_detail", concern.pk)


@login_not_required
@never_cache
@require_POST
def satisfaction_answer(request: HttpRequest) -> HttpResponse:
    """A citizen answers, on the tracking page, whether the answer helped; the tracking
    code they hold names the report. Anything unexpected leads back to the page."""
    from siccs.citizens.services import normalise_code
    from siccs.notifications.models import Channel, SatisfactionQuestion

    code = normalise_code(str(request.POST.get("code", ""))[:20])
    answer = request.POST.get("answer", "")
    lang = request.POST.get("lang") if request.POST.get("lang") in ("fr", "bm") else "fr"
    question = (
        SatisfactionQuestion.objects.filter(
            report__tracking_code=code, channel=Channel.PAGE, answer=""
        ).first()
        if code
        else None
    )
    if question is not None and answer in ("yes", "no"):
        services.satisfaction_answer(question=question, answer=answer)
    query = urlencode({"code": code, "lang": lang}) if code else urlencode({"lang": lang})
    return redirect(reverse("citizens:track") + "?" + query)
