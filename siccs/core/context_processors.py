"""The navigation bar shows only what the user's roles can open."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from siccs.core.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"menu": menu_for(request), "LANGUAGES": settings.LANGUAGES}
