"""The real worker process: killed mid-report, cut from its database, frozen.

The worker runs as `manage.py worker` in a process of its own, on a database both it and
the test reach: PostgreSQL's test database, or a file copy of SQLite's in-memory one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from siccs.core.models import WorkerHeartbeat
from siccs.core.tests.worker_tasks import pause
from siccs.dashboard.models import ProgressReport, ReportStatus
from siccs.dashboard.services import report_request

ROOT = Path(__file__).resolve().parents[3]
HEARTBEAT = 3  # seconds: a stopped worker is noticed within 3 s here, 30 s by default


def _wait(condition: Callable[[], bool], timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"still waiting after {timeout:.0f} s: {what}")


@pytest.fixture
def shared_database(transactional_db, tmp_path, settings) -> Iterator[str]:
    """A DATABASE_URL for worker processes, naming the database this test uses too."""
    settings.WORKER_HEARTBEAT_SECONDS = HEARTBEAT
    conn = connections["default"]
    params = conn.settings_dict
    if conn.vendor == "postgresql":
        yield f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{params['NAME']}"
        return
    # SQLite's test database lives in this process's memory: copy it to a file and let this
    # test use the file too, then put the memory database back.
    conn.ensure_connection()
    (tmp_path / "db").mkdir()
    path = tmp_path / "db" / "shared.sqlite3"
    target = sqlite3.connect(path)
    conn.connection.backup(target)
    target.close()
    memory, name = conn.connection, params["NAME"]
    conn.connection = None
    params["NAME"] = str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        conn.close()
        params["NAME"] = name
        conn.connection = memory


class Workers:
    """Starts `manage.py worker` processes on the shared database; stops them at the end."""

    def __init__(self, database_url: str, tmp_path: Path) -> None:
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": "worker-test-" + "k" * 40,
            "FIELD_ENCRYPTION_KEY": settings.FIELD_ENCRYPTION_KEYS[0],
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
            "WORKER_HEARTBEAT_SECONDS": str(HEARTBEAT),
            "DB_CONN_MAX_AGE": "0",
        }
        self.log = tmp_path / "worker.log"
        self.processes: list[subprocess.Popen] = []

    def start(self, **env: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "worker",
                "--no-reload",
                "--interval",
                "0.2",
                "--no-startup-delay",
            ],
            cwd=ROOT,
            env=self.env | env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGCONT)
                process.kill()
            process.wait(timeout=10)


@pytest.fixture
def workers(shared_database, tmp_path) -> Iterator[Workers]:
    running = Workers(shared_database, tmp_path)
    yield running
    running.stop_all()
    conn = connections["default"]
    if conn.vendor == "postgresql":
        # A killed worker's server session may outlive it a moment: end those of this test
        # database (its own, nobody else's), so that the database can be dropped.
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


def test_a_report_whose_worker_is_killed_is_finished_by_the_next_worker(workers, national_admin):
    report = report_request(user=national_admin, on=dt.date(2021, 6, 25), language="fr")
    first = workers.start()
    status = lambda: ProgressReport.objects.get(pk=report.pk).status  # noqa: E731
    _wait(lambda: status() == ReportStatus.RUNNING, 60, "the report to start")
    first.kill()  # as the kernel's OOM killer or a power cut would
    first.wait()
    assert status() == ReportStatus.RUNNING

    workers.start()
    _wait(
        lambda: status() == ReportStatus.DONE, 120, "the report to be finished\n" + workers.output()
    )
    report.refresh_from_db()
    assert report.pdf and report.docx and report.xlsx
    result = DBTaskResult.objects.get()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert len(result.worker_ids) == 2  # taken over by the second worker


class CuttableProxy:
    """A TCP relay between a worker and PostgreSQL that the test can cut and restore,
    so that only this worker loses its database (the server is shared)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _addr = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()  # connection refused, as from a stopped server
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.open = False
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.sockets.clear()

    def restore(self) -> None:
        self.open = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture
def outage(
    shared_database, tmp_path
) -> Iterator[tuple[str, Callable[[], None], Callable[[], None]]]:
    """(the worker's DATABASE_URL, cut(), restore()): a database the worker loses and finds
    again. PostgreSQL: a relay the test cuts (the server itself is shared with others).
    SQLite: the database's folder moved away, so that no connection can open it."""
    if shared_database.startswith("postgres"):
        params = connections["default"].settings_dict
        proxy = CuttableProxy((params["HOST"] or "127.0.0.1", int(params["PORT"] or 5432)))
        url = shared_database.replace(
            f"@{params['HOST']}:{params['PORT']}/", f"@127.0.0.1:{proxy.port}/"
        )
        yield url, proxy.cut, proxy.restore
        proxy.close()
        return
    folder, away = tmp_path / "db", tmp_path / "db-away"
    yield shared_database, lambda: folder.rename(away), lambda: away.rename(folder)
    if away.exists():
        away.rename(folder)


def test_a_worker_that_loses_its_database_resumes_by_itself(workers, outage):
    url, cut, restore = outage
    first = pause.enqueue(4, "during the outage")
    process = workers.start(DATABASE_URL=url)
    state = lambda pk: DBTaskResult.objects.get(pk=pk).status  # noqa: E731
    _wait(lambda: state(first.id) == TaskResultStatus.RUNNING, 60, "the task to start")

    cut()  # the database goes away in the middle of the task
    time.sleep(8)
    assert process.poll() is None, workers.output()  # the worker waits, it does not exit
    assert "Database unavailable" in workers.output()
    restore()

    second = pause.enqueue(0, "after the outage")
    _wait(
        lambda: state(second.id) == TaskResultStatus.SUCCESSFUL,
        90,
        "the worker to resume\n" + workers.output(),
    )
    _wait(lambda: state(first.id) == TaskResultStatus.SUCCESSFUL, 60, "the first task")
    assert DBTaskResult.objects.get(pk=first.id).return_value == "during the outage"
    assert process.poll() is None


def test_healthz_reports_a_frozen_worker_within_its_heartbeat_window(workers, client):
    process = workers.start()
    _wait(lambda: client.get("/healthz").status_code == 200, 60, "the worker's first beat")
    process.send_signal(signal.SIGSTOP)  # alive for the kernel, doing nothing
    frozen_at = time.monotonic()
    _wait(lambda: client.get("/healthz").status_code == 503, HEARTBEAT + 3, "healthz to notice")
    assert time.monotonic() - frozen_at <= HEARTBEAT + 3
    process.send_signal(signal.SIGCONT)
    _wait(lambda: client.get("/healthz").status_code == 200, HEARTBEAT + 3, "healthz to recover")
    assert WorkerHeartbeat.objects.count() == 1
