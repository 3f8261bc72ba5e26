"""A scheduled session can be cancelled (with its reason and a new message, the
cancellation sent to the convened members) and is linked to the session held once the
secretary records it. The new template is seeded here (siccs.notifications.reference)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from siccs.notifications.reference import install_templates


def seed(apps, schema_editor):
    install_templates(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0008_answer_delays"),
        ("notifications", "0003_escalation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="plannedsession",
            name="cancel_reason",
            field=models.TextField(blank=True, verbose_name="reason for the cancellation"),
        ),
        migrations.AddField(
            model_name="plannedsession",
            name="cancelled_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="cancelled at"),
        ),
        migrations.AddField(
            model_name="plannedsession",
            name="cancelled_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="plannedsession",
            name="session",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="planned_session",
                to="meetings.session",
                verbose_name="session held",
            ),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("convocation", "convocation to a session"),
                    ("convocation_reminder", "reminder the day before a session"),
                    ("session_cancelled", "cancellation of a scheduled session"),
                    ("satisfaction", "satisfaction question after an answer"),
                    ("no_session", "no ordinary session in the usual period"),
                    ("no_minutes", "session without minutes"),
                    ("recommendation_due", "recommendation deadline approaching"),
                    ("recommendation_late", "recommendation deadline passed"),
                    ("report_untriaged", "citizen report not triaged"),
                    ("report_unanswered", "citizen report not answered"),
                    ("escalation", "escalation to the next level"),
                    ("digest", "weekly digest"),
                ],
                max_length=30,
                verbose_name="purpose",
            ),
        ),
        migrations.AlterField(
            model_name="messagetemplate",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("convocation", "convocation to a session"),
                    ("convocation_reminder", "reminder the day before a session"),
                    ("session_cancelled", "cancellation of a scheduled session"),
                    ("satisfaction", "satisfaction question after an answer"),
                    ("no_session", "no ordinary session in the usual period"),
                    ("no_minutes", "session without minutes"),
                    ("recommendation_due", "recommendation deadline approaching"),
                    ("recommendation_late", "recommendation deadline passed"),
                    ("report_untriaged", "citizen report not triaged"),
                    ("report_unanswered", "citizen report not answered"),
                    ("escalation", "escalation to the next level"),
                    ("digest", "weekly digest"),
                ],
                max_length=30,
                unique=True,
                verbose_name="purpose",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
