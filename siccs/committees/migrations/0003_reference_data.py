"""Ship committee levels and member categories with the product."""

from django.db import migrations

from siccs.committees.reference import install_reference_data


def forwards(apps, schema_editor):
    install_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("committees", "0002_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
