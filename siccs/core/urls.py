from django.urls import path

from siccs.core import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("operations/", views.operations, name="operations"),
]
