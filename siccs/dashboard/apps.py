from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "siccs.dashboard"
    label = "dashboard"
