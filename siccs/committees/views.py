"""Committee pages: thin views over selectors and services, scoped at their first line."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from siccs.accounts.scoping import Action, get_visible_or_404, require_action
from siccs.committees import exports, selectors, services
from siccs.committees.composition import composition_by_region, composition_for
from siccs.committees.forms import (
    BulkPlanForm,
    CommissionForm,
    CommitteeEditForm,
    CommitteeFilterForm,
    CommitteePlanForm,
    MembershipEndForm,
    MembershipForm,
)
from siccs.committees.models import Committee, Membership, WorkingCommission
from siccs.core import dates
from siccs.core.errors import DomainError
from siccs.core.fields import mask_phone
from siccs.rollout.models import Evidence, StepStatus

PAGE_SIZE = 50


def _filtered(request: HttpRequest) -> tuple[CommitteeFilterForm, dict, object]:
    form = CommitteeFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    return form, filters, selectors.committee_search(user=request.user, **filters)


def committee_list(request: HttpRequest) -> HttpResponse:
    form, filters, committees = _filtered(request)
    counts = dict.fromkeys(selectors.CommitteeState.ORDER, 0)
    for row in committees.order_by().values("state").annotate(n=Count("pk")):
        counts[row["state"]] = row["n"]
    page = Paginator(committees, PAGE_SIZE).get_page(request.GET.get("page"))
    # Each row names its region as the structure stood on the list's date.
    region_of = selectors.region_name_on(filters["on"])
    rows = [
        {
            "committee": c,
            "region": region_of.get(c.unit_id, ""),
            "partners": selectors.partners_of(c),
        }
        for c in page
    ]
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "rows": rows,
        "counts": [(s, selectors.CommitteeState.LABELS[s], counts[s]) for s in counts],
        "total": sum(counts.values()),
        "sort": filters["sort"],
        "today": dates.today(),
    }
    template = "committees/committee_list.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    return render(request, template, context)


def committee_export_csv(request: HttpRequest) -> HttpResponse:
    _form, filters, committees = _filtered(request)
    return exports.as_csv(committees, filters["on"])


def committee_export_xlsx(request: HttpRequest) -> HttpResponse:
    _form, filters, committees = _filtered(request)
    return exports.as_xlsx(committees, filters["on"])


def committee_detail(request: HttpRequest, committee_id: int) -> HttpResponse:
    committee = get_visible_or_404(
        Committee.objects.select_related("level", "unit", "methodology_version__methodology"),
        request.user,
        pk=committee_id,
    )
    today = dates.today()
    state = selectors.with_state(Committee.objects.filter(pk=committee.pk), today).first()
    personal = (
        Committee.objects.visible_to(request.user, Action.VIEW_PERSONAL)
        .filter(pk=committee.pk)
        .exists()
    )
    can_change = services.can_change(request.user, committee)
    records = list(
        committee.step_records.filter(step__version=committee.methodology_version_id)
        .select_related("step", "partner")
        .order_by("step__order")
    )
    evidence: dict[int, list[Evidence]] = {}
    if personal:
        for item in Evidence.objects.visible_to(request.user).filter(record__in=records):
            evidence.setdefault(item.record_id, []).append(item)
    for record in records:
        record.overdue = bool(
            record.planned_on
            and record.planned_on < today
            and record.status in (StepStatus.PLANNED, StepStatus.IN_PROGRESS)
        )
        record.files = evidence.get(record.pk, [])
    members = []
    if personal:
        members = list(
            Membership.objects.visible_to(request.user)
            .filter(committee=committee)
            .select_related("person", "category")
            .order_by("-active", "function", "person__full_name")
        )
        for m in members:
            m.masked_phone = mask_phone(m.person.phone)
    context = {
        "committee": committee,
        "state": state,
        "records": records,
        "members": members,
        "personal": personal,
        "can_change": can_change,
        "composition": composition_for(committee, today),
        "timeline": selectors.committee_timeline(user=request.user, committee=committee),
        "commissions": WorkingCommission.objects.visible_to(request.user).filter(
            committee=committee
        ),
        "today": today,
    }
    return render(request, "committees/committee_detail.html", context)


def committee_plan(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.CHANGE)
    form = CommitteePlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.committee_plan(user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Committee planned."))
            return redirect("committees:committee_detail", committee_id=committee.pk)
    return render(request, "committees/committee_plan.html", {"form": form})


def committee_edit(request: HttpRequest, committee_id: int) -> HttpResponse:
    committee = get_visible_or_404(Committee, request.user, Action.CHANGE, pk=committee_id)
    initial = {name: getattr(committee, name) for name in CommitteeEditForm.base_fields}
    form = CommitteeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_update(user=request.user, committee=committee, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Committee updated."))
            return redirect("committees:committee_detail", committee_id=committee.pk)
    return render(request, "committees/committee_edit.html", {"form": form, "committee": committee})


def committees_plan_bulk(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.CHANGE)
    form = BulkPlanForm(request.POST or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.committees_plan_bulk(user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(created)s committee(s) planned, %(skipped)s place(s) already had one.")
                % {"created": len(result.created), "skipped": len(result.skipped)},
            )
    return render(request, "committees/committee_plan_bulk.html", {"form": form, "result": result})


# --- Members -------------------------------------------------------------------------


def membership_add(request: HttpRequest, committee_id: int) -> HttpResponse:
    committee = get_visible_or_404(Committee, request.user, Action.CHANGE, pk=committee_id)
    get_visible_or_404(Committee, request.user, Action.VIEW_PERSONAL, pk=committee_id)
    form = MembershipForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.membership_add(user=request.user, committee=committee, **data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Member added."))
            return redirect("committees:committee_detail", committee_id=committee.pk)
    return render(
        request,
        "committees/membership_form.html",
        {"form": form, "committee": committee, "membership": None},
    )


def commission_add(request: HttpRequest, committee_id: int) -> HttpResponse:
    committee = get_visible_or_404(Committee, request.user, Action.CHANGE, pk=committee_id)
    form = CommissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.commission_add(user=request.user, committee=committee, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Working commission added."))
            return redirect("committees:committee_detail", committee_id=committee.pk)
    return render(
        request, "committees/commission_form.html", {"form": form, "committee": committee}
    )


def membership_edit(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = get_visible_or_404(
        Membership.objects.select_related("person", "committee"),
        request.user,
        Action.CHANGE,
        pk=membership_id,
    )
    # Changing a member needs the right to see who they are, too.
    get_visible_or_404(Membership, request.user, Action.VIEW_PERSONAL, pk=membership_id)
    person = membership.person
    initial = {
        "full_name": person.full_name,
        "sex": person.sex,
        "birth_year": person.birth_year,
        "age_group": person.age_group,
        "phone": person.phone,
        "organisation": person.organisation,
        "category": membership.category_id,
        "function": membership.function,
        "start_on": membership.start_on,
        "end_on": membership.end_on,
        "active": membership.active,
    }
    form = MembershipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                user=request.user, membership=membership, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Member updated."))
            return redirect("committees:committee_detail", committee_id=membership.committee_id)
    return render(
        request,
        "committees/membership_form.html",
        {"form": form, "committee": membership.committee, "membership": membership},
    )


def membership_end(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = get_visible_or_404(
        Membership.objects.select_related("person", "committee"),
        request.user,
        Action.CHANGE,
        pk=membership_id,
    )
    get_visible_or_404(Membership, request.user, Action.VIEW_PERSONAL, pk=membership_id)
    form = MembershipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(user=request.user, membership=membership, **form.cleaned_data)
        except DomainError as error:
            form.add_error("end_on", error.message)
        else:
            messages.success(request, _("Mandate ended."))
            return redirect("committees:committee_detail", committee_id=membership.committee_id)
    return render(
        request, "committees/membership_end.html", {"form": form, "membership": membership}
    )


def composition(request: HttpRequest) -> HttpResponse:
    """Composition per region, counts and shares only: open to everyone who sees committees."""
    form = CommitteeFilterForm(request.GET or None, user=request.user)
    on = form.filters()["on"]
    committees = Committee.objects.visible_to(request.user).filter(planned_on__lte=on)
    return render(
        request,
        "committees/composition.html",
        {"form": form, "on": on, "regions": composition_by_region(committees, on)},
    )
