"""Template helpers of the committees app."""

from __future__ import annotations

from django import template

from siccs.committees.selectors import CommitteeState

register = template.Library()


@register.filter
def state_label(state: str) -> str:
    """The translated label of a committee state: one list (`CommitteeState.LABELS`) for
    pages, exports and charts alike."""
    return str(CommitteeState.LABELS.get(state, state))
