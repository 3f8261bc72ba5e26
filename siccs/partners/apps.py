from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "siccs.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from siccs.accounts.scoping import Action
        from siccs.core.navigation import register

        register("partners:home", _("Partners (PTF)"), Action.VIEW)
        register("partners:funding_gaps", _("Funding gaps"), Action.ANALYSE)
