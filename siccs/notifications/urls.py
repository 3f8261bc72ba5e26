from django.urls import path

from siccs.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.delivery_list, name="delivery_list"),
    path(
        "committee/<int:committee_id>/schedule/",
        views.planned_session_create,
        name="planned_session_create",
    ),
    path(
        "scheduled/<int:planned_session_id>/",
        views.planned_session_detail,
        name="planned_session_detail",
    ),
    path(
        "scheduled/<int:planned_session_id>/convene/",
        views.planned_session_convene,
        name="planned_session_convene",
    ),
    path(
        "scheduled/<int:planned_session_id>/cancel/",
        views.planned_session_cancel,
        name="planned_session_cancel",
    ),
    path(
        "committee/<int:committee_id>/contacts/",
        views.member_contacts,
        name="member_contacts",
    ),
    path("templates/", views.template_list, name="template_list"),
    path("templates/preview/", views.campaign_preview, name="campaign_preview"),
    path("templates/<int:message_template_id>/", views.template_edit, name="template_edit"),
    path(
        "recommendations/<int:recommendation_id>/escalate/",
        views.recommendation_escalate,
        name="recommendation_escalate",
    ),
    path("concerns/<int:concern_id>/escalate/", views.concern_escalate, name="concern_escalate"),
    path("satisfaction/", views.satisfaction_answer, name="satisfaction_answer"),
]
