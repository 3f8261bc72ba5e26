from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "siccs.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from siccs.accounts.scoping import Action
        from siccs.core.navigation import register

        register("user_list", _("Users"), Action.ADMINISTER)

        from siccs.accounts import throttle

        throttle.connect()
