from django.urls import path

from siccs.territory import views
from siccs.territory.forms import REFORM_FORMS

app_name = "territory"
urlpatterns = [
    path("", views.unit_index, name="unit_index"),
    path("<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("imports/", views.import_upload, name="import_upload"),
    path("imports/<int:import_job_id>/", views.import_job_detail, name="import_job_detail"),
    path("reforms/", views.reform_index, name="reform_index"),
    *[
        path(f"reforms/{kind}/", views.reform_declare, {"kind": kind}, name=f"reform_{kind}")
        for kind in REFORM_FORMS
    ],
]
