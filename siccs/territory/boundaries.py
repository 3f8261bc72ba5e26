"""Region shapes: the simplified COD-AB 2015 boundaries shipped with SI-CCS, and the
territory a region covered on a date.

`load_shipped_boundaries` gives the regions their shipped shape where they have none (an
import of official files replaces them). `boundaries_on` answers "what did each region
cover on that date?": its own shape joined with those of the regions carved out of it
later (`predecessor`), so a map of 2015 shows Mopti whole, Bandiagara and Douentza
included, where today's map shows three regions.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from siccs.territory import geometry as geo
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.names import name_key

SHIPPED = Path(__file__).resolve().parent / "data" / "boundaries" / "regions.geojson"


def load_shipped_boundaries(*, overwrite: bool = False) -> int:
    """Give each region of the tree the shape of the same name in `SHIPPED` (and a centre
    well inside it, where its label goes), unless it has one already. Returns how many
    regions got a shape."""
    features = json.loads(SHIPPED.read_text(encoding="utf-8"))["features"]
    shapes = {name_key(f["properties"]["name"]): f["geometry"] for f in features}
    changed = []
    for region in AdministrativeUnit.objects.filter(level=Level.REGION, valid_to__isnull=True):
        geometry = shapes.get(region.name_key) or next(
            (shapes[k] for k in region.alias_keys() if k in shapes), None
        )
        if geometry is None or (region.boundary and not overwrite):
            continue
        region.boundary = geometry
        region.centre_lat, region.centre_lon = geo.label_point(geometry) or (None, None)
        changed.append(region)
    AdministrativeUnit.objects.bulk_update(changed, ["boundary", "centre_lat", "centre_lon"])
    return len(changed)


def boundaries_on(
    units: list[dict[str, Any]], on: dt.date, others: list[dict[str, Any]] | None = None
) -> None:
    """Set each unit's "boundary" to the territory it covered on `on`: its own shape
    joined with those of the units carved out of it that did not exist yet then.

    `units` are rows with "pk" and "boundary"; `others` are rows with "pk", "boundary",
    "valid_from" and "predecessor_id" among which to look for such units (read in one
    query when not given). A unit without a shape of its own is left as it is."""
    if others is None:
        others = list(
            AdministrativeUnit.objects.filter(valid_from__gt=on, predecessor__isnull=False)
            .order_by()
            .values("pk", "boundary", "valid_from", "predecessor_id")
        )
    later = {
        row["pk"]: row
        for row in others
        if row.get("predecessor_id") and row.get("valid_from") and row["valid_from"] > on
    }
    if not later:
        return
    carved: dict[int, list[dict]] = defaultdict(list)
    for row in later.values():
        holder, guard = row["predecessor_id"], 0
        while holder in later and guard < 12:  # carved out of a unit not yet there either
            holder, guard = later[holder]["predecessor_id"], guard + 1
        if row.get("boundary"):
            carved[holder].append(row["boundary"])
    for unit in units:
        parts = carved.get(unit["pk"])
        if parts and unit.get("boundary"):
            unit["boundary"] = geo.joined([unit["boundary"], *parts]) or unit["boundary"]
