"""Restore a backup archive, then check rows, files and that the keys read the data.

Stop the web server and the workers first: the database and the files are replaced.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from siccs.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the database and the private files by those of a backup archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="A siccs-backup-*.tar written by `manage.py backup`.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that the current database and files are to be replaced.",
        )

    def handle(self, *args: Any, archive: str, yes: bool, **options: Any) -> None:
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such archive: {path}")
        if not yes:
            raise CommandError(
                "This replaces the whole database and the private files. Stop the web "
                "server and the workers, then run again with --yes."
            )
        try:
            outcome = backup_restore(archive=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = outcome["manifest"]
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: {len(manifest['tables'])} "
            f"tables, {sum(manifest['tables'].values())} rows, {len(manifest['files'])} files."
        )
        if outcome["kept_aside"]:
            self.stdout.write(f"The files replaced are kept in {outcome['kept_aside']}")
        problems = []
        for table, (expected, found) in outcome["tables"].items():
            problems.append(f"table {table}: {found} rows, {expected} in the backup")
        for name in outcome["files"]:
            problems.append(f"file {name} differs from the backup")
        for label, pks in outcome["unreadable"].items():
            problems.append(
                f"{label}: {len(pks)} values the keys of FIELD_ENCRYPTION_KEY cannot read"
            )
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                "The restore is not exact (see above). If values cannot be read, set "
                "FIELD_ENCRYPTION_KEY to the keys in use when the backup was made."
            )
        self.stdout.write(
            self.style.SUCCESS("Rows and files identical to the backup; every phone reads.")
        )
