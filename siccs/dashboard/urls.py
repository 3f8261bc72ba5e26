from django.urls import path

from siccs.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("map/", views.committee_map, name="map"),
    path("funding-gaps/", views.funding_gap_summary, name="funding_gaps"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:report_id>/", views.report_status, name="report_status"),
    path(
        "reports/<int:report_id>/report.pdf",
        views.report_download,
        {"fmt": "pdf"},
        name="report_pdf",
    ),
    path(
        "reports/<int:report_id>/report.docx",
        views.report_download,
        {"fmt": "docx"},
        name="report_docx",
    ),
    path(
        "reports/<int:report_id>/report.xlsx",
        views.report_download,
        {"fmt": "xlsx"},
        name="report_xlsx",
    ),
]
