"""Walks every URL of the project as users who must not see a piece of data.

Each app may ship `tests/scope_world.py` with `populate(world)`: it creates objects
in the Gao region whose text carries `world.SECRET` (territorial data) or
`world.PERSONAL` (names, phones), and registers the URL keyword arguments that
reach them in `world.kwargs` (for example `world.kwargs["committee_id"] = c.pk`).
A URL whose keyword the world cannot fill is itself a violation: register it.

Views that authenticate their own way (ODK Collect's digest, not a session) carry an
`auth_scheme` attribute; the app's world registers, in `world.clients[scheme]`, a
function giving a test client that signs as a user. Keywords that name no scoped object
(a form of the catalogue, say) go in `world.unscoped_kwargs`: such a page may answer an
outsider, but must not show Gao data.
"""

from __future__ import annotations

import importlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

SECRET = "ZQXGAOSECRET"
PERSONAL = "ZQXPERSONAL"
# In the titles of concerns: partner viewers get counts of concerns, never one by one.
CONCERN = "ZQXCONCERN"

# Views open to anonymous visitors, on purpose. Adding one here is a security decision.
PUBLIC_URL_NAMES = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "invitation_accept",
    "healthz",
    "set_language",
    "citizens:report",
    "citizens:report_commune",
    "citizens:report_done",
    "citizens:track",
    "citizens:sms_webhook",
    "citizens:transparency",
    # The citizen answers the satisfaction question of the report whose tracking code they hold.
    "notifications:satisfaction_answer",
    # The API's OpenAPI document and its documentation page describe it and hold no data.
    "api-v1:openapi-json",
    "api-v1:openapi-view",
}
# The Django admin is for superusers only (see siccs/core/admin.py) and is tested apart.
SKIPPED_NAMESPACES = {"admin"}


@dataclass
class World:
    mali: Any
    SECRET: str = SECRET
    PERSONAL: str = PERSONAL
    CONCERN: str = CONCERN
    kwargs: dict[str, Any] = field(default_factory=dict)
    # Extra query strings to try on list pages, e.g. {"region": gao.pk}.
    queries: list[dict[str, Any]] = field(default_factory=list)
    # Test clients of views with their own authentication, by `auth_scheme`.
    clients: dict[str, Callable[[Any], Client]] = field(default_factory=dict)
    unscoped_kwargs: set[str] = field(default_factory=set)


@dataclass
class Route:
    pattern: str
    name: str
    callback: Any
    kwarg_names: list[str]

    @property
    def auth_scheme(self) -> str | None:
        return getattr(self.callback, "auth_scheme", None)

    @property
    def public(self) -> bool:
        return getattr(self.callback, "login_required", True) is False and not self.auth_scheme


def routes(urlconf: Any = None) -> list[Route]:
    found: list[Route] = []

    def visit(patterns: list, prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in SKIPPED_NAMESPACES:
                    continue
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                visit(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                names = list(entry.pattern.regex.groupindex)
                found.append(Route(route, f"{namespace}{entry.name or ''}", entry.callback, names))

    visit(get_resolver(urlconf).url_patterns, "", "")
    return found


def build_world(mali: Any) -> World:
    world = World(mali=mali)
    for config in apps.get_app_configs():
        if not config.name.startswith("siccs."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.scope_world")
        except ModuleNotFoundError:
            continue
        module.populate(world)
    return world


def concrete_path(route: Route, world: World) -> str | None:
    """The concrete path for `route`, or None if a keyword is unknown to the world."""
    from django.urls import reverse

    try:
        values = {k: world.kwargs[k] for k in route.kwarg_names}
    except KeyError:
        return None
    return (
        reverse(route.name, kwargs=values) if route.name and not route.name.endswith(":") else None
    )


def body_text(response: Any) -> str:
    """The response as text, opening XLSX/DOCX (zip) files so secrets cannot hide in them."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(n).decode("utf-8", "ignore") for n in archive.namelist())
    return content.decode("utf-8", "ignore")


def violations(
    world: World, users: dict[str, Any], urlconf: Any = None, prefixes: tuple[str, ...] = ()
) -> list[str]:
    """Every way in which a user saw what its scope forbids, as readable lines (only the
    routes under `prefixes` when given: a test of one app walks its own URLs)."""
    problems: list[str] = []
    outsider = users["outsider"]
    for route in routes(urlconf):
        if prefixes and not route.pattern.startswith(prefixes):
            continue
        if route.public and route.name not in PUBLIC_URL_NAMES:
            problems.append(f"{route.pattern}: public view not declared in PUBLIC_URL_NAMES")
        url = concrete_path(route, world)
        if url is None:
            problems.append(
                f"{route.pattern} ({route.name}): no scope_world registers {route.kwarg_names}"
            )
            continue
        anonymous = Client().get(url)
        if route.public:
            if SECRET in body_text(anonymous) or PERSONAL in body_text(anonymous):
                problems.append(f"{url}: public page shows protected data")
            continue
        if anonymous.status_code not in (302, 401, 403, 404, 405):
            problems.append(f"{url}: anonymous got {anonymous.status_code}")
        if route.auth_scheme and route.auth_scheme not in world.clients:
            problems.append(f"{url}: no scope_world gives a client for {route.auth_scheme}")
            continue
        client = client_for_route(route, world, outsider)
        scoped = [k for k in route.kwarg_names if k not in world.unscoped_kwargs]
        queries = [{}] + (world.queries if not scoped else [])
        for query in queries:
            response = client.get(url, query)
            if scoped and response.status_code not in (403, 404, 405):
                problems.append(
                    f"{url}: out-of-scope user got {response.status_code}, expected 404"
                )
            elif SECRET in body_text(response) or PERSONAL in body_text(response):
                problems.append(f"{url}?{query}: out-of-scope user sees Gao data")
        if scoped:
            posted = client.post(url, {})
            if posted.status_code not in (403, 404, 405):
                problems.append(f"{url}: out-of-scope POST got {posted.status_code}")
        for label in ("analyst", "partner"):
            viewer = client_for_route(route, world, users[label])
            response = viewer.get(url)
            if response.status_code == 200 and PERSONAL in body_text(response):
                problems.append(f"{url}: {label} sees personal data")
            partner_page = label == "partner" and response.status_code == 200
            if partner_page and CONCERN in body_text(response):
                problems.append(f"{url}: partner sees a concern one by one")
    return problems


def client_for_route(route: Route, world: World, user: Any) -> Client:
    """A client signed in as `user` the way the route's view authenticates."""
    if route.auth_scheme:
        return world.clients[route.auth_scheme](user)
    client = Client()
    client.force_login(user)
    return client
