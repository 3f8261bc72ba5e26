"""Browsing the administrative units the user may see."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from siccs.accounts.scoping import get_visible_or_404
from siccs.territory import selectors
from siccs.territory.models import AdministrativeUnit


def unit_index(request: HttpRequest) -> HttpResponse:
    units = selectors.unit_list(user=request.user).filter(level__lte=1)
    return render(request, "territory/unit_index.html", {"units": units})


def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_visible_or_404(AdministrativeUnit, request.user, pk=unit_id)
    context = {
        "unit": unit,
        "ancestors": unit.ancestors().exclude(pk=unit.pk),
        "children": selectors.unit_list(user=request.user, parent=unit),
        "versions": unit.versions.select_related("parent"),
        "events": (unit.events_as_source.all() | unit.events_as_result.all()).distinct(),
    }
    return render(request, "territory/unit_detail.html", context)
