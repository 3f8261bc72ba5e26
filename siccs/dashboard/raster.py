"""The report's charts and map as PNG pictures, for the DOCX (Word does not take SVG).

Each picture is drawn with Pillow from the same arguments as its SVG (`presentation.
chart_specs`, `maps.region_map_data` and `maps.map_drawing`: same numbers, labels, colours
and projection) and with the same layout, in SVG units scaled up to a picture `WIDTH`
pixels wide. Shapes are drawn at twice that size and scaled down (Pillow does not smooth
edges), then reduced to a small palette so that each PNG stays a few tens of kilobytes.
Text uses the first TrueType font found, else Pillow's own; a missing font never fails.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from siccs.dashboard import maps
from siccs.dashboard.charts import (
    GRID,
    INK,
    LEGEND_CHAR,
    PALETTE,
    Bar,
    Series,
    bar_layout,
    column_layout,
    legend_items,
    line_layout,
    number_text,
    row_layout,
)
from siccs.dashboard.presentation import chart_specs

WIDTH = 1200  # pixels: sharp at 16 cm wide in Word, small enough to mail
SUPERSAMPLE = 2
COLOURS = 128  # the palette of each PNG: the chart colours and their smoothed edges
FONTS = (
    # Narrow enough for the SVG's layout, which expects about 6 px a character at 11 px.
    "LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "Arial.ttf",
)
MAP_WIDTH = 520  # the map's layout width, as in the PDF


@dataclass
class Picture:
    """A PNG with the title and description its SVG carries (the DOCX's alternative text)."""

    png: bytes
    title: str
    desc: str


@functools.lru_cache(maxsize=64)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size)
    except (ImportError, OSError, TypeError):  # Pillow built without FreeType
        return ImageFont.load_default()


class Canvas:
    """A white picture addressed in SVG units: `scale` pixels per unit."""

    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.scale = WIDTH / width * SUPERSAMPLE
        self.size = (round(width * self.scale), round(height * self.scale))
        self.image = Image.new("RGB", self.size, "#ffffff")
        self.draw = ImageDraw.Draw(self.image)

    def _xy(self, x: float, y: float) -> tuple[float, float]:
        return x * self.scale, y * self.scale

    def _px(self, units: float) -> int:
        return max(round(units * self.scale), 1)

    def rect(
        self, x: float, y: float, w: float, h: float, fill: str, outline: str | None = None
    ) -> None:
        if w <= 0 or h <= 0:
            return
        x0, y0 = self._xy(x, y)
        x1, y1 = self._xy(x + w, y + h)
        self.draw.rectangle(
            (x0, y0, max(x1 - 1, x0), max(y1 - 1, y0)),
            fill=fill,
            outline=outline,
            width=1 if outline else 0,
        )

    def line(self, points: Sequence[tuple[float, float]], colour: str, width: float) -> None:
        self.draw.line(
            [self._xy(x, y) for x, y in points], fill=colour, width=self._px(width), joint="curve"
        )

    def dashed(self, x0: float, x1: float, y: float, colour: str, dash: float, gap: float) -> None:
        x = x0
        while x < x1:
            self.line([(x, y), (min(x + dash, x1), y)], colour, 1)
            x += dash + gap

    def circle(self, cx: float, cy: float, r: float, fill: str, outline: str = INK) -> None:
        x, y = self._xy(cx, cy)
        radius = r * self.scale
        self.draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=fill,
            outline=outline,
            width=self._px(0.8),
        )

    def polygons(
        self, polygons: list[list[maps.Ring]], fill: str, stroke: str, stroke_width: float
    ) -> None:
        """Each polygon's first ring filled, its other rings (holes: Bamako inside
        Koulikoro) left out through a mask, then every ring outlined."""
        mask = Image.new("L", self.size, 0)
        pen = ImageDraw.Draw(mask)
        for rings in polygons:
            pen.polygon([self._xy(x, y) for x, y in rings[0]], fill=255)
            for hole in rings[1:]:
                pen.polygon([self._xy(x, y) for x, y in hole], fill=0)
        self.image.paste(fill, (0, 0), mask)
        for rings in polygons:
            for ring in rings:
                self.line([*ring, ring[0]], stroke, stroke_width)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        anchor: str = "start",
        room: float | None = None,
        halo: bool = False,
    ) -> None:
        """Text placed as SVG places it (`y` is the baseline), made smaller if it would
        be wider than `room` units or run off the picture; with `halo`, outlined in white
        (a note on a coloured area)."""
        if room is None:
            room = {"start": self.width - x, "end": x, "middle": 2 * min(x, self.width - x)}[anchor]
        px = round(size * self.scale)
        face = font(px)
        while px > 6 and self.draw.textlength(text, font=face) > room * self.scale:
            px -= 1
            face = font(px)
        self.draw.text(
            self._xy(x, y),
            text,
            fill=INK,
            font=face,
            anchor={"start": "ls", "end": "rs", "middle": "ms"}[anchor],
            stroke_width=self._px(1.5) if halo else 0,
            stroke_fill="#ffffff",
        )

    def label(self, x: float, y: float, text: str, size: float) -> None:
        """A map's name, centred on x at baseline y, ringed with white as in the SVG."""
        self.draw.text(
            self._xy(x, y),
            text,
            fill=INK,
            font=font(round(size * self.scale)),
            anchor="ms",
            stroke_width=self._px(1.25),
            stroke_fill="#ffffff",
        )

    def png(self) -> bytes:
        # Each output pixel is the mean of the SUPERSAMPLE² pixels drawn (`reduce`, a box
        # filter): the smoothing supersampling needs, several times faster than a
        # Lanczos resize; zlib's default level rather than `optimize`'s extra passes.
        image = self.image.reduce(SUPERSAMPLE)
        image = image.quantize(COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        out = io.BytesIO()
        image.save(out, "PNG", compress_level=6)
        return out.getvalue()


def _legend(canvas: Canvas, series: Sequence[Series], y: float, x0: float, width: float) -> None:
    """As `charts._legend`: swatches and names where `charts.legend_items` puts them."""
    for x, row_y, s in legend_items(series, y, x0, width):
        canvas.rect(x, row_y, 10, 10, s.colour)
        canvas.text(x + 14, row_y + 9, s.name, 11, room=10 + LEGEND_CHAR * len(s.name))


def bar_chart(bars: Sequence[Bar], *, width: int = 400, **_svg: Any) -> bytes:
    """`charts.bar_chart` as a PNG."""
    layout = bar_layout(bars, width)
    canvas = Canvas(width, layout.height)
    for row in layout.rows:
        canvas.text(layout.label_w - 6, row.y + 17, row.bar.label[:28], 12, "end")
        canvas.rect(layout.label_w, row.y + 4, row.w, layout.row_h - 8, row.bar.colour)
        canvas.text(layout.label_w + row.w + 4, row.y + 17, number_text(row.bar.value), 12)
    return canvas.png()


def stacked_bars(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    width: int = 420,
    height: int = 240,
    every: int = 1,
    **_svg: Any,
) -> bytes:
    """`charts.stacked_bars` as a PNG."""
    layout = column_layout(labels, series, width, height, every)
    canvas = Canvas(width, layout.height)
    for y, value in layout.ticks:
        canvas.line([(layout.left, y), (width - layout.right, y)], GRID, 0.5)
        canvas.text(layout.left - 4, y + 4, number_text(value), 11, "end")
    slot = layout.slot
    for column in layout.columns:
        for seg in column.segments:
            canvas.rect(column.x + slot * 0.12, seg.at, slot * 0.76, seg.size, seg.series.colour)
        if column.labelled:
            y = layout.top + layout.plot_h + 14
            canvas.text(column.x + slot / 2, y, column.label, 11, "middle", room=slot * every)
    _legend(canvas, series, layout.legend_y, layout.left, width - layout.left)
    return canvas.png()


def stacked_rows(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    urls: Sequence[str] = (),
    width: int = 420,
    **_svg: Any,
) -> bytes:
    """`charts.stacked_rows` as a PNG."""
    layout = row_layout(labels, series, urls, width)
    canvas = Canvas(width, layout.height)
    for row in layout.rows:
        canvas.text(layout.label_w - 6, row.y + 14, row.label[:18], 11, "end")
        for seg in row.segments:
            canvas.rect(seg.at, row.y + 3, seg.size, layout.row_h - 6, seg.series.colour)
        canvas.text(row.end + 4, row.y + 14, number_text(row.total), 11)
    _legend(canvas, series, layout.legend_y, 6, width - 12)
    return canvas.png()


def cumulative_line(
    points: Sequence[tuple[dt.date, float]],
    *,
    target: float | None = None,
    width: int = 420,
    height: int = 220,
    **_svg: Any,
) -> bytes:
    """`charts.cumulative_line` as a PNG."""
    layout = line_layout(points, target, width, height)
    canvas = Canvas(width, height)
    if layout.last is None:
        canvas.text(width / 2, height / 2, "–", 12, "middle")
        return canvas.png()
    for y, value in layout.ticks:
        canvas.line([(layout.left, y), (width - layout.right, y)], GRID, 0.5)
        canvas.text(layout.left - 4, y + 4, number_text(value), 11, "end")
    canvas.line(layout.points, PALETTE[0], 2)
    if layout.target_y is not None:
        canvas.dashed(layout.left, width - layout.right, layout.target_y, PALETTE[3], 4, 3)
    for x, year in layout.years:
        canvas.text(x, height - 10, str(year), 11, "middle")
    canvas.circle(*layout.points[-1], 3, PALETTE[0], PALETTE[0])
    return canvas.png()


def map_png(drawing: maps.MapDrawing) -> bytes:
    """`maps.render_map`'s picture: outlines, areas, points at centres, names, legend."""
    canvas = Canvas(drawing.width, drawing.height)
    for polygons in drawing.outlines:
        canvas.polygons(polygons, "#f5f7fa", GRID, 0.8)
    for unit in drawing.areas:
        canvas.polygons(unit.polygons, unit.colour, "#ffffff", 0.8)
    for unit in drawing.points:
        if unit.centre is not None:
            canvas.circle(*unit.centre, 6, unit.colour)
    for label in drawing.labels:
        canvas.label(label.x, label.y, label.text, label.size)
        if label.note:
            canvas.label(label.x, label.note_y, label.note, label.size)
    for unit in drawing.points:
        if unit.note and unit.note_at is not None:
            x, y = unit.note_at
            canvas.text(x, y + 4, unit.note, 11, "middle", halo=True)
    for item in drawing.legend:
        canvas.rect(item.x, item.y, 10, 10, item.colour, INK)
        canvas.text(item.x + 14, item.y + 9, item.label, 11, room=10 + 6.2 * len(item.label))
    for i, line in enumerate(drawing.unplaced_lines):
        canvas.text(6, drawing.unplaced_y + 16 * i, line, 11)
    return canvas.png()


def report_pictures(figures: dict[str, Any]) -> dict[str, Picture]:
    """The PDF's four charts and its map, by the names `presentation.build_charts` uses."""
    specs = chart_specs(figures)
    draw = {
        "states": bar_chart,
        "regions": stacked_rows,
        "installations": cumulative_line,
        "sessions": stacked_bars,
    }
    pictures = {
        name: Picture(draw[name](**spec), spec["title"], spec["desc"])
        for name, spec in specs.items()
    }
    data = maps.region_map_data(figures)
    title, desc = data.pop("title"), data.pop("desc")
    drawing = maps.map_drawing(**data, width=MAP_WIDTH)
    pictures["map"] = Picture(map_png(drawing), title, desc)
    return pictures
