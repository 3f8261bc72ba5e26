from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "siccs.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from siccs.accounts.scoping import Action
        from siccs.core.navigation import register

        register("notifications:delivery_list", _("Messages sent"), Action.VIEW_PERSONAL)
        register("notifications:template_list", _("Message templates"), Action.ADMINISTER)
