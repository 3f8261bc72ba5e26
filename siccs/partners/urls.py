from django.urls import path

from siccs.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.home, name="home"),
    path("export.xlsx", views.export_all_xlsx, name="export_all_xlsx"),
    path("registry/", views.partner_list, name="partner_list"),
    path("registry/export.xlsx", views.partner_export_xlsx, name="partner_export_xlsx"),
    path("registry/new/", views.partner_create, name="partner_create"),
    path("<int:partner_id>/", views.partner_detail, name="partner_detail"),
    path("<int:partner_id>/edit/", views.partner_edit, name="partner_edit"),
    path("<int:partner_id>/contacts/add/", views.partner_contact_add, name="partner_contact_add"),
    path(
        "contacts/<int:partner_contact_id>/delete/",
        views.partner_contact_delete,
        name="partner_contact_delete",
    ),
    path("<int:partner_id>/programmes/add/", views.programme_add, name="programme_add"),
    path("commitments/", views.commitment_list, name="commitment_list"),
    path("commitments/export.xlsx", views.commitment_export_xlsx, name="commitment_export_xlsx"),
    path("commitments/new/", views.commitment_create, name="commitment_create"),
    path("commitments/<int:commitment_id>/", views.commitment_detail, name="commitment_detail"),
    path("commitments/<int:commitment_id>/edit/", views.commitment_edit, name="commitment_edit"),
    path(
        "commitments/<int:commitment_id>/comment/",
        views.commitment_comment,
        name="commitment_comment",
    ),
    path(
        "commitments/<int:commitment_id>/status/",
        views.commitment_status,
        name="commitment_status",
    ),
    path("matrix/", views.matrix, name="matrix"),
    path("matrix/export.xlsx", views.matrix_export_xlsx, name="matrix_export_xlsx"),
    path("support/", views.committee_support, name="committee_support"),
    path(
        "support/export.xlsx",
        views.committee_support_export_xlsx,
        name="committee_support_export_xlsx",
    ),
    path("gaps/", views.funding_gaps, name="funding_gaps"),
    path("gaps/export.xlsx", views.funding_gaps_export_xlsx, name="funding_gaps_export_xlsx"),
    path("comments/", views.comment_list, name="comment_list"),
    path("comments/export.xlsx", views.comment_export_xlsx, name="comment_export_xlsx"),
    path("comments/<int:comment_id>/answer/", views.comment_answer, name="comment_answer"),
    path("unit-costs/", views.unit_cost_list, name="unit_cost_list"),
    path("unit-costs/export.xlsx", views.unit_cost_export_xlsx, name="unit_cost_export_xlsx"),
    path("unit-costs/new/", views.unit_cost_create, name="unit_cost_create"),
    path("unit-costs/<int:unit_cost_id>/edit/", views.unit_cost_edit, name="unit_cost_edit"),
]
