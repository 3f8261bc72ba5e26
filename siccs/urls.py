"""URL map: one include per domain app."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("siccs.core.urls")),
    path("", include("siccs.home.urls")),
    path("search/", include("siccs.search.urls")),
    path("", include("siccs.accounts.urls")),
    path("territory/", include("siccs.territory.urls")),
    path("audit/", include("siccs.audit.urls")),
    path("methodology/", include("siccs.rollout.urls")),
    path("committees/", include("siccs.committees.urls")),
    path("sessions/", include("siccs.meetings.urls")),
    path("", include("siccs.citizens.urls")),
    path("partners/", include("siccs.partners.urls")),
    path("dashboard/", include("siccs.dashboard.urls")),
    path("admin/", admin.site.urls),
]
