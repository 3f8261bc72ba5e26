"""Where `/` and the login land: a home for each role."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from siccs.core import dates
from siccs.home import selectors


def home(request: HttpRequest) -> HttpResponse:
    kind = selectors.home_kind(request.user)
    if kind == "national":
        # The national picture is the dashboard, with its date and region filters.
        return redirect("dashboard:dashboard")
    today = dates.today()
    context = {"kind": kind, "today": today}
    if kind == "focal_point":
        context.update(selectors.focal_point_home(user=request.user, on=today))
    elif kind == "secretary":
        context.update(selectors.secretary_home(user=request.user, on=today))
    elif kind == "partner":
        context.update(selectors.partner_home(user=request.user, on=today))
    return render(request, f"home/{kind}.html", context)
