"""Configured names (methodology steps, partners, committee levels) in the current language.

Names typed by administrators are French, the working language; a model may keep an
English form beside them (`name_en`) so that an English page or report reads English
throughout. Without an English form the French name is shown, never an empty label.
"""

from __future__ import annotations

from django.utils.translation import get_language


def english() -> bool:
    return (get_language() or "").startswith("en")


def in_language(name: str | None, name_en: str | None) -> str:
    """`name_en` on an English page when it is set, `name` otherwise."""
    if name_en and english():
        return name_en
    return name or ""
