"""Request-wide behaviour that is not Django's default."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


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
            response["Cache-Control"] = "private, no-store"
        return response


class MalformedInputMiddleware:
    """Malformed input is the sender's fault: a 400, not a server error.

    Django already answers 400 to a body it cannot decode (`BadRequest`). What remains are
    values the database cannot even compare: a choice of `99999999999999999999` in a form
    makes SQLite raise OverflowError and PostgreSQL "value out of range" before any
    validation can refuse it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        from django.core.exceptions import BadRequest
        from django.core.handlers.exception import response_for_exception
        from django.db import DataError

        out_of_range = isinstance(exception, OverflowError) or (
            isinstance(exception, DataError) and "out of range" in str(exception)
        )
        if not out_of_range:
            return None
        return response_for_exception(request, BadRequest("a value is out of range"))
