from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "siccs.partners"
    label = "partners"
