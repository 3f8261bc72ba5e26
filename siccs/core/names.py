"""Configured names (methodology steps, partners, committee levels) in the current language.

Names typed by administrators are French, the working language; a model may keep an
English form beside them (`name_en`) so that an English page or report reads English
throughout. Without an English form the French name is shown, never an empty label.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import get_language


def english() -> bool:
    return (get_language() or "").startswith("en")


def in_language(name: str | None, name_en: str | None) -> str:
    """`name_en` on an English page when it is set, `name` otherwise."""
    if name_en and english():
        return name_en
    return name or ""


def chooser() -> Callable[[str | None, str | None], str]:
    """`in_language` for the language of the moment, decided once: for loops over
    hundreds of rows (asking the language for each costs more than the rest)."""
    if english():
        return lambda name, name_en: name_en or name or ""
    return lambda name, _name_en: name or ""
