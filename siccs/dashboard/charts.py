"""Charts drawn on the server as SVG: light, printable, readable without JavaScript.

Each chart carries a `<title>` and a `<desc>` (read by screen readers) and the pages put
a table with the same numbers beside it. Colours are SVG presentation attributes (the
CSP forbids inline `style`), so the same markup works in the browser, in print and in
the PDF made by WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from siccs.committees.selectors import CommitteeState

STATE_COLOURS = {
    CommitteeState.PLANNED: "#9aa5b1",
    CommitteeState.SETTING_UP: "#f0b429",
    CommitteeState.STALLED: "#d64545",
    CommitteeState.INSTALLED: "#3f88c5",
    CommitteeState.FUNCTIONAL: "#2f9e44",
}
NO_COMMITTEE = "#eef0f3"
PALETTE = ["#3f88c5", "#f0b429", "#2f9e44", "#d64545", "#7b61ff", "#9aa5b1"]
INK = "#1f2933"
GRID = "#cbd2d9"
FONT = 'font-family="sans-serif"'

_ids = itertools.count(1)


def escape(text: object) -> str:
    """What django.utils.html.escape writes, without its lazy-string check and SafeString
    on each call: a page escapes hundreds of labels, and each SVG is marked safe whole."""
    return html.escape(str(text))


@dataclass
class Bar:
    label: str
    value: float
    url: str = ""
    colour: str = PALETTE[0]


@dataclass
class Series:
    name: str
    values: Sequence[float]
    colour: str


def number_text(value: float) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.replace(",", "\u202f").replace(".", ",")


def _open(width: int, height: int, title: str, desc: str, css: str) -> tuple[str, str]:
    uid = f"chart{next(_ids)}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{uid}-t {uid}-d">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
    )
    return head, "</svg>"


def _link(url: str, inner: str, label: str) -> str:
    if not url:
        return inner
    return f'<a href="{escape(url)}" aria-label="{escape(label)}">{inner}</a>'


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return step * (int(value // step) + (value % step > 0))
    return value


# --- Layouts: where each element of a chart goes, in SVG units --------------------------
# The SVG below and the PNG of the report's DOCX (siccs.dashboard.raster) both draw from
# these, so that the two pictures of a chart cannot differ.


@dataclass
class BarRow:
    bar: Bar
    y: float
    w: float


@dataclass
class BarLayout:
    height: int
    label_w: int
    row_h: int
    rows: list[BarRow]


def bar_layout(bars: Sequence[Bar], width: int) -> BarLayout:
    label_w, row_h, pad = 170, 26, 8
    top = max([b.value for b in bars] + [0])
    scale = (width - label_w - 60) / (top or 1)
    rows = [BarRow(bar, pad + i * row_h, max(bar.value * scale, 0)) for i, bar in enumerate(bars)]
    return BarLayout(pad * 2 + row_h * max(len(bars), 1), label_w, row_h, rows)


@dataclass
class Segment:
    series: Series
    value: float
    at: float  # x of a row's segment, y of a column's top
    size: float  # its width in a row, its height in a column


@dataclass
class Column:
    label: str
    x: float
    segments: list[Segment]
    labelled: bool


@dataclass
class ColumnLayout:
    height: int
    left: int
    right: int
    top: int
    plot_h: float
    slot: float
    ticks: list[tuple[float, float]]  # (y, value) of each grid line
    columns: list[Column]
    legend_y: float


def column_layout(
    labels: Sequence[str], series: Sequence[Series], width: int, height: int, every: int
) -> ColumnLayout:
    legend_lines = len(_legend_rows(series, width - 36))
    height += 16 * max(legend_lines - 1, 0)
    left, right, top, bottom = 36, 8, 10, 42 + 16 * legend_lines
    n = max(len(labels), 1)
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    peak = _nice_max(max([*totals, 0]))
    plot_h = height - top - bottom
    slot = (width - left - right) / n
    ticks = [(top + plot_h - plot_h * k / 4, peak * k / 4) for k in range(5)]
    columns = []
    for i, label in enumerate(labels):
        base = top + plot_h
        segments = []
        for s in series:
            value = s.values[i]
            if not value:
                continue
            h = plot_h * value / peak
            base -= h
            segments.append(Segment(s, value, base, h))
        columns.append(Column(label, left + i * slot, segments, i % every == 0))
    return ColumnLayout(height, left, right, top, plot_h, slot, ticks, columns, top + plot_h + 26)


@dataclass
class Row:
    label: str
    y: float
    segments: list[Segment]
    end: float
    total: float
    url: str


@dataclass
class RowLayout:
    height: int
    label_w: int
    row_h: int
    rows: list[Row]
    legend_y: float


def row_layout(
    labels: Sequence[str], series: Sequence[Series], urls: Sequence[str], width: int
) -> RowLayout:
    label_w, row_h, top = 110, 20, 6
    legend_rows = _legend_rows(series, width - 12)
    height = top + row_h * max(len(labels), 1) + 10 + 16 * len(legend_rows)
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    peak = max([*totals, 0]) or 1
    scale = (width - label_w - 34) / peak
    rows = []
    for i, label in enumerate(labels):
        x = float(label_w)
        segments = []
        for s in series:
            value = s.values[i]
            if not value:
                continue
            w = value * scale
            segments.append(Segment(s, value, x, w))
            x += w
        url = urls[i] if i < len(urls) else ""
        rows.append(Row(label, top + i * row_h, segments, x, totals[i], url))
    return RowLayout(height, label_w, row_h, rows, top + row_h * max(len(labels), 1) + 8)


@dataclass
class LineLayout:
    left: int
    right: int
    ticks: list[tuple[float, float]]  # (y, value) of each grid line
    points: list[tuple[float, float]]
    target_y: float | None
    years: list[tuple[float, int]]  # (x, year) of each year written under the line
    last: tuple[dt.date, float] | None


TARGET_SCALE = 2  # a target at most twice the data's top is drawn on the same scale


def target_in_scale(values: Sequence[float], target: float | None) -> bool:
    """Whether a target line fits the data's scale (23 committees against a target of 800
    would otherwise lie flat along the axis)."""
    return bool(target) and bool(values) and target <= TARGET_SCALE * max(max(values), 1)


def line_layout(
    points: Sequence[tuple[dt.date, float]], target: float | None, width: int, height: int
) -> LineLayout:
    left, right, top, bottom = 40, 12, 12, 28
    if not points:
        return LineLayout(left, right, [], [], None, [], None)
    values = [v for _, v in points]
    # The scale follows the data: the target widens it only when drawing it leaves the
    # line readable (`target_in_scale`); otherwise the caption gives it.
    shown = target if target_in_scale(values, target) else None
    peak = _nice_max(max([*values, shown or 0]))
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * value / peak

    ticks = [(y_of(peak * k / 4), peak * k / 4) for k in range(5)]
    years: list[tuple[float, int]] = []
    seen: set[int] = set()
    last_x = -100.0
    for i, (day, _value) in enumerate(points):
        x = left + i * step
        # A year at each January (and at the start), never two labels on top of each other.
        if (day.month == 1 or i == 0) and day.year not in seen and x - last_x >= 34:
            seen.add(day.year)
            last_x = x
            years.append((x, day.year))
    return LineLayout(
        left,
        right,
        ticks,
        [(left + i * step, y_of(v)) for i, v in enumerate(values)],
        y_of(shown) if shown else None,
        years,
        points[-1],
    )


# --- SVG ------------------------------------------------------------------------------


def bar_chart(bars: Sequence[Bar], *, title: str, desc: str, width: int = 400) -> SafeString:
    """Horizontal bars, one per label (long French names stay readable on a phone)."""
    layout = bar_layout(bars, width)
    label_w, row_h = layout.label_w, layout.row_h
    head, tail = _open(width, layout.height, title, desc, "bar-chart")
    parts = [head]
    for row in layout.rows:
        bar, y, w = row.bar, row.y, row.w
        label = f"{bar.label}: {number_text(bar.value)}"
        inner = (
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end" font-size="12" '
            f'{FONT} fill="{INK}">{escape(bar.label[:28])}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
            f'fill="{bar.colour}"><title>{escape(label)}</title></rect>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 17}" font-size="12" {FONT} '
            f'fill="{INK}">{number_text(bar.value)}</text>'
        )
        parts.append(_link(bar.url, inner, label))
    parts.append(tail)
    return mark_safe("".join(parts))


def stacked_bars(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    desc: str,
    width: int = 420,
    height: int = 240,
    every: int = 1,
) -> SafeString:
    """Vertical stacked columns (e.g. sessions per month by kind), with a legend below
    (wrapped onto as many lines as it needs)."""
    layout = column_layout(labels, series, width, height, every)
    left, right = layout.left, layout.right
    head, tail = _open(width, layout.height, title, desc, "stacked-bars")
    parts = [head]
    for y, value in layout.ticks:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" '
            f'stroke-width="0.5"/><text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="11" {FONT} fill="{INK}">{number_text(value)}</text>'
        )
    slot = layout.slot
    for column in layout.columns:
        x, label = column.x, column.label
        for seg in column.segments:
            parts.append(
                f'<rect x="{x + slot * 0.12:.1f}" y="{seg.at:.1f}" width="{slot * 0.76:.1f}" '
                f'height="{seg.size:.1f}" fill="{seg.series.colour}"><title>{escape(label)} · '
                f"{escape(seg.series.name)}: {number_text(seg.value)}</title></rect>"
            )
        if column.labelled:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{layout.top + layout.plot_h + 14}" '
                f'text-anchor="middle" font-size="11" {FONT} fill="{INK}">{escape(label)}</text>'
            )
    parts.append(_legend(series, layout.legend_y, left, width - left))
    parts.append(tail)
    return mark_safe("".join(parts))


LEGEND_CHAR = 6.2  # average width of a legend character at font-size 11, in pixels


def _legend_rows(series: Sequence[Series], width: float) -> list[list[Series]]:
    """The legend's entries laid out in rows no wider than `width`."""
    rows: list[list[Series]] = [[]]
    used = 0.0
    for s in series:
        need = 24 + LEGEND_CHAR * len(s.name)
        if rows[-1] and used + need > width:
            rows.append([])
            used = 0.0
        rows[-1].append(s)
        used += need
    return rows


def legend_items(
    series: Sequence[Series], y: float, x0: float, width: float = 10_000
) -> list[tuple[float, float, Series]]:
    """(x, y, series) of each legend entry, in the rows `_legend_rows` makes."""
    items = []
    for row in _legend_rows(series, width):
        x = x0
        for s in row:
            items.append((x, y, s))
            x += 24 + LEGEND_CHAR * len(s.name)
        y += 16
    return items


def _legend(series: Sequence[Series], y: float, x0: float, width: float = 10_000) -> str:
    # A group of its own: the phone test measures the legend's rendered text size.
    entries = "".join(
        f'<rect x="{x:.1f}" y="{y:.1f}" width="10" height="10" fill="{s.colour}"/>'
        f'<text x="{x + 14:.1f}" y="{y + 9:.1f}" font-size="11" {FONT} fill="{INK}">'
        f"{escape(s.name)}</text>"
        for x, y, s in legend_items(series, y, x0, width)
    )
    return f'<g class="legend">{entries}</g>'


def stacked_rows(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    desc: str,
    urls: Sequence[str] = (),
    width: int = 420,
) -> SafeString:
    """Horizontal stacked bars, one row per label (e.g. committees by region and state):
    as many rows as regions, names written in full, readable on a phone."""
    layout = row_layout(labels, series, urls, width)
    label_w, row_h = layout.label_w, layout.row_h
    head, tail = _open(width, layout.height, title, desc, "stacked-rows")
    parts = [head]
    for row in layout.rows:
        y, label = row.y, row.label
        inner = [
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="11" {FONT} '
            f'fill="{INK}">{escape(label[:18])}</text>'
        ]
        for seg in row.segments:
            inner.append(
                f'<rect x="{seg.at:.1f}" y="{y + 3}" width="{seg.size:.1f}" height="{row_h - 6}" '
                f'fill="{seg.series.colour}"><title>{escape(label)} · {escape(seg.series.name)}: '
                f"{number_text(seg.value)}</title></rect>"
            )
        inner.append(
            f'<text x="{row.end + 4:.1f}" y="{y + 14}" font-size="11" {FONT} fill="{INK}">'
            f"{number_text(row.total)}</text>"
        )
        parts.append(_link(row.url, "".join(inner), f"{label}: {number_text(row.total)}"))
    parts.append(_legend(series, layout.legend_y, 6, width - 12))
    parts.append(tail)
    return mark_safe("".join(parts))


def cumulative_line(
    points: Sequence[tuple[dt.date, float]],
    *,
    title: str,
    desc: str,
    target: float | None = None,
    width: int = 420,
    height: int = 220,
) -> SafeString:
    """A step-free cumulative line over months, with the target drawn when given."""
    layout = line_layout(points, target, width, height)
    left, right = layout.left, layout.right
    head, tail = _open(width, height, title, desc, "cumulative-line")
    parts = [head]
    if layout.last is None:
        parts.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" font-size="12" '
            f'{FONT} fill="{INK}">–</text>{tail}'
        )
        return mark_safe("".join(parts))
    for y, value in layout.ticks:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="0.5"/><text x="{left - 4}" y="{y + 4:.1f}" '
            f'text-anchor="end" font-size="11" {FONT} fill="{INK}">{number_text(value)}</text>'
        )
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in layout.points)
    parts.append(
        f'<polyline points="{coords}" fill="none" stroke="{PALETTE[0]}" stroke-width="2"/>'
    )
    if layout.target_y is not None:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{layout.target_y:.1f}" '
            f'y2="{layout.target_y:.1f}" stroke="{PALETTE[3]}" stroke-dasharray="4 3"/>'
        )
    for x, year in layout.years:
        parts.append(
            f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" '
            f'font-size="11" {FONT} fill="{INK}">{year}</text>'
        )
    last_day, last = layout.last
    x, y = layout.points[-1]
    parts.append(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" '
        f'fill="{PALETTE[0]}"><title>{last_day:%m/%Y}: {number_text(last)}</title></circle>'
    )
    parts.append(tail)
    return mark_safe("".join(parts))
