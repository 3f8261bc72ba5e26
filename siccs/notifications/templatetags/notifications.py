"""Template tags other apps' pages include, so their templates change by one line only."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from siccs.notifications import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def upcoming_sessions(context: dict, committee: Any) -> Any:
    """The committee's scheduled sessions from today on, as the viewer may see them."""
    return selectors.upcoming_planned_sessions(
        user=context["request"].user, committee=committee, today=timezone.localdate()
    )


@register.inclusion_tag("notifications/_satisfaction.html", takes_context=True)
def satisfaction_table(context: dict) -> dict[str, Any]:
    """The share of satisfied citizens by commune and quarter, in the viewer's scope."""
    return {"rows": selectors.satisfaction_by_commune_and_quarter(user=context["request"].user)}


# The transparency page is read in French or Bambara (citizens.texts): its few words here.
PUBLIC_TEXTS = {
    "fr": {
        "title": "Les réponses ont-elles aidé ?",
        "yes": "réponses jugées utiles",
        "no": "réponses jugées inutiles",
        "asked": "questions posées",
    },
    "bm": {
        "title": "Jaabiw y'aw dɛmɛ wa?",
        "yes": "jaabi minnu ye mɔgɔw dɛmɛ",
        "no": "jaabi minnu ma mɔgɔw dɛmɛ",
        "asked": "ɲininkali minnu kɛra",
    },
}


@register.inclusion_tag("notifications/_satisfaction_public.html")
def satisfaction_public(language: str) -> dict[str, Any]:
    """Counts only, all of Mali: asked, yes, no."""
    return {
        "counts": selectors.satisfaction_counts(),
        "t": PUBLIC_TEXTS.get(language, PUBLIC_TEXTS["fr"]),
    }
