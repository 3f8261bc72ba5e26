"""Platform plumbing: the task worker's heartbeat."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """Written by `manage.py worker` every few seconds; /healthz reads how old it is."""

    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} @ {self.seen_at:%H:%M:%S}"
