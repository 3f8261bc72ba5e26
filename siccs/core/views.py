"""Health check, operations page and language switch (the home pages live in siccs.home)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from siccs.core.scoping import Action, require_national
from siccs.core.selectors import operations_status
from siccs.core.worker import worker_health


def health_response() -> JsonResponse:
    """Database reachable and a worker alive (beating, its loop turning, no task beyond
    WORKER_TASK_TIMEOUT): 200; otherwise 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database_ok = True
    except Exception:
        database_ok = False
    worker_ok = False
    if database_ok:
        try:
            worker_ok = worker_health()
        except Exception:  # the heartbeat table unreadable: nothing says a worker runs
            worker_ok = False
    healthy = database_ok and worker_ok
    response = JsonResponse(
        {"status": "ok" if healthy else "degraded", "database": database_ok, "worker": worker_ok},
        status=200 if healthy else 503,
    )
    add_never_cache_headers(response)
    return response


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Answered by HealthCheckMiddleware before this view; kept so the URL has a name."""
    return health_response()


def operations(request: HttpRequest) -> HttpResponse:
    """Workers, periodic jobs and tasks, for national administrators."""
    require_national(request.user, Action.ADMINISTER)
    return render(request, "core/operations.html", {"s": operations_status()})
