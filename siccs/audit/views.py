"""The audit trail, for national administrators."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from siccs.accounts.scoping import Action, require_action
from siccs.audit.models import AuditEntry


def entry_list(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.ADMINISTER)
    entries = AuditEntry.objects.visible_to(request.user).select_related("user")
    if model := request.GET.get("model"):
        entries = entries.filter(model=model)
    if object_id := request.GET.get("object"):
        entries = entries.filter(object_id=object_id)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/entry_list.html", {"page": page})
