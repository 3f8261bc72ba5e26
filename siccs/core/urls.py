from django.urls import path

from siccs.core import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("operations/", views.operations, name="operations"),
]
