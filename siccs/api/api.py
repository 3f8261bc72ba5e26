"""The REST API, version 1 (`/api/v1/`): the routers, the token, the error shape and what
every answer gets (login exemption, ETag and 304, problem details for 405)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI

from siccs.api import problems
from siccs.api.routes import committees, indicators, meetings, partners, territory
from siccs.api.tokens import TokenAuth

DESCRIPTION = gettext_lazy(
    "The data of SI-CCS for other systems (DHIS2, Excel and Power BI, KoboToolbox…). "
    "Every call carries a personal token (`Authorization: Bearer <token>`) created on the "
    "account's *API tokens* page, and sees what its user sees: the same roles and territory, "
    "out of scope is a 404. Errors are RFC 9457 problem details (`application/problem+json`) "
    "in the language of `Accept-Language`. Lists are paged (`page`, `page_size`); answers "
    "carry an `ETag`: send it back in `If-None-Match` to get a 304 when nothing changed."
)


class SiccsApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        # Errors are problem details, served with their own media type.
                        response["content"] = {problems.PROBLEM_TYPE: content["application/json"]}
                if method == "get":
                    operation["parameters"] = [
                        *operation.get("parameters", []),
                        {
                            "in": "header",
                            "name": "If-None-Match",
                            "required": False,
                            "schema": {"type": "string"},
                            "description": _("The ETag of a previous answer: 304 if unchanged."),
                        },
                    ]
                    operation["responses"]["304"] = {"description": _("Not modified")}
        return schema


api = SiccsApi(
    title="SI-CCS API",
    version="1.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=TokenAuth(),
)
problems.install(api)
api.add_router("/territory", territory.router)
api.add_router("/committees", committees.router)
api.add_router("/step-records", committees.records_router)
api.add_router("/", meetings.router)
api.add_router("/", partners.router)
api.add_router("/", indicators.router)


def _endpoint(view: Callable) -> Callable:
    """An API operation's view: authenticated by token (so outside the login redirect),
    405 as problem details, and a strong ETag on successful reads with 304 when the
    client's copy is current."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            problems.PROBLEM_TYPE
        ):
            allowed = response.get("Allow", "")
            response = problems.problem(
                request, 405, detail=_("This address does not answer this method.")
            )
            response["Allow"] = allowed
            return response
        if request.method in ("GET", "HEAD"):
            patch_vary_headers(response, ("Authorization", "Accept-Language"))
            if response.status_code == 200 and not response.streaming:
                response["Cache-Control"] = "private, no-cache"
                set_response_etag(response)
                return get_conditional_response(request, etag=response["ETag"], response=response)
        return response

    wrapped.login_required = False
    # The every-URL scope walker calls these with a token instead of a session.
    wrapped.auth_scheme = "api-token"
    return wrapped


def urls() -> tuple[list[Any], str, str]:
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if not isinstance(pattern, URLPattern):
            continue
        if pattern.name in ("openapi-json", "openapi-view"):
            # The document describes the API and holds no data: readable by anyone.
            pattern.callback = login_not_required(pattern.callback)
        elif pattern.name != "api-root":
            pattern.callback = _endpoint(pattern.callback)
    return patterns, app_name, namespace
