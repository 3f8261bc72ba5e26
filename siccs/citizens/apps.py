from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "siccs.citizens"
    label = "citizens"
    verbose_name = _("Citizen channel")

    def ready(self) -> None:
        from siccs.accounts.scoping import Action
        from siccs.citizens import checks  # noqa: F401  (registers the deploy checks)
        from siccs.core.navigation import register

        register("citizens:report_list", _("Citizen reports"), Action.TRIAGE)
        register("citizens:outbound_list", _("SMS sent"), Action.TRIAGE)
        register("citizens:transparency", _("Transparency"), Action.VIEW)
