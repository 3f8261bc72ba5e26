"""/healthz tells a monitor whether the database and the task worker are alive."""

import datetime as dt

from django.utils import timezone

from siccs.core.management.commands.worker import beat
from siccs.core.models import WorkerHeartbeat


def test_it_reports_degraded_without_a_worker_heartbeat(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": True, "worker": False}


def test_it_reports_ok_with_a_recent_heartbeat(client, db):
    beat("test-worker")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_it_reports_a_stale_heartbeat_as_dead(client, db, settings):
    WorkerHeartbeat.objects.create(
        worker_id="old", seen_at=timezone.now() - dt.timedelta(minutes=10)
    )
    assert client.get("/healthz").json()["worker"] is False
