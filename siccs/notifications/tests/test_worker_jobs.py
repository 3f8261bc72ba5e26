"""The notifications' jobs run in the worker; a worker restarted (or a second one) that
runs them again sends nothing twice."""

import datetime as dt

import pytest
from django.utils import timezone

from siccs.citizens.models import OutboundSms
from siccs.core.models import PeriodicJob
from siccs.core.periodic import run_due_jobs
from siccs.notifications import services
from siccs.notifications.models import Delivery, Purpose

pytestmark = pytest.mark.django_db


def test_a_restarted_worker_sends_no_reminder_twice(gao_secretary, gao_ccs):
    planned = services.planned_session_schedule(
        user=gao_secretary,
        committee=gao_ccs.committee,
        planned_on=timezone.localdate() + dt.timedelta(days=1),
        place="Mairie",
    )
    services.convocations_send(user=gao_secretary, planned=planned)
    ran = run_due_jobs(worker_id="first")
    assert "notifications.convocation_reminders" in ran
    assert Delivery.objects.filter(purpose=Purpose.CONVOCATION_REMINDER).count() == 3
    sent = OutboundSms.objects.count()
    # The worker dies and a new one starts with every job due again.
    PeriodicJob.objects.update(next_due_at=timezone.now(), lease_until=None, lease_owner="")
    assert "notifications.convocation_reminders" in run_due_jobs(worker_id="second")
    assert Delivery.objects.filter(purpose=Purpose.CONVOCATION_REMINDER).count() == 3
    assert OutboundSms.objects.count() == sent
    outcome = PeriodicJob.objects.get(name="notifications.convocation_reminders")
    assert outcome.last_message == "0 reminders"
