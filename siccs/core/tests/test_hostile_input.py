"""Every form and query parameter of every URL, walked with hostile values."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from openpyxl import Workbook

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
    settings.UPLOAD_MAX_BYTES = 256 * 1024
    # The walk's own wrong passwords would lock its address (and audit the lockout): login
    # throttling has its own tests.
    settings.AXES_ENABLED = False
    # A worker is alive: /healthz then answers 200, and any 5xx is a failure.
    settings.WORKER_HEARTBEAT_SECONDS = 3600
    WorkerHeartbeat.objects.create(worker_id="walker", seen_at=timezone.now())
    return scope_walker.build_world(mali)


def test_it_survives_hostile_values_on_every_url(world, national_admin, settings):
    walk = hostile_walker.walk(world, national_admin, upload_limit=settings.UPLOAD_MAX_BYTES)
    assert walk.problems == [], "\n".join(walk.problems)
    # A walker that reached nothing would pass vacuously.
    assert walk.requests > 500 and walk.posts > 100 and walk.exports > 20
    # Hostile text was accepted by forms and came out in exports, as text.
    assert walk.hostile_exports > 0


# Views that forget the rules, to prove that the walker catches them.
def naive_day_after(request):
    on = dt.date.fromisoformat(request.GET.get("on", "2021-06-25"))
    return HttpResponse(f"<html><body>{on + dt.timedelta(days=1)}</body></html>")


def naive_export(request):
    workbook = Workbook()
    workbook.active.append([request.GET.get("name", "=1+1")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=hostile_walker.EXPORT_TYPES[1])
    response["Content-Disposition"] = 'attachment; filename="x.xlsx"'
    return response


def naive_save(request):
    from siccs.audit.models import AuditEntry

    if request.method == "POST":
        AuditEntry.objects.create(verb="naive", model="x", object_id="1", object_repr="x")
        if len(request.POST.get("title", "")) > 100:
            return HttpResponse('<ul class="errorlist"><li>Trop long</li></ul>')
    return HttpResponse('<form method="post"><input name="title"></form>')


urlpatterns = [
    path("naive/day-after/", naive_day_after, name="naive_day_after"),
    path("naive/export.xlsx", naive_export, name="naive_export"),
    path("naive/save/", naive_save, name="naive_save"),
]


def test_it_fails_when_a_view_forgets_the_rules(world, national_admin, settings):
    settings.ROOT_URLCONF = __name__
    walk = hostile_walker.walk(world, national_admin, upload_limit=1024, urlconf=__name__)
    problems = "\n".join(walk.problems)
    assert "GET /naive/day-after/?on='10000-01-01': answered 500" in problems
    assert "/naive/export.xlsx: formula cells" in problems
    assert "POST /naive/save/ (long): refused, yet rows changed" in problems


def test_it_walks_the_whole_site_when_asked_for_its_urls():
    urls = {route.pattern for route in scope_walker.routes()}
    assert any(p.startswith("signaler") for p in urls) and len(urls) > 80
