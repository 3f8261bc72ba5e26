"""Browsing the administrative units the user may see, and importing boundary files."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from siccs.core.errors import DomainError
from siccs.core.scoping import Action, get_visible_or_404, require_action, user_has_action
from siccs.territory import selectors, services
from siccs.territory.forms import REFORM_FORMS, BoundaryUploadForm, ImportConfirmForm
from siccs.territory.models import (
    AdministrativeUnit,
    ImportJob,
    ImportStatus,
    Level,
    TerritorialEvent,
)


def _as_of(request: HttpRequest) -> dt.date | None:
    """`?on=YYYY-MM-DD`: the structure in force on that date; today's tree otherwise."""
    try:
        return dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return None


def unit_index(request: HttpRequest) -> HttpResponse:
    on = _as_of(request)
    units = selectors.unit_list(user=request.user, on=on).filter(level__lte=Level.REGION)
    context = {
        "units": units,
        "on": on,
        "can_import": user_has_action(request.user, Action.ADMINISTER),
    }
    return render(request, "territory/unit_index.html", context)


def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_visible_or_404(AdministrativeUnit, request.user, pk=unit_id)
    on = _as_of(request)
    visible = AdministrativeUnit.objects.visible_to(request.user)
    events = (
        TerritorialEvent.objects.filter(sources=unit)
        | TerritorialEvent.objects.filter(results=unit)
    ).distinct()
    chain = selectors.ancestors_on(unit, on)
    # Ancestors outside the user's scope are shown but not linked (they would answer 404).
    linkable = set(visible.filter(pk__in=[a.pk for a in chain]).values_list("pk", flat=True))
    context = {
        "unit": unit,
        "on": on,
        "name_on": selectors.name_on(unit, on),
        "existed": on is None or unit.existed_on(on),
        "ancestors": [(a, a.pk in linkable) for a in chain],
        "children": selectors.unit_children(user=request.user, unit=unit, on=on),
        "versions": unit.versions.select_related("parent"),
        "events": events.order_by("-date", "pk"),
        "can_reform": user_has_action(request.user, Action.ADMINISTER),
    }
    return render(request, "territory/unit_detail.html", context)


def import_upload(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.ADMINISTER)
    form = BoundaryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                user=request.user,
                files=form.cleaned_data["files"],
                repair=form.cleaned_data["repair"],
                language=get_language() or "fr",
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("territory:import_job_detail", import_job_id=job.pk)
    jobs = ImportJob.objects.visible_to(request.user).select_related("created_by")[:20]
    return render(request, "territory/import_upload.html", {"form": form, "jobs": jobs})


def import_job_detail(request: HttpRequest, import_job_id: int) -> HttpResponse:
    """The job's state; once planned, its plan and the form that confirms it (POST)."""
    require_action(request.user, Action.ADMINISTER)
    job = get_visible_or_404(ImportJob, request.user, pk=import_job_id)
    form = None
    if job.status == ImportStatus.PLANNED and not job.dry_run:
        initial = {"reference": job.reference} if job.reference else {}
        if job.effective_on:
            initial["on"] = job.effective_on
        form = ImportConfirmForm(request.POST or None, report=job.report, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.import_job_confirm(
                    user=request.user,
                    job=job,
                    on=form.cleaned_data["on"],
                    reference=form.cleaned_data["reference"],
                    baseline=form.cleaned_data["baseline"],
                    decisions=form.decisions(),
                    language=get_language() or "fr",
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return redirect("territory:import_job_detail", import_job_id=job.pk)
    elif request.method == "POST":
        return redirect("territory:import_job_detail", import_job_id=job.pk)
    template = "territory/import_job.html"
    if request.headers.get("HX-Request"):
        template += "#job-status"
    plan_on = job.report.get("on") if isinstance(job.report, dict) else None
    context = {
        "job": job,
        "form": form,
        "plan_on": dt.date.fromisoformat(plan_on) if plan_on else None,
    }
    return render(request, template, context)


def reform_index(request: HttpRequest) -> HttpResponse:
    """The reforms a national administrator may declare, and the latest ones recorded."""
    require_action(request.user, Action.ADMINISTER)
    events = (
        TerritorialEvent.objects.prefetch_related("sources", "results").order_by("-date", "-pk")
    )[:50]
    kinds = [(kind, form.title) for kind, form in REFORM_FORMS.items()]
    return render(request, "territory/reform_index.html", {"events": events, "kinds": kinds})


def reform_declare(request: HttpRequest, kind: str) -> HttpResponse:
    """One reform: the form, then (POST) a preview of what changes region from the date,
    then (POST with `confirm`) the reform recorded by its service, audited."""
    require_action(request.user, Action.ADMINISTER)
    form = REFORM_FORMS[kind](request.POST or None, user=request.user)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = selectors.reform_preview(moves=form.moves(), on=form.cleaned_data["on"])
        if request.POST.get("confirm") == "1":
            try:
                event = form.save()
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    _("Reform recorded: %(what)s, from %(date)s.")
                    % {"what": event.description, "date": date_format(event.date, "j F Y")},
                )
                unit = event.results.first() or event.sources.first()
                return redirect("territory:unit_detail", unit_id=unit.pk)
    context = {"form": form, "kind": kind, "preview": preview}
    return render(request, "territory/reform_form.html", context)
