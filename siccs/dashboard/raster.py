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
    PALETTE,
    Bar,
    Series,
    _legend_rows,
    _nice_max,
    _number,
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
    ) -> None:
        """Text placed as SVG places it (`y` is the baseline), made smaller if it would
        be wider than `room` units or run off the picture."""
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
        )

    def png(self) -> bytes:
        image = self.image.resize(
            (self.size[0] // SUPERSAMPLE, self.size[1] // SUPERSAMPLE), Image.Resampling.LANCZOS
        )
        image = image.quantize(COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        return out.getvalue()


def _legend(canvas: Canvas, series: Sequence[Series], y: float, x0: float, width: float) -> None:
    """As `charts._legend`: swatches and names in the rows `charts._legend_rows` makes."""
    for row in _legend_rows(series, width):
        x = x0
        for s in row:
            canvas.rect(x, y, 10, 10, s.colour)
            canvas.text(x + 14, y + 9, s.name, 11, room=10 + 6.2 * len(s.name))
            x += 24 + 6.2 * len(s.name)
        y += 16


def bar_chart(bars: Sequence[Bar], *, width: int = 400, **_svg: Any) -> bytes:
    """`charts.bar_chart` as a PNG."""
    label_w, row_h, pad = 170, 26, 8
    height = pad * 2 + row_h * max(len(bars), 1)
    canvas = Canvas(width, height)
    top = max([b.value for b in bars] + [0])
    scale = (width - label_w - 60) / (top or 1)
    for i, bar in enumerate(bars):
        y = pad + i * row_h
        w = max(bar.value * scale, 0)
        canvas.text(label_w - 6, y + 17, bar.label[:28], 12, "end")
        canvas.rect(label_w, y + 4, w, row_h - 8, bar.colour)
        canvas.text(label_w + w + 4, y + 17, _number(bar.value), 12)
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
    legend_lines = len(_legend_rows(series, width - 36))
    height += 16 * max(legend_lines - 1, 0)
    left, right, top, bottom = 36, 8, 10, 42 + 16 * legend_lines
    n = max(len(labels), 1)
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    peak = _nice_max(max([*totals, 0]))
    plot_h = height - top - bottom
    slot = (width - left - right) / n
    canvas = Canvas(width, height)
    for k in range(5):
        y = top + plot_h - plot_h * k / 4
        canvas.line([(left, y), (width - right, y)], GRID, 0.5)
        canvas.text(left - 4, y + 4, _number(peak * k / 4), 11, "end")
    for i, label in enumerate(labels):
        x = left + i * slot
        base = top + plot_h
        for s in series:
            value = s.values[i]
            if not value:
                continue
            h = plot_h * value / peak
            base -= h
            canvas.rect(x + slot * 0.12, base, slot * 0.76, h, s.colour)
        if i % every == 0:
            canvas.text(x + slot / 2, top + plot_h + 14, label, 11, "middle", room=slot * every)
    _legend(canvas, series, top + plot_h + 26, left, width - left)
    return canvas.png()


def stacked_rows(
    labels: Sequence[str], series: Sequence[Series], *, width: int = 420, **_svg: Any
) -> bytes:
    """`charts.stacked_rows` as a PNG."""
    label_w, row_h, top = 110, 20, 6
    legend_rows = _legend_rows(series, width - 12)
    height = top + row_h * max(len(labels), 1) + 10 + 16 * len(legend_rows)
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    peak = max([*totals, 0]) or 1
    scale = (width - label_w - 34) / peak
    canvas = Canvas(width, height)
    for i, label in enumerate(labels):
        y = top + i * row_h
        x = float(label_w)
        canvas.text(label_w - 6, y + 14, label[:18], 11, "end")
        for s in series:
            value = s.values[i]
            if not value:
                continue
            canvas.rect(x, y + 3, value * scale, row_h - 6, s.colour)
            x += value * scale
        canvas.text(x + 4, y + 14, _number(totals[i]), 11)
    _legend(canvas, series, top + row_h * max(len(labels), 1) + 8, 6, width - 12)
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
    left, right, top, bottom = 40, 12, 12, 28
    canvas = Canvas(width, height)
    if not points:
        canvas.text(width / 2, height / 2, "–", 12, "middle")
        return canvas.png()
    values = [v for _, v in points]
    peak = _nice_max(max([*values, target or 0]))
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * value / peak

    for k in range(5):
        value = peak * k / 4
        canvas.line([(left, y_of(value)), (width - right, y_of(value))], GRID, 0.5)
        canvas.text(left - 4, y_of(value) + 4, _number(value), 11, "end")
    canvas.line([(left + i * step, y_of(v)) for i, v in enumerate(values)], PALETTE[0], 2)
    if target:
        canvas.dashed(left, width - right, y_of(target), PALETTE[3], 4, 3)
    years_seen: set[int] = set()
    last_x = -100.0
    for i, (day, _value) in enumerate(points):
        x = left + i * step
        if (day.month == 1 or i == 0) and day.year not in years_seen and x - last_x >= 34:
            years_seen.add(day.year)
            last_x = x
            canvas.text(x, height - 10, str(day.year), 11, "middle")
    canvas.circle(left + (len(points) - 1) * step, y_of(values[-1]), 3, PALETTE[0], PALETTE[0])
    return canvas.png()


def map_png(drawing: maps.MapDrawing) -> bytes:
    """`maps.render_map`'s picture: outlines, areas, points at centres, legend."""
    canvas = Canvas(drawing.width, drawing.height)
    for polygons in drawing.outlines:
        canvas.polygons(polygons, "#f5f7fa", GRID, 0.8)
    for unit in drawing.areas:
        canvas.polygons(unit.polygons, unit.colour, "#ffffff", 0.8)
    for unit in drawing.points:
        if unit.centre is not None:
            canvas.circle(*unit.centre, 6, unit.colour)
    for item in drawing.legend:
        canvas.rect(item.x, item.y, 10, 10, item.colour, INK)
        canvas.text(item.x + 14, item.y + 9, item.label, 11, room=10 + 6.2 * len(item.label))
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
    drawing = maps.map_drawing(data["units"], data["counts"], data["url_for"], width=MAP_WIDTH)
    pictures["map"] = Picture(map_png(drawing), data["title"], data["desc"])
    return pictures
