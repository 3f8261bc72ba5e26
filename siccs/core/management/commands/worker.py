"""The background worker: django-tasks-db's db_worker plus a heartbeat for /healthz."""

from __future__ import annotations

import socket
import threading
from typing import Any

from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from siccs.core.models import WorkerHeartbeat

HEARTBEAT_EVERY_SECONDS = 15


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": timezone.now()}
    )


class Command(DbWorkerCommand):
    help = "Run queued background tasks (imports, reports, SMS) and report liveness."

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = f"{socket.gethostname()}-{threading.get_native_id()}"[:64]
        stop = threading.Event()

        def loop() -> None:
            while not stop.is_set():
                try:
                    beat(worker_id)
                finally:
                    close_old_connections()
                stop.wait(HEARTBEAT_EVERY_SECONDS)

        thread = threading.Thread(target=loop, daemon=True, name="heartbeat")
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
