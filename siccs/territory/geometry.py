"""Boundaries as geometries: checking, repairing, comparing and joining them (shapely).

A boundary is stored as a GeoJSON Polygon or MultiPolygon in longitude/latitude.
`check` says what is wrong with one, per feature and in words a person can act on, and
repairs what can be repaired: an unclosed ring is closed, a self-intersecting shape goes
through `make_valid` (only when the person asked for repairs, since the result must be
looked at), and rings turning the wrong way are turned the way GeoJSON expects (RFC 7946:
outer rings counter-clockwise), which also makes re-importing the same files a no-op.
`overlap` compares two shapes, for the import plan's evidence of a split or a merger.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import shapely
from django.utils.translation import gettext as _
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import polylabel
from shapely.validation import explain_validity

POLYGONAL = {"Polygon", "MultiPolygon"}


@dataclass
class GeometryCheck:
    """What `check` found: the geometry to keep (None if unusable), errors that stop the
    import, and warnings about what was repaired."""

    geometry: dict | None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reoriented: bool = False


def _as_lists(value: Any) -> Any:
    """GeoJSON coordinates as nested lists (shapely's mapping gives tuples)."""
    if isinstance(value, list | tuple):
        return [_as_lists(v) for v in value]
    return value


def _point_error(point: Any) -> str | None:
    if (
        not isinstance(point, list | tuple)
        or len(point) < 2
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in point[:2])
        or not all(math.isfinite(c) for c in point[:2])
    ):
        return _("Invalid geometry: a point is not a pair of numbers.")
    if not (-180 <= point[0] <= 180 and -90 <= point[1] <= 90):
        return _("Invalid geometry: a point lies outside longitude/latitude bounds.")
    return None


def _structure_error(geometry: Any) -> str | None:
    """Why `geometry` cannot be read as polygons at all (nothing to repair), or None."""
    if not isinstance(geometry, dict) or geometry.get("type") not in POLYGONAL:
        return _("Invalid geometry: a boundary must be a Polygon or a MultiPolygon.")
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        return _("Invalid geometry: no coordinates.")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return _("Invalid geometry: no coordinates.")
        for ring in polygon:
            if not isinstance(ring, list):
                return _("Invalid geometry: no coordinates.")
            for point in ring:
                error = _point_error(point)
                if error:
                    return error
            distinct = {tuple(p[:2]) for p in ring}
            if len(distinct) < 3:
                return _("Invalid geometry: a ring needs at least four points.")
    return None


def _unclosed(geometry: dict) -> bool:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return any(list(r[0][:2]) != list(r[-1][:2]) for p in polygons for r in p)


def _closed(geometry: dict) -> dict:
    def close(ring: list) -> list:
        return ring if list(ring[0][:2]) == list(ring[-1][:2]) else [*ring, ring[0]]

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [close(r) for r in geometry["coordinates"]]}
    return {
        "type": "MultiPolygon",
        "coordinates": [[close(r) for r in p] for p in geometry["coordinates"]],
    }


def _where(reason: str) -> str:
    """`Self-intersection[-3.5 14.2]` → `-3.5 14.2`: where GEOS found the fault."""
    return reason[reason.find("[") + 1 : reason.rfind("]")] if "[" in reason else ""


def _polygonal(geom: Any) -> Polygon | MultiPolygon | None:
    """The polygons of what make_valid returned (it may add lines where a shape folds)."""
    if geom.geom_type in POLYGONAL:
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in POLYGONAL]
    if not parts:
        return None
    joined = shapely.union_all(parts)
    return joined if joined.geom_type in POLYGONAL else None


def _oriented(geom: Polygon | MultiPolygon) -> tuple[Polygon | MultiPolygon, bool]:
    """Outer rings counter-clockwise, holes clockwise; whether anything was turned."""
    if geom.geom_type == "Polygon":
        fixed = orient(geom, 1.0)
        return fixed, not fixed.equals_exact(geom, 0)
    parts = [orient(p, 1.0) for p in geom.geoms]
    turned = any(not a.equals_exact(b, 0) for a, b in zip(parts, geom.geoms, strict=True))
    return MultiPolygon(parts), turned


def check(geometry: Any, *, repair: bool = False) -> GeometryCheck:
    """Check one feature's geometry (see the module docstring). A missing geometry is
    allowed (a unit may have none)."""
    if geometry is None:
        return GeometryCheck(None)
    error = _structure_error(geometry)
    if error:
        return GeometryCheck(None, errors=[error])
    result = GeometryCheck(None)
    if _unclosed(geometry):
        if not repair:
            return GeometryCheck(None, errors=[_("Invalid geometry: a ring is not closed.")])
        geometry = _closed(geometry)
        result.warnings.append(_("Repaired: a ring that was not closed has been closed."))
    geom = shape(geometry)
    if not geom.is_valid:
        reason = explain_validity(geom)
        where = _where(reason)
        if "Self-intersection" in reason or "Ring Self-intersection" in reason:
            message = _("Invalid geometry: the boundary crosses itself near %(where)s.")
        else:
            message = _("Invalid geometry (%(reason)s) near %(where)s.")
        message = message % {"where": where or "?", "reason": reason.split("[")[0]}
        if not repair:
            return GeometryCheck(
                None,
                errors=[
                    message
                    + " "
                    + _("Tick “repair invalid geometries” to let the import repair it.")
                ],
            )
        repaired = _polygonal(shapely.make_valid(geom))
        if repaired is None or repaired.is_empty:
            return GeometryCheck(None, errors=[message])
        geom = repaired
        result.warnings.append(
            message + " " + _("Repaired with make_valid: look at the shape on the map.")
        )
    geom, result.reoriented = _oriented(geom)
    result.geometry = {
        "type": geom.geom_type,
        "coordinates": _as_lists(mapping(geom)["coordinates"]),
    }
    return result


def to_shape(geometry: dict | None) -> Polygon | MultiPolygon | None:
    """A shapely shape of a stored boundary, made valid; None if there is none."""
    if not geometry or geometry.get("type") not in POLYGONAL:
        return None
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, shapely.errors.GEOSException):
        return None
    if not geom.is_valid:
        geom = _polygonal(shapely.make_valid(geom))
    return geom if geom is not None and not geom.is_empty else None


@dataclass(frozen=True)
class Overlap:
    """How two shapes `a` and `b` cover each other: the share of each inside the other,
    and their intersection over their union (1 for the same shape)."""

    of_a: float
    of_b: float
    iou: float


def overlap(a: Any, b: Any) -> Overlap:
    if a is None or b is None or a.area == 0 or b.area == 0:
        return Overlap(0.0, 0.0, 0.0)
    common = a.intersection(b).area
    if common == 0:
        return Overlap(0.0, 0.0, 0.0)
    return Overlap(common / a.area, common / b.area, common / (a.area + b.area - common))


def joined(geometries: list[dict]) -> dict | None:
    """One GeoJSON geometry covering all of `geometries` (shared edges dissolved)."""
    shapes = [s for s in (to_shape(g) for g in geometries) if s is not None]
    if not shapes:
        return None
    geom = _polygonal(shapely.union_all(shapes)) if len(shapes) > 1 else shapes[0]
    if geom is None:
        return None
    return {"type": geom.geom_type, "coordinates": _as_lists(mapping(geom)["coordinates"])}


def label_point(geometry: dict | None) -> tuple[float, float] | None:
    """(lat, lon) of a point well inside the shape's largest part, where its name goes."""
    geom = to_shape(geometry)
    if geom is None:
        return None
    if geom.geom_type == "MultiPolygon":
        geom = max(geom.geoms, key=lambda p: p.area)
    point = polylabel(geom, tolerance=0.01) if geom.area > 0 else geom.centroid
    return round(point.y, 5), round(point.x, 5)
