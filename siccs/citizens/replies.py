"""Replies to questions the platform asked by SMS (a convocation, "did the answer help?",
STOP): the webhook hands every incoming SMS to the handlers registered here before reading
it as a citizen report.

Apps above citizens (notifications) register their handler when they start, so the
public channel does not import them (docs/development/layers.md).
"""

from __future__ import annotations

from collections.abc import Callable

Handler = Callable[..., str | None]

HANDLERS: dict[str, Handler] = {}


def register(name: str, handler: Handler) -> None:
    """`handler(sender=..., text=...)` returns what it recorded, or None when the SMS is
    not a reply it knows."""
    HANDLERS[name] = handler


def reply_receive(*, sender: str, text: str) -> str | None:
    """What a registered handler recorded for this SMS, or None: then it is a report."""
    for handler in HANDLERS.values():
        recorded = handler(sender=sender, text=text)
        if recorded:
            return recorded
    return None
