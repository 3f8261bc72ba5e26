"""URL map: one include per domain app."""

from django.contrib import admin
from django.urls import include, path

from siccs.api.api import urls as api_v1_urls

urlpatterns = [
    path("", include("siccs.core.urls")),
    path("", include("siccs.home.urls")),
    path("search/", include("siccs.search.urls")),
    path("", include("siccs.accounts.urls")),
    path("territory/", include("siccs.territory.urls")),
    path("audit/", include("siccs.accounts.audit_urls")),
    path("methodology/", include("siccs.rollout.urls")),
    path("committees/", include("siccs.committees.urls")),
    path("sessions/", include("siccs.meetings.urls")),
    path("", include("siccs.citizens.urls")),
    path("partners/", include("siccs.partners.urls")),
    path("dashboard/", include("siccs.dashboard.urls")),
    path("account/api-tokens/", include("siccs.api.urls")),
    path("api/v1/", api_v1_urls()),
    path("odk/", include("siccs.fieldforms.urls")),
    path("notifications/", include("siccs.notifications.urls")),
    path("admin/", admin.site.urls),
]

# French error pages (French and Bambara on the public pages): siccs/core/error_pages.py.
handler400 = "siccs.core.error_pages.bad_request"
handler403 = "siccs.core.error_pages.permission_denied"
handler404 = "siccs.core.error_pages.page_not_found"
handler500 = "siccs.core.error_pages.server_error"
