"""Dashboard, map and progress reports: thin views over selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from siccs.accounts.scoping import (
    get_visible_or_404,
    is_partner_only,
)
from siccs.dashboard import maps, selectors, services
from siccs.dashboard.cache import kept_figures
from siccs.dashboard.forms import DashboardFilterForm, ReportForm
from siccs.dashboard.models import ProgressReport, ReportStatus
from siccs.dashboard.presentation import PAGE_CHART_WIDTH, activity_links, build_charts
from siccs.territory.models import Level

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None, user=request.user)
    on, region = form.values()

    # The figures and their drawings, reused while nothing is written to the database
    # (dashboard.cache): a workshop asks the same page again and again, and each figure
    # rescans its history.
    def compute() -> dict[str, Any]:
        figures = selectors.dashboard_figures(user=request.user, on=on, region=region)
        return {
            "f": figures,
            "charts": build_charts(
                figures, map_width=PAGE_CHART_WIDTH, chart_width=PAGE_CHART_WIDTH
            ),
            "links": activity_links(figures),
        }

    kept = kept_figures(compute, user=request.user, on=on, region=region)
    form.set_region_choices(kept["f"]["regions"])
    context = {
        "form": form,
        "f": kept["f"],
        "charts": kept["charts"],
        "links": kept["links"],
        # Citizens' satisfaction with the answers: read with the other figures.
        "satisfaction": kept["f"]["satisfaction"]["rows"],
        "partner_only": is_partner_only(request.user),
        "state_labels": [
            selectors.CommitteeState.LABELS[s] for s in selectors.CommitteeState.ORDER
        ],
    }
    return render(request, "dashboard/dashboard.html", context)


def funding_gap_summary(request: HttpRequest) -> HttpResponse:
    """The funding gap of the coming period after the dashboard's date, for its scope and
    region (a partner viewer's: what its partner supports): loaded by the dashboard after
    the page (htmx), because its steps-and-commitments rule costs as much as the rest of
    the page at national scale."""
    from siccs.partners.selectors import may_read_analyses

    if not may_read_analyses(request.user):
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None, user=request.user)
    on, region = form.values()
    gaps = selectors.funding_gap_summary(user=request.user, on=on, region=region)
    return render(request, "dashboard/funding_gaps.html", {"gaps": gaps})


def committee_map(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None, user=request.user)
    on, region = form.values()
    try:
        level = int(request.GET.get("level", Level.REGION))
    except ValueError:
        level = Level.REGION
    if level not in maps.MAP_LEVELS:
        level = Level.REGION
    data = maps.committee_map(
        user=request.user, on=on, level=level, region=region, online_background=True
    )
    form.set_region_choices(selectors.regions_on(on))
    levels = [(lv, label) for lv, label in Level.choices if lv in maps.MAP_LEVELS]
    context = {"form": form, "map": data, "on": on, "level": level, "levels": levels}
    return render(request, "dashboard/map.html", context)


def report_list(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        report = services.report_request(
            user=request.user,
            on=form.cleaned_data["on"],
            language=form.cleaned_data["language"],
            region=form.cleaned_data.get("region"),
        )
        messages.success(request, _("The report is being produced."))
        return redirect("dashboard:report_status", report_id=report.pk)
    reports = ProgressReport.objects.visible_to(request.user).select_related("created_by")
    page = Paginator(reports, 30).get_page(request.GET.get("page"))
    return render(request, "dashboard/report_list.html", {"form": form, "page": page})


def report_status(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_visible_or_404(ProgressReport, request.user, pk=report_id)
    template = "dashboard/report_status.html"
    if request.headers.get("HX-Request"):
        template += "#status"
    return render(request, template, {"report": report})


def report_download(request: HttpRequest, report_id: int, fmt: str) -> FileResponse:
    report = get_visible_or_404(ProgressReport, request.user, pk=report_id)
    field = getattr(report, fmt, None)
    if report.status != ReportStatus.DONE or not field:
        raise Http404
    filename = f"etat-mise-en-place-ccs-{report.on.isoformat()}-{report.language}.{fmt}"
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES[fmt],
    )
