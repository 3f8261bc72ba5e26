from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolloutConfig(AppConfig):
    name = "siccs.rollout"
    label = "rollout"
    verbose_name = _("Setting-up of the committees")

    def ready(self) -> None:
        from siccs.accounts.scoping import Action
        from siccs.core.navigation import register

        register("rollout:perspectives", _("Perspectives"), Action.VIEW)
        register("rollout:methodology_list", _("Methodology"), Action.ADMINISTER)
