"""The audit trail page, under the `audit` namespace it always had."""

from django.urls import path

from siccs.accounts import audit_views as views

app_name = "audit"
urlpatterns = [path("", views.entry_list, name="entry_list")]
