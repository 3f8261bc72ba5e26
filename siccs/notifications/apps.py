from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "siccs.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from siccs.accounts.scoping import Action
        from siccs.citizens import replies
        from siccs.core.navigation import register
        from siccs.meetings import hooks
        from siccs.notifications.services import planned_session_link_held, sms_reply_receive

        # Convocation answers, satisfaction answers and STOP come through the SMS webhook.
        replies.register("notifications", sms_reply_receive)
        # A session recorded as held marks its scheduled session "held".
        hooks.on_session_recorded("notifications", planned_session_link_held)

        register("notifications:delivery_list", _("Messages sent"), Action.VIEW_PERSONAL)
        register("notifications:template_list", _("Message templates"), Action.ADMINISTER)
