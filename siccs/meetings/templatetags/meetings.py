"""`{% meetings_panel committee %}`: the meetings panel of a committee page."""

from __future__ import annotations

from typing import Any

from django import template

from siccs.meetings.selectors import committee_panel

register = template.Library()


@register.inclusion_tag("meetings/_committee_panel.html", takes_context=True)
def meetings_panel(context: dict[str, Any], committee: Any) -> dict[str, Any]:
    """Last sessions, functional flag, open concerns and pending recommendations,
    scoped to the user of the request."""
    user = context["request"].user
    return {"panel": committee_panel(user=user, committee=committee), "request": context["request"]}
