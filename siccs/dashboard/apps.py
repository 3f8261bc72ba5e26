from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "siccs.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        from siccs.accounts.scoping import Action
        from siccs.citizens import region_map
        from siccs.core.navigation import ENTRIES, MenuEntry, register
        from siccs.dashboard.maps import render_map

        # The public transparency page draws its regions as the dashboard does (layers.md).
        region_map.register(render_map)

        # The dashboard is where logged-in users land: first entry of the menu.
        register("dashboard:dashboard", _("Dashboard"), Action.VIEW)
        entry = next(e for e in ENTRIES if e.url_name == "dashboard:dashboard")
        ENTRIES.remove(entry)
        ENTRIES.insert(0, MenuEntry(entry.url_name, entry.label, entry.action))
        register("dashboard:report_list", _("Progress reports"), Action.VIEW)
