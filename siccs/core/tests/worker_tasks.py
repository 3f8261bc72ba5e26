"""Tasks for the worker process tests (importable by a worker started by a test)."""

from __future__ import annotations

import time

from django.tasks import task


@task()
def pause(seconds: float, note: str) -> str:
    """Hold the worker for a while, then say which call it was."""
    time.sleep(seconds)
    return note
