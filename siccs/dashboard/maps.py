"""An SVG map of committees by state, drawn on the server from the imported boundaries.

No tile server: each administrative unit (region, cercle or commune) is drawn from its
GeoJSON `boundary`, projected with a simple equirectangular projection fitted to the
units shown (Mali's bounding box by default) and simplified to what the screen shows;
a unit without an imported boundary is a point at its centre. Each unit is a link to
its committees. `render_map` is reusable (the citizens' transparency page uses it with
its own counts and links).
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from siccs.committees.models import Committee
from siccs.committees.selectors import CommitteeState, with_state
from siccs.dashboard.charts import FONT, GRID, INK, NO_COMMITTEE, STATE_COLOURS, escape
from siccs.dashboard.selectors import committees_url
from siccs.territory.boundaries import boundaries_on
from siccs.territory.models import AdministrativeUnit, Level
from siccs.territory.selectors import ancestor_at_level_map

# lon_min, lat_min, lon_max, lat_max of Mali (COD-AB 2015 edition, rounded outwards).
MALI_BBOX = (-12.3, 10.1, 4.3, 25.1)
MAP_LEVELS = (Level.REGION, Level.CERCLE, Level.COMMUNE)


@dataclass
class Projector:
    """Equirectangular projection of lon/lat to SVG pixels, fitted to a bounding box."""

    bbox: tuple[float, float, float, float] = MALI_BBOX
    width: int = 600
    margin: int = 6

    def __post_init__(self) -> None:
        lon0, lat0, lon1, lat1 = self.bbox
        self.kx = math.cos(math.radians((lat0 + lat1) / 2))
        span_x = max((lon1 - lon0) * self.kx, 1e-6)
        self.scale = (self.width - 2 * self.margin) / span_x
        self.height = round((lat1 - lat0) * self.scale + 2 * self.margin)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        lon0, _lat0, _lon1, lat1 = self.bbox
        x = self.margin + (lon - lon0) * self.kx * self.scale
        y = self.margin + (lat1 - lat) * self.scale
        return round(x, 1), round(y, 1)


def _polygons(geometry: dict | None) -> list[list[list[list[float]]]]:
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["coordinates"]
    return []


def bbox_of(units: Iterable[dict[str, Any]]) -> tuple[float, float, float, float] | None:
    lons: list[float] = []
    lats: list[float] = []
    for unit in units:
        for polygon in _polygons(unit.get("boundary")):
            for lon, lat, *_rest in polygon[0]:
                lons.append(lon)
                lats.append(lat)
        if not unit.get("boundary") and unit.get("centre_lon") is not None:
            lons.append(unit["centre_lon"])
            lats.append(unit["centre_lat"])
    if not lons:
        return None
    pad = 0.1
    return (min(lons) - pad, min(lats) - pad, max(lons) + pad, max(lats) + pad)


Point = tuple[float, float]
Ring = list[Point]


def rings_of(geometry: dict | None, project: Projector, tolerance: float = 0.8) -> list[list[Ring]]:
    """The projected rings of each polygon of a (multi)polygon, simplified: points closer
    than `tolerance` pixels to the previous kept point are dropped, as are rings that
    shrink to nothing. The SVG path and the PNG of the report's DOCX are drawn from it."""
    polygons: list[list[Ring]] = []
    for polygon in _polygons(geometry):
        rings: list[Ring] = []
        for ring in polygon:
            kept: Ring = []
            for lon, lat, *_rest in ring:
                point = project(lon, lat)
                if kept and abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) < tolerance:
                    continue
                kept.append(point)
            if len(kept) >= 3:
                rings.append(kept)
        if rings:
            polygons.append(rings)
    return polygons


def _path_data(polygons: list[list[Ring]]) -> str:
    return "".join(
        "M" + "L".join(f"{x:g} {y:g}" for x, y in ring) + "Z"
        for rings in polygons
        for ring in rings
    )


def path_of(geometry: dict | None, project: Projector, tolerance: float = 0.8) -> str:
    """SVG path data of a (multi)polygon, simplified as `rings_of` says."""
    return _path_data(rings_of(geometry, project, tolerance))


def leading_state(counts: dict[str, int]) -> str | None:
    """The state most committees of a unit are in; ties go to the most advanced state."""
    best, best_n = None, 0
    for state in CommitteeState.ORDER:
        n = counts.get(state, 0)
        if n and n >= best_n:
            best, best_n = state, n
    return best


def legend() -> list[dict[str, str]]:
    items = [
        {"state": s, "label": str(CommitteeState.LABELS[s]), "colour": STATE_COLOURS[s]}
        for s in CommitteeState.ORDER
    ]
    items.append({"state": "", "label": _("no committee"), "colour": NO_COMMITTEE})
    return items


def describe(counts: dict[str, int]) -> str:
    parts = [
        f"{CommitteeState.LABELS[s]} {counts[s]}" for s in CommitteeState.ORDER if counts.get(s)
    ]
    return ", ".join(parts) or _("no committee")


def fill_missing_centres(units: list[dict[str, Any]]) -> None:
    """Give a unit with neither boundary nor centre (a region created after the imported
    boundary edition) the mean centre of the units inside it, so it still shows as a point.
    One query, only when such a unit is shown. Each unit read is matched to the missing
    units above it by its path's prefix at their depths (a dictionary look-up), not by
    comparing it with every missing unit: 20 regions times a thousand units otherwise."""
    missing = {
        u["path"]: u
        for u in units
        if not u.get("boundary") and u.get("centre_lon") is None and u.get("path")
    }
    if not missing:
        return
    query = Q()
    for path in missing:
        query |= Q(path__startswith=path)
    # A missing unit has no centre, so the centre filter already leaves the missing out.
    inside = (
        AdministrativeUnit.objects.filter(query, centre_lat__isnull=False, centre_lon__isnull=False)
        .order_by()
        .values_list("path", "centre_lat", "centre_lon")
    )
    # "/1/6/" splits into ["", "1", "6", ""]: a region's path is the first 3 parts of
    # the path of every unit inside it, joined again.
    depths = {path.count("/") for path in missing}
    lats: dict[str, list[float]] = defaultdict(list)
    lons: dict[str, list[float]] = defaultdict(list)
    for path, lat, lon in inside:
        parts = path.split("/")
        for depth in depths:
            prefix = "/".join(parts[:depth]) + "/"
            if prefix in missing:
                lats[prefix].append(lat)
                lons[prefix].append(lon)
    # math.fsum: the mean does not depend on the order the database returns the rows in.
    for path, unit_lats in lats.items():
        unit = missing[path]
        unit["centre_lat"] = math.fsum(unit_lats) / len(unit_lats)
        unit["centre_lon"] = math.fsum(lons[path]) / len(unit_lats)


@dataclass
class MapUnit:
    """One unit as drawn: its polygons (empty for a point) or its centre, in pixels, its
    name, and optionally a short text written on it (`note`: an area's goes under its name
    label, a point's at `note_at`)."""

    label: str
    colour: str
    url: str
    polygons: list[list[Ring]]
    centre: Point | None = None
    name: str = ""
    note: str = ""
    note_at: Point | None = None


@dataclass
class MapLabel:
    """A unit's name, centred on (x, y) (the text's middle and baseline), `size` high,
    with its note (a coverage share) on the line under it."""

    x: float
    y: float
    text: str
    size: float
    note: str = ""

    @property
    def note_y(self) -> float:
        return round(self.y + self.size + 2, 1)


@dataclass
class MapLegendItem:
    x: float
    y: float
    label: str
    colour: str


@dataclass
class MapDrawing:
    """Everything a map shows, projected to pixels of a `width` wide picture: the SVG of
    the pages and the PNG of the report's DOCX both draw from it, so they cannot differ."""

    width: int
    height: int
    map_height: int
    # The lon/lat box drawn (west, south, east, north) and where it lies (x, y, w, h).
    bbox: tuple[float, float, float, float]
    frame: tuple[float, float, float, float]
    outlines: list[list[list[Ring]]]
    areas: list[MapUnit]
    points: list[MapUnit]
    legend: list[MapLegendItem]
    labels: list[MapLabel] = field(default_factory=list)
    # Units with neither boundary nor centre, named under the legend (never left out
    # silently): the lines saying so, and where the first goes.
    unplaced: list[str] = field(default_factory=list)
    unplaced_y: float = 0.0

    @property
    def unplaced_lines(self) -> list[str]:
        if not self.unplaced:
            return []
        return textwrap.wrap(unplaced_text(self.unplaced), max(int((self.width - 12) / 6.2), 20))


LABEL_CHAR = 0.56  # width of a character of the labels' sans-serif font, in font sizes


def _label_box(
    x: float, y: float, text: str, size: float, lines: int = 1
) -> tuple[float, float, float, float]:
    half = LABEL_CHAR * size * len(text) / 2
    return (x - half, y - size * 0.8, x + half, y + size * 0.25 + (lines - 1) * (size + 2))


def place_labels(areas: list[MapUnit], width: float, height: float) -> list[MapLabel]:
    """Each area's name at the point of its largest polygon farthest from its edges (a
    pole of inaccessibility), biggest areas first; a name that would cover one already
    placed is moved up or down a line or two, and kept inside the picture."""
    from shapely import Polygon
    from shapely.ops import polylabel

    size = 9 if width < 500 else 10
    candidates = []
    for unit in areas:
        rings = max(unit.polygons, key=lambda rs: Polygon(rs[0]).area if len(rs[0]) > 2 else 0)
        shape = Polygon(rings[0], rings[1:]).buffer(0)
        if shape.is_empty:
            continue
        if shape.geom_type == "MultiPolygon":
            shape = max(shape.geoms, key=lambda g: g.area)
        point = polylabel(shape, tolerance=1.0)
        candidates.append((shape.area, point.x, point.y + size * 0.35, unit.name, unit.note))
    placed: list[tuple[float, float, float, float]] = []
    labels = []
    for _area, x, y, text, note in sorted(candidates, key=lambda c: -c[0]):
        lines = 2 if note else 1
        half = LABEL_CHAR * size * max(len(text), len(note)) / 2
        x = min(max(x, half + 2), width - half - 2)
        wide = text if len(text) >= len(note) else note
        for shift in (0, 1, -1, 2, -2):
            y_try = min(max(y + shift * (size + 1), size + 1), height - 2 - (lines - 1) * size)
            box = _label_box(x, y_try, wide, size, lines)
            if not any(
                box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed
            ):
                y = y_try
                break
        placed.append(_label_box(x, y, wide, size, lines))
        labels.append(MapLabel(round(x, 1), round(y, 1), text, size, note))
    return labels


def map_drawing(
    units: list[dict[str, Any]],
    counts: dict[int, dict[str, int]],
    url_for: Callable[[dict[str, Any]], str],
    *,
    width: int = 600,
    legend_inside: bool = True,
    background: Sequence[dict[str, Any]] = (),
    colour_for: Callable[[dict[str, Any]], str] | None = None,
    note_for: Callable[[dict[str, Any]], str] | None = None,
    label_for: Callable[[dict[str, Any]], str] | None = None,
    legend_items: Sequence[dict[str, str]] | None = None,
) -> MapDrawing:
    """Units projected and coloured by their leading state (or by `colour_for`, with
    `note_for` written on each and `label_for` as its title), the wider areas' outlines
    behind them, and the legend's entries (`legend_items`, else the states) placed in
    rows under the map."""
    fill_missing_centres(units)
    project = Projector(bbox_of([*units, *background]) or MALI_BBOX, width)
    # Outlines of the wider areas (regions under a map of communes), for orientation only.
    outlines = [
        polygons
        for polygons in (rings_of(unit.get("boundary"), project) for unit in background)
        if polygons
    ]
    items = list(legend_items if legend_items is not None else legend()) if legend_inside else []
    rows: list[list[dict[str, str]]] = [[]]
    used = 0.0
    for item in items:
        need = 26 + 6.2 * len(item["label"])
        if rows[-1] and used + need > width - 12:
            rows.append([])
            used = 0.0
        rows[-1].append(item)
        used += need
    legend_h = 4 + 18 * len(rows) if items else 0
    areas: list[MapUnit] = []
    points: list[MapUnit] = []
    unplaced: list[str] = []
    for unit in units:
        unit_counts = counts.get(unit["pk"], {})
        if colour_for is not None:
            colour = colour_for(unit)
        else:
            state = leading_state(unit_counts)
            colour = STATE_COLOURS[state] if state else NO_COMMITTEE
        if label_for is not None:
            label = label_for(unit)
        else:
            label = f"{unit['name']}: {describe(unit_counts)}"
        note = note_for(unit) if note_for is not None else ""
        polygons = rings_of(unit.get("boundary"), project)
        if polygons:
            areas.append(
                MapUnit(label, colour, url_for(unit), polygons, name=unit["name"], note=note)
            )
        elif unit.get("centre_lon") is not None:
            centre = project(unit["centre_lon"], unit["centre_lat"])
            at = (centre[0], round(centre[1] - 12, 1)) if note else None
            points.append(MapUnit(label, colour, url_for(unit), [], centre, "", note, at))
        else:
            unplaced.append(unit["name"])
    labels = place_labels(areas, project.width, project.height)
    placed_items = []
    for line, row in enumerate(rows):
        x, y = 6.0, project.height + 6 + 18 * line
        for item in row:
            placed_items.append(MapLegendItem(x, y, item["label"], item["colour"]))
            x += 26 + 6.2 * len(item["label"])
    unplaced_y = project.height + legend_h + 14
    if unplaced:
        lines = textwrap.wrap(unplaced_text(unplaced), max(int((width - 12) / 6.2), 20))
        legend_h += 6 + 16 * len(lines)
    west, south, east, north = project.bbox
    (x0, y0), (x1, y1) = project(west, north), project(east, south)
    return MapDrawing(
        width=width,
        height=project.height + legend_h,
        map_height=project.height,
        bbox=project.bbox,
        frame=(x0, y0, round(x1 - x0, 1), round(y1 - y0, 1)),
        outlines=outlines,
        areas=areas,
        points=points,
        legend=placed_items,
        labels=labels,
        unplaced=unplaced,
        unplaced_y=unplaced_y,
    )


def render_map(
    units: list[dict[str, Any]],
    counts: dict[int, dict[str, int]],
    url_for: Callable[[dict[str, Any]], str],
    *,
    title: str,
    desc: str,
    width: int = 600,
    legend_inside: bool = True,
    background: Sequence[dict[str, Any]] = (),
    wms: str = "",
    **colouring: Any,
) -> SafeString:
    """The SVG: one `<a>` per unit around its shape (or a point at its centre), filled
    with the colour of its leading state (or as `colouring` says, see `map_drawing`), and
    a legend drawn inside (for print) unless the page shows its own; with `wms`, that
    service's picture of the same box under it."""
    drawing = map_drawing(
        units,
        counts,
        url_for,
        width=width,
        legend_inside=legend_inside,
        background=background,
        **colouring,
    )
    tiles = wms_image(wms, drawing) if wms else ""
    outlines = "".join(
        f'<path d="{_path_data(polygons)}" fill="#f5f7fa" stroke="{GRID}" stroke-width="0.8"/>'
        for polygons in drawing.outlines
    )

    def linked(unit: MapUnit, shape: str) -> str:
        if not unit.url:
            return shape
        return (
            f'<a href="{escape(unit.url)}" class="map-unit" aria-label="{escape(unit.label)}">'
            f"{shape}</a>"
        )

    shapes = [
        linked(
            unit,
            f'<path d="{_path_data(unit.polygons)}" fill="{unit.colour}" stroke="#ffffff" '
            f'stroke-width="0.8"><title>{escape(unit.label)}</title></path>',
        )
        for unit in drawing.areas
    ]
    points = [
        linked(
            unit,
            f'<circle cx="{unit.centre[0]}" cy="{unit.centre[1]}" r="6" fill="{unit.colour}" '
            f'stroke="{INK}" stroke-width="0.8"><title>{escape(unit.label)}</title></circle>',
        )
        for unit in drawing.points
        if unit.centre is not None
    ]
    legend_parts = [
        f'<rect x="{item.x:.0f}" y="{item.y}" width="10" height="10" '
        f'fill="{item.colour}" stroke="{INK}" stroke-width="0.3"/>'
        f'<text x="{item.x + 14:.0f}" y="{item.y + 9}" font-size="11" {FONT} '
        f'fill="{INK}">{escape(item.label)}</text>'
        for item in drawing.legend
    ]
    # Each name twice: a white halo under the ink, so it reads on any colour. Two texts
    # rather than paint-order, which WeasyPrint (the PDF) does not know.
    texts = [
        f'<text x="{label.x:g}" y="{label.y:g}" text-anchor="middle" '
        f'font-size="{label.size:g}">{escape(label.text)}</text>'
        + (
            f'<text x="{label.x:g}" y="{label.note_y:g}" text-anchor="middle" '
            f'font-size="{label.size:g}" font-weight="bold">{escape(label.note)}</text>'
            if label.note
            else ""
        )
        for label in drawing.labels
    ]
    # A point's note (a region known only by its centre) above it, with the same halo.
    notes = [
        f'<text x="{unit.note_at[0]}" y="{unit.note_at[1] + 4}" text-anchor="middle" '
        f'font-size="11" font-weight="bold" {FONT} fill="#ffffff" stroke="#ffffff" '
        f'stroke-width="3">{escape(unit.note)}</text>'
        f'<text x="{unit.note_at[0]}" y="{unit.note_at[1] + 4}" text-anchor="middle" '
        f'font-size="11" font-weight="bold" {FONT} fill="{INK}">{escape(unit.note)}</text>'
        for unit in drawing.points
        if unit.note and unit.note_at is not None
    ]
    for i, line in enumerate(drawing.unplaced_lines):
        legend_parts.append(
            f'<text x="6" y="{drawing.unplaced_y + 16 * i}" font-size="11" {FONT} '
            f'fill="{INK}">{escape(line)}</text>'
        )
    names = (
        f'<g fill="#ffffff" stroke="#ffffff" stroke-width="2.5" stroke-linejoin="round" {FONT}>'
        f'{"".join(texts)}</g><g class="map-names" fill="{INK}" {FONT}>{"".join(texts)}</g>'
    )
    height = drawing.height
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="map-t map-d">'
        f'<title id="map-t">{escape(title)}</title><desc id="map-d">{escape(desc)}</desc>'
        f'<g aria-hidden="true">{tiles}{outlines}</g>'
        f"<g>{''.join(shapes)}</g><g>{''.join(points)}</g>"
        f'<g class="map-labels" aria-hidden="true">{names}{"".join(notes)}</g>'
        f'<g class="legend">{"".join(legend_parts)}</g></svg>'
    )
    return mark_safe(svg)


def unplaced_text(names: Sequence[str]) -> str:
    return _("Not on the map (no boundary or centre): %(names)s") % {"names": ", ".join(names)}


def wms_image(wms: str, drawing: MapDrawing) -> str:
    """The optional online background: a WMS GetMap of exactly the box drawn, in plate
    carrée, stretched over the map's frame (the projection scales longitude and latitude
    each by a constant, so the picture's pixels fall on the right places)."""
    x, y, w, h = drawing.frame
    url = (
        wms.replace("{bbox}", ",".join(f"{v:.5f}" for v in drawing.bbox))
        .replace("{width}", str(round(w)))
        .replace("{height}", str(round(h)))
    )
    return (
        f'<image href="{escape(url)}" x="{x}" y="{y}" width="{w}" height="{h}" '
        'preserveAspectRatio="none" opacity="0.7"/>'
    )


def _state_by_unit(
    committees: Any, on: dt.date, mapping: dict[int, int | None]
) -> dict[int, dict[str, int]]:
    """Committees by state, grouped by the unit (at the map's level) they lay in on `on`."""
    from siccs.dashboard.selectors import Scope

    scope = Scope(user=None, on=on, region_of=mapping)
    rows = (
        with_state(committees, on)
        .order_by()
        .values("state", unit_at=scope.region_expression())
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        if row["unit_at"] is not None:
            counts[row["unit_at"]][row["state"]] = row["n"]
    return counts


def _outlines(on: dt.date, level: int, in_region: set[int] | None) -> list[dict[str, Any]]:
    """The regions' imported boundaries behind a map of cercles or communes (one query)."""
    if level == Level.REGION:
        return []
    regions = AdministrativeUnit.objects.in_force(on).filter(
        level=Level.REGION, boundary__isnull=False
    )
    if in_region is not None:
        regions = regions.filter(pk__in=in_region)
    outlines = list(regions.values("pk", "boundary"))
    boundaries_on(outlines, on)  # what each region covered then
    return outlines


def committee_map(
    *,
    user: Any,
    on: dt.date,
    level: int = Level.REGION,
    region: AdministrativeUnit | None = None,
    width: int = 600,
    online_background: bool = False,
) -> dict[str, Any]:
    """The map page's data: the SVG, its legend and the same figures as a table. With
    `online_background`, the configured WMS (settings.MAP_BACKGROUND_WMS) lies under it."""
    mapping = ancestor_at_level_map(on, level)
    committees = Committee.objects.visible_to(user)
    in_region: set[int] | None = None
    if region is not None:
        region_of = ancestor_at_level_map(on, Level.REGION)
        in_region = {pk for pk, r in region_of.items() if r == region.pk}
        committees = committees.filter(unit_id__in=in_region)
    counts = _state_by_unit(committees, on, mapping)
    # Units in scope, plus the units holding the user's committees (a commune's
    # secretary sees the outline of the region of their commune).
    units_qs = AdministrativeUnit.objects.in_force(on).filter(
        Q(pk__in=AdministrativeUnit.objects.visible_to(user).values("pk")) | Q(pk__in=list(counts)),
        level=level,
    )
    if in_region is not None:
        units_qs = units_qs.filter(pk__in=in_region)
    units = list(
        units_qs.order_by("name").values(
            "pk", "name", "level", "path", "boundary", "centre_lat", "centre_lon"
        )
    )
    if level == Level.REGION:
        boundaries_on(units, on)  # a region's shape then: with what was carved out later
    # One committee in a commune: its page; otherwise the list of the committees inside.
    single = {}
    if level == Level.COMMUNE:
        single = dict(
            Committee.objects.visible_to(user)
            .filter(unit_id__in=[u["pk"] for u in units])
            .values_list("unit_id", "pk")
        )

    def url_for(unit: dict[str, Any]) -> str:
        if unit["pk"] in single:
            return reverse("committees:committee_detail", args=[single[unit["pk"]]])
        if level == Level.REGION:
            return committees_url(on, region=unit["pk"])
        return committees_url(on, unit=unit["pk"])

    level_name = dict(Level.choices)[level]
    title = _("Committees by state on %(date)s, by %(level)s") % {
        "date": on.strftime("%d/%m/%Y"),
        "level": level_name,
    }
    rows = [
        {
            "unit": u,
            "counts": [counts.get(u["pk"], {}).get(s, 0) for s in CommitteeState.ORDER],
            # With their states' names: on a phone each row is a card naming its figures.
            "cells": [
                (CommitteeState.LABELS[s], counts.get(u["pk"], {}).get(s, 0))
                for s in CommitteeState.ORDER
            ],
            "total": sum(counts.get(u["pk"], {}).values()),
            "url": url_for(u),
            "has_boundary": bool(u["boundary"]),
        }
        for u in units
    ]
    svg = render_map(
        units,
        counts,
        url_for,
        title=title,
        desc=_("Each area is coloured by the state most of its committees are in."),
        width=width,
        legend_inside=False,
        background=_outlines(on, level, in_region),
        wms=settings.MAP_BACKGROUND_WMS if online_background else "",
    )
    return {
        "svg": svg,
        "title": title,
        "legend": legend(),
        "rows": rows,
        "states": [CommitteeState.LABELS[s] for s in CommitteeState.ORDER],
        "missing_boundaries": sum(1 for r in rows if not r["has_boundary"]),
    }


# Coverage (installed committees against the target of the date), light to dark: none
# installed, then from each lower bound (a share) up to the next.
COVERAGE_NONE = "#f3e8d2"
COVERAGE_STEPS: list[tuple[float, str]] = [
    (0.0, "#c6dbef"),
    (0.25, "#6baed6"),
    (0.5, "#2f78b7"),
    (0.75, "#0b4a8b"),
]


def coverage_colour(share: float | None) -> str:
    """The colour of a coverage share (None: no target in scope)."""
    if share is None:
        return NO_COMMITTEE
    if share <= 0:
        return COVERAGE_NONE
    return [colour for floor, colour in COVERAGE_STEPS if share >= floor][-1]


def coverage_legend() -> list[dict[str, str]]:
    """The legend of the coverage colours: "0 %", "1–24 %", …, "75–100 %", no target."""
    items = [{"state": "", "label": "0\u202f%", "colour": COVERAGE_NONE}]
    bounds = [round(floor * 100) for floor, _colour in COVERAGE_STEPS] + [101]
    for i, (_floor, colour) in enumerate(COVERAGE_STEPS):
        low, high = max(bounds[i], 1), bounds[i + 1] - 1
        items.append({"state": "", "label": f"{low}–{high}\u202f%", "colour": colour})
    items.append({"state": "", "label": str(_("no target")), "colour": NO_COMMITTEE})
    return items


def region_map_data(figures: dict[str, Any]) -> dict[str, Any]:
    """What the small map of the dashboard and the report shows, from figures already
    computed (no query): every region of the scope's region table (`by_region`, zeros
    included) with its shape of the date, coloured by its coverage (installed committees
    against its target of the date) with the share written under its name. The arguments
    of `render_map` (and of the DOCX's PNG) but the width."""
    on = figures["on"]
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in figures["rows"]:
        if row["region_id"] is not None:
            counts[row["region_id"]][row["state"]] += row["n"]
    coverage = {r["id"]: r for r in figures["by_region"] if r["id"] is not None}
    shown = [
        dict(r)  # a copy: the shape of the date must not change the figures' rows
        for r in figures["regions"]
        if r["pk"] in coverage
    ]
    # Each region with what was carved out of it after the date (Mopti whole in 2015).
    boundaries_on(shown, on, others=figures["regions"])

    def share_of(unit: dict[str, Any]) -> float | None:
        return coverage[unit["pk"]]["share"]

    def note(unit: dict[str, Any]) -> str:
        share = share_of(unit)
        return "" if share is None else f"{round(share * 100)}\u202f%"

    def label(unit: dict[str, Any]) -> str:
        row = coverage[unit["pk"]]
        return _("%(region)s: %(installed)s installed of %(target)s (%(share)s)") % {
            "region": unit["name"],
            "installed": row["installed"],
            "target": row["target"],
            "share": note(unit) or "–",
        }

    return {
        "units": shown,
        "counts": counts,
        "url_for": lambda u: committees_url(on, region=u["pk"]),
        "title": _("Coverage by region on %(date)s") % {"date": on.strftime("%d/%m/%Y")},
        "desc": _(
            "Each region is coloured by the share of its target of committees installed "
            "on the date, written on it."
        ),
        "colour_for": lambda u: coverage_colour(share_of(u)),
        "note_for": note,
        "label_for": label,
        "legend_items": coverage_legend(),
    }


def region_map(figures: dict[str, Any], width: int = 420) -> SafeString:
    """The small map of the dashboard and the report (see `region_map_data`)."""
    return render_map(**region_map_data(figures), width=width)
