"""The message templates shipped with the platform (siccs.notifications.reference)."""

from django.db import migrations

from siccs.notifications.reference import install_templates


def seed(apps, schema_editor):
    install_templates(apps)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
