"""The task worker's robustness: heartbeat, database outages, abandoned tasks, health.

- The worker beats every few seconds (a row of WorkerHeartbeat) from a thread of its own,
  saying which task it runs and when its main loop last looked for work.
- A database outage does not stop it: it closes its connections and tries again, waiting
  1, 2, 4... up to 30 s between tries.
- A task left "running" by a worker that no longer beats (killed, machine restarted), or
  by a live worker that lost it in an outage, is abandoned: the periodic recovery queues
  it again, up to TASK_MAX_ATTEMPTS runs, then marks it failed and calls the handler its
  app registered with `on_abandon` (so a progress report says "failed" instead of
  "being produced" forever).
- `worker_health` is what /healthz says: no beat within WORKER_HEARTBEAT_SECONDS is a dead
  worker; a beating worker whose loop stopped turning for as long, or whose task has run
  longer than WORKER_TASK_TIMEOUT, is stuck.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, Error, close_old_connections, connection, connections
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from siccs.core.models import WorkerHeartbeat

logger = logging.getLogger("siccs.worker")

MAX_BACKOFF_SECONDS = 30


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}"[:64]


def beat_every() -> float:
    """Six beats per heartbeat window: a dead worker shows within the window."""
    return max(0.5, settings.WORKER_HEARTBEAT_SECONDS / 6)


def periodic_check_seconds() -> float:
    """How often the worker looks for due periodic jobs (the recovery is one of them)."""
    return min(5.0, settings.WORKER_HEARTBEAT_SECONDS / 3)


# --- Abandoned tasks -------------------------------------------------------------------

# task module path -> handler(*args, reason=..., **kwargs), called when a task is given up.
ABANDON_HANDLERS: dict[str, Callable[..., None]] = {}


def on_abandon(task: Any) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register what to do with a task's object when the task is given up after its worker
    stopped TASK_MAX_ATTEMPTS times: typically mark it failed with `reason`."""

    def register(handler: Callable[..., None]) -> Callable[..., None]:
        ABANDON_HANDLERS[task.module_path] = handler
        return handler

    return register


class TaskAbandoned(Exception):
    """Recorded as the error of a task whose workers stopped while running it."""


def abandon_reason(attempts: int) -> Any:
    return _(
        "The task worker stopped %(attempts)s times while producing this; it was not tried "
        "again. Ask the technical team to look at the worker's log, then try again."
    ) % {"attempts": attempts}


def recover_abandoned_tasks(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Queue again, or fail, every running task that no live worker is running.
    Returns (retried, failed)."""
    now = now or timezone.now()
    window = dt.timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS)
    # A worker notes its task in its heartbeat right after claiming it; this grace keeps a
    # task just claimed from looking abandoned in between.
    grace = dt.timedelta(seconds=2 * beat_every())
    running_by = dict(
        WorkerHeartbeat.objects.filter(seen_at__gte=now - window).values_list(
            "worker_id", "task_id"
        )
    )
    retried = failed = 0
    candidates = DBTaskResult.objects.running().filter(
        Q(started_at__lt=now - grace) | Q(started_at__isnull=True)
    )
    for result in candidates:
        owner = result.worker_ids[-1] if result.worker_ids else ""
        if owner in running_by and running_by[owner] == str(result.pk):
            continue
        attempts = len(result.worker_ids)
        still_running = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
        )
        if attempts < settings.TASK_MAX_ATTEMPTS:
            if still_running.update(status=TaskResultStatus.READY):
                logger.warning(
                    "Task %s (%s) abandoned by worker %s: queued again (run %s of %s)",
                    result.pk,
                    result.task_path,
                    owner,
                    attempts + 1,
                    settings.TASK_MAX_ATTEMPTS,
                )
                retried += 1
            continue
        reason = abandon_reason(attempts)
        with translation.override(settings.LANGUAGE_CODE):
            text = str(reason)
        if still_running.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{TaskAbandoned.__module__}.{TaskAbandoned.__qualname__}",
            traceback=text,
            return_value=None,
        ):
            logger.error(
                "Task %s (%s) abandoned %s times: marked failed",
                result.pk,
                result.task_path,
                attempts,
            )
            failed += 1
            try:
                import_string(result.task_path)  # its module registers its handler
            except ImportError:
                logger.error("Task %s: %s cannot be imported", result.pk, result.task_path)
            handler = ABANDON_HANDLERS.get(result.task_path)
            if handler is not None:
                arguments = result.args_kwargs or {}
                handler(*arguments.get("args", []), reason=reason, **arguments.get("kwargs", {}))
    return retried, failed


# --- Health ----------------------------------------------------------------------------


def worker_state(heartbeat: WorkerHeartbeat, now: dt.datetime) -> str:
    """'alive', 'stuck' or 'dead', as /healthz and the operations page say it."""
    window = dt.timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS)
    if heartbeat.seen_at < now - window:
        return "dead"
    if heartbeat.task_started_at is not None:
        timeout = dt.timedelta(seconds=settings.WORKER_TASK_TIMEOUT)
        return "stuck" if heartbeat.task_started_at < now - timeout else "alive"
    if heartbeat.loop_at is None or heartbeat.loop_at < now - window:
        return "stuck"
    return "alive"


def worker_health(now: dt.datetime | None = None) -> bool:
    """Whether at least one worker beats and works."""
    now = now or timezone.now()
    recent = WorkerHeartbeat.objects.filter(
        seen_at__gte=now - dt.timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS)
    )
    return any(worker_state(h, now) == "alive" for h in recent)


# --- The worker ------------------------------------------------------------------------


class Heartbeat:
    """The worker's pulse, written from its own thread so that a long task still beats."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.loop_at: dt.datetime | None = None
        self.task_id = ""
        self.task_name = ""
        self.task_started_at: dt.datetime | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def write(self) -> None:
        with self._lock:
            values = {
                "seen_at": timezone.now(),
                "hostname": socket.gethostname()[:200],
                "pid": os.getpid(),
                "started_at": self.started_at,
                "loop_at": self.loop_at,
                "task_id": self.task_id,
                "task_name": self.task_name[:200],
                "task_started_at": self.task_started_at,
            }
        WorkerHeartbeat.objects.update_or_create(worker_id=self.worker_id, defaults=values)

    def try_write(self) -> bool:
        try:
            self.write()
            return True
        except Error as error:
            logger.debug("Heartbeat not written: %s", error)
            _drop_connection()
            return False

    def start(self) -> None:
        def loop() -> None:
            while not self._stop.wait(beat_every()):
                self.try_write()
                close_old_connections()
            connection.close()

        self._thread = threading.Thread(target=loop, daemon=True, name="heartbeat")
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def task(self, result: DBTaskResult | None) -> None:
        with self._lock:
            self.task_id = str(result.pk) if result is not None else ""
            self.task_name = result.task_path if result is not None else ""
            self.task_started_at = timezone.now() if result is not None else None
        self.try_write()


def _drop_connection() -> None:
    """Forget a broken connection of this thread, whatever state it is in."""
    try:
        connection.close()
    except Exception:  # a connection lost mid-transaction may refuse to close cleanly
        connection.connection = None


class ResilientWorker(Worker):
    """django-tasks-db's worker, made to outlive database outages, to beat, and to run the
    periodic jobs."""

    def __init__(self, *, periodic_jobs: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.heartbeat = Heartbeat(self.worker_id)
        self.periodic_jobs = periodic_jobs
        self.next_periodic_check = 0.0

    def run(self) -> None:
        logger.info("Starting worker %s", self.worker_id)
        self.heartbeat.try_write()
        self.heartbeat.start()
        backoff = 1.0
        try:
            while self.running:
                try:
                    more = self.poll_once()
                    backoff = 1.0
                except Error as error:  # outage, lost connection, or a query refused
                    if not self.running:
                        break
                    logger.warning(
                        "Database unavailable (%s): trying again in %.0f s",
                        str(error).strip().splitlines()[0] if str(error).strip() else error,
                        backoff,
                    )
                    for alias in connections:
                        _drop_alias(alias)
                    self._sleep(backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                    continue
                if more is None:
                    return  # --batch or --max-tasks reached
                if self.running and not more:
                    self._sleep(self.interval)
        finally:
            self.heartbeat.stop()

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while self.running and (remaining := end - time.monotonic()) > 0:
            time.sleep(min(0.2, remaining))

    def poll_once(self) -> bool | None:
        """Run the due periodic jobs, then one task if one is ready. True when a task ran,
        False when there was none, None when the worker should stop."""
        close_old_connections()
        self.heartbeat.loop_at = timezone.now()
        if self.periodic_jobs and time.monotonic() >= self.next_periodic_check:
            from siccs.core.periodic import run_due_jobs

            run_due_jobs(worker_id=self.worker_id)
            self.next_periodic_check = time.monotonic() + periodic_check_seconds()

        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        task_result = None
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
        except DatabaseError as error:
            if not is_locked_database_exception(error):
                raise
        if task_result is not None:
            self.heartbeat.task(task_result)
            try:
                self.run_task(task_result)
            finally:
                self.heartbeat.task(None)
        if self.batch and task_result is None:
            return None
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            return None
        close_old_connections()
        return task_result is not None


def _drop_alias(alias: str) -> None:
    conn = connections[alias]
    try:
        conn.close()
    except Exception:
        conn.connection = None
