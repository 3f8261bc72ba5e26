"""Import pages: upload → row-by-row preview → confirm. Nothing is written until confirmed,
and then the whole file or nothing."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from siccs.accounts.scoping import Action, require_action
from siccs.committees.forms import ImportForm
from siccs.committees.imports import KINDS, Report, run_import, template_workbook
from siccs.core.tabular.reader import read_capped
from siccs.core.tabular.writer import xlsx_response

SESSION_KEY = "committees_import"


def committee_import(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.CHANGE)
    form = ImportForm()
    report = None
    if request.method == "POST" and request.POST.get("confirm"):
        pending = request.session.pop(SESSION_KEY, None)
        if not pending:
            messages.error(request, _("Nothing to import: send the file again."))
            return redirect("committees:committee_import")
        data = base64.b64decode(pending["data"])
        report = run_import(user=request.user, kind=pending["kind"], data=data, apply=True)
        if report.ok:
            messages.success(request, _("%(n)s row(s) imported.") % {"n": report.written})
            return redirect(after_import(pending["kind"], report))
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            kind = form.cleaned_data["kind"]
            report = run_import(user=request.user, kind=kind, data=upload, apply=False)
            if report.ok:
                data = read_capped(upload)
                # Kept in the session between preview and confirmation (small files only).
                request.session[SESSION_KEY] = {
                    "kind": kind,
                    "data": base64.b64encode(data).decode(),
                }
    return render(
        request,
        "committees/import.html",
        {"form": form, "report": report, "kinds": KINDS.items()},
    )


def after_import(kind: str, report: Report) -> str:
    """Members of one committee: its page, where they now sit; anything else: the list."""
    committees = report.committee_ids
    if kind == "members" and len(committees) == 1:
        return reverse("committees:committee_detail", kwargs={"committee_id": committees.pop()})
    return reverse("committees:committee_list")


def import_template(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.CHANGE)
    kind = request.GET.get("kind", "committees")
    if kind not in KINDS:
        kind = "committees"
    stem = pgettext("file name", "template")
    filename = f"{slugify(stem)}-{slugify(KINDS[kind].label)}.xlsx"
    return xlsx_response(template_workbook(kind, request.user), filename=filename)
