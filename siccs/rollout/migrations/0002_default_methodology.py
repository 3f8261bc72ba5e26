"""Ship the default installation methodology (version 1) with the product."""

from django.db import migrations

from siccs.rollout.reference import install_default_methodology


def forwards(apps, schema_editor):
    install_default_methodology(apps)


class Migration(migrations.Migration):
    dependencies = [("rollout", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
