from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "siccs.meetings"
    label = "meetings"
    verbose_name = _("Sessions and recommendations")

    def ready(self) -> None:
        from siccs.accounts.scoping import Action
        from siccs.core.navigation import register

        register("meetings:session_list", _("Sessions"), Action.VIEW)
        register("meetings:concern_search", _("Concerns"), Action.VIEW)
        register("meetings:board", _("Follow-up of recommendations"), Action.VIEW)
