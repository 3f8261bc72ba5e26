"""Every form and query parameter of every URL, walked with hostile values."""

from __future__ import annotations

import pytest
from django.utils import timezone

from siccs.core.models import WorkerHeartbeat
from siccs.core.tests import hostile_walker, scope_walker


@pytest.fixture
def world(mali, gao_secretary, settings, tmp_path):
    # Files go to a temporary folder; tasks stay queued (the worker's side of imports and
    # reports has its own tests with the same hostile files).
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    # A worker is alive: /healthz then answers 200, and any 5xx is a failure.
    WorkerHeartbeat.objects.create(worker_id="walker", seen_at=timezone.now())
    return scope_walker.build_world(mali)


def test_it_survives_hostile_values_on_every_url(world, national_admin, settings):
    settings.UPLOAD_MAX_BYTES = 256 * 1024
    settings.WORKER_HEARTBEAT_SECONDS = 3600
    walk = hostile_walker.walk(world, national_admin, upload_limit=settings.UPLOAD_MAX_BYTES)
    print("WALK", walk.requests, walk.posts, walk.exports)
    for p in walk.problems:
        print("PROBLEM", p[:300])
    assert walk.problems == []
    # A walker that reached nothing would pass vacuously.
    assert walk.requests > 500 and walk.posts > 100 and walk.exports > 5
