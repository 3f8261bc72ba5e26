"""Delete the personal data of citizen reports older than REPORT_RETENTION_DAYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from siccs.citizens.services import reports_purge_expired


class Command(BaseCommand):
    help = "Anonymise citizen reports past the retention period (keeps their concerns)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = reports_purge_expired(actor=None)
        self.stdout.write(f"{count} report(s) anonymised.")
