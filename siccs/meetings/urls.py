from django.urls import path

from siccs.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("committee/<int:committee_id>/", views.committee_sessions, name="committee_sessions"),
    path("committee/<int:committee_id>/new/", views.session_create, name="session_create"),
    path("committee/<int:committee_id>/concerns/", views.concern_list, name="concern_list"),
    path(
        "committee/<int:committee_id>/concerns/new/",
        views.concern_create,
        name="concern_create",
    ),
    path("<int:session_id>/", views.session_detail, name="session_detail"),
    path("<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path("<int:session_id>/agenda/", views.session_agenda, name="session_agenda"),
    path("<int:session_id>/pv/", views.session_minutes, name="session_minutes"),
    path("<int:session_id>/pv.pdf", views.session_minutes_pdf, name="session_minutes_pdf"),
    path("<int:session_id>/pv-scan/", views.session_minutes_file, name="session_minutes_file"),
    path(
        "<int:session_id>/recommendations/new/",
        views.recommendation_create,
        name="recommendation_create",
    ),
    path("concerns/", views.concern_search, name="concern_search"),
    path("concerns/<int:concern_id>/", views.concern_detail, name="concern_detail"),
    path("concerns/<int:concern_id>/status/", views.concern_status, name="concern_status"),
    path("concerns/<int:concern_id>/merge/", views.concern_merge, name="concern_merge"),
    path(
        "recommendations/<int:recommendation_id>/",
        views.recommendation_detail,
        name="recommendation_detail",
    ),
    path(
        "follow-ups/<int:follow_up_id>/evidence/",
        views.follow_up_evidence,
        name="follow_up_evidence",
    ),
    path("follow-up/", views.board, name="board"),
    path("follow-up/export.xlsx", views.board_export, name="board_export"),
]
