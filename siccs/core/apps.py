from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "siccs.core"
    label = "core"
