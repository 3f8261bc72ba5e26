"""The audit trail's page, for national administrators: in words, filtered, scoped.

The trail itself (model, writer, selectors) sits in `audit`, below every app that writes
it; its page filters by author and territory, so it stands here, above accounts and
territory (docs/development/layers.md), under the same URL names (`audit:entry_list`).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from siccs.accounts.audit_forms import AuditFilterForm
from siccs.audit import selectors
from siccs.core.scoping import Action, require_action

PAGE_SIZE = 50


def entry_list(request: HttpRequest) -> HttpResponse:
    require_action(request.user, Action.ADMINISTER)
    form = AuditFilterForm(request.GET or None, user=request.user)
    entries = selectors.entry_search(user=request.user, **form.filters())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.readable(list(page), user=request.user)
    return render(request, "audit/entry_list.html", {"form": form, "page": page, "rows": rows})
