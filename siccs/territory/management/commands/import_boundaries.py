"""Import official boundary files (OCHA COD-AB) from the command line.

`manage.py import_boundaries PATH [PATH ...] [--dry-run]`: each PATH is a GeoJSON, CSV,
XLSX or ZIP file, or a folder. In a folder the GeoJSON files are taken if there are any
(they carry the boundaries), the tables otherwise: a COD-AB folder holds both, and
importing both at once would list every commune twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from siccs.territory.importers import import_boundaries

SUFFIXES = {".geojson", ".json", ".csv", ".xlsx", ".zip"}


def files_of(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise CommandError(f"{path}: no such file or folder")
    found = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
    geojson = [p for p in found if p.suffix.lower() in {".geojson", ".json"}]
    return geojson or found


class Command(BaseCommand):
    help = "Check and import COD-AB boundary files; nothing is written if any error is found."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [f for p in options["paths"] for f in files_of(p)]
        report = import_boundaries(
            [(p.name, p.read_bytes()) for p in paths], dry_run=options["dry_run"]
        )
        for error in report["errors"]:
            where = f"{error['where']}: " if error["where"] else ""
            self.stderr.write(f"{where}{error['message']}")
        counts = report.get("counts", {})
        self.stdout.write(
            " ".join(f"{k}={v}" for k, v in counts.items())
            + f" editions={','.join(report.get('editions', []))}"
        )
        if report["errors"]:
            raise CommandError(f"{len(report['errors'])} error(s): nothing was written.")
        self.stdout.write("written" if report["applied"] else "nothing written")
