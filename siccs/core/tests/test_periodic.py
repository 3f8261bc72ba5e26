"""Periodic jobs run by the worker: once per period, on one worker, visible to admins."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from siccs.citizens.models import CitizenReport
from siccs.citizens.tests.factories import CitizenReportFactory
from siccs.core import periodic
from siccs.core.models import PeriodicJob
from siccs.core.periodic import run_due_jobs

HOUR = dt.timedelta(hours=1)
SEC = dt.timedelta(seconds=1)


@pytest.fixture
def only_job(monkeypatch):
    """Replace the registry with one job for the test: `only_job(function)`."""
    jobs: dict = {}
    monkeypatch.setattr(periodic, "JOBS", jobs)
    monkeypatch.setattr(periodic, "discover", lambda: jobs)

    def register(function, every=HOUR, lease=None):
        periodic.periodic(name="test.job", label="job", every=every, lease=lease)(function)
        jobs.update(periodic.JOBS)
        return function

    return register


def test_it_runs_a_due_job_once_and_not_again_before_its_period(db, only_job):
    calls = []
    only_job(lambda: calls.append(1) or "one done")
    start = timezone.now()
    assert run_due_jobs(worker_id="a", now=start) == ["test.job"]
    # Another worker, or this one after a restart, finds it done for the hour.
    assert run_due_jobs(worker_id="b", now=start + dt.timedelta(minutes=59)) == []
    assert calls == [1]
    job = PeriodicJob.objects.get(name="test.job")
    assert (job.last_outcome, job.last_message, job.runs) == ("ok", "one done", 1)
    assert job.next_due_at > start + dt.timedelta(minutes=59)
    assert run_due_jobs(worker_id="b", now=job.next_due_at) == ["test.job"]
    assert calls == [1, 1]


def test_two_workers_never_run_a_job_at_the_same_time(db, only_job):
    seen_by_the_other = []

    def job() -> str:
        # While worker a holds the job, worker b looks for due jobs at the same moment.
        seen_by_the_other.append(run_due_jobs(worker_id="b"))
        return "done"

    only_job(job)
    assert run_due_jobs(worker_id="a") == ["test.job"]
    assert seen_by_the_other == [[]]
    assert PeriodicJob.objects.get().runs == 1


def test_a_job_left_by_a_dead_worker_is_taken_over_when_its_lease_ends(db, only_job):
    only_job(lambda: "done", lease=dt.timedelta(minutes=10))
    now = timezone.now()
    PeriodicJob.objects.create(
        name="test.job", next_due_at=now, lease_owner="dead", lease_until=now + 5 * 60 * SEC
    )
    assert run_due_jobs(worker_id="b", now=now) == []
    assert run_due_jobs(worker_id="b", now=now + 6 * 60 * SEC) == ["test.job"]
    assert PeriodicJob.objects.get().lease_owner == ""


def test_a_failed_job_is_recorded_and_tried_again_sooner(db, only_job):
    def job() -> str:
        raise ValueError("gateway unreachable")

    only_job(job, every=dt.timedelta(days=1))
    run_due_jobs(worker_id="a")
    row = PeriodicJob.objects.get()
    assert (row.last_outcome, row.last_message) == ("failed", "ValueError: gateway unreachable")
    assert row.next_due_at - row.last_finished_at == dt.timedelta(minutes=15)


def test_the_retention_purge_runs_by_itself(mali, settings):
    settings.REPORT_RETENTION_DAYS = 30
    old = CitizenReportFactory(
        commune=mali.bandiagara, reporter_phone="+22370111222", description="Vol de bétail"
    )
    CitizenReport.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - dt.timedelta(days=31)
    )
    recent = CitizenReportFactory(commune=mali.bandiagara, reporter_phone="+22370333444")
    assert "citizens.purge_reports" in run_due_jobs(worker_id="a")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.anonymised, old.reporter_phone) == (True, "")
    assert (recent.anonymised, recent.reporter_phone) == (False, "+22370333444")
    row = PeriodicJob.objects.get(name="citizens.purge_reports")
    assert row.last_message == "1 reports anonymised"


def test_expired_sessions_are_deleted_by_themselves(db):
    Session.objects.create(session_key="old", session_data="", expire_date=timezone.now() - HOUR)
    Session.objects.create(session_key="new", session_data="", expire_date=timezone.now() + HOUR)
    assert "core.clear_expired_sessions" in run_due_jobs(worker_id="a")
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]


def test_national_admins_see_each_job_with_its_last_run(client_for, national_admin):
    run_due_jobs(worker_id="a")
    page = client_for(national_admin).get("/operations/").content.decode()
    assert "Supprimer les sessions expirées" in page
    assert "sessions expirées supprimées" not in page  # messages are the jobs' own words
    assert "0 expired sessions deleted" in page
    assert "Aucun agent" in page  # no worker has beaten: said in so many words


@pytest.mark.parametrize("persona", ["national_analyst", "mopti_focal_point", "partner_viewer"])
def test_others_may_not_see_the_operations_page(client_for, persona, request):
    user = request.getfixturevalue(persona)
    assert client_for(user).get("/operations/").status_code == 403
