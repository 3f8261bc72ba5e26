from django.urls import path

from siccs.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.unit_index, name="unit_index"),
    path("<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("imports/", views.import_upload, name="import_upload"),
    path("imports/<int:import_job_id>/", views.import_job_detail, name="import_job_detail"),
]
