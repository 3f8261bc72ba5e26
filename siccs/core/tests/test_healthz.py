"""/healthz tells a monitor whether the database and a task worker are alive."""

import datetime as dt

from django.utils import timezone

from siccs.core.models import WorkerHeartbeat


def _beat(**fields) -> WorkerHeartbeat:
    now = timezone.now()
    values = {"worker_id": "w1", "seen_at": now, "loop_at": now} | fields
    return WorkerHeartbeat.objects.create(**values)


def test_it_reports_degraded_without_a_worker_heartbeat(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": True, "worker": False}


def test_it_reports_ok_with_a_recent_heartbeat(client, db):
    _beat()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "worker": True}
    assert "no-cache" in response["Cache-Control"]


def test_it_reports_a_worker_silent_for_30_seconds_as_dead(client, db):
    _beat(seen_at=timezone.now() - dt.timedelta(seconds=31))
    assert client.get("/healthz").json()["worker"] is False
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - dt.timedelta(seconds=25))
    assert client.get("/healthz").json()["worker"] is True


def test_it_reports_a_worker_whose_loop_stopped_as_stuck(client, db):
    _beat(loop_at=timezone.now() - dt.timedelta(seconds=31))
    assert client.get("/healthz").status_code == 503


def test_it_reports_a_task_running_past_the_timeout_as_stuck(client, db, settings):
    settings.WORKER_TASK_TIMEOUT = 600
    old = timezone.now() - dt.timedelta(minutes=30)
    beat = _beat(loop_at=old, task_id="t", task_name="report", task_started_at=old)
    assert client.get("/healthz").status_code == 503
    beat.task_started_at = timezone.now() - dt.timedelta(minutes=5)
    beat.save()
    assert client.get("/healthz").status_code == 200  # a long task is not a stuck loop


def test_it_answers_a_probe_over_plain_http_whatever_the_host(client, db, settings):
    settings.ALLOWED_HOSTS = ["ccs.example.ml"]
    settings.SECURE_SSL_REDIRECT = True
    _beat()
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    # Every other page still refuses an unknown host and sends plain HTTP to HTTPS.
    assert client.get("/signaler/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    assert client.get("/signaler/", HTTP_HOST="ccs.example.ml").status_code == 301
