"""Import pages: upload → line-by-line preview → confirm → the committee's page.

The file is checked, then written, by the task worker (`committees.tasks`); its page
shows the progress and refreshes by itself (htmx every 2 s, a meta refresh without
JavaScript). Nothing is written until its author confirms, and then the whole file or
nothing."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from siccs.accounts.scoping import Action, get_visible_or_404, require_action
from siccs.committees.forms import ImportForm
from siccs.committees.imports import (
    KINDS,
    Report,
    after_import_url,
    committee_import_confirm,
    committee_import_create,
    template_workbook,
)
from siccs.committees.models import CommitteeImport, ImportStatus
from siccs.core.errors import DomainError
from siccs.core.tabular.writer import xlsx_response


def committee_import(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.CHANGE)
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job, again = committee_import_create(
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    language=get_language() or "fr",
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                if again:
                    messages.warning(
                        request,
                        _("You already sent this very file on %(date)s: here is that import.")
                        % {"date": _when(job)},
                    )
                return redirect("committees:committee_import_detail", committee_import_id=job.pk)
    recent = CommitteeImport.objects.visible_to(request.user)[:5]
    return render(
        request,
        "committees/import.html",
        {"form": form, "kinds": KINDS.items(), "recent": recent},
    )


def _when(job: CommitteeImport) -> str:
    from django.utils import timezone
    from django.utils.formats import date_format

    return date_format(timezone.localtime(job.created_at), "j F Y H:i")


def committee_import_detail(request: HttpRequest, committee_import_id: int) -> HttpResponse:
    """The import's progress, then its line-by-line preview and the confirmation, then
    (once written) the committee's page."""
    require_action(request.user, Action.CHANGE)
    job = get_visible_or_404(CommitteeImport, request.user, pk=committee_import_id)
    if job.status == ImportStatus.DONE and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = after_import_url(job)
        return response
    template = "committees/import_detail.html"
    if request.headers.get("HX-Request"):
        template += "#status"
    return render(
        request,
        template,
        {"job": job, "report": Report.from_json(job.report), "next_url": after_import_url(job)},
    )


def committee_import_confirm_view(request: HttpRequest, committee_import_id: int) -> HttpResponse:
    require_action(request.user, Action.CHANGE)
    job = get_visible_or_404(CommitteeImport, request.user, pk=committee_import_id)
    if request.method != "POST":
        return redirect("committees:committee_import_detail", committee_import_id=job.pk)
    try:
        committee_import_confirm(user=request.user, job=job)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("committees:committee_import_detail", committee_import_id=job.pk)
    job.refresh_from_db()
    if job.status == ImportStatus.DONE:  # a worker (or the immediate backend) was quick
        report = Report.from_json(job.report)
        messages.success(request, _("%(n)s row(s) imported.") % {"n": report.written})
        return redirect(after_import_url(job))
    return redirect("committees:committee_import_detail", committee_import_id=job.pk)


def import_template(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.CHANGE)
    kind = request.GET.get("kind", "committees")
    if kind not in KINDS:
        kind = "committees"
    stem = pgettext("file name", "template")
    filename = f"{slugify(stem)}-{slugify(KINDS[kind].label)}.xlsx"
    return xlsx_response(template_workbook(kind, request.user), filename=filename)
