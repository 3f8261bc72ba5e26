"""Template tags other apps' pages include, so their templates change by one line only."""

from __future__ import annotations

from typing import Any

from django import template

from siccs.core import dates
from siccs.notifications import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def committee_schedule(context: dict, committee: Any) -> Any:
    """The committee's scheduled sessions (recent and coming), as the viewer may see them."""
    return selectors.committee_schedule(
        user=context["request"].user, committee=committee, today=dates.today()
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


@register.inclusion_tag("notifications/_board_escalations.html", takes_context=True)
def board_escalations(context: dict) -> dict[str, Any]:
    return {"escalations": selectors.escalations_on_board(user=context["request"].user)}


@register.inclusion_tag("notifications/_escalation_panel.html", takes_context=True)
def escalation_panel(context: dict, item: Any, kind: str) -> dict[str, Any]:
    """The escalation history of a recommendation or concern, and the button to escalate
    it when the viewer may change the committee that holds it now."""
    from siccs.accounts.scoping import Action, can
    from siccs.notifications.escalation import holder

    user = context["request"].user
    origin = item.session.committee if kind == "recommendation" else item.committee
    current, national = holder(item, origin)
    return {
        "history": selectors.escalation_history(user=user, item=item),
        "can_escalate": not national and can(user, Action.CHANGE, current),
        "action": f"/notifications/{kind}s/{item.pk}/escalate/",
        "csrf_token": context.get("csrf_token"),
    }


TRACK_TEXTS = {
    "fr": {"question": "Cette réponse vous a-t-elle aidé ?", "yes": "1 OUI", "no": "2 NON"},
    "bm": {"question": "Jaabi in y'i dɛmɛ wa?", "yes": "1 AWO", "no": "2 AYI"},
}


@register.inclusion_tag("notifications/_track_satisfaction.html", takes_context=True)
def track_satisfaction(context: dict, code: str, language: str) -> dict[str, Any]:
    """The satisfaction question on the tracking page of a report asked there, until
    answered (the tracking code is what the citizen holds; nothing else is shown)."""
    from siccs.notifications.models import Channel, SatisfactionQuestion

    waiting = (
        bool(code)
        and SatisfactionQuestion.objects.filter(
            report__tracking_code=code, channel=Channel.PAGE, answer=""
        ).exists()
    )
    return {
        "waiting": waiting,
        "code": code,
        "lang": language,
        "t": TRACK_TEXTS.get(language, TRACK_TEXTS["fr"]),
        "csrf_token": context.get("csrf_token"),
    }
