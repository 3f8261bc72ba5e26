"""What other apps want done when a session is recorded (a scheduled session of the
notifications marked as held): they register a function when they start, so that
meetings, below them in the layer order, never imports them
(docs/development/layers.md), as siccs/citizens/replies.py does for SMS replies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SessionRecorded = Callable[..., None]

SESSION_RECORDED: dict[str, SessionRecorded] = {}


def on_session_recorded(name: str, handler: SessionRecorded) -> None:
    """`handler(session=..., user=...)` runs inside the transaction that records the
    session: an error in it refuses the whole record, so it must only keep its own
    rows in step."""
    SESSION_RECORDED[name] = handler


def session_recorded(*, session: Any, user: Any) -> None:
    for handler in SESSION_RECORDED.values():
        handler(session=session, user=user)
