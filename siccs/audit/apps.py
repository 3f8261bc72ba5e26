from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "siccs.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from siccs.core.navigation import register
        from siccs.core.scoping import Action

        register("audit:entry_list", _("Audit trail"), Action.ADMINISTER)
