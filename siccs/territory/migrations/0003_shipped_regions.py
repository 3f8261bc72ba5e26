"""Load the country and its 19 regions + the District de Bamako from `data/regions.csv`.

Historical models have no custom `save()`, so `name_key` and `path` are computed here.
Units already present (same name key, level and parent) are kept as they are.
"""

import csv
from pathlib import Path

from django.db import migrations

from siccs.territory.names import name_key

DATA = Path(__file__).resolve().parent.parent / "data" / "regions.csv"


def load_regions(apps, schema_editor):
    Unit = apps.get_model("territory", "AdministrativeUnit")
    by_name = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            parent = by_name.get(row["parent"]) if row["parent"] else None
            key = name_key(row["name"])
            level = int(row["level"])
            unit = Unit.objects.filter(
                name_key=key, level=level, parent=parent, valid_to__isnull=True
            ).first()
            if unit is None:
                unit = Unit.objects.create(
                    name=row["name"],
                    name_key=key,
                    level=level,
                    parent=parent,
                    aliases=row["aliases"],
                )
                unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
                unit.save(update_fields=["path"])
            by_name[row["name"]] = unit


class Migration(migrations.Migration):
    dependencies = [("territory", "0002_import_job_aliases")]

    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
