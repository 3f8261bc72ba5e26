from django.urls import path

from siccs.committees import views, views_import

app_name = "committees"
urlpatterns = [
    path("", views.committee_list, name="committee_list"),
    path("export.csv", views.committee_export_csv, name="committee_export_csv"),
    path("export.xlsx", views.committee_export_xlsx, name="committee_export_xlsx"),
    path("plan/", views.committee_plan, name="committee_plan"),
    path("plan/bulk/", views.committees_plan_bulk, name="committees_plan_bulk"),
    path("composition/", views.composition, name="composition"),
    path("import/", views_import.committee_import, name="committee_import"),
    path("import/template.xlsx", views_import.import_template, name="import_template"),
    path(
        "import/<int:committee_import_id>/",
        views_import.committee_import_detail,
        name="committee_import_detail",
    ),
    path(
        "import/<int:committee_import_id>/confirm/",
        views_import.committee_import_confirm_view,
        name="committee_import_confirm",
    ),
    path("<int:committee_id>/", views.committee_detail, name="committee_detail"),
    path("<int:committee_id>/edit/", views.committee_edit, name="committee_edit"),
    path("<int:committee_id>/members/add/", views.membership_add, name="membership_add"),
    path("<int:committee_id>/commissions/add/", views.commission_add, name="commission_add"),
    path("members/<int:membership_id>/", views.membership_edit, name="membership_edit"),
    path("members/<int:membership_id>/end/", views.membership_end, name="membership_end"),
]
