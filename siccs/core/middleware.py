"""Request-wide behaviour that is not Django's default."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

logger = logging.getLogger(__name__)


class UserLanguageMiddleware:
    """French first: a signed-in user's own language wins over what the phone's browser says.

    Browsers in Mali are often set to English while their users work in French; the choice
    stored on the user (and changed by the language switch) is the one that counts. Only an
    explicit switch in this browser (the language cookie) goes before it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user is not None
            and user.is_authenticated
            and user.preferred_language in dict(settings.LANGUAGES)
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class HealthCheckMiddleware:
    """/healthz for probes: answered first, over plain HTTP and whatever the Host header
    (a probe on the machine asks http://127.0.0.1:8000/healthz), before the HTTPS redirect
    and ALLOWED_HOSTS, neither of which protects anything in its two-word answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            from siccs.core.views import health_response

            return health_response()
        return self.get_response(request)


class MissingFileMiddleware:
    """A stored file that is gone (a restore without the files, a disk error) gives a page
    that says so, with status 404 and the error in the log, instead of a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, FileNotFoundError):
            return None
        from django.shortcuts import render

        logger.error("Stored file missing for %s: %s", request.path, exception)
        return render(request, "core/file_missing.html", status=404)
