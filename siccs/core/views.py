"""Health check and language switch (the home pages live in siccs.home)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import set_language as django_set_language

from siccs.accounts.services import user_language_set
from siccs.core.models import WorkerHeartbeat


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database reachable and a worker heartbeat recent enough: 200; otherwise 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database_ok = True
    except Exception:
        database_ok = False
    worker_ok = False
    if database_ok:
        limit = timezone.now() - dt.timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS)
        worker_ok = WorkerHeartbeat.objects.filter(seen_at__gte=limit).exists()
    healthy = database_ok and worker_ok
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "database": database_ok, "worker": worker_ok},
        status=200 if healthy else 503,
    )


@login_not_required  # visitors of the public pages switch language too
def set_language(request: HttpRequest) -> HttpResponse:
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response
