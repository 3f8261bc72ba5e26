"""Tasks abandoned by a stopped worker are run again, or failed visibly, never "running"."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from siccs.core.models import WorkerHeartbeat
from siccs.core.worker import recover_abandoned_tasks
from siccs.dashboard.models import ProgressReport, ReportStatus
from siccs.dashboard.services import report_request

LONG_AGO = dt.timedelta(minutes=5)


def _report_being_produced(user, *, by: list[str]) -> tuple[ProgressReport, DBTaskResult]:
    report = report_request(user=user, on=dt.date(2021, 6, 25), language="fr")
    ProgressReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=25)
    result = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=result.pk).update(
        status=TaskResultStatus.RUNNING, worker_ids=by, started_at=timezone.now() - LONG_AGO
    )
    return report, result


def test_a_task_of_a_worker_that_stopped_beating_is_queued_again(national_admin):
    report, result = _report_being_produced(national_admin, by=["killed"])
    WorkerHeartbeat.objects.create(worker_id="killed", seen_at=timezone.now() - LONG_AGO)
    assert recover_abandoned_tasks() == (1, 0)
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY
    report.refresh_from_db()
    assert report.status == ReportStatus.RUNNING  # the next run takes it up again


def test_a_task_its_live_worker_is_running_is_left_alone(national_admin):
    __, result = _report_being_produced(national_admin, by=["alive"])
    WorkerHeartbeat.objects.create(
        worker_id="alive", seen_at=timezone.now(), task_id=str(result.pk)
    )
    assert recover_abandoned_tasks() == (0, 0)
    result.refresh_from_db()
    assert result.status == TaskResultStatus.RUNNING


def test_a_task_a_live_worker_lost_in_a_database_outage_is_queued_again(national_admin):
    __, result = _report_being_produced(national_admin, by=["alive"])
    WorkerHeartbeat.objects.create(worker_id="alive", seen_at=timezone.now(), task_id="")
    assert recover_abandoned_tasks() == (1, 0)
    result.refresh_from_db()
    assert result.status == TaskResultStatus.READY


def test_a_task_just_claimed_is_not_taken_for_abandoned(national_admin):
    __, result = _report_being_produced(national_admin, by=["starting"])
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=timezone.now())
    assert recover_abandoned_tasks() == (0, 0)


def test_after_three_stopped_runs_the_report_says_it_failed(national_admin, client_for):
    report, result = _report_being_produced(national_admin, by=["w1", "w2", "w3"])
    assert recover_abandoned_tasks() == (0, 1)
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == "siccs.core.worker.TaskAbandoned"
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "s’est arrêté 3 fois" in report.error
    page = client_for(national_admin).get(f"/dashboard/reports/{report.pk}/").content.decode()
    assert "n’a pas pu être produit" in page or "n'a pas pu être produit" in page
    assert 'hx-trigger="every' not in page  # the page stops polling
