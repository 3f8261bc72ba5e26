"""Regions carved out of others (`predecessor`), the import plan's confirmation fields,
and the shipped regions' dated history (data/region_history.csv): a fresh database
counts 8 regions and the District before 2016 and 19 and the District from
25 November 2020."""

import csv
import datetime as dt
from pathlib import Path

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from siccs.territory.names import name_key

HISTORY = Path(__file__).resolve().parent.parent / "data" / "region_history.csv"


def load_region_history(apps, schema_editor):
    """Each region the 2012 law created exists from its date of effect, carved out of the
    region it belonged to before, with a dated creation event. A region that already has
    a date (set by a C-RSS correction, or an earlier run) is left as it is."""
    Unit = apps.get_model("territory", "AdministrativeUnit")
    Event = apps.get_model("territory", "TerritorialEvent")
    country = Unit.objects.filter(level=0, parent__isnull=True).first()
    if country is None:
        return
    regions = {u.name_key: u for u in Unit.objects.filter(level=1, parent=country)}
    with HISTORY.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            region = regions.get(name_key(row["name"]))
            source = regions.get(name_key(row["carved_from"]))
            if region is None or source is None or region.valid_from is not None:
                continue
            region.valid_from = dt.date.fromisoformat(row["valid_from"])
            region.predecessor = source
            region.save(update_fields=["valid_from", "predecessor"])
            event = Event.objects.create(
                kind="creation",
                date=region.valid_from,
                reference=row["reference"],
                description=f"{region.name} ← {source.name}",
            )
            event.sources.set([source])
            event.results.set([region])


class Migration(migrations.Migration):

    dependencies = [
        ('territory', '0004_version_order'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='administrativeunit',
            name='predecessor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='successors', to='territory.administrativeunit', verbose_name='carved out of'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='baseline',
            field=models.BooleanField(default=False, verbose_name='first load of the structure'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='confirmed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='importjob',
            name='decisions',
            field=models.JSONField(blank=True, default=dict, verbose_name='decisions'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='effective_on',
            field=models.DateField(blank=True, null=True, verbose_name='effective date'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='reference',
            field=models.CharField(blank=True, max_length=255, verbose_name='legal reference'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='repair',
            field=models.BooleanField(default=False, verbose_name='repair invalid geometries'),
        ),
        migrations.AlterField(
            model_name='importjob',
            name='status',
            field=models.CharField(choices=[('queued', 'waiting'), ('running', 'running'), ('done', 'imported'), ('planned', 'plan ready, waiting for confirmation'), ('checked', 'checked, nothing written (trial run)'), ('rejected', 'rejected, nothing written'), ('failed', 'failed')], default='queued', max_length=20, verbose_name='status'),
        ),
        migrations.RunPython(load_region_history, migrations.RunPython.noop),
    ]
