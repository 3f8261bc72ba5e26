"""The background worker: runs tasks and periodic jobs, beats, outlives database outages.

`manage.py worker` takes django-tasks-db's `db_worker` options (--interval, --queue-name,
--batch, --max-tasks, --worker-id, --no-reload...); see siccs/core/worker.py for what it
adds. Stop it with SIGTERM: it finishes the task it runs, then exits.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import CommandParser
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from siccs.core.worker import ResilientWorker, new_worker_id


class Command(DbWorkerCommand):
    help = "Run queued background tasks (imports, reports, SMS) and the periodic jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)
        parser.add_argument(
            "--no-periodic",
            action="store_false",
            dest="periodic_jobs",
            help="Run tasks only, not the periodic jobs (they run on another worker).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"] or new_worker_id(),
            excluded_queue_names=excluded,
            periodic_jobs=options["periodic_jobs"],
        )
        if options["reload"] and not options["batch"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
