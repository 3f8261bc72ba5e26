"""Template helpers of the partner pages."""

from __future__ import annotations

from django import template

from siccs.accounts.scoping import partner_ids_of

register = template.Library()


@register.simple_tag(takes_context=True)
def partner_viewer(context: dict) -> bool:
    """Whether the user reads the partner pages for a partner (a PTF's viewer)."""
    request = context.get("request")
    return bool(request and partner_ids_of(request.user))
