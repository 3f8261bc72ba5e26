"""Menu entries contributed by the apps, each shown only to users holding its action."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from siccs.core.scoping import Action, user_has_action


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: str
    action: str = Action.VIEW


# Apps append their entries in their AppConfig.ready(); order is the order of INSTALLED_APPS.
ENTRIES: list[MenuEntry] = []


def register(url_name: str, label: str, action: str = Action.VIEW) -> None:
    if all(e.url_name != url_name for e in ENTRIES):
        ENTRIES.append(MenuEntry(url_name, label, action))


def menu_for(request: HttpRequest) -> list[dict[str, str]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for entry in ENTRIES:
        if not user_has_action(user, entry.action):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "url": url,
                "label": str(entry.label),
                "active": request.path == url or (url != "/" and request.path.startswith(url)),
            }
        )
    return items
