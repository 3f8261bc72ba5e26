"""Request-wide behaviour that is not Django's default."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

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


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user.

    Pages of a signed-in user hold member lists, concerns and partners' figures: neither
    a shared proxy nor the browser's disk (a phone lent to someone else, an Internet café)
    may keep them. A response that already says how it may be cached keeps its header
    unless it would let a shared cache keep it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            given = {
                d.strip().split("=")[0].lower()
                for d in response.get("Cache-Control", "").split(",")
            }
            # "private, no-cache" (the API's ETag polling) or "no-store" already keep the
            # response out of shared caches; anything else is replaced.
            if not given & {"private", "no-store"} or "public" in given:
                response["Cache-Control"] = "private, no-store"
        return response


class MalformedInputMiddleware:
    """Malformed input is the sender's fault: a 400, not a server error.

    Refused before any middleware reads the body: a form declared in another charset than
    UTF-8 (Django's own 400 page would read it again and fail with a 500), and a NUL
    character in a parameter or a form field (no text here holds one, and PostgreSQL
    refuses it in any query). Then there are values the database cannot even compare: a
    choice of `99999999999999999999` makes SQLite raise OverflowError and PostgreSQL
    "value out of range" before any validation can refuse it.

    Machine endpoints that read their bodies their own way (`auth_scheme`: ODK Collect's
    submissions, the API; `csrf_exempt`: the SMS gateway's webhook) are left to do so: an
    OpenRosa submission over the size it announced must be refused (413) before its body
    is read, and an SMS holding a control character is stored cleaned, not bounced back to
    a gateway that would retry it forever."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _foreign_form_charset(request):
            from django.http import QueryDict
            from django.utils.datastructures import MultiValueDict

            # An empty body, set before anyone reads it, keeps the 400 page from failing.
            request._post, request._files = QueryDict(), MultiValueDict()
            return _bad_request(request, "form data must be encoded in UTF-8")
        if _nul_in_query(request):
            return _bad_request(request, "NUL character in the request")
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # Before CsrfViewMiddleware reads the form (it comes after this one).
        machine = getattr(view, "auth_scheme", None) or getattr(view, "csrf_exempt", False)
        if not machine and _nul_in_form(request):
            return _bad_request(request, "NUL character in the request")
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        from django.db import DataError

        out_of_range = isinstance(exception, OverflowError) or (
            isinstance(exception, DataError) and "out of range" in str(exception)
        )
        if not out_of_range:
            return None
        return _bad_request(request, "a value is out of range")


def _bad_request(request: HttpRequest, reason: str) -> HttpResponse:
    from django.core.exceptions import BadRequest
    from django.core.handlers.exception import response_for_exception

    return response_for_exception(request, BadRequest(reason))


def _nul_in_query(request: HttpRequest) -> bool:
    return any("\x00" in k or any("\x00" in v for v in vs) for k, vs in request.GET.lists())


def _nul_in_form(request: HttpRequest) -> bool:
    """A NUL character in a form field (files are not looked at)."""
    if request.method != "POST" or _foreign_form_charset(request):
        return False
    kind = request.META.get("CONTENT_TYPE", "")
    if not kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return False
    return any("\x00" in k or any("\x00" in v for v in vs) for k, vs in request.POST.lists())


def _foreign_form_charset(request: HttpRequest) -> bool:
    """A form body whose declared charset is not UTF-8 (HTML forms always send UTF-8 here;
    anything else is a client trying its luck)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    kind = request.META.get("CONTENT_TYPE", "")
    if not kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return False
    for part in kind.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value.strip().strip('"').lower() not in {"utf-8", "utf8"}:
            return True
    return False
