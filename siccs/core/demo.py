"""Shared helpers for the per-app demo loaders (`siccs/<app>/demo.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEMO_PASSWORD = "ccs-demo-2021"

# (username, what the person does); created by siccs/accounts/demo.py.
DEMO_USERS = [
    ("admin", "administrateur national (C-RSS)"),
    ("analyste", "analyste national (lecture seule)"),
    ("pf.mopti", "point focal régional de Mopti"),
    ("pf.gao", "point focal régional de Gao"),
    ("sec.bandiagara", "secrétaire du CCS communal de Bandiagara"),
    ("ptf.pnud", "partenaire PNUD (lecture)"),
]


@dataclass
class DemoContext:
    """Passed from loader to loader so later apps can reuse what earlier ones made."""

    stdout: Any = None
    objects: dict[str, Any] = field(default_factory=dict)
