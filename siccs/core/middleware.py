"""Request-wide behaviour that is not Django's default."""

from __future__ import annotations

from collections.abc import Callable

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
