"""Setting-up pages: recording a step (with evidence), methodology versions, perspectives."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from siccs.accounts.scoping import Action, get_reserved_or_404, get_visible_or_404, require_action
from siccs.core import dates
from siccs.core.errors import DomainError
from siccs.core.query import query_int
from siccs.rollout import selectors, services
from siccs.rollout.forms import MigrationForm, PublishForm, StepForm, StepRecordForm
from siccs.rollout.models import (
    Evidence,
    Methodology,
    MethodologyStep,
    MethodologyVersion,
    StepRecord,
    StepStatus,
    committee_model,
)


def step_record_edit(request: HttpRequest, step_record_id: int) -> HttpResponse:
    record = get_visible_or_404(
        StepRecord.objects.select_related("committee", "step", "partner"),
        request.user,
        Action.CHANGE,
        pk=step_record_id,
    )
    # Each date in its own field: the start date is never offered as a completion date.
    initial = {
        "status": record.status,
        "done_on": record.done_on or dates.today(),
        "actual_on": record.blocked_on
        if record.status == StepStatus.BLOCKED
        else record.started_on,
        "planned_on": record.planned_on,
        "blocked_reason": record.blocked_reason,
        "responsible": record.responsible,
        "partner": record.partner_id,
        "notes": record.notes,
    }
    form = StepRecordForm(
        request.POST or None, request.FILES or None, initial=initial, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("evidence")
        description = data.pop("evidence_description")
        try:
            services.step_record_update(
                user=request.user,
                record=record,
                evidence=upload,
                evidence_name=upload.name if upload else "",
                evidence_description=description,
                **data,
            )
        except DomainError as error:
            field = {"file": "evidence"}.get(error.field or "", error.field)
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(request, _("Step recorded."))
            return redirect("committees:committee_detail", committee_id=record.committee_id)
    evidence = Evidence.objects.visible_to(request.user).filter(record=record)
    return render(
        request,
        "rollout/step_record_form.html",
        {"form": form, "record": record, "evidence": evidence},
    )


def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = get_visible_or_404(Evidence, request.user, pk=evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    # Always an attachment with the type found by content: never rendered by the browser.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Methodology ---------------------------------------------------------------------


def methodology_list(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.ADMINISTER)
    versions = selectors.version_list()
    return render(
        request,
        "rollout/methodology_list.html",
        {"versions": versions, "methodologies": Methodology.objects.order_by("name")},
    )


def version_detail(request: HttpRequest, methodology_version_id: int) -> HttpResponse:
    version = get_reserved_or_404(
        MethodologyVersion.objects.select_related("methodology"),
        request.user,
        Action.ADMINISTER,
        pk=methodology_version_id,
    )
    return render(
        request,
        "rollout/version_detail.html",
        {
            "version": version,
            "steps": version.steps.order_by("order"),
        },
    )


@require_POST
def draft_create(request: HttpRequest, methodology_id: int) -> HttpResponse:
    methodology = get_reserved_or_404(
        Methodology, request.user, Action.ADMINISTER, pk=methodology_id
    )
    try:
        draft = services.methodology_draft_create(user=request.user, methodology=methodology)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("rollout:methodology_list")
    return redirect("rollout:version_detail", methodology_version_id=draft.pk)


def _draft_or_404(user: Any, methodology_version_id: int) -> MethodologyVersion:
    return get_reserved_or_404(
        MethodologyVersion, user, Action.ADMINISTER, pk=methodology_version_id, is_published=False
    )


def _draft_step_or_404(user: Any, methodology_step_id: int) -> MethodologyStep:
    return get_reserved_or_404(
        MethodologyStep,
        user,
        Action.ADMINISTER,
        pk=methodology_step_id,
        version__is_published=False,
    )


def step_add(request: HttpRequest, methodology_version_id: int) -> HttpResponse:
    version = _draft_or_404(request.user, methodology_version_id)
    return _step_form(request, version, None)


def step_edit(request: HttpRequest, methodology_step_id: int) -> HttpResponse:
    step = _draft_step_or_404(request.user, methodology_step_id)
    return _step_form(request, step.version, step)


def _step_form(
    request: HttpRequest, version: MethodologyVersion, step: MethodologyStep | None
) -> HttpResponse:
    form = StepForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        try:
            services.methodology_step_save(
                user=request.user, version=version, step=step, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Step saved."))
            return redirect("rollout:version_detail", methodology_version_id=version.pk)
    return render(
        request, "rollout/step_form.html", {"form": form, "version": version, "step": step}
    )


@require_POST
def step_move(request: HttpRequest, methodology_step_id: int) -> HttpResponse:
    step = _draft_step_or_404(request.user, methodology_step_id)
    direction = -1 if request.POST.get("direction") == "up" else 1
    services.methodology_step_move(user=request.user, step=step, direction=direction)
    return redirect("rollout:version_detail", methodology_version_id=step.version_id)


@require_POST
def step_delete(request: HttpRequest, methodology_step_id: int) -> HttpResponse:
    step = _draft_step_or_404(request.user, methodology_step_id)
    version_id = step.version_id
    services.methodology_step_delete(user=request.user, step=step)
    return redirect("rollout:version_detail", methodology_version_id=version_id)


def version_publish(request: HttpRequest, methodology_version_id: int) -> HttpResponse:
    """Publishing cannot be undone: the page first shows what changes against the version
    in force (steps added, removed, changed, moved) and publishes only when confirmed."""
    version = _draft_or_404(request.user, methodology_version_id)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.methodology_publish(
                user=request.user, version=version, notes=form.cleaned_data["notes"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Version published: new committees follow it."))
            return redirect("rollout:version_detail", methodology_version_id=version.pk)
    return render(
        request,
        "rollout/version_publish.html",
        {"version": version, "form": form, "changes": selectors.version_changes(version)},
    )


def committee_migrate(request: HttpRequest, committee_id: int) -> HttpResponse:
    """Preview of the mapping of steps by code (GET), then the move (POST)."""
    committee = get_visible_or_404(
        committee_model().objects.select_related("methodology_version__methodology"),
        request.user,
        Action.ADMINISTER,
        pk=committee_id,
    )
    targets = MethodologyVersion.objects.filter(
        methodology=committee.methodology_version.methodology, is_published=True
    ).exclude(pk=committee.methodology_version_id)
    source = request.POST if request.method == "POST" else request.GET
    asked = query_int(request, "target", minimum=1, data=source)
    target = targets.filter(pk=asked).first() if asked else None
    if request.method == "POST" and source.get("target") and target is None:
        # Never move a committee to another version than the one chosen.
        messages.error(request, _("Choose one of the versions offered."))
        return redirect("rollout:committee_migrate", committee_id=committee.pk)
    target = target or targets.order_by("-number").first()
    plan = services.migration_plan(committee, target) if target else None
    form = MigrationForm(
        request.POST if request.method == "POST" else None,
        new_steps=[step for _record, step in plan["new"]] if plan else [],
        today=dates.today(),
    )
    if request.method == "POST" and target is not None and form.is_valid():
        try:
            services.committee_migrate_version(
                user=request.user, committee=committee, target=target, planned=form.planned()
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The committee now follows %(version)s.") % {"version": target}
            )
            return redirect("committees:committee_detail", committee_id=committee.pk)
    return render(
        request,
        "rollout/committee_migrate.html",
        {"committee": committee, "targets": targets, "target": target, "plan": plan, "form": form},
    )


def perspectives(request: HttpRequest) -> HttpResponse:
    today = dates.today()
    return render(
        request,
        "rollout/perspectives.html",
        {
            "table": selectors.perspectives(user=request.user, today=today),
            "overdue": selectors.overdue_records(user=request.user, today=today),
            "today": today,
        },
    )
