from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "siccs.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from siccs.search.folding import register_sqlite_function

        connection_created.connect(register_sqlite_function)
