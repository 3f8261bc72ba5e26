from django.urls import path

from siccs.rollout import views

app_name = "rollout"
urlpatterns = [
    path("", views.methodology_list, name="methodology_list"),
    path("<int:methodology_id>/draft/", views.draft_create, name="draft_create"),
    path("versions/<int:methodology_version_id>/", views.version_detail, name="version_detail"),
    path("versions/<int:methodology_version_id>/steps/add/", views.step_add, name="step_add"),
    path(
        "versions/<int:methodology_version_id>/publish/",
        views.version_publish,
        name="version_publish",
    ),
    path("steps/<int:methodology_step_id>/", views.step_edit, name="step_edit"),
    path("steps/<int:methodology_step_id>/move/", views.step_move, name="step_move"),
    path("steps/<int:methodology_step_id>/delete/", views.step_delete, name="step_delete"),
    path("records/<int:step_record_id>/", views.step_record_edit, name="step_record_edit"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path(
        "committees/<int:committee_id>/migrate/", views.committee_migrate, name="committee_migrate"
    ),
    path("perspectives/", views.perspectives, name="perspectives"),
]
