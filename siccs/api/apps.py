from django.apps import AppConfig
from django.core import checks
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
        checks.register(dhis2_mapping_check)


def dhis2_mapping_check(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """A DHIS2 mapping file that cannot be read fails at start, not at the first export."""
    from django.conf import settings

    from siccs.api.dhis2 import mapping

    if not settings.DHIS2_MAPPING_FILE:
        return []
    try:
        mapping()
    except Exception as error:  # unreadable, not JSON, or not the mapping's shape
        return [
            checks.Error(
                f"DHIS2_MAPPING_FILE cannot be used: {error}",
                hint="See docs/api.md for the mapping file's shape.",
                id="api.E001",
            )
        ]
    return []
