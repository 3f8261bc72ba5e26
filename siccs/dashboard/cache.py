"""The dashboard's figures kept between requests while the database has not changed.

Every figure is a fixed number of queries, but each rescans its rows: at ten times the
data the page costs about ten times more. A workshop asks the same page over and over,
so the figures of one user, date, region and language are kept in this process and reused
as long as nothing was written to the database since they were computed.

"Nothing was written" is read from the database itself, so that every write counts,
through the services, a bulk loader, a migration or another process, and none is
forgotten:
- PostgreSQL: the current snapshot (`pg_current_snapshot()`: the transactions in progress
  and the next transaction id); any transaction that writes takes an id, so the snapshot
  differs as soon as it starts and again once it commits.
- SQLite: `PRAGMA data_version`, which changes when another connection commits, with the
  rows this connection changed (`total_changes`), both read on this very connection.
Inside a transaction (a write in progress on this connection, the tests' own transaction)
nothing is kept or reused: this connection's uncommitted rows would not change the key.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils.translation import get_language

SIZE = 64  # figures kept per process (a user, a date, a region, a language each)

_lock = threading.Lock()
_kept: OrderedDict[tuple, dict[str, Any]] = OrderedDict()


def database_state() -> tuple | None:
    """What changes whenever anything is written to the database; None when it cannot be
    told (inside a transaction, or another database)."""
    if connection.in_atomic_block:
        return None
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_current_snapshot()::text")
            return ("pg", connection.settings_dict["NAME"], cursor.fetchone()[0])
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA data_version")
            raw = connection.connection
            return ("sqlite", id(raw), cursor.fetchone()[0], raw.total_changes)
    return None


def kept_figures(
    compute: Callable[[], dict[str, Any]], *, user: Any, on: dt.date, region: Any = None
) -> dict[str, Any]:
    """`compute()`'s figures, reused while the database stands as it did when they were
    computed (see the module's docstring); one query to tell."""
    state = database_state()
    if state is None:
        return compute()
    key = (state, user.pk, on, getattr(region, "pk", None), get_language())
    with _lock:
        figures = _kept.get(key)
        if figures is not None:
            _kept.move_to_end(key)
            return figures
    figures = compute()
    # Kept only if nothing was written meanwhile: else they might mix both states.
    if database_state() == state:
        with _lock:
            _kept[key] = figures
            while len(_kept) > SIZE:
                _kept.popitem(last=False)
    return figures


def forget() -> None:
    """Drop every figure kept (the benchmark measures the page computing them)."""
    with _lock:
        _kept.clear()
