from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "siccs.core"
    label = "core"

    def ready(self) -> None:
        from siccs.core import checks  # noqa: F401  (registers the deployment checks)
        from siccs.core.navigation import register
        from siccs.core.scoping import Action

        register("operations", _("Operations"), Action.ADMINISTER)
