"""Load the demo data once, then print where to log in and as whom.

Each app may have a `demo.py` with `load(demo: DemoContext) -> None`; they run in the
order of INSTALLED_APPS inside one transaction. Running the command again keeps the
data as it is (the demo administrator's existence says it was loaded).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from siccs.core.demo import DEMO_PASSWORD, DEMO_USERS, DemoContext


class Command(BaseCommand):
    help = "Load realistic demo data (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()  # the accounts app sits above core

        if User.objects.filter(username=DEMO_USERS[0][0]).exists():
            self.stdout.write("Demo data already loaded: kept as it is.")
        else:
            with transaction.atomic():
                demo = DemoContext(stdout=self.stdout)
                for config in apps.get_app_configs():
                    if not config.name.startswith("siccs."):
                        continue
                    try:
                        module = importlib.import_module(f"{config.name}.demo")
                    except ModuleNotFoundError as exc:
                        if exc.name != f"{config.name}.demo":
                            raise
                        continue
                    if not hasattr(module, "load"):
                        continue  # siccs.core.demo holds shared helpers, not a loader
                    module.load(demo)
                    self.stdout.write(f"  demo data: {config.label} loaded")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("SI-CCS demo: http://127.0.0.1:8000/"))
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
        for username, role_label in DEMO_USERS:
            self.stdout.write(f"  {username:<16} {role_label}")
        self.stdout.write("  (public pages need no login: http://127.0.0.1:8000/signaler/)")
