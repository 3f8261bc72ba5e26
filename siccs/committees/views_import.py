"""Import pages: upload → row-by-row preview → confirm. Nothing is written until confirmed,
and then the whole file or nothing."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from siccs.accounts.scoping import Action, require_action
from siccs.committees.forms import ImportForm
from siccs.committees.imports import KINDS, run_import, template_workbook
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
        if report.written:
            messages.success(request, _("%(n)s row(s) imported.") % {"n": report.written})
            return redirect("committees:committee_list")
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


def import_template(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.CHANGE)
    kind = request.GET.get("kind", "committees")
    if kind not in KINDS:
        kind = "committees"
    return xlsx_response(template_workbook(kind), filename=f"modele-{kind}.xlsx")
