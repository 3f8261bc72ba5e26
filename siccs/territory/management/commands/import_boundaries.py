"""Import official boundary files (OCHA COD-AB) from the command line.

`manage.py import_boundaries PATH [PATH ...] [--dry-run] [--effective-date YYYY-MM-DD]
[--reference TEXT] [--first-load | --reform] [--decide KEY=CHOICE ...] [--repair]`: each
PATH is a GeoJSON, CSV, XLSX or ZIP file, or a folder. In a folder the GeoJSON files are
taken if there are any (they carry the boundaries), the tables otherwise: a COD-AB folder
holds both, and importing both at once would list every commune twice.

The plan is printed (one line per change, with its evidence); it is written unless
`--dry-run`, unless a doubtful match is left undecided (`--decide r:ML0506=123` or
`--decide r:ML0506=new`, keys as printed), and unless a reform lacks its `--reference`.
"""

from __future__ import annotations

import datetime as dt
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
    help = "Check, plan and import COD-AB boundary files; nothing is written on any error."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="plan and report, write nothing")
        parser.add_argument(
            "--effective-date", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: validOn)"
        )
        parser.add_argument("--reference", default="", help="law, decree or order of a reform")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--first-load", dest="baseline", action="store_true", default=None)
        mode.add_argument("--reform", dest="baseline", action="store_false")
        parser.add_argument("--decide", action="append", default=[], metavar="KEY=CHOICE")
        parser.add_argument("--repair", action="store_true", help="repair invalid geometries")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [f for p in options["paths"] for f in files_of(p)]
        decisions = dict(d.split("=", 1) for d in options["decide"] if "=" in d)
        report = import_boundaries(
            [(p.name, p.read_bytes()) for p in paths],
            dry_run=options["dry_run"],
            on=options["effective_date"],
            reference=options["reference"],
            baseline=options["baseline"],
            decisions=decisions,
            repair=options["repair"],
        )
        for error in report["errors"]:
            where = f"{error['where']}: " if error["where"] else ""
            self.stderr.write(f"{where}{error['message']}")
        for warning in report.get("warnings", []):
            self.stdout.write(f"warning: {warning['where']}: {warning['message']}")
        for change in report.get("changes", []):
            self.stdout.write(
                f"{'+'.join(change['kinds'])}: {change['name']} {change.get('pcode', '')}"
                f" [{', '.join(change.get('evidence', []))}]"
            )
        for doubt in report.get("doubts", []):
            choices = " | ".join(f"{value}={label}" for value, label in doubt["options"])
            self.stdout.write(f"to decide {doubt['key']}: {doubt['name']} -> {choices}")
        counts = report.get("counts", {})
        self.stdout.write(
            " ".join(f"{k}={v}" for k, v in counts.items())
            + f" editions={','.join(report.get('editions', []))} on={report.get('on', '')}"
        )
        if report["errors"]:
            raise CommandError(f"{len(report['errors'])} error(s): nothing was written.")
        if report.get("needs") == "decisions":
            raise CommandError("Doubtful matches: decide them with --decide; nothing was written.")
        if report.get("needs") == "reference":
            raise CommandError("A reform needs its --reference; nothing was written.")
        self.stdout.write("written" if report["applied"] else "nothing written")
