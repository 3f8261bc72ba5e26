from django.urls import path

from siccs.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.unit_index, name="unit_index"),
    path("<int:unit_id>/", views.unit_detail, name="unit_detail"),
]
