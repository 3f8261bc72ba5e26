from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "siccs.meetings"
    label = "meetings"
    verbose_name = _("Sessions and recommendations")

    def ready(self) -> None:
        from siccs.accounts.scoping import Action
        from siccs.committees.signals import person_sex_changed
        from siccs.core.navigation import register
        from siccs.meetings.denormalised import person_sessions_refresh

        person_sex_changed.connect(person_sessions_refresh, dispatch_uid="meetings-tallies")

        register("meetings:session_list", _("Sessions"), Action.VIEW)
        register("meetings:concern_search", _("Concerns"), Action.VIEW)
        register("meetings:board", _("Follow-up of recommendations"), Action.VIEW)
