from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "siccs.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from siccs.accounts.scoping import Action
        from siccs.core.navigation import register

        # Every role reads through the API within its scope: each user manages their tokens.
        register("api:token_list", _("API tokens"), Action.VIEW)
