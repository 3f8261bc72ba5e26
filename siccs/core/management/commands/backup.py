"""Write a backup archive: database, private files, and a manifest to check a restore."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from siccs.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the private files into one archive (docs/operations.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            default=str(settings.BACKUP_DIR),
            help="Folder for the archive (default: BACKUP_DIR, %(default)s).",
        )

    def handle(self, *args: Any, output: str, **options: Any) -> None:
        try:
            archive = backup_create(output_dir=Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
