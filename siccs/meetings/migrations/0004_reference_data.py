"""Ship the concern categories and addressees with the product."""

from django.db import migrations

from siccs.meetings.reference import install_reference_data


def forwards(apps, schema_editor):
    install_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_agenda_and_evidence_name")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
