from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "siccs.committees"
    label = "committees"
    verbose_name = _("Committees")

    def ready(self) -> None:
        from siccs.accounts.scoping import Action
        from siccs.core.navigation import register

        register("committees:committee_list", _("Committees"), Action.VIEW)
        register("committees:composition", _("Composition"), Action.VIEW)
