from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "siccs.citizens"
    label = "citizens"
