"""The transparency page's map of the regions, drawn by the app that registered a drawer.

The drawing (the regions' boundaries coloured by committee state, as on the dashboard)
belongs to the dashboard, an app above citizens: it registers its drawer when it starts
(`DashboardConfig.ready`), so that the public page does not import it
(docs/development/layers.md). Without a drawer the page shows its table alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# drawer(units, counts, url_for, *, title, desc, width) -> SVG markup (a SafeString).
Drawer = Callable[..., str]

DRAWERS: list[Drawer] = []


def register(drawer: Drawer) -> None:
    """Make `drawer` the one the page uses (the last registered wins: one map per page)."""
    DRAWERS.append(drawer)


def draw(regions: list[dict[str, Any]], *, title: str, desc: str, width: int = 420) -> str:
    """The SVG map of `regions` (rows with `region` and `states`), each linking to its row
    of the page's table, or "" when no drawer is registered."""
    if not DRAWERS:
        return ""
    units = [
        {
            "pk": r["region"].pk,
            "name": r["region"].name,
            "boundary": r["region"].boundary,
            "centre_lat": r["region"].centre_lat,
            "centre_lon": r["region"].centre_lon,
        }
        for r in regions
    ]
    return DRAWERS[-1](
        units,
        {r["region"].pk: r["states"] for r in regions},
        lambda unit: f"#region-{unit['pk']}",
        title=title,
        desc=desc,
        width=width,
    )
