from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "siccs.core"
    label = "core"

    def ready(self) -> None:
        from siccs.core import checks  # noqa: F401  (registers the deployment checks)
