"""Errors of the API in one shape: RFC 9457 problem details, translated.

Every error the API answers is a JSON object `{type, title, status, detail, instance}`
served as `application/problem+json`, with `title` and `detail` in the language of the
request (Accept-Language, French by default). `type` is a URN naming the kind of
problem (`urn:siccs:problem:not-found`...), listed in docs/api.md; validation problems
add `errors` (where and what), domain rules add `field`.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from siccs.core.errors import DomainError

logger = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"

# status → (slug, title); the title is the HTTP reason phrase, translated (RFC 9457 §4.2.1).
STATUSES: dict[int, tuple[str, Any]] = {
    400: ("bad-request", gettext_lazy("Bad request")),
    401: ("unauthenticated", gettext_lazy("Authentication required")),
    403: ("forbidden", gettext_lazy("Forbidden")),
    404: ("not-found", gettext_lazy("Not found")),
    405: ("method-not-allowed", gettext_lazy("Method not allowed")),
    422: ("invalid-request", gettext_lazy("Invalid request")),
    429: ("too-many-requests", gettext_lazy("Too many requests")),
    500: ("server-error", gettext_lazy("Server error")),
}


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[dict[str, Any]] | None = None
    field: str | None = None


class ApiProblem(Exception):
    """An error an endpoint answers on purpose (an unknown territory in a filter...)."""

    def __init__(self, status: int, detail: str, *, slug: str = "", field: str = "") -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.slug = slug
        self.field = field


def problem(
    request: HttpRequest,
    status: int,
    *,
    detail: str,
    slug: str = "",
    title: str = "",
    **extra: Any,
) -> HttpResponse:
    default_slug, default_title = STATUSES.get(status, STATUSES[400 if status < 500 else 500])
    body: dict[str, Any] = {
        "type": f"urn:siccs:problem:{slug or default_slug}",
        "title": str(title or default_title),
        "status": status,
        "detail": str(detail),
        "instance": request.path,
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type=f"{PROBLEM_TYPE}; charset=utf-8",
    )
    response["Content-Language"] = get_language() or "fr"
    return response


def _validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where each value was refused (`loc`), and why (pydantic's words, in English)."""
    return [
        {
            "loc": [str(part) for part in e.get("loc", ())],
            "type": e.get("type", ""),
            "message": e.get("msg", ""),
        }
        for e in errors
    ]


def install(api: NinjaAPI) -> None:
    """Route every exception the API can meet to a problem-details answer."""

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return problem(
            request,
            422,
            detail=_("Some parameters are missing or wrong: see `errors`."),
            errors=_validation_errors(exc.errors),
        )

    @api.exception_handler(DomainError)
    def domain_rule(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return problem(
            request,
            422,
            slug="domain-rule",
            title=_("Rule not respected"),
            detail=exc.message,
            field=exc.field,
        )

    @api.exception_handler(ApiProblem)
    def explicit(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
        return problem(
            request, exc.status, slug=exc.slug, detail=exc.detail, field=exc.field or None
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        # The same answer whether the object does not exist or lies outside the scope.
        return problem(request, 404, detail=_("There is nothing here that you may see."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(request, 403, detail=_("Your roles do not allow this."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return unauthenticated_problem(request)

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        response = problem(
            request,
            429,
            detail=_("This token made too many requests this minute: wait and try again."),
        )
        response["Retry-After"] = str(max(1, int(exc.wait or 60)))
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code if 400 <= exc.status_code < 600 else 400
        return problem(request, status, detail=str(STATUSES.get(status, STATUSES[400])[1]))

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s", request.path, exc_info=exc)
        return problem(request, 500, detail=_("The server failed to answer; the error is logged."))


def unauthenticated_problem(request: HttpRequest) -> HttpResponse:
    response = problem(
        request,
        401,
        detail=_(
            "Send a valid personal API token in the Authorization header (Bearer). "
            "Create one on your account's API tokens page."
        ),
    )
    response["WWW-Authenticate"] = 'Bearer realm="SI-CCS"'
    return response
