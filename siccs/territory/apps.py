from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "siccs.territory"
    label = "territory"
    verbose_name = _("Territory")

    def ready(self) -> None:
        from siccs.core.navigation import register

        register("territory:unit_index", _("Territory"))
