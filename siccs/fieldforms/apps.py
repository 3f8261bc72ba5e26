from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldformsConfig(AppConfig):
    name = "siccs.fieldforms"
    label = "fieldforms"
    verbose_name = _("Field forms (ODK)")

    def ready(self) -> None:
        from siccs.accounts.scoping import Action
        from siccs.core.navigation import register

        register("fieldforms:home", _("ODK Collect"), Action.CHANGE)
        register("fieldforms:review_list", _("Submissions to review"), Action.REVIEW)
