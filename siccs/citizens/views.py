"""Public pages (report, tracking, transparency), the SMS webhook, and the triage pages."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from siccs.accounts.scoping import Action, get_visible_or_404, is_national, require_action
from siccs.citizens import region_map, replies, selectors, services, texts, webhook
from siccs.citizens.abuse import answer_warnings
from siccs.citizens.conf import conf
from siccs.citizens.forms import (
    AnswerForm,
    CloseForm,
    ForwardForm,
    PublicReportForm,
    QualifyForm,
    ReportFilterForm,
    RevealForm,
)
from siccs.citizens.models import (
    Channel,
    CitizenReport,
    GatewayKind,
    OutboundSms,
    SmsGateway,
    SmsState,
)
from siccs.core import phones
from siccs.core.errors import DomainError
from siccs.core.fields import mask_phone
from siccs.core.network import client_ip
from siccs.core.tabular.writer import csv_response
from siccs.meetings.models import ConcernStatus
from siccs.territory.models import AdministrativeUnit, Level

logger = logging.getLogger("siccs.citizens")

# --- Public pages ---------------------------------------------------------------------


def _language(request: HttpRequest) -> str:
    """The language asked in the address or the form, else the one chosen earlier in this
    browser (kept in the session once a person switches), else French."""
    asked = request.POST.get("lang") or request.GET.get("lang")
    if asked in texts.LANGUAGES:
        if asked != request.session.get("citizens_lang", "fr"):
            request.session["citizens_lang"] = asked
        return asked
    return texts.language_of(request.session.get("citizens_lang"))


def _public(request: HttpRequest, template: str, language: str, **context: Any) -> HttpResponse:
    other = "bm" if language == "fr" else "fr"
    query = request.GET.copy()
    query["lang"] = other
    context.update(
        {
            "t": texts.TEXTS[language],
            "lang": language,
            "other_lang": other,
            "other_lang_name": texts.TEXTS[other]["language_name"],
            # The switch keeps what the page shows (a tracking code, for one).
            "other_lang_query": query.urlencode(),
        }
    )
    response = render(request, template, context)
    response.headers["Content-Language"] = language
    return response


def _report_page(request: HttpRequest, commune: AdministrativeUnit | None) -> HttpResponse:
    language = _language(request)
    form = PublicReportForm(request.POST or None, language=language, commune=commune)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_submit(
                channel=Channel.WEB,
                description=data["description"],
                language=language,
                category=data["category"],
                commune=data["commune"],
                place_detail=data.get("place", ""),
                phone=data.get("phone", ""),
                source=client_ip(request),
            )
        except services.ReportRefused as error:
            refusal = error.message
        else:
            request.session["citizens_code"] = report.tracking_code
            return redirect(f"{_url('citizens:report_done')}?lang={language}")
    return _public(
        request,
        "citizens/public_report.html",
        language,
        form=form,
        commune=commune,
        refusal=refusal,
        description_max=conf("CITIZEN_DESCRIPTION_MAX"),
    )


def _url(name: str, **kwargs: Any) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)


@login_not_required
def report(request: HttpRequest) -> HttpResponse:
    return _report_page(request, None)


@login_not_required
def report_commune(request: HttpRequest, commune_ref: str) -> HttpResponse:
    communes = AdministrativeUnit.objects.filter(level=Level.COMMUNE).in_force()
    commune = communes.filter(pcode=commune_ref).first()
    if commune is None and commune_ref.isdigit():
        commune = communes.filter(pk=int(commune_ref)).first()
    if commune is None:
        return redirect(_url("citizens:report"))
    return _report_page(request, commune)


@login_not_required
@never_cache
@require_GET
def report_done(request: HttpRequest) -> HttpResponse:
    """The receipt: the code, who receives the report, the usual delay, whether an SMS comes."""
    code = request.session.get("citizens_code", "")
    if not code:
        return redirect(_url("citizens:report"))
    language = _language(request)
    receipt = selectors.receipt(code)
    context: dict[str, Any] = {"code": code}
    if receipt is not None:
        who = texts.text(language, f"who_{receipt['level']}", unit=receipt["unit"])
        context.update(
            who=texts.text(language, "done_who", who=who),
            delay=texts.text(language, "done_delay", days=str(receipt["days"])),
            sms=texts.text(language, "done_sms_yes" if receipt["sms"] else "done_sms_no"),
        )
    return _public(request, "citizens/public_done.html", language, **context)


@login_not_required
@never_cache
@require_GET
def track(request: HttpRequest) -> HttpResponse:
    language = _language(request)
    raw = request.GET.get("code", "")
    code = services.normalise_code(raw)
    found = selectors.track(code) if code else None
    context: dict[str, Any] = {"code": code or raw[:10], "searched": bool(raw)}
    if found is not None:
        # Status and public answer, nothing else: no description, no place, no phone.
        context["status"] = texts.text(language, f"status_{selectors.public_status(found)}")
        context["answer"] = found.answer_text
        answered_on = selectors.answered_in_committee_on(found)
        if answered_on is not None:
            context["answered_in_committee"] = texts.text(
                language, "answered_in_committee", date=answered_on.strftime("%d/%m/%Y")
            )
    return _public(request, "citizens/public_track.html", language, **context)


@login_not_required
@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    """Public figures, in French or Bambara: committees by region, concerns per month."""
    language = _language(request)
    t = texts.TEXTS[language]
    regions = selectors.committees_by_region()
    totals = {key: sum(r[key] for r in regions) for key in ("planned", "installed", "functional")}
    months = selectors.concerns_per_month()
    for month in months:
        month["name"] = texts.month_name(language, month["month"])
    context = {
        "map": region_map.draw(regions, title=t["tr_by_region"], desc=t["tr_map_desc"]),
        "regions": regions,
        "totals": totals,
        "months": months,
        "max_month": max([m["received"] for m in months] + [1]),
        "median_days": selectors.median_days_to_answer(),
    }
    return _public(request, "citizens/transparency.html", language, **context)


# --- SMS webhook ------------------------------------------------------------------------


@csrf_exempt
@login_not_required
@never_cache
@require_POST
def sms_webhook(request: HttpRequest, gateway_id: int) -> JsonResponse:
    """Incoming SMS from an Android gateway app (form fields) or a RapidPro flow (JSON)."""
    try:
        webhook.check_size(request)
        gateway = SmsGateway.objects.filter(pk=gateway_id, active=True).first()
        secret = webhook.presented_secret(
            request, form_field_allowed=gateway is not None and gateway.kind == GatewayKind.ANDROID
        )
        if gateway is None or not services.gateway_secret_matches(gateway, secret):
            return JsonResponse({"error": "forbidden"}, status=403)
        incoming = webhook.read(request)
    except webhook.BadCall as error:
        return JsonResponse({"error": str(error)}, status=error.status)
    # A reply to a question the platform asked (convocation, satisfaction, STOP) is
    # recorded there and is not a report.
    replied = replies.reply_receive(sender=incoming.sender, text=incoming.text)
    if replied:
        logger.info(
            "SMS from %s through gateway %s: reply (%s)",
            phones.mask(incoming.sender),
            gateway.pk,
            replied,
        )
        return JsonResponse({"status": "reply", "recorded": replied, "payload": {"success": True}})
    report, created, refusal = services.sms_receive(
        gateway=gateway,
        sender=incoming.sender,
        message=incoming.text,
        message_id=incoming.message_id,
        received_at=incoming.received_at,
    )
    logger.info(
        "SMS from %s through gateway %s: %s",
        phones.mask(incoming.sender),
        gateway.pk,
        f"refused ({refusal})" if report is None else ("accepted" if created else "duplicate"),
    )
    if report is None:
        body: dict[str, Any] = {
            "status": "refused",
            "reason": refusal,
            "payload": {"success": True},
        }
    else:
        body = {
            "status": "accepted" if created else "duplicate",
            "tracking_code": report.tracking_code,
            # SMSSync-style apps read this envelope; everything else ignores it.
            "payload": {"success": True, "error": None},
        }
    if incoming.warnings:
        body["warnings"] = incoming.warnings
    return JsonResponse(body)


# --- Triage (logged in) -----------------------------------------------------------------


def report_list(request: HttpRequest) -> HttpResponse:
    """The triage queue: search, filters and sort in SQL, 50 reports a page."""
    require_action(request.user, Action.TRIAGE)
    form = ReportFilterForm(request.GET)
    reports = selectors.report_list(user=request.user, **form.filters())
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    selectors.decorate(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "citizens/report_list.html",
        {
            "form": form,
            "page": page,
            "reports": page.object_list,
            "query": query.urlencode(),
            "can_purge": is_national(request.user, Action.ADMINISTER),
            "held_sms": selectors.held_sms() if is_national(request.user, Action.TRIAGE) else None,
        },
    )


def report_export(request: HttpRequest) -> HttpResponse:
    """CSV of the reports in scope, with the list's filters. Never the phone, not even masked."""
    require_action(request.user, Action.TRIAGE)
    filters = ReportFilterForm(request.GET).filters()
    reports = selectors.decorate(list(selectors.report_list(user=request.user, **filters)))
    return csv_response(
        filename="signalements.csv",
        header=[
            _("Tracking code"),
            _("Received at"),
            _("Channel"),
            _("Category"),
            _("Commune"),
            _("Status"),
            _("Answered at"),
            _("Description"),
        ],
        rows=(
            [
                r.tracking_code,
                timezone.localtime(r.received_at).strftime("%Y-%m-%d %H:%M"),
                r.get_channel_display(),
                r.category or "",
                r.commune or "",
                ConcernStatus(r.public_status).label,
                timezone.localtime(r.answered_at).strftime("%Y-%m-%d") if r.answered_at else "",
                r.description,
            ]
            for r in reports
        ),
    )


def _detail_context(request: HttpRequest, report: CitizenReport, **forms: Any) -> dict:
    selectors.decorate([report])
    report.status_since = report.received_at
    history = list(selectors.history(report))
    if history:
        report.status_since = history[-1].at
        selectors.decorate([report])
    initial_summary = (report.concern.description if report.concern else "") or report.description
    return {
        "report": report,
        "masked_phone": mask_phone(report.reporter_phone),
        "history": history,
        "qualify_form": forms.get("qualify_form")
        or QualifyForm(
            user=request.user,
            initial={
                "category": report.category_id,
                "commune": report.commune_id,
                "place_detail": report.place_detail,
                "summary": initial_summary,
            },
        ),
        "forward_form": forms.get("forward_form") or ForwardForm(),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "reveal_form": forms.get("reveal_form") or RevealForm(),
        "warnings": forms.get("warnings", []),
        "revealed_phone": forms.get("revealed_phone", ""),
        "can_purge": is_national(request.user, Action.ADMINISTER),
        "sms": report.outbound_sms.all(),
    }


def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_visible_or_404(
        CitizenReport.objects.select_related("category", "commune", "concern"),
        request.user,
        Action.TRIAGE,
        pk=report_id,
    )
    forms: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "qualify":
                form = forms["qualify_form"] = QualifyForm(request.POST, user=request.user)
                if form.is_valid():
                    data = form.cleaned_data
                    original = None
                    if data["duplicate_of"]:
                        code = services.normalise_code(data["duplicate_of"])
                        original = (
                            CitizenReport.objects.visible_to(request.user)
                            .filter(tracking_code=code)
                            .first()
                        )
                        if original is None:
                            raise DomainError(_("No report with this code."), field="duplicate_of")
                    services.report_qualify(
                        actor=request.user,
                        report=report,
                        category=data["category"],
                        commune=data["commune"],
                        place_detail=data["place_detail"],
                        summary=data["summary"],
                        duplicate_of=original,
                    )
                    messages.success(request, _("Report qualified."))
                    return redirect("citizens:report_detail", report_id=report.pk)
            elif action == "forward":
                form = forms["forward_form"] = ForwardForm(request.POST)
                if form.is_valid():
                    services.report_forward(actor=request.user, report=report, **form.cleaned_data)
                    messages.success(request, _("Forwarding recorded."))
                    return redirect("citizens:report_detail", report_id=report.pk)
            elif action == "answer":
                form = forms["answer_form"] = AnswerForm(request.POST)
                if form.is_valid():
                    warnings = answer_warnings(form.cleaned_data["answer"])
                    if warnings and not form.cleaned_data["confirm"]:
                        forms["warnings"] = warnings  # warn, do not block
                    else:
                        services.report_answer(
                            actor=request.user, report=report, answer=form.cleaned_data["answer"]
                        )
                        messages.success(request, _("Answer sent."))
                        return redirect("citizens:report_detail", report_id=report.pk)
            elif action == "close":
                form = forms["close_form"] = CloseForm(request.POST)
                if form.is_valid():
                    services.report_close(actor=request.user, report=report, **form.cleaned_data)
                    messages.success(request, _("Concern closed."))
                    return redirect("citizens:report_detail", report_id=report.pk)
        except DomainError as error:
            target = next(iter(forms.values()), None)
            if target is not None and error.field in target.fields:
                target.add_error(error.field, error.message)
            else:
                messages.error(request, error.message)
    return render(request, "citizens/report_detail.html", _detail_context(request, report, **forms))


@require_POST
def report_reveal_phone(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_visible_or_404(CitizenReport, request.user, Action.TRIAGE, pk=report_id)
    form = RevealForm(request.POST)
    revealed = ""
    if form.is_valid():
        try:
            revealed = services.report_reveal_phone(
                actor=request.user, report=report, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error("reason", error.message)
    response = render(
        request,
        "citizens/report_detail.html",
        _detail_context(request, report, reveal_form=form, revealed_phone=revealed),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@require_POST
def report_purge(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_visible_or_404(CitizenReport, request.user, Action.TRIAGE, pk=report_id)
    try:
        services.report_purge(actor=request.user, report=report)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Personal data of the report deleted."))
    return redirect("citizens:report_detail", report_id=report.pk)


def purge(request: HttpRequest) -> HttpResponse:
    """National administrators delete personal data of reports past the retention period."""
    if not is_national(request.user, Action.ADMINISTER):
        raise PermissionDenied
    if request.method == "POST":
        count = services.reports_purge_expired(actor=request.user)
        messages.success(request, _("%(n)s reports anonymised.") % {"n": count})
        return redirect("citizens:purge")
    expired = services.reports_expired().count()
    return render(
        request,
        "citizens/purge.html",
        {"expired": expired, "days": settings.REPORT_RETENTION_DAYS},
    )


def outbound_list(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.TRIAGE)
    state = request.GET.get("state", "")
    if state not in SmsState.values:
        state = ""
    rows = list(selectors.outbound_list(user=request.user, state=state)[:200])
    for row in rows:
        row.masked_to = mask_phone(row.to_phone)
    return render(
        request,
        "citizens/outbound_list.html",
        {
            "messages_out": rows,
            "state": state,
            "states": SmsState.choices,
            "held_sms": selectors.held_sms() if is_national(request.user, Action.TRIAGE) else None,
        },
    )


@require_POST
def outbound_retry(request: HttpRequest, outbound_id: int) -> HttpResponse:
    outbound = get_visible_or_404(OutboundSms, request.user, Action.TRIAGE, pk=outbound_id)
    try:
        services.outbound_sms_retry(actor=request.user, outbound=outbound)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Message queued again."))
    return redirect("citizens:outbound_list")
