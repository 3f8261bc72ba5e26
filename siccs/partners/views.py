"""Partner pages: thin views over selectors and services, scoped at their first line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siccs.accounts.scoping import (
    Action,
    get_reserved_or_404,
    get_visible_or_404,
    is_national,
    partner_ids_of,
    require_action,
    require_national,
    user_has_action,
)
from siccs.core import dates
from siccs.core.errors import DomainError
from siccs.core.fields import mask_phone
from siccs.core.query import query_date
from siccs.partners import exports, selectors, services
from siccs.partners.forms import (
    AnswerForm,
    CommentForm,
    CommitmentCommentForm,
    CommitmentFilterForm,
    CommitmentForm,
    MatrixForm,
    PartnerContactForm,
    PartnerForm,
    ProgrammeForm,
    QuarterForm,
    StatusForm,
    SupportFilterForm,
    UnitCostForm,
    step_code_choices,
)
from siccs.partners.models import (
    Comment,
    CommentSubject,
    Commitment,
    CommitmentStatus,
    CommitmentStatusChange,
    Partner,
    PartnerContact,
    UnitCost,
)

PAGE_SIZE = 50


def _form_error(form: Any, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _require_national(user: Any, action: str = Action.CHANGE) -> None:
    require_national(user, action)


def _require_analyses(user: Any) -> None:
    if not selectors.may_read_analyses(user):
        raise PermissionDenied


# --- Home -----------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """A partner viewer's space (its commitments, the progress of the committees it
    supports, the national aggregates); for other users, the way into the partner pages."""
    today = dates.today()
    own = sorted(partner_ids_of(request.user))
    context: dict[str, Any] = {"today": today, "national": selectors.national_progress(on=today)}
    if own:
        partners = list(Partner.objects.visible_to(request.user).filter(pk__in=own))
        commitments = selectors.commitment_search(user=request.user)
        context.update(
            {
                "partners": partners,
                "commitments": commitments[:PAGE_SIZE],
                "totals": selectors.commitment_totals(commitments),
                "supported": selectors.partner_progress(partner_id=own[0], on=today),
            }
        )
        return render(request, "partners/partner_home.html", context)
    commitments = selectors.commitment_search(user=request.user)
    context["totals"] = selectors.commitment_totals(commitments)
    context["partners_count"] = Partner.objects.visible_to(request.user).count()
    return render(request, "partners/home.html", context)


# --- Registry -------------------------------------------------------------------------


def partner_list(request: HttpRequest) -> HttpResponse:
    partners = Partner.objects.visible_to(request.user).order_by("acronym", "name")
    return render(
        request,
        "partners/partner_list.html",
        {"partners": partners, "may_edit": is_national(request.user, Action.CHANGE)},
    )


def partner_export_xlsx(request: HttpRequest) -> HttpResponse:
    partners = Partner.objects.visible_to(request.user).order_by("acronym", "name")
    return exports.workbook_response(
        filename="partenaires.xlsx", sheets=[exports.partners_sheet(partners)]
    )


def partner_detail(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = get_visible_or_404(Partner, request.user, pk=partner_id)
    contacts = list(PartnerContact.objects.visible_to(request.user).filter(partner=partner))
    for contact in contacts:
        contact.masked_phone = mask_phone(contact.phone)
    commitments = selectors.commitment_search(user=request.user, partner=partner)
    context = {
        "partner": partner,
        "contacts": contacts,
        "personal": Partner.objects.visible_to(request.user, Action.VIEW_PERSONAL)
        .filter(pk=partner.pk)
        .exists(),
        "programmes": partner.programmes.all(),
        "commitments": commitments,
        "totals": selectors.commitment_totals(commitments),
        "progress": selectors.progress(
            selectors.supported_committees(partner.pk).filter(
                pk__in=selectors.Committee.objects.visible_to(request.user).values("pk")
            ),
            dates.today(),
        ),
        "may_edit": is_national(request.user, Action.CHANGE),
    }
    return render(request, "partners/partner_detail.html", context)


def partner_create(request: HttpRequest) -> HttpResponse:
    _require_national(request.user)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_save(user=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Partner saved."))
            return redirect("partners:partner_detail", partner_id=partner.pk)
    return render(request, "partners/partner_form.html", {"form": form, "partner": None})


def partner_edit(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = get_visible_or_404(Partner, request.user, Action.CHANGE, pk=partner_id)
    _require_national(request.user)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_save(
                user=request.user,
                partner=partner,
                **{k: form.cleaned_data[k] for k in PartnerForm.Meta.fields},
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Partner saved."))
            return redirect("partners:partner_detail", partner_id=partner.pk)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


def partner_contact_add(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = get_visible_or_404(Partner, request.user, Action.CHANGE, pk=partner_id)
    _require_national(request.user)
    form = PartnerContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_contact_add(user=request.user, partner=partner, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Contact person added."))
            return redirect("partners:partner_detail", partner_id=partner.pk)
    return render(
        request,
        "partners/simple_form.html",
        {"form": form, "partner": partner, "title": _("Add a contact person")},
    )


@require_POST
def partner_contact_delete(request: HttpRequest, partner_contact_id: int) -> HttpResponse:
    contact = get_visible_or_404(
        PartnerContact, request.user, Action.VIEW_PERSONAL, pk=partner_contact_id
    )
    _require_national(request.user)
    services.partner_contact_delete(user=request.user, contact=contact)
    messages.success(request, _("Contact person removed."))
    return redirect("partners:partner_detail", partner_id=contact.partner_id)


def programme_add(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = get_visible_or_404(Partner, request.user, Action.CHANGE, pk=partner_id)
    _require_national(request.user)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_add(user=request.user, partner=partner, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Programme added."))
            return redirect("partners:partner_detail", partner_id=partner.pk)
    return render(
        request,
        "partners/simple_form.html",
        {"form": form, "partner": partner, "title": _("Add a programme")},
    )


# --- Commitments ----------------------------------------------------------------------


def _commitments(request: HttpRequest) -> tuple[CommitmentFilterForm, Any]:
    form = CommitmentFilterForm(request.GET or None, user=request.user)
    return form, selectors.commitment_search(user=request.user, **form.filters())


def commitment_list(request: HttpRequest) -> HttpResponse:
    form, commitments = _commitments(request)
    page = Paginator(commitments, PAGE_SIZE).get_page(request.GET.get("page"))
    on = form.filters().get("on")
    labels = dict(CommitmentStatus.choices)
    for c in page:
        # The status on the date asked, read from the history; today's otherwise.
        c.shown_status = getattr(c, "status_then", None) or c.status
        c.shown_status_label = labels[c.shown_status]
    context = {
        "form": form,
        "page": page,
        "on": on,
        "totals": selectors.commitment_totals_on(commitments, on)
        if on
        else selectors.commitment_totals(commitments),
        "may_edit": is_national(request.user, Action.CHANGE),
    }
    return render(request, "partners/commitment_list.html", context)


def commitment_export_xlsx(request: HttpRequest) -> HttpResponse:
    _form, commitments = _commitments(request)
    changes = CommitmentStatusChange.objects.visible_to(request.user).filter(
        commitment__in=commitments.values("pk")
    )
    return exports.workbook_response(
        filename="engagements-ptf.xlsx",
        sheets=[
            exports.commitments_sheet(commitments),
            exports.status_history_sheet(_history(changes)),
        ],
    )


def _history(changes: Any) -> Any:
    return changes.select_related("commitment__partner").order_by(
        "commitment__partner__acronym", "commitment__title", "on", "pk"
    )


def commitment_detail(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = get_visible_or_404(
        Commitment.objects.select_related("partner", "programme", "unit", "level"),
        request.user,
        pk=commitment_id,
    )
    names = dict(step_code_choices())
    own = commitment.partner_id in partner_ids_of(request.user)
    context = {
        "commitment": commitment,
        "history": commitment.status_changes.order_by("on", "pk"),
        "comments": Comment.objects.visible_to(request.user)
        .filter(commitment=commitment)
        .select_related("partner")
        .order_by("created_at"),
        "comment_form": CommitmentCommentForm() if own else None,
        "may_answer": is_national(request.user, Action.ADMINISTER),
        "committees": commitment.committees.visible_to(request.user).select_related("unit"),
        "steps": [names.get(code, code) for code in commitment.step_codes],
        "may_edit": is_national(request.user, Action.CHANGE),
        "status_form": StatusForm(initial={"on": dates.today()}),
    }
    return render(request, "partners/commitment_detail.html", context)


@require_POST
def commitment_comment(request: HttpRequest, commitment_id: int) -> HttpResponse:
    """A partner viewer comments on one of its partner's commitments."""
    commitment = get_visible_or_404(Commitment, request.user, pk=commitment_id)
    if commitment.partner_id not in partner_ids_of(request.user):
        raise PermissionDenied
    form = CommitmentCommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                user=request.user,
                subject=CommentSubject.COMMITMENT,
                text=form.cleaned_data["text"],
                partner=commitment.partner,
                commitment=commitment,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Comment sent to the reform office."))
    else:
        messages.error(request, _("Write your comment."))
    return redirect(
        f"{redirect('partners:commitment_detail', commitment_id=commitment.pk).url}#comments"
    )


def _commitment_data(form: CommitmentForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["committees"] = list(data.get("committees") or [])
    data["step_codes"] = list(data.get("step_codes") or [])
    return data


def commitment_create(request: HttpRequest) -> HttpResponse:
    _require_national(request.user)
    initial = {"status_on": dates.today(), "currency": "XOF"}
    if request.GET.get("partner"):
        initial["partner"] = request.GET["partner"]
    form = CommitmentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.commitment_create(user=request.user, **_commitment_data(form))
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Commitment saved."))
            return redirect("partners:commitment_detail", commitment_id=commitment.pk)
    return render(request, "partners/commitment_form.html", {"form": form, "commitment": None})


def commitment_edit(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = get_visible_or_404(Commitment, request.user, Action.CHANGE, pk=commitment_id)
    _require_national(request.user)
    initial = {
        "partner": commitment.partner_id,
        "programme": commitment.programme_id,
        "title": commitment.title,
        "kind": commitment.kind,
        "scope": commitment.scope,
        "unit": commitment.unit_id,
        "level": commitment.level_id,
        "committees": list(commitment.committees.values_list("pk", flat=True)),
        "step_codes": commitment.step_codes,
        "start_on": commitment.start_on,
        "end_on": commitment.end_on,
        "amount": commitment.amount,
        "currency": commitment.currency,
        "exchange_rate": commitment.exchange_rate,
        "notes": commitment.notes,
    }
    form = CommitmentForm(request.POST or None, user=request.user, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_update(
                user=request.user, commitment=commitment, **_commitment_data(form)
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Commitment saved."))
            return redirect("partners:commitment_detail", commitment_id=commitment.pk)
    return render(
        request, "partners/commitment_form.html", {"form": form, "commitment": commitment}
    )


@require_POST
def commitment_status(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = get_visible_or_404(Commitment, request.user, Action.CHANGE, pk=commitment_id)
    _require_national(request.user)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.commitment_set_status(
                user=request.user, commitment=commitment, **form.cleaned_data
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Status recorded."))
    else:
        # Say which field is wrong and why (a note too long, a date out of range...).
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(
                    request,
                    # Translators: a form field's label and its error (French: "Note : …").
                    _("%(label)s: %(error)s") % {"label": label, "error": error}
                    if label
                    else error,
                )
    return redirect("partners:commitment_detail", commitment_id=commitment.pk)


# --- Who does what where, per committee, funding gaps ------------------------------------


def _matrix(request: HttpRequest) -> tuple[MatrixForm, dict[str, Any], dt.date | None]:
    _require_analyses(request.user)
    form = MatrixForm(request.GET or None)
    on = form.cleaned_data.get("on") if form.is_valid() else None
    return form, selectors.who_does_what_where(user=request.user, on=on), on


def matrix(request: HttpRequest) -> HttpResponse:
    form, data, on = _matrix(request)
    return render(request, "partners/matrix.html", {"form": form, "matrix": data, "on": on})


def matrix_export_xlsx(request: HttpRequest) -> HttpResponse:
    _form, data, on = _matrix(request)
    return exports.workbook_response(
        filename="qui-fait-quoi-ou.xlsx", sheets=[exports.matrix_sheet(data, on)]
    )


def _support(request: HttpRequest) -> tuple[SupportFilterForm, dict[str, Any]]:
    _require_analyses(request.user)
    form = SupportFilterForm(request.GET or None, user=request.user)
    region = form.cleaned_data.get("region") if form.is_valid() else None
    return form, selectors.committee_support(user=request.user, region=region)


def committee_support(request: HttpRequest) -> HttpResponse:
    form, data = _support(request)
    return render(request, "partners/committee_support.html", {"form": form, "support": data})


def committee_support_export_xlsx(request: HttpRequest) -> HttpResponse:
    _form, data = _support(request)
    return exports.workbook_response(
        filename="appui-par-comite.xlsx", sheets=[exports.support_sheet(data)]
    )


def _gaps(request: HttpRequest) -> tuple[QuarterForm, dict[str, Any]]:
    _require_analyses(request.user)
    # A wrong date or period in the address falls back to today and the next quarter.
    on = query_date(request, "on")
    quarter = selectors.period_from(
        request.GET.get("quarter"), selectors.coming_period(on or dates.today())
    )
    form = QuarterForm(initial={"quarter": quarter.key, "on": on}, on=on)
    gaps = selectors.funding_gaps(user=request.user, quarter=quarter, on=on)
    gaps["coming"] = quarter == selectors.coming_period(gaps["on"])
    return form, gaps


def funding_gaps(request: HttpRequest) -> HttpResponse:
    form, gaps = _gaps(request)
    return render(request, "partners/funding_gaps.html", {"form": form, "gaps": gaps})


def funding_gaps_export_xlsx(request: HttpRequest) -> HttpResponse:
    _form, gaps = _gaps(request)
    return exports.workbook_response(
        filename=f"besoins-non-couverts-{gaps['quarter'].key}.xlsx",
        sheets=[exports.gaps_sheet(gaps)],
    )


# --- Comments -------------------------------------------------------------------------


def comment_list(request: HttpRequest) -> HttpResponse:
    subject = request.GET.get("subject") or request.POST.get("subject") or ""
    if subject not in CommentSubject.values:
        subject = ""
    may_comment = bool(partner_ids_of(request.user))
    form = CommentForm(
        request.POST if request.method == "POST" else None,
        initial={"subject": subject or CommentSubject.METHODOLOGY},
    )
    if request.method == "POST":
        if not may_comment:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.comment_add(user=request.user, **form.cleaned_data)
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Comment sent to the reform office."))
                return redirect(f"{request.path}?subject={form.cleaned_data['subject']}")
    comments = Comment.objects.visible_to(request.user).select_related("partner", "commitment")
    if subject:
        comments = comments.filter(subject=subject)
    context = {
        "comments": comments,
        "subject": subject,
        "subjects": CommentSubject.choices,
        "form": form,
        "may_comment": may_comment,
        "may_answer": is_national(request.user, Action.ADMINISTER),
        "answer_form": AnswerForm(),
    }
    return render(request, "partners/comment_list.html", context)


def comment_export_xlsx(request: HttpRequest) -> HttpResponse:
    comments = Comment.objects.visible_to(request.user).select_related("partner")
    return exports.workbook_response(
        filename="commentaires-ptf.xlsx", sheets=[exports.comments_sheet(comments)]
    )


def comment_answer(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_visible_or_404(
        Comment.objects.select_related("partner"), request.user, pk=comment_id
    )
    _require_national(request.user, Action.ADMINISTER)
    form = AnswerForm(request.POST or None, initial={"answer": comment.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_answer(user=request.user, comment=comment, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Answer recorded."))
            return redirect(f"{redirect('partners:comment_list').url}?subject={comment.subject}")
    return render(request, "partners/comment_answer.html", {"form": form, "comment": comment})


# --- Unit costs -----------------------------------------------------------------------


def _unit_costs() -> list[UnitCost]:
    names = dict(step_code_choices())
    costs = list(UnitCost.objects.select_related("level"))
    for cost in costs:
        cost.step_name = names.get(cost.step_code, cost.step_code)
    return costs


def unit_cost_list(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.ANALYSE)
    costs = _unit_costs()
    return render(
        request,
        "partners/unit_cost_list.html",
        {"costs": costs, "may_edit": is_national(request.user, Action.ADMINISTER)},
    )


def _unit_cost_form(request: HttpRequest, unit_cost: UnitCost | None) -> HttpResponse:
    _require_national(request.user, Action.ADMINISTER)
    initial = (
        {
            "step_code": unit_cost.step_code,
            "level": unit_cost.level_id,
            "amount_fcfa": unit_cost.amount_fcfa,
            "description": unit_cost.description,
        }
        if unit_cost
        else {}
    )
    form = UnitCostForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_cost_save(user=request.user, unit_cost=unit_cost, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Unit cost saved."))
            return redirect("partners:unit_cost_list")
    return render(
        request,
        "partners/simple_form.html",
        {"form": form, "partner": None, "title": _("Unit cost of a step")},
    )


def unit_cost_create(request: HttpRequest) -> HttpResponse:
    return _unit_cost_form(request, None)


def unit_cost_edit(request: HttpRequest, unit_cost_id: int) -> HttpResponse:
    # Unit costs are national configuration, not territorial data: the role decides.
    unit_cost = get_reserved_or_404(
        UnitCost, request.user, Action.ADMINISTER, national=True, pk=unit_cost_id
    )
    return _unit_cost_form(request, unit_cost)


def unit_cost_export_xlsx(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.ANALYSE)
    return exports.workbook_response(
        filename="couts-unitaires.xlsx", sheets=[exports.unit_costs_sheet(_unit_costs())]
    )


# --- Everything in one workbook ---------------------------------------------------------


def export_all_xlsx(request: HttpRequest) -> HttpResponse:
    """Every partner page the user may read, one sheet each, for a workshop's file:
    partners, commitments and their history, comments; for analysts and partner viewers
    also the matrix, the support per committee and the coming period's funding gaps; for
    analysts the unit costs."""
    user = request.user
    commitments = selectors.commitment_search(user=user)
    changes = CommitmentStatusChange.objects.visible_to(user)
    sheets = [
        exports.partners_sheet(Partner.objects.visible_to(user).order_by("acronym", "name")),
        exports.commitments_sheet(commitments),
        exports.status_history_sheet(_history(changes)),
    ]
    if selectors.may_read_analyses(user):
        sheets += [
            exports.matrix_sheet(selectors.who_does_what_where(user=user), None),
            exports.support_sheet(selectors.committee_support(user=user)),
            exports.gaps_sheet(
                selectors.funding_gaps(user=user, quarter=selectors.coming_period())
            ),
        ]
    if user_has_action(user, Action.ANALYSE):
        sheets.append(exports.unit_costs_sheet(_unit_costs()))
    comments = Comment.objects.visible_to(user).select_related("partner")
    sheets.append(exports.comments_sheet(comments))
    return exports.workbook_response(filename="partenaires-ptf.xlsx", sheets=sheets)
